//! The client and its builder.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bankapi_core::{
    AuthError, HttpConfig, HttpTransport, Provider, ResponseMeta, RetryClass, TransportError,
};
use chrono::NaiveDate;
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use secrecy::SecretString;

use crate::account_type::AccountType;
use crate::auth::{self, OAuthSigner, SamlAuth};
use crate::challenge::{Answers, ChallengeSession, ChallengeSet, Discovery, LoginUpdate, Origin};
use crate::credentials::{CredentialField, Credentials};
use crate::error::{api_error, Error, REQUEST_ID_HEADERS};
use crate::ids::{AccountId, InstitutionId, LoginId};
use crate::models::login::{
    ChallengeResponse, ChallengeResponses, CredentialXml, CredentialsXml, InstitutionLogin,
};
use crate::models::{
    Account, AccountList, Challenges, Institution, InstitutionDetail, Institutions,
    InvestmentPositions, Status, TransactionList,
};
use crate::oauth::Consumer;
use crate::saml::PrivateKey;

/// Where the API lives. Intuit retired the service; Finicity ran the same protocol at other
/// hosts; anything else (a proxy, a mock) is [`Environment::Custom`].
///
/// ```
/// use intuit_aggcat::Environment;
///
/// assert_eq!(Environment::Intuit.base_url(), "https://financialdatafeed.platform.intuit.com/v1");
/// assert_eq!(
///     Environment::Finicity.token_url(),
///     "https://api.finicity.com/oauth/v1/get_access_token_by_saml"
/// );
/// let proxy = Environment::Custom {
///     base_url: "https://aggcat.internal/rest-war/v1".into(),
///     token_url: "https://aggcat.internal/oauth/v1/get_access_token_by_saml".into(),
/// };
/// assert_eq!(proxy.base_url(), "https://aggcat.internal/rest-war/v1");
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// `https://financialdatafeed.platform.intuit.com/v1` and Intuit's SAML token endpoint.
    Intuit,
    /// Finicity's drop-in facade: `https://api.finicity.com/financialdatafeed/v1`.
    Finicity,
    /// Any other host.
    Custom {
        /// The REST base URL (paths such as `/institutions` are appended).
        base_url: String,
        /// The SAML token endpoint.
        token_url: String,
    },
}

impl Environment {
    /// The REST base URL.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Intuit => "https://financialdatafeed.platform.intuit.com/v1",
            Environment::Finicity => "https://api.finicity.com/financialdatafeed/v1",
            Environment::Custom { base_url, .. } => base_url,
        }
    }

    /// The SAML token endpoint.
    pub fn token_url(&self) -> &str {
        match self {
            Environment::Intuit => "https://oauth.intuit.com/oauth/v1/get_access_token_by_saml",
            Environment::Finicity => "https://api.finicity.com/oauth/v1/get_access_token_by_saml",
            Environment::Custom { token_url, .. } => token_url,
        }
    }
}

/// Builds a [`Client`]; see [`Client::builder`]. Required: consumer key and secret, SAML
/// identity provider id, customer id, private key. Default environment: [`Environment::Intuit`].
///
/// ```
/// use intuit_aggcat::{Client, HttpConfig};
/// use std::time::Duration;
///
/// # let pem = intuit_aggcat::mock::PRIVATE_KEY_PEM;
/// let missing = Client::builder().consumer_key("key").build();
/// assert!(missing.is_err());
/// let client = Client::builder()
///     .consumer_key("key")
///     .consumer_secret("secret")
///     .saml_identity_provider_id("myapp.12345.intuit.ipp.prod")
///     .customer_id("42")
///     .private_key_pem(pem)
///     .base_url("https://financialdatafeed.platform.intuit.com/rest-war/v1")
///     .http_config(HttpConfig::default().with_timeout(Duration::from_secs(120)))
///     .build()?;
/// assert!(client.base_url().ends_with("/rest-war/v1"));
/// # Ok::<_, intuit_aggcat::Error>(())
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    consumer_key: Option<String>,
    consumer_secret: Option<SecretString>,
    saml_identity_provider_id: Option<String>,
    customer_id: Option<String>,
    private_key: Option<KeySource>,
    passphrase: Option<SecretString>,
    environment: Option<Environment>,
    base_url: Option<String>,
    token_url: Option<String>,
    http_config: Option<HttpConfig>,
    token_lifetime: Option<Duration>,
}

