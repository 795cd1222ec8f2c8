//! Accounts, movements (dates as DD/MM/YYYY, range checked before sending), credit cards and
//! their movements, the account holder.

use httpmock::Method::GET;
use prometeo::mock::{API_KEY, SESSION_KEY};
use prometeo::{Decimal, Error};
use serde_json::json;

use crate::{date, logged_in};

#[tokio::test]
async fn accounts_and_their_movements() {
    let (mock, session) = logged_in().await;
    let accounts_mock = mock.accounts().await;
    let movements_mock = mock
        .server()
        .mock_async(|when, then| {
            when.method(GET)
                .path("/movement/")
                .header("x-api-key", API_KEY)
                .header("x-session-key", SESSION_KEY)
                .query_param("account", "001234567890")
                .query_param("currency", "UYU")
                .query_param("date_start", "01/02/2019")
                .query_param("date_end", "28/02/2019")
                .query_param_count(".*", ".*", 4);
            then.status(200).json_body(json!({"status": "success", "movements": [
                {"id": "-890185180", "reference": "000000005084", "date": "12/02/2019", "detail": "RETIRO", "debit": 3500, "credit": "", "extra_data": null},
                {"id": 1303899175, "reference": "TR0003858408", "date": "03/02/2019", "detail": "SUELDOS", "debit": "", "credit": 98640.1, "extra_data": {"branch": "002"}},
                {"id": 7, "reference": "x", "date": "", "detail": null, "debit": null, "credit": "12,50"}
            ]}));
        })
        .await;
    let accounts = session.accounts().await.unwrap();
    let movements = session
        .account_movements(&accounts[0], date(2019, 2, 1), date(2019, 2, 28))
        .await
        .unwrap();
    accounts_mock.assert_async().await;
    movements_mock.assert_async().await;
    assert_eq!(movements.len(), 3);
    assert_eq!(movements[0].id, "-890185180");
    assert_eq!(movements[0].date, Some(date(2019, 2, 12)));
    assert_eq!(
        (movements[0].debit, movements[0].credit),
        (Some(Decimal::from(3500)), None)
    );
    assert_eq!(movements[0].amount(), Decimal::from(-3500));
    assert_eq!(movements[1].id, "1303899175");
    assert_eq!(movements[1].credit, Some("98640.1".parse().unwrap()));
    assert_eq!(movements[1].extra_data.as_ref().unwrap()["branch"], "002");
    assert_eq!(
        (movements[2].date, movements[2].detail.as_str()),
        (None, "")
    );
    assert_eq!(movements[2].credit, Some("12.50".parse().unwrap()));
}

#[tokio::test]
async fn an_end_date_before_the_start_is_refused_before_sending() {
    let (mock, session) = logged_in().await;
    let movements = mock.movements().await;
    let card = mock.card_movements().await;
    let error = session
        .movements("001234567890", "UYU", date(2019, 2, 2), date(2019, 2, 1))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidInput(m) if m.contains("before")),
        "{error}"
    );
    use bankapi_core::ProviderError;
    assert_eq!(
        (error.kind(), error.status()),
        (bankapi_core::ErrorKind::InvalidRequest, None)
    );
    assert!(session
        .card_movements("770012345678", "USD", date(2020, 1, 1), date(2019, 1, 1))
        .await
        .is_err());
    assert!(session
        .movements(
            "001234567890",
            "dollars",
            date(2019, 1, 1),
            date(2019, 1, 1)
        )
        .await
        .is_err());
    assert!(session
        .movements("", "UYU", date(2019, 1, 1), date(2019, 1, 1))
        .await
        .is_err());
    movements.assert_calls_async(0).await;
    card.assert_calls_async(0).await;
    // The same day twice is a valid range.
    session
        .movements("001234567890", "uyu", date(2019, 1, 1), date(2019, 1, 1))
        .await
        .unwrap();
    movements.assert_calls_async(1).await;
}

#[tokio::test]
async fn credit_cards_and_their_movements_per_currency() {
    let (mock, session) = logged_in().await;
    mock.credit_cards().await;
    let usd = mock
        .server()
        .mock_async(|when, then| {
            when.method(GET)
                .path("/credit-card/770012345678/movements")
                .header("x-session-key", SESSION_KEY)
                .query_param("currency", "USD")
                .query_param("date_start", "01/02/2019")
                .query_param("date_end", "15/03/2019");
            then.status(200).json_body(json!({"status": "success", "movements": [
                {"id": 17, "reference": "", "date": "01/02/2019", "detail": "AMAZON", "debit": 25.99, "credit": ""}
            ]}));
        })
        .await;
    let cards = session.credit_cards().await.unwrap();
    assert_eq!(cards[0].due_date, Some(date(2019, 11, 20)));
    let movements = session
        .card_movements(&cards[0].number, "USD", date(2019, 2, 1), date(2019, 3, 15))
        .await
        .unwrap();
    usd.assert_async().await;
    assert_eq!(movements[0].debit, Some("25.99".parse().unwrap()));
    assert_eq!(movements[0].extra_data, None);
}

#[tokio::test]
async fn card_numbers_are_encoded_in_the_path() {
    let (mock, session) = logged_in().await;
    let served = mock
        .server()
        .mock_async(|when, then| {
            when.method(GET)
                .path("/credit-card/4509%2F12%20x/movements");
            then.status(200)
                .json_body(json!({"status": "success", "movements": []}));
        })
        .await;
    session
        .card_movements("4509/12 x", "UYU", date(2019, 1, 1), date(2019, 1, 2))
        .await
        .unwrap();
    served.assert_async().await;
}

#[tokio::test]
async fn personal_info() {
    let (mock, session) = logged_in().await;
    let served = mock
        .server()
        .mock_async(|when, then| {
            when.method(GET).path("/info/").header("x-session-key", SESSION_KEY);
            then.status(200).json_body(json!({"status": "success", "info": {"document": 12345, "name": "Test User", "email": "test@example.com"}}));
        })
        .await;
    let info = session.personal_info().await.unwrap();
    served.assert_async().await;
    assert_eq!(info.document.as_deref(), Some("12345"));
    assert_eq!(info.name.as_deref(), Some("Test User"));
}

#[tokio::test]
async fn reads_are_retried_on_503() {
    let (mock, session) = logged_in().await;
    let flaky = mock
        .server()
        .mock_async(|when, then| {
            when.method(GET).path("/account/");
            then.status(502).body("Bad Gateway");
        })
        .await;
    let error = session.accounts().await.unwrap_err();
    flaky.assert_calls_async(4).await;
    assert!(matches!(error, Error::ProviderUnavailable(_)), "{error:?}");
    assert_eq!(
        error.api_error().unwrap().text.as_deref(),
        Some("Bad Gateway")
    );
}
