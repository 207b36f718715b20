//! Every operation of our spec, called with the spec's example values: what the contract tests
//! send to Prism and the fake, and the fuzz tests send to servers that answer anything.

use cloudforce_one::{types, Client, Error, Upload};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Our spec.
pub const OUR_SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cloudforce-one.yaml");

/// The example values of our spec.
pub struct Examples(pub Value);

impl Examples {
    pub fn load() -> Examples {
        let text = std::fs::read_to_string(OUR_SPEC).unwrap();
        Examples(serde_yaml::from_str(&text).unwrap())
    }

    pub fn resolve<'v>(&'v self, node: &'v Value) -> &'v Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => self
                .0
                .pointer(reference.trim_start_matches('#'))
                .expect("refs resolve"),
            None => node,
        }
    }

    pub fn param(&self, name: &str) -> Value {
        self.0["components"]["parameters"][name]["example"].clone()
    }

    pub fn body<T: DeserializeOwned>(&self, path: &str, method: &str) -> T {
        let body = self.resolve(&self.0["paths"][path][method]["requestBody"]);
        let example = body["content"]["application/json"]["example"].clone();
        serde_json::from_value(example)
            .unwrap_or_else(|e| panic!("{method} {path}: example body: {e}"))
    }

    /// Every (method, path, operationId) in the spec.
    pub fn operations(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for (path, item) in self.0["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                out.push((
                    method.clone(),
                    path.clone(),
                    op["operationId"].as_str().unwrap().to_owned(),
                ));
            }
        }
        out
    }
}

/// Calls one operation with the example values; the result must deserialise.
pub async fn call(
    client: &Client,
    ex: &Examples,
    method: &str,
    path: &str,
    id: &str,
) -> Result<(), Error> {
    let account = ex.param("account_id").as_str().unwrap().to_owned();
    let request = ex.param("request_id").as_str().unwrap().to_owned();
    let priority = ex.param("priority_id").as_str().unwrap().to_owned();
    let message = ex.param("message_id").as_i64().unwrap();
    let asset = ex.param("asset_id").as_str().unwrap().to_owned();
    let (a, r, p, asset) = (
        account.as_str(),
        request.as_str(),
        priority.as_str(),
        asset.as_str(),
    );
    let requests = client.requests();
    match id {
        "requests-list" => requests
            .list(a, &ex.body::<types::RequestList>(path, method))
            .await
            .map(drop),
        "requests-create" => requests
            .create(a, &ex.body::<types::RequestEdit>(path, method))
            .await
            .map(drop),
        "requests-get" => requests.get(a, r).await.map(drop),
        "requests-update" => requests
            .update(a, r, &ex.body::<types::RequestEdit>(path, method))
            .await
            .map(drop),
        "requests-delete" => requests.delete(a, r).await,
        "requests-quota" => requests.quota(a).await.map(drop),
        "requests-types" => requests.types(a).await.map(drop),
        "requests-constants" => requests.constants(a).await.map(drop),
        "messages-list" => requests
            .messages()
            .list(a, r, &ex.body::<types::MessageList>(path, method))
            .await
            .map(drop),
        "messages-create" => requests
            .messages()
            .create(a, r, &ex.body::<types::MessageEdit>(path, method))
            .await
            .map(drop),
        "messages-update" => requests
            .messages()
            .update(a, r, message, &ex.body::<types::MessageEdit>(path, method))
            .await
            .map(drop),
        "messages-delete" => requests.messages().delete(a, r, message).await,
        "priority-list" => requests
            .priority()
            .list(a, &ex.body::<types::PriorityList>(path, method))
            .await
            .map(drop),
        "priority-create" => requests
            .priority()
            .create(a, &ex.body::<types::PriorityEdit>(path, method))
            .await
            .map(drop),
        "priority-get" => requests.priority().get(a, p).await.map(drop),
        "priority-update" => requests
            .priority()
            .update(a, p, &ex.body::<types::PriorityEdit>(path, method))
            .await
            .map(drop),
        "priority-delete" => requests.priority().delete(a, p).await,
        "priority-quota" => requests.priority().quota(a).await.map(drop),
        "assets-list" => requests
            .assets()
            .list(a, r, &ex.body::<types::AssetList>(path, method))
            .await
            .map(drop),
        "assets-create" => {
            let upload = Upload::from_bytes("report.docx", b"PK\x03\x04 example".to_vec());
            requests.assets().create(a, r, upload).await.map(drop)
        }
        "assets-get" => requests.assets().get(a, r, asset).await.map(drop),
        "assets-update" => requests
            .assets()
            .update(a, r, asset, &ex.body::<types::AssetEdit>(path, method))
            .await
            .map(drop),
        "assets-delete" => requests.assets().delete(a, r, asset).await,
        other => panic!("operation {other} has no contract call: add one"),
    }
}