enum KeySource {
    Pem(SecretString),
    File(PathBuf),
    Key(PrivateKey),
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("consumer_key", &self.consumer_key)
            .field(
                "consumer_secret",
                &self.consumer_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("saml_identity_provider_id", &self.saml_identity_provider_id)
            .field("customer_id", &self.customer_id)
            .field(
                "private_key",
                &self.private_key.as_ref().map(|_| "[redacted]"),
            )
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("token_url", &self.token_url)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The OAuth consumer key of the Intuit application.
    pub fn consumer_key(mut self, key: impl Into<String>) -> Self {
        self.consumer_key = Some(key.into());
        self
    }

    /// The OAuth consumer secret.
    pub fn consumer_secret(mut self, secret: impl Into<String>) -> Self {
        self.consumer_secret = Some(SecretString::from(secret.into()));
        self
    }

    /// The SAML identity provider id (e.g. `myapp.12345.intuit.ipp.prod`): the assertion's
    /// issuer and audience.
    pub fn saml_identity_provider_id(mut self, id: impl Into<String>) -> Self {
        self.saml_identity_provider_id = Some(id.into());
        self
    }

    /// The customer (end user) this client acts for: a stable id of yours (a database key or a
    /// GUID). Every call sees that customer's data only.
    pub fn customer_id(mut self, id: impl Into<String>) -> Self {
        self.customer_id = Some(id.into());
        self
    }

    /// The RSA private key whose certificate was uploaded to Intuit, as PEM text (PKCS#1 or
    /// PKCS#8).
    pub fn private_key_pem(mut self, pem: impl Into<String>) -> Self {
        self.private_key = Some(KeySource::Pem(SecretString::from(pem.into())));
        self
    }

    /// The private key, read from a PEM file when the client is built.
    pub fn private_key_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.private_key = Some(KeySource::File(path.into()));
        self
    }

    /// An already loaded private key.
    pub fn private_key(mut self, key: PrivateKey) -> Self {
        self.private_key = Some(KeySource::Key(key));
        self
    }

    /// The passphrase of an encrypted PEM key.
    pub fn private_key_passphrase(mut self, passphrase: impl Into<String>) -> Self {
        self.passphrase = Some(SecretString::from(passphrase.into()));
        self
    }

    /// Where the API lives (default [`Environment::Intuit`]).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// Overrides the REST base URL (e.g. Intuit's `…/rest-war/v1` alias, or a mock server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Overrides the SAML token endpoint.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Timeouts, user agent, retry policy, or your own `reqwest::Client`. `get_institutions`
    /// is slow (tens of seconds): give it a long timeout.
    pub fn http_config(mut self, config: HttpConfig) -> Self {
        self.http_config = Some(config);
        self
    }

