//! The client against an in-process HTTP mock: auth, the envelope, every error path, retries and
//! their bounds, timeouts, paging, uploads and path encoding. Each fault scenario ends in the
//! right result after a bounded, asserted number of attempts.

use cloudforce_one::{types, Client, Credentials, Error, RetryPolicy, Upload};
use futures_util::StreamExt;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const REQUEST: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const TOKEN: &str = "tok-SECRET-9f8e7d";
const BASE: &str = "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/cloudforce-one/requests";

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(50),
    }
}

fn client_for(uri: &str, credentials: Credentials) -> Client {
    Client::builder(credentials)
        .base_url(format!("{uri}/client/v4"))
        .retry(fast_retries())
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

fn client(server: &MockServer) -> Client {
    client_for(&server.uri(), Credentials::token(TOKEN))
}

fn envelope(result: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": result})
}

fn item() -> Value {
    json!({
        "id": REQUEST, "content": "What regions?", "created": "2022-04-01T05:20:00Z", "priority": "routine",
        "request": "Victomology", "summary": "DoS attack", "tlp": "clear", "updated": "2022-04-01T05:20:00Z"
    })
}

fn ok(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(envelope(result))
}

/// `requests().get()` of the example request, through a client of `server`.
async fn get_request(server: &MockServer) -> cloudforce_one::Result<types::Item> {
    client(server).requests().get(ACCOUNT, REQUEST).await
}

/// A mock server answering every `verb` request with `answer`.
async fn answering(verb: &str, answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

/// Answers `verb` requests with `failure` `times` times, then with `answer`.
async fn fails_then_answers(
    server: &MockServer,
    verb: &str,
    failure: ResponseTemplate,
    times: u64,
    answer: ResponseTemplate,
) {
    Mock::given(method(verb))
        .respond_with(failure)
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .respond_with(answer)
        .mount(server)
        .await;
}

async fn requests_received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

// ---- auth -----------------------------------------------------------------------------------

#[tokio::test]
async fn token_is_sent_as_bearer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ok(item()))
        .mount(&server)
        .await;
    get_request(&server).await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert!(request.headers.get("x-auth-key").is_none());
}

#[tokio::test]
async fn email_and_key_are_sent_as_x_auth_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-auth-email", "me@example.com"))
        .and(header("x-auth-key", "key-SECRET"))
        .respond_with(ok(item()))
        .mount(&server)
        .await;
    let client = client_for(
        &server.uri(),
        Credentials::email_key("me@example.com", "key-SECRET"),
    );
    client.requests().get(ACCOUNT, REQUEST).await.unwrap();
    assert!(server.received_requests().await.unwrap()[0]
        .headers
        .get("authorization")
        .is_none());
}

#[tokio::test]
async fn debug_output_never_contains_a_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(403).set_body_json(json!({
        "success": false, "errors": [{"code": 10000, "message": "Authentication error"}], "messages": []
    })))
    .mount(&server)
    .await;
    let client = client(&server);
    let error = client.requests().get(ACCOUNT, REQUEST).await.unwrap_err();
    let key_client = client_for(
        &server.uri(),
        Credentials::email_key("me@example.com", "key-SECRET"),
    );
    for shown in [
        format!("{client:?}"),
        format!("{key_client:?}"),
        format!("{error:?}"),
        error.to_string(),
        format!("{:?}", Credentials::token(TOKEN)),
    ] {
        assert!(!shown.contains("SECRET"), "secret shown: {shown}");
    }
    assert!(error.is_auth());
}

// ---- envelope and decoding --------------------------------------------------------------------

#[tokio::test]
async fn result_is_unwrapped_and_details_stay_reachable() {
    let server = MockServer::start().await;
    let body = json!({"success": true, "errors": [], "messages": [{"code": 1001, "message": "heads up"}], "result": item()});
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .insert_header("cf-ray", "8a1b2c3d4e5f-SJC"),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .requests()
        .get(ACCOUNT, REQUEST)
        .with_details()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.cf_ray(), Some("8a1b2c3d4e5f-SJC"));
    assert_eq!(response.messages()[0].message, "heads up");
    let item = response.into_inner();
    assert_eq!(item.id, REQUEST);
    assert_eq!(item.tlp, types::Tlp::Clear);
}

