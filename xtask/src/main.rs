//! Project automation.
//!
//! ```text
//! cargo xtask codegen [--check] [--specs-dir DIR] [PROVIDER...]
//! cargo xtask coverage [--update] [PROVIDER...]
//! ```
//!
//! `codegen` regenerates the typed clients from the pinned upstream API descriptions (in
//! `../shared/specs/`, or `--specs-dir`, or `$BANKAPI_SPECS_DIR`) and the project's corrections in
//! `specs/<provider>/`, and their typed httpmock helpers (`crates/<provider>/src/mock/generated.rs`).
//! With `--check` it writes nothing and fails when a committed file is stale.
//! It also writes the contract tests generated from the same document (`contract/`).
//!
//! `coverage` runs the generated contract tests and prints what they cover, per provider.

mod codegen;
mod config;
mod contract;
mod convert;
mod httpmock;
mod patch;
mod postprocess;
mod transforms;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--specs-dir DIR] [PROVIDER...]\n       cargo xtask coverage [--update] [PROVIDER...]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen_command(&args[1..]),
        Some("coverage") => contract::coverage::run(&workspace_root(), &args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate).
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

fn codegen_command(args: &[String]) -> anyhow::Result<bool> {
    let mut check = false;
    let mut specs_dir = std::env::var_os("BANKAPI_SPECS_DIR").map(PathBuf::from);
    let mut providers = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--specs-dir" => {
                let dir = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--specs-dir needs a directory\n{USAGE}"))?;
                specs_dir = Some(PathBuf::from(dir));
            }
            flag if flag.starts_with('-') => anyhow::bail!("unknown option {flag}\n{USAGE}"),
            provider => providers.push(provider.to_owned()),
        }
    }
    let root = workspace_root();
    let specs_dir = specs_dir.unwrap_or_else(|| root.join("../shared/specs"));
    codegen::run(&root, &specs_dir, &providers, check)
}
