//! Security details (`securityinfo/v1`) inside investment positions and transactions.

use yaserde::YaDeserialize;

use crate::xml::{open_enum, Amount, Timestamp};

open_enum! {
    /// Which kind of security a position or an investment transaction is about.
    pub enum InvSecurityType {
        /// Mutual fund.
        MutualFund = "MFINFO",
        /// Stock.
        Stock = "STOCKINFO",
        /// Option.
        Option = "OPTINFO",
        /// Debt (bond).
        Debt = "DEBTINFO",
        /// Anything else.
        OtherSecurity = "OTHERINFO",
    }
}

/// The fields of any `otherInfo`, `stockInfo`, `mfInfo`, `debtInfo` or `optionInfo` element
/// (the common SecurityInfo fields plus each variant's own; absent ones are `None`).
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "securityInfo",
    prefix = "sec",
    namespaces = { "sec" = "http://schema.intuit.com/platform/fdatafeed/securityinfo/v1" }
)]
#[non_exhaustive]
pub struct SecurityInfo {
    /// Asset class.
    #[yaserde(rename = "assetClass", prefix = "sec")]
    pub asset_class: Option<String>,
    /// The institution's asset class.
    #[yaserde(rename = "fiAssetClass", prefix = "sec")]
    pub fi_asset_class: Option<String>,
    /// Ticker symbol.
    #[yaserde(rename = "ticker", prefix = "sec")]
    pub ticker: Option<String>,
    /// Unique id (e.g. a CUSIP).
    #[yaserde(rename = "uniqueId", prefix = "sec")]
    pub unique_id: Option<String>,
    /// Kind of unique id.
    #[yaserde(rename = "uniqueIdType", prefix = "sec")]
    pub unique_id_type: Option<String>,
    /// As-of date.
    #[yaserde(rename = "asOfDate", prefix = "sec")]
    pub as_of_date: Option<Timestamp>,
    /// Rating.
    #[yaserde(rename = "rating", prefix = "sec")]
    pub rating: Option<String>,
    /// Percentage.
    #[yaserde(rename = "percent", prefix = "sec")]
    pub percent: Option<Amount>,
    /// The institution's id for the security.
    #[yaserde(rename = "fiId", prefix = "sec")]
    pub fi_id: Option<String>,
    /// Name.
    #[yaserde(rename = "name", prefix = "sec")]
    pub name: Option<String>,
    /// Fund name.
    #[yaserde(rename = "fundName", prefix = "sec")]
    pub fund_name: Option<String>,
    /// Memo.
    #[yaserde(rename = "memo", prefix = "sec")]
    pub memo: Option<String>,
    /// Symbol reference id.
    #[yaserde(rename = "symbolRefId", prefix = "sec")]
    pub symbol_ref_id: Option<String>,
    /// Currency.
    #[yaserde(rename = "currencyCode", prefix = "sec")]
    pub currency_code: Option<String>,
    /// Currency rate.
    #[yaserde(rename = "currencyRate", prefix = "sec")]
    pub currency_rate: Option<Amount>,
    /// Unit price.
    #[yaserde(rename = "unitPrice", prefix = "sec")]
    pub unit_price: Option<Amount>,
    /// Other: type description.
    #[yaserde(rename = "typeDesc", prefix = "sec")]
    pub type_desc: Option<String>,
    /// Stock: stock type.
    #[yaserde(rename = "stockType", prefix = "sec")]
    pub stock_type: Option<String>,
    /// Stock and mutual fund: yield.
    #[yaserde(rename = "yield", prefix = "sec")]
    pub yield_value: Option<Amount>,
    /// Stock and mutual fund: date of the yield.
    #[yaserde(rename = "yieldAsOfDate", prefix = "sec")]
    pub yield_as_of_date: Option<Timestamp>,
    /// Mutual fund: fund type.
    #[yaserde(rename = "mfType", prefix = "sec")]
    pub mf_type: Option<String>,
    /// Mutual fund: manager.
    #[yaserde(rename = "fundManager", prefix = "sec")]
    pub fund_manager: Option<String>,
    /// Mutual fund: security currency.
    #[yaserde(rename = "secCurrencyCode", prefix = "sec")]
    pub sec_currency_code: Option<String>,
    /// Mutual fund: security currency rate.
    #[yaserde(rename = "secCurrencyRate", prefix = "sec")]
    pub sec_currency_rate: Option<Amount>,
    /// Debt: call date.
    #[yaserde(rename = "callDate", prefix = "sec")]
    pub call_date: Option<Timestamp>,
    /// Debt: yield to call.
    #[yaserde(rename = "yieldToCall", prefix = "sec")]
    pub yield_to_call: Option<Amount>,
    /// Debt: call price.
    #[yaserde(rename = "callPrice", prefix = "sec")]
    pub call_price: Option<Amount>,
    /// Debt: call type.
    #[yaserde(rename = "callType", prefix = "sec")]
    pub call_type: Option<String>,
    /// Debt: coupon frequency.
    #[yaserde(rename = "couponFreq", prefix = "sec")]
    pub coupon_freq: Option<String>,
    /// Debt: coupon maturity date.
    #[yaserde(rename = "couponMaturityDate", prefix = "sec")]
    pub coupon_maturity_date: Option<Timestamp>,
    /// Debt: coupon rate.
    #[yaserde(rename = "couponRate", prefix = "sec")]
    pub coupon_rate: Option<Amount>,
    /// Debt: class.
    #[yaserde(rename = "debtClass", prefix = "sec")]
    pub debt_class: Option<String>,
    /// Debt: type.
    #[yaserde(rename = "debtType", prefix = "sec")]
    pub debt_type: Option<String>,
    /// Debt: maturity date.
    #[yaserde(rename = "maturityDate", prefix = "sec")]
    pub maturity_date: Option<Timestamp>,
    /// Debt: yield to maturity.
    #[yaserde(rename = "yieldToMaturity", prefix = "sec")]
    pub yield_to_maturity: Option<Amount>,
    /// Debt: par value.
    #[yaserde(rename = "parValue", prefix = "sec")]
    pub par_value: Option<Amount>,
    /// Option: expiry date.
    #[yaserde(rename = "expireDate", prefix = "sec")]
    pub expire_date: Option<Timestamp>,
    /// Option: strike price.
    #[yaserde(rename = "strikePrice", prefix = "sec")]
    pub strike_price: Option<Amount>,
    /// Option: put or call.
    #[yaserde(rename = "optType", prefix = "sec")]
    pub opt_type: Option<String>,
    /// Option: the underlying security's id.
    #[yaserde(rename = "securityUniqueId", prefix = "sec")]
    pub security_unique_id: Option<String>,
    /// Option: kind of the underlying security's id.
    #[yaserde(rename = "securityUniqueIdType", prefix = "sec")]
    pub security_unique_id_type: Option<String>,
    /// Option: shares per contract.
    #[yaserde(rename = "sharesPerContract", prefix = "sec")]
    pub shares_per_contract: Option<Amount>,
}
