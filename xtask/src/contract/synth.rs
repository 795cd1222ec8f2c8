//! Values synthesised from the schemas of the patched document: deterministic (a counter, no
//! randomness, the document's order), valid for the schema (formats, enums, patterns, bounds),
//! with `$ref` cycles and deep expansions cut at a nesting depth.
//!
//! Besides the value, synthesis records where the tolerance cases mutate it (`Marks`: every
//! string enum, every object with declared properties, every `date-time`), and what a decoder
//! gives back for it (`expected`: the value with the defaults of absent properties filled in).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Context};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// Which values a synthesised body holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Every property present, with a valid value (response variant A, the call with every
    /// parameter).
    Full,
    /// Every nullable property `null`, every other optional property absent, required ones
    /// (recursively) in this variant (response variant B).
    Nulls,
    /// Required properties only, with valid values (request bodies of the call with the
    /// required parameters only).
    Required,
}

/// JSON pointers into a synthesised value, for the tolerance cases.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Marks {
    /// String enums (an unknown value must decode and be kept).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<String>,
    /// Objects with declared properties (an unknown property must be ignored).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<String>,
    /// `format: date-time` strings (the other timestamp form must decode).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub datetimes: Vec<String>,
    /// The component schemas the value holds an instance of.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub schemas: BTreeSet<String>,
}

/// A synthesised value, what decoding and re-encoding it must give, and its marks.
#[derive(Debug, Clone)]
pub struct Synthesised {
    pub value: Value,
    /// The value with the defaults of absent properties (what the typed value holds).
    pub expected: Value,
    pub marks: Marks,
}

/// Named objects nested deeper than this are left out when optional (Budgea's expansions:
/// a connection with its accounts with their transactions with their account…).
const MAX_DEPTH: usize = 4;

/// The synthesiser of one document.
pub struct Synth<'d> {
    doc: &'d Value,
    naive_datetimes: bool,
    schema_values: BTreeMap<String, Value>,
    property_values: BTreeMap<String, Value>,
    counter: u64,
    plain: bool,
}

/// A schema with `$ref`s followed and `allOf` merged.
#[derive(Debug)]
struct View<'d> {
    /// The component it comes from.
    name: Option<String>,
    nullable: bool,
    default: Option<&'d Value>,
    kind: Kind<'d>,
}

