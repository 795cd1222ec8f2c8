//! Contract tests generated from the patched document (issue 7, items 2–4), by `cargo xtask
//! codegen` beside each client, for providers with a `specs/<provider>/contract.toml`:
//!
//! - `tests/<provider>/generated_cases.json`: for every operation, two calls (every parameter;
//!   required parameters only) with the request each must produce (method, path with its
//!   values, query, headers, body), and the answers to serve: every documented status (`4XX`
//!   as 400, `5XX` as 500 or the provider's choice), with bodies synthesised from the response
//!   schema (`synth.rs`: variant A every property present, variant B nullable properties `null`
//!   and optional ones absent) and the places the tolerance cases mutate (enums, objects,
//!   timestamps), and the document's own examples of the answer; the component schemas an
//!   answer can hold; operations and examples that are not served, with the reason;
//! - `tests/<provider>/generated_contract.rs`: the typed call of every operation (the builder's
//!   parameter types are read from the generated client, `client.rs`), and the tests that run
//!   the cases through `contract_tests::harness` against one httpmock server.
//!
//! Both are deterministic (no randomness, the document's order) and checked by
//! `cargo xtask codegen --check`. `cargo xtask coverage` runs the tests and prints what they
//! covered (`coverage.rs`).

mod client;
mod config;
pub mod coverage;
mod synth;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{bail, Context};
use serde_json::{json, Map, Value};

use self::client::Operation as ClientOperation;
use self::config::ContractRecipe;
use self::synth::{Marks, Synth, Variant};

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// A file the contract generation produces.
pub struct Output {
    /// Relative to the workspace root.
    pub path: String,
    pub text: String,
}

/// The contract test files of `provider` for the client source `code` (the freshly generated
/// one); none when the provider has no `contract.toml`.
pub fn generate(
    root: &Path,
    specs_dir: &Path,
    provider: &str,
    code: &str,
) -> anyhow::Result<Vec<Output>> {
    let Some(contract) = config::load(root, provider)? else {
        return Ok(Vec::new());
    };
    let recipe = crate::config::load(root, provider)?;
    let document = crate::codegen::patched_document(root, specs_dir, provider, &recipe)?;
    let hand_written_document = match contract.hand_written.as_ref().map(|h| &h.without) {
        Some(transform) => {
            let mut recipe = crate::config::load(root, provider)?;
            let before = recipe.steps.len();
            recipe
                .steps
                .retain(|s| s.transform.as_deref() != Some(transform.as_str()));
            if recipe.steps.len() == before {
                bail!("specs/{provider}/contract.toml: no transform {transform} in codegen.toml");
            }
            Some(crate::codegen::patched_document(
                root, specs_dir, provider, &recipe,
            )?)
        }
        None => None,
    };
    let operations = client::operations(code)?;
    let cases = Cases::build(
        provider,
        &recipe.upstream.api_version,
        &document,
        hand_written_document.as_ref(),
        &operations,
        &contract,
    )?;
    let json_text = layout(&cases.json)?;
    let rust = rust_file(provider, &contract, &cases)?;
    Ok(vec![
        Output {
            path: format!("tests/{provider}/generated_cases.json"),
            text: json_text,
        },
        Output {
            path: format!("tests/{provider}/generated_contract.rs"),
            text: rust,
        },
    ])
}

/// The cases as JSON, one operation or body a line (readable diffs, a tenth of the size of
/// pretty-printed JSON).
fn layout(cases: &Value) -> anyhow::Result<String> {
    let object = cases.as_object().context("cases are an object")?;
    let mut out = String::from("{\n");
    let count = object.len();
    for (i, (key, value)) in object.iter().enumerate() {
        out.push_str(&serde_json::to_string(key)?);
        out.push_str(": ");
        match value {
            Value::Array(items) if !items.is_empty() => {
                out.push_str("[\n");
                let lines = items
                    .iter()
                    .map(serde_json::to_string)
                    .collect::<Result<Vec<_>, _>>()?;
                out.push_str(&lines.join(",\n"));
                out.push_str("\n]");
            }
            Value::Object(map) if !map.is_empty() => {
                out.push_str("{\n");
                let lines = map
                    .iter()
                    .map(|(k, v)| {
                        Ok(format!(
                            "{}: {}",
                            serde_json::to_string(k)?,
                            serde_json::to_string(v)?
                        ))
                    })
                    .collect::<anyhow::Result<Vec<_>>>()?;
                out.push_str(&lines.join(",\n"));
                out.push_str("\n}");
            }
            other => out.push_str(&serde_json::to_string(other)?),
        }
        out.push_str(if i + 1 < count { ",\n" } else { "\n" });
    }
    out.push_str("}\n");
    Ok(out)
}

