//! Ready-made scenarios of the official client's guide, on a [`MockPrometeo`]: each helper
//! registers the answer of one endpoint and returns its [`Mock`]; the `*_flow` helpers register
//! a multi-step login at once. They match strictly, as Prometeo would read the request: method,
//! path with its exact trailing slash, `X-API-Key`, `X-Session-Key` on session calls, form
//! fields, query parameters.

use std::fmt;

use httpmock::{Method, Mock, Then, When};
use serde_json::{json, Value};

use super::{api_key, sample, session, MockPrometeo, PASSWORD, PROVIDER, SESSION_KEY, USERNAME};

fn ok(then: Then, body: Value) {
    then.status(200)
        .header("content-type", "application/json")
        .json_body(body);
}

/// A request with the API key.
fn call(when: When, method: Method, path: &str) -> When {
    api_key(when.method(method).path(path))
}

/// A request with the API key and the session key.
fn session_call(when: When, method: Method, path: &str) -> When {
    session(when.method(method).path(path))
}

/// A login form post with the mock credentials.
fn login_form(when: When) -> When {
    call(when, Method::POST, "/login/")
        .header("content-type", "application/x-www-form-urlencoded")
        .form_urlencoded_tuple("provider", PROVIDER)
        .form_urlencoded_tuple("username", USERNAME)
        .form_urlencoded_tuple("password", PASSWORD)
}

/// The mocks of [`MockPrometeo::select_client_flow`].
pub struct SelectClientMocks<'a> {
    /// `POST /login/` → `select_client`.
    pub login: Mock<'a>,
    /// `GET /client/` → two clients.
    pub clients: Mock<'a>,
    /// `GET /client/{id}/` → success.
    pub select: Mock<'a>,
}

/// The mocks of [`MockPrometeo::interaction_flow`].
pub struct InteractionMocks<'a> {
    /// The first `POST /login/` → `interaction_required`.
    pub login: Mock<'a>,
    /// The `POST /login/` with the answer → `logged_in`.
    pub answer: Mock<'a>,
}

impl fmt::Debug for SelectClientMocks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SelectClientMocks")
            .field("login", &self.login.id())
            .field("clients", &self.clients.id())
            .field("select", &self.select.id())
            .finish()
    }
}

impl fmt::Debug for InteractionMocks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InteractionMocks")
            .field("login", &self.login.id())
            .field("answer", &self.answer.id())
            .finish()
    }
}

impl MockPrometeo {
    /// `GET /provider/`: three providers, `test` among them.
    pub async fn providers(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                call(when, Method::GET, "/provider/").header_missing("x-session-key");
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
                call(when, Method::GET, "/provider/test/");
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
                login_form(when).header_missing("x-session-key");
                ok(then, json!({"status": "logged_in", "key": SESSION_KEY}));
            })
            .await
    }

    /// `POST /login/` with the mock username and any other password → HTTP 403
    /// `wrong_credentials`.
    pub async fn login_wrong_credentials(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                call(when, Method::POST, "/login/")
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
                login_form(when).header_missing("x-session-key");
                ok(then, json!({"status": "select_client", "key": SESSION_KEY}));
            })
            .await
    }

    /// `GET /client/` → clients `0` and `1`.
    pub async fn clients(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                session_call(when, Method::GET, "/client/");
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
                session_call(when, Method::GET, &path);
                ok(then, json!({"status": "success"}));
            })
            .await
    }

    /// `POST /login/` (first attempt, no session key) → `interaction_required` asking `context`
    /// in the login field `field`.
    pub async fn login_interaction_required(&self, context: &str, field: &str) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                login_form(when)
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
                login_form(when)
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
                session_call(when, Method::GET, "/account/");
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

    /// `GET /movement/` with `account`, `currency`, `date_start`, `date_end` → three movements.
    pub async fn movements(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                session_call(when, Method::GET, "/movement/")
                    .query_param_exists("account")
                    .query_param_exists("currency")
                    .query_param_matches("date_start", r"^\d\d/\d\d/\d{4}$")
                    .query_param_matches("date_end", r"^\d\d/\d\d/\d{4}$");
                ok(then, sample::movements());
            })
            .await
    }

    /// `GET /credit-card/` → one card.
    pub async fn credit_cards(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                session_call(when, Method::GET, "/credit-card/");
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
                session_call(when, Method::GET, "/credit-card/770012345678/movements")
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
                session_call(when, Method::GET, "/transfer/destinations");
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
                session_call(when, Method::POST, "/transfer/preprocess")
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
                session_call(when, Method::POST, "/transfer/confirm")
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
                session_call(when, Method::GET, "/logout/");
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

    /// The select-client flow: `POST /login/` answers `select_client`, `GET /client/` lists
    /// clients `0` and `1`, `GET /client/{id}/` selects `id`.
    pub async fn select_client_flow(&self, id: &str) -> SelectClientMocks<'_> {
        SelectClientMocks {
            login: self.login_select_client().await,
            clients: self.clients().await,
            select: self.select_client(id).await,
        }
    }

    /// The interaction flow: the first `POST /login/` answers `interaction_required` asking
    /// `context` in the field `field`, the one answering it (`field=answer`, with the session
    /// key) answers `logged_in`.
    pub async fn interaction_flow(
        &self,
        context: &str,
        field: &str,
        answer: &str,
    ) -> InteractionMocks<'_> {
        InteractionMocks {
            login: self.login_interaction_required(context, field).await,
            answer: self.finish_login(field, answer).await,
        }
    }
}
