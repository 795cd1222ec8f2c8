//! One error type for every call, with the API's error code and what it means.
//!
//! The API answers errors (any 4xx or 5xx) with `{"code", "message", "description",
//! "request_id"}`; [`Error::Api`] keeps that body, the status and the request id, and
//! [`ProviderError::kind`] says what kind of failure it is, from the `code` when the API gave a
//! known one, from the status otherwise. Branch on the code, not on the status: the API uses
//! `400` for most failures.
//!
//! | `code` (seed tables, Powens `ServiceErrorCode`) | meaning | [`ErrorKind`] | retry? |
//! |---|---|---|---|
//! | `wrongpass` | the bank refused the credentials | `AuthenticationFailed` | no: ask the user |
//! | `authFailure`, `forbidden`, `invalidToken` | the token was refused | `AuthenticationFailed` | no |
//! | `additionalInformationNeeded` | the bank wants more (OTP, SMS code): answer `fields` | `UserActionRequired` | after answering |
//! | `SCARequired` | a strong authentication must be done (webview reconnect) | `UserActionRequired` | after the user |
//! | `webauthRequired` | a redirect authentication must be done (webview / `/webauth`) | `UserActionRequired` | after the user |
//! | `decoupled` | the user must approve in the bank's app, then resume | `UserActionRequired` | after approval |
//! | `actionNeeded` | the user must do something on the bank's website | `UserActionRequired` | after the user |
//! | `passwordExpired` | the password must be changed on the bank's website | `UserActionRequired` | after the user |
//! | `bankMessage` | the bank has a message for the user | `UserActionRequired` | after the user |
//! | `websiteUnavailable` | the bank's website or API is down | `ProviderUnavailable` | yes, later |
//! | `bug` | an internal error during the synchronization (Powens is alerted) | `ProviderUnavailable` | yes, later |
//! | `keymanager` | an internal key-management failure | `ProviderUnavailable` | yes, later |
//! | `connectionLocked` | another synchronization of the connection is running | `ProviderUnavailable` | yes, later |
//! | `rateLimiting`, `tooManySync` | the bank or the API limits synchronizations | `RateLimited` | yes, later |
//! | `noAccount` | no account is activated (activate accounts first) | `InvalidRequest` | no |
//! | `notSupported` | the connector cannot do this | `InvalidRequest` | no |
//! | `config`, `dataError`, `invalidValue`, `missingParameter`, `methodNotAllowed` | a bad request or configuration | `InvalidRequest` | no |
//! | `notFound` | no such resource | `NotFound` | no |
//! | any other code, or none | from the status: 400 `InvalidRequest`, 401/403 `AuthenticationFailed` (403 = "Invalid token"), 404 `NotFound`, 429 `RateLimited`, 500/503 `ProviderUnavailable` | | 429, 5xx |
//!
//! Requests refused by this crate before anything is sent (a malformed date, an empty IBAN, an
//! empty list of ids, a missing credential field) are [`Error::InvalidRequest`], with no status.

use std::fmt;
use std::time::Duration;

use bankapi_core::{ErrorKind, Provider, ProviderError, ResponseMeta};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::types::ServiceError;

/// The headers the API (or a proxy in front of it) may put a request id in.
pub(crate) const REQUEST_ID_HEADERS: &[&str] =
    &["x-request-id", "request-id", "x-powens-request-id"];

/// The error codes the API documents, kept open to new ones.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `wrongpass`
    WrongPass,
    /// `additionalInformationNeeded`
    AdditionalInformationNeeded,
    /// `websiteUnavailable`
    WebsiteUnavailable,
    /// `actionNeeded`
    ActionNeeded,
    /// `SCARequired`
    ScaRequired,
    /// `decoupled`
    Decoupled,
    /// `passwordExpired`
    PasswordExpired,
    /// `webauthRequired`
    WebauthRequired,
    /// `bug`
    Bug,
    /// `rateLimiting`
    RateLimiting,
    /// `tooManySync`
    TooManySync,
    /// `noAccount`
    NoAccount,
    /// `connectionLocked`
    ConnectionLocked,
    /// `bankMessage`
    BankMessage,
    /// `notSupported`
    NotSupported,
    /// `config`
    Config,
    /// `keymanager`
    KeyManager,
    /// `dataError`
    DataError,
    /// `forbidden`
    Forbidden,
    /// `authFailure`
    AuthFailure,
    /// `invalidToken`
    InvalidToken,
    /// `invalidValue`
    InvalidValue,
    /// `missingParameter`
    MissingParameter,
    /// `methodNotAllowed`
    MethodNotAllowed,
    /// `notFound`
    NotFound,
    /// A code this version of the crate does not know, as sent.
    Other(String),
}

