//! Contract tests of the `prometeo` crate against in-process httpmock servers (127.0.0.1 only):
//! every operation of the ergonomic layer with its request asserted (method, path and trailing
//! slash, headers, form body, query), the login outcomes and errors, the select-client and
//! interaction flows, session restore, every fixture of `shared/fixtures/prometeo/banking/`, and
//! every operation of the generated low-level client.

mod contract_adapter;
mod data;
mod errors;
mod fixtures;
#[rustfmt::skip]
mod generated_contract;
mod login;
mod mocks;
mod raw;
mod session;
mod transfers;

use prometeo::mock::MockPrometeo;
use prometeo::Session;

/// A mock server and a session restored with the mock session key.
async fn logged_in() -> (MockPrometeo, Session) {
    let mock = MockPrometeo::start().await;
    let session = mock.client().restore_session(prometeo::mock::SESSION_KEY);
    (mock, session)
}

/// A calendar date.
fn date(year: i32, month: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}
