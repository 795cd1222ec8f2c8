//! Budgea / Powens: a user whose bank asks for a code received by SMS after the credentials
//! (`additionalInformationNeeded`, HTTP 202).

use std::collections::HashMap;
use std::time::Duration;

use bankapi::budgea::accounts::AccountFilter;
use bankapi::budgea::connections::{FieldValues, NewConnection};
use bankapi::budgea::mock::{self, MockApi};
use bankapi::budgea::pagination::TransactionQuery;
use bankapi::budgea::{Client, ClientCredentials, ConnectionOutcome, FieldPrompt, UserAction};
use bankapi::{Challenge, Provider, ProviderChallenge};
use chrono::{Days, NaiveDate, Utc};
use futures::TryStreamExt;

use super::{ask_all, two_decimals, AccountRow, Ask, Failure, Scripted, Section, Target};

/// A Powens sandbox domain, and the bank account to connect.
#[derive(Debug)]
pub struct Sandbox {
    domain: String,
    client_id: String,
    client_secret: String,
    connector_id: i64,
    login: String,
    password: String,
}

impl Sandbox {
    /// `BUDGEA_DOMAIN`, `BUDGEA_CLIENT_ID`, `BUDGEA_CLIENT_SECRET`, `BUDGEA_CONNECTOR_ID`,
    /// `BUDGEA_LOGIN`, `BUDGEA_PASSWORD` (as `cargo run -p budgea --example connect_bank`).
    pub fn from_env(var: &impl Fn(&str) -> Option<String>) -> Result<Option<Self>, Failure> {
        let names = [
            "BUDGEA_DOMAIN",
            "BUDGEA_CLIENT_ID",
            "BUDGEA_CLIENT_SECRET",
            "BUDGEA_CONNECTOR_ID",
            "BUDGEA_LOGIN",
            "BUDGEA_PASSWORD",
        ];
        let [Some(domain), Some(client_id), Some(client_secret), Some(connector), Some(login), Some(password)] =
            names.map(var)
        else {
            return Ok(None);
        };
        let connector_id = connector.parse().map_err(|_| {
            Failure::Tour(format!("BUDGEA_CONNECTOR_ID={connector:?} is not a number"))
        })?;
        Ok(Some(Sandbox {
            domain,
            client_id,
            client_secret,
            connector_id,
            login,
            password,
        }))
    }
}

/// How to read transactions: the dates and the page size.
struct Window {
    from: NaiveDate,
    to: NaiveDate,
    per_page: u32,
}

pub async fn run(sandbox: Option<Sandbox>, terminal: &mut dyn Ask) -> Result<Section, Failure> {
    match sandbox {
        Some(s) => {
            let client = Client::builder()
                .domain(&s.domain)
                .client_id(&s.client_id)
                .build()?;
            let target = Target::Sandbox(client.baseurl().to_owned());
            let credentials = ClientCredentials::new(s.client_id, s.client_secret);
            let today = Utc::now().date_naive();
            let window = Window {
                from: today - Days::new(90),
                to: today,
                per_page: 100,
            };
            let login = (s.connector_id, s.login, s.password);
            steps(&client, target, &credentials, Some(login), window, terminal).await
        }
        None => {
            // Budgea's mock (`budgea::mock`): the guide's scenarios.
            let api = MockApi::start().await;
            api.banks_with_fields().await;
            api.user_and_token_exchange().await;
            api.connection_with_otp().await;
            api.accounts_to_activate().await;
            api.transaction_pages().await;
            let credentials = ClientCredentials::new(mock::CLIENT_ID, mock::CLIENT_SECRET);
            // The dates and page size the mock's three pages of transactions expect.
            let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).expect("a date");
            let window = Window {
                from: day(1, 1),
                to: day(3, 31),
                per_page: 2,
            };
            let target = Target::Mock(api.base_url());
            let mut scripted = Scripted::new(mock::OTP);
            steps(
                &api.client(),
                target,
                &credentials,
                None,
                window,
                &mut scripted,
            )
            .await
        }
    }
}

