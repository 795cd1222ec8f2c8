//! Intuit aggcat: institution 100000 (CCBank) of Intuit's sandbox, and its challenge users:
//! `tfa_text2` (two rounds of text questions), `tfa_choice` (a multiple choice), `tfa_image`
//! (a question with an image).

use bankapi::intuit_aggcat::{mock, Answers, Client, Credentials, Discovery, HttpConfig};
use bankapi::{Challenge, Provider};
use chrono::{Days, Utc};

use super::{ask_all, two_decimals, AccountRow, Ask, Failure, Scripted, Section, Target};

/// An Intuit-compatible host (Finicity's facade, a proxy), and the login to discover.
#[derive(Debug)]
pub struct Sandbox {
    base_url: String,
    token_url: String,
    consumer_key: String,
    consumer_secret: String,
    saml_id: String,
    customer_id: String,
    private_key_file: String,
    institution_id: String,
    user: String,
    password: String,
}

impl Sandbox {
    /// `INTUIT_BASE_URL`, `INTUIT_TOKEN_URL`, `INTUIT_CONSUMER_KEY`, `INTUIT_CONSUMER_SECRET`,
    /// `INTUIT_SAML_ID`, `INTUIT_CUSTOMER_ID`, `INTUIT_PRIVATE_KEY_FILE`, optionally
    /// `INTUIT_INSTITUTION_ID` (100000), `JOURNEY_USER` (`tfa_text`) and `JOURNEY_PASSWORD`
    /// (as `cargo run -p intuit-aggcat --example discover_accounts`).
    pub fn from_env(var: &impl Fn(&str) -> Option<String>) -> Option<Self> {
        Some(Sandbox {
            base_url: var("INTUIT_BASE_URL")?,
            token_url: var("INTUIT_TOKEN_URL")?,
            consumer_key: var("INTUIT_CONSUMER_KEY")?,
            consumer_secret: var("INTUIT_CONSUMER_SECRET")?,
            saml_id: var("INTUIT_SAML_ID")?,
            customer_id: var("INTUIT_CUSTOMER_ID")?,
            private_key_file: var("INTUIT_PRIVATE_KEY_FILE")?,
            institution_id: var("INTUIT_INSTITUTION_ID")
                .unwrap_or_else(|| mock::INSTITUTION_ID.to_owned()),
            user: var("JOURNEY_USER").unwrap_or_else(|| "tfa_text".to_owned()),
            password: var("JOURNEY_PASSWORD").unwrap_or_else(|| "anyvalue".to_owned()),
        })
    }
}

pub async fn run(sandbox: Option<Sandbox>, terminal: &mut dyn Ask) -> Result<Section, Failure> {
    match sandbox {
        Some(s) => {
            let target = Target::Sandbox(s.base_url.clone());
            let client = Client::builder()
                .base_url(s.base_url)
                .token_url(s.token_url)
                .consumer_key(s.consumer_key)
                .consumer_secret(s.consumer_secret)
                .saml_identity_provider_id(s.saml_id)
                .customer_id(s.customer_id)
                .private_key_file(s.private_key_file)
                .http_config(
                    HttpConfig::default().with_timeout(std::time::Duration::from_secs(120)),
                )
                .build()?;
            let logins = [(s.user, s.password)];
            steps(&client, target, &s.institution_id, &logins, terminal).await
        }
        None => {
            // Intuit's mock (`intuit_aggcat::mock`): a fake of the sandbox that checks every
            // SAML assertion and OAuth signature.
            let server = httpmock::MockServer::start_async().await;
            mock::mount_sandbox(&server).await;
            let client = mock::client_builder(&server).build()?;
            let target = Target::Mock(server.base_url());
            let logins = ["tfa_text2", "tfa_choice", "tfa_image"]
                .map(|u| (u.to_owned(), "anyvalue".to_owned()));
            let mut scripted = Scripted::new("Black Cat");
            steps(
                &client,
                target,
                mock::INSTITUTION_ID,
                &logins,
                &mut scripted,
            )
            .await
        }
    }
}

async fn steps(
    client: &Client,
    target: Target,
    institution_id: &str,
    logins: &[(String, String)],
    ask: &mut dyn Ask,
) -> Result<Section, Failure> {
    println!("\n== Intuit aggcat, {target}");

    // 1. Institutions, and the login form of ours.
    let institutions = client.get_institutions().await?;
    let detail = client.get_institution_details(institution_id).await?;
    let institution = detail
        .institution_name
        .clone()
        .unwrap_or_else(|| institution_id.to_owned());
    let fields = client.get_credential_fields(institution_id).await?;
    println!(
        "1. {} institution(s); {institution} asks for {:?}",
        institutions.institutions.len(),
        fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>()
    );

    // 2. and 3. Log in (discover the accounts) as each user, answering every round of questions.
    let mut challenges = Vec::new();
    for (user, password) in logins {
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
        println!("2. discovering the accounts of {user}");
        let mut outcome = client
            .discover_and_add_accounts(institution_id, credentials)
            .await?;
        while let Discovery::Challenge(set) = &outcome {
            if challenges.len() > 8 {
                return Err(Failure::Tour("the institution keeps asking".into()));
            }
            // Shown through the common type, answered with Intuit's own challenge session.
            let challenge = Challenge::from(set);
            let answers: Answers = ask_all(&challenge, ask).into_iter().collect();
            outcome = set.answer(client, answers).await?;
            challenges.push(challenge);
        }
    }
    println!("3. answered {} round(s) of questions", challenges.len());

    // 4. Accounts.
    let accounts = client.get_customer_accounts().await?.accounts;
    println!("4. {} account(s)", accounts.len());

    // 5. Transactions of the last 30 days, account by account (Intuit does not page them).
    let since = Utc::now().date_naive() - Days::new(30);
    let mut rows = Vec::new();
    for account in &accounts {
        let list = client
            .get_account_transactions(account.account_id(), since, None)
            .await?;
        rows.push(AccountRow {
            institution: institution.clone(),
            account: account
                .account_nickname()
                .cloned()
                .unwrap_or_else(|| account.account_id().as_str().to_owned()),
            kind: account
                .type_name()
                .unwrap_or(account.kind_name())
                .to_owned(),
            balance: account
                .balance_amount()
                .map(|a| two_decimals(a.value()))
                .unwrap_or_default(),
            currency: account.currency_code().cloned().unwrap_or_default(),
            transactions: list.transactions.len(),
        });
    }
    println!("5. transactions since {since} of each account");

    Ok(Section {
        provider: Provider::IntuitAggcat,
        target,
        institutions: institutions.institutions.len(),
        challenges,
        accounts: rows,
    })
}
