//! The client: construction, the API key, and how every request is sent and read.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use bankapi_core::reqwest::header::{HeaderValue, ACCEPT};
use bankapi_core::reqwest::{self, Method};
use bankapi_core::{
    AuthError, HeaderCredential, HttpConfig, HttpTransport, Provider, ResponseMeta, RetryClass,
    TransportError,
};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Envelope, Error};
use crate::providers::ProviderDetail;
use crate::Environment;

/// Headers in which a request id may come back.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "request-id", "x-amzn-requestid"];

/// The header that carries the session key (what the official client sends since 2.0).
pub(crate) const SESSION_HEADER: &str = "x-session-key";
/// The header that carries the API key.
pub(crate) const API_KEY_HEADER: &str = "x-api-key";

/// Where the session key travels.
///
/// The official client sends the header `X-Session-Key` (since version 2.0); older clients and
/// the published OpenAPI description use the query parameter `key`, which Prometeo still
/// accepts. The header is the default: it keeps the key out of URLs, and so out of proxy logs.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionKeyPlacement {
    /// Header `X-Session-Key: <key>` (default).
    #[default]
    Header,
    /// Query parameter `?key=<key>` (legacy).
    Query,
}

pub(crate) struct Inner {
    pub(crate) base_url: String,
    pub(crate) transport: HttpTransport,
    pub(crate) placement: SessionKeyPlacement,
    /// Provider details fetched with [`Client::provider_detail`], to check logins against.
    pub(crate) details: Mutex<HashMap<String, Arc<ProviderDetail>>>,
}

/// A Prometeo banking API client; cheap to clone (clones share connections).
///
/// ```
/// use prometeo::{Client, Environment};
///
/// let client = Client::new("my-api-key", Environment::Sandbox);
/// assert!(!format!("{client:?}").contains("my-api-key"));
/// ```
///
/// Anything beyond the default settings goes through [`Client::builder`].
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("session_key_placement", &self.inner.placement)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] with non-default settings (aws-sdk style).
///
/// ```
/// use bankapi_core::{HttpConfig, RetryPolicy};
/// use prometeo::{Client, Environment, SessionKeyPlacement};
/// use std::time::Duration;
///
/// let client = Client::builder()
///     .api_key("my-api-key")
///     .environment(Environment::Production)
///     .http_config(HttpConfig::default().with_timeout(Duration::from_secs(60)).with_retry_policy(RetryPolicy::disabled()))
///     .session_key_placement(SessionKeyPlacement::Header)
///     .build()?;
/// assert_eq!(client.base_url(), "https://banking.prometeoapi.net");
/// assert!(Client::builder().build().is_err(), "an API key is required");
/// # Ok::<_, prometeo::Error>(())
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<SecretString>,
    environment: Environment,
    http: HttpConfig,
    placement: SessionKeyPlacement,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("environment", &self.environment)
            .field("http", &self.http)
            .field("placement", &self.placement)
            .finish()
    }
}

impl ClientBuilder {
    /// The API key from the Prometeo dashboard (sent as `X-API-Key`, never printed).
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(api_key.into()));
        self
    }

    /// The deployment; [`Environment::Sandbox`] by default.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Timeouts, user agent, retry policy, or a `reqwest::Client` of one's own.
    pub fn http_config(mut self, http: HttpConfig) -> Self {
        self.http = http;
        self
    }

    /// Where the session key travels: header (default) or legacy query parameter.
    pub fn session_key_placement(mut self, placement: SessionKeyPlacement) -> Self {
        self.placement = placement;
        self
    }

    /// Builds the client; fails without an API key, with a base URL that is not a URL, or when
    /// the HTTP client cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        let api_key = self
            .api_key
            .filter(|k| !k.expose_secret().trim().is_empty())
            .ok_or_else(|| Error::invalid("an API key is required"))?;
        let base_url = self.environment.base_url().to_owned();
        reqwest::Url::parse(&base_url)
            .map_err(|e| Error::invalid(format!("invalid base URL {base_url:?}: {e}")))?;
        let http = self
            .http
            .build_client()
            .map_err(|e| Error::Transport(Box::new(TransportError::Send(e.without_url()))))?;
        Ok(Client::from_parts(
            api_key,
            base_url,
            http,
            &self.http,
            self.placement,
        ))
    }
}

