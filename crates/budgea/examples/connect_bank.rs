//! The whole journey of the Budgea guide: list banks and their fields, create a user, connect a
//! bank account (answering the OTP the bank asks for), activate the accounts, read three pages of
//! transactions and the investments, check and read a webhook, then add a recipient and make a
//! transfer.
//!
//! ```sh
//! cargo run -p budgea --example connect_bank
//! ```
//!
//! Offline by default, against an in-process mock of the API. With a Powens sandbox domain in
//! the environment it runs against it instead (no transfer is made there):
//!
//! ```sh
//! BUDGEA_DOMAIN=mycompany-sandbox BUDGEA_CLIENT_ID=12345678 BUDGEA_CLIENT_SECRET=… \
//! BUDGEA_CONNECTOR_ID=59 BUDGEA_LOGIN=… BUDGEA_PASSWORD=… \
//!     cargo run -p budgea --example connect_bank
//! ```
//!
//! (`BUDGEA_CONNECTOR_ID`, `BUDGEA_LOGIN` and `BUDGEA_PASSWORD` are optional: without them the
//! journey stops before connecting a bank. Answers the bank asks for are read from stdin.)

use std::io::Write;

use budgea::accounts::AccountFilter;
use budgea::connections::{Answer, FieldKind, FieldValues, NewConnection, UserAction};
use budgea::mock::{self, MockApi};
use budgea::pagination::TransactionQuery;
use budgea::transfers::{NewRecipient, NewTransfer, RecipientOutcome, TransferOutcome};
use budgea::webhooks::{self, UserSynced, WebhookVerifier};
use budgea::{Client, ClientCredentials, CodeType, ConnectionOutcome, Error};
use chrono::{Duration, NaiveDate, Utc};
use futures::TryStreamExt;

/// Where the journey runs.
struct Sandbox {
    domain: String,
    credentials: ClientCredentials,
    connector: Option<(i64, String, String)>,
}

fn sandbox_from_env() -> Result<Option<Sandbox>, Error> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (Some(domain), Some(id), Some(secret)) = (
        var("BUDGEA_DOMAIN"),
        var("BUDGEA_CLIENT_ID"),
        var("BUDGEA_CLIENT_SECRET"),
    ) else {
        return Ok(None);
    };
    let connector = match (
        var("BUDGEA_CONNECTOR_ID"),
        var("BUDGEA_LOGIN"),
        var("BUDGEA_PASSWORD"),
    ) {
        (Some(c), Some(login), Some(password)) => Some((
            c.parse()
                .map_err(|_| Error::InvalidRequest(format!("BUDGEA_CONNECTOR_ID={c:?}")))?,
            login,
            password,
        )),
        _ => None,
    };
    Ok(Some(Sandbox {
        domain,
        credentials: ClientCredentials::new(id, secret),
        connector,
    }))
}

fn ask(prompt: &str) -> String {
    print!("  {prompt}: ");
    std::io::stdout().flush().ok();
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).ok();
    line.trim().to_owned()
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    match sandbox_from_env()? {
        Some(sandbox) => real(sandbox).await,
        None => offline().await,
    }
}

