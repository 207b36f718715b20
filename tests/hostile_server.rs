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
    requests: Arc<Mutex<Vec<String>>>,
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

    fn received(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(
    mut socket: TcpStream,
    handler: Handler,
    seen: Arc<Mutex<Vec<String>>>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let mut byte = [0u8; 4096];
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
    while buffer.len() < head_end + length {
        let n = socket.read(&mut byte).await?;
        if n == 0 {
            break;
        }
        buffer.extend_from_slice(&byte[..n]);
    }
    let n = {
        let mut seen = seen.lock().unwrap();
        seen.push(head.clone());
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
    let error = bounded(
        client(&server.url(), Credentials::token(TOKEN))
            .requests()
            .quota(ACCOUNT),
    )
    .await
    .unwrap_err();
    assert!(error.to_string().contains("redirect"), "{error}");
    let hops = server.received().len();
    assert!((2..=6).contains(&hops), "{hops} requests");
}

#[tokio::test]
async fn an_endless_slow_body_is_ended_by_the_timeout() {
    let server = Server::start(|_, _| Reply::Stream {
        head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".into(),
        chunk: b" ".to_vec(),
        pause: Duration::from_millis(50),
        total: u64::MAX,
    })
    .await;
    let started = Instant::now();
    let error = bounded(
        client(&server.url(), Credentials::token(TOKEN))
            .requests()
            .quota(ACCOUNT),
    )
    .await
    .unwrap_err();
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
        let error = bounded(
            client(&server.url(), Credentials::token(TOKEN))
                .requests()
                .quota(ACCOUNT),
        )
        .await
        .unwrap_err();
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
    let error = bounded(
        client(&server.url(), Credentials::token(TOKEN))
            .requests()
            .quota(ACCOUNT),
    )
    .await
    .unwrap_err();
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
        let error = bounded(
            client(&server.url(), Credentials::token(TOKEN))
                .requests()
                .quota(ACCOUNT),
        )
        .await
        .unwrap_err();
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
    let client = client(&server.url(), Credentials::token(TOKEN));
    let calls = (0..1000).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.requests().quota(ACCOUNT).await })
    });
    let results = bounded(futures_util::future::join_all(calls)).await;
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
            Reply::Stream {
                head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".into(),
                chunk: b" ".to_vec(),
                pause: Duration::from_millis(20),
                total: 100,
            }
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
async fn huge_bodies_fail_at_the_limit_with_memory_bounded_near_it() {
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
    println!("{}", report.join("\n"));
}
