//! What the generated contract tests (`generated_contract.rs`) need to know of finAPI: the mock
//! server with its token endpoint, one client acting for the mock user, and the token each
//! operation carries (`finapi::TokenScope`).

use contract_tests::harness::{self, HeaderRule, Operation};
use finapi::mock::{MockFinApi, CLIENT_TOKEN, USER_TOKEN};
use finapi::TokenScope;

/// The mock finAPI and a client of it with client and user credentials.
pub struct Adapter {
    mock: MockFinApi,
    client: finapi::Client,
}

impl Adapter {
    pub async fn start() -> Self {
        let (mock, client) = crate::setup().await;
        Adapter { mock, client }
    }
}

impl harness::Adapter for Adapter {
    type Client = finapi::Client;

    fn server(&self) -> &httpmock::MockServer {
        self.mock.server()
    }

    fn client(&self, _: &Operation) -> &finapi::Client {
        &self.client
    }

    fn auth_headers(&self, operation: &Operation) -> Vec<HeaderRule> {
        let bearer = |token: &str| HeaderRule::exact("authorization", format!("Bearer {token}"));
        vec![match TokenScope::of(&operation.id) {
            TokenScope::None => HeaderRule::absent("authorization"),
            TokenScope::Client => bearer(CLIENT_TOKEN),
            _ => bearer(USER_TOKEN),
        }]
    }
}
