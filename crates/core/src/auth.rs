//! Per-attempt authentication and the token cache.
//!
//! An [`Authenticator`] adds credentials to each attempt of a request (a bearer token, an
//! OAuth 1.0a signature with a fresh nonce, an API key). Tokens that expire are kept in a
//! [`TokenCache`], which renews them shortly before expiry and lets only one renewal run at a
//! time: concurrent callers wait for it and share its result.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use futures::future::BoxFuture;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Identifies the credentials an attempt was sent with, so that a `401` invalidates exactly
/// those and not a newer token another task already fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AuthTicket(pub u64);

/// Why credentials could not be obtained for a request.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The token endpoint answered with an error. The response is kept whole so that the
    /// provider crate can decode the provider's own error body from it.
    #[error("the token endpoint answered HTTP {}", .0.status())]
    Response(reqwest::Response),
    /// The token endpoint could not be reached.
    #[error("the token endpoint could not be reached")]
    Transport(#[source] reqwest::Error),
    /// Anything else: a key that cannot sign, a token response that cannot be decoded.
    #[error("{0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Adds credentials to requests; called once per attempt.
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// Adds credentials to this attempt, fetching or renewing them first if needed.
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<AuthTicket, AuthError>>;

    /// Called when an attempt authorised with `ticket` was answered `401`. Returns `true` when
    /// the credentials were stale and have been invalidated, so that one more attempt with fresh
    /// credentials may succeed. The default never retries.
    fn unauthorized<'a>(
        &'a self,
        ticket: AuthTicket,
        response: &'a reqwest::Response,
    ) -> BoxFuture<'a, bool> {
        let _ = (ticket, response);
        Box::pin(async { false })
    }
}

/// Sets `name: value` on an attempt, marked sensitive so that `reqwest` and `http` never print
/// it. Fails when the secret holds characters a header cannot carry.
// The error is the one `Authenticator::authorize` returns, where it goes next.
#[allow(clippy::result_large_err)]
pub fn set_secret_header(
    request: &mut reqwest::Request,
    name: HeaderName,
    value: &str,
) -> Result<(), AuthError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        AuthError::Other(
            format!("the credential for `{name}` holds characters a header cannot carry").into(),
        )
    })?;
    value.set_sensitive(true);
    request.headers_mut().insert(name, value);
    Ok(())
}

/// Sets `Authorization: Bearer <token>` on an attempt, marked sensitive.
#[allow(clippy::result_large_err)]
pub fn set_bearer(request: &mut reqwest::Request, token: &str) -> Result<(), AuthError> {
    set_secret_header(request, AUTHORIZATION, &format!("Bearer {token}"))
}

/// A credential that does not expire, sent in one header on every attempt: a bearer token the
/// caller already holds, an API key.
///
/// ```
/// use bankapi_core::auth::HeaderCredential;
///
/// let bearer = HeaderCredential::bearer("s3cr3t-token");
/// let key = HeaderCredential::new("x-api-key", "s3cr3t-key");
/// assert!(!format!("{bearer:?}{key:?}").contains("s3cr3t"));
/// ```
#[derive(Clone)]
pub struct HeaderCredential {
    name: HeaderName,
    /// The whole header value (for a bearer token, `Bearer <token>`).
    value: SecretString,
}

impl HeaderCredential {
    /// `name: secret`. `name` must be a lowercase header name known at compile time.
    pub fn new(name: &'static str, secret: impl Into<String>) -> Self {
        HeaderCredential {
            name: HeaderName::from_static(name),
            value: SecretString::from(secret.into()),
        }
    }

    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: impl AsRef<str>) -> Self {
        HeaderCredential {
            name: AUTHORIZATION,
            value: SecretString::from(format!("Bearer {}", token.as_ref())),
        }
    }
}

impl fmt::Debug for HeaderCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderCredential")
            .field("name", &self.name)
            .field("value", &crate::secret::REDACTED)
            .finish()
    }
}

impl Authenticator for HeaderCredential {
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<AuthTicket, AuthError>> {
        let set = set_secret_header(request, self.name.clone(), self.value.expose_secret());
        Box::pin(async move { set.map(|()| AuthTicket::default()) })
    }
}

