//! Corrections of Budget Insight's Budgea 2.0 Swagger (2020-10) that apply to the whole
//! document; spot corrections are patch files in `specs/budgea/patches/`. Each function's doc
//! says the defect it corrects; `specs/budgea/codegen.toml` says why and gives the evidence.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Context};
use serde_json::{json, Value};

use super::{for_each_operation, walk_objects, METHODS};

// ---------------------------------------------------------------------------------------------
// Names

/// `transactions` → `transaction`, `categories` → `category`; `status`, `access`, `init` stay.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if word.ends_with("ss") || word.ends_with("us") || !word.ends_with('s') {
        return word.to_owned();
    }
    word[..word.len() - 1].to_owned()
}

fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// `confirmNewEmail` → `confirm_new_email`, `add-to data` → `add_to_data`.
pub fn snake(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower {
                out.push('_');
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_lowercase());
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// `list_user_transactions` → `ListUserTransactions`.
pub fn pascal(text: &str) -> String {
    snake(text)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The operation id the rules give `method path`.
///
/// - the name is made of the path's literal segments; one followed by a parameter is made
///   singular (`/users/{id_user}/transactions` → `user_transactions`);
/// - the verb: `GET` on an item (path ending with a parameter) → `get`, on a collection (a
///   plural last segment, or one followed by a parameter elsewhere in the document) → `list`,
///   otherwise `get`; `POST` on an item → `update`, otherwise `create` with the last segment
///   singular; `PUT` → `update`, or `put` on an item that also has a `POST`; `DELETE` on an
///   item → `delete`, on a collection → `delete_all`; `PATCH` → `patch`.
pub fn derive_operation_id(
    method: &str,
    path: &str,
    path_methods: &[&str],
    all_paths: &BTreeSet<String>,
) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut parts: Vec<String> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if is_param(segment) {
            continue;
        }
        let followed_by_param = segments.get(i + 1).is_some_and(|s| is_param(s));
        parts.push(if followed_by_param {
            singular(segment)
        } else {
            (*segment).to_owned()
        });
    }
    let item = segments.last().is_some_and(|s| is_param(s));
    let last = segments.last().copied().unwrap_or("");
    let collection = !item
        && (singular(last) != last || {
            let prefix = format!("{}/{{", path.trim_end_matches('/'));
            all_paths.iter().any(|p| p.starts_with(&prefix))
        });
    let verb = match method {
        "get" if item => "get",
        "get" if collection => "list",
        "get" => "get",
        "post" if item => "update",
        "post" => {
            if let Some(last) = parts.last_mut() {
                *last = singular(last);
            }
            "create"
        }
        "put" if item && path_methods.contains(&"post") => "put",
        "put" => "update",
        "delete" if item => "delete",
        "delete" if collection => "delete_all",
        "delete" => "delete",
        other => other,
    };
    if parts.is_empty() {
        parts.push("root".into());
    }
    snake(&format!("{verb}_{}", parts.join("_")))
}

