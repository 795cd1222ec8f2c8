//! The new type of an account for `update_account_type` (the seed's table of names and types).

use yaserde::YaSerialize;

use crate::error::Error;
use crate::models::{BankingAccountType, CreditAccountType, InvestmentAccountType, LoanType};

/// What an account really is, for an account Intuit could only classify as "Other".
///
/// | name | types |
/// |---|---|
/// | banking | checking, savings, moneymrkt, cd, cashmanagement, overdraft (and recurringdeposit) |
/// | credit | creditcard, lineofcredit, other |
/// | loan | loan, auto, commercial, constr, consumer, homeequity, military, mortgage, smb, student |
/// | investment | taxable, 401k, brokerage, ira, 403b, keogh, trust, tda, simple, normal, sarsep, ugma, other |
///
/// ```
/// use intuit_aggcat::{AccountType, models::InvestmentAccountType};
///
/// let t = AccountType::from_name_and_type("investment", "403b")?;
/// assert_eq!(t, AccountType::Investment(InvestmentAccountType::Plan403B));
/// assert!(AccountType::from_name_and_type("investment", "pension").is_err());
/// # Ok::<_, intuit_aggcat::Error>(())
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountType {
    /// A deposit account.
    Banking(BankingAccountType),
    /// A credit account.
    Credit(CreditAccountType),
    /// A loan.
    Loan(LoanType),
    /// An investment account.
    Investment(InvestmentAccountType),
}

impl AccountType {
    /// Reads the seed's (python-aggcat's) `account_name` and `account_type` strings, case
    /// insensitively; values outside the table are refused.
    pub fn from_name_and_type(name: &str, account_type: &str) -> Result<Self, Error> {
        let parsed = match name.trim().to_ascii_lowercase().as_str() {
            "banking" => AccountType::Banking(account_type.parse().unwrap_or_else(|n| match n {})),
            "credit" => AccountType::Credit(account_type.parse().unwrap_or_else(|n| match n {})),
            "loan" => AccountType::Loan(account_type.parse().unwrap_or_else(|n| match n {})),
            "investment" => {
                AccountType::Investment(account_type.parse().unwrap_or_else(|n| match n {}))
            }
            other => {
                return Err(Error::invalid_request(format!(
                    "unknown account name {other:?}: expected banking, credit, loan or investment"
                )))
            }
        };
        parsed.checked()
    }

    /// The type as Intuit spells it (`CHECKING`, `403B`, …).
    pub fn type_str(&self) -> &str {
        match self {
            AccountType::Banking(t) => t.as_str(),
            AccountType::Credit(t) => t.as_str(),
            AccountType::Loan(t) => t.as_str(),
            AccountType::Investment(t) => t.as_str(),
        }
    }

    /// Refuses values outside the known enumerations (`Other(_)`).
    pub(crate) fn checked(self) -> Result<Self, Error> {
        let unknown = match &self {
            AccountType::Banking(BankingAccountType::Other(v))
            | AccountType::Credit(CreditAccountType::Other(v))
            | AccountType::Loan(LoanType::Other(v))
            | AccountType::Investment(InvestmentAccountType::Other(v)) => Some(v.clone()),
            _ => None,
        };
        match unknown {
            Some(v) => Err(Error::invalid_request(format!(
                "unknown account type {v:?}"
            ))),
            None => Ok(self),
        }
    }

    /// The request body: the kind's element in its namespace with only its type field.
    pub(crate) fn to_xml(&self) -> Result<String, Error> {
        let config = yaserde::ser::Config {
            perform_indent: false,
            write_document_declaration: false,
            indent_string: None,
        };
        let result = match self {
            AccountType::Banking(t) => yaserde::ser::to_string_with_config(
                &BankingUpdate {
                    banking_account_type: t.clone(),
                },
                &config,
            ),
            AccountType::Credit(t) => yaserde::ser::to_string_with_config(
                &CreditUpdate {
                    credit_account_type: t.clone(),
                },
                &config,
            ),
            AccountType::Loan(t) => yaserde::ser::to_string_with_config(
                &LoanUpdate {
                    loan_type: t.clone(),
                },
                &config,
            ),
            AccountType::Investment(t) => yaserde::ser::to_string_with_config(
                &InvestmentUpdate {
                    investment_account_type: t.clone(),
                },
                &config,
            ),
        };
        result.map_err(|e| Error::invalid_request(format!("cannot write the body: {e}")))
    }
}

