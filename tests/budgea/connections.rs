//! Connections (seed 001 "Protocol" step 3, seed 004 "Connection sources"): HTTP 202 then
//! completion, decoupled approvals, SCA and webauth states, bank refusals, and input checks.

use bankapi_core::secrecy::SecretString;
use bankapi_core::{ErrorKind, ProviderError};
use budgea::connections::{
    Answer, ConnectionOutcome, FieldKind, FieldValues, NewConnection, UserAction,
};
use budgea::mock::{MockApi, BANK_ID, CONNECTION_ID, OTP};
use budgea::types::ConnectionState;
use httpmock::Method::{GET, POST};
use serde_json::json;

fn credentials() -> NewConnection {
    NewConnection::connector_id(BANK_ID)
        .field("website", "par")
        .field("login", "12345678")
        .field("password", "123456")
}

#[tokio::test]
async fn a_202_asks_for_an_otp_then_the_connection_syncs() {
    let api = MockApi::start().await;
    let mocks = api.connection_with_otp().await;
    let client = api.user_client();

    let first = client.create_connection(&credentials()).await.unwrap();
    let ConnectionOutcome::UserActionNeeded { connection, action } = &first else {
        panic!("an action is needed, not {first:?}");
    };
    assert_eq!(connection.id, CONNECTION_ID);
    let UserAction::AdditionalInformation { fields, .. } = action else {
        panic!("more information, not {action:?}");
    };
    assert_eq!(fields[0].name, "otp");
    assert_eq!(fields[0].kind, FieldKind::Password);

    let done = client
        .answer_connection(connection.id, &FieldValues::new().with("otp", OTP))
        .await
        .unwrap();
    assert!(done.is_synced(), "{done:?}");
    assert!(done.connection().last_update.is_some());
    mocks.create.assert_calls_async(1).await;
    mocks.answer.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_connect_loop_answers_until_done() {
    let api = MockApi::start().await;
    let mocks = api.connection_with_otp().await;
    let mut asked = Vec::new();
    let outcome = api
        .user_client()
        .connect(&credentials(), |action, connection| {
            asked.push((connection.id, action.fields().len()));
            async { Some(Answer::Fields(FieldValues::new().with("otp", OTP))) }
        })
        .await
        .unwrap();
    assert!(outcome.is_synced());
    assert_eq!(asked, [(CONNECTION_ID, 1)]);
    mocks.create.assert_async().await;
    mocks.answer.assert_async().await;
}

#[tokio::test]
async fn decoupled_approval_then_resume() {
    let server = httpmock::MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/2.0/users/me/connections")
                .query_param("source", "openapi")
                .json_body(bankapi_testkit::fixture_json(
                    "budgea/powens_openapi_examples/connection_create_request.json",
                ));
            then.status(200).json_body(json!({
                "id": 31, "state": "decoupled", "error": "decoupled",
                "error_message": "Validez la connexion dans votre application", "fields": null
            }));
        })
        .await;
    let resume = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/2.0/users/me/connections/31")
                .json_body(bankapi_testkit::fixture_json(
                "budgea/powens_openapi_examples/connection_update_resume_decoupled_request.json",
            ));
            then.status(200)
                .json_body(json!({"id": 31, "state": null, "error": null}));
        })
        .await;
    let request = NewConnection::connector_uuid("3fa85f64-5717-4562-b3fc-2c963f66afa6")
        .field("username", "test")
        .field("password", "hello")
        .source("openapi");
    let outcome = crate::client_of(&server)
        .connect(&request, |action, _| {
            let answer = match action {
                UserAction::Decoupled { message } => {
                    assert_eq!(
                        message.as_deref(),
                        Some("Validez la connexion dans votre application")
                    );
                    Some(Answer::Resume)
                }
                _ => None,
            };
            async move { answer }
        })
        .await
        .unwrap();
    assert!(outcome.is_synced());
    create.assert_async().await;
    resume.assert_async().await;
}

#[tokio::test]
async fn sca_and_webauth_states_give_a_reconnect_url() {
    let server = httpmock::MockServer::start_async().await;
    let status = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/2.0/users/me/connections/27")
                .header("authorization", "Bearer tok");
            then.status(200).json_body(
                json!({"id": 27, "state": "SCARequired", "last_update": "2019-09-07 16:09:40"}),
            );
        })
        .await;
    let client = crate::client_of(&server);
    let outcome = client.connection_status(27).await.unwrap();
    let Some(UserAction::Sca { reconnect, .. }) = outcome.action() else {
        panic!("SCA, not {outcome:?}");
    };
    let webview = budgea::webview::Webview::powens("mybank-sandbox", "17473055");
    let url = reconnect
        .webview_url(
            &webview,
            "https://app.example.org/cb",
            &SecretString::from("code1"),
        )
        .unwrap();
    assert_eq!(url.host_str(), Some("webview.powens.com"));
    assert_eq!(url.path(), "/en/reconnect");
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(query.contains(&("connection_id".into(), "27".into())));
    assert!(query.contains(&("domain".into(), "mybank-sandbox.biapi.pro".into())));
    assert!(query.contains(&("code".into(), "code1".into())));
    let webauth = reconnect
        .webauth_url(
            &webview,
            "https://app.example.org/cb",
            &SecretString::from("code1"),
        )
        .unwrap();
    assert_eq!(webauth.path(), "/2.0/webauth");
    status.assert_async().await;

    // Each state of the seed's table maps onto its action (or a retry).
    let cases = [
        ("webauthRequired", "Webauth"),
        ("additionalInformationNeeded", "AdditionalInformation"),
        ("decoupled", "Decoupled"),
        ("actionNeeded", "ActionNeeded"),
        ("passwordExpired", "PasswordExpired"),
        ("wrongpass", "WrongPassword"),
        ("websiteUnavailable", "Retry"),
        ("rateLimiting", "Retry"),
        ("validating", "Retry"),
        ("bug", "Retry"),
        ("aNewState", "Other"),
    ];
    for (state, expected) in cases {
        let connection: budgea::types::Connection =
            serde_json::from_value(json!({"id": 1, "state": state})).unwrap();
        let outcome = ConnectionOutcome::from_connection(connection, reqwest::StatusCode::OK);
        let got = match &outcome {
            ConnectionOutcome::Retry { .. } => "Retry".to_owned(),
            other => format!("{:?}", other.action().unwrap())
                .split([' ', '{'])
                .next()
                .unwrap()
                .to_owned(),
        };
        assert_eq!(got, expected, "{state}");
    }
}

