//! The OAuth access token: minted from a fresh SAML assertion, cached for its one-hour life
//! (renewed a few minutes before), renewed once after a `token_rejected` 401, one renewal at a
//! time (`bankapi_core::TokenCache`); and the per-attempt OAuth signature.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bankapi_core::{
    AuthError, AuthTicket, Authenticator, FreshToken, HttpTransport, RetryClass, TokenCache,
};
use futures::future::BoxFuture;
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use secrecy::SecretString;

use crate::oauth::{self, AccessToken, Consumer};
use crate::saml::{Assertion, PrivateKey};

/// Intuit: "The OAuth access token has a validity of one hour".
pub(crate) const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// Renew this long before the announced expiry.
pub(crate) const RENEW_BEFORE: Duration = Duration::from_secs(300);

/// What a token fetch needs.
pub(crate) struct SamlAuth {
    pub(crate) consumer: Consumer,
    pub(crate) issuer: String,
    pub(crate) customer_id: String,
    pub(crate) key: PrivateKey,
    pub(crate) token_url: reqwest::Url,
    /// Sends the token request (no authenticator: the token call is not OAuth-signed).
    pub(crate) transport: HttpTransport,
    pub(crate) token_lifetime: Duration,
    pub(crate) cache: TokenCache<AccessToken>,
}

impl fmt::Debug for SamlAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SamlAuth")
            .field("consumer", &self.consumer)
            .field("issuer", &self.issuer)
            .field("customer_id", &self.customer_id)
            .field("key", &self.key)
            .field("token_url", &self.token_url.as_str())
            .field("token_lifetime", &self.token_lifetime)
            .finish_non_exhaustive()
    }
}

/// A token endpoint answer that is not a token.
#[derive(Debug, thiserror::Error)]
#[error("the token endpoint answered 200 without oauth_token and oauth_token_secret")]
pub(crate) struct MalformedToken;

impl SamlAuth {
    pub(crate) fn new(
        consumer: Consumer,
        issuer: String,
        customer_id: String,
        key: PrivateKey,
        token_url: reqwest::Url,
        transport: HttpTransport,
        token_lifetime: Duration,
    ) -> Self {
        let renew_before = RENEW_BEFORE.min(token_lifetime / 2);
        SamlAuth {
            consumer,
            issuer,
            customer_id,
            key,
            token_url,
            transport,
            token_lifetime,
            cache: TokenCache::new(renew_before),
        }
    }

    /// The cached token, or a new one.
    pub(crate) async fn token(&self) -> Result<(AccessToken, AuthTicket), AuthError> {
        self.cache.get_or_renew(|_| self.fetch()).await
    }

    /// Exchanges a brand-new assertion (new id, new window) for an access token.
    async fn fetch(&self) -> Result<FreshToken<AccessToken>, AuthError> {
        let signed = Assertion::new(&self.issuer, &self.customer_id)
            .sign(&self.key)
            .map_err(|e| AuthError::Other(Box::new(e)))?;
        let mut request = reqwest::Request::new(reqwest::Method::POST, self.token_url.clone());
        let headers = request.headers_mut();
        // Only the consumer key: this call carries no OAuth signature.
        let authorization = format!(
            "OAuth oauth_consumer_key=\"{}\"",
            oauth::encode(&self.consumer.key)
        );
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&authorization).map_err(|e| AuthError::Other(Box::new(e)))?,
        );
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        *request.body_mut() = Some(signed.token_request_body().into());
        tracing::debug!(customer_id = %self.customer_id, "fetching an OAuth token with a SAML assertion");
        let response = self
            .transport
            .execute(request, RetryClass::NonIdempotent)
            .await
            .map_err(|e| match e {
                bankapi_core::TransportError::Send(e) => AuthError::Transport(e),
                bankapi_core::TransportError::Auth(e) => e,
                other => AuthError::Other(Box::new(other)),
            })?;
        if response.status() != reqwest::StatusCode::OK {
            return Err(AuthError::Response(response));
        }
        let body = response.text().await.map_err(AuthError::Transport)?;
        let token = parse_token(&body).ok_or_else(|| AuthError::Other(Box::new(MalformedToken)))?;
        Ok(FreshToken {
            value: token,
            expires_in: Some(self.token_lifetime),
        })
    }
}

