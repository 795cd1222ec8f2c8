//! Contract tests of the `finapi` crate against an in-process finAPI (httpmock, loopback only).
//!
//! Every mock matches strictly: method, path, exact query, headers (bearer token, `api-version`,
//! content type) and exact body, so a request that differs in any way is not answered and the
//! test fails. Answers follow finAPI's schemas and documentation (`finapi::mock::sample`).

mod auth;
mod bank_connections;
mod config;
mod contract_adapter;
mod deletions;
mod errors;
#[rustfmt::skip]
mod generated_contract;
mod mocks;
mod multi_step;
mod pagination;
mod retries;
mod secrets;
mod tolerance;

use finapi::mock::{self, MockFinApi};
use httpmock::{Method, When};

/// Matches a call with the user token (see `finapi::mock::api`).
pub fn as_user(when: When, method: Method, path: &str) -> When {
    mock::api(when, method, path, mock::USER_TOKEN)
}

/// Matches a call with the client token.
pub fn as_client(when: When, method: Method, path: &str) -> When {
    mock::api(when, method, path, mock::CLIENT_TOKEN)
}

/// A mock finAPI and a client for it, acting for the mock user.
pub async fn setup() -> (MockFinApi, finapi::Client) {
    let mock = MockFinApi::start().await;
    let client = mock.client_builder().build().expect("a client");
    (mock, client)
}
