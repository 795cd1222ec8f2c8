//! The one error type of this crate, and how Prometeo's answers map onto it (documented on
//! [`Error`], which is public).

use std::fmt;
use std::time::Duration;

use bankapi_core::error::body_snippet;
use bankapi_core::reqwest::StatusCode;
use bankapi_core::{ErrorKind, Provider, ProviderError, ResponseMeta, TransportError};
use serde::Deserialize;

/// What went wrong talking to Prometeo.
///
/// Prometeo tells outcomes by the body's `status` more than by the HTTP status: an expired
/// session key comes back as HTTP **200** `{"status":"error","message":"Invalid key"}`, wrong
/// bank credentials as 403 (sometimes 200) `{"status":"wrong_credentials"}`. Every answer is
/// therefore read through its `status` before its data.
///
/// | Prometeo answer | [`Error`] variant | [`ErrorKind`] |
/// |---|---|---|
/// | `status: wrong_credentials` (403 or 200), `type: wrong_credentials`, code `B1001` | [`WrongCredentials`](Error::WrongCredentials) | `AuthenticationFailed` |
/// | `status: missing_credentials` (400 or 200) | [`MissingCredentials`](Error::MissingCredentials) | `InvalidRequest` |
/// | `status: provider_unavailable` (503), any 5xx | [`ProviderUnavailable`](Error::ProviderUnavailable) | `ProviderUnavailable` |
/// | `message: Invalid key` (HTTP 200) on a call that carried a session key; code `B1006` | [`SessionExpired`](Error::SessionExpired) | `SessionExpired` |
/// | `message: Invalid key` on a call without session key; 401 `Missing API key`; 403 `Key not found` | [`InvalidApiKey`](Error::InvalidApiKey) | `AuthenticationFailed` |
/// | `status: user_blocked` | [`Api`](Error::Api) | `AuthenticationFailed` |
/// | `status: provider_doesnt_exist`, `transfer_not_found`, HTTP 404 | [`Api`](Error::Api) | `NotFound` |
/// | `status: missing_params`, `transfer_status_invalid`, other 4xx | [`Api`](Error::Api) | `InvalidRequest` |
/// | HTTP 429 | [`Api`](Error::Api) | `RateLimited` |
/// | `status: error` with another message, `max_sessions_reached`, `not_implemented`, … | [`Api`](Error::Api) | `Other` |
/// | refused before sending (end date before start date, missing login field, …) | [`InvalidInput`](Error::InvalidInput) | `InvalidRequest` |
/// | connection, TLS, timeout | [`Transport`](Error::Transport) | `Transport` |
/// | a 2xx body that does not decode | [`Decode`](Error::Decode) | `Decode` |
///
/// Errors never hold the API key, the session key, passwords or answers: not in `Display`, not
/// in `Debug`. Bodies are not kept when they are JSON (a `max_sessions_reached` body carries a
/// session key); a short snippet of a non-JSON body (a plain-text 500) is.
///
/// ```
/// use bankapi_core::{ErrorKind, ProviderError};
///
/// let error = prometeo::Error::InvalidInput("date_end is before date_start".into());
/// assert_eq!(error.kind(), ErrorKind::InvalidRequest);
/// assert_eq!(error.status(), None);
/// ```
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bank rejected the user's credentials (`wrong_credentials`).
    #[error("Prometeo: wrong bank credentials ({0})")]
    WrongCredentials(Box<ApiError>),
    /// A credential field the provider needs was not sent (`missing_credentials`).
    #[error("Prometeo: missing credentials ({0})")]
    MissingCredentials(Box<ApiError>),
    /// The bank behind Prometeo, or Prometeo itself, is unavailable (`provider_unavailable`, 5xx).
    #[error("Prometeo: provider unavailable ({0})")]
    ProviderUnavailable(Box<ApiError>),
    /// The API key is missing, unknown or not valid for this environment.
    #[error("Prometeo: invalid API key ({0})")]
    InvalidApiKey(Box<ApiError>),
    /// The session key is unknown or expired (`Invalid key`, sent with HTTP 200): log in again.
    #[error("Prometeo: session expired or invalid ({0})")]
    SessionExpired(Box<ApiError>),
    /// Any other error Prometeo reported.
    #[error("Prometeo: {0}")]
    Api(Box<ApiError>),
    /// Refused by this crate before anything was sent.
    #[error("Prometeo: invalid input: {0}")]
    InvalidInput(String),
    /// The request did not complete (connection, TLS, timeout).
    #[error("Prometeo: transport failure")]
    Transport(#[source] Box<TransportError>),
    /// A successful answer did not decode into the documented type.
    #[error("Prometeo: undecodable answer (HTTP {status}) to {operation}")]
    Decode {
        /// The operation, e.g. `GET /account/`.
        operation: String,
        /// The HTTP status of the answer.
        status: StatusCode,
        /// What serde found.
        #[source]
        source: serde_json::Error,
    },
}

