//! An in-process finAPI on an [`httpmock`] server, for tests and examples (feature `mock`).
//!
//! [`MockFinApi::start`] answers the token endpoint for the mock credentials ([`CLIENT_ID`],
//! [`USERNAME`], …); scenario methods add the answers of a flow and return their mocks, whose
//! matchers are strict (method, path, exact query, bearer token, `api-version`, exact body), so
//! that hitting them asserts the requests too. [`sample`] builds answer bodies that follow
//! finAPI's schemas.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let mock = finapi::mock::MockFinApi::start().await;
//! let connections = mock.bank_connections(&[finapi::mock::sample::bank_connection(7, &[1])]).await;
//! let client = mock.client_builder().build()?;
//! let list = client.get_all_bank_connections().send().await?;
//! assert_eq!(list.connections[0].id, 7);
//! connections.assert_async().await;
//! mock.tokens().user.assert_async().await;
//! # Ok::<_, finapi::Error>(()) }).unwrap();
//! ```

#[rustfmt::skip]
mod generated;
pub use generated::{operations, MockServerExt};

use std::fmt;
use std::time::Duration;

use httpmock::{Method, Mock, MockServer, When};
use serde_json::{json, Value};

use crate::{types, ClientBuilder, Environment, HttpConfig, RetryPolicy};

/// The mock client id.
pub const CLIENT_ID: &str = "mock-client-id";
/// The mock client secret.
pub const CLIENT_SECRET: &str = "mock-client-secret";
/// The mock user's id.
pub const USERNAME: &str = "mock-user";
/// The mock user's password.
pub const PASSWORD: &str = "mock-password";
/// The client token the mock issues.
pub const CLIENT_TOKEN: &str = "mock-client-token";
/// The user token the mock issues.
pub const USER_TOKEN: &str = "mock-user-token";
/// The refresh token that comes with [`USER_TOKEN`].
pub const REFRESH_TOKEN: &str = "mock-refresh-token";
/// finAPI's demo bank (BLZ `00000000`) on the mock.
pub const DEMO_BANK_ID: i64 = 280001;
/// The bank connection the demo import creates.
pub const DEMO_CONNECTION_ID: i64 = 4242;
/// The account of the demo bank connection.
pub const DEMO_ACCOUNT_ID: i64 = 31337;
/// The TAN the demo bank's challenge asks for (it says so in its message, as finAPI's does).
pub const DEMO_TAN: &str = "123456";
/// The hash of the demo bank's multi-step authentication.
pub const DEMO_MSA_HASH: &str = "678b13f4be9ed7d981a840af8131223a";
/// The `api-version` header the generated client sends.
pub const API_VERSION: &str = "1.151.1";

/// An httpmock server playing finAPI.
pub struct MockFinApi {
    server: MockServer,
    token_mocks: (usize, usize),
}

/// The token endpoint's mocks.
pub struct TokenMocks<'a> {
    /// `grant_type=client_credentials` → [`CLIENT_TOKEN`].
    pub client: Mock<'a>,
    /// `grant_type=password` for [`USERNAME`] → [`USER_TOKEN`] and [`REFRESH_TOKEN`].
    pub user: Mock<'a>,
}

impl fmt::Debug for MockFinApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockFinApi")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for TokenMocks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenMocks")
            .field("client", &self.client.id())
            .field("user", &self.user.id())
            .finish()
    }
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

impl MockFinApi {
    /// Starts a server that answers the token endpoint for the mock credentials (tokens valid
    /// for an hour).
    pub async fn start() -> Self {
        let server = MockServer::start_async().await;
        let client = token_grant(
            &server,
            &[("grant_type", "client_credentials")],
            sample::access_token(CLIENT_TOKEN, None, 3600),
        )
        .await
        .id();
        let user = token_grant(
            &server,
            &[
                ("grant_type", "password"),
                ("username", USERNAME),
                ("password", PASSWORD),
            ],
            sample::access_token(USER_TOKEN, Some(REFRESH_TOKEN), 3600),
        )
        .await
        .id();
        MockFinApi {
            server,
            token_mocks: (client, user),
        }
    }

