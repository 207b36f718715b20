//! The seam between the runtime and the network: every attempt goes through one [`Transport`].
//!
//! [`ReqwestTransport`] is the one a [`Client`](crate::Client) uses unless told otherwise. Wrap it
//! to add middleware (metrics, extra headers, recording), or implement [`Transport`] yourself to
//! answer requests in a test without a socket. The runtime keeps everything else: it builds the
//! request (URL, credentials, body), bounds each attempt's time and the body's size, and decides
//! from a [`TransportError`]'s [`kind`](TransportError::kind) whether a retry is safe.
//!
//! ```
//! use cloudforce_one::transport::{ReqwestTransport, Sending, Transport};
//!
//! /// Counts the requests it passes on.
//! #[derive(Debug)]
//! struct Counting {
//!     inner: ReqwestTransport,
//!     sent: std::sync::atomic::AtomicUsize,
//! }
//!
//! impl Transport for Counting {
//!     fn send(&self, request: reqwest::Request) -> Sending {
//!         self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
//!         self.inner.send(request)
//!     }
//! }
//! ```

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// What [`Transport::send`] returns: the response (any status, body not yet read) or why there
/// was none.
pub type Sending =
    Pin<Box<dyn Future<Output = Result<reqwest::Response, TransportError>> + Send + 'static>>;

/// Sends one HTTP request and gives back its response.
///
/// The response's body is read by the runtime, as it streams, within the client's size limit and
/// the attempt's timeout. A test double builds responses with
/// `reqwest::Response::from(http::Response::builder().status(200).body(json)?)`.
/// The request carries the credentials in its headers (and, for an API that takes a key in the
/// query, in its URL): an implementation must not log them.
pub trait Transport: fmt::Debug + Send + Sync + 'static {
    /// Sends `request`.
    fn send(&self, request: reqwest::Request) -> Sending;
}

/// The transport over a `reqwest::Client`: its connection pool, TLS, proxies and redirect policy.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// Sends through `client`.
    pub fn new(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }

    /// The client requests are sent through.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: reqwest::Request) -> Sending {
        let sending = self.client.execute(request);
        Box::pin(async move { sending.await.map_err(TransportError::from) })
    }
}

/// How far a failed exchange got, which is what decides whether it may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection was made, so nothing was sent: always safe to retry.
    Connect,
    /// The request may have reached the server, but no (complete) response came back: safe to
    /// retry only what does not create anything.
    Interrupted,
    /// The transport's own timeout passed (the runtime's per-attempt timeout is separate and
    /// gives [`Error::Timeout`](crate::Error::Timeout)).
    Timeout,
    /// The request cannot succeed as it is (it could not be built, or redirects looped): a retry
    /// would fail the same way.
    Request,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Interrupted => "the exchange was interrupted",
            TransportErrorKind::Timeout => "the transport timed out",
            TransportErrorKind::Request => "the request cannot be sent",
        })
    }
}

/// Why a [`Transport`] has no response, and how far it got.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn StdError + Send + Sync>,
}

impl TransportError {
    /// An error of this kind, caused by `source`.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
        }
    }

    /// How far the exchange got.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether no connection was made (nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.source)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

impl From<reqwest::Error> for TransportError {
    /// Classifies what reqwest reports: a connection that was never made, a request that cannot
    /// be built or that redirects without end, a timeout, or an exchange cut short. The URL it
    /// names loses its query, which may hold an API key.
    fn from(mut error: reqwest::Error) -> Self {
        if let Some(url) = error.url_mut() {
            url.set_query(None);
        }
        let kind = if error.is_builder() || error.is_redirect() {
            TransportErrorKind::Request
        } else if error.is_connect() {
            TransportErrorKind::Connect
        } else if error.is_timeout() {
            TransportErrorKind::Timeout
        } else {
            TransportErrorKind::Interrupted
        };
        TransportError::new(kind, error)
    }
}