#[tokio::test]
async fn connection_sources_decode_as_powens_documents_them() {
    let server = httpmock::MockServer::start_async().await;
    // The two bodies of seed 004 "Advanced: Connection sources".
    let connectors = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/2.0/connectors")
                .query_param("expand", "sources");
            then.status(200).json_body(
                json!({"connectors": [{"id": 1, "name": "Bank name", "sources": [
                    {"name": "openapi", "priority": 1, "account_types": [], "disabled": null},
                    {"name": "directaccess", "priority": 2, "account_types": [], "disabled": null}
                ]}]}),
            );
        })
        .await;
    let connections = server
        .mock_async(|when, then| {
            when.method(GET).path("/2.0/users/me/connections").query_param("expand", "sources");
            then.status(200).json_body(json!({"connections": [{
                "id": 27, "last_update": "2019-09-07 16:09:40", "state": "SCARequired",
                "sources": [
                    {"id": 45, "last_update": "2019-09-07 16:09:40", "state": "SCARequired",
                     "source": {"name": "openapi", "priority": 1}},
                    {"id": 46, "state": null,
                     "source": {"auth_mechanism": "credentials", "name": "directaccess", "priority": 2}}
                ]
            }]}));
        })
        .await;
    let client = crate::client_of(&server);
    let list = client
        .list_connectors()
        .expand("sources")
        .send()
        .await
        .map_err(budgea::Error::from)
        .unwrap();
    let sources = &list.connectors[0].sources;
    assert_eq!(
        sources.iter().map(|s| s.priority).collect::<Vec<_>>(),
        [Some(1), Some(2)]
    );
    assert!(sources.iter().all(|s| s.disabled.is_none()));
    let list = client
        .list_user_connections()
        .id_user("me")
        .expand("sources")
        .send()
        .await
        .unwrap();
    let connection = &list.connections[0];
    assert_eq!(connection.state, Some(ConnectionState::ScaRequired));
    assert_eq!(
        connection.sources[0].state,
        Some(ConnectionState::ScaRequired)
    );
    assert_eq!(connection.sources[1].state, None);
    let source = connection.sources[1].source.as_deref().unwrap();
    assert_eq!(source.auth_mechanism.as_deref(), Some("credentials"));
    assert_eq!(
        connection.last_update.unwrap().naive().to_string(),
        "2019-09-07 16:09:40"
    );
    connectors.assert_async().await;
    connections.assert_async().await;
}

#[tokio::test]
async fn a_refused_password_is_an_error_with_its_code() {
    let api = MockApi::start().await;
    let refused = api
        .error(
            POST,
            "/users/me/connections",
            400,
            "wrongpass",
            "Mot de passe incorrect",
        )
        .await;
    let error = api
        .user_client()
        .create_connection(&credentials())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(error.code(), Some("wrongpass"));
    assert_eq!(error.message(), Some("Mot de passe incorrect"));
    assert_eq!(error.request_id(), Some("req-wrongpass"));
    assert!(!error.to_string().contains("123456"));
    refused.assert_calls_async(1).await;
}

#[tokio::test]
async fn missing_credentials_are_refused_before_sending() {
    let api = MockApi::start().await;
    let banks = api.banks_with_fields().await;
    let create = api.connection_with_otp().await;
    let bank = api
        .client()
        .list_banks()
        .expand("fields")
        .send()
        .await
        .unwrap();
    let request = NewConnection::connector_id(BANK_ID)
        .field("login", "12345678")
        .require_fields(&bank.banks[0].fields);
    let error = api
        .user_client()
        .create_connection(&request)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(error.status().is_none());
    assert!(error.to_string().contains("website"), "{error}");
    let empty = api
        .user_client()
        .answer_connection(CONNECTION_ID, &FieldValues::new())
        .await
        .unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::InvalidRequest);
    assert!(api.user_client().resume_connection(0).await.is_err());
    banks.assert_calls_async(1).await;
    create.create.assert_calls_async(0).await;
    create.answer.assert_calls_async(0).await;
}

#[tokio::test]
async fn connection_calls_are_not_resent_after_a_503() {
    let server = httpmock::MockServer::start_async().await;
    let unavailable = server
        .mock_async(|when, then| {
            when.method(POST).path("/2.0/users/me/connections");
            then.status(503)
                .json_body(json!({"code": "websiteUnavailable"}));
        })
        .await;
    let error = crate::client_of(&server)
        .create_connection(&credentials())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ProviderUnavailable);
    assert!(error.is_retryable());
    unavailable.assert_calls_async(1).await;
}
