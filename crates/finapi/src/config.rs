//! Building a [`Client`]: environment, credentials, HTTP settings.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bankapi_core::{HttpConfig, HttpTransport, Provider};

use crate::auth::{BearerTokens, ClientCredentials, TokenEndpoint, UserCredentials};
use crate::hooks::ClientState;
use crate::{Client, Error};

/// Which finAPI installation to talk to.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// `https://sandbox.finapi.io`, finAPI's test installation (demo banks, free credentials).
    Sandbox,
    /// `https://live.finapi.io`, the production installation.
    Live,
    /// Any other base URL: a proxy, a mock server (`http://127.0.0.1:…`).
    Custom(String),
}

impl Environment {
    /// The base URL, without a trailing slash.
    ///
    /// ```
    /// use finapi::Environment;
    ///
    /// assert_eq!(Environment::Sandbox.base_url(), "https://sandbox.finapi.io");
    /// assert_eq!(Environment::Custom("http://127.0.0.1:8080/".into()).base_url(), "http://127.0.0.1:8080");
    /// ```
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Sandbox => "https://sandbox.finapi.io",
            Environment::Live => "https://live.finapi.io",
            Environment::Custom(url) => url.trim_end_matches('/'),
        }
    }
}

/// Builds a [`Client`]; start with [`Client::builder`].
///
/// ```
/// use finapi::{Client, ClientInfo, Environment, HttpConfig};
/// use std::time::Duration;
///
/// let client = Client::builder()
///     .environment(Environment::Sandbox)
///     .client_credentials("my-client-id", "my-client-secret")
///     .user("alice", "wonderland")
///     .http_config(HttpConfig::default().with_timeout(Duration::from_secs(60)).with_user_agent("my-app/1.0"))
///     .build()?;
/// assert_eq!(client.baseurl(), "https://sandbox.finapi.io");
/// assert_eq!(client.username(), Some("alice"));
/// assert!(!format!("{client:?}").contains("my-client-secret"));
/// # Ok::<_, finapi::Error>(())
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    environment: Environment,
    client: Option<ClientCredentials>,
    user: Option<UserCredentials>,
    http: HttpConfig,
    renew_before: Duration,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("environment", &self.environment)
            .field("client", &self.client)
            .field("user", &self.user)
            .field("http", &self.http)
            .field("renew_before", &self.renew_before)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            environment: Environment::Sandbox,
            client: None,
            user: None,
            http: HttpConfig::default(),
            renew_before: Duration::from_secs(60),
        }
    }
}

impl ClientBuilder {
    /// Sets the installation; the default is [`Environment::Sandbox`].
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Shorthand for `environment(Environment::Custom(url))`.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Custom(url.into()))
    }

    /// Sets the application's client id and secret (required).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<secrecy::SecretString>,
    ) -> Self {
        self.client = Some(ClientCredentials::new(client_id, client_secret));
        self
    }

    /// Sets the user the client acts for (password grant). Without a user, only client
    /// operations and the bank catalogue can be called; see [`Client::for_user`] to act for
    /// several users.
    pub fn user(
        mut self,
        username: impl Into<String>,
        password: impl Into<secrecy::SecretString>,
    ) -> Self {
        self.user = Some(UserCredentials::new(username, password));
        self
    }

    /// Sets timeouts, user agent, retry policy, or a caller-supplied `reqwest::Client`.
    pub fn http_config(mut self, http: HttpConfig) -> Self {
        self.http = http;
        self
    }

    /// Sets how long before their announced expiry tokens are renewed (default 60 s).
    pub fn renew_tokens_before(mut self, margin: Duration) -> Self {
        self.renew_before = margin;
        self
    }

    /// Builds the client. Fails with [`ErrorKind::InvalidRequest`](bankapi_core::ErrorKind)
    /// without client credentials, with an empty client id or secret, or with a base URL that is
    /// not one.
    pub fn build(self) -> Result<Client, Error> {
        let client = self.client.ok_or_else(|| {
            Error::invalid_request(
                "client credentials are required: call `.client_credentials(id, secret)`",
            )
        })?;
        client.check().map_err(Error::invalid_request)?;
        let base_url = self.environment.base_url().to_owned();
        let http = self
            .http
            .build_client()
            .map_err(|e| Error::invalid_request(format!("cannot build the HTTP client: {e}")))?;
        let plain = HttpTransport::new(
            Provider::FinApi,
            http.clone(),
            self.http.retry_policy().clone(),
        );
        let endpoint = Arc::new(
            TokenEndpoint::new(&base_url, plain.clone(), client).map_err(Error::invalid_request)?,
        );
        let client_tokens = Arc::new(BearerTokens::client(endpoint.clone(), self.renew_before));
        let user = self.user.map(|user| {
            Arc::new(BearerTokens::user(
                endpoint.clone(),
                user,
                self.renew_before,
            ))
        });
        let state = ClientState::new(plain, endpoint, client_tokens, user, self.renew_before);
        Ok(Client::new_with_client(&base_url, http, state))
    }
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The same client (configuration, connection pool, client token) acting for another user,
    /// with that user's own token cache. Typical for a service with many users: build one client
    /// with client credentials only, create users with it, then act for each with `for_user`.
    ///
    /// ```
    /// let client = finapi::Client::builder().client_credentials("id", "secret").build()?;
    /// assert_eq!(client.username(), None);
    /// let alice = client.for_user("alice", "wonderland");
    /// assert_eq!(alice.username(), Some("alice"));
    /// # Ok::<_, finapi::Error>(())
    /// ```
    pub fn for_user(
        &self,
        username: impl Into<String>,
        password: impl Into<secrecy::SecretString>,
    ) -> Client {
        let state = self
            .inner
            .with_user(UserCredentials::new(username, password));
        Client::new_with_client(&self.baseurl, self.client.clone(), state)
    }

    /// The user this client acts for, if any.
    pub fn username(&self) -> Option<&str> {
        self.inner.username()
    }
}
