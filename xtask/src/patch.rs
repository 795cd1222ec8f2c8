//! Patch files: reviewable corrections of one spot of an upstream description.
//!
//! A patch file (`specs/<provider>/patches/*.yaml`) says why it exists and carries RFC 6902 JSON
//! Patch operations. A `path` may be written as a JSON Pointer (`/paths/~1banks/get`) or, more
//! readably, as a list of keys (`[paths, /banks, get]`). Every operation must apply: a `test`
//! that fails or a path that no longer exists is an error, never a silent skip.
//!
//! ```yaml
//! why: The token endpoint's 401 uses a different error body than every other operation.
//! evidence: finAPI docs, "Error Responses"; fixture finapi/...
//! ops:
//!   - op: test
//!     path: [components, schemas, BadCredentialsError, type]
//!     value: object
//!   - op: replace
//!     path: [paths, /oauth/token, post, responses, "401"]
//!     value: { $ref: "#/components/responses/Error" }
//! ```

use std::path::Path;

use anyhow::{bail, Context};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatchFile {
    why: String,
    #[serde(default)]
    evidence: Option<String>,
    ops: Vec<Value>,
}

/// Turns a list-of-keys path into a JSON Pointer.
fn pointer(path: &Value) -> anyhow::Result<String> {
    match path {
        Value::String(p) => Ok(p.clone()),
        Value::Array(keys) => {
            let mut out = String::new();
            for key in keys {
                let key = match key {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    other => bail!("path segment {other} is neither a string nor a number"),
                };
                out.push('/');
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Ok(out)
        }
        other => bail!("path {other} is neither a JSON Pointer nor a list of keys"),
    }
}

/// Applies one patch file; returns the number of operations applied.
pub fn apply_file(document: &mut Value, file: &Path) -> anyhow::Result<usize> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let patch: PatchFile =
        serde_yaml::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
    if patch.why.trim().is_empty() {
        bail!(
            "{}: `why` must say which defect the patch corrects",
            file.display()
        );
    }
    let _ = patch.evidence;
    if patch.ops.is_empty() {
        bail!("{}: no operations", file.display());
    }
    let mut ops = Vec::with_capacity(patch.ops.len());
    for mut op in patch.ops {
        for key in ["path", "from"] {
            if let Some(path) = op.get(key) {
                let p = pointer(path)?;
                op[key] = Value::String(p);
            }
        }
        ops.push(op);
    }
    apply_ops(document, ops).with_context(|| format!("{} no longer applies", file.display()))
}

/// Applies JSON Patch operations one by one, naming the one that fails.
pub fn apply_ops(document: &mut Value, ops: Vec<Value>) -> anyhow::Result<usize> {
    let count = ops.len();
    for (index, op) in ops.into_iter().enumerate() {
        let shown = op.to_string();
        let operation: json_patch::PatchOperation = serde_json::from_value(op)
            .with_context(|| format!("operation {index} is not a JSON Patch operation: {shown}"))?;
        json_patch::patch(document, &[operation]).map_err(|e| {
            anyhow::anyhow!("operation {index} ({}) failed: {e}", truncate(&shown, 200))
        })?;
    }
    Ok(count)
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_paths_become_pointers() {
        assert_eq!(
            pointer(&json!(["paths", "/banks/{id}", "get"])).unwrap(),
            "/paths/~1banks~1{id}/get"
        );
        assert_eq!(pointer(&json!(["a~b", 3])).unwrap(), "/a~0b/3");
    }

    #[test]
    fn failing_operations_are_errors() {
        let mut doc = json!({"a": {"b": 1}});
        let ops = vec![json!({"op": "test", "path": "/a/b", "value": 2})];
        assert!(apply_ops(&mut doc, ops).is_err());
        let ops = vec![json!({"op": "remove", "path": "/a/c"})];
        assert!(apply_ops(&mut doc, ops).is_err());
        let ops = vec![
            json!({"op": "test", "path": "/a/b", "value": 1}),
            json!({"op": "replace", "path": "/a/b", "value": 3}),
        ];
        assert_eq!(apply_ops(&mut doc, ops).unwrap(), 2);
        assert_eq!(doc, json!({"a": {"b": 3}}));
    }
}
