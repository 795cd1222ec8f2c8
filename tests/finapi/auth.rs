//! Tokens: the grants, which call carries which token, caching, renewal before expiry and after
//! a 401, failures of the token endpoint.

use std::sync::Arc;
use std::time::Duration;

use finapi::mock::{
    exact_form, exact_query, sample, MockFinApi, CLIENT_ID, CLIENT_SECRET, CLIENT_TOKEN,
    REFRESH_TOKEN, USERNAME, USER_TOKEN,
};
use finapi::{types, ErrorKind};
use httpmock::Method::{GET, POST};
use serde_json::json;

use crate::{as_client, as_user, setup};

#[tokio::test]
async fn client_operations_carry_the_client_token() {
    let (mock, client) = setup().await;
    let create = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_client(when, POST, "/api/v1/users"), &[])
                .header("content-type", "application/json")
                .json_body(json!({ "id": "bob", "password": "bobs-password", "isAutoUpdateEnabled": false }));
            then.status(201).json_body(json!({
                "id": "bob", "password": "XXXXX", "email": null, "phone": null, "isAutoUpdateEnabled": false
            }));
        })
        .await;
    let user = client
        .create_user()
        .body(
            types::UserCreateParams::builder()
                .id(Some("bob".parse::<types::UserCreateParamsId>().unwrap()))
                .password(Some("bobs-password".to_owned())),
        )
        .send()
        .await
        .expect("created");
    assert_eq!(user.id, "bob");
    create.assert_async().await;
    mock.tokens().client.assert_calls_async(1).await;
    mock.tokens().user.assert_calls_async(0).await;
}

