//! Lowering OpenAPI 3.1 to the OpenAPI 3.0 that progenitor reads.
//!
//! OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are a dialect of draft 4/5. The
//! constructs that differ, and what each becomes:
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `openapi: 3.1.x` | `openapi: 3.0.3` |
//! | `type: [T, "null"]` | `type: T, nullable: true` (`type: [A, B]` → `anyOf` of both) |
//! | `type: "null"` alone | `nullable: true`, no type |
//! | `oneOf`/`anyOf` with a `{type: "null"}` member | the member dropped, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` in a schema | `example: a` |
//! | numeric `exclusiveMinimum`/`exclusiveMaximum` | `minimum`/`maximum` + `true` |
//! | `$ref` with siblings | `allOf: [{$ref}]` + the siblings (3.0 ignores `$ref` siblings) |
//! | `contentEncoding: base64` / `contentMediaType` | `format: byte` / `format: binary` |
//! | `jsonSchemaDialect`, `webhooks`, `info.summary`, `license.identifier`, `$schema`, `$id`, `$comment` | removed |
//!
//! Only schema objects are rewritten: example values, `properties` maps (whose keys are field
//! names such as `type` or `const`) and extension values are walked as containers, not as
//! schemas.

use serde_json::{json, Map, Value};

/// Returns `document` lowered to OpenAPI 3.0.3.
pub fn lower(mut document: Value) -> Value {
    if let Some(root) = document.as_object_mut() {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        root.remove("jsonSchemaDialect");
        root.remove("webhooks");
        if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
            info.remove("summary");
            if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
                license.remove("identifier");
            }
        }
        if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
            components.remove("pathItems");
        }
    }
    walk(&mut document, Context::Document);
    document
}

/// What the value being walked is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Part of the document that is not a schema.
    Document,
    /// A schema object.
    Schema,
    /// A map from names to schemas (`properties`, `components/schemas`, …).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, …).
    SchemaList,
    /// Data (examples, defaults, enum values, extensions): left alone.
    Data,
}

/// Keys whose value is a schema.
const SCHEMA_KEYS: [&str; 6] = [
    "schema",
    "items",
    "not",
    "additionalProperties",
    "contains",
    "propertyNames",
];
/// Keys whose value is a list of schemas.
const SCHEMA_LIST_KEYS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keys whose value is a map of schemas.
const SCHEMA_MAP_KEYS: [&str; 3] = ["properties", "patternProperties", "schemas"];
/// Keys whose value is data, never a schema.
const DATA_KEYS: [&str; 5] = ["example", "examples", "default", "enum", "const"];

fn walk(value: &mut Value, context: Context) {
    match context {
        Context::Data => {}
        Context::SchemaList => {
            if let Value::Array(items) = value {
                for schema in items {
                    walk(schema, Context::Schema);
                }
            }
        }
        Context::SchemaMap => {
            if let Value::Object(map) = value {
                for schema in map.values_mut() {
                    walk(schema, Context::Schema);
                }
            }
        }
        Context::Schema => {
            if let Value::Object(map) = value {
                lower_schema(map);
                for (key, child) in map.iter_mut() {
                    walk(child, child_context(key, Context::Schema));
                }
            }
        }
        Context::Document => match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    walk(child, child_context(key, Context::Document));
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, Context::Document);
                }
            }
            _ => {}
        },
    }
}

fn child_context(key: &str, parent: Context) -> Context {
    if key.starts_with("x-") {
        return Context::Data;
    }
    if SCHEMA_KEYS.contains(&key) {
        return Context::Schema;
    }
    if SCHEMA_MAP_KEYS.contains(&key) {
        return Context::SchemaMap;
    }
    if SCHEMA_LIST_KEYS.contains(&key) {
        return Context::SchemaList;
    }
    if DATA_KEYS.contains(&key) {
        return Context::Data;
    }
    if parent == Context::Schema {
        // Any other key of a schema (`type`, `format`, `description`, …) holds data.
        return Context::Data;
    }
    Context::Document
}

