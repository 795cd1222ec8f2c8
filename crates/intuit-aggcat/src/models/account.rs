//! `AccountList` (accountlist/v1) and the six account kinds. Base fields are in `account/v1`,
//! each kind's own fields in its own namespace.

use std::io::Read;

use yaserde::YaDeserialize;

use crate::ids::{AccountId, InstitutionId, LoginId};
use crate::models::list;
use crate::xml::{open_enum, Amount, Timestamp};

open_enum! {
    /// The kind of a banking account.
    pub enum BankingAccountType {
        /// Checking.
        Checking = "CHECKING",
        /// Savings.
        Savings = "SAVINGS",
        /// Money market.
        MoneyMarket = "MONEYMRKT",
        /// Recurring deposit.
        RecurringDeposit = "RECURRINGDEPOSIT",
        /// Certificate of deposit.
        Cd = "CD",
        /// Cash management.
        CashManagement = "CASHMANAGEMENT",
        /// Overdraft.
        Overdraft = "OVERDRAFT",
    }
}

open_enum! {
    /// The kind of a credit account.
    pub enum CreditAccountType {
        /// Credit card.
        CreditCard = "CREDITCARD",
        /// Line of credit.
        LineOfCredit = "LINEOFCREDIT",
        /// Other credit.
        OtherCredit = "OTHER",
    }
}

open_enum! {
    /// The kind of a loan.
    pub enum LoanType {
        /// Generic loan.
        Loan = "LOAN",
        /// Auto loan.
        Auto = "AUTO",
        /// Commercial loan.
        Commercial = "COMMERCIAL",
        /// Construction loan.
        Construction = "CONSTR",
        /// Consumer loan.
        Consumer = "CONSUMER",
        /// Home equity loan.
        HomeEquity = "HOMEEQUITY",
        /// Military loan.
        Military = "MILITARY",
        /// Mortgage.
        Mortgage = "MORTGAGE",
        /// Small business loan.
        SmallBusiness = "SMB",
        /// Student loan.
        Student = "STUDENT",
    }
}

open_enum! {
    /// The kind of an investment account.
    pub enum InvestmentAccountType {
        /// Taxable.
        Taxable = "TAXABLE",
        /// 401(k).
        Plan401K = "401K",
        /// Brokerage.
        Brokerage = "BROKERAGE",
        /// IRA.
        Ira = "IRA",
        /// 403(b).
        Plan403B = "403B",
        /// Keogh.
        Keogh = "KEOGH",
        /// Trust.
        Trust = "TRUST",
        /// Tax-deferred annuity.
        Tda = "TDA",
        /// SIMPLE plan.
        Simple = "SIMPLE",
        /// Normal.
        Normal = "NORMAL",
        /// SARSEP.
        Sarsep = "SARSEP",
        /// UGMA.
        Ugma = "UGMA",
        /// Other investment.
        OtherInvestment = "OTHER",
    }
}

open_enum! {
    /// How a loan's term is structured.
    pub enum LoanTermType {
        /// Combination.
        Combo = "COMBO",
        /// Fixed term.
        Fixed = "FIXED",
        /// Revolving.
        Revolve = "REVOLVE",
        /// Open.
        Open = "OPEN",
    }
}

open_enum! {
    /// How a loan's interest rate behaves.
    pub enum InterestRateType {
        /// Fixed.
        Fixed = "FIXED",
        /// Floating.
        Floating = "FLOATING",
        /// Adjustable-rate mortgage.
        Arm = "ARM",
    }
}

open_enum! {
    /// What a loan payment covers.
    pub enum LoanPaymentType {
        /// Interest only.
        InterestOnly = "INT_ONLY",
        /// Principal and interest.
        PrincipalAndInterest = "PRN_AND_INT",
        /// Principal plus interest.
        PrincipalPlusInterest = "PRN_PLUS_INT",
    }
}