    /// How long an access token lives (default one hour, as Intuit documents); it is renewed
    /// five minutes before (or halfway, for short lifetimes).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = Some(lifetime);
        self
    }

    /// Checks the settings, loads the key and builds the client. Nothing is sent yet.
    pub fn build(self) -> Result<Client, Error> {
        let missing = |what: &str| Error::invalid_request(format!("{what} is required"));
        let consumer_key = self.consumer_key.ok_or_else(|| missing("consumer_key"))?;
        let consumer_secret = self
            .consumer_secret
            .ok_or_else(|| missing("consumer_secret"))?;
        let issuer = self
            .saml_identity_provider_id
            .ok_or_else(|| missing("saml_identity_provider_id"))?;
        let customer_id = self.customer_id.ok_or_else(|| missing("customer_id"))?;
        if customer_id.trim().is_empty() || issuer.trim().is_empty() || consumer_key.is_empty() {
            return Err(Error::invalid_request(
                "consumer_key, saml_identity_provider_id and customer_id must not be empty",
            ));
        }
        let read = |pem: &[u8]| match &self.passphrase {
            Some(p) => {
                use secrecy::ExposeSecret;
                PrivateKey::from_pem_with_passphrase(pem, p.expose_secret().as_bytes())
            }
            None => PrivateKey::from_pem(pem),
        };
        let key = match self.private_key.ok_or_else(|| missing("a private key"))? {
            KeySource::Key(key) => key,
            KeySource::Pem(pem) => {
                use secrecy::ExposeSecret;
                read(pem.expose_secret().as_bytes())?
            }
            KeySource::File(path) => {
                let pem = std::fs::read(&path).map_err(|e| {
                    Error::invalid_request(format!(
                        "cannot read the private key file {}: {e}",
                        path.display()
                    ))
                })?;
                read(&pem)?
            }
        };
        let environment = self.environment.unwrap_or(Environment::Intuit);
        let base_url = self
            .base_url
            .unwrap_or_else(|| environment.base_url().to_owned());
        let token_url = self
            .token_url
            .unwrap_or_else(|| environment.token_url().to_owned());
        let base_url = parse_base(&base_url)?;
        let token_url = reqwest::Url::parse(&token_url)
            .map_err(|e| Error::invalid_request(format!("bad token URL: {e}")))?;
        let http = self.http_config.unwrap_or_default();
        let reqwest_client = http
            .build_client()
            .map_err(|e| Error::invalid_request(format!("cannot build the HTTP client: {e}")))?;
        let plain = HttpTransport::new(
            Provider::IntuitAggcat,
            reqwest_client,
            http.retry_policy().clone(),
        );
        let saml = Arc::new(SamlAuth::new(
            Consumer {
                key: consumer_key,
                secret: consumer_secret,
            },
            issuer,
            customer_id,
            key,
            token_url,
            plain.clone(),
            self.token_lifetime.unwrap_or(auth::TOKEN_LIFETIME),
        ));
        let transport = plain.with_authenticator(Arc::new(OAuthSigner(saml.clone())));
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                transport,
                saml,
            }),
        })
    }
}

fn parse_base(url: &str) -> Result<reqwest::Url, Error> {
    let mut parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::invalid_request(format!("bad base URL {url:?}: {e}")))?;
    if parsed.cannot_be_a_base() || parsed.query().is_some() {
        return Err(Error::invalid_request(format!("bad base URL {url:?}")));
    }
    let path = parsed.path().trim_end_matches('/').to_owned();
    parsed.set_path(&path);
    Ok(parsed)
}

struct Inner {
    base_url: reqwest::Url,
    transport: HttpTransport,
    saml: Arc<SamlAuth>,
}

/// A client of Intuit's Customer Account Data API for one customer; cheap to clone (clones
/// share the access token).
///
/// ```
/// use intuit_aggcat::{Client, Environment};
///
/// # let key_path = bankapi_testkit::fixture_path("intuit/keys/python-aggcat_test.key");
/// let client = Client::builder()
///     .consumer_key("consumer-key")
///     .consumer_secret("consumer-secret")
///     .saml_identity_provider_id("myapp.12345.intuit.ipp.prod")
///     .customer_id("customer-42")
///     .private_key_file(key_path)
///     .environment(Environment::Finicity)
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.finicity.com/financialdatafeed/v1");
/// assert!(!format!("{client:?}").contains("consumer-secret"));
/// # Ok::<_, intuit_aggcat::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.saml)
            .finish_non_exhaustive()
    }
}

/// A request to send: method, path under the base URL, query, XML body.
struct Call<'a> {
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<String>,
    what: &'a str,
}

impl<'a> Call<'a> {
    fn new(method: Method, path: String, what: &'a str) -> Self {
        Call {
            method,
            path,
            query: Vec::new(),
            body: None,
            what,
        }
    }
}

/// A response's status, headers and body, read whole.
struct Reply {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn tid(&self) -> Option<String> {
        ResponseMeta::from_parts(self.status, &self.headers, REQUEST_ID_HEADERS).request_id
    }

    /// Decodes a success body, attaching status and `intuit_tid` to any error.
    fn decode<T>(&self, decode: impl FnOnce(&[u8]) -> Result<T, Error>) -> Result<T, Error> {
        decode(&self.body).map_err(|e| e.with_response(self.status, self.tid(), None))
    }

