//! Paginated list operations read page by page: a stream of their answers, one request per page,
//! or of the items of all pages. Each operation's builder only says how to request one page; the
//! streams are generic here, and each page type says what it holds with one [`Page`] impl.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::{Error, ResponseFuture};

/// What the `pages()` and `items()` methods of a paginated list operation return: a stream of
/// its pages (the operation's answers), or of the items of all pages, in order.
///
/// A page is requested only when the stream is read past the pages before it, one request at a
/// time. The stream starts at the builder's `page_num` (default the first page) and asks for its
/// `items_per_page`, if set. It ends after the first page that:
///
/// - is empty;
/// - has links, none of them with `rel` `next` (an empty or absent list of links says nothing);
/// - brings the items read to the list's `totalCount` (when the page gives it), counting the
///   pages before the first one read when `items_per_page` is set;
/// - is short (fewer items than `items_per_page`, when set), when it has neither links nor a
///   count: a page that has either goes on as they say, so a server that gives fewer items a page
///   than asked for (a capped page size) is still read to the end.
///
/// or after an error, which is then its last element.
///
/// It is `Send` and `Unpin`. Read it with `futures::StreamExt` (`while let Some(item) =
/// stream.next().await`, `take`, `collect`) or `futures::TryStreamExt` (`try_next`,
/// `try_collect`), from the `futures` or `futures-util` crate.
pub type ListStream<'a, T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>;

/// The answer of a paginated list operation: one page of the list. Implemented once per page
/// type, by `pages.rs` of the generated crate.
pub(crate) trait Page: Send + Sized {
    /// What the list holds.
    type Item: Send + Unpin;

    /// How many items the page holds.
    fn item_count(&self) -> usize;

    /// How many items the whole list holds, if the page says.
    fn total_count(&self) -> Option<i64> {
        None
    }

    /// Whether the page's links name a next page; `None` when the page has no links (see
    /// [`names_next`]).
    fn has_next(&self) -> Option<bool> {
        None
    }

    /// The page's items.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Whether a page whose links have the relations `rels` has a next page: `None` when it has no
/// links at all (an empty list says nothing about the pages after it).
pub(crate) fn names_next<'l>(rels: impl Iterator<Item = &'l str>) -> Option<bool> {
    let mut any = false;
    for rel in rels {
        if rel == "next" {
            return Some(true);
        }
        any = true;
    }
    any.then_some(false)
}

/// Requests the page with the number given.
pub(crate) type Fetch<'a, P> = Box<dyn FnMut(i64) -> ResponseFuture<'a, P> + Send + 'a>;

/// The pages of a list, from `page_num` (default 1), `items_per_page` each if set, each
/// requested with `fetch`.
pub(crate) fn pages<'a, P: Page + 'a>(
    page_num: Option<i64>,
    items_per_page: Option<i64>,
    fetch: Fetch<'a, P>,
) -> ListStream<'a, P> {
    let first = page_num.unwrap_or(1);
    // The items on the pages before the first one read, when their size is known.
    let skipped = items_per_page.map_or(0, |size| first.saturating_sub(1).saturating_mul(size));
    Box::pin(Pages { fetch, pending: None, next: first, items_per_page, seen: skipped, done: false })
}

/// The items of the pages `pages` yields, in order.
pub(crate) fn items<'a, P: Page + 'a>(pages: ListStream<'a, P>) -> ListStream<'a, P::Item> {
    Box::pin(Items { pages, current: Vec::new().into_iter() })
}

struct Pages<'a, P> {
    fetch: Fetch<'a, P>,
    /// The request of page `next`, once it is sent.
    pending: Option<ResponseFuture<'a, P>>,
    next: i64,
    items_per_page: Option<i64>,
    /// The items of the list before page `next`, as far as they are known.
    seen: i64,
    done: bool,
}

impl<P: Page> Stream for Pages<'_, P> {
    type Item = Result<P, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let pending = this.pending.get_or_insert_with(|| (this.fetch)(this.next));
        let page = match pending.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.pending = None;
        let page = match page {
            Ok(page) => page,
            Err(error) => {
                this.done = true;
                return Poll::Ready(Some(Err(error)));
            }
        };
        let len = i64::try_from(page.item_count()).unwrap_or(i64::MAX);
        this.seen = this.seen.saturating_add(len);
        this.next = this.next.saturating_add(1);
        let (next, total) = (page.has_next(), page.total_count());
        this.done = len == 0
            || next == Some(false)
            || total.is_some_and(|total| this.seen >= total)
            || (next.is_none() && total.is_none() && this.items_per_page.is_some_and(|size| len < size));
        Poll::Ready(Some(Ok(page)))
    }
}

struct Items<'a, P: Page> {
    pages: ListStream<'a, P>,
    /// The items of the last page read that are not yielded yet.
    current: std::vec::IntoIter<P::Item>,
}

impl<P: Page> Stream for Items<'_, P> {
    type Item = Result<P::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.current = page.into_items().into_iter(),
            }
        }
    }
}
