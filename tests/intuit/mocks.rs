//! The typed mocks users get with the `mock` feature (`intuit_aggcat::mock::operations`,
//! `MockServerExt`, the token endpoint): what they match, what they answer.

use chrono::NaiveDate;
use httpmock::MockServer;
use intuit_aggcat::mock::sample::{AccountKind, Transaction};
use intuit_aggcat::mock::{self, MockServerExt};
use intuit_aggcat::{AccountType, Client, Credentials, ErrorKind, LoginUpdate, ProviderError};

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start_async().await;
    mock::token_endpoint(&server).await;
    let client = mock::client_builder(&server).build().unwrap();
    (server, client)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn transactions_with_typed_query_parameters_and_a_signature() {
    let (server, client) = setup().await;
    let transactions = server.get_account_transactions(|when, then| {
        when.signed()
            .account_id("1001")
            .txn_start_date(day(2024, 5, 1))
            .txn_end_date(day(2024, 5, 31));
        then.ok(
            AccountKind::Banking,
            &[
                Transaction::new("t1", day(2024, 5, 2), "-4.20", "Bakery"),
                Transaction::new("t2", day(2024, 5, 30), "1500.00", "Payroll").pending(),
            ],
        );
    });
    let list = client
        .get_account_transactions("1001", day(2024, 5, 1), Some(day(2024, 5, 31)))
        .await
        .unwrap();
    assert_eq!(list.transactions.len(), 2);
    transactions.assert_calls_async(1).await;

    // Without an end date: not this mock's.
    assert!(client
        .get_account_transactions("1001", day(2024, 5, 1), None)
        .await
        .is_err());
    transactions.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_typed_error_answer() {
    let (server, client) = setup().await;
    let answer = server.get_account(|when, then| {
        when.signed().account_id("404");
        then.error(
            404,
            "APP_ERROR",
            "api.database.notfound",
            "The requested resource was not found.",
        );
    });
    let error = client.get_account("404").await.expect_err("a 404");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.code(), Some("api.database.notfound"));
    assert_eq!(
        error.message(),
        Some("The requested resource was not found.")
    );
    answer.assert_calls_async(1).await;
}

#[tokio::test]
async fn request_bodies_are_the_clients_exactly() {
    let (server, client) = setup().await;
    let new_type = AccountType::from_name_and_type("investment", "403b").unwrap();
    let update = server.update_account_type(|when, then| {
        when.signed().account_id("1001").account_type(&new_type);
        then.ok();
    });
    client.update_account_type("1001", new_type).await.unwrap();
    update.assert_calls_async(1).await;

    let credentials = Credentials::new()
        .with("Banking Userid", "me")
        .with("Banking Password", "new-password");
    let login = server.update_institution_login(|when, then| {
        when.signed()
            .login_id(83850162)
            .refresh(true)
            .credentials(Some(&credentials));
        then.ok();
    });
    // Other credentials are another body.
    let other = Credentials::new()
        .with("Banking Userid", "me")
        .with("Banking Password", "old-password");
    assert!(client
        .update_institution_login(83850162, Some(other), true)
        .await
        .is_err());
    login.assert_calls_async(0).await;
    let outcome = client
        .update_institution_login(83850162, Some(credentials), true)
        .await
        .unwrap();
    assert!(matches!(outcome, LoginUpdate::Updated));
    login.assert_calls_async(1).await;
}

#[tokio::test]
async fn signed_expects_the_mock_token() {
    // A token endpoint handing out another token: `signed()` helpers do not match.
    let server = MockServer::start_async().await;
    let token = server.get_access_token(|when, then| {
        when.consumer_key(mock::CONSUMER_KEY)
            .verified_assertion(None);
        then.ok("some-other-token", "some-other-secret");
    });
    let institutions = server.get_institutions(|when, then| {
        when.signed();
        then.ok(&mock::sample::sandbox_institutions());
    });
    let client = mock::client_builder(&server).build().unwrap();
    assert!(client.get_institutions().await.is_err());
    token.assert_calls_async(1).await;
    institutions.assert_calls_async(0).await;
}
