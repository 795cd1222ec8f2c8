//! Token fetch and renewal: before expiry, after a `token_rejected` 401, one at a time.

use std::time::Duration;

use httpmock::Method::{GET, POST};
use intuit_aggcat::{ErrorKind, ProviderError};

use crate::support::{builder, contract, fixture, oauth_ok, oauth_ok_with, saml_ok, TOKEN_PATH};

const ACCOUNTS: &str = "python-aggcat/resp_201_discover_and_add_accounts_accountlist_mixed.xml";

#[tokio::test]
async fn token_rejected_401_renews_once_with_a_new_assertion_and_retries() {
    let c = contract().await;
    // Second token, distinct from the fixture's.
    c.token.delete_async().await;
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let issued = counter.clone();
    let assertions = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = assertions.clone();
    let token = c
        .server
        .mock_async(move |when, then| {
            when.method(POST).path(TOKEN_PATH).is_true(move |req| {
                seen.lock().unwrap().push(req.body_string());
                saml_ok(req)
            });
            then.respond_with(move |_req| {
                let n = issued.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                httpmock::HttpMockResponse::builder()
                    .status(200)
                    .body(format!(
                        "oauth_token_secret=secret{n}&oauth_token=token{n}\n"
                    ))
                    .build()
            });
        })
        .await;
    let rejected = c
        .server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/accounts")
                .is_true(|req| oauth_ok_with(req, "secret1", "token1"));
            then.status(401)
                .header("WWW-Authenticate", "OAuth oauth_problem=\"token_rejected\"")
                .body("oauth_problem=token_rejected");
        })
        .await;
    let accepted = c
        .server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/accounts")
                .is_true(|req| oauth_ok_with(req, "secret2", "token2"));
            then.status(200).body(fixture(ACCOUNTS));
        })
        .await;
    let list = c.client.get_customer_accounts().await.unwrap();
    assert_eq!(list.accounts.len(), 10);
    rejected.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
    token.assert_calls_async(2).await;
    let bodies = assertions.lock().unwrap().clone();
    assert_ne!(
        bodies[0], bodies[1],
        "each token request carries a brand-new assertion"
    );
}

#[tokio::test]
async fn a_token_rejected_again_after_renewal_is_reported() {
    let c = contract().await;
    let rejected = c
        .server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/accounts");
            then.status(401)
                .header("WWW-Authenticate", "OAuth oauth_problem=\"token_rejected\"")
                .header("intuit_tid", "tid-401");
        })
        .await;
    let error = c.client.get_customer_accounts().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(error.code(), Some("token_rejected"));
    assert_eq!(error.request_id(), Some("tid-401"));
    // Renewed once, not in a loop.
    rejected.assert_calls_async(2).await;
    c.token.assert_calls_async(2).await;
}

#[tokio::test]
async fn the_token_is_renewed_before_it_expires_and_one_renewal_runs_at_a_time() {
    let c = contract().await;
    let accounts = c
        .server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/accounts").is_true(oauth_ok);
            then.status(200).body(fixture(ACCOUNTS));
        })
        .await;
    let client = builder(c.server)
        .token_lifetime(Duration::from_millis(600))
        .build()
        .unwrap();
    // Eight concurrent first calls share one token.
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_customer_accounts().await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().accounts.len(), 10);
    }
    c.token.assert_calls_async(1).await;
    // Renewed halfway through its (short) life.
    tokio::time::sleep(Duration::from_millis(350)).await;
    client.get_customer_accounts().await.unwrap();
    c.token.assert_calls_async(2).await;
    accounts.assert_calls_async(9).await;
}

#[tokio::test]
async fn token_endpoint_refusal_is_an_authentication_error() {
    let server = httpmock::MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST).path(TOKEN_PATH);
            then.status(401)
                .header(
                    "WWW-Authenticate",
                    "OAuth oauth_problem=\"signature_invalid\"",
                )
                .body("oauth_problem=signature_invalid");
        })
        .await;
    let api = server
        .mock_async(|when, then| {
            when.path("/v1/accounts");
            then.status(200);
        })
        .await;
    let client = builder(&server).build().unwrap();
    let error = client.get_customer_accounts().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(error.code(), Some("signature_invalid"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    token.assert_calls_async(1).await;
    api.assert_calls_async(0).await;
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let c = contract().await;
    let _ = c.client.get_customer_accounts().await;
    let client_debug = format!("{:?}", c.client);
    for secret in [
        crate::support::CONSUMER_SECRET,
        crate::support::TOKEN_SECRET,
        crate::support::TOKEN,
        "BEGIN RSA PRIVATE KEY",
        "MIIC",
    ] {
        assert!(!client_debug.contains(secret), "{secret} in {client_debug}");
    }
    assert!(client_debug.contains(crate::support::CONSUMER_KEY));
    let credentials = intuit_aggcat::Credentials::new()
        .with("Banking Userid", "direct")
        .with("Banking Password", "hunter2");
    let debug = format!("{credentials:?}");
    assert!(
        debug.contains("Banking Password") && !debug.contains("hunter2"),
        "{debug}"
    );
    let answers = intuit_aggcat::Answers::from(["my secret answer"]);
    assert!(!format!("{answers:?}").contains("secret answer"));
    let builder_debug = format!("{:?}", builder(c.server));
    assert!(
        !builder_debug.contains(crate::support::CONSUMER_SECRET) && !builder_debug.contains("MIIC")
    );
}

#[tokio::test]
async fn builder_refuses_incomplete_or_bad_settings() {
    let server = httpmock::MockServer::start_async().await;
    let error = intuit_aggcat::Client::builder().build().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(builder(&server).private_key_pem("garbage").build().is_err());
    assert!(builder(&server)
        .private_key_file("/nonexistent/key.pem")
        .build()
        .is_err());
    assert!(builder(&server).base_url("not a url").build().is_err());
    assert!(builder(&server).customer_id(" ").build().is_err());
    let client = builder(&server)
        .base_url(server.url("/rest-war/v1/"))
        .build()
        .unwrap();
    assert!(client.base_url().ends_with("/rest-war/v1"));
    let finicity = builder(&server)
        .base_url(intuit_aggcat::Environment::Finicity.base_url())
        .build()
        .unwrap();
    assert_eq!(
        finicity.base_url(),
        "https://api.finicity.com/financialdatafeed/v1"
    );
}
