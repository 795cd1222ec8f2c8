//! Building a [`Client`]: where the API is, which token it sends, how it retries.
//!
//! The generated [`Client`] carries a [`ClientState`]: the [`HttpTransport`] every request goes
//! through (timeouts, retries, per-attempt authentication) and the token, if any. Requests made
//! by the generated methods reach the transport through the `ClientHooks::exec` implemented
//! here, which also picks each operation's [`RetryClass`] and gives error responses a JSON body.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bankapi_core::{HeaderCredential, HttpConfig, HttpTransport, Provider, RetryClass};
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;
use crate::Client;

/// What a bearer token stands for; all are sent the same way (`Authorization: Bearer …`).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A user's access token (permanent, or temporary for 30 minutes), from `POST /auth/init`,
    /// `POST /auth/token/access` or `POST /auth/renew`.
    User,
    /// A temporary code from `GET /auth/token/code`, usable as a token for 30 minutes (or once).
    TemporaryCode,
    /// The manage (configuration) token of the API domain, from the Powens console: admin calls
    /// (`/config`, `/users`, `/webhooks`, …) and permanent tokens from `POST /auth/init`.
    Manage,
    /// A service token (`POST /auth/token`, e.g. Pay's `payments:*` scopes).
    Service,
}

/// A bearer token: a secret (never printed) and what it stands for.
///
/// ```
/// use budgea::Token;
///
/// let token = Token::user("7wBPuFfb1Hod82f1+KNa0AmrkIuQ3h1G");
/// assert_eq!(format!("{token:?}"), "Token { kind: User, value: \"[redacted]\" }");
/// ```
#[derive(Clone)]
pub struct Token {
    kind: TokenKind,
    value: SecretString,
}

impl Token {
    /// A token of the given kind.
    pub fn new(kind: TokenKind, value: impl Into<SecretString>) -> Self {
        Token {
            kind,
            value: value.into(),
        }
    }

    /// A user access token.
    pub fn user(value: impl Into<String>) -> Self {
        Token::new(TokenKind::User, SecretString::from(value.into()))
    }

    /// The domain's manage (configuration) token.
    pub fn manage(value: impl Into<String>) -> Self {
        Token::new(TokenKind::Manage, SecretString::from(value.into()))
    }

    /// A temporary code used as a token.
    pub fn temporary_code(value: impl Into<String>) -> Self {
        Token::new(TokenKind::TemporaryCode, SecretString::from(value.into()))
    }

    /// What the token stands for.
    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The secret itself, to store it (e.g. a user's permanent token in your database).
    pub fn secret(&self) -> &SecretString {
        &self.value
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("kind", &self.kind)
            .field("value", &bankapi_core::secret::REDACTED)
            .finish()
    }
}

/// What the generated [`Client`] carries: the transport and the token.
#[derive(Clone)]
pub struct ClientState {
    /// Without credentials; the authenticated transport is derived from it.
    base: HttpTransport,
    /// Adds the token, when there is one.
    pub(crate) transport: HttpTransport,
    token: Option<Token>,
    connection_timeout: Duration,
    webview: Option<crate::webview::Webview>,
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("token", &self.token)
            .field("connection_timeout", &self.connection_timeout)
            .field("retry", self.base.retry_policy())
            .finish_non_exhaustive()
    }
}

impl ClientState {
    fn with_token(&self, token: Option<Token>) -> ClientState {
        let transport = match &token {
            Some(token) => {
                self.base
                    .clone()
                    .with_authenticator(Arc::new(HeaderCredential::bearer(
                        token.value.expose_secret(),
                    )))
            }
            None => self.base.clone(),
        };
        ClientState {
            base: self.base.clone(),
            transport,
            token,
            connection_timeout: self.connection_timeout,
            webview: self.webview.clone(),
        }
    }
}

