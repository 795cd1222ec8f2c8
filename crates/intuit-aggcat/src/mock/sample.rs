//! Answer bodies as Intuit writes them: XML in the fdatafeed namespaces, declared the way JAXB
//! declares them (prefixes `ns2`, `ns3`, … whose order changes from answer to answer).
//!
//! The crate's response models only decode, so answers are built from the small typed values
//! here ([`Account`], [`Transaction`], [`Question`], …) by the functions that write their
//! documents ([`account_list`], [`transaction_list`], [`challenges`], …). The typed helpers of
//! [`operations`](super::operations) take the values; the functions are public for answers of
//! one's own.
//!
//! ```
//! use intuit_aggcat::mock::sample::{self, Account, AccountKind};
//! use intuit_aggcat::models::AccountList;
//!
//! let xml = sample::account_list(&[Account::new(AccountKind::Banking, "1001", "CHECKING", "My Checking", "12.50")]);
//! let list = AccountList::from_xml(xml.as_bytes()).unwrap();
//! assert_eq!(list.accounts[0].account_nickname().map(String::as_str), Some("My Checking"));
//! ```

use std::fmt::Write as _;

use base64::Engine;
use chrono::NaiveDate;

use super::{INSTITUTION_ID, LOGIN_ID};

const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const NS: &str = "http://schema.intuit.com/platform/fdatafeed";

/// Escapes text for an XML element.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An institution of an `Institutions` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Institution {
    /// `institutionId`.
    pub id: String,
    /// `institutionName`.
    pub name: String,
    /// `homeUrl`.
    pub home_url: Option<String>,
    /// `phoneNumber`.
    pub phone_number: Option<String>,
}

impl Institution {
    /// An institution without home page or phone number.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Institution {
            id: id.into(),
            name: name.into(),
            home_url: None,
            phone_number: None,
        }
    }

    /// With a home page.
    pub fn with_home_url(mut self, url: impl Into<String>) -> Self {
        self.home_url = Some(url.into());
        self
    }

    /// With a phone number.
    pub fn with_phone_number(mut self, phone: impl Into<String>) -> Self {
        self.phone_number = Some(phone.into());
        self
    }

    fn write_fields(&self, xml: &mut String) {
        let _ = write!(
            xml,
            "<institutionId>{}</institutionId><institutionName>{}</institutionName>",
            escape(&self.id),
            escape(&self.name)
        );
        if let Some(url) = &self.home_url {
            let _ = write!(xml, "<homeUrl>{}</homeUrl>", escape(url));
        }
        if let Some(phone) = &self.phone_number {
            let _ = write!(xml, "<phoneNumber>{}</phoneNumber>", escape(phone));
        }
        xml.push_str("<virtual>false</virtual>");
    }
}

/// `GET /institutions`: an `Institutions` document.
pub fn institutions(list: &[Institution]) -> String {
    let mut xml = format!(r#"{DECLARATION}<Institutions xmlns="{NS}/institution/v1">"#);
    for institution in list {
        xml.push_str("<institution>");
        institution.write_fields(&mut xml);
        xml.push_str("</institution>");
    }
    xml.push_str("</Institutions>");
    xml
}

/// A login key of an institution (a field of its login form, or a hidden setting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialKey {
    /// `name`: what [`Credentials::with`](crate::Credentials::with) takes.
    pub name: String,
    /// `displayOrder`.
    pub display_order: u32,
    /// `mask`: a secret.
    pub mask: bool,
    /// `displayFlag`: shown to the user.
    pub display: bool,
    /// `instructions`.
    pub instructions: String,
}

impl CredentialKey {
    /// A shown, unmasked key.
    pub fn new(name: impl Into<String>, display_order: u32) -> Self {
        let name = name.into();
        CredentialKey {
            instructions: format!("Enter {name}"),
            name,
            display_order,
            mask: false,
            display: true,
        }
    }

    /// Masked (a password).
    pub fn masked(mut self) -> Self {
        self.mask = true;
        self
    }

    /// Not shown (a setting such as `TAX_AGGR_ENABLED`).
    pub fn hidden(mut self) -> Self {
        self.display = false;
        self
    }

    /// With these instructions.
    pub fn with_instructions(mut self, instructions: impl Into<String>) -> Self {
        self.instructions = instructions.into();
        self
    }
}

