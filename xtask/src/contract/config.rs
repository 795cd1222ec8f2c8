//! `specs/<provider>/contract.toml`: how the contract tests of a provider are generated (where
//! the generated client lives, values the spec cannot give, operations that cannot be exercised).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

/// One provider's contract test recipe.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractRecipe {
    /// Where the generated client is, as the tests name it.
    pub client: ClientPaths,
    /// How values are synthesised.
    #[serde(default)]
    pub synthesis: Synthesis,
    /// Operations written by hand (`x-bankapi-hand-written`), exercised by the provider's
    /// adapter (`tests/<provider>/contract_adapter.rs`).
    pub hand_written: Option<HandWritten>,
    /// Operations that are not exercised, each with its reason.
    #[serde(default)]
    pub exceptions: Vec<Exception>,
    /// Examples of the document that are not served, each with its reason (an example that
    /// contradicts what the provider sends).
    #[serde(default)]
    pub example_exceptions: Vec<ExampleException>,
}

/// An example of the document the generated tests do not serve.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleException {
    /// The body id: `<response or operation status> example <name>`.
    pub example: String,
    /// Why it is not served.
    pub reason: String,
}

/// How the hand-written operations are exercised.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandWritten {
    /// Their cases come from the document made without this transform (the one that set them
    /// aside).
    pub without: String,
    /// Parameters and body fields the hand-written calls do not send, with why.
    #[serde(default)]
    pub omitted: BTreeMap<String, String>,
    /// Optional body fields the hand-written calls always send, with why.
    #[serde(default)]
    pub required: BTreeMap<String, String>,
}

/// Rust paths of the generated code, from the contract tests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientPaths {
    /// The module holding the generated `types` (`finapi`, `prometeo::raw`).
    pub module: String,
    /// The generated client type (`finapi::Client`).
    pub client: String,
}

/// How values are synthesised from schemas.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synthesis {
    /// `date-time` values are sent naive (`YYYY-MM-DD HH:MM:SS`, as Budgea does) instead of
    /// RFC 3339; the timestamp tolerance cases then use RFC 3339.
    #[serde(default)]
    pub naive_datetimes: bool,
    /// The status served for a `5XX` answer (default 500).
    pub server_error_status: Option<u16>,
    /// Answers without an example of their own are also served the example of their schema
    /// (`components/schemas/<name>/example`), when it has one.
    #[serde(default)]
    pub schema_examples: bool,
    /// Values of parameters, by name or `location:name` (path, query and header parameters
    /// whose format is only in the description: finAPI's dates, Budgea's `me`).
    #[serde(default)]
    pub parameters: BTreeMap<String, toml::Value>,
    /// Values of component schemas, by name (Prometeo's `Date` is `DD/MM/YYYY`).
    #[serde(default)]
    pub schemas: BTreeMap<String, toml::Value>,
    /// Values of object properties, by name; used only where the property's type is the
    /// value's (an `integer` override leaves `boolean` properties of that name alone).
    #[serde(default)]
    pub properties: BTreeMap<String, toml::Value>,
}

/// An operation the generated tests do not exercise.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// The operation id (snake case, as the client's method).
    pub operation: String,
    /// Why it cannot be exercised.
    pub reason: String,
}

/// Reads `specs/<provider>/contract.toml`, if the provider has one.
pub fn load(root: &Path, provider: &str) -> anyhow::Result<Option<ContractRecipe>> {
    let path = crate::config::provider_dir(root, provider).join("contract.toml");
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let recipe =
        toml::from_str(&text).with_context(|| format!("specs/{provider}/contract.toml"))?;
    Ok(Some(recipe))
}

/// A TOML value as JSON.
pub fn to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => items.iter().map(to_json).collect(),
        toml::Value::Table(table) => table
            .iter()
            .map(|(k, v)| (k.clone(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}
