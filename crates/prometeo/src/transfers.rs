//! Transfers: destinations, preprocessing (validation and authorization challenge), confirmation.
//!
//! Every transfer request is sent exactly once ([`bankapi_core::RetryClass::Never`]): a
//! transfer that failed in transit is checked, never resent blindly.

use std::fmt;

use bankapi_core::lenient;
use bankapi_core::RetryClass;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::client::Call;
use crate::{Error, Session};

/// A bank one can transfer to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TransferInstitution {
    /// Id (sent as a number), the `destination_institution` of [`PreprocessTransfer`].
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub id: String,
    /// Name.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub name: String,
}

crate::open_enum! {
    /// How a transfer is authorized.
    AuthorizationType {
        /// A coordinates card: answer the coordinates in [`AuthorizationDevice::data`].
        CardCode = "cardCode",
        /// A PIN.
        Pin = "pin",
        /// A one-time password.
        Otp = "otp",
        /// A one-time password through the bank's API.
        OtpApi = "otp-api",
    }
}

/// One way the bank accepts to authorize a preprocessed transfer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AuthorizationDevice {
    /// The kind.
    #[serde(rename = "type")]
    pub kind: AuthorizationType,
    /// What to answer for, e.g. the coordinates `["F-4", "B-2", "G-7"]` of a card code; empty
    /// when nothing specific is asked.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub data: Vec<String>,
}

/// The bank's verdict on a transfer, and how to confirm it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PreprocessedTransfer {
    /// Whether the bank accepted the transfer's data.
    #[serde(default, deserialize_with = "crate::de::flag")]
    pub approved: bool,
    /// The ways to authorize it; empty when no authorization is needed.
    #[serde(default, deserialize_with = "authorization_devices")]
    pub authorization_devices: Vec<AuthorizationDevice>,
    /// Why it was not approved, when it was not.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub message: Option<String>,
    /// The id to confirm with.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub request_id: String,
}

/// Devices are objects `{type, data}`; some answers list bare type names (`["OTP"]`).
fn authorization_devices<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<AuthorizationDevice>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Device(AuthorizationDevice),
        Name(String),
    }
    let items: Option<Vec<Item>> = Option::deserialize(d)?;
    Ok(items
        .unwrap_or_default()
        .into_iter()
        .map(|item| match item {
            Item::Device(device) => device,
            Item::Name(name) => AuthorizationDevice {
                kind: AuthorizationType::from(name.as_str()),
                data: Vec::new(),
            },
        })
        .collect())
}

/// The outcome of a confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TransferConfirmation {
    /// Whether the transfer was made.
    #[serde(default, deserialize_with = "crate::de::flag")]
    pub success: bool,
    /// The bank's message.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub message: Option<String>,
}

/// A transfer to preprocess: every argument of the official client's `preprocess_transfer`,
/// plus the optional fields it documents (and, unlike it, forwards).
///
/// ```
/// use prometeo::PreprocessTransfer;
///
/// let transfer = PreprocessTransfer::new(
///     "002206345988", "0", "001002363321", "UYU", "1.3".parse().unwrap(),
///     "transfer description", "John Doe", "62",
/// )
/// .external_id("order-42");
/// assert_eq!(transfer.amount().to_string(), "1.3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreprocessTransfer {
    origin_account: String,
    destination_institution: String,
    destination_account: String,
    currency: String,
    amount: Decimal,
    concept: String,
    destination_owner_name: String,
    branch: String,
    optional: Vec<(&'static str, String)>,
    payment_intent_id: String,
}