/// The base URL of an API domain: `https://{domain}.biapi.pro/2.0`.
///
/// Domains are lowercase letters, digits and hyphens; sandbox domains end with `-sandbox`.
///
/// ```
/// assert_eq!(budgea::domain_url("demo").unwrap(), "https://demo.biapi.pro/2.0");
/// assert!(budgea::domain_url("Demo/../x").is_err());
/// ```
pub fn domain_url(domain: &str) -> Result<String, Error> {
    let valid = !domain.is_empty()
        && domain.len() <= 63
        && !domain.starts_with('-')
        && !domain.ends_with('-')
        && domain
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(Error::InvalidRequest(format!(
            "{domain:?} is not an API domain (lowercase letters, digits and hyphens, e.g. \"demo\" or \"mybank-sandbox\")"
        )));
    }
    Ok(format!("https://{domain}.biapi.pro/2.0"))
}

/// Builds a [`Client`]; see [`Client::builder`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    domain: Option<String>,
    token: Option<Token>,
    http: Option<HttpConfig>,
    connection_timeout: Option<Duration>,
    client_id: Option<String>,
}

impl ClientBuilder {
    /// Uses the API domain `domain`: `https://{domain}.biapi.pro/2.0` (`demo`, or a
    /// `…-sandbox` domain from the Powens console).
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self.base_url = None;
        self
    }

    /// Uses this base URL (ending with `/2.0`), e.g. a mock server's.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self.domain = None;
        self
    }

    /// Sends this token with every request.
    pub fn token(mut self, token: Token) -> Self {
        self.token = Some(token);
        self
    }

    /// Sends this user token with every request.
    pub fn user_token(self, token: impl Into<String>) -> Self {
        self.token(Token::user(token))
    }

    /// Timeouts, user agent, retry policy, or a `reqwest::Client` of your own.
    pub fn http_config(mut self, config: HttpConfig) -> Self {
        self.http = Some(config);
        self
    }

    /// The timeout of the calls that synchronize a connection with its bank (create, update,
    /// sync), which can take minutes; 5 minutes by default (or the general timeout if longer).
    pub fn connection_timeout(mut self, timeout: Duration) -> Self {
        self.connection_timeout = Some(timeout);
        self
    }

    /// The client id of your client application, for webview URLs ([`Client::webview`]).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Builds the client; fails on a malformed domain or base URL, or when the HTTP client
    /// cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        let (base_url, domain) =
            match (self.base_url, self.domain) {
                (Some(url), _) => (url, None),
                (None, Some(domain)) => (domain_url(&domain)?, Some(domain)),
                (None, None) => return Err(Error::InvalidRequest(
                    "a client needs a domain (Client::builder().domain(\"demo\")) or a base URL"
                        .into(),
                )),
            };
        let base_url = base_url.trim_end_matches('/').to_owned();
        let parsed = url::Url::parse(&base_url)
            .map_err(|e| Error::InvalidRequest(format!("base URL {base_url:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
            return Err(Error::InvalidRequest(format!(
                "base URL {base_url:?} must be http(s) without a query"
            )));
        }
        let http = self.http.unwrap_or_default();
        let reqwest_client = http.build_client().map_err(Error::from_reqwest)?;
        let base = HttpTransport::new(
            Provider::Budgea,
            reqwest_client.clone(),
            http.retry_policy().clone(),
        );
        let connection_timeout = self
            .connection_timeout
            .unwrap_or(Duration::from_secs(300))
            .max(http.timeout());
        let webview = self
            .client_id
            .map(|client_id| crate::webview::Webview::new(domain.clone(), &base_url, client_id));
        let state = ClientState {
            transport: base.clone(),
            base,
            token: None,
            connection_timeout,
            webview,
        }
        .with_token(self.token);
        Ok(Client::new_with_client(&base_url, reqwest_client, state))
    }
}