#[derive(Debug)]
enum Kind<'d> {
    Object {
        properties: Vec<(&'d str, &'d Value)>,
        required: Vec<&'d str>,
        /// `additionalProperties` (a schema; `{}` for `true`).
        additional: Option<&'d Value>,
    },
    Array(&'d Value, usize),
    String(&'d Value),
    Integer(&'d Value),
    Number(&'d Value),
    Boolean,
    Any,
}

struct Walk<'a> {
    stack: Vec<String>,
    marks: &'a mut Marks,
}

static EMPTY: Value = Value::Null;

impl<'d> Synth<'d> {
    pub fn new(
        doc: &'d Value,
        naive_datetimes: bool,
        schema_values: BTreeMap<String, Value>,
        property_values: BTreeMap<String, Value>,
    ) -> Self {
        Synth {
            doc,
            naive_datetimes,
            schema_values,
            property_values,
            counter: 0,
            plain: false,
        }
    }

    /// Strings without the characters that need escaping (for header values); by default
    /// free-form strings end with ` ä/&=+?#%`, so that paths, queries and form bodies prove
    /// their encoding.
    pub fn plain_strings(&mut self, plain: bool) {
        self.plain = plain;
    }

    /// Restarts the counter, so that a body's values do not depend on what was synthesised
    /// before it.
    pub fn reset(&mut self) {
        self.counter = 0;
    }

    fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// The schema `reference` (`#/components/...`) points to.
    pub fn deref(&self, reference: &str) -> anyhow::Result<&'d Value> {
        let pointer = reference
            .strip_prefix('#')
            .with_context(|| format!("external reference {reference}"))?;
        self.doc
            .pointer(pointer)
            .with_context(|| format!("dangling reference {reference}"))
    }

    /// Follows `$ref`s (a response, a parameter, a schema).
    pub fn resolve(&self, mut value: &'d Value) -> anyhow::Result<&'d Value> {
        for _ in 0..32 {
            match value.get("$ref").and_then(Value::as_str) {
                Some(reference) => value = self.deref(reference)?,
                None => return Ok(value),
            }
        }
        bail!("reference loop")
    }

    fn view(&self, schema: &'d Value) -> anyhow::Result<View<'d>> {
        let mut name = None;
        let mut nullable = schema.get("nullable") == Some(&Value::Bool(true));
        let mut schema = schema;
        for _ in 0..32 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            name = reference.rsplit('/').next().map(str::to_owned);
            schema = self.deref(reference)?;
            nullable |= schema.get("nullable") == Some(&Value::Bool(true));
        }
        let default = schema.get("default");
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            let mut views = members
                .iter()
                .map(|m| self.view(m))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let own_object = schema.get("properties").is_some();
            if views.len() == 1 && !own_object {
                let mut view = views.pop().expect("one member");
                view.nullable |= nullable;
                view.name = view.name.or(name);
                view.default = default.or(view.default);
                return Ok(view);
            }
            let mut properties = Vec::new();
            let mut required = Vec::new();
            for view in views
                .into_iter()
                .chain(
                    own_object
                        .then(|| self.object_kind(schema))
                        .map(|kind| View {
                            name: None,
                            nullable: false,
                            default: None,
                            kind,
                        }),
                )
            {
                match view.kind {
                    Kind::Object {
                        properties: p,
                        required: r,
                        ..
                    } => {
                        for (key, value) in p {
                            if !properties.iter().any(|(k, _)| *k == key) {
                                properties.push((key, value));
                            }
                        }
                        required.extend(r);
                    }
                    other => bail!("allOf of a non-object ({other:?})"),
                }
            }
            return Ok(View {
                name,
                nullable,
                default,
                kind: Kind::Object {
                    properties,
                    required,
                    additional: None,
                },
            });
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(members) = schema.get(key).and_then(Value::as_array) {
                let first = members
                    .iter()
                    .find(|m| m.get("type").and_then(Value::as_str) != Some("null"))
                    .with_context(|| format!("{key} without a non-null member"))?;
                let mut view = self.view(first)?;
                view.nullable |= nullable;
                view.name = view.name.or(name);
                return Ok(view);
            }
        }
        let kind = match schema.get("type").and_then(Value::as_str) {
            Some("object") => self.object_kind(schema),
            Some("array") => Kind::Array(
                schema.get("items").unwrap_or(&EMPTY),
                schema
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .max(1) as usize,
            ),
            Some("string") => Kind::String(schema),
            Some("integer") => Kind::Integer(schema),
            Some("number") => Kind::Number(schema),
            Some("boolean") => Kind::Boolean,
            None if schema.get("properties").is_some() => self.object_kind(schema),
            None if schema.get("enum").is_some() => Kind::String(schema),
            None => Kind::Any,
            Some(other) => bail!("unsupported schema type {other:?}"),
        };
        Ok(View {
            name,
            nullable,
            default,
            kind,
        })
    }

    fn object_kind(&self, schema: &'d Value) -> Kind<'d> {
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default();
        let required = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let additional = match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => None,
            // Without properties, an object is free-form (a map of anything).
            None if schema.get("properties").is_some() => None,
            Some(Value::Bool(true)) | None => Some(&EMPTY),
            Some(schema) => Some(schema),
        };
        Kind::Object {
            properties,
            required,
            additional,
        }
    }

    /// A value of `schema` in `variant`; `label` names it (a property or parameter name).
    pub fn synthesise(
        &mut self,
        schema: &'d Value,
        variant: Variant,
        label: &str,
    ) -> anyhow::Result<Synthesised> {
        let mut marks = Marks::default();
        let mut walk = Walk {
            stack: Vec::new(),
            marks: &mut marks,
        };
        let (value, expected) = self.value(schema, variant, label, "", &mut walk)?;
        Ok(Synthesised {
            value,
            expected,
            marks,
        })
    }

    fn value(
        &mut self,
        schema: &'d Value,
        variant: Variant,
        label: &str,
        pointer: &str,
        walk: &mut Walk<'_>,
    ) -> anyhow::Result<(Value, Value)> {
        let view = self.view(schema)?;
        if let Some(name) = &view.name {
            walk.marks.schemas.insert(name.clone());
        }
        if let Some(fixed) = view.name.as_ref().and_then(|n| self.schema_values.get(n)) {
            let fixed = fixed.clone();
            return Ok((fixed.clone(), fixed));
        }
        match view.kind {
            Kind::Object {
                properties,
                required,
                additional,
            } => {
                if walk.stack.len() > 3 * MAX_DEPTH {
                    bail!(
                        "{pointer}: required properties nest too deep ({})",
                        walk.stack.join(" > ")
                    );
                }
                let pushed = view.name.clone();
                if let Some(name) = &pushed {
                    walk.stack.push(name.clone());
                }
                let mut value = Map::new();
                let mut expected = Map::new();
                for (key, property) in &properties {
                    let is_required = required.contains(key);
                    let child = self.view(property)?;
                    let child_pointer = format!("{pointer}/{}", escape(key));
                    let include = match variant {
                        Variant::Full => true,
                        Variant::Nulls => is_required || child.nullable,
                        Variant::Required => is_required,
                    };
                    let cut = self.cut(&child, &walk.stack)?;
                    if !include || (cut && !is_required) {
                        if let Some(default) = child.default {
                            if !child.nullable {
                                expected.insert((*key).to_owned(), default.clone());
                            }
                        }
                        continue;
                    }
                    if variant == Variant::Nulls && child.nullable {
                        value.insert((*key).to_owned(), Value::Null);
                        expected.insert((*key).to_owned(), Value::Null);
                        continue;
                    }
                    if let Some(fixed) = self.property_values.get(*key) {
                        if fits(fixed, &child.kind) {
                            value.insert((*key).to_owned(), fixed.clone());
                            expected.insert((*key).to_owned(), fixed.clone());
                            continue;
                        }
                    }
                    let child_variant = if cut && variant == Variant::Full {
                        Variant::Required
                    } else {
                        variant
                    };
                    let (v, e) = self.value(property, child_variant, key, &child_pointer, walk)?;
                    value.insert((*key).to_owned(), v);
                    expected.insert((*key).to_owned(), e);
                }
                if properties.is_empty() {
                    if let Some(additional) = additional {
                        let child_pointer = format!("{pointer}/key");
                        let (v, e) =
                            self.value(additional, variant, "key", &child_pointer, walk)?;
                        value.insert("key".to_owned(), v);
                        expected.insert("key".to_owned(), e);
                    }
                } else if additional.is_none() {
                    walk.marks.objects.push(pointer.to_owned());
                }
                if pushed.is_some() {
                    walk.stack.pop();
                }
                Ok((Value::Object(value), Value::Object(expected)))
            }
            Kind::Array(items, count) => {
                let mut values = Vec::new();
                let mut expected = Vec::new();
                for i in 0..count {
                    let (v, e) =
                        self.value(items, variant, label, &format!("{pointer}/{i}"), walk)?;
                    values.push(v);
                    expected.push(e);
                }
                Ok((Value::Array(values), Value::Array(expected)))
            }
            Kind::String(s) => {
                let n = self.next();
                let (value, datetime) = self.string(s, label, n)?;
                if s.get("enum").is_some() {
                    walk.marks.enums.push(pointer.to_owned());
                }
                if datetime {
                    walk.marks.datetimes.push(pointer.to_owned());
                }
                Ok((value.clone(), value))
            }
            Kind::Integer(s) => {
                let n = self.next();
                let v = integer(s, n);
                Ok((json!(v), json!(v)))
            }
            Kind::Number(s) => {
                let n = self.next();
                let v = number(s, n);
                Ok((json!(v), json!(v)))
            }
            Kind::Boolean => {
                let n = self.next();
                let v = Value::Bool(n % 2 == 1);
                Ok((v.clone(), v))
            }
            Kind::Any => {
                let n = self.next();
                let v = json!({ "any": format!("{label}-{n}") });
                Ok((v.clone(), v))
            }
        }
    }

    /// Whether an optional property of this schema is left out at this depth: a named object
    /// (or list of them) already being synthesised, or nested too deep.
    fn cut(&self, view: &View<'d>, stack: &[String]) -> anyhow::Result<bool> {
        let mut view_name = view.name.clone();
        let mut is_object = matches!(view.kind, Kind::Object { .. });
        if let Kind::Array(items, _) = view.kind {
            let items = self.view(items)?;
            view_name = items.name.clone();
            is_object = matches!(items.kind, Kind::Object { .. });
        }
        Ok(
            is_object
                && (stack.len() >= MAX_DEPTH || view_name.is_some_and(|n| stack.contains(&n))),
        )
    }

    /// A string valid for `schema`; whether it is a `date-time`.
    fn string(&self, schema: &Value, label: &str, n: u64) -> anyhow::Result<(Value, bool)> {
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if values.is_empty() {
                bail!("{label}: an enum without values");
            }
            return Ok((values[(n as usize - 1) % values.len()].clone(), false));
        }
        let day = 1 + (n % 28);
        let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
        let text = match format {
            "date" => format!("2024-02-{day:02}"),
            "date-time" if self.naive_datetimes => format!("2024-02-{day:02} 12:34:56"),
            "date-time" => format!("2024-02-{day:02}T12:34:56Z"),
            "ipv4" => format!("192.0.2.{}", 1 + n % 254),
            "uuid" => format!("00000000-0000-4000-8000-{n:012}"),
            "email" => format!("user{n}@example.com"),
            "uri" | "url" => format!("https://example.com/{label}/{n}"),
            "byte" => "c2FtcGxl".to_owned(),
            _ => {
                let base: String = label
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                match self.plain {
                    true => format!("{base}-{n}"),
                    false => format!("{base}-{n} ä/&=+?#%"),
                }
            }
        };
        let text = match schema.get("pattern").and_then(Value::as_str) {
            Some(pattern) => matching(pattern, &text, n).with_context(|| {
                format!(
                    "{label}: no value matches the pattern {pattern:?}; give one in contract.toml"
                )
            })?,
            None => text,
        };
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        let mut text = text;
        while text.chars().count() < min {
            text.push('x');
        }
        if let Some(max) = max {
            text = text.chars().take(max).collect();
        }
        Ok((Value::String(text), format == "date-time"))
    }

    /// The timestamp of `value` in the other form (naive ↔ RFC 3339), for tolerance case (c).
    pub fn other_timestamp_form(&self, value: &str) -> String {
        if self.naive_datetimes {
            format!("{}T{}+02:00", &value[..10], &value[11..19])
        } else {
            format!("{} {}", &value[..10], &value[11..19])
        }
    }
}

