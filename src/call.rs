//! [`Call`]: one operation on its way, and what sending it does — attempts, retries, decoding.
//!
//! `.await` a call for the operation's result; call [`Call::with_details`] first to also get the
//! status, headers, `cf-ray` id and the envelope's `messages`. [`Call::timeout`],
//! [`Call::retry`] and [`Call::deadline`] override the client's settings for this call only.
//! Each attempt runs in a `tracing`
//! span (`cloudforce_one::request`) recording the operation, attempt, status and elapsed time;
//! no header or body is ever recorded.

use crate::client::Client;
use crate::error::{snippet, ApiError, ApiMessage, DecodeError, Error, Result, ERROR_SHOWN_CHARS};
use crate::request::{Body, Decode, Request};
use crate::retry::{parse_retry_after, retryable, Attempt, RetryPolicy};
use crate::transport::{TransportError, TransportErrorKind};
use reqwest::header::{HeaderMap, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::{DeserializeOwned, IgnoredAny};
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// How much of an unreadable body an error quotes.
const SNIPPET_CHARS: usize = 200;

/// An operation ready to send. Await it for the result.
///
/// `T` is what it returns; `Op` names the operation (a unit type in
/// [`resources::calls`](crate::resources::calls)), and the operation's optional query and header
/// parameters are methods of its calls: `client.requests().get(account, id).some_flag(true)`.
///
/// A call's own methods are [`timeout`](Call::timeout), [`retry`](Call::retry),
/// [`deadline`](Call::deadline) and [`with_details`](Call::with_details), which no parameter's
/// setter takes the name of; the sending itself is a private type's, so that a setter may be
/// called anything else (`url`, `send`, …).
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'c, T, Op> {
    pending: Pending<'c, T>,
    operation: PhantomData<fn() -> Op>,
}

/// What sending a call takes, and the sending.
struct Pending<'c, T> {
    client: &'c Client,
    request: Request,
    decode: Decode,
    /// How long one attempt may take.
    timeout: Duration,
    retry: RetryPolicy,
    /// How long the whole call may take, every attempt and wait included.
    deadline: Option<Duration>,
    output: PhantomData<fn() -> T>,
}

/// A call of `request` on `client`, its success read as `decode` says.
pub(crate) fn call<T, Op>(client: &Client, request: Request, decode: Decode) -> Call<'_, T, Op> {
    let inner = &client.inner;
    let pending = Pending {
        client,
        request,
        decode,
        timeout: inner.timeout,
        retry: inner.retry.clone(),
        deadline: inner.deadline,
        output: PhantomData,
    };
    Call {
        pending,
        operation: PhantomData,
    }
}

/// The call with its request changed: how an optional parameter's setter adds it.
pub(crate) fn with_request<T, Op>(
    mut call: Call<'_, T, Op>,
    change: impl FnOnce(Request) -> Request,
) -> Call<'_, T, Op> {
    call.pending.request = change(call.pending.request);
    call
}

/// The most pages a stream of the call's client reads (see
/// [`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages)).
pub(crate) fn max_pages<T, Op>(call: &Call<'_, T, Op>) -> Option<u64> {
    call.pending.client.inner.max_pages
}

impl<T, Op> std::fmt::Debug for Call<'_, T, Op> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let this = &self.pending;
        f.debug_struct("Call")
            .field("operation", &this.request.operation)
            .field("method", &this.request.method)
            .field("timeout", &this.timeout)
            .field("retry", &this.retry)
            .field("deadline", &this.deadline)
            .finish_non_exhaustive()
    }
}

/// A result together with what came with it.
#[derive(Debug, Clone)]
pub struct Response<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
    messages: Vec<ApiMessage>,
}

impl<T> Response<T> {
    /// The operation's result.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The operation's result, borrowed.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `cf-ray` id, which identifies the request to Cloudflare support.
    pub fn cf_ray(&self) -> Option<&str> {
        cf_ray(&self.headers)
    }

    /// The envelope's informational `messages[]`.
    pub fn messages(&self) -> &[ApiMessage] {
        &self.messages
    }
}

/// The body of one attempt's response.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

/// The Cloudflare envelope, generic over how much of `result` to read.
#[derive(serde::Deserialize)]
struct Envelope<R> {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    errors: Vec<ApiMessage>,
    #[serde(default)]
    messages: Vec<ApiMessage>,
    #[serde(default = "Option::default")]
    result: Option<R>,
}

fn cf_ray(headers: &HeaderMap) -> Option<&str> {
    headers.get("cf-ray").and_then(|v| v.to_str().ok())
}

