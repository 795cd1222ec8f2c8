//! Transfers: destinations, preprocess (every argument, exact form, once), confirm (once).

use httpmock::Method::POST;
use prometeo::mock::{API_KEY, SESSION_KEY};
use prometeo::{AuthorizationType, Error, PreprocessTransfer};
use serde_json::json;

use crate::logged_in;

fn seed_transfer() -> PreprocessTransfer {
    PreprocessTransfer::new(
        "002206345988",
        "0",
        "001002363321",
        "UYU",
        "1.30".parse().unwrap(),
        "transfer description",
        "John Doe",
        "62",
    )
}

#[tokio::test]
async fn the_seed_transfer_end_to_end() {
    let (mock, session) = logged_in().await;
    let institutions = mock.transfer_institutions().await;
    let preprocess = mock.preprocess_transfer().await;
    let confirm = mock.confirm_transfer().await;

    let banks = session.transfer_institutions().await.unwrap();
    assert_eq!(banks.len(), 4);
    let transfer = PreprocessTransfer::new(
        "002206345988",
        &banks[0].id,
        "001002363321",
        "UYU",
        "1.3".parse().unwrap(),
        "transfer description",
        "John Doe",
        "62",
    );
    let pre = session.preprocess_transfer(&transfer).await.unwrap();
    assert!(pre.approved);
    let device = &pre.authorization_devices[0];
    assert_eq!(device.kind, AuthorizationType::CardCode);
    assert_eq!(device.data.len(), 3);
    let done = session
        .confirm_transfer(&pre.request_id, device.kind.clone(), "1, 2, 3")
        .await
        .unwrap();
    assert!(done.success);
    institutions.assert_async().await;
    preprocess.assert_async().await;
    confirm.assert_async().await;
}

#[tokio::test]
async fn preprocess_sends_every_argument_exactly() {
    let (mock, session) = logged_in().await;
    let served = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST)
                .path("/transfer/preprocess")
                .header("x-api-key", API_KEY)
                .header("x-session-key", SESSION_KEY)
                .header("payment-intent-id", "pi-77")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(concat!(
                    "origin_account=002206345988&destination_institution=0&destination_account=001002363321",
                    "&currency=UYU&amount=1.3&concept=transfer+description&destination_owner_name=John+Doe&branch=62",
                    "&destination_account_type=CA&document_type=CI&document_number=12345678&country=UY",
                    "&destination_bank_code=001&mobile_os=android&external_id=order-42"
                ));
            then.status(200).json_body(json!({"status": "success", "result": {"approved": false, "authorization_devices": [], "message": "Saldo insuficiente", "request_id": "r1"}}));
        })
        .await;
    let transfer = seed_transfer()
        .destination_account_type("CA")
        .document_type("CI")
        .document_number("12345678")
        .country("UY")
        .destination_bank_code("001")
        .mobile_os("android")
        .external_id("order-42")
        .payment_intent_id("pi-77");
    let pre = session.preprocess_transfer(&transfer).await.unwrap();
    served.assert_async().await;
    assert!(!pre.approved);
    assert_eq!(pre.message.as_deref(), Some("Saldo insuficiente"));
    assert!(pre.authorization_devices.is_empty());
}

#[tokio::test]
async fn transfers_are_sent_once_even_when_retries_would_apply() {
    let (mock, session) = logged_in().await;
    let preprocess = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST).path("/transfer/preprocess");
            then.status(429)
                .header("retry-after", "0")
                .json_body(json!({"status": "error", "message": "Too many requests"}));
        })
        .await;
    let confirm = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST).path("/transfer/confirm");
            then.status(503).json_body(json!({"status": "provider_unavailable", "message": "Provider returned 500 response."}));
        })
        .await;
    let error = session
        .preprocess_transfer(&seed_transfer())
        .await
        .unwrap_err();
    use bankapi_core::ProviderError;
    assert_eq!(error.kind(), bankapi_core::ErrorKind::RateLimited);
    let error = session
        .confirm_transfer("r1", "pin", "1234")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::ProviderUnavailable(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("1234"));
    preprocess.assert_calls_async(1).await;
    confirm.assert_calls_async(1).await;
}

#[tokio::test]
async fn confirm_with_a_device_number() {
    let (mock, session) = logged_in().await;
    let served = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST)
                .path("/transfer/confirm")
                .header("x-session-key", SESSION_KEY)
                .body("request_id=r1&authorization_type=otp&authorization_data=998877&authorization_device_number=SN-1");
            then.status(200).json_body(json!({"status": "success", "transfer": {"message": "", "success": true}}));
        })
        .await;
    let done = session
        .confirm_transfer_with_device("r1", AuthorizationType::Otp, "998877", "SN-1")
        .await
        .unwrap();
    served.assert_async().await;
    assert!(done.success);
}

#[tokio::test]
async fn bad_transfers_are_refused_before_sending() {
    let (mock, session) = logged_in().await;
    let any = mock
        .server()
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(json!({"status": "success"}));
        })
        .await;
    for transfer in [
        PreprocessTransfer::new("1", 0, "2", "UYU", "0".parse().unwrap(), "c", "", ""),
        PreprocessTransfer::new("1", 0, "2", "UYU", "-5".parse().unwrap(), "c", "", ""),
        PreprocessTransfer::new("", 0, "2", "UYU", "5".parse().unwrap(), "c", "", ""),
        PreprocessTransfer::new("1", 0, "2", "pesos", "5".parse().unwrap(), "c", "", ""),
    ] {
        let error = session.preprocess_transfer(&transfer).await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    }
    assert!(session.confirm_transfer("", "pin", "1").await.is_err());
    any.assert_calls_async(0).await;
}
