//! Transforms any provider's recipe may use.

use anyhow::{bail, Context};
use serde_json::{json, Map, Value};

use super::{for_each_operation, walk_objects};

/// Marks Markdown code fences in descriptions as `text`.
///
/// Defect: descriptions carry curl and JSON samples in ``` fences; rustdoc runs unlabelled fences
/// in doc comments as Rust doctests, which then fail to compile.
pub fn escape_code_fences(document: &mut Value) -> usize {
    rewrite_descriptions(document, label_fences)
}

/// Replaces every `description` for which `rewrite` returns a new text; returns how many.
pub fn rewrite_descriptions(document: &mut Value, rewrite: fn(&str) -> Option<String>) -> usize {
    let mut changed = 0;
    walk_objects(document, &mut |map| {
        if let Some(Value::String(text)) = map.get_mut("description") {
            if let Some(fixed) = rewrite(text) {
                *text = fixed;
                changed += 1;
            }
        }
    });
    changed
}

/// Labels every opening fence as `text`, and puts inline fences on lines of their own.
fn label_fences(text: &str) -> Option<String> {
    if !text.contains("```") {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut inside = false;
    let mut rest = text;
    while let Some(at) = rest.find("```") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        if inside {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("```");
            if !after.is_empty() && !after.starts_with('\n') {
                out.push('\n');
            }
            rest = after;
            inside = false;
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("```text");
        let line_end = after.find('\n').unwrap_or(after.len());
        let info = after[..line_end].trim();
        if info.is_empty() || !(info.contains(' ') || info.contains("```")) {
            // A bare fence, or one naming a language: the info string is replaced.
            rest = &after[line_end..];
        } else {
            // Code on the fence's own line: keep it, on a line of its own.
            out.push('\n');
            rest = after.trim_start_matches(' ');
        }
        inside = true;
    }
    out.push_str(rest);
    if inside {
        // An unterminated fence would swallow the rest of the doc comment.
        out.push_str("\n```");
    }
    (out != text).then_some(out)
}

/// Gives every error response (status 4xx, 5xx and `default`) one schema that unites the given
/// error schemas.
///
/// Defect: progenitor accepts one error type per operation, while some specs use different
/// bodies for different error statuses (finAPI: `BadCredentialsError` for 401, `ErrorMessage`
/// otherwise). Args: `schema` (name of the new schema), `members` (schemas to unite),
/// `description`.
pub fn merge_error_responses(document: &mut Value, args: &toml::Table) -> anyhow::Result<usize> {
    let name = args
        .get("schema")
        .and_then(|v| v.as_str())
        .context("merge-error-responses needs `schema`")?
        .to_owned();
    let members: Vec<String> = args
        .get("members")
        .and_then(|v| v.as_array())
        .context("merge-error-responses needs `members`")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let description = args
        .get("description")
        .and_then(|v| v.as_str())
        .unwrap_or("An error response.");

    let schemas = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .context("no components/schemas")?;
    if schemas.contains_key(&name) {
        bail!("schema {name} already exists");
    }
    let mut properties = Map::new();
    for member in &members {
        let schema = schemas
            .get(member)
            .with_context(|| format!("no schema {member}"))?;
        let props = schema
            .get("properties")
            .and_then(Value::as_object)
            .with_context(|| format!("schema {member} has no properties"))?;
        for (key, value) in props {
            properties
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
    }
    // No property is required: each body has only its own member's properties.
    schemas.insert(
        name.clone(),
        json!({ "type": "object", "description": description, "properties": properties }),
    );

    let member_refs: Vec<String> = members
        .iter()
        .map(|m| format!("#/components/schemas/{m}"))
        .collect();
    let new_ref = format!("#/components/schemas/{name}");
    let mut changed = 0;
    for_each_operation(document, &mut |_, _, operation| {
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        for (status, response) in responses.iter_mut() {
            let is_error =
                status == "default" || status.starts_with('4') || status.starts_with('5');
            if !is_error {
                continue;
            }
            let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) else {
                continue;
            };
            for media in content.values_mut() {
                let Some(schema_ref) = media.pointer_mut("/schema/$ref") else {
                    continue;
                };
                if member_refs.iter().any(|r| schema_ref == r) {
                    *schema_ref = Value::String(new_ref.clone());
                    changed += 1;
                }
            }
        }
    });
    Ok(changed)
}

/// Turns array path parameters into strings.
///
/// Defect: progenitor requires path parameters to implement `Display`, which `Vec<i64>` does
/// not. On the wire these are comma-separated (`style: simple`), so a string loses nothing; the
/// crate offers a helper to join ids.
pub fn array_path_params_as_strings(document: &mut Value) -> usize {
    let mut changed = 0;
    for_each_operation(document, &mut |_, _, operation| {
        let Some(parameters) = operation
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
        else {
            return;
        };
        for parameter in parameters {
            let is_array_path = parameter.get("in").and_then(Value::as_str) == Some("path")
                && parameter.pointer("/schema/type").and_then(Value::as_str) == Some("array");
            if !is_array_path {
                continue;
            }
            let mut description = parameter
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            description.push_str("\n\nComma-separated on the wire, e.g. `1,2,3`.");
            parameter["description"] = Value::String(description);
            parameter["schema"] = json!({ "type": "string" });
            changed += 1;
        }
    });
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_are_labelled_text() {
        assert_eq!(
            label_fences("Try:\n```\ncurl x\n```\nor\n```json\n{}\n```").unwrap(),
            "Try:\n```text\ncurl x\n```\nor\n```text\n{}\n```"
        );
        assert_eq!(
            label_fences("a ``` curl https://x ``` b").unwrap(),
            "a \n```text\ncurl https://x \n```\n b"
        );
        assert_eq!(
            label_fences("```\nunterminated").unwrap(),
            "```text\nunterminated\n```"
        );
        assert_eq!(label_fences("no fences"), None);
    }

    #[test]
    fn error_responses_share_one_schema() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
                "401": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Bad"}}}},
                "500": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Err"}}}}
            }}}},
            "components": {"schemas": {
                "A": {"type": "object"},
                "Bad": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
                "Err": {"type": "object", "properties": {"errors": {"type": "array"}}}
            }}
        });
        let args: toml::Table = toml::from_str(
            r#"schema = "Any"
members = ["Err", "Bad"]"#,
        )
        .unwrap();
        assert_eq!(merge_error_responses(&mut doc, &args).unwrap(), 2);
        assert_eq!(
            doc.pointer("/components/schemas/Any/properties")
                .unwrap()
                .as_object()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            doc.pointer("/paths/~1a/get/responses/401/content/application~1json/schema/$ref")
                .unwrap(),
            "#/components/schemas/Any"
        );
        assert_eq!(
            doc.pointer("/paths/~1a/get/responses/200/content/application~1json/schema/$ref")
                .unwrap(),
            "#/components/schemas/A"
        );
    }

    #[test]
    fn array_path_parameters_become_strings() {
        let mut doc = json!({"paths": {"/x/{ids}": {"get": {"parameters": [
            {"in": "path", "name": "ids", "schema": {"type": "array", "items": {"type": "integer"}}},
            {"in": "query", "name": "q", "schema": {"type": "array", "items": {"type": "integer"}}}
        ]}}}});
        assert_eq!(array_path_params_as_strings(&mut doc), 1);
        assert_eq!(
            doc.pointer("/paths/~1x~1{ids}/get/parameters/0/schema/type")
                .unwrap(),
            "string"
        );
        assert_eq!(
            doc.pointer("/paths/~1x~1{ids}/get/parameters/1/schema/type")
                .unwrap(),
            "array"
        );
    }
}
