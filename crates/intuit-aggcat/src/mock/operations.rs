//! [`When`] and [`Then`] wrappers for each operation of the client, written by hand in the
//! style of the generated crates' (`finapi::mock::operations`): `XWhen::new` matches the
//! operation's method and path, its other methods one parameter each (typed as the client takes
//! them: ids, dates, [`Credentials`], [`Answers`], [`AccountType`]: the bodies are serialized
//! by the crate's own request models); `XThen` has one method per answer, taking the typed
//! values of [`sample`]. Each converts to its inner type with `into_inner()`, to deviate from
//! what is permitted.
//!
//! The API operations match under [`API_PATH`] (`/v1`, as [`client_builder`](super::client_builder)
//! sets it). `signed()` expects the OAuth 1.0a signature of the token that
//! [`GetAccessTokenThen::ok_default`] issues; without it, any authorization is accepted.
//! [`Client::confirm_challenge`](crate::Client::confirm_challenge) and
//! [`Client::update_challenge`](crate::Client::update_challenge) share the endpoints of
//! discovery and login update: match them with `challenge_session` and `answers`.

use std::fmt;

use bankapi_core::mock::path_segment;
use chrono::NaiveDate;
use httpmock::{HttpMockRequest, Method, Mock, MockServer, Then, When};

use super::sample::{self, Account, AccountKind, Institution, InstitutionDetail, Position};
use super::sample::{Question, Transaction};
use super::{
    ACCESS_TOKEN, ACCESS_TOKEN_SECRET, API_PATH, CERTIFICATE_PEM, CONSUMER_KEY, CONSUMER_SECRET,
    SAML_IDENTITY_PROVIDER_ID, TOKEN_PATH,
};
use crate::models::login::{
    ChallengeResponse, ChallengeResponses, CredentialXml, CredentialsXml, InstitutionLogin,
};
use crate::{
    AccountId, AccountType, Answers, ChallengeSession, Credentials, InstitutionId, LoginId,
};

/// Defines an operation's `When` and `Then` with what every operation has.
macro_rules! operation {
    ($(#[$doc:meta])* $when:ident, $then:ident, $method:ident, $pattern:literal) => {
        $(#[$doc])*
        pub struct $when(When);

        impl $when {
            /// Matches the operation's method and path.
            pub fn new(inner: When) -> Self {
                Self(
                    inner
                        .method(Method::$method)
                        .path_matches(format!("^{}{}$", API_PATH, $pattern)),
                )
            }

            /// The inner `When`.
            pub fn into_inner(self) -> When {
                self.0
            }

            /// Expects a valid OAuth 1.0a signature with the mock consumer and the token of
            /// [`GetAccessTokenThen::ok_default`].
            pub fn signed(self) -> Self {
                Self(self.0.is_true(signed_by_mock_token))
            }
        }

        impl fmt::Debug for $when {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($when))
            }
        }

        #[doc = concat!("The answers of [`", stringify!($when), "`]'s operation.")]
        pub struct $then(Then);

        impl $then {
            /// Wraps a `Then`.
            pub fn new(inner: Then) -> Self {
                Self(inner)
            }

            /// The inner `Then`.
            pub fn into_inner(self) -> Then {
                self.0
            }

            /// An error: `status` with a `Status` body (`error_type` `APP_ERROR`,
            /// `USER_ERROR`, `SYSTEM_ERROR`…).
            pub fn error(self, status: u16, error_type: &str, code: &str, message: &str) -> Self {
                Self(xml(self.0, status, sample::status(error_type, code, message)))
            }

            /// 401 `oauth_problem="token_rejected"`: Intuit expired the token early.
            pub fn token_rejected(self) -> Self {
                Self(oauth_problem(self.0, "token_rejected"))
            }
        }

        impl fmt::Debug for $then {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($then))
            }
        }
    };
}

fn xml(then: Then, status: u16, body: String) -> Then {
    then.status(status)
        .header("content-type", "application/xml")
        .header("intuit_tid", "mock-tid-0001")
        .body(body)
}

fn oauth_problem(then: Then, problem: &str) -> Then {
    then.status(401)
        .header(
            "www-authenticate",
            format!("OAuth oauth_problem=\"{problem}\""),
        )
        .body(format!("oauth_problem={problem}"))
}

