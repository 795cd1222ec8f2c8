//! The typed mocks users get with the `mock` feature (`budgea::mock::operations`,
//! `MockServerExt`): what they match, what they answer.

use bankapi_core::{ErrorKind, ProviderError};
use budgea::mock::{sample, MockApi, MockServerExt, CONNECTION_ID};
use budgea::{types, Error};
use chrono::NaiveDate;
use serde_json::json;

#[tokio::test]
async fn a_page_of_transactions_with_typed_query_parameters() {
    let api = MockApi::start().await;
    let page: types::TransactionsList = sample::typed(json!({
        "transactions": [
            sample::transaction(301, "2024-03-15", -12.5, "BOULANGERIE"),
            sample::transaction(302, "2024-03-02", 1500.0, "SALAIRE"),
        ],
        "total": 2
    }));
    let from = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
    let listed = api.server().list_user_transactions(|when, then| {
        when.id_user("me")
            .min_date(&from)
            .max_date(&to)
            .limit(50)
            .offset(None);
        then.ok(&page);
    });
    let list = api
        .user_client()
        .list_user_transactions()
        .id_user("me")
        .min_date(from)
        .max_date(to)
        .limit(50)
        .send()
        .await
        .unwrap();
    let values: Vec<Option<f64>> = list.transactions.iter().map(|t| t.value).collect();
    assert_eq!(values, [Some(-12.5), Some(1500.0)]);
    assert_eq!(list.total, Some(2));
    listed.assert_calls_async(1).await;

    // An offset the mock says must be absent: not this mock's.
    let error = api
        .user_client()
        .list_user_transactions()
        .id_user("me")
        .min_date(from)
        .max_date(to)
        .limit(50)
        .offset(50)
        .send()
        .await
        .expect_err("no mock with an offset");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    listed.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_typed_error_answer() {
    let api = MockApi::start().await;
    let wrong_password: types::ServiceError = sample::typed(json!({
        "code": "wrongpass",
        "message": "Wrong password",
        "request_id": "req-wrongpass"
    }));
    let answer = api.server().get_user_connection(|when, then| {
        when.id_user("me").id_connection(CONNECTION_ID);
        then.client_error(400, &wrong_password);
    });
    let error: Error = api
        .user_client()
        .get_user_connection()
        .id_user("me")
        .id_connection(CONNECTION_ID)
        .send()
        .await
        .expect_err("a 400")
        .into();
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.code(), Some("wrongpass"));
    assert_eq!(error.request_id(), Some("req-wrongpass"));
    answer.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_request_body_is_matched_exactly() {
    let api = MockApi::start().await;
    let new_password: types::UpdateUserConnectionBody =
        sample::typed(json!({"password": "654321"}));
    let synchronized: types::Connection = sample::typed(sample::connection(
        serde_json::Value::Null,
        serde_json::Value::Null,
    ));
    let update = api.server().update_user_connection(|when, then| {
        when.id_user("me")
            .id_connection(CONNECTION_ID)
            .body(&new_password);
        then.ok(&synchronized);
    });

    let other: types::UpdateUserConnectionBody = sample::typed(json!({"password": "000000"}));
    let error = api
        .user_client()
        .update_user_connection()
        .id_user("me")
        .id_connection(CONNECTION_ID)
        .body(other)
        .send()
        .await
        .expect_err("no mock for this body");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    update.assert_calls_async(0).await;

    let connection = api
        .user_client()
        .update_user_connection()
        .id_user("me")
        .id_connection(CONNECTION_ID)
        .body(new_password.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(connection.id, CONNECTION_ID);
    update.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_helpers_expect_the_api_under_2_0() {
    // A client of the server's root does not reach the helper, which expects `/2.0`.
    let api = MockApi::start().await;
    let banks: types::BanksList = sample::typed(json!({"banks": [], "total": 0}));
    let listed = api.server().list_banks(|_when, then| {
        then.ok(&banks);
    });
    let root = budgea::Client::builder()
        .base_url(api.server().base_url())
        .build()
        .unwrap();
    assert!(root.list_banks().send().await.is_err());
    listed.assert_calls_async(0).await;
    assert!(api
        .client()
        .list_banks()
        .send()
        .await
        .unwrap()
        .banks
        .is_empty());
    listed.assert_calls_async(1).await;
}
