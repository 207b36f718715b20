//! The client against servers that misbehave on purpose: raw TCP servers on loopback, each
//! scenario bounded in time. What the user sees, how many requests the server received, and
//! (for bodies) the process's peak memory.
//!
//! Memory is read from `/proc/self/status` (`VmHWM`, reset through `/proc/self/clear_refs`), so
//! the memory scenarios share one test and run one after another.

use cloudforce_one::{types, Client, Credentials, Error, RetryPolicy};
use std::future::IntoFuture;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const REQUEST: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const TOKEN: &str = "tok-SECRET-9f8e7d";
const KEY: &str = "key-SECRET-1a2b3c";

/// What the server does with one request.
enum Reply {
    /// Writes these bytes and closes the connection.
    Bytes(Vec<u8>),
    /// Writes `head`, then `chunk` every `pause`, up to `total` bytes, then closes.
    Stream {
        head: String,
        chunk: Vec<u8>,
        pause: Duration,
        total: u64,
    },
    /// Closes the connection without answering.
    Close,
}

type Handler = Arc<dyn Fn(usize, &str) -> Reply + Send + Sync>;

/// A server on loopback answering each request with `handler(n, request head)`.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    async fn start(handler: impl Fn(usize, &str) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let seen = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let (handler, seen) = (handler.clone(), seen.clone());
                tokio::spawn(async move {
                    let _ = serve(socket, handler, seen).await;
                });
            }
        });
        Server { port, requests }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/client/v4", self.port)
    }

    /// The heads of the requests received so far.
    fn received(&self) -> Vec<String> {
        self.bodies().into_iter().map(|r| r.head).collect()
    }

    fn bodies(&self) -> Vec<Received> {
        self.requests.lock().unwrap().clone()
    }
}

/// Bodies up to this size are kept; larger ones are only counted, so a large upload costs the
/// test no memory.
const KEPT: usize = 8 * 1024 * 1024;

/// What the server saw of one request.
#[derive(Clone, Debug)]
struct Received {
    head: String,
    body_len: usize,
    /// The body, when it was no larger than `KEPT`.
    body: Option<Vec<u8>>,
}

async fn serve(
    mut socket: TcpStream,
    handler: Handler,
    seen: Arc<Mutex<Vec<Received>>>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let mut byte = vec![0u8; 64 * 1024];
    let head_end = loop {
        let n = socket.read(&mut byte).await?;
        if n == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&byte[..n]);
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    let mut body = (length <= KEPT).then(|| buffer[head_end..].to_vec());
    let mut body_len = buffer.len() - head_end;
    while body_len < length {
        let n = socket.read(&mut byte).await?;
        if n == 0 {
            break;
        }
        body_len += n;
        if let Some(body) = &mut body {
            body.extend_from_slice(&byte[..n]);
        }
    }
    let n = {
        let mut seen = seen.lock().unwrap();
        seen.push(Received {
            head: head.clone(),
            body_len,
            body,
        });
        seen.len()
    };
    match handler(n, &head) {
        Reply::Bytes(bytes) => socket.write_all(&bytes).await?,
        Reply::Stream {
            head,
            chunk,
            pause,
            total,
        } => {
            socket.write_all(head.as_bytes()).await?;
            let mut sent = 0u64;
            while sent < total {
                socket.write_all(&chunk).await?;
                sent += chunk.len() as u64;
                if !pause.is_zero() {
                    tokio::time::sleep(pause).await;
                }
            }
        }
        Reply::Close => {}
    }
    socket.shutdown().await
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut text = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(body);
    Reply::Bytes(bytes)
}

fn envelope(result: &str) -> Vec<u8> {
    format!(r#"{{"success":true,"errors":[],"messages":[],"result":{result}}}"#).into_bytes()
}

fn quota_ok() -> Reply {
    response(
        "200 OK",
        &[("Content-Type", "application/json")],
        &envelope(r#"{"quota":10,"remaining":5}"#),
    )
}

fn client(url: &str, credentials: Credentials) -> Client {
    Client::builder(credentials)
        .base_url(url)
        .retry(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(50),
        })
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap()
}

/// The error of `quota` on a client with a token, against `server`.
async fn quota_error(server: &Server) -> Error {
    bounded(
        client(&server.url(), Credentials::token(TOKEN))
            .requests()
            .quota(ACCOUNT),
    )
    .await
    .unwrap_err()
}

/// A 200 whose JSON body is `total` blanks, one every `pause`.
fn slow_blanks(pause: Duration, total: u64) -> Reply {
    Reply::Stream {
        head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".into(),
        chunk: b" ".to_vec(),
        pause,
        total,
    }
}

/// Runs a scenario, failing it if it takes longer than ten seconds.
async fn bounded<F: IntoFuture>(scenario: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), scenario.into_future())
        .await
        .expect("the scenario ends within 10 s")
}

