//! The code generation pipeline, for one provider:
//!
//! 1. read the pinned upstream file and refuse it unless its sha256 is the recorded one;
//! 2. convert it to OpenAPI 3.0 if needed (Swagger 2.0, OpenAPI 3.1);
//! 3. apply the corrections of `specs/<provider>/codegen.toml` in order (each must apply);
//! 4. generate with progenitor (builder interface, merged tags, hooks expected when the crate
//!    carries an inner type);
//! 5. rewrite the output for tolerant decoding (`postprocess.rs`);
//! 6. format with prettyplease (deterministic on stable Rust) behind a "generated" header;
//! 7. write it, or with `--check` compare it with the committed file;
//! 8. with `[mock]` in the recipe, the same for the typed httpmock helpers (`httpmock.rs`).

use std::path::Path;

use anyhow::{bail, Context};
use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::config::{self, Recipe};
use crate::{convert, patch, postprocess, transforms};

/// Runs codegen for `providers` (all when empty); returns whether everything was up to date (or
/// was written).
pub fn run(
    root: &Path,
    specs_dir: &Path,
    providers: &[String],
    check: bool,
) -> anyhow::Result<bool> {
    let all = config::providers(root)?;
    let selected: Vec<String> = if providers.is_empty() {
        all.clone()
    } else {
        for p in providers {
            if !all.contains(p) {
                bail!("unknown provider {p:?}; known: {}", all.join(", "));
            }
        }
        providers.to_vec()
    };
    let mut up_to_date = true;
    for provider in &selected {
        let recipe = config::load(root, provider)?;
        let code = generate(root, specs_dir, provider, &recipe)
            .with_context(|| format!("generating {provider}"))?;
        up_to_date &= write_or_check(root, provider, &recipe.output.file, &code, check)?;
        let contract = crate::contract::generate(root, specs_dir, provider, &code)
            .with_context(|| format!("generating the contract tests of {provider}"))?;
        up_to_date &= crate::contract::write_or_check(root, provider, &contract, check)?;
        if let Some(mock) = &recipe.mock {
            up_to_date &= crate::httpmock::run(root, specs_dir, provider, &recipe, mock, check)
                .with_context(|| format!("generating {provider}'s typed mocks"))?;
        }
    }
    Ok(up_to_date)
}

/// The patched OpenAPI 3.0 document of a provider, as JSON.
pub fn patched_document(
    root: &Path,
    specs_dir: &Path,
    provider: &str,
    recipe: &Recipe,
) -> anyhow::Result<Value> {
    let upstream_path = specs_dir.join(&recipe.upstream.file);
    let bytes = std::fs::read(&upstream_path).with_context(|| {
        format!(
            "cannot read the pinned upstream description {} (set --specs-dir or BANKAPI_SPECS_DIR)",
            upstream_path.display()
        )
    })?;
    let digest = hex(&Sha256::digest(&bytes));
    if digest != recipe.upstream.sha256.to_ascii_lowercase() {
        bail!(
            "refusing {}: its sha256 is {digest}, but specs/{provider}/codegen.toml pins {} ({}). \
             If the upstream file really changed, review the difference and update the pin.",
            recipe.upstream.file,
            recipe.upstream.sha256,
            recipe.upstream.source
        );
    }
    let text = String::from_utf8(bytes).context("upstream description is not UTF-8")?;
    let document: Value = if recipe.upstream.file.ends_with(".json") {
        serde_json::from_str(&text).context("parsing upstream JSON")?
    } else {
        serde_yaml::from_str(&text).context("parsing upstream YAML")?
    };
    let mut document = convert::to_openapi30(&recipe.upstream.format, document)?;
    let dir = config::provider_dir(root, provider);
    for step in &recipe.steps {
        let changed = match (&step.transform, &step.patch) {
            (Some(name), _) => transforms::apply(name, &step.args, &mut document),
            (None, Some(file)) => patch::apply_file(&mut document, &dir.join(file)),
            (None, None) => unreachable!("checked when loading"),
        }
        .with_context(|| format!("specs/{provider}: {}", step.label()))?;
        if std::env::var_os("XTASK_VERBOSE").is_some() {
            eprintln!("{provider}: {} changed {changed} place(s)", step.label());
        }
    }
    Ok(document)
}

/// Generates the formatted client source of a provider.
pub fn generate(
    root: &Path,
    specs_dir: &Path,
    provider: &str,
    recipe: &Recipe,
) -> anyhow::Result<String> {
    let document = patched_document(root, specs_dir, provider, recipe)?;
    let spec: openapiv3::OpenAPI = serde_json::from_value(document)
        .context("the patched document is not valid OpenAPI 3.0")?;

    let settings = settings(recipe)?;
    let mut generator = Generator::new(&settings);
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| anyhow::anyhow!("progenitor: {e}"))?;
    let mut file: syn::File = syn::parse2(tokens).context("progenitor produced unparsable code")?;
    postprocess::apply(&mut file, &recipe.postprocess);
    let body = prettyplease::unparse(&file);

    let header = format!(
        "// @generated by `cargo xtask codegen {provider}`. DO NOT EDIT.\n\
         //\n\
         // Source: {source}\n\
         // API version {version}, sha256 {sha}, corrected by specs/{provider}/codegen.toml.\n\
         // To change this file, change specs/{provider}/ or xtask/ and run the command again.\n\
         #![allow(clippy::all, clippy::pedantic, unused_imports, unused_qualifications, missing_debug_implementations, rustdoc::all)]\n\n",
        source = recipe.upstream.source,
        version = recipe.upstream.api_version,
        sha = recipe.upstream.sha256,
    );
    Ok(header + &body)
}

