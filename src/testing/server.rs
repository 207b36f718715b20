//! [`FakeServer`]: the API served on loopback by axum, routed from the generated
//! [`OPERATIONS`](crate::resources::OPERATIONS) table onto the fake's [`Store`], with credentials
//! and request validation as the API does them, faults on demand and a log of what came in.

use super::store::{Refusal, Store, REQUEST_TYPES};
use crate::resources::OPERATIONS;
use crate::types::{
    AssetEdit, AssetList, MessageEdit, MessageList, PriorityEdit, PriorityLevel, PriorityList,
    RequestConstants, RequestEdit, RequestList, RequestStatus, Tlp,
};
use crate::{Client, ClientBuilder, Credentials, Operation};
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::Router;
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The token [`FakeServer::client`] sends. The fake accepts any non-empty credentials.
pub const FAKE_TOKEN: &str = "fake-api-token";
/// The largest body the fake reads (uploads included).
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// Longest `account_id` the spec allows.
const ACCOUNT_ID_MAX: usize = 32;
/// Longest UUID (`request_id`, `priority_id`) the spec allows.
const UUID_MAX: usize = 36;

/// What the fake does instead of answering normally, for the next calls (see
/// [`FakeServer::inject`]). A faulted call changes nothing on the fake.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fault {
    status: Option<StatusCode>,
    retry_after: Option<String>,
    delay: Duration,
    reset: bool,
}

impl Fault {
    /// Answer with this error status and an error envelope.
    ///
    /// # Panics
    ///
    /// If `status` is not a valid HTTP status code (100 to 999).
    pub fn status(status: u16) -> Self {
        Fault {
            status: Some(StatusCode::from_u16(status).expect("an HTTP status code")),
            ..Fault::default()
        }
    }

    /// Cut the connection before the response is complete: the client sees the exchange
    /// interrupted, not refused.
    pub fn reset() -> Self {
        Fault {
            reset: true,
            ..Fault::default()
        }
    }

    /// Answer only after `delay` (normally, unless a status or reset is also set), as a slow
    /// server does: enough to trip a client's timeout.
    pub fn delay(delay: Duration) -> Self {
        Fault {
            delay,
            ..Fault::default()
        }
    }

    /// Also send `Retry-After` with this many seconds.
    pub fn retry_after(self, seconds: u64) -> Self {
        self.retry_after_value(seconds.to_string())
    }

    /// Also send `Retry-After` with this text as it is (an HTTP date, or something malformed).
    pub fn retry_after_value(self, value: impl Into<String>) -> Self {
        Fault {
            retry_after: Some(value.into()),
            ..self
        }
    }

    /// Also wait `delay` before acting.
    pub fn after(self, delay: Duration) -> Self {
        Fault { delay, ..self }
    }
}

/// One request as the fake received it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The operation it was routed to.
    pub operation: Operation,
    /// The HTTP method.
    pub method: Method,
    /// The path, as sent (percent-encoded).
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The headers; credential values are marked sensitive, so `Debug` does not show them.
    pub headers: HeaderMap,
    /// The body, as sent.
    pub body: Bytes,
    /// Whether an injected fault answered it.
    pub faulted: bool,
}

impl ReceivedRequest {
    /// The body read as JSON into `T` (a generated body type, say).
    pub fn json<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.body)
    }
}

/// What the server shares between requests.
#[derive(Debug, Default)]
struct Shared {
    store: Mutex<Store>,
    faults: Mutex<VecDeque<Fault>>,
    received: Mutex<Vec<ReceivedRequest>>,
}

