//! What is sent again, and what never is.

use bankapi_core::ErrorKind;
use finapi::mock::{demo_import_params, exact_query, sample};
use finapi::types;
use httpmock::Method::{GET, POST};
use serde_json::json;

use crate::{as_user, setup};

#[tokio::test]
async fn reads_are_retried_after_a_503() {
    let (mock, client) = setup().await;
    let unavailable = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/accounts"), &[]);
            then.status(503);
        })
        .await;
    unavailable.up_to_n_times_async(2).await;
    let accounts = mock.accounts(&[sample::account(1, 2, "Giro", 5.0)]).await;
    let list = client.get_and_search_all_accounts().send().await.unwrap();
    assert_eq!(list.accounts.len(), 1);
    unavailable.assert_calls_async(2).await;
    accounts.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_import_is_not_resent_after_a_503_but_is_after_a_429() {
    let (mock, client) = setup().await;
    let body = serde_json::to_value(demo_import_params()).unwrap();
    let unavailable = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[])
                .json_body(body.clone());
            then.status(503);
        })
        .await;
    unavailable.up_to_n_times_async(1).await;
    let limited = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[])
                .json_body(body.clone());
            then.status(429).header("Retry-After", "0");
        })
        .await;
    limited.up_to_n_times_async(1).await;
    let created = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[]).json_body(body);
            then.status(201).json_body(sample::bank_connection(
                finapi::mock::DEMO_CONNECTION_ID,
                &[],
            ));
        })
        .await;

    let error = finapi::Error::from(
        client
            .import_bank_connection()
            .body(demo_import_params())
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(error.kind(), ErrorKind::ProviderUnavailable);
    unavailable.assert_calls_async(1).await;
    // The 429 said the import was not processed: it is sent again by itself.
    let connection = client
        .import_bank_connection()
        .body(demo_import_params())
        .send()
        .await
        .unwrap();
    assert_eq!(connection.id, finapi::mock::DEMO_CONNECTION_ID);
    limited.assert_calls_async(1).await;
    created.assert_calls_async(1).await;
}

#[tokio::test]
async fn payments_are_sent_exactly_once() {
    let (mock, client) = setup().await;
    let transfer = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/payments/moneyTransfers"), &[]).json_body(
                json!({
                    "accountId": 1,
                    "instantPayment": false,
                    "singleBooking": false,
                    "moneyTransfers": [{
                        "amount": 10.5,
                        "counterpartName": "Max Mustermann",
                        "counterpartIban": "DE13700800000061110500"
                    }]
                }),
            );
            then.status(429).header("Retry-After", "0");
        })
        .await;
    let submit = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/payments/submit"), &[]);
            then.status(503);
        })
        .await;

    let order = types::MoneyTransferOrderParams::builder()
        .amount(10.5)
        .counterpart_name("Max Mustermann")
        .counterpart_iban("DE13700800000061110500");
    let error = finapi::Error::from(
        client
            .create_money_transfer()
            .body(
                types::CreateMoneyTransferParams::builder()
                    .account_id(Some(1))
                    .money_transfers(vec![order.try_into().unwrap()]),
            )
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    transfer.assert_calls_async(1).await;

    let error = client
        .submit_payment_flow(
            types::SubmitPaymentParams::builder()
                .payment_id(5)
                .interface(types::BankingInterface::FintsServer),
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ProviderUnavailable);
    submit.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = finapi::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .client_credentials("id", "secret")
        .user("alice", "password")
        .http_config(
            finapi::HttpConfig::default().with_retry_policy(finapi::RetryPolicy::disabled()),
        )
        .build()
        .unwrap();
    let error = finapi::Error::from(
        client
            .get_and_search_all_accounts()
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert_eq!(error.status(), None);
    assert!(error.is_retryable());
    assert!(std::error::Error::source(&error).is_some());
}
