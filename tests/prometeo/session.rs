//! Session keys: where they travel, restoring a session elsewhere, expiry, secrecy, logout.

use httpmock::Method::GET;
use prometeo::mock::{MockPrometeo, API_KEY, SESSION_KEY};
use prometeo::{Client, Environment, Error, Login, SessionKeyPlacement};
use serde_json::json;

#[tokio::test]
async fn a_session_moves_to_another_process_by_its_key() {
    let mock = MockPrometeo::start().await;
    mock.login_logged_in().await;
    let accounts = mock.accounts().await;
    let key = {
        let session = mock
            .client()
            .login(&Login::new("test", "12345", "gfdsa"))
            .await
            .unwrap();
        session.session_key().to_owned()
    };
    // Another process: a new client, the stored key.
    let other = Client::new(API_KEY, Environment::Custom(mock.base_url()));
    let restored = other.restore_session(key);
    assert!(restored.status().is_logged_in());
    assert_eq!(restored.accounts().await.unwrap().len(), 2);
    accounts.assert_async().await;
}

#[tokio::test]
async fn the_session_key_travels_as_a_header_by_default_and_as_key_on_request() {
    let mock = MockPrometeo::start().await;
    let in_header = mock.accounts().await;
    mock.client()
        .restore_session(SESSION_KEY)
        .accounts()
        .await
        .unwrap();
    in_header.assert_async().await;

    let in_query = mock
        .server()
        .mock_async(|when, then| {
            when.method(GET)
                .path("/credit-card/")
                .header("x-api-key", API_KEY)
                .query_param("key", SESSION_KEY)
                .header_missing("x-session-key");
            then.status(200)
                .json_body(json!({"status": "success", "credit_cards": []}));
        })
        .await;
    let legacy = Client::builder()
        .api_key(API_KEY)
        .environment(Environment::Custom(mock.base_url()))
        .session_key_placement(SessionKeyPlacement::Query)
        .build()
        .unwrap();
    assert!(legacy
        .restore_session(SESSION_KEY)
        .credit_cards()
        .await
        .unwrap()
        .is_empty());
    in_query.assert_async().await;
}

#[tokio::test]
async fn invalid_key_with_http_200_is_session_expired() {
    let mock = MockPrometeo::start().await;
    mock.server()
        .mock_async(|when, then| {
            when.method(GET).path("/account/");
            then.status(200)
                .json_body(json!({"status": "error", "message": "Invalid key"}));
        })
        .await;
    let error = mock
        .client()
        .restore_session("expired-key-0001")
        .accounts()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::SessionExpired(_)), "{error:?}");
    use bankapi_core::ProviderError;
    assert_eq!(error.kind(), bankapi_core::ErrorKind::SessionExpired);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.message(), Some("Invalid key"));
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("expired-key-0001"), "{shown}");
}

#[tokio::test]
async fn secrets_never_print() {
    let mock = MockPrometeo::start().await;
    mock.login_logged_in().await;
    let client = Client::builder()
        .api_key(API_KEY)
        .environment(Environment::Custom(mock.base_url()))
        .session_key_placement(SessionKeyPlacement::Query)
        .build()
        .unwrap();
    let builder = Client::builder().api_key(API_KEY);
    let session = mock
        .client()
        .login(&Login::new("test", "12345", "gfdsa"))
        .await
        .unwrap();
    let shown = format!("{client:?} {builder:?} {session:?} {:?}", session.raw());
    for secret in [API_KEY, SESSION_KEY, "gfdsa"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    // A transport error of a legacy (query) session names no key either.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = Client::builder()
        .api_key(API_KEY)
        .environment(Environment::Custom(format!("http://127.0.0.1:{port}")))
        .session_key_placement(SessionKeyPlacement::Query)
        .http_config(
            bankapi_core::HttpConfig::default()
                .with_retry_policy(bankapi_core::RetryPolicy::disabled()),
        )
        .build()
        .unwrap();
    let error = dead
        .restore_session(SESSION_KEY)
        .accounts()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let shown = format!("{error} {error:?} {:?}", std::error::Error::source(&error));
    assert!(!shown.contains(SESSION_KEY), "{shown}");
    assert!(!shown.contains(API_KEY), "{shown}");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let mock = MockPrometeo::start().await;
    let logout = mock.logout().await;
    mock.client()
        .restore_session(SESSION_KEY)
        .logout()
        .await
        .unwrap();
    logout.assert_async().await;
}