#[tokio::test]
async fn the_bank_catalogue_uses_the_user_token_if_there_is_a_user() {
    let mock = MockFinApi::start().await;
    let as_user_mock = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/banks/280001"), &[]);
            then.status(200).json_body(sample::demo_bank());
        })
        .await;
    let as_client_mock = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_client(when, GET, "/api/v1/banks/280001"), &[]);
            then.status(200).json_body(sample::demo_bank());
        })
        .await;
    let with_user = mock.client_builder().build().unwrap();
    let without_user = finapi::Client::builder()
        .base_url(mock.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    assert_eq!(
        with_user.get_bank().id(280001).send().await.unwrap().blz,
        "00000000"
    );
    assert_eq!(
        without_user.get_bank().id(280001).send().await.unwrap().id,
        280001
    );
    as_user_mock.assert_calls_async(1).await;
    as_client_mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn tokens_are_fetched_once_and_reused() {
    let (mock, client) = setup().await;
    let accounts = mock.accounts(&[]).await;
    for _ in 0..3 {
        client.get_and_search_all_accounts().send().await.unwrap();
    }
    accounts.assert_calls_async(3).await;
    mock.tokens().user.assert_calls_async(1).await;
}

#[tokio::test]
async fn concurrent_calls_share_one_token_request() {
    let (mock, client) = setup().await;
    let accounts = mock.accounts(&[]).await;
    let client = Arc::new(client);
    let calls = (0..16).map(|_| {
        let client = client.clone();
        async move {
            client
                .get_and_search_all_accounts()
                .send()
                .await
                .map(|_| ())
        }
    });
    for result in futures::future::join_all(calls).await {
        result.expect("listed");
    }
    accounts.assert_calls_async(16).await;
    mock.tokens().user.assert_calls_async(1).await;
}

#[tokio::test]
async fn tokens_about_to_expire_are_renewed_with_the_refresh_token() {
    let mock = MockFinApi::start().await;
    // Tokens live an hour; renewing an hour before expiry makes each token stale at once.
    let client = mock
        .client_builder()
        .renew_tokens_before(Duration::from_secs(3600))
        .build()
        .unwrap();
    let refresh = mock.refresh_grant("user-token-2").await;
    let first = mock.accounts(&[]).await;
    let second = mock
        .server()
        .mock_async(|when, then| {
            exact_query(
                finapi::mock::api(when, GET, "/api/v1/accounts", "user-token-2"),
                &[],
            );
            then.status(200).json_body(json!({ "accounts": [] }));
        })
        .await;
    client.get_and_search_all_accounts().send().await.unwrap();
    client.get_and_search_all_accounts().send().await.unwrap();
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    mock.tokens().user.assert_calls_async(1).await;
    refresh.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_refused_refresh_token_falls_back_to_the_password() {
    let mock = MockFinApi::start().await;
    let client = mock
        .client_builder()
        .renew_tokens_before(Duration::from_secs(3600))
        .build()
        .unwrap();
    let refused = mock
        .server()
        .mock_async(|when, then| {
            let when = when.method(POST).path("/oauth/token");
            exact_form(
                when,
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", CLIENT_ID),
                    ("client_secret", CLIENT_SECRET),
                    ("refresh_token", REFRESH_TOKEN),
                ],
            );
            then.status(400).json_body(sample::error_body(
                "BAD_REQUEST",
                "Invalid refresh token",
                "TECHNICAL",
            ));
        })
        .await;
    let accounts = mock.accounts(&[]).await;
    client.get_and_search_all_accounts().send().await.unwrap();
    client.get_and_search_all_accounts().send().await.unwrap();
    accounts.assert_calls_async(2).await;
    refused.assert_calls_async(1).await;
    mock.tokens().user.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_retries() {
    let (mock, client) = setup().await;
    let refresh = mock.refresh_grant("user-token-2").await;
    let rejected = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/accounts"), &[]);
            then.status(401).json_body(sample::bad_credentials(
                "invalid_token",
                &format!("Invalid access token: {USER_TOKEN}"),
            ));
        })
        .await;
    let accepted = mock
        .server()
        .mock_async(|when, then| {
            exact_query(
                finapi::mock::api(when, GET, "/api/v1/accounts", "user-token-2"),
                &[],
            );
            then.status(200)
                .json_body(json!({ "accounts": [sample::account(1, 2, "Giro", 1.0)] }));
        })
        .await;
    let list = client.get_and_search_all_accounts().send().await.unwrap();
    assert_eq!(list.accounts.len(), 1);
    rejected.assert_calls_async(1).await;
    refresh.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_wrong_client_secret_is_an_authentication_failure() {
    let mock = MockFinApi::start().await;
    let token = mock
        .server()
        .mock_async(|when, then| {
            exact_form(
                when.method(POST).path("/oauth/token"),
                &[
                    ("grant_type", "password"),
                    ("client_id", CLIENT_ID),
                    ("client_secret", "wrong-secret"),
                    ("username", USERNAME),
                    ("password", "wrong-password"),
                ],
            );
            then.status(401)
                .header("X-Request-Id", "token-401")
                .json_body(sample::bad_credentials(
                    "unauthorized",
                    "Bad client credentials",
                ));
        })
        .await;
    let never = mock
        .server()
        .mock_async(|when, then| {
            when.path("/api/v1/accounts");
            then.status(200);
        })
        .await;
    let client = finapi::Client::builder()
        .base_url(mock.base_url())
        .client_credentials(CLIENT_ID, "wrong-secret")
        .user(USERNAME, "wrong-password")
        .build()
        .unwrap();
    let error: finapi::Error = client
        .get_and_search_all_accounts()
        .send()
        .await
        .unwrap_err()
        .into();
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert!(error.is_token_failure());
    assert_eq!(error.status().unwrap(), 401);
    assert_eq!(error.code(), Some("unauthorized"));
    assert_eq!(error.message(), Some("Bad client credentials"));
    assert_eq!(error.request_id(), Some("token-401"));
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains("wrong-secret") && !shown.contains("wrong-password"),
        "{shown}"
    );
    token.assert_calls_async(1).await;
    never.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_wrong_password_is_an_authentication_failure() {
    let mock = MockFinApi::start().await;
    let token = mock
        .server()
        .mock_async(|when, then| {
            exact_form(
                when.method(POST).path("/oauth/token"),
                &[
                    ("grant_type", "password"),
                    ("client_id", CLIENT_ID),
                    ("client_secret", CLIENT_SECRET),
                    ("username", "eve"),
                    ("password", "guess"),
                ],
            );
            then.status(400).json_body(sample::error_body(
                "BAD_REQUEST",
                "Bad user credentials",
                "BUSINESS",
            ));
        })
        .await;
    let client = mock.client_builder().user("eve", "guess").build().unwrap();
    let error = finapi::Error::from(client.get_all_bank_connections().send().await.unwrap_err());
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(error.status().unwrap(), 400);
    assert_eq!(error.code(), Some("BAD_REQUEST"));
    assert_eq!(error.message(), Some("Bad user credentials"));
    assert!(!error.is_retryable());
    token.assert_calls_async(1).await;
}

#[tokio::test]
async fn user_operations_without_a_user_are_refused_before_sending() {
    let mock = MockFinApi::start().await;
    let client = finapi::Client::builder()
        .base_url(mock.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    let error = finapi::Error::from(client.get_all_bank_connections().send().await.unwrap_err());
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(error.status(), None);
    assert!(error.message().unwrap().contains("for_user"), "{error}");
    mock.tokens().client.assert_calls_async(0).await;
    mock.tokens().user.assert_calls_async(0).await;
}

#[tokio::test]
async fn for_user_acts_for_another_user_with_the_same_client_token() {
    let mock = MockFinApi::start().await;
    let admin = finapi::Client::builder()
        .base_url(mock.base_url())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    let bob_token = mock
        .server()
        .mock_async(|when, then| {
            exact_form(
                when.method(POST).path("/oauth/token"),
                &[
                    ("grant_type", "password"),
                    ("client_id", CLIENT_ID),
                    ("client_secret", CLIENT_SECRET),
                    ("username", "bob"),
                    ("password", "bobs-password"),
                ],
            );
            then.status(200).json_body(sample::access_token(
                "bob-token",
                Some("bob-refresh"),
                3600,
            ));
        })
        .await;
    let verify = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_client(when, POST, "/api/v1/users/verify/bob"), &[]);
            then.status(200);
        })
        .await;
    let bobs_accounts = mock
        .server()
        .mock_async(|when, then| {
            exact_query(
                finapi::mock::api(when, GET, "/api/v1/accounts", "bob-token"),
                &[],
            );
            then.status(200).json_body(json!({ "accounts": [] }));
        })
        .await;
    admin.verify_user().user_id("bob").send().await.unwrap();
    let bob = admin.for_user("bob", "bobs-password");
    assert_eq!(bob.username(), Some("bob"));
    bob.get_and_search_all_accounts().send().await.unwrap();
    bob.get_and_search_all_accounts().send().await.unwrap();
    verify.assert_async().await;
    bob_token.assert_calls_async(1).await;
    bobs_accounts.assert_calls_async(2).await;
    mock.tokens().client.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_token_operations_can_be_called_directly() {
    let (mock, client) = setup().await;
    // getToken itself carries no bearer token: the credentials are in the form.
    let revoke = mock
        .server()
        .mock_async(|when, then| {
            exact_query(
                as_client(when, POST, "/oauth/revoke"),
                &[
                    ("token", REFRESH_TOKEN),
                    ("token_type_hint", "refresh_token"),
                ],
            );
            then.status(200);
        })
        .await;
    let token = client
        .get_token()
        .body(
            types::GetTokenParams::builder()
                .grant_type(types::GetTokenParamsGrantType::ClientCredentials)
                .client_id(CLIENT_ID)
                .client_secret(CLIENT_SECRET),
        )
        .send()
        .await
        .expect("a token");
    assert_eq!(token.access_token, CLIENT_TOKEN);
    assert_eq!(token.expires_in, 3600);
    client
        .revoke_token()
        .token(REFRESH_TOKEN)
        .token_type_hint(types::RevokeTokenTokenTypeHint::RefreshToken)
        .send()
        .await
        .expect("revoked");
    revoke.assert_async().await;
    // One grant for the direct call, one for the revocation's client token.
    mock.tokens().client.assert_calls_async(2).await;
}