fn challenge(then: Then, session: &ChallengeSession, questions: &[Question]) -> Then {
    xml(then, 401, sample::challenges(questions))
        .header("challengeSessionId", session.session_id())
        .header("challengeNodeId", session.node_id())
}

/// The URL the client signed: the `Host` header gives host and port.
fn signed_url(request: &HttpMockRequest) -> String {
    let host = request
        .headers()
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost")
        .to_owned();
    let uri = request.uri();
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    format!("http://{host}{path_and_query}")
}

fn signed_by_mock_token(request: &HttpMockRequest) -> bool {
    let Some(header) = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return false;
    };
    crate::oauth::verify_authorization(
        request.method().as_str(),
        &signed_url(request),
        &header,
        CONSUMER_SECRET,
        ACCESS_TOKEN_SECRET,
    )
    .is_ok_and(|v| v.consumer_key == CONSUMER_KEY && v.token == ACCESS_TOKEN)
}

/// The body the client sends for `login`, exactly.
fn login_xml(login: &InstitutionLogin) -> String {
    login
        .to_xml()
        .unwrap_or_else(|e| panic!("the login body does not serialize: {e}"))
}

fn credentials_xml(credentials: &Credentials) -> String {
    let pairs = credentials
        .expose()
        .unwrap_or_else(|e| panic!("credentials for a mock: {e}"));
    login_xml(&InstitutionLogin {
        credentials: Some(CredentialsXml {
            credential: pairs
                .into_iter()
                .map(|(name, value)| CredentialXml { name, value })
                .collect(),
        }),
        challenge_responses: None,
    })
}

fn answers_xml(answers: &Answers) -> String {
    let answers = answers
        .expose()
        .unwrap_or_else(|e| panic!("answers for a mock: {e}"));
    login_xml(&InstitutionLogin {
        credentials: None,
        challenge_responses: Some(ChallengeResponses {
            response: answers
                .into_iter()
                .map(|answer| ChallengeResponse { answer })
                .collect(),
        }),
    })
}

fn xml_body(when: When, body: String) -> When {
    when.header("content-type", "application/xml").body(body)
}

fn with_session(when: When, session: Option<&ChallengeSession>) -> When {
    match session {
        Some(session) => when
            .header("challengeSessionId", session.session_id())
            .header("challengeNodeId", session.node_id()),
        None => when
            .header_missing("challengeSessionId")
            .header_missing("challengeNodeId"),
    }
}

fn path_with(when: When, pattern: &str, ids: &[&str]) -> When {
    let mut path = format!("^{API_PATH}");
    let mut ids = ids.iter();
    for part in pattern.split("{}") {
        path.push_str(part);
        if let Some(id) = ids.next() {
            path.push_str(&path_segment(*id));
        }
    }
    when.path_matches(format!("{path}$"))
}

// ---------------------------------------------------------------------------------------------
// The token endpoint

/// `POST /oauth/v1/get_access_token_by_saml` ([`TOKEN_PATH`]): a SAML assertion for an OAuth
/// token.
pub struct GetAccessTokenWhen(When);

impl GetAccessTokenWhen {
    /// Matches the method and path.
    pub fn new(inner: When) -> Self {
        Self(inner.method(Method::POST).path(TOKEN_PATH))
    }

    /// The inner `When`.
    pub fn into_inner(self) -> When {
        self.0
    }

    /// Expects `Authorization: OAuth oauth_consumer_key="<key>"`.
    pub fn consumer_key(self, key: &str) -> Self {
        Self(self.0.header(
            "authorization",
            format!("OAuth oauth_consumer_key=\"{key}\""),
        ))
    }

    /// Expects a form with a SAML assertion whose signature verifies with
    /// [`CERTIFICATE_PEM`], issued for [`SAML_IDENTITY_PROVIDER_ID`] (issuer and audience),
    /// valid now, for `customer_id` when given.
    pub fn verified_assertion<'a>(self, customer_id: impl Into<Option<&'a str>>) -> Self {
        let customer = customer_id.into().map(str::to_owned);
        Self(
            self.0
                .header("content-type", "application/x-www-form-urlencoded")
                .is_true(move |request| {
                    let body = request.body_string();
                    let Some(assertion) = crate::auth::form_pairs(&body)
                        .find(|(k, _)| k == "saml_assertion")
                        .map(|(_, v)| v)
                    else {
                        return false;
                    };
                    let Ok(verified) = crate::saml::verify(&assertion, CERTIFICATE_PEM.as_bytes())
                    else {
                        return false;
                    };
                    let now = chrono::Utc::now();
                    let valid = chrono::DateTime::parse_from_rfc3339(&verified.not_before)
                        .ok()
                        .zip(chrono::DateTime::parse_from_rfc3339(&verified.not_on_or_after).ok())
                        .is_some_and(|(from, to)| from <= now && now < to);
                    valid
                        && verified.issuer == SAML_IDENTITY_PROVIDER_ID
                        && verified.audience == SAML_IDENTITY_PROVIDER_ID
                        && customer.as_ref().is_none_or(|c| *c == verified.customer_id)
                }),
        )
    }
}

