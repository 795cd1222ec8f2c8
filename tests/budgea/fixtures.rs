//! Every documentation sample in `../shared/fixtures/budgea/` decodes into its type, and still
//! decodes when mutated the way servers drift (numbers as strings, `null` for any non-id field,
//! unknown enum values, dates sent with a time).

use budgea::types;
use budgea::webhooks::UserSynced;
use serde_json::Value;

type Check = fn(&Value) -> Result<(), String>;

macro_rules! decodes {
    ($ty:ty) => {
        |value: &Value| -> Result<(), String> {
            serde_json::from_value::<$ty>(value.clone())
                .map(drop)
                .map_err(|e| e.to_string())
        }
    };
}

/// Each fixture (relative to `fixtures/`) and the type it is an answer (or a request) of.
fn decoders() -> Vec<(&'static str, Check)> {
    vec![
        (
            "budgea/budgea_2_0_doc_samples/account_recipients.json",
            decodes!(types::RecipientsList),
        ),
        (
            "budgea/budgea_2_0_doc_samples/accounts_able_to_transfer.json",
            decodes!(types::AccountsList),
        ),
        (
            "budgea/budgea_2_0_doc_samples/auth_init_temporary_token.json",
            decodes!(types::AccessToken),
        ),
        (
            "budgea/budgea_2_0_doc_samples/auth_token_access.json",
            decodes!(types::ExchangeAuthCodeResponse),
        ),
        (
            "budgea/budgea_2_0_doc_samples/auth_token_code.json",
            decodes!(types::AuthCode),
        ),
        (
            "budgea/budgea_2_0_doc_samples/recipient_added_needs_sms.json",
            decodes!(types::Recipient),
        ),
        (
            "budgea/budgea_2_0_doc_samples/recipient_validated.json",
            decodes!(types::Recipient),
        ),
        (
            "budgea/budgea_2_0_doc_samples/transfer_created_with_fields.json",
            decodes!(types::Transfer),
        ),
        (
            "budgea/budgea_2_0_doc_samples/transfer_pending.json",
            decodes!(types::Transfer),
        ),
        (
            "budgea/budgea_2_0_doc_samples/user_synced_callback_body.json",
            decodes!(UserSynced),
        ),
        (
            "budgea/powens_openapi_examples/bank_accounts_list_balances_fragment.json",
            |v| decodes!(types::AccountsList)(&serde_json::json!({"accounts": [], "balances": v})),
        ),
        (
            "budgea/powens_openapi_examples/connection_create_request.json",
            decodes!(types::CreateUserConnectionBody),
        ),
        (
            "budgea/powens_openapi_examples/connection_update_resume_decoupled_request.json",
            decodes!(types::UpdateUserConnectionBody),
        ),
        ("budgea/derived/webhook_signature_vectors.json", |v| {
            // Not an API body: its vectors are checked in webhooks.rs.
            v["vectors"]
                .as_array()
                .filter(|a| !a.is_empty())
                .map(drop)
                .ok_or_else(|| "no vectors".into())
        }),
    ]
}

#[test]
fn every_sample_decodes() {
    let files = bankapi_testkit::fixture_files("budgea", "json");
    let decoders = decoders();
    let covered: Vec<&str> = decoders.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        files.len(),
        covered.len(),
        "a new fixture needs a decoder: {files:?}"
    );
    for file in &files {
        assert!(covered.contains(&file.as_str()), "{file} has no decoder");
    }
    for (file, check) in &decoders {
        let value = bankapi_testkit::fixture_json(file);
        check(&value).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

#[test]
fn decoded_values_are_the_samples() {
    let sample = |name: &str| crate::auth::budgea_sample(name);
    let transfer: types::Transfer =
        serde_json::from_value(sample("transfer_created_with_fields.json")).unwrap();
    assert_eq!(
        (transfer.id, transfer.amount, transfer.fees),
        (22, Some(10.0), None)
    );
    assert_eq!(transfer.fields[0].type_, Some(types::FieldType::Password));
    assert_eq!(
        transfer.exec_date.map(|d| d.to_string()).as_deref(),
        Some("2016-12-19")
    );
    assert_eq!(
        transfer.register_date.unwrap().to_string(),
        "2016-12-19 10:34:59"
    );
    assert_eq!(
        transfer.currency.as_deref().map(|c| c.id.as_str()),
        Some("EUR")
    );
    let recipients: types::RecipientsList =
        serde_json::from_value(sample("account_recipients.json")).unwrap();
    assert_eq!(recipients.total, Some(27));
    assert_eq!(recipients.recipients[0].id_target_account, Some(2));
    let accounts: types::AccountsList =
        serde_json::from_value(sample("accounts_able_to_transfer.json")).unwrap();
    let account = &accounts.accounts[0];
    assert_eq!(
        (account.id, account.coming, account.bookmarked),
        (723, Some(-2702.74), Some(false))
    );
    assert_eq!(account.type_, Some(types::AccountTypeName::Checking));
    let token: types::AccessToken =
        serde_json::from_value(sample("auth_init_temporary_token.json")).unwrap();
    assert_eq!(token.type_, Some(types::AccessTokenType::Temporary));
}

/// Replaces, everywhere in `value`, what `mutate` returns something for.
fn mutate(
    value: &Value,
    key: Option<&str>,
    f: &dyn Fn(Option<&str>, &Value) -> Option<Value>,
) -> Value {
    if let Some(replacement) = f(key, value) {
        return replacement;
    }
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), mutate(v, Some(k), f)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| mutate(v, key, f)).collect()),
        other => other.clone(),
    }
}

