//! Multi-step authentication: when the bank needs the user, and how to continue.
//!
//! Six operations may answer HTTP 510 with a `multiStepAuthentication` object instead of their
//! result: importing, updating and connecting an interface of a bank connection, submitting a
//! payment or a standing order, and requesting a SEPA money transfer. The caller shows the user
//! what the bank asks (a TAN prompt, a photoTAN image, a choice of procedures, a redirect to the
//! bank, an app approval) and then sends **the same operation again** with the user's answer in
//! `multiStepAuthentication` (`hash` plus `challengeResponse`, `twoStepProcedureId`,
//! `redirectCallback` or `decoupledCallback`).
//!
//! The `*_flow` methods do the bookkeeping: they return [`Outcome::Done`] with the result, or
//! [`Outcome::NeedsUser`] with a [`Challenge`] that keeps the original request, describes what
//! the bank asks ([`Challenge::kind`]) and continues the operation
//! ([`answer`](Challenge::answer), [`choose_procedure`](Challenge::choose_procedure),
//! [`complete_redirect`](Challenge::complete_redirect),
//! [`poll_decoupled`](Challenge::poll_decoupled)), which may in turn need the user again.
//!
//! ```
//! use finapi::{types, ChallengeKind, Outcome};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let mock = finapi::mock::MockFinApi::start().await;
//! let scenario = mock.demo_bank_import_with_challenge().await;
//! let client = mock.client_builder().build()?;
//!
//! let params = types::ImportBankConnectionParams::builder()
//!     .bank_id(finapi::mock::DEMO_BANK_ID)
//!     .name(Some("MSA".to_owned()));
//! let connection = match client.import_bank_connection_flow(params).await? {
//!     Outcome::Done(connection) => connection,
//!     Outcome::NeedsUser(challenge) => {
//!         let ChallengeKind::Answer { message, label, .. } = challenge.kind() else {
//!             panic!("the demo bank asks for a TAN");
//!         };
//!         println!("{} ({})", message.unwrap_or_default(), label.unwrap_or("TAN"));
//!         challenge.answer(finapi::mock::DEMO_TAN).await?.done().expect("one challenge only")
//!     }
//! };
//! assert_eq!(connection.id, finapi::mock::DEMO_CONNECTION_ID);
//! scenario.assert_completed().await;
//! # Ok::<_, finapi::Error>(()) }).unwrap();
//! ```

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use futures::future::BoxFuture;
use progenitor_client::ResponseValue;

use crate::types::{self, MsaStatus, MultiStepAuthenticationCallback, TwoStepProcedure};
use crate::{Client, Error};

/// The details of a multi-step authentication, as finAPI sends them in a 510 answer.
pub type MultiStepAuthentication = types::MultiStepAuthenticationChallenge;

/// An operation that may need the user in the middle (HTTP 510) and is continued by sending it
/// again with a [`MultiStepAuthenticationCallback`].
///
/// Implemented for the request bodies of the six operations that can answer 510.
pub trait MultiStepRequest: Clone + Send + Sync + fmt::Debug + 'static {
    /// What the operation returns once done.
    type Output: Send;

    /// Sets the answer to the previous challenge.
    fn set_callback(&mut self, callback: MultiStepAuthenticationCallback);

    /// Sends the operation once.
    fn send<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Self::Output, Error>>;
}

macro_rules! multi_step_request {
    ($params:ident => $output:ident, $method:ident) => {
        impl MultiStepRequest for types::$params {
            type Output = types::$output;

            fn set_callback(&mut self, callback: MultiStepAuthenticationCallback) {
                self.multi_step_authentication = Some(callback);
            }

            fn send<'a>(
                &'a self,
                client: &'a Client,
            ) -> BoxFuture<'a, Result<Self::Output, Error>> {
                Box::pin(async move {
                    client
                        .$method()
                        .body(self.clone())
                        .send()
                        .await
                        .map(ResponseValue::into_inner)
                        .map_err(Error::from)
                })
            }
        }
    };
}

multi_step_request!(ImportBankConnectionParams => BankConnection, import_bank_connection);
multi_step_request!(UpdateBankConnectionParams => BankConnection, update_bank_connection);
multi_step_request!(ConnectInterfaceParams => BankConnection, connect_interface);
multi_step_request!(SubmitPaymentParams => Payment, submit_payment);
multi_step_request!(SubmitStandingOrderParams => StandingOrder, submit_standing_order);
multi_step_request!(RequestSepaMoneyTransferParams => MoneyTransferOrderingResponse, request_sepa_money_transfer);

