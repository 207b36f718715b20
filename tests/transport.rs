//! The transport seam and the clock: a test double answers without a socket, middleware wraps
//! the real transport, and retries and deadlines run in virtual time.

use cloudforce_one::testing::{FakeServer, TestClock};
use cloudforce_one::transport::{
    ReqwestTransport, Sending, Transport, TransportError, TransportErrorKind,
};
use cloudforce_one::{types, Client, Credentials, Error, RetryPolicy};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// What the scripted transport does for one request.
#[derive(Debug)]
enum Step {
    Answer(u16, &'static str),
    Fail(TransportErrorKind),
}

/// Answers from a script, and keeps every request it was given.
#[derive(Debug, Clone, Default)]
struct Scripted {
    steps: Arc<Mutex<VecDeque<Step>>>,
    seen: Arc<Mutex<Vec<(String, String)>>>,
}

impl Scripted {
    fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        let scripted = Scripted::default();
        scripted.steps.lock().unwrap().extend(steps);
        scripted
    }

    fn seen(&self) -> Vec<(String, String)> {
        self.seen.lock().unwrap().clone()
    }
}

impl Transport for Scripted {
    fn send(&self, request: reqwest::Request) -> Sending {
        self.seen.lock().unwrap().push((
            request.method().to_string(),
            request.url().path().to_owned(),
        ));
        let step = self.steps.lock().unwrap().pop_front();
        Box::pin(async move {
            match step.expect("the script has a step for every request") {
                Step::Answer(status, body) => {
                    let response = http::Response::builder()
                        .status(status)
                        .header("content-type", "application/json")
                        .body(body)
                        .unwrap();
                    Ok(reqwest::Response::from(response))
                }
                Step::Fail(kind) => Err(TransportError::new(kind, "scripted failure")),
            }
        })
    }
}

const QUOTA: &str =
    r#"{"success":true,"errors":[],"messages":[],"result":{"quota":120,"remaining":7}}"#;
const BUSY: &str = r#"{"success":false,"errors":[{"code":1000,"message":"busy"}],"messages":[]}"#;

fn client(transport: Scripted, clock: &TestClock) -> Client {
    Client::builder(Credentials::token("scripted-token"))
        .transport(transport)
        .clock(clock.clone())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_test_double_answers_without_a_socket() {
    let transport = Scripted::new([Step::Answer(200, QUOTA)]);
    let clock = TestClock::new();
    let quota = client(transport.clone(), &clock)
        .requests()
        .quota(ACCOUNT)
        .await
        .unwrap();
    assert_eq!(quota.remaining, Some(7));
    assert_eq!(
        transport.seen(),
        [(
            "GET".to_owned(),
            format!("/client/v4/accounts/{ACCOUNT}/cloudforce-one/requests/quota")
        )]
    );
}

#[tokio::test]
async fn retries_wait_the_backoff_ceilings_in_virtual_time() {
    let transport = Scripted::new([
        Step::Answer(500, BUSY),
        Step::Answer(502, BUSY),
        Step::Answer(200, QUOTA),
    ]);
    let clock = TestClock::new();
    let started = std::time::Instant::now();
    client(transport.clone(), &clock)
        .requests()
        .quota(ACCOUNT)
        .await
        .unwrap();
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
    assert_eq!(clock.elapsed(), Duration::from_millis(1500));
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "no real wait"
    );
    assert_eq!(transport.seen().len(), 3);
}

#[tokio::test]
async fn jitter_comes_from_the_clock() {
    let transport = Scripted::new([Step::Answer(500, BUSY), Step::Answer(200, QUOTA)]);
    let clock = TestClock::new().with_jitter(0.25);
    client(transport, &clock)
        .requests()
        .quota(ACCOUNT)
        .await
        .unwrap();
    assert_eq!(clock.sleeps(), [Duration::from_millis(125)]);
}

#[tokio::test]
async fn a_transport_error_s_kind_decides_whether_a_create_is_re_sent() {
    let clock = TestClock::new();
    let create = |transport: Scripted| {
        let client = client(transport, &clock);
        async move {
            client
                .requests()
                .create(ACCOUNT, &types::RequestEdit::new().summary("x"))
                .await
        }
    };
    const ITEM: &str = r#"{"success":true,"errors":[],"messages":[],"result":{"id":"1","content":"","created":"2022-04-01T05:20:00Z","priority":"routine","request":"","summary":"x","tlp":"clear","updated":"2022-04-01T05:20:00Z"}}"#;

    // Nothing was sent: safe to send again.
    let connect = Scripted::new([
        Step::Fail(TransportErrorKind::Connect),
        Step::Answer(200, ITEM),
    ]);
    create(connect.clone()).await.unwrap();
    assert_eq!(connect.seen().len(), 2);

    // It may have arrived: a create is not re-sent.
    let interrupted = Scripted::new([Step::Fail(TransportErrorKind::Interrupted)]);
    let error = create(interrupted.clone()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.kind() == TransportErrorKind::Interrupted),
        "{error:?}"
    );
    assert_eq!(interrupted.seen().len(), 1);

    // It cannot succeed: not re-sent, whatever the operation.
    let hopeless = Scripted::new([Step::Fail(TransportErrorKind::Request)]);
    create(hopeless.clone()).await.unwrap_err();
    assert_eq!(hopeless.seen().len(), 1);

    // The transport's own timeout is a timeout.
    let timed_out = Scripted::new([Step::Fail(TransportErrorKind::Timeout)]);
    assert!(create(timed_out).await.unwrap_err().is_timeout());
}

#[tokio::test]
async fn the_deadline_is_kept_in_virtual_time() {
    let transport = Scripted::new((0..10).map(|_| Step::Answer(503, BUSY)));
    let clock = TestClock::new();
    let policy = RetryPolicy {
        max_retries: 10,
        initial_backoff: Duration::from_secs(1),
        max_backoff: Duration::from_secs(60),
    };
    let error = client(transport.clone(), &clock)
        .requests()
        .quota(ACCOUNT)
        .retry(policy)
        .deadline(Duration::from_secs(10))
        .await
        .unwrap_err();
    // Waits of 1, 2 and 4 s fit in 10 s; the next (8 s) would end past the deadline.
    assert_eq!(
        clock.sleeps(),
        [1, 2, 4].map(Duration::from_secs),
        "{error}"
    );
    assert_eq!(transport.seen().len(), 4);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}

/// Middleware: adds a header to every request and counts them, then sends for real.
#[derive(Debug)]
struct Tagging {
    inner: ReqwestTransport,
    sent: Arc<Mutex<usize>>,
}

impl Transport for Tagging {
    fn send(&self, mut request: reqwest::Request) -> Sending {
        *self.sent.lock().unwrap() += 1;
        request
            .headers_mut()
            .insert("x-request-source", "billing-service".parse().unwrap());
        self.inner.send(request)
    }
}

#[tokio::test]
async fn middleware_wraps_the_real_transport() {
    let fake = FakeServer::start().await;
    let sent = Arc::new(Mutex::new(0));
    let client = fake
        .client_builder()
        .transport(Tagging {
            inner: ReqwestTransport::new(reqwest::Client::new()),
            sent: Arc::clone(&sent),
        })
        .build()
        .unwrap();
    client.requests().quota(ACCOUNT).await.unwrap();
    client.requests().types(ACCOUNT).await.unwrap();
    assert_eq!(*sent.lock().unwrap(), 2);
    let received = fake.received();
    assert!(received
        .iter()
        .all(|r| r.headers["x-request-source"] == "billing-service"
            && r.headers.contains_key("authorization")));
    assert!(format!("{client:?}").contains("Tagging"));
}
