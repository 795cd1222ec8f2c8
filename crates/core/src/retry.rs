//! When a request may be sent again, and how long to wait first.
//!
//! The rules, applied by [`crate::HttpTransport`]:
//! - a request whose [`RetryClass`] is [`RetryClass::Never`] (payments, transfers) is sent
//!   exactly once, whatever happens;
//! - an idempotent request (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`) is retried after a
//!   transport failure (connection refused, reset, timeout) and after `429`, `502`, `503`, `504`;
//! - a non-idempotent request (`POST`, `PATCH`) is retried only when the server cannot have acted
//!   on it: a connection that could not be established, or a `429` rate limit;
//! - waits grow exponentially with jitter; a `Retry-After` header is honoured when it is no longer
//!   than [`RetryPolicy::max_retry_after`], otherwise the error is returned at once with the
//!   advice attached.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How safe it is to send a request more than once.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryClass {
    /// Sending it twice has the effect of sending it once.
    Idempotent,
    /// Sending it twice may act twice: only resent when the server cannot have seen it.
    NonIdempotent,
    /// Moves money or otherwise must never be sent twice: exactly one attempt.
    Never,
}

impl RetryClass {
    /// The class HTTP semantics give a method.
    pub fn from_method(method: &Method) -> RetryClass {
        match *method {
            Method::GET
            | Method::HEAD
            | Method::PUT
            | Method::DELETE
            | Method::OPTIONS
            | Method::TRACE => RetryClass::Idempotent,
            _ => RetryClass::NonIdempotent,
        }
    }
}

/// How many times, and how patiently, failed requests are retried.
///
/// ```
/// use bankapi_core::RetryPolicy;
/// use std::time::Duration;
///
/// let patient = RetryPolicy::default()
///     .with_max_retries(5)
///     .with_initial_backoff(Duration::from_millis(200))
///     .with_max_retry_after(Duration::from_secs(120));
/// assert_eq!(patient.max_retries(), 5);
/// assert_eq!(RetryPolicy::disabled().max_retries(), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, 250 ms doubling up to 8 s, `Retry-After` honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets how many times a request may be retried after its first attempt.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the wait before the first retry; it doubles on each further retry.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Caps the wait between two attempts (when the server gives no `Retry-After`).
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Sets the longest `Retry-After` the client waits for by itself; longer ones are returned
    /// to the caller as an error carrying the advice.
    pub fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// How many times a request may be retried after its first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The longest `Retry-After` honoured automatically.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The wait before retry number `retry` (0 for the first retry), with up to 25 % jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let base = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(16)))
            .min(self.max_backoff);
        let jitter = base.mul_f64(rand::random::<f64>() * 0.25);
        base.saturating_sub(jitter)
    }

    /// After a response on attempt `retries_done + 1`: the wait before resending, or `None`.
    pub fn retry_response(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        class: RetryClass,
        retries_done: u32,
    ) -> Option<Duration> {
        if class == RetryClass::Never || retries_done >= self.max_retries {
            return None;
        }
        let retryable = match status.as_u16() {
            429 => true,
            502..=504 => class == RetryClass::Idempotent,
            _ => false,
        };
        if !retryable {
            return None;
        }
        match parse_retry_after(headers) {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(retries_done)),
        }
    }

    /// After a transport failure on attempt `retries_done + 1`: the wait before resending, or
    /// `None`.
    pub fn retry_error(
        &self,
        error: &reqwest::Error,
        class: RetryClass,
        retries_done: u32,
    ) -> Option<Duration> {
        if class == RetryClass::Never || retries_done >= self.max_retries {
            return None;
        }
        // A connection that was never established cannot have delivered the request.
        let safe = error.is_connect()
            || (class == RetryClass::Idempotent && (error.is_timeout() || error.is_request()));
        safe.then(|| self.backoff(retries_done))
    }
}

/// Parses `Retry-After` as delay-seconds or as an HTTP date.
pub fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn classes_follow_http_semantics() {
        assert_eq!(
            RetryClass::from_method(&Method::GET),
            RetryClass::Idempotent
        );
        assert_eq!(
            RetryClass::from_method(&Method::DELETE),
            RetryClass::Idempotent
        );
        assert_eq!(
            RetryClass::from_method(&Method::POST),
            RetryClass::NonIdempotent
        );
        assert_eq!(
            RetryClass::from_method(&Method::PATCH),
            RetryClass::NonIdempotent
        );
    }

    #[test]
    fn never_and_exhausted_are_not_retried() {
        let policy = RetryPolicy::default();
        let headers = HeaderMap::new();
        assert!(policy
            .retry_response(
                StatusCode::TOO_MANY_REQUESTS,
                &headers,
                RetryClass::Never,
                0
            )
            .is_none());
        assert!(policy
            .retry_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &headers,
                RetryClass::Idempotent,
                3
            )
            .is_none());
        assert!(policy
            .retry_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &headers,
                RetryClass::NonIdempotent,
                0
            )
            .is_none());
        assert!(policy
            .retry_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &headers,
                RetryClass::Idempotent,
                0
            )
            .is_some());
        assert!(policy
            .retry_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &headers,
                RetryClass::Idempotent,
                0
            )
            .is_none());
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default().with_max_retry_after(Duration::from_secs(10));
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(
            policy.retry_response(
                StatusCode::TOO_MANY_REQUESTS,
                &headers,
                RetryClass::NonIdempotent,
                0
            ),
            Some(Duration::from_secs(3))
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("30"));
        assert_eq!(
            policy.retry_response(
                StatusCode::TOO_MANY_REQUESTS,
                &headers,
                RetryClass::NonIdempotent,
                0
            ),
            None
        );
    }

    #[test]
    fn retry_after_accepts_http_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(parse_retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(parse_retry_after(&headers), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(400));
        assert!(policy.backoff(0) <= Duration::from_millis(100));
        assert!(policy.backoff(0) >= Duration::from_millis(75));
        assert!(policy.backoff(1) >= Duration::from_millis(150));
        assert!(policy.backoff(10) <= Duration::from_millis(400));
    }
}
