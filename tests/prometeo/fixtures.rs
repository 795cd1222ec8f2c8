//! Every fixture of `shared/fixtures/prometeo/banking/` served by the mock and decoded through
//! the operation that returns it, then checked field by field; and mutated copies, to check that
//! decoding tolerates what Prometeo is known to vary.

use bankapi_testkit::{fixture_files, fixture_json};
use httpmock::Method::{GET, POST};
use prometeo::mock::{API_KEY, SESSION_KEY};
use prometeo::{AuthFieldKind, AuthorizationType, Decimal, Login, LoginStatus, PreprocessTransfer};
use serde_json::{json, Value};

use crate::{date, logged_in};

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The fixtures this file checks; a new fixture makes `every_fixture_is_checked` fail until it
/// is checked here too.
const CHECKED: [&str; 8] = [
    "confirm_transfer.json",
    "get_accounts.json",
    "get_credit_cards.json",
    "list_transfer_institutions.json",
    "preprocess_transfer.json",
    "provider_details_santander.json",
    "successful_login.json",
    "successful_logout.json",
];

#[test]
fn every_fixture_is_checked() {
    let files = fixture_files("prometeo/banking", "json");
    assert!(
        !files.is_empty(),
        "no fixtures found under shared/fixtures/prometeo/banking"
    );
    for file in &files {
        let name = file.rsplit(['/', '\\']).next().unwrap();
        assert!(
            CHECKED.contains(&name),
            "fixture {file} is not checked by a test"
        );
    }
    assert_eq!(files.len(), CHECKED.len());
}

fn fixture(name: &str) -> Value {
    fixture_json(&format!("prometeo/banking/{name}"))
}

/// Serves `body` for a session call.
async fn serve<'a>(
    mock: &'a prometeo::mock::MockPrometeo,
    method: httpmock::Method,
    path: &str,
    body: Value,
) -> httpmock::Mock<'a> {
    mock.server()
        .mock_async(|when, then| {
            when.method(method)
                .path(path)
                .header("x-api-key", API_KEY)
                .header("x-session-key", SESSION_KEY);
            then.status(200).json_body(body);
        })
        .await
}

#[tokio::test]
async fn get_accounts() {
    let (mock, session) = logged_in().await;
    let served = serve(&mock, GET, "/account/", fixture("get_accounts.json")).await;
    let accounts = session.accounts().await.unwrap();
    served.assert_async().await;
    assert_eq!(accounts.len(), 2);
    let a = &accounts[0];
    assert_eq!(
        (a.id.as_str(), a.name.as_str(), a.number.as_str()),
        ("hash1", "Cuenta total", "001234567890")
    );
    assert_eq!(
        (a.branch.as_str(), a.currency.as_str()),
        ("02 - 18 De Julio", "UYU")
    );
    assert_eq!(a.balance, Some(dec("1234.95")));
    assert_eq!(accounts[1].balance, Some(dec("53.96")));
    assert_eq!(accounts[1].currency, "USD");
    assert_eq!(accounts[1].number, "004327567890");
}

#[tokio::test]
async fn get_credit_cards() {
    let (mock, session) = logged_in().await;
    serve(
        &mock,
        GET,
        "/credit-card/",
        fixture("get_credit_cards.json"),
    )
    .await;
    let cards = session.credit_cards().await.unwrap();
    assert_eq!(cards.len(), 1);
    let c = &cards[0];
    assert_eq!(
        c.id,
        "EcebS0rIZ5NdJNzS4XHmuOnHvSsI72TSA3j/8drzYYHtW1sQbpz5Hc"
    );
    assert_eq!(
        (c.name.as_str(), c.number.as_str()),
        ("Vi Int Sumaclub Plus", "770012345678")
    );
    assert_eq!(c.close_date, Some(date(2019, 11, 4)));
    assert_eq!(c.due_date, Some(date(2019, 11, 20)));
    assert_eq!(c.balance_local, Some(dec("12345.42")));
    assert_eq!(c.balance_dollar, Some(dec("67.89")));
}

#[tokio::test]
async fn list_transfer_institutions() {
    let (mock, session) = logged_in().await;
    serve(
        &mock,
        GET,
        "/transfer/destinations",
        fixture("list_transfer_institutions.json"),
    )
    .await;
    let banks = session.transfer_institutions().await.unwrap();
    let pairs: Vec<(&str, &str)> = banks
        .iter()
        .map(|b| (b.id.as_str(), b.name.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("0", "SANTANDER"),
            ("1", "B.R.O.U."),
            ("91", "B.H.U."),
            ("110", "BANDES")
        ]
    );
}