/// Gives every operation an id derived from its method and path (see
/// [`derive_operation_id`]), or the one `args.overrides` gives `"METHOD /path"`.
///
/// Defect: no operation has an `operationId`; progenitor needs one per operation to name its
/// method. Ids must be deterministic (they are the public API) and readable.
pub fn operation_ids(document: &mut Value, args: &toml::Table) -> anyhow::Result<usize> {
    let overrides: BTreeMap<String, String> = match args.get("overrides") {
        Some(toml::Value::Table(table)) => table
            .iter()
            .map(|(k, v)| {
                let name = v
                    .as_str()
                    .with_context(|| format!("override {k} must be a string"))?;
                Ok((k.clone(), name.to_owned()))
            })
            .collect::<anyhow::Result<_>>()?,
        Some(_) => bail!("`overrides` must be a table"),
        None => BTreeMap::new(),
    };
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .context("no paths")?;
    let all_paths: BTreeSet<String> = paths.keys().cloned().collect();
    let mut assigned: Vec<(String, String, String)> = Vec::new();
    for (path, item) in paths {
        let methods: Vec<&str> = METHODS
            .iter()
            .copied()
            .filter(|m| item.get(*m).is_some())
            .collect();
        for method in &methods {
            let key = format!("{} {path}", method.to_ascii_uppercase());
            let id = match overrides.get(&key) {
                Some(name) => name.clone(),
                None => derive_operation_id(method, path, &methods, &all_paths),
            };
            assigned.push((path.clone(), (*method).to_owned(), id));
        }
    }
    for key in overrides.keys() {
        let found = assigned
            .iter()
            .any(|(path, method, _)| format!("{} {path}", method.to_ascii_uppercase()) == *key);
        if !found {
            bail!("override for {key:?}: no such operation");
        }
    }
    let mut seen: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (path, method, id) in &assigned {
        seen.entry(id.as_str())
            .or_default()
            .push(format!("{} {path}", method.to_ascii_uppercase()));
    }
    let collisions: Vec<String> = seen
        .iter()
        .filter(|(_, ops)| ops.len() > 1)
        .map(|(id, ops)| format!("{id}: {}", ops.join(", ")))
        .collect();
    if !collisions.is_empty() {
        bail!(
            "operation ids collide; add overrides:\n  {}",
            collisions.join("\n  ")
        );
    }
    let paths = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .context("no paths")?;
    let mut changed = 0;
    for (path, method, id) in assigned {
        let operation = &mut paths[&path][&method];
        if operation.get("operationId").is_none() {
            operation["operationId"] = Value::String(id);
            changed += 1;
        }
    }
    Ok(changed)
}

// ---------------------------------------------------------------------------------------------
// Security and errors

/// Declares the `Authorization: Bearer <token>` scheme, required by default; operations listed
/// in `args.public` (`"METHOD /path"`) need no token.
///
/// Defect: the document has no `securityDefinitions`, while every call but a few public ones
/// needs `Authorization: Bearer <token>` (seed guide, "Authentication").
pub fn bearer_security(document: &mut Value, args: &toml::Table) -> anyhow::Result<usize> {
    let public: BTreeSet<String> = args
        .get("public")
        .and_then(toml::Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let components = document
        .as_object_mut()
        .context("document")?
        .entry("components")
        .or_insert_with(|| json!({}));
    components["securitySchemes"] = json!({
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "A user access token (temporary or permanent), a temporary code, or a manage (configuration) token."
        }
    });
    document["security"] = json!([{ "bearerAuth": [] }]);
    let mut changed = 1;
    let mut found = BTreeSet::new();
    for_each_operation(document, &mut |path, method, operation| {
        let key = format!("{} {path}", method.to_ascii_uppercase());
        if public.contains(&key) {
            operation["security"] = json!([]);
            found.insert(key);
            changed += 1;
        }
    });
    if let Some(missing) = public.difference(&found).next() {
        bail!("public operation {missing:?} does not exist");
    }
    Ok(changed)
}

/// Adds a `ServiceError` schema (`code`, `message`, `description`, `request_id`) and `4XX`/`5XX`
/// responses with it to every operation.
///
/// Defect: only `200` is documented, so every error would be an undecoded
/// `UnexpectedResponse`; the API answers errors with that body (seed guide, "Errors
/// management"; Powens `core.yml` `ServiceError`).
pub fn error_responses(document: &mut Value, args: &toml::Table) -> anyhow::Result<usize> {
    let name = args
        .get("schema")
        .and_then(toml::Value::as_str)
        .unwrap_or("ServiceError");
    let schema = json!({
        "type": "object",
        "description": "An error answered by the API (any 4xx or 5xx status). Branch on `code`, not on the HTTP status.",
        "properties": {
            "code": {"type": "string", "description": "The error code (`wrongpass`, `websiteUnavailable`, `noAccount`, …)."},
            "message": {"type": "string", "nullable": true, "description": "A message, from the bank or the API, that may be shown to the user."},
            "description": {"type": "string", "nullable": true, "description": "A technical description of the error."},
            "request_id": {"type": "string", "nullable": true, "description": "The id of the request, to quote to Powens support."}
        }
    });
    let components = document
        .as_object_mut()
        .context("document")?
        .entry("components")
        .or_insert_with(|| json!({}));
    components["schemas"][name] = schema;
    components["responses"][name] = json!({
        "description": "Error",
        "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}
    });
    let reference = json!({ "$ref": format!("#/components/responses/{name}") });
    let mut changed = 1;
    for_each_operation(document, &mut |_, _, operation| {
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        for status in ["4XX", "5XX"] {
            if !responses.contains_key(status) {
                responses.insert(status.to_owned(), reference.clone());
                changed += 1;
            }
        }
    });
    Ok(changed)
}

