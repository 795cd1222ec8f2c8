//! An in-process fake of Intuit's sandbox, for examples and for users' tests (feature
//! `mock`).
//!
//! [`mount_sandbox`] answers every request on an httpmock server the way Intuit's sandbox
//! institution 100000 ("CCBank") did, and checks what Intuit would check: the SAML assertion of
//! each token request (signature verified with [`CERTIFICATE_PEM`], issuer and audience), and
//! the OAuth 1.0a signature of each API call (recomputed with the consumer secret and the token
//! secret it issued; a reused nonce is refused). The login's user id picks the scenario, as in
//! Intuit's sandbox:
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
//! ```
//! use intuit_aggcat::mock;
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let server = httpmock::MockServer::start_async().await;
//! let sandbox = mock::mount_sandbox(&server).await;
//! let client = mock::client_builder(&server).build()?;
//! assert_eq!(client.get_customer_accounts().await?.accounts.len(), 10);
//! assert_eq!(sandbox.token_requests(), 1);
//! assert!(sandbox.rejections().is_empty());
//! # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use base64::Engine;
use chrono::{Duration, NaiveDate, Utc};
use httpmock::{HttpMockRequest, HttpMockResponse, MockServer};

use crate::models::login::ReceivedLogin;
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

#[derive(Default)]
struct State {
    /// Issued token → (secret, still accepted).
    tokens: HashMap<String, (String, bool)>,
    nonces: HashSet<String>,
    token_requests: usize,
    api_requests: usize,
    rejections: Vec<String>,
    /// Open challenge sessions → what answering them leads to.
    sessions: HashMap<String, Step>,
    next_id: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Answer accepted: accounts (discovery) or 200 (login update).
    Done,
    /// `tfa_text2`: a second round follows.
    SecondRound,
    /// `tfa_choice`: the answer must be a choice value.
    Choice,
}

/// A handle on a mounted sandbox: what it saw.
#[derive(Clone)]
pub struct Sandbox {
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("token_requests", &self.token_requests())
            .field("api_requests", &self.api_requests())
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many token requests were answered.
    pub fn token_requests(&self) -> usize {
        self.lock().token_requests
    }

    /// How many API requests were received.
    pub fn api_requests(&self) -> usize {
        self.lock().api_requests
    }

    /// Why requests were refused (bad signature, reused nonce, bad assertion…), in order.
    pub fn rejections(&self) -> Vec<String> {
        self.lock().rejections.clone()
    }

    /// Makes every token issued so far be refused with `oauth_problem="token_rejected"`, as
    /// when Intuit expires a token early.
    pub fn reject_issued_tokens(&self) {
        for (_, accepted) in self.lock().tokens.values_mut() {
            *accepted = false;
        }
    }
}

/// Mounts the sandbox on `server` (token endpoint at [`TOKEN_PATH`], API under [`API_PATH`]).
pub async fn mount_sandbox(server: &MockServer) -> Sandbox {
    let sandbox = Sandbox {
        state: Arc::new(Mutex::new(State::default())),
    };
    let handler = sandbox.clone();
    server
        .mock_async(move |when, then| {
            when.any_request();
            then.respond_with(move |request: &HttpMockRequest| handler.handle(request));
        })
        .await;
    sandbox
}

fn response(status: u16, body: impl Into<String>) -> HttpMockResponse {
    HttpMockResponse::builder()
        .status(status)
        .header("content-type", "application/xml")
        .header("intuit_tid", "mock-tid-0001")
        .body(body.into())
        .build()
}