/// Whether a fixed value has the type of a schema.
fn fits(value: &Value, kind: &Kind<'_>) -> bool {
    matches!(
        (value, kind),
        (Value::String(_), Kind::String(_))
            | (Value::Bool(_), Kind::Boolean)
            | (Value::Number(_), Kind::Number(_))
    ) || matches!((value, kind), (Value::Number(n), Kind::Integer(_)) if n.is_i64())
}

/// A value matching `pattern`: the candidate, or simple alternatives.
fn matching(pattern: &str, candidate: &str, n: u64) -> Option<String> {
    let regex = regress::Regex::new(pattern).ok()?;
    let anchored = |s: &str| {
        regex
            .find(s)
            .is_some_and(|m| m.start() == 0 && m.end() == s.len())
    };
    let alphanumeric: String = candidate
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    [
        candidate.to_owned(),
        alphanumeric,
        format!("{n}"),
        format!("{:X}", 0xA0 + n),
        format!("{:x}", 0xa0 + n),
    ]
    .into_iter()
    .find(|s| anchored(s))
}

fn integer(schema: &Value, n: u64) -> i64 {
    let exclusive_min = schema.get("exclusiveMinimum") == Some(&Value::Bool(true));
    let exclusive_max = schema.get("exclusiveMaximum") == Some(&Value::Bool(true));
    let lo = schema
        .get("minimum")
        .and_then(Value::as_f64)
        .map(|m| m.ceil() as i64 + i64::from(exclusive_min))
        .unwrap_or(1);
    let hi = schema
        .get("maximum")
        .and_then(Value::as_f64)
        .map(|m| m.floor() as i64 - i64::from(exclusive_max))
        .unwrap_or(i64::MAX);
    let format_max = match schema.get("format").and_then(Value::as_str) {
        Some("int32") => i64::from(i32::MAX),
        _ => i64::MAX,
    };
    let hi = hi.min(format_max);
    // 64-bit integers beyond 2^53, which a float would not hold exactly.
    let candidate = match schema.get("format").and_then(Value::as_str) {
        Some("int64") => (1_i64 << 53) + 100 + n as i64,
        _ => 100 + n as i64,
    };
    if candidate >= lo && candidate <= hi {
        candidate
    } else {
        let span = (hi - lo).saturating_add(1).max(1) as u64;
        lo + (n % span) as i64
    }
}

