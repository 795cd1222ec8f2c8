//! Test helpers shared by the workspace's tests.
//!
//! Fixtures live outside the repository, in `../shared/fixtures/` beside the checkout (they are
//! read-only upstream material that must not be copied into the project). Set
//! `BANKAPI_SHARED_DIR` to read them from elsewhere.

use std::path::PathBuf;

/// The `shared` directory: `$BANKAPI_SHARED_DIR`, or `../shared` beside the workspace root.
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("BANKAPI_SHARED_DIR") {
        return PathBuf::from(dir);
    }
    // This crate is at <workspace>/crates/testkit.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The path of a fixture, relative to `shared/fixtures/`.
pub fn fixture_path(relative: &str) -> PathBuf {
    shared_dir().join("fixtures").join(relative)
}

/// The bytes of a fixture, relative to `shared/fixtures/`; panics with the path when missing.
pub fn fixture_bytes(relative: &str) -> Vec<u8> {
    let path = fixture_path(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// The text of a fixture, relative to `shared/fixtures/`.
pub fn fixture_string(relative: &str) -> String {
    String::from_utf8(fixture_bytes(relative))
        .unwrap_or_else(|e| panic!("fixture {relative} is not UTF-8: {e}"))
}

/// A JSON fixture, parsed.
pub fn fixture_json(relative: &str) -> serde_json::Value {
    serde_json::from_slice(&fixture_bytes(relative))
        .unwrap_or_else(|e| panic!("fixture {relative} is not JSON: {e}"))
}

/// Every file under a fixture directory (recursively), sorted, as paths relative to
/// `shared/fixtures/`.
pub fn fixture_files(relative_dir: &str, extension: &str) -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let root = shared_dir().join("fixtures");
    let mut found = Vec::new();
    walk(&root.join(relative_dir), &mut found);
    let mut relative: Vec<String> = found
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .filter_map(|p| {
            p.strip_prefix(&root)
                .ok()
                .map(|p| p.to_string_lossy().into_owned())
        })
        .collect();
    relative.sort();
    relative
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_shared_fixtures() {
        let files = super::fixture_files("budgea", "json");
        assert!(
            files
                .iter()
                .any(|f| f.ends_with("auth_init_temporary_token.json")),
            "{files:?}"
        );
        assert!(super::fixture_json(
            "budgea/budgea_2_0_doc_samples/auth_init_temporary_token.json"
        )
        .is_object());
    }
}
