//! Typed client for the [Prometeo](https://prometeoapi.com) banking API: log in to a Latin
//! American bank on a user's behalf, then read accounts, movements and credit cards, and make
//! transfers.
//!
//! The seed's journey (the official Python client's guide), in Rust, here against an in-process
//! mock server (module `mock`, feature `mock`):
//!
//! ```
//! use chrono::NaiveDate;
//! use prometeo::{Environment, Login, LoginStatus};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
//! let mock = prometeo::mock::MockPrometeo::start().await;
//! mock.journey().await;
//! // For real: `prometeo::Client::new(api_key, Environment::Sandbox)`.
//! let client = prometeo::Client::new(prometeo::mock::API_KEY, Environment::Custom(mock.base_url()));
//!
//! let session = client.login(&Login::new("test", "12345", "gfdsa")).await?;
//! assert_eq!(session.status(), &LoginStatus::LoggedIn);
//!
//! for account in session.accounts().await? {
//!     let from = NaiveDate::from_ymd_opt(2019, 2, 1).unwrap();
//!     let to = NaiveDate::from_ymd_opt(2019, 2, 28).unwrap();
//!     let movements = session.account_movements(&account, from, to).await?;
//!     println!("{} {}: {} movements", account.number, account.currency, movements.len());
//! }
//! session.logout().await?;
//! # Ok(()) }
//! ```
//!
//! # What is where
//!
//! | seed (Python) | here |
//! |---|---|
//! | `Client(key, environment=…)` | [`Client::new`], [`Client::builder`], [`Environment`] |
//! | `get_providers()`, `get_provider_detail(code)` | [`Client::providers`], [`Client::provider_detail`] ([`ProviderDetail::login_fields`]) |
//! | `login(provider, username, password, **kwargs)` | [`Client::login`] with a [`Login`] and typed [`LoginField`]s ([`DocumentType`]) |
//! | `session.get_status()` | [`Session::status`]: [`LoginStatus`] |
//! | `get_clients()`, `select_client(c)` | [`Session::clients`], [`Session::select_client`] |
//! | `get_interactive_context()`, `finish_login(…, answer)` | [`LoginStatus::InteractionRequired`], [`Session::finish_login`] |
//! | `get_session_key()`, `get_session(key)` | [`Session::session_key`], [`Client::restore_session`] |
//! | `get_accounts()`, `account.get_movements(from, to)` | [`Session::accounts`], [`Session::movements`] / [`Session::account_movements`] |
//! | `get_credit_cards()`, `card.get_movements(currency, from, to)` | [`Session::credit_cards`], [`Session::card_movements`] |
//! | `list_transfer_institutions()`, `preprocess_transfer(…)`, `confirm_transfer(…)` | [`Session::transfer_institutions`], [`Session::preprocess_transfer`] with [`PreprocessTransfer`], [`Session::confirm_transfer`] |
//! | `logout()` | [`Session::logout`] |
//!
//! Every one of the 34 operations of Prometeo's OpenAPI description (33, plus the
//! `GET /movement/` the official client uses) is also callable on the generated low-level
//! client, [`raw::Client`], reached through [`Client::raw`] or [`Session::raw`]: it shares the
//! API key, the session key, the transport and its retry rules.
//!
//! # Testing your code
//!
//! The `mock` feature adds the module `prometeo::mock`: a typed httpmock helper for every
//! operation of the description (`mock::operations`, `mock::MockServerExt`, generated with
//! [`raw::Client`]), matchers for the API and session keys, a server with one scenario per step
//! of the official client's guide (logins, select-client and interaction flows, data,
//! transfers), and sample bodies. Its documentation starts with a complete test of code that
//! uses this crate.
//!
//! # Behaviour worth knowing
//!
//! - **Secrets**: the API key travels as `X-API-Key`, the session key as `X-Session-Key` (as the
//!   official client sends them; [`SessionKeyPlacement::Query`] gives the legacy `?key=`). Neither
//!   is ever printed: `Debug` of every type holding one is redacted, errors never contain them.
//! - **Errors in HTTP 200**: an answer is read through its `status` first. See [`Error`] for the
//!   mapping of Prometeo's statuses to error variants and [`bankapi_core::ErrorKind`]s.
//! - **Retries**: reads (`GET`) are retried on transport failures and 429/502/503/504; login and
//!   other `POST`s only when the server cannot have seen them; transfers
//!   ([`Session::preprocess_transfer`], [`Session::confirm_transfer`], and every transfer
//!   operation of [`raw::Client`]) are sent exactly once.
//! - **Amounts** are [`rust_decimal::Decimal`], exact, decoded from numbers, numeric strings,
//!   `""` and `null` (absent). Dates are [`chrono::NaiveDate`], sent and read as `DD/MM/YYYY`.

#![warn(missing_docs)]

/// Defines a string enum that keeps unknown values in `Other(String)`.
#[macro_export]
#[doc(hidden)]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as Prometeo spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(other) => other,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $( $text => $name::$variant, )*
                    other => $name::Other(other.to_owned()),
                })
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s.parse() {
                    Ok(value) => value,
                    Err(never) => match never {},
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                ::bankapi_core::lenient::open_enum(d)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

mod accounts;
mod client;
mod de;
mod environment;
mod error;
#[rustfmt::skip]
#[allow(missing_docs)]
mod generated;
mod login;
#[cfg(feature = "mock")]
pub mod mock;
mod providers;
pub mod raw;
mod session;
mod transfers;

pub use accounts::{Account, CreditCard, Movement, MovementsResponse, PersonalInfo};
pub use client::{Client, ClientBuilder, SessionKeyPlacement};
pub use de::parse_date;
pub use environment::Environment;
pub use error::{ApiError, Error};
pub use login::{DocumentType, Login, LoginField};
pub use providers::{AuthField, AuthFieldKind, Bank, Choice, Provider, ProviderDetail};
pub use session::{ClientProfile, LoginStatus, Session};
pub use transfers::{
    AuthorizationDevice, AuthorizationType, PreprocessTransfer, PreprocessedTransfer,
    TransferConfirmation, TransferInstitution,
};

/// Re-exported: the amount type.
pub use rust_decimal::Decimal;
