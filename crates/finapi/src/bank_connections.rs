//! Waiting for a bank connection's download to finish.
//!
//! Once an import or update is accepted, finAPI downloads the accounts and transactions in the
//! background: the connection's `updateStatus` is `IN_PROGRESS`, then `READY`. Reading accounts
//! before that gives partial data, so callers poll the connection; this is that loop.

use std::time::Duration;

use tokio::time::Instant;

use crate::types::{BankConnection, BankConnectionUpdateStatus};
use crate::{Client, Error};

/// How often the connection is read again while finAPI downloads (its docs suggest seconds).
const POLL_EVERY: Duration = Duration::from_secs(2);

impl Client {
    /// Reads `connection` again every two seconds until its `updateStatus` is `READY` or
    /// `max_wait` has passed, and returns the last state read: check
    /// [`update_status`](BankConnection::update_status) to tell which. A connection already
    /// `READY` is returned without a request.
    ///
    /// ```
    /// use finapi::{types, Outcome};
    /// use std::time::Duration;
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let mock = finapi::mock::MockFinApi::start().await;
    /// let _scenario = mock.demo_bank_import_with_challenge().await;
    /// let client = mock.client_builder().build()?;
    /// let params = finapi::mock::demo_import_params();
    /// let Outcome::NeedsUser(challenge) = client.import_bank_connection_flow(params).await? else {
    ///     panic!("the demo bank asks for a TAN");
    /// };
    /// let connection = challenge.answer(finapi::mock::DEMO_TAN).await?.done().unwrap();
    /// let connection = client.wait_for_bank_connection(connection, Duration::from_secs(60)).await?;
    /// assert_eq!(connection.update_status, types::BankConnectionUpdateStatus::Ready);
    /// # Ok::<_, finapi::Error>(()) }).unwrap();
    /// ```
    pub async fn wait_for_bank_connection(
        &self,
        mut connection: BankConnection,
        max_wait: Duration,
    ) -> Result<BankConnection, Error> {
        let deadline = Instant::now() + max_wait;
        while connection.update_status != BankConnectionUpdateStatus::Ready {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            tokio::time::sleep(POLL_EVERY.min(deadline - now)).await;
            connection = self
                .get_bank_connection()
                .id(connection.id)
                .send()
                .await?
                .into_inner();
        }
        Ok(connection)
    }
}
