//! One dependency for every bank-data aggregation client of this workspace: **finAPI**,
//! **Budgea / Powens**, **Prometeo** and **Intuit Customer Account Data** (aggcat).
//!
//! - Each provider crate is re-exported as a module of the same name, behind a cargo feature of
//!   the same name (all on by default): [`finapi`], [`budgea`], [`prometeo`],
//!   [`intuit_aggcat`]. Their APIs are the providers' own, typed: nothing is hidden.
//! - One error type, [`Error`]: whichever provider failed, the same questions (which provider,
//!   what [`ErrorKind`], HTTP status, the provider's code and message, request id, retry advice),
//!   with the provider's own error inside. Every provider error converts with `?`.
//! - One challenge type, [`Challenge`]: what the bank asks the user (a text question, a
//!   one-time code, a choice, an image, a redirect, a decoupled approval), whichever provider
//!   asks; answering stays with the provider crate ([`challenge`] explains why and how).
//! - The shared settings: [`HttpConfig`] (timeouts, user agent, your own `reqwest::Client`),
//!   [`RetryPolicy`], and [`Timestamp`] for the naive timestamps providers send.
//!
//! | feature | what it adds |
//! |---|---|
//! | `finapi` (default) | [`finapi`]: finAPI Access, `From<finapi::Error>` |
//! | `budgea` (default) | [`budgea`]: Budget Insight API 2.0 / Powens, `From<budgea::Error>` |
//! | `prometeo` (default) | [`prometeo`]: Prometeo banking API, `From<prometeo::Error>` |
//! | `intuit-aggcat` (default) | [`intuit_aggcat`]: Intuit aggcat, `From<intuit_aggcat::Error>` |
//! | `mock` | each enabled provider's `mock` module: in-process mock servers playing the providers' documented test flows, for your tests |
//! | `native-tls` | the platform's TLS besides rustls |
//!
//! ```toml
//! [dependencies]
//! bankapi = { version = "0.1", default-features = false, features = ["finapi", "budgea"] }
//! ```
//!
//! # Example
//!
//! finAPI's demo bank asks for a TAN while importing a bank connection; the challenge is shown
//! through the common type, answered with finAPI's own, and errors of every provider come out
//! as one [`Error`] (here against the crate's in-process mock of finAPI, feature `mock`).
//!
//! ```
//! use bankapi::finapi::{self, mock::MockFinApi, Outcome};
//! use bankapi::{Challenge, ChallengeKind, ErrorKind, Provider};
//!
//! async fn import(client: &finapi::Client) -> bankapi::Result<i64> {
//!     let params = finapi::mock::demo_import_params();
//!     let connection = match client.import_bank_connection_flow(params).await? {
//!         Outcome::Done(connection) => connection,
//!         Outcome::NeedsUser(challenge) => {
//!             // Shown the same way whichever provider asks…
//!             let common = Challenge::from(&challenge);
//!             assert_eq!(common.provider(), Provider::FinApi);
//!             let ChallengeKind::Otp { label, .. } = &common.items()[0].kind else {
//!                 panic!("the demo bank asks for a TAN");
//!             };
//!             assert_eq!(label.as_deref(), Some("TAN"));
//!             // …and answered with finAPI's own challenge.
//!             let outcome = challenge.answer(finapi::mock::DEMO_TAN).await?;
//!             outcome.done().expect("one challenge only")
//!         }
//!     };
//!     Ok(connection.id)
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let mock = MockFinApi::start().await;
//! mock.demo_bank_import_with_challenge().await;
//! let client = mock.client_builder().build()?;
//! assert_eq!(import(&client).await?, finapi::mock::DEMO_CONNECTION_ID);
//!
//! // A generated operation's error converts too: finAPI answers 404 here.
//! let error = bankapi::Error::from(client.get_bank_connection().id(7).send().await.unwrap_err());
//! assert_eq!(error.provider(), Provider::FinApi);
//! assert_eq!(error.kind(), ErrorKind::NotFound);
//! # Ok::<_, bankapi::Error>(()) }).unwrap();
//! ```
//!
//! `cargo run -p bankapi --example tour` runs every provider's documented test flow this way,
//! against local mock servers (or a provider's real sandbox when its credentials are in the
//! environment), and prints one table of accounts across providers.

#![warn(missing_docs)]

pub mod challenge;
pub mod error;

pub use challenge::{
    Challenge, ChallengeImage, ChallengeItem, ChallengeKind, ChoiceOption, NoChallenge,
    ProviderChallenge,
};
pub use error::{Error, ErrorKind, Provider, ProviderError, Result};

/// Re-exported: the HTTP client every provider crate uses (one version for all).
pub use bankapi_core::reqwest;
/// Re-exported: the secret type the provider crates accept.
pub use bankapi_core::secrecy;
pub use bankapi_core::{HttpConfig, RetryPolicy, Timestamp};

/// finAPI Access (Germany): the [`finapi`](https://docs.rs/finapi) crate (feature `finapi`).
#[cfg(feature = "finapi")]
pub use finapi;

/// Budget Insight's API 2.0, sold today as Powens (France): the [`budgea`](https://docs.rs/budgea)
/// crate (feature `budgea`).
#[cfg(feature = "budgea")]
pub use budgea;

/// Prometeo's banking API (Latin America): the [`prometeo`](https://docs.rs/prometeo) crate
/// (feature `prometeo`).
#[cfg(feature = "prometeo")]
pub use prometeo;

/// Intuit Customer Account Data ("aggcat") and Finicity's compatible hosts: the
/// [`intuit-aggcat`](https://docs.rs/intuit-aggcat) crate (feature `intuit-aggcat`).
#[cfg(feature = "intuit-aggcat")]
pub use intuit_aggcat;