#[tokio::test]
async fn preprocess_transfer() {
    let (mock, session) = logged_in().await;
    serve(
        &mock,
        POST,
        "/transfer/preprocess",
        fixture("preprocess_transfer.json"),
    )
    .await;
    let transfer = PreprocessTransfer::new(
        "002206345988",
        0,
        "001002363321",
        "UYU",
        dec("1.3"),
        "c",
        "John Doe",
        "62",
    );
    let result = session.preprocess_transfer(&transfer).await.unwrap();
    assert!(result.approved);
    assert_eq!(result.request_id, "0b7d6b32d1be4c11bde21e7ddc08cc36");
    assert_eq!(result.message, None);
    assert_eq!(result.authorization_devices.len(), 2);
    assert_eq!(
        result.authorization_devices[0].kind,
        AuthorizationType::CardCode
    );
    assert_eq!(result.authorization_devices[0].data, ["F-4", "B-2", "G-7"]);
    assert_eq!(result.authorization_devices[1].kind, AuthorizationType::Pin);
    assert!(result.authorization_devices[1].data.is_empty());
}

#[tokio::test]
async fn confirm_transfer() {
    let (mock, session) = logged_in().await;
    serve(
        &mock,
        POST,
        "/transfer/confirm",
        fixture("confirm_transfer.json"),
    )
    .await;
    let done = session
        .confirm_transfer("0b7d6b32d1be4c11bde21e7ddc08cc36", "cardCode", "1, 2, 3")
        .await
        .unwrap();
    assert!(done.success);
    assert_eq!(
        done.message.as_deref(),
        Some("Transferencia confirmada con exito")
    );
}

#[tokio::test]
async fn provider_details_santander() {
    let mock = prometeo::mock::MockPrometeo::start().await;
    let served = mock
        .server()
        .mock_async(|when, then| {
            when.method(GET)
                .path("/provider/santander_pers_uy/")
                .query_param("key", "type")
                .query_param("value", "UY")
                .header("x-api-key", API_KEY)
                .header_missing("x-session-key");
            then.status(200)
                .json_body(fixture("provider_details_santander.json"));
        })
        .await;
    let detail = mock
        .client()
        .provider_detail_filtered("santander_pers_uy", "type", "UY")
        .await
        .unwrap();
    served.assert_async().await;
    assert_eq!(detail.name, "santander_pers_uy");
    assert_eq!(detail.country, "UY");
    assert_eq!(detail.aliases, ["santander"]);
    assert_eq!(detail.account_types[0].name, "pers");
    assert_eq!(detail.bank.as_ref().unwrap().name, "Banco Santander");
    assert_eq!(detail.methods, None);
    assert_eq!(detail.endpoints_status, None);
    let names: Vec<&str> = detail.auth_fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["country_code", "type", "username", "password"]);
    let country = detail.auth_field("country_code").unwrap();
    assert_eq!(
        (
            country.kind.clone(),
            country.optional,
            country.default.as_deref()
        ),
        (AuthFieldKind::Choice, true, Some("UY"))
    );
    assert_eq!(country.choices.len(), 11);
    assert_eq!(country.label_es, "País");
    let doc = detail.auth_field("type").unwrap();
    assert_eq!(doc.choices[0].name, "cedula_nacional");
    assert_eq!(
        detail.auth_field("password").unwrap().kind,
        AuthFieldKind::Password
    );
    assert!(detail.auth_field("username").unwrap().is_required());
}

#[tokio::test]
async fn successful_login_uses_session_key_when_key_is_absent() {
    // The fixture names the session `session_key` (the fiscal APIs' shape); banking sends `key`.
    let mock = prometeo::mock::MockPrometeo::start().await;
    let body = fixture("successful_login.json");
    mock.server()
        .mock_async(|when, then| {
            when.method(POST).path("/login/");
            then.status(200).json_body(body);
        })
        .await;
    let session = mock
        .client()
        .login(&Login::new("test", "12345", "gfdsa"))
        .await
        .unwrap();
    assert_eq!(session.status(), &LoginStatus::LoggedIn);
    assert_eq!(session.session_key(), "123456");
}

#[tokio::test]
async fn successful_logout() {
    let (mock, session) = logged_in().await;
    let served = serve(&mock, GET, "/logout/", fixture("successful_logout.json")).await;
    session.logout().await.unwrap();
    served.assert_async().await;
}

/// Sets `pointer` of `value` to `new`.
fn mutate(mut value: Value, pointer: &str, new: Value) -> Value {
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = new;
    value
}

#[tokio::test]
async fn amounts_tolerate_strings_blanks_nulls_and_absence() {
    let base = fixture("get_accounts.json");
    for (balance, expected) in [
        (json!("1234.95"), Some(dec("1234.95"))),
        (json!("1.234,95"), Some(dec("1234.95"))),
        (json!(""), None),
        (json!(null), None),
        (json!(1234), Some(dec("1234"))),
    ] {
        let (mock, session) = logged_in().await;
        serve(
            &mock,
            GET,
            "/account/",
            mutate(base.clone(), "/accounts/0/balance", balance.clone()),
        )
        .await;
        let accounts = session.accounts().await.unwrap();
        assert_eq!(accounts[0].balance, expected, "{balance}");
    }
    let (mock, session) = logged_in().await;
    let mut body = base.clone();
    body["accounts"][0]
        .as_object_mut()
        .unwrap()
        .remove("balance");
    body["accounts"][0]["unknown_field"] = json!({"x": 1});
    body["accounts"][1]["number"] = json!(4327567890u64);
    serve(&mock, GET, "/account/", body).await;
    let accounts = session.accounts().await.unwrap();
    assert_eq!(accounts[0].balance, None);
    assert_eq!(accounts[1].number, "4327567890");
}