#[tokio::test]
async fn an_envelope_without_result_returns_nothing() {
    let server = answering(
        "DELETE",
        ResponseTemplate::new(200)
            .set_body_json(json!({"success": true, "errors": [], "messages": []})),
    )
    .await;
    client(&server)
        .requests()
        .delete(ACCOUNT, REQUEST)
        .await
        .unwrap();
}

#[tokio::test]
async fn success_false_on_a_200_is_an_error_with_every_entry_of_errors() {
    let server = MockServer::start().await;
    let body = json!({"success": false, "messages": [], "result": null, "errors": [
        {"code": 10433, "message": "request error"},
        {"code": 10434, "message": "summary too long", "source": {"pointer": "/summary"}}
    ]});
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .insert_header("cf-ray", "ray-1"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .requests()
        .create(ACCOUNT, &types::RequestEdit::default())
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 200);
    assert_eq!(api.errors.len(), 2);
    assert_eq!(
        api.errors[1].source.as_ref().unwrap().pointer.as_deref(),
        Some("/summary")
    );
    assert_eq!(error.cf_ray(), Some("ray-1"));
    assert!(
        error
            .to_string()
            .contains("request error (code 10433); summary too long (code 10434)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_4xx_envelope_keeps_status_errors_and_cf_ray() {
    let server = MockServer::start().await;
    let body = json!({"success": false, "errors": [{"code": 7003, "message": "Could not route"}], "messages": []});
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(body)
                .insert_header("cf-ray", "ray-404"),
        )
        .mount(&server)
        .await;
    let error = get_request(&server).await.unwrap_err();
    assert!(error.is_not_found());
    assert_eq!(error.api_errors()[0].code, 7003);
    assert_eq!(error.cf_ray(), Some("ray-404"));
    assert_eq!(requests_received(&server).await, 1, "a 404 is not retried");
}

#[tokio::test]
async fn an_html_error_page_is_an_error_with_a_bounded_snippet() {
    let server = MockServer::start().await;
    let page = format!(
        "<html><body><h1>502 Bad Gateway</h1>{}</body></html>",
        "x".repeat(5000)
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;
    let error = get_request(&server).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    let snippet = api.snippet.as_deref().unwrap();
    assert!(
        snippet.starts_with("<html><body><h1>502 Bad Gateway") && snippet.chars().count() <= 201,
        "{snippet}"
    );
    assert_eq!(
        requests_received(&server).await,
        3,
        "a read is retried twice on 502"
    );
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error() {
    let server = answering("GET", ResponseTemplate::new(200)).await;
    let error = get_request(&server).await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode(d) if d.snippet.is_empty()),
        "{error:?}"
    );
    assert!(error.to_string().contains("the body was empty"));
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_not_a_panic() {
    let server = MockServer::start().await;
    let full = envelope(item()).to_string();
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(&full[..full.len() / 2], "application/json"),
        )
        .mount(&server)
        .await;
    let error = get_request(&server).await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(
        requests_received(&server).await,
        1,
        "a malformed 200 is not retried"
    );
}

#[tokio::test]
async fn a_missing_result_is_a_decode_error() {
    let server = answering(
        "GET",
        ResponseTemplate::new(200)
            .set_body_json(json!({"success": true, "errors": [], "messages": []})),
    )
    .await;
    let error = get_request(&server).await.unwrap_err();
    assert!(error.to_string().contains("no `result`"), "{error}");
}

#[tokio::test]
async fn unknown_enum_values_and_fields_are_tolerated_and_optional_fields_may_be_missing() {
    let server = MockServer::start().await;
    let mut item = item();
    item["tlp"] = json!("ultraviolet");
    item["a_field_from_the_future"] = json!({"nested": [1, 2]});
    Mock::given(method("GET"))
        .respond_with(ok(item))
        .mount(&server)
        .await;
    let item = get_request(&server).await.unwrap();
    assert_eq!(item.tlp, types::Tlp::Unknown("ultraviolet".into()));
    assert_eq!(item.tlp.as_str(), "ultraviolet");
    assert_eq!(
        (item.completed, item.status, item.tokens),
        (None, None, None)
    );
}

#[tokio::test]
async fn a_priority_result_parses_as_either_documented_shape() {
    let server = MockServer::start().await;
    let priority = json!({"id": REQUEST, "created": "2022-04-01T05:20:00Z", "labels": ["DoS"], "priority": 1,
        "requirement": "DoS attacks", "tlp": "amber", "updated": "2022-04-01T05:20:00Z"});
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/priority/p1")))
        .respond_with(ok(priority))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{BASE}/priority/p2")))
        .respond_with(ok(item()))
        .mount(&server)
        .await;
    let priorities = client(&server);
    assert!(matches!(
        priorities
            .requests()
            .priority()
            .get(ACCOUNT, "p1")
            .await
            .unwrap(),
        types::PriorityResult::Priority(_)
    ));
    assert!(matches!(
        priorities
            .requests()
            .priority()
            .get(ACCOUNT, "p2")
            .await
            .unwrap(),
        types::PriorityResult::Item(_)
    ));
}

// ---- retries ----------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limit_with_retry_after_is_waited_out_then_retried() {
    let server = MockServer::start().await;
    fails_then_answers(
        &server,
        "GET",
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        1,
        ok(item()),
    )
    .await;
    let client = Client::builder(Credentials::token(TOKEN))
        .base_url(format!("{}/client/v4", server.uri()))
        .retry(RetryPolicy {
            max_backoff: Duration::from_secs(2),
            ..fast_retries()
        })
        .build()
        .unwrap();
    let started = Instant::now();
    client.requests().get(ACCOUNT, REQUEST).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After: 1 honoured ({:?})",
        started.elapsed()
    );
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_ends_the_call_at_once_with_the_delay() {
    let server = answering(
        "GET",
        ResponseTemplate::new(429).insert_header("retry-after", "3600"),
    )
    .await;
    let started = Instant::now();
    let error = get_request(&server).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(requests_received(&server).await, 1, "not retried early");
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn rate_limit_without_retry_after_is_retried_with_backoff_even_for_a_create() {
    let server = MockServer::start().await;
    fails_then_answers(&server, "POST", ResponseTemplate::new(429), 2, ok(item())).await;
    client(&server)
        .requests()
        .create(ACCOUNT, &types::RequestEdit::default())
        .await
        .unwrap();
    assert_eq!(requests_received(&server).await, 3);
}

#[tokio::test]
async fn rate_limit_that_never_lifts_gives_up_after_the_retry_budget() {
    let server = answering("GET", ResponseTemplate::new(429)).await;
    let error = get_request(&server).await.unwrap_err();
    assert!(error.is_rate_limited());
    assert_eq!(requests_received(&server).await, 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_within_the_budget() {
    for status in [500, 502, 503, 504, 408] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(2)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ok(item()))
            .mount(&server)
            .await;
        get_request(&server).await.unwrap();
        assert_eq!(requests_received(&server).await, 3, "status {status}");
    }
}

#[tokio::test]
async fn a_create_is_not_resent_after_a_server_error() {
    for status in [500, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        let error = client(&server)
            .requests()
            .create(ACCOUNT, &types::RequestEdit::default())
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(
            requests_received(&server).await,
            1,
            "status {status}: the server may have acted"
        );
    }
}

#[tokio::test]
async fn a_create_is_resent_after_503_with_retry_after() {
    let server = MockServer::start().await;
    let message = json!({"id": 7, "author": "a", "content": "c", "is_follow_on_request": false, "updated": "2022-01-01T00:00:00Z"});
    let refusal = ResponseTemplate::new(503).insert_header("retry-after", "0");
    fails_then_answers(&server, "POST", refusal, 1, ok(message)).await;
    let message = client(&server)
        .requests()
        .messages()
        .create(ACCOUNT, REQUEST, &types::MessageEdit::new().content("hi"))
        .await
        .unwrap();
    assert_eq!(message.id, 7);
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn list_operations_are_retried_although_they_are_posts() {
    let server = MockServer::start().await;
    fails_then_answers(
        &server,
        "POST",
        ResponseTemplate::new(500),
        1,
        ok(json!([])),
    )
    .await;
    let page = client(&server)
        .requests()
        .list(ACCOUNT, &types::RequestList::new(1, 10))
        .await
        .unwrap();
    assert!(page.is_empty());
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_times_out_reads_retried_creates_not() {
    let server = answering("GET", ok(item()).set_delay(Duration::from_secs(2))).await;
    Mock::given(method("POST"))
        .respond_with(ok(item()).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = Client::builder(Credentials::token(TOKEN))
        .base_url(format!("{}/client/v4", server.uri()))
        .retry(fast_retries())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.requests().get(ACCOUNT, REQUEST).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(requests_received(&server).await, 3);
    let error = client
        .requests()
        .create(ACCOUNT, &types::RequestEdit::default())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(
        requests_received(&server).await,
        4,
        "the create was sent once"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "bounded by the timeouts, not the server"
    );
}

/// A server that answers every request with headers promising 100 bytes, sends 10, and hangs up.
async fn server_that_resets_mid_body() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = vec![0; 65536];
                let _ = socket.read(&mut buffer).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n";
                let _ = socket
                    .write_all(format!("{head}{{\"success\"").as_bytes())
                    .await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (address, accepted)
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_retried_for_reads_only() {
    let (address, accepted) = server_that_resets_mid_body().await;
    let client = client_for(&address, Credentials::token(TOKEN));
    let error = client.requests().get(ACCOUNT, REQUEST).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    let error = client
        .requests()
        .create(ACCOUNT, &types::RequestEdit::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        4,
        "the create reached the server once"
    );
}

/// Everything `tracing` writes while `f` runs, as text.
async fn traced<F: std::future::IntoFuture>(f: F) -> (F::Output, String) {
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    // `tracing` caches per call site, for the whole process, whether anyone listens. While only
    // one subscriber exists, tracing-core asks only the registering thread's: a test on another
    // thread, with none, that reaches a call site first caches "never" for it, and this capture
    // would miss that span. A second subscriber kept for the whole run turns that fast path off
    // (every call site is then asked of all of them), and asking every call site again once this
    // thread's subscriber is set mends one cached before it existed.
    static SECOND: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    SECOND.get_or_init(|| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()));
    let _guard = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    let output = f.await;
    let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    (output, text)
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_create() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client_for(
        &format!("http://127.0.0.1:{port}"),
        Credentials::token(TOKEN),
    );
    let (result, log) = traced(
        client
            .requests()
            .create(ACCOUNT, &types::RequestEdit::default()),
    )
    .await;
    let error = result.unwrap_err();
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.is_connect()),
        "{error:?}"
    );
    assert!(
        log.contains("attempt=3") && !log.contains("attempt=4"),
        "three attempts, then the error:\n{log}"
    );
}

#[tokio::test]
async fn spans_record_operation_attempt_and_status_but_no_secret() {
    let server = MockServer::start().await;
    fails_then_answers(&server, "GET", ResponseTemplate::new(500), 1, ok(item())).await;
    let client = client(&server);
    let (result, log) = traced(client.requests().get(ACCOUNT, REQUEST)).await;
    result.unwrap();
    for expected in [
        "operation=\"requests-get\"",
        "attempt=1",
        "attempt=2",
        "status=500",
        "status=200",
        "elapsed_ms=",
    ] {
        assert!(log.contains(expected), "missing {expected}:\n{log}");
    }
    assert!(!log.contains("SECRET"), "{log}");
}

// ---- paging -----------------------------------------------------------------------------------

fn list_item(n: usize) -> Value {
    json!({"id": format!("id-{n}"), "created": "2022-04-01T00:00:00Z", "priority": "routine", "request": "r",
        "summary": format!("s{n}"), "tlp": "clear", "updated": "2022-04-01T00:00:00Z"})
}

#[tokio::test]
async fn list_all_streams_every_page_until_a_short_one_keeping_the_filters() {
    let server = MockServer::start().await;
    for (page, count) in [(1, 3), (2, 3), (3, 1)] {
        let items: Vec<Value> = (0..count).map(|i| list_item(page * 10 + i)).collect();
        Mock::given(method("POST"))
            .and(path(BASE))
            .and(wiremock::matchers::body_partial_json(
                json!({"page": page, "per_page": 3, "status": "open"}),
            ))
            .respond_with(ok(json!(items)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let filters = types::RequestList::new(1, 3).status(types::RequestStatus::Open);
    let items: Vec<_> = client(&server)
        .requests()
        .list_all(ACCOUNT, &filters)
        .collect()
        .await;
    let summaries: Vec<String> = items.into_iter().map(|i| i.unwrap().summary).collect();
    assert_eq!(summaries, ["s10", "s11", "s12", "s20", "s21", "s22", "s30"]);
}

/// Everything `list_all` yields, from page `page` in pages of `per_page`.
async fn every_request(
    server: &MockServer,
    page: i64,
    per_page: i64,
) -> Vec<cloudforce_one::Result<types::ListItem>> {
    let filters = types::RequestList::new(page, per_page);
    client(server)
        .requests()
        .list_all(ACCOUNT, &filters)
        .collect()
        .await
}

#[tokio::test]
async fn list_all_stops_at_an_empty_page_and_at_the_first_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::body_partial_json(json!({"page": 0})))
        .respond_with(ok(json!([list_item(1), list_item(2)])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::body_partial_json(json!({"page": 1})))
        .respond_with(ok(json!([])))
        .mount(&server)
        .await;
    let all = every_request(&server, 0, 2).await;
    assert_eq!(all.len(), 2);

    let failing = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400))
        .mount(&failing)
        .await;
    let all = every_request(&failing, 0, 2).await;
    assert_eq!(all.len(), 1);
    assert!(all[0].is_err());
}

#[tokio::test]
async fn list_all_stops_when_the_server_ignores_the_page_number() {
    let server = answering("POST", ok(json!([list_item(1), list_item(2)]))).await;
    // Bounded, so that losing the guard fails this test instead of hanging it.
    let all = tokio::time::timeout(Duration::from_secs(10), every_request(&server, 0, 2))
        .await
        .expect("list_all ends when the server repeats a page");
    assert_eq!(all.len(), 2, "the repeated page is not yielded again");
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn list_all_never_wraps_its_page_number() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::body_partial_json(
            json!({"page": i64::MAX - 1}),
        ))
        .respond_with(ok(json!([list_item(1), list_item(2)])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::body_partial_json(
            json!({"page": i64::MAX}),
        ))
        .respond_with(ok(json!([list_item(3), list_item(4)])))
        .mount(&server)
        .await;
    // Full pages up to the last page number there is; nothing after it is asked for.
    let all = every_request(&server, i64::MAX - 1, 2).await;
    assert_eq!(all.len(), 4);
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn with_each_configures_every_page_s_call() {
    let server = answering("POST", ResponseTemplate::new(503)).await;
    let filters = types::RequestList::new(1, 2);
    let client_of = client;
    let client = client_of(&server);
    let retried: Vec<_> = client
        .requests()
        .list_all(ACCOUNT, &filters)
        .collect()
        .await;
    assert!(retried[0].is_err());
    assert_eq!(
        requests_received(&server).await,
        3,
        "two retries by default"
    );

    let server = answering("POST", ResponseTemplate::new(503)).await;
    let client = client_of(&server);
    let once: Vec<_> = client
        .requests()
        .list_all(ACCOUNT, &filters)
        .with_each(|call| call.retry(RetryPolicy::none()))
        .collect()
        .await;
    assert!(once[0].is_err());
    assert_eq!(
        requests_received(&server).await,
        1,
        "the page's call was not retried"
    );
}

// ---- uploads ----------------------------------------------------------------------------------

#[tokio::test]
async fn an_asset_upload_sends_multipart_with_field_source() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/{REQUEST}/asset/new")))
        .respond_with(ok(json!({"id": 5, "name": "report.docx"})))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.docx");
    std::fs::write(&file, b"PK\x03\x04 not really a docx").unwrap();
    let client = client(&server);
    let asset = client
        .requests()
        .assets()
        .create(ACCOUNT, REQUEST, Upload::from_path(&file).unwrap())
        .await
        .unwrap();
    assert_eq!(asset.id, 5);

    let from_reader = Upload::from_reader("notes.txt", &b"plain notes"[..])
        .await
        .unwrap();
    client
        .requests()
        .assets()
        .create(ACCOUNT, REQUEST, from_reader)
        .await
        .unwrap();
    let bytes =
        Upload::from_bytes("data.bin", vec![0u8, 1, 2]).content_type("application/x-custom");
    client
        .requests()
        .assets()
        .create(ACCOUNT, REQUEST, bytes)
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let expectations = [
        (
            "report.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &b"PK\x03\x04 not really a docx"[..],
        ),
        ("notes.txt", "text/plain", &b"plain notes"[..]),
        ("data.bin", "application/x-custom", &[0u8, 1, 2][..]),
    ];
    for (request, (name, content_type, contents)) in received.iter().zip(expectations) {
        let declared = request
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(
            declared.starts_with("multipart/form-data; boundary="),
            "{declared}"
        );
        let body = &request.body;
        let text = String::from_utf8_lossy(body);
        let disposition =
            format!("Content-Disposition: form-data; name=\"source\"; filename=\"{name}\"");
        assert!(text.contains(&disposition), "{text}");
        assert!(
            text.contains(&format!("Content-Type: {content_type}")),
            "{text}"
        );
        assert!(
            body.windows(contents.len()).any(|w| w == contents),
            "file contents in the body"
        );
    }
}

// ---- path encoding ----------------------------------------------------------------------------

#[tokio::test]
async fn hostile_ids_stay_inside_one_path_segment() {
    let server = answering("GET", ok(item())).await;
    let client = client(&server);
    let cases = [
        ("../../admin", "..%2F..%2Fadmin"),
        ("a/b", "a%2Fb"),
        ("a?x=1", "a%3Fx%3D1"),
        ("a#frag", "a%23frag"),
        ("100%", "100%25"),
        ("with space", "with%20space"),
        ("ünï", "%C3%BCn%C3%AF"),
    ];
    for (id, encoded) in cases {
        client.requests().get(ACCOUNT, id).await.unwrap();
        let last = server.received_requests().await.unwrap().pop().unwrap();
        assert_eq!(last.url.path(), format!("{BASE}/{encoded}"), "{id:?}");
        assert_eq!(last.url.query(), None, "{id:?}");
    }
}

#[tokio::test]
async fn empty_or_dot_ids_are_refused_before_any_request() {
    let server = answering("GET", ok(item())).await;
    let client = client(&server);
    for id in ["", ".", ".."] {
        let error = client.requests().get(ACCOUNT, id).await.unwrap_err();
        assert!(
            matches!(
                &error,
                Error::InvalidArgument {
                    operation: "requests-get",
                    ..
                }
            ),
            "{error:?}"
        );
    }
    let error = client.requests().get("", REQUEST).await.unwrap_err();
    assert!(
        error.to_string().contains("`account_id` is empty"),
        "{error}"
    );
    assert_eq!(requests_received(&server).await, 0);
}

/// Expects exactly one `DELETE` of `at`, answered with an envelope without `result`.
async fn expect_one_delete(server: &MockServer, at: &str) {
    Mock::given(method("DELETE"))
        .and(path(at))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "errors": [], "messages": []})),
        )
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn integer_ids_are_sent_as_numbers_in_the_path() {
    let server = MockServer::start().await;
    expect_one_delete(&server, &format!("{BASE}/{REQUEST}/message/42")).await;
    client(&server)
        .requests()
        .messages()
        .delete(ACCOUNT, REQUEST, 42)
        .await
        .unwrap();
}