/// An institution's postal address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// `address1`.
    pub address1: String,
    /// `city`.
    pub city: String,
    /// `state`.
    pub state: String,
    /// `postalCode`.
    pub postal_code: String,
    /// `country`.
    pub country: String,
}

/// `GET /institutions/{id}`: an institution with its login keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionDetail {
    /// The institution.
    pub institution: Institution,
    /// `address`.
    pub address: Option<Address>,
    /// `emailAddress`.
    pub email_address: Option<String>,
    /// `keys`.
    pub keys: Vec<CredentialKey>,
}

impl InstitutionDetail {
    /// An institution with these keys.
    pub fn new(institution: Institution, keys: Vec<CredentialKey>) -> Self {
        InstitutionDetail {
            institution,
            address: None,
            email_address: None,
            keys,
        }
    }
}

/// `GET /institutions/{id}`: an `InstitutionDetail` document.
pub fn institution_detail(detail: &InstitutionDetail) -> String {
    let mut xml = format!(
        r#"{DECLARATION}<InstitutionDetail xmlns="{NS}/institution/v1" xmlns:ns2="{NS}/common/v1">"#
    );
    detail.institution.write_fields(&mut xml);
    if let Some(a) = &detail.address {
        let _ = write!(
            xml,
            "<address><ns2:address1>{}</ns2:address1><ns2:city>{}</ns2:city><ns2:state>{}</ns2:state><ns2:postalCode>{}</ns2:postalCode><ns2:country>{}</ns2:country></address>",
            escape(&a.address1),
            escape(&a.city),
            escape(&a.state),
            escape(&a.postal_code),
            escape(&a.country)
        );
    }
    if let Some(email) = &detail.email_address {
        let _ = write!(xml, "<emailAddress>{}</emailAddress>", escape(email));
    }
    xml.push_str("<currencyCode>USD</currencyCode><keys>");
    for key in &detail.keys {
        let _ = write!(
            xml,
            "<key><name>{}</name><status>Active</status><valueLengthMin>1</valueLengthMin><valueLengthMax>20</valueLengthMax><displayFlag>{}</displayFlag><displayOrder>{}</displayOrder><mask>{}</mask><instructions>{}</instructions><description>{}</description></key>",
            escape(&key.name),
            key.display,
            key.display_order,
            key.mask,
            escape(&key.instructions),
            escape(&key.name)
        );
    }
    xml.push_str("</keys></InstitutionDetail>");
    xml
}

/// The kind of an account: its element and namespace in an `AccountList`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKind {
    /// `BankingAccount` (checking, savings, CD, money market).
    Banking,
    /// `CreditAccount` (credit card, line of credit).
    Credit,
    /// `LoanAccount` (auto, mortgage, …).
    Loan,
    /// `InvestmentAccount` (brokerage, IRA, 401(k), …).
    Investment,
}

impl AccountKind {
    /// (element, namespace, type element).
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            AccountKind::Banking => ("BankingAccount", "bankingaccount", "bankingAccountType"),
            AccountKind::Credit => ("CreditAccount", "creditaccount", "creditAccountType"),
            AccountKind::Loan => ("LoanAccount", "loanaccount", "loanType"),
            AccountKind::Investment => (
                "InvestmentAccount",
                "investmentaccount",
                "investmentAccountType",
            ),
        }
    }

    /// (element, namespace) of its transactions.
    fn transaction_names(self) -> (&'static str, &'static str) {
        match self {
            AccountKind::Banking => ("BankingTransaction", "bnktransaction"),
            AccountKind::Credit => ("CreditCardTransaction", "cctransaction"),
            AccountKind::Loan => ("LoanTransaction", "loantransaction"),
            AccountKind::Investment => ("InvestmentTransaction", "invtransaction"),
        }
    }
}

/// An account of an `AccountList`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The account's kind.
    pub kind: AccountKind,
    /// `accountId`.
    pub id: String,
    /// The kind's type element (`bankingAccountType`, …): `CHECKING`, `CREDITCARD`, `401K`, …
    pub type_code: String,
    /// `accountNumber`.
    pub number: String,
    /// `accountNickname`.
    pub nickname: String,
    /// `displayPosition`.
    pub display_position: u32,
    /// `balanceAmount`, as written (`-811.52`).
    pub balance: String,
    /// `institutionId`.
    pub institution_id: String,
    /// `institutionLoginId`.
    pub login_id: String,
}

