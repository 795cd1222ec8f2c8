//! The bank connection flows of finAPI's "Bank Connections" documentation: import (the demo
//! bank), update, edit, get one / all / several by id, delete one / all.

use finapi::mock::{sample, DEMO_ACCOUNT_ID, DEMO_BANK_ID, DEMO_CONNECTION_ID};
use finapi::{types, ImportOutcome, Outcome};
use httpmock::Method::{DELETE, GET, PATCH, POST};
use serde_json::json;

use crate::{as_user, setup};

#[tokio::test]
async fn import_the_demo_bank_connection() {
    let (mock, client) = setup().await;
    let import = mock
        .server()
        .mock_async(|when, then| {
            finapi::mock::exact_query(as_user(when, POST, "/api/v1/bankConnections/import"), &[])
                .header("content-type", "application/json")
                .header("X-Request-Id", "import-1")
                .json_body(json!({
                    "bankId": DEMO_BANK_ID,
                    "loadOwnerData": false,
                    "maxDaysForDownload": 0,
                    "skipPositionsDownload": false,
                    "storePin": false,
                    "storeSecrets": false
                }));
            then.status(201)
                .header("X-Request-Id", "import-1")
                .json_body(sample::bank_connection(
                    DEMO_CONNECTION_ID,
                    &[DEMO_ACCOUNT_ID],
                ));
        })
        .await;

    let connection = client
        .import_bank_connection()
        .x_request_id("import-1")
        .body(types::ImportBankConnectionParams::builder().bank_id(DEMO_BANK_ID))
        .send()
        .await
        .expect("imported");
    assert_eq!(connection.status(), 201);
    assert_eq!(connection.id, DEMO_CONNECTION_ID);
    assert_eq!(connection.account_ids, [DEMO_ACCOUNT_ID]);
    assert_eq!(connection.bank.blz, "00000000");
    assert_eq!(
        connection.update_status,
        types::BankConnectionUpdateStatus::Ready
    );
    import.assert_async().await;
    // The user's token was fetched once, the client's never.
    mock.tokens().user.assert_calls_async(1).await;
    mock.tokens().client.assert_calls_async(0).await;
}

#[tokio::test]
async fn import_the_demo_bank_answering_its_challenge() {
    let (mock, client) = setup().await;
    let scenario = mock.demo_bank_import_with_challenge().await;

    let outcome: ImportOutcome = client
        .import_bank_connection_flow(finapi::mock::demo_import_params())
        .await
        .expect("a challenge, not an error");
    let Outcome::NeedsUser(challenge) = outcome else {
        panic!("the demo bank asks for a TAN");
    };
    assert_eq!(
        *challenge.status(),
        types::MsaStatus::ChallengeResponseRequired
    );
    assert_eq!(challenge.answer_field_label(), Some("TAN"));
    assert!(challenge
        .message()
        .unwrap()
        .ends_with("folgenden Code an: 123456"));
    assert_eq!(challenge.details().hash, finapi::mock::DEMO_MSA_HASH);
    assert_eq!(challenge.error().status().unwrap(), 510);
    assert_eq!(
        challenge.error().code(),
        Some("ADDITIONAL_AUTHENTICATION_REQUIRED")
    );
    assert_eq!(challenge.error().request_id(), Some("mock-request-510"));
    scenario.challenge.assert_calls_async(1).await;
    scenario.completion.assert_calls_async(0).await;

    let connection = challenge
        .answer(finapi::mock::DEMO_TAN)
        .await
        .expect("answered")
        .done()
        .expect("no second challenge");
    assert_eq!(connection.id, DEMO_CONNECTION_ID);
    scenario.assert_completed().await;
}

#[tokio::test]
async fn update_a_bank_connection() {
    let (mock, client) = setup().await;
    let update = mock
        .server()
        .mock_async(|when, then| {
            finapi::mock::exact_query(as_user(when, POST, "/api/v1/bankConnections/update"), &[])
                .header("content-type", "application/json")
                .json_body(json!({
                    "bankConnectionId": DEMO_CONNECTION_ID,
                    "forceWebForm": false,
                    "importNewAccounts": true,
                    "loadOwnerData": false,
                    "skipPositionsDownload": false,
                    "storePin": false,
                    "storeSecrets": false
                }));
            then.status(200).json_body(sample::bank_connection(
                DEMO_CONNECTION_ID,
                &[DEMO_ACCOUNT_ID],
            ));
        })
        .await;

    let outcome = client
        .update_bank_connection_flow(
            types::UpdateBankConnectionParams::builder()
                .bank_connection_id(DEMO_CONNECTION_ID)
                .import_new_accounts(true),
        )
        .await
        .expect("updated");
    let connection = outcome.done().expect("no challenge");
    assert_eq!(connection.id, DEMO_CONNECTION_ID);
    update.assert_async().await;
}

#[tokio::test]
async fn edit_a_bank_connection() {
    let (mock, client) = setup().await;
    let mut edited = sample::bank_connection(DEMO_CONNECTION_ID, &[DEMO_ACCOUNT_ID]);
    edited["name"] = json!("Girokonto");
    let edit = mock
        .server()
        .mock_async(|when, then| {
            finapi::mock::exact_query(as_user(when, PATCH, "/api/v1/bankConnections/4242"), &[])
                .header("content-type", "application/json")
                .json_body(json!({ "name": "Girokonto", "defaultTwoStepProcedureId": "955" }));
            then.status(200).json_body(edited);
        })
        .await;

    let connection = client
        .edit_bank_connection()
        .id(DEMO_CONNECTION_ID)
        .body(
            types::EditBankConnectionParams::builder()
                .name(Some(
                    "Girokonto"
                        .parse::<types::EditBankConnectionParamsName>()
                        .unwrap(),
                ))
                .default_two_step_procedure_id(Some("955".to_owned())),
        )
        .send()
        .await
        .expect("edited");
    assert_eq!(connection.name.as_deref(), Some("Girokonto"));
    edit.assert_async().await;
}

