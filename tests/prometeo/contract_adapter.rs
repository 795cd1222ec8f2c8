//! What the generated contract tests (`generated_contract.rs`) need to know of Prometeo: the
//! mock server, the low-level client without a session (API key only) and with one (API key
//! and session key), chosen by each operation's security requirement.

use contract_tests::harness::{self, HeaderRule, Operation};
use prometeo::mock::{MockPrometeo, API_KEY, SESSION_KEY};

/// The mock server and the two low-level clients.
pub struct Adapter {
    mock: MockPrometeo,
    without_session: prometeo::raw::Client,
    with_session: prometeo::raw::Client,
}

impl Adapter {
    pub async fn start() -> Self {
        let mock = MockPrometeo::start().await;
        let client = mock.client();
        let without_session = client.raw();
        let with_session = client.restore_session(SESSION_KEY).raw();
        Adapter {
            mock,
            without_session,
            with_session,
        }
    }
}

fn needs_session(operation: &Operation) -> bool {
    operation.security.iter().any(|s| s == "SessionKeyAuth")
}

impl harness::Adapter for Adapter {
    type Client = prometeo::raw::Client;

    fn server(&self) -> &httpmock::MockServer {
        self.mock.server()
    }

    fn client(&self, operation: &Operation) -> &prometeo::raw::Client {
        if needs_session(operation) {
            &self.with_session
        } else {
            &self.without_session
        }
    }

    fn auth_headers(&self, operation: &Operation) -> Vec<HeaderRule> {
        vec![
            HeaderRule::exact("x-api-key", API_KEY),
            if needs_session(operation) {
                HeaderRule::exact("x-session-key", SESSION_KEY)
            } else {
                HeaderRule::absent("x-session-key")
            },
        ]
    }
}
