//! Error answers of every kind decoded into `finapi::Error`, and requests refused before sending.

use bankapi_core::{ErrorKind, Provider, ProviderError};
use finapi::mock::{exact_query, sample};
use finapi::types;
use httpmock::Method::GET;
use serde_json::json;

use crate::{as_user, setup};

/// Answers `GET /api/v1/bankConnections/7` with `status`, `body` and `X-Request-Id: req-<status>`,
/// and returns the error of `get_bank_connection`.
async fn error_for(status: u16, body: Option<serde_json::Value>) -> finapi::Error {
    let (mock, client) = setup().await;
    let answer = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/bankConnections/7"), &[]);
            let then = then
                .status(status)
                .header("X-Request-Id", format!("req-{status}"))
                .header("Retry-After", "3600");
            if let Some(body) = body {
                then.json_body(body);
            }
        })
        .await;
    let error = client
        .get_bank_connection()
        .id(7)
        .send()
        .await
        .expect_err("an error answer");
    let hits = answer.calls_async().await;
    assert!(hits >= 1, "the mock was not called");
    finapi::Error::from(error)
}

#[tokio::test]
async fn error_message_bodies_of_every_status() {
    // (status, finAPI code, type, expected kind, retryable)
    let cases = [
        (
            400,
            "BAD_REQUEST",
            "TECHNICAL",
            ErrorKind::InvalidRequest,
            false,
        ),
        (
            403,
            "FORBIDDEN",
            "TECHNICAL",
            ErrorKind::AuthenticationFailed,
            false,
        ),
        (
            404,
            "UNKNOWN_ENTITY",
            "BUSINESS",
            ErrorKind::NotFound,
            false,
        ),
        (
            422,
            "ILLEGAL_ENTITY_STATE",
            "BUSINESS",
            ErrorKind::InvalidRequest,
            false,
        ),
        (
            422,
            "BANK_SERVER_REJECTION",
            "BUSINESS",
            ErrorKind::AuthenticationFailed,
            false,
        ),
        (
            423,
            "LOCKED",
            "BUSINESS",
            ErrorKind::AuthenticationFailed,
            false,
        ),
        (
            451,
            "INVALID_CONSENT",
            "BUSINESS",
            ErrorKind::SessionExpired,
            false,
        ),
        (
            500,
            "UNEXPECTED_ERROR",
            "TECHNICAL",
            ErrorKind::ProviderUnavailable,
            true,
        ),
        (
            501,
            "UNSUPPORTED_FEATURE",
            "TECHNICAL",
            ErrorKind::InvalidRequest,
            false,
        ),
        (
            422,
            "A_CODE_FROM_THE_FUTURE",
            "BUSINESS",
            ErrorKind::InvalidRequest,
            false,
        ),
    ];
    for (status, code, error_type, kind, retryable) in cases {
        let message = format!("message for {code}");
        let error = error_for(status, Some(sample::error_body(code, &message, error_type))).await;
        assert_eq!(error.kind(), kind, "{code}");
        assert_eq!(error.status().unwrap().as_u16(), status);
        assert_eq!(error.code(), Some(code));
        assert_eq!(error.message(), Some(message.as_str()));
        assert_eq!(error.error_type(), Some(error_type));
        assert_eq!(error.request_id(), Some(format!("req-{status}").as_str()));
        assert_eq!(error.is_retryable(), retryable, "{code}");
        assert_eq!(error.provider(), Provider::FinApi);
        let body = error.body().expect("the decoded body");
        assert_eq!(body.date.as_deref(), Some("2024-05-01 10:00:00.000"));
        assert_eq!(body.errors.len(), 1);
        let shown = error.to_string();
        assert!(
            shown.contains(&format!("HTTP {status}")) && shown.contains(code),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn an_oauth_401_after_renewal_is_a_session_failure_without_the_token() {
    let error = error_for(
        401,
        Some(sample::bad_credentials(
            "invalid_token",
            "Invalid access token: mock-user-token",
        )),
    )
    .await;
    assert_eq!(error.kind(), ErrorKind::SessionExpired);
    assert_eq!(error.code(), Some("invalid_token"));
    assert_eq!(error.message(), Some("Invalid access token: [redacted]"));
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("mock-user-token"), "{shown}");
}

#[tokio::test]
async fn rate_limits_carry_the_retry_advice() {
    let error = error_for(
        429,
        Some(sample::error_body("BAD_REQUEST", "slow down", "TECHNICAL")),
    )
    .await;
    // Whatever code comes with it, a 429 is a rate limit.
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(error.code(), Some("BAD_REQUEST"));
    assert_eq!(
        error.retry_after(),
        Some(std::time::Duration::from_secs(3600))
    );
    let error = error_for(429, None).await;
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert!(error.is_retryable());
    assert_eq!(
        error.retry_after(),
        Some(std::time::Duration::from_secs(3600))
    );
}

#[tokio::test]
async fn bodies_that_are_not_finapis_keep_status_and_request_id() {
    let (mock, client) = setup().await;
    let html = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/bankConnections/8"), &[]);
            then.status(502)
                .header("X-Request-Id", "proxy-1")
                .header("content-type", "text/html")
                .body("<html><body>Bad Gateway</body></html>");
        })
        .await;
    let error = finapi::Error::from(client.get_bank_connection().id(8).send().await.unwrap_err());
    assert_eq!(error.kind(), ErrorKind::ProviderUnavailable);
    assert_eq!(error.status().unwrap(), 502);
    assert_eq!(error.request_id(), Some("proxy-1"));
    assert_eq!(
        error.message(),
        Some("HTTP 502: <html><body>Bad Gateway</body></html>")
    );
    assert!(error.is_retryable());
    // An idempotent GET was retried before giving up (1 + 3 retries).
    html.assert_calls_async(4).await;

    let error = error_for(503, None).await;
    assert_eq!(error.kind(), ErrorKind::ProviderUnavailable);
    assert_eq!(error.message(), Some("HTTP 503"));
    assert_eq!(error.request_id(), Some("req-503"));
}