/// The result of a step: done, or the bank needs the user.
#[derive(Debug)]
#[must_use = "a challenge must be answered to complete the operation"]
pub enum Outcome<R: MultiStepRequest> {
    /// The operation completed.
    Done(R::Output),
    /// The bank needs the user before the operation can complete.
    NeedsUser(Challenge<R>),
}

impl<R: MultiStepRequest> Outcome<R> {
    /// The result, if the operation completed.
    pub fn done(self) -> Option<R::Output> {
        match self {
            Outcome::Done(output) => Some(output),
            Outcome::NeedsUser(_) => None,
        }
    }

    /// The challenge, if the bank needs the user.
    pub fn challenge(self) -> Option<Challenge<R>> {
        match self {
            Outcome::Done(_) => None,
            Outcome::NeedsUser(challenge) => Some(challenge),
        }
    }
}

/// Importing a bank connection: the connection, or a challenge.
pub type ImportOutcome = Outcome<types::ImportBankConnectionParams>;
/// Updating a bank connection: the connection, or a challenge.
pub type UpdateOutcome = Outcome<types::UpdateBankConnectionParams>;

/// What the bank asks of the user, in terms any provider's challenge can be put in.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum ChallengeKind<'a> {
    /// Enter a code or an answer (TAN, OTP): answer with [`Challenge::answer`]. The bank may
    /// show it along with an image (photoTAN, QR code) or a flicker code.
    Answer {
        /// The bank's instructions.
        message: Option<&'a str>,
        /// The bank's label for the input field ("TAN").
        label: Option<&'a str>,
        /// A photoTAN or QR-code-like image to show.
        image: Option<ChallengeImage>,
        /// Raw data (base64) of a flicker code animation to show.
        flicker_code: Option<&'a str>,
    },
    /// Choose one of these procedures: continue with [`Challenge::choose_procedure`].
    ChooseProcedure {
        /// The procedures offered for this authentication.
        procedures: &'a [TwoStepProcedure],
    },
    /// Send the user to the bank's page: continue with [`Challenge::complete_redirect`] when the
    /// bank sends the user back.
    Redirect {
        /// Where to send the user (it already holds the way back to the application).
        url: &'a str,
        /// The query parameter of the way back that carries [`Challenge::redirect_context`].
        context_field: Option<&'a str>,
    },
    /// Approve in the bank's app or by other means: continue with [`Challenge::poll_decoupled`]
    /// (or [`Challenge::wait_for_decoupled`]).
    Decoupled {
        /// The bank's instructions.
        message: Option<&'a str>,
        /// Whether the user has already been asked and the bank is waiting.
        in_progress: bool,
    },
    /// A status this version of the crate does not know; [`Challenge::details`] has everything
    /// finAPI sent.
    Unknown {
        /// finAPI's status.
        status: &'a str,
    },
}

/// An image to show the user (photoTAN), decoded from finAPI's base64.
#[derive(Clone, PartialEq, Eq)]
pub struct ChallengeImage {
    /// The MIME type finAPI gave (`image/png`), or `application/octet-stream`.
    pub mime_type: String,
    /// The image's bytes.
    pub bytes: Vec<u8>,
}

impl fmt::Debug for ChallengeImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChallengeImage")
            .field("mime_type", &self.mime_type)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// The bank needs the user: what it asks, and how to continue the operation.
///
/// A challenge keeps the client and the original request; answering it sends that request again
/// with the answer and returns the next [`Outcome`].
pub struct Challenge<R: MultiStepRequest> {
    // Boxed: an `Outcome` is mostly a small `Done`.
    inner: Box<Pending<R>>,
}

struct Pending<R> {
    client: Client,
    request: R,
    details: MultiStepAuthentication,
    error: Error,
}

impl<R: MultiStepRequest> fmt::Debug for Challenge<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Challenge")
            .field("kind", &self.kind())
            .field("request_id", &self.inner.error.request_id())
            .field("request", &self.inner.request)
            .finish_non_exhaustive()
    }
}

