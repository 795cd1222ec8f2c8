//! `TransactionList` (transactionlist/v1) and the six transaction kinds. Base fields and the
//! categorization are in `transaction/v1`, each kind's own fields in its own namespace.

use std::io::Read;

use yaserde::YaDeserialize;

use crate::ids::TransactionId;
use crate::models::list;
use crate::models::security::{InvSecurityType, SecurityInfo};
use crate::xml::{open_enum, Amount, Timestamp};

open_enum! {
    /// Why Intuit did not refresh the account before answering.
    pub enum NotRefreshedReason {
        /// No refresh was needed.
        NotNecessary = "NOT_NECESSARY",
        /// The institution login needs new credentials.
        CredentialsRequired = "CREDENTIALS_REQUIRED",
        /// The institution asks challenge questions again.
        ChallengeResponseRequired = "CHALLENGE_RESPONSE_REQUIRED",
        /// The institution was unavailable.
        Unavailable = "UNAVAILABLE",
    }
}

open_enum! {
    /// What a correcting transaction does to the one it corrects.
    pub enum CorrectAction {
        /// Replaces it.
        Replace = "REPLACE",
        /// Deletes it.
        Delete = "DELETE",
    }
}

open_enum! {
    /// Where a categorization context comes from.
    pub enum CategorizationSource {
        /// Intuit's aggregation.
        Aggr = "AGGR",
        /// The institution's OFX data.
        Ofx = "OFX",
        /// Intuit's categorizer.
        Cat = "CAT",
    }
}

open_enum! {
    /// Sub-account holding the funds of an investment banking transaction.
    pub enum SubaccountFundType {
        /// Cash.
        Cash = "CASH",
        /// Margin.
        Margin = "MARGIN",
        /// Short.
        Short = "SHORT",
        /// Other.
        OtherFund = "OTHER",
    }
}

open_enum! {
    /// Source of 401(k) money in an investment banking transaction.
    pub enum Banking401KSourceType {
        /// Pre-tax.
        PreTax = "PRETAX",
        /// After-tax.
        AfterTax = "AFTERTAX",
        /// Employer match.
        Match = "MATCH",
        /// Profit sharing.
        ProfitSharing = "PROFITSHARING",
        /// Rollover.
        Rollover = "ROLLOVER",
        /// Other vested.
        OtherVest = "OTHERVEST",
        /// Other non-vested.
        OtherNonVest = "OTHERNONVEST",
    }
}

/// How Intuit categorized a transaction.
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "categorization",
    prefix = "txn",
    namespaces = { "txn" = "http://schema.intuit.com/platform/fdatafeed/transaction/v1" }
)]
#[non_exhaustive]
pub struct Categorization {
    /// Payee and merchant.
    #[yaserde(rename = "common", prefix = "txn")]
    pub common: Option<CategorizationCommon>,
    /// Categories, one per source.
    #[yaserde(rename = "context", prefix = "txn")]
    pub contexts: Vec<CategorizationContext>,
}

/// The payee part of a [`Categorization`].
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "common",
    prefix = "txn",
    namespaces = { "txn" = "http://schema.intuit.com/platform/fdatafeed/transaction/v1" }
)]
#[non_exhaustive]
pub struct CategorizationCommon {
    /// Cleaned-up payee name.
    #[yaserde(rename = "normalizedPayeeName", prefix = "txn")]
    pub normalized_payee_name: Option<String>,
    /// Merchant.
    #[yaserde(rename = "merchant", prefix = "txn")]
    pub merchant: Option<String>,
    /// Standard industrial classification code.
    #[yaserde(rename = "sic", prefix = "txn")]
    pub sic: Option<i32>,
}

/// One category of a [`Categorization`].
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "context",
    prefix = "txn",
    namespaces = { "txn" = "http://schema.intuit.com/platform/fdatafeed/transaction/v1" }
)]
#[non_exhaustive]
pub struct CategorizationContext {
    /// Who categorized.
    #[yaserde(rename = "source", prefix = "txn")]
    pub source: Option<CategorizationSource>,
    /// Category.
    #[yaserde(rename = "categoryName", prefix = "txn")]
    pub category_name: Option<String>,
    /// Context type (often sent empty).
    #[yaserde(rename = "contextType", prefix = "txn")]
    pub context_type: Option<String>,
    /// Schedule C (US tax form) line.
    #[yaserde(rename = "scheduleC", prefix = "txn")]
    pub schedule_c: Option<String>,
}

