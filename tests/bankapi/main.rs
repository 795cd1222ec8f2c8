//! Tests of the `bankapi` facade against the provider crates' mock servers (loopback only):
//! real errors of each provider converted into `bankapi::Error`, each provider's challenges
//! converted into `bankapi::Challenge` and answered, the tour example's logic, the README's
//! example, and TLS verification of every provider against a self-signed server on 127.0.0.1.

mod challenges;
mod errors;
mod readme;
mod tls;
mod tour;