/// The answers of the token endpoint.
pub struct GetAccessTokenThen(Then);

impl GetAccessTokenThen {
    /// Wraps a `Then`.
    pub fn new(inner: Then) -> Self {
        Self(inner)
    }

    /// The inner `Then`.
    pub fn into_inner(self) -> Then {
        self.0
    }

    /// 200 with this token and secret.
    pub fn ok(self, token: &str, secret: &str) -> Self {
        Self(
            self.0
                .status(200)
                .header("content-type", "text/plain")
                .body(sample::access_token(token, secret)),
        )
    }

    /// 200 with [`ACCESS_TOKEN`] and [`ACCESS_TOKEN_SECRET`], the token `signed()` expects.
    pub fn ok_default(self) -> Self {
        self.ok(ACCESS_TOKEN, ACCESS_TOKEN_SECRET)
    }

    /// 401 with `oauth_problem` (`signature_invalid`, `consumer_key_rejected`, …).
    pub fn rejected(self, problem: &str) -> Self {
        Self(oauth_problem(self.0, problem))
    }
}

impl fmt::Debug for GetAccessTokenWhen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GetAccessTokenWhen")
    }
}

impl fmt::Debug for GetAccessTokenThen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GetAccessTokenThen")
    }
}

// ---------------------------------------------------------------------------------------------
// Institutions

operation!(
    /// `GET /institutions` ([`Client::get_institutions`](crate::Client::get_institutions),
    /// `search_institutions`).
    GetInstitutionsWhen, GetInstitutionsThen, GET, "/institutions"
);

impl GetInstitutionsThen {
    /// 200 with these institutions.
    pub fn ok(self, institutions: &[Institution]) -> Self {
        Self(xml(self.0, 200, sample::institutions(institutions)))
    }
}

operation!(
    /// `GET /institutions/{id}` ([`Client::get_institution_details`](crate::Client::get_institution_details),
    /// `get_credential_fields`).
    GetInstitutionDetailsWhen, GetInstitutionDetailsThen, GET, "/institutions/[^/]+"
);

impl GetInstitutionDetailsWhen {
    /// Expects this institution.
    pub fn institution_id(self, id: impl Into<InstitutionId>) -> Self {
        Self(path_with(self.0, "/institutions/{}", &[id.into().as_str()]))
    }
}

impl GetInstitutionDetailsThen {
    /// 200 with this detail.
    pub fn ok(self, detail: &InstitutionDetail) -> Self {
        Self(xml(self.0, 200, sample::institution_detail(detail)))
    }
}

// ---------------------------------------------------------------------------------------------
// Logins

operation!(
    /// `POST /institutions/{id}/logins` ([`Client::discover_and_add_accounts`](crate::Client::discover_and_add_accounts),
    /// and with a challenge session [`Client::confirm_challenge`](crate::Client::confirm_challenge)).
    DiscoverAndAddAccountsWhen, DiscoverAndAddAccountsThen, POST, "/institutions/[^/]+/logins"
);

impl DiscoverAndAddAccountsWhen {
    /// Expects this institution.
    pub fn institution_id(self, id: impl Into<InstitutionId>) -> Self {
        Self(path_with(
            self.0,
            "/institutions/{}/logins",
            &[id.into().as_str()],
        ))
    }

    /// Expects exactly the body the client sends for these credentials, and no challenge
    /// session.
    pub fn credentials(self, credentials: &Credentials) -> Self {
        Self(with_session(
            xml_body(self.0, credentials_xml(credentials)),
            None,
        ))
    }

