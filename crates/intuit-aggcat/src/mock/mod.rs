//! Mocks of Intuit for tests (feature `mock`): test your code against an in-process Intuit,
//! without credentials or network (httpmock on 127.0.0.1, test keys only).
//!
//! - [`operations`] and [`MockServerExt`]: a typed helper for every operation of the client,
//!   in the style of the generated crates' (written by hand, as the client is).
//!   `server.get_customer_accounts(|when, then| ..)` matches the operation's method and path;
//!   its `when` has one method per parameter (ids, dates, and the bodies the client sends for
//!   [`Credentials`](crate::Credentials), [`Answers`](crate::Answers),
//!   [`AccountType`](crate::AccountType)), `signed()` checks the OAuth 1.0a signature; its
//!   `then` one method per answer, taking the typed values of [`sample`].
//! - Scenarios: [`token_endpoint`] (the SAML token exchange, assertion verified),
//!   [`discovery_with_challenge_rounds`] (questions, answers, more questions, accounts), and
//!   [`mount_sandbox`], a stateful fake of Intuit's sandbox institution that answers every
//!   request as the real sandbox did, checking the SAML assertion of each token request and the
//!   OAuth signature of each call. The login's user id picks its scenario:
//!
//! | user id | outcome |
//! |---|---|
//! | `direct` | 201 with 10 accounts |
//! | `tfa_text` | 401 with one text question, then accounts |
//! | `tfa_text2` | two rounds of text questions, then accounts |
//! | `tfa_choice` | a multiple-choice question (answer with a choice's value), then accounts |
//! | `tfa_image` | a question with a JPEG image, then accounts |
//! | `bad` (or password `bad`) | 401 with a `Status` body, error code 103 |
//! | `request_error` | 500 with a `Status` body |
//!
//! [`client_builder`] gives a client of either, with the keys below.
//!
//! # A test of your code
//!
//! ```
//! use intuit_aggcat::mock::sample::{Account, AccountKind};
//! use intuit_aggcat::mock::{self, MockServerExt};
//! use intuit_aggcat::models;
//!
//! /// Your code: the nicknames of the customer's bank accounts.
//! async fn bank_accounts(client: &intuit_aggcat::Client) -> Result<Vec<String>, intuit_aggcat::Error> {
//!     let list = client.get_customer_accounts().await?;
//!     Ok(list
//!         .accounts
//!         .iter()
//!         .filter(|a| matches!(a, models::Account::Banking(_)))
//!         .filter_map(|a| a.account_nickname().cloned())
//!         .collect())
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let server = httpmock::MockServer::start_async().await;
//! let token = mock::token_endpoint(&server).await;
//! let accounts = server.get_customer_accounts(|when, then| {
//!     when.signed();
//!     then.ok(&[
//!         Account::new(AccountKind::Banking, "1001", "CHECKING", "Checking", "1250.00"),
//!         Account::new(AccountKind::Credit, "1002", "CREDITCARD", "Visa", "-80.10"),
//!     ]);
//! });
//!
//! let client = mock::client_builder(&server).build()?;
//! assert_eq!(bank_accounts(&client).await?, ["Checking"]);
//! token.assert_calls_async(1).await;
//! accounts.assert_calls_async(1).await;
//!
//! // An error answer, typed the same way.
//! server.get_institutions(|when, then| {
//!     when.signed();
//!     then.error(503, "SYSTEM_ERROR", "102", "Aggregation error.");
//! });
//! assert!(client.get_institutions().await.is_err());
//! # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
//! ```

pub mod operations;
pub mod sample;
mod sandbox;
mod scenarios;

pub use operations::MockServerExt;
pub use sandbox::{mount_sandbox, Sandbox};
pub use scenarios::{
    discovery_with_challenge_rounds, round_session, token_endpoint, ChallengeRound,
    ChallengeRoundsMocks,
};

use httpmock::MockServer;

use crate::ClientBuilder;

