//! The runtime of the generated contract tests (`tests/<provider>/generated_contract.rs`,
//! written by `cargo xtask codegen` with their cases in `generated_cases.json`).
//!
//! For each case, one httpmock mock is armed that answers only the exact request the case
//! expects (method, path with its values, query, headers, body), the operation is sent through
//! the real client, and the typed answer is serialized back and compared with what was served:
//! every property sent must come back (modulo the lenient normalisations: `null` for an absent
//! property and vice versa, `null` for an empty string or list, numbers as strings), and the
//! re-serialized JSON must decode again to the same value; an error answer must arrive as the
//! client's error carrying the decoded body. Every case runs, and the test fails with the list
//! of every failing one. Each test prints one `contract-coverage: {json}` line (read by
//! `cargo xtask coverage`) and fails when coverage falls below `specs/<provider>/coverage.toml`
//! or when a schema an answer can hold was never decoded.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use httpmock::{HttpMockRequest, MockServer};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// What a call gives: an outcome, or why it could not be made (an argument that does not
/// decode into the parameter's type).
pub type Result = std::result::Result<Outcome, String>;

/// A call of an operation in flight.
pub type Call<'a> = Pin<Box<dyn Future<Output = Result> + 'a>>;

/// The generated dispatcher: sends `operation` with `args` through `client`.
pub type Dispatch<C> = for<'a> fn(&'a C, &'a str, &'a Args) -> Call<'a>;

/// Sets an optional parameter when there is a value.
pub trait Maybe: Sized {
    /// `set(self, v)` when `value` is `Some(v)`, else `self`.
    fn maybe<V>(self, value: Option<V>, set: impl FnOnce(Self, V) -> Self) -> Self {
        match value {
            Some(v) => set(self, v),
            None => self,
        }
    }
}

impl<T> Maybe for T {}

/// The arguments of a call, by builder parameter name, as synthesised JSON.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Args(Map<String, Value>);

impl Args {
    /// The argument `name`, decoded into the parameter's type.
    pub fn get<T: DeserializeOwned>(&self, name: &str) -> std::result::Result<T, String> {
        let value = self
            .0
            .get(name)
            .ok_or_else(|| format!("argument {name} missing"))?;
        serde_json::from_value(value.clone())
            .map_err(|e| format!("argument {name} = {value} does not decode: {e}"))
    }

    /// The argument `name` if the call has it.
    pub fn opt<T: DeserializeOwned>(&self, name: &str) -> std::result::Result<Option<T>, String> {
        match self.0.contains_key(name) {
            true => self.get(name).map(Some),
            false => Ok(None),
        }
    }

    /// The raw JSON of argument `name`.
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }
}

/// What the client made of the answer.
#[derive(Debug)]
pub enum Outcome {
    /// A success, with the typed answer serialized back (`null` for no body).
    Success {
        /// The HTTP status, when the client tells it.
        status: Option<u16>,
        /// The typed answer, serialized back.
        body: Value,
    },
    /// A documented error, with the typed error body serialized back.
    ErrorBody {
        /// The HTTP status.
        status: u16,
        /// The typed error body, serialized back (`null` when the error is not typed).
        body: Value,
    },
    /// Anything else: refused before sending, undecodable answer, unexpected status, …
    Failed(String),
}

/// Turns a generated operation's result into an [`Outcome`], checking that the typed value
/// serializes, decodes again from that JSON, and serializes the same the second time.
pub fn typed<T, E>(
    result: std::result::Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<E>>,
) -> Outcome
where
    T: Serialize + DeserializeOwned,
    E: Serialize + DeserializeOwned + std::fmt::Debug,
{
    match result {
        Ok(value) => {
            let status = value.status().as_u16();
            match round_trip(&*value) {
                Ok(body) => Outcome::Success {
                    status: Some(status),
                    body,
                },
                Err(e) => Outcome::Failed(e),
            }
        }
        Err(progenitor_client::Error::ErrorResponse(value)) => {
            let status = value.status().as_u16();
            match round_trip(&*value) {
                Ok(body) => Outcome::ErrorBody { status, body },
                Err(e) => Outcome::Failed(e),
            }
        }
        Err(progenitor_client::Error::UnexpectedResponse(response)) => Outcome::Failed(format!(
            "unexpected response: HTTP {}",
            response.status().as_u16()
        )),
        Err(other) => Outcome::Failed(other.to_string()),
    }
}

