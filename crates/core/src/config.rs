//! HTTP settings shared by every provider client: timeouts, user agent, retries, and the
//! option to bring one's own `reqwest::Client` (proxies, custom CA, connection pools).

use std::time::Duration;

use crate::retry::RetryPolicy;

/// Timeouts, user agent, retry policy and an optional caller-supplied `reqwest::Client`.
///
/// TLS certificate verification is always on: this type has no way to turn it off. A caller
/// who really needs something else builds their own `reqwest::Client` and passes it with
/// [`with_client`](Self::with_client).
///
/// ```
/// use bankapi_core::{HttpConfig, RetryPolicy};
/// use std::time::Duration;
///
/// let config = HttpConfig::default()
///     .with_timeout(Duration::from_secs(20))
///     .with_user_agent("my-budget-app/1.2")
///     .with_retry_policy(RetryPolicy::disabled());
/// let client = config.build_client().expect("a client");
/// # drop(client);
/// assert_eq!(config.timeout(), Duration::from_secs(20));
/// ```
#[derive(Debug, Clone)]
pub struct HttpConfig {
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    client: Option<reqwest::Client>,
}

impl Default for HttpConfig {
    /// 30 s per attempt, 10 s to connect, the default [`RetryPolicy`], user agent
    /// `bankapi-rs/<version>`.
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("bankapi-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            client: None,
        }
    }
}

impl HttpConfig {
    /// Sets the timeout of each attempt, from sending the request to reading the whole body.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the timeout to establish a connection.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the `User-Agent` header.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sets the retry policy.
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Uses this `reqwest::Client` as it is; timeouts and user agent set here are then not
    /// applied (the client's own are).
    pub fn with_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// The timeout of each attempt.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The user agent.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The caller's client, or a new one with these timeouts and user agent.
    pub fn build_client(&self) -> Result<reqwest::Client, reqwest::Error> {
        if let Some(client) = &self.client {
            return Ok(client.clone());
        }
        reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent.clone())
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use httpmock::prelude::*;

    #[tokio::test]
    async fn built_client_sends_the_user_agent_and_times_out() {
        let server = MockServer::start_async().await;
        let slow = server
            .mock_async(|when, then| {
                when.path("/slow").header("user-agent", "test-agent/1");
                then.status(200).delay(Duration::from_millis(500));
            })
            .await;
        let client = HttpConfig::default()
            .with_user_agent("test-agent/1")
            .with_timeout(Duration::from_millis(100))
            .build_client()
            .unwrap();
        let error = client.get(server.url("/slow")).send().await.unwrap_err();
        assert!(error.is_timeout());
        slow.assert_async().await;
    }
}
