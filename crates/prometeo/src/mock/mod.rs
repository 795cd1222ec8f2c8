//! An in-process Prometeo for tests and examples (feature `mock`): an httpmock server with
//! one helper per scenario of the official client's guide.
//!
//! Each helper registers the answer of one endpoint and returns its [`Mock`], to check how
//! often it was called. The mocks match strictly, as Prometeo would read the request: method,
//! path with its exact trailing slash, `X-API-Key`, `X-Session-Key` on session calls, form
//! fields, query parameters. A request that matches nothing gets httpmock's 404.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
//! use prometeo::mock::{MockPrometeo, PASSWORD, PROVIDER, USERNAME};
//!
//! let mock = MockPrometeo::start().await;
//! let login = mock.login_logged_in().await;
//! let session = mock.client().login(&prometeo::Login::new(PROVIDER, USERNAME, PASSWORD)).await?;
//! assert!(session.status().is_logged_in());
//! login.assert_async().await;
//! # Ok(()) }
//! ```

#[rustfmt::skip]
mod generated;
pub use generated::{operations, MockServerExt};

use std::fmt;
use std::time::Duration;

use bankapi_core::{HttpConfig, RetryPolicy};
use httpmock::{Method, Mock, MockServer, Then, When};
use serde_json::{json, Value};

use crate::{Client, Environment};

/// The API key [`MockPrometeo::client`] sends and every mock expects.
pub const API_KEY: &str = "mock-api-key-4f1c";
/// The session key the login mocks hand out and the session mocks expect.
pub const SESSION_KEY: &str = "163d06b2-3378-4383-9868-71c2b6fb28da";
/// The provider of the login mocks (the sandbox's mock bank).
pub const PROVIDER: &str = "test";
/// The username of the login mocks (the sandbox's).
pub const USERNAME: &str = "12345";
/// The password of the login mocks (the sandbox's).
pub const PASSWORD: &str = "gfdsa";

/// An httpmock server answering like Prometeo's banking API.
pub struct MockPrometeo {
    server: MockServer,
}

impl fmt::Debug for MockPrometeo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockPrometeo")
            .field("base_url", &self.server.base_url())
            .finish()
    }
}

fn ok(then: Then, body: Value) {
    then.status(200)
        .header("content-type", "application/json")
        .json_body(body);
}

impl MockPrometeo {
    /// Starts a server on 127.0.0.1.
    pub async fn start() -> MockPrometeo {
        MockPrometeo {
            server: MockServer::start_async().await,
        }
    }

    /// The underlying server, to register other answers.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The server's base URL, for [`Environment::Custom`].
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// A client for this server with [`API_KEY`], retrying fast (1–5 ms backoff).
    pub fn client(&self) -> Client {
        Client::builder()
            .api_key(API_KEY)
            .environment(Environment::Custom(self.base_url()))
            .http_config(
                HttpConfig::default().with_retry_policy(
                    RetryPolicy::default()
                        .with_initial_backoff(Duration::from_millis(1))
                        .with_max_backoff(Duration::from_millis(5)),
                ),
            )
            .build()
            .expect("a client for the mock server")
    }

    /// A request with the API key.
    fn api(when: When, method: Method, path: &str) -> When {
        when.method(method).path(path).header("x-api-key", API_KEY)
    }

    /// A request with the API key and the session key.
    fn session(when: When, method: Method, path: &str) -> When {
        Self::api(when, method, path).header("x-session-key", SESSION_KEY)
    }

    /// A login form post with the mock credentials.
    fn login_form(when: When) -> When {
        Self::api(when, Method::POST, "/login/")
            .header("content-type", "application/x-www-form-urlencoded")
            .form_urlencoded_tuple("provider", PROVIDER)
            .form_urlencoded_tuple("username", USERNAME)
            .form_urlencoded_tuple("password", PASSWORD)
    }

