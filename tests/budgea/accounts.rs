//! Accounts (seed 001 "Activate accounts", seed 004 "Bank accounts"): disabled until activated,
//! listed with `?all`, activated several at once or one by one.

use bankapi_core::{ErrorKind, ProviderError};
use budgea::accounts::AccountFilter;
use budgea::mock::{MockApi, ACCOUNT_ID, CONNECTION_ID, SAVINGS_ID};
use budgea::types::AccountTypeName;
use httpmock::Method::{GET, POST};
use serde_json::json;

#[tokio::test]
async fn disabled_accounts_are_listed_with_all_then_activated() {
    let api = MockApi::start().await;
    let mocks = api.accounts_to_activate().await;
    let client = api.user_client();

    let all = client
        .list_accounts(&AccountFilter::new().all())
        .await
        .unwrap();
    assert_eq!(all.accounts.len(), 2);
    assert!(all.accounts.iter().all(|a| a.disabled.is_some()));
    assert_eq!(all.accounts[0].type_, Some(AccountTypeName::Checking));
    assert_eq!(all.accounts[1].type_, Some(AccountTypeName::Savings));
    assert_eq!(all.balances["EUR"], Some(13143.36));

    let ids: Vec<i64> = all.accounts.iter().map(|a| a.id).collect();
    let activated = client.activate_accounts(CONNECTION_ID, &ids).await.unwrap();
    assert_eq!(activated.len(), 2);
    assert!(activated.iter().all(|a| a.disabled.is_none()));
    assert_eq!(
        activated.iter().map(|a| a.id).collect::<Vec<_>>(),
        [ACCOUNT_ID, SAVINGS_ID]
    );
    mocks.list_all.assert_calls_async(1).await;
    mocks.activate.assert_calls_async(1).await;
}

#[tokio::test]
async fn powens_activation_of_one_account() {
    let server = httpmock::MockServer::start_async().await;
    let enable = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/2.0/users/me/accounts/12345")
                .query_param_exists("all")
                .json_body(json!({"disabled": false}));
            then.status(200).json_body(json!({
                "id": 12345, "name": "Compte de dépôt", "number": "0212366548",
                "iban": "FR1221954549412158521", "type": "checking", "balance": 1452.56,
                "coming": null, "currency": {"id": "EUR"}, "disabled": null
            }));
        })
        .await;
    let account = crate::client_of(&server)
        .set_account_disabled(12345, false)
        .await
        .unwrap();
    assert_eq!(account.balance, Some(1452.56));
    assert_eq!(account.coming, None);
    assert_eq!(
        account.currency.as_deref().map(|c| c.id.as_str()),
        Some("EUR")
    );
    enable.assert_async().await;
}

#[tokio::test]
async fn filters_and_input_checks() {
    let server = httpmock::MockServer::start_async().await;
    let transferable = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/2.0/users/me/connections/202/accounts")
                .query_param("able_to_transfer", "1")
                .query_param_missing("all");
            then.status(200)
                .json_body(crate::auth::budgea_sample("accounts_able_to_transfer.json"));
        })
        .await;
    let client = crate::client_of(&server);
    let list = client
        .list_accounts(&AccountFilter::new().connection(202).able_to_transfer())
        .await
        .unwrap();
    assert_eq!(list.accounts[0].able_to_transfer, Some(true));
    assert_eq!(list.accounts[0].bookmarked, Some(false));
    transferable.assert_async().await;
    for error in [
        client
            .activate_accounts(CONNECTION_ID, &[])
            .await
            .unwrap_err(),
        client.activate_accounts(0, &[1]).await.unwrap_err(),
        client.activate_accounts(1, &[1, -2]).await.unwrap_err(),
        client
            .list_accounts(&AccountFilter::new().connection(0))
            .await
            .unwrap_err(),
    ] {
        assert_eq!(error.kind(), ErrorKind::InvalidRequest);
        assert!(error.status().is_none());
    }
    transferable.assert_calls_async(1).await;
}

#[tokio::test]
async fn investments_of_an_account() {
    let api = MockApi::start().await;
    let investments = api.investments().await;
    let list = api
        .user_client()
        .list_user_account_investments()
        .id_user("me")
        .id_account(SAVINGS_ID)
        .send()
        .await
        .unwrap();
    let fund = &list.investments[0];
    assert_eq!(fund.code.as_deref(), Some("FR0010330902"));
    assert_eq!(fund.valuation, Some(3520.28));
    assert_eq!(fund.diff_percent, None);
    assert_eq!(
        fund.vdate.map(|d| d.to_string()).as_deref(),
        Some("2024-05-31")
    );
    investments.assert_async().await;
}
