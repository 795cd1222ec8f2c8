//! The typed mocks users get with the `mock` feature (`prometeo::mock::operations`,
//! `MockServerExt`): what they match, what they answer.

use bankapi_core::{ErrorKind, ProviderError};
use prometeo::mock::operations::{GetAccountMovementsThen, GetAccountMovementsWhen};
use prometeo::mock::{self, sample, MockServerExt};
use prometeo::raw::types;
use prometeo::{Error, PreprocessTransfer};
use serde_json::json;

use crate::{date, logged_in};

#[tokio::test]
async fn movements_with_typed_query_parameters_and_the_session_key() {
    let (mock, session) = logged_in().await;
    let answer: types::GetAccountMovementsResponse = sample::typed(sample::movements());
    let movements = mock
        .server()
        .mock_async(|when, then| {
            GetAccountMovementsWhen::new(mock::session(when))
                .account("001234567890")
                .currency(&types::Currency("UYU".into()))
                .date_start(&types::Date("01/02/2019".into()))
                .date_end(&types::Date("28/02/2019".into()));
            GetAccountMovementsThen::new(then).ok(&answer);
        })
        .await;
    let list = session
        .movements("001234567890", "UYU", date(2019, 2, 1), date(2019, 2, 28))
        .await
        .unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[1].debit, Some("160.5".parse().unwrap()));
    assert_eq!(list[2].credit, Some("98640.1".parse().unwrap()));
    movements.assert_calls_async(1).await;

    // Another month is not this mock's.
    assert!(session
        .movements("001234567890", "UYU", date(2019, 3, 1), date(2019, 3, 31))
        .await
        .is_err());
    movements.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_typed_error_answer() {
    let (mock, session) = logged_in().await;
    let refused: types::ErrorMessage = sample::typed(json!({"message": "Missing API key"}));
    let accounts = mock.server().get_accounts(|_when, then| {
        then.unauthorized(&refused);
    });
    let error = session.accounts().await.expect_err("a 401");
    assert!(matches!(error, Error::InvalidApiKey(_)), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    accounts.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_transfer_form_of_the_ergonomic_layer_matches_the_typed_body() {
    let (mock, session) = logged_in().await;
    let form: types::TransferPreprocessBody = sample::typed(json!({
        "origin_account": "002206345988",
        "destination_institution": "0",
        "destination_account": "001002363321",
        "currency": "UYU",
        "amount": "1.3",
        "concept": "transfer description",
        "destination_owner_name": "John Doe",
        "branch": "62"
    }));
    let approved: types::TransferPreprocessResponse = sample::typed(json!({
        "status": "success",
        "result": {
            "approved": true,
            "authorization_devices": [{"type": "pin", "data": null}],
            "message": null,
            "request_id": "typed-request-1"
        }
    }));
    let preprocess = mock.server().transfer_preprocess(|when, then| {
        when.body(&form);
        then.ok(&approved);
    });
    let transfer = PreprocessTransfer::new(
        "002206345988",
        "0",
        "001002363321",
        "UYU",
        "1.3".parse().unwrap(),
        "transfer description",
        "John Doe",
        "62",
    );
    let preprocessed = session.preprocess_transfer(&transfer).await.unwrap();
    assert_eq!(preprocessed.request_id, "typed-request-1");
    preprocess.assert_calls_async(1).await;

    // Another amount is another form.
    let other = PreprocessTransfer::new(
        "002206345988",
        "0",
        "001002363321",
        "UYU",
        "2".parse().unwrap(),
        "transfer description",
        "John Doe",
        "62",
    );
    assert!(session.preprocess_transfer(&other).await.is_err());
    preprocess.assert_calls_async(1).await;
}