#[tokio::test]
async fn asset_ids_go_into_the_path_whether_integer_text_or_uuid() {
    let server = MockServer::start().await;
    for id in ["0", "3fa85f64-5717-4562-b3fc-2c963f66afa6"] {
        expect_one_delete(&server, &format!("{BASE}/{REQUEST}/asset/{id}")).await;
        client(&server)
            .requests()
            .assets()
            .delete(ACCOUNT, REQUEST, id)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn request_bodies_built_with_setters_send_only_what_was_set() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/new")))
        .and(wiremock::matchers::body_json(
            json!({"summary": "DoS attack", "tlp": "amber", "priority": "high"}),
        ))
        .respond_with(ok(item()))
        .expect(1)
        .mount(&server)
        .await;
    let body = types::RequestEdit::new()
        .summary("DoS attack")
        .tlp(types::Tlp::Amber)
        .priority(types::PriorityLevel::High);
    client(&server)
        .requests()
        .create(ACCOUNT, &body)
        .await
        .unwrap();
}

#[tokio::test]
async fn list_all_refuses_a_page_size_below_one_before_any_request() {
    let server = MockServer::start().await;
    let all = every_request(&server, 1, 0).await;
    assert_eq!(all.len(), 1);
    let error = all.into_iter().next().unwrap().unwrap_err();
    assert!(
        matches!(&error, Error::InvalidArgument { operation: "requests-list", message } if message.contains("per_page")),
        "{error:?}"
    );
    assert_eq!(requests_received(&server).await, 0);
}

#[tokio::test]
async fn a_call_can_have_its_own_timeout_and_retry_policy() {
    let server = answering("GET", ok(item()).set_delay(Duration::from_millis(300))).await;
    let client = client(&server); // 500 ms per attempt, 2 retries
    let error = client
        .requests()
        .get(ACCOUNT, REQUEST)
        .timeout(Duration::from_millis(50))
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(50)),
        "{error:?}"
    );
    assert_eq!(requests_received(&server).await, 1, "no retry");
    // The client's own settings are untouched: its 500 ms are enough.
    client.requests().get(ACCOUNT, REQUEST).await.unwrap();
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn a_deadline_cuts_the_attempt_that_would_outlive_it() {
    let server = answering("GET", ok(item()).set_delay(Duration::from_secs(5))).await;
    let client = Client::builder(Credentials::token(TOKEN))
        .base_url(format!("{}/client/v4", server.uri()))
        .retry(fast_retries())
        .timeout(Duration::from_secs(60))
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.requests().get(ACCOUNT, REQUEST).await.unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(error, Error::Deadline { attempts: 1, deadline, .. } if deadline == Duration::from_millis(300)),
        "{error:?}"
    );
    assert!(error.is_timeout());
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert_eq!(requests_received(&server).await, 1);
}

