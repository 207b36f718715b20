//! Test your own code against this API without a network (feature `testing`).
//!
//! - [`FakeServer`]: an in-process, stateful fake of the whole API on a loopback port, with data
//!   you can seed and inspect, a log of every request it received, and faults ([`Fault`]: an
//!   error status, `Retry-After`, a delay, a cut connection) injected on the next calls.
//! - [`TestClock`]: virtual time for retries and deadlines, so a test of retry handling takes
//!   no wall-clock time and knows every delay in advance.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), cloudforce_one::Error> {
//! use cloudforce_one::testing::{Fault, FakeServer, TestClock};
//! use std::time::Duration;
//!
//! let fake = FakeServer::start().await;
//! let clock = TestClock::new();
//! let client = fake.client_builder().clock(clock.clone()).build()?;
//!
//! fake.inject(Fault::status(429).retry_after(3), 1);
//! let quota = client.requests().quota("my-account").await?;
//! assert_eq!(quota.remaining, Some(120));
//! assert_eq!(clock.sleeps(), [Duration::from_secs(3)]);
//! assert_eq!(fake.received().len(), 2);
//! # Ok(()) }
//! ```

mod clock;
mod server;
mod store;

pub use clock::TestClock;
pub use server::{FakeServer, Fault, ReceivedRequest, FAKE_TOKEN};