/// An application's OAuth client id and secret, for the providers whose token endpoint asks for
/// them (finAPI, Budgea / Powens). The secret never prints.
///
/// ```
/// use bankapi_core::ClientCredentials;
///
/// let credentials = ClientCredentials::new("my-client-id", "my-secret");
/// assert_eq!(credentials.client_id(), "my-client-id");
/// assert!(!format!("{credentials:?}").contains("my-secret"));
/// assert!(ClientCredentials::new("", "my-secret").check().is_err());
/// ```
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: SecretString,
}

impl ClientCredentials {
    /// Credentials from the client id and secret the provider's console gives.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<SecretString>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// The client id (not a secret).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client secret.
    pub fn client_secret(&self) -> &SecretString {
        &self.client_secret
    }

    /// Refuses an empty id or secret, so that the mistake is reported before any request.
    pub fn check(&self) -> Result<(), &'static str> {
        if self.client_id.trim().is_empty() {
            Err("the client id is empty")
        } else if self.client_secret.expose_secret().trim().is_empty() {
            Err("the client secret is empty")
        } else {
            Ok(())
        }
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &crate::secret::REDACTED)
            .finish()
    }
}

/// A token just obtained, with how long the provider said it lives.
#[derive(Clone)]
pub struct FreshToken<T> {
    /// The token (and whatever comes with it, such as a refresh token).
    pub value: T,
    /// Its lifetime as announced by the provider; `None` when it does not expire.
    pub expires_in: Option<Duration>,
}

impl<T> fmt::Debug for FreshToken<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FreshToken")
            .field("value", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

struct Slot<T> {
    value: Option<T>,
    expires_at: Option<Instant>,
    stale: bool,
    generation: u64,
}

/// Caches one token, renews it before it expires, one renewal at a time.
///
/// ```
/// use bankapi_core::{FreshToken, TokenCache};
/// use std::sync::atomic::{AtomicU32, Ordering};
/// use std::time::Duration;
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let cache = TokenCache::new(Duration::from_secs(60));
/// let fetches = AtomicU32::new(0);
/// let fetch = |_previous: Option<String>| async {
///     fetches.fetch_add(1, Ordering::SeqCst);
///     Ok::<_, std::io::Error>(FreshToken { value: "t1".to_owned(), expires_in: Some(Duration::from_secs(3600)) })
/// };
/// let (token, _ticket) = cache.get_or_renew(fetch).await?;
/// let (again, _ticket) = cache.get_or_renew(fetch).await?;
/// assert_eq!((token.as_str(), again.as_str()), ("t1", "t1"));
/// assert_eq!(fetches.load(Ordering::SeqCst), 1);
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
pub struct TokenCache<T> {
    slot: Mutex<Slot<T>>,
    renew_before: Duration,
}

impl<T> fmt::Debug for TokenCache<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("renew_before", &self.renew_before)
            .finish_non_exhaustive()
    }
}

impl<T: Clone> TokenCache<T> {
    /// An empty cache that renews tokens `renew_before` their announced expiry.
    pub fn new(renew_before: Duration) -> Self {
        TokenCache {
            slot: Mutex::new(Slot {
                value: None,
                expires_at: None,
                stale: false,
                generation: 0,
            }),
            renew_before,
        }
    }