#[tokio::test]
async fn a_retry_that_cannot_start_before_the_deadline_is_not_made() {
    let server = answering(
        "GET",
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
    )
    .await;
    let error = client(&server)
        .requests()
        .get(ACCOUNT, REQUEST)
        .retry(RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_secs(2),
        })
        .deadline(Duration::from_millis(500))
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE),
        "the last real answer, not a made-up timeout: {error:?}"
    );
    assert_eq!(requests_received(&server).await, 1);
}

/// What the methods of a file-body or bytes-response operation build (no such operation is in
/// our spec; the fixture `binary.yaml` generates them): the runtime side of both.
mod binary_bodies_and_responses {
    use super::*;
    use cloudforce_one::__codegen::{call, Decode, Request, Retry};

    fn upload_request(media_type: &'static str, upload: Upload) -> Request {
        Request::new("scripts-upload", reqwest::Method::PUT, Retry::Idempotent)
            .path("/scripts/")
            .path_param("name", "worker.js")
            .binary(media_type, upload)
    }

    #[tokio::test]
    async fn a_file_body_is_sent_whole_with_the_spec_s_media_type() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path("/client/v4/scripts/worker.js"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let client = client(&server);
        let script = b"export default { fetch() {} }".to_vec();
        let upload = Upload::from_bytes("worker.js", script.clone());
        let request = upload_request("application/javascript", upload);
        call::<(), ()>(&client, request, Decode::Empty)
            .await
            .unwrap();
        let received = &server.received_requests().await.unwrap()[0];
        assert_eq!(received.body, script);
        assert_eq!(received.headers["content-type"], "application/javascript");
        assert_eq!(
            received.headers["content-length"],
            script.len().to_string().as_str()
        );
    }

