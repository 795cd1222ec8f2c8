//! Tolerance: the answers of the other tests, mutated, still decode. Every string value replaced
//! by an unknown one (unknown enum values), an unknown field added to every object, and every
//! field set to `null` one at a time; the fields where `null` is refused are exactly those
//! documented in `finapi::tolerance` (`crates/finapi/docs/tolerance.md`).

use std::collections::BTreeSet;

use finapi::mock::{exact_query, sample};
use finapi::types;
use httpmock::Method::GET;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::{as_user, setup};

const DOCUMENTATION: &str = include_str!("../../crates/finapi/docs/tolerance.md");

/// Decodes a body into one generated type; the error as text.
type Decode = fn(Value) -> Result<(), String>;

/// The answers the crate decodes, with the type they decode into.
fn answers() -> Vec<(&'static str, Value, Decode)> {
    fn check<T: DeserializeOwned>(value: Value) -> Result<(), String> {
        serde_json::from_value::<T>(value)
            .map(drop)
            .map_err(|e| e.to_string())
    }
    let transactions: Vec<Value> = (1..=2)
        .map(|id| sample::transaction(id, 1, -1.5, "2024-05-01"))
        .collect();
    vec![
        (
            "AccessToken",
            sample::access_token("a", Some("r"), 3600),
            check::<types::AccessToken>,
        ),
        (
            "BankConnection",
            sample::bank_connection(1, &[2]),
            check::<types::BankConnection>,
        ),
        (
            "AccountList",
            json!({ "accounts": [sample::account(2, 1, "Giro", 5.0)] }),
            check::<types::AccountList>,
        ),
        (
            "PageableTransactionList",
            json!({ "transactions": transactions, "paging": sample::paging(1, 2, 1, 2), "income": 0.0, "spending": -3.0, "balance": -3.0 }),
            check::<types::PageableTransactionList>,
        ),
        (
            "PageableBankList",
            json!({ "banks": [sample::demo_bank()], "paging": sample::paging(1, 20, 1, 1) }),
            check::<types::PageableBankList>,
        ),
        (
            "ErrorResponse",
            sample::msa_challenge("h"),
            check::<types::ErrorResponse>,
        ),
        (
            "ErrorResponse",
            sample::bad_credentials("invalid_token", "x"),
            check::<types::ErrorResponse>,
        ),
    ]
}

/// Every JSON pointer to a value in `value` (the root excluded).
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(path.clone());
                pointers(child, path, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let path = format!("{at}/{index}");
                out.push(path.clone());
                pointers(child, path, out);
            }
        }
        _ => {}
    }
}

fn all_pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    pointers(value, String::new(), &mut out);
    out
}

/// The field name a pointer ends with (`None` for array elements).
fn field_name(pointer: &str) -> Option<&str> {
    let last = pointer.rsplit('/').next()?;
    last.parse::<usize>().is_err().then_some(last)
}

#[test]
fn unknown_values_in_every_string_still_decode() {
    let mut mutations = 0;
    for (name, body, decode) in answers() {
        for pointer in all_pointers(&body) {
            if !body.pointer(&pointer).unwrap().is_string() {
                continue;
            }
            let mut mutated = body.clone();
            *mutated.pointer_mut(&pointer).unwrap() = json!("A_VALUE_FROM_THE_FUTURE");
            decode(mutated).unwrap_or_else(|e| panic!("{name}{pointer}: {e}"));
            mutations += 1;
        }
    }
    assert!(mutations > 100, "only {mutations} strings mutated");
}

#[test]
fn unknown_enum_values_are_kept() {
    let mut connection = sample::bank_connection(1, &[]);
    connection["updateStatus"] = json!("PAUSED_BY_BANK");
    connection["bank"]["interfaces"][0]["interface"] = json!("OPEN_BANKING_2030");
    let connection: types::BankConnection = serde_json::from_value(connection).unwrap();
    assert_eq!(
        connection.update_status,
        types::BankConnectionUpdateStatus::Other("PAUSED_BY_BANK".to_owned())
    );
    assert_eq!(connection.update_status.to_string(), "PAUSED_BY_BANK");
    assert_eq!(
        connection.bank.interfaces[0].interface,
        types::BankingInterface::Other("OPEN_BANKING_2030".to_owned())
    );
}