/// Declares a transaction kind: the base fields (transaction/v1) followed by the kind's own
/// fields (in the kind's namespace, under the prefix `kind`).
macro_rules! transaction_kind {
    (
        $(#[$meta:meta])*
        $name:ident, $xml:tt, $uri:tt,
        { $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $fxml:tt, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
        #[yaserde(
            rename = $xml,
            prefix = "kind",
            namespaces = {
                "txn" = "http://schema.intuit.com/platform/fdatafeed/transaction/v1",
                "kind" = $uri
            }
        )]
        #[non_exhaustive]
        pub struct $name {
            /// Intuit's id (pending transactions get a new one once posted).
            #[yaserde(rename = "id", prefix = "txn")]
            pub id: TransactionId,
            /// Currency (ISO 4217).
            #[yaserde(rename = "currencyType", prefix = "txn")]
            pub currency_type: Option<String>,
            /// The institution's id for the transaction.
            #[yaserde(rename = "institutionTransactionId", prefix = "txn")]
            pub institution_transaction_id: Option<String>,
            /// The institution id of the transaction this one corrects.
            #[yaserde(rename = "correctInstitutionTransactionId", prefix = "txn")]
            pub correct_institution_transaction_id: Option<String>,
            /// What the correction does.
            #[yaserde(rename = "correctAction", prefix = "txn")]
            pub correct_action: Option<CorrectAction>,
            /// Server transaction id.
            #[yaserde(rename = "serverTransactionId", prefix = "txn")]
            pub server_transaction_id: Option<String>,
            /// Check number.
            #[yaserde(rename = "checkNumber", prefix = "txn")]
            pub check_number: Option<String>,
            /// Reference number.
            #[yaserde(rename = "refNumber", prefix = "txn")]
            pub ref_number: Option<String>,
            /// Confirmation number.
            #[yaserde(rename = "confirmationNumber", prefix = "txn")]
            pub confirmation_number: Option<String>,
            /// Payee id.
            #[yaserde(rename = "payeeId", prefix = "txn")]
            pub payee_id: Option<String>,
            /// Payee name.
            #[yaserde(rename = "payeeName", prefix = "txn")]
            pub payee_name: Option<String>,
            /// Extended payee name.
            #[yaserde(rename = "extendedPayeeName", prefix = "txn")]
            pub extended_payee_name: Option<String>,
            /// Memo.
            #[yaserde(rename = "memo", prefix = "txn")]
            pub memo: Option<String>,
            /// Type (e.g. `DEBIT`).
            #[yaserde(rename = "type", prefix = "txn")]
            pub transaction_type: Option<String>,
            /// Value type.
            #[yaserde(rename = "valueType", prefix = "txn")]
            pub value_type: Option<String>,
            /// Currency rate.
            #[yaserde(rename = "currencyRate", prefix = "txn")]
            pub currency_rate: Option<Amount>,
            /// Whether the amount is in the original currency.
            #[yaserde(rename = "originalCurrency", prefix = "txn")]
            pub original_currency: Option<bool>,
            /// Posting date.
            #[yaserde(rename = "postedDate", prefix = "txn")]
            pub posted_date: Option<Timestamp>,
            /// Date the user entered.
            #[yaserde(rename = "userDate", prefix = "txn")]
            pub user_date: Option<Timestamp>,
            /// Date the money is available.
            #[yaserde(rename = "availableDate", prefix = "txn")]
            pub available_date: Option<Timestamp>,
            /// Amount.
            #[yaserde(rename = "amount", prefix = "txn")]
            pub amount: Option<Amount>,
            /// Running balance after the transaction.
            #[yaserde(rename = "runningBalanceAmount", prefix = "txn")]
            pub running_balance_amount: Option<Amount>,
            /// Whether it is still pending.
            #[yaserde(rename = "pending", prefix = "txn")]
            pub pending: Option<bool>,
            /// Intuit's categorization.
            #[yaserde(rename = "categorization", prefix = "txn")]
            pub categorization: Option<Categorization>,
            $(
                $(#[$fmeta])*
                #[yaserde(rename = $fxml, prefix = "kind")]
                pub $field: $ty,
            )*
        }
    };
}

transaction_kind!(
    /// A deposit account transaction.
    BankingTransaction, "BankingTransaction", "http://schema.intuit.com/platform/fdatafeed/bnktransaction/v1", {}
);

transaction_kind!(
    /// A credit card transaction.
    CreditCardTransaction, "CreditCardTransaction", "http://schema.intuit.com/platform/fdatafeed/cctransaction/v1", {}
);

transaction_kind!(
    /// A rewards program transaction.
    RewardsTransaction, "RewardsTransaction", "http://schema.intuit.com/platform/fdatafeed/rewardstransaction/v1", {}
);

transaction_kind!(
    /// A cash movement in an investment account.
    InvestmentBankingTransaction, "InvestmentBankingTransaction", "http://schema.intuit.com/platform/fdatafeed/ibnktransaction/v1", {
        /// Banking transaction type.
        banking_transaction_type: Option<String> = "bankingTransactionType",
        /// Sub-account holding the funds.
        subaccount_fund_type: Option<SubaccountFundType> = "subaccountFundType",
        /// Source of 401(k) money.
        banking_401k_source_type: Option<Banking401KSourceType> = "banking401KSourceType",
    }
);

transaction_kind!(
    /// A loan payment or disbursement.
    LoanTransaction, "LoanTransaction", "http://schema.intuit.com/platform/fdatafeed/loantransaction/v1", {
        /// Principal amount.
        principal_amount: Option<Amount> = "principalAmount",
        /// Interest amount.
        interest_amount: Option<Amount> = "interestAmount",
        /// Escrow total amount.
        escrow_total_amount: Option<Amount> = "escrowTotalAmount",
        /// Escrow tax amount.
        escrow_tax_amount: Option<Amount> = "escrowTaxAmount",
        /// Escrow insurance amount.
        escrow_insurance_amount: Option<Amount> = "escrowInsuranceAmount",
        /// Escrow pmi amount.
        escrow_pmi_amount: Option<Amount> = "escrowPmiAmount",
        /// Escrow fees amount.
        escrow_fees_amount: Option<Amount> = "escrowFeesAmount",
        /// Escrow other amount.
        escrow_other_amount: Option<Amount> = "escrowOtherAmount",
    }
);

transaction_kind!(
    /// A trade, income or transfer of securities.
    InvestmentTransaction, "InvestmentTransaction", "http://schema.intuit.com/platform/fdatafeed/invtransaction/v1", {
        /// Reversal institution transaction id.
        reversal_institution_transaction_id: Option<String> = "reversalInstitutionTransactionId",
        /// Description.
        description: Option<String> = "description",
        /// Buy type.
        buy_type: Option<String> = "buyType",
        /// Income type.
        income_type: Option<String> = "incomeType",
        /// Inv401k source.
        inv_401k_source: Option<String> = "inv401kSource",
        /// Loan id.
        loan_id: Option<String> = "loanId",
        /// Options action type.
        options_action_type: Option<String> = "optionsActionType",
        /// Options buy type.
        options_buy_type: Option<String> = "optionsBuyType",
        /// Options sell type.
        options_sell_type: Option<String> = "optionsSellType",
        /// Position type.
        position_type: Option<String> = "positionType",
        /// Related institution trade id.
        related_institution_trade_id: Option<String> = "relatedInstitutionTradeId",
        /// Related option trans type.
        related_option_trans_type: Option<String> = "relatedOptionTransType",
        /// Secured type.
        secured_type: Option<String> = "securedType",
        /// Sell reason.
        sell_reason: Option<String> = "sellReason",
        /// Sell type.
        sell_type: Option<String> = "sellType",
        /// Subaccount from type.
        subaccount_from_type: Option<String> = "subaccountFromType",
        /// Subaccount fund type.
        subaccount_fund_type: Option<String> = "subaccountFundType",
        /// Subaccount security type.
        subaccount_security_type: Option<String> = "subaccountSecurityType",
        /// Subaccount to type.
        subaccount_to_type: Option<String> = "subaccountToType",
        /// Transfer action.
        transfer_action: Option<String> = "transferAction",
        /// Unit type.
        unit_type: Option<String> = "unitType",
        /// Cusip.
        cusip: Option<String> = "cusip",
        /// Symbol.
        symbol: Option<String> = "symbol",
        /// Unit action.
        unit_action: Option<String> = "unitAction",
        /// Options security.
        options_security: Option<String> = "optionsSecurity",
        /// Trade date.
        trade_date: Option<Timestamp> = "tradeDate",
        /// Settle date.
        settle_date: Option<Timestamp> = "settleDate",
        /// Accrued interest amount.
        accrued_interest_amount: Option<Amount> = "accruedInterestAmount",
        /// Average cost basis amount.
        average_cost_basis_amount: Option<Amount> = "averageCostBasisAmount",
        /// Commission amount.
        commission_amount: Option<Amount> = "commissionAmount",
        /// Denominator.
        denominator: Option<Amount> = "denominator",
        /// Payroll date.
        payroll_date: Option<Timestamp> = "payrollDate",
        /// Purchase date.
        purchase_date: Option<Timestamp> = "purchaseDate",
        /// Gain amount.
        gain_amount: Option<Amount> = "gainAmount",
        /// Fees amount.
        fees_amount: Option<Amount> = "feesAmount",
        /// Fractional units cash amount.
        fractional_units_cash_amount: Option<Amount> = "fractionalUnitsCashAmount",
        /// Load amount.
        load_amount: Option<Amount> = "loadAmount",
        /// Loan interest amount.
        loan_interest_amount: Option<Amount> = "loanInterestAmount",
        /// Loan principal amount.
        loan_principal_amount: Option<Amount> = "loanPrincipalAmount",
        /// Markdown amount.
        markdown_amount: Option<Amount> = "markdownAmount",
        /// Markup amount.
        markup_amount: Option<Amount> = "markupAmount",
        /// New units.
        new_units: Option<Amount> = "newUnits",
        /// Numerator.
        numerator: Option<Amount> = "numerator",
        /// Old units.
        old_units: Option<Amount> = "oldUnits",
        /// Penalty amount.
        penalty_amount: Option<Amount> = "penaltyAmount",
        /// Prior year contribution.
        prior_year_contribution: Option<bool> = "priorYearContribution",
        /// Shares per contract.
        shares_per_contract: Option<Amount> = "sharesPerContract",
        /// State withholding.
        state_withholding: Option<Amount> = "stateWithholding",
        /// Total amount.
        total_amount: Option<Amount> = "totalAmount",
        /// Taxes amount.
        taxes_amount: Option<Amount> = "taxesAmount",
        /// Tax exempt.
        tax_exempt: Option<bool> = "taxExempt",
        /// Unit price.
        unit_price: Option<Amount> = "unitPrice",
        /// Units.
        units: Option<Amount> = "units",
        /// Withholding amount.
        withholding_amount: Option<Amount> = "withholdingAmount",
        /// Options shares per contract.
        options_shares_per_contract: Option<Amount> = "optionsSharesPerContract",
        /// Inv security type.
        inv_security_type: Option<InvSecurityType> = "invSecurityType",
        /// Other info.
        other_info: Option<SecurityInfo> = "otherInfo",
        /// Option info.
        option_info: Option<SecurityInfo> = "optionInfo",
        /// Stock info.
        stock_info: Option<SecurityInfo> = "stockInfo",
        /// Mf info.
        mf_info: Option<SecurityInfo> = "mfInfo",
        /// Debt info.
        debt_info: Option<SecurityInfo> = "debtInfo",
    }
);

/// One transaction of any kind.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum Transaction {
    /// Deposit account.
    Banking(BankingTransaction),
    /// Credit card.
    CreditCard(CreditCardTransaction),
    /// Cash in an investment account.
    InvestmentBanking(InvestmentBankingTransaction),
    /// Loan.
    Loan(LoanTransaction),
    /// Securities (boxed: with its five security-info slots it is ten times the size of the
    /// other kinds, and lists hold thousands of transactions).
    Investment(Box<InvestmentTransaction>),
    /// Rewards program.
    Rewards(RewardsTransaction),
}