    #[tokio::test]
    async fn a_media_type_range_sends_the_file_s_own_type_and_files_stream_from_disk() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("logo.png");
        let image = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3];
        std::fs::write(&file, &image).unwrap();
        let request = upload_request("image/*", Upload::from_path(&file).unwrap());
        call::<(), ()>(&client(&server), request, Decode::Empty)
            .await
            .unwrap();
        let received = &server.received_requests().await.unwrap()[0];
        assert_eq!(received.body, image);
        assert_eq!(received.headers["content-type"], "image/png");
    }

    #[tokio::test]
    async fn a_bytes_response_is_returned_as_it_came() {
        let server = MockServer::start().await;
        let csv = "id,summary\n1,DoS attack\n";
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(csv, "text/csv"))
            .mount(&server)
            .await;
        let request = Request::new("reports-get", reqwest::Method::GET, Retry::Idempotent)
            .path("/reports/")
            .path_param("id", 1);
        let body: bytes::Bytes = call::<_, ()>(&client(&server), request, Decode::Bytes)
            .await
            .unwrap();
        assert_eq!(body, csv.as_bytes());
    }
}

mod optional_parameters {
    use super::*;
    use cloudforce_one::__codegen::{call, set_header, set_query, Decode, Request, Retry};

    /// What the setters of optional parameters do: each setting replaces the one before (a
    /// sequence repeats the parameter, `None` takes it out again), and required parameters set
    /// by the method stay.
    #[tokio::test]
    async fn optional_parameters_set_on_a_call_replace_earlier_settings() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client = client(&server);
        let request = Request::new("zones-list", reqwest::Method::GET, Retry::Idempotent)
            .path("/zones")
            .query("account", "a1");
        let call = call::<(), ()>(&client, request, Decode::Empty);
        let call = set_query(call, "per_page", 5);
        let call = set_query(call, "per_page", 50);
        let call = set_query(call, "tag", ["dns", "web"]);
        let call = set_query(call, "name", "example.com");
        let call = set_query(call, "name", None::<&str>);
        let call = set_header(call, "X-Request-Id", "first");
        let call = set_header(call, "X-Request-Id", "second");
        call.await.unwrap();
        let received = &server.received_requests().await.unwrap()[0];
        assert_eq!(
            received.url.query(),
            Some("account=a1&per_page=50&tag=dns&tag=web")
        );
        let ids: Vec<_> = received.headers.get_all("x-request-id").iter().collect();
        assert_eq!(ids, ["second"]);
    }
}
