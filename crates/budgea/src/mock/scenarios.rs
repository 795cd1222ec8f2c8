//! Ready-made scenarios of the Budgea guide: the exchanges of one flow each, matching the
//! requests strictly (method, path, query, token, body).

use httpmock::prelude::*;
use httpmock::Mock;
use serde_json::{json, Value};

use super::operations::{
    CreateUserConnectionThen, CreateUserConnectionWhen, UpdateUserConnectionThen,
    UpdateUserConnectionWhen,
};
use super::sample::{self, account, transaction};
use super::*;
use crate::types;

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

impl MockApi {
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

    /// The connection that needs more than the credentials (additional fields): `POST
    /// /users/me/connections` with `login`/`password`/`website` is answered HTTP 202, state
    /// `additionalInformationNeeded`, asking for the field `otp`; `POST
    /// /users/me/connections/{id}` with the [`OTP`] is answered synchronized, accounts expanded.
    ///
    /// Built on the typed helpers of `create_user_connection` and `update_user_connection`.
    pub async fn connection_with_otp(&self) -> ConnectionMocks<'_> {
        let credentials: types::CreateUserConnectionBody = sample::typed(json!({
            "id_connector": BANK_ID, "website": "par", "login": "12345678", "password": "123456"
        }));
        let needs_otp: types::Connection = sample::typed(sample::connection(
            json!("additionalInformationNeeded"),
            json!([{"name": "otp", "label": "Code reçu par SMS", "type": "password", "regex": "^[0-9]{6}$"}]),
        ));
        let otp: types::UpdateUserConnectionBody = sample::typed(json!({ "otp": OTP }));
        let mut synchronized = sample::connection(Value::Null, Value::Null);
        synchronized["accounts"] = json!([]);
        let synchronized: types::Connection = sample::typed(synchronized);
        let create = self
            .server
            .mock_async(|when, then| {
                CreateUserConnectionWhen::new(when.header("authorization", bearer(USER_TOKEN)))
                    .id_user("me")
                    .body(&credentials);
                CreateUserConnectionThen::new(then).accepted(&needs_otp);
            })
            .await;
        let answer = self
            .server
            .mock_async(|when, then| {
                UpdateUserConnectionWhen::new(when.header("authorization", bearer(USER_TOKEN)))
                    .id_user("me")
                    .id_connection(CONNECTION_ID)
                    .body(&otp);
                UpdateUserConnectionThen::new(then).ok(&synchronized);
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
