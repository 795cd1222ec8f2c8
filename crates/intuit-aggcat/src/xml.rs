//! What every payload family shares: namespace URIs, scalar types that decode leniently
//! (amounts, timestamps, open enums), and the decoding entry point.
//!
//! Decoding matches elements by namespace URI and local name, never by prefix: Intuit's JAXB
//! responses assign `ns2`…`ns9` differently from one response to the next.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use yaserde::YaDeserialize;

/// The namespace URIs of Intuit's payload families (`http://schema.intuit.com/platform/fdatafeed/<x>/v1`).
pub mod ns {
    /// The prefix shared by every Intuit namespace URI.
    pub const BASE: &str = "http://schema.intuit.com/platform/fdatafeed/";
    /// `Status`, `errorInfo`, address fields.
    pub const COMMON: &str = "http://schema.intuit.com/platform/fdatafeed/common/v1";
    /// `Institutions`, `InstitutionDetail` and their children.
    pub const INSTITUTION: &str = "http://schema.intuit.com/platform/fdatafeed/institution/v1";
    /// `InstitutionLogin` (requests).
    pub const INSTITUTION_LOGIN: &str =
        "http://schema.intuit.com/platform/fdatafeed/institutionlogin/v1";
    /// `Challenges` and challenge answers.
    pub const CHALLENGE: &str = "http://schema.intuit.com/platform/fdatafeed/challenge/v1";
    /// The `AccountList` root.
    pub const ACCOUNT_LIST: &str = "http://schema.intuit.com/platform/fdatafeed/accountlist/v1";
    /// Base fields of every account kind.
    pub const ACCOUNT: &str = "http://schema.intuit.com/platform/fdatafeed/account/v1";
    /// `BankingAccount`.
    pub const BANKING_ACCOUNT: &str =
        "http://schema.intuit.com/platform/fdatafeed/bankingaccount/v1";
    /// `CreditAccount`.
    pub const CREDIT_ACCOUNT: &str = "http://schema.intuit.com/platform/fdatafeed/creditaccount/v1";
    /// `LoanAccount`.
    pub const LOAN_ACCOUNT: &str = "http://schema.intuit.com/platform/fdatafeed/loanaccount/v1";
    /// `InvestmentAccount`.
    pub const INVESTMENT_ACCOUNT: &str =
        "http://schema.intuit.com/platform/fdatafeed/investmentaccount/v1";
    /// `RewardsAccount`.
    pub const REWARDS_ACCOUNT: &str =
        "http://schema.intuit.com/platform/fdatafeed/rewardsaccount/v1";
    /// `OtherAccount`.
    pub const OTHER_ACCOUNT: &str = "http://schema.intuit.com/platform/fdatafeed/otheraccount/v1";
    /// The `TransactionList` root.
    pub const TRANSACTION_LIST: &str =
        "http://schema.intuit.com/platform/fdatafeed/transactionlist/v1";
    /// Base fields of every transaction kind and their categorization.
    pub const TRANSACTION: &str = "http://schema.intuit.com/platform/fdatafeed/transaction/v1";
    /// `BankingTransaction`.
    pub const BANKING_TRANSACTION: &str =
        "http://schema.intuit.com/platform/fdatafeed/bnktransaction/v1";
    /// `CreditCardTransaction`.
    pub const CREDIT_CARD_TRANSACTION: &str =
        "http://schema.intuit.com/platform/fdatafeed/cctransaction/v1";
    /// `InvestmentBankingTransaction`.
    pub const INVESTMENT_BANKING_TRANSACTION: &str =
        "http://schema.intuit.com/platform/fdatafeed/ibnktransaction/v1";
    /// `LoanTransaction`.
    pub const LOAN_TRANSACTION: &str =
        "http://schema.intuit.com/platform/fdatafeed/loantransaction/v1";
    /// `InvestmentTransaction`.
    pub const INVESTMENT_TRANSACTION: &str =
        "http://schema.intuit.com/platform/fdatafeed/invtransaction/v1";
    /// `RewardsTransaction`.
    pub const REWARDS_TRANSACTION: &str =
        "http://schema.intuit.com/platform/fdatafeed/rewardstransaction/v1";
    /// `InvestmentPositions`, `position`.
    pub const INVESTMENT_POSITION: &str =
        "http://schema.intuit.com/platform/fdatafeed/invposition/v1";
    /// Security details inside positions and investment transactions.
    pub const SECURITY_INFO: &str = "http://schema.intuit.com/platform/fdatafeed/securityinfo/v1";
    /// The loan namespace some clients used when *sending* a loan type update (not in any XSD).
    pub const LOAN: &str = "http://schema.intuit.com/platform/fdatafeed/loan/v1";
}

/// Why a response body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub(crate) expected: &'static str,
    pub(crate) detail: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot decode {}: {}", self.expected, self.detail)
    }
}

impl std::error::Error for DecodeError {}

/// The local name and namespace URI of a document's root element, read without decoding it.
pub(crate) fn root_element(body: &[u8]) -> Option<(String, Option<String>)> {
    let reader = yaserde::__xml::reader::EventReader::new(body);
    for event in reader {
        match event {
            Ok(yaserde::__xml::reader::XmlEvent::StartElement { name, .. }) => {
                return Some((name.local_name, name.namespace));
            }
            Ok(_) => continue,
            Err(_) => return None,
        }
    }
    None
}

