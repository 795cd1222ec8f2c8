//! Keeping secrets out of `Debug`, logs and error messages.
//!
//! Credentials are held as [`SecretString`]; its `Debug` prints `[REDACTED]`. [`Redacted`] does
//! the same for values that are not secrets by type but must not be printed (a PIN field in a
//! map, a session key in a URL).

use std::fmt;

pub use secrecy::{ExposeSecret, SecretString};

/// What redacted values print as.
pub const REDACTED: &str = "[redacted]";

/// Wraps a value so that its `Debug` and `Display` print [`REDACTED`].
///
/// ```
/// use bankapi_core::secret::Redacted;
///
/// let pin = Redacted("123456");
/// assert_eq!(format!("{pin:?} {pin}"), "[redacted] [redacted]");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted<T>(pub T);

impl<T> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A copy of `url` with the values of the named query parameters replaced by [`REDACTED`].
///
/// ```
/// use bankapi_core::secret::redact_query;
///
/// let url = "https://banking.prometeoapi.net/account/?key=abc123&page=2".parse().unwrap();
/// assert_eq!(
///     redact_query(&url, &["key"]).as_str(),
///     "https://banking.prometeoapi.net/account/?key=%5Bredacted%5D&page=2"
/// );
/// ```
pub fn redact_query(url: &reqwest::Url, names: &[&str]) -> reqwest::Url {
    let mut redacted = url.clone();
    if url.query().is_none() {
        return redacted;
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let value = if names.iter().any(|n| n.eq_ignore_ascii_case(&k)) {
                REDACTED.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), value)
        })
        .collect();
    redacted.query_pairs_mut().clear().extend_pairs(pairs);
    redacted
}

/// Creates a [`SecretString`] from anything string-like.
pub fn secret(value: impl Into<String>) -> SecretString {
    SecretString::from(value.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_strings_do_not_print() {
        let password = secret("hunter2");
        assert!(!format!("{password:?}").contains("hunter2"));
        assert_eq!(password.expose_secret(), "hunter2");
    }

    #[test]
    fn urls_without_query_are_unchanged() {
        let url: reqwest::Url = "https://example.org/a".parse().unwrap();
        assert_eq!(redact_query(&url, &["key"]), url);
    }
}