impl Account {
    /// An account of the sandbox's institution and login ([`INSTITUTION_ID`], [`LOGIN_ID`]),
    /// numbered as its id, displayed first.
    pub fn new(
        kind: AccountKind,
        id: impl Into<String>,
        type_code: impl Into<String>,
        nickname: impl Into<String>,
        balance: impl Into<String>,
    ) -> Self {
        let id = id.into();
        Account {
            kind,
            number: id.clone(),
            id,
            type_code: type_code.into(),
            nickname: nickname.into(),
            display_position: 1,
            balance: balance.into(),
            institution_id: INSTITUTION_ID.to_owned(),
            login_id: LOGIN_ID.to_owned(),
        }
    }

    /// With this account number.
    pub fn with_number(mut self, number: impl Into<String>) -> Self {
        self.number = number.into();
        self
    }

    /// At this display position.
    pub fn with_display_position(mut self, position: u32) -> Self {
        self.display_position = position;
        self
    }

    /// Of this institution login.
    pub fn with_login_id(mut self, login_id: impl Into<String>) -> Self {
        self.login_id = login_id.into();
        self
    }
}

/// `GET /accounts`, `GET /logins/{id}/accounts`, `GET /accounts/{id}`, and a discovery's
/// answer: an `AccountList` document.
pub fn account_list(accounts: &[Account]) -> String {
    account_list_rotated(accounts, 0)
}

