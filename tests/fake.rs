//! The `testing` fake behaves like the API: state across operations, paging and filters, the
//! API's refusals, injected faults, and every generated operation served.

use cloudforce_one::resources::OPERATIONS;
use cloudforce_one::testing::{FakeServer, Fault, TestClock, FAKE_TOKEN};
use cloudforce_one::{types, Error, RetryPolicy, Upload};
use futures_util::StreamExt;
use std::time::Duration;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn edit(summary: &str) -> types::RequestEdit {
    types::RequestEdit::new()
        .summary(summary)
        .content("What regions were most affected?")
        .request_type("Victomology")
        .tlp(types::Tlp::Amber)
        .priority(types::PriorityLevel::High)
}

/// The first error's code and pointer, from the API's envelope.
fn refusal(error: &Error) -> (u16, Option<String>) {
    let pointer = error
        .api_errors()
        .first()
        .and_then(|e| e.source.as_ref())
        .and_then(|s| s.pointer.clone());
    (error.status().map_or(0, |s| s.as_u16()), pointer)
}

#[tokio::test]
async fn every_generated_operation_is_served() {
    let fake = FakeServer::start().await;
    let http = reqwest::Client::new();
    for operation in OPERATIONS {
        let path = operation
            .path()
            .replace("{account_id}", ACCOUNT)
            .replace("{message_id}", "1")
            .replace("{asset_id}", "1")
            .replace("{request_id}", "00000000-0000-4000-8000-000000000000")
            .replace("{priority_id}", "00000000-0000-4000-8000-000000000000");
        let method = reqwest::Method::from_bytes(operation.method().as_bytes()).unwrap();
        let response = http
            .request(method, format!("{}{path}", fake.base_url()))
            .bearer_auth(FAKE_TOKEN)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: serde_json::Value = response.json().await.unwrap();
        let code = body["errors"][0]["code"].as_i64();
        // 404 with the API's "not found" code (1404) is an answer; the router's 404 (7003), 405
        // and 501 mean the fake does not serve the operation.
        assert!(
            status != 405 && code != Some(7003) && code != Some(1501),
            "operation {} ({} {}) is not served by the fake: {status} {body}",
            operation.id(),
            operation.method(),
            operation.path()
        );
    }
    assert_eq!(fake.received().len(), OPERATIONS.len());
}