/// Locks `mutex`, even if a panicking test poisoned it (the data is whole between operations).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An in-process fake of the Cloudforce One Requests API on a loopback port.
///
/// It is stateful and answers all the API's operations as the API does: a created request can
/// be got, updated, listed (with the list body's paging, filters and sorting), messaged, given
/// assets (the multipart upload parsed) and deleted with everything attached; priority
/// requirements likewise. Unknown ids get the API's 404 envelope, creating counts the quota
/// down, and a request the spec does not allow (a value outside an enum, a date that is not
/// RFC 3339, an over-long id, a page size below 1, a malformed body) gets 400 with `errors[]`
/// pointing at it. Requests without credentials get 401. Pages count from 1, and page 0 (which
/// the docs' examples ask for) is the first.
///
/// The server stops when the `FakeServer` is dropped. It needs a tokio runtime.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cloudforce_one::Error> {
/// use cloudforce_one::{testing::FakeServer, types};
///
/// let fake = FakeServer::start().await;
/// let client = fake.client();
/// let filed = client
///     .requests()
///     .create("my-account", &types::RequestEdit::new().summary("DoS attack"))
///     .await?;
/// assert_eq!(client.requests().get("my-account", &filed.id).await?.summary, "DoS attack");
/// assert_eq!(fake.requests().len(), 1);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct FakeServer {
    address: SocketAddr,
    shared: Arc<Shared>,
    /// Dropping it stops the server.
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl FakeServer {
    /// Starts a fake with no data and the default quotas, on a free loopback port.
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound, or outside a tokio runtime.
    pub async fn start() -> FakeServer {
        let shared = Arc::new(Shared::default());
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("the fake binds a loopback port");
        let address = listener
            .local_addr()
            .expect("a bound socket has an address");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router(Arc::clone(&shared));
        tokio::spawn(async move {
            let stop = async {
                let _ = stopped.await;
            };
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await;
        });
        FakeServer {
            address,
            shared,
            _shutdown: shutdown,
        }
    }

    /// The base URL to give a client (`http://127.0.0.1:PORT`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A client builder pointed at the fake with the token [`FAKE_TOKEN`]; add your own settings
    /// (a [`TestClock`](super::TestClock), a retry policy) before building.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(Credentials::token(FAKE_TOKEN)).base_url(self.base_url())
    }

    /// A client pointed at the fake, every other setting at its default.
    ///
    /// # Panics
    ///
    /// Never in practice: the fake's URL and token are always valid settings.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the fake's settings are valid")
    }

    /// Makes the next `times` requests meet `fault` instead of a normal answer (after any
    /// faults already waiting).
    pub fn inject(&self, fault: Fault, times: usize) {
        lock(&self.shared.faults).extend(std::iter::repeat_n(fault, times));
    }

    /// Every request received so far, in order, faulted ones included.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.received).clone()
    }

    /// Adds a request as it is (replacing one with the same id), as if it had been filed.
    pub fn insert_request(&self, item: crate::types::Item) {
        lock(&self.shared.store).insert_request(item);
    }

    /// Adds a message to a request's thread (replacing one with the same id).
    ///
    /// # Panics
    ///
    /// If the fake has no request `request_id`.
    pub fn insert_message(&self, request_id: &str, message: crate::types::Message) {
        let inserted = lock(&self.shared.store).insert_message(request_id, message);
        inserted.unwrap_or_else(|refusal| panic!("{refusal:?}"));
    }

    /// Adds a priority requirement (replacing one with the same id).
    pub fn insert_priority(&self, priority: crate::types::Priority) {
        lock(&self.shared.store).insert_priority(priority);
    }

    /// Attaches an asset with this content to a request (replacing one with the same id).
    ///
    /// # Panics
    ///
    /// If the fake has no request `request_id`.
    pub fn insert_asset(
        &self,
        request_id: &str,
        asset: crate::types::Asset,
        content: impl Into<Bytes>,
    ) {
        let inserted = lock(&self.shared.store).insert_asset(request_id, asset, content.into());
        inserted.unwrap_or_else(|refusal| panic!("{refusal:?}"));
    }

    /// Sets the request quota (`remaining` counts down with each request created; `None` never
    /// runs out).
    pub fn set_quota(&self, quota: crate::types::Quota) {
        lock(&self.shared.store).set_quota(quota);
    }

    /// Sets the priority requirement quota.
    pub fn set_priority_quota(&self, quota: crate::types::Quota) {
        lock(&self.shared.store).set_priority_quota(quota);
    }

    /// Every request on the fake, in the order they were filed.
    pub fn requests(&self) -> Vec<crate::types::Item> {
        lock(&self.shared.store).requests()
    }

    /// A request's messages, in the order they were posted.
    pub fn messages(&self, request_id: &str) -> Vec<crate::types::Message> {
        lock(&self.shared.store).messages(request_id)
    }

    /// Every priority requirement, in the order they were created.
    pub fn priorities(&self) -> Vec<crate::types::Priority> {
        lock(&self.shared.store).priorities()
    }

    /// A request's assets with the content uploaded for each.
    pub fn assets(&self, request_id: &str) -> Vec<(crate::types::Asset, Bytes)> {
        lock(&self.shared.store).assets(request_id)
    }
}