macro_rules! each_kind {
    ($self:ident, $t:ident => $e:expr) => {
        match $self {
            Transaction::Banking($t) => $e,
            Transaction::CreditCard($t) => $e,
            Transaction::InvestmentBanking($t) => $e,
            Transaction::Loan($t) => $e,
            Transaction::Investment($t) => $e,
            Transaction::Rewards($t) => $e,
        }
    };
}

impl Transaction {
    /// Intuit's id.
    pub fn id(&self) -> &TransactionId {
        each_kind!(self, t => &t.id)
    }
    /// Amount (for investment transactions, see also `total_amount`).
    pub fn amount(&self) -> Option<Amount> {
        each_kind!(self, t => t.amount)
    }
    /// Posting date.
    pub fn posted_date(&self) -> Option<Timestamp> {
        each_kind!(self, t => t.posted_date)
    }
    /// Payee name.
    pub fn payee_name(&self) -> Option<&str> {
        each_kind!(self, t => t.payee_name.as_deref())
    }
    /// Memo.
    pub fn memo(&self) -> Option<&str> {
        each_kind!(self, t => t.memo.as_deref())
    }
    /// Currency.
    pub fn currency_type(&self) -> Option<&str> {
        each_kind!(self, t => t.currency_type.as_deref())
    }
    /// Whether it is pending.
    pub fn pending(&self) -> Option<bool> {
        each_kind!(self, t => t.pending)
    }
    /// Intuit's categorization.
    pub fn categorization(&self) -> Option<&Categorization> {
        each_kind!(self, t => t.categorization.as_ref())
    }
    /// The element name of the kind (`"BankingTransaction"`, …).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Transaction::Banking(_) => "BankingTransaction",
            Transaction::CreditCard(_) => "CreditCardTransaction",
            Transaction::InvestmentBanking(_) => "InvestmentBankingTransaction",
            Transaction::Loan(_) => "LoanTransaction",
            Transaction::Investment(_) => "InvestmentTransaction",
            Transaction::Rewards(_) => "RewardsTransaction",
        }
    }
}