    /// `GET /provider/`: three providers, `test` among them.
    pub async fn providers(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::api(when, Method::GET, "/provider/").header_missing("x-session-key");
                ok(
                    then,
                    json!({"status": "success", "providers": [
                        {"code": "test", "country": "UY", "name": "Test Provider"},
                        {"code": "bbva_mx", "country": "MX", "name": "BBVA México"},
                        {"code": "davivienda", "country": "CO", "name": "Davivienda"}
                    ]}),
                );
            })
            .await
    }

    /// `GET /provider/test/`: username, password, an optional `type` choice and an interactive
    /// personal question.
    pub async fn provider_detail(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::api(when, Method::GET, "/provider/test/");
                ok(
                    then,
                    json!({"status": "success", "provider": {
                        "name": "test", "country": "UY", "aliases": ["test"],
                        "auth_fields": [
                            {"name": "username", "type": "text", "interactive": false, "optional": false, "label_es": "Usuario", "label_en": "Username"},
                            {"name": "password", "type": "password", "interactive": false, "optional": false, "label_es": "Contraseña", "label_en": "Password"},
                            {"name": "type", "type": "choice", "interactive": false, "optional": true, "label_es": "Tipo de documento", "label_en": "Document type",
                             "choices": [
                                {"name": "cedula_ciudadania", "label_es": "Cédula de ciudadanía", "label_en": "Citizenship card"},
                                {"name": "pasaporte", "label_es": "Pasaporte", "label_en": "Passport"}
                             ]},
                            {"name": "personal_question", "type": "text", "interactive": true, "optional": false, "label_es": "Pregunta personal", "label_en": "Personal question"}
                        ],
                        "account_type": [{"name": "pers", "label_es": "Cuenta Personal", "label_en": "Personal Account"}],
                        "logo": null, "bank": {"code": "test", "name": "Test Bank", "logo": null},
                        "endpoints_status": null, "methods": null
                    }}),
                );
            })
            .await
    }

    /// `POST /login/` with the mock credentials → `logged_in` with [`SESSION_KEY`].
    pub async fn login_logged_in(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::login_form(when).header_missing("x-session-key");
                ok(then, json!({"status": "logged_in", "key": SESSION_KEY}));
            })
            .await
    }

    /// `POST /login/` with the mock username and any other password → HTTP 403
    /// `wrong_credentials`.
    pub async fn login_wrong_credentials(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::api(when, Method::POST, "/login/")
                    .form_urlencoded_tuple("username", USERNAME)
                    .form_urlencoded_tuple_not("password", PASSWORD);
                then.status(403)
                    .header("content-type", "application/json")
                    .json_body(
                        json!({"status": "wrong_credentials", "message": "Wrong credentials"}),
                    );
            })
            .await
    }

    /// `POST /login/` with the mock credentials → `select_client`.
    pub async fn login_select_client(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::login_form(when).header_missing("x-session-key");
                ok(then, json!({"status": "select_client", "key": SESSION_KEY}));
            })
            .await
    }

    /// `GET /client/` → clients `0` and `1`.
    pub async fn clients(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::GET, "/client/");
                ok(
                    then,
                    json!({"status": "success", "clients": {"0": "First Client", "1": "Second Client"}}),
                );
            })
            .await
    }

    /// `GET /client/{id}/` → success.
    pub async fn select_client(&self, id: &str) -> Mock<'_> {
        let path = format!("/client/{id}/");
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::GET, &path);
                ok(then, json!({"status": "success"}));
            })
            .await
    }

    /// `POST /login/` (first attempt, no session key) → `interaction_required` asking `context`
    /// in the login field `field`.
    pub async fn login_interaction_required(&self, context: &str, field: &str) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::login_form(when)
                    .header_missing("x-session-key")
                    .form_urlencoded_tuple_missing(field);
                ok(
                    then,
                    json!({"status": "interaction_required", "context": context, "field": field, "key": SESSION_KEY}),
                );
            })
            .await
    }

    /// `POST /login/` answering an interaction (session key, `field=answer`) → `logged_in`
    /// (without repeating the key, as Prometeo may).
    pub async fn finish_login(&self, field: &str, answer: &str) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::login_form(when)
                    .header("x-session-key", SESSION_KEY)
                    .form_urlencoded_tuple(field, answer);
                ok(then, json!({"status": "logged_in"}));
            })
            .await
    }

    /// `GET /account/` → a UYU and a USD account.
    pub async fn accounts(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::GET, "/account/");
                ok(
                    then,
                    json!({"status": "success", "accounts": [
                        {"id": "a1f3", "name": "Cuenta Corriente", "number": "001234567890", "branch": "02 - 18 De Julio", "currency": "UYU", "balance": 1234.95},
                        {"id": "b7c2", "name": "Caja De Ahorro", "number": "004327567890", "branch": "61 - Ciudad Vieja", "currency": "USD", "balance": 53.96}
                    ]}),
                );
            })
            .await
    }

    fn movements_body() -> Value {
        json!({"status": "success", "movements": [
            {"id": "-890185180", "reference": "000000005084", "date": "12/02/2019", "detail": "RETIRO EFECTIVO CAJERO AUTOMATICO", "debit": 3500, "credit": "", "extra_data": null},
            {"id": 1024917397, "reference": "000000002931", "date": "05/02/2019", "detail": "COMPRA SUPERMERCADO", "debit": 160.5, "credit": ""},
            {"id": 1303899175, "reference": "TR0003858408", "date": "03/02/2019", "detail": "SUELDOS RECIBIDA", "debit": "", "credit": 98640.1, "extra_data": {"branch": "002"}}
        ]})
    }

    /// `GET /movement/` with `account`, `currency`, `date_start`, `date_end` → three movements.
    pub async fn movements(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::GET, "/movement/")
                    .query_param_exists("account")
                    .query_param_exists("currency")
                    .query_param_matches("date_start", r"^\d\d/\d\d/\d{4}$")
                    .query_param_matches("date_end", r"^\d\d/\d\d/\d{4}$");
                ok(then, Self::movements_body());
            })
            .await
    }

    /// `GET /credit-card/` → one card.
    pub async fn credit_cards(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::GET, "/credit-card/");
                ok(
                    then,
                    json!({"status": "success", "credit_cards": [
                        {"id": "Ecb0rIZ5NdJNzS4XHmu/8drzYYHtW1", "name": "Visa Internacional", "number": "770012345678", "close_date": "04/11/2019", "due_date": "20/11/2019", "balance_local": 12345.42, "balance_dollar": 67.89}
                    ]}),
                );
            })
            .await
    }

    /// `GET /credit-card/{number}/movements` with `currency`, `date_start`, `date_end` → two
    /// movements (no `extra_data`).
    pub async fn card_movements(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::GET, "/credit-card/770012345678/movements")
                    .query_param_exists("currency")
                    .query_param_matches("date_start", r"^\d\d/\d\d/\d{4}$")
                    .query_param_matches("date_end", r"^\d\d/\d\d/\d{4}$");
                ok(
                    then,
                    json!({"status": "success", "movements": [
                        {"id": 17, "reference": "", "date": "01/02/2019", "detail": "AMAZON", "debit": 25.99, "credit": ""},
                        {"id": 18, "reference": "", "date": "02/02/2019", "detail": "PAGO", "debit": "", "credit": 100}
                    ]}),
                );
            })
            .await
    }

    /// `GET /transfer/destinations` → four banks.
    pub async fn transfer_institutions(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::GET, "/transfer/destinations");
                ok(
                    then,
                    json!({"status": "success", "destinations": [
                        {"id": 0, "name": "SANTANDER"}, {"id": 1, "name": "B.R.O.U."},
                        {"id": 91, "name": "B.H.U."}, {"id": 110, "name": "BANDES"}
                    ]}),
                );
            })
            .await
    }

    /// `POST /transfer/preprocess` (the seed's transfer) → approved, card-code challenge.
    pub async fn preprocess_transfer(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::POST, "/transfer/preprocess")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .form_urlencoded_tuple("origin_account", "002206345988")
                    .form_urlencoded_tuple("destination_institution", "0")
                    .form_urlencoded_tuple("destination_account", "001002363321")
                    .form_urlencoded_tuple("currency", "UYU")
                    .form_urlencoded_tuple("amount", "1.3")
                    .form_urlencoded_tuple("concept", "transfer description")
                    .form_urlencoded_tuple("destination_owner_name", "John Doe")
                    .form_urlencoded_tuple("branch", "62");
                ok(
                    then,
                    json!({"status": "success", "result": {
                        "approved": true,
                        "authorization_devices": [
                            {"type": "cardCode", "data": ["F-4", "B-2", "G-7"]},
                            {"type": "pin", "data": null}
                        ],
                        "message": null,
                        "request_id": "0b7d6b32d1be4c11bde21e7ddc08cc36"
                    }}),
                );
            })
            .await
    }

    /// `POST /transfer/confirm` for the preprocessed request with a card code → success.
    pub async fn confirm_transfer(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::POST, "/transfer/confirm")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .form_urlencoded_tuple("request_id", "0b7d6b32d1be4c11bde21e7ddc08cc36")
                    .form_urlencoded_tuple("authorization_type", "cardCode")
                    .form_urlencoded_tuple("authorization_data", "1, 2, 3");
                ok(
                    then,
                    json!({"status": "success", "transfer": {"message": "Transferencia confirmada con exito", "success": true}}),
                );
            })
            .await
    }

    /// `GET /logout/` → `logged_out`.
    pub async fn logout(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                Self::session(when, Method::GET, "/logout/");
                ok(then, json!({"status": "logged_out"}));
            })
            .await
    }

    /// Every answer of the seed's journey: providers, provider detail, login (`logged_in`),
    /// accounts, movements, credit cards and their movements, transfer institutions,
    /// preprocess, confirm, logout.
    pub async fn journey(&self) -> Vec<Mock<'_>> {
        vec![
            self.providers().await,
            self.provider_detail().await,
            self.login_logged_in().await,
            self.accounts().await,
            self.movements().await,
            self.credit_cards().await,
            self.card_movements().await,
            self.transfer_institutions().await,
            self.preprocess_transfer().await,
            self.confirm_transfer().await,
            self.logout().await,
        ]
    }
}
