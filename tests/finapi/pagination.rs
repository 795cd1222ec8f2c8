//! Paged lists as streams: transactions, banks; accounts and bank connections in one page.

use std::num::NonZeroU64;

use chrono::NaiveDate;
use finapi::dates::BookingDates;
use finapi::mock::{exact_query, sample};
use finapi::{types, Paginate};
use futures::{StreamExt, TryStreamExt};
use httpmock::Method::GET;
use serde_json::json;

use crate::{as_user, setup};

fn transactions(count: i64) -> Vec<serde_json::Value> {
    (1..=count)
        .map(|id| sample::transaction(id, 1, -(id as f64), "2024-05-01"))
        .collect()
}

#[tokio::test]
async fn transactions_stream_over_every_page_with_filters() {
    let (mock, client) = setup().await;
    let from = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
    let until = NaiveDate::from_ymd_opt(2024, 4, 30).unwrap();
    let pages = mock
        .transaction_pages_with(
            &transactions(5),
            2,
            &[
                ("minBankBookingDate", "2024-04-01"),
                ("maxBankBookingDate", "2024-04-30"),
            ],
        )
        .await;
    assert_eq!(pages.pages.len(), 3);

    let all = client
        .get_and_search_all_transactions()
        .view(types::GetAndSearchAllTransactionsView::UserView)
        .booked_between(from, until)
        .per_page(NonZeroU64::new(2).unwrap())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|t| t.id).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(all[4].amount, -5.0);
    pages.assert_each_page_fetched().await;
}

#[tokio::test]
async fn pages_are_fetched_as_the_stream_is_consumed() {
    let (mock, client) = setup().await;
    let pages = mock.transaction_pages(&transactions(4), 2).await;
    let mut stream = client
        .get_and_search_all_transactions()
        .view(types::GetAndSearchAllTransactionsView::UserView)
        .per_page(NonZeroU64::new(2).unwrap())
        .stream();
    let first_two: Vec<_> = stream.by_ref().take(2).try_collect().await.unwrap();
    assert_eq!(first_two.len(), 2);
    pages.pages[0].assert_calls_async(1).await;
    pages.pages[1].assert_calls_async(0).await;
    let rest: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(rest.len(), 2);
    pages.assert_each_page_fetched().await;
}

#[tokio::test]
async fn an_empty_list_is_one_request() {
    let (mock, client) = setup().await;
    let pages = mock.transaction_pages(&[], 500).await;
    let all = client
        .get_and_search_all_transactions()
        .view(types::GetAndSearchAllTransactionsView::UserView)
        .per_page(NonZeroU64::new(500).unwrap())
        .collect_all()
        .await
        .unwrap();
    assert!(all.is_empty());
    pages.assert_each_page_fetched().await;
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_whatever_page_count_says() {
    let (mock, client) = setup().await;
    let first = mock
        .server()
        .mock_async(|when, then| {
            exact_query(
                as_user(when, GET, "/api/v1/banks"),
                &[("page", "1"), ("perPage", "1")],
            );
            then.status(200).json_body(json!({
                "banks": [sample::demo_bank()],
                "paging": sample::paging(1, 1, 9, 9)
            }));
        })
        .await;
    let second = mock
        .server()
        .mock_async(|when, then| {
            exact_query(
                as_user(when, GET, "/api/v1/banks"),
                &[("page", "2"), ("perPage", "1")],
            );
            then.status(200)
                .json_body(json!({ "banks": [], "paging": sample::paging(2, 1, 9, 9) }));
        })
        .await;
    let banks = client
        .get_and_search_all_banks()
        .per_page(NonZeroU64::new(1).unwrap())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(banks.len(), 1);
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream_with_it() {
    let (mock, client) = setup().await;
    let first = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/labels"), &[("page", "1")]);
            then.status(200).json_body(json!({
                "labels": [{ "id": 1, "name": "Urlaub" }],
                "paging": sample::paging(1, 20, 2, 21)
            }));
        })
        .await;
    let second = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/labels"), &[("page", "2")]);
            then.status(400).json_body(sample::error_body(
                "ILLEGAL_PAGE_SIZE",
                "nope",
                "TECHNICAL",
            ));
        })
        .await;
    let items: Vec<_> = client.get_and_search_all_labels().stream().collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().name, "Urlaub");
    let error = items[1].as_ref().unwrap_err();
    assert_eq!(error.code(), Some("ILLEGAL_PAGE_SIZE"));
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn accounts_and_bank_connections_come_in_one_page() {
    let (mock, client) = setup().await;
    let accounts = mock
        .accounts(&[
            sample::account(1, 7, "Giro", 10.0),
            sample::account(2, 7, "Tagesgeld", 20.0),
        ])
        .await;
    let connections = mock
        .bank_connections(&[sample::bank_connection(7, &[1, 2])])
        .await;
    let all_accounts = client
        .get_and_search_all_accounts()
        .collect_all()
        .await
        .unwrap();
    let all_connections: Vec<_> = client
        .get_all_bank_connections()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all_accounts.len(), 2);
    assert_eq!(all_connections[0].account_ids, [1, 2]);
    accounts.assert_calls_async(1).await;
    connections.assert_calls_async(1).await;
}
