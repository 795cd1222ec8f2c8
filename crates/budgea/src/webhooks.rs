//! Webhooks: checking that a delivery comes from Powens, then reading it.
//!
//! Verification and parsing are separate steps, so that a verified raw body can be queued and
//! parsed later (or by another version of the code):
//!
//! 1. [`verify`] (or a [`WebhookVerifier`]) checks the `BI-Signature` header:
//!    `base64(HMAC-SHA256(secret, "POST." + path + "." + BI-Signature-Date + "." + raw body))`,
//!    compared in constant time, and that `BI-Signature-Date` is recent (a replayed delivery is
//!    refused). The secret is the `secret_key` of the webhook's `hmac_signature` authentication
//!    (Powens console, or `POST /webhooks/auth`). Use the raw body bytes, before any JSON
//!    parsing, and the path of your endpoint as Powens calls it.
//! 2. [`UserSynced::parse`], [`ConnectionSynced::parse`] or [`WebhookEvent::parse`] read it.
//!
//! Budgea 2.0 callbacks carried no signature but the user's token in `Authorization: Bearer`;
//! [`verify_bearer`] checks that form. Whatever you do, answer 2xx quickly: a delivery that is
//! not acknowledged is sent again at the next synchronization.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::types::{Account, Connection, User};

/// The signature header.
pub const SIGNATURE_HEADER: &str = "BI-Signature";
/// The header holding the date the signature covers.
pub const SIGNATURE_DATE_HEADER: &str = "BI-Signature-Date";
/// How old (or how far in the future) a signature date may be, by default: five minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Why a delivery was refused.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// A header is missing (or not text).
    #[error("webhook header {0} is missing")]
    MissingHeader(&'static str),
    /// `BI-Signature` is not base64.
    #[error("webhook signature is not base64")]
    MalformedSignature,
    /// The signature does not match: wrong secret, wrong path, or a body that was changed.
    #[error("webhook signature does not match")]
    BadSignature,
    /// `BI-Signature-Date` is neither an RFC 3339 nor an HTTP date.
    #[error("webhook signature date {0:?} cannot be read")]
    MalformedDate(String),
    /// The signature date is further from now than the tolerance (a replay, or a skewed clock).
    #[error("webhook signature date is {seconds} s away from now, more than the tolerance")]
    Stale {
        /// How far from now, in seconds.
        seconds: u64,
    },
    /// The legacy bearer token does not match.
    #[error("webhook bearer token does not match")]
    BadToken,
}

/// The string that is signed.
fn signed_message(method: &str, path: &str, date: &str, body: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(method.len() + path.len() + date.len() + body.len() + 3);
    message.extend_from_slice(method.as_bytes());
    message.push(b'.');
    message.extend_from_slice(path.as_bytes());
    message.push(b'.');
    message.extend_from_slice(date.as_bytes());
    message.push(b'.');
    message.extend_from_slice(body);
    message
}

fn mac(secret: &SecretString) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes())
        .expect("HMAC takes keys of any length")
}

/// The `BI-Signature` of a `POST` delivery to `path` signed at `date` (for tests and mocks).
///
/// ```
/// use budgea::webhooks::sign;
/// use secrecy::SecretString;
///
/// let secret = SecretString::from("secret-key");
/// assert_eq!(
///     sign(&secret, "/user-created", "2023-01-01T00:00:00Z", b"test-body"),
///     "mUs6KmQU26Ng7eu5vqm64PHWRy5WN+e6p05QwwVODLo="
/// );
/// ```
pub fn sign(secret: &SecretString, path: &str, date: &str, body: &[u8]) -> String {
    let mut mac = mac(secret);
    mac.update(&signed_message("POST", path, date, body));
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<&'a str, VerifyError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(VerifyError::MissingHeader(name))
}

