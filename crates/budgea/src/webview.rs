//! Webview URLs (connect, reconnect, manage, transfer), the `/webauth` redirect, and the
//! callback's query.
//!
//! The webview is where users pick their bank, authenticate (SCA) and choose the accounts to
//! share; a connection in the `SCARequired` or `webauthRequired` state is recovered by sending the
//! user to the `reconnect` flow. Every URL carries a temporary code (from
//! [`Client::temporary_code`](crate::Client::temporary_code)), never the user's permanent token.
//!
//! Two hosts exist: Powens' current `https://webview.powens.com/{lang}/{flow}?domain=…` (used
//! when the client knows its domain) and Budgea 2.0's `{base}/auth/webview/{lang}/{flow}` (used
//! with a custom base URL, e.g. a mock).

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::error::Error;

const POWENS_WEBVIEW: &str = "https://webview.powens.com";

/// The webview of one API domain and client application.
#[derive(Debug, Clone)]
pub struct Webview {
    domain: Option<String>,
    api_base: String,
    client_id: String,
}

impl Webview {
    /// The webview for `domain` (Powens host) or, without a domain, the Budgea 2.0 webview
    /// under `api_base`.
    pub fn new(domain: Option<String>, api_base: &str, client_id: impl Into<String>) -> Self {
        Webview {
            domain,
            api_base: api_base.trim_end_matches('/').to_owned(),
            client_id: client_id.into(),
        }
    }

    /// Powens' webview for an API domain (`demo`, `mybank-sandbox`).
    ///
    /// ```
    /// use budgea::webview::Webview;
    /// use secrecy::SecretString;
    ///
    /// let webview = Webview::powens("mybank-sandbox", "12345678");
    /// let url = webview
    ///     .reconnect("https://app.example.org/callback", 27)
    ///     .code(SecretString::from("temporary-code"))
    ///     .state("s1")
    ///     .build()?;
    /// assert_eq!(
    ///     url.as_str(),
    ///     "https://webview.powens.com/en/reconnect?domain=mybank-sandbox.biapi.pro&client_id=12345678\
    ///      &redirect_uri=https%3A%2F%2Fapp.example.org%2Fcallback&connection_id=27&state=s1&code=temporary-code"
    /// );
    /// # Ok::<_, budgea::Error>(())
    /// ```
    pub fn powens(domain: impl Into<String>, client_id: impl Into<String>) -> Self {
        let domain = domain.into();
        let api_base = format!("https://{domain}.biapi.pro/2.0");
        Webview::new(Some(domain), &api_base, client_id)
    }

    /// Budgea 2.0's webview under an API base URL (`…/2.0`).
    pub fn legacy(api_base: &str, client_id: impl Into<String>) -> Self {
        Webview::new(None, api_base, client_id)
    }

    fn flow(&self, flow: &'static str) -> WebviewUrl {
        WebviewUrl {
            webview: self.clone(),
            flow,
            lang: "en".into(),
            params: vec![("client_id".into(), self.client_id.clone())],
            code: None,
            code_required: flow != "connect",
        }
    }

    /// The `connect` flow: pick a bank, authenticate, choose accounts. Without a code the
    /// webview creates an anonymous user and returns a code to exchange.
    pub fn connect(&self, redirect_uri: &str) -> WebviewUrl {
        self.flow("connect").param("redirect_uri", redirect_uri)
    }

    /// The `reconnect` flow of a connection (after `SCARequired`, `webauthRequired`,
    /// `wrongpass`, …).
    pub fn reconnect(&self, redirect_uri: &str, connection_id: i64) -> WebviewUrl {
        self.flow("reconnect")
            .param("redirect_uri", redirect_uri)
            .param("connection_id", &connection_id.to_string())
    }

    /// The `manage` flow (add, remove, repair connections; activate accounts).
    pub fn manage(&self) -> WebviewUrl {
        self.flow("manage")
    }

    /// The `transfer` flow (Budgea Pay), optionally for a prepared transfer.
    pub fn transfer(&self, redirect_uri: &str, transfer_id: Option<i64>) -> WebviewUrl {
        let url = self.flow("transfer").param("redirect_uri", redirect_uri);
        match transfer_id {
            Some(id) => url.param("transfer_id", &id.to_string()),
            None => url,
        }
    }