const CODES: &[(&str, ErrorCode)] = &[
    ("wrongpass", ErrorCode::WrongPass),
    (
        "additionalInformationNeeded",
        ErrorCode::AdditionalInformationNeeded,
    ),
    ("websiteUnavailable", ErrorCode::WebsiteUnavailable),
    ("actionNeeded", ErrorCode::ActionNeeded),
    ("SCARequired", ErrorCode::ScaRequired),
    ("decoupled", ErrorCode::Decoupled),
    ("passwordExpired", ErrorCode::PasswordExpired),
    ("webauthRequired", ErrorCode::WebauthRequired),
    ("bug", ErrorCode::Bug),
    ("rateLimiting", ErrorCode::RateLimiting),
    ("tooManySync", ErrorCode::TooManySync),
    ("noAccount", ErrorCode::NoAccount),
    ("connectionLocked", ErrorCode::ConnectionLocked),
    ("bankMessage", ErrorCode::BankMessage),
    ("notSupported", ErrorCode::NotSupported),
    ("config", ErrorCode::Config),
    ("keymanager", ErrorCode::KeyManager),
    ("dataError", ErrorCode::DataError),
    ("forbidden", ErrorCode::Forbidden),
    ("authFailure", ErrorCode::AuthFailure),
    ("invalidToken", ErrorCode::InvalidToken),
    ("invalidValue", ErrorCode::InvalidValue),
    ("missingParameter", ErrorCode::MissingParameter),
    ("methodNotAllowed", ErrorCode::MethodNotAllowed),
    ("notFound", ErrorCode::NotFound),
];

impl ErrorCode {
    /// Reads a code as the API sends it; unknown codes are kept.
    ///
    /// ```
    /// use budgea::ErrorCode;
    ///
    /// assert_eq!(ErrorCode::parse("SCARequired"), ErrorCode::ScaRequired);
    /// assert_eq!(ErrorCode::parse("newCode").as_str(), "newCode");
    /// ```
    pub fn parse(code: &str) -> ErrorCode {
        CODES
            .iter()
            .find(|(name, _)| *name == code)
            .map(|(_, known)| known.clone())
            .unwrap_or_else(|| ErrorCode::Other(code.to_owned()))
    }

    /// The code as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Other(code) => code,
            known => CODES
                .iter()
                .find(|(_, code)| code == known)
                .map(|(name, _)| *name)
                .unwrap_or(""),
        }
    }

    /// What kind of failure the code means (see the table in the [module docs](self)); `None`
    /// for codes that say nothing more than the status.
    pub fn kind(&self) -> Option<ErrorKind> {
        use ErrorCode::*;
        Some(match self {
            WrongPass | AuthFailure | Forbidden | InvalidToken => ErrorKind::AuthenticationFailed,
            AdditionalInformationNeeded
            | ActionNeeded
            | ScaRequired
            | Decoupled
            | PasswordExpired
            | WebauthRequired
            | BankMessage => ErrorKind::UserActionRequired,
            WebsiteUnavailable | Bug | KeyManager | ConnectionLocked => {
                ErrorKind::ProviderUnavailable
            }
            RateLimiting | TooManySync => ErrorKind::RateLimited,
            NoAccount | NotSupported | Config | DataError | InvalidValue | MissingParameter
            | MethodNotAllowed => ErrorKind::InvalidRequest,
            NotFound => ErrorKind::NotFound,
            Other(_) => return None,
        })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error answered by the API: status, decoded body, request id, `Retry-After`.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    body: ServiceError,
    request_id: Option<String>,
    retry_after: Option<Duration>,
}