impl Client {
    /// Starts building a client.
    ///
    /// ```
    /// use budgea::{Client, Token};
    ///
    /// let client = Client::builder()
    ///     .domain("mybank-sandbox")
    ///     .token(Token::user("a-user-token"))
    ///     .build()?;
    /// assert_eq!(client.baseurl(), "https://mybank-sandbox.biapi.pro/2.0");
    /// assert!(!format!("{client:?}").contains("a-user-token"));
    /// # Ok::<_, budgea::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The same client (same connections, same settings), sending `token`; cheap.
    pub fn with_token(&self, token: Token) -> Client {
        Client::new_with_client(
            &self.baseurl,
            self.client.clone(),
            self.inner.with_token(Some(token)),
        )
    }

    /// The same client, sending no token (for the public calls: `/auth/init`, `/banks`, …).
    pub fn without_token(&self) -> Client {
        Client::new_with_client(
            &self.baseurl,
            self.client.clone(),
            self.inner.with_token(None),
        )
    }

    /// The token this client sends, if any.
    pub fn token(&self) -> Option<&Token> {
        self.inner.token.as_ref()
    }

    /// The base URL (`https://{domain}.biapi.pro/2.0`).
    pub fn baseurl(&self) -> &str {
        &self.baseurl
    }

    /// Webview URL builders for this domain, when the client id was given to the builder.
    pub fn webview(&self) -> Option<&crate::webview::Webview> {
        self.inner.webview.as_ref()
    }

    /// The URL of `path` (starting with `/`) under the base URL.
    pub(crate) fn url(&self, path: &str) -> Result<url::Url, Error> {
        url::Url::parse(&format!("{}{path}", self.baseurl))
            .map_err(|e| Error::InvalidRequest(format!("bad URL for {path}: {e}")))
    }

    /// Sends a hand-written request through the transport (retries, token) and decodes a JSON
    /// answer, or the API's error.
    pub(crate) async fn send_json<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::Request,
        class: RetryClass,
    ) -> Result<(StatusCode, T), Error> {
        let response = self.send(request, class).await?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
        let value =
            serde_json::from_slice(&bytes).map_err(|e| Error::decode(Some(status), &e, &bytes))?;
        Ok((status, value))
    }

    /// Sends a hand-written request; a 2xx response is returned, anything else becomes an
    /// [`Error`].
    pub(crate) async fn send(
        &self,
        request: reqwest::Request,
        class: RetryClass,
    ) -> Result<reqwest::Response, Error> {
        let response = self
            .inner
            .transport
            .execute_generated(request, class, auth_failure_body)
            .await
            .map_err(Error::from_reqwest)?;
        if response.status().is_success() {
            return Ok(response);
        }
        Err(Error::from_response(response).await)
    }

    /// A JSON request to `path` with the connection-sync timeout when `long` is set.
    pub(crate) fn json_request(
        &self,
        method: Method,
        url: url::Url,
        body: Option<&serde_json::Value>,
        long: bool,
    ) -> Result<reqwest::Request, Error> {
        let mut request = reqwest::Request::new(method, url);
        request.headers_mut().insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        if let Some(body) = body {
            let bytes = serde_json::to_vec(body)
                .map_err(|e| Error::InvalidRequest(format!("body cannot be encoded: {e}")))?;
            request
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            *request.body_mut() = Some(bytes.into());
        }
        if long {
            *request.timeout_mut() = Some(self.inner.connection_timeout);
        }
        Ok(request)
    }
}

/// The JSON body of a 401 answered locally when no credentials could be added, in the API's
/// error format.
pub(crate) fn auth_failure_body(message: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({ "code": "authFailure", "message": message }))
        .unwrap_or_default()
}

/// Operations that move money or commit to moving it (transfers, payments, recipients, whose
/// confirmation may trigger an SMS challenge): never sent twice.
fn moves_money(operation_id: &str) -> bool {
    ["transfer", "payment", "recipient"]
        .iter()
        .any(|word| operation_id.contains(word))
}

/// Operations that synchronize a connection with its bank and may take minutes.
fn syncs_connection(operation_id: &str) -> bool {
    matches!(
        operation_id,
        "create_user_connection" | "update_user_connection" | "sync_user_connection"
    )
}

