//! Decodes a finAPI transaction list from a file and reports throughput, for measuring peak
//! memory alongside the `decode` benchmark:
//!
//! ```sh
//! PAYLOADS_DIR=target/bench-payloads python3 ../shared/bench/gen_finapi.py 100000
//! cargo build --release -p finapi --example decode_transactions
//! /usr/bin/time -v target/release/examples/decode_transactions target/bench-payloads/finapi_transactions_100000.json
//! ```

use std::time::Instant;

use finapi::types::PageableTransactionList;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: decode_transactions <finapi_transactions_N.json>")?;
    let bytes = std::fs::read(&path)?;
    let started = Instant::now();
    let list: PageableTransactionList = serde_json::from_slice(&bytes)?;
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = bytes.len() as f64 / 1e6;
    println!(
        "{} transactions, {megabytes:.1} MB in {seconds:.3} s: {:.1} MB/s",
        list.transactions.len(),
        megabytes / seconds
    );
    Ok(())
}