#[tokio::test]
async fn a_510_from_a_plain_builder_carries_the_challenge() {
    let (mock, client) = setup().await;
    let challenge = mock.demo_bank_import_with_challenge().await;
    let error = finapi::Error::from(
        client
            .import_bank_connection()
            .body(finapi::mock::demo_import_params())
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(error.kind(), ErrorKind::UserActionRequired);
    assert_eq!(error.status().unwrap(), 510);
    let msa = error.multi_step_authentication().expect("the challenge");
    assert_eq!(msa.status, types::MsaStatus::ChallengeResponseRequired);
    assert_eq!(msa.hash, finapi::mock::DEMO_MSA_HASH);
    // The body's own request id is used when there is no header... here the header wins.
    assert_eq!(error.request_id(), Some("mock-request-510"));
    challenge.challenge.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_body_request_id_is_used_without_the_header() {
    let (mock, client) = setup().await;
    let answer = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/accounts/9"), &[]);
            then.status(404).json_body(sample::error_body(
                "UNKNOWN_ENTITY",
                "Account not found",
                "BUSINESS",
            ));
        })
        .await;
    let error = finapi::Error::from(client.get_account().id(9).send().await.unwrap_err());
    assert_eq!(error.request_id(), Some("selfgen-mock"));
    answer.assert_async().await;
}

#[tokio::test]
async fn an_answer_that_does_not_decode_is_a_decode_error() {
    let (mock, client) = setup().await;
    let answer = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/accounts/9"), &[]);
            then.status(200)
                .json_body(json!({ "id": "not a number", "secret": "s3cr3t" }));
        })
        .await;
    let error = finapi::Error::from(client.get_account().id(9).send().await.unwrap_err());
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.status(), None);
    assert!(!error.to_string().contains("not a number"), "{error}");
    answer.assert_async().await;
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let (mock, client) = setup().await;
    let anything = mock
        .server()
        .mock_async(|when, then| {
            when.path_prefix("/api/");
            then.status(200);
        })
        .await;

    // An empty id list would make `GET /api/v1/bankConnections/` another operation.
    let empty = client
        .get_multiple_bank_connections()
        .ids(finapi::ids(Vec::new()))
        .send()
        .await
        .unwrap_err();
    let dates = client
        .get_and_search_all_transactions()
        .view(types::GetAndSearchAllTransactionsView::UserView)
        .min_bank_booking_date("31.12.2024")
        .send()
        .await
        .unwrap_err();
    let ids = client
        .get_multiple_accounts()
        .ids("1;2")
        .send()
        .await
        .unwrap_err();
    for (error, mentions) in [
        (empty, "at least one"),
        (dates, "minBankBookingDate"),
        (ids, "numeric"),
    ] {
        let error = finapi::Error::from(error);
        assert_eq!(error.kind(), ErrorKind::InvalidRequest);
        assert_eq!(error.status(), None);
        assert!(error.message().unwrap().contains(mentions), "{error}");
    }
    anything.assert_calls_async(0).await;
}

#[tokio::test]
async fn building_without_client_credentials_fails() {
    let error = finapi::Client::builder().build().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(error.message().unwrap().contains("client credentials"));
}
