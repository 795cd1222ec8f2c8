//! Transfers (Budgea Pay): adding a recipient, creating a transfer, validating it with what the
//! bank asks for.
//!
//! Every call here is sent **exactly once** ([`RetryClass::Never`]): a transfer or a recipient
//! must not be created twice because a response was lost. When a call fails without an answer,
//! list the transfers (or recipients) to learn what happened before trying again.
//!
//! The protocol (seed guide, "API pay protocol"):
//!
//! 1. [`Client::add_recipient`] on the emitting account; the bank usually confirms with an SMS
//!    code: [`RecipientOutcome::NeedsFields`], answered with [`Client::confirm_recipient`]. A
//!    recipient whose `enabled_at` is in the future cannot be paid yet.
//! 2. [`Client::create_transfer`] from the account to the recipient: a transfer in the
//!    `created` state.
//! 3. [`Client::validate_transfer`] executes it on the bank; the bank may ask for more
//!    ([`TransferOutcome::NeedsFields`], e.g. its password): validate again with the answers.
//!    A `pending` transfer was executed; it becomes `done` once seen in the account's history.
//!
//! Powens has since replaced this API with Pay (payments with service tokens); these calls keep
//! working with the legacy transfer API and its documented shapes.

use bankapi_core::RetryClass;
use chrono::NaiveDate;
use reqwest::Method;
use serde_json::{json, Map, Value};

use crate::connections::{prompts, FieldPrompt, FieldValues};
use crate::error::Error;
use crate::types::{Recipient, Transfer};
use crate::Client;

/// Checks an IBAN: country code, check digits, 11 to 30 letters or digits, and the ISO 7064
/// mod-97 checksum. Spaces are ignored; the IBAN is returned without them, in capitals.
///
/// ```
/// use budgea::transfers::check_iban;
///
/// assert_eq!(check_iban("FR76 1304 8379 4053 0029 0000 355").unwrap(), "FR7613048379405300290000355");
/// assert!(check_iban("").is_err());
/// assert!(check_iban("FR7613048379405300290000356").is_err());
/// ```
pub fn check_iban(iban: &str) -> Result<String, Error> {
    let compact: String = iban
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let bad = |why: &str| Err(Error::InvalidRequest(format!("IBAN {iban:?} {why}")));
    if compact.is_empty() {
        return bad("is empty");
    }
    let b = compact.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || !b.iter().all(u8::is_ascii_alphanumeric)
    {
        return bad("is not an IBAN");
    }
    let mut remainder = 0u32;
    for &c in b[4..].iter().chain(&b[..4]) {
        let value = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    if remainder != 1 {
        return bad("has a wrong checksum");
    }
    Ok(compact)
}

fn check_id(what: &str, id: i64) -> Result<(), Error> {
    if id <= 0 {
        return Err(Error::InvalidRequest(format!("{id} is not a {what} id")));
    }
    Ok(())
}

/// A recipient to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecipient {
    iban: String,
    label: String,
    category: Option<String>,
}

impl NewRecipient {
    /// A recipient with this IBAN and label.
    pub fn new(iban: impl Into<String>, label: impl Into<String>) -> Self {
        NewRecipient {
            iban: iban.into(),
            label: label.into(),
            category: None,
        }
    }

    /// The recipient's category (`Famille`, …).
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }

    fn body(&self) -> Result<Value, Error> {
        let iban = check_iban(&self.iban)?;
        if self.label.trim().is_empty() {
            return Err(Error::InvalidRequest("the recipient label is empty".into()));
        }
        let mut body = json!({ "iban": iban, "label": self.label });
        if let Some(category) = &self.category {
            body["category"] = Value::String(category.clone());
        }
        Ok(body)
    }
}

/// How adding (or confirming) a recipient turned out.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum RecipientOutcome {
    /// Added; transfers to it are possible from its `enabled_at`.
    Added(Box<Recipient>),
    /// The bank asks for more (an SMS code): [`Client::confirm_recipient`].
    NeedsFields {
        /// The recipient as answered.
        recipient: Box<Recipient>,
        /// What to ask the user.
        fields: Vec<FieldPrompt>,
    },
}

