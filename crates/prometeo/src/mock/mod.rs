//! Mocks of Prometeo for tests (feature `mock`): test your code against an in-process
//! Prometeo, without an API key or network (httpmock on 127.0.0.1).
//!
//! - [`operations`] and [`MockServerExt`]: a typed helper for every operation of Prometeo's
//!   description (those of [`raw::Client`](crate::raw::Client), which are also every endpoint
//!   the ergonomic layer calls), generated from the same description as the client.
//!   `server.get_accounts(|when, then| ..)` matches the operation's method and path (trailing
//!   slash included); its `when` has one method per parameter, its `then` one per documented
//!   answer, taking the typed body of [`raw::types`](crate::raw::types). The helpers do not
//!   check keys: start from [`api_key`] or [`session`] for that
//!   (`operations::GetAccountsWhen::new(mock::session(when))`).
//! - [`MockPrometeo`]: a server with a client for it ([`MockPrometeo::client`]) and one helper
//!   per scenario of the official client's guide, matched strictly (method, path, keys, form
//!   fields, query): logins ([`MockPrometeo::login_logged_in`], …), the multi-step ones
//!   ([`MockPrometeo::select_client_flow`], [`MockPrometeo::interaction_flow`]), data,
//!   transfers, the whole [`MockPrometeo::journey`].
//! - [`sample`]: bodies as Prometeo writes them, as JSON or [typed](sample::typed).
//!
//! # A test of your code
//!
//! ```
//! use prometeo::mock::{sample, MockPrometeo, MockServerExt, PASSWORD, PROVIDER, USERNAME};
//! use prometeo::raw::types;
//!
//! /// Your code: log in, then the numbers of the accounts in `currency`.
//! async fn accounts_in(
//!     client: &prometeo::Client,
//!     currency: &str,
//! ) -> Result<Vec<String>, prometeo::Error> {
//!     let session = client.login(&prometeo::Login::new(PROVIDER, USERNAME, PASSWORD)).await?;
//!     let accounts = session.accounts().await?;
//!     Ok(accounts.into_iter().filter(|a| a.currency == currency).map(|a| a.number).collect())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
//! let mock = MockPrometeo::start().await;
//! let login = mock.login_logged_in().await; // a scenario
//! let answer: types::GetAccountsResponse = sample::typed(sample::accounts());
//! let accounts = mock.server().get_accounts(|_when, then| {
//!     then.ok(&answer); // a typed helper
//! });
//!
//! assert_eq!(accounts_in(&mock.client(), "USD").await?, ["004327567890"]);
//! login.assert_calls_async(1).await;
//! accounts.assert_calls_async(1).await;
//! # Ok(()) }
//! ```
//!
//! A request that matches no mock gets httpmock's 404.

#[rustfmt::skip]
mod generated;
pub mod sample;
mod scenarios;

pub use generated::{operations, MockServerExt};
pub use scenarios::{InteractionMocks, SelectClientMocks};

use std::fmt;
use std::time::Duration;

use bankapi_core::{HttpConfig, RetryPolicy};
use httpmock::{MockServer, When};

use crate::{Client, Environment};

/// The API key [`MockPrometeo::client`] sends and every mock expects.
pub const API_KEY: &str = "mock-api-key-4f1c";
/// The session key the login mocks hand out and the session mocks expect.
pub const SESSION_KEY: &str = "163d06b2-3378-4383-9868-71c2b6fb28da";
/// The provider of the login mocks (the sandbox's mock bank).
pub const PROVIDER: &str = "test";
/// The username of the login mocks (the sandbox's).
pub const USERNAME: &str = "12345";
/// The password of the login mocks (the sandbox's).
pub const PASSWORD: &str = "gfdsa";

/// An httpmock server answering like Prometeo's banking API.
pub struct MockPrometeo {
    server: MockServer,
}

impl fmt::Debug for MockPrometeo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockPrometeo")
            .field("base_url", &self.server.base_url())
            .finish()
    }
}

impl MockPrometeo {
    /// Starts a server on 127.0.0.1.
    pub async fn start() -> MockPrometeo {
        MockPrometeo {
            server: MockServer::start_async().await,
        }
    }

    /// The underlying server, to register other answers.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The server's base URL, for [`Environment::Custom`].
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// A client for this server with [`API_KEY`], retrying fast (1–5 ms backoff).
    pub fn client(&self) -> Client {
        Client::builder()
            .api_key(API_KEY)
            .environment(Environment::Custom(self.base_url()))
            .http_config(
                HttpConfig::default().with_retry_policy(
                    RetryPolicy::default()
                        .with_initial_backoff(Duration::from_millis(1))
                        .with_max_backoff(Duration::from_millis(5)),
                ),
            )
            .build()
            .expect("a client for the mock server")
    }
}

/// Expects the API key ([`API_KEY`]) in `X-API-Key`.
pub fn api_key(when: When) -> When {
    when.header("x-api-key", API_KEY)
}

/// Expects the API key and the session key ([`SESSION_KEY`]) in `X-Session-Key`.
pub fn session(when: When) -> When {
    api_key(when).header("x-session-key", SESSION_KEY)
}