/// [`account_list`] with the namespace prefixes rotated by `rotation`, as the service changes
/// them from answer to answer.
pub(crate) fn account_list_rotated(accounts: &[Account], rotation: usize) -> String {
    let kinds = [
        "loanaccount",
        "otheraccount",
        "rewardsaccount",
        "investmentaccount",
        "bankingaccount",
        "creditaccount",
    ];
    let namespaces: Vec<(String, &str)> = (0..kinds.len())
        .map(|i| (format!("ns{}", i + 2), kinds[(i + rotation) % kinds.len()]))
        .collect();
    let prefix = |kind: &str| {
        namespaces
            .iter()
            .find(|(_, k)| *k == kind)
            .map(|(p, _)| p.clone())
            .unwrap_or_default()
    };
    let mut xml = format!(r#"{DECLARATION}<ns8:AccountList xmlns="{NS}/account/v1""#);
    for (p, kind) in &namespaces {
        let _ = write!(xml, r#" xmlns:{p}="{NS}/{kind}/v1""#);
    }
    let _ = write!(xml, r#" xmlns:ns8="{NS}/accountlist/v1">"#);
    for a in accounts {
        let (element, kind, type_field) = a.kind.names();
        let p = prefix(kind);
        let _ = write!(
            xml,
            "<{p}:{element}><accountId>{}</accountId><status>ACTIVE</status><accountNumber>{}</accountNumber><accountNickname>{}</accountNickname><displayPosition>{}</displayPosition><institutionId>{}</institutionId><balanceAmount>{}</balanceAmount><balanceDate>2013-08-11T00:00:00-07:00</balanceDate><aggrSuccessDate>2013-08-11T08:52:26.397-07:00</aggrSuccessDate><aggrAttemptDate>2013-08-11T08:52:26.397-07:00</aggrAttemptDate><aggrStatusCode>0</aggrStatusCode><currencyCode>USD</currencyCode><institutionLoginId>{}</institutionLoginId><{p}:{type_field}>{}</{p}:{type_field}></{p}:{element}>",
            escape(&a.id),
            escape(&a.number),
            escape(&a.nickname),
            a.display_position,
            escape(&a.institution_id),
            escape(&a.balance),
            escape(&a.login_id),
            escape(&a.type_code)
        );
    }
    xml.push_str("</ns8:AccountList>");
    xml
}

/// A transaction of a `TransactionList`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    /// `id`.
    pub id: String,
    /// `postedDate` (written at midnight, Pacific time, as Intuit does).
    pub posted_date: NaiveDate,
    /// `amount`, as written (`-12.34`).
    pub amount: String,
    /// `payeeName`.
    pub payee_name: String,
    /// `pending`.
    pub pending: bool,
}

impl Transaction {
    /// A posted transaction.
    pub fn new(
        id: impl Into<String>,
        posted_date: NaiveDate,
        amount: impl Into<String>,
        payee_name: impl Into<String>,
    ) -> Self {
        Transaction {
            id: id.into(),
            posted_date,
            amount: amount.into(),
            payee_name: payee_name.into(),
            pending: false,
        }
    }

    /// Pending.
    pub fn pending(mut self) -> Self {
        self.pending = true;
        self
    }
}

/// `GET /accounts/{id}/transactions`: a `TransactionList` document of an account of `kind`.
pub fn transaction_list(kind: AccountKind, transactions: &[Transaction]) -> String {
    let (element, namespace) = kind.transaction_names();
    let mut xml = format!(
        r#"{DECLARATION}<ns9:TransactionList xmlns="{NS}/transaction/v1" xmlns:ns3="{NS}/{namespace}/v1" xmlns:ns9="{NS}/transactionlist/v1">"#
    );
    for (n, t) in transactions.iter().enumerate() {
        let _ = write!(
            xml,
            "<ns3:{element}><id>{}</id><currencyType>USD</currencyType><institutionTransactionId>INTUIT-{n}</institutionTransactionId><payeeName>{}</payeeName><postedDate>{}T00:00:00-07:00</postedDate><amount>{}</amount><pending>{}</pending></ns3:{element}>",
            escape(&t.id),
            escape(&t.payee_name),
            t.posted_date.format("%Y-%m-%d"),
            escape(&t.amount),
            t.pending
        );
    }
    xml.push_str("</ns9:TransactionList>");
    xml
}

/// A holding of an `InvestmentPositions` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// `investmentPositionId`.
    pub id: String,
    /// The security's ticker.
    pub ticker: String,
    /// `units`, as written.
    pub units: String,
    /// `unitPrice`, as written.
    pub unit_price: String,
    /// `holdType` (`STOCK`, `BOND`, …).
    pub hold_type: String,
}

impl Position {
    /// A holding of `units` of `ticker` at `unit_price`.
    pub fn new(
        id: impl Into<String>,
        ticker: impl Into<String>,
        units: impl Into<String>,
        unit_price: impl Into<String>,
        hold_type: impl Into<String>,
    ) -> Self {
        Position {
            id: id.into(),
            ticker: ticker.into(),
            units: units.into(),
            unit_price: unit_price.into(),
            hold_type: hold_type.into(),
        }
    }
}

/// `GET /accounts/{id}/positions`: an `InvestmentPositions` document.
pub fn positions(list: &[Position]) -> String {
    let mut xml = format!(
        r#"{DECLARATION}<InvestmentPositions xmlns="{NS}/invposition/v1" xmlns:ns2="{NS}/securityinfo/v1""#
    );
    if list.is_empty() {
        xml.push_str("/>");
        return xml;
    }
    xml.push('>');
    for p in list {
        let _ = write!(
            xml,
            "<position><investmentPositionId>{}</investmentPositionId><unitPrice>{}</unitPrice><holdType>{}</holdType><units>{}</units><invSecurityType>OTHERINFO</invSecurityType><otherInfo><ns2:ticker>{}</ns2:ticker><ns2:unitPrice>{}</ns2:unitPrice></otherInfo></position>",
            escape(&p.id),
            escape(&p.unit_price),
            escape(&p.hold_type),
            escape(&p.units),
            escape(&p.ticker),
            escape(&p.unit_price)
        );
    }
    xml.push_str("</InvestmentPositions>");
    xml
}

/// A question of a challenge (multi-factor authentication).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// A question answered with free text.
    Text(String),
    /// A multiple-choice question: (text, value) choices; the answer is a value.
    Choice {
        /// The question.
        text: String,
        /// (text shown, value to answer).
        choices: Vec<(String, String)>,
    },
    /// A question with an image (sent base64-encoded).
    Image {
        /// The question.
        text: String,
        /// The image's bytes.
        image: Vec<u8>,
    },
}

impl Question {
    /// A free-text question.
    pub fn text(text: impl Into<String>) -> Self {
        Question::Text(text.into())
    }

