//! Accounts, their movements, credit cards and their movements, the account holder.

use bankapi_core::lenient;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::client::Call;
use crate::de::{format_date, option_date};
use crate::{Error, Session};

/// A bank account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Account {
    /// Opaque id.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub id: String,
    /// The bank's name for the account.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub name: String,
    /// Account number (leading zeros kept); what [`Session::movements`] takes.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub number: String,
    /// Branch, free text (`02 - 18 De Julio`).
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub branch: String,
    /// ISO 4217 currency.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub currency: String,
    /// Balance, exact; `None` when not sent.
    #[serde(default, deserialize_with = "lenient::option_decimal")]
    pub balance: Option<Decimal>,
}

/// A movement (transaction) of an account or a credit card.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Movement {
    /// Id; sent as a string or a number, kept as text.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub id: String,
    /// The bank's reference (leading zeros kept).
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub reference: String,
    /// Date (sent as `DD/MM/YYYY`).
    #[serde(default, deserialize_with = "option_date")]
    pub date: Option<NaiveDate>,
    /// Description.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub detail: String,
    /// Amount debited; `None` for a credit (sent as `""`).
    #[serde(default, deserialize_with = "lenient::option_decimal")]
    pub debit: Option<Decimal>,
    /// Amount credited; `None` for a debit (sent as `""`).
    #[serde(default, deserialize_with = "lenient::option_decimal")]
    pub credit: Option<Decimal>,
    /// Provider-specific details, as sent.
    #[serde(default)]
    pub extra_data: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Movement {
    /// The signed amount: the credit, or minus the debit (zero when neither was sent).
    ///
    /// ```
    /// let m: prometeo::Movement = serde_json::from_str(r#"{"debit": 3500, "credit": ""}"#).unwrap();
    /// assert_eq!(m.amount().to_string(), "-3500");
    /// ```
    pub fn amount(&self) -> Decimal {
        self.credit.unwrap_or_default() - self.debit.unwrap_or_default()
    }
}

/// The body of a movements answer (`GET /movement/`,
/// `GET /credit-card/{card_number}/movements`).
///
/// ```
/// let body: prometeo::MovementsResponse = serde_json::from_str(
///     r#"{"status":"success","movements":[{"id":1,"reference":"000000005084","date":"12/01/2017",
///         "detail":"RETIRO","debit":3500,"credit":"","extra_data":null}]}"#).unwrap();
/// assert_eq!(body.movements[0].id, "1");
/// assert_eq!(body.movements[0].debit, Some(prometeo::Decimal::from(3500)));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MovementsResponse {
    /// `success`.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub status: String,
    /// The movements, as the bank lists them.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub movements: Vec<Movement>,
}

/// A credit card.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CreditCard {
    /// Opaque id (may contain `/`).
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub id: String,
    /// The bank's name for the card.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub name: String,
    /// Card number (masked or not, as the bank sends it); what [`Session::card_movements`] takes.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub number: String,
    /// Statement closing date.
    #[serde(default, deserialize_with = "option_date")]
    pub close_date: Option<NaiveDate>,
    /// Payment due date.
    #[serde(default, deserialize_with = "option_date")]
    pub due_date: Option<NaiveDate>,
    /// Balance in local currency.
    #[serde(default, deserialize_with = "lenient::option_decimal")]
    pub balance_local: Option<Decimal>,
    /// Balance in US dollars.
    #[serde(default, deserialize_with = "lenient::option_decimal")]
    pub balance_dollar: Option<Decimal>,
}

/// The account holder (`GET /info/`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PersonalInfo {
    /// Identity document number.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub document: Option<String>,
    /// Full name.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub name: Option<String>,
    /// E-mail address.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub email: Option<String>,
}

#[derive(Deserialize)]
struct AccountsBody {
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    accounts: Vec<Account>,
}

#[derive(Deserialize)]
struct CreditCardsBody {
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    credit_cards: Vec<CreditCard>,
}

#[derive(Deserialize)]
struct InfoBody {
    #[serde(default)]
    info: Option<PersonalInfo>,
}

/// Checks a currency code: three ASCII letters, sent upper case.
fn currency_code(currency: &str) -> Result<String, Error> {
    let currency = currency.trim();
    if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(currency.to_ascii_uppercase())
    } else {
        Err(Error::invalid(format!(
            "currency {currency:?} is not an ISO 4217 code (three letters)"
        )))
    }
}

/// Checks a date range: the end may not be before the start.
pub(crate) fn date_range(from: NaiveDate, to: NaiveDate) -> Result<(String, String), Error> {
    if to < from {
        return Err(Error::invalid(format!(
            "the end date {to} is before the start date {from}"
        )));
    }
    Ok((format_date(from), format_date(to)))
}