/// The transactions of an account over a date range, in document order (Intuit sends them in
/// no particular order).
///
/// ```
/// use intuit_aggcat::models::TransactionList;
///
/// let body = br#"<ns9:TransactionList notRefreshedReason="NOT_NECESSARY"
///     xmlns="http://schema.intuit.com/platform/fdatafeed/transaction/v1"
///     xmlns:ns3="http://schema.intuit.com/platform/fdatafeed/cctransaction/v1"
///     xmlns:ns9="http://schema.intuit.com/platform/fdatafeed/transactionlist/v1">
///   <ns3:CreditCardTransaction><id>75000088503</id><postedDate>2012-08-22T00:00:00-06:00</postedDate>
///     <amount>111.22</amount></ns3:CreditCardTransaction>
/// </ns9:TransactionList>"#;
/// let list = TransactionList::from_xml(body)?;
/// assert_eq!(list.transactions.len(), 1);
/// assert_eq!(list.transactions[0].amount().unwrap().to_string(), "111.22");
/// # Ok::<_, intuit_aggcat::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TransactionList {
    /// Why the account was not refreshed before answering, when Intuit says so.
    pub not_refreshed_reason: Option<NotRefreshedReason>,
    /// The transactions, in the order sent.
    pub transactions: Vec<Transaction>,
}

