//! The one error type of the crate.
//!
//! Every call of the generated client returns `progenitor_client::Error<types::ErrorResponse>`;
//! `?` converts it into [`Error`] (or call `.map_err(finapi::Error::from)`), which answers the
//! questions of [`ProviderError`]: status, finAPI's error code, message and type, request id,
//! the [`ErrorKind`], and whether a retry may help. The decoded body stays reachable.
//!
//! # finAPI error codes and their kinds
//!
//! | finAPI `code` (or situation) | [`ErrorKind`] |
//! |---|---|
//! | any 4xx answer of the token endpoint (wrong client secret or password, user locked or not verified) | `AuthenticationFailed` |
//! | `ADDITIONAL_AUTHENTICATION_REQUIRED` (HTTP 510, multi-step authentication), `WEB_FORM_REQUIRED`, `MISSING_CREDENTIALS`, `MISSING_TWO_STEP_PROCEDURE` | `UserActionRequired` |
//! | `INVALID_TOKEN`, `INVALID_CONSENT` (the bank consent expired), OAuth `invalid_token` | `SessionExpired` |
//! | `UNAUTHORIZED_ACCESS`, `FORBIDDEN`, `USER_NOT_VERIFIED`, `LOCKED`, `BANK_SERVER_REJECTION` (the bank refused the banking credentials), other OAuth errors (HTTP 401) | `AuthenticationFailed` |
//! | `UNKNOWN_ENTITY` | `NotFound` |
//! | `UNEXPECTED_ERROR` | `ProviderUnavailable` |
//! | `BAD_REQUEST`, `ILLEGAL_FIELD_VALUE`, `ILLEGAL_PAGE_SIZE`, `ILLEGAL_ENTITY_STATE`, `INVALID_FILTER_OPTIONS`, `INVALID_TWO_STEP_PROCEDURE`, `MISSING_FIELD`, `TOO_MANY_IDS`, `ENTITY_EXISTS`, `LOGIN_FIELDS_MISMATCH`, `METHOD_NOT_ALLOWED`, `NO_ACCOUNTS_FOR_TYPE_LIST`, `NO_EXISTING_CHALLENGE`, `NO_PSU_METADATA`, `NO_CERTIFICATE`, `NO_TPP_CLIENT_CREDENTIALS`, `UNSUPPORTED_BANK`, `UNSUPPORTED_FEATURE`, `UNSUPPORTED_ORDER`, `UNSUPPORTED_MEDIA_TYPE`, `USER_ALREADY_VERIFIED`, `IBAN_ONLY_*_NOT_SUPPORTED`, `COLLECTIVE_MONEY_TRANSFER_NOT_SUPPORTED` | `InvalidRequest` |
//! | `WEB_FORM_ABORTED` | `Other` |
//! | a request refused before sending (see `validate`) | `InvalidRequest`, no status |
//! | HTTP 429, whatever the code | `RateLimited` |
//! | no code, or a code this version does not know | by status: 401/403 `AuthenticationFailed`, 404/410 `NotFound`, 429 `RateLimited`, 510 `UserActionRequired`, other 4xx `InvalidRequest`, 5xx `ProviderUnavailable` |
//! | a body that does not decode into the documented type | `Decode` |
//! | connection, TLS, timeout | `Transport` |
//!
//! Retrying may help for `RateLimited`, `ProviderUnavailable` and `Transport`
//! ([`Error::is_retryable`]); `retry_after` carries finAPI's `Retry-After`.
//!
//! finAPI echoes a rejected access token in its message (`"Invalid access token: <token>"`);
//! such echoes are replaced by `[redacted]` in the message and in the kept body.

use std::fmt;
use std::time::Duration;

use bankapi_core::secret::REDACTED;
use bankapi_core::{ErrorKind, Provider, ProviderError, ResponseMeta};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::auth::TOKEN_ENDPOINT_FAILURE;
use crate::types;