impl Session {
    /// The user's accounts (`GET /account/`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// mock.accounts().await;
    /// let session = mock.client().restore_session(prometeo::mock::SESSION_KEY);
    /// let accounts = session.accounts().await?;
    /// assert_eq!(accounts[0].balance, Some("1234.95".parse().unwrap()));
    /// # Ok(()) }
    /// ```
    pub async fn accounts(&self) -> Result<Vec<Account>, Error> {
        let answer = self
            .client
            .send(Call::get("GET /account/", "/account/"), Some(self.key()))
            .await?;
        Ok(answer.decode::<AccountsBody>()?.accounts)
    }

    /// The movements of the account `account_number` in `currency` between two dates,
    /// inclusive (`GET /movement/?account=…&currency=…&date_start=DD/MM/YYYY&date_end=…`).
    /// An end date before the start date is refused before sending.
    ///
    /// ```
    /// use chrono::NaiveDate;
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// mock.movements().await;
    /// let session = mock.client().restore_session(prometeo::mock::SESSION_KEY);
    /// let (feb1, feb28) = (NaiveDate::from_ymd_opt(2019, 2, 1).unwrap(), NaiveDate::from_ymd_opt(2019, 2, 28).unwrap());
    /// let movements = session.movements("001234567890", "UYU", feb1, feb28).await?;
    /// assert!(!movements.is_empty());
    /// assert!(session.movements("001234567890", "UYU", feb28, feb1).await.is_err());
    /// # Ok(()) }
    /// ```
    pub async fn movements(
        &self,
        account_number: &str,
        currency: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Movement>, Error> {
        let (date_start, date_end) = date_range(from, to)?;
        let currency = currency_code(currency)?;
        if account_number.trim().is_empty() {
            return Err(Error::invalid("an account number is required"));
        }
        let call = Call::get("GET /movement/", "/movement/")
            .query("account", account_number)
            .query("currency", currency)
            .query("date_start", date_start)
            .query("date_end", date_end);
        let answer = self.client.send(call, Some(self.key())).await?;
        Ok(answer.decode::<MovementsResponse>()?.movements)
    }

    /// [`Session::movements`] of an [`Account`], in its own currency: the seed's
    /// `account.get_movements(from, to)`.
    pub async fn account_movements(
        &self,
        account: &Account,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Movement>, Error> {
        self.movements(&account.number, &account.currency, from, to)
            .await
    }

    /// The user's credit cards (`GET /credit-card/`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// mock.credit_cards().await;
    /// mock.card_movements().await;
    /// let session = mock.client().restore_session(prometeo::mock::SESSION_KEY);
    /// for card in session.credit_cards().await? {
    ///     // Card movements are per currency.
    ///     let from = NaiveDate::from_ymd_opt(2019, 2, 1).unwrap();
    ///     let usd = session.card_movements(&card.number, "USD", from, from).await?;
    ///     assert!(!usd.is_empty());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn credit_cards(&self) -> Result<Vec<CreditCard>, Error> {
        let answer = self
            .client
            .send(
                Call::get("GET /credit-card/", "/credit-card/"),
                Some(self.key()),
            )
            .await?;
        Ok(answer.decode::<CreditCardsBody>()?.credit_cards)
    }

    /// The movements of the card `card_number` in `currency` between two dates, inclusive
    /// (`GET /credit-card/{card_number}/movements?currency=…&date_start=…&date_end=…`). Cards
    /// have movements in several currencies: call once per currency.
    pub async fn card_movements(
        &self,
        card_number: &str,
        currency: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Movement>, Error> {
        let (date_start, date_end) = date_range(from, to)?;
        let currency = currency_code(currency)?;
        if card_number.trim().is_empty() {
            return Err(Error::invalid("a card number is required"));
        }
        let path = format!(
            "/credit-card/{}/movements",
            progenitor_client::encode_path(card_number)
        );
        let call = Call::get("GET /credit-card/{card_number}/movements", path)
            .query("currency", currency)
            .query("date_start", date_start)
            .query("date_end", date_end);
        let answer = self.client.send(call, Some(self.key())).await?;
        Ok(answer.decode::<MovementsResponse>()?.movements)
    }

    /// The account holder's details (`GET /info/`), where the bank provides them.
    pub async fn personal_info(&self) -> Result<PersonalInfo, Error> {
        let answer = self
            .client
            .send(Call::get("GET /info/", "/info/"), Some(self.key()))
            .await?;
        Ok(answer.decode::<InfoBody>()?.info.unwrap_or_default())
    }
}
