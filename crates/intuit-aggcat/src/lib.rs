//! Typed client for Intuit's Customer Account Data API ("aggcat", later "Financial Data API"),
//! and Finicity's compatible facade.
//!
//! Everything python-aggcat did, typed: SAML 2.0 assertions signed with your RSA key
//! ([`saml`]) exchanged for OAuth 1.0a tokens (renewed before their hour is up, and after a
//! `token_rejected` 401), every request signed with HMAC-SHA1 ([`oauth`]), XML decoded with
//! yaserde by namespace URI ([`models`]), challenges as values rather than errors
//! ([`Discovery`], [`ChallengeSet`]), and errors that carry Intuit's code, message and
//! `intuit_tid` ([`Error`]). TLS certificates are always verified.
//!
//! ```
//! use intuit_aggcat::{Client, Credentials, Discovery};
//! use chrono::{Duration, Utc};
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! # let server = httpmock::MockServer::start_async().await;
//! # intuit_aggcat::mock::mount_sandbox(&server).await;
//! # let key_pem = intuit_aggcat::mock::PRIVATE_KEY_PEM;
//! let client = Client::builder()
//!     .consumer_key(intuit_aggcat::mock::CONSUMER_KEY)
//!     .consumer_secret(intuit_aggcat::mock::CONSUMER_SECRET)
//!     .saml_identity_provider_id(intuit_aggcat::mock::SAML_IDENTITY_PROVIDER_ID)
//!     .customer_id("customer-42")
//!     .private_key_pem(key_pem)
//! #   .base_url(server.url("/v1")).token_url(server.url(intuit_aggcat::mock::TOKEN_PATH))
//!     .build()?;
//!
//! let fields = client.get_credential_fields(100000).await?;
//! let credentials: Credentials = fields
//!     .iter()
//!     .map(|f| (f.name.clone(), if f.mask { "anyvalue" } else { "direct" }))
//!     .collect();
//! let Discovery::Accounts(list) = client.discover_and_add_accounts(100000, credentials).await? else {
//!     panic!("the 'direct' user has no challenge");
//! };
//! let since = (Utc::now() - Duration::days(30)).date_naive();
//! for account in &list.accounts {
//!     let transactions = client.get_account_transactions(account.account_id(), since, None).await?;
//!     println!("{} {} transactions", account.account_id(), transactions.transactions.len());
//! }
//! # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
//! ```
//!
//! | python-aggcat | this crate |
//! |---|---|
//! | `AggcatClient(key, secret, saml_id, customer_id, key_path)` | [`Client::builder`]`()…build()?` ([`Environment`]: Intuit, Finicity, custom) |
//! | `get_institutions()` | [`Client::get_institutions`]; search: [`Client::search_institutions`], [`models::Institutions::search`] |
//! | `get_institution_details(id)` | [`Client::get_institution_details`] |
//! | `get_credential_fields(id)` | [`Client::get_credential_fields`] (sorted numerically) |
//! | `discover_and_add_accounts(id, **creds)` | [`Client::discover_and_add_accounts`] → [`Discovery`] |
//! | `confirm_challenge(id, session, node, answers)` | [`ChallengeSet::answer`] or [`Client::confirm_challenge`] |
//! | `get_customer_accounts()` / `get_login_accounts(id)` / `get_account(id)` | [`Client::get_customer_accounts`] / [`Client::get_login_accounts`] / [`Client::get_account`] |
//! | `get_account_transactions(id, start, end)` | [`Client::get_account_transactions`] (`NaiveDate`s) |
//! | `get_investment_positions(id)` | [`Client::get_investment_positions`] |
//! | `update_account_type(id, name, type)` | [`Client::update_account_type`] with [`AccountType`] |
//! | `update_institution_login(inst, login, refresh, **creds)` | [`Client::update_institution_login`] → [`LoginUpdate`] |
//! | `update_challenge(login, session, node, answers, refresh)` | [`ChallengeSet::answer`] or [`Client::update_challenge`] |
//! | `delete_account(id)` / `delete_customer()` | [`Client::delete_account`] / [`Client::delete_customer`] |
//! | `verify_ssl=False` | not offered: TLS certificates are always verified |
//!
//! The `mock` feature adds the `mock` module, to test code that uses this crate (its
//! documentation starts with a complete test): a typed httpmock helper for every operation
//! (`mock::operations`, `mock::MockServerExt`) answering typed sample values, the token
//! endpoint and challenge-rounds scenarios, and an in-process fake of Intuit's sandbox
//! (institution 100000 and its `direct`, `tfa_text`, `tfa_text2`, `tfa_choice`, `tfa_image`
//! users) which checks every OAuth signature and SAML assertion as Intuit would.
#![warn(missing_docs)]

mod account_type;
mod auth;
mod challenge;
mod client;
mod credentials;
mod error;
mod ids;
#[cfg(feature = "mock")]
pub mod mock;
pub mod models;
pub mod oauth;
pub mod saml;
mod search;
mod xml;

pub use account_type::AccountType;
pub use challenge::{
    Answers, Challenge, ChallengeImage, ChallengeKind, ChallengeSession, ChallengeSet, Choice,
    Discovery, LoginUpdate,
};
pub use client::{Client, ClientBuilder, Environment};
pub use credentials::{CredentialField, Credentials};
pub use error::{ApiError, Error};
pub use ids::{AccountId, InstitutionId, LoginId, PositionId, TransactionId};
pub use rust_decimal::Decimal;
pub use xml::{ns, Amount, DecodeError, Timestamp};

/// Re-exported: the workspace's shared settings and error trait.
pub use bankapi_core::{ErrorKind, HttpConfig, ProviderError, RetryPolicy};
