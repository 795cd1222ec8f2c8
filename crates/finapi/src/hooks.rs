//! The path of every call of the generated client: checks before sending, the token the
//! operation needs, retries by operation, and error bodies made decodable.
//!
//! progenitor calls [`ClientHooks::pre`] and [`ClientHooks::exec`] for each operation; both are
//! implemented here for [`Client`], whose hand-written state is [`ClientState`].

use std::fmt;
use std::sync::Arc;

use bankapi_core::error::body_snippet;
use bankapi_core::{HttpTransport, RetryClass};
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderValue, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE};

use std::time::Duration;

use crate::auth::{BearerTokens, TokenEndpoint, TokenScope, UserCredentials};
use crate::{types, Client};

/// What a [`Client`] carries besides its base URL: one transport per kind of token and the
/// token caches. Cheap to clone; built by [`Client::builder`](crate::Client::builder).
#[derive(Clone)]
pub struct ClientState {
    inner: Arc<Transports>,
}

struct Transports {
    /// Without token: the token endpoint.
    plain: HttpTransport,
    /// With the client token.
    client: HttpTransport,
    /// With the user token, when the client has a user.
    user: Option<(HttpTransport, Arc<BearerTokens>)>,
    endpoint: Arc<TokenEndpoint>,
    client_tokens: Arc<BearerTokens>,
    renew_before: Duration,
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("client_tokens", &self.inner.client_tokens)
            .field(
                "user",
                &self
                    .inner
                    .user
                    .as_ref()
                    .and_then(|(_, user)| user.username()),
            )
            .finish_non_exhaustive()
    }
}

impl ClientState {
    pub(crate) fn new(
        plain: HttpTransport,
        endpoint: Arc<TokenEndpoint>,
        client_tokens: Arc<BearerTokens>,
        user: Option<Arc<BearerTokens>>,
        renew_before: Duration,
    ) -> Self {
        let client = plain.clone().with_authenticator(client_tokens.clone());
        let user = user.map(|tokens| (plain.clone().with_authenticator(tokens.clone()), tokens));
        ClientState {
            inner: Arc::new(Transports {
                plain,
                client,
                user,
                endpoint,
                client_tokens,
                renew_before,
            }),
        }
    }

    /// The same transport and client token, acting for `user` with a token cache of its own.
    pub(crate) fn with_user(&self, user: UserCredentials) -> Self {
        let inner = &self.inner;
        let tokens = BearerTokens::user(inner.endpoint.clone(), user, inner.renew_before);
        ClientState::new(
            inner.plain.clone(),
            inner.endpoint.clone(),
            inner.client_tokens.clone(),
            Some(Arc::new(tokens)),
            inner.renew_before,
        )
    }

    /// Whether calls can act for a user.
    pub fn has_user(&self) -> bool {
        self.inner.user.is_some()
    }

    /// The user calls act for, if any.
    pub fn username(&self) -> Option<&str> {
        self.inner
            .user
            .as_ref()
            .and_then(|(_, user)| user.username())
    }

    fn transport(&self, scope: TokenScope) -> &HttpTransport {
        match (scope, &self.inner.user) {
            (TokenScope::None, _) => &self.inner.plain,
            (TokenScope::User | TokenScope::UserOrClient, Some((user, _))) => user,
            // A user operation without a user was refused by `pre`.
            _ => &self.inner.client,
        }
    }
}

/// Operations that move money or submit payment orders: sent exactly once, whatever happens.
const MOVES_MONEY: &[&str] = &[
    "create_money_transfer",
    "create_direct_debit",
    "submit_payment",
    "create_standing_order",
    "submit_standing_order",
    "request_sepa_money_transfer",
    "request_sepa_direct_debit",
    "execute_sepa_money_transfer",
    "execute_sepa_direct_debit",
];