    /// A multiple-choice question of (text, value) choices.
    pub fn choice(text: impl Into<String>, choices: &[(&str, &str)]) -> Self {
        Question::Choice {
            text: text.into(),
            choices: choices
                .iter()
                .map(|(t, v)| ((*t).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    /// A question with an image.
    pub fn image(text: impl Into<String>, image: impl Into<Vec<u8>>) -> Self {
        Question::Image {
            text: text.into(),
            image: image.into(),
        }
    }
}

/// The body of a challenge (a 401 with `challengeSessionId`): a `Challenges` document.
pub fn challenges(questions: &[Question]) -> String {
    challenges_with_prefix(questions, None)
}

/// [`challenges`] with its elements prefixed (`ns2:challenge`), as some answers spell it.
pub(crate) fn challenges_with_prefix(questions: &[Question], prefix: Option<&str>) -> String {
    let p = prefix.map(|p| format!("{p}:")).unwrap_or_default();
    let declaration = match prefix {
        Some(prefix) => format!(r#"xmlns:{prefix}="{NS}/challenge/v1""#),
        None => format!(r#"xmlns="{NS}/challenge/v1""#),
    };
    let mut xml = format!("{DECLARATION}<{p}Challenges {declaration}>");
    for question in questions {
        let _ = write!(xml, "<{p}challenge>");
        match question {
            Question::Text(text) => {
                let _ = write!(xml, "<{p}text>{}</{p}text>", escape(text));
            }
            Question::Choice { text, choices } => {
                let _ = write!(xml, "<{p}text>{}</{p}text>", escape(text));
                for (text, value) in choices {
                    let _ = write!(
                        xml,
                        "<{p}choice><{p}text>{}</{p}text><{p}val>{}</{p}val></{p}choice>",
                        escape(text),
                        escape(value)
                    );
                }
            }
            Question::Image { text, image } => {
                let image = base64::engine::general_purpose::STANDARD.encode(image);
                let _ = write!(
                    xml,
                    "<{p}text>{}</{p}text><{p}image>{image}</{p}image>",
                    escape(text)
                );
            }
        }
        let _ = write!(xml, "</{p}challenge>");
    }
    let _ = write!(xml, "</{p}Challenges>");
    xml
}

/// An error body: a `Status` document (`errorType` `APP_ERROR`, `USER_ERROR`,
/// `SYSTEM_ERROR`…, Intuit's `errorCode` and `errorMessage`).
pub fn status(error_type: &str, code: &str, message: &str) -> String {
    format!(
        r#"{DECLARATION}<Status xmlns="{NS}/common/v1"><errorInfo><errorType>{}</errorType><errorCode>{}</errorCode><errorMessage>{}</errorMessage><correlationId>gw-mock</correlationId></errorInfo></Status>"#,
        escape(error_type),
        escape(code),
        escape(message)
    )
}

/// The token endpoint's answer (form-encoded text).
pub fn access_token(token: &str, secret: &str) -> String {
    format!("oauth_token_secret={secret}&oauth_token={token}\n")
}

/// The sandbox's institutions (CCBank, 100000, and four others).
pub fn sandbox_institutions() -> Vec<Institution> {
    vec![
        Institution::new(INSTITUTION_ID, "CCBank")
            .with_home_url("http://www.example.com")
            .with_phone_number("123-456-7890"),
        Institution::new("100001", "CCBank1").with_home_url("http://www.example.com"),
        Institution::new("13278", "JP Morgan Chase Bank").with_home_url("https://www.chase.com"),
        Institution::new("14554", "Chase Bank Credit Card (Amazon.com)"),
        Institution::new("777999", "Customer Central OFX Bank"),
    ]
}

/// The sandbox institution's detail: a user id, a password, a hidden setting.
pub fn sandbox_institution_detail() -> InstitutionDetail {
    InstitutionDetail {
        institution: sandbox_institutions().remove(0),
        address: Some(Address {
            address1: "100 Main Street".to_owned(),
            city: "Anytown".to_owned(),
            state: "CA".to_owned(),
            postal_code: "94043".to_owned(),
            country: "USA".to_owned(),
        }),
        email_address: Some("CustomerCentralBank@intuit.com".to_owned()),
        keys: vec![
            CredentialKey::new("Banking Password", 2)
                .masked()
                .with_instructions("Enter banking password (go)"),
            CredentialKey::new("TAX_AGGR_ENABLED", 3)
                .hidden()
                .with_instructions("hidden"),
            CredentialKey::new("Banking Userid", 1)
                .with_instructions("Enter banking userid (demo)"),
        ],
    }
}

/// The sandbox customer's ten accounts (the list python-aggcat's documentation shows).
pub fn sandbox_accounts() -> Vec<Account> {
    use AccountKind::{Banking, Credit, Investment, Loan};
    [
        (
            Credit,
            "400004530271",
            "4100007777",
            "My Visa",
            2,
            "CREDITCARD",
            "-811.52",
        ),
        (
            Banking,
            "400004530272",
            "2000005555",
            "My CD",
            8,
            "CD",
            "811.52",
        ),
        (
            Credit,
            "400004530273",
            "8000006666",
            "My Line of Credit",
            4,
            "LINEOFCREDIT",
            "-811.52",
        ),
        (
            Investment,
            "400004530274",
            "2000004444",
            "My Roth IRA",
            3,
            "IRA",
            "811.52",
        ),
        (
            Loan,
            "400004530275",
            "8000008888",
            "My Auto Loan",
            1,
            "AUTO",
            "811.52",
        ),
        (
            Banking,
            "400004530276",
            "1000001111",
            "My Checking",
            6,
            "CHECKING",
            "811.52",
        ),
        (
            Banking,
            "400004530277",
            "1000002222",
            "My Savings",
            7,
            "SAVINGS",
            "811.52",
        ),
        (
            Investment,
            "400004530278",
            "0000000001",
            "My Retirement",
            10,
            "401K",
            "811.52",
        ),
        (
            Investment,
            "400004530279",
            "0000000000",
            "My Brokerage",
            9,
            "BROKERAGE",
            "811.52",
        ),
        (
            Loan,
            "400004530280",
            "1000000001",
            "My Mortgage",
            5,
            "MORTGAGE",
            "811.52",
        ),
    ]
    .into_iter()
    .map(
        |(kind, id, number, nickname, position, type_code, balance)| {
            Account::new(kind, id, type_code, nickname, balance)
                .with_number(number)
                .with_display_position(position)
        },
    )
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{AccountList, Challenges, InstitutionDetail as Detail, Institutions};
    use crate::models::{InvestmentPositions, TransactionList};

    #[test]
    fn the_documents_decode_into_the_models() {
        let list =
            Institutions::from_xml(institutions(&sandbox_institutions()).as_bytes()).unwrap();
        assert_eq!(list.institutions.len(), 5);
        let detail =
            Detail::from_xml(institution_detail(&sandbox_institution_detail()).as_bytes()).unwrap();
        assert_eq!(detail.institution_name.as_deref(), Some("CCBank"));
        let accounts = AccountList::from_xml(account_list(&sandbox_accounts()).as_bytes()).unwrap();
        assert_eq!(accounts.accounts.len(), 10);
        let day = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let transactions = transaction_list(
            AccountKind::Credit,
            &[Transaction::new("1", day, "-1.50", "Café & Co").pending()],
        );
        let transactions = TransactionList::from_xml(transactions.as_bytes()).unwrap();
        assert_eq!(transactions.transactions.len(), 1);
        let held = positions(&[Position::new("1", "ABC", "10", "2.5", "STOCK")]);
        assert_eq!(
            InvestmentPositions::from_xml(held.as_bytes())
                .unwrap()
                .positions
                .len(),
            1
        );
        assert!(InvestmentPositions::from_xml(positions(&[]).as_bytes())
            .unwrap()
            .positions
            .is_empty());
        let questions = [
            Question::text("Pet?"),
            Question::choice("Color?", &[("Red", "1"), ("Blue", "2")]),
            Question::image("Read it:", vec![0xFF, 0xD8]),
        ];
        for prefix in [None, Some("ns2")] {
            let xml = challenges_with_prefix(&questions, prefix);
            assert_eq!(
                Challenges::from_xml(xml.as_bytes())
                    .unwrap()
                    .challenges
                    .len(),
                3
            );
        }
    }
}
