//! Bank accounts: listing them (disabled and deleted ones too with `?all`) and activating them.
//!
//! GDPR: accounts found on a new connection are **disabled** until the user agrees to share
//! them; a disabled account has almost no data and no transactions, and is not listed unless
//! `?all` is given. The webview's account selection activates them; without the webview,
//! activate them here once the user agreed:
//!
//! - [`Client::activate_accounts`]: Budgea 2.0's `PUT /users/me/connections/{c}/accounts/{ids}?all`
//!   (several comma-separated ids in one call);
//! - [`Client::set_account_disabled`]: Powens' `POST /users/me/accounts/{id}?all`
//!   `{"disabled": false|true}`.

use bankapi_core::RetryClass;
use reqwest::Method;
use serde_json::{json, Value};

use crate::error::Error;
use crate::types::{Account, AccountsList};
use crate::Client;

/// Which accounts [`Client::list_accounts`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFilter {
    connection: Option<i64>,
    all: bool,
    able_to_transfer: bool,
    expand: Vec<String>,
}

impl AccountFilter {
    /// Active accounts of every connection of the user.
    pub fn new() -> Self {
        AccountFilter::default()
    }

    /// Only the accounts of this connection.
    pub fn connection(mut self, connection_id: i64) -> Self {
        self.connection = Some(connection_id);
        self
    }

    /// Also disabled (not yet activated) and deleted accounts (`?all`).
    pub fn all(mut self) -> Self {
        self.all = true;
        self
    }

    /// Only accounts transfers can be made from (`?able_to_transfer=1`).
    pub fn able_to_transfer(mut self) -> Self {
        self.able_to_transfer = true;
        self
    }

    /// Expands a relation (`connection`, `transactions`, …).
    pub fn expand(mut self, relation: impl Into<String>) -> Self {
        self.expand.push(relation.into());
        self
    }
}

fn join_ids(ids: &[i64]) -> Result<String, Error> {
    if ids.is_empty() {
        return Err(Error::InvalidRequest("no account ids given".into()));
    }
    if let Some(bad) = ids.iter().find(|id| **id <= 0) {
        return Err(Error::InvalidRequest(format!("{bad} is not an account id")));
    }
    Ok(ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
}

impl Client {
    /// `GET /users/me/accounts` (or `/users/me/connections/{id}/accounts`), with the
    /// per-currency `balances`.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use budgea::accounts::AccountFilter;
    /// use budgea::{Client, Token};
    /// use httpmock::prelude::*;
    ///
    /// let server = MockServer::start_async().await;
    /// let list = server.mock_async(|when, then| {
    ///     when.method(GET).path("/2.0/users/me/accounts").query_param_exists("all");
    ///     then.status(200).json_body(serde_json::json!({
    ///         "accounts": [{"id": 12345, "name": "Compte de dépôt", "balance": 1452.56,
    ///                       "disabled": "2024-05-01 10:00:00", "currency": {"id": "EUR"}}],
    ///         "balances": {"EUR": 1452.56}}));
    /// }).await;
    ///
    /// let client = Client::builder().base_url(server.url("/2.0")).token(Token::user("t")).build()?;
    /// let accounts = client.list_accounts(&AccountFilter::new().all()).await?;
    /// assert!(accounts.accounts[0].disabled.is_some());
    /// assert_eq!(accounts.balances["EUR"], Some(1452.56));
    /// list.assert_async().await;
    /// # Ok::<_, budgea::Error>(()) }).unwrap();
    /// ```
    pub async fn list_accounts(&self, filter: &AccountFilter) -> Result<AccountsList, Error> {
        let path = match filter.connection {
            Some(id) if id <= 0 => {
                return Err(Error::InvalidRequest(format!(
                    "{id} is not a connection id"
                )))
            }
            Some(id) => format!("/users/me/connections/{id}/accounts"),
            None => "/users/me/accounts".to_owned(),
        };
        let mut url = self.url(&path)?;
        {
            let mut query = url.query_pairs_mut();
            // A valueless flag: `all=false` would not mean "not all" to every server.
            if filter.all {
                query.append_key_only("all");
            }
            if filter.able_to_transfer {
                query.append_pair("able_to_transfer", "1");
            }
            if !filter.expand.is_empty() {
                query.append_pair("expand", &filter.expand.join(","));
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        let request = self.json_request(Method::GET, url, None, false)?;
        Ok(self.send_json(request, RetryClass::Idempotent).await?.1)
    }

    /// Activates accounts of a connection the Budgea 2.0 way:
    /// `PUT /users/me/connections/{connection}/accounts/{id,id,…}?all` with
    /// `{"disabled": false}`. Returns the accounts as answered.
    pub async fn activate_accounts(
        &self,
        connection_id: i64,
        account_ids: &[i64],
    ) -> Result<Vec<Account>, Error> {
        if connection_id <= 0 {
            return Err(Error::InvalidRequest(format!(
                "{connection_id} is not a connection id"
            )));
        }
        let ids = join_ids(account_ids)?;
        let mut url = self.url(&format!(
            "/users/me/connections/{connection_id}/accounts/{ids}"
        ))?;
        url.query_pairs_mut().append_key_only("all");
        let request =
            self.json_request(Method::PUT, url, Some(&json!({ "disabled": false })), false)?;
        let (status, value) = self
            .send_json::<Value>(request, RetryClass::Idempotent)
            .await?;
        // One account comes back as an object, several as a list wrapper.
        let decoded = if value.get("accounts").is_some() {
            serde_json::from_value::<AccountsList>(value).map(|l| l.accounts)
        } else if value.is_array() {
            serde_json::from_value::<Vec<Account>>(value)
        } else {
            serde_json::from_value::<Account>(value).map(|a| vec![a])
        };
        decoded.map_err(|e| Error::Decode {
            status: Some(status),
            message: e.to_string(),
            snippet: String::new(),
        })
    }

    /// Enables (`disabled: false`) or disables one account the Powens way:
    /// `POST /users/me/accounts/{id}?all`.
    pub async fn set_account_disabled(
        &self,
        account_id: i64,
        disabled: bool,
    ) -> Result<Account, Error> {
        join_ids(&[account_id])?;
        let mut url = self.url(&format!("/users/me/accounts/{account_id}"))?;
        url.query_pairs_mut().append_key_only("all");
        let request = self.json_request(
            Method::POST,
            url,
            Some(&json!({ "disabled": disabled })),
            false,
        )?;
        Ok(self.send_json(request, RetryClass::NonIdempotent).await?.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert_eq!(join_ids(&[1, 22]).unwrap(), "1,22");
        assert!(join_ids(&[]).is_err());
        assert!(join_ids(&[3, 0]).is_err());
    }
}