    /// Returns the cached token when it is still fresh; otherwise calls `fetch` with the previous
    /// token (so that its refresh token can be used) and caches the result. While one caller
    /// fetches, the others wait and then share the new token.
    pub async fn get_or_renew<F, Fut, E>(&self, fetch: F) -> Result<(T, AuthTicket), E>
    where
        F: FnOnce(Option<T>) -> Fut,
        Fut: Future<Output = Result<FreshToken<T>, E>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(value) = &slot.value {
            let fresh = !slot.stale
                && slot
                    .expires_at
                    .is_none_or(|at| Instant::now() + self.renew_before < at);
            if fresh {
                return Ok((value.clone(), AuthTicket(slot.generation)));
            }
        }
        let fresh = fetch(slot.value.clone()).await?;
        slot.generation += 1;
        slot.stale = false;
        slot.expires_at = fresh.expires_in.map(|d| Instant::now() + d);
        slot.value = Some(fresh.value.clone());
        Ok((fresh.value, AuthTicket(slot.generation)))
    }

    /// Replaces the cached token, e.g. with one the caller obtained by other means.
    pub async fn set(&self, token: FreshToken<T>) -> AuthTicket {
        let mut slot = self.slot.lock().await;
        slot.generation += 1;
        slot.stale = false;
        slot.expires_at = token.expires_in.map(|d| Instant::now() + d);
        slot.value = Some(token.value);
        AuthTicket(slot.generation)
    }

    /// Marks the token of `ticket` as stale, if it is still the cached one; the next
    /// [`get_or_renew`](Self::get_or_renew) renews it (and still sees it, for its refresh token).
    /// Returns whether it was still the cached one.
    pub async fn invalidate(&self, ticket: AuthTicket) -> bool {
        let mut slot = self.slot.lock().await;
        if slot.generation == ticket.0 && slot.value.is_some() {
            slot.stale = true;
            true
        } else {
            // A newer token is already cached: a retry may use it.
            slot.generation != ticket.0
        }
    }

    /// Forgets the cached token.
    pub async fn clear(&self) {
        let mut slot = self.slot.lock().await;
        slot.value = None;
        slot.expires_at = None;
        slot.stale = false;
        slot.generation += 1;
    }

    /// The cached token, if any, without renewing it.
    pub async fn peek(&self) -> Option<T> {
        self.slot.lock().await.value.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    fn token(value: &str, secs: u64) -> FreshToken<String> {
        FreshToken {
            value: value.to_owned(),
            expires_in: Some(Duration::from_secs(secs)),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn renews_before_expiry() {
        let cache = TokenCache::new(Duration::from_secs(60));
        let (a, _) = cache
            .get_or_renew(|_| async { Ok::<_, ()>(token("a", 120)) })
            .await
            .unwrap();
        tokio::time::advance(Duration::from_secs(30)).await;
        let (b, _) = cache
            .get_or_renew(|_| async { Ok::<_, ()>(token("b", 120)) })
            .await
            .unwrap();
        assert_eq!((a.as_str(), b.as_str()), ("a", "a"));
        tokio::time::advance(Duration::from_secs(31)).await;
        let (c, _) = cache
            .get_or_renew(|previous| async move {
                assert_eq!(previous.as_deref(), Some("a"));
                Ok::<_, ()>(token("c", 120))
            })
            .await
            .unwrap();
        assert_eq!(c, "c");
    }

    #[tokio::test]
    async fn one_renewal_at_a_time() {
        let cache = Arc::new(TokenCache::new(Duration::from_secs(1)));
        let fetches = Arc::new(AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let cache = cache.clone();
            let fetches = fetches.clone();
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_renew(|_| async {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Ok::<_, ()>(token("shared", 3600))
                    })
                    .await
                    .unwrap()
                    .0
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap(), "shared");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn invalidate_only_the_token_that_failed() {
        let cache = TokenCache::new(Duration::ZERO);
        let (_, old) = cache
            .get_or_renew(|_| async { Ok::<_, ()>(token("old", 3600)) })
            .await
            .unwrap();
        assert!(cache.invalidate(old).await);
        let (new, new_ticket) = cache
            .get_or_renew(|previous| async move {
                assert_eq!(previous.as_deref(), Some("old"));
                Ok::<_, ()>(token("new", 3600))
            })
            .await
            .unwrap();
        assert_eq!(new, "new");
        // A late 401 for the old token must not throw away the new one.
        assert!(cache.invalidate(old).await);
        let (still, ticket) = cache
            .get_or_renew(|_| async { Ok::<_, ()>(token("unexpected", 3600)) })
            .await
            .unwrap();
        assert_eq!((still.as_str(), ticket), ("new", new_ticket));
    }

    #[tokio::test]
    async fn failed_fetch_keeps_nothing() {
        let cache: TokenCache<String> = TokenCache::new(Duration::ZERO);
        let err = cache
            .get_or_renew(|_| async { Err::<FreshToken<String>, _>("denied") })
            .await;
        assert_eq!(err.unwrap_err(), "denied");
        assert!(cache.peek().await.is_none());
        let debug = format!("{:?}", token("secret-token", 1));
        assert!(!debug.contains("secret-token"));
    }
}