async fn steps(
    client: &Client,
    target: Target,
    credentials: &ClientCredentials,
    login: Option<(i64, String, String)>,
    window: Window,
    ask: &mut dyn Ask,
) -> Result<Section, Failure> {
    println!("\n== Budgea, {target}");

    // 1. Institutions: the banks (connectors) and the fields their login forms need.
    let banks = client
        .list_banks()
        .expand("fields")
        .send()
        .await?
        .into_inner();
    let bank = match &login {
        Some((id, ..)) => banks.banks.iter().find(|b| b.id == *id),
        None => banks.banks.first(),
    }
    .ok_or_else(|| Failure::Tour("the bank to connect is not listed".into()))?;
    let bank_name = bank.name.clone().unwrap_or_default();
    println!(
        "1. {} bank(s); connecting to {bank_name}",
        banks.banks.len()
    );

    // 2. Log in: a user and its permanent token.
    let user = client.init_user(Some(credentials)).await?;
    let client = client.with_token(user.token.clone());
    println!("2. user {}", user.id_user.unwrap_or_default());

    // 3. Connect the bank: the credentials, the other fields of the bank's form (asked like a
    //    challenge), then whatever the bank asks.
    let (login, password) = match login {
        Some((_, login, password)) => (login, password),
        None => ("12345678".to_owned(), "123456".to_owned()),
    };
    let mut request = NewConnection::connector_id(bank.id)
        .field("login", login)
        .field("password", password);
    let form: Vec<FieldPrompt> = bank
        .fields
        .iter()
        .map(FieldPrompt::from)
        .filter(|f| f.required && f.name != "login" && f.name != "password")
        .collect();
    if !form.is_empty() {
        let form = Challenge::from(&form[..]);
        for (item, value) in form.items().iter().zip(ask_all(&form, ask)) {
            request = request.field(item.field.clone().unwrap_or_default(), value);
        }
    }
    let request = request.require_fields(&bank.fields);
    let mut challenges = Vec::new();
    let mut outcome = client.create_connection(&request).await?;
    for round in 0.. {
        if round > 8 {
            return Err(Failure::Tour("the bank keeps asking".into()));
        }
        let connection_id = outcome.connection().id;
        outcome = match &outcome {
            ConnectionOutcome::Synced(_) => break,
            ConnectionOutcome::Retry { state, .. } => {
                println!("   connection {connection_id}: {state}, asking again in 5 s");
                tokio::time::sleep(Duration::from_secs(5)).await;
                client.connection_status(connection_id).await?
            }
            ConnectionOutcome::UserActionNeeded { .. } => {
                // Shown through the common type, answered with Budgea's own calls.
                let challenge = Challenge::try_from(&outcome).expect("the user must act");
                let responses = ask_all(&challenge, ask);
                let ProviderChallenge::Budgea { action, .. } = challenge.original() else {
                    unreachable!("a Budgea challenge");
                };
                let next = match action {
                    UserAction::Decoupled { .. } => client.resume_connection(connection_id).await?,
                    action if !action.fields().is_empty() => {
                        let mut values = FieldValues::new();
                        for (item, value) in challenge.items().iter().zip(responses) {
                            values.set(item.field.clone().unwrap_or_default(), value);
                        }
                        client.answer_connection(connection_id, &values).await?
                    }
                    other => {
                        return Err(Failure::Tour(format!(
                            "the user must act at the bank: {other:?}"
                        )))
                    }
                };
                challenges.push(challenge);
                next
            }
            other => return Err(Failure::Tour(format!("unexpected outcome {other:?}"))),
        };
    }
    let connection_id = outcome.connection().id;
    println!("3. connection {connection_id} synchronized");

    // 4. Accounts: Budgea lists them disabled until the user agrees; activate them all.
    let all = client.list_accounts(&AccountFilter::new().all()).await?;
    let disabled: Vec<i64> = all
        .accounts
        .iter()
        .filter(|a| a.disabled.is_some())
        .map(|a| a.id)
        .collect();
    let accounts = if disabled.is_empty() {
        all.accounts
    } else {
        client.activate_accounts(connection_id, &disabled).await?
    };
    println!(
        "4. {} account(s), {} activated",
        accounts.len(),
        disabled.len()
    );

    // 5. Transactions, page by page (a `futures::Stream`).
    let query = TransactionQuery::new()
        .min_date(window.from)
        .max_date(window.to)
        .limit(window.per_page)
        .expand("category");
    let transactions: Vec<_> = client.transactions(query).try_collect().await?;
    println!(
        "5. {} transaction(s) from {} to {}, {} per page",
        transactions.len(),
        window.from,
        window.to,
        window.per_page
    );
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for transaction in &transactions {
        *counts
            .entry(transaction.id_account.unwrap_or_default())
            .or_default() += 1;
    }

    Ok(Section {
        provider: Provider::Budgea,
        target,
        institutions: banks.banks.len(),
        challenges,
        accounts: accounts
            .iter()
            .map(|a| AccountRow {
                institution: bank_name.clone(),
                account: a.name.clone().unwrap_or_else(|| a.id.to_string()),
                kind: a
                    .type_
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                balance: a.balance.map(two_decimals).unwrap_or_default(),
                currency: a
                    .currency
                    .as_ref()
                    .map(|c| c.id.clone())
                    .unwrap_or_default(),
                transactions: counts.get(&a.id).copied().unwrap_or(0),
            })
            .collect(),
    })
}
