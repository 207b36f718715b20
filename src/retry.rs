//! When to try a request again, and how long to wait first.
//!
//! Bounded attempts with exponential backoff and full jitter; a `Retry-After` header (seconds or
//! an HTTP date) is honoured when it is within the cap, and ends the retries when it is not. Whether a failure may be retried depends on whether
//! the server may already have acted: an operation that creates something is re-sent only when
//! it certainly did not (429, a refused connection, 503 with `Retry-After`).

use crate::request::Retry;
use reqwest::StatusCode;
use std::time::{Duration, SystemTime};

/// How many times to retry and how long to wait between tries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `2` means at most three attempts).
    pub max_retries: u32,
    /// The wait before the first retry; it doubles for each one after.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts. Backoff stops growing here; a `Retry-After` longer
    /// than this is not waited out: the call fails with the error, which carries the delay.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (0-based): the server's `Retry-After` if it gave one,
    /// else exponential backoff with full jitter (`jitter` is the fraction of the ceiling to
    /// wait, drawn by the client's clock); never more than `max_backoff`. (The caller does not
    /// retry at all when `Retry-After` exceeds `max_backoff`.)
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_backoff);
        }
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_backoff);
        // NaN would make `mul_f64` panic: a broken jitter source waits the whole ceiling instead.
        let fraction = if jitter.is_nan() {
            1.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        ceiling.mul_f64(fraction)
    }
}

/// What one attempt ended in, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempt {
    /// An HTTP response with this status, and `Retry-After` if it had one.
    Status(StatusCode, Option<Duration>),
    /// The connection could not be made: nothing was sent.
    NotConnected,
    /// The request may have reached the server, but no (complete) response came back.
    Lost,
    /// Nothing a retry could change: the request could not be built, the deadline passed, the
    /// response was over the size limit, or a redirect pointed away from the base URL's origin.
    Final,
}

/// Whether an attempt that ended like this may be retried.
pub(crate) fn retryable(attempt: Attempt, retry: Retry) -> bool {
    match (attempt, retry) {
        (Attempt::NotConnected, _) => true,
        (Attempt::Status(StatusCode::TOO_MANY_REQUESTS, _), _) => true,
        (Attempt::Status(StatusCode::SERVICE_UNAVAILABLE, Some(_)), _) => true,
        (Attempt::Status(status, _), Retry::Idempotent) => {
            status == StatusCode::REQUEST_TIMEOUT || status.is_server_error()
        }
        (Attempt::Lost, Retry::Idempotent) => true,
        (Attempt::Status(..) | Attempt::Lost, Retry::NotIdempotent) => false,
        (Attempt::Final, _) => false,
    }
}

/// Parses `Retry-After`: delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More seconds than fit in a u64: longer than any cap, so the call ends at once.
        return Some(Duration::MAX);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_are_retried_only_when_the_server_certainly_did_not_act() {
        let create = Retry::NotIdempotent;
        assert!(retryable(
            Attempt::Status(StatusCode::TOO_MANY_REQUESTS, None),
            create
        ));
        assert!(retryable(Attempt::NotConnected, create));
        assert!(retryable(
            Attempt::Status(
                StatusCode::SERVICE_UNAVAILABLE,
                Some(Duration::from_secs(1))
            ),
            create
        ));
        assert!(!retryable(
            Attempt::Status(StatusCode::SERVICE_UNAVAILABLE, None),
            create
        ));
        assert!(!retryable(
            Attempt::Status(StatusCode::INTERNAL_SERVER_ERROR, None),
            create
        ));
        assert!(!retryable(
            Attempt::Status(StatusCode::BAD_GATEWAY, None),
            create
        ));
        assert!(!retryable(Attempt::Lost, create));
    }

    #[test]
    fn reads_are_retried_on_server_errors_and_lost_responses() {
        let read = Retry::Idempotent;
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(
                retryable(
                    Attempt::Status(StatusCode::from_u16(status).unwrap(), None),
                    read
                ),
                "{status}"
            );
        }
        assert!(retryable(Attempt::Lost, read));
        for status in [400, 401, 403, 404, 409, 422] {
            assert!(
                !retryable(
                    Attempt::Status(StatusCode::from_u16(status).unwrap(), None),
                    read
                ),
                "{status}"
            );
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default();
        for retry in 0..10 {
            let ceiling =
                (Duration::from_millis(500) * 2u32.pow(retry.min(5))).min(Duration::from_secs(8));
            assert_eq!(policy.delay(retry, None, 1.0), ceiling, "retry {retry}");
            assert_eq!(
                policy.delay(retry, None, 0.25),
                ceiling / 4,
                "retry {retry}"
            );
            assert_eq!(policy.delay(retry, None, 0.0), Duration::ZERO);
            // A clock drawing outside 0..=1 cannot stretch the wait past the ceiling.
            assert_eq!(policy.delay(retry, None, 7.0), ceiling, "retry {retry}");
            assert_eq!(
                policy.delay(retry, None, f64::NAN),
                ceiling,
                "retry {retry}"
            );
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(3)), 0.5),
            Duration::from_secs(3)
        );
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(3600)), 0.5),
            Duration::from_secs(8)
        );
    }

    #[test]
    fn retry_after_parses_seconds_and_http_dates() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        let later = SystemTime::now() + Duration::from_secs(120);
        let parsed = parse_retry_after(&httpdate::fmt_http_date(later)).unwrap();
        assert!(
            parsed > Duration::from_secs(100) && parsed <= Duration::from_secs(120),
            "{parsed:?}"
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("-5"), None);
        assert_eq!(
            parse_retry_after("99999999999999999999999"),
            Some(Duration::MAX)
        );
    }
}
