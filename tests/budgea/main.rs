//! Contract tests of the `budgea` crate against httpmock servers (loopback only): the flows of
//! the Budgea 2.0 guide (seed 001) and of Powens' bank guide (seed 004), the error tables, and
//! every documentation sample in `../shared/fixtures/budgea/`.

mod accounts;
mod auth;
mod connections;
mod contract_adapter;
mod coverage;
mod errors;
mod fixtures;
#[rustfmt::skip]
mod generated_contract;
mod hello;
mod mocks;
mod transactions;
mod transfers;
mod uploads;
mod webhooks;

use budgea::mock::MockApi;
use budgea::{Client, Token};

/// A client of `api` sending the scenarios' user token.
pub fn user_client(api: &MockApi) -> Client {
    api.user_client()
}

/// A client of a bare httpmock server, with a user token and fast retries.
pub fn client_of(server: &httpmock::MockServer) -> Client {
    Client::builder()
        .base_url(server.url("/2.0"))
        .token(Token::user("tok"))
        .http_config(
            budgea::HttpConfig::default().with_retry_policy(
                budgea::RetryPolicy::default()
                    .with_initial_backoff(std::time::Duration::from_millis(1))
                    .with_max_backoff(std::time::Duration::from_millis(2)),
            ),
        )
        .build()
        .expect("a client")
}
