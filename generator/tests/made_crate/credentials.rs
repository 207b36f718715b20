//! The tests of the crate made of `fixtures/security.yaml` (`generate --crate security-api`),
//! run in that crate by `generator/tests/made_crate.rs`: each kind of credentials goes on the
//! wire where its security scheme says, the defaults are the spec's, and no secret shows.

use security_api::{Client, Credentials, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The request one call with `credentials` sends.
async fn sent(credentials: Credentials) -> wiremock::Request {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = Client::builder(credentials)
        .base_url(server.uri())
        .build()
        .unwrap();
    client.default().items_list().await.unwrap();
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

#[tokio::test]
async fn each_kind_of_credentials_goes_where_its_scheme_says() {
    let headers = sent(Credentials::token("t0k")).await.headers;
    assert_eq!(headers["authorization"], "Bearer t0k");

    let headers = sent(Credentials::basic("me", "pa:ss")).await.headers;
    // base64("me:pa:ss")
    assert_eq!(headers["authorization"], "Basic bWU6cGE6c3M=");

    let headers = sent(Credentials::key("k3y")).await.headers;
    assert_eq!(headers["x-api-key"], "k3y");
    assert!(!headers.contains_key("authorization"));

    let headers = sent(Credentials::session("s1d")).await.headers;
    assert_eq!(headers["cookie"], "sid=s1d");

    let headers = sent(Credentials::account_and_key("acc", "k3y"))
        .await
        .headers;
    assert_eq!(
        (&headers["x-account"], &headers["x-api-key"]),
        (&"acc".parse().unwrap(), &"k3y".parse().unwrap())
    );

    let request = sent(Credentials::query_key("q k&y")).await;
    assert_eq!(request.url.query(), Some("api_key=q+k%26y"));
    assert!(!request.headers.contains_key("authorization"));

    let request = sent(Credentials::None).await;
    for name in ["authorization", "x-api-key", "x-account", "cookie"] {
        assert!(!request.headers.contains_key(name), "{name}");
    }
    assert_eq!(request.url.query(), None);
}

/// A key in the query is in the URL, which transport errors name: without its query.
#[tokio::test]
async fn a_key_in_the_query_never_shows_in_a_transport_error() {
    let client = Client::builder(Credentials::query_key("s3cr3t-k3y"))
        .base_url("http://127.0.0.1:1")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.default().items_list().await.unwrap_err();
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }
}

#[test]
fn the_defaults_are_the_spec_s_first_server_and_the_crate_s_name() {
    assert_eq!(security_api::DEFAULT_BASE_URL, "https://eu.example.com/v2");
    assert_eq!(security_api::BASE_URL_VAR, "SECURITY_API_BASE_URL");
}

/// The one test that touches the environment, so no other sees it change.
#[test]
fn from_env_takes_the_first_requirement_whose_variables_are_all_set() {
    let vars = [
        "SECURITY_API_TOKEN",
        "SECURITY_API_KEY",
        "SECURITY_API_BASIC_USERNAME",
        "SECURITY_API_BASIC_PASSWORD",
        "SECURITY_API_SESSION",
        "SECURITY_API_ACCOUNT",
        "SECURITY_API_QUERY_KEY",
    ];
    for var in vars {
        std::env::remove_var(var);
    }
    // A requirement of the spec is `{}`: with nothing set, no credentials.
    assert_eq!(Credentials::from_env().unwrap(), Credentials::None);
    std::env::set_var("SECURITY_API_BASIC_USERNAME", "me");
    assert_eq!(Credentials::from_env().unwrap(), Credentials::None);
    std::env::set_var("SECURITY_API_BASIC_PASSWORD", "pw");
    assert_eq!(
        Credentials::from_env().unwrap(),
        Credentials::basic("me", "pw")
    );
    // The document's requirements come first, in its order: the token before Basic.
    std::env::set_var("SECURITY_API_TOKEN", "t0k");
    assert_eq!(Credentials::from_env().unwrap(), Credentials::token("t0k"));
}

#[test]
fn no_secret_shows_in_debug_and_line_breaks_are_refused() {
    let shown = format!("{:?}", Credentials::basic("me", "hunter2"));
    assert!(
        !shown.contains("hunter2") && shown.contains("me"),
        "{shown}"
    );
    let shown = format!("{:?}", Credentials::account_and_key("acc", "hunter2"));
    assert!(!shown.contains("hunter2"), "{shown}");
    let err = Client::new(Credentials::key("k3y\r\nX-Evil: 1")).unwrap_err();
    assert!(!err.to_string().contains("k3y"), "{err}");
}
