//! Mocks of the API for tests (feature `mock`): test your code against an in-process Budgea,
//! without credentials or network (httpmock on 127.0.0.1, the API under `/2.0`).
//!
//! - [`operations`] and [`MockServerExt`]: a typed helper for every generated operation,
//!   generated from the same description as the client. `server.list_user_accounts(|when, then| ..)`
//!   matches the operation's method and path (under `/2.0`); its `when` has one method per
//!   parameter (typed as the client's), its `then` one per documented answer, taking the typed
//!   body (`then.ok(&types::AccountsList)`, `then.client_error(404, &types::ServiceError)`).
//! - [`MockApi`]: a server with clients for it ([`MockApi::client`], [`MockApi::user_client`])
//!   and the scenarios of the Budgea guide, each registering the exchanges of one flow, matched
//!   strictly (method, path, query, token, body): [`MockApi::connection_with_otp`] (a
//!   connection that needs an additional field), [`MockApi::recipient_and_transfer`],
//!   [`MockApi::transaction_pages`], …
//! - [`sample`]: bodies shaped like the API's, as JSON or [typed](sample::typed).
//!
//! # A test of your code
//!
//! ```
//! use budgea::mock::{sample, MockApi, MockServerExt};
//! use budgea::types;
//!
//! /// Your code: the total balance of the user's accounts that can transfer.
//! async fn transferable_balance(client: &budgea::Client) -> Result<f64, budgea::Error> {
//!     let list = client.list_user_accounts().id_user("me").send().await?;
//!     Ok(list
//!         .accounts
//!         .iter()
//!         .filter(|a| a.able_to_transfer == Some(true))
//!         .filter_map(|a| a.balance)
//!         .sum())
//! }
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let api = MockApi::start().await;
//! let accounts: types::AccountsList = sample::typed(serde_json::json!({
//!     "accounts": [
//!         sample::account(1, "Compte chèque", "checking", 2893.36, false),
//!         sample::account(2, "Livret A", "savings", 10250.0, false),
//!     ],
//!     "total": 2
//! }));
//! let listed = api.server().list_user_accounts(|when, then| {
//!     when.id_user("me").all(None);
//!     then.ok(&accounts);
//! });
//!
//! assert_eq!(transferable_balance(&api.user_client()).await?, 2893.36);
//! listed.assert_calls_async(1).await;
//! # Ok::<_, budgea::Error>(()) }).unwrap();
//! ```
//!
//! The helpers match what they are told and nothing else: add what your code must send with
//! the `when` methods, or start from a stricter `When`
//! (`operations::XWhen::new(when.header(..))` in [`httpmock::MockServer::mock_async`], as the
//! scenarios do). A request that matches no mock gets httpmock's 404.

#[rustfmt::skip]
mod generated;
pub mod sample;
mod scenarios;

pub use generated::{operations, MockServerExt};
pub use scenarios::{AccountMocks, ConnectionMocks, TransferMocks, UserMocks};

use httpmock::MockServer;

use crate::client::Token;
use crate::Client;

/// The client id the scenarios expect.
pub const CLIENT_ID: &str = "17473055";
/// The client secret the scenarios expect.
pub const CLIENT_SECRET: &str = "mock-client-secret";
/// The permanent user token the scenarios hand out and expect.
pub const USER_TOKEN: &str = "mock-user-token";
/// The temporary code the scenarios hand out.
pub const TEMPORARY_CODE: &str = "mock-temporary-code";
/// The user the scenarios create.
pub const USER_ID: i64 = 7;
/// The bank (connector) of the scenarios.
pub const BANK_ID: i64 = 59;
/// The connection the scenarios create.
pub const CONNECTION_ID: i64 = 27;
/// The checking account of the scenarios.
pub const ACCOUNT_ID: i64 = 723;
/// The savings account of the scenarios.
pub const SAVINGS_ID: i64 = 724;
/// The recipient the scenarios add.
pub const RECIPIENT_ID: i64 = 2;
/// The transfer the scenarios create.
pub const TRANSFER_ID: i64 = 22;
/// The one-time password the connection scenario asks for.
pub const OTP: &str = "424242";
/// The SMS code the recipient scenario asks for.
pub const SMS_CODE: &str = "123456";
/// The bank password the transfer scenario asks for.
pub const BANK_PASSWORD: &str = "654321";

/// An httpmock server answering like the API under `/2.0`.
pub struct MockApi {
    server: MockServer,
}

impl std::fmt::Debug for MockApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockApi")
            .field("base_url", &self.base_url())
            .finish()
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

impl MockApi {
    /// Starts a server.
    pub async fn start() -> MockApi {
        MockApi {
            server: MockServer::start_async().await,
        }
    }

    /// The server, for other mocks.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The base URL (`http://127.0.0.1:{port}/2.0`).
    pub fn base_url(&self) -> String {
        self.server.url("/2.0")
    }

    /// A client of this server, without a token.
    pub fn client(&self) -> Client {
        Client::builder()
            .base_url(self.base_url())
            .client_id(CLIENT_ID)
            .build()
            .expect("a client of the mock server")
    }

    /// A client of this server with the scenarios' user token.
    pub fn user_client(&self) -> Client {
        self.client().with_token(Token::user(USER_TOKEN))
    }
}
