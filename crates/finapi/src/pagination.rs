//! Every item of a paged list, as a `futures::Stream` or collected at once.
//!
//! finAPI pages lists with the query parameters `page` (from 1) and `perPage`, and says in the
//! answer's `paging` how many pages there are. [`Paginate`] is implemented for the builders of
//! every paged operation (transactions, banks, categories, labels, securities, payments,
//! standing orders, daily balances, users, rules, TPP credentials and certificates): set the
//! filters and `per_page` on the builder, then call [`stream`](Paginate::stream) or
//! [`collect_all`](Paginate::collect_all) instead of `send`. Pages are fetched one at a time, as
//! the stream is consumed; the stream ends after page `paging.pageCount` (or an empty page).
//!
//! In this API version (1.151.1) accounts (`get_and_search_all_accounts`) and bank connections
//! (`get_all_bank_connections`) are not paged: finAPI returns them all in one answer. Their
//! builders implement [`Paginate`] too (one request), so code does not need to know.
//!
//! ```
//! use finapi::Paginate;
//! use futures::TryStreamExt;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let mock = finapi::mock::MockFinApi::start().await;
//! let transactions: Vec<_> = (1..=5).map(|id| finapi::mock::sample::transaction(id, 1, -10.0, "2024-05-01")).collect();
//! let pages = mock.transaction_pages(&transactions, 2).await;
//! let client = mock.client_builder().build()?;
//!
//! let request = client
//!     .get_and_search_all_transactions()
//!     .view(finapi::types::GetAndSearchAllTransactionsView::UserView)
//!     .per_page(std::num::NonZeroU64::new(2).unwrap());
//! // Pages are fetched as the stream is consumed.
//! let mut stream = request.stream();
//! let first = stream.try_next().await?.expect("a first transaction");
//! assert_eq!(first.id, 1);
//! let rest: Vec<_> = stream.try_collect().await?;
//! assert_eq!(rest.iter().map(|t| t.id).collect::<Vec<_>>(), [2, 3, 4, 5]);
//! pages.assert_each_page_fetched().await;
//! # Ok::<_, finapi::Error>(()) }).unwrap();
//! ```

use std::num::NonZeroU64;

use bankapi_core::{paginate, Page};
use futures::future::BoxFuture;
use futures::stream::{BoxStream, StreamExt, TryStreamExt};

use crate::builder;
use crate::{types, Error};

/// A list request that can be sent page by page.
pub trait Paginate<'a>: Clone + Send + Sized + 'a {
    /// The listed item.
    type Item: Send + 'a;

    /// Fetches one page (1-based); `next` is the following page number, if there is one.
    fn fetch_page(self, page: u64) -> BoxFuture<'a, Result<Page<Self::Item, u64>, Error>>;

    /// Every item of every page, fetching pages as the stream is consumed; the stream ends at
    /// the first error (which it yields).
    fn stream(self) -> BoxStream<'a, Result<Self::Item, Error>> {
        paginate(1u64, move |page| self.clone().fetch_page(page)).boxed()
    }

    /// Every item of every page.
    fn collect_all(self) -> BoxFuture<'a, Result<Vec<Self::Item>, Error>> {
        Box::pin(self.stream().try_collect())
    }
}

/// The page after `paging`'s, if any.
fn next_page(paging: &types::Paging, items_on_page: usize) -> Option<u64> {
    let page = u64::from(paging.page.get());
    let last = u64::try_from(paging.page_count).unwrap_or(0);
    // An empty page ends the list even if `pageCount` says otherwise.
    (page < last && items_on_page > 0).then_some(page + 1)
}

macro_rules! paged {
    ($($builder:ident => $items:ident: $item:ident),* $(,)?) => {
        $(
            impl<'a> Paginate<'a> for builder::$builder<'a> {
                type Item = types::$item;

                fn fetch_page(self, page: u64) -> BoxFuture<'a, Result<Page<Self::Item, u64>, Error>> {
                    Box::pin(async move {
                        let page = NonZeroU64::new(page)
                            .ok_or_else(|| Error::invalid_request("pages start at 1"))?;
                        let list = self.page(page).send().await?.into_inner();
                        let next = next_page(&list.paging, list.$items.len());
                        Ok(Page {
                            items: list.$items,
                            next,
                        })
                    })
                }
            }
        )*
    };
}

paged! {
    GetAndSearchAllTransactions => transactions: Transaction,
    GetAndSearchAllBanks => banks: Bank,
    GetAndSearchAllCategories => categories: Category,
    GetAndSearchAllLabels => labels: Label,
    GetAndSearchAllSecurities => securities: Security,
    GetPayments => payments: Payment,
    GetStandingOrders => standing_orders: StandingOrder,
    GetDailyBalances => daily_balances: DailyBalance,
    GetUserList => users: UserInfo,
    GetKeywordRuleList => keyword_rules: KeywordRule,
    GetIbanRuleList => iban_rules: IbanRule,
    GetAllTppCredentials => tpp_credentials: TppCredentials,
    GetAllCertificates => tpp_certificates: TppCertificate,
    GetAndSearchTppAuthenticationGroups => tpp_authentication_groups: TppAuthenticationGroup,
}

macro_rules! unpaged {
    ($builder:ident, $items:ident, $item:ident) => {
        impl<'a> Paginate<'a> for builder::$builder<'a> {
            type Item = types::$item;

            fn fetch_page(self, page: u64) -> BoxFuture<'a, Result<Page<Self::Item, u64>, Error>> {
                Box::pin(async move {
                    if page != 1 {
                        return Err(Error::invalid_request("this list has one page only"));
                    }
                    let list = self.send().await?.into_inner();
                    Ok(Page {
                        items: list.$items,
                        next: None,
                    })
                })
            }
        }
    };
}

unpaged!(GetAllBankConnections, connections, BankConnection);
unpaged!(GetAndSearchAllAccounts, accounts, Account);

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(page: u32, page_count: i32) -> types::Paging {
        types::Paging {
            page: std::num::NonZeroU32::new(page).unwrap(),
            page_count,
            per_page: std::num::NonZeroU32::new(20).unwrap(),
            total_count: 0,
        }
    }

    #[test]
    fn the_last_page_ends_the_list() {
        assert_eq!(next_page(&paging(1, 3), 20), Some(2));
        assert_eq!(next_page(&paging(3, 3), 20), None);
        assert_eq!(next_page(&paging(1, 0), 0), None);
        assert_eq!(next_page(&paging(1, 9), 0), None);
    }
}