/// Serializes `value`, decodes that JSON again and checks it serializes identically.
pub fn round_trip<T: Serialize + DeserializeOwned>(
    value: &T,
) -> std::result::Result<Value, String> {
    let first = serde_json::to_value(value).map_err(|e| format!("does not serialize: {e}"))?;
    let again: T = serde_json::from_value(first.clone())
        .map_err(|e| format!("its own serialization does not decode: {e}; JSON {first}"))?;
    let second = serde_json::to_value(&again).map_err(|e| format!("does not serialize: {e}"))?;
    if first != second {
        return Err(format!(
            "serializes differently after a round trip: {first} then {second}"
        ));
    }
    Ok(first)
}

/// The provider-specific part: the mock server, the clients, the credentials each operation
/// carries, and the operations written by hand.
pub trait Adapter {
    /// The generated client type.
    type Client;
    /// The server the clients talk to.
    fn server(&self) -> &MockServer;
    /// The path of the API on the server (`/2.0` for Budgea).
    fn base_path(&self) -> &str {
        ""
    }
    /// The client that sends `operation` (e.g. with or without a session).
    fn client(&self, operation: &Operation) -> &Self::Client;
    /// The credentials `operation` must carry, as header rules.
    fn auth_headers(&self, operation: &Operation) -> Vec<HeaderRule>;
    /// Sends an operation that is not generated (`generated: false`).
    fn call_hand_written<'a>(&'a self, operation: &'a Operation, _args: &'a Args) -> Call<'a> {
        Box::pin(async move {
            Err(format!(
                "{} is hand-written, and the adapter does not send it",
                operation.id
            ))
        })
    }
}

/// A header the request must (or must not) carry.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HeaderRule {
    /// The header name, lower case.
    pub name: String,
    /// Its exact value.
    #[serde(default)]
    pub value: Option<String>,
    /// The start of its value.
    #[serde(default)]
    pub prefix: Option<String>,
    /// It must not be sent.
    #[serde(default)]
    pub absent: bool,
}

impl HeaderRule {
    /// `name: value`.
    pub fn exact(name: &str, value: impl Into<String>) -> Self {
        HeaderRule {
            name: name.to_ascii_lowercase(),
            value: Some(value.into()),
            ..Default::default()
        }
    }

    /// No header `name`.
    pub fn absent(name: &str) -> Self {
        HeaderRule {
            name: name.to_ascii_lowercase(),
            absent: true,
            ..Default::default()
        }
    }
}

