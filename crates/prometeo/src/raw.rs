//! The low-level client generated from Prometeo's OpenAPI description (corrected by
//! `specs/prometeo/`): every operation, with progenitor's builder interface.
//!
//! Reach it through [`crate::Client::raw`] (API key only) or [`crate::Session::raw`] (with the
//! session key); either way requests go through the same transport as the ergonomic layer:
//! `X-API-Key` and `X-Session-Key` added per attempt (always the header here, whatever
//! [`SessionKeyPlacement`](crate::SessionKeyPlacement) says: progenitor's errors may print a
//! response's URL), retries as the crate documents, transfer operations sent exactly once. Answers are progenitor's `ResponseValue` / `Error`: note that
//! Prometeo reports many errors with HTTP 200 and a `status` field, which this layer leaves to
//! the caller to check.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = prometeo::mock::MockPrometeo::start().await;
//! mock.accounts().await;
//! let session = mock.client().restore_session(prometeo::mock::SESSION_KEY);
//! let answer = session.raw().get_accounts().send().await?;
//! assert_eq!(answer.accounts[0].number.as_deref(), Some("001234567890"));
//! # Ok(()) }
//! ```

use std::fmt;

use bankapi_core::reqwest::header::{HeaderName, HeaderValue};
use bankapi_core::reqwest::{self, Method};
use bankapi_core::{HttpTransport, RetryClass};
use progenitor_client::{ClientHooks, OperationInfo};
use secrecy::{ExposeSecret, SecretString};

use crate::client::SESSION_HEADER;
pub use crate::generated::*;

/// What the generated [`Client`] carries: the shared transport and, for session calls, the
/// session key.
#[derive(Clone)]
pub struct RawInner {
    transport: HttpTransport,
    session_key: Option<SecretString>,
}

impl fmt::Debug for RawInner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawInner")
            .field(
                "session_key",
                &self.session_key.as_ref().map(|_| "[redacted]"),
            )
            .finish_non_exhaustive()
    }
}

/// The retry class of a generated operation: anything that moves money (or enrolls accounts
/// for it) is sent once; other `POST`s are not idempotent; `GET`s are.
pub fn retry_class(operation_id: &str, method: &Method) -> RetryClass {
    const MONEY: [&str; 8] = [
        "transfer_preprocess",
        "retry_transfer_preprocess",
        "transfer_confirm",
        "preprocess_batch_transfer",
        "confirm_batch_transfer",
        "transfer_account_enroll",
        "transfer_account_enroll_confirm",
        "transfer_account_enroll_remove",
    ];
    if MONEY.contains(&operation_id) {
        RetryClass::Never
    } else {
        RetryClass::from_method(method)
    }
}

impl ClientHooks<RawInner> for Client {
    async fn exec(
        &self,
        mut request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let inner = &self.inner;
        if let Some(key) = &inner.session_key {
            if let Ok(mut value) = HeaderValue::from_str(key.expose_secret()) {
                value.set_sensitive(true);
                request
                    .headers_mut()
                    .insert(HeaderName::from_static(SESSION_HEADER), value);
            }
        }
        let class = retry_class(info.operation_id, request.method());
        inner
            .transport
            .execute_generated(request, class, |message| {
                serde_json::json!({ "status": "error", "message": message })
                    .to_string()
                    .into_bytes()
            })
            .await
    }
}

impl crate::Client {
    /// The generated client for operations without session (providers, transfer logs, …).
    pub fn raw(&self) -> Client {
        self.raw_with(None)
    }

    fn raw_with(&self, session_key: Option<SecretString>) -> Client {
        let inner = RawInner {
            transport: self.inner.transport.clone(),
            session_key,
        };
        Client::new_with_client(
            &self.inner.base_url,
            self.inner.transport.client().clone(),
            inner,
        )
    }
}

impl crate::Session {
    /// The generated client, carrying this session's key: every operation of the spec.
    pub fn raw(&self) -> Client {
        self.client.raw_with(Some(self.key.clone()))
    }
}