fn status_body(code: &str, message: &str, error_type: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Status xmlns="http://schema.intuit.com/platform/fdatafeed/common/v1"><errorInfo><errorType>{error_type}</errorType><errorCode>{}</errorCode><errorMessage>{}</errorMessage><correlationId>gw-mock</correlationId></errorInfo></Status>"#,
        esc(code),
        esc(message)
    )
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Sandbox {
    fn handle(&self, request: &HttpMockRequest) -> HttpMockResponse {
        let path = request.uri().path().to_owned();
        if path == TOKEN_PATH {
            return self.token(request);
        }
        let Some(api_path) = path.strip_prefix(API_PATH) else {
            return response(
                404,
                status_body("api.notfound", "no such path", "APP_ERROR"),
            );
        };
        self.lock().api_requests += 1;
        if let Err(problem) = self.check_signature(request) {
            return HttpMockResponse::builder()
                .status(401)
                .header(
                    "www-authenticate",
                    format!("OAuth oauth_problem=\"{problem}\""),
                )
                .body(format!("oauth_problem={problem}"))
                .build();
        }
        self.route(request, api_path.trim_end_matches('/'))
    }

    fn reject(&self, why: String) {
        self.lock().rejections.push(why);
    }

    fn token(&self, request: &HttpMockRequest) -> HttpMockResponse {
        let refuse = |this: &Sandbox, why: String, problem: &str| {
            this.reject(why);
            HttpMockResponse::builder()
                .status(401)
                .header(
                    "www-authenticate",
                    format!("OAuth oauth_problem=\"{problem}\""),
                )
                .body(format!("oauth_problem={problem}"))
                .build()
        };
        let headers = request.headers();
        let authorization = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if authorization != format!("OAuth oauth_consumer_key=\"{CONSUMER_KEY}\"") {
            return refuse(
                self,
                format!("token: bad Authorization {authorization:?}"),
                "consumer_key_rejected",
            );
        }
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if content_type != "application/x-www-form-urlencoded" {
            return refuse(
                self,
                format!("token: bad content type {content_type:?}"),
                "parameter_absent",
            );
        }
        let body = request.body_string();
        let Some(assertion) = crate::auth::form_pairs(&body)
            .find(|(k, _)| k == "saml_assertion")
            .map(|(_, v)| v)
        else {
            return refuse(
                self,
                "token: no saml_assertion".to_owned(),
                "parameter_absent",
            );
        };
        let verified = match crate::saml::verify(&assertion, CERTIFICATE_PEM.as_bytes()) {
            Ok(v) => v,
            Err(e) => return refuse(self, format!("token: {e}"), "signature_invalid"),
        };
        if verified.issuer != SAML_IDENTITY_PROVIDER_ID
            || verified.audience != SAML_IDENTITY_PROVIDER_ID
        {
            return refuse(
                self,
                "token: wrong issuer or audience".to_owned(),
                "signature_invalid",
            );
        }
        let now = Utc::now();
        let window = chrono::DateTime::parse_from_rfc3339(&verified.not_before)
            .ok()
            .zip(chrono::DateTime::parse_from_rfc3339(&verified.not_on_or_after).ok());
        match window {
            Some((from, to)) if from <= now && now < to => {}
            _ => {
                return refuse(
                    self,
                    "token: assertion outside its validity window".to_owned(),
                    "timestamp_refused",
                )
            }
        }
        let mut state = self.lock();
        state.token_requests += 1;
        state.next_id += 1;
        let token = format!("mocktoken{:039}", state.next_id);
        let secret = format!("mocksecret{:030}", state.next_id);
        state.tokens.insert(token.clone(), (secret.clone(), true));
        HttpMockResponse::builder()
            .status(200)
            .header("content-type", "text/plain")
            .body(format!("oauth_token_secret={secret}&oauth_token={token}\n"))
            .build()
    }

    fn check_signature(&self, request: &HttpMockRequest) -> Result<(), &'static str> {
        let header = request
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let token = crate::oauth::header_params(&header)
            .unwrap_or_default()
            .into_iter()
            .find(|(k, _)| k == "oauth_token")
            .map(|(_, v)| v)
            .unwrap_or_default();
        let issued = self.lock().tokens.get(&token).cloned();
        let (secret, accepted) = match issued {
            Some(entry) => entry,
            None => {
                self.reject(format!("api: unknown token {token:?}"));
                return Err("token_rejected");
            }
        };
        // The signature covers the URL the client used: scheme, host and port included.
        let host = request
            .headers()
            .get("host")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("localhost")
            .to_owned();
        let uri = request.uri();
        let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let url = format!("http://{host}{path_and_query}");
        let verified = match crate::oauth::verify_authorization(
            request.method().as_str(),
            &url,
            &header,
            CONSUMER_SECRET,
            &secret,
        ) {
            Ok(v) => v,
            Err(e) => {
                self.reject(format!("api: {e}"));
                return Err("signature_invalid");
            }
        };
        if verified.consumer_key != CONSUMER_KEY {
            self.reject("api: wrong consumer key".to_owned());
            return Err("consumer_key_rejected");
        }
        if !accepted {
            return Err("token_rejected");
        }
        if !self.lock().nonces.insert(verified.nonce.clone()) {
            self.reject(format!("api: nonce {} used twice", verified.nonce));
            return Err("nonce_used");
        }
        Ok(())
    }

    fn route(&self, request: &HttpMockRequest, path: &str) -> HttpMockResponse {
        let method = request.method();
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let query: HashMap<String, String> = request.query_params().into_iter().collect();
        match (method.as_str(), segments.as_slice()) {
            ("GET", ["institutions"]) => response(200, institutions_xml()),
            ("GET", ["institutions", INSTITUTION_ID]) => response(200, institution_detail_xml()),
            ("GET", ["institutions", _]) => not_found(),
            ("POST", ["institutions", INSTITUTION_ID, "logins"]) => self.login(request, true),
            ("PUT", ["logins", LOGIN_ID]) => self.login(request, false),
            ("GET", ["accounts"]) | ("GET", ["logins", LOGIN_ID, "accounts"]) => {
                response(200, account_list_xml(None))
            }
            ("GET", ["accounts", id]) => match ACCOUNTS.iter().find(|a| a.id == *id) {
                Some(_) => response(200, account_list_xml(Some(id))),
                None => not_found(),
            },
            ("GET", ["accounts", id, "transactions"]) => transactions(id, &query),
            ("GET", ["accounts", id, "positions"]) => match ACCOUNTS.iter().find(|a| a.id == *id) {
                Some(a) if a.kind == Kind::Investment => response(200, positions_xml()),
                Some(_) => response(200, EMPTY_POSITIONS),
                None => not_found(),
            },
            ("PUT", ["accounts", id]) if id.bytes().all(|b| b.is_ascii_digit()) => {
                let body = request.body_string();
                let known = [
                    "BankingAccount",
                    "CreditAccount",
                    "LoanAccount",
                    "InvestmentAccount",
                ]
                .iter()
                .any(|k| body.starts_with(&format!("<{k} ")));
                if known {
                    response(200, "")
                } else {
                    response(
                        400,
                        status_body("api.invalid.request", "unknown account type", "APP_ERROR"),
                    )
                }
            }
            ("DELETE", ["accounts", id]) if id.bytes().all(|b| b.is_ascii_digit()) => {
                response(200, "")
            }
            ("DELETE", ["customers"]) => response(200, ""),
            _ => not_found(),
        }
    }

    fn login(&self, request: &HttpMockRequest, discovery: bool) -> HttpMockResponse {
        let body = request.body_string();
        let login: ReceivedLogin = match yaserde::de::from_str(&body) {
            Ok(login) => login,
            Err(e) => {
                return response(
                    400,
                    status_body(
                        "api.invalid.request",
                        &format!("bad InstitutionLogin: {e}"),
                        "APP_ERROR",
                    ),
                )
            }
        };
        let ok = || {
            if discovery {
                response(201, account_list_xml(None))
            } else {
                response(200, "")
            }
        };
        let session = request
            .headers()
            .get("challengesessionid")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(session) = session {
            let Some(answers) = login.challenge_responses.map(|r| r.response) else {
                return response(
                    400,
                    status_body(
                        "api.invalid.request",
                        "challenge responses expected",
                        "APP_ERROR",
                    ),
                );
            };
            if answers.is_empty() || answers.iter().any(|a| a.trim().is_empty()) {
                return response(
                    400,
                    status_body("api.invalid.request", "blank answer", "USER_ERROR"),
                );
            }
            let node = request
                .headers()
                .get("challengenodeid")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            if node.as_deref() != Some(NODE_ID) {
                return response(
                    400,
                    status_body("api.invalid.request", "bad challenge node", "APP_ERROR"),
                );
            }
            let step = if session == SESSION_ID {
                Some(Step::Done)
            } else {
                self.lock().sessions.remove(&session)
            };
            return match step {
                None => response(
                    408,
                    status_body(
                        "api.challenge.expired",
                        "The challenge session expired.",
                        "USER_ERROR",
                    ),
                ),
                Some(Step::Done) => ok(),
                Some(Step::SecondRound) => self.challenge(Step::Done, CHALLENGE_TEXT_SECOND),
                Some(Step::Choice) => {
                    if answers.len() == 1 && CHOICES.iter().any(|(_, val)| *val == answers[0]) {
                        ok()
                    } else {
                        response(
                            401,
                            status_body("187", "Incorrect answer to the challenge.", "USER_ERROR"),
                        )
                    }
                }
            };
        }
        let Some(credentials) = login.credentials else {
            // An empty login: refresh with stored credentials.
            return if discovery {
                response(
                    400,
                    status_body("api.invalid.request", "credentials expected", "APP_ERROR"),
                )
            } else {
                response(200, "")
            };
        };
        let value = |name: &str| {
            credentials
                .credential
                .iter()
                .find(|c| c.name == name)
                .map(|c| c.value.clone())
        };
        let (Some(user), Some(password)) = (value("Banking Userid"), value("Banking Password"))
        else {
            return response(
                400,
                status_body("api.invalid.request", "missing credential", "USER_ERROR"),
            );
        };
        if user == "bad" || password == "bad" {
            return response(
                401,
                status_body("103", "The login credentials are incorrect.", "USER_ERROR"),
            );
        }
        match user.as_str() {
            "tfa_text" => self.challenge(Step::Done, CHALLENGE_TEXT),
            "tfa_text2" => self.challenge(Step::SecondRound, CHALLENGE_TEXT),
            "tfa_choice" => self.challenge(Step::Choice, &challenge_choice_xml()),
            "tfa_image" | "tfa_dynamic_image" => self.challenge(Step::Done, &challenge_image_xml()),
            "request_error" => response(
                500,
                status_body("102", "Aggregation error.", "SYSTEM_ERROR"),
            ),
            _ => ok(),
        }
    }

    fn challenge(&self, next: Step, body: &str) -> HttpMockResponse {
        let session = {
            let mut state = self.lock();
            state.next_id += 1;
            let session = format!("mock-session-{:08}", state.next_id);
            state.sessions.insert(session.clone(), next);
            session
        };
        HttpMockResponse::builder()
            .status(401)
            .header("content-type", "application/xml")
            .header("challengeSessionId", session)
            .header("challengeNodeId", NODE_ID)
            .header("intuit_tid", "mock-tid-0002")
            .body(body.to_owned())
            .build()
    }
}