/// Rewrites the root's default namespace declaration to `expected` when it names another Intuit
/// namespace. Intuit's documentation samples (and the clients' test fixtures modelled on them)
/// put `Institutions` and `InstitutionDetail` in `account/v1`; the live service used
/// `institution/v1`. Only the root start tag is looked at, and the body is copied only when it
/// changes.
pub(crate) fn normalize_default_namespace<'a>(body: &'a [u8], expected: &str) -> Cow<'a, [u8]> {
    let Some(tag) = root_start_tag(body) else {
        return Cow::Borrowed(body);
    };
    let head = &body[tag.clone()];
    let needle = b"xmlns=\"";
    let Some(at) = find(head, needle) else {
        return Cow::Borrowed(body);
    };
    let value_start = tag.start + at + needle.len();
    let Some(len) = body[value_start..tag.end].iter().position(|&b| b == b'"') else {
        return Cow::Borrowed(body);
    };
    let value = &body[value_start..value_start + len];
    if value == expected.as_bytes() || !value.starts_with(ns::BASE.as_bytes()) {
        return Cow::Borrowed(body);
    }
    let mut fixed = Vec::with_capacity(body.len() + expected.len());
    fixed.extend_from_slice(&body[..value_start]);
    fixed.extend_from_slice(expected.as_bytes());
    fixed.extend_from_slice(&body[value_start + len..]);
    Cow::Owned(fixed)
}

/// Removes, from the root start tag, the `xmlns:p="…"` declarations whose prefix `p` is used
/// nowhere in the document.
///
/// Intuit's JAXB responses declare every namespace of a family on the root (nine for a
/// transaction list) although a response uses three or four; the XML reader copies the whole
/// in-scope namespace map into every start-element event, so unused declarations cost about a
/// third of the decoding time of a large list. A prefix counts as used wherever `p:` appears
/// (element names, attribute names, QName values), so removing the others changes nothing.
pub(crate) fn prune_unused_declarations(body: &[u8]) -> Cow<'_, [u8]> {
    let Some(tag) = root_start_tag(body) else {
        return Cow::Borrowed(body);
    };
    let used = used_prefixes(body, &tag);
    let head = &body[tag.clone()];
    let mut unused: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while let Some(at) = find(&head[i..], b" xmlns:") {
        let start = i + at;
        let name_start = start + b" xmlns:".len();
        let Some(eq) = head[name_start..].iter().position(|&b| b == b'=') else {
            break;
        };
        let prefix = &head[name_start..name_start + eq];
        let quote_at = name_start + eq + 1;
        let Some(&quote) = head.get(quote_at) else {
            break;
        };
        let Some(len) = head[quote_at + 1..].iter().position(|&b| b == quote) else {
            break;
        };
        let end = quote_at + 1 + len + 1;
        if !used.iter().any(|p| p.as_slice() == prefix) {
            unused.push(tag.start + start..tag.start + end);
        }
        i = end;
    }
    if unused.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut pruned = Vec::with_capacity(body.len());
    let mut from = 0;
    for range in unused {
        pruned.extend_from_slice(&body[from..range.start]);
        from = range.end;
    }
    pruned.extend_from_slice(&body[from..]);
    Cow::Owned(pruned)
}

/// Every `p` such that `p:` appears in the document, except as the `xmlns:` of a declaration.
fn used_prefixes(body: &[u8], root_tag: &std::ops::Range<usize>) -> Vec<Vec<u8>> {
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let mut used: Vec<Vec<u8>> = Vec::new();
    for (at, _) in body.iter().enumerate().filter(|(_, &b)| b == b':') {
        let mut start = at;
        while start > 0 && is_name(body[start - 1]) {
            start -= 1;
        }
        let token = &body[start..at];
        if token.is_empty() || token == b"xmlns" {
            continue;
        }
        // Inside the root tag, the names after `xmlns:` are declarations, not uses.
        if root_tag.contains(&at) && start >= 6 && &body[start - 6..start] == b"xmlns:" {
            continue;
        }
        if !used.iter().any(|p| p.as_slice() == token) {
            used.push(token.to_vec());
        }
    }
    used
}

