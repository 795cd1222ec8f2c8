//! Transforms written for finAPI's description (generic in form, so another recipe may use them).

use anyhow::{bail, Context};
use serde_json::{json, Map, Value};

use super::for_each_operation;

/// Replaces every operation's explicit 4xx and 5xx responses (all using one schema) by the
/// ranges `4XX` and `5XX` with that schema.
///
/// Defect: each operation lists only some error statuses (finAPI: 400, 401, 403, 404, 422, 423,
/// 451, 500, 501, 510), while the server also answers others (429, 502, 503, a 404 where none is
/// listed). progenitor hands an unlisted status over as `UnexpectedResponse` without decoding the
/// body, so the caller loses finAPI's error code, message and request id. With ranges every error
/// status decodes; the generated code also shrinks, since one arm replaces up to ten identical
/// ones. Args: `schema` (the error schema every error response must use).
pub fn error_responses_as_ranges(
    document: &mut Value,
    args: &toml::Table,
) -> anyhow::Result<usize> {
    let schema = args
        .get("schema")
        .and_then(|v| v.as_str())
        .context("error-responses-as-ranges needs `schema`")?;
    let schema_ref = format!("#/components/schemas/{schema}");
    let mut changed = 0;
    let mut failure = None;
    for_each_operation(document, &mut |path, method, operation| {
        if failure.is_some() {
            return;
        }
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        match ranges_for(responses, &schema_ref) {
            Ok(Some(merged)) => {
                *responses = merged;
                changed += 1;
            }
            Ok(None) => {}
            Err(e) => failure = Some(e.context(format!("{} {path}", method.to_uppercase()))),
        }
    });
    if let Some(error) = failure {
        return Err(error);
    }
    Ok(changed)
}

/// The responses with error codes folded into ranges, or `None` when there is nothing to fold.
fn ranges_for(
    responses: &Map<String, Value>,
    schema_ref: &str,
) -> anyhow::Result<Option<Map<String, Value>>> {
    let mut kept = Map::new();
    // Range digit -> descriptions of the statuses it replaces, in the spec's order.
    let mut folded: Vec<(char, Vec<String>)> = Vec::new();
    for (status, response) in responses {
        let class = status.chars().next().unwrap_or('0');
        let is_code = status.len() == 3 && status.chars().all(|c| c.is_ascii_digit());
        if !(is_code && (class == '4' || class == '5')) {
            kept.insert(status.clone(), response.clone());
            continue;
        }
        let uses_schema = response
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|content| {
                !content.is_empty()
                    && content.values().all(|media| {
                        media.pointer("/schema/$ref").and_then(Value::as_str) == Some(schema_ref)
                    })
            });
        if !uses_schema {
            bail!("error response {status} does not use {schema_ref}");
        }
        let description = response
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let line = format!("{status}: {description}");
        match folded.iter_mut().find(|(c, _)| *c == class) {
            Some((_, lines)) => lines.push(line),
            None => folded.push((class, vec![line])),
        }
    }
    if folded.is_empty() {
        return Ok(None);
    }
    folded.sort_by_key(|(class, _)| *class);
    for (class, lines) in folded {
        kept.insert(
            format!("{class}XX"),
            json!({
                "description": lines.join("\n"),
                "content": { "application/json": { "schema": { "$ref": schema_ref } } },
                "headers": { "X-Request-Id": { "$ref": "#/components/headers/X-Request-Id" } }
            }),
        );
    }
    Ok(Some(kept))
}

/// Removes properties from a schema's `required` list.
///
/// Defect: an error body that does not decode loses everything (progenitor's
/// `InvalidResponsePayload` carries neither status nor headers), so error schemas must accept
/// any body the server may send; finAPI's `ErrorDetails` requires `code` and `type`, which its
/// own 401 bodies and proxies' bodies do not have. Args: `schema`, `properties`.
pub fn optional_properties(document: &mut Value, args: &toml::Table) -> anyhow::Result<usize> {
    let schema = args
        .get("schema")
        .and_then(|v| v.as_str())
        .context("optional-properties needs `schema`")?;
    let properties: Vec<&str> = args
        .get("properties")
        .and_then(|v| v.as_array())
        .context("optional-properties needs `properties`")?
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let pointer = format!("/components/schemas/{schema}/required");
    let Some(required) = document.pointer_mut(&pointer).and_then(Value::as_array_mut) else {
        bail!("schema {schema} has no `required` list");
    };
    let before = required.len();
    for property in &properties {
        if !required.iter().any(|r| r == property) {
            bail!("{schema}.{property} is not required");
        }
    }
    required.retain(|r| !properties.iter().any(|p| r == p));
    Ok(before - required.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(description: &str) -> Value {
        json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}})
    }

    #[test]
    fn error_codes_become_ranges() {
        let mut doc = json!({"paths": {"/a": {"post": {"responses": {
            "201": {"description": "created"},
            "400": error("bad"),
            "401": error("who"),
            "510": error("msa"),
            "500": error("oops")
        }}}}});
        let args: toml::Table = toml::from_str(r#"schema = "E""#).unwrap();
        assert_eq!(error_responses_as_ranges(&mut doc, &args).unwrap(), 1);
        let responses = doc
            .pointer("/paths/~1a/post/responses")
            .unwrap()
            .as_object()
            .unwrap();
        let keys: Vec<&str> = responses.keys().map(String::as_str).collect();
        assert_eq!(keys, ["201", "4XX", "5XX"]);
        assert_eq!(responses["4XX"]["description"], "400: bad\n401: who");
        assert_eq!(responses["5XX"]["description"], "510: msa\n500: oops");
        assert_eq!(
            responses["5XX"]
                .pointer("/content/application~1json/schema/$ref")
                .unwrap(),
            "#/components/schemas/E"
        );
    }

    #[test]
    fn another_error_schema_is_refused() {
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {
            "200": {"description": "ok"},
            "404": {"description": "x", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Other"}}}}
        }}}}});
        let args: toml::Table = toml::from_str(r#"schema = "E""#).unwrap();
        let error = error_responses_as_ranges(&mut doc, &args).unwrap_err();
        assert!(format!("{error:#}").contains("GET /a"), "{error:#}");
    }

    #[test]
    fn properties_become_optional() {
        let mut doc =
            json!({"components": {"schemas": {"D": {"required": ["code", "message", "type"]}}}});
        let args: toml::Table = toml::from_str(
            r#"schema = "D"
properties = ["code", "type"]"#,
        )
        .unwrap();
        assert_eq!(optional_properties(&mut doc, &args).unwrap(), 2);
        assert_eq!(
            doc.pointer("/components/schemas/D/required").unwrap(),
            &json!(["message"])
        );
        let args: toml::Table = toml::from_str(
            r#"schema = "D"
properties = ["code"]"#,
        )
        .unwrap();
        assert!(optional_properties(&mut doc, &args).is_err());
    }
}
