//! Every operation of the pinned description is callable: a generated method, or one of the
//! hand-written uploads.

use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

#[test]
fn all_392_operations_are_callable() {
    let spec = bankapi_testkit::shared_dir().join("specs/budgea/swagger.json");
    let spec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&spec).expect("the pinned Budgea description"))
            .unwrap();
    let generated = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/budgea/src/generated.rs"),
    )
    .unwrap();
    let uploads: BTreeSet<(String, String)> = budgea::uploads::OPERATIONS
        .iter()
        .map(|op| (op.method.to_owned(), op.path.to_owned()))
        .collect();
    let mut total = 0;
    let mut by_upload = 0;
    let mut missing = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method).is_none() {
                continue;
            }
            total += 1;
            let method = method.to_ascii_uppercase();
            let marker = format!("Sends a `{method}` request to `{path}`");
            if generated.contains(&marker) {
                continue;
            }
            if uploads.contains(&(method.clone(), path.clone())) {
                by_upload += 1;
                continue;
            }
            missing.push(format!("{method} {path}"));
        }
    }
    assert_eq!(total, 392);
    assert_eq!(by_upload, 26);
    assert!(missing.is_empty(), "not callable: {missing:#?}");
    // And no upload is also generated (it would send no file).
    for op in budgea::uploads::OPERATIONS {
        let marker = format!("Sends a `{}` request to `{}`", op.method, op.path);
        assert!(
            !generated.contains(&marker),
            "{} {} is generated",
            op.method,
            op.path
        );
    }
}
