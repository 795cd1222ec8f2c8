//! finAPI: the demo bank (BLZ 00000000), whose import with the connection name `MSA` asks for
//! a TAN (multi-step authentication, HTTP 510).

use std::collections::HashMap;
use std::num::NonZeroU64;
use std::time::Duration;

use bankapi::finapi::dates::BookingDates;
use bankapi::finapi::mock::{self, sample, MockFinApi};
use bankapi::finapi::{types, Client, Environment, ImportOutcome, Outcome, Paginate};
use bankapi::{Challenge, ChallengeKind, ErrorKind, Provider};
use chrono::{Days, NaiveDate, Utc};

use super::{ask_all, two_decimals, AccountRow, Ask, Failure, Scripted, Section, Target};

/// finAPI's sandbox (or `FINAPI_BASE_URL`), with a user that exists or will be created.
#[derive(Debug)]
pub struct Sandbox {
    client_id: String,
    client_secret: String,
    username: String,
    password: String,
    base_url: Option<String>,
}

impl Sandbox {
    /// `FINAPI_CLIENT_ID`, `FINAPI_CLIENT_SECRET`, `FINAPI_USERNAME`, `FINAPI_PASSWORD`,
    /// optionally `FINAPI_BASE_URL` (as `cargo run -p finapi --example import_demo_bank`).
    pub fn from_env(var: &impl Fn(&str) -> Option<String>) -> Option<Self> {
        Some(Sandbox {
            client_id: var("FINAPI_CLIENT_ID")?,
            client_secret: var("FINAPI_CLIENT_SECRET")?,
            username: var("FINAPI_USERNAME")?,
            password: var("FINAPI_PASSWORD")?,
            base_url: var("FINAPI_BASE_URL"),
        })
    }
}

/// Transactions booked since this day are read.
fn since() -> NaiveDate {
    Utc::now().date_naive() - Days::new(30)
}

pub async fn run(sandbox: Option<Sandbox>, terminal: &mut dyn Ask) -> Result<Section, Failure> {
    match sandbox {
        Some(sandbox) => {
            let environment = sandbox
                .base_url
                .clone()
                .map_or(Environment::Sandbox, Environment::Custom);
            let target = Target::Sandbox(environment.base_url().to_owned());
            let client = Client::builder()
                .environment(environment)
                .client_credentials(sandbox.client_id, sandbox.client_secret)
                .user(sandbox.username, sandbox.password.clone())
                .build()?;
            steps(&client, target, terminal, 500, Some(&sandbox.password)).await
        }
        None => {
            let mock = start_mock().await;
            let client = mock.client_builder().build()?;
            let target = Target::Mock(mock.base_url());
            steps(&client, target, &mut Scripted::new(mock::DEMO_TAN), 3, None).await
        }
    }
}