fn not_found() -> HttpMockResponse {
    response(
        404,
        status_body(
            "api.database.notfound",
            "The requested resource was not found.",
            "APP_ERROR",
        ),
    )
}

const EMPTY_POSITIONS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><InvestmentPositions xmlns="http://schema.intuit.com/platform/fdatafeed/invposition/v1" xmlns:ns2="http://schema.intuit.com/platform/fdatafeed/securityinfo/v1"/>"#;

const CHALLENGE_TEXT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Challenges xmlns="http://schema.intuit.com/platform/fdatafeed/challenge/v1"><challenge><text>Enter your first pet's name:</text></challenge></Challenges>"#;

const CHALLENGE_TEXT_SECOND: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Challenges xmlns="http://schema.intuit.com/platform/fdatafeed/challenge/v1"><challenge><text>Enter your high school's name:</text></challenge><challenge><text>Enter the city you were born in:</text></challenge></Challenges>"#;

const CHOICES: [(&str, &str); 3] = [("Red", "1"), ("Green", "2"), ("Blue", "3")];

fn challenge_choice_xml() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ns2:Challenges xmlns:ns2="http://schema.intuit.com/platform/fdatafeed/challenge/v1"><ns2:challenge><ns2:text>Which color was your first car?</ns2:text>"#,
    );
    for (text, val) in CHOICES {
        let _ = write!(
            xml,
            "<ns2:choice><ns2:text>{text}</ns2:text><ns2:val>{val}</ns2:val></ns2:choice>"
        );
    }
    xml.push_str("</ns2:challenge></ns2:Challenges>");
    xml
}