#[tokio::test]
async fn redirects_to_another_origin_are_refused_with_either_credential_and_any_status() {
    let thief = Server::start(|_, _| quota_ok()).await;
    let target = format!("http://127.0.0.1:{}/steal", thief.port);
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        for credentials in [
            Credentials::token(TOKEN),
            Credentials::email_key("me@example.com", KEY),
        ] {
            let location = target.clone();
            let origin = Server::start(move |_, _| {
                response(status, &[("Location", location.as_str())], b"")
            })
            .await;
            let error = bounded(client(&origin.url(), credentials).requests().quota(ACCOUNT))
                .await
                .unwrap_err();
            match &error {
                Error::Redirect { location, .. } => {
                    assert_eq!(location.as_deref(), Some(target.as_str()), "{status}")
                }
                other => panic!("{status}: expected a refused redirect, got {other:?}"),
            }
            assert!(error.to_string().contains(&target), "{error}");
            assert!(!error.to_string().contains("SECRET"), "{error}");
            assert_eq!(origin.received().len(), 1, "{status}: not retried");
        }
    }
    assert!(
        thief.received().is_empty(),
        "no request, so no credential, reached the other origin: {:?}",
        thief.received()
    );
}

#[tokio::test]
async fn redirects_within_the_origin_are_followed_with_the_credentials() {
    let server = Server::start(|n, _| {
        if n == 1 {
            response(
                "307 Temporary Redirect",
                &[(
                    "Location",
                    "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/cloudforce-one/requests/quota?moved=1",
                )],
                b"",
            )
        } else {
            quota_ok()
        }
    })
    .await;
    let client = client(&server.url(), Credentials::email_key("me@example.com", KEY));
    let quota = bounded(client.requests().quota(ACCOUNT)).await.unwrap();
    assert_eq!(quota.remaining, Some(5));
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(
        received[1].contains("moved=1") && received[1].to_ascii_lowercase().contains("x-auth-key")
    );
}

#[tokio::test]
async fn a_redirect_loop_ends_after_a_few_hops_without_retries() {
    let server = Server::start(|_, head| {
        let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
        response("302 Found", &[("Location", path.as_str())], b"")
    })
    .await;
    let error = quota_error(&server).await;
    assert!(error.to_string().contains("redirect"), "{error}");
    let hops = server.received().len();
    assert!((2..=6).contains(&hops), "{hops} requests");
}

#[tokio::test]
async fn an_endless_slow_body_is_ended_by_the_timeout() {
    let server = Server::start(|_, _| slow_blanks(Duration::from_millis(50), u64::MAX)).await;
    let started = Instant::now();
    let error = quota_error(&server).await;
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(server.received().len(), 3, "a read is retried twice");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn invalid_utf8_and_numbers_out_of_range_are_decode_errors() {
    let bodies: [&[u8]; 3] = [
        b"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"anniversary_date\":\"\xff\xfe\"}}",
        b"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"quota\":99999999999999999999999}}",
        b"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"quota\":1e400}}",
    ];
    for body in bodies {
        let body = body.to_vec();
        let server = Server::start(move |_, _| {
            response("200 OK", &[("Content-Type", "application/json")], &body)
        })
        .await;
        let error = quota_error(&server).await;
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert_eq!(server.received().len(), 1, "not retried");
    }
}

#[tokio::test]
async fn a_non_json_body_says_it_is_not_json() {
    let server = Server::start(|_, _| {
        response(
            "200 OK",
            &[("Content-Type", "text/html")],
            b"<html>gateway</html>",
        )
    })
    .await;
    let error = quota_error(&server).await;
    let message = error.to_string();
    assert!(
        message.contains("the body is not JSON (text/html)"),
        "{message}"
    );
}

#[tokio::test]
async fn odd_retry_after_values_neither_panic_nor_stall() {
    // (Retry-After, requests the server sees for a read).
    let cases = [
        ("Wed, 21 Oct 2015 07:28:00 GMT", 3), // in the past: retry at once
        ("-5", 3),                            // not a delay: ordinary backoff
        ("soon", 3),                          // not a delay: ordinary backoff
        ("99999999999999999999999", 1),       // longer than any cap: give up at once
        ("18446744073709551615", 1),          // u64::MAX seconds: the same
    ];
    for (value, expected) in cases {
        let server = Server::start(move |_, _| {
            response("503 Service Unavailable", &[("Retry-After", value)], b"")
        })
        .await;
        let started = Instant::now();
        let error = quota_error(&server).await;
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{value}");
        assert_eq!(server.received().len(), expected, "{value}");
        assert!(started.elapsed() < Duration::from_secs(2), "{value}");
    }
}

#[tokio::test]
async fn a_connection_closed_after_the_request_is_retried_for_reads_never_for_creates() {
    let server = Server::start(|_, _| Reply::Close).await;
    let client = client(&server.url(), Credentials::token(TOKEN));
    let error = bounded(
        client
            .requests()
            .create(ACCOUNT, &types::RequestEdit::new().summary("x")),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.received().len(), 1, "the create was sent once");
    bounded(client.requests().get(ACCOUNT, REQUEST))
        .await
        .unwrap_err();
    assert_eq!(server.received().len(), 4, "the read was tried three times");
}

#[tokio::test]
async fn a_thousand_concurrent_calls_share_one_client() {
    let server = Server::start(|_, _| quota_ok()).await;
    // What is tested is sharing, not speed: on a loaded two-core machine a thousand calls on
    // one thread can take longer than the other tests' 800 ms an attempt (456 of 1,000 did,
    // with two builds beside the tests), so this client waits longer, and so does the bound.
    let client = Client::builder(Credentials::token(TOKEN))
        .base_url(server.url())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let calls = (0..1000).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.requests().quota(ACCOUNT).await })
    });
    let results = tokio::time::timeout(
        Duration::from_secs(60),
        futures_util::future::join_all(calls),
    )
    .await
    .expect("a thousand calls end within 60 s");
    let ok = results
        .into_iter()
        .filter(|r| matches!(r, Ok(Ok(q)) if q.remaining == Some(5)))
        .count();
    assert_eq!(ok, 1000);
}

