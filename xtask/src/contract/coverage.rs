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
/// returns whether every test passed.
pub fn run(root: &Path, providers: &[String]) -> anyhow::Result<bool> {
    let mut selected = Vec::new();
    for provider in crate::config::providers(root)? {
        if super::config::load(root, &provider)?.is_some()
            && (providers.is_empty() || providers.contains(&provider))
        {
            selected.push(provider);
        }
    }
    for p in providers {
        if !selected.contains(p) {
            bail!("no contract tests for provider {p:?}");
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["test", "--quiet", "-p", "contract-tests"]);
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
    if !passed {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        for line in stdout.lines().filter(|l| !l.contains(PREFIX)) {
            eprintln!("{line}");
        }
        eprintln!("the contract tests failed (see above)");
    }
    Ok(passed)
}

fn table(providers: &[String], reports: &BTreeMap<String, BTreeMap<String, Value>>) -> String {
    let mut out = String::new();
    out.push_str(
        "provider   operations  exercised  exceptions  schemas decoded  cases passed  tolerance (enums / objects / timestamps)\n",
    );
    let mut exceptions = Vec::new();
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
            "{provider:<10} {:>10}  {:>9}  {:>10}  {:>15}  {:>12}  {} / {} / {}\n",
            n(ops, "/operations"),
            n(ops, "/exercised"),
            n(ops, "/exceptions"),
            n(ops, "/schemas_decoded"),
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
    }
    out.push_str(
        "(tolerance: bodies passed/run, with the number of values mutated in the passing ones)\n",
    );
    if !exceptions.is_empty() {
        out.push_str("exceptions:\n");
        for e in exceptions {
            out.push_str(&e);
            out.push('\n');
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