/// A route for every generated operation, each answered by [`answer`].
fn router(shared: Arc<Shared>) -> Router {
    let mut router = Router::new();
    for operation in OPERATIONS {
        let filter = match operation.method() {
            "GET" => MethodFilter::GET,
            "PUT" => MethodFilter::PUT,
            "POST" => MethodFilter::POST,
            "DELETE" => MethodFilter::DELETE,
            "PATCH" => MethodFilter::PATCH,
            "HEAD" => MethodFilter::HEAD,
            "OPTIONS" => MethodFilter::OPTIONS,
            _ => MethodFilter::TRACE,
        };
        let shared = Arc::clone(&shared);
        let handler = move |request: Request| {
            let shared = Arc::clone(&shared);
            async move { receive(&shared, *operation, request).await }
        };
        router = router.route(operation.path(), on(filter, handler));
    }
    router.fallback(|request: Request| async move {
        let path = request.uri().path().to_owned();
        failure(
            StatusCode::NOT_FOUND,
            7003,
            &format!("No route for that URI: {path}"),
            None,
        )
    })
}

/// Records a request, applies a waiting fault or answers it.
async fn receive(shared: &Shared, operation: Operation, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let params = Path::<HashMap<String, String>>::from_request_parts(&mut parts, &())
        .await
        .map(|Path(params)| params)
        .unwrap_or_default();
    let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(e) => {
            let message = format!("the body could not be read: {e}");
            return failure(StatusCode::BAD_REQUEST, 1001, &message, None);
        }
    };
    let fault = lock(&shared.faults).pop_front();
    let mut headers = parts.headers.clone();
    for name in ["authorization", "x-auth-key"] {
        if let Some(value) = headers.get_mut(name) {
            value.set_sensitive(true);
        }
    }
    lock(&shared.received).push(ReceivedRequest {
        operation,
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers,
        body: body.clone(),
        faulted: fault.is_some(),
    });
    if let Some(fault) = fault {
        if !fault.delay.is_zero() {
            tokio::time::sleep(fault.delay).await;
        }
        if fault.reset {
            return interrupted();
        }
        if let Some(status) = fault.status {
            let mut response = failure(
                status,
                1000 + u32::from(status.as_u16()),
                &format!("injected fault: {status}"),
                None,
            );
            if let Some(after) = fault
                .retry_after
                .and_then(|v| HeaderValue::from_str(&v).ok())
            {
                response.headers_mut().insert("retry-after", after);
            }
            return response;
        }
    }
    let Some(author) = caller(&parts.headers) else {
        return failure(
            StatusCode::UNAUTHORIZED,
            10000,
            "Authentication error",
            None,
        );
    };
    match answer(shared, operation, &params, &author, &parts.headers, body).await {
        Ok(response) => response,
        Err(Refusal::NotFound(what)) => failure(
            StatusCode::NOT_FOUND,
            1404,
            &format!("{what} not found"),
            None,
        ),
        Err(Refusal::Invalid { pointer, message }) => {
            failure(StatusCode::BAD_REQUEST, 1400, &message, Some(&pointer))
        }
        Err(Refusal::QuotaExhausted(what)) => failure(
            StatusCode::BAD_REQUEST,
            1429,
            &format!("the account's {what} quota is used up"),
            None,
        ),
    }
}

