//! One error type for every provider.
//!
//! [`Error`] answers the same questions whichever provider failed: which provider, what kind of
//! failure ([`ErrorKind`]), the HTTP status, the provider's own code and message, the request id
//! to quote to the provider's support, and whether (and when) a retry may help. The provider's
//! own error stays inside, reachable through [`std::error::Error::source`] and
//! [`Error::downcast_ref`], so nothing provider-specific is lost.
//!
//! Every provider crate's error converts with `From` (so `?` works), and so does the error of
//! every generated operation of `finapi` and `budgea` (`client.get_…().send().await?`).
//!
//! # Provider error codes and their kinds
//!
//! Assembled from the tables of the provider crates, which have the details:
//! [`finapi::error`](https://docs.rs/finapi/latest/finapi/error/index.html),
//! [`budgea::error`](https://docs.rs/budgea/latest/budgea/error/index.html),
//! [`prometeo::Error`](https://docs.rs/prometeo/latest/prometeo/enum.Error.html),
//! [`intuit_aggcat::Error`](https://docs.rs/intuit-aggcat/latest/intuit_aggcat/enum.Error.html).
//! A code a provider crate does not know yet falls back to the HTTP status: 401/403
//! `AuthenticationFailed`, 404/410 `NotFound`, 429 `RateLimited`, other 4xx `InvalidRequest`,
//! 5xx `ProviderUnavailable`.
//!
//! | [`ErrorKind`] | finAPI | Budgea / Powens | Prometeo | Intuit aggcat |
//! |---|---|---|---|---|
//! | `AuthenticationFailed` | any 4xx of the token endpoint (client secret, user password, user locked); `UNAUTHORIZED_ACCESS`, `FORBIDDEN`, `USER_NOT_VERIFIED`, `LOCKED`, `BANK_SERVER_REJECTION`; other OAuth errors (401) | `wrongpass`, `authFailure`, `forbidden`, `invalidToken`; 401, 403 | `wrong_credentials` (403 or 200), code `B1001`; `user_blocked`; a bad API key (`Invalid key` without session, 401 `Missing API key`, 403 `Key not found`) | `103` (login), `187` (wrong challenge answer), `199`; OAuth `token_rejected`, `signature_invalid`, `consumer_key_rejected`; 401, 403; token endpoint refusal |
//! | `UserActionRequired` (a challenge or other user action) | `ADDITIONAL_AUTHENTICATION_REQUIRED` (HTTP 510), `WEB_FORM_REQUIRED`, `MISSING_CREDENTIALS`, `MISSING_TWO_STEP_PROCEDURE` | `additionalInformationNeeded`, `SCARequired`, `webauthRequired`, `decoupled`, `actionNeeded`, `passwordExpired`, `bankMessage`; a connection still asking after the allowed rounds | (none: `interaction_required` is a login status, see [`Challenge`](crate::Challenge)) | `108`, `109`, `185` (a 401 with a challenge session is not an error, see [`Challenge`](crate::Challenge)) |
//! | `SessionExpired` | `INVALID_TOKEN`, `INVALID_CONSENT`, OAuth `invalid_token` | (an expired token is `invalidToken`: `AuthenticationFailed`) | `Invalid key` (HTTP 200) on a session call, code `B1006` | 408 (challenge session expired) |
//! | `RateLimited` | 429 | `rateLimiting`, `tooManySync`; 429 | 429 | 429 |
//! | `ProviderUnavailable` | `UNEXPECTED_ERROR`; 5xx | `websiteUnavailable`, `bug`, `keymanager`, `connectionLocked`; 5xx | `provider_unavailable`; 5xx | `105`, `155`; 500, 502, 503, 504 |
//! | `InvalidRequest` | `BAD_REQUEST`, `ILLEGAL_*`, `INVALID_*` filters and procedures, `MISSING_FIELD`, `ENTITY_EXISTS`, `UNSUPPORTED_*`, … (finAPI's table); refused before sending | `noAccount`, `notSupported`, `config`, `dataError`, `invalidValue`, `missingParameter`, `methodNotAllowed`; 400; refused before sending | `missing_credentials`, `missing_params`, `transfer_status_invalid`; other 4xx; refused before sending | `api.max.customers`, `api.max.accounts`; 400; refused before sending, unusable private key |
//! | `NotFound` | `UNKNOWN_ENTITY`; 404 | `notFound`; 404 | `provider_doesnt_exist`, `transfer_not_found`; 404 | `api.database.notfound`, `api.database.account.notfound`; 404 |
//! | `Decode` | an answer that does not decode into the documented type | same | same | same (XML) |
//! | `Transport` | connection, TLS, timeout | same | same | same |
//! | `Other` | `WEB_FORM_ABORTED` | | `status: error` with another message, `max_sessions_reached`, `not_implemented` | |
//!
//! Retrying may help for `RateLimited`, `ProviderUnavailable` and `Transport`
//! ([`Error::is_retryable`]); [`Error::retry_after`] carries the provider's `Retry-After`.