/// How safely the operation `operation_id` may be sent again.
///
/// Payments, transfers, direct debits and standing orders are [`RetryClass::Never`]; the token
/// endpoint is idempotent in effect (finAPI returns the same token while it is valid); everything
/// else follows its HTTP method, so importing or updating a bank connection (`POST`) is resent
/// only when finAPI cannot have seen it (connection refused, `429`).
///
/// ```
/// use bankapi_core::RetryClass;
/// use finapi::retry_class;
/// use reqwest::Method;
///
/// assert_eq!(retry_class("submit_payment", &Method::POST), RetryClass::Never);
/// assert_eq!(retry_class("import_bank_connection", &Method::POST), RetryClass::NonIdempotent);
/// assert_eq!(retry_class("get_all_bank_connections", &Method::GET), RetryClass::Idempotent);
/// ```
pub fn retry_class(operation_id: &str, method: &reqwest::Method) -> RetryClass {
    if MOVES_MONEY.contains(&operation_id) {
        RetryClass::Never
    } else if operation_id == "get_token" {
        RetryClass::Idempotent
    } else {
        RetryClass::from_method(method)
    }
}

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        crate::validate::before_sending(info.operation_id, request, self.inner.has_user())
            .map_err(progenitor_client::Error::InvalidRequest)
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let class = retry_class(info.operation_id, request.method());
        let transport = self.inner.transport(TokenScope::of(info.operation_id));
        let response = transport
            .execute_generated(request, class, |message| {
                serde_json::json!({ "error": "token_unavailable", "error_description": message })
                    .to_string()
                    .into_bytes()
            })
            .await?;
        decodable_error_body(response).await
    }
}

/// An error response whose body decodes as [`types::ErrorResponse`]: a body that does not (a
/// proxy's HTML page, an empty body) is replaced by `{"error_description": "HTTP <status>:
/// <start of the body>"}`. Otherwise the generated code would fail to decode it and report a
/// decoding error without the status and the request id.
async fn decodable_error_body(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    if status.as_u16() < 400 {
        return Ok(response);
    }
    let version = response.version();
    let mut headers = response.headers().clone();
    let body = response.bytes().await?;
    let body = if serde_json::from_slice::<types::ErrorResponse>(&body).is_ok() {
        body.to_vec()
    } else {
        headers.remove(CONTENT_LENGTH);
        headers.remove(CONTENT_ENCODING);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let description = match body_snippet(&body, 300) {
            snippet if snippet.is_empty() => format!("HTTP {}", status.as_u16()),
            snippet => format!("HTTP {}: {snippet}", status.as_u16()),
        };
        serde_json::json!({ "error_description": description })
            .to_string()
            .into_bytes()
    };
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bankapi_core::transport::synthetic_response;
    use reqwest::StatusCode;

    #[tokio::test]
    async fn undecodable_error_bodies_are_replaced_and_keep_status() {
        let html = synthetic_response(
            StatusCode::BAD_GATEWAY,
            "text/html",
            "<html>upstream down</html>",
        );
        let fixed = decodable_error_body(html).await.unwrap();
        assert_eq!(fixed.status(), 502);
        let body: types::ErrorResponse = fixed.json().await.unwrap();
        assert_eq!(
            body.error_description.as_deref(),
            Some("HTTP 502: <html>upstream down</html>")
        );

        let finapi = synthetic_response(
            StatusCode::BAD_REQUEST,
            "application/json",
            r#"{"errors":[{"message":"m","code":"BAD_REQUEST","type":"TECHNICAL"}]}"#,
        );
        let kept = decodable_error_body(finapi).await.unwrap();
        assert!(kept.text().await.unwrap().contains("BAD_REQUEST"));
    }

    #[test]
    fn everything_that_moves_money_is_never_retried() {
        for operation in MOVES_MONEY {
            assert_eq!(
                retry_class(operation, &reqwest::Method::POST),
                RetryClass::Never
            );
        }
        assert_eq!(
            retry_class("delete_bank_connection", &reqwest::Method::DELETE),
            RetryClass::Idempotent
        );
        assert_eq!(
            retry_class("get_token", &reqwest::Method::POST),
            RetryClass::Idempotent
        );
    }
}
