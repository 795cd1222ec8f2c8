//! The crate's one error type.

use std::fmt;
use std::time::Duration;

use bankapi_core::{AuthError, ErrorKind, Provider, ProviderError, TransportError};
use reqwest::StatusCode;

use crate::models::{ErrorType, Status};
use crate::xml::DecodeError;

/// An error status from Intuit (or Finicity), with everything it said.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The common kind.
    pub kind: ErrorKind,
    /// Intuit's `errorCode` of the first `errorInfo` (or the OAuth `oauth_problem`).
    pub code: Option<String>,
    /// Intuit's `errorMessage` (or `statusMessage`).
    pub message: Option<String>,
    /// Who is at fault, per Intuit.
    pub error_type: Option<ErrorType>,
    /// The `intuit_tid` response header, to quote to Intuit's support.
    pub intuit_tid: Option<String>,
    /// The whole `Status` body, when there was one.
    pub body: Option<Status>,
    /// The `Retry-After` advice, when given.
    pub retry_after: Option<Duration>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Intuit answered HTTP {}", self.status.as_u16())?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(tid) = &self.intuit_tid {
            write!(f, " (intuit_tid {tid})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong with a call.
///
/// How Intuit's answers map onto [`ErrorKind`]:
///
/// | Intuit says | kind |
/// |---|---|
/// | `errorCode` `api.database.notfound`, `api.database.account.notfound`; HTTP 404 | `NotFound` |
/// | `errorCode` `api.max.customers`, `api.max.accounts` (offering quota) | `InvalidRequest` |
/// | `errorCode` `103` (login error), `187` (wrong challenge answer), `199` | `AuthenticationFailed` |
/// | `errorCode` `108`, `109`, `185` (user must act: password change, MFA) | `UserActionRequired` |
/// | `errorCode` `105`, `155` (institution unavailable or failing) | `ProviderUnavailable` |
/// | HTTP 401 (`Status` body or `oauth_problem`), 403; token endpoint refusal | `AuthenticationFailed` |
/// | HTTP 408 (challenge session expired) | `SessionExpired` |
/// | HTTP 400 and other 4xx | `InvalidRequest` (429: `RateLimited`) |
/// | HTTP 500, 502, 503, 504 | `ProviderUnavailable` |
/// | a body that does not decode | `Decode` |
/// | connection, TLS, timeout | `Transport` |
/// | bad input refused before sending; bad builder settings; an unusable private key | `InvalidRequest` |
///
/// A challenge (HTTP 401 with `challengeSessionId`) is not an error: see
/// [`Discovery`](crate::Discovery).
///
/// ```
/// use intuit_aggcat::{models::AccountList, ErrorKind, ProviderError};
///
/// let body = br#"<Status xmlns="http://schema.intuit.com/platform/fdatafeed/common/v1"><errorInfo>
///   <errorType>APP_ERROR</errorType><errorCode>api.database.notfound</errorCode>
///   <errorMessage>Account not found.</errorMessage></errorInfo></Status>"#;
/// let error = AccountList::from_xml(body).unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::NotFound);
/// assert_eq!(error.code(), Some("api.database.notfound"));
/// assert_eq!(error.message(), Some("Account not found."));
/// assert!(!error.is_retryable());
/// ```
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Intuit answered with an error status (or an error body).
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request was refused before anything was sent: a bad id, an empty answer, bad dates,
    /// a missing builder setting, an unusable private key.
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What is wrong.
        message: String,
    },
    /// The response did not decode into the documented type.
    #[error("{source}")]
    Decode {
        /// The HTTP status of the response.
        status: Option<StatusCode>,
        /// The `intuit_tid` of the response.
        intuit_tid: Option<String>,
        /// What failed.
        #[source]
        source: DecodeError,
    },
    /// The request did not complete (connection, TLS, timeout), or credentials could not be
    /// fetched for it.
    #[error("request failed: {0}")]
    Transport(#[source] Box<TransportError>),
}

/// The request id headers Intuit uses.
pub(crate) const REQUEST_ID_HEADERS: &[&str] = &["intuit_tid"];

