//! Ready-made scenarios: the answers of one flow each, on a [`MockFinApi`], matching the
//! requests strictly (method, path, exact query, bearer token, `api-version`, exact body).

use std::fmt;

use httpmock::{Method, Mock};
use serde_json::{json, Value};

use super::operations::{ImportBankConnectionThen, ImportBankConnectionWhen};
use super::{
    api, exact_query, sample, MockFinApi, DEMO_ACCOUNT_ID, DEMO_BANK_ID, DEMO_CONNECTION_ID,
    DEMO_MSA_HASH, DEMO_TAN, USERNAME, USER_TOKEN,
};
use crate::types;

impl MockFinApi {
    /// `GET /api/v1/users` (with the user token) → the mock user.
    pub async fn authorized_user(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                exact_query(api(when, Method::GET, "/api/v1/users", USER_TOKEN), &[]);
                then.status(200).json_body(json!({
                    "id": USERNAME,
                    "password": "XXXXX",
                    "email": null,
                    "phone": null,
                    "isAutoUpdateEnabled": false
                }));
            })
            .await
    }

    /// `GET /api/v1/banks?search=00000000&isTestBank=true` (with the user token) → the demo bank.
    pub async fn demo_bank_search(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                let when = api(when, Method::GET, "/api/v1/banks", USER_TOKEN);
                exact_query(when, &[("search", "00000000"), ("isTestBank", "true")]);
                then.status(200).json_body(json!({
                    "banks": [sample::demo_bank()],
                    "paging": sample::paging(1, 20, 1, 1),
                }));
            })
            .await
    }

    /// The demo bank import as finAPI's sandbox plays it with the connection name `"MSA"`:
    /// the first `POST /api/v1/bankConnections/import` (body: [`demo_import_params`]) is
    /// answered 510 with a TAN challenge, the second, carrying `multiStepAuthentication` with
    /// [`DEMO_MSA_HASH`] and [`DEMO_TAN`], 201 with the connection [`DEMO_CONNECTION_ID`].
    ///
    /// Built on the typed helpers of `import_bank_connection`: bodies are
    /// [`types::ImportBankConnectionParams`], [`types::ErrorResponse`] and
    /// [`types::BankConnection`].
    pub async fn demo_bank_import_with_challenge(&self) -> ImportScenario<'_> {
        const PATH: &str = "/api/v1/bankConnections/import";
        let first = demo_import_params();
        let mut answered = first.clone();
        answered.multi_step_authentication = Some(
            types::MultiStepAuthenticationCallback::builder()
                .hash(DEMO_MSA_HASH)
                .challenge_response(Some(DEMO_TAN.to_owned()))
                .try_into()
                .expect("a complete callback"),
        );
        let challenge_body: types::ErrorResponse =
            sample::typed(sample::msa_challenge(DEMO_MSA_HASH));
        let connection: types::BankConnection = sample::typed(sample::bank_connection(
            DEMO_CONNECTION_ID,
            &[DEMO_ACCOUNT_ID],
        ));
        let challenge = self
            .server
            .mock_async(|when, then| {
                let when = exact_query(api(when, Method::POST, PATH, USER_TOKEN), &[]);
                ImportBankConnectionWhen::new(when).body(&first);
                ImportBankConnectionThen::new(then.header("X-Request-Id", "mock-request-510"))
                    .server_error(510, &challenge_body);
            })
            .await;
        let completion = self
            .server
            .mock_async(|when, then| {
                let when = exact_query(api(when, Method::POST, PATH, USER_TOKEN), &[]);
                ImportBankConnectionWhen::new(when).body(&answered);
                ImportBankConnectionThen::new(then).created(&connection);
            })
            .await;
        ImportScenario {
            challenge,
            completion,
        }
    }

    /// `GET /api/v1/bankConnections` (no filter) → these connections.
    pub async fn bank_connections(&self, connections: &[Value]) -> Mock<'_> {
        let body = json!({ "connections": connections });
        self.server
            .mock_async(|when, then| {
                exact_query(
                    api(when, Method::GET, "/api/v1/bankConnections", USER_TOKEN),
                    &[],
                );
                then.status(200).json_body(body);
            })
            .await
    }

    /// `GET /api/v1/accounts` (no filter) → these accounts.
    pub async fn accounts(&self, accounts: &[Value]) -> Mock<'_> {
        let body = json!({ "accounts": accounts });
        self.server
            .mock_async(|when, then| {
                exact_query(api(when, Method::GET, "/api/v1/accounts", USER_TOKEN), &[]);
                then.status(200).json_body(body);
            })
            .await
    }

    /// `GET /api/v1/transactions?view=userView&page=<n>&perPage=<per_page>` → the transactions,
    /// `per_page` at a time, with finAPI's `paging`.
    pub async fn transaction_pages(
        &self,
        transactions: &[Value],
        per_page: usize,
    ) -> PagesScenario<'_> {
        self.transaction_pages_with(transactions, per_page, &[])
            .await
    }

    /// Like [`transaction_pages`](Self::transaction_pages), expecting also the query parameters
    /// `filters` (e.g. `("minBankBookingDate", "2024-05-01")`).
    pub async fn transaction_pages_with(
        &self,
        transactions: &[Value],
        per_page: usize,
        filters: &[(&str, &str)],
    ) -> PagesScenario<'_> {
        let per_page = per_page.max(1);
        let page_count = transactions.len().div_ceil(per_page);
        let mut pages = Vec::new();
        for page in 1..=page_count.max(1) {
            let items: Vec<Value> = transactions
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .cloned()
                .collect();
            let income: f64 = items
                .iter()
                .filter_map(|t| t["amount"].as_f64())
                .filter(|a| *a > 0.0)
                .sum();
            let spending: f64 = items
                .iter()
                .filter_map(|t| t["amount"].as_f64())
                .filter(|a| *a < 0.0)
                .sum();
            let body = json!({
                "transactions": items,
                "paging": sample::paging(page, per_page, page_count, transactions.len()),
                "income": income,
                "spending": spending,
                "balance": income + spending,
            });
            let page_text = page.to_string();
            let per_page_text = per_page.to_string();
            let mut query = vec![
                ("view", "userView"),
                ("page", page_text.as_str()),
                ("perPage", per_page_text.as_str()),
            ];
            query.extend_from_slice(filters);
            let mock = self
                .server
                .mock_async(|when, then| {
                    exact_query(
                        api(when, Method::GET, "/api/v1/transactions", USER_TOKEN),
                        &query,
                    );
                    then.status(200).json_body(body);
                })
                .await;
            pages.push(mock);
        }
        PagesScenario { pages }
    }
}