/// Writes `outputs`, or with `check` compares them with the committed files; returns whether
/// they were up to date.
pub fn write_or_check(
    root: &Path,
    provider: &str,
    outputs: &[Output],
    check: bool,
) -> anyhow::Result<bool> {
    let mut up_to_date = true;
    for output in outputs {
        up_to_date &=
            crate::codegen::write_or_check(root, provider, &output.path, &output.text, check)?;
    }
    Ok(up_to_date)
}

/// One operation of the cases, for the Rust file.
struct Callable {
    operation: String,
    client: ClientOperation,
}

struct Cases {
    json: Value,
    callables: Vec<Callable>,
}

/// A parameter of an operation, resolved.
struct Parameter<'d> {
    name: String,
    location: String,
    required: bool,
    schema: &'d Value,
    /// `style: form, explode: true` arrays repeat the name.
    explode: bool,
}

impl Cases {
    fn build(
        provider: &str,
        api_version: &str,
        document: &Value,
        hand_written_document: Option<&Value>,
        operations: &BTreeMap<(String, String), ClientOperation>,
        contract: &ContractRecipe,
    ) -> anyhow::Result<Cases> {
        let schema_values: BTreeMap<String, Value> = contract
            .synthesis
            .schemas
            .iter()
            .map(|(k, v)| (k.clone(), config::to_json(v)))
            .collect();
        let parameter_values: BTreeMap<String, Value> = contract
            .synthesis
            .parameters
            .iter()
            .map(|(k, v)| (k.clone(), config::to_json(v)))
            .collect();
        let property_values: BTreeMap<String, Value> = contract
            .synthesis
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), config::to_json(v)))
            .collect();
        let naive = contract.synthesis.naive_datetimes;
        let no_deviations = config::HandWritten {
            without: String::new(),
            omitted: BTreeMap::new(),
            required: BTreeMap::new(),
        };
        let deviations = contract.hand_written.as_ref().unwrap_or(&no_deviations);
        let mut bodies = BTreeMap::new();
        let mut out_operations = Vec::new();
        let mut callables = Vec::new();
        let mut exceptions = Vec::new();
        let mut seen = BTreeSet::new();
        let excepted_examples: BTreeMap<&str, &str> = contract
            .example_exceptions
            .iter()
            .map(|e| (e.example.as_str(), e.reason.as_str()))
            .collect();
        let mut example_exceptions: BTreeMap<String, String> = BTreeMap::new();
        let excepted: BTreeMap<&str, &str> = contract
            .exceptions
            .iter()
            .map(|e| (e.operation.as_str(), e.reason.as_str()))
            .collect();

        let hand_written: Vec<(String, String, String)> = document
            .get("x-bankapi-hand-written")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|h| {
                        (
                            h["operationId"].as_str().unwrap_or_default().to_owned(),
                            h["method"].as_str().unwrap_or_default().to_lowercase(),
                            h["path"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();

        let mut all = Vec::new();
        for (path, item) in document["paths"].as_object().context("no paths")? {
            for method in METHODS {
                if let Some(operation) = item.get(method) {
                    all.push((document, path.clone(), method, item, operation, false));
                }
            }
        }
        for (_, method, path) in &hand_written {
            let source = hand_written_document
                .context("hand-written operations: set hand_written.without in contract.toml")?;
            let item = &source["paths"][path.as_str()];
            let method = METHODS
                .iter()
                .find(|m| **m == method.as_str())
                .context("hand-written method")?;
            let operation = item
                .get(*method)
                .with_context(|| format!("hand-written {method} {path} not in the document"))?;
            all.push((source, path.clone(), *method, item, operation, true));
        }

        for (doc, path, method, item, operation, is_hand_written) in all {
            let mut synth = Synth::new(doc, naive, schema_values.clone(), property_values.clone());
            let http_method = method.to_ascii_uppercase();
            let client_op = operations.get(&(http_method.clone(), path.clone()));
            let id = match (client_op, is_hand_written) {
                (Some(op), false) => op.method_name.clone(),
                (None, true) => hand_written
                    .iter()
                    .find(|(_, m, p)| m == method && *p == path)
                    .map(|(id, _, _)| id.clone())
                    .unwrap_or_default(),
                (Some(_), true) => bail!("{http_method} {path} is both generated and hand-written"),
                (None, false) => bail!("{http_method} {path}: no generated method"),
            };
            if !seen.insert(id.clone()) {
                bail!("operation id {id} twice");
            }
            if let Some(reason) = excepted.get(id.as_str()) {
                exceptions.push(json!({
                    "operation": id, "method": http_method, "path": path, "reason": reason,
                }));
                continue;
            }
            let mut parameters = parameters(&synth, item, operation)?;
            let mut operation_deviations = Vec::new();
            let body = request_body(&synth, operation)?;
            if is_hand_written {
                let body_properties: Vec<String> = match &body {
                    Some((_, schema)) => synth
                        .synthesise(schema, Variant::Full, "body")?
                        .value
                        .as_object()
                        .map(|o| o.keys().cloned().collect())
                        .unwrap_or_default(),
                    None => Vec::new(),
                };
                for (name, why) in &deviations.omitted {
                    if parameters.iter().any(|p| p.name == *name) || body_properties.contains(name)
                    {
                        operation_deviations.push(json!({"field": name, "omitted": why}));
                    }
                }
                for (name, why) in &deviations.required {
                    if body_properties.contains(name) {
                        operation_deviations.push(json!({"field": name, "required": why}));
                    }
                }
                parameters.retain(|p| !deviations.omitted.contains_key(&p.name));
            }
            let field_of = |name: &str| -> anyhow::Result<String> {
                match client_op {
                    None => Ok(name.to_owned()),
                    Some(op) => {
                        let wanted = normalise(name);
                        let found: Vec<&client::Field> = op
                            .fields
                            .iter()
                            .filter(|f| normalise(&f.name) == wanted)
                            .collect();
                        match found[..] {
                            [field] => Ok(field.name.clone()),
                            _ => bail!("{id}: no single builder field for parameter {name}"),
                        }
                    }
                }
            };
            let security = security(doc, operation);

            let mut calls = Vec::new();
            for (call_name, variant) in [("full", Variant::Full), ("required", Variant::Required)] {
                synth.reset();
                let mut args = Map::new();
                let mut segments: Vec<String> = Vec::new();
                let mut query = Vec::new();
                // `accept` (every call) and `api-version` (generated calls) are added by the
                // harness.
                let mut headers = Vec::new();
                let mut path_values = BTreeMap::new();
                for p in &parameters {
                    if variant == Variant::Required && !p.required {
                        continue;
                    }
                    let value = match parameter_values
                        .get(&format!("{}:{}", p.location, p.name))
                        .or_else(|| parameter_values.get(&p.name))
                    {
                        Some(v) => v.clone(),
                        None => {
                            synth.plain_strings(p.location == "header");
                            let value = synth.synthesise(p.schema, Variant::Full, &p.name)?.value;
                            synth.plain_strings(false);
                            value
                        }
                    };
                    args.insert(field_of(&p.name)?, value.clone());
                    match p.location.as_str() {
                        "path" => {
                            path_values.insert(p.name.clone(), wire(&value)?);
                        }
                        "query" => match &value {
                            Value::Array(items) if p.explode => {
                                for item in items {
                                    query.push(json!([p.name, wire(item)?]));
                                }
                            }
                            Value::Array(items) => {
                                let joined = items
                                    .iter()
                                    .map(wire)
                                    .collect::<anyhow::Result<Vec<_>>>()?
                                    .join(",");
                                query.push(json!([p.name, joined]));
                            }
                            _ => query.push(json!([p.name, wire(&value)?])),
                        },
                        "header" => headers.push(
                            json!({"name": p.name.to_ascii_lowercase(), "value": wire(&value)?}),
                        ),
                        other => bail!("{id}: parameter {} in {other}", p.name),
                    }
                }
                for segment in path.split('/').skip(1) {
                    let mut segment = segment.to_owned();
                    for (name, value) in &path_values {
                        segment = segment.replace(&format!("{{{name}}}"), value);
                    }
                    if segment.contains('{') {
                        bail!("{id}: path parameter missing in {path}");
                    }
                    segments.push(segment);
                }
                let mut call = json!({
                    "name": call_name,
                    "args": Value::Null,
                    "path": segments,
                    "query": query,
                    "headers": Value::Null,
                });
                if let Some((media, schema)) = &body {
                    let mut synthesised = synth.synthesise(schema, variant, "body")?;
                    if is_hand_written {
                        let full = synth.synthesise(schema, Variant::Full, "body")?;
                        for value in [&mut synthesised.value, &mut synthesised.expected] {
                            let Some(object) = value.as_object_mut() else {
                                continue;
                            };
                            object.retain(|k, _| !deviations.omitted.contains_key(k));
                            for name in deviations.required.keys() {
                                if let Some(v) = full.value.get(name) {
                                    object.entry(name.clone()).or_insert(v.clone());
                                }
                            }
                        }
                    }
                    let kind = match media.as_str() {
                        "application/json" => "json",
                        "application/x-www-form-urlencoded" => "form",
                        "multipart/form-data" => "multipart",
                        other => bail!("{id}: request body {other}"),
                    };
                    let content_type = if kind == "multipart" {
                        json!({"name": "content-type", "prefix": "multipart/form-data; boundary="})
                    } else {
                        json!({"name": "content-type", "value": media})
                    };
                    headers.push(content_type);
                    args.insert(field_of("body")?, synthesised.value);
                    call["body"] = json!({"kind": kind, "expected": synthesised.expected});
                }
                call["args"] = Value::Object(args);
                call["headers"] = Value::Array(headers);
                calls.push(call);
            }

            let mut cases = Vec::new();
            let responses = operation["responses"]
                .as_object()
                .with_context(|| format!("{id}: no responses"))?;
            for (status_text, response) in responses {
                let (status, error) = match status_text.as_str() {
                    "4XX" => (400, true),
                    "5XX" => (contract.synthesis.server_error_status.unwrap_or(500), true),
                    "2XX" => (200, false),
                    "default" => continue,
                    code => {
                        let code: u16 = code
                            .parse()
                            .with_context(|| format!("{id}: status {code}"))?;
                        (code, code >= 400)
                    }
                };
                let response_name = response
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.rsplit('/').next())
                    .map(str::to_owned);
                let response = synth.resolve(response)?;
                let media_type = match response.get("content") {
                    None => None,
                    Some(content) => {
                        let (media, media_type) = content
                            .as_object()
                            .and_then(|c| c.iter().next())
                            .with_context(|| format!("{id}: empty content"))?;
                        if !media.contains("json") {
                            bail!("{id}: a {media} answer");
                        }
                        Some(media_type)
                    }
                };
                let schema = media_type.map(|m| m.get("schema").unwrap_or(&Value::Null));
                let rust_type = match client_op {
                    Some(op) if error => op.error.clone(),
                    Some(op) => op.response.clone(),
                    None => schema
                        .and_then(|s| s.get("$ref"))
                        .and_then(Value::as_str)
                        .and_then(|r| r.rsplit('/').next())
                        .map(|name| format!("types::{name}"))
                        .unwrap_or_default(),
                };
                let variants: &[(usize, Variant, &str)] = if error {
                    &[(1, Variant::Full, "A"), (1, Variant::Nulls, "B")]
                } else {
                    &[(0, Variant::Full, "A"), (1, Variant::Nulls, "B")]
                };
                for (call, variant, variant_name) in variants {
                    let body_id = match schema {
                        None => Value::Null,
                        Some(schema) => {
                            let key = match schema.get("$ref").and_then(Value::as_str) {
                                Some(r) => r.rsplit('/').next().unwrap_or(r).to_owned(),
                                None => format!("{id} {status_text}"),
                            };
                            let body_id = format!("{key} {variant_name}");
                            if !bodies.contains_key(&body_id) {
                                synth.reset();
                                let synthesised = synth.synthesise(schema, *variant, "body")?;
                                bodies.insert(body_id.clone(), body_json(&synth, synthesised));
                            }
                            Value::String(body_id)
                        }
                    };
                    cases.push(json!({
                        "call": call,
                        "status": status,
                        "body": body_id,
                        "type": rust_type,
                    }));
                }
                // The document's own examples of the answer: what the provider says it sends.
                let schema_examples = contract.synthesis.schema_examples;
                for (name, example) in examples(&synth, media_type, schema_examples)? {
                    let owner = response_name
                        .clone()
                        .unwrap_or_else(|| format!("{id} {status_text}"));
                    // A schema's example is shared by every answer of that schema.
                    let body_id = match name.strip_suffix(" example") {
                        Some(schema) => format!("{schema} example"),
                        None => format!("{owner} example {name}"),
                    };
                    if let Some(reason) = excepted_examples.get(body_id.as_str()) {
                        example_exceptions.insert(body_id, reason.to_string());
                        continue;
                    }
                    bodies
                        .entry(body_id.clone())
                        .or_insert_with(|| json!({ "json": example, "example": true }));
                    cases.push(json!({
                        "call": 0,
                        "status": status,
                        "body": body_id,
                        "type": rust_type,
                    }));
                }
            }
            out_operations.push(json!({
                "id": id,
                "method": http_method,
                "path": path,
                "generated": !is_hand_written,
                "security": security,
                "calls": calls,
                "cases": cases,
            }));
            if !operation_deviations.is_empty() {
                let last = out_operations.last_mut().expect("just pushed");
                last["deviations"] = Value::Array(operation_deviations);
            }
            if let Some(op) = client_op {
                callables.push(Callable {
                    operation: id,
                    client: op.clone(),
                });
            }
        }
        for id in excepted.keys() {
            if !seen.contains(*id) {
                bail!("specs/{provider}/contract.toml: exception for unknown operation {id}");
            }
        }
        for example in excepted_examples.keys() {
            if !example_exceptions.contains_key(*example) {
                bail!("specs/{provider}/contract.toml: exception for unknown example {example}");
            }
        }
        let json = json!({
            "generated": format!("@generated by `cargo xtask codegen {provider}` from the patched document and specs/{provider}/contract.toml. DO NOT EDIT."),
            "provider": provider,
            "api_version": api_version,
            "schemas": document
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .map_or(0, |s| s.len()),
            "answer_schemas": answer_schemas(document, hand_written_document),
            "operations": out_operations,
            "exceptions": exceptions,
            "example_exceptions": example_exceptions
                .iter()
                .map(|(example, reason)| json!({"example": example, "reason": reason}))
                .collect::<Vec<_>>(),
            "bodies": bodies,
        });
        Ok(Cases { json, callables })
    }
}