/// A failed finAPI call: an error answer, a request refused before sending, a transport failure
/// or an answer that could not be decoded.
///
/// ```
/// use bankapi_core::{ErrorKind, ProviderError};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let mock = finapi::mock::MockFinApi::start().await;
/// mock.server().mock_async(|when, then| {
///     when.path("/api/v1/bankConnections/7");
///     then.status(404)
///         .header("X-Request-Id", "req-42")
///         .json_body(finapi::mock::sample::error_body("UNKNOWN_ENTITY", "Bank connection 7 not found", "BUSINESS"));
/// }).await;
/// let client = mock.client_builder().build()?;
///
/// let error = finapi::Error::from(client.get_bank_connection().id(7).send().await.unwrap_err());
/// assert_eq!(error.kind(), ErrorKind::NotFound);
/// assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
/// assert_eq!(error.code(), Some("UNKNOWN_ENTITY"));
/// assert_eq!(error.message(), Some("Bank connection 7 not found"));
/// assert_eq!(error.request_id(), Some("req-42"));
/// assert!(!error.is_retryable());
/// # Ok::<_, finapi::Error>(()) }).unwrap();
/// ```
#[non_exhaustive]
pub struct Error {
    // Boxed: errors travel in every `Result`, and are rare.
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    status: Option<StatusCode>,
    code: Option<String>,
    message: Option<String>,
    error_type: Option<String>,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: Option<Box<types::ErrorResponse>>,
    token_endpoint: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    fn bare(kind: ErrorKind, message: impl Into<String>) -> Self {
        Inner {
            kind,
            status: None,
            code: None,
            message: Some(message.into()),
            error_type: None,
            request_id: None,
            retry_after: None,
            body: None,
            token_endpoint: false,
            source: None,
        }
        .into()
    }

    /// A request refused before it was sent.
    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Error::bare(ErrorKind::InvalidRequest, message)
    }

    /// An error answer of finAPI, with its decoded body.
    fn from_answer(
        status: StatusCode,
        headers: &HeaderMap,
        mut body: types::ErrorResponse,
    ) -> Self {
        let meta = ResponseMeta::from_parts(status, headers, &["x-request-id"]);
        let token_endpoint = headers.contains_key(TOKEN_ENDPOINT_FAILURE);
        body.error_description = body.error_description.as_deref().map(redact_token_echo);
        for detail in &mut body.errors {
            detail.message = detail.message.as_deref().map(redact_token_echo);
        }
        let first = body.errors.first();
        let code = first
            .and_then(|d| d.code.as_ref())
            .map(ToString::to_string)
            .or_else(|| body.error.clone());
        let message = first
            .and_then(|d| d.message.clone())
            .or_else(|| body.error_description.clone());
        let error_type = first
            .and_then(|d| d.type_.as_ref())
            .map(ToString::to_string);
        let kind = classify(status, code.as_deref(), token_endpoint);
        Inner {
            kind,
            status: Some(status),
            code,
            message,
            error_type,
            request_id: meta.request_id.or_else(|| body.request_id.clone()),
            retry_after: meta.retry_after,
            body: Some(Box::new(body)),
            token_endpoint,
            source: None,
        }
        .into()
    }

    /// The common kind of this failure (see the table in the [module docs](self)).
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status of finAPI's answer; `None` when there was no answer.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// finAPI's error code: the first error's `code` (`"BAD_REQUEST"`, `"UNKNOWN_ENTITY"`, …),
    /// or the OAuth `error` (`"invalid_token"`, `"invalid_client"`).
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// finAPI's message: the first error's `message`, or the OAuth `error_description`; for
    /// failures without an answer, what went wrong.
    pub fn message(&self) -> Option<&str> {
        self.inner.message.as_deref()
    }

    /// The first error's type: `"BUSINESS"` (a message for the user, often from the bank) or
    /// `"TECHNICAL"` (a message for developers).
    pub fn error_type(&self) -> Option<&str> {
        self.inner.error_type.as_deref()
    }

    /// The request id (header `X-Request-Id`, else the body's `requestId`), to quote to finAPI's
    /// support.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// How long finAPI asked to wait before retrying (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// Whether retrying the same request later may succeed.
    pub fn is_retryable(&self) -> bool {
        self.inner.kind.is_retryable()
    }

    /// Whether the failure happened while getting an access token for the call (wrong client
    /// credentials or user password, user locked or not verified).
    pub fn is_token_failure(&self) -> bool {
        self.inner.token_endpoint
    }

    /// finAPI's whole decoded error body, with every error of its `errors` list.
    pub fn body(&self) -> Option<&types::ErrorResponse> {
        self.inner.body.as_deref()
    }

    /// The multi-step authentication finAPI asks for (HTTP 510), if any. The
    /// [`challenge`](crate::challenge) flows turn it into a [`Challenge`](crate::Challenge) that
    /// can be answered.
    pub fn multi_step_authentication(&self) -> Option<&types::MultiStepAuthenticationChallenge> {
        self.body()?
            .errors
            .iter()
            .find_map(|detail| detail.multi_step_authentication.as_ref())
    }
}

