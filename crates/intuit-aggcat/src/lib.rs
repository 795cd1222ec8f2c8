//! Typed client for Intuit Customer Account Data ("aggcat").
#![warn(missing_docs)]

mod error;
mod ids;
pub mod models;
mod xml;

pub use error::{ApiError, Error};
pub use ids::{AccountId, InstitutionId, LoginId, PositionId, TransactionId};
pub use xml::{ns, Amount, DecodeError, Timestamp};
pub use rust_decimal::Decimal;

/// placeholder
#[derive(Debug, Clone)]
pub struct CredentialField {
    /// x
    pub name: String,
    /// x
    pub display_order: i32,
}
impl CredentialField {
    fn from_key(k: &models::Key) -> Self { CredentialField { name: k.name.clone(), display_order: k.display_order.unwrap_or(0) } }
}
pub mod saml;
