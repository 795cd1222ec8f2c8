//! Transactions as a `Stream`, page after page.
//!
//! `GET /users/me/transactions` (or an account's, or a connection's) returns at most `limit`
//! transactions from `offset`; without dates the API returns the **last month only**, so give
//! `min_date`/`max_date` for more. Pages are fetched lazily, one when the previous one is used
//! up:
//!
//! - when the page has `_links.next.href` (Powens' relational pagination), it is followed as
//!   given, provided it stays under the client's base URL (a token is never sent elsewhere);
//! - otherwise the next page is at `offset + items received`, while `total` says there are more
//!   (or, without `total`, while a page is full);
//! - the stream ends after the last page, or at the first error (which it yields).

use bankapi_core::{paginate, Page, RetryClass, Timestamp};
use chrono::NaiveDate;
use futures::Stream;
use reqwest::Method;

use crate::error::Error;
use crate::types::{Transaction, TransactionsList};
use crate::Client;

/// The API's largest page.
pub const MAX_LIMIT: u32 = 1000;

/// Whose transactions to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// All of the user's (`/users/me/transactions`).
    #[default]
    User,
    /// One account's.
    Account(i64),
    /// One connection's.
    Connection(i64),
}

/// What [`Client::transactions`] lists.
///
/// ```
/// use budgea::pagination::TransactionQuery;
/// use chrono::NaiveDate;
///
/// let query = TransactionQuery::new()
///     .min_date(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap())
///     .max_date(NaiveDate::from_ymd_opt(2024, 3, 31).unwrap())
///     .limit(500)
///     .expand("category");
/// # let _ = query;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionQuery {
    scope: Scope,
    min_date: Option<NaiveDate>,
    max_date: Option<NaiveDate>,
    limit: u32,
    expand: Vec<String>,
    all: bool,
    deleted: Option<bool>,
    income: Option<bool>,
    last_update: Option<Timestamp>,
    wording: Option<String>,
    search: Option<String>,
}

impl Default for TransactionQuery {
    fn default() -> Self {
        TransactionQuery {
            scope: Scope::User,
            min_date: None,
            max_date: None,
            limit: 100,
            expand: Vec::new(),
            all: false,
            deleted: None,
            income: None,
            last_update: None,
            wording: None,
            search: None,
        }
    }
}

impl TransactionQuery {
    /// The user's transactions, 100 per page.
    pub fn new() -> Self {
        TransactionQuery::default()
    }

    /// Whose transactions.
    pub fn scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    /// From this date (inclusive).
    pub fn min_date(mut self, date: NaiveDate) -> Self {
        self.min_date = Some(date);
        self
    }

    /// Up to this date (inclusive).
    pub fn max_date(mut self, date: NaiveDate) -> Self {
        self.max_date = Some(date);
        self
    }

