//! Mocks of finAPI for tests (feature `mock`): test your code against an in-process finAPI,
//! without credentials or network (httpmock on 127.0.0.1).
//!
//! - [`operations`] and [`MockServerExt`]: a typed helper for every one of the API's
//!   operations, generated from the same description as the client. `server.get_all_accounts(|when, then| ..)`
//!   matches the operation's method and path; its `when` has one method per parameter (typed as
//!   the client's), its `then` one per documented answer, taking the typed body
//!   (`then.ok(&types::AccountList)`, `then.client_error(404, &types::ErrorResponse)`).
//! - [`MockFinApi`]: a server that already answers the token endpoint for the mock credentials
//!   ([`CLIENT_ID`], [`USERNAME`], …), [`MockFinApi::client_builder`] for a client of it, and
//!   scenarios for whole flows, matched strictly (method, path, exact query, bearer token,
//!   `api-version`, exact body): [`MockFinApi::demo_bank_import_with_challenge`] (the HTTP 510
//!   multi-step authentication and its answer), [`MockFinApi::transaction_pages`], …
//! - [`sample`]: answer bodies that follow finAPI's schemas, as JSON or [typed](sample::typed).
//!
//! # A test of your code
//!
//! ```
//! use finapi::mock::{sample, MockFinApi, MockServerExt};
//! use finapi::types;
//!
//! /// Your code: the names of the user's accounts, sorted.
//! async fn account_names(client: &finapi::Client) -> finapi::Result<Vec<String>> {
//!     let list = client.get_and_search_all_accounts().send().await?;
//!     let mut names: Vec<String> =
//!         list.accounts.iter().filter_map(|a| a.account_name.clone()).collect();
//!     names.sort();
//!     Ok(names)
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let mock = MockFinApi::start().await;
//! let accounts: types::AccountList = sample::typed(serde_json::json!({"accounts": [
//!     sample::account(1, 7, "Tagesgeld", 5000.0),
//!     sample::account(2, 7, "Girokonto", 1234.5),
//! ]}));
//! let listed = mock.server().get_and_search_all_accounts(|when, then| {
//!     when.ids(None).search(None); // no filter
//!     then.ok(&accounts);
//! });
//!
//! let client = mock.client_builder().build()?;
//! assert_eq!(account_names(&client).await?, ["Girokonto", "Tagesgeld"]);
//! listed.assert_calls_async(1).await;
//! mock.tokens().user.assert_calls_async(1).await;
//! # Ok::<_, finapi::Error>(()) }).unwrap();
//! ```
//!
//! The helpers match what they are told and nothing else: add what your code must send with
//! the `when` methods, or start from a stricter `When` (`operations::XWhen::new(api(when, …))`
//! in [`MockServer::mock_async`], as the scenarios do). A request that matches no mock gets
//! httpmock's 404, which the client reports as an error.
#[rustfmt::skip]
mod generated;
pub mod sample;
mod scenarios;

pub use generated::{operations, MockServerExt};
pub use scenarios::{demo_import_params, ImportScenario, PagesScenario};

use std::fmt;
use std::time::Duration;

use httpmock::{Method, Mock, MockServer, When};
use serde_json::Value;

use crate::{ClientBuilder, Environment, HttpConfig, RetryPolicy};

/// The mock client id.
pub const CLIENT_ID: &str = "mock-client-id";
/// The mock client secret.
pub const CLIENT_SECRET: &str = "mock-client-secret";
/// The mock user's id.
pub const USERNAME: &str = "mock-user";
/// The mock user's password.
pub const PASSWORD: &str = "mock-password";
/// The client token the mock issues.
pub const CLIENT_TOKEN: &str = "mock-client-token";
/// The user token the mock issues.
pub const USER_TOKEN: &str = "mock-user-token";
/// The refresh token that comes with [`USER_TOKEN`].
pub const REFRESH_TOKEN: &str = "mock-refresh-token";
/// finAPI's demo bank (BLZ `00000000`) on the mock.
pub const DEMO_BANK_ID: i64 = 280001;
/// The bank connection the demo import creates.
pub const DEMO_CONNECTION_ID: i64 = 4242;
/// The account of the demo bank connection.
pub const DEMO_ACCOUNT_ID: i64 = 31337;
/// The TAN the demo bank's challenge asks for (it says so in its message, as finAPI's does).
pub const DEMO_TAN: &str = "123456";
/// The hash of the demo bank's multi-step authentication.
pub const DEMO_MSA_HASH: &str = "678b13f4be9ed7d981a840af8131223a";
/// The `api-version` header the generated client sends.
pub const API_VERSION: &str = "1.151.1";

/// An httpmock server playing finAPI.
pub struct MockFinApi {
    server: MockServer,
    token_mocks: (usize, usize),
}

