//! `cargo xtask coverage [PROVIDER...]`: runs the generated contract tests and prints, per
//! provider, what they covered — from the `contract-coverage:` line each test prints. The
//! tests themselves fail when coverage falls below `specs/<provider>/coverage.toml`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};
use serde_json::Value;

const PREFIX: &str = "contract-coverage: ";

/// Runs the tests of `providers` (all with a `contract.toml` when empty) and prints the table;
/// with `--update`, writes the counts into each `specs/<provider>/coverage.toml`. Returns
/// whether every test passed.
pub fn run(root: &Path, args: &[String]) -> anyhow::Result<bool> {
    let update = args.iter().any(|a| a == "--update");
    let providers: Vec<String> = args.iter().filter(|a| *a != "--update").cloned().collect();
    if let Some(flag) = providers.iter().find(|p| p.starts_with('-')) {
        bail!("unknown option {flag}; usage: cargo xtask coverage [--update] [PROVIDER...]");
    }
    let mut selected = Vec::new();
    for provider in crate::config::providers(root)? {
        if super::config::load(root, &provider)?.is_some()
            && (providers.is_empty() || providers.contains(&provider))
        {
            selected.push(provider);
        }
    }
    for p in &providers {
        if !selected.contains(p) {
            bail!("no contract tests for provider {p:?}");
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.current_dir(root).env("RUST_BACKTRACE", "0").args([
        "test",
        "--quiet",
        "-p",
        "contract-tests",
    ]);
    for provider in &selected {
        command.args(["--test", provider]);
    }
    command.args(["--", "generated_contract::", "--nocapture"]);
    let output = command.output().context("running cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut reports: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    for line in stdout.lines() {
        if let Some(json) = line.split_once(PREFIX).map(|(_, j)| j) {
            let report: Value = serde_json::from_str(json).context("a coverage line")?;
            let provider = report["provider"].as_str().unwrap_or_default().to_owned();
            let item = report["item"].as_str().unwrap_or_default().to_owned();
            reports.entry(provider).or_default().insert(item, report);
        }
    }
    print!("{}", table(&selected, &reports));
    let passed = output.status.success();
    if update && !passed {
        eprintln!("not updating the thresholds: the contract tests fail");
    }
    if update && passed {
        for provider in &selected {
            if let Some(items) = reports.get(provider) {
                update_thresholds(root, provider, items)?;
            }
        }
    }
    if !passed {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        for line in stdout.lines().filter(|l| !l.contains(PREFIX)) {
            eprintln!("{line}");
        }
        eprintln!("the contract tests failed (see above)");
    }
    Ok(passed)
}

/// Sets each `key = N` line of `specs/<provider>/coverage.toml` to the current count.
fn update_thresholds(
    root: &Path,
    provider: &str,
    items: &BTreeMap<String, Value>,
) -> anyhow::Result<()> {
    let path = crate::config::provider_dir(root, provider).join("coverage.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let count = |key: &str| -> Option<u64> {
        let ops = items.get("operations");
        let tolerance = items.get("tolerance");
        match key {
            "cases" => ops?.get("cases_passed")?.as_u64(),
            "tolerance_enum_values" => tolerance?.pointer("/enums/values")?.as_u64(),
            "tolerance_object_values" => tolerance?.pointer("/objects/values")?.as_u64(),
            "tolerance_datetime_values" => tolerance?.pointer("/datetimes/values")?.as_u64(),
            key => ops?.get(key)?.as_u64(),
        }
    };
    let mut out = String::new();
    for line in text.lines() {
        let key = line.split('=').next().unwrap_or_default().trim();
        match (
            line.trim_start().starts_with('#'),
            line.contains('='),
            count(key),
        ) {
            (false, true, Some(n)) => out.push_str(&format!("{key} = {n}")),
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    if out != text {
        std::fs::write(&path, out).with_context(|| format!("{}", path.display()))?;
        println!("updated specs/{provider}/coverage.toml");
    }
    Ok(())
}

fn table(providers: &[String], reports: &BTreeMap<String, BTreeMap<String, Value>>) -> String {
    let mut out = String::new();
    out.push_str(
        "provider   operations  exercised  exceptions  schemas decoded  answer types  cases passed  tolerance: enums / objects / timestamps\n",
    );
    let mut exceptions = Vec::new();
    let mut examples = Vec::new();
    let mut deviations = Vec::new();
    for provider in providers {
        let empty = BTreeMap::new();
        let items = reports.get(provider).unwrap_or(&empty);
        let ops = items.get("operations");
        let tolerance = items.get("tolerance");
        let n = |v: Option<&Value>, key: &str| -> String {
            v.and_then(|v| v.pointer(key))
                .map(|v| v.to_string())
                .unwrap_or_else(|| "?".to_owned())
        };
        out.push_str(&format!(
            "{provider:<10} {:>10}  {:>9}  {:>10}  {:>15}  {:>12}  {:>12}  {} / {} / {}\n",
            n(ops, "/operations"),
            n(ops, "/exercised"),
            n(ops, "/exceptions"),
            format!(
                "{} of {} ({})",
                n(ops, "/schemas_decoded"),
                n(ops, "/answer_schemas"),
                n(ops, "/schemas")
            ),
            n(ops, "/response_types"),
            format!("{}/{}", n(ops, "/cases_passed"), n(ops, "/cases")),
            tolerance_cell(tolerance, "enums"),
            tolerance_cell(tolerance, "objects"),
            tolerance_cell(tolerance, "datetimes"),
        ));
        if let Some(list) = ops
            .and_then(|o| o.get("exception_list"))
            .and_then(Value::as_array)
        {
            for e in list {
                exceptions.push(format!(
                    "  {provider} {}: {}",
                    e["operation"].as_str().unwrap_or_default(),
                    e["reason"].as_str().unwrap_or_default()
                ));
            }
        }
        if let Some(list) = ops
            .and_then(|o| o.get("example_exceptions"))
            .and_then(Value::as_array)
        {
            for e in list {
                examples.push(format!(
                    "  {provider} {}: {}",
                    e["example"].as_str().unwrap_or_default(),
                    e["reason"].as_str().unwrap_or_default()
                ));
            }
        }
        if let Some(list) = ops
            .and_then(|o| o.get("deviations"))
            .and_then(Value::as_array)
        {
            for d in list {
                deviations.push(format!("  {provider} {}", d.as_str().unwrap_or_default()));
            }
        }
    }
    out.push_str(
        "(schemas decoded: of those an answer can hold (of all); tolerance: bodies passed/run, with the number of values mutated in the passing ones)\n",
    );
    for (title, lines) in [
        ("operations not exercised (exceptions):", exceptions),
        ("examples of the documents not served:", examples),
        (
            "hand-written operations, sent differently from the document:",
            deviations,
        ),
    ] {
        out.push_str(title);
        if lines.is_empty() {
            out.push_str(" none\n");
        } else {
            out.push('\n');
            for line in lines {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

fn tolerance_cell(report: Option<&Value>, kind: &str) -> String {
    match report.and_then(|r| r.get(kind)) {
        Some(t) => format!("{}/{} ({})", t["passed"], t["run"], t["values"]),
        None => "?".to_owned(),
    }
}