/// Who is calling: the email of email + key credentials, or a name for a token; `None` when
/// the request carries no usable credentials.
fn caller(headers: &HeaderMap) -> Option<String> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    if let Some(token) = text("authorization").and_then(|v| v.strip_prefix("Bearer ")) {
        return (!token.trim().is_empty()).then(|| "api-token".to_owned());
    }
    match (text("x-auth-email"), text("x-auth-key")) {
        (Some(email), Some(_)) => Some(email.to_owned()),
        _ => None,
    }
}

/// A path parameter, checked against the spec's length limits.
fn param<'p>(params: &'p HashMap<String, String>, name: &str) -> Result<&'p str, Refusal> {
    let value = params.get(name).map(String::as_str).unwrap_or_default();
    let max = match name {
        "account_id" => ACCOUNT_ID_MAX,
        "request_id" | "priority_id" => UUID_MAX,
        _ => usize::MAX,
    };
    if value.is_empty() || value.chars().count() > max {
        return Err(Refusal::invalid(
            &format!("/path/{name}"),
            format!("{name} must be 1 to {max} characters"),
        ));
    }
    Ok(value)
}

/// A JSON body read as `T`; what does not fit is refused with where.
fn body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refusal> {
    serde_json::from_slice(bytes)
        .map_err(|e| Refusal::invalid("", format!("the body does not match the schema: {e}")))
}

/// Carries out one operation.
async fn answer(
    shared: &Shared,
    operation: Operation,
    params: &HashMap<String, String>,
    author: &str,
    headers: &HeaderMap,
    bytes: Bytes,
) -> Result<Response, Refusal> {
    param(params, "account_id")?;
    let request_id = || param(params, "request_id");
    let priority_id = || param(params, "priority_id");
    let asset_id = || param(params, "asset_id");
    let message_id = || -> Result<i64, Refusal> {
        param(params, "message_id")?
            .parse()
            .map_err(|_| Refusal::invalid("/path/message_id", "message_id must be an integer"))
    };
    if operation.id() == "assets-create" {
        let request_id = request_id()?.to_owned();
        let (name, content_type, content) = upload(headers, bytes).await?;
        let asset = lock(&shared.store).create_asset(
            &request_id,
            &name,
            content_type.as_deref(),
            content,
        )?;
        return Ok(success(&asset));
    }
    let mut store = lock(&shared.store);
    Ok(match operation.id() {
        "requests-list" => success(&store.list_requests(&body::<RequestList>(&bytes)?)?),
        "requests-create" => success(&store.create_request(&body::<RequestEdit>(&bytes)?)?),
        "requests-quota" => success(&store.quota()),
        "requests-types" => success(&REQUEST_TYPES),
        "requests-constants" => success(&constants()),
        "requests-get" => success(&store.request(request_id()?)?),
        "requests-update" => {
            success(&store.update_request(request_id()?, &body::<RequestEdit>(&bytes)?)?)
        }
        "requests-delete" => done(store.delete_request(request_id()?)?),
        "messages-list" => {
            success(&store.list_messages(request_id()?, &body::<MessageList>(&bytes)?)?)
        }
        "messages-create" => {
            success(&store.create_message(request_id()?, author, &body::<MessageEdit>(&bytes)?)?)
        }
        "messages-update" => success(&store.update_message(
            request_id()?,
            message_id()?,
            &body::<MessageEdit>(&bytes)?,
        )?),
        "messages-delete" => done(store.delete_message(request_id()?, message_id()?)?),
        "priority-list" => success(&store.list_priorities(&body::<PriorityList>(&bytes)?)?),
        "priority-create" => success(&store.create_priority(&body::<PriorityEdit>(&bytes)?)?),
        "priority-quota" => success(&store.priority_quota()),
        "priority-get" => success(&store.priority(priority_id()?)?),
        "priority-update" => {
            success(&store.update_priority(priority_id()?, &body::<PriorityEdit>(&bytes)?)?)
        }
        "priority-delete" => done(store.delete_priority(priority_id()?)?),
        "assets-list" => success(&store.list_assets(request_id()?, &body::<AssetList>(&bytes)?)?),
        // Getting an asset returns an array, as documented.
        "assets-get" => success(&[store.asset(request_id()?, asset_id()?)?]),
        "assets-update" => {
            success(&store.update_asset(request_id()?, asset_id()?, &body::<AssetEdit>(&bytes)?)?)
        }
        "assets-delete" => done(store.delete_asset(request_id()?, asset_id()?)?),
        other => failure(
            StatusCode::NOT_IMPLEMENTED,
            1501,
            &format!("the fake does not implement operation {other}"),
            None,
        ),
    })
}

