//! Testing your own code against the in-process fake of the API (feature `testing`): no
//! network, no Node, no sleeping through retries.
//!
//! `escalate` below stands for code in your service: it files a request for an incident, or
//! follows up on the open one. The `main` shows how a test of it looks: a `FakeServer`, a client
//! pointed at it with a `TestClock`, assertions on what the fake holds and received, and an
//! injected 429 to check what the service does when it is rate limited.
//!
//! ```text
//! cargo run --features testing --example testing_with_the_fake
//! ```

use cloudforce_one::testing::{FakeServer, Fault, TestClock};
use cloudforce_one::types::{MessageEdit, RequestEdit, RequestList, RequestStatus, Tlp};
use cloudforce_one::{Client, Error};
use futures_util::TryStreamExt;
use std::time::Duration;

/// Your code: files a request about `incident`, or, if an open one has that summary already,
/// adds a follow-up message to it. Returns the request's id.
async fn escalate(client: &Client, account: &str, incident: &str) -> Result<String, Error> {
    let open = RequestList::new(1, 50).status(RequestStatus::Open);
    let existing = client
        .requests()
        .list_all(account, &open)
        .try_filter(|item| std::future::ready(item.summary == incident))
        .try_next()
        .await?;
    match existing {
        Some(item) => {
            let follow_up = MessageEdit::new().content("Still seeing this: any update?");
            client
                .requests()
                .messages()
                .create(account, &item.id, &follow_up)
                .await?;
            Ok(item.id)
        }
        None => {
            let body = RequestEdit::new()
                .summary(incident)
                .content(format!(
                    "We are seeing {incident}. What do you know about it?"
                ))
                .tlp(Tlp::Amber);
            Ok(client.requests().create(account, &body).await?.id)
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
    const INCIDENT: &str = "DoS on api.example.com";

    let fake = FakeServer::start().await;
    // Retries wait in virtual time: the test takes no longer for them.
    let clock = TestClock::new();
    let client = fake.client_builder().clock(clock.clone()).build()?;

    // The first escalation files a request.
    let id = escalate(&client, ACCOUNT, INCIDENT).await?;
    assert_eq!(fake.requests().len(), 1);
    assert_eq!(fake.requests()[0].tlp, Tlp::Amber);

    // The second follows up on it instead of filing another.
    assert_eq!(escalate(&client, ACCOUNT, INCIDENT).await?, id);
    assert_eq!(fake.requests().len(), 1);
    assert_eq!(fake.messages(&id).len(), 1);

    // Rate limited once: the client waits the server's Retry-After and carries on.
    fake.inject(Fault::status(429).retry_after(2), 1);
    assert_eq!(escalate(&client, ACCOUNT, INCIDENT).await?, id);
    assert_eq!(clock.sleeps(), [Duration::from_secs(2)]);
    assert_eq!(fake.messages(&id).len(), 2);

    // Rate limited on every attempt: the error reaches the service, which can tell it apart.
    fake.inject(Fault::status(429).retry_after(1), 3);
    let error = escalate(&client, ACCOUNT, INCIDENT).await.unwrap_err();
    assert!(error.is_rate_limited(), "{error}");
    assert_eq!(fake.messages(&id).len(), 2, "nothing was posted");

    let received = fake.received();
    println!(
        "escalate() tested against the fake: {} requests received, {} faulted, {:?} waited in virtual time",
        received.len(),
        received.iter().filter(|r| r.faulted).count(),
        clock.elapsed()
    );
    Ok(())
}
