//! Decoding benchmarks on the payloads of `shared/bench/gen_aggcat.py`:
//!
//! ```text
//! PAYLOADS_DIR=target/bench-payloads python3 ../shared/bench/gen_aggcat.py
//! cargo bench -p intuit-aggcat --bench decode
//! ```
//!
//! The payloads are read from `$PAYLOADS_DIR` or `<workspace>/target/bench-payloads`; without
//! them the benchmark says so and exits.

use std::path::PathBuf;

use divan::counter::BytesCount;
use divan::Bencher;
use intuit_aggcat::models::{Institutions, TransactionList};

const INSTITUTIONS: &str = "aggcat_institutions_18716.xml";
const TRANSACTIONS: &str = "aggcat_transactions_10000.xml";

fn payloads_dir() -> PathBuf {
    std::env::var_os("PAYLOADS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-payloads")
        })
}

fn payload(name: &str) -> Vec<u8> {
    std::fs::read(payloads_dir().join(name)).expect("payload present (checked in main)")
}

fn main() {
    let dir = payloads_dir();
    let missing: Vec<_> = [INSTITUTIONS, TRANSACTIONS]
        .iter()
        .filter(|f| !dir.join(f).exists())
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "skipping the decode benchmarks: {missing:?} not found in {} \
             (generate them with `PAYLOADS_DIR=target/bench-payloads python3 ../shared/bench/gen_aggcat.py`)",
            dir.display()
        );
        return;
    }
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn institutions_18716(bencher: Bencher) {
    let body = payload(INSTITUTIONS);
    bencher.counter(BytesCount::of_slice(&body)).bench(|| {
        let list = Institutions::from_xml(divan::black_box(&body)).unwrap();
        assert_eq!(list.institutions.len(), 18716);
        list
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn transactions_10000(bencher: Bencher) {
    let body = payload(TRANSACTIONS);
    bencher.counter(BytesCount::of_slice(&body)).bench(|| {
        let list = TransactionList::from_xml(divan::black_box(&body)).unwrap();
        assert_eq!(list.transactions.len(), 10000);
        list
    });
}
