//! An in-process stand-in for the API (feature `mock`): an httpmock server with the scenarios of
//! the Budgea guide, for examples and tests.
//!
//! Each scenario helper registers the exchanges of one flow, matching the requests strictly
//! (method, path, query, token, body), and returns the mocks so that the caller can assert how
//! often each was called. The bodies are shaped like the API's (same fields, naive timestamps,
//! `null`s), with made-up values.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use budgea::mock::MockApi;
//!
//! let api = MockApi::start().await;
//! let banks = api.banks_with_fields().await;
//! let list = api.client().list_banks().expand("fields").send().await?;
//! assert_eq!(list.banks.len(), 1);
//! banks.assert_async().await;
//! # Ok::<_, budgea::Error>(()) }).unwrap();
//! ```

#[rustfmt::skip]
mod generated;
pub use generated::{operations, MockServerExt};

use httpmock::prelude::*;
use httpmock::Mock;
use serde_json::{json, Value};

use crate::client::Token;
use crate::Client;

/// The client id the scenarios expect.
pub const CLIENT_ID: &str = "17473055";
/// The client secret the scenarios expect.
pub const CLIENT_SECRET: &str = "mock-client-secret";
/// The permanent user token the scenarios hand out and expect.
pub const USER_TOKEN: &str = "mock-user-token";
/// The temporary code the scenarios hand out.
pub const TEMPORARY_CODE: &str = "mock-temporary-code";
/// The user the scenarios create.
pub const USER_ID: i64 = 7;
/// The bank (connector) of the scenarios.
pub const BANK_ID: i64 = 59;
/// The connection the scenarios create.
pub const CONNECTION_ID: i64 = 27;
/// The checking account of the scenarios.
pub const ACCOUNT_ID: i64 = 723;
/// The savings account of the scenarios.
pub const SAVINGS_ID: i64 = 724;
/// The recipient the scenarios add.
pub const RECIPIENT_ID: i64 = 2;
/// The transfer the scenarios create.
pub const TRANSFER_ID: i64 = 22;
/// The one-time password the connection scenario asks for.
pub const OTP: &str = "424242";
/// The SMS code the recipient scenario asks for.
pub const SMS_CODE: &str = "123456";
/// The bank password the transfer scenario asks for.
pub const BANK_PASSWORD: &str = "654321";

/// An httpmock server answering like the API under `/2.0`.
pub struct MockApi {
    server: MockServer,
}

/// The mocks of [`MockApi::user_and_token_exchange`].
pub struct UserMocks<'a> {
    /// `POST /auth/init` with the client credentials.
    pub init: Mock<'a>,
    /// `GET /auth/token/code?type=singleAccess` with the user token.
    pub code: Mock<'a>,
    /// `POST /auth/token/access` with the code.
    pub exchange: Mock<'a>,
}

/// The mocks of [`MockApi::connection_with_otp`].
pub struct ConnectionMocks<'a> {
    /// `POST /users/me/connections` with the credentials: HTTP 202, an OTP is needed.
    pub create: Mock<'a>,
    /// `POST /users/me/connections/{id}` with the OTP: synchronized.
    pub answer: Mock<'a>,
}

/// The mocks of [`MockApi::accounts_to_activate`].
pub struct AccountMocks<'a> {
    /// `GET /users/me/accounts?all`: both accounts, disabled.
    pub list_all: Mock<'a>,
    /// `PUT /users/me/connections/{c}/accounts/{a},{b}?all`: activates them.
    pub activate: Mock<'a>,
}

/// The mocks of [`MockApi::recipient_and_transfer`].
pub struct TransferMocks<'a> {
    /// `POST /users/me/accounts/{a}/recipients`: the bank sends an SMS.
    pub add_recipient: Mock<'a>,
    /// `POST /users/me/accounts/{a}/recipients/{r}` with the SMS code.
    pub confirm_recipient: Mock<'a>,
    /// `POST /users/me/accounts/{a}/recipients/{r}/transfers`.
    pub create_transfer: Mock<'a>,
    /// `POST /users/me/transfers/{t}` `{"validated": true}`: the bank wants its password.
    pub validate: Mock<'a>,
    /// `POST /users/me/transfers/{t}` with the password: pending.
    pub validate_with_password: Mock<'a>,
}

