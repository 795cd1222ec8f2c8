//! The journey of the official client's guide: providers, login (with its three outcomes),
//! session key and restore, accounts and movements, credit cards and their movements, transfer
//! institutions, a transfer, logout.
//!
//! ```sh
//! cargo run -p prometeo --example banking_session                              # in-process mock
//! PROMETEO_API_KEY=… cargo run -p prometeo --example banking_session           # Prometeo's sandbox
//! ```
//!
//! Against the sandbox it logs in to the mock bank `test` (user `12345`, password `gfdsa`) and
//! reads; it makes a transfer only with `PROMETEO_TRANSFER=1`.

use chrono::Duration;
use prometeo::mock::MockPrometeo;
use prometeo::{Client, Environment, Error, Login, LoginStatus, PreprocessTransfer};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    // Kept alive for the whole journey when used.
    let mock;
    let (client, transfer) = match std::env::var("PROMETEO_API_KEY") {
        Ok(key) if !key.trim().is_empty() => {
            println!("Prometeo sandbox");
            let transfer = std::env::var("PROMETEO_TRANSFER").is_ok_and(|v| v == "1");
            (Client::new(key, Environment::Sandbox), transfer)
        }
        _ => {
            mock = MockPrometeo::start().await;
            mock.journey().await;
            println!(
                "in-process mock at {} (set PROMETEO_API_KEY for the sandbox)",
                mock.base_url()
            );
            (mock.client(), true)
        }
    };

    // Providers and the login form of one of them.
    let providers = client.providers().await?;
    println!(
        "{} providers, e.g. {:?}",
        providers.len(),
        providers.first().map(|p| &p.code)
    );
    let detail = client.provider_detail("test").await?;
    let form: Vec<&str> = detail.login_fields().map(|f| f.name.as_str()).collect();
    println!("provider test asks for {form:?}");

    // Log in, and finish the login whatever it asks.
    let login = Login::new("test", "12345", "gfdsa");
    let mut session = client.login(&login).await?;
    loop {
        match session.status().clone() {
            LoginStatus::LoggedIn => break,
            LoginStatus::SelectClient => {
                let clients = session.clients().await?;
                let first = clients.first().map(|c| c.id.clone()).unwrap_or_default();
                session.select_client(&first).await?;
            }
            LoginStatus::InteractionRequired { context, field } => {
                println!("the bank asks ({field}): {context}");
                session.finish_login(&login, "8888").await?;
            }
            other => {
                println!("unexpected login status {other}");
                return Ok(());
            }
        }
    }
    println!("logged in");

    // The session may move to another process by its key.
    let key = session.session_key().to_owned();
    let session = client.restore_session(key);

    let to = chrono::Local::now().date_naive();
    let from = to - Duration::days(30);
    for account in session.accounts().await? {
        let movements = session.account_movements(&account, from, to).await?;
        let balance = account.balance.map(|b| b.to_string()).unwrap_or_default();
        println!(
            "account {} {} balance {balance}: {} movements",
            account.number,
            account.currency,
            movements.len()
        );
        for movement in movements.iter().take(3) {
            println!(
                "  {} {:>12} {}",
                movement.date.map(|d| d.to_string()).unwrap_or_default(),
                movement.amount(),
                movement.detail
            );
        }
    }
    for card in session.credit_cards().await? {
        for currency in ["UYU", "USD"] {
            let movements = session
                .card_movements(&card.number, currency, from, to)
                .await?;
            println!(
                "card {} {currency}: {} movements",
                card.number,
                movements.len()
            );
        }
    }

    let banks = session.transfer_institutions().await?;
    println!("{} banks to transfer to", banks.len());
    if transfer {
        let request = PreprocessTransfer::new(
            "002206345988",
            "0",
            "001002363321",
            "UYU",
            "1.3".parse().expect("a decimal"),
            "transfer description",
            "John Doe",
            "62",
        );
        let preprocessed = session.preprocess_transfer(&request).await?;
        println!(
            "preprocessed: approved {}, asks {:?}",
            preprocessed.approved, preprocessed.authorization_devices
        );
        if let Some(device) = preprocessed.authorization_devices.first() {
            let done = session
                .confirm_transfer(&preprocessed.request_id, device.kind.clone(), "1, 2, 3")
                .await?;
            println!(
                "confirmed: {} {}",
                done.success,
                done.message.unwrap_or_default()
            );
        }
    }

    session.logout().await?;
    println!("logged out");
    Ok(())
}