#[tokio::test]
async fn a_call_dropped_mid_flight_leaves_the_client_usable() {
    let slow = Arc::new(AtomicUsize::new(0));
    let seen = slow.clone();
    let server = Server::start(move |_, _| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            slow_blanks(Duration::from_millis(20), 100)
        } else {
            quota_ok()
        }
    })
    .await;
    let client = client(&server.url(), Credentials::token(TOKEN));
    let dropped = tokio::time::timeout(
        Duration::from_millis(100),
        client.requests().quota(ACCOUNT).into_future(),
    )
    .await;
    assert!(dropped.is_err(), "the call was still running when dropped");
    let quota = bounded(client.requests().quota(ACCOUNT)).await.unwrap();
    assert_eq!(quota.remaining, Some(5));
}

/// The process's peak resident memory since the last reset, in MiB.
fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kib / 1024
}

fn reset_peak() {
    // "5" resets VmHWM to the current RSS (Linux ≥ 4.0).
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

#[tokio::test]
async fn huge_bodies_fail_at_the_limit_and_uploads_stream_with_memory_bounded() {
    const GIB: u64 = 1024 * 1024 * 1024;
    let chunk = vec![b' '; 64 * 1024];
    // (what, status line, announce a length?, bytes sent)
    let scenarios = [
        (
            "4 GiB success body with Content-Length",
            "200 OK",
            true,
            4 * GIB,
        ),
        (
            "1 GiB success body without Content-Length",
            "200 OK",
            false,
            GIB,
        ),
        (
            "1 GiB error body without Content-Length",
            "500 Internal Server Error",
            false,
            GIB,
        ),
    ];
    let mut report = Vec::new();
    for (what, status, announce, total) in scenarios {
        let length = if announce {
            format!("Content-Length: {total}\r\n")
        } else {
            String::new()
        };
        let head = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{length}\r\n");
        let chunk = chunk.clone();
        let server = Server::start(move |_, _| Reply::Stream {
            head: head.clone(),
            chunk: chunk.clone(),
            pause: Duration::ZERO,
            total,
        })
        .await;
        let client = Client::builder(Credentials::token(TOKEN))
            .base_url(server.url())
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        reset_peak();
        let before = peak_mib();
        let error = tokio::time::timeout(
            Duration::from_secs(30),
            client.requests().quota(ACCOUNT).into_future(),
        )
        .await
        .expect("ends within 30 s")
        .unwrap_err();
        let grew = peak_mib().saturating_sub(before);
        assert!(
            matches!(error, Error::ResponseTooLarge { limit, .. } if limit == cloudforce_one::DEFAULT_MAX_RESPONSE_BYTES),
            "{what}: {error:?}"
        );
        assert!(
            error.to_string().contains("larger than the limit"),
            "{error}"
        );
        report.push(format!("{what}: peak RSS grew {grew} MiB"));
        assert!(grew < 64, "{what}: peak RSS grew {grew} MiB (limit 16 MiB)");
    }
    // A 200 MiB upload streams from disk.
    let dir = tempfile::tempdir().unwrap();
    let path = file_of(dir.path(), 200 * 1024 * 1024);
    let server = Server::start(|_, _| asset_ok()).await;
    let client = Client::builder(Credentials::token(TOKEN))
        .base_url(server.url())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    reset_peak();
    let before = peak_mib();
    let upload = cloudforce_one::Upload::from_path(&path).unwrap();
    tokio::time::timeout(
        Duration::from_secs(60),
        client
            .requests()
            .assets()
            .create(ACCOUNT, REQUEST, upload)
            .into_future(),
    )
    .await
    .expect("ends within 60 s")
    .unwrap();
    let grew = peak_mib().saturating_sub(before);
    assert!(server.bodies()[0].body_len > 200 * 1024 * 1024);
    report.push(format!(
        "200 MiB upload from a path: peak RSS grew {grew} MiB"
    ));
    assert!(grew < 48, "a 200 MiB upload grew peak RSS by {grew} MiB");
    println!("{}", report.join("\n"));
}

/// A file of `len` bytes with a repeating, position-dependent pattern.
fn file_of(dir: &std::path::Path, len: usize) -> std::path::PathBuf {
    let path = dir.join("report.bin");
    let pattern: Vec<u8> = (0..=250u8).collect();
    let mut file = std::fs::File::create(&path).unwrap();
    let mut left = len;
    while left > 0 {
        let n = left.min(pattern.len());
        std::io::Write::write_all(&mut file, &pattern[..n]).unwrap();
        left -= n;
    }
    path
}

fn asset_ok() -> Reply {
    response(
        "200 OK",
        &[("Content-Type", "application/json")],
        &envelope(r#"{"id":1,"name":"report.bin"}"#),
    )
}

#[tokio::test]
async fn a_retried_upload_reopens_the_file_and_sends_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_of(dir.path(), 3 * 1024 * 1024 + 17);
    let server = Server::start(|n, _| {
        if n == 1 {
            response("503 Service Unavailable", &[("Retry-After", "0")], b"")
        } else {
            asset_ok()
        }
    })
    .await;
    let upload = cloudforce_one::Upload::from_path(&path).unwrap();
    let client = client(&server.url(), Credentials::token(TOKEN));
    bounded(client.requests().assets().create(ACCOUNT, REQUEST, upload))
        .await
        .unwrap();
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 2, "sent again after 503 with Retry-After");
    assert!(bodies[0]
        .head
        .to_ascii_lowercase()
        .contains("content-length:"));
    assert!(bodies[0].body_len > 3 * 1024 * 1024);
    let sent = std::fs::read(&path).unwrap();
    for received in &bodies {
        let body = received.body.as_deref().unwrap();
        let start = body.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        assert_eq!(
            &body[start..start + sent.len()],
            &sent[..],
            "the file's bytes, in full"
        );
    }
}