fn response_samples() -> Vec<(&'static str, Check)> {
    decoders()
        .into_iter()
        .filter(|(file, _)| file.contains("budgea_2_0_doc_samples"))
        .collect()
}

#[test]
fn numbers_as_strings_still_decode() {
    for (file, check) in response_samples() {
        let value = bankapi_testkit::fixture_json(file);
        let mutated = mutate(&value, None, &|_, v| match v {
            Value::Number(n) => Some(Value::String(n.to_string())),
            Value::Bool(b) => Some(Value::String(if *b { "1" } else { "0" }.into())),
            _ => None,
        });
        check(&mutated).unwrap_or_else(|e| panic!("{file} with numbers as strings: {e}"));
    }
}

#[test]
fn null_for_every_field_but_ids_still_decodes() {
    for (file, check) in response_samples() {
        let value = bankapi_testkit::fixture_json(file);
        let mutated = mutate(&value, None, &|key, v| match (key, v) {
            (Some("id"), _) => None,
            (Some(_), Value::String(_) | Value::Number(_) | Value::Bool(_)) => Some(Value::Null),
            (Some(_), Value::Array(_)) => Some(Value::Null),
            _ => None,
        });
        check(&mutated).unwrap_or_else(|e| panic!("{file} with nulls: {e}"));
    }
}

#[test]
fn unknown_enum_values_and_dates_with_a_time_still_decode() {
    let body = bankapi_testkit::fixture_json(
        "budgea/budgea_2_0_doc_samples/user_synced_callback_body.json",
    );
    let mutated = mutate(&body, None, &|key, v| match (key, v) {
        (Some("type" | "platform" | "state"), Value::String(_)) | (Some("error"), _) => {
            Some(Value::from("brandNewValue"))
        }
        (Some("date" | "rdate" | "application_date"), Value::String(s)) => {
            Some(Value::from(format!("{s} 00:00:00")))
        }
        (Some("last_update"), Value::String(s)) => {
            Some(Value::from(s.replace(' ', "T") + "+02:00"))
        }
        _ => None,
    });
    let synced: UserSynced = serde_json::from_value(mutated).unwrap();
    let connection = &synced.connections[0];
    assert_eq!(
        connection.error,
        Some(types::ConnectionState::Other("brandNewValue".into()))
    );
    let transaction = &connection.accounts[0].transactions[0];
    assert_eq!(
        transaction.type_,
        Some(types::TransactionType::Other("brandNewValue".into()))
    );
    assert_eq!(
        transaction.date.map(|d| d.to_string()).as_deref(),
        Some("2015-06-18")
    );
    let last_update = transaction.last_update.unwrap();
    assert_eq!(
        last_update.utc().unwrap().to_rfc3339(),
        "2015-07-04T13:17:30+00:00"
    );
    assert_eq!(
        synced.user.unwrap().platform,
        Some(types::UserPlatform::Other("brandNewValue".into()))
    );
    // Values that are not usable are still errors.
    let broken = mutate(&body, None, &|key, v| match (key, v) {
        (Some("date"), Value::String(_)) => Some(Value::from("18/06/2015")),
        _ => None,
    });
    assert!(serde_json::from_value::<UserSynced>(broken).is_err());
}
