//! What every provider error can tell its caller.
//!
//! Each provider crate has its own error type with the provider's own details; all of them
//! implement [`ProviderError`], so that code (and the `bankapi` facade) can ask any of them the
//! same questions: which provider, which HTTP status, the provider's code and message, the
//! request id, what kind of failure, and whether a retry may help.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// The bank-data providers this workspace has clients for.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    /// finAPI Access (Germany).
    FinApi,
    /// Budget Insight's API 2.0, sold today as Powens (France).
    Budgea,
    /// Prometeo banking API (Latin America).
    Prometeo,
    /// Intuit Customer Account Data ("aggcat"), also served by Finicity.
    IntuitAggcat,
}

impl Provider {
    /// A short, stable, lowercase name (`"finapi"`, `"budgea"`, `"prometeo"`, `"intuit-aggcat"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::FinApi => "finapi",
            Provider::Budgea => "budgea",
            Provider::Prometeo => "prometeo",
            Provider::IntuitAggcat => "intuit-aggcat",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The common kinds of failure, across providers.
///
/// Each provider crate documents how its error codes map onto these kinds.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Credentials were rejected: client credentials, a user's password, an API key, a token.
    AuthenticationFailed,
    /// The bank needs the user: a challenge, an OTP, a redirect, a decoupled approval.
    UserActionRequired,
    /// A session or a token is no longer valid and must be established again.
    SessionExpired,
    /// Too many requests; see [`ProviderError::retry_after`].
    RateLimited,
    /// The provider or the bank behind it is unavailable, or failed on its side.
    ProviderUnavailable,
    /// The request was refused as invalid, or was refused by this crate before being sent.
    InvalidRequest,
    /// The requested resource does not exist.
    NotFound,
    /// The response could not be decoded into the documented type.
    Decode,
    /// The request did not complete: connection, TLS or timeout.
    Transport,
    /// Any other failure the provider reported.
    Other,
}

impl ErrorKind {
    /// Whether retrying the same request later may succeed.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimited | ErrorKind::ProviderUnavailable | ErrorKind::Transport
        )
    }

    /// The kind an HTTP error status suggests when the provider gives nothing more specific.
    pub fn from_status(status: StatusCode) -> ErrorKind {
        match status.as_u16() {
            401 | 403 => ErrorKind::AuthenticationFailed,
            404 | 410 => ErrorKind::NotFound,
            408 => ErrorKind::Transport,
            429 => ErrorKind::RateLimited,
            400..=499 => ErrorKind::InvalidRequest,
            500..=599 => ErrorKind::ProviderUnavailable,
            _ => ErrorKind::Other,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::AuthenticationFailed => "authentication failed",
            ErrorKind::UserActionRequired => "user action required",
            ErrorKind::SessionExpired => "session expired",
            ErrorKind::RateLimited => "rate limited",
            ErrorKind::ProviderUnavailable => "provider unavailable",
            ErrorKind::InvalidRequest => "invalid request",
            ErrorKind::NotFound => "not found",
            ErrorKind::Decode => "decode failure",
            ErrorKind::Transport => "transport failure",
            ErrorKind::Other => "provider error",
        })
    }
}

/// The questions any provider error answers.
///
/// Implemented by `finapi::Error`, `budgea::Error`, `prometeo::Error` and
/// `intuit_aggcat::Error`; the `bankapi` facade converts any of them into its one error type
/// through this trait.
pub trait ProviderError: std::error::Error + Send + Sync + 'static {
    /// Which provider reported (or would have received) the request.
    fn provider(&self) -> Provider;
    /// The common kind of this failure.
    fn kind(&self) -> ErrorKind;
    /// The HTTP status of the provider's answer, when there was one.
    fn status(&self) -> Option<StatusCode>;
    /// The provider's own error code (`"wrongpass"`, `"BAD_REQUEST"`, `"103"`, …).
    fn code(&self) -> Option<&str>;
    /// The provider's own human-readable message.
    fn message(&self) -> Option<&str>;
    /// The provider's request or trace id, to quote to its support.
    fn request_id(&self) -> Option<&str>;
    /// How long the provider asked to wait before trying again.
    fn retry_after(&self) -> Option<Duration> {
        None
    }
    /// Whether retrying the same request later may succeed.
    fn is_retryable(&self) -> bool {
        self.kind().is_retryable()
    }
}

/// What an error response tells besides its body: status, request id, `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: StatusCode,
    /// The first non-empty request-id header among those the provider uses.
    pub request_id: Option<String>,
    /// The parsed `Retry-After` header.
    pub retry_after: Option<Duration>,
}

impl ResponseMeta {
    /// Reads the metadata from a response's status and headers; `request_id_headers` lists, in
    /// order of preference, the headers the provider puts its request id in.
    pub fn from_parts(
        status: StatusCode,
        headers: &HeaderMap,
        request_id_headers: &[&str],
    ) -> Self {
        let request_id = request_id_headers.iter().find_map(|name| {
            headers
                .get(*name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        });
        ResponseMeta {
            status,
            request_id,
            retry_after: crate::retry::parse_retry_after(headers),
        }
    }
}

/// Shortens a response body for an error message: at most `max` characters, on a char boundary.
pub fn body_snippet(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn kinds_from_status() {
        assert_eq!(
            ErrorKind::from_status(StatusCode::UNAUTHORIZED),
            ErrorKind::AuthenticationFailed
        );
        assert_eq!(
            ErrorKind::from_status(StatusCode::TOO_MANY_REQUESTS),
            ErrorKind::RateLimited
        );
        assert_eq!(
            ErrorKind::from_status(StatusCode::BAD_GATEWAY),
            ErrorKind::ProviderUnavailable
        );
        assert_eq!(
            ErrorKind::from_status(StatusCode::UNPROCESSABLE_ENTITY),
            ErrorKind::InvalidRequest
        );
        assert!(ErrorKind::Transport.is_retryable());
        assert!(!ErrorKind::AuthenticationFailed.is_retryable());
    }

    #[test]
    fn meta_reads_request_id_and_retry_after() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("  "));
        headers.insert("intuit_tid", HeaderValue::from_static("abc-123"));
        headers.insert("retry-after", HeaderValue::from_static("7"));
        let meta = ResponseMeta::from_parts(
            StatusCode::TOO_MANY_REQUESTS,
            &headers,
            &["x-request-id", "intuit_tid"],
        );
        assert_eq!(meta.request_id.as_deref(), Some("abc-123"));
        assert_eq!(meta.retry_after, Some(Duration::from_secs(7)));
    }

    #[test]
    fn snippet_cuts_on_char_boundary() {
        assert_eq!(body_snippet("ééé".as_bytes(), 2), "éé…");
        assert_eq!(body_snippet(b" short ", 10), "short");
        assert_eq!(Provider::IntuitAggcat.to_string(), "intuit-aggcat");
    }
}