// ---------------------------------------------------------------------------------------------
// Schemas

/// Names the inline schemas of success responses: a list wrapper (`{total, transactions: [...]}`)
/// becomes `TransactionsList` (named after its array; when two different wrappers would take
/// the same name, both are named after their item schema instead, e.g.
/// `ConnectorSourcesList`), any other object `<OperationId>Response`. Identical wrappers share
/// one schema.
///
/// Defect: 130 responses are anonymous inline schemas; without names every operation gets
/// its own copy of the same list type, and patches cannot address them.
pub fn name_inline_responses(document: &mut Value) -> anyhow::Result<usize> {
    struct Site {
        path: String,
        method: String,
        status: String,
        name: String,
        schema: Value,
        item_name: Option<String>,
    }
    let mut sites: Vec<Site> = Vec::new();
    for_each_operation(document, &mut |path, method, operation| {
        let op_id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
            return;
        };
        for (status, response) in responses {
            if !status.starts_with('2') {
                continue;
            }
            let Some(schema) = response.pointer("/content/application~1json/schema") else {
                continue;
            };
            if schema.get("$ref").is_some()
                || schema.get("type").and_then(Value::as_str) != Some("object")
            {
                continue;
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            let arrays: Vec<(&String, &Value)> = properties
                .map(|p| {
                    p.iter()
                        .filter(|(_, v)| v.get("type").and_then(Value::as_str) == Some("array"))
                        .collect()
                })
                .unwrap_or_default();
            let only_total_besides = properties.is_some_and(|p| {
                p.keys()
                    .all(|k| k == "total" || arrays.iter().any(|(a, _)| *a == k))
            });
            let (name, item_name) = if arrays.len() == 1 && only_total_besides {
                let (array, value) = arrays[0];
                let item = value
                    .pointer("/items/$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.rsplit('/').next())
                    .map(str::to_owned);
                (format!("{}List", pascal(array)), item)
            } else {
                (format!("{}Response", pascal(&op_id)), None)
            };
            sites.push(Site {
                path: path.to_owned(),
                method: method.to_owned(),
                status: status.clone(),
                name,
                schema: schema.clone(),
                item_name,
            });
        }
    });
    // Names wanted by different shapes are replaced by item-based names.
    let mut shapes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for site in &sites {
        shapes
            .entry(site.name.clone())
            .or_default()
            .insert(site.schema.to_string());
    }
    for site in &mut sites {
        if shapes[&site.name].len() > 1 {
            let item = site
                .item_name
                .clone()
                .with_context(|| format!("{} wanted by different shapes", site.name))?;
            site.name = format!("{}sList", item);
        }
    }
    let schemas = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .context("no components/schemas")?;
    for site in &sites {
        match schemas.get(&site.name) {
            Some(existing) if *existing != site.schema => {
                bail!(
                    "{} {} would name its response {}, which already exists with another shape",
                    site.method,
                    site.path,
                    site.name
                )
            }
            Some(_) => {}
            None => {
                schemas.insert(site.name.clone(), site.schema.clone());
            }
        }
    }
    let paths = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .context("no paths")?;
    for site in &sites {
        paths[&site.path][&site.method]["responses"][&site.status]["content"]["application/json"]
            ["schema"] = json!({ "$ref": format!("#/components/schemas/{}", site.name) });
    }
    Ok(sites.len())
}

/// Types the `total` of list wrappers as an integer.
///
/// Defect: list wrappers type `total` ("total number of results") as `number`: a count is an
/// integer, and as `f64` it would not serve as an offset.
pub fn total_as_integer(document: &mut Value) -> usize {
    let mut changed = 0;
    walk_objects(document, &mut |map| {
        let Some(Value::Object(properties)) = map.get_mut("properties") else {
            return;
        };
        if let Some(total) = properties.get_mut("total") {
            if total.get("type").and_then(Value::as_str) == Some("number") {
                total["type"] = json!("integer");
                if let Some(t) = total.as_object_mut() {
                    t.remove("format");
                }
                changed += 1;
            }
        }
    });
    changed
}

/// Removes `default` from every schema and parameter.
///
/// Defect: server-side defaults leaked into the document (`CURRENT_TIMESTAMP`,
/// `<function datetime.now …>`), some of the wrong type (`bookmarked: integer` with default
/// `false`); the others describe what the server stores when a field is not given, not what a
/// missing field means in a response, and a client must not send them on the server's behalf.
pub fn drop_defaults(document: &mut Value) -> usize {
    let mut changed = 0;
    walk_objects(document, &mut |map| {
        let is_schema = ["type", "$ref", "format", "items", "properties", "enum"]
            .iter()
            .any(|k| map.contains_key(*k));
        if is_schema && map.remove("default").is_some() {
            changed += 1;
        }
        // Examples built from the same leaked defaults.
        if is_schema {
            if let Some(Value::Object(example)) = map.get("example") {
                let leaked = example.values().any(|v| {
                    v.as_str()
                        .is_some_and(|s| s.starts_with("<function") || s == "CURRENT_TIMESTAMP")
                });
                if leaked {
                    map.remove("example");
                    changed += 1;
                }
            }
        }
    });
    changed
}

/// In every component schema, keeps only the properties named in `args.required` (default
/// `["id"]`) required, and marks every other scalar property `nullable`.
///
/// Defect: the 2020 document is unreliable about presence and nullability: fields marked
/// `required` are absent or `null` in documented responses (`Transfer.fees`,
/// `Recipient.enabled_at`, `Account.coming`, …) and about 70 fields the server sends as `null` are
/// not nullable. A response that lacks a field or has `null` must still decode; only ids are
/// always there.
pub fn optional_fields(document: &mut Value, args: &toml::Table) -> anyhow::Result<usize> {
    let keep: BTreeSet<String> = match args.get("required") {
        Some(toml::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(_) => bail!("`required` must be a list"),
        None => ["id".to_owned()].into(),
    };
    let schemas = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .context("no components/schemas")?;
    let mut changed = 0;
    for schema in schemas.values_mut() {
        changed += relax_object(schema, &keep);
    }
    Ok(changed)
}

fn relax_object(schema: &mut Value, keep: &BTreeSet<String>) -> usize {
    let mut changed = 0;
    let Some(map) = schema.as_object_mut() else {
        return 0;
    };
    if let Some(Value::Array(required)) = map.get_mut("required") {
        let before = required.len();
        required.retain(|r| r.as_str().is_some_and(|r| keep.contains(r)));
        changed += before - required.len();
        if required.is_empty() {
            map.remove("required");
        }
    }
    let required: BTreeSet<String> = map
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            if required.contains(name) {
                continue;
            }
            let scalar = matches!(
                property.get("type").and_then(Value::as_str),
                Some("string" | "integer" | "number" | "boolean")
            );
            if scalar && property.get("nullable").is_none() {
                property["nullable"] = json!(true);
                changed += 1;
            }
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get_mut(key) {
            for member in members {
                changed += relax_object(member, keep);
            }
        }
    }
    changed
}

/// `{type: object}` properties named `currency` or `*_currency` become `$ref: Currency`.
///
/// Defect: currencies are typed as bare objects, although the API sends the Currency object
/// (`{"id": "EUR", "symbol": "€", "prefix": false}` in every doc sample that has one).
pub fn typed_currencies(document: &mut Value, args: &toml::Table) -> anyhow::Result<usize> {
    let target = args
        .get("schema")
        .and_then(toml::Value::as_str)
        .unwrap_or("Currency");
    let reference = json!({ "$ref": format!("#/components/schemas/{target}") });
    let mut changed = 0;
    walk_objects(document, &mut |map| {
        let Some(Value::Object(properties)) = map.get_mut("properties") else {
            return;
        };
        for (name, property) in properties.iter_mut() {
            let is_currency = name == "currency" || name.ends_with("_currency");
            let bare_object = property.get("type").and_then(Value::as_str) == Some("object")
                && property.get("properties").is_none();
            if is_currency && bare_object {
                *property = reference.clone();
                changed += 1;
            }
        }
    });
    Ok(changed)
}

/// Makes `format: float` numbers `double`.
///
/// Defect: amounts (balances, values, prices: 188 fields and parameters) are `format: float`,
/// which generates `f32`: seven significant digits, so `2893.36` would read as `2893.3601` and
/// balances above 167,772.16 lose cents. Powens documents them as `format: monetary` today.
pub fn amounts_as_double(document: &mut Value) -> usize {
    let mut changed = 0;
    walk_objects(document, &mut |map| {
        if map.get("type").and_then(Value::as_str) == Some("number")
            && map.get("format").and_then(Value::as_str) == Some("float")
        {
            map.insert("format".into(), json!("double"));
            changed += 1;
        }
    });
    changed
}

/// Removes the indentation of description lines outside code fences.
///
/// Defect: descriptions (the API guide in `info.description`, `UserAlert`) indent lines by four
/// spaces or more (nested lists, a note), which Markdown, and so rustdoc, reads as indented
/// code blocks, compiled as Rust doctests that fail.
pub fn unindent_descriptions(document: &mut Value) -> usize {
    super::common::rewrite_descriptions(document, unindent)
}

fn unindent(text: &str) -> Option<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    let mut touched = false;
    for line in text.split('\n') {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if !fenced && indented && !line.trim().is_empty() {
            out.push(line.trim_start());
            touched = true;
        } else {
            out.push(line);
        }
    }
    touched.then(|| out.join("\n"))
}