use std::fmt;
use std::time::Duration;

use bankapi_core::reqwest::StatusCode;
pub use bankapi_core::{ErrorKind, Provider, ProviderError};

/// `Result` with the facade's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from any provider crate.
///
/// Built from a provider's error (`From`, or [`Error::from_provider`] for any
/// [`ProviderError`]); it cannot be built or changed otherwise, and its fields are private: read
/// it through its methods. `Display` shows the provider, the kind, the status, the provider's
/// code and request id, and the provider's own message.
///
/// ```
/// use bankapi::{Error, ErrorKind, Provider};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// // Budgea answers 400 `wrongpass` (against the crate's mock server here).
/// let api = bankapi::budgea::mock::MockApi::start().await;
/// api.error(httpmock::Method::GET, "/banks", 400, "wrongpass", "Wrong password").await;
/// let result = api.client().list_banks().send().await;
///
/// let error = Error::from(result.unwrap_err()); // or `?` in a function returning bankapi::Result
/// assert_eq!(error.provider(), Provider::Budgea);
/// assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
/// assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
/// assert_eq!(error.code(), Some("wrongpass"));
/// assert_eq!(error.request_id(), Some("req-wrongpass"));
/// assert!(!error.is_retryable());
/// assert_eq!(
///     error.to_string(),
///     "budgea: authentication failed (HTTP 400, code wrongpass, request id req-wrongpass): Wrong password"
/// );
/// // The provider's own error, with everything it knows.
/// let budgea_error = error.downcast_ref::<bankapi::budgea::Error>().unwrap();
/// assert_eq!(budgea_error.error_code(), Some(bankapi::budgea::ErrorCode::WrongPass));
/// # });
/// ```
///
/// Any other [`ProviderError`] converts too, with [`Error::from_provider`]:
///
/// ```
/// use bankapi::{Error, ErrorKind, Provider, ProviderError};
/// use bankapi::reqwest::StatusCode;
///
/// #[derive(Debug)]
/// struct RateLimited;
/// impl std::fmt::Display for RateLimited {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("slow down") }
/// }
/// impl std::error::Error for RateLimited {}
/// impl ProviderError for RateLimited {
///     fn provider(&self) -> Provider { Provider::Budgea }
///     fn kind(&self) -> ErrorKind { ErrorKind::RateLimited }
///     fn status(&self) -> Option<StatusCode> { Some(StatusCode::TOO_MANY_REQUESTS) }
///     fn code(&self) -> Option<&str> { Some("rateLimiting") }
///     fn message(&self) -> Option<&str> { Some("slow down") }
///     fn request_id(&self) -> Option<&str> { Some("req-1") }
/// }
///
/// let error = Error::from_provider(RateLimited);
/// assert!(error.is_retryable());
/// assert_eq!(
///     error.to_string(),
///     "budgea: rate limited (HTTP 429, code rateLimiting, request id req-1): slow down"
/// );
/// assert!(error.downcast_ref::<RateLimited>().is_some());
/// ```
#[non_exhaustive]
pub struct Error {
    inner: Box<dyn ProviderError>,
}

impl Error {
    /// Wraps any provider's error.
    pub fn from_provider<E: ProviderError>(error: E) -> Self {
        Error {
            inner: Box::new(error),
        }
    }