/// Lowers one schema object; its subschemas are lowered afterwards by [`walk`] (the parent
/// first, so that a `{type: "null"}` member is still recognisable here).
fn lower_schema(map: &mut Map<String, Value>) {
    for key in ["$schema", "$id", "$comment", "$anchor", "$defs"] {
        map.remove(key);
    }
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let non_null: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        let nullable =
            map.get("type").and_then(Value::as_array).map(Vec::len) != Some(non_null.len());
        map.remove("type");
        match non_null.len() {
            0 => {}
            1 => {
                map.insert("type".into(), non_null[0].clone());
            }
            _ => {
                let members: Vec<Value> = non_null.iter().map(|t| json!({ "type": t })).collect();
                map.insert("anyOf".into(), Value::Array(members));
            }
        }
        if nullable {
            map.insert("nullable".into(), Value::Bool(true));
        }
    } else if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("nullable".into(), Value::Bool(true));
    }
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_schema(m));
        if members.len() != before {
            map.insert("nullable".into(), Value::Bool(true));
            let members = map
                .get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if members.len() == 1 && !map.contains_key("allOf") {
                // `oneOf: [X, null]` is "X or null".
                map.remove(key);
                map.insert("allOf".into(), Value::Array(members));
            }
        }
    }
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), limit);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if let Some(encoding) = map.remove("contentEncoding") {
        if encoding == "base64" {
            map.insert("format".into(), Value::String("byte".into()));
        }
    }
    if map.remove("contentMediaType").is_some() && !map.contains_key("format") {
        map.insert("format".into(), Value::String("binary".into()));
    }
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").expect("checked");
        // Siblings that only restate what the referenced schema says are dropped; the others
        // are kept beside an `allOf`, which 3.0 does not ignore.
        map.remove("type");
        let meaningful = map
            .keys()
            .any(|k| !matches!(k.as_str(), "description" | "summary" | "example"));
        if meaningful {
            map.insert("allOf".into(), json!([{ "$ref": reference }]));
        } else {
            map.clear();
            map.insert("$ref".into(), reference);
        }
    }
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        && schema.as_object().is_some_and(|m| m.len() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_and_document_keys() {
        let doc = lower(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {},
            "paths": {}
        }));
        assert_eq!(
            doc,
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1", "license": {"name": "MIT"}}, "paths": {}})
        );
    }

    #[test]
    fn schemas_are_lowered() {
        let doc = lower(json!({
            "openapi": "3.1.0",
            "components": {"schemas": {
                "A": {"type": "object", "properties": {
                    "n": {"type": ["integer", "null"], "exclusiveMinimum": 0},
                    "s": {"const": "x", "examples": ["x", "y"]},
                    "type": {"type": "string"},
                    "r": {"$ref": "#/components/schemas/B", "type": "string"},
                    "d": {"$ref": "#/components/schemas/B", "description": "kept", "nullable": true},
                    "o": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
                    "m": {"type": ["string", "integer"]},
                    "b": {"type": "string", "contentEncoding": "base64"}
                }},
                "B": {"type": "string"}
            }}
        }));
        let props = doc.pointer("/components/schemas/A/properties").unwrap();
        assert_eq!(
            props["n"],
            json!({"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(props["s"], json!({"enum": ["x"], "example": "x"}));
        assert_eq!(props["type"], json!({"type": "string"}));
        assert_eq!(props["r"], json!({"$ref": "#/components/schemas/B"}));
        assert_eq!(
            props["d"],
            json!({"description": "kept", "nullable": true, "allOf": [{"$ref": "#/components/schemas/B"}]})
        );
        assert_eq!(
            props["o"],
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/B"}]})
        );
        assert_eq!(
            props["m"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(props["b"], json!({"type": "string", "format": "byte"}));
    }

    #[test]
    fn examples_and_parameters() {
        let doc = lower(json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": ["string", "null"]}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object"},
                    "example": {"type": ["kept", "as", "data"], "const": 1}
                }}}}
            }}}
        }));
        let op = doc.pointer("/paths/~1a/get").unwrap();
        assert_eq!(
            op.pointer("/parameters/0/schema").unwrap(),
            &json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            op.pointer("/responses/200/content/application~1json/example")
                .unwrap(),
            &json!({"type": ["kept", "as", "data"], "const": 1})
        );
    }
}