impl Client {
    /// A client with default settings: the seed's `Client('<YOUR_API_KEY>', environment=…)`.
    ///
    /// An unusable custom base URL is reported by the first request.
    pub fn new(api_key: impl Into<String>, environment: Environment) -> Client {
        let config = HttpConfig::default();
        let http = config
            .build_client()
            .unwrap_or_else(|_| reqwest::Client::new());
        Client::from_parts(
            SecretString::from(api_key.into()),
            environment.base_url().to_owned(),
            http,
            &config,
            SessionKeyPlacement::default(),
        )
    }

    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    fn from_parts(
        api_key: SecretString,
        base_url: String,
        http: reqwest::Client,
        config: &HttpConfig,
        placement: SessionKeyPlacement,
    ) -> Client {
        let transport = HttpTransport::new(Provider::Prometeo, http, config.retry_policy().clone())
            .with_authenticator(Arc::new(HeaderCredential::new(
                API_KEY_HEADER,
                api_key.expose_secret(),
            )));
        Client {
            inner: Arc::new(Inner {
                base_url,
                transport,
                placement,
                details: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `call`, with the session key when given, and returns the answer once it is known
    /// not to be an error (whatever its HTTP status).
    pub(crate) async fn send(
        &self,
        call: Call,
        session: Option<&SecretString>,
    ) -> Result<Answer, Error> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.inner.base_url, call.path))
            .map_err(|_| Error::invalid(format!("invalid base URL {:?}", self.inner.base_url)))?;
        if !call.query.is_empty()
            || (session.is_some() && self.inner.placement == SessionKeyPlacement::Query)
        {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &call.query {
                pairs.append_pair(name, value);
            }
            if let (Some(key), SessionKeyPlacement::Query) = (session, self.inner.placement) {
                pairs.append_pair("key", key.expose_secret());
            }
        }
        let mut builder = self
            .inner
            .transport
            .client()
            .request(call.method.clone(), url)
            .header(ACCEPT, "application/json");
        for (name, value) in &call.headers {
            builder = builder.header(*name, value);
        }
        if let (Some(key), SessionKeyPlacement::Header) = (session, self.inner.placement) {
            let mut value = HeaderValue::from_str(key.expose_secret()).map_err(|_| {
                Error::invalid("the session key holds characters a header cannot carry")
            })?;
            value.set_sensitive(true);
            builder = builder.header(SESSION_HEADER, value);
        }
        if let Some(form) = &call.form {
            builder = builder.form(form);
        }
        let request = builder.build().map_err(|e| {
            Error::invalid(format!("cannot build the request: {}", e.without_url()))
        })?;
        let response = self
            .inner
            .transport
            .execute(request, call.class)
            .await
            .map_err(|error| match error {
                TransportError::Auth(AuthError::Other(message)) => {
                    Error::InvalidInput(message.to_string())
                }
                other => Error::Transport(Box::new(other)),
            })?;
        let status = response.status();
        let meta = ResponseMeta::from_parts(status, response.headers(), &REQUEST_ID_HEADERS);
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::Transport(Box::new(TransportError::Send(e.without_url()))))?;
        let envelope: Option<Envelope> = serde_json::from_slice(&body).ok();
        let failed = !status.is_success() || envelope.as_ref().is_some_and(Envelope::is_failure);
        if failed {
            return Err(Error::from_answer(
                meta,
                envelope.as_ref(),
                &body,
                session.is_some(),
            ));
        }
        Ok(Answer {
            operation: call.operation,
            meta,
            body,
        })
    }
}

/// One request, before the session key is added. No `Debug`: the form may hold a password.
pub(crate) struct Call {
    /// How errors name it: `"GET /account/"`.
    pub operation: &'static str,
    pub method: Method,
    /// The path with its trailing slash (or not) exactly as Prometeo expects, segments encoded.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    /// Form fields (`application/x-www-form-urlencoded`); absent values are simply not listed.
    pub form: Option<Vec<(String, String)>>,
    pub headers: Vec<(&'static str, String)>,
    pub class: RetryClass,
}

impl Call {
    pub(crate) fn get(operation: &'static str, path: impl Into<String>) -> Call {
        Call {
            operation,
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            form: None,
            headers: Vec::new(),
            class: RetryClass::Idempotent,
        }
    }

    pub(crate) fn post(
        operation: &'static str,
        path: impl Into<String>,
        form: Vec<(String, String)>,
        class: RetryClass,
    ) -> Call {
        Call {
            operation,
            method: Method::POST,
            path: path.into(),
            query: Vec::new(),
            form: Some(form),
            headers: Vec::new(),
            class,
        }
    }

    pub(crate) fn query(mut self, name: &'static str, value: impl Into<String>) -> Call {
        self.query.push((name, value.into()));
        self
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Call {
        self.headers.push((name, value.into()));
        self
    }
}

/// A successful answer, body not yet decoded. No `Debug`: a login answer holds a session key.
pub(crate) struct Answer {
    operation: &'static str,
    meta: ResponseMeta,
    pub(crate) body: bytes::Bytes,
}

impl Answer {
    /// Decodes the body.
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            operation: self.operation.to_owned(),
            status: self.meta.status,
            source,
        })
    }

    /// The error for an answer that lacks something it must carry.
    pub(crate) fn missing(&self, what: &str) -> Error {
        Error::Api(Box::new(ApiError {
            meta: self.meta.clone(),
            status: None,
            code: None,
            message: Some(format!("{} answered without {what}", self.operation)),
            text: None,
        }))
    }
}