/// An operation of the cases.
#[derive(Debug, Deserialize)]
pub struct Operation {
    /// The operation id (the client method).
    pub id: String,
    /// `GET`, `POST`, …
    pub method: String,
    /// The path template.
    pub path: String,
    /// Whether the generated client has it (else the adapter sends it).
    pub generated: bool,
    /// The security schemes of its first requirement (empty when public).
    pub security: Vec<String>,
    /// How a hand-written operation is sent differently from the document, and why.
    #[serde(default)]
    deviations: Vec<Value>,
    calls: Vec<CallSpec>,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct CallSpec {
    name: String,
    args: Args,
    path: Vec<String>,
    query: Vec<(String, String)>,
    headers: Vec<HeaderRule>,
    #[serde(default)]
    body: Option<BodySpec>,
}

#[derive(Debug, Clone, Deserialize)]
struct BodySpec {
    kind: String,
    expected: Value,
}

#[derive(Debug, Deserialize)]
struct Case {
    call: usize,
    status: u16,
    body: Option<String>,
    #[serde(rename = "type")]
    rust_type: String,
}

#[derive(Debug, Deserialize)]
struct Body {
    json: Value,
    /// The component schemas it holds instances of.
    #[serde(default)]
    schemas: Vec<String>,
    #[serde(default)]
    expected: Option<Value>,
    #[serde(default)]
    enums: Vec<String>,
    #[serde(default)]
    objects: Vec<String>,
    #[serde(default)]
    datetimes: Vec<(String, String)>,
}

#[derive(Debug, Deserialize, Serialize)]
struct Exception {
    operation: String,
    method: String,
    path: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
struct Suite {
    provider: String,
    /// The `api-version` header the generated client sends.
    api_version: String,
    /// How many component schemas the document has.
    schemas: usize,
    /// Those an answer can hold.
    answer_schemas: BTreeSet<String>,
    operations: Vec<Operation>,
    exceptions: Vec<Exception>,
    /// Examples of the document that are not served, with the reason.
    #[serde(default)]
    example_exceptions: Vec<Value>,
    bodies: BTreeMap<String, Body>,
}

/// Which item of the issue a test covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// Every operation: its requests, and every documented answer (variants A and B, errors).
    Operations,
    /// The A bodies with (a) an unknown value in every enum, (b) an unknown property in every
    /// object, (c) every timestamp in the other form (naive or RFC 3339).
    Tolerance,
}

/// The tolerance mutations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mutation {
    Enums,
    Objects,
    Datetimes,
}

impl Mutation {
    fn name(self) -> &'static str {
        match self {
            Mutation::Enums => "enums",
            Mutation::Objects => "objects",
            Mutation::Datetimes => "datetimes",
        }
    }
}

/// One request/answer exchange to run.
struct Step<'s> {
    operation: &'s Operation,
    call: &'s CallSpec,
    case: &'s Case,
    served: Option<Value>,
    expected: Option<Value>,
    label: String,
    mutation: Option<(Mutation, usize)>,
}

/// The unknown property added to every object by the tolerance cases.
const UNKNOWN_PROPERTY: &str = "x_bankapi_unknown_property";

impl Suite {
    fn steps(&self, item: Item) -> Vec<Step<'_>> {
        let mut steps = Vec::new();
        for operation in &self.operations {
            for case in &operation.cases {
                let call = &operation.calls[case.call];
                let body = case.body.as_ref().map(|id| (id, &self.bodies[id]));
                let label = format!(
                    "{} [{} call, HTTP {}{}]",
                    operation.id,
                    call.name,
                    case.status,
                    case.body
                        .as_ref()
                        .map(|b| format!(", body {b}"))
                        .unwrap_or_default()
                );
                match item {
                    Item::Operations => steps.push(Step {
                        operation,
                        call,
                        case,
                        served: body.map(|(_, b)| b.json.clone()),
                        expected: body.map(|(_, b)| b.expected.clone().unwrap_or(b.json.clone())),
                        label,
                        mutation: None,
                    }),
                    Item::Tolerance => {
                        let Some((id, body)) = body else { continue };
                        if !id.ends_with(" A") {
                            continue;
                        }
                        let expected = body.expected.clone().unwrap_or(body.json.clone());
                        if !body.enums.is_empty() {
                            let mut served = body.json.clone();
                            let mut expected = expected.clone();
                            for (i, pointer) in body.enums.iter().enumerate() {
                                let unknown = Value::String(format!("x-unknown-value-{i}"));
                                set(&mut served, pointer, unknown.clone());
                                set(&mut expected, pointer, unknown);
                            }
                            steps.push(Step {
                                operation,
                                call,
                                case,
                                served: Some(served),
                                expected: Some(expected),
                                label: format!("{label} with unknown enum values"),
                                mutation: Some((Mutation::Enums, body.enums.len())),
                            });
                        }
                        if !body.objects.is_empty() {
                            let mut served = body.json.clone();
                            for pointer in &body.objects {
                                if let Some(Value::Object(object)) = served.pointer_mut(pointer) {
                                    object.insert(
                                        UNKNOWN_PROPERTY.to_owned(),
                                        json!({"nested": ["unknown", 1, null]}),
                                    );
                                }
                            }
                            steps.push(Step {
                                operation,
                                call,
                                case,
                                served: Some(served),
                                expected: Some(expected.clone()),
                                label: format!("{label} with unknown properties"),
                                mutation: Some((Mutation::Objects, body.objects.len())),
                            });
                        }
                        if !body.datetimes.is_empty() {
                            let mut served = body.json.clone();
                            let mut expected = expected.clone();
                            for (pointer, other) in &body.datetimes {
                                set(&mut served, pointer, Value::String(other.clone()));
                                set(&mut expected, pointer, Value::String(other.clone()));
                            }
                            steps.push(Step {
                                operation,
                                call,
                                case,
                                served: Some(served),
                                expected: Some(expected),
                                label: format!("{label} with timestamps in the other form"),
                                mutation: Some((Mutation::Datetimes, body.datetimes.len())),
                            });
                        }
                    }
                }
            }
        }
        steps
    }
}