/// The retry class of a generated operation.
pub(crate) fn retry_class(operation_id: &str, method: &Method) -> RetryClass {
    if *method != Method::GET && moves_money(operation_id) {
        RetryClass::Never
    } else {
        RetryClass::from_method(method)
    }
}

impl progenitor_client::ClientHooks<ClientState> for Client {
    async fn exec(
        &self,
        mut request: reqwest::Request,
        info: &progenitor_client::OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let class = retry_class(info.operation_id, request.method());
        if syncs_connection(info.operation_id) {
            *request.timeout_mut() = Some(self.inner.connection_timeout);
        }
        let response = self
            .inner
            .transport
            .execute_generated(request, class, auth_failure_body)
            .await?;
        Ok(json_error_body(response).await)
    }
}

/// An error response whose body is not a JSON object (a proxy's HTML page, an empty 503) gets
/// one, `{"message": <the start of the body>}`, so that the generated code decodes it as the
/// API's error with its status instead of failing to decode it.
async fn json_error_body(response: reqwest::Response) -> reqwest::Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let headers = response.headers().clone();
    let bytes = match response.bytes().await {
        Ok(bytes) => bytes,
        Err(_) => bytes::Bytes::new(),
    };
    let is_object = serde_json::from_slice::<serde_json::Value>(&bytes)
        .map(|v| v.is_object())
        .unwrap_or(false);
    let body = if is_object {
        bytes.to_vec()
    } else {
        let message = bankapi_core::error::body_snippet(&bytes, 200);
        let message = if message.is_empty() {
            status.canonical_reason().unwrap_or("error").to_owned()
        } else {
            message
        };
        serde_json::to_vec(&serde_json::json!({ "message": message })).unwrap_or_default()
    };
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    rebuilt
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    rebuilt
        .headers_mut()
        .remove(reqwest::header::CONTENT_LENGTH);
    reqwest::Response::from(rebuilt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_moving_operations_are_never_retried() {
        assert_eq!(
            retry_class("update_user_transfer", &Method::POST),
            RetryClass::Never
        );
        assert_eq!(
            retry_class("create_user_account_recipient_transfer", &Method::POST),
            RetryClass::Never
        );
        assert_eq!(
            retry_class("update_user_account_recipient", &Method::POST),
            RetryClass::Never
        );
        assert_eq!(
            retry_class("create_payment", &Method::POST),
            RetryClass::Never
        );
        assert_eq!(
            retry_class("delete_user_transfer", &Method::DELETE),
            RetryClass::Never
        );
        assert_eq!(
            retry_class("list_user_transfers", &Method::GET),
            RetryClass::Idempotent
        );
        assert_eq!(
            retry_class("create_user_connection", &Method::POST),
            RetryClass::NonIdempotent
        );
        assert_eq!(
            retry_class("sync_user_connection", &Method::PUT),
            RetryClass::Idempotent
        );
    }

    #[test]
    fn domains_are_checked() {
        assert_eq!(
            domain_url("mybank-sandbox").unwrap(),
            "https://mybank-sandbox.biapi.pro/2.0"
        );
        for bad in ["", "Demo", "demo.evil.com", "-x", "a b", "demo/"] {
            assert!(domain_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tokens_never_print() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9/2.0/")
            .token(Token::manage("manage-secret"))
            .build()
            .unwrap();
        assert_eq!(client.baseurl(), "http://127.0.0.1:9/2.0");
        let debug = format!("{client:?} {:?}", client.token());
        assert!(!debug.contains("manage-secret"), "{debug}");
        assert!(debug.contains("Manage"), "{debug}");
        let user = client.with_token(Token::user("user-secret"));
        assert_eq!(user.token().unwrap().kind(), TokenKind::User);
        assert!(client.without_token().token().is_none());
        assert!(Client::builder().build().is_err());
        assert!(Client::builder().base_url("ftp://x/2.0").build().is_err());
    }
}
