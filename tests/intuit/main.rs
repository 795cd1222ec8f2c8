//! Contract tests of `intuit-aggcat` against httpmock servers that check what Intuit would:
//! the OAuth 1.0a signature of every request (recomputed with the test secrets) and the SAML
//! assertion's signature (verified with the test certificate).

mod auth;
mod decode;
mod mocks;
mod operations;
mod saml;
mod sandbox;
mod support;
