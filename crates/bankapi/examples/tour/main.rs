//! A tour of every provider through the `bankapi` facade.
//!
//! ```sh
//! cargo run -p bankapi --example tour
//! ```
//!
//! For each provider it lists the institutions, logs in, answers the bank's challenge (shown
//! through the common [`bankapi::Challenge`], answered with the provider crate's own value),
//! lists the accounts and pages through their transactions; then it prints one table of
//! accounts and balances across providers.
//!
//! Offline by default: each provider crate's mock server plays the provider's documented test
//! flow (finAPI's demo bank asking for a TAN, a Budgea user whose bank sends a code by SMS,
//! Intuit's `tfa_*` challenge users, Prometeo's `test` provider asking a personal question).
//! A provider whose credentials are in the environment is toured on its real sandbox instead,
//! with the variables its own example reads (answers are then asked on the terminal):
//!
//! | provider | variables |
//! |---|---|
//! | finAPI | `FINAPI_CLIENT_ID`, `FINAPI_CLIENT_SECRET`, `FINAPI_USERNAME`, `FINAPI_PASSWORD` (optional `FINAPI_BASE_URL`) |
//! | Budgea | `BUDGEA_DOMAIN`, `BUDGEA_CLIENT_ID`, `BUDGEA_CLIENT_SECRET`, `BUDGEA_CONNECTOR_ID`, `BUDGEA_LOGIN`, `BUDGEA_PASSWORD` |
//! | Prometeo | `PROMETEO_API_KEY` (optional `PROMETEO_PROVIDER`, `PROMETEO_USERNAME`, `PROMETEO_PASSWORD`) |
//! | Intuit | `INTUIT_BASE_URL`, `INTUIT_TOKEN_URL`, `INTUIT_CONSUMER_KEY`, `INTUIT_CONSUMER_SECRET`, `INTUIT_SAML_ID`, `INTUIT_CUSTOMER_ID`, `INTUIT_PRIVATE_KEY_FILE` (optional `INTUIT_INSTITUTION_ID`, `JOURNEY_USER`, `JOURNEY_PASSWORD`) |

use std::io::Write;
use std::process::ExitCode;

use bankapi::{ChallengeItem, ChallengeKind, Provider};

// Loaded by path so that the integration test (`tests/bankapi/tour.rs`) can load it the same way.
#[path = "tour.rs"]
mod tour;

#[tokio::main]
async fn main() -> ExitCode {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let settings = match tour::Settings::from_env(var) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let results = tour::run(settings, &mut Terminal).await;

    let mut sections = Vec::new();
    let mut failed = false;
    println!();
    for (provider, result) in results {
        match result {
            Ok(section) => {
                println!(
                    "{:<14} {}: {} institution(s), {} challenge(s) answered, {} account(s)",
                    provider.as_str(),
                    section.target,
                    section.institutions,
                    section.challenges.len(),
                    section.accounts.len()
                );
                sections.push(section);
            }
            Err(error) => {
                failed = true;
                println!("{:<14} failed: {error}", provider.as_str());
            }
        }
    }
    println!("\n{}", tour::accounts_table(&sections));
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Answers a sandbox's challenges on the terminal.
struct Terminal;

impl tour::Ask for Terminal {
    fn respond(&mut self, provider: Provider, item: &ChallengeItem) -> String {
        let prompt = match &item.kind {
            ChallengeKind::Choice { options, .. } => {
                let values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
                format!("your choice ({})", values.join(", "))
            }
            ChallengeKind::Redirect { url: Some(url) } if provider == Provider::FinApi => {
                format!("open {url}, log in at the bank, then paste the query string it sent you back with")
            }
            ChallengeKind::Image { image, .. } => {
                let path = std::env::temp_dir().join("bankapi-tour-challenge");
                let shown = std::fs::write(&path, &image.bytes)
                    .map(|()| format!("the image is in {}", path.display()))
                    .unwrap_or_else(|e| format!("the image could not be saved: {e}"));
                format!("{shown}; your answer")
            }
            kind if kind.takes_answer() => "your answer".to_owned(),
            _ => "press Enter when done".to_owned(),
        };
        print!("     {prompt}: ");
        std::io::stdout().flush().ok();
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).ok();
        line.trim().to_owned()
    }
}
