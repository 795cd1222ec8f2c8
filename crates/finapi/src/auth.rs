//! Authentication: finAPI's token endpoint, the client's and the user's tokens, and which call
//! carries which.
//!
//! finAPI authorises every call with an OAuth 2.0 bearer token from `POST /oauth/token`:
//!
//! - the **client token** (`grant_type=client_credentials`) acts for the application: creating
//!   and verifying users, the client configuration, mandator administration, TPP credentials;
//! - the **user token** (`grant_type=password`) acts for one user: bank connections, accounts,
//!   transactions, payments… It comes with a refresh token; when it is about to expire it is
//!   renewed with `grant_type=refresh_token`, falling back to the password grant when the refresh
//!   token is refused.
//!
//! Each token lives in a [`TokenCache`]: fetched on first use, renewed a little before it expires
//! (one renewal at a time, concurrent calls wait for it and share the result), and invalidated
//! when finAPI answers `401` (the call is then sent once more with a fresh token). Which token a
//! call carries is decided by its operation, see [`TokenScope::of`].
//!
//! Secrets (client secret, password, tokens) are held as [`SecretString`] and never appear in
//! `Debug` output, logs or errors.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bankapi_core::auth::{
    set_bearer, AuthError, AuthTicket, Authenticator, FreshToken, TokenCache,
};
use bankapi_core::secret::REDACTED;
use bankapi_core::{HttpTransport, RetryClass, TransportError};
use futures::future::BoxFuture;
use secrecy::{ExposeSecret, SecretString};

use crate::types;

/// The application's credentials: client id and client secret (shared with Budgea).
pub use bankapi_core::ClientCredentials;

/// A finAPI user's credentials: user id and password.
#[derive(Clone)]
pub struct UserCredentials {
    username: String,
    password: SecretString,
}

impl UserCredentials {
    /// Credentials of a user of the client.
    ///
    /// ```
    /// let user = finapi::UserCredentials::new("alice", "wonderland");
    /// assert_eq!(user.username(), "alice");
    /// assert!(!format!("{user:?}").contains("wonderland"));
    /// ```
    pub fn new(username: impl Into<String>, password: impl Into<SecretString>) -> Self {
        UserCredentials {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The user id (not a secret).
    pub fn username(&self) -> &str {
        &self.username
    }
}

impl fmt::Debug for UserCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserCredentials")
            .field("username", &self.username)
            .field("password", &REDACTED)
            .finish()
    }
}

/// An access token, and the refresh token that came with it (user tokens only).
#[derive(Clone)]
pub(crate) struct Token {
    access: SecretString,
    refresh: Option<SecretString>,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access", &REDACTED)
            .field("refresh", &self.refresh.as_ref().map(|_| REDACTED))
            .finish()
    }
}

/// Which token a call carries.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenScope {
    /// No token: the token endpoint itself (`getToken`), which takes the client credentials in
    /// its body.
    None,
    /// The client token (`grant_type=client_credentials`).
    Client,
    /// The user token (`grant_type=password`, renewed by `refresh_token`).
    User,
    /// Either (the bank catalogue): the user token when the client has a user, else the client
    /// token.
    UserOrClient,
}

/// Operations that act for the application rather than for a user: finAPI's documentation of
/// each asks for "your global (i.e. client) access_token" or "the mandator admin client's
/// access_token".
const CLIENT_OPERATIONS: &[&str] = &[
    // Users, as administered by the client.
    "create_user",
    "verify_user",
    "request_password_change",
    "execute_password_change",
    "get_verification_status",
    "delete_unverified_user",
    // Client configuration; revoking needs the client token too.
    "get_client_configuration",
    "edit_client_configuration",
    "revoke_token",
    // Mandator administration.
    "get_user_list",
    "delete_users",
    "change_client_credentials",
    "get_keyword_rule_list",
    "create_keyword_rules",
    "delete_keyword_rules",
    "get_iban_rule_list",
    "create_iban_rules",
    "delete_iban_rules",
    // TPP credentials and certificates.
    "get_all_tpp_credentials",
    "create_tpp_credential",
    "get_tpp_credential",
    "edit_tpp_credential",
    "delete_tpp_credential",
    "get_and_search_tpp_authentication_groups",
    "get_all_certificates",
    "create_new_certificate",
    "get_certificate",
    "delete_certificate",
];

/// Operations that accept either token ("the authorized user's access_token, or your client's
/// access_token").
const USER_OR_CLIENT_OPERATIONS: &[&str] =
    &["get_and_search_all_banks", "get_multiple_banks", "get_bank"];

