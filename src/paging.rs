//! [`Pages`]: every item of a list operation, page after page, as one stream.
//!
//! Pages are fetched lazily, one at a time, as the stream is read. The stream stops after a page
//! shorter than the page size (or empty), after yielding the first error, and when a page repeats
//! the one before it (a server ignoring `page` would otherwise be read forever), and at page
//! `i64::MAX`, after which there is none to ask for. A page size below 1 is refused before any
//! request: with it, no page could ever be "full". A stream may be given a most number of pages
//! (its own, or its client's), past which it ends with [`Error::TooManyPages`].

use crate::call::{max_pages, Call};
use crate::error::{Error, Result};
use futures_core::Stream;
use serde::de::DeserializeOwned;
use std::collections::VecDeque;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};

/// The call that fetches one page, given its number.
type Fetch<'c, T, Op> = Box<dyn FnMut(i64) -> Call<'c, Vec<T>, Op> + Send + 'c>;

/// A page on its way.
type InFlight<'c, T> = Pin<Box<dyn Future<Output = Result<Vec<T>>> + Send + 'c>>;

/// A stream of every item of a list operation (`Op`), across pages.
///
/// Read it with `futures`' `StreamExt` (`next`, `try_collect`, `take`, …). Each page is one
/// [`Call`]; [`Pages::with_each`] sets what every page's call carries — the operation's optional
/// parameters, a timeout, a retry policy.
#[must_use = "a stream does nothing until it is read"]
pub struct Pages<'c, T, Op> {
    operation: &'static str,
    fetch: Fetch<'c, T, Op>,
    page: i64,
    per_page: i64,
    buffer: VecDeque<T>,
    /// The last page fetched, to notice a server that keeps sending the same one.
    previous: Vec<T>,
    in_flight: Option<InFlight<'c, T>>,
    /// Pages fetched so far.
    fetched: u64,
    /// This stream's most pages, if set; otherwise its client's.
    max_pages: Option<u64>,
    /// An argument refused before any request, yielded first.
    refused: Option<Error>,
    done: bool,
}

// Nothing in a `Pages` is pinned in place: the page in flight is boxed.
impl<T, Op> Unpin for Pages<'_, T, Op> {}

impl<T, Op> std::fmt::Debug for Pages<'_, T, Op> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("page", &self.page)
            .field("per_page", &self.per_page)
            .field("fetched", &self.fetched)
            .field("max_pages", &self.max_pages)
            .field("buffered", &self.buffer.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<'c, T, Op> Pages<'c, T, Op>
where
    T: DeserializeOwned + Send + 'c,
    Op: 'c,
{
    /// Passes every page's call through `configure` before it is sent, for the pages fetched
    /// from now on: to set the operation's optional parameters (each a method of its
    /// [`Call`]), or this stream's own timeout or retry policy.
    ///
    /// ```no_run
    /// # async fn run(client: cloudforce_one::Client) -> Result<(), cloudforce_one::Error> {
    /// use futures_util::TryStreamExt;
    /// use std::time::Duration;
    /// let body = cloudforce_one::types::RequestList::new(1, 50);
    /// let every: Vec<_> = client
    ///     .requests()
    ///     .list_all("023e105f4ecef8ad9ca31a8372d0c353", &body)
    ///     .with_each(|call| call.timeout(Duration::from_secs(5)))
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn with_each(
        mut self,
        configure: impl Fn(Call<'c, Vec<T>, Op>) -> Call<'c, Vec<T>, Op> + Send + 'c,
    ) -> Self {
        let mut fetch = self.fetch;
        self.fetch = Box::new(move |page| configure(fetch(page)));
        self
    }

    /// The most pages this stream reads, instead of its client's
    /// [`max_pages`](crate::ClientBuilder::max_pages): one that would need more ends with
    /// [`Error::TooManyPages`] after the items of the pages it read. To read only the first
    /// items, `StreamExt::take` is the tool; this is the guard against a server that never
    /// stops sending full pages.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }
}

/// Streams the items of pages `first_page`, `first_page + 1`, … as fetched by `fetch(page)`.
pub fn pages<'c, T, Op, F>(
    operation: &'static str,
    first_page: impl Into<i64>,
    per_page: impl Into<i64>,
    fetch: F,
) -> Pages<'c, T, Op>
where
    T: DeserializeOwned + Send + 'c,
    Op: 'c,
    F: FnMut(i64) -> Call<'c, Vec<T>, Op> + Send + 'c,
{
    let per_page = per_page.into();
    let refused = (per_page < 1).then(|| Error::InvalidArgument {
        operation,
        message: format!("`per_page` is {per_page}; paging through every item needs at least 1"),
    });
    Pages {
        operation,
        fetch: Box::new(fetch),
        page: first_page.into(),
        per_page,
        buffer: VecDeque::new(),
        previous: Vec::new(),
        in_flight: None,
        fetched: 0,
        max_pages: None,
        refused,
        done: false,
    }
}

impl<'c, T, Op> Stream for Pages<'c, T, Op>
where
    T: DeserializeOwned + Clone + PartialEq + Send + 'c,
    Op: 'c,
{
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(refused) = this.refused.take() {
                this.done = true;
                return Poll::Ready(Some(Err(refused)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let in_flight = match this.in_flight.take() {
                Some(in_flight) => this.in_flight.insert(in_flight),
                None => {
                    let call = (this.fetch)(this.page);
                    let limit = this.max_pages.or_else(|| max_pages(&call));
                    if let Some(limit) = limit.filter(|&limit| this.fetched >= limit) {
                        this.done = true;
                        let operation = this.operation;
                        return Poll::Ready(Some(Err(Error::TooManyPages { operation, limit })));
                    }
                    this.in_flight.insert(Box::pin(call.into_future()))
                }
            };
            let fetched = match in_flight.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(fetched) => fetched,
            };
            this.in_flight = None;
            this.fetched += 1;
            let page = this.page;
            match fetched {
                Ok(items) => {
                    if !items.is_empty() && items == this.previous {
                        tracing::warn!(page, "page repeats the previous one; stopping");
                        this.done = true;
                        return Poll::Ready(None);
                    }
                    // A page smaller than asked for is the last.
                    // So is page `i64::MAX`: there is no page after it to ask for.
                    let next = this.page.checked_add(1);
                    this.done = (items.len() as i64) < this.per_page || next.is_none();
                    this.page = next.unwrap_or(this.page);
                    this.buffer.extend(items.iter().cloned());
                    this.previous = items;
                }
                Err(error) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }
}
