//! The typed mocks users get with the `mock` feature (`finapi::mock::operations`,
//! `MockServerExt`): what they match, what they answer.

use bankapi_core::ErrorKind;
use finapi::mock::{self, sample, MockFinApi, MockServerExt};
use finapi::types;
use serde_json::json;

use crate::setup;

#[tokio::test]
async fn a_list_with_a_query_filter() {
    let (mock, client) = setup().await;
    let connections: types::BankConnectionList = sample::typed(json!({"connections": [
        sample::bank_connection(1, &[10]),
        sample::bank_connection(2, &[20, 21]),
    ]}));
    let filtered = mock.server().get_all_bank_connections(|when, then| {
        when.ids(&vec![1, 2]);
        then.ok(&connections);
    });
    let list = client
        .get_all_bank_connections()
        .ids(vec![1, 2])
        .send()
        .await
        .unwrap();
    let ids: Vec<i64> = list.connections.iter().map(|c| c.id).collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(list.connections[1].account_ids, [20, 21]);
    filtered.assert_calls_async(1).await;

    // Another filter does not match: httpmock's 404.
    let error = client
        .get_all_bank_connections()
        .ids(vec![3])
        .send()
        .await
        .expect_err("no mock for ids=3");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    filtered.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_typed_error_answer() {
    let (mock, client) = setup().await;
    let not_found: types::ErrorResponse = sample::typed(sample::error_body(
        "ENTITY_NOT_FOUND",
        "Bank connection 7 not found",
        "BUSINESS",
    ));
    let answer = mock.server().get_bank_connection(|when, then| {
        when.id(7);
        then.client_error(404, &not_found);
    });
    let error = finapi::Error::from(
        client
            .get_bank_connection()
            .id(7)
            .send()
            .await
            .expect_err("a 404"),
    );
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.code(), Some("ENTITY_NOT_FOUND"));
    assert_eq!(error.message(), Some("Bank connection 7 not found"));
    answer.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_request_body_is_matched_exactly() {
    let (mock, client) = setup().await;
    let rename: types::EditBankConnectionParams = sample::typed(json!({"name": "Giro"}));
    let mut renamed = sample::bank_connection(7, &[1]);
    renamed["name"] = json!("Giro");
    let renamed: types::BankConnection = sample::typed(renamed);
    let edit = mock.server().edit_bank_connection(|when, then| {
        when.id(7).body(&rename);
        then.ok(&renamed);
    });

    // Another body is not this mock's.
    let other: types::EditBankConnectionParams = sample::typed(json!({"name": "Depot"}));
    let error = client
        .edit_bank_connection()
        .id(7)
        .body(other)
        .send()
        .await
        .expect_err("no mock for this body");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    edit.assert_calls_async(0).await;

    let connection = client
        .edit_bank_connection()
        .id(7)
        .body(rename.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(connection.name.as_deref(), Some("Giro"));
    edit.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_token_request_is_matched_as_a_form() {
    // A bare server: the typed helper of `getToken` answers the client token.
    let server = httpmock::MockServer::start_async().await;
    let grant: types::GetTokenParams = sample::typed(json!({
        "grant_type": "client_credentials",
        "client_id": mock::CLIENT_ID,
        "client_secret": mock::CLIENT_SECRET,
    }));
    let token: types::AccessToken =
        sample::typed(sample::access_token("typed-client-token", None, 3600));
    let token_mock = server.get_token(|when, then| {
        when.body(&grant);
        then.ok(&token);
    });
    let banks: types::PageableBankList = sample::typed(json!({
        "banks": [sample::demo_bank()],
        "paging": sample::paging(1, 20, 1, 1),
    }));
    let banks_mock = server.get_and_search_all_banks(|when, then| {
        when.search("00000000").is_test_bank(true);
        then.ok(&banks);
    });
    let client = finapi::Client::builder()
        .environment(finapi::Environment::Custom(server.base_url()))
        .client_credentials(mock::CLIENT_ID, mock::CLIENT_SECRET)
        .build()
        .unwrap();
    let list = client
        .get_and_search_all_banks()
        .search("00000000")
        .is_test_bank(true)
        .send()
        .await
        .unwrap();
    assert_eq!(list.banks[0].id, mock::DEMO_BANK_ID);
    token_mock.assert_calls_async(1).await;
    banks_mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_challenge_scenario_is_built_on_the_typed_helpers() {
    let mock = MockFinApi::start().await;
    let scenario = mock.demo_bank_import_with_challenge().await;
    let client = mock.client_builder().build().unwrap();
    let first = client
        .import_bank_connection()
        .body(mock::demo_import_params())
        .send()
        .await
        .expect_err("the 510 challenge");
    assert_eq!(first.status().map(|s| s.as_u16()), Some(510));
    scenario.challenge.assert_calls_async(1).await;
    scenario.completion.assert_calls_async(0).await;
}