impl PreprocessTransfer {
    /// The seed's eight arguments. `destination_institution` is an id from
    /// [`Session::transfer_institutions`]; `destination_owner_name` and `branch` may be empty
    /// where they do not apply.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        origin_account: impl Into<String>,
        destination_institution: impl fmt::Display,
        destination_account: impl Into<String>,
        currency: impl Into<String>,
        amount: Decimal,
        concept: impl Into<String>,
        destination_owner_name: impl Into<String>,
        branch: impl Into<String>,
    ) -> Self {
        PreprocessTransfer {
            origin_account: origin_account.into(),
            destination_institution: destination_institution.to_string(),
            destination_account: destination_account.into(),
            currency: currency.into(),
            amount,
            concept: concept.into(),
            destination_owner_name: destination_owner_name.into(),
            branch: branch.into(),
            optional: Vec::new(),
            payment_intent_id: String::new(),
        }
    }

    fn set(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.optional.retain(|(n, _)| *n != name);
        self.optional.push((name, value.into()));
        self
    }

    /// `destination_account_type`.
    pub fn destination_account_type(self, value: impl Into<String>) -> Self {
        self.set("destination_account_type", value)
    }
    /// `document_type` of the beneficiary.
    pub fn document_type(self, value: impl Into<String>) -> Self {
        self.set("document_type", value)
    }
    /// `document_number` of the beneficiary.
    pub fn document_number(self, value: impl Into<String>) -> Self {
        self.set("document_number", value)
    }
    /// `country` (ISO 3166 alpha-2).
    pub fn country(self, value: impl Into<String>) -> Self {
        self.set("country", value)
    }
    /// `destination_bank_code`.
    pub fn destination_bank_code(self, value: impl Into<String>) -> Self {
        self.set("destination_bank_code", value)
    }
    /// `mobile_os`.
    pub fn mobile_os(self, value: impl Into<String>) -> Self {
        self.set("mobile_os", value)
    }
    /// `external_id`: the caller's own id for the transfer.
    pub fn external_id(self, value: impl Into<String>) -> Self {
        self.set("external_id", value)
    }
    /// The `Payment-Intent-ID` header (empty by default, as the official client sends it).
    pub fn payment_intent_id(mut self, value: impl Into<String>) -> Self {
        self.payment_intent_id = value.into();
        self
    }

    /// The amount.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    fn form(&self) -> Result<Vec<(String, String)>, Error> {
        for (name, value) in [
            ("origin_account", &self.origin_account),
            ("destination_institution", &self.destination_institution),
            ("destination_account", &self.destination_account),
            ("concept", &self.concept),
        ] {
            if value.trim().is_empty() {
                return Err(Error::invalid(format!("transfer: `{name}` is required")));
            }
        }
        let currency = self.currency.trim();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(Error::invalid(format!(
                "transfer: currency {currency:?} is not an ISO 4217 code"
            )));
        }
        if self.amount <= Decimal::ZERO {
            return Err(Error::invalid(format!(
                "transfer: the amount {} is not positive",
                self.amount
            )));
        }
        let mut form: Vec<(String, String)> = [
            ("origin_account", self.origin_account.clone()),
            (
                "destination_institution",
                self.destination_institution.clone(),
            ),
            ("destination_account", self.destination_account.clone()),
            ("currency", currency.to_ascii_uppercase()),
            ("amount", self.amount.normalize().to_string()),
            ("concept", self.concept.clone()),
            (
                "destination_owner_name",
                self.destination_owner_name.clone(),
            ),
            ("branch", self.branch.clone()),
        ]
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v))
        .collect();
        form.extend(
            self.optional
                .iter()
                .map(|(n, v)| ((*n).to_owned(), v.clone())),
        );
        Ok(form)
    }
}

#[derive(Deserialize)]
struct DestinationsBody {
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    destinations: Vec<TransferInstitution>,
}

#[derive(Deserialize)]
struct PreprocessBody {
    #[serde(default)]
    result: Option<PreprocessedTransfer>,
}

#[derive(Deserialize)]
struct ConfirmBody {
    #[serde(default)]
    transfer: Option<TransferConfirmation>,
}

impl Session {
    /// The banks one can transfer to from this session (`GET /transfer/destinations`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// mock.transfer_institutions().await;
    /// let session = mock.client().restore_session(prometeo::mock::SESSION_KEY);
    /// let banks = session.transfer_institutions().await?;
    /// assert_eq!(banks[0].name, "SANTANDER");
    /// # Ok(()) }
    /// ```
    pub async fn transfer_institutions(&self) -> Result<Vec<TransferInstitution>, Error> {
        let call = Call::get("GET /transfer/destinations", "/transfer/destinations");
        let answer = self.client.send(call, Some(self.key())).await?;
        Ok(answer.decode::<DestinationsBody>()?.destinations)
    }

