//! Users and tokens: `/auth/init`, `/auth/token/code` (GET and the guide's POST),
//! `/auth/token/access`, `/auth/renew`, `DELETE /auth/token`.

use bankapi_core::secrecy::{ExposeSecret, SecretString};
use budgea::mock::{MockApi, CLIENT_ID, CLIENT_SECRET, TEMPORARY_CODE, USER_ID, USER_TOKEN};
use budgea::{ClientCredentials, CodeType, Token, TokenKind};
use httpmock::Method::{DELETE, POST};
use serde_json::json;

fn credentials() -> ClientCredentials {
    ClientCredentials::new(CLIENT_ID, CLIENT_SECRET)
}

#[tokio::test]
async fn user_creation_code_and_token_exchange() {
    let api = MockApi::start().await;
    let mocks = api.user_and_token_exchange().await;
    let client = api.client();

    let user = client.init_user(Some(&credentials())).await.unwrap();
    assert!(user.permanent);
    assert_eq!(user.id_user, Some(USER_ID));
    assert_eq!(user.token.kind(), TokenKind::User);
    assert_eq!(user.token.secret().expose_secret(), USER_TOKEN);

    let as_user = client.with_token(user.token.clone());
    let code = as_user
        .temporary_code(CodeType::SingleAccess)
        .await
        .unwrap();
    assert_eq!(code.access.as_deref(), Some("single"));
    assert_eq!(code.expires_in, Some(std::time::Duration::from_secs(1800)));

    let token = client
        .exchange_code(&credentials(), &code.code, None)
        .await
        .unwrap();
    assert_eq!(token.secret().expose_secret(), USER_TOKEN);

    mocks.init.assert_async().await;
    mocks.code.assert_async().await;
    mocks.exchange.assert_async().await;
    // Nothing secret in what a log would print.
    let printed = format!("{user:?} {code:?} {token:?} {as_user:?}");
    assert!(
        !printed.contains(USER_TOKEN) && !printed.contains(TEMPORARY_CODE),
        "{printed}"
    );
}

#[tokio::test]
async fn a_temporary_user_without_credentials_and_the_legacy_code_call() {
    let server = httpmock::MockServer::start_async().await;
    let init = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/2.0/auth/init")
                .json_body(json!({}));
            then.status(200)
                .json_body(budgea_sample("auth_init_temporary_token.json"));
        })
        .await;
    let legacy_code = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/2.0/auth/token/code")
                .header("authorization", "Bearer fBqjMZbYddebUGlkR445JKPA6pCoRaGb");
            then.status(200)
                .json_body(budgea_sample("auth_token_code.json"));
        })
        .await;
    let client = budgea::Client::builder()
        .base_url(server.url("/2.0"))
        .build()
        .unwrap();
    let user = client.init_user(None).await.unwrap();
    assert!(!user.permanent);
    assert_eq!(user.expires_in, Some(std::time::Duration::from_secs(1800)));
    let code = client
        .with_token(user.token)
        .temporary_code_legacy()
        .await
        .unwrap();
    assert_eq!(
        code.code.expose_secret(),
        "/JiDppWgbmc+5ztHIUJtHl0ynYfw682Z"
    );
    assert_eq!(code.as_token().kind(), TokenKind::TemporaryCode);
    init.assert_async().await;
    legacy_code.assert_async().await;
}

#[tokio::test]
async fn a_manage_token_gets_a_permanent_user() {
    let server = httpmock::MockServer::start_async().await;
    let init = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/2.0/auth/init")
                .header("authorization", "Bearer manage-token");
            then.status(200)
                .json_body(json!({"auth_token": "u", "type": "permanent", "id_user": 3}));
        })
        .await;
    let client = budgea::Client::builder()
        .base_url(server.url("/2.0"))
        .token(Token::manage("manage-token"))
        .build()
        .unwrap();
    assert!(client.init_user(None).await.unwrap().permanent);
    init.assert_async().await;
}

#[tokio::test]
async fn renew_and_revoke() {
    let server = httpmock::MockServer::start_async().await;
    let renew = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/2.0/auth/renew")
                .header_missing("authorization")
                .json_body(json!({
                    "grant_type": "client_credentials", "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET, "id_user": 7, "revoke_previous": true
                }));
            then.status(200)
                .json_body(json!({"access_token": "renewed", "token_type": "Bearer"}));
        })
        .await;
    let revoke = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/2.0/auth/token")
                .header("authorization", "Bearer renewed");
            then.status(204);
        })
        .await;
    let client = crate::client_of(&server);
    let token = client.renew_token(&credentials(), 7, true).await.unwrap();
    assert_eq!(token.secret().expose_secret(), "renewed");
    client.with_token(token).revoke_token().await.unwrap();
    renew.assert_async().await;
    revoke.assert_async().await;
    // Bad input is refused before sending.
    assert!(client.renew_token(&credentials(), 0, false).await.is_err());
    assert!(client.without_token().revoke_token().await.is_err());
    assert!(client
        .exchange_code(&credentials(), &SecretString::from(" "), None)
        .await
        .is_err());
    renew.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_generated_revoke_call_accepts_204() {
    let server = httpmock::MockServer::start_async().await;
    let revoke = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/2.0/auth/token");
            then.status(204);
        })
        .await;
    let response = crate::client_of(&server)
        .delete_auth_token()
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    revoke.assert_async().await;
}

pub fn budgea_sample(name: &str) -> serde_json::Value {
    bankapi_testkit::fixture_json(&format!("budgea/budgea_2_0_doc_samples/{name}"))
}

#[tokio::test]
async fn empty_client_credentials_are_refused_before_any_request() {
    let server = httpmock::MockServer::start_async().await;
    let anything = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(500);
        })
        .await;
    let client = budgea::Client::builder()
        .base_url(server.url("/2.0"))
        .build()
        .unwrap();
    let empty_secret = ClientCredentials::new(CLIENT_ID, "");
    let error = client.init_user(Some(&empty_secret)).await.unwrap_err();
    assert!(matches!(error, budgea::Error::InvalidRequest(_)), "{error}");
    assert!(
        error.to_string().contains("client secret is empty"),
        "{error}"
    );
    let empty_id = ClientCredentials::new(" ", CLIENT_SECRET);
    let code = SecretString::from("code".to_owned());
    let error = client
        .exchange_code(&empty_id, &code, None)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("client id is empty"), "{error}");
    let error = client
        .renew_token(&empty_id, USER_ID, false)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("client id is empty"), "{error}");
    anything.assert_calls_async(0).await;
}
