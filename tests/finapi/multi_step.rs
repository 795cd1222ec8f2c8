//! Every kind of multi-step authentication (HTTP 510), answered and continued: procedure choice,
//! photoTAN, redirect, decoupled approval, on import, update and payment submission.

use std::time::Duration;

use base64::Engine as _;
use finapi::mock::{exact_query, sample, DEMO_BANK_ID, DEMO_CONNECTION_ID};
use finapi::{types, ChallengeKind, Outcome};
use httpmock::Method::POST;
use serde_json::{json, Value};

use crate::{as_user, setup};

/// A 510 body with one multi-step authentication of `status`; `fields` override the nulls.
fn msa(status: &str, hash: &str, fields: Value) -> Value {
    let mut details = json!({
        "hash": hash,
        "status": status,
        "challengeMessage": null,
        "answerFieldLabel": null,
        "redirectUrl": null,
        "redirectContext": null,
        "redirectContextField": null,
        "twoStepProcedures": null,
        "photoTanMimeType": null,
        "photoTanData": null,
        "opticalData": null
    });
    for (key, value) in fields.as_object().unwrap() {
        details[key] = value.clone();
    }
    json!({
        "errors": [{
            "message": "Zusätzliche Authentifizierung erforderlich",
            "code": "ADDITIONAL_AUTHENTICATION_REQUIRED",
            "type": "BUSINESS",
            "multiStepAuthentication": details
        }],
        "date": "2024-05-01 10:00:00.000",
        "requestId": "selfgen-msa",
        "endpoint": "POST /api/v1/bankConnections/import",
        "authContext": "1/18",
        "bank": "DEMO0001 - finAPI Test Bank"
    })
}

/// The import body the tests send: the demo bank, defaults otherwise, plus `extra`.
fn import_body(extra: Value) -> Value {
    let mut body = json!({
        "bankId": DEMO_BANK_ID,
        "loadOwnerData": false,
        "maxDaysForDownload": 0,
        "skipPositionsDownload": false,
        "storePin": false,
        "storeSecrets": false
    });
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

fn import_params() -> types::ImportBankConnectionParams {
    types::ImportBankConnectionParams::builder()
        .bank_id(DEMO_BANK_ID)
        .try_into()
        .unwrap()
}

#[tokio::test]
async fn choose_a_procedure_then_answer_a_photo_tan() {
    let (mock, client) = setup().await;
    let server = mock.server();
    let png = [0x89u8, b'P', b'N', b'G', 1, 2, 3];
    let choose = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[])
                .json_body(import_body(json!({})));
            then.status(510).json_body(msa(
                "TWO_STEP_PROCEDURE_REQUIRED",
                "h1",
                json!({ "twoStepProcedures": [
                    sample::two_step_procedure("901", "photoTAN"),
                    sample::two_step_procedure("955", "mobileTAN")
                ]}),
            ));
        })
        .await;
    let photo = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[]).json_body(
                import_body(json!({ "multiStepAuthentication": { "hash": "h1", "twoStepProcedureId": "901" } })),
            );
            then.status(510).json_body(msa(
                "CHALLENGE_RESPONSE_REQUIRED",
                "h2",
                json!({
                    "challengeMessage": "Scannen Sie die Grafik",
                    "answerFieldLabel": "TAN",
                    "photoTanMimeType": "image/png",
                    "photoTanData": base64::engine::general_purpose::STANDARD.encode(png)
                }),
            ));
        })
        .await;
    let done = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[]).json_body(
                import_body(json!({ "multiStepAuthentication": { "hash": "h2", "challengeResponse": "778899" } })),
            );
            then.status(201)
                .json_body(sample::bank_connection(DEMO_CONNECTION_ID, &[]));
        })
        .await;

    let challenge = client
        .import_bank_connection_flow(import_params())
        .await
        .unwrap()
        .challenge()
        .expect("a procedure choice");
    let ChallengeKind::ChooseProcedure { procedures } = challenge.kind() else {
        panic!("expected a procedure choice, got {:?}", challenge.kind());
    };
    assert_eq!(procedures.len(), 2);
    assert_eq!(procedures[0].procedure_name, "photoTAN");

    // An id that was not offered is refused before sending.
    let refused = challenge.choose_procedure("000");
    let error = refused.await.unwrap_err();
    assert_eq!(error.kind(), finapi::ErrorKind::InvalidRequest);
    assert_eq!(error.status(), None);

    // Start again: the challenge was consumed by the refused attempt.
    choose.assert_calls_async(1).await;
    let challenge = client
        .import_bank_connection_flow(import_params())
        .await
        .unwrap()
        .challenge()
        .unwrap();
    let challenge = challenge
        .choose_procedure("901")
        .await
        .unwrap()
        .challenge()
        .expect("a photoTAN");
    match challenge.kind() {
        ChallengeKind::Answer {
            message,
            label,
            image: Some(image),
            flicker_code: None,
        } => {
            assert_eq!(message, Some("Scannen Sie die Grafik"));
            assert_eq!(label, Some("TAN"));
            assert_eq!(image.mime_type, "image/png");
            assert_eq!(image.bytes, png);
        }
        other => panic!("expected a photoTAN, got {other:?}"),
    }
    let connection = challenge.answer("778899").await.unwrap().done().unwrap();
    assert_eq!(connection.id, DEMO_CONNECTION_ID);
    choose.assert_calls_async(2).await;
    photo.assert_calls_async(1).await;
    done.assert_calls_async(1).await;
}

