//! Logs in, imports finAPI's demo bank connection, answers the bank's challenge, and prints the
//! accounts and the last 30 days of transactions as tables.
//!
//! ```sh
//! cargo run -p finapi --example import_demo_bank
//! ```
//!
//! By default it runs against an in-process mock of finAPI (`finapi::mock`). With
//! `FINAPI_CLIENT_ID`, `FINAPI_CLIENT_SECRET`, `FINAPI_USERNAME` and `FINAPI_PASSWORD` set it runs
//! against finAPI's sandbox (or `FINAPI_BASE_URL`), creating the user if it does not exist yet.

use std::io::{BufRead, Write};
use std::num::NonZeroU64;
use std::time::Duration;

use chrono::{Local, NaiveDate};
use finapi::dates::BookingDates;
use finapi::mock::{sample, MockFinApi, DEMO_ACCOUNT_ID};
use finapi::{
    types, ChallengeKind, Client, Environment, ErrorKind, ImportOutcome, Outcome, Paginate,
};

type Failure = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let since = Local::now().date_naive() - chrono::Duration::days(30);
    // Keeps the mock server running while the example talks to it.
    let (client, _mock) = match sandbox_client()? {
        Some(client) => (client, None),
        None => {
            println!(
                "No FINAPI_* credentials in the environment: using an in-process mock of finAPI.\n"
            );
            let mock = mock_finapi(since).await;
            (mock.client_builder().build()?, Some(mock))
        }
    };
    log_in(&client).await?;

    // The demo bank has BLZ 00000000; naming the connection "MSA" makes it ask for a TAN.
    let banks = client
        .get_and_search_all_banks()
        .search("00000000")
        .is_test_bank(true)
        .send()
        .await?;
    let bank = banks.banks.first().ok_or("finAPI lists no demo bank")?;
    println!(
        "Importing a connection to {} (bank id {})",
        bank.name, bank.id
    );
    let params = types::ImportBankConnectionParams::builder()
        .bank_id(bank.id)
        .name(Some("MSA".to_owned()));
    let connection = complete(client.import_bank_connection_flow(params).await?).await?;
    let connection = client
        .wait_for_bank_connection(connection, Duration::from_secs(60))
        .await?;
    println!(
        "Imported bank connection {} ({})\n",
        connection.id, connection.update_status
    );

    let accounts = client.get_and_search_all_accounts().collect_all().await?;
    print_accounts(&accounts);

    let transactions = client
        .get_and_search_all_transactions()
        .view(types::GetAndSearchAllTransactionsView::UserView)
        .booked_since(since)
        .per_page(NonZeroU64::new(500).expect("not zero"))
        .collect_all()
        .await?;
    println!("\nTransactions since {since}:");
    print_transactions(&transactions);
    Ok(())
}

/// A client for finAPI's sandbox (or `FINAPI_BASE_URL`) if the credentials are in the
/// environment.
fn sandbox_client() -> Result<Option<Client>, Failure> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(id), Some(secret), Some(user), Some(password)) = (
        var("FINAPI_CLIENT_ID"),
        var("FINAPI_CLIENT_SECRET"),
        var("FINAPI_USERNAME"),
        var("FINAPI_PASSWORD"),
    ) else {
        return Ok(None);
    };
    let environment = var("FINAPI_BASE_URL").map_or(Environment::Sandbox, Environment::Custom);
    println!("Using finAPI at {}\n", environment.base_url());
    Ok(Some(
        Client::builder()
            .environment(environment)
            .client_credentials(id, secret)
            .user(user, password)
            .build()?,
    ))
}

/// Checks the user's credentials, creating the user (with the client token) if finAPI does not
/// know it.
async fn log_in(client: &Client) -> Result<(), Failure> {
    match client
        .get_authorized_user()
        .send()
        .await
        .map_err(finapi::Error::from)
    {
        Ok(user) => {
            println!("Logged in as {}", user.id);
            Ok(())
        }
        Err(error)
            if error.is_token_failure() && error.kind() == ErrorKind::AuthenticationFailed =>
        {
            let username = client.username().ok_or("no user")?.to_owned();
            println!("Creating user {username} ({error})");
            let password = std::env::var("FINAPI_PASSWORD")?;
            client
                .create_user()
                .body(
                    types::UserCreateParams::builder()
                        .id(Some(username.parse::<types::UserCreateParamsId>()?))
                        .password(Some(password)),
                )
                .send()
                .await?;
            Ok(())
        }
        Err(error) => Err(error.into()),
    }
}