/// The kind of an error answer (see the module docs).
fn classify(status: StatusCode, code: Option<&str>, token_endpoint: bool) -> ErrorKind {
    if token_endpoint {
        return match status.as_u16() {
            429 => ErrorKind::RateLimited,
            400..=499 => ErrorKind::AuthenticationFailed,
            _ => ErrorKind::from_status(status),
        };
    }
    // Whatever the body says, a 429 is a rate limit.
    if status == StatusCode::TOO_MANY_REQUESTS {
        return ErrorKind::RateLimited;
    }
    let by_code = code.and_then(|code| {
        Some(match code {
            "ADDITIONAL_AUTHENTICATION_REQUIRED"
            | "WEB_FORM_REQUIRED"
            | "MISSING_CREDENTIALS"
            | "MISSING_TWO_STEP_PROCEDURE" => ErrorKind::UserActionRequired,
            "INVALID_TOKEN" | "INVALID_CONSENT" | "invalid_token" => ErrorKind::SessionExpired,
            "UNAUTHORIZED_ACCESS"
            | "FORBIDDEN"
            | "USER_NOT_VERIFIED"
            | "LOCKED"
            | "BANK_SERVER_REJECTION" => ErrorKind::AuthenticationFailed,
            "UNKNOWN_ENTITY" => ErrorKind::NotFound,
            "UNEXPECTED_ERROR" => ErrorKind::ProviderUnavailable,
            "WEB_FORM_ABORTED" => ErrorKind::Other,
            "BAD_REQUEST"
            | "ILLEGAL_FIELD_VALUE"
            | "ILLEGAL_PAGE_SIZE"
            | "ILLEGAL_ENTITY_STATE"
            | "INVALID_FILTER_OPTIONS"
            | "INVALID_TWO_STEP_PROCEDURE"
            | "MISSING_FIELD"
            | "TOO_MANY_IDS"
            | "ENTITY_EXISTS"
            | "LOGIN_FIELDS_MISMATCH"
            | "METHOD_NOT_ALLOWED"
            | "NO_ACCOUNTS_FOR_TYPE_LIST"
            | "NO_EXISTING_CHALLENGE"
            | "NO_PSU_METADATA"
            | "NO_CERTIFICATE"
            | "NO_TPP_CLIENT_CREDENTIALS"
            | "UNSUPPORTED_BANK"
            | "UNSUPPORTED_FEATURE"
            | "UNSUPPORTED_ORDER"
            | "UNSUPPORTED_MEDIA_TYPE"
            | "USER_ALREADY_VERIFIED"
            | "IBAN_ONLY_DIRECT_DEBIT_NOT_SUPPORTED"
            | "IBAN_ONLY_MONEY_TRANSFER_NOT_SUPPORTED"
            | "COLLECTIVE_MONEY_TRANSFER_NOT_SUPPORTED" => ErrorKind::InvalidRequest,
            // Other OAuth errors (`invalid_client`, `unauthorized`) come with 401.
            _ if status == StatusCode::UNAUTHORIZED => ErrorKind::AuthenticationFailed,
            _ => return None,
        })
    });
    by_code.unwrap_or(match status.as_u16() {
        510 => ErrorKind::UserActionRequired,
        _ => ErrorKind::from_status(status),
    })
}

/// Replaces what follows `token: ` (finAPI's "Invalid access token: <token>") by `[redacted]`.
fn redact_token_echo(text: &str) -> String {
    const MARK: &str = "token: ";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut search = 0;
    while let Some(found) = lower[search..].find(MARK) {
        let value_start = search + found + MARK.len();
        let value_end = text[value_start..]
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .map_or(text.len(), |end| value_start + end);
        out.push_str(&text[rest..value_start]);
        if value_end > value_start {
            out.push_str(REDACTED);
        }
        rest = value_end;
        search = value_end;
    }
    out.push_str(&text[rest..]);
    out
}

