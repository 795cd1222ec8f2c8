//! Converting upstream formats to the OpenAPI 3.0 that progenitor reads.

mod openapi31;
mod swagger2;

use anyhow::bail;
use serde_json::Value;

/// Returns the document as OpenAPI 3.0, converting from `format` (see `codegen.toml`).
pub fn to_openapi30(format: &str, document: Value) -> anyhow::Result<Value> {
    match format {
        "openapi-3.0" => Ok(document),
        "openapi-3.1" => Ok(openapi31::lower(document)),
        "swagger-2.0" => swagger2::convert(document),
        other => bail!(
            "upstream format {other:?} is not supported yet (known: openapi-3.0, openapi-3.1, swagger-2.0)"
        ),
    }
}