/// A tiny JPEG-looking image (SOI, APP0 JFIF header, EOI): enough for MIME sniffing.
const IMAGE_BYTES: [u8; 20] = [
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0xFF, 0xD9,
];

fn challenge_image_xml() -> String {
    let image = base64::engine::general_purpose::STANDARD.encode(IMAGE_BYTES);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Challenges xmlns="http://schema.intuit.com/platform/fdatafeed/challenge/v1"><challenge><text>Enter the characters shown in the image:</text><image>{image}</image></challenge></Challenges>"#
    )
}

fn institutions_xml() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Institutions xmlns="http://schema.intuit.com/platform/fdatafeed/institution/v1">"#,
    );
    let rows = [
        (
            "100000",
            "CCBank",
            Some("http://www.example.com"),
            Some("123-456-7890"),
        ),
        ("100001", "CCBank1", Some("http://www.example.com"), None),
        (
            "13278",
            "JP Morgan Chase Bank",
            Some("https://www.chase.com"),
            None,
        ),
        ("14554", "Chase Bank Credit Card (Amazon.com)", None, None),
        ("777999", "Customer Central OFX Bank", None, None),
    ];
    for (id, name, url, phone) in rows {
        let _ = write!(
            xml,
            "<institution><institutionId>{id}</institutionId><institutionName>{}</institutionName>",
            esc(name)
        );
        if let Some(url) = url {
            let _ = write!(xml, "<homeUrl>{url}</homeUrl>");
        }
        if let Some(phone) = phone {
            let _ = write!(xml, "<phoneNumber>{phone}</phoneNumber>");
        }
        xml.push_str("<virtual>false</virtual></institution>");
    }
    xml.push_str("</Institutions>");
    xml
}

