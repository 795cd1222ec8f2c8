//! One HTTP executor for every provider crate.
//!
//! [`HttpTransport::execute`] sends a request with the policy every crate shares:
//! credentials added on each attempt (so OAuth 1.0a nonces are fresh and renewed tokens are
//! used), one transparent retry after a `401` that invalidated a stale token, retries per
//! [`RetryPolicy`] and [`RetryClass`], and a `tracing` event per attempt that carries the method,
//! the path (never the query, which may hold session keys), the status and the attempt number.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use reqwest::StatusCode;

use crate::auth::{AuthError, Authenticator};
use crate::error::Provider;
use crate::retry::{RetryClass, RetryPolicy};

/// Why [`HttpTransport::execute`] produced no response.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The request could not be sent or its response not received (connection, TLS, timeout).
    /// The URL in the error has its query removed, since queries may carry session keys.
    #[error(transparent)]
    Send(reqwest::Error),
    /// Credentials for the request could not be obtained.
    #[error(transparent)]
    Auth(AuthError),
}

struct Inner {
    provider: Provider,
    client: reqwest::Client,
    retry: RetryPolicy,
    auth: Option<Arc<dyn Authenticator>>,
}

/// Sends requests with retries and per-attempt authentication; cheap to clone.
///
/// ```
/// use bankapi_core::{HttpTransport, Provider, RetryClass, RetryPolicy};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let server = httpmock::MockServer::start_async().await;
/// let hello = server.mock_async(|when, then| { when.path("/hello"); then.status(200).body("hi"); }).await;
///
/// let transport = HttpTransport::new(Provider::FinApi, reqwest::Client::new(), RetryPolicy::default());
/// let request = reqwest::Request::new(reqwest::Method::GET, server.url("/hello").parse().unwrap());
/// let response = transport.execute(request, RetryClass::Idempotent).await.unwrap();
/// assert_eq!(response.text().await.unwrap(), "hi");
/// hello.assert_async().await;
/// # });
/// ```
#[derive(Clone)]
pub struct HttpTransport {
    inner: Arc<Inner>,
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("provider", &self.inner.provider)
            .field("retry", &self.inner.retry)
            .field("auth", &self.inner.auth)
            .finish_non_exhaustive()
    }
}

impl HttpTransport {
    /// A transport without authentication.
    pub fn new(provider: Provider, client: reqwest::Client, retry: RetryPolicy) -> Self {
        HttpTransport {
            inner: Arc::new(Inner {
                provider,
                client,
                retry,
                auth: None,
            }),
        }
    }

    /// The same transport, adding credentials with `auth` on every attempt.
    pub fn with_authenticator(self, auth: Arc<dyn Authenticator>) -> Self {
        HttpTransport {
            inner: Arc::new(Inner {
                provider: self.inner.provider,
                client: self.inner.client.clone(),
                retry: self.inner.retry.clone(),
                auth: Some(auth),
            }),
        }
    }

