//! Decoding a `GET /users/me/transactions` body into the generated `TransactionsList`.
//!
//! The payloads come from `../shared/bench/gen_powens.py` (not committed, about 12 and 116 MB):
//!
//! ```sh
//! PAYLOADS_DIR=target/bench-payloads python3 ../shared/bench/gen_powens.py 10000 100000
//! cargo bench -p budgea --bench decode
//! ```
//!
//! A missing payload is skipped with a note. Set `PAYLOADS_DIR` to read them from elsewhere.

use std::path::PathBuf;

use budgea::types::TransactionsList;
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

fn payload(n: usize) -> Option<Vec<u8>> {
    let dir = std::env::var_os("PAYLOADS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-payloads")
        });
    let path = dir.join(format!("powens_transactions_{n}.json"));
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!(
                "skipping: {} is missing (PAYLOADS_DIR=target/bench-payloads python3 ../shared/bench/gen_powens.py {n})",
                path.display()
            );
            None
        }
    }
}

#[divan::bench(args = [10_000, 100_000], sample_count = 5, sample_size = 1)]
fn transactions_list(bencher: Bencher, n: usize) {
    let Some(bytes) = payload(n) else {
        return;
    };
    bencher.counter(BytesCount::new(bytes.len())).bench(|| {
        let list: TransactionsList =
            serde_json::from_slice(divan::black_box(&bytes)).expect("the payload decodes");
        assert_eq!(list.transactions.len(), n);
        list
    });
}
