//! The one error type every call returns, with what the API or the network said.
//!
//! API errors keep the HTTP status, the envelope's `errors[]` and `messages[]` and the `cf-ray`
//! id Cloudflare support asks for. A body that is not the JSON expected (an HTML page from a
//! proxy, a truncated response) is an error with a short snippet, never a panic. No variant
//! holds a credential.
//!
//! What an error *shows* is bounded whatever the server sent: `Display` and `Debug` give the
//! first [`ERROR_SHOWN_ENTRIES`] entries of `errors[]` and `messages[]` (then how many more there are),
//! and cut every text the server chose (a message, a header, what the decoder tripped on) at
//! [`ERROR_SHOWN_CHARS`] characters with `…`. The fields keep everything, for those who ask.

use reqwest::StatusCode;
use std::fmt;
use std::time::Duration;

/// How many entries of an envelope's `errors[]` (and of its `messages[]`) an error's `Display`
/// and `Debug` show; the rest are counted ("… and 99 more").
pub const ERROR_SHOWN_ENTRIES: usize = 5;

/// How many characters of any one text the server chose (a message, a header, what the decoder
/// tripped on) an error's `Display` and `Debug` show before cutting it with `…`.
pub const ERROR_SHOWN_CHARS: usize = 500;

/// A result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One entry of an envelope's `errors[]` or `messages[]`.
///
/// Its `Display` and `Debug` cut its texts at [`ERROR_SHOWN_CHARS`] characters; the fields hold them
/// whole.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiMessage {
    /// Numeric code.
    #[serde(default)]
    pub code: i64,
    /// What happened, in words.
    #[serde(default)]
    pub message: String,
    /// Where the code is documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// The part of the request it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ApiMessageSource>,
}

/// Where in the request an [`ApiMessage`] points.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiMessageSource {
    /// JSON pointer into the request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl fmt::Display for ApiMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (code {})", Cut(&self.message), self.code)
    }
}

impl fmt::Debug for ApiMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiMessage")
            .field("code", &self.code)
            .field("message", &Cut(&self.message))
            .field(
                "documentation_url",
                &self.documentation_url.as_deref().map(Cut),
            )
            .field("source", &self.source.as_ref().map(ApiMessageSourceShown))
            .finish()
    }
}

/// An [`ApiMessageSource`] as [`ApiMessage`]'s `Debug` shows it: its pointer cut.
struct ApiMessageSourceShown<'a>(&'a ApiMessageSource);

impl fmt::Debug for ApiMessageSourceShown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiMessageSource")
            .field("pointer", &self.0.pointer.as_deref().map(Cut))
            .finish()
    }
}

/// A text the server chose, as an error shows it: its first [`ERROR_SHOWN_CHARS`] characters, then `…`
/// if there were more.
struct Cut<'a>(&'a str);

impl Cut<'_> {
    /// The shown part, and whether anything was cut.
    fn shown(&self) -> (&str, bool) {
        match self.0.char_indices().nth(ERROR_SHOWN_CHARS) {
            Some((end, _)) => (&self.0[..end], true),
            None => (self.0, false),
        }
    }
}

impl fmt::Display for Cut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.shown();
        f.write_str(shown)?;
        if cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Cut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = self.shown();
        write!(f, "{shown:?}")?;
        if cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// Envelope entries as an error shows them: the first [`ERROR_SHOWN_ENTRIES`], then how many more.
struct Entries<'a>(&'a [ApiMessage]);

impl Entries<'_> {
    fn shown(&self) -> (&[ApiMessage], usize) {
        let shown = &self.0[..self.0.len().min(ERROR_SHOWN_ENTRIES)];
        (shown, self.0.len() - shown.len())
    }
}

impl fmt::Display for Entries<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, more) = self.shown();
        for (i, entry) in shown.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{entry}")?;
        }
        if more > 0 {
            write!(f, "; … and {more} more")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Entries<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, more) = self.shown();
        let mut list = f.debug_list();
        list.entries(shown);
        if more > 0 {
            list.entry(&format_args!("… and {more} more"));
        }
        list.finish()
    }
}