/// The token endpoint's mocks.
pub struct TokenMocks<'a> {
    /// `grant_type=client_credentials` → [`CLIENT_TOKEN`].
    pub client: Mock<'a>,
    /// `grant_type=password` for [`USERNAME`] → [`USER_TOKEN`] and [`REFRESH_TOKEN`].
    pub user: Mock<'a>,
}

impl fmt::Debug for MockFinApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockFinApi")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for TokenMocks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenMocks")
            .field("client", &self.client.id())
            .field("user", &self.user.id())
            .finish()
    }
}

impl MockFinApi {
    /// Starts a server that answers the token endpoint for the mock credentials (tokens valid
    /// for an hour).
    pub async fn start() -> Self {
        let server = MockServer::start_async().await;
        let client = token_grant(
            &server,
            &[("grant_type", "client_credentials")],
            sample::access_token(CLIENT_TOKEN, None, 3600),
        )
        .await
        .id();
        let user = token_grant(
            &server,
            &[
                ("grant_type", "password"),
                ("username", USERNAME),
                ("password", PASSWORD),
            ],
            sample::access_token(USER_TOKEN, Some(REFRESH_TOKEN), 3600),
        )
        .await
        .id();
        MockFinApi {
            server,
            token_mocks: (client, user),
        }
    }

    /// The underlying server, to add mocks of one's own.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// A client builder for this server with the mock client and user credentials, and quick
    /// retries (1 ms apart), so that tests of retries run fast.
    pub fn client_builder(&self) -> ClientBuilder {
        crate::Client::builder()
            .environment(Environment::Custom(self.base_url()))
            .client_credentials(CLIENT_ID, CLIENT_SECRET)
            .user(USERNAME, PASSWORD)
            .http_config(
                HttpConfig::default().with_retry_policy(
                    RetryPolicy::default()
                        .with_initial_backoff(Duration::from_millis(1))
                        .with_max_backoff(Duration::from_millis(2)),
                ),
            )
    }

    /// The token endpoint's mocks, to count the grants.
    pub fn tokens(&self) -> TokenMocks<'_> {
        TokenMocks {
            client: Mock::new(self.token_mocks.0, &self.server),
            user: Mock::new(self.token_mocks.1, &self.server),
        }
    }

    /// The refresh grant of [`REFRESH_TOKEN`], answered with `new_access_token` (and a new
    /// refresh token).
    pub async fn refresh_grant(&self, new_access_token: &str) -> Mock<'_> {
        token_grant(
            &self.server,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", REFRESH_TOKEN),
            ],
            sample::access_token(new_access_token, Some("mock-refresh-token-2"), 3600),
        )
        .await
    }
}

/// Matches a call of the API: method, path, bearer token, JSON accepted, the `api-version`.
pub fn api(when: When, method: Method, path: &str, bearer: &str) -> When {
    when.method(method)
        .path(path)
        .header("authorization", format!("Bearer {bearer}"))
        .header("accept", "application/json")
        .header("api-version", API_VERSION)
}

/// Matches the exact set of query parameters (order ignored, nothing more, nothing less).
pub fn exact_query(when: When, expected: &[(&str, &str)]) -> When {
    bankapi_core::mock::exact_query(when, expected)
}

/// Matches the exact set of form fields (order ignored, nothing more, nothing less).
pub fn exact_form(when: When, expected: &[(&str, &str)]) -> When {
    bankapi_core::mock::exact_form(when, expected)
}

/// A token grant with the mock client credentials and `fields`, answered with `token`.
async fn token_grant<'a>(
    server: &'a MockServer,
    fields: &[(&str, &str)],
    token: Value,
) -> Mock<'a> {
    let mut form = vec![("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)];
    form.extend_from_slice(fields);
    server
        .mock_async(|when, then| {
            let when = when
                .method(Method::POST)
                .path("/oauth/token")
                .header("accept", "application/json");
            exact_query(exact_form(when, &form), &[]).header_missing("authorization");
            then.status(200).json_body(token);
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types;

    #[test]
    fn samples_decode_into_the_generated_types() {
        let _: types::BankConnection =
            serde_json::from_value(sample::bank_connection(1, &[2])).unwrap();
        let _: types::Account = serde_json::from_value(sample::account(2, 1, "Giro", 1.5)).unwrap();
        let _: types::Transaction =
            serde_json::from_value(sample::transaction(3, 2, -4.2, "2024-05-01")).unwrap();
        let _: types::Bank = serde_json::from_value(sample::demo_bank()).unwrap();
        let error: types::ErrorResponse =
            serde_json::from_value(sample::msa_challenge("h")).unwrap();
        assert!(error.errors[0].multi_step_authentication.is_some());
        let _: types::AccessToken =
            serde_json::from_value(sample::access_token("a", Some("r"), 60)).unwrap();
    }
}
