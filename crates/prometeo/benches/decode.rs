//! Decoding Prometeo movements answers into [`prometeo::MovementsResponse`].
//!
//! Payloads come from the shared generator, written beside the workspace's target directory:
//!
//! ```sh
//! PAYLOADS_DIR=target/bench-payloads python3 ../shared/bench/gen_prometeo.py 10000 100000
//! cargo bench -p prometeo --bench decode
//! ```
//!
//! Without them the benchmark says so and measures nothing. `PAYLOADS_DIR` may point elsewhere.

use std::path::PathBuf;

fn payloads_dir() -> PathBuf {
    match std::env::var_os("PAYLOADS_DIR") {
        Some(dir) => PathBuf::from(dir),
        // crates/prometeo → the workspace root.
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-payloads"),
    }
}

fn payload(n: usize) -> Option<Vec<u8>> {
    let path = payloads_dir().join(format!("prometeo_movements_{n}.json"));
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!(
                "skipping {n} movements: {} is missing (run `PAYLOADS_DIR=target/bench-payloads python3 ../shared/bench/gen_prometeo.py 10000 100000`)",
                path.display()
            );
            None
        }
    }
}

#[divan::bench(args = [10_000, 100_000], sample_count = 10)]
fn movements(bencher: divan::Bencher, n: usize) {
    let Some(bytes) = payload(n) else {
        return;
    };
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            let body: prometeo::MovementsResponse =
                serde_json::from_slice(divan::black_box(&bytes)).expect("a movements answer");
            assert_eq!(body.movements.len(), n);
            body
        });
}

fn main() {
    divan::main();
}
