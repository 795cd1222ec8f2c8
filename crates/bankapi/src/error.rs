//! One error type for every provider.
//!
//! [`Error`] answers the same questions whichever provider failed: which provider, what kind of
//! failure ([`ErrorKind`]), the HTTP status, the provider's own code and message, the request id
//! to quote to the provider's support, and whether (and when) a retry may help. The provider's
//! own error stays inside, reachable through [`std::error::Error::source`] and
//! [`Error::downcast_ref`], so nothing provider-specific is lost.

use std::fmt;
use std::time::Duration;

use bankapi_core::reqwest::StatusCode;
pub use bankapi_core::{ErrorKind, Provider, ProviderError};

/// An error from any provider crate.
///
/// ```
/// use bankapi::{Error, ErrorKind, Provider, ProviderError};
/// use bankapi_core::reqwest::StatusCode;
///
/// // Any provider error converts; here a stand-in for, e.g., `finapi::Error`.
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
/// assert_eq!(error.provider(), Provider::Budgea);
/// assert!(error.is_retryable());
/// assert_eq!(error.code(), Some("rateLimiting"));
/// assert_eq!(
///     error.to_string(),
///     "budgea: rate limited (HTTP 429, code rateLimiting, request id req-1): slow down"
/// );
/// assert!(error.downcast_ref::<RateLimited>().is_some());
/// ```
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

    /// The common kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind()
    }

    /// The HTTP status of the provider's answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status()
    }

    /// The provider's own error code.
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

    /// The provider's own error, by value.
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