impl TokenScope {
    /// The token the operation `operation_id` (progenitor's snake_case id, e.g.
    /// `"get_all_bank_connections"`) needs. Every operation not listed as a client or
    /// bank-catalogue operation acts for a user.
    ///
    /// ```
    /// use finapi::TokenScope;
    ///
    /// assert_eq!(TokenScope::of("create_user"), TokenScope::Client);
    /// assert_eq!(TokenScope::of("get_all_bank_connections"), TokenScope::User);
    /// assert_eq!(TokenScope::of("get_and_search_all_banks"), TokenScope::UserOrClient);
    /// assert_eq!(TokenScope::of("get_token"), TokenScope::None);
    /// ```
    pub fn of(operation_id: &str) -> TokenScope {
        if operation_id == "get_token" {
            TokenScope::None
        } else if CLIENT_OPERATIONS.contains(&operation_id) {
            TokenScope::Client
        } else if USER_OR_CLIENT_OPERATIONS.contains(&operation_id) {
            TokenScope::UserOrClient
        } else {
            TokenScope::User
        }
    }
}

/// The header with which a token endpoint failure is marked, so that the error of the call it
/// was meant for says so (its status alone, e.g. 400 for a wrong password, would not).
pub(crate) const TOKEN_ENDPOINT_FAILURE: &str = "x-finapi-rs-token-endpoint";