/// Declares an account kind: the base fields (account/v1) followed by the kind's own fields
/// (in the kind's namespace, under the prefix `kind`).
macro_rules! account_kind {
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
                "acct" = "http://schema.intuit.com/platform/fdatafeed/account/v1",
                "kind" = $uri
            }
        )]
        #[non_exhaustive]
        pub struct $name {
            /// The account's id.
            #[yaserde(rename = "accountId", prefix = "acct")]
            pub account_id: AccountId,
            /// Status, e.g. `ACTIVE`.
            #[yaserde(rename = "status", prefix = "acct")]
            pub status: Option<String>,
            /// The account number as the institution shows it (a string: leading zeros kept).
            #[yaserde(rename = "accountNumber", prefix = "acct")]
            pub account_number: Option<String>,
            /// The unmasked account number, when the institution gives it.
            #[yaserde(rename = "accountNumberReal", prefix = "acct")]
            pub account_number_real: Option<String>,
            /// The user's name for the account.
            #[yaserde(rename = "accountNickname", prefix = "acct")]
            pub account_nickname: Option<String>,
            /// Where the institution displays it.
            #[yaserde(rename = "displayPosition", prefix = "acct")]
            pub display_position: Option<i32>,
            /// The institution holding it.
            #[yaserde(rename = "institutionId", prefix = "acct")]
            pub institution_id: Option<InstitutionId>,
            /// Description.
            #[yaserde(rename = "description", prefix = "acct")]
            pub description: Option<String>,
            /// The account holder's name.
            #[yaserde(rename = "registeredUserName", prefix = "acct")]
            pub registered_user_name: Option<String>,
            /// The balance.
            #[yaserde(rename = "balanceAmount", prefix = "acct")]
            pub balance_amount: Option<Amount>,
            /// When the balance was taken.
            #[yaserde(rename = "balanceDate", prefix = "acct")]
            pub balance_date: Option<Timestamp>,
            /// The previous balance.
            #[yaserde(rename = "balancePreviousAmount", prefix = "acct")]
            pub balance_previous_amount: Option<Amount>,
            /// Date of the last transaction.
            #[yaserde(rename = "lastTxnDate", prefix = "acct")]
            pub last_txn_date: Option<Timestamp>,
            /// Last successful aggregation.
            #[yaserde(rename = "aggrSuccessDate", prefix = "acct")]
            pub aggr_success_date: Option<Timestamp>,
            /// Last aggregation attempt.
            #[yaserde(rename = "aggrAttemptDate", prefix = "acct")]
            pub aggr_attempt_date: Option<Timestamp>,
            /// Outcome of the last aggregation (`0` OK, `103` login error, `185` MFA required…).
            #[yaserde(rename = "aggrStatusCode", prefix = "acct")]
            pub aggr_status_code: Option<String>,
            /// Currency (ISO 4217).
            #[yaserde(rename = "currencyCode", prefix = "acct")]
            pub currency_code: Option<String>,
            /// Bank id (routing number).
            #[yaserde(rename = "bankId", prefix = "acct")]
            pub bank_id: Option<String>,
            /// The institution login that gives access to this account.
            #[yaserde(rename = "institutionLoginId", prefix = "acct")]
            pub institution_login_id: Option<LoginId>,
            $(
                $(#[$fmeta])*
                #[yaserde(rename = $fxml, prefix = "kind")]
                pub $field: $ty,
            )*
        }
    };
}

account_kind!(
    /// A checking, savings, CD or other deposit account.
    BankingAccount, "BankingAccount", "http://schema.intuit.com/platform/fdatafeed/bankingaccount/v1", {
        /// Kind of banking account.
        banking_account_type: Option<BankingAccountType> = "bankingAccountType",
        /// Posting date.
        posted_date: Option<Timestamp> = "postedDate",
        /// Available balance.
        available_balance_amount: Option<Amount> = "availableBalanceAmount",
        /// Interest type.
        interest_type: Option<String> = "interestType",
        /// Origination date.
        origination_date: Option<Timestamp> = "originationDate",
        /// Opening date.
        open_date: Option<Timestamp> = "openDate",
        /// Interest rate per period.
        period_interest_rate: Option<Amount> = "periodInterestRate",
        /// Deposit per period.
        period_deposit_amount: Option<Amount> = "periodDepositAmount",
        /// Interest per period.
        period_interest_amount: Option<Amount> = "periodInterestAmount",
        /// Interest year to date.
        interest_amount_ytd: Option<Amount> = "interestAmountYtd",
        /// Interest of the prior year to date.
        interest_prior_amount_ytd: Option<Amount> = "interestPriorAmountYtd",
        /// Maturity date.
        maturity_date: Option<Timestamp> = "maturityDate",
        /// Amount at maturity.
        maturity_amount: Option<Amount> = "maturityAmount",
    }
);