    /// Page size, 1 to [`MAX_LIMIT`].
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit;
        self
    }

    /// Expands a relation of each transaction (`category`, `account`, `documents`).
    pub fn expand(mut self, relation: impl Into<String>) -> Self {
        self.expand.push(relation.into());
        self
    }

    /// Also deleted transactions (`?all`).
    pub fn all(mut self) -> Self {
        self.all = true;
        self
    }

    /// Only deleted (`true`) or only not deleted (`false`) transactions.
    pub fn deleted(mut self, deleted: bool) -> Self {
        self.deleted = Some(deleted);
        self
    }

    /// Only incomes (`true`) or only expenses (`false`).
    pub fn income(mut self, income: bool) -> Self {
        self.income = Some(income);
        self
    }

    /// Only transactions updated after this time.
    pub fn last_update(mut self, at: Timestamp) -> Self {
        self.last_update = Some(at);
        self
    }

    /// Only transactions whose wording contains this.
    pub fn wording(mut self, wording: impl Into<String>) -> Self {
        self.wording = Some(wording.into());
        self
    }

    /// Full-text search in labels, dates, values and categories.
    pub fn search(mut self, search: impl Into<String>) -> Self {
        self.search = Some(search.into());
        self
    }

    fn check(&self) -> Result<(), Error> {
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(Error::InvalidRequest(format!(
                "limit must be between 1 and {MAX_LIMIT}, not {}",
                self.limit
            )));
        }
        if let (Some(min), Some(max)) = (self.min_date, self.max_date) {
            if min > max {
                return Err(Error::InvalidRequest(format!(
                    "min_date {min} is after max_date {max}"
                )));
            }
        }
        match self.scope {
            Scope::Account(id) | Scope::Connection(id) if id <= 0 => {
                return Err(Error::InvalidRequest(format!("{id} is not an id")))
            }
            _ => {}
        }
        if self
            .expand
            .iter()
            .any(|e| e.trim().is_empty() || e.contains(','))
        {
            return Err(Error::InvalidRequest(
                "expand takes one relation name at a time".into(),
            ));
        }
        Ok(())
    }

    fn path(&self) -> String {
        match self.scope {
            Scope::User => "/users/me/transactions".to_owned(),
            Scope::Account(id) => format!("/users/me/accounts/{id}/transactions"),
            Scope::Connection(id) => format!("/users/me/connections/{id}/transactions"),
        }
    }

    fn url(&self, client: &Client, offset: u64) -> Result<url::Url, Error> {
        let mut url = client.url(&self.path())?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("limit", &self.limit.to_string());
            q.append_pair("offset", &offset.to_string());
            if let Some(d) = self.min_date {
                q.append_pair("min_date", &d.format("%Y-%m-%d").to_string());
            }
            if let Some(d) = self.max_date {
                q.append_pair("max_date", &d.format("%Y-%m-%d").to_string());
            }
            if !self.expand.is_empty() {
                q.append_pair("expand", &self.expand.join(","));
            }
            if self.all {
                q.append_key_only("all");
            }
            if let Some(v) = self.deleted {
                q.append_pair("deleted", if v { "true" } else { "false" });
            }
            if let Some(v) = self.income {
                q.append_pair("income", if v { "true" } else { "false" });
            }
            if let Some(t) = &self.last_update {
                q.append_pair("last_update", &t.to_string());
            }
            if let Some(w) = &self.wording {
                q.append_pair("wording", w);
            }
            if let Some(s) = &self.search {
                q.append_pair("search", s);
            }
        }
        Ok(url)
    }
}

/// Where the next page is.
#[derive(Debug, Clone)]
enum Cursor {
    Offset(u64),
    Link(url::Url),
}

/// One page, as the API sent it.
pub type TransactionsPage = TransactionsList;

