//! Tests of the `bankapi` facade against the provider crates' mock servers (loopback only):
//! real errors of each provider converted into `bankapi::Error`, each provider's challenges
//! converted into `bankapi::Challenge` and answered, the tour example's logic, and the README's
//! example.

mod challenges;
mod errors;
mod readme;
mod tls;
mod tour;
