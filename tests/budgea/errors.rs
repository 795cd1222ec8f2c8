//! Every error of the seed's tables, decoded: the synchronization error codes (connection and
//! account tables), the HTTP statuses of "HTTP response codes", and the "Errors management"
//! body; plus bodies that are not JSON and request ids in headers.

use bankapi_core::{ErrorKind, ProviderError};
use budgea::{Error, ErrorCode};
use httpmock::Method::GET;
use serde_json::json;

/// (code, kind, retryable): the connection table, then the codes Powens adds.
const CODES: &[(&str, ErrorKind, bool)] = &[
    ("wrongpass", ErrorKind::AuthenticationFailed, false),
    (
        "additionalInformationNeeded",
        ErrorKind::UserActionRequired,
        false,
    ),
    ("websiteUnavailable", ErrorKind::ProviderUnavailable, true),
    ("actionNeeded", ErrorKind::UserActionRequired, false),
    ("SCARequired", ErrorKind::UserActionRequired, false),
    ("decoupled", ErrorKind::UserActionRequired, false),
    ("passwordExpired", ErrorKind::UserActionRequired, false),
    ("webauthRequired", ErrorKind::UserActionRequired, false),
    ("bug", ErrorKind::ProviderUnavailable, true),
    ("rateLimiting", ErrorKind::RateLimited, true),
    ("noAccount", ErrorKind::InvalidRequest, false),
    ("tooManySync", ErrorKind::RateLimited, true),
    ("connectionLocked", ErrorKind::ProviderUnavailable, true),
    ("bankMessage", ErrorKind::UserActionRequired, false),
    ("notSupported", ErrorKind::InvalidRequest, false),
    ("forbidden", ErrorKind::AuthenticationFailed, false),
    ("authFailure", ErrorKind::AuthenticationFailed, false),
];

async fn error_for(status: u16, body: serde_json::Value) -> Error {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/2.0/users/me/accounts");
            then.status(status).json_body(body);
        })
        .await;
    let error: Error = crate::client_of(&server)
        .list_user_accounts()
        .id_user("me")
        .send()
        .await
        .unwrap_err()
        .into();
    assert!(mock.calls_async().await >= 1);
    error
}

#[tokio::test]
async fn every_code_of_the_tables() {
    for (code, kind, retryable) in CODES {
        let error = error_for(
            400,
            json!({"code": code, "message": "Un message de la banque", "description": "details"}),
        )
        .await;
        assert_eq!(error.kind(), *kind, "{code}");
        assert_eq!(error.is_retryable(), *retryable, "{code}");
        assert_eq!(error.code(), Some(*code));
        assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
        assert_eq!(error.message(), Some("Un message de la banque"));
        assert_eq!(error.error_code().unwrap().as_str(), *code);
        assert!(
            !matches!(error.error_code(), Some(ErrorCode::Other(_))),
            "{code} is known"
        );
        let api = error.api().unwrap();
        assert_eq!(api.description(), Some("details"));
        assert_eq!(api.body().code.as_deref(), Some(*code));
    }
}

#[tokio::test]
async fn the_statuses_of_the_table_and_the_error_example() {
    // "Errors management": {"code": "authFailure", "message": "Wrong password"}.
    let error = error_for(
        403,
        json!({"code": "authFailure", "message": "Wrong password"}),
    )
    .await;
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(
        error.to_string(),
        "Budgea API answered HTTP 403 authFailure: Wrong password"
    );
    for (status, kind, retryable) in [
        (400, ErrorKind::InvalidRequest, false),
        (403, ErrorKind::AuthenticationFailed, false),
        (404, ErrorKind::NotFound, false),
        (500, ErrorKind::ProviderUnavailable, true),
        (503, ErrorKind::ProviderUnavailable, true),
    ] {
        let error = error_for(
            status,
            json!({"code": "somethingNew", "request_id": "r-42"}),
        )
        .await;
        assert_eq!(error.kind(), kind, "{status}");
        assert_eq!(error.is_retryable(), retryable, "{status}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.request_id(), Some("r-42"));
        assert_eq!(
            error.error_code(),
            Some(ErrorCode::Other("somethingNew".into()))
        );
    }
}

#[tokio::test]
async fn bodies_that_are_not_json_keep_their_status() {
    let server = httpmock::MockServer::start_async().await;
    let gateway = server
        .mock_async(|when, then| {
            when.method(GET).path("/2.0/banks");
            then.status(502)
                .header("x-request-id", "edge-1")
                .header("content-type", "text/html")
                .body("<html>Bad Gateway</html>");
        })
        .await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET).path("/2.0/connectors");
            then.status(429).header("Retry-After", "3600");
        })
        .await;
    let client = crate::client_of(&server);
    let error: Error = client.list_banks().send().await.unwrap_err().into();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(error.kind(), ErrorKind::ProviderUnavailable);
    assert_eq!(error.request_id(), Some("edge-1"));
    assert_eq!(error.message(), Some("<html>Bad Gateway</html>"));
    assert_eq!(error.code(), None);
    // Idempotent: retried (three retries) before giving up.
    gateway.assert_calls_async(4).await;

    let error: Error = client.list_connectors().send().await.unwrap_err().into();
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(
        error.retry_after(),
        Some(std::time::Duration::from_secs(3600))
    );
    limited.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_generated_error_decoding_matches_the_hand_written_one() {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/2.0/users/me/connections");
            then.status(400)
                .json_body(json!({"code": "wrongpass", "message": "Bad"}));
        })
        .await;
    let client = crate::client_of(&server);
    let generated: Error = client
        .list_user_connections()
        .id_user("me")
        .send()
        .await
        .unwrap_err()
        .into();
    let hand_written = client
        .create_connection(&budgea::NewConnection::connector_id(1).field("login", "x"))
        .await
        .unwrap_err();
    for error in [generated, hand_written] {
        assert_eq!(
            (error.code(), error.message()),
            (Some("wrongpass"), Some("Bad"))
        );
        assert_eq!(error.provider(), bankapi_core::Provider::Budgea);
    }
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn connection_errors_reach_nothing_but_loopback() {
    // A port nobody listens on: a transport error, retried, with no query in its text.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = budgea::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/2.0"))
        .token(budgea::Token::user("secret-token"))
        .http_config(
            budgea::HttpConfig::default().with_retry_policy(budgea::RetryPolicy::disabled()),
        )
        .build()
        .unwrap();
    let error: Error = client
        .get_webauth()
        .client_id("1")
        .redirect_uri("https://app.example.org/cb")
        .token("code-secret")
        .send()
        .await
        .unwrap_err()
        .into();
    assert_eq!(error.kind(), ErrorKind::Transport);
    let text = format!("{error} {error:?}");
    assert!(
        !text.contains("secret-token") && !text.contains("code-secret"),
        "{text}"
    );
}