#[tokio::test]
async fn a_request_lives_through_create_get_update_list_and_delete() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    let requests = client.requests();

    let before = requests.quota(ACCOUNT).await.unwrap().remaining.unwrap();
    let filed = requests.create(ACCOUNT, &edit("DoS attack")).await.unwrap();
    assert_eq!(filed.summary, "DoS attack");
    assert_eq!(filed.tlp, types::Tlp::Amber);
    assert_eq!(filed.priority, "high");
    assert_eq!(filed.status, Some(types::RequestStatus::Open));
    assert!(filed.created.is_date());
    assert_eq!(
        requests.quota(ACCOUNT).await.unwrap().remaining,
        Some(before - 1)
    );

    let got = requests.get(ACCOUNT, &filed.id).await.unwrap();
    assert_eq!(got, filed);

    let updated = requests
        .update(
            ACCOUNT,
            &filed.id,
            &types::RequestEdit::new().tlp(types::Tlp::Red),
        )
        .await
        .unwrap();
    assert_eq!(updated.tlp, types::Tlp::Red);
    assert_eq!(updated.summary, "DoS attack", "fields not sent are kept");
    assert!(updated.updated >= filed.updated);

    let listed = requests
        .list(ACCOUNT, &types::RequestList::new(1, 10))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, filed.id);
    assert_eq!(listed[0].priority, types::PriorityLevel::High);

    requests.delete(ACCOUNT, &filed.id).await.unwrap();
    let gone = requests.get(ACCOUNT, &filed.id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    assert!(gone.to_string().contains("not found"), "{gone}");
    let again = requests.delete(ACCOUNT, &filed.id).await.unwrap_err();
    assert!(again.is_not_found(), "{again}");
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn lists_page_filter_and_sort_as_the_body_says() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    let requests = client.requests();
    for n in 0..5 {
        let body = edit(&format!("request {n}")).request_type(if n % 2 == 0 {
            "Victomology"
        } else {
            "Indicators of Compromise"
        });
        requests.create(ACCOUNT, &body).await.unwrap();
    }
    let page = |page, per_page| types::RequestList::new(page, per_page);
    let sizes: Vec<usize> = futures_util::future::join_all(
        (1..=4).map(|n| async move { requests.list(ACCOUNT, &page(n, 2)).await.unwrap().len() }),
    )
    .await;
    assert_eq!(sizes, [2, 2, 1, 0]);
    // The docs' examples ask for page 0: it is the first page.
    assert_eq!(requests.list(ACCOUNT, &page(0, 2)).await.unwrap().len(), 2);

    let all: Vec<_> = requests
        .list_all(ACCOUNT, &page(1, 2))
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(all.len(), 5);
    assert_eq!(all[0].summary, "request 0", "oldest first by default");

    let newest_first = requests
        .list(
            ACCOUNT,
            &page(1, 10)
                .sort_by("summary")
                .sort_order(types::SortOrder::Desc),
        )
        .await
        .unwrap();
    assert_eq!(newest_first[0].summary, "request 4");

    let victomology = requests
        .list(ACCOUNT, &page(1, 10).request_type("Victomology"))
        .await
        .unwrap();
    assert_eq!(victomology.len(), 3);
    let declined = requests
        .list(ACCOUNT, &page(1, 10).status(types::RequestStatus::Declined))
        .await
        .unwrap();
    assert!(declined.is_empty());
    let in_the_future = requests
        .list(ACCOUNT, &page(1, 10).created_after("2999-01-01T00:00:00Z"))
        .await
        .unwrap();
    assert!(in_the_future.is_empty());
}

#[tokio::test]
async fn messages_and_assets_belong_to_their_request() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    let requests = client.requests();
    let filed = requests.create(ACCOUNT, &edit("phishing")).await.unwrap();
    let id = filed.id.as_str();

    let messages = requests.messages();
    let first = messages
        .create(
            ACCOUNT,
            id,
            &types::MessageEdit::new().content("Any update?"),
        )
        .await
        .unwrap();
    messages
        .create(
            ACCOUNT,
            id,
            &types::MessageEdit::new().content("Still there?"),
        )
        .await
        .unwrap();
    assert_eq!(first.author, "api-token");
    let edited = messages
        .update(
            ACCOUNT,
            id,
            first.id,
            &types::MessageEdit::new().content("Any news?"),
        )
        .await
        .unwrap();
    assert_eq!(edited.content, "Any news?");
    let thread = messages
        .list(ACCOUNT, id, &types::MessageList::new(1, 10))
        .await
        .unwrap();
    assert_eq!(
        thread
            .iter()
            .map(|m| m.content.as_str())
            .collect::<Vec<_>>(),
        ["Any news?", "Still there?"]
    );
    messages.delete(ACCOUNT, id, first.id).await.unwrap();
    assert!(messages
        .delete(ACCOUNT, id, first.id)
        .await
        .unwrap_err()
        .is_not_found());
    assert_eq!(fake.messages(id).len(), 1);

    let assets = requests.assets();
    let content = b"%PDF-1.7 report".to_vec();
    let asset = assets
        .create(
            ACCOUNT,
            id,
            Upload::from_bytes("report.pdf", content.clone()),
        )
        .await
        .unwrap();
    assert_eq!(asset.name, "report.pdf");
    assert_eq!(asset.file_type.as_deref(), Some("application/pdf"));
    let stored = fake.assets(id);
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].1.as_ref(),
        content.as_slice(),
        "the upload arrives whole"
    );
    let asset_id = asset.id.to_string();
    let got = assets.get(ACCOUNT, id, &asset_id).await.unwrap();
    assert_eq!(got, std::slice::from_ref(&asset));
    let described = assets
        .update(
            ACCOUNT,
            id,
            &asset_id,
            &types::AssetEdit::new().source("scan"),
        )
        .await
        .unwrap();
    assert_eq!(described.description.as_deref(), Some("scan"));
    let listed = assets
        .list(ACCOUNT, id, &types::AssetList::new(1, 10))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(assets
        .get(ACCOUNT, id, "not-an-asset")
        .await
        .unwrap_err()
        .is_not_found());

    // Deleting the request takes everything attached to it.
    requests.delete(ACCOUNT, id).await.unwrap();
    assert!(fake.messages(id).is_empty() && fake.assets(id).is_empty());
    let orphan = messages
        .list(ACCOUNT, id, &types::MessageList::new(1, 10))
        .await
        .unwrap_err();
    assert!(orphan.is_not_found(), "{orphan}");
}

