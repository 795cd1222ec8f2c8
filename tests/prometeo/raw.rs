//! Every operation of the generated low-level client (the 33 of Prometeo's description and the
//! official client's `GET /movement/`), through the crate's transport: API key on all, session
//! key on session operations, transfers sent once.

use httpmock::Method::POST;
use prometeo::mock::{MockPrometeo, API_KEY, SESSION_KEY};
use prometeo::raw::types;
use prometeo::Decimal;
use serde_json::json;

#[tokio::test]
async fn every_generated_operation_is_callable() {
    let mock = MockPrometeo::start().await;
    let without_session = mock
        .server()
        .mock_async(|when, then| {
            when.any_request()
                .header("x-api-key", API_KEY)
                .header_missing("x-session-key");
            then.status(200).json_body(json!({"status": "success"}));
        })
        .await;
    let with_session = mock
        .server()
        .mock_async(|when, then| {
            when.any_request()
                .header("x-api-key", API_KEY)
                .header("x-session-key", SESSION_KEY);
            then.status(200).json_body(json!({"status": "success"}));
        })
        .await;
    let client = mock.client();
    let api = client.raw();
    let session = client.restore_session(SESSION_KEY);
    let s = session.raw();
    let uyu = || types::Currency("UYU".into());
    let day = |d: &str| types::Date(d.into());

    // API key only (9).
    api.login()
        .body_map(|b| b.provider("test").username("12345").password("gfdsa"))
        .send()
        .await
        .unwrap();
    api.login_procedure()
        .body_map(|b| {
            b.question_one_id("1")
                .answer_one("a")
                .question_two_id("2")
                .answer_two("b")
                .question_three_id("3")
                .answer_three("c")
                .otp(1234)
        })
        .send()
        .await
        .unwrap();
    api.get_providers().send().await.unwrap();
    api.get_provider_detail()
        .provider_code("test")
        .send()
        .await
        .unwrap();
    api.get_provider_branches()
        .provider_code("bbva_mx")
        .zipcode("09080")
        .send()
        .await
        .unwrap();
    api.get_provider_atms()
        .provider_code("bbva_mx")
        .zipcode("09080")
        .send()
        .await
        .unwrap();
    api.get_transfer_log()
        .date_start(day("01/01/2024"))
        .date_end(day("31/01/2024"))
        .send()
        .await
        .unwrap();
    api.get_transfer_log_detail()
        .request_id("r1")
        .send()
        .await
        .unwrap();
    api.get_task_result()
        .body_map(|b| b.task_id("t1"))
        .send()
        .await
        .unwrap();

    // With the session key (25).
    s.logout().send().await.unwrap();
    s.get_clients().send().await.unwrap();
    s.select_client().client_id("0").send().await.unwrap();
    s.get_personal_info().send().await.unwrap();
    s.get_accounts().send().await.unwrap();
    s.get_movements()
        .account_number("001")
        .currency(uyu())
        .date_start(day("01/01/2024"))
        .date_end(day("31/01/2024"))
        .send()
        .await
        .unwrap();
    s.get_account_movements()
        .account("001")
        .currency(uyu())
        .date_start(day("01/01/2024"))
        .date_end(day("31/01/2024"))
        .send()
        .await
        .unwrap();
    s.get_movement_detail()
        .account_number("001")
        .movement_id("m1")
        .send()
        .await
        .unwrap();
    s.get_credit_cards().send().await.unwrap();
    s.get_credit_card_movements()
        .card_number("770012345678")
        .currency(uyu())
        .date_start(day("01/01/2024"))
        .date_end(day("31/01/2024"))
        .send()
        .await
        .unwrap();
    s.get_transfer_enroll_form().send().await.unwrap();
    s.transfer_account_enroll()
        .body_map(|b| {
            b.destination_institution("1")
                .destination_account("2")
                .destination_owner_name("John")
        })
        .send()
        .await
        .unwrap();
    s.transfer_account_enroll_confirm()
        .body_map(|b| b.request_id("r1").authorization_data("1"))
        .send()
        .await
        .unwrap();
    s.transfer_account_enroll_remove()
        .body_map(|b| b.destination_account("2"))
        .send()
        .await
        .unwrap();
    s.get_transfer_destinations().send().await.unwrap();
    s.get_transfer_form_fields().send().await.unwrap();
    s.get_transfermfa().send().await.unwrap();
    s.transfer_preprocess()
        .body_map(|b| {
            b.origin_account("1")
                .destination_institution("0")
                .destination_account("2")
                .currency(uyu())
                .amount(Decimal::new(13, 1))
                .concept("c")
        })
        .send()
        .await
        .unwrap();
    s.retry_transfer_preprocess()
        .body_map(|b| b.request_id("r1"))
        .send()
        .await
        .unwrap();
    s.transfer_confirm()
        .body_map(|b| b.request_id("r1"))
        .send()
        .await
        .unwrap();
    s.transfer_detail()
        .body_map(|b| b.request_id("r1"))
        .send()
        .await
        .unwrap();
    s.validate_account()
        .body_map(|b| b.account("002206345988"))
        .send()
        .await
        .unwrap();
    s.preprocess_batch_transfer()
        .body_map(|b| b.data("e30=").format("json"))
        .send()
        .await
        .unwrap();
    s.confirm_batch_transfer()
        .body_map(|b| {
            b.request_id("r1")
                .authorization_type("otp")
                .authorization_data("1")
                .authorization_device_number("SN")
        })
        .send()
        .await
        .unwrap();
    s.detail_batch_transfer()
        .body_map(|b| b.request_id("r1").format("csv"))
        .send()
        .await
        .unwrap();

    without_session.assert_calls_async(9).await;
    with_session.assert_calls_async(25).await;
}

