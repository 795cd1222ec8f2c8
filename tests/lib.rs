//! Contract tests live in the test targets of this package, one per provider; this library is
//! what they share: the runtime of the generated contract tests ([`harness`]).

pub mod harness;
