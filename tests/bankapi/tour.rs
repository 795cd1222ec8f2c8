//! The tour example's logic (`cargo run -p bankapi --example tour`), offline: every provider's
//! five steps against its mock server, and the combined table of accounts.

// The example's own module, loaded the way its `main.rs` loads it; the CLI parts (reading the
// environment, the terminal) are the example's.
#[allow(dead_code)]
#[path = "../../crates/bankapi/examples/tour/tour.rs"]
mod example;

use bankapi::{ChallengeKind, Provider};
use example::{Scripted, Settings, Target};

#[tokio::test(flavor = "multi_thread")]
async fn every_provider_runs_its_test_flow_offline() {
    // No sandbox settings: every provider against its mock (the mock scenarios answer with
    // their own scripted answers, never with this one).
    let results = example::run(Settings::default(), &mut Scripted::new("not asked")).await;
    let providers: Vec<Provider> = results.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        providers,
        [
            Provider::FinApi,
            Provider::Budgea,
            Provider::Prometeo,
            Provider::IntuitAggcat
        ]
    );
    let sections: Vec<_> = results
        .into_iter()
        .map(|(provider, result)| result.unwrap_or_else(|e| panic!("{provider}: {e}")))
        .collect();

    for section in &sections {
        assert!(
            matches!(&section.target, Target::Mock(url) if url.starts_with("http://127.0.0.1:")),
            "{:?}",
            section.target
        );
        assert!(section.institutions >= 1, "{:?}", section.provider);
        assert!(!section.challenges.is_empty(), "{:?}", section.provider);
        assert!(section
            .challenges
            .iter()
            .all(|c| c.provider() == section.provider));
    }
    // The challenge each documented flow has, in the common type.
    let kinds = |i: usize| -> Vec<&ChallengeKind> {
        sections[i]
            .challenges
            .iter()
            .flat_map(|c| c.items().iter().map(|item| &item.kind))
            .collect()
    };
    assert!(
        matches!(kinds(0)[..], [ChallengeKind::Otp { label: Some(label), .. }] if label == "TAN")
    );
    assert!(
        matches!(kinds(1)[..], [ChallengeKind::Otp { prompt, .. }] if prompt == "Code reçu par SMS")
    );
    assert!(matches!(kinds(2)[..], [ChallengeKind::TextQuestion { .. }]));
    assert!(matches!(
        kinds(3)[..],
        [
            ChallengeKind::TextQuestion { .. },
            ChallengeKind::TextQuestion { .. },
            ChallengeKind::TextQuestion { .. },
            ChallengeKind::Choice { .. },
            ChallengeKind::Image { .. }
        ]
    ));
    assert_eq!(
        sections.iter().map(|s| s.institutions).collect::<Vec<_>>(),
        [1, 1, 3, 5]
    );

    // The combined table: a header, a rule, one line per account of every provider.
    let table = example::accounts_table(&sections);
    let lines: Vec<Vec<&str>> = table
        .lines()
        .map(|line| {
            line.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(
        lines[0],
        [
            "provider",
            "institution",
            "account",
            "type",
            "balance",
            "currency",
            "transactions"
        ]
    );
    assert_eq!(lines.len(), 2 + 1 + 2 + 2 + 10, "{table}");
    let row = |account: &str| {
        lines
            .iter()
            .find(|cells| cells.get(2) == Some(&account))
            .unwrap_or_else(|| panic!("no {account} in\n{table}"))
            .clone()
    };
    assert_eq!(
        row("Girokonto"),
        [
            "finapi",
            "FinAPI Test Bank",
            "Girokonto",
            "Checking",
            "2412.37",
            "EUR",
            "7"
        ]
    );
    assert_eq!(
        row("Compte chèque"),
        [
            "budgea",
            "Banque Exemple",
            "Compte chèque",
            "checking",
            "2893.36",
            "EUR",
            "5"
        ]
    );
    assert_eq!(
        row("Livret A"),
        [
            "budgea",
            "Banque Exemple",
            "Livret A",
            "savings",
            "10250.00",
            "EUR",
            "0"
        ]
    );
    assert_eq!(
        row("Cuenta Corriente"),
        [
            "prometeo",
            "Test Provider",
            "Cuenta Corriente",
            "-",
            "1234.95",
            "UYU",
            "3"
        ]
    );
    assert_eq!(
        row("Caja De Ahorro"),
        [
            "prometeo",
            "Test Provider",
            "Caja De Ahorro",
            "-",
            "53.96",
            "USD",
            "3"
        ]
    );
    let visa = row("My Visa");
    assert_eq!(
        visa[..6],
        [
            "intuit-aggcat",
            "CCBank",
            "My Visa",
            "CREDITCARD",
            "-811.52",
            "USD"
        ]
    );
    // One transaction every third day over the last 30 days.
    assert!(matches!(visa[6].parse::<usize>(), Ok(10..=11)), "{visa:?}");
}