account_kind!(
    /// A credit card or line of credit.
    CreditAccount, "CreditAccount", "http://schema.intuit.com/platform/fdatafeed/creditaccount/v1", {
        /// Kind of credit account.
        credit_account_type: Option<CreditAccountType> = "creditAccountType",
        /// Longer description.
        detailed_description: Option<String> = "detailedDescription",
        /// Interest rate.
        interest_rate: Option<Amount> = "interestRate",
        /// Credit available.
        credit_available_amount: Option<Amount> = "creditAvailableAmount",
        /// Credit limit.
        credit_max_amount: Option<Amount> = "creditMaxAmount",
        /// Cash advance available.
        cash_advance_available_amount: Option<Amount> = "cashAdvanceAvailableAmount",
        /// Cash advance limit.
        cash_advance_max_amount: Option<Amount> = "cashAdvanceMaxAmount",
        /// Cash advance balance.
        cash_advance_balance: Option<Amount> = "cashAdvanceBalance",
        /// Cash advance interest rate.
        cash_advance_interest_rate: Option<Amount> = "cashAdvanceInterestRate",
        /// Current balance.
        current_balance: Option<Amount> = "currentBalance",
        /// Minimum payment.
        payment_min_amount: Option<Amount> = "paymentMinAmount",
        /// Payment due date.
        payment_due_date: Option<Timestamp> = "paymentDueDate",
        /// Previous balance.
        previous_balance: Option<Amount> = "previousBalance",
        /// Statement end date.
        statement_end_date: Option<Timestamp> = "statementEndDate",
        /// Purchases on the statement.
        statement_purchase_amount: Option<Amount> = "statementPurchaseAmount",
        /// Finance charges on the statement.
        statement_finance_amount: Option<Amount> = "statementFinanceAmount",
        /// Amount past due.
        past_due_amount: Option<Amount> = "pastDueAmount",
        /// Last payment.
        last_payment_amount: Option<Amount> = "lastPaymentAmount",
        /// Last payment date.
        last_payment_date: Option<Timestamp> = "lastPaymentDate",
        /// Statement closing balance.
        statement_close_balance: Option<Amount> = "statementCloseBalance",
        /// Late fee on the statement.
        statement_late_fee_amount: Option<Amount> = "statementLateFeeAmount",
    }
);