impl Client {
    /// Every transaction matching `query`, as a stream fetching pages lazily.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use budgea::pagination::TransactionQuery;
    /// use budgea::{Client, Token};
    /// use futures::TryStreamExt;
    /// use httpmock::prelude::*;
    /// use serde_json::json;
    ///
    /// let server = MockServer::start_async().await;
    /// let first = server.mock_async(|when, then| {
    ///     when.path("/2.0/users/me/transactions").query_param("limit", "2").query_param("offset", "0");
    ///     then.status(200).json_body(json!({"transactions": [{"id": 1}, {"id": 2}], "total": 3}));
    /// }).await;
    /// let second = server.mock_async(|when, then| {
    ///     when.path("/2.0/users/me/transactions").query_param("offset", "2");
    ///     then.status(200).json_body(json!({"transactions": [{"id": 3}], "total": 3}));
    /// }).await;
    ///
    /// let client = Client::builder().base_url(server.url("/2.0")).token(Token::user("t")).build()?;
    /// let ids: Vec<i64> = client
    ///     .transactions(TransactionQuery::new().limit(2))
    ///     .map_ok(|t| t.id)
    ///     .try_collect()
    ///     .await?;
    /// assert_eq!(ids, [1, 2, 3]);
    /// first.assert_async().await;
    /// second.assert_async().await;
    /// # Ok::<_, budgea::Error>(()) }).unwrap();
    /// ```
    pub fn transactions(
        &self,
        query: TransactionQuery,
    ) -> impl Stream<Item = Result<Transaction, Error>> + Send + 'static {
        let client = self.clone();
        paginate(Cursor::Offset(0), move |cursor| {
            let client = client.clone();
            let query = query.clone();
            async move { client.transaction_page(&query, cursor).await }
        })
    }

    /// One page of transactions: the first of `query` (`offset` 0), or the one at `offset`.
    pub async fn transactions_page(
        &self,
        query: &TransactionQuery,
        offset: u64,
    ) -> Result<TransactionsPage, Error> {
        query.check()?;
        let url = query.url(self, offset)?;
        let request = self.json_request(Method::GET, url, None, false)?;
        Ok(self.send_json(request, RetryClass::Idempotent).await?.1)
    }

    async fn transaction_page(
        &self,
        query: &TransactionQuery,
        cursor: Cursor,
    ) -> Result<Page<Transaction, Cursor>, Error> {
        query.check()?;
        let (url, offset) = match cursor {
            Cursor::Offset(offset) => (query.url(self, offset)?, Some(offset)),
            Cursor::Link(url) => (url, None),
        };
        let current = url.clone();
        let request = self.json_request(Method::GET, url, None, false)?;
        let page: TransactionsList = self.send_json(request, RetryClass::Idempotent).await?.1;
        let received = page.transactions.len() as u64;
        let next_link = page
            .links
            .as_ref()
            .and_then(|l| l.next.as_ref())
            .and_then(|n| n.href.as_deref())
            .filter(|h| !h.trim().is_empty());
        let next = match next_link {
            Some(href) if received > 0 => {
                let url = self.follow(&current, href)?;
                (url != current).then_some(Cursor::Link(url))
            }
            Some(_) => None,
            None => match offset {
                Some(offset) if received > 0 => {
                    let more = match page.total {
                        Some(total) => offset + received < total.max(0) as u64,
                        None => received >= u64::from(query.limit),
                    };
                    more.then_some(Cursor::Offset(offset + received))
                }
                _ => None,
            },
        };
        Ok(Page {
            items: page.transactions,
            next,
        })
    }

    /// Resolves a `_links` URL and refuses one outside the base URL.
    fn follow(&self, current: &url::Url, href: &str) -> Result<url::Url, Error> {
        let url = current
            .join(href)
            .map_err(|e| Error::InvalidRequest(format!("bad next link {href:?}: {e}")))?;
        let base = self.url("/")?;
        let same_origin = url.scheme() == base.scheme()
            && url.host_str() == base.host_str()
            && url.port_or_known_default() == base.port_or_known_default();
        if !same_origin || !url.path().starts_with(base.path()) {
            return Err(Error::InvalidRequest(format!(
                "refusing to follow a next link outside {}: {}",
                self.baseurl(),
                url.origin().ascii_serialization()
            )));
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_checked_and_encoded() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9/2.0")
            .build()
            .unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
        let query = TransactionQuery::new()
            .scope(Scope::Account(17))
            .min_date(day(1))
            .max_date(day(31))
            .expand("category")
            .all()
            .last_update("2024-01-02 03:04:05".parse().unwrap());
        assert_eq!(
            query.url(&client, 200).unwrap().as_str(),
            "http://127.0.0.1:9/2.0/users/me/accounts/17/transactions?limit=100&offset=200\
             &min_date=2024-01-01&max_date=2024-01-31&expand=category&all&last_update=2024-01-02+03%3A04%3A05"
        );
        assert!(TransactionQuery::new()
            .min_date(day(2))
            .max_date(day(1))
            .check()
            .is_err());
        assert!(TransactionQuery::new().limit(0).check().is_err());
        assert!(TransactionQuery::new().limit(1001).check().is_err());
        assert!(TransactionQuery::new().expand("a,b").check().is_err());
        assert!(TransactionQuery::new()
            .scope(Scope::Connection(0))
            .check()
            .is_err());
    }

    #[test]
    fn next_links_stay_under_the_base_url() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9/2.0")
            .build()
            .unwrap();
        let current =
            url::Url::parse("http://127.0.0.1:9/2.0/users/me/transactions?limit=2").unwrap();
        assert!(client
            .follow(&current, "/2.0/users/me/transactions?cursor=abc")
            .is_ok());
        assert!(client
            .follow(&current, "http://127.0.0.1:9/2.0/users/me/transactions?x=1")
            .is_ok());
        assert!(client
            .follow(&current, "https://evil.example/2.0/users/me/transactions")
            .is_err());
        assert!(client
            .follow(&current, "http://127.0.0.1:10/2.0/x")
            .is_err());
        assert!(client.follow(&current, "/other/path").is_err());
    }
}