fn institution_detail_xml() -> String {
    let key = |name: &str, order: u32, mask: bool, display: bool, instructions: &str| {
        format!("<key><name>{name}</name><status>Active</status><valueLengthMin>1</valueLengthMin><valueLengthMax>20</valueLengthMax><displayFlag>{display}</displayFlag><displayOrder>{order}</displayOrder><mask>{mask}</mask><instructions>{instructions}</instructions><description>{name}</description></key>")
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><InstitutionDetail xmlns="http://schema.intuit.com/platform/fdatafeed/institution/v1" xmlns:ns2="http://schema.intuit.com/platform/fdatafeed/common/v1"><institutionId>100000</institutionId><institutionName>CCBank</institutionName><homeUrl>http://www.example.com</homeUrl><phoneNumber>123-456-7890</phoneNumber><virtual>false</virtual><address><ns2:address1>100 Main Street</ns2:address1><ns2:city>Anytown</ns2:city><ns2:state>CA</ns2:state><ns2:postalCode>94043</ns2:postalCode><ns2:country>USA</ns2:country></address><emailAddress>CustomerCentralBank@intuit.com</emailAddress><currencyCode>USD</currencyCode><keys>{}{}{}</keys></InstitutionDetail>"#,
        key(
            "Banking Password",
            2,
            true,
            true,
            "Enter banking password (go)"
        ),
        key("TAX_AGGR_ENABLED", 3, false, false, "hidden"),
        key(
            "Banking Userid",
            1,
            false,
            true,
            "Enter banking userid (demo)"
        ),
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Banking,
    Credit,
    Loan,
    Investment,
}

struct SandboxAccount {
    id: &'static str,
    kind: Kind,
    number: &'static str,
    nickname: &'static str,
    position: u32,
    type_code: &'static str,
    balance: &'static str,
}

/// The sandbox customer's accounts (the list python-aggcat's documentation shows).
const ACCOUNTS: [SandboxAccount; 10] = [
    SandboxAccount {
        id: "400004530271",
        kind: Kind::Credit,
        number: "4100007777",
        nickname: "My Visa",
        position: 2,
        type_code: "CREDITCARD",
        balance: "-811.52",
    },
    SandboxAccount {
        id: "400004530272",
        kind: Kind::Banking,
        number: "2000005555",
        nickname: "My CD",
        position: 8,
        type_code: "CD",
        balance: "811.52",
    },
    SandboxAccount {
        id: "400004530273",
        kind: Kind::Credit,
        number: "8000006666",
        nickname: "My Line of Credit",
        position: 4,
        type_code: "LINEOFCREDIT",
        balance: "-811.52",
    },
    SandboxAccount {
        id: "400004530274",
        kind: Kind::Investment,
        number: "2000004444",
        nickname: "My Roth IRA",
        position: 3,
        type_code: "IRA",
        balance: "811.52",
    },
    SandboxAccount {
        id: "400004530275",
        kind: Kind::Loan,
        number: "8000008888",
        nickname: "My Auto Loan",
        position: 1,
        type_code: "AUTO",
        balance: "811.52",
    },
    SandboxAccount {
        id: "400004530276",
        kind: Kind::Banking,
        number: "1000001111",
        nickname: "My Checking",
        position: 6,
        type_code: "CHECKING",
        balance: "811.52",
    },
    SandboxAccount {
        id: "400004530277",
        kind: Kind::Banking,
        number: "1000002222",
        nickname: "My Savings",
        position: 7,
        type_code: "SAVINGS",
        balance: "811.52",
    },
    SandboxAccount {
        id: "400004530278",
        kind: Kind::Investment,
        number: "0000000001",
        nickname: "My Retirement",
        position: 10,
        type_code: "401K",
        balance: "811.52",
    },
    SandboxAccount {
        id: "400004530279",
        kind: Kind::Investment,
        number: "0000000000",
        nickname: "My Brokerage",
        position: 9,
        type_code: "BROKERAGE",
        balance: "811.52",
    },
    SandboxAccount {
        id: "400004530280",
        kind: Kind::Loan,
        number: "1000000001",
        nickname: "My Mortgage",
        position: 5,
        type_code: "MORTGAGE",
        balance: "811.52",
    },
];

/// Namespace declarations as JAXB writes them; the prefix order changes from response to
/// response in the real service, so the sandbox rotates it too.
fn account_namespaces(rotation: usize) -> Vec<(String, &'static str)> {
    let uris = [
        "loanaccount",
        "otheraccount",
        "rewardsaccount",
        "investmentaccount",
        "bankingaccount",
        "creditaccount",
    ];
    (0..uris.len())
        .map(|i| (format!("ns{}", i + 2), uris[(i + rotation) % uris.len()]))
        .collect()
}

fn account_list_xml(only: Option<&str>) -> String {
    let rotation = only.map_or(0, |id| id.len() + id.as_bytes()[id.len() - 1] as usize);
    let namespaces = account_namespaces(rotation);
    let prefix = |kind: &str| {
        namespaces
            .iter()
            .find(|(_, k)| *k == kind)
            .map(|(p, _)| p.clone())
            .unwrap_or_default()
    };
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ns8:AccountList xmlns="http://schema.intuit.com/platform/fdatafeed/account/v1""#,
    );
    for (p, kind) in &namespaces {
        let _ = write!(
            xml,
            r#" xmlns:{p}="http://schema.intuit.com/platform/fdatafeed/{kind}/v1""#
        );
    }
    xml.push_str(r#" xmlns:ns8="http://schema.intuit.com/platform/fdatafeed/accountlist/v1">"#);
    for a in ACCOUNTS.iter().filter(|a| only.is_none_or(|id| a.id == id)) {
        let (element, kind, type_field) = match a.kind {
            Kind::Banking => ("BankingAccount", "bankingaccount", "bankingAccountType"),
            Kind::Credit => ("CreditAccount", "creditaccount", "creditAccountType"),
            Kind::Loan => ("LoanAccount", "loanaccount", "loanType"),
            Kind::Investment => (
                "InvestmentAccount",
                "investmentaccount",
                "investmentAccountType",
            ),
        };
        let p = prefix(kind);
        let _ = write!(
            xml,
            "<{p}:{element}><accountId>{}</accountId><status>ACTIVE</status><accountNumber>{}</accountNumber><accountNickname>{}</accountNickname><displayPosition>{}</displayPosition><institutionId>{INSTITUTION_ID}</institutionId><balanceAmount>{}</balanceAmount><balanceDate>2013-08-11T00:00:00-07:00</balanceDate><aggrSuccessDate>2013-08-11T08:52:26.397-07:00</aggrSuccessDate><aggrAttemptDate>2013-08-11T08:52:26.397-07:00</aggrAttemptDate><aggrStatusCode>0</aggrStatusCode><currencyCode>USD</currencyCode><institutionLoginId>{LOGIN_ID}</institutionLoginId><{p}:{type_field}>{}</{p}:{type_field}></{p}:{element}>",
            a.id, a.number, esc(a.nickname), a.position, a.balance, a.type_code
        );
    }
    xml.push_str("</ns8:AccountList>");
    xml
}

fn positions_xml() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><InvestmentPositions xmlns="http://schema.intuit.com/platform/fdatafeed/invposition/v1" xmlns:ns2="http://schema.intuit.com/platform/fdatafeed/securityinfo/v1">"#,
    );
    for (id, ticker, units, price, hold) in [
        ("000000000001", "DEF", "200", "8.29", "STOCK"),
        ("000000000002", "ABC", "100", "8.29", "BOND"),
    ] {
        let _ = write!(xml, "<position><investmentPositionId>{id}</investmentPositionId><unitPrice>{price}</unitPrice><holdType>{hold}</holdType><units>{units}</units><invSecurityType>OTHERINFO</invSecurityType><otherInfo><ns2:ticker>{ticker}</ns2:ticker><ns2:unitPrice>{price}</ns2:unitPrice></otherInfo></position>");
    }
    xml.push_str("</InvestmentPositions>");
    xml
}