#[tokio::test]
async fn get_one_bank_connection() {
    let (mock, client) = setup().await;
    let get = mock
        .server()
        .mock_async(|when, then| {
            finapi::mock::exact_query(as_user(when, GET, "/api/v1/bankConnections/4242"), &[]);
            then.status(200).json_body(sample::bank_connection(
                DEMO_CONNECTION_ID,
                &[DEMO_ACCOUNT_ID],
            ));
        })
        .await;
    let connection = client
        .get_bank_connection()
        .id(DEMO_CONNECTION_ID)
        .send()
        .await
        .expect("found");
    assert_eq!(connection.id, DEMO_CONNECTION_ID);
    assert_eq!(
        connection.two_step_procedures[0].procedure_name,
        "mobileTAN"
    );
    get.assert_async().await;
}

#[tokio::test]
async fn get_all_bank_connections_filtered_by_ids() {
    let (mock, client) = setup().await;
    let get = mock
        .server()
        .mock_async(|when, then| {
            // `ids` is `style: form, explode: true` in the description: one parameter per id.
            finapi::mock::exact_query(
                as_user(when, GET, "/api/v1/bankConnections"),
                &[("ids", "1"), ("ids", "2")],
            );
            then.status(200).json_body(json!({
                "connections": [sample::bank_connection(1, &[]), sample::bank_connection(2, &[])]
            }));
        })
        .await;
    let list = client
        .get_all_bank_connections()
        .ids(vec![1, 2])
        .send()
        .await
        .expect("listed");
    assert_eq!(
        list.connections.iter().map(|c| c.id).collect::<Vec<_>>(),
        [1, 2]
    );
    get.assert_async().await;
}

#[tokio::test]
async fn get_multiple_bank_connections_by_ids() {
    let (mock, client) = setup().await;
    let get = mock
        .server()
        .mock_async(|when, then| {
            // `{ids}` travels comma-separated in the path, the comma as is.
            finapi::mock::exact_query(as_user(when, GET, "/api/v1/bankConnections/3,5"), &[])
                .is_true(|request| request.uri().path() == "/api/v1/bankConnections/3,5");
            then.status(200).json_body(json!({
                "connections": [sample::bank_connection(3, &[]), sample::bank_connection(5, &[])]
            }));
        })
        .await;
    let list = client
        .get_multiple_bank_connections()
        .ids(finapi::ids([3, 5]))
        .send()
        .await
        .expect("listed");
    assert_eq!(list.connections.len(), 2);
    get.assert_async().await;
}

#[tokio::test]
async fn delete_one_bank_connection() {
    let (mock, client) = setup().await;
    let delete = mock
        .server()
        .mock_async(|when, then| {
            finapi::mock::exact_query(as_user(when, DELETE, "/api/v1/bankConnections/4242"), &[])
                .header_missing("content-type");
            then.status(200);
        })
        .await;
    let response = client
        .delete_bank_connection()
        .id(DEMO_CONNECTION_ID)
        .send()
        .await
        .expect("deleted");
    assert_eq!(response.status(), 200);
    delete.assert_async().await;
}

#[tokio::test]
async fn delete_all_bank_connections() {
    let (mock, client) = setup().await;
    let delete = mock
        .server()
        .mock_async(|when, then| {
            finapi::mock::exact_query(as_user(when, DELETE, "/api/v1/bankConnections"), &[]);
            then.status(200)
                .json_body(json!({ "identifiers": [1, 2, 3] }));
        })
        .await;
    let deleted = client
        .delete_all_bank_connections()
        .send()
        .await
        .expect("deleted");
    assert_eq!(deleted.identifiers, [1, 2, 3]);
    delete.assert_async().await;
}

#[tokio::test]
async fn wait_for_a_bank_connection_until_it_is_ready() {
    let (mock, client) = setup().await;
    let get = mock
        .server()
        .mock_async(|when, then| {
            as_user(
                when,
                GET,
                &format!("/api/v1/bankConnections/{DEMO_CONNECTION_ID}"),
            );
            then.status(200).json_body(sample::bank_connection(
                DEMO_CONNECTION_ID,
                &[DEMO_ACCOUNT_ID],
            ));
        })
        .await;
    let mut downloading = sample::bank_connection(DEMO_CONNECTION_ID, &[DEMO_ACCOUNT_ID]);
    downloading["updateStatus"] = json!("IN_PROGRESS");
    let downloading: types::BankConnection = serde_json::from_value(downloading).unwrap();

    // No time left: the state passed in comes back, nothing is sent.
    let unchanged = client
        .wait_for_bank_connection(downloading.clone(), std::time::Duration::ZERO)
        .await
        .expect("no request");
    assert_eq!(
        unchanged.update_status,
        types::BankConnectionUpdateStatus::InProgress
    );
    get.assert_calls_async(0).await;

    // Otherwise the connection is read again until finAPI says it is ready.
    let ready = client
        .wait_for_bank_connection(downloading, std::time::Duration::from_secs(30))
        .await
        .expect("read again");
    assert_eq!(
        ready.update_status,
        types::BankConnectionUpdateStatus::Ready
    );
    get.assert_calls_async(1).await;
}