/// Reads `BI-Signature-Date`: RFC 3339 (`2023-01-01T00:00:00Z`) or an HTTP date
/// (`Wed, 01 Jan 2025 10:00:00 GMT`).
fn parse_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .or_else(|_| DateTime::parse_from_rfc2822(value))
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Checks a delivery: the signature of `POST {path}` over the raw `body` with `secret`, then,
/// when `tolerance` is given, that the signature date is within `tolerance` of `now`.
///
/// ```
/// use budgea::webhooks::{sign, verify, VerifyError};
/// use chrono::{TimeZone, Utc};
/// use reqwest::header::HeaderMap;
/// use secrecy::SecretString;
/// use std::time::Duration;
///
/// let secret = SecretString::from("s3cr3t");
/// let (path, date, body) = ("/hooks/connection-synced", "2025-01-01T10:00:00Z", br#"{"connection":{"id":10}}"#);
/// let mut headers = HeaderMap::new();
/// headers.insert("BI-Signature", sign(&secret, path, date, body).parse().unwrap());
/// headers.insert("BI-Signature-Date", date.parse().unwrap());
///
/// let now = Utc.with_ymd_and_hms(2025, 1, 1, 10, 1, 0).unwrap();
/// let five_minutes = Some(Duration::from_secs(300));
/// assert_eq!(verify(&headers, path, body, &secret, now, five_minutes), Ok(()));
/// assert_eq!(verify(&headers, path, b"{}", &secret, now, five_minutes), Err(VerifyError::BadSignature));
/// let later = Utc.with_ymd_and_hms(2025, 1, 1, 11, 0, 0).unwrap();
/// assert!(matches!(verify(&headers, path, body, &secret, later, five_minutes), Err(VerifyError::Stale { .. })));
/// ```
pub fn verify(
    headers: &HeaderMap,
    path: &str,
    body: &[u8],
    secret: &SecretString,
    now: DateTime<Utc>,
    tolerance: Option<Duration>,
) -> Result<(), VerifyError> {
    let signature = header(headers, SIGNATURE_HEADER)?;
    let date = header(headers, SIGNATURE_DATE_HEADER)?;
    let provided = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .map_err(|_| VerifyError::MalformedSignature)?;
    let mut mac = mac(secret);
    mac.update(&signed_message("POST", path, date, body));
    // `verify_slice` compares in constant time.
    mac.verify_slice(&provided)
        .map_err(|_| VerifyError::BadSignature)?;
    if let Some(tolerance) = tolerance {
        let signed_at =
            parse_date(date).ok_or_else(|| VerifyError::MalformedDate(date.to_owned()))?;
        let age = (now - signed_at).abs();
        let age = age.to_std().unwrap_or(Duration::MAX);
        if age > tolerance {
            return Err(VerifyError::Stale {
                seconds: age.as_secs(),
            });
        }
    }
    Ok(())
}

/// Checks a Budgea 2.0 callback's `Authorization: Bearer <user token>` in constant time.
pub fn verify_bearer(headers: &HeaderMap, expected: &SecretString) -> Result<(), VerifyError> {
    let value = header(headers, "authorization")?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or(VerifyError::BadToken)?;
    if bool::from(token.as_bytes().ct_eq(expected.expose_secret().as_bytes())) {
        Ok(())
    } else {
        Err(VerifyError::BadToken)
    }
}

type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// A webhook secret, a tolerance and a clock: [`verify`] with less to pass around.
///
/// ```
/// use budgea::webhooks::{sign, WebhookVerifier};
/// use chrono::{TimeZone, Utc};
/// use reqwest::header::HeaderMap;
/// use secrecy::SecretString;
///
/// let secret = SecretString::from("s3cr3t");
/// let verifier = WebhookVerifier::new(secret.clone())
///     .with_clock(|| Utc.with_ymd_and_hms(2025, 1, 1, 10, 0, 30).unwrap());
/// let mut headers = HeaderMap::new();
/// headers.insert("BI-Signature", sign(&secret, "/hook", "2025-01-01T10:00:00Z", b"{}").parse().unwrap());
/// headers.insert("BI-Signature-Date", "2025-01-01T10:00:00Z".parse().unwrap());
/// assert!(verifier.verify("/hook", &headers, b"{}").is_ok());
/// assert!(!format!("{verifier:?}").contains("s3cr3t"));
/// ```
#[derive(Clone)]
pub struct WebhookVerifier {
    secret: SecretString,
    tolerance: Option<Duration>,
    clock: Clock,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secret", &bankapi_core::secret::REDACTED)
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

impl WebhookVerifier {
    /// Verifies with `secret`, a five-minute tolerance and the system clock.
    pub fn new(secret: SecretString) -> Self {
        WebhookVerifier {
            secret,
            tolerance: Some(DEFAULT_TOLERANCE),
            clock: Arc::new(Utc::now),
        }
    }

