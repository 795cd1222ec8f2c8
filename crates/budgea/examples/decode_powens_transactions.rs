//! Decodes one `GET /users/me/transactions` body from a file into the generated
//! `TransactionsList` and prints the throughput; run under `/usr/bin/time -v` for the peak
//! memory:
//!
//! ```sh
//! cargo build --release -p budgea --example decode_powens_transactions
//! /usr/bin/time -v target/release/examples/decode_powens_transactions target/bench-payloads/powens_transactions_100000.json
//! ```

use std::time::Instant;

use budgea::types::TransactionsList;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: decode_powens_transactions <payload.json>");
    let bytes = std::fs::read(&path).expect("a readable payload");
    let started = Instant::now();
    let list: TransactionsList = serde_json::from_slice(&bytes).expect("the payload decodes");
    let elapsed = started.elapsed();
    let mb = bytes.len() as f64 / 1_000_000.0;
    println!(
        "{} transactions, {mb:.1} MB in {:.3} s: {:.1} MB/s",
        list.transactions.len(),
        elapsed.as_secs_f64(),
        mb / elapsed.as_secs_f64()
    );
}
