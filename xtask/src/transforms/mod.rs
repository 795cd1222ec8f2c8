//! Named transforms: corrections applied to a whole document, where a patch file would have to
//! repeat itself dozens of times (every error response, every array path parameter).
//!
//! Each transform returns how many places it changed; a transform that changes nothing no
//! longer applies, and the recipe must be updated, so zero is an error.

mod budgea;
mod common;
mod finapi;
mod prometeo;

use anyhow::bail;
use serde_json::Value;

/// Runs the transform `name` with `args`; returns the number of places changed.
pub fn apply(name: &str, args: &toml::Table, document: &mut Value) -> anyhow::Result<usize> {
    let changed = match name {
        "escape-code-fences" => common::escape_code_fences(document),
        "merge-error-responses" => common::merge_error_responses(document, args)?,
        "array-path-params-as-strings" => common::array_path_params_as_strings(document),
        "prometeo-amounts-as-decimals" => prometeo::amounts_as_decimals(document, args)?,
        "error-responses-as-ranges" => finapi::error_responses_as_ranges(document, args)?,
        "optional-properties" => finapi::optional_properties(document, args)?,
        "budgea-operation-ids" => budgea::operation_ids(document, args)?,
        "budgea-bearer-security" => budgea::bearer_security(document, args)?,
        "budgea-error-responses" => budgea::error_responses(document, args)?,
        "budgea-name-inline-responses" => budgea::name_inline_responses(document)?,
        "budgea-total-as-integer" => budgea::total_as_integer(document),
        "budgea-drop-defaults" => budgea::drop_defaults(document),
        "budgea-amounts-as-double" => budgea::amounts_as_double(document),
        "budgea-optional-fields" => budgea::optional_fields(document, args)?,
        "budgea-typed-currencies" => budgea::typed_currencies(document, args)?,
        "budgea-drop-query-copies-of-path-params" => {
            budgea::drop_query_copies_of_path_params(document)
        }
        "budgea-form-bodies-as-json" => budgea::form_bodies_as_json(document),
        "budgea-hand-written-uploads" => budgea::hand_written_uploads(document)?,
        "budgea-untyped-get-responses" => budgea::untyped_get_responses(document),
        "budgea-unindent-descriptions" => budgea::unindent_descriptions(document),
        other => bail!("unknown transform {other:?}"),
    };
    if changed == 0 {
        bail!("transform {name} changed nothing: the defect it corrects is gone, remove the step");
    }
    Ok(changed)
}

/// Calls `visit` on every object in the document, depth first.
pub fn walk_objects(value: &mut Value, visit: &mut dyn FnMut(&mut serde_json::Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            visit(map);
            for child in map.values_mut() {
                walk_objects(child, visit);
            }
        }
        Value::Array(items) => {
            for child in items {
                walk_objects(child, visit);
            }
        }
        _ => {}
    }
}

/// The HTTP methods an OpenAPI path item may hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `visit(path, method, operation)` on every operation.
pub fn for_each_operation(document: &mut Value, visit: &mut dyn FnMut(&str, &str, &mut Value)) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            if let Some(operation) = item.get_mut(method) {
                visit(path, method, operation);
            }
        }
    }
}
