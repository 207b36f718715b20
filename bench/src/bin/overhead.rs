//! The client's per-call overhead: N sequential `requests().get()` calls through the client
//! against the same calls made with plain reqwest + serde_json, on loopback, in one run.
//!
//! `cargo run --release --manifest-path bench/Cargo.toml --bin overhead -- [CALLS_PER_ROUND] [ROUNDS]`

use cloudforce_one::{types, Client, Credentials, RetryPolicy};
use cloudforce_one_bench::median;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const REQUEST: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

const BODY: &str = r#"{"errors":[],"messages":[],"success":true,"result":{"id":"f174e90a-fafe-4643-bbbc-4a0ed4fc8415","content":"What regions were most effected by the recent DoS?","created":"2022-04-01T05:20:00Z","priority":"routine","request":"Victomology","summary":"DoS attack","tlp":"clear","updated":"2022-04-01T05:20:00Z","completed":"2022-04-01T05:20:00Z","message_tokens":1,"readable_id":"RFI-2022-000001","status":"open","tokens":16}}"#;

/// A keep-alive HTTP/1.1 server that answers every request with `BODY`.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    // One request: headers, then as many body bytes as content-length says.
                    let header_end = loop {
                        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buffer[..header_end]).to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map_or(0, |v| v.trim().parse().unwrap());
                    while buffer.len() < header_end + length {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    }
                    buffer.drain(..header_end + length);
                    if socket.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    address
}

#[derive(serde::Deserialize)]
struct Envelope {
    success: bool,
    result: Option<types::Item>,
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let calls: usize = args.next().map_or(500, |n| n.parse().unwrap());
    let rounds: usize = args.next().map_or(40, |n| n.parse().unwrap());
    let address = serve().await;

    let http = reqwest::Client::new();
    let client = Client::builder(Credentials::token("bench-token"))
        .base_url(&address)
        .retry(RetryPolicy::none())
        .http_client(http.clone())
        .build()
        .unwrap();
    let url = format!("{address}/accounts/{ACCOUNT}/cloudforce-one/requests/{REQUEST}");

    let through_client = || async {
        let started = Instant::now();
        for _ in 0..calls {
            let item = client.requests().get(ACCOUNT, REQUEST).await.unwrap();
            assert_eq!(item.id.len(), 36);
        }
        started.elapsed()
    };
    let plain = || async {
        let started = Instant::now();
        for _ in 0..calls {
            let response = http
                .get(&url)
                .bearer_auth("bench-token")
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success());
            let bytes = response.bytes().await.unwrap();
            let envelope: Envelope = serde_json::from_slice(&bytes).unwrap();
            assert!(envelope.success);
            assert_eq!(envelope.result.unwrap().id.len(), 36);
        }
        started.elapsed()
    };

    // Warm the connection pool and both code paths, then run short paired rounds, alternating
    // which side goes first, so drift in machine load hits both sides alike.
    through_client().await;
    plain().await;
    let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (o, t) = if round % 2 == 0 {
            let o = through_client().await;
            (o, plain().await)
        } else {
            let t = plain().await;
            (through_client().await, t)
        };
        ours.push(o);
        theirs.push(t);
        ratios.push(o.as_secs_f64() / t.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    let per_call = |d: Duration| d.as_secs_f64() * 1e6 / calls as f64;
    let (o, t) = (median(ours), median(theirs));
    println!("{calls} sequential calls a round, {rounds} paired rounds; medians:");
    println!("  client:            {:.1} µs per call", per_call(o));
    println!("  reqwest + serde:   {:.1} µs per call", per_call(t));
    println!("  overhead:          {:+.1} % (median of per-round ratios; quartiles {:+.1} % to {:+.1} %)",
        (ratios[rounds / 2] - 1.0) * 100.0, (ratios[rounds / 4] - 1.0) * 100.0, (ratios[3 * rounds / 4] - 1.0) * 100.0);
}
