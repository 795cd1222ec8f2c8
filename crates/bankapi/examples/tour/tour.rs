//! The tour's logic, shared by the example (`main.rs`) and the workspace's integration test
//! (`tests/bankapi/tour.rs`): for every provider, the same five steps (list institutions, log
//! in, answer the bank's challenge, list accounts, page through transactions), against the
//! provider crate's mock server or, when its credentials are in the environment, its sandbox.
//!
//! One module per provider; each returns a [`Section`]: where it ran, how many institutions it
//! listed, the challenges it answered (in the facade's common [`Challenge`] type) and its
//! accounts with their transaction counts.

mod budgea;
mod finapi;
mod intuit;
mod prometeo;

use std::fmt::{self, Write as _};

use bankapi::{Challenge, ChallengeItem, ChallengeKind, Provider};

pub use budgea::Sandbox as BudgeaSandbox;
pub use finapi::Sandbox as FinapiSandbox;
pub use intuit::Sandbox as IntuitSandbox;
pub use prometeo::Sandbox as PrometeoSandbox;

/// Where each provider runs: its sandbox when configured, its mock server otherwise
/// (`Settings::default()`: every provider against its mock server).
#[derive(Debug, Default)]
pub struct Settings {
    /// finAPI's sandbox (`FINAPI_*`).
    pub finapi: Option<FinapiSandbox>,
    /// A Powens sandbox domain (`BUDGEA_*`).
    pub budgea: Option<BudgeaSandbox>,
    /// Prometeo's sandbox (`PROMETEO_*`).
    pub prometeo: Option<PrometeoSandbox>,
    /// An Intuit-compatible host (`INTUIT_*`).
    pub intuit: Option<IntuitSandbox>,
}

impl Settings {
    /// The sandboxes whose variables `var` finds (each provider's example uses the same names);
    /// the mock servers for the others.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Self, Failure> {
        Ok(Settings {
            finapi: FinapiSandbox::from_env(&var),
            budgea: BudgeaSandbox::from_env(&var)?,
            prometeo: PrometeoSandbox::from_env(&var),
            intuit: IntuitSandbox::from_env(&var),
        })
    }
}

/// Runs the tour for every provider, one after the other; `terminal` answers the challenges of
/// the sandboxes (the mock scenarios have scripted answers).
pub async fn run(
    settings: Settings,
    terminal: &mut dyn Ask,
) -> Vec<(Provider, Result<Section, Failure>)> {
    vec![
        (
            Provider::FinApi,
            finapi::run(settings.finapi, terminal).await,
        ),
        (
            Provider::Budgea,
            budgea::run(settings.budgea, terminal).await,
        ),
        (
            Provider::Prometeo,
            prometeo::run(settings.prometeo, terminal).await,
        ),
        (
            Provider::IntuitAggcat,
            intuit::run(settings.intuit, terminal).await,
        ),
    ]
}

/// What the tour saw of one provider.
#[derive(Debug)]
pub struct Section {
    /// The provider.
    pub provider: Provider,
    /// Where it ran.
    pub target: Target,
    /// How many institutions (banks, connectors, providers) step 1 listed.
    pub institutions: usize,
    /// The challenges answered in step 3, in the facade's common type.
    pub challenges: Vec<Challenge>,
    /// The accounts of step 4, with the transaction counts of step 5.
    pub accounts: Vec<AccountRow>,
}

/// Where a provider's part of the tour ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The provider crate's in-process mock server, at this URL.
    Mock(String),
    /// The provider's real sandbox (or another host), at this URL.
    Sandbox(String),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Mock(url) => write!(f, "mock server at {url}"),
            Target::Sandbox(url) => write!(f, "sandbox at {url}"),
        }
    }
}

/// One line of the table of accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    /// The bank (or institution, or Prometeo provider).
    pub institution: String,
    /// The account's name.
    pub account: String,
    /// Its type, as the provider names it.
    pub kind: String,
    /// Its balance, with two decimals; empty when the provider gave none.
    pub balance: String,
    /// Its currency.
    pub currency: String,
    /// How many transactions step 5 read for it.
    pub transactions: usize,
}