impl RecipientOutcome {
    fn from(recipient: Recipient) -> Self {
        if recipient.fields.is_empty() {
            RecipientOutcome::Added(Box::new(recipient))
        } else {
            RecipientOutcome::NeedsFields {
                fields: prompts(&recipient.fields),
                recipient: Box::new(recipient),
            }
        }
    }

    /// The recipient, whatever the outcome.
    pub fn recipient(&self) -> &Recipient {
        match self {
            RecipientOutcome::Added(r) | RecipientOutcome::NeedsFields { recipient: r, .. } => r,
        }
    }
}

/// A transfer to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTransfer {
    amount: f64,
    label: String,
    exec_date: Option<NaiveDate>,
}

impl NewTransfer {
    /// A transfer of `amount` (in the account's currency) with this label.
    pub fn new(amount: f64, label: impl Into<String>) -> Self {
        NewTransfer {
            amount,
            label: label.into(),
            exec_date: None,
        }
    }

    /// Executes it on this date (otherwise as soon as possible).
    pub fn exec_date(mut self, date: NaiveDate) -> Self {
        self.exec_date = Some(date);
        self
    }

    fn body(&self) -> Result<Value, Error> {
        if !self.amount.is_finite() || self.amount <= 0.0 {
            return Err(Error::InvalidRequest(format!(
                "{} is not an amount to transfer",
                self.amount
            )));
        }
        if self.label.trim().is_empty() {
            return Err(Error::InvalidRequest("the transfer label is empty".into()));
        }
        let mut body = json!({ "amount": self.amount, "label": self.label });
        if let Some(date) = self.exec_date {
            body["exec_date"] = Value::String(date.format("%Y-%m-%d").to_string());
        }
        Ok(body)
    }
}

/// How validating a transfer turned out.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum TransferOutcome {
    /// The bank took it (`pending`, then `done`), or refused it (its `state` and `error` say).
    Executed(Box<Transfer>),
    /// The bank asks for more (e.g. its password): validate again with the answers.
    NeedsFields {
        /// The transfer as answered.
        transfer: Box<Transfer>,
        /// What to ask the user.
        fields: Vec<FieldPrompt>,
    },
}

impl TransferOutcome {
    /// The transfer, whatever the outcome.
    pub fn transfer(&self) -> &Transfer {
        match self {
            TransferOutcome::Executed(t) | TransferOutcome::NeedsFields { transfer: t, .. } => t,
        }
    }
}