fn set(value: &mut Value, pointer: &str, new: Value) {
    if let Some(slot) = value.pointer_mut(pointer) {
        *slot = new;
    }
}

/// The request a case expects, checked inside the mock's matcher.
#[derive(Debug)]
struct Expected {
    method: String,
    base_path: String,
    path: Vec<String>,
    query: Vec<(String, String)>,
    headers: Vec<HeaderRule>,
    body: Option<BodySpec>,
}

impl Expected {
    fn problems(&self, request: &HttpMockRequest) -> Vec<String> {
        let mut problems = Vec::new();
        if request.method_str() != self.method {
            problems.push(format!(
                "method {} instead of {}",
                request.method_str(),
                self.method
            ));
        }
        let uri = request.uri();
        let raw_path = uri.path();
        match raw_path.strip_prefix(&self.base_path) {
            Some(rest) => {
                let segments: Vec<String> = rest.split('/').skip(1).map(percent_decode).collect();
                if segments != self.path {
                    problems.push(format!(
                        "path {raw_path} (segments {segments:?}) instead of {:?}",
                        self.path
                    ));
                }
            }
            None => problems.push(format!("path {raw_path} outside {}", self.base_path)),
        }
        let mut query = request.query_params();
        query.sort();
        let mut expected = self.query.clone();
        expected.sort();
        if query != expected {
            problems.push(format!("query {query:?} instead of {expected:?}"));
        }
        for rule in &self.headers {
            let values: Vec<&str> = request
                .headers_vec()
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(&rule.name))
                .map(|(_, v)| v.as_str())
                .collect();
            let ok = if rule.absent {
                values.is_empty()
            } else if let Some(value) = &rule.value {
                values == [value.as_str()]
            } else if let Some(prefix) = &rule.prefix {
                values.len() == 1 && values[0].starts_with(prefix.as_str())
            } else {
                values.len() == 1
            };
            if !ok {
                problems.push(format!(
                    "header {}: {values:?}, expected {}",
                    rule.name,
                    if rule.absent {
                        "none".to_owned()
                    } else {
                        format!("{:?}", rule.value.as_ref().or(rule.prefix.as_ref()))
                    }
                ));
            }
        }
        let body = request.body_ref();
        match &self.body {
            None => {
                if !body.is_empty() {
                    problems.push(format!(
                        "a body ({} bytes) where none is expected",
                        body.len()
                    ));
                }
            }
            Some(spec) => {
                let actual = match spec.kind.as_str() {
                    "json" => serde_json::from_slice::<Value>(body)
                        .map_err(|e| format!("the body is not JSON: {e}")),
                    "form" => Ok(form_object(body)),
                    "multipart" => {
                        let content_type = request
                            .headers_vec()
                            .iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default();
                        multipart_object(&content_type, body)
                    }
                    other => Err(format!("unknown body kind {other}")),
                };
                match actual {
                    Ok(actual) => {
                        let lenient = spec.kind != "json";
                        let mut diffs = Vec::new();
                        compare(&spec.expected, &actual, "body", lenient, &mut diffs);
                        problems.extend(diffs);
                    }
                    Err(e) => problems.push(e),
                }
            }
        }
        problems
    }
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&segment[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A form body as an object (a repeated field becomes a list).
fn form_object(body: &[u8]) -> Value {
    let mut object = Map::new();
    let text = String::from_utf8_lossy(body).replace('+', " ");
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        insert_field(&mut object, percent_decode(k), percent_decode(v));
    }
    Value::Object(object)
}