account_kind!(
    /// A loan or mortgage.
    LoanAccount, "LoanAccount", "http://schema.intuit.com/platform/fdatafeed/loanaccount/v1", {
        /// Description of the loan.
        loan_description: Option<String> = "loanDescription",
        /// Kind of loan.
        loan_type: Option<LoanType> = "loanType",
        /// Posting date.
        posted_date: Option<Timestamp> = "postedDate",
        /// Term.
        term: Option<String> = "term",
        /// Holder's name.
        holder_name: Option<String> = "holderName",
        /// Late fee.
        late_fee_amount: Option<Amount> = "lateFeeAmount",
        /// Payoff amount.
        payoff_amount: Option<Amount> = "payoffAmount",
        /// Date of the payoff amount.
        payoff_amount_date: Option<Timestamp> = "payoffAmountDate",
        /// Reference number.
        reference_number: Option<String> = "referenceNumber",
        /// Original maturity date.
        original_maturity_date: Option<Timestamp> = "originalMaturityDate",
        /// Tax payee name.
        tax_payee_name: Option<String> = "taxPayeeName",
        /// Principal balance.
        principal_balance: Option<Amount> = "principalBalance",
        /// Escrow balance.
        escrow_balance: Option<Amount> = "escrowBalance",
        /// Interest rate.
        interest_rate: Option<Amount> = "interestRate",
        /// Interest period.
        interest_period: Option<String> = "interestPeriod",
        /// Initial amount.
        initial_amount: Option<Amount> = "initialAmount",
        /// Initial date.
        initial_date: Option<Timestamp> = "initialDate",
        /// Principal of the next payment.
        next_payment_principal_amount: Option<Amount> = "nextPaymentPrincipalAmount",
        /// Interest of the next payment.
        next_payment_interest_amount: Option<Amount> = "nextPaymentInterestAmount",
        /// Next payment.
        next_payment: Option<Amount> = "nextPayment",
        /// Next payment date.
        next_payment_date: Option<Timestamp> = "nextPaymentDate",
        /// Last payment due date.
        last_payment_due_date: Option<Timestamp> = "lastPaymentDueDate",
        /// Last payment receive date.
        last_payment_receive_date: Option<Timestamp> = "lastPaymentReceiveDate",
        /// Last payment.
        last_payment_amount: Option<Amount> = "lastPaymentAmount",
        /// Principal of the last payment.
        last_payment_principal_amount: Option<Amount> = "lastPaymentPrincipalAmount",
        /// Interest of the last payment.
        last_payment_interest_amount: Option<Amount> = "lastPaymentInterestAmount",
        /// Escrow of the last payment.
        last_payment_escrow_amount: Option<Amount> = "lastPaymentEscrowAmount",
        /// Last fee of the last payment.
        last_payment_last_fee_amount: Option<Amount> = "lastPaymentLastFeeAmount",
        /// Late charge of the last payment.
        last_payment_late_charge: Option<Amount> = "lastPaymentLateCharge",
        /// Principal paid year to date.
        principal_paid_ytd: Option<Amount> = "principalPaidYtd",
        /// Interest paid year to date.
        interest_paid_ytd: Option<Amount> = "interestPaidYtd",
        /// Insurance paid year to date.
        insurance_paid_ytd: Option<Amount> = "insurancePaidYtd",
        /// Tax paid year to date.
        tax_paid_ytd: Option<Amount> = "taxPaidYtd",
        /// Whether automatic payment is on.
        autopay_enrolled: Option<bool> = "autopayEnrolled",
        /// Collateral.
        collateral: Option<String> = "collateral",
        /// Current school (student loans).
        current_school: Option<String> = "currentSchool",
        /// First payment date.
        first_payment_date: Option<Timestamp> = "firstPaymentDate",
        /// Guarantor.
        guarantor: Option<String> = "guarantor",
        /// Whether it is a first mortgage.
        first_mortgage: Option<bool> = "firstMortgage",
        /// Payment frequency, e.g. `MONTHLY`.
        loan_payment_freq: Option<String> = "loanPaymentFreq",
        /// Minimum payment.
        payment_min_amount: Option<Amount> = "paymentMinAmount",
        /// Original school (student loans).
        original_school: Option<String> = "originalSchool",
        /// Recurring payment.
        recurring_payment_amount: Option<Amount> = "recurringPaymentAmount",
        /// Lender.
        lender: Option<String> = "lender",
        /// Ending balance.
        ending_balance_amount: Option<Amount> = "endingBalanceAmount",
        /// Available balance.
        available_balance_amount: Option<Amount> = "availableBalanceAmount",
        /// Term structure.
        loan_term_type: Option<LoanTermType> = "loanTermType",
        /// Number of payments.
        no_of_payments: Option<i32> = "noOfPayments",
        /// Balloon amount.
        balloon_amount: Option<Amount> = "balloonAmount",
        /// Projected interest.
        projected_interest: Option<Amount> = "projectedInterest",
        /// Interest paid over the loan's life.
        interest_paid_ltd: Option<Amount> = "interestPaidLtd",
        /// Interest rate behaviour.
        interest_rate_type: Option<InterestRateType> = "interestRateType",
        /// What payments cover.
        loan_payment_type: Option<LoanPaymentType> = "loanPaymentType",
        /// Payments remaining.
        remaining_payments: Option<i32> = "remainingPayments",
    }
);

