//! Decodes a movements answer file into [`prometeo::MovementsResponse`], to measure peak memory:
//!
//! ```sh
//! PAYLOADS_DIR=target/bench-payloads python3 ../shared/bench/gen_prometeo.py 100000
//! cargo build --release -p prometeo --example decode_movements
//! /usr/bin/time -v target/release/examples/decode_movements target/bench-payloads/prometeo_movements_100000.json
//! ```

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: decode_movements FILE.json");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let started = std::time::Instant::now();
    let body: prometeo::MovementsResponse =
        serde_json::from_slice(&bytes).expect("a movements answer");
    let elapsed = started.elapsed();
    let debits: prometeo::Decimal = body.movements.iter().filter_map(|m| m.debit).sum();
    println!(
        "{} movements, {:.1} MB in {:.3} s ({:.0} MB/s), debits {debits}",
        body.movements.len(),
        bytes.len() as f64 / 1e6,
        elapsed.as_secs_f64(),
        bytes.len() as f64 / 1e6 / elapsed.as_secs_f64()
    );
}