#[tokio::test]
async fn generated_requests_match_the_wire_format() {
    let mock = MockPrometeo::start().await;
    let preprocess = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST)
                .path("/transfer/preprocess")
                .header("x-session-key", SESSION_KEY)
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("amount", "1.3")
                .form_urlencoded_tuple("destination_institution", "0")
                .form_urlencoded_tuple("branch", "062");
            then.status(200).json_body(json!({"status": "success", "result": {
                "approved": true, "request_id": "r1",
                "authorization_devices": [{"type": "cardCode", "data": ["F-4"]}, {"type": "pin", "data": null}]
            }}));
        })
        .await;
    let session = mock.client().restore_session(SESSION_KEY);
    let answer = session
        .raw()
        .transfer_preprocess()
        .body_map(|b| {
            b.origin_account("1")
                .destination_institution("0")
                .destination_account("2")
                .currency(types::Currency("UYU".into()))
                .amount("1.3".parse::<Decimal>().unwrap())
                .concept("c")
                .branch("062".to_owned())
        })
        .send()
        .await
        .unwrap();
    preprocess.assert_async().await;
    let result = answer.into_inner().result.unwrap();
    assert_eq!(
        result.authorization_devices[0].type_.as_deref(),
        Some("cardCode")
    );
}

#[tokio::test]
async fn generated_transfers_are_sent_once_and_reads_retried() {
    let mock = MockPrometeo::start().await;
    let confirm = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST).path("/transfer/confirm");
            then.status(429).header("retry-after", "0");
        })
        .await;
    let accounts = mock
        .server()
        .mock_async(|when, then| {
            when.path("/account/");
            then.status(503);
        })
        .await;
    let session = mock.client().restore_session(SESSION_KEY);
    let raw = session.raw();
    let error = raw
        .transfer_confirm()
        .body_map(|b| b.request_id("r1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    confirm.assert_calls_async(1).await;
    assert!(raw.get_accounts().send().await.is_err());
    accounts.assert_calls_async(4).await;
    assert_eq!(
        prometeo::raw::retry_class("transfer_account_enroll", &reqwest::Method::POST),
        bankapi_core::RetryClass::Never
    );
    assert_eq!(
        prometeo::raw::retry_class("login", &reqwest::Method::POST),
        bankapi_core::RetryClass::NonIdempotent
    );
}
