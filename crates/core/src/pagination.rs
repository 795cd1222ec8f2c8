//! Any page-fetching function as a `futures::Stream` of items.
//!
//! Providers paginate differently (finAPI `page`/`perPage`, Budgea `limit`/`offset` and
//! `_links.next`); each crate writes only the function that fetches one page and says where the
//! next one starts, and [`paginate`] does the rest.

use std::future::Future;

use futures::stream::{self, Stream, TryStreamExt};

/// One page of items, and the cursor of the next page (`None` on the last page).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T, C> {
    /// The items of this page, in the provider's order.
    pub items: Vec<T>,
    /// Where the next page starts, or `None` when this is the last one.
    pub next: Option<C>,
}

/// Streams the items of every page, fetching each page when the previous one is consumed.
///
/// `fetch` gets the cursor of a page and returns that page. The stream ends after a page with no
/// next cursor, and stops at the first error (which it yields).
///
/// ```
/// use bankapi_core::{paginate, Page};
/// use futures::TryStreamExt;
///
/// # futures::executor::block_on(async {
/// // Three pages of two numbers each, addressed by page number.
/// let numbers = paginate(1u32, |page| async move {
///     let items = vec![page * 10, page * 10 + 1];
///     Ok::<_, std::io::Error>(Page { items, next: (page < 3).then_some(page + 1) })
/// });
/// let all: Vec<u32> = numbers.try_collect().await?;
/// assert_eq!(all, [10, 11, 20, 21, 30, 31]);
/// # Ok::<_, std::io::Error>(()) }).unwrap();
/// ```
pub fn paginate<T, C, E, F, Fut>(first: C, fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(C) -> Fut,
    Fut: Future<Output = Result<Page<T, C>, E>>,
{
    pages(first, fetch)
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
}

/// Streams whole pages (as vectors of items) rather than items.
pub fn pages<T, C, E, F, Fut>(first: C, mut fetch: F) -> impl Stream<Item = Result<Vec<T>, E>>
where
    F: FnMut(C) -> Fut,
    Fut: Future<Output = Result<Page<T, C>, E>>,
{
    stream::try_unfold(Some(first), move |cursor| {
        let next_page = cursor.map(&mut fetch);
        async move {
            match next_page {
                None => Ok(None),
                Some(page) => {
                    let page = page.await?;
                    Ok(Some((page.items, page.next)))
                }
            }
        }
    })
    // An empty last page is not worth yielding.
    .try_filter(|items| futures::future::ready(!items.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::TryStreamExt;
    use std::cell::Cell;

    #[tokio::test]
    async fn fetches_pages_lazily_and_stops_on_error() {
        let fetched = Cell::new(0);
        let stream = paginate(0u32, |page| {
            fetched.set(fetched.get() + 1);
            async move {
                if page == 2 {
                    return Err("page 2 failed");
                }
                Ok(Page {
                    items: vec![page],
                    next: Some(page + 1),
                })
            }
        });
        futures::pin_mut!(stream);
        assert_eq!(stream.try_next().await, Ok(Some(0)));
        assert_eq!(fetched.get(), 1);
        assert_eq!(stream.try_next().await, Ok(Some(1)));
        assert_eq!(stream.try_next().await, Err("page 2 failed"));
    }

    #[tokio::test]
    async fn empty_pages_are_skipped_and_the_last_page_ends_the_stream() {
        let all: Vec<u8> = paginate(0u8, |page| async move {
            Ok::<_, ()>(match page {
                0 => Page {
                    items: vec![],
                    next: Some(1),
                },
                1 => Page {
                    items: vec![7, 8],
                    next: None,
                },
                _ => unreachable!("no page after the last"),
            })
        })
        .try_collect()
        .await
        .unwrap();
        assert_eq!(all, [7, 8]);
    }
}
