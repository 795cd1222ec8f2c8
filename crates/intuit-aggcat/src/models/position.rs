//! `InvestmentPositions` (invposition/v1): the holdings of an investment account. The
//! `otherInfo`/`stockInfo`/… wrappers are in invposition/v1, their children in securityinfo/v1.

use yaserde::YaDeserialize;

use crate::ids::PositionId;
use crate::models::security::{InvSecurityType, SecurityInfo};
use crate::xml::{Amount, Timestamp};

/// The positions of an investment account (empty when it holds none).
///
/// ```
/// use intuit_aggcat::models::InvestmentPositions;
///
/// let body = br#"<InvestmentPositions xmlns="http://schema.intuit.com/platform/fdatafeed/invposition/v1"
///     xmlns:ns2="http://schema.intuit.com/platform/fdatafeed/securityinfo/v1">
///   <position><investmentPositionId>000000000001</investmentPositionId><holdType>STOCK</holdType>
///     <invSecurityType>OTHERINFO</invSecurityType><otherInfo><ns2:ticker>DEF</ns2:ticker></otherInfo></position>
/// </InvestmentPositions>"#;
/// let positions = InvestmentPositions::from_xml(body)?;
/// let info = positions.positions[0].security_info().unwrap();
/// assert_eq!(info.ticker.as_deref(), Some("DEF"));
/// # Ok::<_, intuit_aggcat::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "InvestmentPositions",
    prefix = "pos",
    namespaces = {
        "pos" = "http://schema.intuit.com/platform/fdatafeed/invposition/v1",
        "sec" = "http://schema.intuit.com/platform/fdatafeed/securityinfo/v1"
    }
)]
#[non_exhaustive]
pub struct InvestmentPositions {
    /// The positions, in the order sent.
    #[yaserde(rename = "position", prefix = "pos")]
    pub positions: Vec<Position>,
}

/// One holding.
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "position",
    prefix = "pos",
    namespaces = {
        "pos" = "http://schema.intuit.com/platform/fdatafeed/invposition/v1",
        "sec" = "http://schema.intuit.com/platform/fdatafeed/securityinfo/v1"
    }
)]
#[non_exhaustive]
pub struct Position {
    /// Investment position id.
    #[yaserde(rename = "investmentPositionId", prefix = "pos")]
    pub investment_position_id: PositionId,
    /// Change percent.
    #[yaserde(rename = "changePercent", prefix = "pos")]
    pub change_percent: Option<Amount>,
    /// Cost basis.
    #[yaserde(rename = "costBasis", prefix = "pos")]
    pub cost_basis: Option<Amount>,
    /// Currency code.
    #[yaserde(rename = "currencyCode", prefix = "pos")]
    pub currency_code: Option<String>,
    /// Currency rate.
    #[yaserde(rename = "currencyRate", prefix = "pos")]
    pub currency_rate: Option<Amount>,
    /// Currency type.
    #[yaserde(rename = "currencyType", prefix = "pos")]
    pub currency_type: Option<String>,
    /// Unit price.
    #[yaserde(rename = "unitPrice", prefix = "pos")]
    pub unit_price: Option<Amount>,
    /// Price as of date.
    #[yaserde(rename = "priceAsOfDate", prefix = "pos")]
    pub price_as_of_date: Option<Timestamp>,
    /// Cusip.
    #[yaserde(rename = "cusip", prefix = "pos")]
    pub cusip: Option<String>,
    /// Daily change.
    #[yaserde(rename = "dailyChange", prefix = "pos")]
    pub daily_change: Option<Amount>,
    /// Memo.
    #[yaserde(rename = "memo", prefix = "pos")]
    pub memo: Option<String>,
    /// Emp pretax contrib amount.
    #[yaserde(rename = "empPretaxContribAmount", prefix = "pos")]
    pub emp_pretax_contrib_amount: Option<Amount>,
    /// Emp match amount.
    #[yaserde(rename = "empMatchAmount", prefix = "pos")]
    pub emp_match_amount: Option<Amount>,
    /// Held in account.
    #[yaserde(rename = "heldInAccount", prefix = "pos")]
    pub held_in_account: Option<String>,
    /// Hold type.
    #[yaserde(rename = "holdType", prefix = "pos")]
    pub hold_type: Option<String>,
    /// Investment allocation.
    #[yaserde(rename = "investmentAllocation", prefix = "pos")]
    pub investment_allocation: Option<String>,
    /// Investment direction.
    #[yaserde(rename = "investmentDirection", prefix = "pos")]
    pub investment_direction: Option<String>,
    /// Paid price.
    #[yaserde(rename = "paidPrice", prefix = "pos")]
    pub paid_price: Option<Amount>,
    /// Market value.
    #[yaserde(rename = "marketValue", prefix = "pos")]
    pub market_value: Option<Amount>,
    /// Maturity value.
    #[yaserde(rename = "maturityValue", prefix = "pos")]
    pub maturity_value: Option<Amount>,
    /// Units.
    #[yaserde(rename = "units", prefix = "pos")]
    pub units: Option<Amount>,
    /// Unit user quantity.
    #[yaserde(rename = "unitUserQuantity", prefix = "pos")]
    pub unit_user_quantity: Option<Amount>,
    /// Unit street quantity.
    #[yaserde(rename = "unitStreetQuantity", prefix = "pos")]
    pub unit_street_quantity: Option<Amount>,
    /// Position type.
    #[yaserde(rename = "positionType", prefix = "pos")]
    pub position_type: Option<String>,
    /// Position status.
    #[yaserde(rename = "positionStatus", prefix = "pos")]
    pub position_status: Option<String>,
    /// Secured.
    #[yaserde(rename = "secured", prefix = "pos")]
    pub secured: Option<String>,
    /// Inv401k source.
    #[yaserde(rename = "inv401kSource", prefix = "pos")]
    pub inv_401k_source: Option<String>,
    /// Reinvestment cap gains.
    #[yaserde(rename = "reinvestmentCapGains", prefix = "pos")]
    pub reinvestment_cap_gains: Option<bool>,
    /// Reinvestment dividend.
    #[yaserde(rename = "reinvestmentDividend", prefix = "pos")]
    pub reinvestment_dividend: Option<bool>,
    /// Transaction type.
    #[yaserde(rename = "transactionType", prefix = "pos")]
    pub transaction_type: Option<String>,
    /// Inv security type.
    #[yaserde(rename = "invSecurityType", prefix = "pos")]
    pub inv_security_type: Option<InvSecurityType>,
    /// Other info.
    #[yaserde(rename = "otherInfo", prefix = "pos")]
    pub other_info: Option<SecurityInfo>,
    /// Option info.
    #[yaserde(rename = "optionInfo", prefix = "pos")]
    pub option_info: Option<SecurityInfo>,
    /// Stock info.
    #[yaserde(rename = "stockInfo", prefix = "pos")]
    pub stock_info: Option<SecurityInfo>,
    /// Mf info.
    #[yaserde(rename = "mfInfo", prefix = "pos")]
    pub mf_info: Option<SecurityInfo>,
    /// Debt info.
    #[yaserde(rename = "debtInfo", prefix = "pos")]
    pub debt_info: Option<SecurityInfo>,
}

impl Position {
    /// The security details, whichever of `otherInfo`, `stockInfo`, `mfInfo`, `debtInfo` or
    /// `optionInfo` was sent.
    pub fn security_info(&self) -> Option<&SecurityInfo> {
        self.other_info
            .as_ref()
            .or(self.stock_info.as_ref())
            .or(self.mf_info.as_ref())
            .or(self.debt_info.as_ref())
            .or(self.option_info.as_ref())
    }
}