#[tokio::test]
async fn complete_a_redirect() {
    let (mock, client) = setup().await;
    let server = mock.server();
    let redirect = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[]).json_body(
                import_body(json!({ "redirectUrl": "https://app.example/back" })),
            );
            then.status(510).json_body(msa(
                "REDIRECT_REQUIRED",
                "r1",
                json!({
                    "redirectUrl": "https://bank.example/login?back=https%3A%2F%2Fapp.example%2Fback",
                    "redirectContext": "12345",
                    "redirectContextField": "state"
                }),
            ));
        })
        .await;
    let done = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[]).json_body(
                import_body(json!({
                    "redirectUrl": "https://app.example/back",
                    "multiStepAuthentication": { "hash": "r1", "redirectCallback": "code=abc&state=12345" }
                })),
            );
            then.status(201)
                .json_body(sample::bank_connection(DEMO_CONNECTION_ID, &[]));
        })
        .await;

    let params = types::ImportBankConnectionParams::builder()
        .bank_id(DEMO_BANK_ID)
        .redirect_url(Some("https://app.example/back".to_owned()));
    let challenge = client
        .import_bank_connection_flow(params)
        .await
        .unwrap()
        .challenge()
        .expect("a redirect");
    let ChallengeKind::Redirect { url, context_field } = challenge.kind() else {
        panic!("expected a redirect");
    };
    assert!(url.starts_with("https://bank.example/login"));
    assert_eq!(context_field, Some("state"));
    assert_eq!(challenge.redirect_context(), Some("12345"));
    let outcome = challenge
        .complete_redirect("?code=abc&state=12345")
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::Done(ref c) if c.id == DEMO_CONNECTION_ID));
    redirect.assert_async().await;
    done.assert_async().await;
}

