//! Decoding finAPI's transaction lists into the generated types, the work done on every
//! `GET /api/v1/transactions` answer.
//!
//! The payloads come from `../shared/bench/gen_finapi.py`; generate them first (from the
//! workspace root):
//!
//! ```sh
//! PAYLOADS_DIR=target/bench-payloads python3 ../shared/bench/gen_finapi.py 10000 100000
//! cargo bench -p finapi --bench decode
//! ```
//!
//! Payloads that are missing are skipped with a note. `$PAYLOADS_DIR` overrides where they are
//! looked for.

use std::path::PathBuf;

use divan::counter::BytesCount;
use divan::Bencher;
use finapi::types::PageableTransactionList;

fn main() {
    divan::main();
}

fn payload(transactions: usize) -> Option<Vec<u8>> {
    let dir = std::env::var_os("PAYLOADS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-payloads")
        });
    let path = dir.join(format!("finapi_transactions_{transactions}.json"));
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!(
                "skipping {}: not found (generate it with ../shared/bench/gen_finapi.py)",
                path.display()
            );
            None
        }
    }
}

/// `serde_json::from_slice` into `PageableTransactionList`, as the generated client does.
#[divan::bench(args = [10_000, 100_000], sample_count = 10)]
fn transactions(bencher: Bencher, transactions: usize) {
    let Some(bytes) = payload(transactions) else {
        return;
    };
    bencher.counter(BytesCount::of_slice(&bytes)).bench(|| {
        let list: PageableTransactionList =
            serde_json::from_slice(divan::black_box(&bytes)).expect("the payload decodes");
        assert_eq!(list.transactions.len(), transactions);
        list
    });
}
