//! Configuration: user agent, timeouts, a caller-supplied `reqwest::Client`.

use std::time::Duration;

use bankapi_core::ErrorKind;
use finapi::mock::{exact_query, MockFinApi};
use finapi::{HttpConfig, RetryPolicy};
use httpmock::Method::GET;
use serde_json::json;

use crate::as_user;

#[tokio::test]
async fn the_user_agent_is_sent_with_every_request() {
    let mock = MockFinApi::start().await;
    let accounts = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/accounts"), &[])
                .header("user-agent", "budget-app/2.1");
            then.status(200).json_body(json!({ "accounts": [] }));
        })
        .await;
    let client = mock
        .client_builder()
        .http_config(HttpConfig::default().with_user_agent("budget-app/2.1"))
        .build()
        .unwrap();
    client.get_and_search_all_accounts().send().await.unwrap();
    accounts.assert_async().await;
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let mock = MockFinApi::start().await;
    let slow = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/accounts"), &[]);
            then.status(200)
                .delay(Duration::from_millis(800))
                .json_body(json!({ "accounts": [] }));
        })
        .await;
    let client = mock
        .client_builder()
        .http_config(
            HttpConfig::default()
                .with_timeout(Duration::from_millis(200))
                .with_retry_policy(RetryPolicy::disabled()),
        )
        .build()
        .unwrap();
    let error = finapi::Error::from(
        client
            .get_and_search_all_accounts()
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(error.kind(), ErrorKind::Transport);
    slow.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_caller_supplied_client_is_used() {
    let mock = MockFinApi::start().await;
    let accounts = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/accounts"), &[]).header("x-tenant", "acme");
            then.status(200).json_body(json!({ "accounts": [] }));
        })
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-tenant", "acme".parse().unwrap());
    let own = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = mock
        .client_builder()
        .http_config(HttpConfig::default().with_client(own))
        .build()
        .unwrap();
    client.get_and_search_all_accounts().send().await.unwrap();
    accounts.assert_async().await;
}

#[test]
fn environments_have_their_base_urls() {
    for (environment, url) in [
        (finapi::Environment::Sandbox, "https://sandbox.finapi.io"),
        (finapi::Environment::Live, "https://live.finapi.io"),
        (
            finapi::Environment::Custom("http://127.0.0.1:1/".into()),
            "http://127.0.0.1:1",
        ),
    ] {
        let client = finapi::Client::builder()
            .environment(environment)
            .client_credentials("id", "secret")
            .build()
            .unwrap();
        assert_eq!(finapi::ClientInfo::baseurl(&client), url);
    }
}

#[test]
fn empty_client_credentials_are_refused_before_any_request() {
    for (id, secret, why) in [
        ("", "s3cr3t", "the client id is empty"),
        ("client", "  ", "the client secret is empty"),
    ] {
        let error = finapi::Client::builder()
            .base_url("http://127.0.0.1:9")
            .client_credentials(id, secret)
            .build()
            .expect_err("refused");
        assert_eq!(error.kind(), ErrorKind::InvalidRequest);
        assert!(error.to_string().contains(why), "{error}");
        assert!(!error.to_string().contains("s3cr3t"), "{error}");
    }
}