impl Error {
    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: message.into(),
        }
    }

    pub(crate) fn decode(expected: &'static str, detail: impl Into<String>) -> Self {
        Error::Decode {
            status: None,
            intuit_tid: None,
            source: DecodeError {
                expected,
                detail: detail.into(),
            },
        }
    }

    /// An error from a `Status` body that came without HTTP context (e.g. decoded by hand).
    pub(crate) fn from_status_body(status: Status) -> Self {
        Error::Api(Box::new(api_error(
            StatusCode::OK,
            Some(status),
            None,
            None,
            None,
        )))
    }

    /// Adds the HTTP status and `intuit_tid` of the response an error came from.
    pub(crate) fn with_response(
        mut self,
        status: StatusCode,
        tid: Option<String>,
        retry_after: Option<Duration>,
    ) -> Self {
        match &mut self {
            Error::Api(api) => {
                if api.status == StatusCode::OK {
                    let body = api.body.take();
                    **api = api_error(status, body, None, tid.clone(), retry_after);
                }
                if api.intuit_tid.is_none() {
                    api.intuit_tid = tid;
                }
            }
            Error::Decode {
                status: s,
                intuit_tid,
                ..
            } => {
                *s = Some(status);
                *intuit_tid = tid;
            }
            _ => {}
        }
        self
    }

    /// The details of an API error.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }
}

impl From<DecodeError> for Error {
    fn from(source: DecodeError) -> Self {
        Error::Decode {
            status: None,
            intuit_tid: None,
            source,
        }
    }
}

/// Builds the API error of an error response from its parts.
pub(crate) fn api_error(
    status: StatusCode,
    body: Option<Status>,
    oauth_problem: Option<String>,
    intuit_tid: Option<String>,
    retry_after: Option<Duration>,
) -> ApiError {
    let first = body.as_ref().and_then(|b| b.error_info.first());
    let code = first.and_then(|e| e.error_code.clone()).or(oauth_problem);
    let message = first
        .and_then(|e| e.error_message.clone())
        .or_else(|| body.as_ref().and_then(|b| b.status_message.clone()));
    let error_type = first.and_then(|e| e.error_type.clone());
    let kind = code
        .as_deref()
        .and_then(kind_of_code)
        .unwrap_or_else(|| kind_of_status(status));
    ApiError {
        status,
        kind,
        code,
        message,
        error_type,
        intuit_tid,
        body,
        retry_after,
    }
}

/// The kind Intuit's own error codes imply, when they imply one.
pub(crate) fn kind_of_code(code: &str) -> Option<ErrorKind> {
    Some(match code {
        "api.database.notfound" | "api.database.account.notfound" => ErrorKind::NotFound,
        "api.max.customers" | "api.max.accounts" => ErrorKind::InvalidRequest,
        "103" | "187" | "199" => ErrorKind::AuthenticationFailed,
        "108" | "109" | "185" => ErrorKind::UserActionRequired,
        "105" | "155" => ErrorKind::ProviderUnavailable,
        "token_rejected" | "signature_invalid" | "consumer_key_rejected" => {
            ErrorKind::AuthenticationFailed
        }
        _ => return None,
    })
}

fn kind_of_status(status: StatusCode) -> ErrorKind {
    match status.as_u16() {
        408 => ErrorKind::SessionExpired,
        200..=299 => ErrorKind::Other,
        _ => ErrorKind::from_status(status),
    }
}

impl ProviderError for Error {
    fn provider(&self) -> Provider {
        Provider::IntuitAggcat
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(api) => api.kind,
            Error::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Transport(e) => match **e {
                // The key could not sign: a configuration problem, not a network one.
                TransportError::Auth(AuthError::Other(_)) => ErrorKind::InvalidRequest,
                _ => ErrorKind::Transport,
            },
        }
    }

    fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } => *status,
            _ => None,
        }
    }

    fn code(&self) -> Option<&str> {
        self.api().and_then(|a| a.code.as_deref())
    }

    fn message(&self) -> Option<&str> {
        self.api().and_then(|a| a.message.as_deref())
    }

    fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.intuit_tid.as_deref(),
            Error::Decode { intuit_tid, .. } => intuit_tid.as_deref(),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        self.api().and_then(|a| a.retry_after)
    }
}
