//! The README's example of testing one's own code against a provider's mock, verbatim: the
//! code between the markers is the README's `rust` block (the last test checks it).

// README begins
use bankapi::finapi::mock::{sample, MockFinApi};

/// Your code: the total balance of a user's accounts.
async fn total_balance(client: &bankapi::finapi::Client) -> bankapi::Result<f64> {
    let list = client.get_and_search_all_accounts().send().await?;
    Ok(list.accounts.iter().filter_map(|a| a.balance).sum())
}

#[tokio::test]
async fn sums_the_balances() {
    let mock = MockFinApi::start().await;
    mock.accounts(&[
        sample::account(1, 7, "Girokonto", 100.0),
        sample::account(2, 7, "Tagesgeld", 50.5),
    ])
    .await;
    let client = mock.client_builder().build().unwrap();
    assert_eq!(total_balance(&client).await.unwrap(), 150.5);
}
// README ends

#[test]
fn the_readme_shows_this_code() {
    fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
        let from = text.find(start).expect("the start marker") + start.len();
        let to = from + text[from..].find(end).expect("the end marker");
        &text[from..to]
    }
    let readme = include_str!("../../README.md");
    let this = include_str!("readme.rs");
    assert_eq!(
        between(readme, "```rust\n", "```"),
        between(this, "// README begins\n", "// README ends"),
        "README.md and tests/bankapi/readme.rs must show the same code"
    );
}