    /// The API's `/webauth` redirect for a `webauth` connection (recover it), to open in a
    /// browser; the code goes in its `token` parameter.
    pub fn webauth_for_connection(&self, redirect_uri: &str, connection_id: i64) -> WebviewUrl {
        let mut url = self.flow("webauth");
        url.params
            .push(("redirect_uri".into(), redirect_uri.into()));
        url.params
            .push(("id_connection".into(), connection_id.to_string()));
        url
    }
}

/// A webview URL being built; [`build`](Self::build) checks it and returns the URL.
#[derive(Clone)]
pub struct WebviewUrl {
    webview: Webview,
    flow: &'static str,
    lang: String,
    params: Vec<(String, String)>,
    code: Option<SecretString>,
    code_required: bool,
}

impl fmt::Debug for WebviewUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebviewUrl")
            .field("flow", &self.flow)
            .field("lang", &self.lang)
            .field("params", &self.params)
            .field(
                "code",
                &self.code.as_ref().map(|_| bankapi_core::secret::REDACTED),
            )
            .finish()
    }
}

impl WebviewUrl {
    fn param(mut self, name: &str, value: &str) -> Self {
        self.params.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The user-scoped temporary code (required except for `connect`).
    pub fn code(mut self, code: SecretString) -> Self {
        self.code = Some(code);
        self
    }

    /// An opaque value returned as is on the callback.
    pub fn state(self, state: &str) -> Self {
        self.param("state", state)
    }

    /// The webview's language (`en`, `fr`, …); `en` by default.
    pub fn lang(mut self, lang: &str) -> Self {
        self.lang = lang.to_owned();
        self
    }

    /// `reconnect`: reset every credential instead of asking only for what is missing.
    pub fn reset_credentials(self, reset: bool) -> Self {
        self.param("reset_credentials", if reset { "true" } else { "false" })
    }

    /// `connect`: the connectors to offer, by uuid.
    pub fn connector_uuids(self, uuids: &[&str]) -> Self {
        self.param("connector_uuids", &uuids.join(","))
    }

    /// `/webauth`: the source to authenticate on a multi-source connector.
    pub fn source(self, source: &str) -> Self {
        self.param("source", source)
    }

    /// Any other parameter the webview documents.
    pub fn extra(self, name: &str, value: &str) -> Self {
        self.param(name, value)
    }

    /// The URL; fails when a required part is missing.
    pub fn build(self) -> Result<Url, Error> {
        if self.webview.client_id.trim().is_empty() {
            return Err(Error::InvalidRequest(
                "the webview needs a client id".into(),
            ));
        }
        if self.code_required && self.code.is_none() {
            return Err(Error::InvalidRequest(format!(
                "the {} flow needs a temporary code (GET /auth/token/code)",
                self.flow
            )));
        }
        for (name, value) in &self.params {
            if name == "redirect_uri" && Url::parse(value).is_err() {
                return Err(Error::InvalidRequest(format!(
                    "redirect_uri {value:?} is not an absolute URL"
                )));
            }
        }
        let mut url = if self.flow == "webauth" {
            Url::parse(&format!("{}/webauth", self.webview.api_base))
        } else {
            match &self.webview.domain {
                Some(_) => Url::parse(&format!("{POWENS_WEBVIEW}/{}/{}", self.lang, self.flow)),
                None => Url::parse(&format!(
                    "{}/auth/webview/{}/{}",
                    self.webview.api_base, self.lang, self.flow
                )),
            }
        }
        .map_err(|e| Error::InvalidRequest(format!("webview URL: {e}")))?;
        {
            let mut query = url.query_pairs_mut();
            if self.flow != "webauth" {
                if let Some(domain) = &self.webview.domain {
                    query.append_pair("domain", &format!("{domain}.biapi.pro"));
                }
            }
            for (name, value) in &self.params {
                query.append_pair(name, value);
            }
            if let Some(code) = &self.code {
                let name = if self.flow == "webauth" {
                    "token"
                } else {
                    "code"
                };
                query.append_pair(name, code.expose_secret());
            }
        }
        // `state` last reads better; keep insertion order otherwise.
        Ok(url)
    }
}

/// What the webview (or `/webauth`) sent back to the `redirect_uri`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct WebviewCallback {
    /// The connection created or recovered (`connection_id`, or `id_connection` from `/webauth`).
    pub connection_id: Option<i64>,
    /// Every connection created, when several were (`connection_ids`).
    pub connection_ids: Vec<i64>,
    /// A code to exchange for the permanent token of a user the webview created.
    pub code: Option<String>,
    /// The `state` given to the webview.
    pub state: Option<String>,
    /// An error code (`access_denied`, `server_error`, `tos_declined`, `session_expired`, …).
    pub error: Option<String>,
    /// The error's description.
    pub error_description: Option<String>,
}

