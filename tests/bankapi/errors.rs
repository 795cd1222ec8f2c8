//! A real error of each provider crate, produced against its mock server, converted into
//! `bankapi::Error`: every accessor, `Display`, `source()` and the downcasts.

use std::error::Error as _;
use std::time::Duration;

use bankapi::{Error, ErrorKind, HttpConfig, Provider, ProviderError, RetryPolicy};
use httpmock::Method::GET;
use serde_json::json;

/// No retries: the errors come back at once, with their retry advice.
fn no_retries() -> HttpConfig {
    HttpConfig::default().with_retry_policy(RetryPolicy::default().with_max_retries(0))
}

/// What the facade's error must say.
struct Expected<'a> {
    provider: Provider,
    kind: ErrorKind,
    status: Option<u16>,
    code: Option<&'a str>,
    message: Option<&'a str>,
    request_id: Option<&'a str>,
    retry_after: Option<u64>,
    display: &'a str,
}

/// Checks every accessor against `expected` and the provider's own error `P`.
fn check<P: ProviderError>(error: &Error, expected: Expected<'_>) {
    let provider = error.downcast_ref::<P>().expect("the provider's own error");
    assert_eq!(error.provider(), expected.provider);
    assert_eq!(error.kind(), expected.kind);
    assert_eq!(error.status().map(|s| s.as_u16()), expected.status);
    assert_eq!(error.code(), expected.code);
    assert_eq!(error.message(), expected.message);
    assert_eq!(error.request_id(), expected.request_id);
    assert_eq!(error.is_retryable(), expected.kind.is_retryable());
    assert_eq!(
        error.retry_after(),
        expected.retry_after.map(Duration::from_secs)
    );
    assert_eq!(error.to_string(), expected.display);
    // The same answers as the provider's own error, which is the source.
    assert_eq!(provider.kind(), error.kind());
    assert_eq!(provider.code(), error.code());
    let source = error.source().expect("a source");
    assert!(source.downcast_ref::<P>().is_some(), "{source:?}");
    assert!(format!("{error:?}").contains(&format!("{:?}", expected.provider)));
}