impl<T: DeserializeOwned, Op> Call<'_, T, Op> {
    /// How long each attempt of this call may take, from sending to the end of the body
    /// (instead of the client's [`timeout`](crate::ClientBuilder::timeout)).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.pending.timeout = timeout;
        self
    }

    /// When to retry this call (instead of the client's [`retry`](crate::ClientBuilder::retry)
    /// policy); [`RetryPolicy::none`] sends it once.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.pending.retry = policy;
        self
    }

    /// How long the whole call may take, every attempt and every wait between them included
    /// (instead of the client's [`deadline`](crate::ClientBuilder::deadline)). An attempt is
    /// cut short when the deadline comes, with [`Error::Deadline`]; a retry that would have to
    /// wait past it is not made, and the call returns the last attempt's error.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.pending.deadline = Some(deadline);
        self
    }

    /// Sends the call and returns its result with the status, headers and envelope messages.
    pub async fn with_details(self) -> Result<Response<T>> {
        self.pending.send().await
    }
}

impl<T: DeserializeOwned> Pending<'_, T> {
    async fn send(self) -> Result<Response<T>> {
        self.request.check()?;
        let url = self.url()?;
        let policy = &self.retry;
        let clock = &self.client.inner.clock;
        let ends = self.deadline.map(|deadline| clock.now() + deadline);
        let mut retries = 0;
        loop {
            // The attempt gets its own timeout, or what is left before the deadline if less.
            let left = ends.map(|ends| ends.saturating_duration_since(clock.now()));
            let timeout = left.map_or(self.timeout, |left| left.min(self.timeout));
            let cut_by_deadline = timeout < self.timeout;
            let span = tracing::info_span!(
                "cloudforce_one::request",
                operation = self.request.operation,
                method = %self.request.method,
                attempt = retries + 1,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let outcome = if timeout.is_zero() {
                Err((Attempt::Final, self.deadline_error(retries)))
            } else {
                self.attempt(&url, timeout).instrument(span.clone()).await
            };
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            let (attempt, error) = match outcome {
                Ok(raw) => {
                    span.record("status", raw.status.as_u16());
                    if raw.status.is_success() {
                        return self.decode(raw);
                    }
                    let retry_after = raw
                        .headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(parse_retry_after);
                    (
                        Attempt::Status(raw.status, retry_after),
                        self.api_error(raw, retry_after),
                    )
                }
                Err((attempt, Error::Timeout { .. })) if cut_by_deadline => {
                    (attempt, self.deadline_error(retries))
                }
                Err(failure) => failure,
            };
            let retry_after = match attempt {
                Attempt::Status(_, after) => after,
                _ => None,
            };
            // A server asking for a longer wait than the policy allows is not retried early (it
            // would refuse again); the error carries its `Retry-After` for the caller.
            let too_long = retry_after.is_some_and(|after| after > policy.max_backoff);
            if too_long || retries >= policy.max_retries || !retryable(attempt, self.request.retry)
            {
                return Err(error);
            }
            let delay = policy.delay(retries, retry_after, clock.jitter());
            // A retry that could not even start before the deadline is not worth waiting for.
            if ends.is_some_and(|ends| clock.now() + delay >= ends) {
                return Err(error);
            }
            span.in_scope(
                || tracing::debug!(delay_ms = delay.as_millis() as u64, error = %error, "retrying"),
            );
            clock.sleep(delay).await;
            retries += 1;
        }
    }

    fn deadline_error(&self, retries: u32) -> Error {
        Error::Deadline {
            operation: self.request.operation,
            deadline: self.deadline.unwrap_or_default(),
            attempts: retries + 1,
        }
    }

    fn url(&self) -> Result<reqwest::Url> {
        let inner = &self.client.inner;
        let mut url = reqwest::Url::parse(&format!("{}{}", inner.base_url, self.request.path))
            .map_err(|e| Error::InvalidArgument {
                operation: self.request.operation,
                message: format!("the request URL is not valid: {e}"),
            })?;
        // An API key some APIs take in the query goes after the operation's parameters.
        let credentials = inner.credentials.query();
        if !self.request.query.is_empty() || !credentials.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(self.request.query.iter().map(|(k, v)| (*k, v.as_str())))
                .extend_pairs(credentials);
        }
        Ok(url)
    }

    /// One attempt: a response (any status), or why there was none and whether it was sent.
    /// The whole exchange, body included, must end within `timeout`.
    async fn attempt(
        &self,
        url: &reqwest::Url,
        timeout: Duration,
    ) -> std::result::Result<Raw, (Attempt, Error)> {
        let request = self.build(url).await?;
        let exchange = async {
            let mut response = self
                .client
                .inner
                .transport
                .send(request)
                .await
                .map_err(|e| self.transport_failure(e))?;
            let status = response.status();
            // Taken, not cloned: reading the body as bytes needs no headers.
            let headers = std::mem::take(response.headers_mut());
            // Only redirects within the base URL's origin are followed (see `Client`); one that
            // comes back here pointed elsewhere, and is not followed with the credentials.
            if status.is_redirection() {
                let location = headers
                    .get(LOCATION)
                    .map(|v| snippet(v.as_bytes(), ERROR_SHOWN_CHARS));
                let operation = self.request.operation;
                return Err((
                    Attempt::Final,
                    Error::Redirect {
                        operation,
                        status,
                        location,
                    },
                ));
            }
            let body = self.read_body(&mut response, status).await?;
            Ok(Raw {
                status,
                headers,
                body,
            })
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(outcome) => outcome,
            Err(_) => {
                let (operation, timeout) = (self.request.operation, self.timeout);
                Err((Attempt::Lost, Error::Timeout { operation, timeout }))
            }
        }
    }

    /// The HTTP request of one attempt: URL, credentials, the operation's headers and body.
    async fn build(
        &self,
        url: &reqwest::Url,
    ) -> std::result::Result<reqwest::Request, (Attempt, Error)> {
        let inner = &self.client.inner;
        let request = &self.request;
        let mut builder = inner.http.request(request.method.clone(), url.clone());
        // Header by header: cloning a value is a reference count, cloning the map an allocation.
        for (name, value) in &inner.auth {
            builder = builder.header(name.clone(), value.clone());
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        for upload in request.body.files() {
            upload
                .check_unchanged()
                .await
                .map_err(|e| (Attempt::Final, e))?;
        }
        builder = match &request.body {
            Body::None => builder,
            Body::Json(bytes) => builder
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Body::Multipart(form) => builder.multipart(form.to_form()),
            Body::Binary { media_type, upload } => {
                let media_type = if media_type.contains('*') {
                    upload.media_type()
                } else {
                    media_type
                };
                builder
                    .header(CONTENT_TYPE, media_type)
                    .header(CONTENT_LENGTH, upload.len())
                    .body(upload.body())
            }
        };
        builder.build().map_err(|e| {
            let operation = request.operation;
            let message = format!("the request could not be built: {e}");
            (
                Attempt::Final,
                Error::InvalidArgument { operation, message },
            )
        })
    }

    /// Reads the body as it streams in, stopping at the client's size limit: memory stays near
    /// the limit whatever the server sends, with or without `Content-Length`.
    async fn read_body(
        &self,
        response: &mut reqwest::Response,
        status: StatusCode,
    ) -> std::result::Result<bytes::Bytes, (Attempt, Error)> {
        let limit = self.client.inner.max_response_bytes;
        let too_large = || {
            let operation = self.request.operation;
            (
                Attempt::Final,
                Error::ResponseTooLarge {
                    operation,
                    status,
                    limit,
                },
            )
        };
        let announced = response.content_length().unwrap_or(0);
        if announced > limit as u64 {
            return Err(too_large());
        }
        let mut body = bytes::BytesMut::with_capacity(announced as usize);
        // A body cut short means the server did act: the request is "lost", not "not connected".
        while let Some(chunk) =
            response
                .chunk()
                .await
                .map_err(|e| match self.transport_failure(e.into()) {
                    (Attempt::NotConnected, error) => (Attempt::Lost, error),
                    other => other,
                })?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    /// What a transport's failure means for retrying: nothing sent, maybe sent, or hopeless.
    fn transport_failure(&self, error: TransportError) -> (Attempt, Error) {
        let attempt = match error.kind() {
            TransportErrorKind::Connect => Attempt::NotConnected,
            TransportErrorKind::Request => Attempt::Final,
            _ => Attempt::Lost,
        };
        let operation = self.request.operation;
        (
            attempt,
            Error::Transport {
                operation,
                source: error,
            },
        )
    }

    /// The start of a body for an error message, with any secret the server echoed back removed
    /// (before cutting, so no part of one survives).
    fn snippet(&self, body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body);
        let text = self.client.inner.credentials.redact(&text);
        snippet(text.as_bytes(), SNIPPET_CHARS)
    }

    /// Envelope entries with any secret the server echoed back removed.
    fn redacted(&self, mut entries: Vec<ApiMessage>) -> Vec<ApiMessage> {
        let credentials = &self.client.inner.credentials;
        for entry in &mut entries {
            entry.message = credentials.redact(&entry.message);
        }
        entries
    }

    fn api_error(&self, raw: Raw, retry_after: Option<Duration>) -> Error {
        let cf_ray = cf_ray(&raw.headers).map(str::to_owned);
        let (errors, messages, snippet) =
            match serde_json::from_slice::<Envelope<IgnoredAny>>(&raw.body) {
                Ok(envelope) => (
                    self.redacted(envelope.errors),
                    self.redacted(envelope.messages),
                    None,
                ),
                Err(_) => (Vec::new(), Vec::new(), Some(self.snippet(&raw.body))),
            };
        Error::Api(Box::new(ApiError {
            operation: self.request.operation,
            status: raw.status,
            errors,
            messages,
            cf_ray,
            snippet,
            retry_after,
        }))
    }

    fn decode_error(&self, raw: &Raw, reason: String) -> Error {
        // Say plainly when the body is not JSON at all (an HTML page from a proxy, say), rather
        // than only what the JSON parser tripped on.
        let reason = if serde_json::from_slice::<IgnoredAny>(&raw.body).is_err() {
            let content_type = raw
                .headers
                .get(CONTENT_TYPE)
                .map_or("no content type".into(), |v| {
                    String::from_utf8_lossy(v.as_bytes())
                });
            format!("the body is not JSON ({content_type}): {reason}")
        } else {
            reason
        };
        Error::Decode(Box::new(DecodeError {
            operation: self.request.operation,
            status: raw.status,
            reason,
            snippet: self.snippet(&raw.body),
            cf_ray: cf_ray(&raw.headers).map(str::to_owned),
        }))
    }

    fn decode(&self, raw: Raw) -> Result<Response<T>> {
        let (value, messages) = match self.decode {
            Decode::Empty => (self.nothing(&raw)?, Vec::new()),
            Decode::Json => {
                let value = serde_json::from_slice(&raw.body)
                    .map_err(|e| self.decode_error(&raw, e.to_string()))?;
                (value, Vec::new())
            }
            Decode::Bytes => {
                // `T` is `bytes::Bytes`, which takes the body as it is.
                let body =
                    serde::de::value::BytesDeserializer::<serde::de::value::Error>::new(&raw.body);
                let value =
                    T::deserialize(body).map_err(|e| self.decode_error(&raw, e.to_string()))?;
                (value, Vec::new())
            }
            Decode::EnvelopeWithoutResult => {
                let envelope = self.envelope::<IgnoredAny>(&raw)?;
                (self.nothing(&raw)?, envelope.messages)
            }
            Decode::Envelope => {
                let envelope = self.envelope::<T>(&raw)?;
                let value = match envelope.result {
                    Some(value) => value,
                    // `result` absent or null: fine when the result type is optional.
                    None => serde_json::from_value(serde_json::Value::Null).map_err(|_| {
                        self.decode_error(&raw, "the envelope has no `result`".to_owned())
                    })?,
                };
                (value, envelope.messages)
            }
        };
        Ok(Response {
            value,
            status: raw.status,
            headers: raw.headers,
            messages,
        })
    }

    /// The `()` of an operation that returns nothing.
    fn nothing(&self, raw: &Raw) -> Result<T> {
        serde_json::from_value(serde_json::Value::Null)
            .map_err(|e| self.decode_error(raw, e.to_string()))
    }

    /// Reads an envelope; `success: false` is an API error even on a 2xx.
    fn envelope<R: DeserializeOwned>(&self, raw: &Raw) -> Result<Envelope<R>> {
        let refused = |envelope: Envelope<IgnoredAny>| {
            Error::Api(Box::new(ApiError {
                operation: self.request.operation,
                status: raw.status,
                errors: self.redacted(envelope.errors),
                messages: self.redacted(envelope.messages),
                cf_ray: cf_ray(&raw.headers).map(str::to_owned),
                snippet: None,
                retry_after: None,
            }))
        };
        match serde_json::from_slice::<Envelope<R>>(&raw.body) {
            Ok(envelope) if envelope.success == Some(false) => Err(refused(Envelope {
                success: envelope.success,
                errors: envelope.errors,
                messages: envelope.messages,
                result: None,
            })),
            Ok(envelope) => Ok(envelope),
            Err(e) => match serde_json::from_slice::<Envelope<IgnoredAny>>(&raw.body) {
                // The result did not fit, but the call had failed anyway: report the failure.
                Ok(envelope) if envelope.success == Some(false) => Err(refused(envelope)),
                _ => Err(self.decode_error(raw, e.to_string())),
            },
        }
    }
}

impl<'c, T: DeserializeOwned + Send + 'c, Op: 'c> IntoFuture for Call<'c, T, Op> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.pending.send().await.map(Response::into_inner) })
    }
}
