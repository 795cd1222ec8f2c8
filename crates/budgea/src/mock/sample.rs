//! Answer bodies shaped like the API's (same fields, naive timestamps, `null`s), with made-up
//! values, as JSON; [`typed`] turns one into the generated type a typed helper takes.

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::{ACCOUNT_ID, BANK_ID, CONNECTION_ID, USER_ID};

/// A transaction as the API sends it (naive timestamps, `null`s, a category when expanded).
pub fn transaction(id: i64, date: &str, value: f64, wording: &str) -> Value {
    json!({
        "id": id, "id_account": ACCOUNT_ID, "webid": null,
        "application_date": date, "date": date, "rdate": date, "vdate": date, "bdate": date,
        "datetime": null, "rdatetime": null, "vdatetime": null, "bdatetime": null,
        "value": value, "gross_value": value, "type": if value < 0.0 { "card" } else { "transfer" },
        "original_wording": format!("CB {wording}"), "simplified_wording": wording, "stemmed_wording": wording,
        "wording": wording, "id_category": 9998,
        "category": {"id": 9998, "id_parent_category": 9998, "name": "Indéfini", "color": "D7D3BC"},
        "state": "parsed", "date_scraped": format!("{date} 08:12:45"), "coming": false, "active": true,
        "id_cluster": null, "comment": null, "last_update": format!("{date} 08:12:45"), "deleted": null,
        "original_value": null, "original_currency": null, "commission": null, "commission_currency": null,
        "country": null, "counterparty": null, "card": null, "documents_count": 0, "nature": "inconnu",
        "formatted_value": format!("{value:.2} €").replace('.', ",")
    })
}

/// An account as the API sends it, of the scenarios' connection and user.
pub fn account(id: i64, name: &str, kind: &str, balance: f64, disabled: bool) -> Value {
    json!({
        "id": id, "id_connection": CONNECTION_ID, "id_user": USER_ID, "id_source": 45, "id_parent": null,
        "number": format!("****{}", id % 10_000), "webid": format!("{id}"), "original_name": name, "name": name,
        "balance": balance, "coming": null, "display": true, "bookmarked": false, "type": kind, "id_type": 2,
        "last_update": "2024-06-01 10:00:00", "deleted": null,
        "disabled": if disabled { Value::from("2024-06-01 09:59:00") } else { Value::Null },
        "iban": "FR7630004012550000041157244", "bic": "BNPAFRPPXXX", "able_to_transfer": kind == "checking",
        "currency": {"id": "EUR", "symbol": "€", "prefix": false},
        "usage": "PRIV", "error": null, "formatted_balance": format!("{balance:.2} €")
    })
}

/// The scenarios' connection ([`CONNECTION_ID`]) in `state` (`null` when synchronized),
/// asking for `fields` (or `null`).
pub fn connection(state: Value, fields: Value) -> Value {
    json!({
        "id": CONNECTION_ID, "id_user": USER_ID, "id_connector": BANK_ID, "id_bank": BANK_ID,
        "connector_uuid": "338178e6-3d01-564f-9a7b-52ca442459bf",
        "state": state, "error": state, "error_message": null, "fields": fields,
        "last_update": if state.is_null() { Value::from("2024-06-01 10:00:00") } else { Value::Null },
        "created": "2024-06-01 09:58:12", "active": true, "last_push": null, "expire": null,
        "next_try": null
    })
}

/// A sample body as a generated type, for the typed helpers (`then.ok(&typed(...))`).
///
/// # Panics
/// When the body does not decode into `T`: a mistake in the test.
pub fn typed<T: DeserializeOwned>(body: Value) -> T {
    serde_json::from_value(body).unwrap_or_else(|e| {
        panic!(
            "the sample does not decode into {}: {e}",
            std::any::type_name::<T>()
        )
    })
}