    /// Expects exactly the body the client sends for these answers.
    pub fn answers(self, answers: &Answers) -> Self {
        Self(xml_body(self.0, answers_xml(answers)))
    }

    /// Expects the headers of this challenge session.
    pub fn challenge_session(self, session: &ChallengeSession) -> Self {
        Self(with_session(self.0, Some(session)))
    }
}

impl DiscoverAndAddAccountsThen {
    /// 201 with the accounts found.
    pub fn created(self, accounts: &[Account]) -> Self {
        Self(xml(self.0, 201, sample::account_list(accounts)))
    }

    /// 401 with these questions, in this challenge session.
    pub fn challenge(self, session: &ChallengeSession, questions: &[Question]) -> Self {
        Self(challenge(self.0, session, questions))
    }
}

operation!(
    /// `PUT /logins/{id}` ([`Client::update_institution_login`](crate::Client::update_institution_login),
    /// and with a challenge session [`Client::update_challenge`](crate::Client::update_challenge)).
    UpdateInstitutionLoginWhen, UpdateInstitutionLoginThen, PUT, "/logins/[^/]+"
);

impl UpdateInstitutionLoginWhen {
    /// Expects this login.
    pub fn login_id(self, id: impl Into<LoginId>) -> Self {
        Self(path_with(self.0, "/logins/{}", &[id.into().as_str()]))
    }

    /// Expects `?refresh=true`, or no `refresh`.
    pub fn refresh(self, refresh: bool) -> Self {
        Self(if refresh {
            self.0.query_param("refresh", "true")
        } else {
            self.0.query_param_missing("refresh")
        })
    }

    /// Expects exactly the body the client sends for these credentials (`None`: a refresh with
    /// the stored ones), and no challenge session.
    pub fn credentials(self, credentials: Option<&Credentials>) -> Self {
        let body = match credentials {
            Some(credentials) => credentials_xml(credentials),
            None => login_xml(&InstitutionLogin::default()),
        };
        Self(with_session(xml_body(self.0, body), None))
    }

    /// Expects exactly the body the client sends for these answers.
    pub fn answers(self, answers: &Answers) -> Self {
        Self(xml_body(self.0, answers_xml(answers)))
    }

    /// Expects the headers of this challenge session.
    pub fn challenge_session(self, session: &ChallengeSession) -> Self {
        Self(with_session(self.0, Some(session)))
    }
}

impl UpdateInstitutionLoginThen {
    /// 200, empty: updated.
    pub fn ok(self) -> Self {
        Self(self.0.status(200))
    }

    /// 401 with these questions, in this challenge session.
    pub fn challenge(self, session: &ChallengeSession, questions: &[Question]) -> Self {
        Self(challenge(self.0, session, questions))
    }
}

// ---------------------------------------------------------------------------------------------
// Accounts

operation!(
    /// `GET /accounts` ([`Client::get_customer_accounts`](crate::Client::get_customer_accounts)).
    GetCustomerAccountsWhen, GetCustomerAccountsThen, GET, "/accounts"
);

impl GetCustomerAccountsThen {
    /// 200 with these accounts.
    pub fn ok(self, accounts: &[Account]) -> Self {
        Self(xml(self.0, 200, sample::account_list(accounts)))
    }
}

operation!(
    /// `GET /logins/{id}/accounts` ([`Client::get_login_accounts`](crate::Client::get_login_accounts)).
    GetLoginAccountsWhen, GetLoginAccountsThen, GET, "/logins/[^/]+/accounts"
);

impl GetLoginAccountsWhen {
    /// Expects this login.
    pub fn login_id(self, id: impl Into<LoginId>) -> Self {
        Self(path_with(
            self.0,
            "/logins/{}/accounts",
            &[id.into().as_str()],
        ))
    }
}

impl GetLoginAccountsThen {
    /// 200 with these accounts.
    pub fn ok(self, accounts: &[Account]) -> Self {
        Self(xml(self.0, 200, sample::account_list(accounts)))
    }
}

operation!(
    /// `GET /accounts/{id}` ([`Client::get_account`](crate::Client::get_account)).
    GetAccountWhen, GetAccountThen, GET, "/accounts/[^/]+"
);

impl GetAccountWhen {
    /// Expects this account.
    pub fn account_id(self, id: impl Into<AccountId>) -> Self {
        Self(path_with(self.0, "/accounts/{}", &[id.into().as_str()]))
    }
}