/// The byte range of the root element's start tag (from `<` to `>`).
fn root_start_tag(body: &[u8]) -> Option<std::ops::Range<usize>> {
    let mut i = 0;
    while i < body.len() {
        let open = i + body[i..].iter().position(|&b| b == b'<')?;
        let next = *body.get(open + 1)?;
        let close = open + body[open..].iter().position(|&b| b == b'>')?;
        if next != b'?' && next != b'!' {
            return Some(open..close);
        }
        i = close + 1;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Decodes a whole document into `T` with yaserde.
pub(crate) fn decode<T: YaDeserialize>(
    body: &[u8],
    expected: &'static str,
) -> Result<T, DecodeError> {
    let mut deserializer = yaserde::de::Deserializer::new_from_reader(body);
    T::deserialize(&mut deserializer).map_err(|e| DecodeError {
        expected,
        detail: describe(&e),
    })
}

/// A yaserde error with the path of fields it happened in (`balanceAmount: …`).
fn describe(error: &yaserde::Error) -> String {
    match error {
        yaserde::Error::Field { name, source } => format!("{name}: {}", describe(source)),
        other => other.to_string(),
    }
}

// -------------------------------------------------------------------------------------------
// Scalars

/// An amount of money, as the exact decimal Intuit sent (`-811.52`, `90227.20`, `1000`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, yaserde::DefaultYaSerde)]
pub struct Amount(pub Decimal);

impl Amount {
    /// The value.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Amount {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Decimal::from_str(s)
            .or_else(|_| Decimal::from_scientific(s))
            .map(Amount)
            .map_err(|_| format!("{s:?} is not a decimal amount"))
    }
}

impl From<Decimal> for Amount {
    fn from(value: Decimal) -> Self {
        Amount(value)
    }
}

/// A point in time as Intuit sent it (`2013-08-11T08:52:26.397-07:00`, with or without
/// milliseconds, always with an offset in practice); see [`bankapi_core::Timestamp`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, yaserde::DefaultYaSerde)]
pub struct Timestamp(pub bankapi_core::Timestamp);

impl Timestamp {
    /// The timestamp as the workspace-wide type.
    pub fn get(self) -> bankapi_core::Timestamp {
        self.0
    }

    /// The date part, as sent (local to the offset Intuit gave).
    pub fn date(self) -> chrono::NaiveDate {
        self.0.date()
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Timestamp {
    type Err = bankapi_core::lenient::TimestampParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Timestamp)
    }
}

impl std::ops::Deref for Timestamp {
    type Target = bankapi_core::Timestamp;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// Declares an open enumeration: known values as variants, anything else kept verbatim in
/// `Other(String)` (never a decode error), decoded and encoded through `FromStr`/`Display`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, yaserde::DefaultYaSerde)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate does not know, as sent.
            Other(String),
        }

        impl $name {
            /// The value as Intuit spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Other(other) => other.as_str(),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim();
                Ok(match s {
                    $( $text => $name::$variant, )+
                    other => {
                        // Some clients sent lower-case values; accept them as the known variant.
                        $( if other.eq_ignore_ascii_case($text) { return Ok($name::$variant); } )+
                        $name::Other(other.to_owned())
                    }
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Other(String::new())
            }
        }
    };
}
pub(crate) use open_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_namespace_of_doc_samples_is_normalized() {
        let body = br#"<?xml version="1.0"?><Institutions xmlns="http://schema.intuit.com/platform/fdatafeed/account/v1"><institution/></Institutions>"#;
        let fixed = normalize_default_namespace(body, ns::INSTITUTION);
        assert!(std::str::from_utf8(&fixed).unwrap().contains(
            r#"<Institutions xmlns="http://schema.intuit.com/platform/fdatafeed/institution/v1">"#
        ));
        let right = normalize_default_namespace(&fixed, ns::INSTITUTION);
        assert!(matches!(right, Cow::Borrowed(_)));
        let foreign = br#"<Institutions xmlns="urn:other"/>"#;
        assert!(matches!(
            normalize_default_namespace(foreign, ns::INSTITUTION),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn unused_namespace_declarations_are_pruned() {
        let body = br#"<?xml version="1.0"?><ns9:L xmlns="urn:d" xmlns:ns2="urn:two" xmlns:ns3="urn:three" xmlns:ns4="urn:four" xmlns:ns9="urn:list"><ns3:T a="ns4:x"><t>12:30</t></ns3:T></ns9:L>"#;
        let pruned = prune_unused_declarations(body);
        assert_eq!(
            std::str::from_utf8(&pruned).unwrap(),
            r#"<?xml version="1.0"?><ns9:L xmlns="urn:d" xmlns:ns3="urn:three" xmlns:ns4="urn:four" xmlns:ns9="urn:list"><ns3:T a="ns4:x"><t>12:30</t></ns3:T></ns9:L>"#
        );
        let again = prune_unused_declarations(&pruned);
        assert!(matches!(again, Cow::Borrowed(_)));
    }

    #[test]
    fn amounts_and_timestamps_parse_as_sent() {
        assert_eq!(
            "90227.20".parse::<Amount>().unwrap().to_string(),
            "90227.20"
        );
        assert_eq!("-811.52".parse::<Amount>().unwrap().to_string(), "-811.52");
        assert!("abc".parse::<Amount>().is_err());
        let ts: Timestamp = "2013-08-11T08:52:26.397-07:00".parse().unwrap();
        assert_eq!(ts.to_string(), "2013-08-11T08:52:26.397-07:00");
        assert_eq!(ts.date().to_string(), "2013-08-11");
    }

    #[test]
    fn root_element_is_read_by_uri() {
        let (name, uri) =
            root_element(br#"<?xml version="1.0"?><a:Status xmlns:a="urn:x"/>"#).unwrap();
        assert_eq!((name.as_str(), uri.as_deref()), ("Status", Some("urn:x")));
    }
}
