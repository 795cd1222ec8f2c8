//! Decodes one response body from a file and prints what it holds: a way to measure peak memory
//! (`/usr/bin/time -v cargo run --release -p intuit-aggcat --example decode_aggcat_xml -- FILE`).
//!
//! The family is told by the root element: `Institutions`, `InstitutionDetail`, `AccountList`,
//! `TransactionList`, `InvestmentPositions`, `Challenges` or `Status`.

use intuit_aggcat::models::{
    AccountList, Challenges, InstitutionDetail, Institutions, InvestmentPositions, Status,
    TransactionList,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: decode_aggcat_xml FILE.xml")?;
    let body = std::fs::read(&path)?;
    let started = std::time::Instant::now();
    let text = String::from_utf8_lossy(&body[..body.len().min(400)]).into_owned();
    let summary = if text.contains("Institutions") {
        format!(
            "{} institutions",
            Institutions::from_xml(&body)?.institutions.len()
        )
    } else if text.contains("InstitutionDetail") {
        format!(
            "{} keys",
            InstitutionDetail::from_xml(&body)?
                .keys
                .map_or(0, |k| k.keys.len())
        )
    } else if text.contains("AccountList") {
        format!("{} accounts", AccountList::from_xml(&body)?.accounts.len())
    } else if text.contains("TransactionList") {
        format!(
            "{} transactions",
            TransactionList::from_xml(&body)?.transactions.len()
        )
    } else if text.contains("InvestmentPositions") {
        format!(
            "{} positions",
            InvestmentPositions::from_xml(&body)?.positions.len()
        )
    } else if text.contains("Challenges") {
        format!(
            "{} challenges",
            Challenges::from_xml(&body)?.challenges.len()
        )
    } else {
        format!("{:?}", Status::from_xml(&body)?)
    };
    let elapsed = started.elapsed();
    println!(
        "{path}: {summary}, {:.1} MB in {:.3} s ({:.1} MB/s)",
        body.len() as f64 / 1e6,
        elapsed.as_secs_f64(),
        body.len() as f64 / 1e6 / elapsed.as_secs_f64()
    );
    Ok(())
}