    /// The provider that failed.
    pub fn provider(&self) -> Provider {
        self.inner.provider()
    }

    /// The common kind of failure (see the [module docs](self) for how each provider's codes
    /// map onto it).
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind()
    }

    /// The HTTP status of the provider's answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status()
    }

    /// The provider's own error code (`"UNKNOWN_ENTITY"`, `"wrongpass"`, `"B1001"`, `"103"`).
    pub fn code(&self) -> Option<&str> {
        self.inner.code()
    }

    /// The provider's own message.
    pub fn message(&self) -> Option<&str> {
        self.inner.message()
    }

    /// The provider's request id, to quote to its support.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id()
    }

    /// Whether retrying the same request later may succeed.
    pub fn is_retryable(&self) -> bool {
        self.inner.is_retryable()
    }

    /// How long the provider asked to wait before retrying.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after()
    }

    /// The provider's own error, if it is an `E` (e.g. `finapi::Error`).
    pub fn downcast_ref<E: ProviderError>(&self) -> Option<&E> {
        let inner: &(dyn std::error::Error + 'static) = &*self.inner;
        inner.downcast_ref::<E>()
    }

    /// The provider's own error by value, if it is an `E`; otherwise `self` back.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let mock = bankapi::prometeo::mock::MockPrometeo::start().await;
    /// mock.login_wrong_credentials().await;
    /// let login = bankapi::prometeo::Login::new("test", "12345", "wrong");
    /// let error = bankapi::Error::from(mock.client().login(&login).await.unwrap_err());
    ///
    /// let error = error.downcast::<bankapi::finapi::Error>().unwrap_err(); // not finAPI's
    /// let prometeo = error.downcast::<bankapi::prometeo::Error>().unwrap();
    /// assert!(matches!(prometeo, bankapi::prometeo::Error::WrongCredentials(_)));
    /// # });
    /// ```
    pub fn downcast<E: ProviderError>(self) -> std::result::Result<E, Self> {
        if self.downcast_ref::<E>().is_none() {
            return Err(self);
        }
        let inner: Box<dyn std::error::Error + Send + Sync> = self.inner;
        match inner.downcast::<E>() {
            Ok(error) => Ok(*error),
            Err(_) => unreachable!("the error was just checked to be an E"),
        }
    }

    /// The provider's own error, boxed.
    pub fn into_provider_error(self) -> Box<dyn ProviderError> {
        self.inner
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("provider", &self.provider())
            .field("kind", &self.kind())
            .field("status", &self.status())
            .field("code", &self.code())
            .field("message", &self.message())
            .field("request_id", &self.request_id())
            .field("source", &self.inner)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.provider(), self.kind())?;
        let mut details = Vec::new();
        if let Some(status) = self.status() {
            details.push(format!("HTTP {}", status.as_u16()));
        }
        if let Some(code) = self.code() {
            details.push(format!("code {code}"));
        }
        if let Some(id) = self.request_id() {
            details.push(format!("request id {id}"));
        }
        if let Some(wait) = self.retry_after() {
            details.push(format!("retry after {}s", wait.as_secs()));
        }
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        // The provider's own words; its error's Display when it has no message.
        match self.message() {
            Some(message) => write!(f, ": {message}"),
            None => write!(f, ": {}", self.inner),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.inner)
    }
}

/// `From` each provider crate's error, and from the error of its generated operations.
macro_rules! from_provider {
    ($feature:literal, $error:ty $(, $generated:ty)?) => {
        #[cfg(feature = $feature)]
        impl From<$error> for Error {
            fn from(error: $error) -> Self {
                Error::from_provider(error)
            }
        }
        $(
            #[cfg(feature = $feature)]
            impl From<$generated> for Error {
                fn from(error: $generated) -> Self {
                    Error::from_provider(<$error>::from(error))
                }
            }
        )?
    };
}

from_provider!(
    "finapi",
    finapi::Error,
    progenitor_client::Error<finapi::types::ErrorResponse>
);
from_provider!(
    "budgea",
    budgea::Error,
    progenitor_client::Error<budgea::types::ServiceError>
);
from_provider!("prometeo", prometeo::Error);
from_provider!("intuit-aggcat", intuit_aggcat::Error);
