//! Swagger 2.0 → OpenAPI 3.0, over `serde_json::Value`.
//!
//! Generic: it knows the Swagger 2.0 specification, not any provider. What it converts:
//!
//! - `swagger: "2.0"` → `openapi: "3.0.3"`; `host` + `basePath` + `schemes` → one `servers` entry
//!   per scheme (`https` when none is given; the trailing `/` of `basePath` is dropped);
//! - `definitions` → `components/schemas`, `parameters` → `components/parameters` (body and form
//!   parameters are inlined where they are used instead), `responses` → `components/responses`,
//!   `securityDefinitions` → `components/securitySchemes`; every `$ref` is rewritten accordingly;
//! - path-level `parameters` are merged into each operation (an operation's own parameter with the
//!   same `name` and `in` wins);
//! - query, path and header parameters: the type keywords move into `schema`,
//!   `collectionFormat` becomes `style`/`explode`;
//! - a `body` parameter → `requestBody` with one media type per non-form entry of `consumes`
//!   (`application/json` when there is none);
//! - `formData` parameters → a `requestBody` whose schema is an object with one property per
//!   parameter (`required` kept); `type: file` → `type: string, format: binary`. The media types
//!   are the form types of the operation's `consumes` (or the global one): `multipart/form-data`
//!   alone when a file is sent, otherwise whichever of `application/x-www-form-urlencoded` and
//!   `multipart/form-data` are listed, `application/x-www-form-urlencoded` when neither is;
//! - responses: `schema` → `content` with one entry per `produces` media type (global or per
//!   operation, `application/json` when none); responses without a schema get no content;
//!   `examples` keyed by media type become each media type's `example` (an `examples` object
//!   whose keys are not media types is taken as the example itself); `headers` get a `schema`;
//! - schemas: `x-nullable` → `nullable`, `type: file` → binary string, a `discriminator` string →
//!   `{propertyName}`;
//! - `x-*` extensions are kept where they are (document, path item, operation, parameter,
//!   response, schema); `info`, `tags`, `security`, `externalDocs` are copied.

use anyhow::{bail, Context};
use serde_json::{json, Map, Value};

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];
const URLENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const JSON: &str = "application/json";

/// Keywords of a non-body parameter (and of `items`) that describe its value, i.e. belong in
/// the OpenAPI 3 `schema`.
const SCHEMA_KEYWORDS: [&str; 15] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
];