impl GetAccountThen {
    /// 200 with this account (in an `AccountList`, as Intuit answers).
    pub fn ok(self, account: &Account) -> Self {
        Self(xml(
            self.0,
            200,
            sample::account_list(std::slice::from_ref(account)),
        ))
    }
}

operation!(
    /// `GET /accounts/{id}/transactions` ([`Client::get_account_transactions`](crate::Client::get_account_transactions)).
    GetAccountTransactionsWhen, GetAccountTransactionsThen, GET, "/accounts/[^/]+/transactions"
);

impl GetAccountTransactionsWhen {
    /// Expects this account.
    pub fn account_id(self, id: impl Into<AccountId>) -> Self {
        Self(path_with(
            self.0,
            "/accounts/{}/transactions",
            &[id.into().as_str()],
        ))
    }

    /// Expects `txnStartDate`.
    pub fn txn_start_date(self, start: NaiveDate) -> Self {
        Self(
            self.0
                .query_param("txnStartDate", start.format("%Y-%m-%d").to_string()),
        )
    }

    /// Expects `txnEndDate`, or (`None`) none.
    pub fn txn_end_date(self, end: impl Into<Option<NaiveDate>>) -> Self {
        Self(match end.into() {
            Some(end) => self
                .0
                .query_param("txnEndDate", end.format("%Y-%m-%d").to_string()),
            None => self.0.query_param_missing("txnEndDate"),
        })
    }
}

impl GetAccountTransactionsThen {
    /// 200 with these transactions of an account of `kind`.
    pub fn ok(self, kind: AccountKind, transactions: &[Transaction]) -> Self {
        Self(xml(
            self.0,
            200,
            sample::transaction_list(kind, transactions),
        ))
    }
}

operation!(
    /// `GET /accounts/{id}/positions` ([`Client::get_investment_positions`](crate::Client::get_investment_positions)).
    GetInvestmentPositionsWhen, GetInvestmentPositionsThen, GET, "/accounts/[^/]+/positions"
);

impl GetInvestmentPositionsWhen {
    /// Expects this account.
    pub fn account_id(self, id: impl Into<AccountId>) -> Self {
        Self(path_with(
            self.0,
            "/accounts/{}/positions",
            &[id.into().as_str()],
        ))
    }
}

impl GetInvestmentPositionsThen {
    /// 200 with these positions.
    pub fn ok(self, positions: &[Position]) -> Self {
        Self(xml(self.0, 200, sample::positions(positions)))
    }
}

operation!(
    /// `PUT /accounts/{id}` ([`Client::update_account_type`](crate::Client::update_account_type)).
    UpdateAccountTypeWhen, UpdateAccountTypeThen, PUT, "/accounts/[^/]+"
);

impl UpdateAccountTypeWhen {
    /// Expects this account.
    pub fn account_id(self, id: impl Into<AccountId>) -> Self {
        Self(path_with(self.0, "/accounts/{}", &[id.into().as_str()]))
    }

    /// Expects exactly the body the client sends for this type.
    pub fn account_type(self, account_type: &AccountType) -> Self {
        let body = account_type
            .to_xml()
            .unwrap_or_else(|e| panic!("the account type does not serialize: {e}"));
        Self(xml_body(self.0, body))
    }
}

impl UpdateAccountTypeThen {
    /// 200, empty.
    pub fn ok(self) -> Self {
        Self(self.0.status(200))
    }
}

operation!(
    /// `DELETE /accounts/{id}` ([`Client::delete_account`](crate::Client::delete_account)).
    DeleteAccountWhen, DeleteAccountThen, DELETE, "/accounts/[^/]+"
);

impl DeleteAccountWhen {
    /// Expects this account.
    pub fn account_id(self, id: impl Into<AccountId>) -> Self {
        Self(path_with(self.0, "/accounts/{}", &[id.into().as_str()]))
    }
}

impl DeleteAccountThen {
    /// 200, empty.
    pub fn ok(self) -> Self {
        Self(self.0.status(200))
    }
}

operation!(
    /// `DELETE /customers` ([`Client::delete_customer`](crate::Client::delete_customer)).
    DeleteCustomerWhen, DeleteCustomerThen, DELETE, "/customers"
);

impl DeleteCustomerThen {
    /// 200, empty.
    pub fn ok(self) -> Self {
        Self(self.0.status(200))
    }
}