/// Against the in-process mock: every step of the guide, with the mock's answers.
async fn offline() -> Result<(), Error> {
    let api = MockApi::start().await;
    println!(
        "Offline journey against a mock of the API at {}",
        api.base_url()
    );
    let _banks = api.banks_with_fields().await;
    let _users = api.user_and_token_exchange().await;
    let _connection = api.connection_with_otp().await;
    let _accounts = api.accounts_to_activate().await;
    let _pages = api.transaction_pages().await;
    let _investments = api.investments().await;
    let _transfer = api.recipient_and_transfer().await;
    let credentials = ClientCredentials::new(mock::CLIENT_ID, mock::CLIENT_SECRET);

    // 1. Hello world: the banks and the fields their forms need.
    let client = api.client();
    let banks = client
        .list_banks()
        .expand("fields")
        .send()
        .await?
        .into_inner();
    let bank = &banks.banks[0];
    println!(
        "1. {} bank(s); {} asks for:",
        banks.banks.len(),
        bank.name.as_deref().unwrap_or("?")
    );
    for field in &bank.fields {
        println!(
            "   - {} ({:?})",
            field.label.as_deref().unwrap_or("?"),
            field.type_
        );
    }

    // 2. A user with a permanent token; a temporary code for the webview.
    let user = client.init_user(Some(&credentials)).await?;
    let client = client.with_token(user.token.clone());
    let code = client.temporary_code(CodeType::SingleAccess).await?;
    let connect_url = client
        .webview()
        .expect("the mock client knows its client id")
        .connect("https://app.example.org/callback")
        .code(code.code.clone())
        .build()?;
    println!(
        "2. user {:?}, permanent: {}; webview: {}",
        user.id_user,
        user.permanent,
        connect_url.path()
    );

    // 3. A connection: credentials, then the OTP the bank asks for.
    let request = NewConnection::connector_id(bank.id)
        .field("website", "par")
        .field("login", "12345678")
        .field("password", "123456")
        .require_fields(&bank.fields);
    let outcome = client
        .connect(&request, |action, connection| {
            println!("3. connection {} needs: {action:?}", connection.id);
            let answer = match action {
                UserAction::AdditionalInformation { .. } => {
                    Some(Answer::Fields(FieldValues::new().with("otp", mock::OTP)))
                }
                _ => None,
            };
            async move { answer }
        })
        .await?;
    let connection_id = outcome.connection().id;
    println!(
        "   connection {connection_id} synced: {}",
        outcome.is_synced()
    );

    // 4. Accounts are disabled until the user agrees: list them all, activate them.
    let all = client.list_accounts(&AccountFilter::new().all()).await?;
    let disabled: Vec<i64> = all
        .accounts
        .iter()
        .filter(|a| a.disabled.is_some())
        .map(|a| a.id)
        .collect();
    let activated = client.activate_accounts(connection_id, &disabled).await?;
    println!(
        "4. activated {} account(s), total {:?} EUR",
        activated.len(),
        all.balances.get("EUR")
    );

    // 5. Transactions of the first quarter, two per page, with their category.
    let query = TransactionQuery::new()
        .min_date(NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date"))
        .max_date(NaiveDate::from_ymd_opt(2024, 3, 31).expect("a date"))
        .limit(2)
        .expand("category");
    let transactions: Vec<_> = client.transactions(query).try_collect().await?;
    println!("5. {} transactions:", transactions.len());
    for t in &transactions {
        println!(
            "   {} {:>8.2} {} [{}]",
            t.date.map(|d| d.to_string()).unwrap_or_default(),
            t.value.unwrap_or_default(),
            t.wording.as_deref().unwrap_or(""),
            t.category
                .as_deref()
                .and_then(|c| c.name.as_deref())
                .unwrap_or("")
        );
    }

    // 6. Investments of the savings account.
    let investments = client
        .list_user_account_investments()
        .id_user("me")
        .id_account(mock::SAVINGS_ID)
        .send()
        .await?;
    for i in &investments.investments {
        println!(
            "6. {}: {:?} EUR",
            i.label.as_deref().unwrap_or("?"),
            i.valuation
        );
    }

    // 7. A webhook delivery: verify its signature first, then read it.
    let key = bankapi_core::secrecy::SecretString::from("webhook-secret");
    let body = serde_json::to_vec(&serde_json::json!({
        "user": {"id": mock::USER_ID, "signin": "2024-06-01 09:58:00", "platform": "sharedAccess"},
        "connections": [{"id": connection_id, "state": null, "accounts": [{"id": mock::ACCOUNT_ID,
            "balance": 2893.36, "transactions": [mock::sample::transaction(400, "2024-06-01", -4.2, "BOULANGERIE")]}]}],
        "total": 1
    }))
    .expect("JSON");
    let date = Utc::now().to_rfc3339();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        webhooks::SIGNATURE_HEADER,
        webhooks::sign(&key, "/hooks/user-synced", &date, &body)
            .parse()
            .expect("a header"),
    );
    headers.insert(
        webhooks::SIGNATURE_DATE_HEADER,
        date.parse().expect("a header"),
    );
    WebhookVerifier::new(key)
        .verify("/hooks/user-synced", &headers, &body)
        .map_err(|e| Error::InvalidRequest(e.to_string()))?;
    let synced = UserSynced::parse(&body).map_err(|e| Error::InvalidRequest(e.to_string()))?;
    println!(
        "7. verified webhook: {} connection(s), {} new transaction(s)",
        synced.connections.len(),
        synced.connections[0].accounts[0].transactions.len()
    );

    // 8. A recipient (confirmed by SMS), then a transfer validated with the bank's password.
    let added = client
        .add_recipient(
            mock::ACCOUNT_ID,
            &NewRecipient::new("FR7613048379405300290000355", "Papa").category("Famille"),
        )
        .await?;
    let recipient = match added {
        RecipientOutcome::NeedsFields { recipient, .. } => {
            match client
                .confirm_recipient(
                    mock::ACCOUNT_ID,
                    recipient.id,
                    &FieldValues::new().with("sms", mock::SMS_CODE),
                )
                .await?
            {
                RecipientOutcome::Added(recipient) => recipient,
                other => panic!("the recipient is still not confirmed: {other:?}"),
            }
        }
        RecipientOutcome::Added(recipient) => recipient,
        other => panic!("unexpected {other:?}"),
    };
    let transfer = client
        .create_transfer(
            mock::ACCOUNT_ID,
            recipient.id,
            &NewTransfer::new(10.0, "Argent de poche")
                .exec_date(NaiveDate::from_ymd_opt(2024, 6, 3).expect("a date")),
        )
        .await?;
    let mut values = FieldValues::new();
    let done = loop {
        match client.validate_transfer(transfer.id, &values).await? {
            TransferOutcome::NeedsFields { fields, .. } => {
                println!(
                    "8. the bank asks for {:?}",
                    fields.iter().map(|f| &f.label).collect::<Vec<_>>()
                );
                values = FieldValues::new().with(fields[0].name.clone(), mock::BANK_PASSWORD);
            }
            TransferOutcome::Executed(transfer) => break transfer,
            other => panic!("unexpected {other:?}"),
        }
    };
    println!(
        "   transfer {} is {}",
        done.id,
        done.state.as_deref().unwrap_or("?")
    );
    println!("Done.");
    Ok(())
}