/// A grant sent to the token endpoint.
enum Grant<'a> {
    ClientCredentials,
    Password(&'a UserCredentials),
    Refresh(&'a SecretString),
}

/// `POST /oauth/token`, sent through a transport without authentication.
#[derive(Debug)]
pub(crate) struct TokenEndpoint {
    url: reqwest::Url,
    transport: HttpTransport,
    client: ClientCredentials,
}

impl TokenEndpoint {
    pub(crate) fn new(
        base_url: &str,
        transport: HttpTransport,
        client: ClientCredentials,
    ) -> Result<Self, String> {
        let url = format!("{base_url}/oauth/token")
            .parse()
            .map_err(|e| format!("invalid base URL {base_url:?}: {e}"))?;
        Ok(TokenEndpoint {
            url,
            transport,
            client,
        })
    }

    /// Asks for a token. An error answer is returned whole (marked with
    /// [`TOKEN_ENDPOINT_FAILURE`]) so that the caller's error carries finAPI's error body.
    async fn grant(&self, grant: Grant<'_>) -> Result<FreshToken<Token>, AuthError> {
        let mut form: Vec<(&str, &str)> = vec![
            ("client_id", self.client.client_id()),
            ("client_secret", self.client.client_secret().expose_secret()),
        ];
        match grant {
            Grant::ClientCredentials => form.insert(0, ("grant_type", "client_credentials")),
            Grant::Password(user) => {
                form.insert(0, ("grant_type", "password"));
                form.push(("username", user.username.as_str()));
                form.push(("password", user.password.expose_secret()));
            }
            Grant::Refresh(refresh) => {
                form.insert(0, ("grant_type", "refresh_token"));
                form.push(("refresh_token", refresh.expose_secret()));
            }
        }
        let request = self
            .transport
            .client()
            .post(self.url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .build()
            .map_err(AuthError::Transport)?;
        // Asking again for a token has no effect beyond the first ask: safe to retry.
        let response = match self
            .transport
            .execute(request, RetryClass::Idempotent)
            .await
        {
            Ok(response) => response,
            Err(TransportError::Send(e)) => return Err(AuthError::Transport(e)),
            Err(other) => return Err(AuthError::Other(Box::new(other))),
        };
        if !response.status().is_success() {
            return Err(AuthError::Response(mark_token_failure(response).await?));
        }
        let body = response.bytes().await.map_err(AuthError::Transport)?;
        let token: types::AccessToken = serde_json::from_slice(&body).map_err(|e| {
            // serde's message may quote the token: keep only where it failed.
            AuthError::Other(
                format!(
                    "the token endpoint's answer is not a token (line {}, column {})",
                    e.line(),
                    e.column()
                )
                .into(),
            )
        })?;
        let expires_in = u64::try_from(token.expires_in)
            .ok()
            .filter(|&s| s > 0)
            .map(Duration::from_secs);
        Ok(FreshToken {
            value: Token {
                access: token.access_token.into(),
                refresh: token
                    .refresh_token
                    .filter(|r| !r.is_empty())
                    .map(Into::into),
            },
            expires_in,
        })
    }
}

/// The response with the [`TOKEN_ENDPOINT_FAILURE`] header added.
async fn mark_token_failure(response: reqwest::Response) -> Result<reqwest::Response, AuthError> {
    let status = response.status();
    let mut headers = response.headers().clone();
    let body = response.bytes().await.map_err(AuthError::Transport)?;
    headers.insert(
        TOKEN_ENDPOINT_FAILURE,
        reqwest::header::HeaderValue::from_static("1"),
    );
    let mut rebuilt = http::Response::new(body.to_vec());
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}

/// Adds a bearer token from finAPI's token endpoint to every attempt, renewing it before it
/// expires and after a `401`: the client token (client credentials grant), or a user's token
/// (password grant first, then the refresh grant while a refresh token is accepted).
#[derive(Debug)]
pub(crate) struct BearerTokens {
    endpoint: Arc<TokenEndpoint>,
    /// `None` for the client token.
    user: Option<UserCredentials>,
    cache: TokenCache<Token>,
}

impl BearerTokens {
    /// The client token.
    pub(crate) fn client(endpoint: Arc<TokenEndpoint>, renew_before: Duration) -> Self {
        BearerTokens {
            endpoint,
            user: None,
            cache: TokenCache::new(renew_before),
        }
    }

    /// The token of `user`.
    pub(crate) fn user(
        endpoint: Arc<TokenEndpoint>,
        user: UserCredentials,
        renew_before: Duration,
    ) -> Self {
        BearerTokens {
            endpoint,
            user: Some(user),
            cache: TokenCache::new(renew_before),
        }
    }

    /// The user the tokens are for; `None` for the client token.
    pub(crate) fn username(&self) -> Option<&str> {
        self.user.as_ref().map(|user| user.username.as_str())
    }

    /// A new token. For a user: the refresh grant when the previous token has a refresh token,
    /// the password grant when it has none or it is refused.
    async fn renew(&self, previous: Option<Token>) -> Result<FreshToken<Token>, AuthError> {
        let Some(user) = &self.user else {
            return self.endpoint.grant(Grant::ClientCredentials).await;
        };
        if let Some(refresh) = previous.as_ref().and_then(|t| t.refresh.as_ref()) {
            match self.endpoint.grant(Grant::Refresh(refresh)).await {
                Ok(token) => return Ok(token),
                Err(AuthError::Response(response)) => {
                    tracing::debug!(
                        status = response.status().as_u16(),
                        "refresh token refused, renewing with the password grant"
                    );
                }
                Err(other) => return Err(other),
            }
        }
        self.endpoint.grant(Grant::Password(user)).await
    }
}

impl Authenticator for BearerTokens {
    fn authorize<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<AuthTicket, AuthError>> {
        Box::pin(async move {
            let (token, ticket) = self
                .cache
                .get_or_renew(|previous| self.renew(previous))
                .await?;
            set_bearer(request, token.access.expose_secret())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The operation ids of the generated client.
    fn generated_operations() -> Vec<String> {
        let source = include_str!("generated.rs");
        source
            .split("operation_id: \"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
            .collect()
    }

    #[test]
    fn every_listed_operation_exists() {
        let operations = generated_operations();
        assert_eq!(operations.len(), 102);
        for listed in CLIENT_OPERATIONS.iter().chain(USER_OR_CLIENT_OPERATIONS) {
            assert!(
                operations.iter().any(|o| o == listed),
                "{listed} is not an operation"
            );
        }
        let user = operations
            .iter()
            .filter(|o| TokenScope::of(o) == TokenScope::User)
            .count();
        assert_eq!(
            user,
            102 - 1 - CLIENT_OPERATIONS.len() - USER_OR_CLIENT_OPERATIONS.len()
        );
    }

    #[test]
    fn secrets_do_not_print() {
        let token = Token {
            access: "access-secret".into(),
            refresh: Some("refresh-secret".into()),
        };
        let printed = format!(
            "{token:?} {:?} {:?}",
            ClientCredentials::new("id", "client-secret"),
            UserCredentials::new("alice", "user-secret")
        );
        for secret in [
            "access-secret",
            "refresh-secret",
            "client-secret",
            "user-secret",
        ] {
            assert!(!printed.contains(secret), "{printed}");
        }
        assert!(
            printed.contains("alice") && printed.contains("\"id\""),
            "{printed}"
        );
    }
}