fn insert_field(object: &mut Map<String, Value>, key: String, value: String) {
    match object.get_mut(&key) {
        None => {
            object.insert(key, Value::String(value));
        }
        Some(Value::Array(items)) => items.push(Value::String(value)),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, Value::String(value)]);
        }
    }
}

/// A `multipart/form-data` body as an object of its parts' contents.
fn multipart_object(content_type: &str, body: &[u8]) -> std::result::Result<Value, String> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .ok_or_else(|| format!("no multipart boundary in {content_type:?}"))?;
    let text = String::from_utf8_lossy(body);
    let mut object = Map::new();
    for part in text.split(&format!("--{boundary}")).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let Some((head, content)) = part.split_once("\r\n\r\n") else {
            return Err(format!("a multipart part without headers: {part:?}"));
        };
        let name = head
            .split(';')
            .find_map(|p| p.trim().strip_prefix("name=\""))
            .and_then(|n| n.split('"').next())
            .ok_or_else(|| format!("a multipart part without a name: {head:?}"))?;
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        insert_field(&mut object, name.to_owned(), content.to_owned());
    }
    Ok(Value::Object(object))
}

fn is_empty_like(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Whether two numbers are equal: exactly for integers, as floats otherwise.
fn same_number(expected: &Value, actual: &Value) -> bool {
    let integer = |v: &Value| match v {
        Value::Number(n) => n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
        Value::String(s) => s.trim().parse::<i128>().ok(),
        _ => None,
    };
    match (integer(expected), integer(actual)) {
        (Some(e), Some(a)) => e == a,
        _ => number_of(expected).is_some() && number_of(expected) == number_of(actual),
    }
}

fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Compares what was expected with what came back. Accepted differences: `null`, absent and
/// empty are the same; a number or a boolean may come back as a string holding it (exact
/// decimals serialize as strings; lenient strings keep what they were sent as text). `lenient`
/// also accepts numbers written as strings where numbers were expected the other way round
/// (form fields, multipart parts).
fn compare(expected: &Value, actual: &Value, at: &str, lenient: bool, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Null, actual) if is_empty_like(actual) => {}
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let here = format!("{at}.{key}");
                match a.get(key) {
                    Some(av) => compare(ev, av, &here, lenient, diffs),
                    // Absent, `null` and empty are the same (`skip_serializing_if`).
                    None if is_empty_like(ev) => {}
                    None => diffs.push(format!("{here}: dropped (sent {ev})")),
                }
            }
            for (key, av) in a {
                if !e.contains_key(key) && !is_empty_like(av) {
                    diffs.push(format!("{at}.{key}: {av} appeared"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                diffs.push(format!("{at}: {} items instead of {}", a.len(), e.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare(ev, av, &format!("{at}[{i}]"), lenient, diffs);
            }
        }
        (Value::Number(_), Value::Number(_) | Value::String(_))
            if same_number(expected, actual) => {}
        (Value::String(_), Value::Number(_)) if lenient && same_number(expected, actual) => {}
        // Lenient strings keep a boolean as its text.
        (Value::Bool(b), Value::String(s)) if *s == b.to_string() => {}
        (Value::String(e), Value::String(a)) if e == a => {}
        (Value::Bool(e), Value::Bool(a)) if e == a => {}
        (expected, actual) => diffs.push(format!("{at}: {actual} instead of {expected}")),
    }
}

/// Counts of a run.
#[derive(Debug, Default, Serialize)]
struct TallyMutation {
    run: usize,
    passed: usize,
    values: usize,
}

#[derive(Debug, Default)]
struct Tally {
    cases: usize,
    passed: usize,
    operations_failed: BTreeSet<String>,
    operations_run: BTreeSet<String>,
    types: BTreeSet<String>,
    schemas: BTreeSet<String>,
    mutations: BTreeMap<Mutation, TallyMutation>,
    failures: Vec<String>,
}

/// Runs the cases of `item` against the adapter's server, prints the coverage line, and fails
/// with every failing case, or when coverage is below `thresholds`.
pub async fn run<A: Adapter>(
    adapter: &A,
    cases: &str,
    thresholds: &str,
    item: Item,
    dispatch: Dispatch<A::Client>,
) {
    let suite: Suite = serde_json::from_str(cases).expect("generated_cases.json");
    let mut tally = Tally::default();
    for step in suite.steps(item) {
        let problems = run_step(adapter, &suite.api_version, &step, dispatch).await;
        tally.cases += 1;
        tally.operations_run.insert(step.operation.id.clone());
        if let Some((mutation, _)) = step.mutation {
            tally.mutations.entry(mutation).or_default().run += 1;
        }
        if problems.is_empty() {
            tally.passed += 1;
            if let Some(body) = &step.case.body {
                if step.case.rust_type.starts_with("types::") {
                    tally.types.insert(step.case.rust_type.clone());
                }
                tally
                    .schemas
                    .extend(suite.bodies[body].schemas.iter().cloned());
            }
            if let Some((mutation, values)) = step.mutation {
                let t = tally.mutations.entry(mutation).or_default();
                t.passed += 1;
                t.values += values;
            }
        } else {
            tally.operations_failed.insert(step.operation.id.clone());
            tally
                .failures
                .push(format!("{}:\n    {}", step.label, problems.join("\n    ")));
        }
    }
    report(&suite, item, &tally, thresholds);
}

async fn run_step<A: Adapter>(
    adapter: &A,
    api_version: &str,
    step: &Step<'_>,
    dispatch: Dispatch<A::Client>,
) -> Vec<String> {
    let mut headers = vec![HeaderRule::exact("accept", "application/json")];
    if step.operation.generated {
        headers.push(HeaderRule::exact("api-version", api_version));
    }
    headers.extend(step.call.headers.iter().cloned());
    headers.extend(adapter.auth_headers(step.operation));
    let expected = Arc::new(Expected {
        method: step.operation.method.clone(),
        base_path: adapter.base_path().to_owned(),
        path: step.call.path.clone(),
        query: step.call.query.clone(),
        headers,
        body: step.call.body.clone(),
    });
    let mismatch = Arc::new(Mutex::new(Vec::new()));
    let served = step
        .served
        .as_ref()
        .map(|b| serde_json::to_vec(b).expect("a body"));
    let status = step.case.status;
    let mock = {
        let expected = expected.clone();
        let mismatch = mismatch.clone();
        adapter
            .server()
            .mock_async(move |when, then| {
                when.is_true(move |request| {
                    let problems = expected.problems(request);
                    let ok = problems.is_empty();
                    // Requests of other mocks (a token grant) do not hide this one's problems.
                    if !ok && request.uri().path().starts_with(&expected.base_path) {
                        *mismatch.lock().expect("not poisoned") = problems;
                    }
                    ok
                });
                let then = then.status(status);
                if let Some(body) = served {
                    then.header("content-type", "application/json").body(body);
                }
            })
            .await
    };
    let outcome = if step.operation.generated {
        dispatch(
            adapter.client(step.operation),
            &step.operation.id,
            &step.call.args,
        )
        .await
    } else {
        adapter
            .call_hand_written(step.operation, &step.call.args)
            .await
    };
    let hits = mock.calls_async().await;
    mock.delete_async().await;
    let mut problems = Vec::new();
    if hits == 0 {
        let mismatch = mismatch.lock().expect("not poisoned").clone();
        problems.push(format!(
            "the request did not match: {}",
            if mismatch.is_empty() {
                "(not received)".to_owned()
            } else {
                mismatch.join("; ")
            }
        ));
    }
    let expected_body = step.expected.as_ref();
    match (step.case.status >= 400, outcome) {
        (_, Err(e)) => problems.push(format!("not sent: {e}")),
        (_, Ok(Outcome::Failed(e))) => problems.push(e),
        (false, Ok(Outcome::Success { status, body })) => {
            if status.is_some_and(|s| s != step.case.status) {
                problems.push(format!("HTTP {status:?} reported"));
            }
            if let Some(expected) = expected_body {
                compare(expected, &body, "answer", false, &mut problems);
            }
        }
        (true, Ok(Outcome::ErrorBody { status, body })) => {
            if status != step.case.status {
                problems.push(format!("error with HTTP {status}"));
            }
            match expected_body {
                Some(expected) if !body.is_null() || step.case.rust_type != "()" => {
                    compare(expected, &body, "error body", false, &mut problems)
                }
                _ => {}
            }
        }
        (error, Ok(other)) => problems.push(format!(
            "{} expected, got {other:?}",
            if error { "an error" } else { "a success" }
        )),
    }
    problems
}

/// The deviations of hand-written operations, one line each (`field: omitted|required: why`),
/// with the operations they concern.
fn deviations(suite: &Suite) -> Vec<String> {
    let mut by_text: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for operation in &suite.operations {
        for deviation in &operation.deviations {
            let field = deviation["field"].as_str().unwrap_or_default();
            let text = match (deviation.get("omitted"), deviation.get("required")) {
                (Some(why), _) => {
                    format!("`{field}` not sent: {}", why.as_str().unwrap_or_default())
                }
                (_, Some(why)) => format!(
                    "`{field}` always sent: {}",
                    why.as_str().unwrap_or_default()
                ),
                _ => continue,
            };
            by_text.entry(text).or_default().push(&operation.id);
        }
    }
    by_text
        .into_iter()
        .map(|(text, ops)| format!("{text} ({} operations)", ops.len()))
        .collect()
}

/// Reads `key = integer` lines.
fn thresholds_of(text: &str) -> BTreeMap<String, usize> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            let (k, v) = l.split_once('=')?;
            Some((k.trim().to_owned(), v.trim().parse().ok()?))
        })
        .collect()
}