    /// The error this response stands for.
    fn into_error(self) -> Error {
        let meta = ResponseMeta::from_parts(self.status, &self.headers, REQUEST_ID_HEADERS);
        let status_body = crate::xml::root_element(&self.body)
            .filter(|(name, _)| name == "Status")
            .and_then(|_| Status::from_xml(&self.body).ok());
        let problem = auth::oauth_problem(&self.headers).or_else(|| {
            let text = String::from_utf8_lossy(&self.body);
            let problem = auth::form_pairs(text.trim())
                .find(|(k, _)| k == "oauth_problem")
                .map(|(_, v)| v);
            problem
        });
        let mut error = api_error(
            self.status,
            status_body,
            problem,
            meta.request_id,
            meta.retry_after,
        );
        if error.message.is_none() && error.body.is_none() {
            let snippet = bankapi_core::error::body_snippet(&self.body, 200);
            if !snippet.is_empty() {
                error.message = Some(snippet);
            }
        }
        Error::Api(Box::new(error))
    }

    fn challenge_session(&self) -> Option<ChallengeSession> {
        let get = |name: &str| {
            self.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
        };
        Some(ChallengeSession::new(
            get("challengeSessionId")?,
            get("challengeNodeId").unwrap_or_default(),
        ))
    }
}

impl Client {
    /// A builder; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The REST base URL in use.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// The customer this client acts for.
    pub fn customer_id(&self) -> &str {
        &self.inner.saml.customer_id
    }

    /// A client for another customer, sharing this one's settings, key and connection pool
    /// (but not its token: tokens are minted per customer).
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # let sandbox = intuit_aggcat::mock::mount_sandbox(&server).await;
    /// let alice = intuit_aggcat::mock::client_builder(&server).customer_id("alice").build()?;
    /// let bob = alice.for_customer("bob")?;
    /// assert_eq!(bob.customer_id(), "bob");
    /// alice.get_customer_accounts().await?;
    /// bob.get_customer_accounts().await?;
    /// assert_eq!(sandbox.token_requests(), 2);
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// ```
    pub fn for_customer(&self, customer_id: impl Into<String>) -> Result<Client, Error> {
        let customer_id = customer_id.into();
        if customer_id.trim().is_empty() {
            return Err(Error::invalid_request("customer_id must not be empty"));
        }
        let current = &self.inner.saml;
        let saml = Arc::new(SamlAuth::new(
            current.consumer.clone(),
            current.issuer.clone(),
            customer_id,
            current.key.clone(),
            current.token_url.clone(),
            current.transport.clone(),
            current.token_lifetime,
        ));
        let transport = current
            .transport
            .clone()
            .with_authenticator(Arc::new(OAuthSigner(saml.clone())));
        Ok(Client {
            inner: Arc::new(Inner {
                base_url: self.inner.base_url.clone(),
                transport,
                saml,
            }),
        })
    }

    async fn send(
        &self,
        call: Call<'_>,
        session: Option<&ChallengeSession>,
    ) -> Result<Reply, Error> {
        let mut url = self.inner.base_url.clone();
        let path = format!("{}{}", url.path(), call.path);
        url.set_path(&path);
        if !call.query.is_empty() {
            // Encoded exactly as the OAuth signature encodes it.
            let query = call
                .query
                .iter()
                .map(|(k, v)| format!("{}={}", crate::oauth::encode(k), crate::oauth::encode(v)))
                .collect::<Vec<_>>()
                .join("&");
            url.set_query(Some(&query));
        }
        let class = RetryClass::from_method(&call.method);
        let mut request = reqwest::Request::new(call.method, url);
        request
            .headers_mut()
            .insert(ACCEPT, HeaderValue::from_static("application/xml"));
        if let Some(body) = call.body {
            request
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/xml"));
            *request.body_mut() = Some(body.into());
        }
        if let Some(session) = session {
            // Answers must carry the session of the 401 that asked the questions.
            let value = |v: &str| {
                HeaderValue::from_str(v).map_err(|_| {
                    Error::invalid_request("the challenge session has invalid characters")
                })
            };
            let headers = request.headers_mut();
            headers.insert("challengeSessionId", value(session.session_id())?);
            headers.insert("challengeNodeId", value(session.node_id())?);
        }
        tracing::debug!(what = call.what, "calling Intuit");
        let response = match self.inner.transport.execute(request, class).await {
            Ok(response) => response,
            Err(TransportError::Auth(AuthError::Response(response))) => {
                // The token endpoint refused: report its answer.
                return Err(read(response).await?.into_error());
            }
            Err(e) => return Err(Error::Transport(Box::new(e))),
        };
        read(response).await
    }