    /// The underlying server, to add mocks of one's own.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// A client builder for this server with the mock client and user credentials, and quick
    /// retries (1 ms apart), so that tests of retries run fast.
    pub fn client_builder(&self) -> ClientBuilder {
        crate::Client::builder()
            .environment(Environment::Custom(self.base_url()))
            .client_credentials(CLIENT_ID, CLIENT_SECRET)
            .user(USERNAME, PASSWORD)
            .http_config(
                HttpConfig::default().with_retry_policy(
                    RetryPolicy::default()
                        .with_initial_backoff(Duration::from_millis(1))
                        .with_max_backoff(Duration::from_millis(2)),
                ),
            )
    }

    /// The token endpoint's mocks, to count the grants.
    pub fn tokens(&self) -> TokenMocks<'_> {
        TokenMocks {
            client: Mock::new(self.token_mocks.0, &self.server),
            user: Mock::new(self.token_mocks.1, &self.server),
        }
    }

    /// The refresh grant of [`REFRESH_TOKEN`], answered with `new_access_token` (and a new
    /// refresh token).
    pub async fn refresh_grant(&self, new_access_token: &str) -> Mock<'_> {
        token_grant(
            &self.server,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", REFRESH_TOKEN),
            ],
            sample::access_token(new_access_token, Some("mock-refresh-token-2"), 3600),
        )
        .await
    }

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
    pub async fn demo_bank_import_with_challenge(&self) -> ImportScenario<'_> {
        let first = serde_json::to_value(demo_import_params()).expect("params serialize");
        let mut answered = first.clone();
        answered["multiStepAuthentication"] =
            json!({ "hash": DEMO_MSA_HASH, "challengeResponse": DEMO_TAN });
        let challenge = self
            .server
            .mock_async(|when, then| {
                let when = api(
                    when,
                    Method::POST,
                    "/api/v1/bankConnections/import",
                    USER_TOKEN,
                );
                exact_query(when, &[]).json_body(first);
                then.status(510)
                    .header("X-Request-Id", "mock-request-510")
                    .json_body(sample::msa_challenge(DEMO_MSA_HASH));
            })
            .await;
        let completion = self
            .server
            .mock_async(|when, then| {
                let when = api(
                    when,
                    Method::POST,
                    "/api/v1/bankConnections/import",
                    USER_TOKEN,
                );
                exact_query(when, &[]).json_body(answered);
                then.status(201).json_body(sample::bank_connection(
                    DEMO_CONNECTION_ID,
                    &[DEMO_ACCOUNT_ID],
                ));
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

/// Matches a call of the API: method, path, bearer token, JSON accepted, the `api-version`.
pub fn api(when: When, method: Method, path: &str, bearer: &str) -> When {
    when.method(method)
        .path(path)
        .header("authorization", format!("Bearer {bearer}"))
        .header("accept", "application/json")
        .header("api-version", API_VERSION)
}

/// Matches the exact set of query parameters (order ignored, nothing more, nothing less).
pub fn exact_query(when: When, expected: &[(&str, &str)]) -> When {
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    expected.sort();
    when.is_true(move |request| {
        let mut actual = request.query_params();
        actual.sort();
        actual == expected
    })
}

/// Matches the exact set of form fields (order ignored, nothing more, nothing less).
pub fn exact_form(when: When, expected: &[(&str, &str)]) -> When {
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    expected.sort();
    when.header("content-type", "application/x-www-form-urlencoded")
        .is_true(move |request| {
            let mut actual: Vec<(String, String)> = form_pairs(request.body().as_ref());
            actual.sort();
            actual == expected
        })
}

fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A token grant with the mock client credentials and `fields`, answered with `token`.
async fn token_grant<'a>(
    server: &'a MockServer,
    fields: &[(&str, &str)],
    token: Value,
) -> Mock<'a> {
    let mut form = vec![("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)];
    form.extend_from_slice(fields);
    server
        .mock_async(|when, then| {
            let when = when
                .method(Method::POST)
                .path("/oauth/token")
                .header("accept", "application/json");
            exact_query(exact_form(when, &form), &[]).header_missing("authorization");
            then.status(200).json_body(token);
        })
        .await
}

/// Answer bodies that follow finAPI's schemas (every required field present).
pub mod sample {
    use serde_json::{json, Value};

    /// A token answer (`AccessToken`).
    pub fn access_token(access: &str, refresh: Option<&str>, expires_in: u64) -> Value {
        let mut token = json!({
            "access_token": access,
            "token_type": "bearer",
            "expires_in": expires_in,
            "scope": "all",
        });
        if let Some(refresh) = refresh {
            token["refresh_token"] = json!(refresh);
        }
        token
    }

    /// `Paging`.
    pub fn paging(page: usize, per_page: usize, page_count: usize, total_count: usize) -> Value {
        json!({ "page": page, "perPage": per_page, "pageCount": page_count, "totalCount": total_count })
    }

    /// finAPI's demo bank (`Bank`), as the sandbox lists it.
    pub fn demo_bank() -> Value {
        json!({
            "id": super::DEMO_BANK_ID,
            "name": "FinAPI Test Bank",
            "loginHint": "Bitte geben Sie Ihre Online-Identifikation und Ihre PIN ein.",
            "bic": "TESTBANKING",
            "blzs": [],
            "blz": "00000000",
            "location": "DE",
            "city": "München",
            "isSupported": true,
            "isTestBank": true,
            "isBeta": false,
            "popularity": 95,
            "health": 100,
            "loginFieldUserId": "Onlinebanking-ID",
            "loginFieldCustomerId": "Kunden-ID",
            "loginFieldPin": "PIN",
            "pinsAreVolatile": false,
            "isCustomerIdPassword": false,
            "supportedDataSources": ["FINTS_SERVER", "WEB_SCRAPER"],
            "interfaces": [{
                "interface": "FINTS_SERVER",
                "tppAuthenticationGroup": null,
                "loginCredentials": [
                    { "label": "Nutzerkennung", "isSecret": false, "isVolatile": false },
                    { "label": "PIN", "isSecret": true, "isVolatile": false }
                ],
                "properties": [],
                "loginHint": null,
                "health": 100,
                "lastCommunicationAttempt": "2024-05-01 10:00:00.000",
                "lastSuccessfulCommunication": "2024-05-01 10:00:00.000",
                "isAisSupported": true,
                "isMoneyTransferSupported": true,
                "aisAccountTypes": ["Checking", "Savings"],
                "paymentCapabilities": {
                    "sepaMoneyTransfer": true,
                    "sepaCollectiveMoneyTransfer": true,
                    "sepaInstantMoneyTransfer": false,
                    "sepaFutureDatedMoneyTransfer": true,
                    "sepaDirectDebit": true,
                    "sepaStandingOrder": true
                }
            }],
            "lastCommunicationAttempt": "2024-05-01 10:00:00.000",
            "lastSuccessfulCommunication": "2024-05-01 10:00:00.000",
            "bankGroup": null
        })
    }

    /// A bank connection (`BankConnection`) to the demo bank.
    pub fn bank_connection(id: i64, account_ids: &[i64]) -> Value {
        json!({
            "id": id,
            "bankId": super::DEMO_BANK_ID,
            "bank": demo_bank(),
            "name": "MSA",
            "bankingUserId": "XXXXX",
            "bankingCustomerId": null,
            "bankingPin": "XXXXX",
            "type": "DEMO",
            "updateStatus": "READY",
            "categorizationStatus": "READY",
            "lastManualUpdate": {
                "result": "OK",
                "errorMessage": null,
                "errorType": null,
                "timestamp": "2024-05-01 10:00:00.000"
            },
            "lastAutoUpdate": null,
            "ibanOnlyMoneyTransferSupported": true,
            "ibanOnlyDirectDebitSupported": true,
            "collectiveMoneyTransferSupported": true,
            "defaultTwoStepProcedureId": "955",
            "twoStepProcedures": [two_step_procedure("955", "mobileTAN")],
            "interfaces": [{
                "interface": "FINTS_SERVER",
                "loginCredentials": [{ "label": "Nutzerkennung", "value": "XXXXX" }],
                "defaultTwoStepProcedureId": "955",
                "twoStepProcedures": [two_step_procedure("955", "mobileTAN")],
                "aisConsent": null,
                "lastManualUpdate": null,
                "lastAutoUpdate": null,
                "userActionRequired": false,
                "maxDaysForDownload": 0
            }],
            "accountIds": account_ids,
            "owners": null,
            "furtherLoginNotRecommended": false
        })
    }

    /// A `TwoStepProcedure`.
    pub fn two_step_procedure(id: &str, name: &str) -> Value {
        json!({ "procedureId": id, "procedureName": name, "procedureChallengeType": "TEXT", "implicitExecute": false })
    }

    /// A checking account (`Account`) of a bank connection.
    pub fn account(id: i64, bank_connection_id: i64, name: &str, balance: f64) -> Value {
        json!({
            "id": id,
            "bankConnectionId": bank_connection_id,
            "accountName": name,
            "iban": "DE89370400440532013000",
            "accountNumber": "0532013000",
            "subAccountNumber": null,
            "accountHolderName": "Max Mustermann",
            "accountHolderId": "XXXXX",
            "accountCurrency": "EUR",
            "accountTypeId": 1,
            "accountTypeName": "Checking",
            "accountType": "Checking",
            "balance": balance,
            "overdraft": 0.0,
            "overdraftLimit": null,
            "availableFunds": balance,
            "lastSuccessfulUpdate": "2024-05-01 10:00:00.000",
            "lastUpdateAttempt": "2024-05-01 10:00:00.000",
            "isNew": true,
            "isSeized": false,
            "status": "UPDATED",
            "supportedOrders": ["SEPA_MONEY_TRANSFER"],
            "interfaces": [{
                "interface": "FINTS_SERVER",
                "status": "UPDATED",
                "capabilities": ["DATA_DOWNLOAD", "SEPA_MONEY_TRANSFER"],
                "paymentCapabilities": {
                    "sepaMoneyTransfer": true,
                    "sepaCollectiveMoneyTransfer": true,
                    "sepaInstantMoneyTransfer": false,
                    "sepaFutureDatedMoneyTransfer": true,
                    "sepaDirectDebit": true,
                    "sepaStandingOrder": true
                },
                "lastSuccessfulUpdate": "2024-05-01 10:00:00.000",
                "lastUpdateAttempt": "2024-05-01 10:00:00.000"
            }],
            "clearingAccounts": []
        })
    }

    /// A transaction (`Transaction`) booked on `booking_date` (`YYYY-MM-DD`).
    pub fn transaction(id: i64, account_id: i64, amount: f64, booking_date: &str) -> Value {
        let at = format!("{booking_date} 00:00:00.000");
        json!({
            "id": id,
            "parentId": null,
            "accountId": account_id,
            "valueDate": at,
            "bankBookingDate": at,
            "finapiBookingDate": at,
            "amount": amount,
            "currency": "EUR",
            "purpose": format!("Einkauf {id}"),
            "counterpartName": "REWE Markt GmbH",
            "counterpartAccountNumber": null,
            "counterpartIban": "DE13700800000061110500",
            "counterpartBlz": null,
            "counterpartBic": "DRESDEFF700",
            "counterpartBankName": null,
            "counterpartMandateReference": null,
            "counterpartCustomerReference": null,
            "counterpartCreditorId": null,
            "counterpartDebitorId": null,
            "type": "Kartenzahlung",
            "typeCodeZka": "106",
            "typeCodeSwift": "NMSC",
            "sepaPurposeCode": null,
            "bankTransactionCode": null,
            "primanota": null,
            "category": { "id": 301, "name": "Lebensmittel", "parentId": 3, "parentName": "Ausgaben", "isCustom": false, "children": [] },
            "labels": [],
            "isPotentialDuplicate": false,
            "isAdjustingEntry": false,
            "isNew": true,
            "importDate": at,
            "children": [],
            "paypalData": null,
            "endToEndReference": null,
            "compensationAmount": null,
            "originalAmount": null,
            "originalCurrency": null,
            "differentDebitor": null,
            "differentCreditor": null
        })
    }

    /// An `ErrorMessage` with one error.
    pub fn error_body(code: &str, message: &str, error_type: &str) -> Value {
        json!({
            "errors": [{ "message": message, "code": code, "type": error_type, "multiStepAuthentication": null }],
            "date": "2024-05-01 10:00:00.000",
            "requestId": "selfgen-mock",
            "endpoint": "GET /api/v1/mock",
            "authContext": "1/2",
            "bank": null
        })
    }

    /// The 510 answer of finAPI's documentation: a TAN challenge of the demo bank.
    pub fn msa_challenge(hash: &str) -> Value {
        json!({
            "errors": [{
                "message": "Es ist eine zusätzliche Authentifizierung erforderlich. Bitte geben Sie folgenden Code an: 123456",
                "code": "ADDITIONAL_AUTHENTICATION_REQUIRED",
                "type": "BUSINESS",
                "multiStepAuthentication": {
                    "hash": hash,
                    "status": "CHALLENGE_RESPONSE_REQUIRED",
                    "challengeMessage": "Es ist eine zusätzliche Authentifizierung erforderlich. Bitte geben Sie folgenden Code an: 123456",
                    "answerFieldLabel": "TAN",
                    "redirectUrl": null,
                    "redirectContext": null,
                    "redirectContextField": null,
                    "twoStepProcedures": null,
                    "photoTanMimeType": null,
                    "photoTanData": null,
                    "opticalData": null
                }
            }],
            "date": "2019-11-29 09:51:55.931",
            "requestId": "selfgen-45059c99-1b14-4df7-9bd3-9d5f126df294",
            "endpoint": "POST /api/v1/bankConnections/import",
            "authContext": "1/18",
            "bank": "DEMO0001 - finAPI Test Bank"
        })
    }

    /// The OAuth error body of a 401 (`BadCredentialsError`).
    pub fn bad_credentials(error: &str, description: &str) -> Value {
        json!({ "error": error, "error_description": description })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_decode() {
        assert_eq!(
            form_pairs(b"grant_type=password&password=a%26b+c&x="),
            vec![
                ("grant_type".to_owned(), "password".to_owned()),
                ("password".to_owned(), "a&b c".to_owned()),
                ("x".to_owned(), String::new()),
            ]
        );
    }

    #[test]
    fn samples_decode_into_the_generated_types() {
        let _: types::BankConnection =
            serde_json::from_value(sample::bank_connection(1, &[2])).unwrap();
        let _: types::Account = serde_json::from_value(sample::account(2, 1, "Giro", 1.5)).unwrap();
        let _: types::Transaction =
            serde_json::from_value(sample::transaction(3, 2, -4.2, "2024-05-01")).unwrap();
        let _: types::Bank = serde_json::from_value(sample::demo_bank()).unwrap();
        let error: types::ErrorResponse =
            serde_json::from_value(sample::msa_challenge("h")).unwrap();
        assert!(error.errors[0].multi_step_authentication.is_some());
        let _: types::AccessToken =
            serde_json::from_value(sample::access_token("a", Some("r"), 60)).unwrap();
    }
}