/// progenitor's settings for a recipe.
pub fn settings(recipe: &Recipe) -> anyhow::Result<GenerationSettings> {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged);
    if let Some(inner) = &recipe.generation.inner_type {
        let inner: proc_macro2::TokenStream = inner
            .parse()
            .map_err(|e| anyhow::anyhow!("inner_type {inner:?}: {e}"))?;
        settings
            .with_inner_type(inner)
            .with_hooks(HooksMode::Expected);
    }
    for derive in &recipe.generation.derives {
        settings.with_derive(derive);
    }
    if recipe.generation.decimals {
        for schema in decimal_schemas() {
            settings.with_conversion(schema, "::rust_decimal::Decimal", std::iter::empty());
        }
    }
    Ok(settings)
}

/// The schemas that `generation.decimals` maps to `rust_decimal::Decimal`.
fn decimal_schemas() -> Vec<schemars::schema::SchemaObject> {
    use schemars::schema::{InstanceType, SchemaObject};
    [InstanceType::Number, InstanceType::String]
        .into_iter()
        .map(|instance_type| SchemaObject {
            instance_type: Some(instance_type.into()),
            format: Some("decimal".to_owned()),
            ..Default::default()
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `text` to `path` (relative to `root`), or with `check` compares it with the committed
/// file and prints how they differ; returns whether the committed file was up to date (always
/// `true` when writing).
pub(crate) fn write_or_check(
    root: &Path,
    provider: &str,
    path: &str,
    text: &str,
    check: bool,
) -> anyhow::Result<bool> {
    let output = root.join(path);
    let committed = std::fs::read_to_string(&output).unwrap_or_default();
    let lines = text.lines().count();
    if committed == text {
        if check {
            println!("{provider}: {path} is up to date");
        } else {
            println!("{provider}: {path} unchanged ({lines} lines)");
        }
        return Ok(true);
    }
    if check {
        println!("{provider}: {path} is stale; run `cargo xtask codegen {provider}`");
        print_diff_summary(&committed, text);
        return Ok(false);
    }
    if let Some(dir) = output.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&output, text).with_context(|| format!("writing {}", output.display()))?;
    println!("{provider}: wrote {path} ({lines} lines)");
    Ok(true)
}

/// Prints how the committed file differs from the generated one: counts, then the first hunks.
pub(crate) fn print_diff_summary(committed: &str, generated: &str) {
    let diff = similar::TextDiff::from_lines(committed, generated);
    let (mut added, mut removed) = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Insert => added += 1,
            similar::ChangeTag::Delete => removed += 1,
            similar::ChangeTag::Equal => {}
        }
    }
    println!("  {removed} line(s) in the committed file would be removed, {added} added");
    let unified = diff
        .unified_diff()
        .context_radius(2)
        .header("committed", "generated")
        .to_string();
    const SHOWN: usize = 60;
    for line in unified.lines().take(SHOWN) {
        println!("  {line}");
    }
    let total = unified.lines().count();
    if total > SHOWN {
        println!("  … {} more diff line(s)", total - SHOWN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// Generates Prometeo (the smallest provider) into a scratch root holding only `specs/`,
    /// then checks it: what was generated matches the committed file byte for byte, the check
    /// passes, and deleting one line of the generated file makes it fail.
    #[test]
    fn check_fails_when_a_generated_line_is_deleted() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let specs_dir = workspace.join("../shared/specs");
        let root = std::env::temp_dir().join(format!("xtask-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&workspace.join("specs"), &root.join("specs"));
        let prometeo = ["prometeo".to_owned()];

        assert!(run(&root, &specs_dir, &prometeo, false).unwrap());
        let generated_file = "crates/prometeo/src/generated.rs";
        let generated = std::fs::read_to_string(root.join(generated_file)).unwrap();
        let committed = std::fs::read_to_string(workspace.join(generated_file)).unwrap();
        assert!(
            generated == committed,
            "generating again changed {generated_file}"
        );
        assert!(run(&root, &specs_dir, &prometeo, true).unwrap());

        let mut lines: Vec<&str> = generated.lines().collect();
        lines.remove(lines.len() / 2);
        std::fs::write(root.join(generated_file), lines.join("\n") + "\n").unwrap();
        assert!(!run(&root, &specs_dir, &prometeo, true).unwrap());

        std::fs::remove_dir_all(&root).unwrap();
    }
}