/// Parses `oauth_token_secret=…&oauth_token=…` (any order, trailing newline tolerated).
pub(crate) fn parse_token(body: &str) -> Option<AccessToken> {
    let mut token = None;
    let mut secret = None;
    for (k, v) in form_pairs(body.trim()) {
        match k.as_str() {
            "oauth_token" => token = Some(v),
            "oauth_token_secret" => secret = Some(v),
            _ => {}
        }
    }
    match (token, secret) {
        (Some(token), Some(secret)) if !token.is_empty() && !secret.is_empty() => {
            Some(AccessToken {
                token,
                secret: SecretString::from(secret),
            })
        }
        _ => None,
    }
}

/// `application/x-www-form-urlencoded` pairs.
pub(crate) fn form_pairs(body: &str) -> impl Iterator<Item = (String, String)> + '_ {
    body.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(&s.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        (decode(k), decode(v))
    })
}

/// The `oauth_problem` of a `WWW-Authenticate: OAuth oauth_problem="…"` header.
pub(crate) fn oauth_problem(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers.get_all(WWW_AUTHENTICATE).iter().find_map(|value| {
        let value = value.to_str().ok()?;
        let at = value.find("oauth_problem=")? + "oauth_problem=".len();
        let rest = value[at..].trim_start_matches('"');
        let end = rest.find(['"', ',', ' ']).unwrap_or(rest.len());
        Some(rest[..end].to_owned())
    })
}

/// Whether a 401 is a challenge (MFA) rather than an authentication failure.
pub(crate) fn is_challenge(headers: &reqwest::header::HeaderMap) -> bool {
    headers.contains_key("challengeSessionId")
}

/// Signs every attempt with the cached token and a fresh nonce and timestamp.
#[derive(Debug, Clone)]
pub(crate) struct OAuthSigner(pub(crate) Arc<SamlAuth>);

impl Authenticator for OAuthSigner {
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<AuthTicket, AuthError>> {
        Box::pin(async move {
            let (token, ticket) = self.0.token().await?;
            let header = oauth::authorization(
                &self.0.consumer,
                &token,
                request.method().as_str(),
                request.url(),
            );
            let value =
                HeaderValue::from_str(&header).map_err(|e| AuthError::Other(Box::new(e)))?;
            request.headers_mut().insert(AUTHORIZATION, value);
            Ok(ticket)
        })
    }

    fn unauthorized<'a>(
        &'a self,
        ticket: AuthTicket,
        response: &'a reqwest::Response,
    ) -> BoxFuture<'a, bool> {
        Box::pin(async move {
            // A challenge 401 must reach the caller with the same token (the challenge session
            // is bound to it); only a rejected token is renewed.
            if is_challenge(response.headers()) {
                return false;
            }
            match oauth_problem(response.headers()).as_deref() {
                Some("token_rejected") | Some("token_expired") => {
                    tracing::debug!("OAuth token rejected; renewing it with a new SAML assertion");
                    self.0.cache.invalidate(ticket).await
                }
                _ => false,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bodies_parse_in_any_order() {
        let body = bankapi_testkit::fixture_string(
            "intuit/cloocher-aggcat/resp_200_saml_oauth_token_form.txt",
        );
        let token = parse_token(&body).unwrap();
        assert_eq!(
            token.token,
            "qyprd26XdjQXGOQcaaDIDcfmkWl42VRhuUiQ0mXlNW9CUs1O"
        );
        assert_eq!(token.token.len(), 48);
        assert!(parse_token("oauth_token=a").is_none());
        assert!(parse_token("oauth_token=a&oauth_token_secret=").is_none());
    }

    #[test]
    fn oauth_problem_is_read_from_www_authenticate() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static("OAuth oauth_problem=\"token_rejected\""),
        );
        assert_eq!(oauth_problem(&headers).as_deref(), Some("token_rejected"));
        assert!(!is_challenge(&headers));
        headers.insert("challengesessionid", HeaderValue::from_static("abc"));
        assert!(is_challenge(&headers));
    }
}
