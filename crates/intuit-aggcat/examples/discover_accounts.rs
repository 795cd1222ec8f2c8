//! The seed's journey: credential fields → discover (answering the challenge) → accounts →
//! 30 days of transactions, printed as tables.
//!
//! By default it runs against an in-process fake of Intuit's sandbox (no network):
//!
//! ```text
//! cargo run -p intuit-aggcat --example discover_accounts              # user tfa_text (one question)
//! JOURNEY_USER=tfa_choice cargo run -p intuit-aggcat --example discover_accounts
//! ```
//!
//! Against a real host (Finicity's facade, a proxy), set `INTUIT_BASE_URL`, `INTUIT_TOKEN_URL`,
//! `INTUIT_CONSUMER_KEY`, `INTUIT_CONSUMER_SECRET`, `INTUIT_SAML_ID`, `INTUIT_CUSTOMER_ID`,
//! `INTUIT_PRIVATE_KEY_FILE`, and optionally `INTUIT_INSTITUTION_ID` (default 100000),
//! `JOURNEY_USER`, `JOURNEY_PASSWORD` and `JOURNEY_ANSWERS` (`|`-separated).

use std::env;
use std::io::Write;

use chrono::{Duration, Utc};
use intuit_aggcat::{
    mock, Answers, ChallengeKind, Client, Credentials, Discovery, Error, HttpConfig,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let user = env::var("JOURNEY_USER").unwrap_or_else(|_| "tfa_text".to_owned());
    let password = env::var("JOURNEY_PASSWORD").unwrap_or_else(|_| "anyvalue".to_owned());
    let institution_id = env::var("INTUIT_INSTITUTION_ID").unwrap_or_else(|_| "100000".to_owned());

    // Keep the mock server alive for the whole journey when there is one.
    let (client, _server) = match env::var("INTUIT_BASE_URL") {
        Ok(base_url) => {
            let var = |name: &str| env::var(name).map_err(|_| format!("{name} is not set"));
            let client = Client::builder()
                .base_url(base_url)
                .token_url(var("INTUIT_TOKEN_URL")?)
                .consumer_key(var("INTUIT_CONSUMER_KEY")?)
                .consumer_secret(var("INTUIT_CONSUMER_SECRET")?)
                .saml_identity_provider_id(var("INTUIT_SAML_ID")?)
                .customer_id(var("INTUIT_CUSTOMER_ID")?)
                .private_key_file(var("INTUIT_PRIVATE_KEY_FILE")?)
                .http_config(
                    HttpConfig::default().with_timeout(std::time::Duration::from_secs(120)),
                )
                .build()?;
            (client, None)
        }
        Err(_) => {
            let server = httpmock::MockServer::start_async().await;
            mock::mount_sandbox(&server).await;
            println!("Using the in-process sandbox at {}", server.base_url());
            (mock::client_builder(&server).build()?, Some(server))
        }
    };

    // 1. The login form.
    let fields = client
        .get_credential_fields(institution_id.as_str())
        .await?;
    println!("\nLogin form of institution {institution_id}:");
    for field in &fields {
        let input = if field.mask { "password" } else { "text" };
        println!(
            "  {:<20} {:<8} {}",
            field.name,
            input,
            field.instructions.as_deref().unwrap_or("")
        );
    }
    let credentials: Credentials = fields
        .iter()
        .map(|f| {
            (
                f.name.clone(),
                if f.mask {
                    password.clone()
                } else {
                    user.clone()
                },
            )
        })
        .collect();

    // 2. Discovery, answering as many rounds of questions as the institution asks.
    let mut outcome = client
        .discover_and_add_accounts(institution_id.as_str(), credentials)
        .await?;
    let mut preset_answers = env::var("JOURNEY_ANSWERS")
        .ok()
        .map(|a| a.split('|').map(str::to_owned).collect::<Vec<_>>());
    let accounts = loop {
        match outcome {
            Discovery::Accounts(list) => break list,
            Discovery::Challenge(challenge) => {
                println!("\nThe institution asks:");
                let mut answers = Answers::new();
                for (i, question) in challenge.challenges().iter().enumerate() {
                    let answer = match question.kind() {
                        ChallengeKind::Text { question } => {
                            println!("  {question}");
                            "Black Cat".to_owned()
                        }
                        ChallengeKind::Choice { question, choices } => {
                            println!("  {question}");
                            for choice in choices {
                                println!("    [{}] {}", choice.value, choice.text);
                            }
                            choices[0].value.clone()
                        }
                        ChallengeKind::Image { question, image } => {
                            println!(
                                "  {question} ({}, {} bytes)",
                                image.mime_type,
                                image.bytes.len()
                            );
                            "AB12C".to_owned()
                        }
                        _ => "answer".to_owned(),
                    };
                    let answer = preset_answers
                        .as_mut()
                        .and_then(|a| (!a.is_empty()).then(|| a.remove(0)))
                        .unwrap_or(answer);
                    println!("  answer {}: {}", i + 1, "*".repeat(answer.chars().count()));
                    answers.push(answer);
                }
                outcome = challenge.answer(&client, answers).await?;
            }
            _ => return Err("unexpected discovery outcome".into()),
        }
    };

    // 3. The accounts.
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\n{:<14} {:<18} {:<20} {:<13} {:>12} {:<4}",
        "account id", "kind", "nickname", "number", "balance", "cur"
    )?;
    writeln!(out, "{}", "-".repeat(86))?;
    for account in &accounts.accounts {
        writeln!(
            out,
            "{:<14} {:<18} {:<20} {:<13} {:>12} {:<4}",
            account.account_id().as_str(),
            account.kind_name(),
            account.account_nickname().map(String::as_str).unwrap_or(""),
            account.account_number().map(String::as_str).unwrap_or(""),
            account
                .balance_amount()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            account.currency_code().map(String::as_str).unwrap_or("")
        )?;
    }

    // 4. 30 days of transactions for each account.
    let since = (Utc::now() - Duration::days(30)).date_naive();
    writeln!(out, "\nTransactions since {since}:")?;
    writeln!(
        out,
        "{:<14} {:<12} {:<24} {:>10} {:<7}",
        "account id", "posted", "payee", "amount", "pending"
    )?;
    writeln!(out, "{}", "-".repeat(71))?;
    for account in &accounts.accounts {
        let list = match client
            .get_account_transactions(account.account_id(), since, None)
            .await
        {
            Ok(list) => list,
            Err(Error::Api(e)) => {
                writeln!(out, "{:<14} error: {e}", account.account_id().as_str())?;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        for t in &list.transactions {
            writeln!(
                out,
                "{:<14} {:<12} {:<24} {:>10} {:<7}",
                account.account_id().as_str(),
                t.posted_date()
                    .map(|d| d.date().to_string())
                    .unwrap_or_default(),
                t.payee_name().unwrap_or(""),
                t.amount().map(|a| a.to_string()).unwrap_or_default(),
                t.pending()
                    .map(|p| if p { "yes" } else { "no" })
                    .unwrap_or("")
            )?;
        }
    }
    Ok(())
}
