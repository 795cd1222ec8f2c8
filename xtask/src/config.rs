//! `specs/<provider>/codegen.toml`: where the upstream description comes from, how it is
//! corrected, and where the generated code goes.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// One provider's code generation recipe.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    pub upstream: Upstream,
    pub output: Output,
    #[serde(default)]
    pub generation: Generation,
    #[serde(default)]
    pub postprocess: Postprocess,
    /// The corrections, applied in order.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Typed httpmock helpers generated beside the client (`crate::httpmock`).
    pub mock: Option<crate::httpmock::MockRecipe>,
}

/// The pinned upstream file and its provenance.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upstream {
    /// Path relative to the pinned specs directory (`../shared/specs`).
    pub file: String,
    /// Lowercase hex sha256 of the file; any other content is refused.
    pub sha256: String,
    /// Repository, path and commit it was taken from.
    pub source: String,
    /// The API version the file describes.
    pub api_version: String,
    /// `openapi-3.0`, `openapi-3.1` or `swagger-2.0`.
    pub format: String,
}

/// Where the generated code goes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// The generated client, relative to the workspace root.
    pub file: String,
}

/// progenitor settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generation {
    /// A hand-written type carried by the generated `Client` (token cache, transport); requires
    /// the crate to implement `ClientHooks` for `Client`.
    pub inner_type: Option<String>,
    /// Extra derives on every generated type.
    #[serde(default)]
    pub derives: Vec<String>,
    /// Schemas `{type: number|string, format: decimal}` become `rust_decimal::Decimal` (exact
    /// amounts; the crate must depend on `rust_decimal` with its `serde` feature).
    #[serde(default)]
    pub decimals: bool,
}

/// Rewrites of progenitor's output that make decoding tolerant (see `postprocess.rs`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Postprocess {
    /// String enums keep unknown values in an `Other(String)` variant.
    #[serde(default)]
    pub open_enums: bool,
    /// Integer, number and boolean fields also accept strings holding them.
    #[serde(default)]
    pub lenient_scalars: bool,
    /// `chrono::DateTime<Utc>` becomes `bankapi_core::Timestamp` (naive timestamps accepted).
    #[serde(default)]
    pub lenient_timestamps: bool,
    /// Fields whose values never appear in `Debug` output.
    #[serde(default)]
    pub redact_debug: RedactDebug,
    /// `chrono::NaiveDate` fields also accept timestamps (date part), and optional ones `""` and
    /// `0000-00-00` as absent.
    #[serde(default)]
    pub lenient_dates: bool,
    /// Optional fields holding a generated struct are boxed (`Option<Box<T>>`), so that a record
    /// does not carry every expandable sub-object inline (and recursive types stay small).
    #[serde(default)]
    pub box_optional_structs: bool,
}

/// Which fields of generated structs `Debug` prints as `[redacted]` (PINs, passwords, tokens).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactDebug {
    /// Words that make a field secret when its (snake_case) name ends with them: `pin` matches
    /// `banking_pin` and `pin`, not `pins_are_volatile`.
    #[serde(default)]
    pub words: Vec<String>,
    /// Whole field names (snake_case).
    #[serde(default)]
    pub fields: Vec<String>,
    /// `Type.field` pairs, for secrets whose name says nothing (`LoginCredential.value`).
    #[serde(default)]
    pub type_fields: Vec<String>,
}

impl RedactDebug {
    /// Whether nothing is redacted.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.fields.is_empty() && self.type_fields.is_empty()
    }

    /// Whether field `field` of struct `type_name` is secret.
    pub fn is_secret(&self, type_name: &str, field: &str) -> bool {
        let last_word = field.rsplit('_').next().unwrap_or(field);
        self.words.iter().any(|w| w == last_word)
            || self.fields.iter().any(|f| f == field)
            || self
                .type_fields
                .iter()
                .any(|tf| tf.split_once('.') == Some((type_name, field)))
    }
}

/// One correction: a named transform in `transforms.rs`, or a JSON Patch file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The name of a transform in `transforms.rs`.
    pub transform: Option<String>,
    /// A patch file, relative to `specs/<provider>/`.
    pub patch: Option<String>,
    /// The defect it corrects (required for transforms; patch files carry their own).
    pub why: Option<String>,
    /// Arguments of the transform.
    #[serde(default)]
    pub args: toml::Table,
}

impl Step {
    pub fn label(&self) -> String {
        match (&self.transform, &self.patch) {
            (Some(t), _) => format!("transform {t}"),
            (None, Some(p)) => format!("patch {p}"),
            (None, None) => "empty step".to_owned(),
        }
    }
}

/// Every provider with a `specs/<provider>/codegen.toml`, sorted.
pub fn providers(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root.join("specs")).context("reading specs/")? {
        let entry = entry?;
        if entry.path().join("codegen.toml").is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// The directory holding a provider's recipe.
pub fn provider_dir(root: &Path, provider: &str) -> PathBuf {
    root.join("specs").join(provider)
}

/// Reads and checks `specs/<provider>/codegen.toml`.
pub fn load(root: &Path, provider: &str) -> anyhow::Result<Recipe> {
    let path = provider_dir(root, provider).join("codegen.toml");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!("no recipe for provider {provider:?} at specs/{provider}/codegen.toml")
    })?;
    let recipe: Recipe =
        toml::from_str(&text).with_context(|| format!("specs/{provider}/codegen.toml"))?;
    for step in &recipe.steps {
        match (&step.transform, &step.patch) {
            (Some(_), Some(_)) | (None, None) => {
                anyhow::bail!(
                    "specs/{provider}/codegen.toml: each step has either `transform` or `patch`"
                )
            }
            (Some(name), None) if step.why.as_deref().is_none_or(|w| w.trim().is_empty()) => {
                anyhow::bail!("specs/{provider}/codegen.toml: transform {name} must say `why` (the defect it fixes)")
            }
            _ => {}
        }
    }
    Ok(recipe)
}