    async fn get_xml<T>(
        &self,
        path: String,
        what: &str,
        decode: impl FnOnce(&[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let reply = self.send(Call::new(Method::GET, path, what), None).await?;
        if reply.status != StatusCode::OK {
            return Err(reply.into_error());
        }
        reply.decode(decode)
    }

    async fn expect_empty(&self, call: Call<'_>) -> Result<(), Error> {
        let reply = self.send(call, None).await?;
        if reply.status.is_success() {
            Ok(())
        } else {
            Err(reply.into_error())
        }
    }

    /// Every institution Intuit aggregates (GET /institutions). Slow (about 19,000 entries, tens
    /// of seconds): cache the result, never call it on a user's request path.
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let institutions = client.get_institutions().await?;
    /// assert!(institutions.institutions.iter().any(|i| i.institution_id == "100000"));
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn get_institutions(&self) -> Result<Institutions, Error> {
        self.get_xml(
            "/institutions".to_owned(),
            "get_institutions",
            Institutions::from_xml,
        )
        .await
    }

    /// Institutions whose name contains every word of `query` (case and accents of ASCII letters
    /// ignored), best matches first; see [`Institutions::search`]. Fetches the whole list: keep
    /// the result of [`get_institutions`](Self::get_institutions) and search that when you can.
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let found = client.search_institutions("ccbank").await?;
    /// assert_eq!(found[0].institution_id, "100000");
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn search_institutions(&self, query: &str) -> Result<Vec<Institution>, Error> {
        let all = self.get_institutions().await?;
        Ok(all.search(query).into_iter().cloned().collect())
    }

    /// One institution, with its login keys (GET /institutions/{id}).
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let detail = client.get_institution_details(100000).await?;
    /// assert_eq!(detail.institution_name.as_deref(), Some("CCBank"));
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn get_institution_details(
        &self,
        institution_id: impl Into<InstitutionId>,
    ) -> Result<InstitutionDetail, Error> {
        let id = institution_id.into();
        let path = format!("/institutions/{}", id.for_path()?);
        self.get_xml(path, "get_institution_details", InstitutionDetail::from_xml)
            .await
    }

    /// The fields of the institution's login form, sorted by display order (hidden keys left
    /// out): the names to use in [`Credentials`].
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let fields = client.get_credential_fields(100000).await?;
    /// let names: Vec<_> = fields.iter().map(|f| f.name.as_str()).collect();
    /// assert_eq!(names, ["Banking Userid", "Banking Password"]);
    /// assert!(fields[1].mask);
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn get_credential_fields(
        &self,
        institution_id: impl Into<InstitutionId>,
    ) -> Result<Vec<CredentialField>, Error> {
        Ok(self
            .get_institution_details(institution_id)
            .await?
            .credential_fields())
    }

    /// Logs in to an institution with the user's credentials and adds the accounts found
    /// (POST /institutions/{id}/logins). The institution may ask questions first: answer them
    /// with [`ChallengeSet::answer`].
    ///
    /// ```
    /// use intuit_aggcat::{Credentials, Discovery};
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    ///
    /// let credentials = Credentials::new()
    ///     .with("Banking Userid", "tfa_text")
    ///     .with("Banking Password", "anyvalue");
    /// let accounts = match client.discover_and_add_accounts(100000, credentials).await? {
    ///     Discovery::Accounts(accounts) => accounts,
    ///     Discovery::Challenge(challenge) => {
    ///         assert_eq!(challenge.challenges()[0].question(), "Enter your first pet's name:");
    ///         match challenge.answer(&client, ["Black Cat"]).await? {
    ///             Discovery::Accounts(accounts) => accounts,
    ///             Discovery::Challenge(_) => unreachable!("one round in this scenario"),
    ///             _ => unreachable!(),
    ///         }
    ///     }
    ///     _ => unreachable!(),
    /// };
    /// assert_eq!(accounts.accounts.len(), 10);
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn discover_and_add_accounts(
        &self,
        institution_id: impl Into<InstitutionId>,
        credentials: Credentials,
    ) -> Result<Discovery, Error> {
        let institution_id = institution_id.into();
        let body = InstitutionLogin {
            credentials: Some(CredentialsXml {
                credential: credentials
                    .expose()?
                    .into_iter()
                    .map(|(name, value)| CredentialXml { name, value })
                    .collect(),
            }),
            challenge_responses: None,
        };
        self.login_call(&institution_id, None, body).await
    }

    /// Answers a discovery's questions (POST /institutions/{id}/logins with the challenge
    /// headers). [`ChallengeSet::answer`] is the usual way; this form takes the session kept
    /// from an earlier request (e.g. across a web form).
    ///
    /// ```
    /// use intuit_aggcat::{ChallengeSession, Discovery};
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let session = ChallengeSession::new(intuit_aggcat::mock::SESSION_ID, intuit_aggcat::mock::NODE_ID);
    /// let outcome = client.confirm_challenge(100000, &session, ["Black Cat"].into()).await?;
    /// assert!(matches!(outcome, Discovery::Accounts(_)));
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn confirm_challenge(
        &self,
        institution_id: impl Into<InstitutionId>,
        session: &ChallengeSession,
        answers: Answers,
    ) -> Result<Discovery, Error> {
        let institution_id = institution_id.into();
        let body = answers_body(&answers)?;
        self.login_call(&institution_id, Some(session), body).await
    }

    async fn login_call(
        &self,
        institution_id: &InstitutionId,
        session: Option<&ChallengeSession>,
        body: InstitutionLogin,
    ) -> Result<Discovery, Error> {
        let path = format!("/institutions/{}/logins", institution_id.for_path()?);
        let mut call = Call::new(Method::POST, path, "discover_and_add_accounts");
        call.body = Some(body.to_xml().map_err(Error::invalid_request)?);
        let reply = self.send(call, session).await?;
        match reply.status {
            StatusCode::CREATED | StatusCode::OK => {
                Ok(Discovery::Accounts(reply.decode(AccountList::from_xml)?))
            }
            StatusCode::UNAUTHORIZED if auth::is_challenge(&reply.headers) => {
                let session = reply.challenge_session().expect("checked above");
                let challenges = reply.decode(Challenges::from_xml)?;
                Ok(Discovery::Challenge(ChallengeSet::from_response(
                    session,
                    challenges,
                    Origin::Discovery(institution_id.clone()),
                )?))
            }
            _ => Err(reply.into_error()),
        }
    }

    /// All the customer's accounts (GET /accounts); empty when none.
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let accounts = client.get_customer_accounts().await?;
    /// assert_eq!(accounts.accounts.len(), 10);
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn get_customer_accounts(&self) -> Result<AccountList, Error> {
        self.get_xml(
            "/accounts".to_owned(),
            "get_customer_accounts",
            AccountList::from_xml,
        )
        .await
    }

    /// The accounts of one institution login (GET /logins/{id}/accounts).
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let accounts = client.get_login_accounts(83850162).await?;
    /// assert!(accounts.accounts.iter().all(|a| a.institution_login_id().unwrap() == "83850162"));
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn get_login_accounts(
        &self,
        login_id: impl Into<LoginId>,
    ) -> Result<AccountList, Error> {
        let login_id = login_id.into();
        let path = format!("/logins/{}/accounts", login_id.for_path()?);
        self.get_xml(path, "get_login_accounts", AccountList::from_xml)
            .await
    }

    /// One account (GET /accounts/{id}; Intuit wraps it in an `AccountList`).
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let account = client.get_account("400004530276").await?;
    /// assert_eq!(account.account_nickname().map(String::as_str), Some("My Checking"));
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn get_account(&self, account_id: impl Into<AccountId>) -> Result<Account, Error> {
        let account_id = account_id.into();
        let path = format!("/accounts/{}", account_id.for_path()?);
        let list = self
            .get_xml(path, "get_account", AccountList::from_xml)
            .await?;
        list.accounts.into_iter().next().ok_or_else(|| {
            let mut error = api_error(StatusCode::OK, None, None, None, None);
            error.kind = bankapi_core::ErrorKind::NotFound;
            error.message = Some(format!("no account {account_id} in the answer"));
            Error::Api(Box::new(error))
        })
    }

    /// The transactions of an account posted from `start` (inclusive) to `end` (inclusive, or
    /// up to now), GET /accounts/{id}/transactions?txnStartDate=…&txnEndDate=…. Intuit returns
    /// them in no particular order.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let start = NaiveDate::from_ymd_opt(2012, 8, 1).unwrap();
    /// let list = client.get_account_transactions("400004530271", start, None).await?;
    /// assert!(!list.transactions.is_empty());
    /// // An end before the start is refused before anything is sent.
    /// let before = NaiveDate::from_ymd_opt(2012, 7, 1).unwrap();
    /// assert!(client.get_account_transactions("400004530271", start, Some(before)).await.is_err());
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn get_account_transactions(
        &self,
        account_id: impl Into<AccountId>,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> Result<TransactionList, Error> {
        let account_id = account_id.into();
        if let Some(end) = end {
            if end < start {
                return Err(Error::invalid_request(format!(
                    "the end date {end} is before the start date {start}"
                )));
            }
        }
        let path = format!("/accounts/{}/transactions", account_id.for_path()?);
        let mut call = Call::new(Method::GET, path, "get_account_transactions");
        call.query
            .push(("txnStartDate", start.format("%Y-%m-%d").to_string()));
        if let Some(end) = end {
            call.query
                .push(("txnEndDate", end.format("%Y-%m-%d").to_string()));
        }
        let reply = self.send(call, None).await?;
        if reply.status != StatusCode::OK {
            return Err(reply.into_error());
        }
        reply.decode(TransactionList::from_xml)
    }

    /// Like [`get_account_transactions`](Self::get_account_transactions), with the dates as
    /// `YYYY-MM-DD` text (as python-aggcat took them); bad dates are refused before sending.
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// assert!(client.get_account_transactions_str("400004530271", "2012-08-01", None).await.is_ok());
    /// let error = client.get_account_transactions_str("400004530271", "2012-02-30", None).await.unwrap_err();
    /// assert_eq!(bankapi_core::ProviderError::kind(&error), bankapi_core::ErrorKind::InvalidRequest);
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn get_account_transactions_str(
        &self,
        account_id: impl Into<AccountId>,
        start: &str,
        end: Option<&str>,
    ) -> Result<TransactionList, Error> {
        let start = parse_date(start)?;
        let end = end.map(parse_date).transpose()?;
        self.get_account_transactions(account_id, start, end).await
    }

    /// The holdings of an investment account (GET /accounts/{id}/positions).
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let positions = client.get_investment_positions("400004530274").await?;
    /// assert_eq!(positions.positions.len(), 2);
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn get_investment_positions(
        &self,
        account_id: impl Into<AccountId>,
    ) -> Result<InvestmentPositions, Error> {
        let account_id = account_id.into();
        let path = format!("/accounts/{}/positions", account_id.for_path()?);
        self.get_xml(
            path,
            "get_investment_positions",
            InvestmentPositions::from_xml,
        )
        .await
    }

    /// Sets the type of an account Intuit could only classify as "Other" (PUT /accounts/{id}).
    /// Intuit refuses (403) to change an account of a concrete kind.
    ///
    /// ```
    /// use intuit_aggcat::AccountType;
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let new_type = AccountType::from_name_and_type("investment", "403b")?;
    /// client.update_account_type("400004540560", new_type).await?;
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn update_account_type(
        &self,
        account_id: impl Into<AccountId>,
        account_type: AccountType,
    ) -> Result<(), Error> {
        let account_id = account_id.into();
        let account_type = account_type.checked()?;
        let path = format!("/accounts/{}", account_id.for_path()?);
        let mut call = Call::new(Method::PUT, path, "update_account_type");
        call.body = Some(account_type.to_xml()?);
        self.expect_empty(call).await
    }

    /// Updates a login: new credentials, or `None` to refresh with the stored ones (which
    /// also provokes the institution's questions when it needs them again). With `refresh`,
    /// Intuit logs in to the institution right away (PUT /logins/{id}?refresh=true).
    ///
    /// ```
    /// use intuit_aggcat::{Credentials, LoginUpdate};
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let credentials = Credentials::new()
    ///     .with("Banking Userid", "direct")
    ///     .with("Banking Password", "anyvalue");
    /// let outcome = client.update_institution_login(83850162, Some(credentials), true).await?;
    /// assert!(matches!(outcome, LoginUpdate::Updated));
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn update_institution_login(
        &self,
        login_id: impl Into<LoginId>,
        credentials: Option<Credentials>,
        refresh: bool,
    ) -> Result<LoginUpdate, Error> {
        let login_id = login_id.into();
        let body = InstitutionLogin {
            credentials: credentials
                .map(|c| {
                    c.expose().map(|pairs| CredentialsXml {
                        credential: pairs
                            .into_iter()
                            .map(|(name, value)| CredentialXml { name, value })
                            .collect(),
                    })
                })
                .transpose()?,
            challenge_responses: None,
        };
        self.login_update_call(&login_id, None, body, refresh).await
    }

    /// Answers the questions of a login update (PUT /logins/{id} with the challenge headers).
    ///
    /// ```
    /// use intuit_aggcat::{ChallengeSession, LoginUpdate};
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// let session = ChallengeSession::new(intuit_aggcat::mock::SESSION_ID, intuit_aggcat::mock::NODE_ID);
    /// let outcome = client.update_challenge(83850162, &session, ["Black Cat"].into(), true).await?;
    /// assert!(matches!(outcome, LoginUpdate::Updated));
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn update_challenge(
        &self,
        login_id: impl Into<LoginId>,
        session: &ChallengeSession,
        answers: Answers,
        refresh: bool,
    ) -> Result<LoginUpdate, Error> {
        let login_id = login_id.into();
        let body = answers_body(&answers)?;
        self.login_update_call(&login_id, Some(session), body, refresh)
            .await
    }

    async fn login_update_call(
        &self,
        login_id: &LoginId,
        session: Option<&ChallengeSession>,
        body: InstitutionLogin,
        refresh: bool,
    ) -> Result<LoginUpdate, Error> {
        let path = format!("/logins/{}", login_id.for_path()?);
        let mut call = Call::new(Method::PUT, path, "update_institution_login");
        if refresh {
            call.query.push(("refresh", "true".to_owned()));
        }
        call.body = Some(body.to_xml().map_err(Error::invalid_request)?);
        let reply = self.send(call, session).await?;
        match reply.status {
            s if s.is_success() => Ok(LoginUpdate::Updated),
            StatusCode::UNAUTHORIZED if auth::is_challenge(&reply.headers) => {
                let session = reply.challenge_session().expect("checked above");
                let challenges = reply.decode(Challenges::from_xml)?;
                Ok(LoginUpdate::Challenge(ChallengeSet::from_response(
                    session,
                    challenges,
                    Origin::LoginUpdate {
                        login_id: login_id.clone(),
                        refresh,
                    },
                )?))
            }
            _ => Err(reply.into_error()),
        }
    }

    /// Deletes an account (DELETE /accounts/{id}).
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// client.delete_account("400004530276").await?;
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn delete_account(&self, account_id: impl Into<AccountId>) -> Result<(), Error> {
        let account_id = account_id.into();
        let path = format!("/accounts/{}", account_id.for_path()?);
        self.expect_empty(Call::new(Method::DELETE, path, "delete_account"))
            .await
    }

    /// Deletes the customer and all its data (DELETE /customers). Any later call with the same
    /// customer id silently creates the customer again; the cached token is dropped.
    ///
    /// ```
    /// # tokio_test_block(async {
    /// # let server = httpmock::MockServer::start_async().await;
    /// # intuit_aggcat::mock::mount_sandbox(&server).await;
    /// # let client = intuit_aggcat::mock::client_builder(&server).build()?;
    /// client.delete_customer().await?;
    /// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
    /// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f) }
    /// ```
    pub async fn delete_customer(&self) -> Result<(), Error> {
        self.expect_empty(Call::new(
            Method::DELETE,
            "/customers".to_owned(),
            "delete_customer",
        ))
        .await?;
        self.inner.saml.cache.clear().await;
        Ok(())
    }
}

fn answers_body(answers: &Answers) -> Result<InstitutionLogin, Error> {
    Ok(InstitutionLogin {
        credentials: None,
        challenge_responses: Some(ChallengeResponses {
            response: answers
                .expose()?
                .into_iter()
                .map(|answer| ChallengeResponse { answer })
                .collect(),
        }),
    })
}

fn parse_date(text: &str) -> Result<NaiveDate, Error> {
    let valid = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| valid)
        .ok_or_else(|| Error::invalid_request(format!("{text:?} is not a YYYY-MM-DD date")))
}

async fn read(response: reqwest::Response) -> Result<Reply, Error> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|e| {
        let mut e = e;
        if let Some(url) = e.url_mut() {
            url.set_query(None);
        }
        Error::Transport(Box::new(TransportError::Send(e)))
    })?;
    Ok(Reply {
        status,
        headers,
        body: body.to_vec(),
    })
}