/// Converts a Swagger 2.0 document to OpenAPI 3.0.
pub fn convert(document: Value) -> anyhow::Result<Value> {
    let Value::Object(doc) = document else {
        bail!("a Swagger document must be an object");
    };
    match doc.get("swagger").and_then(Value::as_str) {
        Some("2.0") => {}
        other => bail!("not a Swagger 2.0 document (swagger: {other:?})"),
    }
    let global = Globals {
        consumes: string_list(doc.get("consumes")),
        produces: string_list(doc.get("produces")),
        parameters: doc
            .get("parameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    };

    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for (key, value) in &doc {
        match key.as_str() {
            "info" | "tags" | "security" | "externalDocs" => {
                out.insert(key.clone(), value.clone());
            }
            k if k.starts_with("x-") => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    if let Some(servers) = servers(&doc) {
        out.insert("servers".into(), servers);
    }

    let mut paths = Map::new();
    if let Some(source) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in source {
            let item = convert_path_item(item, &global)
                .with_context(|| format!("converting path {path}"))?;
            paths.insert(path.clone(), item);
        }
    }
    out.insert("paths".into(), Value::Object(paths));

    let mut components = Map::new();
    if let Some(Value::Object(definitions)) = doc.get("definitions") {
        let schemas = definitions
            .iter()
            .map(|(name, schema)| (name.clone(), convert_schema(schema.clone())))
            .collect();
        components.insert("schemas".into(), Value::Object(schemas));
    }
    let reusable: Map<String, Value> = global
        .parameters
        .iter()
        .filter(|(_, p)| !matches!(param_in(p), "body" | "formData"))
        .map(|(name, p)| Ok((name.clone(), convert_parameter(p)?)))
        .collect::<anyhow::Result<_>>()?;
    if !reusable.is_empty() {
        components.insert("parameters".into(), Value::Object(reusable));
    }
    if let Some(Value::Object(responses)) = doc.get("responses") {
        let converted = responses
            .iter()
            .map(|(name, r)| (name.clone(), convert_response(r, &global.produces)))
            .collect();
        components.insert("responses".into(), Value::Object(converted));
    }
    if let Some(Value::Object(schemes)) = doc.get("securityDefinitions") {
        let converted = schemes
            .iter()
            .map(|(name, s)| Ok((name.clone(), convert_security_scheme(s)?)))
            .collect::<anyhow::Result<_>>()?;
        components.insert("securitySchemes".into(), Value::Object(converted));
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }

    let mut out = Value::Object(out);
    rewrite_refs(&mut out);
    Ok(out)
}

struct Globals {
    consumes: Vec<String>,
    produces: Vec<String>,
    parameters: Map<String, Value>,
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn param_in(parameter: &Value) -> &str {
    parameter.get("in").and_then(Value::as_str).unwrap_or("")
}

fn servers(doc: &Map<String, Value>) -> Option<Value> {
    let host = doc.get("host").and_then(Value::as_str)?;
    let base = doc
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let mut schemes = string_list(doc.get("schemes"));
    if schemes.is_empty() {
        schemes.push("https".into());
    }
    Some(Value::Array(
        schemes
            .iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") }))
            .collect(),
    ))
}

fn convert_path_item(item: &Value, global: &Globals) -> anyhow::Result<Value> {
    let item = item.as_object().context("a path item must be an object")?;
    let shared: Vec<Value> = match item.get("parameters") {
        Some(Value::Array(p)) => p
            .iter()
            .map(|p| resolve_parameter(p, global))
            .collect::<anyhow::Result<_>>()?,
        _ => Vec::new(),
    };
    let mut out = Map::new();
    for (key, value) in item {
        if METHODS.contains(&key.as_str()) {
            let operation = convert_operation(value, &shared, global)
                .with_context(|| format!("operation {key}"))?;
            out.insert(key.clone(), operation);
        } else if key.starts_with("x-") || key == "summary" || key == "description" {
            out.insert(key.clone(), value.clone());
        } else if key == "$ref" {
            bail!("path items by $ref are not supported");
        }
    }
    Ok(Value::Object(out))
}

/// A parameter with a `$ref` to the document's `parameters` replaced by its definition.
fn resolve_parameter(parameter: &Value, global: &Globals) -> anyhow::Result<Value> {
    match parameter.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference
                .strip_prefix("#/parameters/")
                .with_context(|| format!("unsupported parameter reference {reference}"))?;
            global
                .parameters
                .get(name)
                .cloned()
                .with_context(|| format!("no parameter {name}"))
        }
        None => Ok(parameter.clone()),
    }
}

fn convert_operation(
    operation: &Value,
    shared: &[Value],
    global: &Globals,
) -> anyhow::Result<Value> {
    let op = operation
        .as_object()
        .context("an operation must be an object")?;
    let consumes = match op.get("consumes") {
        Some(value) => string_list(Some(value)),
        None => global.consumes.clone(),
    };
    let produces = match op.get("produces") {
        Some(value) => string_list(Some(value)),
        None => global.produces.clone(),
    };

    // The operation's parameters, then the path item's that it does not override.
    let mut parameters: Vec<Value> = match op.get("parameters") {
        Some(Value::Array(p)) => p
            .iter()
            .map(|p| resolve_parameter(p, global))
            .collect::<anyhow::Result<_>>()?,
        _ => Vec::new(),
    };
    for inherited in shared {
        let overridden = parameters
            .iter()
            .any(|p| p.get("name") == inherited.get("name") && p.get("in") == inherited.get("in"));
        if !overridden {
            parameters.push(inherited.clone());
        }
    }

    let mut out = Map::new();
    for (key, value) in op {
        match key.as_str() {
            "operationId" | "summary" | "description" | "tags" | "deprecated" | "security"
            | "externalDocs" => {
                out.insert(key.clone(), value.clone());
            }
            k if k.starts_with("x-") => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }

    let mut converted = Vec::new();
    let mut body = None;
    let mut form = Vec::new();
    for parameter in parameters {
        match param_in(&parameter) {
            "body" => body = Some(parameter),
            "formData" => form.push(parameter),
            "query" | "path" | "header" => converted.push(convert_parameter(&parameter)?),
            other => bail!("unsupported parameter location {other:?}"),
        }
    }
    if !converted.is_empty() {
        out.insert("parameters".into(), Value::Array(converted));
    }
    if body.is_some() && !form.is_empty() {
        bail!("an operation cannot have both a body and form parameters");
    }
    if let Some(body) = body {
        out.insert("requestBody".into(), body_request(&body, &consumes));
    } else if !form.is_empty() {
        out.insert("requestBody".into(), form_request(&form, &consumes)?);
    }

    let mut responses = Map::new();
    if let Some(Value::Object(source)) = op.get("responses") {
        for (status, response) in source {
            responses.insert(status.clone(), convert_response(response, &produces));
        }
    }
    out.insert("responses".into(), Value::Object(responses));
    Ok(Value::Object(out))
}

/// A query, path or header parameter.
fn convert_parameter(parameter: &Value) -> anyhow::Result<Value> {
    let p = parameter
        .as_object()
        .context("a parameter must be an object")?;
    let location = param_in(parameter);
    let mut out = Map::new();
    let mut schema = Map::new();
    for (key, value) in p {
        if SCHEMA_KEYWORDS.contains(&key.as_str()) {
            let value = if key == "items" {
                items_schema(value)
            } else {
                value.clone()
            };
            schema.insert(key.clone(), value);
        } else if key == "collectionFormat" {
            // Handled below.
        } else {
            out.insert(key.clone(), value.clone());
        }
    }
    if location == "path" {
        out.insert("required".into(), Value::Bool(true));
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        bail!("`type: file` is only valid for form parameters");
    }
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        let format = p
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        let (style, explode) = match (format, location) {
            ("csv", "query") => ("form", false),
            ("csv", _) => ("simple", false),
            ("multi", _) => ("form", true),
            ("ssv", _) => ("spaceDelimited", false),
            ("pipes", _) => ("pipeDelimited", false),
            (other, _) => bail!("unsupported collectionFormat {other:?}"),
        };
        out.insert("style".into(), json!(style));
        out.insert("explode".into(), json!(explode));
    }
    out.insert("schema".into(), Value::Object(schema));
    Ok(Value::Object(out))
}

/// The `items` of a non-body array parameter, as a schema (nested `collectionFormat` dropped).
fn items_schema(items: &Value) -> Value {
    let mut items = items.clone();
    if let Some(map) = items.as_object_mut() {
        map.remove("collectionFormat");
        if let Some(inner) = map.get("items").cloned() {
            map.insert("items".into(), items_schema(&inner));
        }
    }
    items
}

fn is_form_type(media: &str) -> bool {
    media == URLENCODED || media == MULTIPART
}

fn body_request(body: &Value, consumes: &[String]) -> Value {
    let schema = convert_schema(body.get("schema").cloned().unwrap_or(json!({})));
    let mut media: Vec<&str> = consumes
        .iter()
        .map(String::as_str)
        .filter(|m| !is_form_type(m))
        .collect();
    if media.is_empty() {
        media.push(JSON);
    }
    let content: Map<String, Value> = media
        .into_iter()
        .map(|m| (m.to_owned(), json!({ "schema": schema })))
        .collect();
    let mut out = Map::new();
    if let Some(description) = body.get("description") {
        out.insert("description".into(), description.clone());
    }
    out.insert("content".into(), Value::Object(content));
    out.insert(
        "required".into(),
        Value::Bool(
            body.get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        ),
    );
    copy_extensions(body, &mut out);
    Value::Object(out)
}

fn form_request(form: &[Value], consumes: &[String]) -> anyhow::Result<Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut has_file = false;
    for parameter in form {
        let p = parameter
            .as_object()
            .context("a parameter must be an object")?;
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .context("a form parameter needs a name")?;
        let mut schema = Map::new();
        for (key, value) in p {
            if SCHEMA_KEYWORDS.contains(&key.as_str()) {
                let value = if key == "items" {
                    items_schema(value)
                } else {
                    value.clone()
                };
                schema.insert(key.clone(), value);
            } else if key == "description" || key.starts_with("x-") {
                schema.insert(key.clone(), value.clone());
            }
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            has_file = true;
            schema.insert("type".into(), json!("string"));
            schema.insert("format".into(), json!("binary"));
        }
        if p.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(json!(name));
        }
        properties.insert(name.to_owned(), Value::Object(schema));
    }
    let mut object = Map::new();
    object.insert("type".into(), json!("object"));
    object.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        object.insert("required".into(), Value::Array(required.clone()));
    }
    let object = Value::Object(object);
    let media: Vec<&str> = if has_file {
        vec![MULTIPART]
    } else {
        let listed: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|m| is_form_type(m))
            .collect();
        if listed.is_empty() {
            vec![URLENCODED]
        } else {
            listed
        }
    };
    let content: Map<String, Value> = media
        .into_iter()
        .map(|m| (m.to_owned(), json!({ "schema": object })))
        .collect();
    Ok(json!({ "content": content, "required": !required.is_empty() }))
}