#[test]
fn unknown_fields_in_every_object_are_ignored() {
    for (name, body, decode) in answers() {
        let mut mutated = body.clone();
        let mut objects = vec![String::new()];
        objects.extend(
            all_pointers(&body)
                .into_iter()
                .filter(|p| body.pointer(p).unwrap().is_object()),
        );
        for pointer in &objects {
            let object = mutated
                .pointer_mut(pointer)
                .unwrap()
                .as_object_mut()
                .unwrap();
            object.insert(
                "fieldFromTheFuture".to_owned(),
                json!({ "nested": [1, "two", null] }),
            );
        }
        decode(mutated).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn numbers_as_strings_still_decode() {
    for (name, body, decode) in answers() {
        let mut mutated = body.clone();
        for pointer in all_pointers(&body) {
            if let Some(number) = body.pointer(&pointer).unwrap().as_f64() {
                let text = if number.fract() == 0.0 {
                    format!("{number:.0}")
                } else {
                    number.to_string()
                };
                *mutated.pointer_mut(&pointer).unwrap() = json!(text);
            }
        }
        decode(mutated).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The fields where `null` is refused, as `Type.field`, found by setting each field to `null`.
fn null_refusals() -> BTreeSet<String> {
    let mut refused = BTreeSet::new();
    for (name, body, decode) in answers() {
        for pointer in all_pointers(&body) {
            let Some(field) = field_name(&pointer) else {
                continue;
            };
            if body.pointer(&pointer).unwrap().is_null() {
                continue;
            }
            let mut mutated = body.clone();
            *mutated.pointer_mut(&pointer).unwrap() = Value::Null;
            if decode(mutated).is_err() {
                refused.insert(format!("{name}: {field}"));
            }
        }
    }
    refused
}

#[test]
fn null_is_accepted_except_where_documented() {
    let refused = null_refusals();
    let undocumented: Vec<&String> = refused
        .iter()
        .filter(|entry| {
            let field = entry.rsplit(": ").next().unwrap();
            !DOCUMENTATION.contains(&format!("`{field}`"))
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "null refused but not documented in docs/tolerance.md: {undocumented:#?}"
    );
    // Text fields and lists take null: a sample of them.
    for accepted in [
        "BankConnection: name",
        "BankConnection: accountIds",
        "BankConnection: twoStepProcedures",
        "PageableTransactionList: purpose",
        "PageableTransactionList: transactions",
        "PageableTransactionList: bankBookingDate",
        "AccountList: accountNumber",
        "ErrorResponse: errors",
        "ErrorResponse: code",
        "ErrorResponse: message",
        "AccessToken: refresh_token",
        "AccessToken: access_token",
    ] {
        assert!(!refused.contains(accepted), "null refused in {accepted}");
    }
}

#[tokio::test]
async fn a_mutated_answer_decodes_through_the_client() {
    let (mock, client) = setup().await;
    let mut connection = sample::bank_connection(1, &[2]);
    connection["type"] = json!("SHARED");
    connection["name"] = Value::Null;
    connection["accountIds"] = Value::Null;
    connection["id"] = json!("1");
    connection["surprise"] = json!(true);
    let answer = mock
        .server()
        .mock_async(|when, then| {
            exact_query(as_user(when, GET, "/api/v1/bankConnections/1"), &[]);
            then.status(200).json_body(connection);
        })
        .await;
    let decoded = client.get_bank_connection().id(1).send().await.unwrap();
    assert_eq!(decoded.id, 1);
    assert_eq!(
        decoded.type_,
        types::BankConnectionType::Other("SHARED".to_owned())
    );
    assert_eq!(decoded.name, None);
    assert!(decoded.account_ids.is_empty());
    answer.assert_async().await;
}
