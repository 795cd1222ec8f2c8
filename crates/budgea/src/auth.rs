//! Users and tokens: `/auth/init`, `/auth/token/code`, `/auth/token/access`, `/auth/renew`,
//! `DELETE /auth/token`.
//!
//! The usual server-side onboarding (Powens today):
//!
//! 1. [`Client::init_user`] with your client credentials: a new user and its **permanent**
//!    token (store it; Powens does not map your users to theirs). Without credentials (and
//!    without a manage token) the token is **temporary** (30 minutes).
//! 2. Before each webview visit, [`Client::temporary_code`] with the user's token: a code to put
//!    in the webview URL instead of the permanent token.
//! 3. When the webview created the user itself, [`Client::exchange_code`] turns the code it
//!    returned into a permanent token.
//! 4. [`Client::renew_token`] mints a new permanent token for a user (optionally revoking the
//!    others); [`Client::revoke_token`] revokes the token the client sends.

use std::fmt;
use std::time::Duration;

use bankapi_core::RetryClass;
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};

use crate::client::{Token, TokenKind};
use crate::error::Error;
use crate::{types, Client};

/// Your client application's id and secret (Powens console); the secret never prints. The same
/// type as finAPI's.
pub use bankapi_core::ClientCredentials;

/// Refuses empty client credentials before anything is sent.
fn checked(credentials: &ClientCredentials) -> Result<&ClientCredentials, Error> {
    credentials
        .check()
        .map(|()| credentials)
        .map_err(|why| Error::InvalidRequest(why.into()))
}

/// A user's token, as `/auth/init` gives it.
#[derive(Debug, Clone)]
pub struct UserToken {
    /// The token (kind [`TokenKind::User`]).
    pub token: Token,
    /// Whether it is permanent (otherwise it expires after [`expires_in`](Self::expires_in)).
    pub permanent: bool,
    /// The user's id.
    pub id_user: Option<i64>,
    /// How long a temporary token lives.
    pub expires_in: Option<Duration>,
}

/// How a temporary code may be used.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CodeType {
    /// Reusable for 30 minutes (the default).
    #[default]
    RequestAccess,
    /// Usable once: what the webview wants.
    SingleAccess,
}

impl CodeType {
    fn as_str(self) -> &'static str {
        match self {
            CodeType::RequestAccess => "requestAccess",
            CodeType::SingleAccess => "singleAccess",
        }
    }
}

/// A temporary code (never printed): for webview URLs, or as a short-lived token.
#[derive(Clone)]
pub struct TemporaryCode {
    /// The code.
    pub code: SecretString,
    /// `single` or `standard` (Powens; absent in Budgea 2.0).
    pub access: Option<String>,
    /// How long it lives.
    pub expires_in: Option<Duration>,
}

impl fmt::Debug for TemporaryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TemporaryCode")
            .field("code", &bankapi_core::secret::REDACTED)
            .field("access", &self.access)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

impl TemporaryCode {
    /// The code as a token, for calls made on the user's behalf (e.g. from a browser).
    pub fn as_token(&self) -> Token {
        Token::new(TokenKind::TemporaryCode, self.code.clone())
    }
}

fn secs(value: Option<i64>) -> Option<Duration> {
    value
        .filter(|s| *s > 0)
        .map(|s| Duration::from_secs(s as u64))
}

fn user_token(value: Option<String>, what: &str) -> Result<Token, Error> {
    match value.filter(|t| !t.is_empty()) {
        Some(token) => Ok(Token::user(token)),
        None => Err(Error::Decode {
            status: None,
            message: format!("{what} has no token"),
            snippet: String::new(),
        }),
    }
}

impl Client {
    /// `POST /auth/init`: creates a user and returns its token — permanent when `credentials`
    /// are given (or when this client sends the manage token), temporary (30 minutes) otherwise.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use budgea::{Client, ClientCredentials};
    /// use httpmock::prelude::*;
    ///
    /// let server = MockServer::start_async().await;
    /// let init = server.mock_async(|when, then| {
    ///     when.method(POST).path("/2.0/auth/init")
    ///         .json_body(serde_json::json!({"client_id": "17473055", "client_secret": "s3cr3t"}));
    ///     then.status(200).json_body(serde_json::json!(
    ///         {"auth_token": "perm-token", "type": "permanent", "id_user": 1}));
    /// }).await;
    ///
    /// let client = Client::builder().base_url(server.url("/2.0")).build()?;
    /// let credentials = ClientCredentials::new("17473055", "s3cr3t");
    /// let user = client.init_user(Some(&credentials)).await?;
    /// assert!(user.permanent);
    /// assert_eq!(user.id_user, Some(1));
    /// init.assert_async().await;
    /// # Ok::<_, budgea::Error>(()) }).unwrap();
    /// ```
    pub async fn init_user(
        &self,
        credentials: Option<&ClientCredentials>,
    ) -> Result<UserToken, Error> {
        let mut body = types::InitAuthTokenBody::default();
        let client = match credentials {
            Some(c) => {
                let c = checked(c)?;
                body.client_id = Some(c.client_id().to_owned());
                body.client_secret = Some(c.client_secret().expose_secret().to_owned());
                self.without_token()
            }
            None => self.clone(),
        };
        let response = client
            .init_auth_token()
            .body(body)
            .send()
            .await?
            .into_inner();
        let permanent = match &response.type_ {
            Some(types::AccessTokenType::Permanent) => true,
            Some(_) => false,
            // Budgea 2.0 may omit the type: a token without expiry is permanent.
            None => response.expires_in.is_none(),
        };
        Ok(UserToken {
            token: user_token(response.auth_token, "POST /auth/init")?,
            permanent,
            id_user: response.id_user,
            expires_in: secs(response.expires_in),
        })
    }