fn body_json(synth: &Synth<'_>, synthesised: synth::Synthesised) -> Value {
    let mut body = json!({ "json": synthesised.value });
    if synthesised.expected != body["json"] {
        body["expected"] = synthesised.expected;
    }
    let Marks {
        enums,
        objects,
        datetimes,
        schemas,
    } = synthesised.marks;
    if !schemas.is_empty() {
        body["schemas"] = json!(schemas);
    }
    if !enums.is_empty() {
        body["enums"] = json!(enums);
    }
    if !objects.is_empty() {
        body["objects"] = json!(objects);
    }
    if !datetimes.is_empty() {
        let other: Vec<Value> = datetimes
            .iter()
            .map(|pointer| {
                let value = body["json"]
                    .pointer(pointer)
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                json!([pointer, synth.other_timestamp_form(value)])
            })
            .collect();
        body["datetimes"] = Value::Array(other);
    }
    body
}

/// The component schemas an answer can hold (reachable from a response of an operation).
fn answer_schemas(document: &Value, hand_written: Option<&Value>) -> BTreeSet<String> {
    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                    out.push(r.to_owned());
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut pending = Vec::new();
    for doc in std::iter::once(document).chain(hand_written) {
        for item in doc["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
        {
            for method in METHODS {
                if let Some(responses) = item.get(method).and_then(|o| o.get("responses")) {
                    refs(responses, &mut pending);
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    let mut schemas = BTreeSet::new();
    while let Some(reference) = pending.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            schemas.insert(name.to_owned());
        }
        if let Some(target) = reference
            .strip_prefix('#')
            .and_then(|p| document.pointer(p))
        {
            refs(target, &mut pending);
        }
    }
    schemas
}

/// The examples of a media type (`example`, and the values of `examples`), by name.
fn examples(
    synth: &Synth<'_>,
    media_type: Option<&Value>,
    schema_examples: bool,
) -> anyhow::Result<Vec<(String, Value)>> {
    let mut out = Vec::new();
    let Some(media_type) = media_type else {
        return Ok(out);
    };
    if let Some(example) = media_type.get("example") {
        out.push(("example".to_owned(), example.clone()));
    }
    if let Some(examples) = media_type.get("examples").and_then(Value::as_object) {
        for (name, example) in examples {
            if let Some(value) = synth.resolve(example)?.get("value") {
                out.push((name.clone(), value.clone()));
            }
        }
    }
    // Without one, the example of the schema the answer refers to.
    if out.is_empty() && schema_examples {
        if let Some(reference) = media_type
            .get("schema")
            .and_then(|s| s.get("$ref"))
            .and_then(Value::as_str)
        {
            if let Some(example) = synth.deref(reference)?.get("example") {
                let name = reference.rsplit('/').next().unwrap_or(reference);
                out.push((format!("{name} example"), example.clone()));
            }
        }
    }
    Ok(out)
}

/// A parameter value as sent: strings as they are, numbers and booleans as JSON writes them.
fn wire(value: &Value) -> anyhow::Result<String> {
    Ok(match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => bail!("a parameter value {other}"),
    })
}

fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn parameters<'d>(
    synth: &Synth<'d>,
    item: &'d Value,
    operation: &'d Value,
) -> anyhow::Result<Vec<Parameter<'d>>> {
    let mut out: Vec<Parameter<'d>> = Vec::new();
    let lists = [item.get("parameters"), operation.get("parameters")];
    for list in lists.into_iter().flatten() {
        for p in list.as_array().context("parameters")? {
            let p = synth.resolve(p)?;
            let name = p["name"].as_str().context("parameter name")?.to_owned();
            let location = p["in"].as_str().context("parameter in")?.to_owned();
            let schema = p.get("schema").context("parameter without schema")?;
            let explode = p
                .get("explode")
                .and_then(Value::as_bool)
                .unwrap_or(p.get("style").is_none_or(|s| s == "form"));
            let parameter = Parameter {
                required: p.get("required") == Some(&Value::Bool(true)) || location == "path",
                name,
                location,
                schema,
                explode,
            };
            // An operation's parameter replaces the path item's one of the same name.
            out.retain(|q| !(q.name == parameter.name && q.location == parameter.location));
            out.push(parameter);
        }
    }
    Ok(out)
}