/// The details of an error answer.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status, request id and `Retry-After` of the answer.
    pub meta: ResponseMeta,
    /// The body's `status` (`error`, `wrong_credentials`, …).
    pub status: Option<String>,
    /// The body's `code` (`B1001`, …), in the newer error envelope.
    pub code: Option<String>,
    /// The body's `message`, or `errors.message` / `errors.detail`.
    pub message: Option<String>,
    /// A short snippet of a body that was not JSON (e.g. a plain-text 500), otherwise `None`.
    pub text: Option<String>,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("http_status", &self.meta.status.as_u16())
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.meta.request_id)
            .field("text", &self.text)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.meta.status.as_u16())?;
        if let Some(status) = &self.status {
            write!(f, ", status {status}")?;
        }
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        if let Some(message) = self.message.as_deref().filter(|m| !m.is_empty()) {
            write!(f, ": {message}")?;
        } else if let Some(text) = &self.text {
            write!(f, ": {text}")?;
        }
        if let Some(id) = &self.meta.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// The fields every Prometeo body may carry besides its data.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Envelope {
    #[serde(default, deserialize_with = "bankapi_core::lenient::option_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "message_text")]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "bankapi_core::lenient::option_string")]
    pub code: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "message_text")]
    pub kind: Option<String>,
    /// `{"errors": {"message": …, "detail": …}}`, read by the official client too; any shape.
    #[serde(default)]
    pub errors: Option<serde_json::Value>,
}

/// A message that may be a string, a number, null, or (in odd answers) a list or an object.
fn message_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// Body statuses that mean failure even with HTTP 200.
const ERROR_STATUSES: [&str; 11] = [
    "error",
    "wrong_credentials",
    "missing_credentials",
    "missing_params",
    "provider_unavailable",
    "provider_doesnt_exist",
    "user_blocked",
    "max_sessions_reached",
    "not_implemented",
    "transfer_not_found",
    "transfer_status_invalid",
];

impl Envelope {
    /// Whether a 2xx answer with this envelope is a failure.
    pub(crate) fn is_failure(&self) -> bool {
        self.status
            .as_deref()
            .is_some_and(|s| ERROR_STATUSES.contains(&s))
    }

    fn message(&self) -> Option<String> {
        self.message.clone().or_else(|| {
            let errors = self.errors.as_ref()?;
            ["message", "detail"]
                .iter()
                .find_map(|name| errors.get(name))
                .or(Some(errors).filter(|e| e.is_string()))
                .map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
        })
    }
}

impl Error {
    /// Classifies an error answer. `had_session` says whether the request carried a session
    /// key, which tells an expired session ("Invalid key") from a bad API key.
    pub(crate) fn from_answer(
        meta: ResponseMeta,
        envelope: Option<&Envelope>,
        body: &[u8],
        had_session: bool,
    ) -> Error {
        let http = meta.status;
        let api = Box::new(ApiError {
            status: envelope.and_then(|e| e.status.clone()),
            code: envelope.and_then(|e| e.code.clone()),
            message: envelope.and_then(Envelope::message),
            text: envelope
                .is_none()
                .then(|| body_snippet(body, 200))
                .filter(|t| !t.is_empty()),
            meta,
        });
        let status = api.status.as_deref().unwrap_or_default();
        let kind = envelope.and_then(|e| e.kind.as_deref()).unwrap_or_default();
        let code = api.code.as_deref().unwrap_or_default();
        let message = api.message.as_deref().unwrap_or_default().trim();
        if status == "wrong_credentials" || kind == "wrong_credentials" || code == "B1001" {
            return Error::WrongCredentials(api);
        }
        if status == "missing_credentials" || kind == "missing_credentials" {
            return Error::MissingCredentials(api);
        }
        if status == "provider_unavailable" || http == StatusCode::SERVICE_UNAVAILABLE {
            return Error::ProviderUnavailable(api);
        }
        if message.eq_ignore_ascii_case("invalid key") {
            return if had_session {
                Error::SessionExpired(api)
            } else {
                Error::InvalidApiKey(api)
            };
        }
        if code == "B1006" {
            return Error::SessionExpired(api);
        }
        if http == StatusCode::UNAUTHORIZED
            || message.eq_ignore_ascii_case("missing api key")
            || message.eq_ignore_ascii_case("key not found")
        {
            return Error::InvalidApiKey(api);
        }
        if http.is_server_error() {
            return Error::ProviderUnavailable(api);
        }
        Error::Api(api)
    }