fn convert_response(response: &Value, produces: &[String]) -> Value {
    let Some(r) = response.as_object() else {
        return response.clone();
    };
    if r.contains_key("$ref") {
        return response.clone();
    }
    let mut out = Map::new();
    out.insert(
        "description".into(),
        r.get("description").cloned().unwrap_or(json!("")),
    );
    if let Some(schema) = r.get("schema") {
        let schema = convert_schema(schema.clone());
        let media: Vec<String> = if produces.is_empty() {
            vec![JSON.to_owned()]
        } else {
            produces.to_vec()
        };
        let examples = r.get("examples").and_then(Value::as_object);
        let keyed_by_media = examples.is_some_and(|e| e.keys().any(|k| k.contains('/')));
        let mut content = Map::new();
        for m in media {
            let mut entry = Map::new();
            entry.insert("schema".into(), schema.clone());
            match examples {
                Some(e) if keyed_by_media => {
                    if let Some(example) = e.get(&m) {
                        entry.insert("example".into(), example.clone());
                    }
                }
                Some(e) => {
                    entry.insert("example".into(), Value::Object(e.clone()));
                }
                None => {}
            }
            content.insert(m, Value::Object(entry));
        }
        out.insert("content".into(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = r.get("headers") {
        let converted: Map<String, Value> = headers
            .iter()
            .map(|(name, header)| {
                let mut h = Map::new();
                let mut schema = Map::new();
                if let Some(map) = header.as_object() {
                    for (key, value) in map {
                        if SCHEMA_KEYWORDS.contains(&key.as_str()) {
                            schema.insert(key.clone(), value.clone());
                        } else if key == "description" || key.starts_with("x-") {
                            h.insert(key.clone(), value.clone());
                        }
                    }
                }
                h.insert("schema".into(), Value::Object(schema));
                (name.clone(), Value::Object(h))
            })
            .collect();
        out.insert("headers".into(), Value::Object(converted));
    }
    copy_extensions(response, &mut out);
    Value::Object(out)
}

fn copy_extensions(from: &Value, to: &mut Map<String, Value>) {
    if let Some(map) = from.as_object() {
        for (key, value) in map {
            if key.starts_with("x-") {
                to.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The few schema keywords that differ between Swagger 2.0 and OpenAPI 3.0, everywhere in a
/// schema.
fn convert_schema(mut schema: Value) -> Value {
    fix_schema(&mut schema, false);
    schema
}

/// Keywords whose values are data, not schemas: never rewritten.
const DATA_KEYWORDS: [&str; 4] = ["example", "examples", "default", "enum"];

/// `names` is true for a map whose keys are names (the value of `properties`), false for a
/// schema.
fn fix_schema(value: &mut Value, names: bool) {
    match value {
        Value::Object(map) => {
            if !names {
                if let Some(nullable) = map.remove("x-nullable") {
                    map.insert("nullable".into(), nullable);
                }
                if map.get("type").and_then(Value::as_str) == Some("file") {
                    map.insert("type".into(), json!("string"));
                    map.insert("format".into(), json!("binary"));
                }
                if let Some(Value::String(property)) = map.get("discriminator").cloned() {
                    map.insert("discriminator".into(), json!({ "propertyName": property }));
                }
            }
            for (key, child) in map.iter_mut() {
                if names || !DATA_KEYWORDS.contains(&key.as_str()) {
                    fix_schema(child, !names && key == "properties");
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| fix_schema(item, false)),
        _ => {}
    }
}

fn convert_security_scheme(scheme: &Value) -> anyhow::Result<Value> {
    let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
    let mut out = match kind {
        "basic" => json!({ "type": "http", "scheme": "basic" }),
        "apiKey" => json!({ "type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in") }),
        "oauth2" => {
            let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or("");
            let name = match flow {
                "implicit" => "implicit",
                "password" => "password",
                "application" => "clientCredentials",
                "accessCode" => "authorizationCode",
                other => bail!("unknown oauth2 flow {other:?}"),
            };
            let mut f = Map::new();
            for (from, to) in [
                ("authorizationUrl", "authorizationUrl"),
                ("tokenUrl", "tokenUrl"),
            ] {
                if let Some(v) = scheme.get(from) {
                    f.insert(to.into(), v.clone());
                }
            }
            f.insert(
                "scopes".into(),
                scheme.get("scopes").cloned().unwrap_or(json!({})),
            );
            json!({ "type": "oauth2", "flows": { name: f } })
        }
        other => bail!("unknown security scheme type {other:?}"),
    };
    if let (Some(map), Some(description)) = (out.as_object_mut(), scheme.get("description")) {
        map.insert("description".into(), description.clone());
    }
    if let Some(map) = out.as_object_mut() {
        copy_extensions(scheme, map);
    }
    Ok(out)
}

/// Rewrites `#/definitions/X`, `#/parameters/X`, `#/responses/X` references.
fn rewrite_refs(value: &mut Value) {
    rewrite_refs_in(value, false);
}

/// `names` is true for maps keyed by names (properties, schemas, responses, parameters), whose
/// entries are never data even when named `example` or `default`.
fn rewrite_refs_in(value: &mut Value, names: bool) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                for (from, to) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = reference.strip_prefix(from) {
                        *reference = format!("{to}{rest}");
                        break;
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                if names || !DATA_KEYWORDS.contains(&key.as_str()) {
                    let child_names = !names
                        && matches!(
                            key.as_str(),
                            "properties" | "schemas" | "responses" | "parameters"
                        );
                    rewrite_refs_in(child, child_names);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rewrite_refs_in(item, false)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(paths: Value) -> Value {
        json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "host": "demo.example.org",
            "basePath": "/2.0/",
            "consumes": ["application/json", "multipart/form-data"],
            "produces": ["application/json"],
            "paths": paths,
        })
    }

    fn at<'a>(value: &'a Value, pointer: &str) -> &'a Value {
        value
            .pointer(pointer)
            .unwrap_or_else(|| panic!("nothing at {pointer} in {value:#}"))
    }

    #[test]
    fn header_servers_and_extensions() {
        let mut d = doc(json!({}));
        d["x-query-services"] = json!(["a"]);
        d["tags"] = json!([{"name": "Banks"}]);
        let out = convert(d).unwrap();
        assert_eq!(out["openapi"], "3.0.3");
        assert_eq!(
            out["servers"],
            json!([{"url": "https://demo.example.org/2.0"}])
        );
        assert_eq!(out["x-query-services"], json!(["a"]));
        assert_eq!(out["tags"], json!([{"name": "Banks"}]));
        assert!(out.get("swagger").is_none() && out.get("host").is_none());

        let mut d = doc(json!({}));
        d["schemes"] = json!(["http", "https"]);
        d["basePath"] = json!("/");
        let out = convert(d).unwrap();
        assert_eq!(
            out["servers"],
            json!([{"url": "http://demo.example.org"}, {"url": "https://demo.example.org"}])
        );
        assert!(convert(json!({"openapi": "3.0.0"})).is_err());
    }

    #[test]
    fn definitions_become_component_schemas_and_refs_follow() {
        let mut d = doc(json!({"/a": {"get": {"responses": {"200": {
            "description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/A"}}
        }}}}}));
        d["definitions"] = json!({
            "A": {"type": "object", "properties": {
                "b": {"$ref": "#/definitions/B"},
                "n": {"type": "string", "x-nullable": true},
                "kind": {"type": "string", "x-internal": 1},
                "default": {"$ref": "#/definitions/B", "x-nullable": true}
            }, "discriminator": "kind", "example": {"$ref": "#/definitions/kept-as-data"}},
            "B": {"type": "file"}
        });
        let out = convert(d).unwrap();
        assert_eq!(
            at(&out, "/components/schemas/A/properties/b/$ref"),
            "#/components/schemas/B"
        );
        assert_eq!(
            at(&out, "/components/schemas/A/properties/n/nullable"),
            true
        );
        // A property may be named like a keyword that holds data.
        assert_eq!(
            at(&out, "/components/schemas/A/properties/default"),
            &json!({"$ref": "#/components/schemas/B", "nullable": true})
        );
        assert_eq!(
            at(&out, "/components/schemas/A/properties/kind/x-internal"),
            1
        );
        assert_eq!(
            at(&out, "/components/schemas/A/discriminator"),
            &json!({"propertyName": "kind"})
        );
        assert_eq!(
            at(&out, "/components/schemas/A/example/$ref"),
            "#/definitions/kept-as-data"
        );
        assert_eq!(
            at(&out, "/components/schemas/B"),
            &json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            at(
                &out,
                "/paths/~1a/get/responses/200/content/application~1json/schema/items/$ref"
            ),
            "#/components/schemas/A"
        );
    }

    #[test]
    fn simple_parameters_get_a_schema_and_a_style() {
        let out = convert(doc(json!({"/users/{id}": {
            "parameters": [{"name": "id", "in": "path", "type": "string", "required": true}],
            "get": {
                "parameters": [
                    {"name": "limit", "in": "query", "type": "integer", "format": "int32",
                     "required": false, "description": "max", "default": 10, "x-extra": true},
                    {"name": "ids", "in": "query", "type": "array", "items": {"type": "integer"}},
                    {"name": "tags", "in": "query", "type": "array", "collectionFormat": "multi",
                     "items": {"type": "string", "enum": ["a", "b"]}},
                    {"name": "X-Trace", "in": "header", "type": "string"}
                ],
                "responses": {"200": {"description": "ok"}}
            }
        }})))
        .unwrap();
        let params = at(&out, "/paths/~1users~1{id}/get/parameters")
            .as_array()
            .unwrap();
        assert_eq!(params.len(), 5);
        assert_eq!(
            params[0],
            json!({"name": "limit", "in": "query", "required": false, "description": "max",
                   "x-extra": true,
                   "schema": {"type": "integer", "format": "int32", "default": 10}})
        );
        assert_eq!(
            (&params[1]["style"], &params[1]["explode"]),
            (&json!("form"), &json!(false))
        );
        assert_eq!(params[2]["explode"], json!(true));
        assert_eq!(params[2]["schema"]["items"]["enum"], json!(["a", "b"]));
        assert_eq!(params[3]["in"], "header");
        // The path item's parameter is inherited.
        assert_eq!(params[4]["name"], "id");
        assert_eq!(params[4]["schema"], json!({"type": "string"}));
    }

    #[test]
    fn operation_parameters_override_path_parameters() {
        let out = convert(doc(json!({"/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "type": "string", "required": true}],
            "get": {"parameters": [{"name": "id", "in": "path", "type": "integer", "required": true}],
                    "responses": {}}
        }})))
        .unwrap();
        let params = at(&out, "/paths/~1a~1{id}/get/parameters")
            .as_array()
            .unwrap();
        assert_eq!(params.len(), 1);
        assert_eq!(params[0]["schema"]["type"], "integer");
    }

    #[test]
    fn form_data_without_files_uses_the_form_types_of_consumes() {
        let op = json!({"post": {
            "parameters": [
                {"name": "login", "in": "formData", "type": "string", "required": true,
                 "description": "user login"},
                {"name": "active", "in": "formData", "type": "boolean", "required": false}
            ],
            "responses": {"200": {"description": "ok"}}
        }});
        // Global consumes [json, multipart]: multipart is the only form type listed.
        let out = convert(doc(json!({"/c": op.clone()}))).unwrap();
        let body = at(&out, "/paths/~1c/post/requestBody");
        assert_eq!(body["required"], true);
        let content = body["content"].as_object().unwrap();
        assert_eq!(content.keys().collect::<Vec<_>>(), ["multipart/form-data"]);
        assert_eq!(
            content["multipart/form-data"]["schema"],
            json!({"type": "object", "properties": {
                "login": {"type": "string", "description": "user login"},
                "active": {"type": "boolean"}
            }, "required": ["login"]})
        );
        // No form type in consumes: urlencoded.
        let mut d = doc(json!({"/c": op.clone()}));
        d["consumes"] = json!(["application/json"]);
        let out = convert(d).unwrap();
        assert!(at(&out, "/paths/~1c/post/requestBody/content")
            .get("application/x-www-form-urlencoded")
            .is_some());
        // Per-operation consumes wins over the global one.
        let mut op = op;
        op["post"]["consumes"] = json!(["application/x-www-form-urlencoded"]);
        let out = convert(doc(json!({"/c": op}))).unwrap();
        let content = at(&out, "/paths/~1c/post/requestBody/content")
            .as_object()
            .unwrap();
        assert_eq!(
            content.keys().collect::<Vec<_>>(),
            ["application/x-www-form-urlencoded"]
        );
    }

    #[test]
    fn file_parameters_make_a_multipart_body() {
        let out = convert(doc(json!({"/docs": {"post": {
            "consumes": ["multipart/form-data"],
            "parameters": [
                {"name": "file", "in": "formData", "type": "file", "required": true},
                {"name": "name", "in": "formData", "type": "string"}
            ],
            "responses": {"200": {"description": "ok"}}
        }}})))
        .unwrap();
        let schema = at(
            &out,
            "/paths/~1docs/post/requestBody/content/multipart~1form-data/schema",
        );
        assert_eq!(
            schema["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(schema["required"], json!(["file"]));
        // A file outside a form is not Swagger 2.0.
        assert!(convert(doc(json!({"/x": {"get": {"parameters": [
            {"name": "f", "in": "query", "type": "file"}], "responses": {}}}})))
        .is_err());
    }

    #[test]
    fn body_parameters_become_request_bodies() {
        let out = convert(doc(json!({"/payments": {"post": {
            "consumes": ["application/json"],
            "parameters": [{"in": "body", "name": "payment", "description": "what to pay",
                            "required": true, "schema": {"$ref": "#/definitions/P"}}],
            "responses": {"200": {"description": "ok"}}
        }}})))
        .unwrap();
        let body = at(&out, "/paths/~1payments/post/requestBody");
        assert_eq!(
            body,
            &json!({"description": "what to pay", "required": true, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/P"}}
            }})
        );
        // With the global [json, multipart] consumes, only json carries a body.
        let out = convert(doc(json!({"/p": {"post": {
            "parameters": [{"in": "body", "name": "b", "schema": {"type": "object"}}],
            "responses": {}
        }}})))
        .unwrap();
        let content = at(&out, "/paths/~1p/post/requestBody/content")
            .as_object()
            .unwrap();
        assert_eq!(content.keys().collect::<Vec<_>>(), ["application/json"]);
    }

    #[test]
    fn responses_with_and_without_schema() {
        let out = convert(doc(json!({"/r": {"get": {
            "produces": ["application/json", "text/csv"],
            "responses": {
                "200": {"description": "ok", "schema": {"type": "object"},
                        "examples": {"application/json": {"a": 1}},
                        "headers": {"X-Rate": {"type": "integer", "description": "left"}},
                        "x-note": "kept"},
                "204": {"description": "standard HTTP response"},
                "default": {"$ref": "#/responses/Error"}
            }
        }}})))
        .unwrap();
        let ok = at(&out, "/paths/~1r/get/responses/200");
        assert_eq!(
            ok["content"]["application/json"]["example"],
            json!({"a": 1})
        );
        assert!(ok["content"]["text/csv"].get("example").is_none());
        assert_eq!(
            ok["headers"]["X-Rate"],
            json!({"description": "left", "schema": {"type": "integer"}})
        );
        assert_eq!(ok["x-note"], "kept");
        assert_eq!(
            at(&out, "/paths/~1r/get/responses/204"),
            &json!({"description": "standard HTTP response"})
        );
        assert_eq!(
            at(&out, "/paths/~1r/get/responses/default/$ref"),
            "#/components/responses/Error"
        );
        // Examples written as the body itself (not keyed by media type).
        let out = convert(doc(json!({"/t": {"post": {"responses": {"200": {
            "description": "", "schema": {"type": "object"}, "examples": {"token": "abc"}
        }}}}})))
        .unwrap();
        assert_eq!(
            at(
                &out,
                "/paths/~1t/post/responses/200/content/application~1json/example"
            ),
            &json!({"token": "abc"})
        );
    }

    #[test]
    fn reusable_parameters_responses_and_security() {
        let mut d = doc(json!({"/a": {"get": {
            "parameters": [{"$ref": "#/parameters/Limit"}, {"$ref": "#/parameters/Form"}],
            "responses": {}
        }}}));
        d["parameters"] = json!({
            "Limit": {"name": "limit", "in": "query", "type": "integer"},
            "Form": {"name": "f", "in": "formData", "type": "string"}
        });
        d["responses"] =
            json!({"Error": {"description": "err", "schema": {"$ref": "#/definitions/E"}}});
        d["securityDefinitions"] = json!({
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "basic": {"type": "basic"},
            "oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {"a": "b"}}
        });
        d["security"] = json!([{"key": []}]);
        let out = convert(d).unwrap();
        assert_eq!(at(&out, "/paths/~1a/get/parameters/0/name"), "limit");
        assert!(at(&out, "/paths/~1a/get/requestBody/content").is_object());
        assert_eq!(
            at(&out, "/components/parameters"),
            &json!({"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}})
        );
        assert_eq!(
            at(
                &out,
                "/components/responses/Error/content/application~1json/schema/$ref"
            ),
            "#/components/schemas/E"
        );
        assert_eq!(
            at(&out, "/components/securitySchemes/key"),
            &json!({"type": "apiKey", "name": "X-Key", "in": "header"})
        );
        assert_eq!(
            at(&out, "/components/securitySchemes/basic/scheme"),
            "basic"
        );
        assert_eq!(
            at(
                &out,
                "/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl"
            ),
            "https://t"
        );
        assert_eq!(out["security"], json!([{"key": []}]));
    }
}
