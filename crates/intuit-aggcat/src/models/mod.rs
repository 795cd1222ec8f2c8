//! The XML payloads, decoded with yaserde.
//!
//! Each response family has a `from_xml` that checks the root element, turns an Intuit `Status`
//! error body into an [`Error`], and decodes the rest by namespace URI. Unknown
//! elements are skipped and unknown enumeration values kept (`Other(String)`).

mod account;
mod challenge;
mod institution;
pub(crate) mod list;
pub(crate) mod login;
mod position;
mod security;
mod status;
mod transaction;

pub use account::{
    Account, AccountList, BankingAccount, BankingAccountType, CreditAccount, CreditAccountType,
    InterestRateType, InvestmentAccount, InvestmentAccountType, LoanAccount, LoanPaymentType,
    LoanTermType, LoanType, OtherAccount, RewardsAccount,
};
pub use challenge::{Challenges, RawChallenge, RawChoice};
pub use institution::{Address, Institution, InstitutionDetail, Institutions, Key, Keys};
pub use position::{InvestmentPositions, Position};
pub use security::{InvSecurityType, SecurityInfo};
pub use status::{ErrorInfo, ErrorType, Status};
pub use transaction::{
    Banking401KSourceType, BankingTransaction, Categorization, CategorizationCommon,
    CategorizationContext, CategorizationSource, CorrectAction, CreditCardTransaction,
    InvestmentBankingTransaction, InvestmentTransaction, LoanTransaction, NotRefreshedReason,
    RewardsTransaction, SubaccountFundType, Transaction, TransactionList,
};

use crate::error::Error;
use crate::xml::{self, ns};

/// Decodes `body` as the family rooted at `root`, after checking that it is not a `Status`.
fn decode_family<T: yaserde::YaDeserialize>(
    body: &[u8],
    root: &'static str,
    default_namespace: Option<&str>,
) -> Result<T, Error> {
    match xml::root_element(body) {
        Some((name, _)) if name == "Status" => {
            let status: Status = xml::decode(body, "Status")?;
            return Err(Error::from_status_body(status));
        }
        Some((name, _)) if name != root => {
            return Err(Error::decode(
                root,
                format!("the root element is {name}, not {root}"),
            ))
        }
        Some(_) => {}
        None => return Err(Error::decode(root, "the body is not an XML document")),
    }
    let body = xml::prune_unused_declarations(body);
    match default_namespace {
        Some(expected) => xml::decode(&xml::normalize_default_namespace(&body, expected), root),
        None => xml::decode(&body, root),
    }
    .map_err(Error::from)
}

macro_rules! from_xml {
    ($ty:ty, $root:literal, $ns:expr) => {
        impl $ty {
            /// Decodes a response body of this family (see the [module docs](crate::models)).
            pub fn from_xml(body: &[u8]) -> Result<Self, Error> {
                decode_family(body, $root, $ns)
            }
        }
    };
}

from_xml!(Institutions, "Institutions", Some(ns::INSTITUTION));
from_xml!(
    InstitutionDetail,
    "InstitutionDetail",
    Some(ns::INSTITUTION)
);
from_xml!(AccountList, "AccountList", None);
from_xml!(TransactionList, "TransactionList", None);
from_xml!(InvestmentPositions, "InvestmentPositions", None);
from_xml!(Challenges, "Challenges", None);

impl Status {
    /// Decodes an error body.
    pub fn from_xml(body: &[u8]) -> Result<Self, Error> {
        xml::decode(body, "Status").map_err(Error::from)
    }
}
