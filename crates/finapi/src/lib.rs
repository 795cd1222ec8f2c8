//! Work in progress.

#[rustfmt::skip]
mod generated;
pub use generated::*;