impl<R: MultiStepRequest> Challenge<R> {
    /// What the bank asks, in provider-neutral terms.
    pub fn kind(&self) -> ChallengeKind<'_> {
        let d = &self.inner.details;
        match &d.status {
            MsaStatus::ChallengeResponseRequired => ChallengeKind::Answer {
                message: d.challenge_message.as_deref(),
                label: d.answer_field_label.as_deref(),
                image: self.image(),
                flicker_code: d.optical_data.as_deref(),
            },
            MsaStatus::TwoStepProcedureRequired => ChallengeKind::ChooseProcedure {
                procedures: self.two_step_procedures(),
            },
            MsaStatus::RedirectRequired => ChallengeKind::Redirect {
                url: d.redirect_url.as_deref().unwrap_or_default(),
                context_field: d.redirect_context_field.as_deref(),
            },
            MsaStatus::DecoupledAuthRequired | MsaStatus::DecoupledAuthInProgress => {
                ChallengeKind::Decoupled {
                    message: d.challenge_message.as_deref(),
                    in_progress: d.status == MsaStatus::DecoupledAuthInProgress,
                }
            }
            MsaStatus::Other(status) => ChallengeKind::Unknown { status },
        }
    }

    /// finAPI's status of the authentication.
    pub fn status(&self) -> &MsaStatus {
        &self.inner.details.status
    }

    /// The bank's message for the user.
    pub fn message(&self) -> Option<&str> {
        self.inner.details.challenge_message.as_deref()
    }

    /// The bank's label for the answer's input field.
    pub fn answer_field_label(&self) -> Option<&str> {
        self.inner.details.answer_field_label.as_deref()
    }

    /// The photoTAN image, decoded; `None` when there is none or it is not valid base64 (the raw
    /// data is in [`details`](Self::details)).
    pub fn image(&self) -> Option<ChallengeImage> {
        let data = self.inner.details.photo_tan_data.as_deref()?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .ok()?;
        Some(ChallengeImage {
            mime_type: self
                .inner
                .details
                .photo_tan_mime_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
            bytes,
        })
    }

    /// The procedures the user may choose from.
    pub fn two_step_procedures(&self) -> &[TwoStepProcedure] {
        self.inner
            .details
            .two_step_procedures
            .as_deref()
            .unwrap_or_default()
    }

    /// Where to send the user, for a redirect.
    pub fn redirect_url(&self) -> Option<&str> {
        self.inner.details.redirect_url.as_deref()
    }

    /// The value by which the bank's redirect back identifies this authentication.
    pub fn redirect_context(&self) -> Option<&str> {
        self.inner.details.redirect_context.as_deref()
    }

    /// Everything finAPI sent about the authentication.
    pub fn details(&self) -> &MultiStepAuthentication {
        &self.inner.details
    }

    /// The 510 answer as an error (message, request id, whole body).
    pub fn error(&self) -> &Error {
        &self.inner.error
    }

    /// The request that will be sent again.
    pub fn request(&self) -> &R {
        &self.inner.request
    }

    /// Answers the bank's challenge (a TAN, a code) and continues the operation; an empty
    /// answer is refused before sending.
    pub async fn answer(self, response: impl Into<String>) -> Result<Outcome<R>, Error> {
        let response = response.into();
        if response.trim().is_empty() {
            return Err(Error::invalid_request("the challenge response is empty"));
        }
        self.continue_with(|callback| callback.challenge_response = Some(response))
            .await
    }

    /// Chooses a two-step procedure by its `procedureId` and continues the operation. An id
    /// that is not among [`two_step_procedures`](Self::two_step_procedures) is refused before
    /// sending (finAPI would refuse it too); the challenge is spent either way.
    pub async fn choose_procedure(
        self,
        procedure_id: impl Into<String>,
    ) -> Result<Outcome<R>, Error> {
        let id = procedure_id.into();
        if !self.two_step_procedures().is_empty()
            && !self
                .two_step_procedures()
                .iter()
                .any(|p| p.procedure_id == id)
        {
            return Err(Error::invalid_request(format!(
                "{id:?} is not one of the offered two-step procedures"
            )));
        }
        self.continue_with(|callback| callback.two_step_procedure_id = Some(id))
            .await
    }

    /// Continues after the bank redirected the user back: `callback_query` is the complete
    /// query string of that redirect (`"bankParam1=X&bankParam2=Y"`, with or without `?`).
    pub async fn complete_redirect(
        self,
        callback_query: impl Into<String>,
    ) -> Result<Outcome<R>, Error> {
        let query = callback_query.into();
        let query = query.strip_prefix('?').unwrap_or(&query).to_owned();
        self.continue_with(|callback| callback.redirect_callback = Some(query))
            .await
    }

    /// Asks once whether the user approved (decoupled authentication); while not, the outcome is
    /// another decoupled challenge. finAPI asks not to poll more often than every 5 seconds.
    pub async fn poll_decoupled(self) -> Result<Outcome<R>, Error> {
        self.continue_with(|callback| callback.decoupled_callback = Some(true))
            .await
    }

    /// Polls every `interval` while the decoupled authentication is in progress, at most
    /// `attempts` times; returns the first outcome that is not a decoupled challenge in progress.
    pub async fn wait_for_decoupled(
        self,
        interval: Duration,
        attempts: u32,
    ) -> Result<Outcome<R>, Error> {
        let mut challenge = self;
        for attempt in 0..attempts.max(1) {
            if attempt > 0 {
                tokio::time::sleep(interval).await;
            }
            match challenge.poll_decoupled().await? {
                Outcome::NeedsUser(next)
                    if *next.status() == MsaStatus::DecoupledAuthInProgress =>
                {
                    challenge = next;
                }
                other => return Ok(other),
            }
        }
        Ok(Outcome::NeedsUser(challenge))
    }

    async fn continue_with(
        self,
        fill: impl FnOnce(&mut MultiStepAuthenticationCallback),
    ) -> Result<Outcome<R>, Error> {
        let mut callback = MultiStepAuthenticationCallback {
            hash: self.inner.details.hash.clone(),
            challenge_response: None,
            decoupled_callback: None,
            redirect_callback: None,
            two_step_procedure_id: None,
        };
        fill(&mut callback);
        let Pending {
            client,
            mut request,
            ..
        } = *self.inner;
        request.set_callback(callback);
        run(client, request).await
    }
}

