//! What neither a hostile server nor a mistaken setting can make the client do: show megabytes
//! from one failed call, send requests to another URL than the base URL names, carry or print
//! credentials hidden in that URL, or read pages for ever. Each against an in-process HTTP mock.

use cloudforce_one::{
    types, Client, Credentials, Error, RetryPolicy, ERROR_SHOWN_CHARS, ERROR_SHOWN_ENTRIES,
};
use futures_util::StreamExt;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const REQUEST: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const TOKEN: &str = "tok-SECRET-9f8e7d";

fn builder(base_url: impl Into<String>) -> cloudforce_one::ClientBuilder {
    Client::builder(Credentials::token(TOKEN))
        .base_url(base_url)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
}

fn client(server: &MockServer) -> Client {
    builder(format!("{}/client/v4", server.uri()))
        .build()
        .unwrap()
}

/// The error of `requests().get()` against a server answering every request with `answer`.
async fn error_of(answer: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(answer)
        .mount(&server)
        .await;
    client(&server)
        .requests()
        .get(ACCOUNT, REQUEST)
        .await
        .unwrap_err()
}

fn refusal(errors: Vec<Value>) -> ResponseTemplate {
    ResponseTemplate::new(400)
        .set_body_json(json!({"success": false, "errors": errors, "messages": [], "result": null}))
}

/// The most an error shows of an envelope whatever it holds: every shown entry at its longest,
/// plus the words around them.
const SHOWN_AT_MOST: usize = ERROR_SHOWN_ENTRIES * (ERROR_SHOWN_CHARS * 4 + 200) + 2_000;

/// `error`'s `Display` and `Debug`, each asserted to be within [`SHOWN_AT_MOST`].
fn shown_bounded(error: &Error) -> (String, String) {
    let (shown, debug) = (error.to_string(), format!("{error:?}"));
    assert!(
        shown.len() < SHOWN_AT_MOST,
        "Display is {} bytes",
        shown.len()
    );
    assert!(
        debug.len() < SHOWN_AT_MOST,
        "Debug is {} bytes",
        debug.len()
    );
    (shown, debug)
}

// ---- what an error shows ------------------------------------------------------------------------

#[tokio::test]
async fn a_ten_mib_message_is_shown_cut_and_kept_whole() {
    let message = "m".repeat(10 * 1024 * 1024);
    let error = error_of(refusal(vec![json!({"code": 1, "message": message})])).await;
    let (shown, _) = shown_bounded(&error);
    let cut = format!("{}… (code 1)", "m".repeat(ERROR_SHOWN_CHARS));
    assert!(shown.contains(&cut), "{shown}");
    assert_eq!(error.api_errors()[0].message.len(), message.len());
}

#[tokio::test]
async fn a_hundred_thousand_errors_show_the_first_few_and_a_count() {
    let errors = (0..100_000)
        .map(|n| json!({"code": n, "message": format!("problem {n}")}))
        .collect();
    let error = error_of(refusal(errors)).await;
    let (shown, debug) = shown_bounded(&error);
    let last_shown = ERROR_SHOWN_ENTRIES - 1;
    assert!(shown.contains(&format!("problem {last_shown} (code {last_shown})")));
    assert!(!shown.contains(&format!("problem {ERROR_SHOWN_ENTRIES} ")));
    let more = 100_000 - ERROR_SHOWN_ENTRIES;
    assert!(shown.contains(&format!("… and {more} more")), "{shown}");
    assert!(debug.contains(&format!("… and {more} more")), "{debug}");
    assert_eq!(error.api_errors().len(), 100_000);
}

#[tokio::test]
async fn headers_and_decoder_reasons_are_shown_cut() {
    // serde's messages quote what they trip on: here a string of 1 MiB where an object goes.
    let huge = "p".repeat(1024 * 1024);
    let body = json!({"success": true, "errors": [], "messages": [], "result": huge});
    let ray = "r".repeat(64 * 1024);
    let error = error_of(
        ResponseTemplate::new(200)
            .insert_header("cf-ray", ray.as_str())
            .set_body_json(body),
    )
    .await;
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    shown_bounded(&error);
    assert_eq!(error.cf_ray(), Some(ray.as_str()), "kept whole");
}

