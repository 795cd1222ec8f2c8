//! A stateful fake of Intuit's sandbox: see [`mount_sandbox`].

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate, Utc};
use httpmock::{HttpMockRequest, HttpMockResponse, MockServer};

use super::sample::{self, Account, AccountKind, Position, Question, Transaction};
use super::{
    API_PATH, CERTIFICATE_PEM, CONSUMER_KEY, CONSUMER_SECRET, INSTITUTION_ID, LOGIN_ID, NODE_ID,
    SAML_IDENTITY_PROVIDER_ID, SESSION_ID, TOKEN_PATH,
};
use crate::models::login::ReceivedLogin;

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

impl Sandbox {
    fn handle(&self, request: &HttpMockRequest) -> HttpMockResponse {
        let path = request.uri().path().to_owned();
        if path == TOKEN_PATH {
            return self.token(request);
        }
        let Some(api_path) = path.strip_prefix(API_PATH) else {
            return response(
                404,
                sample_status("api.notfound", "no such path", "APP_ERROR"),
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
            ("GET", ["institutions"]) => {
                response(200, sample::institutions(&sample::sandbox_institutions()))
            }
            ("GET", ["institutions", INSTITUTION_ID]) => response(
                200,
                sample::institution_detail(&sample::sandbox_institution_detail()),
            ),
            ("GET", ["institutions", _]) => not_found(),
            ("POST", ["institutions", INSTITUTION_ID, "logins"]) => self.login(request, true),
            ("PUT", ["logins", LOGIN_ID]) => self.login(request, false),
            ("GET", ["accounts"]) | ("GET", ["logins", LOGIN_ID, "accounts"]) => {
                response(200, account_list(None))
            }
            ("GET", ["accounts", id]) => match find_account(id) {
                Some(_) => response(200, account_list(Some(id))),
                None => not_found(),
            },
            ("GET", ["accounts", id, "transactions"]) => transactions(id, &query),
            ("GET", ["accounts", id, "positions"]) => match find_account(id) {
                Some(a) if a.kind == AccountKind::Investment => {
                    response(200, sample::positions(&sandbox_positions()))
                }
                Some(_) => response(200, sample::positions(&[])),
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
                        sample_status("api.invalid.request", "unknown account type", "APP_ERROR"),
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
                    sample_status(
                        "api.invalid.request",
                        &format!("bad InstitutionLogin: {e}"),
                        "APP_ERROR",
                    ),
                )
            }
        };
        let ok = || {
            if discovery {
                response(201, account_list(None))
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
                    sample_status(
                        "api.invalid.request",
                        "challenge responses expected",
                        "APP_ERROR",
                    ),
                );
            };
            if answers.is_empty() || answers.iter().any(|a| a.trim().is_empty()) {
                return response(
                    400,
                    sample_status("api.invalid.request", "blank answer", "USER_ERROR"),
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
                    sample_status("api.invalid.request", "bad challenge node", "APP_ERROR"),
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
                    sample_status(
                        "api.challenge.expired",
                        "The challenge session expired.",
                        "USER_ERROR",
                    ),
                ),
                Some(Step::Done) => ok(),
                Some(Step::SecondRound) => self.challenge(Step::Done, &second_round()),
                Some(Step::Choice) => {
                    if answers.len() == 1 && CHOICES.iter().any(|(_, val)| *val == answers[0]) {
                        ok()
                    } else {
                        response(
                            401,
                            sample_status(
                                "187",
                                "Incorrect answer to the challenge.",
                                "USER_ERROR",
                            ),
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
                    sample_status("api.invalid.request", "credentials expected", "APP_ERROR"),
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
                sample_status("api.invalid.request", "missing credential", "USER_ERROR"),
            );
        };
        if user == "bad" || password == "bad" {
            return response(
                401,
                sample_status("103", "The login credentials are incorrect.", "USER_ERROR"),
            );
        }
        match user.as_str() {
            "tfa_text" => self.challenge(Step::Done, &first_question()),
            "tfa_text2" => self.challenge(Step::SecondRound, &first_question()),
            "tfa_choice" => self.challenge(Step::Choice, &choice_question()),
            "tfa_image" | "tfa_dynamic_image" => self.challenge(Step::Done, &image_question()),
            "request_error" => response(
                500,
                sample_status("102", "Aggregation error.", "SYSTEM_ERROR"),
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
        sample_status(
            "api.database.notfound",
            "The requested resource was not found.",
            "APP_ERROR",
        ),
    )
}

fn sample_status(code: &str, message: &str, error_type: &str) -> String {
    sample::status(error_type, code, message)
}

/// The sandbox's accounts, found by id.
fn find_account(id: &str) -> Option<Account> {
    sample::sandbox_accounts().into_iter().find(|a| a.id == id)
}

/// The sandbox's accounts (or one of them), namespace prefixes rotated per answer as the
/// service does.
fn account_list(only: Option<&str>) -> String {
    let rotation = only.map_or(0, |id| id.len() + id.as_bytes()[id.len() - 1] as usize);
    let accounts: Vec<Account> = sample::sandbox_accounts()
        .into_iter()
        .filter(|a| only.is_none_or(|id| a.id == id))
        .collect();
    sample::account_list_rotated(&accounts, rotation)
}

fn sandbox_positions() -> [Position; 2] {
    [
        Position::new("000000000001", "DEF", "200", "8.29", "STOCK"),
        Position::new("000000000002", "ABC", "100", "8.29", "BOND"),
    ]
}

/// `tfa_text`, and the first round of `tfa_text2`.
fn first_question() -> String {
    sample::challenges(&[Question::text("Enter your first pet's name:")])
}

/// The second round of `tfa_text2`.
fn second_round() -> String {
    sample::challenges(&[
        Question::text("Enter your high school's name:"),
        Question::text("Enter the city you were born in:"),
    ])
}

const CHOICES: [(&str, &str); 3] = [("Red", "1"), ("Green", "2"), ("Blue", "3")];

/// `tfa_choice`, prefixed (`ns2:`) as some answers are.
fn choice_question() -> String {
    sample::challenges_with_prefix(
        &[Question::choice(
            "Which color was your first car?",
            &CHOICES,
        )],
        Some("ns2"),
    )
}

/// A tiny JPEG-looking image (SOI, APP0 JFIF header, EOI): enough for MIME sniffing.
const IMAGE_BYTES: [u8; 20] = [
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0xFF, 0xD9,
];

/// `tfa_image`.
fn image_question() -> String {
    sample::challenges(&[Question::image(
        "Enter the characters shown in the image:",
        IMAGE_BYTES,
    )])
}

fn transactions(id: &str, query: &HashMap<String, String>) -> HttpMockResponse {
    let Some(account) = find_account(id) else {
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
                sample_status(
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
                sample_status("api.invalid.request", "bad txnEndDate", "APP_ERROR"),
            )
        }
    };
    let payees = [
        "Coffee Shop",
        "Grocery Store",
        "Gas Station",
        "Bookstore",
        "Payroll",
    ];
    // One transaction every third day, newest first: enough to fill a table.
    let mut list = Vec::new();
    let mut day = end;
    let mut n = 0u64;
    while day >= start && n < 500 {
        let payee = payees[(n as usize) % payees.len()];
        let cents = 1000 + (n * 731 + id.len() as u64 * 17) % 9000;
        let sign = if payee == "Payroll" { "" } else { "-" };
        let amount = format!("{sign}{}.{:02}", cents / 100, cents % 100);
        let transaction =
            Transaction::new(format!("{}{n:04}", &account.id[4..]), day, amount, payee);
        list.push(if n == 0 {
            transaction.pending()
        } else {
            transaction
        });
        n += 1;
        day -= Duration::days(3);
    }
    response(200, sample::transaction_list(account.kind, &list))
}
