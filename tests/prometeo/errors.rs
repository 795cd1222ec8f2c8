//! Each error Prometeo reports, as the typed error it becomes.

use bankapi_core::{ErrorKind, ProviderError};
use httpmock::Method::{GET, POST};
use prometeo::mock::{MockPrometeo, API_KEY};
use prometeo::{Client, Environment, Error, Login};
use serde_json::{json, Value};

async fn login_answer(status: u16, body: Value) -> Error {
    let mock = MockPrometeo::start().await;
    let served = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST).path("/login/");
            then.status(status)
                .header("x-request-id", "req-42")
                .json_body(body);
        })
        .await;
    let error = mock
        .client()
        .login(&Login::new("test", "12345", "gfdsa"))
        .await
        .unwrap_err();
    served.assert_calls_async(1).await;
    error
}

#[tokio::test]
async fn wrong_credentials_with_403_or_200() {
    let error = login_answer(403, json!({"status": "wrong_credentials"})).await;
    assert!(matches!(error, Error::WrongCredentials(_)), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(error.code(), Some("wrong_credentials"));
    assert_eq!(error.request_id(), Some("req-42"));
    assert!(!format!("{error} {error:?}").contains("gfdsa"));
    let error = login_answer(
        200,
        json!({"status": "wrong_credentials", "message": "Usuario o password inválidos"}),
    )
    .await;
    assert!(matches!(error, Error::WrongCredentials(_)), "{error:?}");
    assert_eq!(error.message(), Some("Usuario o password inválidos"));
    let error = login_answer(200, json!({"status": "error", "code": "B1001", "type": "wrong_credentials", "message": "Credentials error"})).await;
    assert!(matches!(error, Error::WrongCredentials(_)), "{error:?}");
    assert_eq!(error.code(), Some("B1001"));
}

#[tokio::test]
async fn missing_credentials() {
    let error = login_answer(
        400,
        json!({"status": "missing_credentials", "message": "Missing field otp"}),
    )
    .await;
    assert!(matches!(error, Error::MissingCredentials(_)), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    let error = login_answer(200, json!({"status": "missing_credentials"})).await;
    assert!(matches!(error, Error::MissingCredentials(_)), "{error:?}");
}

#[tokio::test]
async fn provider_unavailable_is_not_retried_for_login() {
    let error = login_answer(
        503,
        json!({"status": "provider_unavailable", "message": "Provider returned 500 response."}),
    )
    .await;
    assert!(matches!(error, Error::ProviderUnavailable(_)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn invalid_api_key_in_every_shape() {
    // "Invalid key" without a session key in play: the API key is the one rejected.
    let error = login_answer(200, json!({"status": "error", "message": "Invalid key"})).await;
    assert!(matches!(error, Error::InvalidApiKey(_)), "{error:?}");
    let error = login_answer(
        401,
        json!({"status": "error", "message": "Missing API key"}),
    )
    .await;
    assert!(matches!(error, Error::InvalidApiKey(_)), "{error:?}");
    let error = login_answer(403, json!({"status": "error", "message": "Key not found"})).await;
    assert!(matches!(error, Error::InvalidApiKey(_)), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
}

#[tokio::test]
async fn other_login_failures_keep_status_and_message() {
    let error = login_answer(403, json!({"status": "user_blocked", "message": ""})).await;
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(error.prometeo_status(), Some("user_blocked"));
    let error = login_answer(403, json!({"status": "max_sessions_reached", "key": "open-session-key", "message": "User already has a session"})).await;
    assert_eq!(error.prometeo_status(), Some("max_sessions_reached"));
    assert!(!format!("{error} {error:?}").contains("open-session-key"));
    let error = login_answer(200, json!({"status": "logged_in"})).await;
    assert!(error.to_string().contains("session key"), "{error}");
}

#[tokio::test]
async fn unknown_provider_and_plain_text_answers() {
    let mock = MockPrometeo::start().await;
    mock.server()
        .mock_async(|when, then| {
            when.method(GET).path("/provider/nope/");
            then.status(404)
                .json_body(json!({"status": "provider_doesnt_exist"}));
        })
        .await;
    mock.server()
        .mock_async(|when, then| {
            when.method(GET).path("/provider/");
            then.status(500).body("Server Error (500)");
        })
        .await;
    let client = mock.client();
    let error = client.provider_detail("nope").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    let error = client.providers().await.unwrap_err();
    assert!(matches!(error, Error::ProviderUnavailable(_)), "{error:?}");
    assert!(error.to_string().contains("Server Error (500)"), "{error}");
    assert!(client.provider_detail(" ").await.is_err());
}

#[tokio::test]
async fn undecodable_answers_are_decode_errors() {
    let mock = MockPrometeo::start().await;
    mock.server()
        .mock_async(|when, then| {
            when.method(GET).path("/provider/");
            then.status(200)
                .json_body(json!({"status": "success", "providers": "not a list"}));
        })
        .await;
    let error = mock.client().providers().await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { operation, .. } if operation == "GET /provider/"),
        "{error:?}"
    );
    assert_eq!(error.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn the_api_key_is_sent_on_every_request_and_required() {
    assert!(Client::builder()
        .environment(Environment::Sandbox)
        .build()
        .is_err());
    assert!(Client::builder().api_key(" ").build().is_err());
    assert!(Client::builder()
        .api_key("k")
        .environment(Environment::Custom("not a url".into()))
        .build()
        .is_err());
    let bad = Client::new("k", Environment::Custom("not a url".into()));
    assert!(matches!(bad.providers().await, Err(Error::InvalidInput(_))));
    let mock = MockPrometeo::start().await;
    let keyed = mock
        .server()
        .mock_async(|when, then| {
            when.any_request().header("x-api-key", API_KEY);
            then.status(200)
                .json_body(json!({"status": "success", "providers": []}));
        })
        .await;
    mock.client().providers().await.unwrap();
    keyed.assert_async().await;
}
