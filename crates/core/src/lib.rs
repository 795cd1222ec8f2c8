//! Shared machinery of the `bankapi` provider crates.
//!
//! Every provider crate (`finapi`, `budgea`, `prometeo`, `intuit-aggcat`) needs the same few
//! mechanisms; they live here once:
//!
//! - [`error`]: the [`ProviderError`] trait every provider error implements, the common
//!   [`ErrorKind`]s and the response metadata (status, request id, `Retry-After`) they carry;
//! - [`transport`]: one HTTP executor with timeouts, retries (idempotent requests and rate limits
//!   only, honouring `Retry-After`), per-attempt authentication and transparent token renewal;
//! - [`auth`]: the [`Authenticator`] hook and a single-flight [`TokenCache`];
//! - [`pagination`]: any page-fetching function as a `futures::Stream` of items;
//! - [`lenient`]: decoding helpers that accept what servers really send (naive timestamps,
//!   numbers as strings, `""` for missing amounts);
//! - [`config`]: timeouts, user agent and a caller-supplied `reqwest::Client`.
//!
//! Users rarely depend on this crate directly: the provider crates re-export what they need.
//!
//! ```
//! use bankapi_core::{ErrorKind, RetryPolicy};
//! use std::time::Duration;
//!
//! let policy = RetryPolicy::default().with_max_retries(2);
//! assert_eq!(policy.max_retries(), 2);
//! assert!(ErrorKind::RateLimited.is_retryable());
//! # let _ = Duration::ZERO;
//! ```

pub mod auth;
pub mod config;
pub mod error;
pub mod lenient;
#[cfg(feature = "mock")]
pub mod mock;
pub mod pagination;
pub mod retry;
pub mod secret;
pub mod transport;

pub use auth::{
    AuthError, AuthTicket, Authenticator, ClientCredentials, FreshToken, HeaderCredential,
    TokenCache,
};
pub use config::HttpConfig;
pub use error::{ErrorKind, Provider, ProviderError, ResponseMeta};
pub use lenient::Timestamp;
pub use pagination::{paginate, Page};
pub use retry::{RetryClass, RetryPolicy};
pub use transport::{HttpTransport, TransportError};

/// Re-exported so that provider crates and their users agree on one `reqwest`.
pub use reqwest;
/// Re-exported so that users hold secrets in the same type the crates accept.
pub use secrecy;