/// The API's refusal: an error status, or `success: false`.
///
/// Its `Display` and `Debug` are bounded (see [`ERROR_SHOWN_ENTRIES`] and [`ERROR_SHOWN_CHARS`]); the fields
/// hold the whole envelope.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The operationId of the call.
    pub operation: &'static str,
    /// The HTTP status (a 2xx when the envelope said `success: false`).
    pub status: StatusCode,
    /// The envelope's `errors[]`.
    pub errors: Vec<ApiMessage>,
    /// The envelope's `messages[]`.
    pub messages: Vec<ApiMessage>,
    /// The `cf-ray` response header, which identifies the request to Cloudflare.
    pub cf_ray: Option<String>,
    /// The start of a body that was not an envelope, if it was not.
    pub snippet: Option<String>,
    /// The `Retry-After` delay the server asked for, if it did.
    pub retry_after: Option<Duration>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the API answered {}{}{}",
            self.operation,
            self.status,
            Entries(&self.errors),
            Ray(&self.cf_ray)
        )?;
        match &self.snippet {
            Some(snippet) => write!(f, " (body starts: {:?})", Cut(snippet)),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("errors", &Entries(&self.errors))
            .field("messages", &Entries(&self.messages))
            .field("cf_ray", &self.cf_ray.as_deref().map(Cut))
            .field("snippet", &self.snippet.as_deref().map(Cut))
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

/// A success response whose body is not what the spec describes.
///
/// Its `Display` and `Debug` cut each text at [`ERROR_SHOWN_CHARS`] characters.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The operationId of the call.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// What did not fit.
    pub reason: String,
    /// The start of the body.
    pub snippet: String,
    /// The `cf-ray` response header.
    pub cf_ray: Option<String>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the {} response could not be read: {}",
            self.operation,
            self.status,
            Cut(&self.reason)
        )?;
        if self.snippet.is_empty() {
            f.write_str(" (the body was empty)")?;
        } else {
            write!(f, " (body starts: {:?})", Cut(&self.snippet))?;
        }
        write!(f, "{}", Ray(&self.cf_ray))
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("reason", &Cut(&self.reason))
            .field("snippet", &Cut(&self.snippet))
            .field("cf_ray", &self.cf_ray.as_deref().map(Cut))
            .finish()
    }
}

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status, or with `success: false`.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// A success response whose body is not what the spec describes.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// No answer within the configured time for one attempt.
    #[error("{operation}: no response within {timeout:?}")]
    Timeout {
        /// The operationId of the call.
        operation: &'static str,
        /// The per-attempt timeout.
        timeout: Duration,
    },
    /// The call's overall deadline passed before it had an answer (see
    /// [`Call::deadline`](crate::Call::deadline)).
    #[error(
        "{operation}: no answer within the call's deadline of {deadline:?} ({attempts} attempt(s))"
    )]
    Deadline {
        /// The operationId of the call.
        operation: &'static str,
        /// The deadline that passed.
        deadline: Duration,
        /// Attempts started, the one cut short included.
        attempts: u32,
    },
    /// The response body was larger than
    /// [`max_response_bytes`](crate::ClientBuilder::max_response_bytes); reading stopped there.
    #[error("{operation}: the {status} response is larger than the limit of {limit} bytes (ClientBuilder::max_response_bytes)")]
    ResponseTooLarge {
        /// The operationId of the call.
        operation: &'static str,
        /// The HTTP status of the response.
        status: StatusCode,
        /// The limit.
        limit: usize,
    },
    /// A `list_all` stream needed more pages than its limit
    /// ([`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages) or
    /// [`Pages::max_pages`](crate::Pages::max_pages)); the items of the pages read came before
    /// this error.
    #[error("{operation}: every page read so far was full, and the stream's limit of {limit} page(s) is reached (max_pages)")]
    TooManyPages {
        /// The operationId of the list operation.
        operation: &'static str,
        /// The limit.
        limit: u64,
    },
    /// The server redirected the request somewhere it was not followed: to another origin than
    /// the base URL's (where the credentials must not go), or with no usable `Location`.
    #[error("{operation}: the server redirected ({status}) to {}, which is not followed: credentials are only sent to the base URL's origin", location.as_deref().unwrap_or("nowhere (no Location header)"))]
    Redirect {
        /// The operationId of the call.
        operation: &'static str,
        /// The redirect status (301, 302, 303, 307, 308, …).
        status: StatusCode,
        /// The `Location` header, as sent (its first [`ERROR_SHOWN_CHARS`] characters).
        location: Option<String>,
    },
    /// The request could not be sent, or the response could not be received.
    #[error("{operation}: {source}")]
    Transport {
        /// The operationId of the call.
        operation: &'static str,
        /// What the transport said, and how far the exchange got.
        #[source]
        source: crate::transport::TransportError,
    },
    /// An argument was refused before any request was made (an empty id, say).
    #[error("{operation}: {message}")]
    InvalidArgument {
        /// The operationId of the call.
        operation: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The client could not be configured (missing credentials, a bad base URL, …).
    #[error("{0}")]
    Config(String),
    /// A file to upload could not be read.
    #[error("could not read {name}: {source}")]
    Upload {
        /// The file name or path.
        name: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// A response's `cf-ray` id as an error's `Display` ends with it, if there was one.
struct Ray<'a>(&'a Option<String>);

impl fmt::Display for Ray<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(ray) => write!(f, " [cf-ray {}]", Cut(ray)),
            None => Ok(()),
        }
    }
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config(message.into())
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::ResponseTooLarge { status, .. } | Error::Redirect { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The `cf-ray` id of the response, when there was one.
    pub fn cf_ray(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.cf_ray.as_deref(),
            Error::Decode(e) => e.cf_ray.as_deref(),
            _ => None,
        }
    }

    /// The envelope's `errors[]` (empty unless the API answered with them).
    pub fn api_errors(&self) -> &[ApiMessage] {
        match self {
            Error::Api(e) => &e.errors,
            _ => &[],
        }
    }

    /// HTTP 429: too many requests.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// HTTP 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// HTTP 401 or 403: the credentials were refused or lack a permission.
    pub fn is_auth(&self) -> bool {
        matches!(
            self.status(),
            Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
        )
    }

    /// A timeout of one attempt (the client's, or the transport's own), or the call's deadline
    /// passing.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Deadline { .. } => true,
            Error::Transport { source, .. } => {
                source.kind() == crate::transport::TransportErrorKind::Timeout
            }
            _ => false,
        }
    }
}

/// The first `limit` characters of a body, for error messages.
pub(crate) fn snippet(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(limit).collect();
    if text.chars().count() > limit {
        out.push('…');
    }
    out
}