account_kind!(
    /// A brokerage, retirement or other investment account.
    InvestmentAccount, "InvestmentAccount", "http://schema.intuit.com/platform/fdatafeed/investmentaccount/v1", {
        /// Kind of investment account.
        investment_account_type: Option<InvestmentAccountType> = "investmentAccountType",
        /// Margin balance.
        interest_margin_balance: Option<Amount> = "interestMarginBalance",
        /// Short balance.
        short_balance: Option<Amount> = "shortBalance",
        /// Available cash.
        available_cash_balance: Option<Amount> = "availableCashBalance",
        /// Current balance.
        current_balance: Option<Amount> = "currentBalance",
        /// Value at maturity.
        maturity_value_amount: Option<Amount> = "maturityValueAmount",
        /// Unvested balance.
        unvested_balance: Option<Amount> = "unvestedBalance",
        /// Vested balance.
        vested_balance: Option<Amount> = "vestedBalance",
        /// Employer match deferred.
        emp_match_defer_amount: Option<Amount> = "empMatchDeferAmount",
        /// Employer match deferred, year to date.
        emp_match_defer_amount_ytd: Option<Amount> = "empMatchDeferAmountYtd",
        /// Employer match.
        emp_match_amount: Option<Amount> = "empMatchAmount",
        /// Employer match, year to date.
        emp_match_amount_ytd: Option<Amount> = "empMatchAmountYtd",
        /// Employee pre-tax contribution.
        emp_pretax_contrib_amount: Option<Amount> = "empPretaxContribAmount",
        /// Employee pre-tax contribution, year to date.
        emp_pretax_contrib_amount_ytd: Option<Amount> = "empPretaxContribAmountYtd",
        /// Rollover.
        rollover_amount: Option<Amount> = "rolloverAmount",
        /// Total contributions, year to date.
        contrib_total_ytd: Option<Amount> = "contribTotalYtd",
        /// Employer match deferred, inception to date.
        emp_match_defer_amount_itd: Option<Amount> = "empMatchDeferAmountItd",
        /// Employer match, inception to date.
        emp_match_amount_itd: Option<Amount> = "empMatchAmountItd",
        /// Rollover, inception to date.
        rollover_itd: Option<Amount> = "rolloverItd",
        /// Cash balance.
        cash_balance_amount: Option<Amount> = "cashBalanceAmount",
        /// Initial loan balance.
        initial_loan_balance: Option<Amount> = "initialLoanBalance",
        /// Loan start date.
        loan_start_date: Option<Timestamp> = "loanStartDate",
        /// Current loan balance.
        current_loan_balance: Option<Amount> = "currentLoanBalance",
        /// Loan rate.
        loan_rate: Option<Amount> = "loanRate",
    }
);

account_kind!(
    /// A rewards (loyalty) program.
    RewardsAccount, "RewardsAccount", "http://schema.intuit.com/platform/fdatafeed/rewardsaccount/v1", {
        /// Kind of rewards account (Java devkit only).
        rewards_account_type: Option<String> = "rewardsAccountType",
        /// Posting date.
        posted_date: Option<Timestamp> = "postedDate",
        /// Program type.
        program_type: Option<String> = "programType",
        /// Original balance.
        original_balance: Option<Amount> = "originalBalance",
        /// Current balance.
        current_balance: Option<Amount> = "currentBalance",
        /// Qualifying amount, year to date.
        reward_qualify_amount_ytd: Option<Amount> = "rewardQualifyAmountYtd",
        /// Rewards earned over the account's life.
        reward_lifetime_earned: Option<Amount> = "rewardLifetimeEarned",
        /// Segment, year to date.
        segment_ytd: Option<Amount> = "segmentYtd",
    }
);

account_kind!(
    /// An account whose kind Intuit could not tell; the only kind whose type may be changed
    /// with [`Client::update_account_type`](crate::Client::update_account_type).
    OtherAccount, "OtherAccount", "http://schema.intuit.com/platform/fdatafeed/otheraccount/v1", {}
);

/// One account of any kind.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum Account {
    /// A deposit account.
    Banking(BankingAccount),
    /// A credit card or line of credit.
    Credit(CreditAccount),
    /// A loan (boxed: it has three times the fields of the other kinds).
    Loan(Box<LoanAccount>),
    /// An investment account.
    Investment(InvestmentAccount),
    /// A rewards program.
    Rewards(RewardsAccount),
    /// An account of unknown kind.
    Other(OtherAccount),
}