/// Sends `request` once; a 510 with a multi-step authentication becomes a [`Challenge`].
async fn run<R: MultiStepRequest>(client: Client, request: R) -> Result<Outcome<R>, Error> {
    match request.send(&client).await {
        Ok(output) => Ok(Outcome::Done(output)),
        Err(error) => match error.multi_step_authentication().cloned() {
            Some(details) if error.status().map(|s| s.as_u16()) == Some(510) => {
                Ok(Outcome::NeedsUser(Challenge {
                    inner: Box::new(Pending {
                        client,
                        request,
                        details,
                        error,
                    }),
                }))
            }
            _ => Err(error),
        },
    }
}

fn convert<R, P>(params: P) -> Result<R, Error>
where
    P: TryInto<R>,
    P::Error: fmt::Display,
{
    params
        .try_into()
        .map_err(|e| Error::invalid_request(format!("invalid request body: {e}")))
}

impl Client {
    /// Sends any [`MultiStepRequest`] and returns its outcome; the `*_flow` methods are this
    /// for each operation.
    pub async fn multi_step<R: MultiStepRequest>(&self, request: R) -> Result<Outcome<R>, Error> {
        run(self.clone(), request).await
    }

    /// Imports a bank connection (`POST /api/v1/bankConnections/import`); the bank may need the
    /// user ([`Outcome::NeedsUser`]). See the [module docs](crate::challenge) for an example.
    pub async fn import_bank_connection_flow<P>(&self, params: P) -> Result<ImportOutcome, Error>
    where
        P: TryInto<types::ImportBankConnectionParams>,
        P::Error: fmt::Display,
    {
        self.multi_step(convert(params)?).await
    }

    /// Updates a bank connection (`POST /api/v1/bankConnections/update`); the bank may need the
    /// user.
    pub async fn update_bank_connection_flow<P>(&self, params: P) -> Result<UpdateOutcome, Error>
    where
        P: TryInto<types::UpdateBankConnectionParams>,
        P::Error: fmt::Display,
    {
        self.multi_step(convert(params)?).await
    }

    /// Connects an interface to a bank connection (`POST /api/v1/bankConnections/connectInterface`);
    /// the bank may need the user.
    pub async fn connect_interface_flow<P>(
        &self,
        params: P,
    ) -> Result<Outcome<types::ConnectInterfaceParams>, Error>
    where
        P: TryInto<types::ConnectInterfaceParams>,
        P::Error: fmt::Display,
    {
        self.multi_step(convert(params)?).await
    }

    /// Submits a payment (`POST /api/v1/payments/submit`), sent exactly once per step; the bank
    /// may need the user.
    pub async fn submit_payment_flow<P>(
        &self,
        params: P,
    ) -> Result<Outcome<types::SubmitPaymentParams>, Error>
    where
        P: TryInto<types::SubmitPaymentParams>,
        P::Error: fmt::Display,
    {
        self.multi_step(convert(params)?).await
    }

    /// Submits a standing order (`POST /api/v1/standingOrders/submit`), sent exactly once per
    /// step; the bank may need the user.
    pub async fn submit_standing_order_flow<P>(
        &self,
        params: P,
    ) -> Result<Outcome<types::SubmitStandingOrderParams>, Error>
    where
        P: TryInto<types::SubmitStandingOrderParams>,
        P::Error: fmt::Display,
    {
        self.multi_step(convert(params)?).await
    }

    /// Requests a SEPA money transfer (`POST /api/v1/accounts/requestSepaMoneyTransfer`), sent
    /// exactly once per step; the bank may need the user.
    pub async fn request_sepa_money_transfer_flow<P>(
        &self,
        params: P,
    ) -> Result<Outcome<types::RequestSepaMoneyTransferParams>, Error>
    where
        P: TryInto<types::RequestSepaMoneyTransferParams>,
        P::Error: fmt::Display,
    {
        self.multi_step(convert(params)?).await
    }
}