#[tokio::test]
async fn wait_for_a_decoupled_approval_on_update() {
    let (mock, client) = setup().await;
    let server = mock.server();
    let update_body = json!({
        "bankConnectionId": DEMO_CONNECTION_ID,
        "forceWebForm": false,
        "importNewAccounts": false,
        "loadOwnerData": false,
        "skipPositionsDownload": false,
        "storePin": false,
        "storeSecrets": false
    });
    let mut polled = update_body.clone();
    polled["multiStepAuthentication"] = json!({ "hash": "d1", "decoupledCallback": true });
    let ask = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/update"), &[])
                .json_body(update_body);
            then.status(510).json_body(msa(
                "DECOUPLED_AUTH_REQUIRED",
                "d1",
                json!({ "challengeMessage": "Bitte in der App freigeben" }),
            ));
        })
        .await;
    // The first poll finds the approval pending, the second one done.
    let pending = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/update"), &[])
                .json_body(polled.clone());
            then.status(510)
                .json_body(msa("DECOUPLED_AUTH_IN_PROGRESS", "d1", json!({})));
        })
        .await;
    pending.up_to_n_times_async(1).await;
    let approved = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/update"), &[])
                .json_body(polled);
            then.status(200)
                .json_body(sample::bank_connection(DEMO_CONNECTION_ID, &[]));
        })
        .await;

    let challenge = client
        .update_bank_connection_flow(
            types::UpdateBankConnectionParams::builder().bank_connection_id(DEMO_CONNECTION_ID),
        )
        .await
        .unwrap()
        .challenge()
        .expect("a decoupled approval");
    assert!(matches!(
        challenge.kind(),
        ChallengeKind::Decoupled {
            message: Some("Bitte in der App freigeben"),
            in_progress: false
        }
    ));
    let connection = challenge
        .wait_for_decoupled(Duration::from_millis(1), 5)
        .await
        .unwrap()
        .done()
        .expect("approved");
    assert_eq!(connection.id, DEMO_CONNECTION_ID);
    ask.assert_calls_async(1).await;
    pending.assert_calls_async(1).await;
    approved.assert_calls_async(1).await;
}

#[tokio::test]
async fn submit_a_payment_with_a_tan() {
    let (mock, client) = setup().await;
    let server = mock.server();
    let body = json!({
        "paymentId": 77,
        "interface": "XS2A",
        "forceWebForm": false,
        "hideTransactionDetailsInWebForm": false
    });
    let mut answered = body.clone();
    answered["multiStepAuthentication"] = json!({ "hash": "p1", "challengeResponse": "246810" });
    let challenge = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/payments/submit"), &[]).json_body(body);
            then.status(510).json_body(msa(
                "CHALLENGE_RESPONSE_REQUIRED",
                "p1",
                json!({ "challengeMessage": "TAN für Überweisung", "opticalData": "11048813833205002812775114302C30315D" }),
            ));
        })
        .await;
    let submitted = server
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/payments/submit"), &[]).json_body(answered);
            then.status(200).json_body(json!({
                "id": 77, "accountId": 1, "iban": null, "type": "MONEY_TRANSFER",
                "amount": 10.5, "orderCount": 1, "status": "SUCCESSFUL", "bankMessage": null,
                "requestDate": "2024-05-01 10:00:00.000", "executionDate": "2024-05-01 10:00:01.000",
                "instructedExecutionDate": null
            }));
        })
        .await;

    let pending = client
        .submit_payment_flow(
            types::SubmitPaymentParams::builder()
                .payment_id(77)
                .interface(types::BankingInterface::Xs2a),
        )
        .await
        .unwrap()
        .challenge()
        .expect("a TAN");
    let ChallengeKind::Answer { flicker_code, .. } = pending.kind() else {
        panic!("expected a TAN prompt");
    };
    assert_eq!(flicker_code, Some("11048813833205002812775114302C30315D"));
    let payment = pending.answer("246810").await.unwrap().done().unwrap();
    assert_eq!(payment.id, 77);
    challenge.assert_calls_async(1).await;
    submitted.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_unknown_status_is_kept() {
    let (mock, client) = setup().await;
    let unknown = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[])
                .json_body(import_body(json!({})));
            then.status(510)
                .json_body(msa("BIOMETRIC_SELFIE_REQUIRED", "u1", json!({})));
        })
        .await;
    let challenge = client
        .import_bank_connection_flow(import_params())
        .await
        .unwrap()
        .challenge()
        .unwrap();
    assert!(matches!(
        challenge.kind(),
        ChallengeKind::Unknown {
            status: "BIOMETRIC_SELFIE_REQUIRED"
        }
    ));
    // An empty answer is refused before sending.
    let error = challenge.answer("  ").await.unwrap_err();
    assert_eq!(error.kind(), finapi::ErrorKind::InvalidRequest);
    unknown.assert_calls_async(1).await;
}