/// Answers the bank's challenges until the import is done.
async fn complete(mut outcome: ImportOutcome) -> Result<types::BankConnection, Failure> {
    loop {
        let challenge = match outcome {
            Outcome::Done(connection) => return Ok(connection),
            Outcome::NeedsUser(challenge) => challenge,
        };
        outcome = match challenge.kind() {
            ChallengeKind::Answer { message, label, .. } => {
                let message = message.unwrap_or("The bank asks for a TAN");
                println!("The bank says: {message}");
                // The demo bank puts the code in its message; a real bank sends it elsewhere.
                let answer = match message
                    .split_whitespace()
                    .last()
                    .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
                {
                    Some(code) => {
                        println!(
                            "{}: {code} (taken from the demo bank's message)",
                            label.unwrap_or("TAN")
                        );
                        code.to_owned()
                    }
                    None => prompt(label.unwrap_or("TAN"))?,
                };
                challenge.answer(answer).await?
            }
            ChallengeKind::ChooseProcedure { procedures } => {
                let first = procedures.first().ok_or("no procedure offered")?;
                println!("Choosing the procedure {}", first.procedure_name);
                let id = first.procedure_id.clone();
                challenge.choose_procedure(id).await?
            }
            ChallengeKind::Redirect { url, .. } => {
                println!("Open {url} and log in at the bank.");
                let query = prompt("The query string the bank sent you back with")?;
                challenge.complete_redirect(query).await?
            }
            ChallengeKind::Decoupled { message, .. } => {
                println!(
                    "{}",
                    message.unwrap_or("Approve the access in your banking app.")
                );
                challenge
                    .wait_for_decoupled(Duration::from_secs(5), 24)
                    .await?
            }
            other => return Err(format!("cannot handle this challenge: {other:?}").into()),
        };
    }
}

fn prompt(label: &str) -> Result<String, Failure> {
    print!("{label}: ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_owned())
}

fn print_accounts(accounts: &[types::Account]) {
    println!(
        "{:<10} {:<24} {:<24} {:>14}",
        "id", "account", "IBAN", "balance"
    );
    for account in accounts {
        println!(
            "{:<10} {:<24} {:<24} {:>14.2} {:<4}",
            account.id,
            cut(account.account_name.as_deref().unwrap_or("-"), 24),
            account.iban.as_deref().unwrap_or("-"),
            account.balance.unwrap_or_default(),
            account.account_currency.as_deref().unwrap_or(""),
        );
    }
}

fn print_transactions(transactions: &[types::Transaction]) {
    println!(
        "{:<10} {:>12} {:<28} purpose",
        "booked", "amount", "counterpart"
    );
    for transaction in transactions {
        println!(
            "{:<10} {:>12.2} {:<28} {}",
            transaction
                .bank_booking_date
                .get(..10)
                .unwrap_or(&transaction.bank_booking_date),
            transaction.amount,
            cut(transaction.counterpart_name.as_deref().unwrap_or("-"), 28),
            cut(transaction.purpose.as_deref().unwrap_or(""), 40),
        );
    }
    let total: f64 = transactions.iter().map(|t| t.amount).sum();
    println!("{} transactions, {total:.2} in total", transactions.len());
}

/// At most `width` characters of `text`.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        text.chars()
            .take(width.saturating_sub(1))
            .chain(['…'])
            .collect()
    }
}

/// The in-process finAPI: the mock's token endpoint and its demo bank scenario, with a
/// checking account and a few weeks of transactions.
async fn mock_finapi(since: NaiveDate) -> MockFinApi {
    let mock = MockFinApi::start().await;
    mock.authorized_user().await;
    mock.demo_bank_search().await;
    mock.demo_bank_import_with_challenge().await;
    mock.accounts(&[sample::account(
        DEMO_ACCOUNT_ID,
        finapi::mock::DEMO_CONNECTION_ID,
        "Girokonto",
        2412.37,
    )])
    .await;
    let bookings = [
        ("REWE Markt GmbH", "REWE SAGT DANKE", -54.20),
        ("Spotify AB", "Abo Premium", -12.99),
        ("ACME Software GmbH", "Lohn/Gehalt", 2350.00),
        ("Hausverwaltung Schmidt", "Miete Wohnung 3 OG", -830.00),
        ("Deutsche Bahn", "Fahrkarte München–Augsburg", -23.45),
        ("Bäckerei Müller", "Kartenzahlung", -7.80),
        ("Stadtwerke München", "Abschlag Strom", -64.10),
    ];
    let transactions: Vec<_> = bookings
        .iter()
        .enumerate()
        .map(|(i, (counterpart, purpose, amount))| {
            let day = since + chrono::Duration::days(2 + 4 * i as i64);
            let mut transaction =
                sample::transaction(1000 + i as i64, DEMO_ACCOUNT_ID, *amount, &day.to_string());
            transaction["counterpartName"] = (*counterpart).into();
            transaction["purpose"] = (*purpose).into();
            transaction
        })
        .collect();
    let since = since.to_string();
    mock.transaction_pages_with(
        &transactions,
        500,
        &[("minBankBookingDate", since.as_str())],
    )
    .await;
    mock
}
