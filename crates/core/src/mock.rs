//! Request matchers shared by the provider crates' typed mocks (feature `mock`).
//!
//! The provider crates generate one httpmock `When`/`Then` pair per operation
//! (`finapi::mock::operations`, …); these helpers make their matchers compare what the crates
//! really send: a path parameter as it is percent-encoded, a query parameter as it is
//! serialized (lists repeat the name), a form body field by field, and nothing else for the
//! "exact" variants. They are public so that hand-written mocks match the same way.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use bankapi_core::mock::{exact_query, form_body, query_param};
//!
//! let server = httpmock::MockServer::start_async().await;
//! let mock = server
//!     .mock_async(|when, then| {
//!         let when = query_param(when.path("/token"), "scope", &["read", "write"]);
//!         let when = exact_query(when, &[("scope", "read"), ("scope", "write")]);
//!         form_body(when, &[("grant_type", "password"), ("username", "a b")]);
//!         then.status(204);
//!     })
//!     .await;
//! let response = reqwest::Client::new()
//!     .post(server.url("/token?scope=read&scope=write"))
//!     .header("content-type", "application/x-www-form-urlencoded")
//!     .body("username=a+b&grant_type=password")
//!     .send()
//!     .await
//!     .unwrap();
//! assert_eq!(response.status(), 204);
//! mock.assert_async().await;
//! # });
//! ```

use std::fmt::Display;

use httpmock::When;
use serde::Serialize;
use serde_json::Value;

/// The characters a path parameter is percent-encoded for (those of the URL standard's path
/// segment set, plus `/` and `%`), as the generated clients encode them.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

/// A path parameter as a regular expression matching it literally, percent-encoded as the
/// generated clients send it (`"a b"` → `a%20b`, `"1.5"` → `1\.5`).
pub fn path_segment(value: &(impl Display + ?Sized)) -> String {
    let encoded =
        percent_encoding::utf8_percent_encode(&value.to_string(), PATH_SEGMENT).to_string();
    regex_escape(&encoded)
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `(name, value)` pairs a query parameter is sent as: a scalar once, a list once per
/// item, an object once per field; `None`/`null` not at all.
pub fn query_pairs<T: Serialize + ?Sized>(name: &str, value: &T) -> Vec<(String, String)> {
    let value = serde_json::to_value(value).expect("a query parameter serializes");
    let mut pairs = Vec::new();
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                if let Some(text) = scalar_text(&item) {
                    pairs.push((name.to_owned(), text));
                }
            }
        }
        Value::Object(fields) => {
            for (field, item) in fields {
                if let Some(text) = scalar_text(&item) {
                    pairs.push((field, text));
                }
            }
        }
        scalar => pairs.extend(scalar_text(&scalar).map(|text| (name.to_owned(), text))),
    }
    pairs
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// Expects query parameter `name` with `value`, serialized as the generated clients send it
/// (see [`query_pairs`]). Other parameters may be present.
pub fn query_param<T: Serialize + ?Sized>(when: When, name: &str, value: &T) -> When {
    query_pairs(name, value)
        .into_iter()
        .fold(when, |when, (name, value)| when.query_param(name, value))
}

/// Expects exactly these query parameters (decoded; order ignored; nothing more, nothing less).
pub fn exact_query(when: When, expected: &[(&str, &str)]) -> When {
    let expected = sorted_pairs(expected);
    when.is_true(move |request| {
        let mut actual = request.query_params();
        actual.sort();
        actual == expected
    })
}

/// Expects a form body (`application/x-www-form-urlencoded`) with exactly the fields `value`
/// serializes to (order ignored; nothing more, nothing less).
pub fn form_body<T: Serialize + ?Sized>(when: When, value: &T) -> When {
    let encoded = serde_urlencoded::to_string(value).expect("a form body serializes");
    let mut expected = form_pairs(encoded.as_bytes());
    expected.sort();
    when.header("content-type", "application/x-www-form-urlencoded")
        .is_true(move |request| {
            let mut actual = form_pairs(request.body_ref());
            actual.sort();
            actual == expected
        })
}

/// Expects a form body with exactly these fields (order ignored; nothing more, nothing less).
pub fn exact_form(when: When, expected: &[(&str, &str)]) -> When {
    form_body(when, expected)
}

/// The decoded fields of a form body (`a=1&b=x+y` → `[("a", "1"), ("b", "x y")]`).
pub fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

fn sorted_pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_encoded_then_escaped() {
        assert_eq!(path_segment("me"), "me");
        assert_eq!(path_segment("1,2"), "1,2");
        assert_eq!(path_segment("a b/c"), "a%20b%2Fc");
        assert_eq!(path_segment("1.5"), r"1\.5");
        assert_eq!(path_segment(&42), "42");
    }

    #[test]
    fn query_values_serialize_like_the_clients() {
        assert_eq!(query_pairs("n", &3), vec![("n".into(), "3".into())]);
        assert_eq!(
            query_pairs("ids", &[1, 2]),
            vec![("ids".into(), "1".into()), ("ids".into(), "2".into())]
        );
        assert_eq!(query_pairs("b", &true), vec![("b".into(), "true".into())]);
        assert!(query_pairs("x", &None::<i64>).is_empty());
        assert_eq!(query_pairs("s", "a b"), vec![("s".into(), "a b".into())]);
    }

    #[test]
    fn form_bodies_decode() {
        assert_eq!(
            form_pairs(b"grant_type=password&password=a%26b+c&x="),
            vec![
                ("grant_type".to_owned(), "password".to_owned()),
                ("password".to_owned(), "a&b c".to_owned()),
                ("x".to_owned(), String::new()),
            ]
        );
        assert!(form_pairs(b"").is_empty());
    }
}