impl fmt::Debug for WebviewCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebviewCallback")
            .field("connection_id", &self.connection_id)
            .field("connection_ids", &self.connection_ids)
            .field(
                "code",
                &self.code.as_ref().map(|_| bankapi_core::secret::REDACTED),
            )
            .field("state", &self.state)
            .field("error", &self.error)
            .field("error_description", &self.error_description)
            .finish()
    }
}

impl WebviewCallback {
    /// Reads the callback from the redirect URL (or its query string).
    ///
    /// ```
    /// use budgea::webview::WebviewCallback;
    ///
    /// let ok = WebviewCallback::parse("https://app.example.org/cb?connection_id=27&state=s1").unwrap();
    /// assert_eq!((ok.connection_id, ok.state.as_deref()), (Some(27), Some("s1")));
    /// let denied = WebviewCallback::parse("error=access_denied&error_description=cancelled").unwrap();
    /// assert_eq!(denied.error.as_deref(), Some("access_denied"));
    /// ```
    pub fn parse(url_or_query: &str) -> Result<WebviewCallback, Error> {
        let query = match url_or_query.split_once('?') {
            Some((_, query)) => query,
            None => url_or_query,
        };
        let query = query.split('#').next().unwrap_or_default();
        let mut callback = WebviewCallback::default();
        let number = |name: &str, value: &str| {
            value.trim().parse::<i64>().map_err(|_| {
                Error::InvalidRequest(format!("callback parameter {name}={value:?} is not an id"))
            })
        };
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match name.as_ref() {
                "connection_id" | "id_connection" => {
                    callback.connection_id = Some(number(&name, &value)?)
                }
                "connection_ids" => {
                    for id in value.split(',').filter(|s| !s.trim().is_empty()) {
                        callback.connection_ids.push(number(&name, id)?);
                    }
                }
                "code" => callback.code = Some(value.into_owned()),
                "state" => callback.state = Some(value.into_owned()),
                "error" => callback.error = Some(value.into_owned()),
                "error_description" => callback.error_description = Some(value.into_owned()),
                _ => {}
            }
        }
        if callback.connection_ids.is_empty() {
            callback.connection_ids.extend(callback.connection_id);
        }
        Ok(callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_and_webauth_urls() {
        let webview = Webview::legacy("http://127.0.0.1:1/2.0/", "42");
        let url = webview.connect("https://app/cb").build().unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:1/2.0/auth/webview/en/connect?client_id=42&redirect_uri=https%3A%2F%2Fapp%2Fcb"
        );
        assert!(webview.manage().build().is_err());
        let url = webview
            .webauth_for_connection("https://app/cb", 7)
            .source("openapi")
            .code(SecretString::from("c0de"))
            .build()
            .unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:1/2.0/webauth?client_id=42&redirect_uri=https%3A%2F%2Fapp%2Fcb&id_connection=7&source=openapi&token=c0de"
        );
        let debug = format!("{:?}", webview.manage().code(SecretString::from("c0de")));
        assert!(!debug.contains("c0de"), "{debug}");
        assert!(webview.connect("not a url").build().is_err());
    }

    #[test]
    fn callbacks_with_several_connections_and_bad_ids() {
        let cb = WebviewCallback::parse("?connection_id=1&connection_ids=1,2&code=a%2Bb").unwrap();
        assert_eq!(cb.connection_ids, [1, 2]);
        assert_eq!(cb.code.as_deref(), Some("a+b"));
        assert!(!format!("{cb:?}").contains("a+b"));
        assert!(WebviewCallback::parse("connection_id=x").is_err());
    }
}