#[tokio::test]
async fn finapi_not_found_and_rate_limited() {
    use bankapi::finapi::mock::{sample, MockFinApi};

    let mock = MockFinApi::start().await;
    mock.server()
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/bankConnections/7");
            then.status(404)
                .header("X-Request-Id", "req-42")
                .json_body(sample::error_body(
                    "UNKNOWN_ENTITY",
                    "Bank connection 7 not found",
                    "BUSINESS",
                ));
        })
        .await;
    mock.server()
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/bankConnections/8");
            then.status(429)
                .header("X-Request-Id", "req-43")
                .header("Retry-After", "30")
                .json_body(sample::error_body(
                    "BAD_REQUEST",
                    "Too many requests",
                    "TECHNICAL",
                ));
        })
        .await;
    let client = mock
        .client_builder()
        .http_config(no_retries())
        .build()
        .unwrap();

    // `?` converts the generated operation's error directly.
    async fn connection(client: &bankapi::finapi::Client, id: i64) -> bankapi::Result<i64> {
        Ok(client.get_bank_connection().id(id).send().await?.id)
    }
    let error = connection(&client, 7).await.unwrap_err();
    check::<bankapi::finapi::Error>(
        &error,
        Expected {
            provider: Provider::FinApi,
            kind: ErrorKind::NotFound,
            status: Some(404),
            code: Some("UNKNOWN_ENTITY"),
            message: Some("Bank connection 7 not found"),
            request_id: Some("req-42"),
            retry_after: None,
            display: "finapi: not found (HTTP 404, code UNKNOWN_ENTITY, request id req-42): Bank connection 7 not found",
        },
    );
    let finapi_error = error.downcast::<bankapi::finapi::Error>().unwrap();
    assert_eq!(finapi_error.error_type(), Some("BUSINESS"));

    let error = connection(&client, 8).await.unwrap_err();
    check::<bankapi::finapi::Error>(
        &error,
        Expected {
            provider: Provider::FinApi,
            kind: ErrorKind::RateLimited,
            status: Some(429),
            code: Some("BAD_REQUEST"),
            message: Some("Too many requests"),
            request_id: Some("req-43"),
            retry_after: Some(30),
            display: "finapi: rate limited (HTTP 429, code BAD_REQUEST, request id req-43, retry after 30s): Too many requests",
        },
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn finapi_transport_failure() {
    // A loopback port nothing listens on any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = bankapi::finapi::Client::builder()
        .environment(bankapi::finapi::Environment::Custom(closed))
        .client_credentials("id", "secret")
        .http_config(no_retries())
        .build()
        .unwrap();
    let error = Error::from(client.get_and_search_all_banks().send().await.unwrap_err());
    assert_eq!(error.provider(), Provider::FinApi);
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert_eq!(error.code(), None);
    assert!(
        error.to_string().starts_with("finapi: transport failure: "),
        "{error}"
    );
    assert!(error.downcast_ref::<bankapi::finapi::Error>().is_some());
}

#[tokio::test]
async fn budgea_wrongpass_and_website_unavailable() {
    use bankapi::budgea::mock::MockApi;

    let api = MockApi::start().await;
    api.error(GET, "/banks", 400, "wrongpass", "Wrong password")
        .await;
    api.server()
        .mock_async(|when, then| {
            when.method(GET).path("/2.0/users/me/accounts");
            then.status(503)
                .header("x-request-id", "req-503")
                .header("Retry-After", "120")
                .json_body(json!({"code": "websiteUnavailable", "message": "The bank's website is down", "request_id": null}));
        })
        .await;

    let error = Error::from(api.client().list_banks().send().await.unwrap_err());
    check::<bankapi::budgea::Error>(
        &error,
        Expected {
            provider: Provider::Budgea,
            kind: ErrorKind::AuthenticationFailed,
            status: Some(400),
            code: Some("wrongpass"),
            message: Some("Wrong password"),
            request_id: Some("req-wrongpass"),
            retry_after: None,
            display: "budgea: authentication failed (HTTP 400, code wrongpass, request id req-wrongpass): Wrong password",
        },
    );
    assert_eq!(
        error
            .downcast_ref::<bankapi::budgea::Error>()
            .unwrap()
            .error_code(),
        Some(bankapi::budgea::ErrorCode::WrongPass)
    );

    let client = bankapi::budgea::Client::builder()
        .base_url(api.base_url())
        .token(bankapi::budgea::Token::user(
            bankapi::budgea::mock::USER_TOKEN,
        ))
        .http_config(no_retries())
        .build()
        .unwrap();
    let filter = bankapi::budgea::accounts::AccountFilter::new();
    let error = Error::from(client.list_accounts(&filter).await.unwrap_err());
    check::<bankapi::budgea::Error>(
        &error,
        Expected {
            provider: Provider::Budgea,
            kind: ErrorKind::ProviderUnavailable,
            status: Some(503),
            code: Some("websiteUnavailable"),
            message: Some("The bank's website is down"),
            request_id: Some("req-503"),
            retry_after: Some(120),
            display: "budgea: provider unavailable (HTTP 503, code websiteUnavailable, request id req-503, retry after 120s): The bank's website is down",
        },
    );
}

#[tokio::test]
async fn budgea_request_refused_before_sending() {
    let api = bankapi::budgea::mock::MockApi::start().await;
    let request = bankapi::budgea::connections::NewConnection::connector_id(0);
    let error = Error::from(
        api.user_client()
            .create_connection(&request)
            .await
            .unwrap_err(),
    );
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(error.status(), None);
    assert_eq!(error.message(), None);
    // Without a provider message, the provider error's own words.
    assert_eq!(
        error.to_string(),
        "budgea: invalid request: invalid request: 0 is not a connector id"
    );
}

#[tokio::test]
async fn prometeo_wrong_credentials_and_expired_session() {
    use bankapi::prometeo::mock::{self, MockPrometeo};
    use bankapi::prometeo::Login;

    let mock = MockPrometeo::start().await;
    mock.login_wrong_credentials().await;
    mock.server()
        .mock_async(|when, then| {
            when.method(GET).path("/account/");
            then.status(200)
                .header("x-request-id", "req-7")
                .json_body(json!({"status": "error", "message": "Invalid key"}));
        })
        .await;

    let login = Login::new(mock::PROVIDER, mock::USERNAME, "wrong");
    let error = Error::from(mock.client().login(&login).await.unwrap_err());
    check::<bankapi::prometeo::Error>(
        &error,
        Expected {
            provider: Provider::Prometeo,
            kind: ErrorKind::AuthenticationFailed,
            status: Some(403),
            code: Some("wrong_credentials"),
            message: Some("Wrong credentials"),
            request_id: None,
            retry_after: None,
            display: "prometeo: authentication failed (HTTP 403, code wrong_credentials): Wrong credentials",
        },
    );
    assert!(matches!(
        error.downcast::<bankapi::prometeo::Error>(),
        Ok(bankapi::prometeo::Error::WrongCredentials(_))
    ));

    let session = mock.client().restore_session(mock::SESSION_KEY);
    let error = Error::from(session.accounts().await.unwrap_err());
    check::<bankapi::prometeo::Error>(
        &error,
        Expected {
            provider: Provider::Prometeo,
            kind: ErrorKind::SessionExpired,
            status: Some(200),
            code: Some("error"),
            message: Some("Invalid key"),
            request_id: Some("req-7"),
            retry_after: None,
            display:
                "prometeo: session expired (HTTP 200, code error, request id req-7): Invalid key",
        },
    );
    // The session key never shows.
    assert!(!format!("{error} {error:?}").contains(mock::SESSION_KEY));
}

#[tokio::test]
async fn intuit_login_error_and_aggregation_error() {
    use bankapi::intuit_aggcat::{mock, Credentials};

    let server = httpmock::MockServer::start_async().await;
    mock::mount_sandbox(&server).await;
    let client = mock::client_builder(&server)
        .http_config(no_retries())
        .build()
        .unwrap();
    let credentials = |user: &str| -> Credentials {
        [("Banking Userid", user), ("Banking Password", "go")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    };

    let error = Error::from(
        client
            .discover_and_add_accounts(mock::INSTITUTION_ID, credentials("bad"))
            .await
            .unwrap_err(),
    );
    check::<bankapi::intuit_aggcat::Error>(
        &error,
        Expected {
            provider: Provider::IntuitAggcat,
            kind: ErrorKind::AuthenticationFailed,
            status: Some(401),
            code: Some("103"),
            message: Some("The login credentials are incorrect."),
            request_id: Some("mock-tid-0001"),
            retry_after: None,
            display: "intuit-aggcat: authentication failed (HTTP 401, code 103, request id mock-tid-0001): The login credentials are incorrect.",
        },
    );

    let error = Error::from(
        client
            .discover_and_add_accounts(mock::INSTITUTION_ID, credentials("request_error"))
            .await
            .unwrap_err(),
    );
    check::<bankapi::intuit_aggcat::Error>(
        &error,
        Expected {
            provider: Provider::IntuitAggcat,
            kind: ErrorKind::ProviderUnavailable,
            status: Some(500),
            code: Some("102"),
            message: Some("Aggregation error."),
            request_id: Some("mock-tid-0001"),
            retry_after: None,
            display: "intuit-aggcat: provider unavailable (HTTP 500, code 102, request id mock-tid-0001): Aggregation error.",
        },
    );
    assert!(error.is_retryable());
}