impl YaDeserialize for TransactionList {
    fn deserialize<R: Read>(reader: &mut yaserde::de::Deserializer<R>) -> yaserde::Result<Self> {
        let attributes = list::open_list(reader, "TransactionList")?;
        let not_refreshed_reason = attributes
            .iter()
            .find(|a| a.name.local_name == "notRefreshedReason")
            .map(|a| a.value.parse().unwrap_or_else(|never| match never {}));
        let mut transactions = Vec::new();
        while let list::Child::Element {
            local_name,
            namespace,
        } = list::next_child(reader)?
        {
            if !list::intuit_namespace(namespace.as_deref()) {
                list::skip_child(reader)?;
                continue;
            }
            let transaction = match local_name.as_str() {
                "BankingTransaction" => Transaction::Banking(list::read_child(reader)?),
                "CreditCardTransaction" => Transaction::CreditCard(list::read_child(reader)?),
                "InvestmentBankingTransaction" => {
                    Transaction::InvestmentBanking(list::read_child(reader)?)
                }
                "LoanTransaction" => Transaction::Loan(list::read_child(reader)?),
                "InvestmentTransaction" => {
                    Transaction::Investment(Box::new(list::read_child(reader)?))
                }
                "RewardsTransaction" => Transaction::Rewards(list::read_child(reader)?),
                _ => {
                    list::skip_child(reader)?;
                    continue;
                }
            };
            transactions.push(transaction);
        }
        Ok(TransactionList {
            not_refreshed_reason,
            transactions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transactions_stay_small_in_lists() {
        assert!(std::mem::size_of::<Transaction>() <= 1024);
    }
}