fn request_body<'d>(
    synth: &Synth<'d>,
    operation: &'d Value,
) -> anyhow::Result<Option<(String, &'d Value)>> {
    let Some(body) = operation.get("requestBody") else {
        return Ok(None);
    };
    let body = synth.resolve(body)?;
    let (media, content) = body["content"]
        .as_object()
        .and_then(|c| c.iter().next())
        .context("request body without content")?;
    Ok(Some((
        media.clone(),
        content.get("schema").context("request body schema")?,
    )))
}

/// The security scheme names of an operation's first requirement (`[]` when public).
fn security(document: &Value, operation: &Value) -> Vec<String> {
    let requirements = operation
        .get("security")
        .or_else(|| document.get("security"));
    requirements
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .and_then(Value::as_object)
        .map(|r| r.keys().cloned().collect())
        .unwrap_or_default()
}

/// The generated test file: the typed call of every operation and the tests.
fn rust_file(provider: &str, contract: &ContractRecipe, cases: &Cases) -> anyhow::Result<String> {
    let module = &contract.client.module;
    let client = &contract.client.client;
    let mut code = String::new();
    writeln!(
        code,
        "use {module}::types;\nuse contract_tests::harness::{{self, Args, Call, Item, Maybe}};\n"
    )?;
    writeln!(
        code,
        "/// The cases: requests expected and answers served, for every operation.\n\
         pub const CASES: &str = include_str!(\"generated_cases.json\");\n\
         /// The coverage CI requires.\n\
         pub const THRESHOLDS: &str = include_str!(\"../../specs/{provider}/coverage.toml\");\n"
    )?;
    writeln!(
        code,
        "/// Item 2: every operation sends its request and decodes every documented answer.\n\
         #[tokio::test]\nasync fn operations() {{\n\
         let adapter = super::contract_adapter::Adapter::start().await;\n\
         harness::run(&adapter, CASES, THRESHOLDS, Item::Operations, call).await;\n}}\n\n\
         /// Item 3: every answer decodes with unknown enum values, unknown properties and the other timestamp form.\n\
         #[tokio::test]\nasync fn tolerance() {{\n\
         let adapter = super::contract_adapter::Adapter::start().await;\n\
         harness::run(&adapter, CASES, THRESHOLDS, Item::Tolerance, call).await;\n}}\n"
    )?;
    writeln!(
        code,
        "/// Sends `operation` with `args` and decodes the answer.\n\
         pub fn call<'a>(client: &'a {client}, operation: &'a str, args: &'a Args) -> Call<'a> {{\n\
         match operation {{"
    )?;
    for c in &cases.callables {
        writeln!(
            code,
            "\"{id}\" => Box::pin({id}(client, args)),",
            id = c.operation
        )?;
    }
    writeln!(
        code,
        "other => Box::pin(async move {{ Err(format!(\"no generated operation {{other}}\")) }}),\n}}\n}}\n"
    )?;
    for c in &cases.callables {
        let op = &c.client;
        let method = ident(&op.method_name);
        write!(
            code,
            "async fn {id}(client: &{client}, {args}: &Args) -> harness::Result {{\n\
             let builder = client.{method}()",
            id = c.operation,
            args = if op.fields.is_empty() {
                "_args"
            } else {
                "args"
            },
        )?;
        for field in &op.fields {
            let setter = ident(&field.name);
            if field.required {
                write!(
                    code,
                    ".{setter}(args.get::<{ty}>(\"{name}\")?)",
                    ty = field.ty,
                    name = field.name
                )?;
            } else {
                write!(
                    code,
                    ".maybe(args.opt::<{ty}>(\"{name}\")?, |b, v| b.{setter}(v))",
                    ty = field.ty,
                    name = field.name
                )?;
            }
        }
        writeln!(code, ";\nOk(harness::typed(builder.send().await))\n}}\n")?;
    }
    let file: syn::File = syn::parse_str(&code).context("the generated contract tests")?;
    let header = format!(
        "// @generated by `cargo xtask codegen {provider}`. DO NOT EDIT.\n\
         //\n\
         // Contract tests of every operation of the patched document (issue 7): the cases are in\n\
         // generated_cases.json, the adapter (mock server, clients, credentials) in contract_adapter.rs.\n\
         // To change this file, change specs/{provider}/ or xtask/ and run the command again.\n\n"
    );
    Ok(header + &prettyplease::unparse(&file))
}

