//! [`Pages`]: every item of a list operation, page after page, as one stream.
//!
//! Pages are fetched lazily, one at a time, as the stream is read. The stream stops after a page
//! shorter than the page size (or empty), after yielding the first error, and when a page repeats
//! the one before it (a server ignoring `page` would otherwise be read forever). A page size
//! below 1 is refused before any request: with it, no page could ever be "full".

use crate::call::Call;
use crate::error::{Error, Result};
use futures_core::Stream;
use serde::de::DeserializeOwned;
use std::collections::VecDeque;
use std::pin::Pin;

/// A stream of every item of a list operation, across pages.
pub type Pages<'c, T> = Pin<Box<dyn Stream<Item = Result<T>> + Send + 'c>>;

struct State<F, T> {
    fetch: F,
    page: i64,
    per_page: i64,
    buffer: VecDeque<T>,
    /// The last page fetched, to notice a server that keeps sending the same one.
    previous: Vec<T>,
    done: bool,
}

/// Streams the items of pages `first_page`, `first_page + 1`, … as fetched by `fetch(page)`.
pub fn pages<'c, T, F>(
    operation: &'static str,
    first_page: impl Into<i64>,
    per_page: impl Into<i64>,
    fetch: F,
) -> Pages<'c, T>
where
    T: DeserializeOwned + Clone + PartialEq + Send + 'c,
    F: FnMut(i64) -> Call<'c, Vec<T>> + Send + 'c,
{
    let per_page = per_page.into();
    if per_page < 1 {
        let message =
            format!("`per_page` is {per_page}; paging through every item needs at least 1");
        let refused = Error::InvalidArgument { operation, message };
        return Box::pin(futures_util::stream::once(async move { Err(refused) }));
    }
    let state = State {
        fetch,
        page: first_page.into(),
        per_page,
        buffer: VecDeque::new(),
        previous: Vec::new(),
        done: false,
    };
    Box::pin(futures_util::stream::unfold(
        state,
        |mut state| async move {
            loop {
                if let Some(item) = state.buffer.pop_front() {
                    return Some((Ok(item), state));
                }
                if state.done {
                    return None;
                }
                match (state.fetch)(state.page).await {
                    Ok(items) => {
                        if !items.is_empty() && items == state.previous {
                            tracing::warn!(
                                page = state.page,
                                "page repeats the previous one; stopping"
                            );
                            return None;
                        }
                        // A page smaller than asked for is the last.
                        state.done = (items.len() as i64) < state.per_page;
                        state.page += 1;
                        state.buffer.extend(items.iter().cloned());
                        state.previous = items;
                    }
                    Err(error) => {
                        state.done = true;
                        return Some((Err(error), state));
                    }
                }
            }
        },
    ))
}
