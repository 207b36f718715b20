//! The time and chance a call's retries run on: when it is, how to wait, and the jitter drawn for
//! each backoff.
//!
//! [`SystemClock`] (the default) is the wall clock, tokio's timer and a random draw. A test
//! gives the client another [`Clock`] (for example `testing::TestClock`, behind the `testing`
//! feature) so that retries and deadlines run in virtual time: no test sleeps through a backoff,
//! and every delay is known in advance. Each attempt's own timeout stays on the real timer, since
//! it bounds real I/O.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

/// What waiting returns.
pub type Sleeping = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// The source of time and jitter behind retries and deadlines.
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// The current instant, from which deadlines are measured.
    fn now(&self) -> Instant;

    /// Waits `duration` (the wait before a retry).
    fn sleep(&self, duration: Duration) -> Sleeping;

    /// A fraction in `0.0..=1.0` of the backoff ceiling to wait before a retry ("full jitter").
    /// Values outside that range are clamped.
    fn jitter(&self) -> f64;
}

/// The wall clock, tokio's timer and a random jitter.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Sleeping {
        Box::pin(tokio::time::sleep(duration))
    }

    fn jitter(&self) -> f64 {
        rand::random()
    }
}