// ---------------------------------------------------------------------------------------------
// Requests

/// Drops query parameters that repeat a path parameter of the same name.
///
/// Defect: a few operations declare `id_connection` both in the path and in the query;
/// progenitor panics ("missing path name mapping") and the query copy carries nothing the
/// path does not.
pub fn drop_query_copies_of_path_params(document: &mut Value) -> usize {
    let mut changed = 0;
    for_each_operation(document, &mut |_, _, operation| {
        let Some(parameters) = operation
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
        else {
            return;
        };
        let path_names: BTreeSet<String> = parameters
            .iter()
            .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
            .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
            .collect();
        let before = parameters.len();
        parameters.retain(|p| {
            !(p.get("in").and_then(Value::as_str) == Some("query")
                && p.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| path_names.contains(n)))
        });
        changed += before - parameters.len();
    });
    changed
}

fn has_binary(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| {
            p.values()
                .any(|v| v.get("format").and_then(Value::as_str) == Some("binary"))
        })
}

/// Sends form bodies without files as JSON.
///
/// Defect: 118 operations describe their body as `formData` parameters while the document's
/// only form media type is `multipart/form-data` (global `consumes: [application/json,
/// multipart/form-data]`), which progenitor cannot send. The API takes the same fields as a
/// JSON object ("Data format: application/x-www-form-urlencoded or application/json
/// (suggested)", seed guide; Powens' current description has JSON bodies only).
pub fn form_bodies_as_json(document: &mut Value) -> usize {
    let mut changed = 0;
    for_each_operation(document, &mut |_, _, operation| {
        let Some(content) = operation
            .pointer_mut("/requestBody/content")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        let Some(form) = content
            .get("multipart/form-data")
            .or_else(|| content.get("application/x-www-form-urlencoded"))
            .cloned()
        else {
            return;
        };
        if form.get("schema").is_some_and(has_binary) {
            return;
        }
        content.clear();
        content.insert("application/json".into(), form);
        changed += 1;
    });
    changed
}