fn transactions(id: &str, query: &HashMap<String, String>) -> HttpMockResponse {
    let Some(account) = ACCOUNTS.iter().find(|a| a.id == id) else {
        return not_found();
    };
    let parse = |name: &str| {
        query
            .get(name)
            .map(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d"))
    };
    let start = match parse("txnStartDate") {
        Some(Ok(d)) => d,
        _ => {
            return response(
                400,
                status_body(
                    "api.invalid.request",
                    "txnStartDate is required (YYYY-MM-DD)",
                    "APP_ERROR",
                ),
            )
        }
    };
    let end = match parse("txnEndDate") {
        None => Utc::now().date_naive(),
        Some(Ok(d)) => d,
        Some(Err(_)) => {
            return response(
                400,
                status_body("api.invalid.request", "bad txnEndDate", "APP_ERROR"),
            )
        }
    };
    let (element, kind) = match account.kind {
        Kind::Banking => ("BankingTransaction", "bnktransaction"),
        Kind::Credit => ("CreditCardTransaction", "cctransaction"),
        Kind::Loan => ("LoanTransaction", "loantransaction"),
        Kind::Investment => ("InvestmentTransaction", "invtransaction"),
    };
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ns9:TransactionList xmlns="http://schema.intuit.com/platform/fdatafeed/transaction/v1" xmlns:ns3="http://schema.intuit.com/platform/fdatafeed/{kind}/v1" xmlns:ns9="http://schema.intuit.com/platform/fdatafeed/transactionlist/v1">"#
    );
    let payees = [
        "Coffee Shop",
        "Grocery Store",
        "Gas Station",
        "Bookstore",
        "Payroll",
    ];
    // One transaction every third day, newest first: enough to fill a table.
    let mut day = end;
    let mut n = 0u64;
    while day >= start && n < 500 {
        let payee = payees[(n as usize) % payees.len()];
        let cents = 1000 + (n * 731 + id.len() as u64 * 17) % 9000;
        let sign = if payee == "Payroll" { "" } else { "-" };
        let _ = write!(
            xml,
            "<ns3:{element}><id>{}{n:04}</id><currencyType>USD</currencyType><institutionTransactionId>INTUIT-{n}</institutionTransactionId><payeeName>{payee}</payeeName><postedDate>{}T00:00:00-07:00</postedDate><amount>{sign}{}.{:02}</amount><pending>{}</pending></ns3:{element}>",
            &account.id[4..],
            day.format("%Y-%m-%d"),
            cents / 100,
            cents % 100,
            n == 0
        );
        n += 1;
        day -= Duration::days(3);
    }
    xml.push_str("</ns9:TransactionList>");
    response(200, xml)
}