/// A failure of the tour: a provider's error (through the facade's one error type), or a step
/// that cannot go on.
#[derive(Debug)]
pub enum Failure {
    /// A provider call failed.
    Provider(bankapi::Error),
    /// The tour cannot go on (a challenge it cannot answer, a setting missing).
    Tour(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Provider(error) => error.fmt(f),
            Failure::Tour(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Failure::Provider(error) => Some(error),
            Failure::Tour(_) => None,
        }
    }
}

/// Every provider error converts, through `bankapi::Error`.
impl<E> From<E> for Failure
where
    bankapi::Error: From<E>,
{
    fn from(error: E) -> Self {
        Failure::Provider(bankapi::Error::from(error))
    }
}

/// Whoever answers the bank: the user at a terminal, or a mock scenario's scripted answers.
pub trait Ask {
    /// The response to one item of a challenge: the answer (a text, a code, a choice's value);
    /// for an item that takes none (a redirect, a decoupled approval), whatever the user
    /// brings back once done (for finAPI's redirect, the query string the bank sent the user
    /// back with).
    fn respond(&mut self, provider: Provider, item: &ChallengeItem) -> String;
}

/// A mock scenario's answers: the first option of a choice, `text` for anything else.
#[derive(Debug, Clone)]
pub struct Scripted {
    text: String,
}

impl Scripted {
    /// Answers `text` to every question and code.
    pub fn new(text: impl Into<String>) -> Self {
        Scripted { text: text.into() }
    }
}

impl Ask for Scripted {
    fn respond(&mut self, _provider: Provider, item: &ChallengeItem) -> String {
        match &item.kind {
            ChallengeKind::Choice { options, .. } => {
                options.first().map(|o| o.value.clone()).unwrap_or_default()
            }
            kind if kind.takes_answer() => self.text.clone(),
            _ => String::new(),
        }
    }
}

/// Shows a challenge through the common type and collects one response per item.
fn ask_all(challenge: &Challenge, ask: &mut dyn Ask) -> Vec<String> {
    println!("   {}", challenge.to_string().replace('\n', "\n   "));
    challenge
        .items()
        .iter()
        .map(|item| {
            let response = ask.respond(challenge.provider(), item);
            let shown = match &item.kind {
                ChallengeKind::Choice { .. } => response.clone(),
                _ => "*".repeat(response.chars().count()),
            };
            if item.kind.takes_answer() {
                println!("     answered {shown}");
            }
            response
        })
        .collect()
}

/// The combined table of accounts and balances across providers, with a transaction count per
/// account.
pub fn accounts_table(sections: &[Section]) -> String {
    let headers = [
        "provider",
        "institution",
        "account",
        "type",
        "balance",
        "currency",
        "transactions",
    ];
    let rows: Vec<[String; 7]> = sections
        .iter()
        .flat_map(|section| {
            section.accounts.iter().map(move |a| {
                [
                    section.provider.to_string(),
                    a.institution.clone(),
                    a.account.clone(),
                    or_dash(&a.kind),
                    or_dash(&a.balance),
                    or_dash(&a.currency),
                    a.transactions.to_string(),
                ]
            })
        })
        .collect();
    let mut widths = headers.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: [&str; 7]| {
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            // Numbers to the right, text to the left.
            if matches!(i, 4 | 6) {
                let _ = write!(out, "{cell:>width$}");
            } else {
                let _ = write!(out, "{cell:<width$}");
            }
            out.push_str(if i + 1 < cells.len() { "  " } else { "\n" });
        }
    };
    line(&mut out, headers);
    let rule = widths.map(|w| "-".repeat(w));
    line(&mut out, rule.each_ref().map(String::as_str));
    for row in &rows {
        line(&mut out, row.each_ref().map(String::as_str));
    }
    out
}

/// A table cell: the text, or `-` when there is none.
fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "-".to_owned()
    } else {
        text.to_owned()
    }
}

/// A balance with two decimals.
fn two_decimals(value: impl fmt::Display) -> String {
    format!("{value:.2}")
}