/// Moves the operations that upload files (multipart bodies with a `binary` part) out of the
/// generated client, into the document's `x-bankapi-hand-written` list, which the crate's
/// hand-written upload module implements one for one.
///
/// Defect: progenitor 0.15 cannot send `multipart/form-data` ("unexpected content type");
/// dropping the body would silently send uploads without their file.
pub fn hand_written_uploads(document: &mut Value) -> anyhow::Result<usize> {
    let mut moved = Vec::new();
    for_each_operation(document, &mut |path, method, operation| {
        let multipart = operation.pointer("/requestBody/content/multipart~1form-data/schema");
        if multipart.is_some_and(has_binary) {
            moved.push((
                path.to_owned(),
                method.to_owned(),
                operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            ));
        }
    });
    let paths = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .context("no paths")?;
    for (path, method, _) in &moved {
        let item = paths[path].as_object_mut().context("path item")?;
        item.remove(method);
        if !item.keys().any(|k| METHODS.contains(&k.as_str())) {
            paths.remove(path);
        }
    }
    let list: Vec<Value> = moved
        .iter()
        .map(|(path, method, id)| {
            json!({"operationId": id, "method": method.to_ascii_uppercase(), "path": path})
        })
        .collect();
    document["x-bankapi-hand-written"] = Value::Array(list);
    Ok(moved.len())
}