#[tokio::test]
async fn a_redirect_to_a_huge_location_is_shown_cut() {
    let location = format!("http://elsewhere.example/{}", "l".repeat(64 * 1024));
    let error =
        error_of(ResponseTemplate::new(302).insert_header("location", location.as_str())).await;
    let Error::Redirect { location: kept, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(location.starts_with(kept.as_deref().unwrap().trim_end_matches('…')));
    shown_bounded(&error);
}

// ---- the base URL -------------------------------------------------------------------------------

fn config_error(base_url: &str) -> String {
    match builder(base_url).build() {
        Err(Error::Config(message)) => message,
        other => panic!("{base_url}: {other:?}"),
    }
}

#[test]
fn a_base_url_with_a_query_or_a_fragment_is_refused_naming_it() {
    for (url, part) in [
        ("http://127.0.0.1:1/client/v4?x=1", "query"),
        ("http://127.0.0.1:1/client/v4?", "query"),
        ("http://127.0.0.1:1/client/v4#frag", "fragment"),
        ("http://127.0.0.1:1/client/v4/#", "fragment"),
    ] {
        let message = config_error(url);
        assert!(message.contains(part), "{url}: {message}");
        assert!(message.contains(url), "{url}: {message}");
    }
}

#[test]
fn a_base_url_with_userinfo_is_refused_without_echoing_it() {
    for url in [
        "http://user:SECRET@127.0.0.1:1/client/v4",
        "http://SECRET@127.0.0.1:1/client/v4",
        "http://:SECRET@127.0.0.1:1/client/v4",
        "http://@127.0.0.1:1/client/v4",
        "http://us@er:SECRET@127.0.0.1:1/client/v4",
        // Not a URL at all (a space in the host), and still not echoed.
        "http://user:SECRET@127.0 .0.1/client/v4",
    ] {
        let message = config_error(url);
        assert!(!message.contains("SECRET"), "{url}: {message}");
        assert!(message.contains("***@127.0"), "{url}: {message}");
        let builder = format!("{:?}", builder(url));
        assert!(!builder.contains("SECRET"), "{url}: {builder}");
    }
    let message = config_error("http://user:SECRET@127.0.0.1:1/client/v4");
    assert!(message.contains("userinfo"), "{message}");
}

#[tokio::test]
async fn a_trailing_slash_and_a_path_prefix_keep_working() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path(format!(
            "/proxy/client/v4/accounts/{ACCOUNT}/cloudforce-one/requests/{REQUEST}"
        )))
        .respond_with(ResponseTemplate::new(404))
        .expect(3)
        .mount(&server)
        .await;
    for base in [
        "/proxy/client/v4",
        "/proxy/client/v4/",
        "/proxy/client/v4//",
    ] {
        let client = builder(format!("{}{base}", server.uri())).build().unwrap();
        let error = client.requests().get(ACCOUNT, REQUEST).await.unwrap_err();
        assert!(error.is_not_found(), "{base}: {error}");
    }
}

// ---- pages ----------------------------------------------------------------------------------------

/// A server whose every page is full of items never seen before, for ever.
struct EndlessPages;

impl Respond for EndlessPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let (page, per_page) = (
            body["page"].as_i64().unwrap(),
            body["per_page"].as_i64().unwrap(),
        );
        let items: Vec<Value> = (0..per_page)
            .map(|n| {
                json!({"id": format!("id-{page}-{n}"), "created": "2022-04-01T00:00:00Z",
                    "priority": "routine", "request": "r", "summary": "s", "tlp": "clear",
                    "updated": "2022-04-01T00:00:00Z"})
            })
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(json!({"success": true, "errors": [], "messages": [], "result": items}))
    }
}

async fn endless() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(EndlessPages)
        .mount(&server)
        .await;
    server
}

/// Everything a `list_all` stream of `client` yields from page 1 in pages of 3, as items read
/// before the first error, and that error; bounded in time, so a stream that never ends fails.
async fn read_all<'c>(
    pages: cloudforce_one::Pages<'c, types::ListItem, impl Send + 'c>,
) -> (usize, Option<Error>) {
    let everything = tokio::time::timeout(Duration::from_secs(20), pages.collect::<Vec<_>>())
        .await
        .expect("the stream ends");
    let items = everything.iter().take_while(|item| item.is_ok()).count();
    let error = everything.into_iter().find_map(Result::err);
    (items, error)
}

#[tokio::test]
async fn a_server_that_never_stops_is_read_up_to_the_client_s_page_limit() {
    let server = endless().await;
    let client = builder(format!("{}/client/v4", server.uri()))
        .max_pages(4)
        .build()
        .unwrap();
    let filters = types::RequestList::new(1, 3);
    let (items, error) = read_all(client.requests().list_all(ACCOUNT, &filters)).await;
    assert_eq!(items, 12, "every item of the four pages read comes first");
    assert!(
        matches!(
            error,
            Some(Error::TooManyPages {
                limit: 4,
                operation: "requests-list"
            })
        ),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn a_stream_s_own_page_limit_overrides_the_client_s() {
    let server = endless().await;
    let client = builder(format!("{}/client/v4", server.uri()))
        .max_pages(4)
        .build()
        .unwrap();
    let filters = types::RequestList::new(1, 3);
    let stream = client.requests().list_all(ACCOUNT, &filters).max_pages(2);
    let (items, error) = read_all(stream).await;
    assert_eq!(items, 6);
    assert!(
        matches!(error, Some(Error::TooManyPages { limit: 2, .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_stream_that_ends_within_its_limit_ends_without_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"success": true, "errors": [], "messages": [], "result": []}),
            ),
        )
        .mount(&server)
        .await;
    let filters = types::RequestList::new(1, 3);
    let client = client(&server);
    let stream = client.requests().list_all(ACCOUNT, &filters).max_pages(1);
    let (items, error) = read_all(stream).await;
    assert_eq!(items, 0);
    assert!(error.is_none(), "{error:?}");
}
