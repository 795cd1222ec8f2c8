//! Secrets never appear in `Debug` output: credentials, tokens, banking PINs and login values,
//! challenge responses, in hand-written and generated types alike.

use finapi::types;

const SECRETS: [&str; 7] = [
    "PIN-1234",
    "login-value-secret",
    "tan-5678",
    "client-secret-x",
    "user-password-y",
    "access-token-z",
    "refresh-token-w",
];

fn assert_no_secret(shown: &str) {
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{secret} printed in: {shown}");
    }
    assert!(shown.contains("[redacted]"), "{shown}");
}

fn import_params() -> types::builder::ImportBankConnectionParams {
    types::ImportBankConnectionParams::builder()
        .bank_id(280001)
        .banking_pin(Some("PIN-1234".to_owned()))
        .login_credentials(vec![types::LoginCredential {
            label: "PIN".to_owned(),
            value: "login-value-secret".to_owned(),
        }])
        .multi_step_authentication(Some(types::MultiStepAuthenticationCallback {
            hash: "h".to_owned(),
            challenge_response: Some("tan-5678".to_owned()),
            decoupled_callback: None,
            redirect_callback: None,
            two_step_procedure_id: None,
        }))
}

#[test]
fn generated_request_bodies_and_their_builders_redact_secrets() {
    let builder = import_params();
    assert_no_secret(&format!("{builder:?}"));
    let params: types::ImportBankConnectionParams = builder.try_into().unwrap();
    let shown = format!("{params:?}");
    assert_no_secret(&shown);
    // What is not secret is still shown.
    assert!(
        shown.contains("280001") && shown.contains("\"PIN\""),
        "{shown}"
    );
}

#[test]
fn operation_builders_redact_secrets() {
    let client = finapi::Client::builder()
        .client_credentials("client-id", "client-secret-x")
        .user("alice", "user-password-y")
        .build()
        .unwrap();
    assert_no_secret(&format!("{client:?}"));
    let import = client.import_bank_connection().body(import_params());
    assert_no_secret(&format!("{import:?}"));
    let token = client.get_token().body(
        types::GetTokenParams::builder()
            .grant_type(types::GetTokenParamsGrantType::Password)
            .client_id("client-id")
            .client_secret("client-secret-x")
            .username(Some("alice".to_owned()))
            .password(Some("user-password-y".to_owned())),
    );
    let shown = format!("{token:?}");
    assert_no_secret(&shown);
    assert!(shown.contains("alice"), "{shown}");
    let revoke = client.revoke_token().token("refresh-token-w");
    assert_no_secret(&format!("{revoke:?}"));
}

#[test]
fn token_answers_redact_tokens() {
    let token: types::AccessToken = serde_json::from_value(finapi::mock::sample::access_token(
        "access-token-z",
        Some("refresh-token-w"),
        3600,
    ))
    .unwrap();
    let shown = format!("{token:?}");
    assert_no_secret(&shown);
    assert!(shown.contains("3600"), "{shown}");
}

#[test]
fn client_builder_and_credentials_redact_secrets() {
    let builder = finapi::Client::builder()
        .client_credentials("client-id", "client-secret-x")
        .user("alice", "user-password-y");
    let shown = format!("{builder:?}");
    assert_no_secret(&shown);
    assert!(
        shown.contains("client-id") && shown.contains("alice"),
        "{shown}"
    );
}

#[tokio::test]
async fn challenges_redact_the_request_they_keep() {
    let (mock, client) = crate::setup().await;
    let challenge_mock = mock
        .server()
        .mock_async(|when, then| {
            crate::as_user(
                when,
                httpmock::Method::POST,
                "/api/v1/bankConnections/import",
            )
            .json_body_includes(r#"{"bankingPin": "PIN-1234"}"#);
            then.status(510)
                .header("X-Request-Id", "req-pin")
                .json_body(finapi::mock::sample::msa_challenge("h"));
        })
        .await;
    let mut params = finapi::mock::demo_import_params();
    params.banking_pin = Some("PIN-1234".to_owned());
    let challenge = client
        .import_bank_connection_flow(params)
        .await
        .unwrap()
        .challenge()
        .unwrap();
    let shown = format!("{challenge:?}");
    assert!(
        shown.contains("Answer") && shown.contains("req-pin"),
        "{shown}"
    );
    assert!(shown.contains("banking_pin: [redacted]"), "{shown}");
    assert!(!shown.contains("PIN-1234"), "{shown}");
    challenge_mock.assert_async().await;
}