/// The sandbox's OAuth consumer key.
pub const CONSUMER_KEY: &str = "mock-consumer-key";
/// The sandbox's OAuth consumer secret.
pub const CONSUMER_SECRET: &str = "mock-consumer-secret";
/// The sandbox's SAML identity provider id.
pub const SAML_IDENTITY_PROVIDER_ID: &str = "mock.12345.intuit.ipp.dev";
/// The customer id [`client_builder`] uses.
pub const CUSTOMER_ID: &str = "mock-customer-1";
/// Where the token endpoint is mounted.
pub const TOKEN_PATH: &str = "/oauth/v1/get_access_token_by_saml";
/// Where the REST API is mounted.
pub const API_PATH: &str = "/v1";
/// The sandbox institution.
pub const INSTITUTION_ID: &str = "100000";
/// The login id of the sandbox accounts.
pub const LOGIN_ID: &str = "83850162";
/// The challenge session id of the `tfa_text` scenario's question.
pub const SESSION_ID: &str = "c31c8a55-754e-4252-8212-b8143270f84f";
/// The challenge node id the sandbox sends.
pub const NODE_ID: &str = "10.136.17.82";
/// The OAuth token [`token_endpoint`] issues and the typed helpers' `signed()` expects.
pub const ACCESS_TOKEN: &str = "mocktoken000000000000000000000000000000000000042";
/// The secret of [`ACCESS_TOKEN`].
pub const ACCESS_TOKEN_SECRET: &str = "mocksecret000000000000000000000042";

/// A test-only RSA key (generated for this crate; it protects nothing).
pub const PRIVATE_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQClWToUWdy82rmx
jqjLFwlYDfUX6GJZJlTpea6K+Q9mqKe/lBmioA3zKLC0VFdN4vGgGtmYX8ZNvKpD
/Rkguy5ZFiCX+1MCGr1Bgok/E6uwthJGYazc8digbSQlFq7rw9V4GE7q6jjHXZqg
pwKq3PVElV+eNlKTE3OVYLHgjmCSoNq9Ut/SckXLXTeMnCKX+y5IyGPleR4X58Rt
ukElvsz6SLJTaxQU4CV9pT/dCGzzZitAiS60V90VokhXspohPohPfjYENFfdDhy2
UC+lR1L9iQOv9wgbd1A2WyrfyFBRtDwjPhxNOnZ5eWTdx/N8+FmQxQ7E320ad1sn
x7AOX2+BAgMBAAECggEAQ4uTokSjW7KuMM5qPayHcKUi/kU8B9cU0NuYZcUgeXtk
K2rAniJsEG0K4l+h2nte4VyWjxxw0cjEdUmrPie440OaxPsyCaYKsfw1PMM4W9PE
22ODTi6to7tyDISbqEwzo/+qHWTZFPgz9nTDLjFdMEsk6GigitxjVx5NC8KdyMes
lO2Mo57wLEwNZBLZsHO0xYso4Sw8zStyshrviasueow0R40LZK1Mim83GOBXK4Ey
4osqbl+ylKqGrnNSyu+EremZH1rscW4eSzuey3K98HS2BLMM2W1pHmlvJ3+ywLP5
NaKU8X6nKVPYdPojfvo3bazFg3r2+tLjI+EQQMcCUQKBgQDcdqE29jEN7Gkt5puC
b1K0LruogfZx8aOHJ6w0MC5b1VB9WTt8/4JExSpyUIkvLHpdzQu17kPLCx0FGlB0
kwgJ96urkSYUWQRVCdwTi2w9UtduLbr3FZR+NUZJGQBCOsPuM92obx8RbfjiWOIn
XViIjf9CfGkkYUhc164PTgug7wKBgQDAAEusSqUqJZjMQfquIFhB3Sh6P2SNOxwe
Ff+nP+Tk6Ef3lxH+3+Na2hpTEy1GAIU7/jMHsfo0f/jvAZ6RbyH1IWki0vH/7TK/
SMIx1dWj2H2UgDJ9TRV5zc25VqWIca1jh8MvyKc5+hHqR9Papb8yIDjvWtrug+xY
UwsXkrQWjwKBgQCethhhROMTrvoZPUb+o73aUTpvmQAeD2M2TW0/NOBq5CpJ0w9s
cVUKxRZFrYzVFSQSmyavFpRfe+SsY8E/6wmCg3Zm0NulEmB4B90ThO+rRhQpEWrj
rfl00k2DGiiBhWS/+z67nyOynITsDijhReYSiIcXChF3S0GY9PwtsHXWqQKBgFE1
zswpJoMVM/PxVF6iP7JcIOrUNWunPNVc6K2NUPuhZA9NTsdHW5rp9Yh97ABX6ALg
GiV/Gh1qo5g0TyWko/BTGW0pXEKryXMvCzSZBawvva46KyDkodjLO+DQzWNQ8c3P
dreXX2QeacV2bB1nTd+d0XcsLr4D/su9FEv8OT/xAoGBAKZFAaKdSpgF3csqsxXH
LLJFnZ+WDdxdM7ExJk96VPaGHOSt8CtkTVZDVKpCnwSZW3Ci67tpaAVNIzmQVS/t
xWB3rnUeiTgQYt7Tdgt+74KIM1knmPJbpYLJYpf1Lbhe//RAbFfDwQ8mg359s1Cw
ftWx6rCTgO74WFhHkWFXO0gB
-----END PRIVATE KEY-----
";