/// The mocks of the demo bank import.
pub struct ImportScenario<'a> {
    /// The first import request, answered 510.
    pub challenge: Mock<'a>,
    /// The import request with the challenge response, answered 201.
    pub completion: Mock<'a>,
}

impl ImportScenario<'_> {
    /// Asserts that the challenge was received once and answered once.
    pub async fn assert_completed(&self) {
        self.challenge.assert_calls_async(1).await;
        self.completion.assert_calls_async(1).await;
    }
}

/// The mocks of a paged list, one per page.
pub struct PagesScenario<'a> {
    /// The page mocks, page 1 first.
    pub pages: Vec<Mock<'a>>,
}

impl PagesScenario<'_> {
    /// Asserts that every page was fetched exactly once.
    pub async fn assert_each_page_fetched(&self) {
        for page in &self.pages {
            page.assert_calls_async(1).await;
        }
    }
}

/// The import the demo scenario expects: the demo bank, connection name `"MSA"` (which makes
/// finAPI's demo bank ask for a TAN), everything else left to finAPI's defaults.
pub fn demo_import_params() -> types::ImportBankConnectionParams {
    types::ImportBankConnectionParams::builder()
        .bank_id(DEMO_BANK_ID)
        .name(Some("MSA".to_owned()))
        .try_into()
        .expect("the demo import parameters are complete")
}

impl fmt::Debug for ImportScenario<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportScenario")
            .field("challenge", &self.challenge.id())
            .field("completion", &self.completion.id())
            .finish()
    }
}

impl fmt::Debug for PagesScenario<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<usize> = self.pages.iter().map(Mock::id).collect();
        f.debug_struct("PagesScenario")
            .field("pages", &ids)
            .finish()
    }
}
