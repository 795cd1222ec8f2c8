//! Budgea Pay (seed 001 "API pay protocol"): a recipient confirmed by SMS, a transfer created
//! then validated with the bank's password; nothing is ever sent twice.

use bankapi_core::{ErrorKind, ProviderError};
use budgea::connections::FieldValues;
use budgea::mock::{MockApi, ACCOUNT_ID, BANK_PASSWORD, RECIPIENT_ID, SMS_CODE, TRANSFER_ID};
use budgea::transfers::{NewRecipient, NewTransfer, RecipientOutcome, TransferOutcome};
use chrono::NaiveDate;
use httpmock::Method::POST;

#[tokio::test]
async fn recipient_then_transfer() {
    let api = MockApi::start().await;
    let mocks = api.recipient_and_transfer().await;
    let client = api.user_client();

    let added = client
        .add_recipient(
            ACCOUNT_ID,
            &NewRecipient::new("FR76 1304 8379 4053 0029 0000 355", "Papa").category("Famille"),
        )
        .await
        .unwrap();
    let RecipientOutcome::NeedsFields { recipient, fields } = added else {
        panic!("an SMS code is needed");
    };
    assert_eq!(recipient.id, RECIPIENT_ID);
    assert_eq!(fields[0].name, "sms");
    let confirmed = client
        .confirm_recipient(
            ACCOUNT_ID,
            recipient.id,
            &FieldValues::new().with("sms", SMS_CODE),
        )
        .await
        .unwrap();
    let RecipientOutcome::Added(recipient) = confirmed else {
        panic!("confirmed");
    };
    assert!(recipient.enabled_at.is_some());

    let transfer = client
        .create_transfer(
            ACCOUNT_ID,
            recipient.id,
            &NewTransfer::new(10.0, "Argent de poche")
                .exec_date(NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(
        (transfer.id, transfer.state.as_deref()),
        (TRANSFER_ID, Some("created"))
    );

    let first = client
        .validate_transfer(transfer.id, &FieldValues::new())
        .await
        .unwrap();
    let TransferOutcome::NeedsFields { fields, .. } = first else {
        panic!("the bank asks for its password");
    };
    assert_eq!(fields[0].name, "password");
    let done = client
        .validate_transfer(
            transfer.id,
            &FieldValues::new().with("password", BANK_PASSWORD),
        )
        .await
        .unwrap();
    assert_eq!(done.transfer().state.as_deref(), Some("pending"));
    assert_eq!(done.transfer().webid.as_deref(), Some("ZZ10C4FKSNP05TK95"));

    mocks.add_recipient.assert_calls_async(1).await;
    mocks.confirm_recipient.assert_calls_async(1).await;
    mocks.create_transfer.assert_calls_async(1).await;
    mocks.validate.assert_calls_async(1).await;
    mocks.validate_with_password.assert_calls_async(1).await;
}

#[tokio::test]
async fn money_moving_calls_are_sent_once_even_on_429_or_503() {
    let server = httpmock::MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(POST).path("/2.0/users/me/transfers/22");
            then.status(429)
                .header("Retry-After", "0")
                .json_body(serde_json::json!({"code": "rateLimiting"}));
        })
        .await;
    let unavailable = server
        .mock_async(|when, then| {
            when.method(POST)
                .path_includes("/transfers")
                .path_includes("/recipients/");
            then.status(503);
        })
        .await;
    let client = crate::client_of(&server);
    let error = client
        .validate_transfer(22, &FieldValues::new())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    limited.assert_calls_async(1).await;
    let error = client
        .create_transfer(1, 2, &NewTransfer::new(5.0, "x"))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    unavailable.assert_calls_async(1).await;
    // The generated methods of these operations are never retried either.
    let generated = client
        .update_user_transfer()
        .id_user("me")
        .id_transfer(22)
        .body_map(|b| b.validated(true).extra(std::collections::HashMap::new()))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        generated.status().map(|s| s.as_u16()),
        Some(429),
        "{generated:?}"
    );
    limited.assert_calls_async(2).await;
}

#[tokio::test]
async fn bad_inputs_are_refused_before_sending() {
    let server = httpmock::MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = crate::client_of(&server);
    let errors = [
        client
            .add_recipient(1, &NewRecipient::new("", "Papa"))
            .await
            .unwrap_err(),
        client
            .add_recipient(1, &NewRecipient::new("FR7613048379405300290000356", "Papa"))
            .await
            .unwrap_err(),
        client
            .add_recipient(0, &NewRecipient::new("FR7613048379405300290000355", "Papa"))
            .await
            .unwrap_err(),
        client
            .create_transfer(1, 2, &NewTransfer::new(-1.0, "x"))
            .await
            .unwrap_err(),
        client
            .create_transfer(1, 2, &NewTransfer::new(1.0, " "))
            .await
            .unwrap_err(),
        client
            .confirm_recipient(1, 2, &FieldValues::new())
            .await
            .unwrap_err(),
        client
            .validate_transfer(1, &FieldValues::new().with("password", ""))
            .await
            .unwrap_err(),
    ];
    for error in errors {
        assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
        assert!(error.status().is_none());
    }
    any.assert_calls_async(0).await;
}