fn report(suite: &Suite, item: Item, tally: &Tally, thresholds: &str) {
    let thresholds = thresholds_of(thresholds);
    let operations = suite.operations.len() + suite.exceptions.len();
    let exercised = tally
        .operations_run
        .difference(&tally.operations_failed)
        .count();
    let mut line = json!({
        "provider": suite.provider,
        "item": match item { Item::Operations => "operations", Item::Tolerance => "tolerance" },
        "operations": operations,
        "exercised": exercised,
        "exceptions": suite.exceptions.len(),
        "exception_list": suite.exceptions,
        "example_exceptions": suite.example_exceptions,
        "deviations": deviations(suite),
        "cases": tally.cases,
        "cases_passed": tally.passed,
    });
    let mut counts: Vec<(&str, usize)> = Vec::new();
    match item {
        Item::Operations => {
            line["schemas_decoded"] = json!(tally.schemas.len());
            line["schemas"] = json!(suite.schemas);
            line["answer_schemas"] = json!(suite.answer_schemas.len());
            line["response_types"] = json!(tally.types.len());
            counts.extend([
                ("operations", operations),
                ("exercised", exercised),
                ("schemas_decoded", tally.schemas.len()),
                ("response_types", tally.types.len()),
                ("cases", tally.passed),
            ]);
        }
        Item::Tolerance => {
            for mutation in [Mutation::Enums, Mutation::Objects, Mutation::Datetimes] {
                let t = tally.mutations.get(&mutation);
                line[mutation.name()] = json!(
                    t.map_or_else(|| json!({"run": 0, "passed": 0, "values": 0}), |t| json!(t))
                );
            }
            let values = |m: Mutation| tally.mutations.get(&m).map_or(0, |t| t.values);
            counts.extend([
                ("tolerance_enum_values", values(Mutation::Enums)),
                ("tolerance_object_values", values(Mutation::Objects)),
                ("tolerance_datetime_values", values(Mutation::Datetimes)),
            ]);
        }
    }
    println!("contract-coverage: {line}");
    let mut failures = String::new();
    for failure in &tally.failures {
        let _ = writeln!(failures, "- {failure}");
    }
    let mut below = Vec::new();
    for (key, count) in counts {
        if let Some(min) = thresholds.get(key) {
            if count < *min {
                below.push(format!("{key}: {count} < {min}"));
            }
        }
    }
    if item == Item::Operations {
        let never: Vec<&String> = suite.answer_schemas.difference(&tally.schemas).collect();
        if !never.is_empty() {
            below.push(format!(
                "schemas an answer can hold, never decoded: {never:?}"
            ));
        }
        if let Some(max) = thresholds.get("exceptions") {
            if suite.exceptions.len() > *max {
                below.push(format!("exceptions: {} > {max}", suite.exceptions.len()));
            }
        }
    }
    assert!(
        tally.failures.is_empty() && below.is_empty(),
        "{} of {} {} cases of {} failed ({} operations):\n{failures}\ncoverage below specs/{}/coverage.toml: {below:?}",
        tally.failures.len(),
        tally.cases,
        match item { Item::Operations => "operation", Item::Tolerance => "tolerance" },
        suite.provider,
        tally.operations_failed.len(),
        suite.provider,
    );
    assert!(tally.cases > 0, "no cases ran");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_accepts_the_lenient_normalisations_only() {
        let mut diffs = Vec::new();
        compare(
            &json!({"a": null, "b": 1.5, "c": "x", "d": [1], "e": null}),
            &json!({"b": "1.5", "c": "x", "d": [1.0], "e": "", "f": null}),
            "$",
            false,
            &mut diffs,
        );
        assert!(diffs.is_empty(), "{diffs:?}");
        compare(
            &json!({"a": 1, "b": "x", "c": [1, 2]}),
            &json!({"b": "y", "c": [1], "g": 2}),
            "$",
            false,
            &mut diffs,
        );
        assert_eq!(diffs.len(), 4, "{diffs:?}");
    }

    #[test]
    fn bodies_are_read_back() {
        assert_eq!(
            form_object(b"a=1&b=x+y&a=2&c=%2F"),
            json!({"a": ["1", "2"], "b": "x y", "c": "/"})
        );
        let body = b"--B\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nv\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--B--\r\n";
        assert_eq!(
            multipart_object("multipart/form-data; boundary=B", body).unwrap(),
            json!({"n": "v", "file": "%PDF"})
        );
        assert_eq!(percent_decode("a%20b%2C"), "a b,");
        assert_eq!(
            thresholds_of("# x\nops = 3 # all\n\nbad\n"),
            BTreeMap::from([("ops".to_owned(), 3)])
        );
    }
}
