//! One dependency for every bank-data aggregation client in this workspace.
//!
//! Work in progress: the provider crates are re-exported here as they land.

pub mod error;

pub use error::{Error, ErrorKind, Provider, ProviderError};