/// An identifier, raw when it is a keyword.
fn ident(name: &str) -> String {
    match syn::parse_str::<syn::Ident>(name) {
        Ok(_) => name.to_owned(),
        Err(_) => format!("r#{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: &str = r#"
        pub struct Client { baseurl: String }
        impl Client {
            pub fn get_thing(&self) -> builder::GetThing<'_> { builder::GetThing::new(self) }
        }
        pub mod builder {
            pub struct GetThing<'a> {
                client: &'a super::Client,
                id: Result<::std::string::String, String>,
                tags: Result<Option<::std::vec::Vec<i64>>, String>,
                x_trace: Result<Option<::std::string::String>, String>,
            }
            impl<'a> GetThing<'a> {
                ///Sends a `GET` request to `/things/{id}`
                pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<types::Oops>> { todo!() }
            }
        }
    "#;

    fn document() -> Value {
        json!({
            "paths": {"/things/{id}": {"get": {
                "operationId": "getThing",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Thing"},
                        "example": {"name": "a thing"}
                    }}},
                    "4XX": {"description": "no", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Oops"}
                    }}}
                }
            }}},
            "components": {"schemas": {
                "Thing": {"type": "object", "properties": {
                    "name": {"type": "string", "nullable": true},
                    "kind": {"type": "string", "enum": ["a", "b"]}
                }},
                "Oops": {"type": "object", "properties": {"message": {"type": "string"}}}
            }}
        })
    }

    fn recipe(extra: &str) -> ContractRecipe {
        toml::from_str(&format!(
            "[client]\nmodule = \"thing\"\nclient = \"thing::Client\"\n[synthesis.parameters]\n\"path:id\" = \"me\"\n{extra}"
        ))
        .unwrap()
    }

    #[test]
    fn cases_of_an_operation() {
        let document = document();
        let operations = client::operations(CLIENT).unwrap();
        let cases =
            Cases::build("thing", "1.0", &document, None, &operations, &recipe("")).unwrap();
        let op = &cases.json["operations"][0];
        assert_eq!(op["id"], "get_thing");
        let full = &op["calls"][0];
        assert_eq!(full["path"], json!(["things", "me"]));
        assert_eq!(full["args"]["tags"], json!([101]));
        assert_eq!(full["query"], json!([["tags", "101"]]));
        assert_eq!(
            full["headers"],
            json!([{"name": "x-trace", "value": "X_Trace-2"}])
        );
        let required = &op["calls"][1];
        assert_eq!(required["args"], json!({"id": "me"}));
        // A and B of the answer, its example, A and B of the error.
        let bodies: Vec<&str> = op["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["body"].as_str().unwrap())
            .collect();
        assert_eq!(
            bodies,
            [
                "Thing A",
                "Thing B",
                "get_thing 200 example example",
                "Oops A",
                "Oops B"
            ]
        );
        assert_eq!(op["cases"][3]["status"], 400);
        let a = &cases.json["bodies"]["Thing A"];
        assert_eq!(a["json"]["kind"], "b");
        assert_eq!(a["enums"], json!(["/kind"]));
        assert_eq!(
            cases.json["bodies"]["Thing B"]["json"],
            json!({"name": null})
        );
        let rust = rust_file("thing", &recipe(""), &cases).unwrap();
        assert!(
            rust.contains(".id(args.get::<::std::string::String>(\"id\")?)"),
            "{rust}"
        );
        assert!(
            rust.contains("args.opt::<::std::vec::Vec<i64>>(\"tags\")?"),
            "{rust}"
        );
        // One operation or body a line.
        let text = layout(&cases.json).unwrap();
        assert!(
            text.lines().any(|l| l.starts_with("\"Thing B\": {")),
            "{text}"
        );
        let again: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(again, cases.json);
    }

    #[test]
    fn exceptions_are_listed_and_must_exist() {
        let document = document();
        let operations = client::operations(CLIENT).unwrap();
        let excepted = recipe(
            "[[exceptions]]\noperation = \"get_thing\"\nreason = \"r\"\n\
             [[example_exceptions]]\nexample = \"get_thing 200 example example\"\nreason = \"e\"",
        );
        let error = Cases::build("thing", "1.0", &document, None, &operations, &excepted)
            .err()
            .unwrap();
        // The operation is not exercised, so neither is its example.
        assert!(
            format!("{error:#}").contains("unknown example"),
            "{error:#}"
        );
        let excepted = recipe("[[exceptions]]\noperation = \"get_thing\"\nreason = \"r\"");
        let cases = Cases::build("thing", "1.0", &document, None, &operations, &excepted).unwrap();
        assert_eq!(cases.json["operations"], json!([]));
        assert_eq!(
            cases.json["exceptions"],
            json!([{"operation": "get_thing", "method": "GET", "path": "/things/{id}", "reason": "r"}])
        );
        let unknown = recipe("[[exceptions]]\noperation = \"nope\"\nreason = \"r\"");
        assert!(Cases::build("thing", "1.0", &document, None, &operations, &unknown).is_err());
    }
}