    /// The details of an error answer, when Prometeo answered.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::WrongCredentials(e)
            | Error::MissingCredentials(e)
            | Error::ProviderUnavailable(e)
            | Error::InvalidApiKey(e)
            | Error::SessionExpired(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The body's `status` of an error answer (`wrong_credentials`, `error`, …).
    pub fn prometeo_status(&self) -> Option<&str> {
        self.api_error().and_then(|e| e.status.as_deref())
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::InvalidInput(message.into())
    }
}

impl ProviderError for Error {
    fn provider(&self) -> Provider {
        Provider::Prometeo
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Error::WrongCredentials(_) | Error::InvalidApiKey(_) => ErrorKind::AuthenticationFailed,
            Error::MissingCredentials(_) | Error::InvalidInput(_) => ErrorKind::InvalidRequest,
            Error::ProviderUnavailable(_) => ErrorKind::ProviderUnavailable,
            Error::SessionExpired(_) => ErrorKind::SessionExpired,
            Error::Transport(_) => ErrorKind::Transport,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Api(e) => match e.status.as_deref() {
                Some("user_blocked") => ErrorKind::AuthenticationFailed,
                Some("provider_doesnt_exist" | "transfer_not_found") => ErrorKind::NotFound,
                Some("missing_params" | "transfer_status_invalid") => ErrorKind::InvalidRequest,
                _ if e.meta.status.is_success() => ErrorKind::Other,
                _ => ErrorKind::from_status(e.meta.status),
            },
        }
    }

    fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            other => other.api_error().map(|e| e.meta.status),
        }
    }

    /// Prometeo's `code` (`B1001`) when the newer envelope has one, otherwise its `status`.
    fn code(&self) -> Option<&str> {
        self.api_error()
            .and_then(|e| e.code.as_deref().or(e.status.as_deref()))
    }

    fn message(&self) -> Option<&str> {
        match self {
            Error::InvalidInput(message) => Some(message),
            other => other.api_error().and_then(|e| e.message.as_deref()),
        }
    }

    fn request_id(&self) -> Option<&str> {
        self.api_error().and_then(|e| e.meta.request_id.as_deref())
    }

    fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|e| e.meta.retry_after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bankapi_core::reqwest::header::HeaderMap;

    fn classify(http: u16, body: &str, had_session: bool) -> Error {
        let meta =
            ResponseMeta::from_parts(StatusCode::from_u16(http).unwrap(), &HeaderMap::new(), &[]);
        let envelope: Option<Envelope> = serde_json::from_str(body).ok();
        Error::from_answer(meta, envelope.as_ref(), body.as_bytes(), had_session)
    }

    #[test]
    fn statuses_map_to_kinds() {
        let cases = [
            (
                403,
                r#"{"status":"wrong_credentials"}"#,
                false,
                ErrorKind::AuthenticationFailed,
            ),
            (
                200,
                r#"{"status":"missing_credentials","message":"otp"}"#,
                false,
                ErrorKind::InvalidRequest,
            ),
            (
                503,
                r#"{"status":"provider_unavailable","message":"Provider returned 500 response."}"#,
                true,
                ErrorKind::ProviderUnavailable,
            ),
            (
                200,
                r#"{"status":"error","message":"Invalid key"}"#,
                true,
                ErrorKind::SessionExpired,
            ),
            (
                200,
                r#"{"status":"error","message":"Invalid key"}"#,
                false,
                ErrorKind::AuthenticationFailed,
            ),
            (
                401,
                r#"{"status":"error","message":"Missing API key"}"#,
                false,
                ErrorKind::AuthenticationFailed,
            ),
            (
                403,
                r#"{"status":"error","message":"Key not found"}"#,
                false,
                ErrorKind::AuthenticationFailed,
            ),
            (
                404,
                r#"{"status":"provider_doesnt_exist"}"#,
                false,
                ErrorKind::NotFound,
            ),
            (
                400,
                r#"{"status":"missing_params","message":"Missing parameters: task_id"}"#,
                true,
                ErrorKind::InvalidRequest,
            ),
            (
                500,
                "Internal Server Error",
                true,
                ErrorKind::ProviderUnavailable,
            ),
            (
                200,
                r#"{"status":"error","code":"B1001","type":"wrong_credentials","message":"Credentials error"}"#,
                false,
                ErrorKind::AuthenticationFailed,
            ),
            (
                200,
                r#"{"status":"error","message":"Something else"}"#,
                true,
                ErrorKind::Other,
            ),
            (429, r#"{"status":"error"}"#, true, ErrorKind::RateLimited),
        ];
        for (http, body, session, kind) in cases {
            let error = classify(http, body, session);
            assert_eq!(error.kind(), kind, "{http} {body}: {error}");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(http));
        }
    }

    #[test]
    fn details_are_kept_without_secrets() {
        let error = classify(
            403,
            r#"{"status":"max_sessions_reached","key":"SECRET-SESSION","message":"User already has a session"}"#,
            false,
        );
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("SECRET-SESSION"), "{shown}");
        assert!(shown.contains("User already has a session"), "{shown}");
        assert_eq!(error.code(), Some("max_sessions_reached"));
        let text = classify(500, "Not found.", false);
        assert_eq!(
            text.api_error().unwrap().text.as_deref(),
            Some("Not found.")
        );
        let nested = classify(401, r#"{"errors":{"detail":"bad key"}}"#, false);
        assert_eq!(nested.message(), Some("bad key"));
        assert!(matches!(nested, Error::InvalidApiKey(_)));
        let odd = classify(
            200,
            r#"{"status":"error","errors":["a"],"message":null,"description":{"x":1}}"#,
            true,
        );
        assert_eq!(odd.prometeo_status(), Some("error"));
    }
}
