//! [`Client`] and its [`ClientBuilder`]: credentials, base URL, timeouts, retry policy, the
//! limits that keep a hostile server from taking credentials elsewhere or memory without end,
//! and the transport and clock calls run on.
//!
//! A `Client` is cheap to clone (it shares one connection pool) and safe to use from many tasks.
//! Its `Debug` output shows the configuration with secrets redacted.

use crate::api::{Credentials, BASE_URL_VAR, DEFAULT_BASE_URL, USER_AGENT};
use crate::clock::{Clock, SystemClock};
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::transport::{ReqwestTransport, Transport};
use reqwest::header::HeaderMap;
use std::sync::Arc;
use std::time::Duration;

/// How long one attempt may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest response body read by default (16 MiB): a page of a hundred requests is a few
/// hundred kilobytes, so only a broken proxy or a hostile server comes near it.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// How many redirects within the base URL's origin a request follows.
const MAX_REDIRECTS: usize = 5;

/// A client for the API.
///
/// Operations are reached through its resources (see [`resources`](crate::resources)): one
/// method per resource, such as `client.requests()`, and under each its operations and the
/// resources it holds.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// Builds each request (its multipart bodies included); sending is the transport's.
    pub(crate) http: reqwest::Client,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) base_url: String,
    pub(crate) auth: HeaderMap,
    pub(crate) credentials: Credentials,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) deadline: Option<Duration>,
    pub(crate) max_response_bytes: usize,
    pub(crate) max_pages: Option<u64>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("credentials", &inner.credentials)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("deadline", &inner.deadline)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("max_pages", &inner.max_pages)
            .field("transport", &inner.transport)
            .field("clock", &inner.clock)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with these credentials and every other setting at its default.
    pub fn new(credentials: Credentials) -> Result<Self, Error> {
        Client::builder(credentials).build()
    }

    /// Starts configuring a client.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            credentials,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            deadline: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_pages: None,
            http: None,
            transport: None,
            clock: Arc::new(SystemClock),
        }
    }

    /// A client from the environment: the credentials [`Credentials::from_env`] reads, and the
    /// base URL in [`BASE_URL_VAR`] if set.
    pub fn from_env() -> Result<Self, Error> {
        let mut builder = Client::builder(Credentials::from_env()?);
        if let Some(url) = std::env::var(BASE_URL_VAR).ok().filter(|u| !u.is_empty()) {
            builder = builder.base_url(url);
        }
        builder.build()
    }
}

/// Settings for a [`Client`]. Its `Debug` output, like the client's, shows no secret.
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: String,
    timeout: Duration,
    retry: RetryPolicy,
    deadline: Option<Duration>,
    max_response_bytes: usize,
    max_pages: Option<u64>,
    http: Option<reqwest::Client>,
    transport: Option<Arc<dyn Transport>>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &without_userinfo(&self.base_url))
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("deadline", &self.deadline)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_pages", &self.max_pages)
            .field("http", &self.http)
            .field("transport", &self.transport)
            .field("clock", &self.clock)
            .finish()
    }
}