#[derive(YaSerialize)]
#[yaserde(
    rename = "BankingAccount",
    prefix = "b",
    default_namespace = "b",
    namespaces = { "b" = "http://schema.intuit.com/platform/fdatafeed/bankingaccount/v1" }
)]
struct BankingUpdate {
    #[yaserde(rename = "bankingAccountType", prefix = "b")]
    banking_account_type: BankingAccountType,
}

#[derive(YaSerialize)]
#[yaserde(
    rename = "CreditAccount",
    prefix = "c",
    default_namespace = "c",
    namespaces = { "c" = "http://schema.intuit.com/platform/fdatafeed/creditaccount/v1" }
)]
struct CreditUpdate {
    #[yaserde(rename = "creditAccountType", prefix = "c")]
    credit_account_type: CreditAccountType,
}

#[derive(YaSerialize)]
#[yaserde(
    rename = "LoanAccount",
    prefix = "l",
    default_namespace = "l",
    namespaces = { "l" = "http://schema.intuit.com/platform/fdatafeed/loanaccount/v1" }
)]
struct LoanUpdate {
    #[yaserde(rename = "loanType", prefix = "l")]
    loan_type: LoanType,
}

#[derive(YaSerialize)]
#[yaserde(
    rename = "InvestmentAccount",
    prefix = "i",
    default_namespace = "i",
    namespaces = { "i" = "http://schema.intuit.com/platform/fdatafeed/investmentaccount/v1" }
)]
struct InvestmentUpdate {
    #[yaserde(rename = "investmentAccountType", prefix = "i")]
    investment_account_type: InvestmentAccountType,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_and_type_of_the_seed_table_is_known() {
        let table = [
            (
                "banking",
                "checking savings moneymrkt cd cashmanagement overdraft",
            ),
            ("credit", "creditcard lineofcredit other"),
            (
                "loan",
                "loan auto commercial constr consumer homeequity military mortgage smb student",
            ),
            (
                "investment",
                "taxable 401k brokerage ira 403b keogh trust tda simple normal sarsep ugma other",
            ),
        ];
        for (name, types) in table {
            for t in types.split(' ') {
                let parsed = AccountType::from_name_and_type(name, t).unwrap();
                assert_eq!(parsed.type_str(), t.to_ascii_uppercase());
            }
        }
        assert!(AccountType::from_name_and_type("rewards", "x").is_err());
    }

    #[test]
    fn bodies_are_the_kind_element_with_its_type() {
        assert_eq!(
            AccountType::Banking(BankingAccountType::Checking)
                .to_xml()
                .unwrap(),
            r#"<BankingAccount xmlns="http://schema.intuit.com/platform/fdatafeed/bankingaccount/v1"><bankingAccountType>CHECKING</bankingAccountType></BankingAccount>"#
        );
        assert_eq!(
            AccountType::Loan(LoanType::Auto).to_xml().unwrap(),
            r#"<LoanAccount xmlns="http://schema.intuit.com/platform/fdatafeed/loanaccount/v1"><loanType>AUTO</loanType></LoanAccount>"#
        );
        assert_eq!(
            AccountType::Investment(InvestmentAccountType::Plan401K)
                .to_xml()
                .unwrap(),
            r#"<InvestmentAccount xmlns="http://schema.intuit.com/platform/fdatafeed/investmentaccount/v1"><investmentAccountType>401K</investmentAccountType></InvestmentAccount>"#
        );
    }
}
