//! Answer bodies as Prometeo writes them, as JSON; [`typed`] turns one into the generated
//! type a typed helper takes.
//!
//! Note that typed bodies write amounts (`rust_decimal::Decimal`) as strings (`"1234.95"`),
//! which the crate reads as it reads numbers; use the JSON bodies to answer exactly what
//! Prometeo sends.

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// `GET /account/`: a UYU and a USD account.
pub fn accounts() -> Value {
    json!({"status": "success", "accounts": [
        {"id": "a1f3", "name": "Cuenta Corriente", "number": "001234567890", "branch": "02 - 18 De Julio", "currency": "UYU", "balance": 1234.95},
        {"id": "b7c2", "name": "Caja De Ahorro", "number": "004327567890", "branch": "61 - Ciudad Vieja", "currency": "USD", "balance": 53.96}
    ]})
}

/// `GET /movement/`: three movements of the official client's guide, as Prometeo writes them
/// (ids as strings or numbers, `""` for the empty side, `extra_data` or not).
pub fn movements() -> Value {
    json!({"status": "success", "movements": [
        {"id": "-890185180", "reference": "000000005084", "date": "12/02/2019", "detail": "RETIRO EFECTIVO CAJERO AUTOMATICO", "debit": 3500, "credit": "", "extra_data": null},
        {"id": 1024917397, "reference": "000000002931", "date": "05/02/2019", "detail": "COMPRA SUPERMERCADO", "debit": 160.5, "credit": ""},
        {"id": 1303899175, "reference": "TR0003858408", "date": "03/02/2019", "detail": "SUELDOS RECIBIDA", "debit": "", "credit": 98640.1, "extra_data": {"branch": "002"}}
    ]})
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