impl ApiError {
    /// Builds one from a response's parts.
    pub fn new(status: StatusCode, headers: &HeaderMap, body: ServiceError) -> ApiError {
        let meta = ResponseMeta::from_parts(status, headers, REQUEST_ID_HEADERS);
        let request_id = body
            .request_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .or(meta.request_id);
        ApiError {
            status,
            body,
            request_id,
            retry_after: meta.retry_after,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The API's error code, as sent (`"wrongpass"`).
    pub fn code(&self) -> Option<&str> {
        self.body.code.as_deref().filter(|c| !c.is_empty())
    }

    /// The API's error code, typed.
    pub fn error_code(&self) -> Option<ErrorCode> {
        self.code().map(ErrorCode::parse)
    }

    /// The message (from the bank or the API), which may be shown to the user.
    pub fn message(&self) -> Option<&str> {
        self.body.message.as_deref()
    }

    /// The technical description.
    pub fn description(&self) -> Option<&str> {
        self.body.description.as_deref()
    }

    /// The request id, from the body or a header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// How long the API asked to wait (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The decoded error body.
    pub fn body(&self) -> &ServiceError {
        &self.body
    }

    /// The kind: from the code when it is known, from the status otherwise.
    pub fn kind(&self) -> ErrorKind {
        self.error_code()
            .and_then(|c| c.kind())
            .unwrap_or_else(|| ErrorKind::from_status(self.status))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Budgea API answered HTTP {}", self.status.as_u16())?;
        if let Some(code) = self.code() {
            write!(f, " {code}")?;
        }
        match (self.message(), self.description()) {
            (Some(m), _) if !m.is_empty() => write!(f, ": {m}")?,
            (_, Some(d)) if !d.is_empty() => write!(f, ": {d}")?,
            _ => {}
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Any failure of a Budgea call.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API answered with an error status and (usually) its error body.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request was refused before being sent: bad input, a malformed URL or token.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The request did not complete: connection, TLS, timeout. The URL has no query.
    #[error("transport failure: {0}")]
    Transport(#[source] reqwest::Error),
    /// The answer could not be decoded into the documented type.
    #[error("could not decode the response{}: {message} (body starts with {snippet:?})", status.map(|s| format!(" (HTTP {})", s.as_u16())).unwrap_or_default())]
    Decode {
        /// The status, when known.
        status: Option<StatusCode>,
        /// What did not decode.
        message: String,
        /// The first characters of the body.
        snippet: String,
    },
    /// A status the operation does not document (e.g. a redirect).
    #[error("unexpected HTTP {}", status.as_u16())]
    UnexpectedStatus {
        /// The status.
        status: StatusCode,
        /// The request id, when a header had one.
        request_id: Option<String>,
    },
    /// A connection flow did not end: the API kept asking for more after the allowed rounds.
    #[error("{0}")]
    Flow(String),
}

impl Error {
    pub(crate) fn from_reqwest(mut error: reqwest::Error) -> Error {
        if let Some(url) = error.url_mut() {
            url.set_query(None);
        }
        Error::Transport(error)
    }

    pub(crate) fn decode(
        status: Option<StatusCode>,
        error: &serde_json::Error,
        body: &[u8],
    ) -> Error {
        Error::Decode {
            status,
            message: error.to_string(),
            snippet: bankapi_core::error::body_snippet(body, 120),
        }
    }

    /// An error response of a hand-written call.
    pub(crate) async fn from_response(response: reqwest::Response) -> Error {
        let status = response.status();
        let headers = response.headers().clone();
        if !(status.is_client_error() || status.is_server_error()) {
            let meta = ResponseMeta::from_parts(status, &headers, REQUEST_ID_HEADERS);
            return Error::UnexpectedStatus {
                status,
                request_id: meta.request_id,
            };
        }
        let bytes = response.bytes().await.unwrap_or_default();
        let body =
            serde_json::from_slice::<ServiceError>(&bytes).unwrap_or_else(|_| ServiceError {
                code: None,
                description: None,
                message: Some(bankapi_core::error::body_snippet(&bytes, 200))
                    .filter(|m| !m.is_empty()),
                request_id: None,
            });
        Error::Api(Box::new(ApiError::new(status, &headers, body)))
    }

    /// The API's error, when the API answered one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The API's error code, typed, when it sent one.
    pub fn error_code(&self) -> Option<ErrorCode> {
        self.api().and_then(ApiError::error_code)
    }
}

impl From<progenitor_client::Error<ServiceError>> for Error {
    fn from(error: progenitor_client::Error<ServiceError>) -> Self {
        use progenitor_client::Error as E;
        match error {
            E::InvalidRequest(message) => Error::InvalidRequest(message),
            E::CommunicationError(e) | E::InvalidUpgrade(e) | E::ResponseBodyError(e) => {
                Error::from_reqwest(e)
            }
            E::ErrorResponse(response) => {
                let status = response.status();
                let headers = response.headers().clone();
                Error::Api(Box::new(ApiError::new(
                    status,
                    &headers,
                    response.into_inner(),
                )))
            }
            E::InvalidResponsePayload(bytes, e) => Error::decode(None, &e, &bytes),
            E::UnexpectedResponse(response) => {
                let meta = ResponseMeta::from_parts(
                    response.status(),
                    response.headers(),
                    REQUEST_ID_HEADERS,
                );
                Error::UnexpectedStatus {
                    status: response.status(),
                    request_id: meta.request_id,
                }
            }
            E::Custom(message) => Error::Flow(message),
        }
    }
}

impl ProviderError for Error {
    fn provider(&self) -> Provider {
        Provider::Budgea
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(api) => api.kind(),
            Error::InvalidRequest(_) => ErrorKind::InvalidRequest,
            Error::Transport(_) => ErrorKind::Transport,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::UnexpectedStatus { status, .. } => ErrorKind::from_status(*status),
            Error::Flow(_) => ErrorKind::UserActionRequired,
        }
    }

    fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status()),
            Error::Decode { status, .. } => *status,
            Error::UnexpectedStatus { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    fn code(&self) -> Option<&str> {
        self.api().and_then(ApiError::code)
    }

    fn message(&self) -> Option<&str> {
        self.api().and_then(|a| a.message().or(a.description()))
    }

    fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id(),
            Error::UnexpectedStatus { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        self.api().and_then(ApiError::retry_after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: Option<&str>) -> Error {
        Error::Api(Box::new(ApiError::new(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            ServiceError {
                code: code.map(str::to_owned),
                description: None,
                message: Some("Wrong password".into()),
                request_id: Some("req-1".into()),
            },
        )))
    }

    #[test]
    fn codes_round_trip_and_map_to_kinds() {
        for (name, _) in CODES {
            let code = ErrorCode::parse(name);
            assert_eq!(code.as_str(), *name);
            assert!(code.kind().is_some(), "{name}");
        }
        assert_eq!(ErrorCode::parse("x").kind(), None);
        assert_eq!(
            api(400, Some("wrongpass")).kind(),
            ErrorKind::AuthenticationFailed
        );
        assert_eq!(
            api(400, Some("websiteUnavailable")).kind(),
            ErrorKind::ProviderUnavailable
        );
        assert!(api(400, Some("websiteUnavailable")).is_retryable());
        assert_eq!(
            api(400, Some("unknownThing")).kind(),
            ErrorKind::InvalidRequest
        );
        assert_eq!(api(503, None).kind(), ErrorKind::ProviderUnavailable);
        assert_eq!(api(403, None).kind(), ErrorKind::AuthenticationFailed);
    }

    #[test]
    fn display_names_status_code_message_and_request_id() {
        let error = api(400, Some("wrongpass"));
        assert_eq!(
            error.to_string(),
            "Budgea API answered HTTP 400 wrongpass: Wrong password (request id req-1)"
        );
        assert_eq!(error.request_id(), Some("req-1"));
        assert_eq!(error.code(), Some("wrongpass"));
        assert_eq!(error.provider(), Provider::Budgea);
    }
}
