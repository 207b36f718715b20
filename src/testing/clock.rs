//! [`TestClock`]: virtual time for retries and deadlines, so a test of retry handling neither
//! sleeps nor depends on chance.

use crate::clock::{Clock, Sleeping};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A [`Clock`] whose time moves only when a call waits: every wait returns at once, advances
/// [`now`](Clock::now) by its length and is recorded, and the jitter is fixed.
///
/// Clones share one timeline, so keep a clone to inspect after handing one to
/// [`ClientBuilder::clock`](crate::ClientBuilder::clock).
///
/// ```
/// # use cloudforce_one::testing::TestClock;
/// let clock = TestClock::new().with_jitter(0.5);
/// // … build a client with `.clock(clock.clone())`, make calls …
/// assert!(clock.sleeps().is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct TestClock {
    state: Arc<Mutex<Timeline>>,
    jitter: f64,
}

#[derive(Debug)]
struct Timeline {
    start: Instant,
    elapsed: Duration,
    sleeps: Vec<Duration>,
}

impl Default for TestClock {
    fn default() -> Self {
        TestClock::new()
    }
}

impl TestClock {
    /// A clock at the real present, with jitter 1.0: each backoff waits its whole ceiling
    /// (0.5 s, 1 s, 2 s, … under the default policy), so delays are known in advance.
    pub fn new() -> Self {
        TestClock {
            state: Arc::new(Mutex::new(Timeline {
                start: Instant::now(),
                elapsed: Duration::ZERO,
                sleeps: Vec::new(),
            })),
            jitter: 1.0,
        }
    }

    /// The same clock drawing `jitter` (a fraction of the backoff ceiling, clamped to
    /// `0.0..=1.0`) for every retry.
    pub fn with_jitter(self, jitter: f64) -> Self {
        TestClock { jitter, ..self }
    }

    /// Every wait so far, in order: the delays before each retry.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.timeline().sleeps.clone()
    }

    /// How far virtual time has moved: the sum of the waits, plus any [`advance`](Self::advance).
    pub fn elapsed(&self) -> Duration {
        self.timeline().elapsed
    }

    /// Moves time forward by `by` without a wait being recorded (time a test spends elsewhere).
    pub fn advance(&self, by: Duration) {
        let mut timeline = self.timeline();
        timeline.elapsed = timeline.elapsed.saturating_add(by);
    }

    fn timeline(&self) -> MutexGuard<'_, Timeline> {
        // A test that panicked while holding the lock leaves a timeline that is still whole.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Clock for TestClock {
    fn now(&self) -> Instant {
        let timeline = self.timeline();
        timeline
            .start
            .checked_add(timeline.elapsed)
            .unwrap_or(timeline.start)
    }

    fn sleep(&self, duration: Duration) -> Sleeping {
        let mut timeline = self.timeline();
        timeline.elapsed = timeline.elapsed.saturating_add(duration);
        timeline.sleeps.push(duration);
        Box::pin(std::future::ready(()))
    }

    fn jitter(&self) -> f64 {
        self.jitter
    }
}