#[tokio::test]
async fn a_file_that_changed_size_between_attempts_is_not_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_of(dir.path(), 10_000);
    let grow = path.clone();
    let server = Server::start(move |_, _| {
        // The file grows while the server refuses the first attempt.
        std::fs::write(&grow, vec![b'x'; 20_000]).unwrap();
        response("503 Service Unavailable", &[("Retry-After", "0")], b"")
    })
    .await;
    let upload = cloudforce_one::Upload::from_path(&path).unwrap();
    let error = bounded(
        client(&server.url(), Credentials::token(TOKEN))
            .requests()
            .assets()
            .create(ACCOUNT, REQUEST, upload),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&error, Error::Upload { .. }) && error.to_string().contains("changed"),
        "{error:?}"
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn error_bodies_that_echo_the_request_headers_never_show_a_secret() {
    for credentials in [
        Credentials::token(TOKEN),
        Credentials::email_key("me@example.com", KEY),
    ] {
        // One server answers with an HTML page quoting the request, one with an envelope whose
        // error message quotes it.
        let html = Server::start(|_, head| {
            let page = format!("<html><pre>{head}</pre></html>");
            response(
                "400 Bad Request",
                &[("Content-Type", "text/html")],
                page.as_bytes(),
            )
        })
        .await;
        let json = Server::start(|_, head| {
            let quoted = serde_json::to_string(head).unwrap();
            let body = format!(
                r#"{{"success":false,"errors":[{{"code":9,"message":{quoted}}}],"messages":[]}}"#
            );
            response(
                "403 Forbidden",
                &[("Content-Type", "application/json")],
                body.as_bytes(),
            )
        })
        .await;
        for server in [&html, &json] {
            let error = bounded(
                client(&server.url(), credentials.clone())
                    .requests()
                    .quota(ACCOUNT),
            )
            .await
            .unwrap_err();
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("SECRET"), "{shown}");
            assert!(
                shown.contains("[redacted]"),
                "the echo is visible, the secret is not: {shown}"
            );
        }
    }
}