/// Gives `GET` responses without a schema an any-JSON schema.
///
/// Defect: 28 `GET` operations (balances, categories, config, forecast, security history…)
/// document no response schema, so the generated method would drop the body; they return JSON.
pub fn untyped_get_responses(document: &mut Value) -> usize {
    let mut changed = 0;
    for_each_operation(document, &mut |_, method, operation| {
        if method != "get" {
            return;
        }
        let Some(ok) = operation.pointer_mut("/responses/200") else {
            return;
        };
        if ok.get("content").is_none() && ok.get("$ref").is_none() {
            ok["content"] = json!({"application/json": {"schema": {}}});
            changed += 1;
        }
    });
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(method: &str, path: &str, methods: &[&str], all: &[&str]) -> String {
        let all: BTreeSet<String> = all.iter().map(|s| (*s).to_owned()).collect();
        derive_operation_id(method, path, methods, &all)
    }

    #[test]
    fn operation_ids_are_readable() {
        let all = [
            "/users/{id_user}/transactions",
            "/users/{id_user}/connections",
            "/users/{id_user}/connections/{id_connection}",
            "/webhooks/auth",
            "/webhooks/auth/{id_auth}",
            "/auth/token/code",
            "/categories",
        ];
        assert_eq!(
            id("get", "/users/{id_user}/transactions", &["get"], &all),
            "list_user_transactions"
        );
        assert_eq!(
            id("post", "/users/{id_user}/connections", &["post"], &all),
            "create_user_connection"
        );
        assert_eq!(
            id(
                "post",
                "/users/{id_user}/connections/{id_connection}",
                &["post", "put"],
                &all
            ),
            "update_user_connection"
        );
        assert_eq!(
            id(
                "put",
                "/users/{id_user}/connections/{id_connection}",
                &["post", "put"],
                &all
            ),
            "put_user_connection"
        );
        assert_eq!(
            id(
                "delete",
                "/users/{id_user}/connections/{id_connection}",
                &["delete"],
                &all
            ),
            "delete_user_connection"
        );
        assert_eq!(
            id("delete", "/users/{id_user}/transactions", &["delete"], &all),
            "delete_all_user_transactions"
        );
        assert_eq!(
            id("get", "/auth/token/code", &["get"], &all),
            "get_auth_token_code"
        );
        assert_eq!(id("get", "/categories", &["get"], &all), "list_categories");
        assert_eq!(
            id("post", "/auth/confirmNewEmail", &["post"], &all),
            "create_auth_confirm_new_email"
        );
        // A singular collection: known by its items.
        assert_eq!(
            id("delete", "/webhooks/auth", &["delete"], &all),
            "delete_all_webhooks_auth"
        );
        assert_eq!(
            id("delete", "/webhooks/auth/{id_auth}", &["delete"], &all),
            "delete_webhooks_auth"
        );
    }

    #[test]
    fn ids_are_assigned_overridden_and_checked() {
        let mut doc = json!({"paths": {
            "/banks": {"get": {}},
            "/auth/init": {"post": {}},
            "/a/{x}": {"get": {}},
            "/a/{y}": {"get": {}}
        }});
        let args: toml::Table =
            toml::from_str(r#"overrides = { "POST /auth/init" = "init_auth_token" }"#).unwrap();
        let error = operation_ids(&mut doc.clone(), &args)
            .unwrap_err()
            .to_string();
        assert!(error.contains("get_a: GET /a/{x}, GET /a/{y}"), "{error}");
        doc["paths"].as_object_mut().unwrap().remove("/a/{y}");
        assert_eq!(operation_ids(&mut doc, &args).unwrap(), 3);
        assert_eq!(doc["paths"]["/banks"]["get"]["operationId"], "list_banks");
        assert_eq!(
            doc["paths"]["/auth/init"]["post"]["operationId"],
            "init_auth_token"
        );
        let stale: toml::Table = toml::from_str(r#"overrides = { "POST /gone" = "x" }"#).unwrap();
        assert!(operation_ids(&mut doc, &stale).is_err());
    }

    #[test]
    fn names() {
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("access"), "access");
        assert_eq!(singular("transactions"), "transaction");
        assert_eq!(snake("confirmNewEmail"), "confirm_new_email");
        assert_eq!(snake("SCARequired"), "scarequired");
        assert_eq!(pascal("list_user_transactions"), "ListUserTransactions");
        assert_eq!(pascal("account_types"), "AccountTypes");
    }

    #[test]
    fn security_and_errors() {
        let mut doc = json!({"paths": {
            "/banks": {"get": {"responses": {"200": {"description": ""}}}},
            "/me": {"get": {"responses": {"200": {"description": ""}}}}
        }, "components": {"schemas": {}}});
        let args: toml::Table = toml::from_str(r#"public = ["GET /banks"]"#).unwrap();
        assert_eq!(bearer_security(&mut doc, &args).unwrap(), 2);
        assert_eq!(doc["security"], json!([{"bearerAuth": []}]));
        assert_eq!(doc["paths"]["/banks"]["get"]["security"], json!([]));
        assert!(doc["paths"]["/me"]["get"].get("security").is_none());
        assert_eq!(error_responses(&mut doc, &toml::Table::new()).unwrap(), 5);
        assert_eq!(
            doc["paths"]["/me"]["get"]["responses"]["4XX"]["$ref"],
            "#/components/responses/ServiceError"
        );
        assert!(
            doc["components"]["schemas"]["ServiceError"]["properties"]["request_id"].is_object()
        );
        let bad: toml::Table = toml::from_str(r#"public = ["GET /nowhere"]"#).unwrap();
        assert!(bearer_security(&mut doc, &bad).is_err());
    }

    #[test]
    fn inline_responses_get_names() {
        let list = |item: &str| {
            json!({"type": "object", "properties": {
                "total": {"type": "number"},
                "sources": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}}
            }})
        };
        let tx = json!({"type": "object", "properties": {
            "transactions": {"type": "array", "items": {"$ref": "#/components/schemas/Transaction"}}
        }});
        let ok = |schema: Value| json!({"responses": {"200": {"content": {"application/json": {"schema": schema}}}}});
        let mut doc = json!({"paths": {
            "/a": {"get": ok(tx.clone())},
            "/b": {"get": ok(tx)},
            "/c": {"get": ok(list("ConnectorSource"))},
            "/d": {"get": ok(list("ConnectionSource"))},
            "/auth/init": {"post": ok(json!({"type": "object", "properties": {"auth_token": {"type": "string"}}}))}
        }, "components": {"schemas": {}}});
        doc["paths"]["/auth/init"]["post"]["operationId"] = json!("init_auth_token");
        assert_eq!(name_inline_responses(&mut doc).unwrap(), 5);
        let schema_ref = |path: &str, method: &str| {
            doc["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
                ["$ref"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        };
        assert_eq!(schema_ref("/a", "get"), "TransactionsList");
        assert_eq!(schema_ref("/b", "get"), "TransactionsList");
        assert_eq!(schema_ref("/c", "get"), "ConnectorSourcesList");
        assert_eq!(schema_ref("/d", "get"), "ConnectionSourcesList");
        assert_eq!(schema_ref("/auth/init", "post"), "InitAuthTokenResponse");
        assert_eq!(total_as_integer(&mut doc), 2);
        assert_eq!(
            doc["components"]["schemas"]["ConnectorSourcesList"]["properties"]["total"]["type"],
            "integer"
        );
    }

    #[test]
    fn defaults_required_and_nullable() {
        let mut doc = json!({"components": {"schemas": {"User": {
            "type": "object",
            "required": ["id", "signin"],
            "properties": {
                "id": {"type": "integer"},
                "signin": {"type": "string", "format": "date-time", "default": "CURRENT_TIMESTAMP"},
                "bookmarked": {"type": "integer", "default": false},
                "currency": {"type": "object", "description": "Account currency"},
                "tags": {"type": "array", "items": {"type": "string"}}
            },
            "example": {"signin": "CURRENT_TIMESTAMP"}
        }}}});
        assert_eq!(drop_defaults(&mut doc), 3);
        doc["components"]["schemas"]["User"]["properties"]["balance"] =
            json!({"type": "number", "format": "float"});
        assert_eq!(amounts_as_double(&mut doc), 1);
        assert_eq!(
            doc["components"]["schemas"]["User"]["properties"]["balance"]["format"],
            "double"
        );
        let user = &doc["components"]["schemas"]["User"];
        assert!(user["properties"]["signin"].get("default").is_none());
        assert!(user.get("example").is_none());
        assert_eq!(typed_currencies(&mut doc, &toml::Table::new()).unwrap(), 1);
        assert_eq!(optional_fields(&mut doc, &toml::Table::new()).unwrap(), 4);
        let user = &doc["components"]["schemas"]["User"];
        assert_eq!(user["required"], json!(["id"]));
        assert_eq!(user["properties"]["signin"]["nullable"], true);
        assert!(user["properties"]["id"].get("nullable").is_none());
        assert!(user["properties"]["tags"].get("nullable").is_none());
        assert_eq!(
            user["properties"]["currency"],
            json!({"$ref": "#/components/schemas/Currency"})
        );
    }

    #[test]
    fn indented_lines_are_not_code() {
        assert_eq!(
            unindent("Levels:\n\n    - Normal user\n```\n    keep\n```").unwrap(),
            "Levels:\n\n- Normal user\n```\n    keep\n```"
        );
        assert_eq!(unindent("plain\n  two spaces"), None);
    }

    #[test]
    fn request_corrections() {
        let form = |props: Value| json!({"content": {"multipart/form-data": {"schema": {"type": "object", "properties": props}}}});
        let mut doc = json!({"paths": {
            "/c/{id_connection}": {"post": {
                "operationId": "update_c",
                "parameters": [
                    {"name": "id_connection", "in": "path"},
                    {"name": "id_connection", "in": "query"},
                    {"name": "expand", "in": "query"}
                ],
                "requestBody": form(json!({"login": {"type": "string"}}))
            }},
            "/docs": {"post": {"operationId": "create_doc", "requestBody": form(json!({"file": {"type": "string", "format": "binary"}}))},
                      "get": {"operationId": "list_docs", "responses": {"200": {"description": "x"}}}}
        }});
        assert_eq!(drop_query_copies_of_path_params(&mut doc), 1);
        assert_eq!(
            doc["paths"]["/c/{id_connection}"]["post"]["parameters"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(form_bodies_as_json(&mut doc), 1);
        assert!(doc
            .pointer(
                "/paths/~1c~1{id_connection}/post/requestBody/content/application~1json/schema"
            )
            .is_some());
        assert_eq!(hand_written_uploads(&mut doc).unwrap(), 1);
        assert!(doc["paths"]["/docs"].get("post").is_none());
        assert_eq!(
            doc["x-bankapi-hand-written"],
            json!([{"operationId": "create_doc", "method": "POST", "path": "/docs"}])
        );
        assert_eq!(untyped_get_responses(&mut doc), 1);
        assert_eq!(
            doc["paths"]["/docs"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"],
            json!({})
        );
    }
}