macro_rules! base_accessor {
    ($(#[$meta:meta])* $field:ident : $ty:ty) => {
        $(#[$meta])*
        pub fn $field(&self) -> $ty {
            match self {
                Account::Banking(a) => a.$field.as_ref(),
                Account::Credit(a) => a.$field.as_ref(),
                Account::Loan(a) => a.$field.as_ref(),
                Account::Investment(a) => a.$field.as_ref(),
                Account::Rewards(a) => a.$field.as_ref(),
                Account::Other(a) => a.$field.as_ref(),
            }
        }
    };
}

impl Account {
    /// The account's id.
    pub fn account_id(&self) -> &AccountId {
        match self {
            Account::Banking(a) => &a.account_id,
            Account::Credit(a) => &a.account_id,
            Account::Loan(a) => &a.account_id,
            Account::Investment(a) => &a.account_id,
            Account::Rewards(a) => &a.account_id,
            Account::Other(a) => &a.account_id,
        }
    }

    base_accessor!(
        /// The account number, as sent.
        account_number: Option<&String>
    );
    base_accessor!(
        /// The user's name for the account.
        account_nickname: Option<&String>
    );
    base_accessor!(
        /// The balance.
        balance_amount: Option<&Amount>
    );
    base_accessor!(
        /// The currency.
        currency_code: Option<&String>
    );
    base_accessor!(
        /// The institution login giving access to the account.
        institution_login_id: Option<&LoginId>
    );
    base_accessor!(
        /// The institution.
        institution_id: Option<&InstitutionId>
    );
    base_accessor!(
        /// The status (`ACTIVE`…).
        status: Option<&String>
    );
    base_accessor!(
        /// Outcome of the last aggregation.
        aggr_status_code: Option<&String>
    );

    /// Where the institution displays the account.
    pub fn display_position(&self) -> Option<i32> {
        match self {
            Account::Banking(a) => a.display_position,
            Account::Credit(a) => a.display_position,
            Account::Loan(a) => a.display_position,
            Account::Investment(a) => a.display_position,
            Account::Rewards(a) => a.display_position,
            Account::Other(a) => a.display_position,
        }
    }

    /// The element name of the account's kind (`"BankingAccount"`, …).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Account::Banking(_) => "BankingAccount",
            Account::Credit(_) => "CreditAccount",
            Account::Loan(_) => "LoanAccount",
            Account::Investment(_) => "InvestmentAccount",
            Account::Rewards(_) => "RewardsAccount",
            Account::Other(_) => "OtherAccount",
        }
    }

    /// The account's kind-specific type, as Intuit spells it (`CHECKING`, `CREDITCARD`, …).
    pub fn type_name(&self) -> Option<&str> {
        match self {
            Account::Banking(a) => a.banking_account_type.as_ref().map(|t| t.as_str()),
            Account::Credit(a) => a.credit_account_type.as_ref().map(|t| t.as_str()),
            Account::Loan(a) => a.loan_type.as_ref().map(|t| t.as_str()),
            Account::Investment(a) => a.investment_account_type.as_ref().map(|t| t.as_str()),
            Account::Rewards(a) => a.rewards_account_type.as_deref(),
            Account::Other(_) => None,
        }
    }
}

/// The accounts of a customer or of a login, in document order (GET /accounts,
/// GET /logins/{id}/accounts, GET /accounts/{id}, and the 201 of a discovery).
///
/// ```
/// use intuit_aggcat::models::{Account, AccountList};
///
/// let body = br#"<ns8:AccountList xmlns="http://schema.intuit.com/platform/fdatafeed/account/v1"
///     xmlns:ns3="http://schema.intuit.com/platform/fdatafeed/creditaccount/v1"
///     xmlns:ns8="http://schema.intuit.com/platform/fdatafeed/accountlist/v1">
///   <ns3:CreditAccount><accountId>400004530271</accountId><accountNumber>0041</accountNumber>
///     <ns3:creditAccountType>CREDITCARD</ns3:creditAccountType></ns3:CreditAccount>
/// </ns8:AccountList>"#;
/// let list = AccountList::from_xml(body)?;
/// assert_eq!(list.accounts.len(), 1);
/// assert_eq!(list.accounts[0].account_number().map(String::as_str), Some("0041"));
/// assert!(matches!(&list.accounts[0], Account::Credit(c) if c.credit_account_type.is_some()));
/// # Ok::<_, intuit_aggcat::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct AccountList {
    /// The accounts, in the order sent.
    pub accounts: Vec<Account>,
}

impl YaDeserialize for AccountList {
    fn deserialize<R: Read>(reader: &mut yaserde::de::Deserializer<R>) -> yaserde::Result<Self> {
        list::open_list(reader, "AccountList")?;
        let mut accounts = Vec::new();
        while let list::Child::Element {
            local_name,
            namespace,
        } = list::next_child(reader)?
        {
            if !list::intuit_namespace(namespace.as_deref()) {
                list::skip_child(reader)?;
                continue;
            }
            let account = match local_name.as_str() {
                "BankingAccount" => Account::Banking(list::read_child(reader)?),
                "CreditAccount" => Account::Credit(list::read_child(reader)?),
                "LoanAccount" => Account::Loan(Box::new(list::read_child(reader)?)),
                "InvestmentAccount" => Account::Investment(list::read_child(reader)?),
                "RewardsAccount" => Account::Rewards(list::read_child(reader)?),
                "OtherAccount" => Account::Other(list::read_child(reader)?),
                _ => {
                    list::skip_child(reader)?;
                    continue;
                }
            };
            accounts.push(account);
        }
        Ok(AccountList { accounts })
    }
}