impl ClientBuilder {
    /// The API's base URL (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// How long one attempt may take, from sending to the end of the body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// When to retry and how long to wait (default: 2 retries, 0.5 s doubling up to 8 s).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How long one call may take in all, every attempt and wait between attempts included
    /// (default: no limit beyond each attempt's timeout). Calls override it with
    /// [`Call::deadline`](crate::Call::deadline).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The largest response body, success or error, the client reads (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]). It is enforced while the body streams in, so memory stays
    /// near the limit whatever the server sends; a larger body fails the call with
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The most pages one `list_all` stream reads (default: no limit). A stream that would need
    /// more ends with [`Error::TooManyPages`] after yielding the items of the pages it read, so a
    /// server that sends full pages of new items for ever cannot keep a stream going for ever;
    /// a stream sets its own with [`Pages::max_pages`](crate::Pages::max_pages).
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Use this `reqwest` client (its proxy, TLS and pool settings) instead of a new one.
    ///
    /// Its redirect policy is its own. The client this crate builds follows redirects only within
    /// the base URL's origin, so credentials never reach another host; build yours with
    /// `reqwest::redirect::Policy::none()` (redirects then fail the call with
    /// [`Error::Redirect`]) to keep that guarantee.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Send every attempt through `transport` instead of the `reqwest` client: middleware
    /// wrapping a [`ReqwestTransport`], or a test double that answers without a socket (see
    /// [`transport`](crate::transport)). Requests are still built (URL, credentials, bodies) and
    /// responses still read (size limit, per-attempt timeout) by the client.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Take the time, the waits between retries and their jitter from `clock` instead of the
    /// system's ([`SystemClock`]): a test clock makes retries and deadlines run in virtual time
    /// (see [`clock`](crate::clock)). Each attempt's timeout stays on the real timer.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// The base URL must be an `http` or `https` URL with neither a query, a fragment nor
    /// userinfo (`user:password@`), each of which would send every request somewhere other than
    /// it says, or send credentials it does not show; a path prefix and a trailing `/` are fine.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = checked_base_url(&self.base_url)?;
        let auth = self.credentials.headers()?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .redirect(reqwest::redirect::Policy::custom(same_origin_only))
                .build()
                .map_err(|e| Error::config(format!("the HTTP client could not be built: {e}")))?,
        };
        let transport = match self.transport {
            Some(transport) => transport,
            None => Arc::new(ReqwestTransport::new(http.clone())),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                transport,
                clock: self.clock,
                base_url,
                auth,
                credentials: self.credentials,
                timeout: self.timeout,
                retry: self.retry,
                deadline: self.deadline,
                max_response_bytes: self.max_response_bytes,
                max_pages: self.max_pages,
            }),
        })
    }
}

/// The base URL every request path is appended to, without its trailing `/`, or why it cannot be
/// one. Messages name the URL without any userinfo it has.
fn checked_base_url(url: &str) -> Result<String, Error> {
    let refuse = |why: &str| Error::config(format!("base URL {:?} {why}", without_userinfo(url)));
    let parsed = reqwest::Url::parse(url).map_err(|e| refuse(&format!("is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(refuse("is not http or https"));
    }
    if !parsed.username().is_empty()
        || parsed.password().is_some()
        || authority(url).1.contains('@')
    {
        return Err(refuse(
            "has userinfo (`user:password@`), which would be sent as Basic authentication beside \
             the API's credentials; give credentials with `Credentials` only",
        ));
    }
    if parsed.query().is_some() {
        return Err(refuse(
            "has a query (`?…`), which every request path would be appended to",
        ));
    }
    if parsed.fragment().is_some() {
        return Err(refuse(
            "has a fragment (`#…`), which would cut every request path off the URL",
        ));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Where in `url` its authority (what is between `scheme://` and the path, query or fragment)
/// starts, and the authority; empty if it has none.
fn authority(url: &str) -> (usize, &str) {
    let Some(start) = url.find("://").map(|scheme| scheme + 3) else {
        return (url.len(), "");
    };
    let rest = &url[start..];
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    (start, &rest[..end])
}

/// `url` with the userinfo of its authority, if any, shown as `***`: what a message or `Debug`
/// may say of a base URL, parsed or not.
fn without_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    let (start, authority) = authority(url);
    match authority.rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]).into(),
        None => url.into(),
    }
}

/// Follows a redirect only to the origin (scheme, host and port) the request was first sent to,
/// and at most [`MAX_REDIRECTS`] times. Credentials travel in headers that reqwest keeps on
/// every redirect but `Authorization`, so a redirect elsewhere is not followed at all: the 3xx
/// comes back to the call, which fails with [`Error::Redirect`] naming the target.
fn same_origin_only(attempt: reqwest::redirect::Attempt<'_>) -> reqwest::redirect::Action {
    let first = attempt.previous().first().map(reqwest::Url::origin);
    if first.as_ref() != Some(&attempt.url().origin()) {
        attempt.stop()
    } else if attempt.previous().len() > MAX_REDIRECTS {
        attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
    } else {
        attempt.follow()
    }
}
