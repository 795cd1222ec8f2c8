//! Prometeo: the sandbox's `test` provider, whose login asks a personal question
//! (`interaction_required`).

use bankapi::prometeo::mock::{self, MockPrometeo};
use bankapi::prometeo::{Client, Environment, Login, LoginStatus};
use bankapi::{Challenge, Provider};
use chrono::{Days, Utc};

use super::{ask_all, two_decimals, AccountRow, Ask, Failure, Scripted, Section, Target};

/// The question the mock's bank asks, and the answer it expects.
const QUESTION: &str = "¿Cuál es el nombre de tu primera mascota?";
const ANSWER: &str = "prometeo";

/// Prometeo's sandbox, and the login to use there.
#[derive(Debug)]
pub struct Sandbox {
    api_key: String,
    provider: String,
    username: String,
    password: String,
}

impl Sandbox {
    /// `PROMETEO_API_KEY` (as `cargo run -p prometeo --example banking_session`), optionally
    /// `PROMETEO_PROVIDER`, `PROMETEO_USERNAME`, `PROMETEO_PASSWORD` (default: the sandbox's
    /// `test` provider, user `12345`, password `gfdsa`).
    pub fn from_env(var: &impl Fn(&str) -> Option<String>) -> Option<Self> {
        Some(Sandbox {
            api_key: var("PROMETEO_API_KEY")?,
            provider: var("PROMETEO_PROVIDER").unwrap_or_else(|| mock::PROVIDER.to_owned()),
            username: var("PROMETEO_USERNAME").unwrap_or_else(|| "12345".to_owned()),
            password: var("PROMETEO_PASSWORD").unwrap_or_else(|| "gfdsa".to_owned()),
        })
    }
}

pub async fn run(sandbox: Option<Sandbox>, terminal: &mut dyn Ask) -> Result<Section, Failure> {
    match sandbox {
        Some(s) => {
            let client = Client::new(s.api_key, Environment::Sandbox);
            let target = Target::Sandbox(Environment::Sandbox.base_url().to_owned());
            let login = Login::new(s.provider, s.username, s.password);
            steps(&client, target, &login, terminal).await
        }
        None => {
            // Prometeo's mock (`prometeo::mock`): the guide's scenarios, with a login that asks
            // a personal question first.
            let mock = MockPrometeo::start().await;
            mock.providers().await;
            mock.provider_detail().await;
            mock.login_interaction_required(QUESTION, "personal_question")
                .await;
            mock.finish_login("personal_question", ANSWER).await;
            mock.accounts().await;
            mock.movements().await;
            mock.logout().await;
            let login = Login::new(mock::PROVIDER, mock::USERNAME, mock::PASSWORD);
            let target = Target::Mock(mock.base_url());
            steps(&mock.client(), target, &login, &mut Scripted::new(ANSWER)).await
        }
    }
}

async fn steps(
    client: &Client,
    target: Target,
    login: &Login,
    ask: &mut dyn Ask,
) -> Result<Section, Failure> {
    println!("\n== Prometeo, {target}");

    // 1. Institutions: Prometeo's providers (banks), and the login form of ours.
    let providers = client.providers().await?;
    let provider = providers
        .iter()
        .find(|p| p.code == login.provider())
        .ok_or_else(|| Failure::Tour(format!("no provider {}", login.provider())))?;
    let detail = client.provider_detail(login.provider()).await?;
    let form: Vec<&str> = detail.login_fields().map(|f| f.name.as_str()).collect();
    println!(
        "1. {} provider(s); {} asks for {form:?}",
        providers.len(),
        provider.name
    );

    // 2. Log in.
    let mut session = client.login(login).await?;
    println!("2. login: {}", session.status());

    // 3. Answer the bank until logged in.
    let mut challenges = Vec::new();
    while !session.status().is_logged_in() {
        if challenges.len() > 8 {
            return Err(Failure::Tour("the bank keeps asking".into()));
        }
        if *session.status() == LoginStatus::SelectClient {
            let clients = session.clients().await?;
            let first = clients.first().map(|c| c.id.clone()).unwrap_or_default();
            session.select_client(&first).await?;
            continue;
        }
        // Shown through the common type, answered with Prometeo's own session.
        let challenge = Challenge::try_from(session.status())
            .map_err(|_| Failure::Tour(format!("unexpected login status {}", session.status())))?;
        let answer = ask_all(&challenge, ask).remove(0);
        session.finish_login(login, &answer).await?;
        challenges.push(challenge);
    }
    println!("3. logged in");

    // 4. Accounts.
    let accounts = session.accounts().await?;
    println!("4. {} account(s)", accounts.len());

    // 5. Movements of the last 30 days, account by account (Prometeo does not page them).
    let to = Utc::now().date_naive();
    let from = to - Days::new(30);
    let mut rows = Vec::new();
    for account in &accounts {
        let movements = session.account_movements(account, from, to).await?;
        rows.push(AccountRow {
            institution: provider.name.clone(),
            account: account.name.clone(),
            // Prometeo gives no account type.
            kind: String::new(),
            balance: account.balance.map(two_decimals).unwrap_or_default(),
            currency: account.currency.clone(),
            transactions: movements.len(),
        });
    }
    println!("5. movements from {from} to {to} of each account");
    session.logout().await?;

    Ok(Section {
        provider: Provider::Prometeo,
        target,
        institutions: providers.len(),
        challenges,
        accounts: rows,
    })
}
