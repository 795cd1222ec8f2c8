//! Transforms for Prometeo's banking API description (`specs/prometeo/codegen.toml`).

use anyhow::Context;
use serde_json::Value;

use super::walk_objects;

/// Marks the named amount properties `format: decimal`, wherever they are declared as `number`
/// or `string` (schemas, inline response objects, request bodies).
///
/// Defect: amounts are floats (`type: number`) or plain strings, while money must be exact; with
/// `generation.decimals` these become `rust_decimal::Decimal`, decoded leniently (`""`, null,
/// numbers, numeric strings). Args: `properties` (names of the amount fields).
pub fn amounts_as_decimals(document: &mut Value, args: &toml::Table) -> anyhow::Result<usize> {
    let names: Vec<String> = args
        .get("properties")
        .and_then(|v| v.as_array())
        .context("prometeo-amounts-as-decimals needs `properties`")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let mut changed = 0;
    walk_objects(document, &mut |map| {
        let Some(Value::Object(properties)) = map.get_mut("properties") else {
            return;
        };
        for name in &names {
            let Some(Value::Object(property)) = properties.get_mut(name) else {
                continue;
            };
            let scalar = matches!(
                property.get("type").and_then(Value::as_str),
                Some("number" | "string")
            );
            if scalar && property.get("format").is_none() {
                property.insert("type".into(), Value::String("number".into()));
                property.insert("format".into(), Value::String("decimal".into()));
                changed += 1;
            }
        }
    });
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_become_decimals() {
        let mut doc = json!({
            "components": {"schemas": {"Account": {"properties": {
                "balance": {"type": "number"},
                "name": {"type": "string"}
            }}}},
            "paths": {"/t": {"post": {"requestBody": {"content": {"application/x-www-form-urlencoded": {
                "schema": {"properties": {"amount": {"type": "string", "description": "d"}, "debit": {"$ref": "#/x"}}}
            }}}}}}
        });
        let args: toml::Table =
            toml::from_str(r#"properties = ["balance", "amount", "debit"]"#).unwrap();
        assert_eq!(amounts_as_decimals(&mut doc, &args).unwrap(), 2);
        assert_eq!(
            doc.pointer("/components/schemas/Account/properties/balance")
                .unwrap(),
            &json!({"type": "number", "format": "decimal"})
        );
        assert_eq!(
            doc.pointer("/paths/~1t/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/amount")
                .unwrap(),
            &json!({"type": "number", "format": "decimal", "description": "d"})
        );
        assert_eq!(
            doc.pointer("/components/schemas/Account/properties/name/format"),
            None
        );
    }
}
