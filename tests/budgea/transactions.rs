//! Transactions (seed 001 "Default filters", seed 004 "Transactions"): a stream over pages,
//! with date filters and `expand`, by offset or by `_links.next`.

use bankapi_core::{ErrorKind, ProviderError};
use budgea::pagination::{Scope, TransactionQuery};
use budgea::types::TransactionType;
use chrono::NaiveDate;
use futures::{StreamExt, TryStreamExt};
use httpmock::Method::GET;
use serde_json::json;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn three_pages_with_date_filters_and_expand() {
    let api = budgea::mock::MockApi::start().await;
    let pages = api.transaction_pages().await;
    let query = TransactionQuery::new()
        .min_date(day(2024, 1, 1))
        .max_date(day(2024, 3, 31))
        .limit(2)
        .expand("category");
    let transactions: Vec<_> = api
        .user_client()
        .transactions(query)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(transactions.len(), 5);
    assert_eq!(
        transactions.iter().map(|t| t.id).collect::<Vec<_>>(),
        [300, 301, 302, 303, 304]
    );
    let first = &transactions[0];
    assert_eq!(first.date, Some(day(2024, 3, 28)));
    assert_eq!(first.type_, Some(TransactionType::Card));
    assert_eq!(
        first.category.as_deref().and_then(|c| c.name.as_deref()),
        Some("Indéfini")
    );
    assert_eq!(
        first.date_scraped.unwrap().to_string(),
        "2024-03-28 08:12:45"
    );
    assert!(first.deleted.is_none() && first.comment.is_none());
    for page in &pages {
        page.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn next_links_are_followed_until_null() {
    let server = httpmock::MockServer::start_async().await;
    let base = server.url("/2.0/users/me/transactions");
    let tx = |id: i64| json!({"id": id, "value": -1.5, "date": "2020-09-15", "type": "card"});
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/2.0/users/me/accounts/17/transactions")
                .query_param("limit", "2")
                .query_param("offset", "0");
            then.status(200).json_body(json!({
                "transactions": [tx(1), tx(2)],
                "first_date": "2017-02-14", "last_date": "2020-09-15",
                "result_min_date": "2020-08-30", "result_max_date": "2020-09-30",
                "_links": {"self": {"href": "x"}, "prev": null, "next": {"href": format!("{base}?limit=2&cursor=p2")}}
            }));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/2.0/users/me/transactions")
                .query_param("cursor", "p2")
                .header("authorization", "Bearer tok");
            then.status(200).json_body(json!({
                "transactions": [tx(3), tx(4)],
                "_links": {"next": {"href": "/2.0/users/me/transactions?limit=2&cursor=p3"}}
            }));
        })
        .await;
    let third = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/2.0/users/me/transactions")
                .query_param("cursor", "p3");
            then.status(200)
                .json_body(json!({"transactions": [tx(5)], "_links": {"next": null}}));
        })
        .await;
    let ids: Vec<i64> = crate::client_of(&server)
        .transactions(TransactionQuery::new().scope(Scope::Account(17)).limit(2))
        .map_ok(|t| t.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    first.assert_async().await;
    second.assert_async().await;
    third.assert_async().await;
}

#[tokio::test]
async fn a_next_link_elsewhere_is_not_followed() {
    let server = httpmock::MockServer::start_async().await;
    let page = server
        .mock_async(|when, then| {
            when.method(GET).path("/2.0/users/me/transactions");
            then.status(200).json_body(json!({
                "transactions": [{"id": 1}],
                "_links": {"next": {"href": "https://attacker.example/2.0/users/me/transactions"}}
            }));
        })
        .await;
    let results: Vec<_> = crate::client_of(&server)
        .transactions(TransactionQuery::new())
        .collect::<Vec<_>>()
        .await;
    assert_eq!(
        results.len(),
        1,
        "the page's items come first, then the refusal"
    );
    // The first page is not yielded when its next link is refused: the error comes at once.
    assert!(matches!(&results[0], Err(e) if e.kind() == ErrorKind::InvalidRequest));
    page.assert_calls_async(1).await;
}

#[tokio::test]
async fn bad_filters_are_refused_before_sending() {
    let server = httpmock::MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(json!({"transactions": []}));
        })
        .await;
    let client = crate::client_of(&server);
    let backwards = TransactionQuery::new()
        .min_date(day(2024, 2, 1))
        .max_date(day(2024, 1, 1));
    let error = client.transactions_page(&backwards, 0).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    let stream_error = client
        .transactions(TransactionQuery::new().limit(5000))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(stream_error.kind(), ErrorKind::InvalidRequest);
    // A malformed date cannot even be built; a malformed timestamp is refused when parsed.
    assert!("2024-13-01 00:00:00".parse::<budgea::Timestamp>().is_err());
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn the_generated_call_encodes_dates_and_naive_timestamps() {
    let server = httpmock::MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/2.0/users/me/transactions")
                .query_param("min_date", "2020-08-30")
                .query_param("max_date", "2020-09-30")
                .query_param("last_update", "2020-09-01 12:00:00")
                .query_param("expand", "category,account")
                .query_param("limit", "10");
            then.status(200).json_body(json!({
                "transactions": [{"id": 56789, "wording": "Paiement facture Acme", "date": "2020-09-15",
                    "rdate": "2020-09-16", "value": -56.78, "type": "card"}],
                "first_date": "2017-02-14", "last_date": "2020-09-15",
                "result_min_date": "2020-08-30", "result_max_date": "2020-09-30"
            }));
        })
        .await;
    let page = crate::client_of(&server)
        .list_user_transactions()
        .id_user("me")
        .min_date(day(2020, 8, 30))
        .max_date(day(2020, 9, 30))
        .last_update("2020-09-01 12:00:00".parse::<budgea::Timestamp>().unwrap())
        .expand("category,account")
        .limit(10)
        .send()
        .await
        .unwrap();
    assert_eq!(page.first_date, Some(day(2017, 2, 14)));
    assert_eq!(page.transactions[0].value, Some(-56.78));
    assert_eq!(page.transactions[0].rdate, Some(day(2020, 9, 16)));
    list.assert_async().await;
}