async fn steps(
    client: &Client,
    target: Target,
    ask: &mut dyn Ask,
    per_page: u64,
    new_user_password: Option<&str>,
) -> Result<Section, Failure> {
    println!("\n== finAPI, {target}");

    // 1. Institutions: finAPI's demo bank.
    let banks = client
        .get_and_search_all_banks()
        .search("00000000")
        .is_test_bank(true)
        .send()
        .await?;
    let bank = banks
        .banks
        .first()
        .ok_or_else(|| Failure::Tour("finAPI lists no demo bank".into()))?;
    println!(
        "1. {} bank(s): {} (id {})",
        banks.banks.len(),
        bank.name,
        bank.id
    );

    // 2. Log in: the user token is fetched (the user is created first on a sandbox if needed).
    let user = match client
        .get_authorized_user()
        .send()
        .await
        .map_err(bankapi::Error::from)
    {
        Err(error)
            if error.kind() == ErrorKind::AuthenticationFailed && new_user_password.is_some() =>
        {
            println!("   creating the user ({error})");
            let params = types::UserCreateParams::builder()
                .id(Some(
                    client
                        .username()
                        .unwrap_or_default()
                        .parse::<types::UserCreateParamsId>()
                        .map_err(|e| Failure::Tour(e.to_string()))?,
                ))
                .password(new_user_password.map(str::to_owned));
            client.create_user().body(params).send().await?;
            client.get_authorized_user().send().await?
        }
        other => other?,
    };
    println!("2. logged in as {}", user.id);

    // 3. Import a connection; the bank asks for a TAN.
    let params = types::ImportBankConnectionParams::builder()
        .bank_id(bank.id)
        .name(Some("MSA".to_owned()));
    let mut challenges = Vec::new();
    let mut outcome: ImportOutcome = client.import_bank_connection_flow(params).await?;
    let connection = loop {
        let challenge = match outcome {
            Outcome::Done(connection) => break connection,
            Outcome::NeedsUser(challenge) => challenge,
        };
        // Shown through the common type, answered with finAPI's own challenge.
        let common = Challenge::from(&challenge);
        let response = ask_all(&common, ask).remove(0);
        outcome = match &common.items()[0].kind {
            ChallengeKind::Otp { .. } | ChallengeKind::Image { .. } => {
                challenge.answer(response).await?
            }
            ChallengeKind::Choice { .. } => challenge.choose_procedure(response).await?,
            ChallengeKind::Redirect { .. } => challenge.complete_redirect(response).await?,
            ChallengeKind::DecoupledApproval { .. } => {
                challenge
                    .wait_for_decoupled(Duration::from_secs(5), 24)
                    .await?
            }
            other => return Err(Failure::Tour(format!("cannot answer {other}"))),
        };
        challenges.push(common);
        if challenges.len() > 8 {
            return Err(Failure::Tour("the bank keeps asking".into()));
        }
    };
    let connection = client
        .wait_for_bank_connection(connection, Duration::from_secs(60))
        .await?;
    println!(
        "3. imported bank connection {} ({})",
        connection.id, connection.update_status
    );

    // 4. Accounts.
    let accounts = client.get_and_search_all_accounts().collect_all().await?;
    println!("4. {} account(s)", accounts.len());

    // 5. Transactions, page by page.
    let per_page = NonZeroU64::new(per_page).expect("not zero");
    let transactions = client
        .get_and_search_all_transactions()
        .view(types::GetAndSearchAllTransactionsView::UserView)
        .booked_since(since())
        .per_page(per_page)
        .collect_all()
        .await?;
    println!(
        "5. {} transaction(s) since {}, {per_page} per page",
        transactions.len(),
        since()
    );
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for transaction in &transactions {
        *counts.entry(transaction.account_id).or_default() += 1;
    }

    Ok(Section {
        provider: Provider::FinApi,
        target,
        institutions: banks.banks.len(),
        challenges,
        accounts: accounts
            .iter()
            .map(|a| AccountRow {
                institution: bank.name.clone(),
                account: a.account_name.clone().unwrap_or_else(|| a.id.to_string()),
                kind: a.account_type.to_string(),
                balance: a.balance.map(two_decimals).unwrap_or_default(),
                currency: a.account_currency.clone().unwrap_or_default(),
                transactions: counts.get(&a.id).copied().unwrap_or(0),
            })
            .collect(),
    })
}

/// finAPI's mock (`finapi::mock`): the user, the demo bank, its import with a TAN challenge, a
/// checking account, and seven transactions served three per page.
async fn start_mock() -> MockFinApi {
    let mock = MockFinApi::start().await;
    mock.authorized_user().await;
    mock.demo_bank_search().await;
    mock.demo_bank_import_with_challenge().await;
    mock.accounts(&[sample::account(
        mock::DEMO_ACCOUNT_ID,
        mock::DEMO_CONNECTION_ID,
        "Girokonto",
        2412.37,
    )])
    .await;
    let transactions: Vec<_> = (0..7u64)
        .map(|i| {
            let day = since() + Days::new(2 + 4 * i);
            sample::transaction(
                1000 + i as i64,
                mock::DEMO_ACCOUNT_ID,
                -12.5 - i as f64,
                &day.to_string(),
            )
        })
        .collect();
    let since = since().to_string();
    mock.transaction_pages_with(&transactions, 3, &[("minBankBookingDate", since.as_str())])
        .await;
    mock
}