impl std::fmt::Debug for MockApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockApi")
            .field("base_url", &self.base_url())
            .finish()
    }
}

macro_rules! debug_mocks {
    ($($name:ident { $($field:ident),* })*) => {$(
        impl std::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($field), &self.$field.id()))*
                    .finish()
            }
        }
    )*};
}

debug_mocks! {
    UserMocks { init, code, exchange }
    ConnectionMocks { create, answer }
    AccountMocks { list_all, activate }
    TransferMocks { add_recipient, confirm_recipient, create_transfer, validate, validate_with_password }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A transaction as the API sends it (naive timestamps, `null`s, a category when expanded).
pub fn transaction(id: i64, date: &str, value: f64, wording: &str) -> Value {
    json!({
        "id": id, "id_account": ACCOUNT_ID, "webid": null,
        "application_date": date, "date": date, "rdate": date, "vdate": date, "bdate": date,
        "datetime": null, "rdatetime": null, "vdatetime": null, "bdatetime": null,
        "value": value, "gross_value": value, "type": if value < 0.0 { "card" } else { "transfer" },
        "original_wording": format!("CB {wording}"), "simplified_wording": wording, "stemmed_wording": wording,
        "wording": wording, "id_category": 9998,
        "category": {"id": 9998, "id_parent_category": 9998, "name": "Indéfini", "color": "D7D3BC"},
        "state": "parsed", "date_scraped": format!("{date} 08:12:45"), "coming": false, "active": true,
        "id_cluster": null, "comment": null, "last_update": format!("{date} 08:12:45"), "deleted": null,
        "original_value": null, "original_currency": null, "commission": null, "commission_currency": null,
        "country": null, "counterparty": null, "card": null, "documents_count": 0, "nature": "inconnu",
        "formatted_value": format!("{value:.2} €").replace('.', ",")
    })
}

fn account(id: i64, name: &str, kind: &str, balance: f64, disabled: bool) -> Value {
    json!({
        "id": id, "id_connection": CONNECTION_ID, "id_user": USER_ID, "id_source": 45, "id_parent": null,
        "number": format!("****{}", id % 10_000), "webid": format!("{id}"), "original_name": name, "name": name,
        "balance": balance, "coming": null, "display": true, "bookmarked": false, "type": kind, "id_type": 2,
        "last_update": "2024-06-01 10:00:00", "deleted": null,
        "disabled": if disabled { Value::from("2024-06-01 09:59:00") } else { Value::Null },
        "iban": "FR7630004012550000041157244", "bic": "BNPAFRPPXXX", "able_to_transfer": kind == "checking",
        "currency": {"id": "EUR", "symbol": "€", "prefix": false},
        "usage": "PRIV", "error": null, "formatted_balance": format!("{balance:.2} €")
    })
}

fn connection(state: Value, fields: Value) -> Value {
    json!({
        "id": CONNECTION_ID, "id_user": USER_ID, "id_connector": BANK_ID, "id_bank": BANK_ID,
        "connector_uuid": "338178e6-3d01-564f-9a7b-52ca442459bf",
        "state": state, "error": state, "error_message": null, "fields": fields,
        "last_update": if state.is_null() { Value::from("2024-06-01 10:00:00") } else { Value::Null },
        "created": "2024-06-01 09:58:12", "active": true, "last_push": null, "expire": null,
        "next_try": null
    })
}

impl MockApi {
    /// Starts a server.
    pub async fn start() -> MockApi {
        MockApi {
            server: MockServer::start_async().await,
        }
    }

    /// The server, for other mocks.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The base URL (`http://127.0.0.1:{port}/2.0`).
    pub fn base_url(&self) -> String {
        self.server.url("/2.0")
    }

    /// A client of this server, without a token.
    pub fn client(&self) -> Client {
        Client::builder()
            .base_url(self.base_url())
            .client_id(CLIENT_ID)
            .build()
            .expect("a client of the mock server")
    }

    /// A client of this server with the scenarios' user token.
    pub fn user_client(&self) -> Client {
        self.client().with_token(Token::user(USER_TOKEN))
    }

    /// `GET /banks?expand=fields`: one bank, with a login, a password and a list field.
    pub async fn banks_with_fields(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/2.0/banks")
                    .query_param("expand", "fields");
                then.status(200).json_body(json!({
                    "banks": [{
                        "id": BANK_ID, "uuid": "338178e6-3d01-564f-9a7b-52ca442459bf", "id_weboob": "bnporc",
                        "name": "Banque Exemple", "hidden": false, "charged": true, "beta": false, "code": null,
                        "color": "27a048", "slug": "BEX", "sync_frequency": null, "months_to_fetch": null,
                        "auth_mechanism": "credentials", "siret": null, "restricted": false,
                        "fields": [
                            {"id": 1, "id_connector": BANK_ID, "name": "website", "label": "Type de compte",
                             "type": "list", "regex": null, "required": true,
                             "values": [{"label": "Particuliers", "value": "par"}, {"label": "Professionnels", "value": "pro"}]},
                            {"id": 2, "id_connector": BANK_ID, "name": "login", "label": "Numéro client",
                             "type": "text", "regex": "^[0-9]{5,10}$", "required": true},
                            {"id": 3, "id_connector": BANK_ID, "name": "password", "label": "Code secret",
                             "type": "password", "regex": "^[0-9]{6}$", "required": true}
                        ]
                    }],
                    "total": 1
                }));
            })
            .await
    }

    /// `POST /auth/init` (client credentials → permanent token), `GET /auth/token/code`
    /// (single access) and `POST /auth/token/access` (code → permanent token).
    pub async fn user_and_token_exchange(&self) -> UserMocks<'_> {
        let init = self
            .server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/2.0/auth/init")
                    .header_missing("authorization")
                    .json_body(json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}));
                then.status(200).json_body(json!({
                    "auth_token": USER_TOKEN, "type": "permanent", "id_user": USER_ID
                }));
            })
            .await;
        let code = self
            .server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/2.0/auth/token/code")
                    .query_param("type", "singleAccess")
                    .header("authorization", bearer(USER_TOKEN));
                then.status(200).json_body(json!({
                    "code": TEMPORARY_CODE, "type": "temporary", "access": "single", "expires_in": 1800
                }));
            })
            .await;
        let exchange = self
            .server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/2.0/auth/token/access")
                    .header_missing("authorization")
                    .json_body(json!({
                        "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                        "code": TEMPORARY_CODE, "grant_type": "authorization_code"
                    }));
                then.status(200)
                    .json_body(json!({"access_token": USER_TOKEN, "token_type": "Bearer"}));
            })
            .await;
        UserMocks {
            init,
            code,
            exchange,
        }
    }

    /// `POST /users/me/connections` with `login`/`password`/`website`: HTTP 202, the bank wants
    /// an OTP; `POST /users/me/connections/{id}` with the OTP: synchronized, accounts expanded.
    pub async fn connection_with_otp(&self) -> ConnectionMocks<'_> {
        let create = self
            .server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/2.0/users/me/connections")
                    .header("authorization", bearer(USER_TOKEN))
                    .json_body(json!({
                        "id_connector": BANK_ID, "website": "par", "login": "12345678", "password": "123456"
                    }));
                then.status(202).json_body(connection(
                    json!("additionalInformationNeeded"),
                    json!([{"name": "otp", "label": "Code reçu par SMS", "type": "password", "regex": "^[0-9]{6}$"}]),
                ));
            })
            .await;
        let answer = self
            .server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(format!("/2.0/users/me/connections/{CONNECTION_ID}"))
                    .header("authorization", bearer(USER_TOKEN))
                    .json_body(json!({ "otp": OTP }));
                let mut body = connection(Value::Null, Value::Null);
                body["accounts"] = json!([]);
                then.status(200).json_body(body);
            })
            .await;
        ConnectionMocks { create, answer }
    }

    /// `GET /users/me/accounts?all`: two disabled accounts; `PUT
    /// /users/me/connections/{c}/accounts/{a},{b}?all` `{"disabled": false}`: both activated.
    pub async fn accounts_to_activate(&self) -> AccountMocks<'_> {
        let list_all = self
            .server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/2.0/users/me/accounts")
                    .query_param_exists("all")
                    .header("authorization", bearer(USER_TOKEN));
                then.status(200).json_body(json!({
                    "accounts": [
                        account(ACCOUNT_ID, "Compte chèque", "checking", 2893.36, true),
                        account(SAVINGS_ID, "Livret A", "savings", 10250.0, true)
                    ],
                    "balances": {"EUR": 13143.36},
                    "total": 2
                }));
            })
            .await;
        let activate = self
            .server
            .mock_async(|when, then| {
                when.method(PUT)
                    .path(format!(
                        "/2.0/users/me/connections/{CONNECTION_ID}/accounts/{ACCOUNT_ID},{SAVINGS_ID}"
                    ))
                    .query_param_exists("all")
                    .header("authorization", bearer(USER_TOKEN))
                    .json_body(json!({"disabled": false}));
                then.status(200).json_body(json!({
                    "accounts": [
                        account(ACCOUNT_ID, "Compte chèque", "checking", 2893.36, false),
                        account(SAVINGS_ID, "Livret A", "savings", 10250.0, false)
                    ],
                    "total": 2
                }));
            })
            .await;
        AccountMocks { list_all, activate }
    }

    /// `GET /users/me/transactions?limit=2&offset={0,2,4}&min_date=2024-01-01&max_date=2024-03-31&expand=category`:
    /// five transactions in three pages, `total` 5.
    pub async fn transaction_pages(&self) -> [Mock<'_>; 3] {
        let dates = [
            "2024-03-28",
            "2024-03-15",
            "2024-02-20",
            "2024-02-02",
            "2024-01-09",
        ];
        let mut mocks = Vec::new();
        for (page, offset) in [0usize, 2, 4].into_iter().enumerate() {
            let items: Vec<Value> = dates
                .iter()
                .enumerate()
                .skip(offset)
                .take(2)
                .map(|(i, date)| {
                    transaction(
                        300 + i as i64,
                        date,
                        -12.5 - i as f64,
                        &format!("MARCHAND {}", i + 1),
                    )
                })
                .collect();
            let mock = self
                .server
                .mock_async(|when, then| {
                    when.method(GET)
                        .path("/2.0/users/me/transactions")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string())
                        .query_param("min_date", "2024-01-01")
                        .query_param("max_date", "2024-03-31")
                        .query_param("expand", "category")
                        .header("authorization", bearer(USER_TOKEN));
                    then.status(200).json_body(json!({
                        "transactions": items,
                        "first_date": "2023-11-02", "last_date": "2024-03-28",
                        "result_min_date": dates[(offset + 1).min(4)], "result_max_date": dates[offset],
                        "total": 5,
                        "_links": {"self": {"href": format!("/users/me/transactions?page={page}")}, "next": null}
                    }));
                })
                .await;
            mocks.push(mock);
        }
        match <[Mock<'_>; 3]>::try_from(mocks) {
            Ok(pages) => pages,
            Err(_) => unreachable!("three pages were registered"),
        }
    }

    /// `GET /users/me/accounts/{a}/investments`: one fund.
    pub async fn investments(&self) -> Mock<'_> {
        self.server
            .mock_async(|when, then| {
                when.method(GET)
                    .path(format!("/2.0/users/me/accounts/{SAVINGS_ID}/investments"))
                    .header("authorization", bearer(USER_TOKEN));
                then.status(200).json_body(json!({
                    "investments": [{
                        "id": 55, "id_account": SAVINGS_ID, "label": "Fonds Exemple PEA", "code": "FR0010330902",
                        "code_type": "ISIN", "description": "", "quantity": 7.338, "unitprice": 488.98,
                        "unitvalue": 479.73, "valuation": 3520.28, "diff": -67.86, "diff_percent": null,
                        "prev_diff": 2019.57, "portfolio_share": 0.48, "vdate": "2024-05-31", "prev_vdate": null,
                        "id_security": null, "original_currency": null, "last_update": "2024-06-01 10:00:00",
                        "deleted": null
                    }],
                    "total": 1
                }));
            })
            .await
    }

    /// Adding a recipient (SMS confirmation), creating a transfer and validating it (the bank
    /// asks for its password once).
    pub async fn recipient_and_transfer(&self) -> TransferMocks<'_> {
        let recipient = |sms: bool| {
            json!({
                "id": RECIPIENT_ID, "id_account": ACCOUNT_ID, "id_target_account": null, "label": "Papa",
                "bank_name": "BANQUE EXEMPLE", "bic": "BNPAFRPPXXX", "iban": "FR7613048379405300290000355",
                "category": "Famille", "deleted": null, "time_scraped": null,
                "last_update": "2024-06-01 10:05:00",
                "enabled_at": if sms { Value::Null } else { Value::from("2024-06-02 00:00:00") },
                "expire": if sms { Value::from("2024-06-01 10:35:00") } else { Value::Null },
                "webid": if sms { Value::Null } else { Value::from("RCP-2") },
                "fields": if sms {
                    json!([{"name": "sms", "label": "Code reçu par SMS", "type": "password", "regex": "^[0-9]{6}$"}])
                } else { Value::Null }
            })
        };
        let transfer = |state: &str, fields: Value, webid: Value| {
            json!({
                "id": TRANSFER_ID, "id_account": ACCOUNT_ID, "id_recipient": RECIPIENT_ID,
                "account_iban": "FR7630004012550000041157244", "recipient_iban": "FR7613048379405300290000355",
                "amount": 10.0, "currency": {"id": "EUR", "symbol": "€", "prefix": false},
                "exec_date": "2024-06-03", "register_date": "2024-06-01 10:10:00", "fees": null,
                "formatted_amount": "10,00 €", "label": "Argent de poche", "state": state,
                "fields": fields, "webid": webid
            })
        };
        let auth = bearer(USER_TOKEN);
        let add_recipient = self
            .server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(format!("/2.0/users/me/accounts/{ACCOUNT_ID}/recipients"))
                    .header("authorization", auth.clone())
                    .json_body(json!({"iban": "FR7613048379405300290000355", "label": "Papa", "category": "Famille"}));
                then.status(200).json_body(recipient(true));
            })
            .await;
        let confirm_recipient = self
            .server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(format!(
                        "/2.0/users/me/accounts/{ACCOUNT_ID}/recipients/{RECIPIENT_ID}"
                    ))
                    .header("authorization", auth.clone())
                    .json_body(json!({"sms": SMS_CODE}));
                then.status(200).json_body(recipient(false));
            })
            .await;
        let create_transfer = self
            .server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(format!(
                        "/2.0/users/me/accounts/{ACCOUNT_ID}/recipients/{RECIPIENT_ID}/transfers"
                    ))
                    .header("authorization", auth.clone())
                    .json_body(json!({"amount": 10.0, "label": "Argent de poche", "exec_date": "2024-06-03"}));
                then.status(200)
                    .json_body(transfer("created", Value::Null, Value::Null));
            })
            .await;
        let validate = self
            .server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(format!("/2.0/users/me/transfers/{TRANSFER_ID}"))
                    .header("authorization", auth.clone())
                    .json_body(json!({"validated": true}));
                then.status(200).json_body(transfer(
                    "created",
                    json!([{"name": "password", "label": "Code secret", "type": "password", "regex": "^[0-9]{6}$"}]),
                    Value::Null,
                ));
            })
            .await;
        let validate_with_password = self
            .server
            .mock_async(|when, then| {
                when.method(POST)
                    .path(format!("/2.0/users/me/transfers/{TRANSFER_ID}"))
                    .header("authorization", auth.clone())
                    .json_body(json!({"validated": true, "password": BANK_PASSWORD}));
                then.status(200).json_body(transfer(
                    "pending",
                    Value::Null,
                    json!("ZZ10C4FKSNP05TK95"),
                ));
            })
            .await;
        TransferMocks {
            add_recipient,
            confirm_recipient,
            create_transfer,
            validate,
            validate_with_password,
        }
    }

    /// Any request to `path` (under `/2.0`) with `method` answers `status` with the API's error
    /// body `{code, message, request_id}`.
    pub async fn error(
        &self,
        method: Method,
        path: &str,
        status: u16,
        code: &str,
        message: &str,
    ) -> Mock<'_> {
        let path = format!("/2.0{path}");
        let body = json!({"code": code, "message": message, "request_id": format!("req-{code}")});
        self.server
            .mock_async(|when, then| {
                when.method(method).path(path);
                then.status(status).json_body(body);
            })
            .await
    }
}