#[tokio::test]
async fn priority_requirements_are_kept_and_counted() {
    let fake = FakeServer::start().await;
    fake.set_priority_quota(types::Quota::new().quota(1).remaining(1));
    let client = fake.client();
    let priority = client.requests().priority();
    let body = types::PriorityEdit::new(
        vec!["DoS".to_owned()],
        1,
        "DoS attacks carried out by CVEs",
        types::Tlp::Clear,
    );
    let created = priority.create(ACCOUNT, &body).await.unwrap();
    match priority.get(ACCOUNT, &created.id).await.unwrap() {
        types::PriorityResult::Priority(got) => assert_eq!(got, created),
        other => panic!("{other:?}"),
    }
    let mut changed = body.clone();
    changed.priority = 2;
    priority
        .update(ACCOUNT, &created.id, &changed)
        .await
        .unwrap();
    assert_eq!(fake.priorities()[0].priority, 2);
    let listed = priority
        .list(ACCOUNT, &types::PriorityList::new(1, 10))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(priority.quota(ACCOUNT).await.unwrap().remaining, Some(0));
    let refused = priority.create(ACCOUNT, &body).await.unwrap_err();
    assert_eq!(refusal(&refused).0, 400, "{refused}");
    assert!(refused.to_string().contains("quota"), "{refused}");
    priority.delete(ACCOUNT, &created.id).await.unwrap();
    assert!(priority
        .get(ACCOUNT, &created.id)
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn the_quota_runs_out() {
    let fake = FakeServer::start().await;
    fake.set_quota(types::Quota::new().quota(2).remaining(2));
    let client = fake.client();
    for _ in 0..2 {
        client.requests().create(ACCOUNT, &edit("x")).await.unwrap();
    }
    let refused = client
        .requests()
        .create(ACCOUNT, &edit("x"))
        .await
        .unwrap_err();
    assert_eq!(refusal(&refused).0, 400);
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn requests_the_spec_does_not_allow_get_400_pointing_at_the_problem() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    let requests = client.requests();
    let cases: Vec<(Error, &str)> = vec![
        (
            requests
                .create(
                    ACCOUNT,
                    &edit("x").tlp(types::Tlp::Unknown("purple".into())),
                )
                .await
                .unwrap_err(),
            "/tlp",
        ),
        (
            requests
                .list(ACCOUNT, &types::RequestList::new(1, 0))
                .await
                .unwrap_err(),
            "/per_page",
        ),
        (
            requests
                .list(
                    ACCOUNT,
                    &types::RequestList::new(1, 10).created_after("yesterday"),
                )
                .await
                .unwrap_err(),
            "/created_after",
        ),
        (
            requests
                .get(&"a".repeat(33), "00000000-0000-4000-8000-000000000001")
                .await
                .unwrap_err(),
            "/path/account_id",
        ),
    ];
    for (error, pointer) in cases {
        assert_eq!(refusal(&error), (400, Some(pointer.to_owned())), "{error}");
    }
    assert!(fake.requests().is_empty(), "nothing refused was created");

    // A body that is not the schema at all (sent by hand: the typed client cannot).
    let response = reqwest::Client::new()
        .post(format!(
            "{}/accounts/{ACCOUNT}/cloudforce-one/requests",
            fake.base_url()
        ))
        .bearer_auth(FAKE_TOKEN)
        .json(&serde_json::json!({ "page": "one" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["success"], false);
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("schema"));
}

#[tokio::test]
async fn requests_without_credentials_get_401() {
    let fake = FakeServer::start().await;
    let response = reqwest::Client::new()
        .get(format!(
            "{}/accounts/{ACCOUNT}/cloudforce-one/requests/quota",
            fake.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn seeded_data_is_served_and_received_requests_are_inspectable() {
    let fake = FakeServer::start().await;
    let id = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
    let item = types::Item::new(
        id,
        "content",
        "2022-04-01T05:20:00Z",
        "routine",
        "Victomology",
        "seeded",
        types::Tlp::Green,
        "2022-04-01T05:20:00Z",
    );
    fake.insert_request(item.clone());
    let client = fake.client();
    assert_eq!(client.requests().get(ACCOUNT, id).await.unwrap(), item);
    client
        .requests()
        .update(ACCOUNT, id, &types::RequestEdit::new().summary("renamed"))
        .await
        .unwrap();

    let received = fake.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].operation.id(), "requests-update");
    assert_eq!(received[1].method, reqwest::Method::PUT);
    let body: types::RequestEdit = received[1].json().unwrap();
    assert_eq!(body.summary.as_deref(), Some("renamed"));
    let debug = format!("{received:?}");
    assert!(!debug.contains(FAKE_TOKEN), "credentials stay out of Debug");
}

#[tokio::test]
async fn an_injected_429_is_retried_after_its_retry_after_in_virtual_time() {
    let fake = FakeServer::start().await;
    let clock = TestClock::new();
    let client = fake.client_builder().clock(clock.clone()).build().unwrap();
    fake.inject(Fault::status(429).retry_after(3), 1);
    let started = std::time::Instant::now();
    let filed = client.requests().create(ACCOUNT, &edit("x")).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(2), "no real wait");
    assert_eq!(clock.sleeps(), [Duration::from_secs(3)]);
    let received = fake.received();
    assert_eq!(received.len(), 2);
    assert!(received[0].faulted && !received[1].faulted);
    assert_eq!(
        fake.requests(),
        [filed],
        "the faulted attempt created nothing"
    );
}

#[tokio::test]
async fn faults_exhaust_retries_and_the_error_says_so() {
    let fake = FakeServer::start().await;
    let clock = TestClock::new();
    let client = fake.client_builder().clock(clock.clone()).build().unwrap();
    fake.inject(Fault::status(503), 3);
    let error = client.requests().quota(ACCOUNT).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error}");
    // The default policy: two retries, backoff ceilings of 0.5 s and 1 s (jitter 1.0).
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
    assert_eq!(fake.received().len(), 3);
    // The fourth call meets no fault.
    client.requests().quota(ACCOUNT).await.unwrap();
}

#[tokio::test]
async fn a_reset_is_retried_for_reads_but_not_for_creates() {
    let fake = FakeServer::start().await;
    let client = fake
        .client_builder()
        .clock(TestClock::new())
        .build()
        .unwrap();
    fake.inject(Fault::reset(), 1);
    client.requests().quota(ACCOUNT).await.unwrap();
    assert_eq!(fake.received().len(), 2);

    fake.inject(Fault::reset(), 1);
    let error = client
        .requests()
        .create(ACCOUNT, &edit("x"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(
        fake.received().len(),
        3,
        "a create that may have arrived is not re-sent"
    );
}

#[tokio::test]
async fn a_delayed_answer_trips_the_timeout() {
    let fake = FakeServer::start().await;
    let client = fake
        .client_builder()
        .timeout(Duration::from_millis(100))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    fake.inject(Fault::delay(Duration::from_secs(5)), 1);
    let error = client.requests().quota(ACCOUNT).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}