/// serde's message without the values it quotes (they may be secrets, e.g. a token).
fn without_quoted_values(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        if c == '"' {
            if !inside {
                out.push_str("\"…\"");
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

impl From<progenitor_client::Error<types::ErrorResponse>> for Error {
    fn from(error: progenitor_client::Error<types::ErrorResponse>) -> Self {
        use progenitor_client::Error as E;
        match error {
            E::InvalidRequest(message) => Error::invalid_request(message),
            E::ErrorResponse(answer) => {
                let status = answer.status();
                let headers = answer.headers().clone();
                Error::from_answer(status, &headers, answer.into_inner())
            }
            E::CommunicationError(e) | E::ResponseBodyError(e) | E::InvalidUpgrade(e) => {
                let mut error = Error::bare(ErrorKind::Transport, e.to_string());
                error.inner.status = e.status();
                error.inner.source = Some(Box::new(e.without_url()));
                error
            }
            E::InvalidResponsePayload(_, e) => {
                let mut error = Error::bare(
                    ErrorKind::Decode,
                    format!(
                        "finAPI's answer does not decode: {}",
                        without_quoted_values(&e)
                    ),
                );
                error.inner.source = Some(Box::new(e));
                error
            }
            E::UnexpectedResponse(response) => {
                let status = response.status();
                let meta = ResponseMeta::from_parts(status, response.headers(), &["x-request-id"]);
                let kind = if status.is_success() {
                    ErrorKind::Decode
                } else {
                    classify(status, None, false)
                };
                let mut error = Error::bare(kind, format!("unexpected answer HTTP {status}"));
                error.inner.status = Some(status);
                error.inner.request_id = meta.request_id;
                error.inner.retry_after = meta.retry_after;
                error
            }
            E::Custom(message) => Error::bare(ErrorKind::Other, message),
        }
    }
}

impl From<Inner> for Error {
    fn from(inner: Inner) -> Self {
        Error {
            inner: Box::new(inner),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("finAPI")?;
        if self.inner.token_endpoint {
            f.write_str(" token endpoint")?;
        }
        match self.inner.status {
            Some(status) => write!(f, " answered HTTP {}", status.as_u16())?,
            None => write!(f, ": {}", self.inner.kind)?,
        }
        if let Some(code) = &self.inner.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.inner.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.inner.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl ProviderError for Error {
    fn provider(&self) -> Provider {
        Provider::FinApi
    }
    fn kind(&self) -> ErrorKind {
        self.inner.kind
    }
    fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }
    fn code(&self) -> Option<&str> {
        Error::code(self)
    }
    fn message(&self) -> Option<&str> {
        Error::message(self)
    }
    fn request_id(&self) -> Option<&str> {
        Error::request_id(self)
    }
    fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_echoes_are_redacted() {
        assert_eq!(
            redact_token_echo("Invalid access token: cccbce46-xxxx-1234"),
            "Invalid access token: [redacted]"
        );
        assert_eq!(
            redact_token_echo("Invalid refresh TOKEN: abc and access token: def."),
            "Invalid refresh TOKEN: [redacted] and access token: [redacted]"
        );
        assert_eq!(redact_token_echo("no secret here"), "no secret here");
    }

    #[test]
    fn codes_and_statuses_give_kinds() {
        let s = |code| StatusCode::from_u16(code).unwrap();
        assert_eq!(
            classify(s(510), Some("ADDITIONAL_AUTHENTICATION_REQUIRED"), false),
            ErrorKind::UserActionRequired
        );
        assert_eq!(
            classify(s(400), Some("BAD_REQUEST"), true),
            ErrorKind::AuthenticationFailed
        );
        assert_eq!(
            classify(s(401), Some("invalid_token"), false),
            ErrorKind::SessionExpired
        );
        assert_eq!(
            classify(s(401), Some("invalid_client"), false),
            ErrorKind::AuthenticationFailed
        );
        assert_eq!(
            classify(s(404), Some("SOMETHING_NEW"), false),
            ErrorKind::NotFound
        );
        assert_eq!(
            classify(s(503), None, false),
            ErrorKind::ProviderUnavailable
        );
        assert_eq!(classify(s(429), None, true), ErrorKind::RateLimited);
        assert_eq!(classify(s(510), None, false), ErrorKind::UserActionRequired);
    }

    #[test]
    fn quoted_values_leave_decode_messages() {
        let e = serde_json::from_str::<u32>(r#""secret-token""#).unwrap_err();
        let text = without_quoted_values(&e);
        assert!(!text.contains("secret-token"), "{text}");
        assert!(text.contains("invalid type"), "{text}");
    }
}
