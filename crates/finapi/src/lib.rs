//! Typed client for **finAPI Access** (v1.151.1): bank connections, accounts, transactions,
//! payments, generated from finAPI's OpenAPI description, with the parts a generator cannot
//! write by hand beside it.
//!
//! - every one of the API's 102 operations as a builder on [`Client`]
//!   (`client.get_all_bank_connections().send().await?`), with typed requests and answers in
//!   [`types`]; decoding is tolerant (unknown enum values are kept, unknown fields ignored,
//!   numbers as strings and `null` lists accepted, see [`tolerance`]);
//! - authentication ([`auth`]): client and user tokens fetched, cached and renewed before they
//!   expire, the right one on each call, a `401` answered by one renewal and retry;
//! - multi-step authentication ([`challenge`]): an HTTP 510 becomes a [`Challenge`] to show the
//!   user and answer, continuing the same operation;
//! - pagination ([`pagination`]): any paged list as a `futures::Stream` or collected at once;
//! - one [`Error`] with status, finAPI's code, message and request id, an
//!   [`ErrorKind`] and retry advice;
//! - retries of what is safe to retry, never of payments ([`retry_class`]); requests finAPI
//!   would refuse are refused before sending; secrets never printed.
//!
//! # Example
//!
//! Against an in-process mock of finAPI (module `mock`, feature `mock`); for the real thing, use
//! [`Environment::Sandbox`] or [`Environment::Live`] with your credentials.
//!
//! ```
//! use finapi::{Client, Environment, Paginate};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let mock = finapi::mock::MockFinApi::start().await;
//! let accounts = mock.accounts(&[finapi::mock::sample::account(1, 7, "Girokonto", 1234.5)]).await;
//!
//! let client = Client::builder()
//!     .environment(Environment::Custom(mock.base_url()))
//!     .client_credentials(finapi::mock::CLIENT_ID, finapi::mock::CLIENT_SECRET)
//!     .user(finapi::mock::USERNAME, finapi::mock::PASSWORD)
//!     .build()?;
//!
//! // A generated operation; the user token is fetched on the way.
//! let list = client.get_and_search_all_accounts().send().await?;
//! assert_eq!(list.accounts[0].account_name.as_deref(), Some("Girokonto"));
//! // The same list through the pagination helpers.
//! let all = client.get_and_search_all_accounts().collect_all().await?;
//! assert_eq!(all.len(), 1);
//! accounts.assert_calls_async(2).await;
//! # Ok::<_, finapi::Error>(()) }).unwrap();
//! ```
//!
//! # Testing your code
//!
//! The `mock` feature adds the module `finapi::mock`: a typed httpmock helper for every
//! operation (`mock::operations`, `mock::MockServerExt`, generated with the client), a server
//! that answers the token endpoint, scenarios of whole flows (the HTTP 510 multi-step
//! authentication and its answer, paged lists), and sample bodies. Its documentation starts
//! with a complete test of code that uses this crate.

#[rustfmt::skip]
mod generated;
pub use generated::*;

pub mod auth;
mod bank_connections;
pub mod challenge;
mod config;
pub mod dates;
pub mod error;
mod hooks;
#[cfg(feature = "mock")]
pub mod mock;
pub mod pagination;
mod validate;

#[doc = include_str!("../docs/tolerance.md")]
pub mod tolerance {}

pub use auth::{ClientCredentials, TokenScope, UserCredentials};
pub use challenge::{
    Challenge, ChallengeImage, ChallengeKind, ImportOutcome, MultiStepAuthentication,
    MultiStepRequest, Outcome, UpdateOutcome,
};
pub use config::{ClientBuilder, Environment};
pub use error::{Error, Result};
pub use hooks::{retry_class, ClientState};
pub use pagination::Paginate;
pub use validate::ids;

/// Re-exported: the HTTP settings [`ClientBuilder::http_config`] takes.
pub use bankapi_core::{ErrorKind, HttpConfig, ProviderError, RetryPolicy};
