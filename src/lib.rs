//! A typed async client for Cloudflare's **Cloudforce One Requests** API: requests for
//! information (RFIs), their message threads, priority intelligence requirements and assets.
//!
//! Every type and method is generated at build time from the OpenAPI spec in
//! `spec/cloudforce-one.yaml`; the generated code is also committed under `generated/`.
//!
//! # Quick start
//!
//! ```no_run
//! use cloudforce_one::{types, Client};
//!
//! # async fn run() -> Result<(), cloudforce_one::Error> {
//! // CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY; CLOUDFLARE_BASE_URL optional.
//! let client = Client::from_env()?;
//! let account = "023e105f4ecef8ad9ca31a8372d0c353";
//!
//! let filed = client
//!     .requests()
//!     .create(
//!         account,
//!         &types::RequestEdit::new()
//!             .summary("DoS attack")
//!             .content("What regions were most affected by the recent DoS?")
//!             .tlp(types::Tlp::Amber),
//!     )
//!     .await?;
//!
//! let page = client
//!     .requests()
//!     .list(account, &types::RequestList::new(1, 10))
//!     .await?;
//! println!("{} requests on page 1; filed {}", page.len(), filed.id);
//!
//! client
//!     .requests()
//!     .messages()
//!     .create(account, &filed.id, &types::MessageEdit::new().content("Any update?"))
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! # Creating a client
//!
//! [`Client::from_env`] reads the credentials (and an optional base URL) from the environment;
//! [`Client::builder`] takes them from you, with every other setting at its default until
//! changed. A client is cheap to clone and shares one connection pool across tasks.
//!
//! ```no_run
//! use cloudforce_one::{Client, Credentials};
//! use std::time::Duration;
//!
//! # fn run() -> Result<(), cloudforce_one::Error> {
//! let token = std::env::var("MY_CLOUDFLARE_TOKEN").unwrap_or_default();
//! let client = Client::builder(Credentials::token(token))
//!     .timeout(Duration::from_secs(20)) // each attempt
//!     .max_pages(1_000) // the most pages one `list_all` stream reads
//!     .build()?; // refuses a base URL with a query, a fragment or `user:password@`
//! # Ok(()) }
//! ```
//!
//! # Building request bodies
//!
//! Every generated struct is `#[non_exhaustive]` and built with `new`, which takes the fields
//! the spec requires (`RequestList::new(page, per_page)`; nothing for `RequestEdit::new()`), and
//! a chainable setter per field taking anything that converts into it
//! (`.summary("DoS attack")`, no `Some(….into())`). A field the spec adds later therefore never
//! breaks your code, and a field it makes required shows up as a new argument of `new`.
//!
//! # Parameters
//!
//! A method takes the path's parameters, then the query and header parameters the spec
//! requires, then the body. The optional query and header parameters are setters on the
//! [`Call`] it returns, set before it is awaited, so a parameter the spec adds later is a new
//! setter, never a new argument; a call's third type parameter names its operation (a unit type
//! in [`resources::calls`]), which is what gives each operation's calls their own setters.
//!
//! # Every page of a list
//!
//! Each list operation also has a `list_all` method: a [`Pages`] stream of every item, fetched
//! one page at a time as it is read. It stops after a short or empty page, at the first error
//! (which it yields), and at the page limit if one is set.
//!
//! ```no_run
//! # async fn run(client: cloudforce_one::Client) -> Result<(), cloudforce_one::Error> {
//! use cloudforce_one::types;
//! use futures_util::TryStreamExt;
//!
//! let filters = types::RequestList::new(1, 50).status(types::RequestStatus::Open);
//! let open: Vec<types::ListItem> = client
//!     .requests()
//!     .list_all("023e105f4ecef8ad9ca31a8372d0c353", &filters)
//!     .try_collect()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! # Uploading a file
//!
//! An asset is an [`Upload`]: from a path (streamed from disk on every attempt, and not sent
//! again if the file changed size in between), from bytes, or from a reader.
//!
//! ```no_run
//! # async fn run(client: cloudforce_one::Client) -> Result<(), cloudforce_one::Error> {
//! use cloudforce_one::Upload;
//! let (account, request) = ("023e105f4ecef8ad9ca31a8372d0c353", "f174e90a-fafe-4643-bbbc-4a0ed4fc8415");
//! let assets = client
//!     .requests()
//!     .assets()
//!     .create(account, request, Upload::from_path("report.docx")?)
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! # What a call gives back
//!
//! Methods return the envelope's `result`, already unwrapped. For the HTTP status, headers, the
//! `cf-ray` id or the envelope's `messages`, call `.with_details()` before awaiting:
//!
//! ```no_run
//! # async fn run(client: cloudforce_one::Client) -> Result<(), cloudforce_one::Error> {
//! let response = client.requests().quota("023e105f4ecef8ad9ca31a8372d0c353").with_details().await?;
//! println!("{} (cf-ray {:?})", response.status(), response.cf_ray());
//! let quota = response.into_inner();
//! # Ok(()) }
//! ```
//!
//! # Errors, retries and timeouts
//!
//! Every call returns [`Error`]: API errors carry the status, the envelope's `errors` and
//! `messages` and the `cf-ray` id. Failed attempts are retried (2 retries by default, with
//! backoff and `Retry-After` honoured), except that an operation which creates something is
//! re-sent only when the server certainly did not act on it. Each attempt times out after 60 s;
//! an optional deadline bounds a whole call, every attempt and wait included.
//! [`ClientBuilder`] changes all of these for every call; [`Call::timeout`], [`Call::retry`] and
//! [`Call::deadline`] change them for one:
//!
//! ```no_run
//! # async fn run(client: cloudforce_one::Client) -> Result<(), cloudforce_one::Error> {
//! use std::time::Duration;
//! let quota = client
//!     .requests()
//!     .quota("023e105f4ecef8ad9ca31a8372d0c353")
//!     .timeout(Duration::from_secs(5))
//!     .retry(cloudforce_one::RetryPolicy::none())
//!     .deadline(Duration::from_secs(10))
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! # Testing your code
//!
//! With the `testing` feature (for tests only: `cargo add --dev cloudforce-one --features
//! testing`), `testing::FakeServer` is a stateful fake of the whole API on a loopback port:
//! what your code creates can be read back, and faults can be injected on the next calls. A
//! `testing::TestClock` runs retries and deadlines in virtual time.
//!
//! ```
//! # #[cfg(feature = "testing")]
//! # async fn run() {
//! use cloudforce_one::testing::{FakeServer, Fault, TestClock};
//! use cloudforce_one::types;
//!
//! let fake = FakeServer::start().await;
//! let clock = TestClock::new();
//! let client = fake.client_builder().clock(clock.clone()).build().unwrap();
//!
//! fake.inject(Fault::status(429).retry_after(2), 1);
//! let filed = client
//!     .requests()
//!     .create("my-account", &types::RequestEdit::new().summary("DoS attack"))
//!     .await
//!     .unwrap();
//! assert_eq!(fake.requests()[0].id, filed.id);
//! assert_eq!(clock.sleeps(), [std::time::Duration::from_secs(2)]);
//! # }
//! # #[cfg(feature = "testing")]
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run());
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Types generated from large documents nest deeply (Stripe's do): rustdoc's auto-trait
// reasoning about them needs more than the default 128 levels.
#![recursion_limit = "256"]
// On docs.rs, each item a feature gates says which feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

// The runtime: its modules and what the crate exports of them.
include!("runtime.rs");

#[cfg(feature = "testing")]
pub mod testing;

/// The API's data types, one per schema in the spec.
pub mod types {
    include!(concat!(env!("OUT_DIR"), "/types.rs"));
}

/// The API's resources and their operations, reached from a [`Client`].
pub mod resources {
    include!(concat!(env!("OUT_DIR"), "/resources.rs"));
}