/// The uploaded file of a multipart body: its name, content type and bytes (field `source`).
async fn upload(
    headers: &HeaderMap,
    body: Bytes,
) -> Result<(String, Option<String>, Bytes), Refusal> {
    let mut request = Request::new(Body::from(body));
    *request.headers_mut() = headers.clone();
    let malformed = |e: axum::extract::multipart::MultipartError| {
        Refusal::invalid(
            "/source",
            format!("the multipart body could not be read: {e}"),
        )
    };
    let mut multipart = axum::extract::Multipart::from_request(request, &())
        .await
        .map_err(|e| Refusal::invalid("", format!("the body is not multipart/form-data: {e}")))?;
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        if field.name() == Some("source") {
            let name = field.file_name().unwrap_or("upload").to_owned();
            let content_type = field.content_type().map(str::to_owned);
            let content = field.bytes().await.map_err(malformed)?;
            return Ok((name, content_type, content));
        }
    }
    Err(Refusal::invalid(
        "/source",
        "the required field `source` is missing",
    ))
}

/// The constants the API lists: every known value of each enum.
fn constants() -> RequestConstants {
    RequestConstants::new()
        .priority(vec![
            PriorityLevel::Routine,
            PriorityLevel::High,
            PriorityLevel::Urgent,
        ])
        .status(vec![
            RequestStatus::Open,
            RequestStatus::Accepted,
            RequestStatus::Reported,
            RequestStatus::Approved,
            RequestStatus::Completed,
            RequestStatus::Declined,
        ])
        .tlp(vec![
            Tlp::Clear,
            Tlp::Amber,
            Tlp::AmberStrict,
            Tlp::Green,
            Tlp::Red,
        ])
}

fn envelope(status: StatusCode, value: Value) -> Response {
    (status, axum::Json(value)).into_response()
}

/// A success envelope around `result`.
fn success<T: Serialize + ?Sized>(result: &T) -> Response {
    envelope(
        StatusCode::OK,
        json!({ "success": true, "errors": [], "messages": [], "result": result }),
    )
}

/// The success envelope of an operation that returns nothing.
fn done((): ()) -> Response {
    envelope(
        StatusCode::OK,
        json!({ "success": true, "errors": [], "messages": [] }),
    )
}

/// A failure envelope with one error, pointing into the request if `pointer` says where.
fn failure(status: StatusCode, code: u32, message: &str, pointer: Option<&str>) -> Response {
    let mut error = json!({ "code": code, "message": message });
    if let Some(pointer) = pointer {
        error["source"] = json!({ "pointer": pointer });
    }
    envelope(
        status,
        json!({ "success": false, "errors": [error], "messages": [], "result": null }),
    )
}

/// A response whose body breaks off: the connection is cut before it ends.
fn interrupted() -> Response {
    let broken = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected reset",
        ))
    });
    Response::new(Body::from_stream(broken))
}
