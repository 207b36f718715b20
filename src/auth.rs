//! Secrets and the headers that carry them, whatever credentials the API takes (those are
//! [`api`](crate::api)'s).
//!
//! Secrets live in [`Secret`], whose `Debug` and `Display` print `[redacted]`; the header values
//! built from them are marked sensitive so HTTP-level logging leaves them out too. Values with
//! CR or LF (which could smuggle extra headers) are refused when the client is built.

use crate::error::Error;
use reqwest::header::HeaderValue;
use std::fmt;

/// A secret string that never shows itself in `Debug`, `Display`, logs or errors.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that needs it: the request header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A header value that HTTP logging will not print; `what` names it in errors, never the value.
pub(crate) fn sensitive(what: &str, value: &str) -> Result<HeaderValue, Error> {
    if value.contains(['\r', '\n']) {
        return Err(Error::config(format!(
            "the {what} contains a line break, which cannot be sent in a header"
        )));
    }
    let mut header = HeaderValue::from_str(value).map_err(|_| {
        Error::config(format!(
            "the {what} contains characters that cannot be sent in a header"
        ))
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// `text` with every non-empty secret of `secrets` in it replaced by `[redacted]`: for what a
/// server sends back, which may echo the request's headers.
pub(crate) fn redact(text: &str, secrets: &[&Secret]) -> String {
    secrets
        .iter()
        .map(|secret| secret.expose())
        .filter(|secret| !secret.is_empty())
        .fold(text.to_owned(), |text, secret| {
            text.replace(secret, "[redacted]")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_replaces_every_occurrence_of_every_secret_but_an_empty_one() {
        let (key, other, empty) = (Secret::new("k3y"), Secret::new("s3c"), Secret::new(""));
        assert_eq!(
            redact("k3y; again k3y; s3c; me", &[&key, &empty, &other]),
            "[redacted]; again [redacted]; [redacted]; me"
        );
    }
}