impl Client {
    async fn send_once<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
    ) -> Result<T, Error> {
        let url = self.url(path)?;
        let request = self.json_request(Method::POST, url, Some(body), true)?;
        Ok(self.send_json(request, RetryClass::Never).await?.1)
    }

    /// `POST /users/me/accounts/{account}/recipients`: adds a recipient to the emitting account.
    pub async fn add_recipient(
        &self,
        account_id: i64,
        recipient: &NewRecipient,
    ) -> Result<RecipientOutcome, Error> {
        check_id("account", account_id)?;
        let body = recipient.body()?;
        let recipient: Recipient = self
            .send_once(
                &format!("/users/me/accounts/{account_id}/recipients"),
                &body,
            )
            .await?;
        Ok(RecipientOutcome::from(recipient))
    }

    /// `POST /users/me/accounts/{account}/recipients/{recipient}` with the answers to the
    /// recipient's `fields` (e.g. `sms`).
    pub async fn confirm_recipient(
        &self,
        account_id: i64,
        recipient_id: i64,
        values: &FieldValues,
    ) -> Result<RecipientOutcome, Error> {
        check_id("account", account_id)?;
        check_id("recipient", recipient_id)?;
        if values.is_empty() {
            return Err(Error::InvalidRequest("no field values to send".into()));
        }
        let mut body = Map::new();
        values.write_into(&mut body)?;
        let recipient: Recipient = self
            .send_once(
                &format!("/users/me/accounts/{account_id}/recipients/{recipient_id}"),
                &Value::Object(body),
            )
            .await?;
        Ok(RecipientOutcome::from(recipient))
    }

    /// `POST /users/me/accounts/{account}/recipients/{recipient}/transfers`: creates a
    /// transfer (state `created`; nothing is executed yet).
    pub async fn create_transfer(
        &self,
        account_id: i64,
        recipient_id: i64,
        transfer: &NewTransfer,
    ) -> Result<Transfer, Error> {
        check_id("account", account_id)?;
        check_id("recipient", recipient_id)?;
        let body = transfer.body()?;
        self.send_once(
            &format!("/users/me/accounts/{account_id}/recipients/{recipient_id}/transfers"),
            &body,
        )
        .await
    }

    /// `POST /users/me/transfers/{id}` with `validated: true` and the answers to what the bank
    /// asked (none the first time): executes the transfer on the bank.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use budgea::connections::FieldValues;
    /// use budgea::transfers::TransferOutcome;
    /// use budgea::{Client, Token};
    /// use httpmock::prelude::*;
    /// use serde_json::json;
    ///
    /// let server = MockServer::start_async().await;
    /// let validate = server.mock_async(|when, then| {
    ///     when.method(POST).path("/2.0/users/me/transfers/22")
    ///         .json_body(json!({"validated": true, "password": "123456"}));
    ///     then.status(200).json_body(json!({"id": 22, "state": "pending", "amount": 10}));
    /// }).await;
    ///
    /// let client = Client::builder().base_url(server.url("/2.0")).token(Token::user("t")).build()?;
    /// let outcome = client.validate_transfer(22, &FieldValues::new().with("password", "123456")).await?;
    /// assert!(matches!(outcome, TransferOutcome::Executed(t) if t.state.as_deref() == Some("pending")));
    /// validate.assert_async().await;
    /// # Ok::<_, budgea::Error>(()) }).unwrap();
    /// ```
    pub async fn validate_transfer(
        &self,
        transfer_id: i64,
        values: &FieldValues,
    ) -> Result<TransferOutcome, Error> {
        check_id("transfer", transfer_id)?;
        let mut body = Map::new();
        body.insert("validated".into(), Value::Bool(true));
        values.write_into(&mut body)?;
        let transfer: Transfer = self
            .send_once(
                &format!("/users/me/transfers/{transfer_id}"),
                &Value::Object(body),
            )
            .await?;
        Ok(if transfer.fields.is_empty() {
            TransferOutcome::Executed(Box::new(transfer))
        } else {
            TransferOutcome::NeedsFields {
                fields: prompts(&transfer.fields),
                transfer: Box::new(transfer),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_checked() {
        assert!(NewRecipient::new("FR7613048379405300290000355", " ")
            .body()
            .is_err());
        assert!(NewRecipient::new("", "Papa").body().is_err());
        assert_eq!(
            NewRecipient::new("fr76 1304 8379 4053 0029 0000 355", "Papa")
                .category("Famille")
                .body()
                .unwrap(),
            json!({"iban": "FR7613048379405300290000355", "label": "Papa", "category": "Famille"})
        );
        assert!(NewTransfer::new(0.0, "x").body().is_err());
        assert!(NewTransfer::new(f64::NAN, "x").body().is_err());
        assert!(NewTransfer::new(10.0, "").body().is_err());
        assert_eq!(
            NewTransfer::new(10.0, "Test virement")
                .exec_date(NaiveDate::from_ymd_opt(2018, 9, 12).unwrap())
                .body()
                .unwrap(),
            json!({"amount": 10.0, "label": "Test virement", "exec_date": "2018-09-12"})
        );
        for bad in [
            "FR76",
            "1276130483794053002900003",
            "FR76130483794053002900003$5",
        ] {
            assert!(check_iban(bad).is_err(), "{bad}");
        }
        assert!(check_iban("GB82 WEST 1234 5698 7654 32").is_ok());
    }
}
