//! What the client knows of the API it calls: where it lives, the credentials it takes (an API
//! token, sent as a bearer token, or an account email with its Global API key, sent as
//! `X-Auth-Email` and `X-Auth-Key`), the environment variables that set both, and how the client
//! names itself.
//!
//! The one runtime module that is the API's own: a crate `cloudforce-one-codegen generate
//! --crate` writes for another API gets one made from that API's `servers` and
//! `securitySchemes`, with the same items.

use crate::auth::{redact, sensitive, Secret};
use crate::error::Error;
use reqwest::header::{HeaderMap, HeaderName, AUTHORIZATION};

/// Where the API lives unless told otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";
/// Environment variable that overrides the base URL (for a mock server, say).
pub const BASE_URL_VAR: &str = "CLOUDFLARE_BASE_URL";
/// The `User-Agent` every request is sent with.
pub(crate) const USER_AGENT: &str = concat!("cloudforce-one-rs/", env!("CARGO_PKG_VERSION"));

/// How the client proves who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// An API token (the preferred scheme): `Authorization: Bearer <token>`.
    Token(Secret),
    /// An account email and its Global API key: `X-Auth-Email` and `X-Auth-Key`.
    EmailKey {
        /// The account's email address (not secret, but checked like the key).
        email: String,
        /// The Global API key.
        key: Secret,
    },
}

/// Environment variables [`Credentials::from_env`] reads.
pub const TOKEN_VAR: &str = "CLOUDFLARE_API_TOKEN";
/// See [`TOKEN_VAR`].
pub const EMAIL_VAR: &str = "CLOUDFLARE_EMAIL";
/// See [`TOKEN_VAR`].
pub const KEY_VAR: &str = "CLOUDFLARE_API_KEY";

impl Credentials {
    /// An API token.
    pub fn token(token: impl Into<String>) -> Self {
        Credentials::Token(Secret::new(token))
    }

    /// An email and Global API key.
    pub fn email_key(email: impl Into<String>, key: impl Into<String>) -> Self {
        Credentials::EmailKey {
            email: email.into(),
            key: Secret::new(key),
        }
    }

    /// `CLOUDFLARE_API_TOKEN`, or else `CLOUDFLARE_EMAIL` with `CLOUDFLARE_API_KEY`.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any lookup, so it can be tested without touching the
    /// process environment.
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.is_empty());
        if let Some(token) = get(TOKEN_VAR) {
            return Ok(Credentials::token(token));
        }
        match (get(EMAIL_VAR), get(KEY_VAR)) {
            (Some(email), Some(key)) => Ok(Credentials::email_key(email, key)),
            (Some(_), None) => Err(Error::config(format!(
                "{EMAIL_VAR} is set but {KEY_VAR} is not; set both, or set {TOKEN_VAR}"
            ))),
            (None, Some(_)) => Err(Error::config(format!(
                "{KEY_VAR} is set but {EMAIL_VAR} is not; set both, or set {TOKEN_VAR}"
            ))),
            (None, None) => Err(Error::config(format!(
                "no credentials: set {TOKEN_VAR}, or {EMAIL_VAR} and {KEY_VAR}"
            ))),
        }
    }

    /// `text` with every secret in it replaced by `[redacted]`: for what a server sends back,
    /// which may echo the request's headers.
    pub(crate) fn redact(&self, text: &str) -> String {
        match self {
            Credentials::Token(token) => redact(text, &[token]),
            Credentials::EmailKey { key, .. } => redact(text, &[key]),
        }
    }

    /// The query parameters that carry these credentials: none, Cloudflare's travel in headers.
    pub(crate) fn query(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }

    /// The headers that carry these credentials, marked sensitive.
    pub(crate) fn headers(&self) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        match self {
            Credentials::Token(token) => {
                headers.insert(
                    AUTHORIZATION,
                    sensitive("API token", &format!("Bearer {}", token.expose()))?,
                );
            }
            Credentials::EmailKey { email, key } => {
                headers.insert(
                    HeaderName::from_static("x-auth-email"),
                    sensitive("email", email)?,
                );
                headers.insert(
                    HeaderName::from_static("x-auth-key"),
                    sensitive("API key", key.expose())?,
                );
            }
        }
        Ok(headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn token_wins_over_email_and_key() {
        let vars = [(TOKEN_VAR, "t"), (EMAIL_VAR, "e"), (KEY_VAR, "k")];
        assert_eq!(
            Credentials::from_lookup(lookup(&vars)).unwrap(),
            Credentials::token("t")
        );
    }

    #[test]
    fn email_without_key_names_the_missing_variable() {
        let err = Credentials::from_lookup(lookup(&[(EMAIL_VAR, "e")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains(KEY_VAR), "{err}");
    }

    #[test]
    fn no_credentials_names_every_variable() {
        let err = Credentials::from_lookup(lookup(&[]))
            .unwrap_err()
            .to_string();
        for var in [TOKEN_VAR, EMAIL_VAR, KEY_VAR] {
            assert!(err.contains(var), "{err}");
        }
    }

    #[test]
    fn line_breaks_in_secrets_are_refused_without_echoing_them() {
        let err = Credentials::token("abc\r\nX-Evil: 1")
            .headers()
            .unwrap_err()
            .to_string();
        assert!(err.contains("line break") && !err.contains("abc"), "{err}");
    }

    #[test]
    fn redact_replaces_every_occurrence_of_the_secret() {
        let credentials = Credentials::email_key("me@example.com", "k3y");
        assert_eq!(
            credentials.redact("X-Auth-Key: k3y; again k3y; me@example.com"),
            "X-Auth-Key: [redacted]; again [redacted]; me@example.com"
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let shown = format!(
            "{:?}",
            Credentials::email_key("me@example.com", "hunter2-key")
        );
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