    /// `GET /auth/token/code`: a temporary code for the user this client's token belongs to.
    pub async fn temporary_code(&self, code_type: CodeType) -> Result<TemporaryCode, Error> {
        let response = self
            .get_auth_token_code()
            .type_(code_type.as_str().to_owned())
            .send()
            .await?
            .into_inner();
        temporary_code(response)
    }

    /// `POST /auth/token/code`: the same, in the form the Budgea 2.0 guide uses.
    pub async fn temporary_code_legacy(&self) -> Result<TemporaryCode, Error> {
        let response = self
            .create_auth_token_code_legacy()
            .send()
            .await?
            .into_inner();
        temporary_code(response)
    }

    /// `POST /auth/token/access`: exchanges a temporary code (e.g. one the webview returned for a
    /// user it created) for a permanent user token.
    pub async fn exchange_code(
        &self,
        credentials: &ClientCredentials,
        code: &SecretString,
        redirect_uri: Option<&str>,
    ) -> Result<Token, Error> {
        if code.expose_secret().trim().is_empty() {
            return Err(Error::InvalidRequest(
                "the code to exchange is empty".into(),
            ));
        }
        let body = types::ExchangeAuthCodeBody {
            client_id: checked(credentials)?.client_id().to_owned(),
            client_secret: credentials.client_secret().expose_secret().to_owned(),
            code: code.expose_secret().to_owned(),
            grant_type: Some("authorization_code".into()),
            redirect_uri: redirect_uri.map(str::to_owned),
        };
        let response = self
            .without_token()
            .exchange_auth_code()
            .body(body)
            .send()
            .await?
            .into_inner();
        user_token(response.access_token, "POST /auth/token/access")
    }

    /// `POST /auth/renew`: a new permanent token for user `id_user`; with `revoke_previous`,
    /// the user's other permanent tokens stop working.
    pub async fn renew_token(
        &self,
        credentials: &ClientCredentials,
        id_user: i64,
        revoke_previous: bool,
    ) -> Result<Token, Error> {
        if id_user <= 0 {
            return Err(Error::InvalidRequest(format!("{id_user} is not a user id")));
        }
        let body = types::RenewAuthTokenBody {
            client_id: checked(credentials)?.client_id().to_owned(),
            client_secret: credentials.client_secret().expose_secret().to_owned(),
            grant_type: Some("client_credentials".into()),
            id_user,
            revoke_previous: Some(revoke_previous),
        };
        let response = self
            .without_token()
            .renew_auth_token()
            .body(body)
            .send()
            .await?
            .into_inner();
        user_token(response.access_token, "POST /auth/renew")
    }

    /// `DELETE /auth/token`: revokes the (permanent) token this client sends.
    pub async fn revoke_token(&self) -> Result<(), Error> {
        if self.token().is_none() {
            return Err(Error::InvalidRequest(
                "this client sends no token to revoke".into(),
            ));
        }
        let url = self.url("/auth/token")?;
        let request = self.json_request(Method::DELETE, url, None, false)?;
        self.send(request, RetryClass::Idempotent).await?;
        Ok(())
    }
}

fn temporary_code(response: types::AuthCode) -> Result<TemporaryCode, Error> {
    let code = response
        .code
        .filter(|c| !c.is_empty())
        .ok_or_else(|| Error::Decode {
            status: None,
            message: "the temporary code response has no code".into(),
            snippet: String::new(),
        })?;
    Ok(TemporaryCode {
        code: SecretString::from(code),
        access: response.access,
        expires_in: secs(response.expires_in),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_codes_do_not_print_secrets() {
        let credentials = ClientCredentials::new("17473055", "54tHJHjvodbANVzaRtcLzlHGXQiOgw80");
        let code = TemporaryCode {
            code: SecretString::from("/JiDppWgbmc+5ztHIUJtHl0ynYfw682Z".to_owned()),
            access: None,
            expires_in: Some(Duration::from_secs(1800)),
        };
        let debug = format!("{credentials:?} {code:?} {:?}", code.as_token());
        assert!(!debug.contains("54tHJ"), "{debug}");
        assert!(!debug.contains("JiDpp"), "{debug}");
        assert!(debug.contains("17473055"));
        assert!(checked(&ClientCredentials::new("", "x")).is_err());
        assert!(checked(&ClientCredentials::new("id", " ")).is_err());
    }
}
