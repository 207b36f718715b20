//! Contract tests: every operation, called with the spec's example values, against Prism
//! (`@stoplight/prism-cli`) mocking first our spec and then Cloudflare's official one, and
//! against the `testing` fake. Prism rejects any request that breaks the spec with a 4xx, which
//! must never happen, and answers with the spec's examples, each of which must deserialise. The
//! same suite runs on the fake (seeded with the examples' ids) with the same outcome, and a set
//! of requests the spec disallows is refused by Prism and by the fake alike.
//!
//! Prism is installed by `scripts/test`, which runs the Prism tests with `--ignored`; set
//! `PRISM_BIN` to run them by hand. The fake's tests need no set-up.

#[path = "support/operations.rs"]
mod operations;

use cloudforce_one::testing::FakeServer;
use cloudforce_one::{types, Client, Credentials, Error, RetryPolicy};
use operations::{call, Examples, OUR_SPEC};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const OFFICIAL_SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/reference/cloudflare-official-cloudforce-one-requests.yaml"
);

/// A Prism mock server, stopped when dropped.
struct Prism {
    child: Child,
    port: u16,
}

impl Prism {
    fn start(spec: &str) -> Prism {
        let bin = std::env::var("PRISM_BIN")
            .expect("PRISM_BIN names the prism executable (scripts/test sets it)");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(bin)
            .args([
                "mock",
                spec,
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--errors",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prism starts");
        let prism = Prism { child, port };
        let deadline = Instant::now() + Duration::from_secs(90);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "prism did not start listening on {port} within 90 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        prism
    }

    fn client(&self, credentials: Credentials) -> Client {
        Client::builder(credentials)
            .base_url(format!("http://127.0.0.1:{}", self.port))
            .retry(RetryPolicy::none())
            .build()
            .unwrap()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Calls every operation of the spec on the client `client_for` gives for it; the failures.
async fn failures<F: std::future::Future<Output = (Client, Option<FakeServer>)>>(
    mut client_for: impl FnMut() -> F,
) -> Vec<String> {
    let examples = Examples::load();
    let operations = examples.operations();
    assert_eq!(operations.len(), 23);
    let mut failures = Vec::new();
    for (method, path, id) in &operations {
        // The fake (if any) lives until the call is done.
        let (client, _fake) = client_for().await;
        if let Err(error) = call(&client, &examples, method, path, id).await {
            failures.push(format!("{id} ({} {path}): {error}", method.to_uppercase()));
        }
    }
    failures
}

fn assert_none_failed(failures: &[String], target: &str) {
    assert!(
        failures.is_empty(),
        "{} of 23 operations failed against {target}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

async fn every_operation_conforms(spec: &str, credentials: Credentials) {
    assert!(Path::new(spec).exists(), "{spec} is missing");
    let prism = Prism::start(spec);
    let failures = failures(|| async { (prism.client(credentials.clone()), None) }).await;
    assert_none_failed(&failures, spec);
}

#[tokio::test]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn every_operation_conforms_to_our_spec() {
    every_operation_conforms(OUR_SPEC, Credentials::token("contract-test-token")).await;
}

#[tokio::test]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn every_operation_conforms_to_the_official_spec() {
    // The official operations require the email + key scheme.
    every_operation_conforms(
        OFFICIAL_SPEC,
        Credentials::email_key("contract@example.com", "contract-test-key"),
    )
    .await;
}

/// When the fake's seeded data was made.
const SEEDED: &str = "2022-04-01T05:20:00Z";

/// A fake holding what the spec's example ids name: a request, a message on it, an asset of it
/// and a priority requirement. A fresh one for each operation, so no call depends on another.
async fn seeded_fake() -> FakeServer {
    let ex = Examples::load();
    let text = |name: &str| ex.param(name).as_str().unwrap().to_owned();
    let request = text("request_id");
    let fake = FakeServer::start().await;
    fake.insert_request(types::Item::new(
        request.clone(),
        "content",
        SEEDED,
        "routine",
        "Victomology",
        "summary",
        types::Tlp::Clear,
        SEEDED,
    ));
    let message = ex.param("message_id").as_i64().unwrap();
    fake.insert_message(
        &request,
        types::Message::new(message, "author", "content", false, SEEDED),
    );
    let asset: i64 = text("asset_id").parse().unwrap();
    fake.insert_asset(
        &request,
        types::Asset::new(asset, "example.docx"),
        b"PK".to_vec(),
    );
    fake.insert_priority(types::Priority::new(
        text("priority_id"),
        SEEDED,
        vec!["DoS".to_owned()],
        1,
        "requirement",
        types::Tlp::Clear,
        SEEDED,
    ));
    fake
}

fn fake_client(fake: &FakeServer) -> Client {
    fake.client_builder()
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_operation_conforms_on_the_fake() {
    let failures = failures(|| async {
        let fake = seeded_fake().await;
        (fake_client(&fake), Some(fake))
    })
    .await;
    assert_none_failed(&failures, "the fake");
}

/// Requests the spec does not allow, made through the typed client (which cannot send a wrong
/// type or leave out a required field, so these are what it can get wrong): each one's outcome.
async fn disallowed(client: &Client) -> Vec<(&'static str, Result<(), Error>)> {
    let ex = Examples::load();
    let account = ex.param("account_id").as_str().unwrap().to_owned();
    let request = ex.param("request_id").as_str().unwrap().to_owned();
    let requests = client.requests();
    vec![
        (
            "a TLP the enum does not list",
            requests
                .create(
                    &account,
                    &types::RequestEdit::new().tlp(types::Tlp::Unknown("purple".into())),
                )
                .await
                .map(drop),
        ),
        (
            "a date-time that is not RFC 3339",
            requests
                .list(
                    &account,
                    &types::RequestList::new(1, 10).created_after("yesterday"),
                )
                .await
                .map(drop),
        ),
        (
            "an account id longer than 32 characters",
            requests.get(&"a".repeat(33), &request).await.map(drop),
        ),
        (
            "a request id longer than 36 characters",
            requests.get(&account, &"f".repeat(37)).await.map(drop),
        ),
    ]
}

fn assert_all_refused(outcomes: Vec<(&'static str, Result<(), Error>)>, target: &str) {
    for (what, outcome) in outcomes {
        match outcome {
            Err(error) if error.status().is_some_and(|s| s.is_client_error()) => {}
            other => panic!("{target} did not refuse {what}: {other:?}"),
        }
    }
}

#[tokio::test]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn prism_refuses_what_the_spec_disallows() {
    let prism = Prism::start(OUR_SPEC);
    let client = prism.client(Credentials::token("contract-test-token"));
    assert_all_refused(disallowed(&client).await, "Prism");
}

#[tokio::test]
async fn the_fake_refuses_what_prism_refuses() {
    let fake = seeded_fake().await;
    assert_all_refused(disallowed(&fake_client(&fake)).await, "the fake");
}