/// Against a real (sandbox) domain.
async fn real(sandbox: Sandbox) -> Result<(), Error> {
    let client = Client::builder()
        .domain(&sandbox.domain)
        .client_id(sandbox.credentials.client_id())
        .build()?;
    println!("Journey against {}", client.baseurl());
    let banks = client
        .list_banks()
        .expand("fields")
        .send()
        .await?
        .into_inner();
    println!("1. {} banks", banks.banks.len());

    let user = client.init_user(Some(&sandbox.credentials)).await?;
    let client = client.with_token(user.token.clone());
    println!(
        "2. user {:?} (permanent token: {})",
        user.id_user, user.permanent
    );
    let code = client.temporary_code(CodeType::SingleAccess).await?;
    if let Some(webview) = client.webview() {
        let url = webview
            .connect("https://example.org/callback")
            .code(code.code)
            .build()?;
        println!("   webview (open in a browser): {url}");
    }

    let Some((connector, login, password)) = sandbox.connector else {
        println!("No BUDGEA_CONNECTOR_ID/LOGIN/PASSWORD: stopping before connecting a bank.");
        return Ok(());
    };
    let bank = banks.banks.iter().find(|b| b.id == connector);
    let mut request = NewConnection::connector_id(connector)
        .field("login", login)
        .field("password", password);
    if let Some(bank) = bank {
        for field in &bank.fields {
            let name = field.name.clone().unwrap_or_default();
            if name != "login" && name != "password" && field.required != Some(false) {
                let value = ask(field.label.as_deref().unwrap_or(&name));
                request = request.field(name, value);
            }
        }
    }
    let outcome = client
        .connect(&request, |action, _| {
            let answer = match &action {
                UserAction::Decoupled { message } => {
                    ask(&format!(
                        "{} — approve in your bank's app, then press Enter",
                        message.as_deref().unwrap_or("")
                    ));
                    Some(Answer::Resume)
                }
                UserAction::AdditionalInformation { fields, .. } => {
                    let mut values = FieldValues::new();
                    for f in fields {
                        let hint = match &f.kind {
                            FieldKind::Choice(choices) => format!(
                                " {:?}",
                                choices.iter().map(|c| &c.value).collect::<Vec<_>>()
                            ),
                            _ => String::new(),
                        };
                        values.set(f.name.clone(), ask(&format!("{}{hint}", f.label)));
                    }
                    Some(Answer::Fields(values))
                }
                other => {
                    println!("   the user must act: {other:?}");
                    None
                }
            };
            async move { answer }
        })
        .await?;
    let connection_id = outcome.connection().id;
    match &outcome {
        ConnectionOutcome::Synced(_) => println!("3. connection {connection_id} synced"),
        other => {
            println!("3. connection {connection_id}: {other:?}");
            return Ok(());
        }
    }
    let all = client.list_accounts(&AccountFilter::new().all()).await?;
    let disabled: Vec<i64> = all
        .accounts
        .iter()
        .filter(|a| a.disabled.is_some())
        .map(|a| a.id)
        .collect();
    if !disabled.is_empty() {
        let activated = client.activate_accounts(connection_id, &disabled).await?;
        println!("4. activated {} account(s)", activated.len());
    }
    let today = Utc::now().date_naive();
    let query = TransactionQuery::new()
        .min_date(today - Duration::days(90))
        .max_date(today)
        .limit(100);
    let count = client
        .transactions(query)
        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
        .await?;
    println!("5. {count} transactions in the last 90 days");
    Ok(())
}