    /// The underlying `reqwest::Client`.
    pub fn client(&self) -> &reqwest::Client {
        &self.inner.client
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The provider this transport talks to.
    pub fn provider(&self) -> Provider {
        self.inner.provider
    }

    /// Sends `request`, retrying as its `class` and the policy allow. Any HTTP response,
    /// including an error status, is returned as `Ok` for the caller to decode.
    pub async fn execute(
        &self,
        request: reqwest::Request,
        class: RetryClass,
    ) -> Result<reqwest::Response, TransportError> {
        let inner = &*self.inner;
        let mut retries_done = 0u32;
        let mut renewed_after_401 = false;
        let mut pending = Some(request);
        loop {
            let original = pending.take().expect("a request for each attempt");
            // Keep a copy for another attempt; a streaming body cannot be copied and is sent once.
            let spare = if class == RetryClass::Never {
                None
            } else {
                original.try_clone()
            };
            let mut attempt = original;
            let ticket = match &inner.auth {
                Some(auth) => Some(
                    auth.authorize(&mut attempt)
                        .await
                        .map_err(TransportError::Auth)?,
                ),
                None => None,
            };
            let method = attempt.method().clone();
            let path = attempt.url().path().to_owned();
            let started = Instant::now();
            let result = inner.client.execute(attempt).await;
            let elapsed_ms = started.elapsed().as_millis() as u64;
            match result {
                Ok(response) => {
                    let status = response.status();
                    tracing::debug!(provider = %inner.provider, %method, %path, status = status.as_u16(), attempt = retries_done + 1, elapsed_ms, "response");
                    let Some(spare) = spare else {
                        return Ok(response);
                    };
                    if status == StatusCode::UNAUTHORIZED && !renewed_after_401 {
                        if let (Some(auth), Some(ticket)) = (&inner.auth, ticket) {
                            if auth.unauthorized(ticket, &response).await {
                                renewed_after_401 = true;
                                pending = Some(spare);
                                continue;
                            }
                        }
                        return Ok(response);
                    }
                    match inner.retry.retry_response(
                        status,
                        response.headers(),
                        class,
                        retries_done,
                    ) {
                        Some(wait) => {
                            tracing::debug!(provider = %inner.provider, %method, %path, wait_ms = wait.as_millis() as u64, "retrying after status {}", status.as_u16());
                            drop(response);
                            tokio::time::sleep(wait).await;
                            retries_done += 1;
                            pending = Some(spare);
                        }
                        None => return Ok(response),
                    }
                }
                Err(mut error) => {
                    if let Some(url) = error.url_mut() {
                        url.set_query(None);
                    }
                    tracing::debug!(provider = %inner.provider, %method, %path, attempt = retries_done + 1, elapsed_ms, error = %error, "transport failure");
                    match (spare, inner.retry.retry_error(&error, class, retries_done)) {
                        (Some(spare), Some(wait)) => {
                            tokio::time::sleep(wait).await;
                            retries_done += 1;
                            pending = Some(spare);
                        }
                        _ => return Err(TransportError::Send(error)),
                    }
                }
            }
        }
    }
}

impl HttpTransport {
    /// [`execute`](Self::execute) for progenitor-generated clients, whose `ClientHooks::exec`
    /// must return `reqwest::Result<Response>`: an authentication failure becomes a response, so
    /// the generated code decodes it like any error answer of the API.
    ///
    /// - the token endpoint's own error response is returned as is (its status and the
    ///   provider's error body reach the caller);
    /// - a token endpoint that cannot be reached is returned as that transport error;
    /// - any other failure (e.g. an undecodable token response) becomes a `401` whose JSON body
    ///   `auth_failure_body` writes from the failure's message, in the provider's error format.
    pub async fn execute_generated(
        &self,
        request: reqwest::Request,
        class: RetryClass,
        auth_failure_body: impl FnOnce(&str) -> Vec<u8>,
    ) -> reqwest::Result<reqwest::Response> {
        match self.execute(request, class).await {
            Ok(response) => Ok(response),
            Err(TransportError::Send(error)) => Err(error),
            Err(TransportError::Auth(AuthError::Response(response))) => Ok(response),
            Err(TransportError::Auth(AuthError::Transport(error))) => Err(error),
            Err(TransportError::Auth(AuthError::Other(error))) => Ok(synthetic_response(
                StatusCode::UNAUTHORIZED,
                "application/json",
                auth_failure_body(&error.to_string()),
            )),
        }
    }
}

/// Builds a response that did not come from the network, e.g. to hand a locally detected
/// authentication failure to code that expects a response.
pub fn synthetic_response(
    status: StatusCode,
    content_type: &str,
    body: impl Into<Vec<u8>>,
) -> reqwest::Response {
    let mut response = http::Response::new(body.into());
    *response.status_mut() = status;
    if let Ok(value) = reqwest::header::HeaderValue::from_str(content_type) {
        response
            .headers_mut()
            .insert(reqwest::header::CONTENT_TYPE, value);
    }
    reqwest::Response::from(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{AuthTicket, FreshToken, TokenCache};
    use futures::future::BoxFuture;
    use httpmock::prelude::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Duration;

    fn fast_policy() -> RetryPolicy {
        RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(2))
    }

    fn get(server: &MockServer, path: &str) -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::GET, server.url(path).parse().unwrap())
    }

    fn post(server: &MockServer, path: &str) -> reqwest::Request {
        let mut request =
            reqwest::Request::new(reqwest::Method::POST, server.url(path).parse().unwrap());
        *request.body_mut() = Some("amount=10".into());
        request
    }

    #[tokio::test]
    async fn idempotent_requests_are_retried_on_503() {
        let server = MockServer::start_async().await;
        let failing = server
            .mock_async(|when, then| {
                when.method(GET).path("/accounts");
                then.status(503);
            })
            .await;
        let transport = HttpTransport::new(Provider::FinApi, reqwest::Client::new(), fast_policy());
        let response = transport
            .execute(get(&server, "/accounts"), RetryClass::Idempotent)
            .await
            .unwrap();
        assert_eq!(response.status(), 503);
        failing.assert_calls_async(4).await;
    }

    #[tokio::test]
    async fn posts_are_not_retried_on_503_but_are_on_429() {
        let server = MockServer::start_async().await;
        let unavailable = server
            .mock_async(|when, then| {
                when.method(POST).path("/connections");
                then.status(503);
            })
            .await;
        let limited = server
            .mock_async(|when, then| {
                when.method(POST).path("/limited");
                then.status(429).header("Retry-After", "0");
            })
            .await;
        let transport = HttpTransport::new(Provider::Budgea, reqwest::Client::new(), fast_policy());
        let response = transport
            .execute(post(&server, "/connections"), RetryClass::NonIdempotent)
            .await
            .unwrap();
        assert_eq!(response.status(), 503);
        unavailable.assert_calls_async(1).await;
        let response = transport
            .execute(post(&server, "/limited"), RetryClass::NonIdempotent)
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
        limited.assert_calls_async(4).await;
    }

    #[tokio::test]
    async fn transfers_are_sent_exactly_once() {
        let server = MockServer::start_async().await;
        let transfer = server
            .mock_async(|when, then| {
                when.method(POST).path("/transfers");
                then.status(429).header("Retry-After", "0");
            })
            .await;
        let transport = HttpTransport::new(Provider::Budgea, reqwest::Client::new(), fast_policy());
        let response = transport
            .execute(post(&server, "/transfers"), RetryClass::Never)
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
        transfer.assert_calls_async(1).await;
    }

    #[tokio::test]
    async fn long_retry_after_is_left_to_the_caller() {
        let server = MockServer::start_async().await;
        let limited = server
            .mock_async(|when, then| {
                when.path("/slow");
                then.status(429).header("Retry-After", "3600");
            })
            .await;
        let transport =
            HttpTransport::new(Provider::Prometeo, reqwest::Client::new(), fast_policy());
        let response = transport
            .execute(get(&server, "/slow"), RetryClass::Idempotent)
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
        limited.assert_calls_async(1).await;
    }

    #[tokio::test]
    async fn connection_refused_is_retried_then_reported_without_query() {
        // Bind and drop a listener to get a local port nobody listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/movement/?key=SESSION-SECRET");
        let request = reqwest::Request::new(reqwest::Method::POST, url.parse().unwrap());
        let transport =
            HttpTransport::new(Provider::Prometeo, reqwest::Client::new(), fast_policy());
        let error = transport
            .execute(request, RetryClass::NonIdempotent)
            .await
            .unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(matches!(error, TransportError::Send(ref e) if e.is_connect()));
        assert!(!text.contains("SESSION-SECRET"), "{text}");
    }

    #[derive(Debug)]
    struct Bearer {
        cache: TokenCache<String>,
        fetches: AtomicU32,
    }

    impl Authenticator for Bearer {
        fn authorize<'a>(
            &'a self,
            request: &'a mut reqwest::Request,
        ) -> BoxFuture<'a, Result<AuthTicket, AuthError>> {
            Box::pin(async move {
                let (token, ticket) = self
                    .cache
                    .get_or_renew(|_| async {
                        let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
                        Ok::<_, AuthError>(FreshToken {
                            value: format!("token-{n}"),
                            expires_in: Some(Duration::from_secs(3600)),
                        })
                    })
                    .await?;
                crate::auth::set_bearer(request, &token)?;
                Ok(ticket)
            })
        }

        fn unauthorized<'a>(
            &'a self,
            ticket: AuthTicket,
            _response: &'a reqwest::Response,
        ) -> BoxFuture<'a, bool> {
            Box::pin(self.cache.invalidate(ticket))
        }
    }

    #[tokio::test]
    async fn a_401_renews_the_token_once_and_retries() {
        let server = MockServer::start_async().await;
        let rejected = server
            .mock_async(|when, then| {
                when.path("/me").header("authorization", "Bearer token-1");
                then.status(401);
            })
            .await;
        let accepted = server
            .mock_async(|when, then| {
                when.path("/me").header("authorization", "Bearer token-2");
                then.status(200).body("ok");
            })
            .await;
        let auth = Arc::new(Bearer {
            cache: TokenCache::new(Duration::ZERO),
            fetches: AtomicU32::new(0),
        });
        let transport = HttpTransport::new(Provider::FinApi, reqwest::Client::new(), fast_policy())
            .with_authenticator(auth.clone());
        let response = transport
            .execute(post(&server, "/me"), RetryClass::NonIdempotent)
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        rejected.assert_calls_async(1).await;
        accepted.assert_calls_async(1).await;
        assert_eq!(auth.fetches.load(Ordering::SeqCst), 2);
    }

    #[derive(Debug)]
    struct BrokenKey;

    impl Authenticator for BrokenKey {
        fn authorize<'a>(
            &'a self,
            _request: &'a mut reqwest::Request,
        ) -> BoxFuture<'a, Result<AuthTicket, AuthError>> {
            Box::pin(async { Err(AuthError::Other("the private key cannot sign".into())) })
        }
    }

    #[tokio::test]
    async fn generated_clients_see_auth_failures_as_401_responses() {
        let server = MockServer::start_async().await;
        let never = server
            .mock_async(|when, then| {
                when.any_request();
                then.status(200);
            })
            .await;
        let transport = HttpTransport::new(Provider::FinApi, reqwest::Client::new(), fast_policy())
            .with_authenticator(Arc::new(BrokenKey));
        let response = transport
            .execute_generated(
                get(&server, "/accounts"),
                RetryClass::Idempotent,
                |message| {
                    format!(r#"{{"error":"local","error_description":"{message}"}}"#).into_bytes()
                },
            )
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
        assert!(response.text().await.unwrap().contains("cannot sign"));
        never.assert_calls_async(0).await;
    }

    #[tokio::test]
    async fn synthetic_responses_carry_status_and_body() {
        let response = synthetic_response(
            StatusCode::UNAUTHORIZED,
            "application/json",
            br#"{"a":1}"#.to_vec(),
        );
        assert_eq!(response.status(), 401);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.text().await.unwrap(), r#"{"a":1}"#);
    }
}