#[tokio::test]
async fn cards_and_transfers_tolerate_variants() {
    let (mock, session) = logged_in().await;
    let cards = mutate(
        fixture("get_credit_cards.json"),
        "/credit_cards/0/balance_dollar",
        json!("67.89"),
    );
    let cards = mutate(cards, "/credit_cards/0/close_date", json!(""));
    let cards = mutate(cards, "/credit_cards/0/id", json!(12345));
    serve(&mock, GET, "/credit-card/", cards).await;
    let card = &session.credit_cards().await.unwrap()[0];
    assert_eq!(
        (card.balance_dollar, card.close_date, card.id.as_str()),
        (Some(dec("67.89")), None, "12345")
    );

    let institutions = mutate(
        fixture("list_transfer_institutions.json"),
        "/destinations/0/id",
        json!("0"),
    );
    serve(&mock, GET, "/transfer/destinations", institutions).await;
    assert_eq!(session.transfer_institutions().await.unwrap()[0].id, "0");

    // Bare device names (as the enrollment example shows) and an unknown device type.
    let pre = mutate(
        fixture("preprocess_transfer.json"),
        "/result/authorization_devices",
        json!(["otp", {"type": "faceId", "data": null}]),
    );
    let pre = mutate(pre, "/result/approved", json!("true"));
    serve(&mock, POST, "/transfer/preprocess", pre).await;
    let transfer = PreprocessTransfer::new("1", 0, "2", "UYU", dec("1"), "c", "", "");
    let result = session.preprocess_transfer(&transfer).await.unwrap();
    assert!(result.approved);
    assert_eq!(result.authorization_devices[0].kind, AuthorizationType::Otp);
    assert_eq!(
        result.authorization_devices[1].kind,
        AuthorizationType::Other("faceId".into())
    );
}

#[tokio::test]
async fn provider_detail_tolerates_nulls() {
    let mock = prometeo::mock::MockPrometeo::start().await;
    let body = mutate(
        fixture("provider_details_santander.json"),
        "/provider/aliases",
        json!(null),
    );
    let body = mutate(body, "/provider/auth_fields/0/choices", json!(null));
    let body = mutate(body, "/provider/auth_fields/0/optional", json!(null));
    let body = mutate(
        body,
        "/provider/methods",
        json!({"accounts": true, "transfers": null}),
    );
    let body = mutate(body, "/provider/auth_fields/1/type", json!("select"));
    mock.server()
        .mock_async(|when, then| {
            when.method(GET).path("/provider/santander_pers_uy/");
            then.status(200).json_body(body);
        })
        .await;
    let detail = mock
        .client()
        .provider_detail("santander_pers_uy")
        .await
        .unwrap();
    assert!(detail.aliases.is_empty());
    assert!(detail.auth_fields[0].choices.is_empty());
    assert!(!detail.auth_fields[0].optional);
    assert_eq!(
        detail.auth_fields[1].kind,
        AuthFieldKind::Other("select".into())
    );
    assert_eq!(detail.methods.as_ref().unwrap()["accounts"], Some(true));
}

#[test]
fn fixtures_decode_into_the_generated_types_too() {
    use prometeo::raw::types;
    let accounts: types::GetAccountsResponse =
        serde_json::from_value(fixture("get_accounts.json")).unwrap();
    assert_eq!(accounts.accounts[0].balance, Some(dec("1234.95")));
    let cards: types::GetCreditCardsResponse =
        serde_json::from_value(fixture("get_credit_cards.json")).unwrap();
    assert_eq!(cards.credit_cards[0].balance_local, Some(dec("12345.42")));
    let pre: types::TransferPreprocessResponse =
        serde_json::from_value(fixture("preprocess_transfer.json")).unwrap();
    let result = pre.result.unwrap();
    assert_eq!(
        result.authorization_devices[0].data.as_ref().unwrap()[1],
        "B-2"
    );
    let detail: types::GetProviderDetailResponse =
        serde_json::from_value(fixture("provider_details_santander.json")).unwrap();
    assert_eq!(detail.provider.unwrap().auth_fields.len(), 4);
    let login: types::LoginResponse =
        serde_json::from_value(fixture("successful_login.json")).unwrap();
    assert_eq!(login.status, Some(types::LoginStatus::LoggedIn));
    assert_eq!(login.session_key.as_deref(), Some("123456"));
    let confirm: types::TransferConfirmResponse =
        serde_json::from_value(fixture("confirm_transfer.json")).unwrap();
    assert_eq!(confirm.transfer.unwrap().success, Some(true));
    let dest: types::GetTransferDestinationsResponse =
        serde_json::from_value(fixture("list_transfer_institutions.json")).unwrap();
    assert_eq!(dest.destinations[3].id, Some(110));
    let logout: types::LogoutResponse =
        serde_json::from_value(fixture("successful_logout.json")).unwrap();
    assert_eq!(logout.status, "logged_out");
}