fn number(schema: &Value, n: u64) -> f64 {
    let lo = schema.get("minimum").and_then(Value::as_f64);
    let hi = schema.get("maximum").and_then(Value::as_f64);
    let candidate = 10.25 + n as f64;
    match (lo, hi) {
        (Some(lo), _) if candidate < lo => lo,
        (_, Some(hi)) if candidate > hi => lo.unwrap_or(hi),
        _ => candidate,
    }
}

/// A JSON pointer token.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Node": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string", "nullable": true},
                "state": {"type": "string", "enum": ["a", "b"]},
                "at": {"type": "string", "format": "date-time"},
                "flag": {"type": "boolean", "default": false},
                "parent": {"$ref": "#/components/schemas/Node"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            }}
        }}})
    }

    #[test]
    fn variants_marks_and_cycles() {
        let doc = doc();
        let mut synth = Synth::new(&doc, false, BTreeMap::new(), BTreeMap::new());
        synth.plain_strings(true);
        let schema = json!({"$ref": "#/components/schemas/Node"});
        let full = synth.synthesise(&schema, Variant::Full, "node").unwrap();
        assert_eq!(full.value["id"], json!(101));
        assert_eq!(full.value["state"], json!("a"));
        assert_eq!(full.value["at"], json!("2024-02-05T12:34:56Z"));
        // The cycle is cut: Node's optional Node properties are left out below the root.
        assert!(full.value.get("parent").is_none());
        assert_eq!(full.marks.enums, vec!["/state"]);
        assert_eq!(full.marks.datetimes, vec!["/at"]);
        assert_eq!(full.marks.objects, vec![""]);
        assert_eq!(full.expected, full.value);

        synth.reset();
        let nulls = synth.synthesise(&schema, Variant::Nulls, "node").unwrap();
        assert_eq!(nulls.value, json!({"id": 101, "name": null}));
        // The absent `flag` decodes as its default.
        assert_eq!(
            nulls.expected,
            json!({"id": 101, "name": null, "flag": false})
        );
    }

    #[test]
    fn bounds_formats_and_patterns() {
        assert_eq!(integer(&json!({"minimum": 1, "maximum": 5}), 3), 4);
        assert_eq!(integer(&json!({}), 3), 103);
        assert_eq!(number(&json!({"maximum": 1}), 3), 1.0);
        assert_eq!(matching("[0-9A-F]*", "ab-1", 1).as_deref(), Some("1"));
        assert_eq!(
            matching("[a-zA-Z0-9\\-]*", "ab_c-1", 1).as_deref(),
            Some("abc1")
        );
        let doc = json!({});
        let synth = Synth::new(&doc, true, BTreeMap::new(), BTreeMap::new());
        assert_eq!(
            synth.other_timestamp_form("2024-02-04 12:34:56"),
            "2024-02-04T12:34:56+02:00"
        );
    }
}