/// An extension trait for [`MockServer`] that adds a method for each operation, as the
/// generated crates' `MockServerExt`: the equivalent of type-checked
/// [`mock()`](MockServer::mock) calls.
pub trait MockServerExt {
    /// [`GetAccessTokenWhen`], [`GetAccessTokenThen`].
    fn get_access_token<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(GetAccessTokenWhen, GetAccessTokenThen);
    /// [`GetInstitutionsWhen`], [`GetInstitutionsThen`].
    fn get_institutions<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(GetInstitutionsWhen, GetInstitutionsThen);
    /// [`GetInstitutionDetailsWhen`], [`GetInstitutionDetailsThen`].
    fn get_institution_details<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(GetInstitutionDetailsWhen, GetInstitutionDetailsThen);
    /// [`DiscoverAndAddAccountsWhen`], [`DiscoverAndAddAccountsThen`].
    fn discover_and_add_accounts<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(DiscoverAndAddAccountsWhen, DiscoverAndAddAccountsThen);
    /// [`UpdateInstitutionLoginWhen`], [`UpdateInstitutionLoginThen`].
    fn update_institution_login<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(UpdateInstitutionLoginWhen, UpdateInstitutionLoginThen);
    /// [`GetCustomerAccountsWhen`], [`GetCustomerAccountsThen`].
    fn get_customer_accounts<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(GetCustomerAccountsWhen, GetCustomerAccountsThen);
    /// [`GetLoginAccountsWhen`], [`GetLoginAccountsThen`].
    fn get_login_accounts<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(GetLoginAccountsWhen, GetLoginAccountsThen);
    /// [`GetAccountWhen`], [`GetAccountThen`].
    fn get_account<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(GetAccountWhen, GetAccountThen);
    /// [`GetAccountTransactionsWhen`], [`GetAccountTransactionsThen`].
    fn get_account_transactions<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(GetAccountTransactionsWhen, GetAccountTransactionsThen);
    /// [`GetInvestmentPositionsWhen`], [`GetInvestmentPositionsThen`].
    fn get_investment_positions<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(GetInvestmentPositionsWhen, GetInvestmentPositionsThen);
    /// [`UpdateAccountTypeWhen`], [`UpdateAccountTypeThen`].
    fn update_account_type<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(UpdateAccountTypeWhen, UpdateAccountTypeThen);
    /// [`DeleteAccountWhen`], [`DeleteAccountThen`].
    fn delete_account<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(DeleteAccountWhen, DeleteAccountThen);
    /// [`DeleteCustomerWhen`], [`DeleteCustomerThen`].
    fn delete_customer<F>(&self, config_fn: F) -> Mock<'_>
    where
        F: FnOnce(DeleteCustomerWhen, DeleteCustomerThen);
}

macro_rules! server_ext {
    ($($op:ident: $when:ident, $then:ident;)*) => {
        impl MockServerExt for MockServer {
            $(
                fn $op<F>(&self, config_fn: F) -> Mock<'_>
                where
                    F: FnOnce($when, $then),
                {
                    self.mock(|when, then| config_fn($when::new(when), $then::new(then)))
                }
            )*
        }
    };
}

server_ext! {
    get_access_token: GetAccessTokenWhen, GetAccessTokenThen;
    get_institutions: GetInstitutionsWhen, GetInstitutionsThen;
    get_institution_details: GetInstitutionDetailsWhen, GetInstitutionDetailsThen;
    discover_and_add_accounts: DiscoverAndAddAccountsWhen, DiscoverAndAddAccountsThen;
    update_institution_login: UpdateInstitutionLoginWhen, UpdateInstitutionLoginThen;
    get_customer_accounts: GetCustomerAccountsWhen, GetCustomerAccountsThen;
    get_login_accounts: GetLoginAccountsWhen, GetLoginAccountsThen;
    get_account: GetAccountWhen, GetAccountThen;
    get_account_transactions: GetAccountTransactionsWhen, GetAccountTransactionsThen;
    get_investment_positions: GetInvestmentPositionsWhen, GetInvestmentPositionsThen;
    update_account_type: UpdateAccountTypeWhen, UpdateAccountTypeThen;
    delete_account: DeleteAccountWhen, DeleteAccountThen;
    delete_customer: DeleteCustomerWhen, DeleteCustomerThen;
}