    /// Asks the bank to validate a transfer (`POST /transfer/preprocess`, sent once). Check
    /// [`PreprocessedTransfer::approved`], show the [`authorization_devices`](PreprocessedTransfer::authorization_devices)
    /// challenge, then [`Session::confirm_transfer`].
    ///
    /// ```
    /// use prometeo::{AuthorizationType, PreprocessTransfer};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// mock.preprocess_transfer().await;
    /// mock.confirm_transfer().await;
    /// let session = mock.client().restore_session(prometeo::mock::SESSION_KEY);
    ///
    /// let transfer = PreprocessTransfer::new("002206345988", "0", "001002363321", "UYU",
    ///     "1.3".parse().unwrap(), "transfer description", "John Doe", "62");
    /// let preprocessed = session.preprocess_transfer(&transfer).await?;
    /// assert!(preprocessed.approved);
    /// assert_eq!(preprocessed.authorization_devices[0].kind, AuthorizationType::CardCode);
    ///
    /// let done = session
    ///     .confirm_transfer(&preprocessed.request_id, AuthorizationType::CardCode, "1, 2, 3")
    ///     .await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn preprocess_transfer(
        &self,
        transfer: &PreprocessTransfer,
    ) -> Result<PreprocessedTransfer, Error> {
        let call = Call::post(
            "POST /transfer/preprocess",
            "/transfer/preprocess",
            transfer.form()?,
            RetryClass::Never,
        )
        .header("payment-intent-id", transfer.payment_intent_id.clone());
        let answer = self.client.send(call, Some(self.key())).await?;
        answer
            .decode::<PreprocessBody>()?
            .result
            .ok_or_else(|| answer.missing("a `result`"))
    }

    /// Confirms a preprocessed transfer (`POST /transfer/confirm`, sent once).
    /// `authorization_data` answers the challenge (comma-separated when several values, e.g.
    /// `"1, 2, 3"` for three coordinates); it is treated as a secret.
    pub async fn confirm_transfer(
        &self,
        request_id: &str,
        authorization_type: impl Into<AuthorizationType>,
        authorization_data: &str,
    ) -> Result<TransferConfirmation, Error> {
        self.confirm(
            request_id,
            authorization_type.into(),
            authorization_data,
            None,
        )
        .await
    }

    /// [`Session::confirm_transfer`] with the serial number of the authorization device
    /// (`authorization_device_number`), which some banks (Telecrédito) require.
    pub async fn confirm_transfer_with_device(
        &self,
        request_id: &str,
        authorization_type: impl Into<AuthorizationType>,
        authorization_data: &str,
        device_number: &str,
    ) -> Result<TransferConfirmation, Error> {
        self.confirm(
            request_id,
            authorization_type.into(),
            authorization_data,
            Some(device_number),
        )
        .await
    }

    async fn confirm(
        &self,
        request_id: &str,
        authorization_type: AuthorizationType,
        authorization_data: &str,
        device_number: Option<&str>,
    ) -> Result<TransferConfirmation, Error> {
        if request_id.trim().is_empty() {
            return Err(Error::invalid("transfer: a request id is required"));
        }
        let mut form = vec![
            ("request_id".to_owned(), request_id.to_owned()),
            (
                "authorization_type".to_owned(),
                authorization_type.as_str().to_owned(),
            ),
            (
                "authorization_data".to_owned(),
                authorization_data.to_owned(),
            ),
        ];
        if let Some(device) = device_number {
            form.push(("authorization_device_number".to_owned(), device.to_owned()));
        }
        let call = Call::post(
            "POST /transfer/confirm",
            "/transfer/confirm",
            form,
            RetryClass::Never,
        );
        let answer = self.client.send(call, Some(self.key())).await?;
        answer
            .decode::<ConfirmBody>()?
            .transfer
            .ok_or_else(|| answer.missing("a `transfer`"))
    }
}