    /// Sets the tolerance on the signature date; `None` does not check the date.
    pub fn with_tolerance(mut self, tolerance: Option<Duration>) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Reads the time from `clock` (for tests).
    pub fn with_clock(mut self, clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Checks a delivery to `path`.
    pub fn verify(&self, path: &str, headers: &HeaderMap, body: &[u8]) -> Result<(), VerifyError> {
        verify(
            headers,
            path,
            body,
            &self.secret,
            (self.clock)(),
            self.tolerance,
        )
    }
}

fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    bankapi_core::lenient::null_as_default(deserializer)
}

/// The synchronization callback of a user (`USER_SYNCED`, Budgea 2.0's callback): the user and
/// their connections, with accounts, transactions and investments.
#[derive(Debug, Clone, Deserialize)]
pub struct UserSynced {
    /// The user.
    #[serde(default)]
    pub user: Option<User>,
    /// The synchronized connections.
    #[serde(default, deserialize_with = "lenient_list")]
    pub connections: Vec<Connection>,
    /// How many connections.
    #[serde(default, deserialize_with = "bankapi_core::lenient::option_i64")]
    pub total: Option<i64>,
}

impl UserSynced {
    /// Reads a (verified) raw body.
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

/// The `CONNECTION_SYNCED` event: the user and the synchronized connection, with its accounts
/// and their new transactions.
#[derive(Debug, Clone, Deserialize)]
pub struct ConnectionSynced {
    /// The user.
    #[serde(default)]
    pub user: Option<User>,
    /// The connection; its `state` says whether the synchronization worked.
    pub connection: Connection,
}

impl ConnectionSynced {
    /// Reads a (verified) raw body.
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

/// A webhook delivery, by the event it was registered for.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum WebhookEvent {
    /// `USER_SYNCED`.
    UserSynced(Box<UserSynced>),
    /// `CONNECTION_SYNCED`.
    ConnectionSynced(Box<ConnectionSynced>),
    /// `ACCOUNT_SYNCED`: the account and its new transactions.
    AccountSynced(Box<Account>),
    /// `CONNECTION_DELETED`.
    ConnectionDeleted(Box<Connection>),
    /// `USER_CREATED`.
    UserCreated(Box<User>),
    /// `USER_DELETED`.
    UserDeleted(Box<User>),
    /// Another event, undecoded.
    Other {
        /// The event name.
        event: String,
        /// The body.
        body: serde_json::Value,
    },
}

impl WebhookEvent {
    /// Reads a (verified) raw body of the event `event` (`CONNECTION_SYNCED`, …: the event
    /// your endpoint was registered for).
    pub fn parse(event: &str, body: &[u8]) -> Result<WebhookEvent, serde_json::Error> {
        Ok(match event.to_ascii_uppercase().as_str() {
            "USER_SYNCED" => WebhookEvent::UserSynced(Box::new(serde_json::from_slice(body)?)),
            "CONNECTION_SYNCED" => {
                WebhookEvent::ConnectionSynced(Box::new(serde_json::from_slice(body)?))
            }
            "ACCOUNT_SYNCED" => {
                WebhookEvent::AccountSynced(Box::new(serde_json::from_slice(body)?))
            }
            "CONNECTION_DELETED" => {
                WebhookEvent::ConnectionDeleted(Box::new(serde_json::from_slice(body)?))
            }
            "USER_CREATED" => WebhookEvent::UserCreated(Box::new(serde_json::from_slice(body)?)),
            "USER_DELETED" => WebhookEvent::UserDeleted(Box::new(serde_json::from_slice(body)?)),
            _ => WebhookEvent::Other {
                event: event.to_owned(),
                body: serde_json::from_slice(body)?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(
            parse_date("Wed, 01 Jan 2025 10:00:00 GMT"),
            Some(Utc.with_ymd_and_hms(2025, 1, 1, 10, 0, 0).unwrap())
        );
        assert!(parse_date("2023-01-01T00:00:00Z").is_some());
        assert!(parse_date("yesterday").is_none());
    }

    #[test]
    fn missing_and_malformed_headers() {
        let secret = SecretString::from("k");
        let now = Utc::now();
        let mut headers = HeaderMap::new();
        assert_eq!(
            verify(&headers, "/h", b"", &secret, now, None),
            Err(VerifyError::MissingHeader(SIGNATURE_HEADER))
        );
        headers.insert(SIGNATURE_HEADER, "%%%".parse().unwrap());
        headers.insert(SIGNATURE_DATE_HEADER, "soon".parse().unwrap());
        assert_eq!(
            verify(&headers, "/h", b"", &secret, now, None),
            Err(VerifyError::MalformedSignature)
        );
        headers.insert(
            SIGNATURE_HEADER,
            sign(&secret, "/h", "soon", b"").parse().unwrap(),
        );
        assert_eq!(verify(&headers, "/h", b"", &secret, now, None), Ok(()));
        assert_eq!(
            verify(&headers, "/h", b"", &secret, now, Some(DEFAULT_TOLERANCE)),
            Err(VerifyError::MalformedDate("soon".into()))
        );
    }

    #[test]
    fn legacy_bearer() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            "Bearer sl/wuqgD2eOo+4Zf9FjvAz3YJgU+JKsJ".parse().unwrap(),
        );
        assert!(verify_bearer(
            &headers,
            &SecretString::from("sl/wuqgD2eOo+4Zf9FjvAz3YJgU+JKsJ")
        )
        .is_ok());
        assert_eq!(
            verify_bearer(&headers, &SecretString::from("other")),
            Err(VerifyError::BadToken)
        );
    }
}