/// The self-signed certificate of [`PRIVATE_KEY_PEM`], with which the sandbox verifies
/// assertions.
pub const CERTIFICATE_PEM: &str = "-----BEGIN CERTIFICATE-----
MIIDRTCCAi2gAwIBAgIUa08pVtjMZ0OlwKp5p5eNc9f88SMwDQYJKoZIhvcNAQEL
BQAwMTEvMC0GA1UEAwwmaW50dWl0LWFnZ2NhdCBtb2NrIHNhbmRib3ggKHRlc3Qg
b25seSkwIBcNMjYxMTIxMTgxNjMwWhgPMjEyNjEwMjgxODE2MzBaMDExLzAtBgNV
BAMMJmludHVpdC1hZ2djYXQgbW9jayBzYW5kYm94ICh0ZXN0IG9ubHkpMIIBIjAN
BgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApVk6FFncvNq5sY6oyxcJWA31F+hi
WSZU6XmuivkPZqinv5QZoqAN8yiwtFRXTeLxoBrZmF/GTbyqQ/0ZILsuWRYgl/tT
Ahq9QYKJPxOrsLYSRmGs3PHYoG0kJRau68PVeBhO6uo4x12aoKcCqtz1RJVfnjZS
kxNzlWCx4I5gkqDavVLf0nJFy103jJwil/suSMhj5XkeF+fEbbpBJb7M+kiyU2sU
FOAlfaU/3Qhs82YrQIkutFfdFaJIV7KaIT6IT342BDRX3Q4ctlAvpUdS/YkDr/cI
G3dQNlsq38hQUbQ8Iz4cTTp2eXlk3cfzfPhZkMUOxN9tGndbJ8ewDl9vgQIDAQAB
o1MwUTAdBgNVHQ4EFgQUetRzNrm7rN6cjCY+KAyfpS9p7dEwHwYDVR0jBBgwFoAU
etRzNrm7rN6cjCY+KAyfpS9p7dEwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0B
AQsFAAOCAQEAHsfj9aAc3XqjCf19zZJ2Fqa5aCWA/MU0eRN/Up/LCbAVAihlCN4O
sd9nT0gTzCf87gfrRxPzfcNfSlb3iwtDW9Bbb6XkcWHI4fEY2DY7SMaq54I2RVLk
VjKvKnp674PzhKJl166d6kdHgD7CyAkZH3B4t9+NSgqp2yHOysJAOLt4vh+KY1K8
1aZyzmQuskI2C69X5ylFrHc71HhmIHWf0IrmxS8s1iNNP/MIyxcUmNRjq+T4ofsF
U2SENKpbbG8O+3btQ9zAWt48acEIw0Ii3aW9GraEzqxcbzdSD5IXL1KCMFVIOKMY
gEeeo3T5I1YW5id1dvpH1wQrjM/GAsVWVQ==
-----END CERTIFICATE-----
";

/// A client builder with the sandbox's credentials and URLs.
pub fn client_builder(server: &MockServer) -> ClientBuilder {
    crate::Client::builder()
        .consumer_key(CONSUMER_KEY)
        .consumer_secret(CONSUMER_SECRET)
        .saml_identity_provider_id(SAML_IDENTITY_PROVIDER_ID)
        .customer_id(CUSTOMER_ID)
        .private_key_pem(PRIVATE_KEY_PEM)
        .base_url(server.url(API_PATH))
        .token_url(server.url(TOKEN_PATH))
}
