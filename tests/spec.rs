//! The spec's shape: exactly the documented operations, each complete, so that a deletion or a
//! half-written operation fails loudly here rather than silently shrinking the client.

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};
use std::collections::BTreeSet;

fn spec() -> OpenAPI {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/cloudforce-one.yaml"
    ))
    .unwrap();
    serde_yaml::from_str(&text).unwrap()
}

const BASE: &str = "/accounts/{account_id}/cloudforce-one/requests";

#[test]
fn spec_has_exactly_the_23_documented_operations() {
    let expected: BTreeSet<(String, String)> = [
        ("POST", ""),
        ("GET", "/{request_id}"),
        ("POST", "/new"),
        ("PUT", "/{request_id}"),
        ("DELETE", "/{request_id}"),
        ("GET", "/quota"),
        ("GET", "/types"),
        ("GET", "/constants"),
        ("POST", "/{request_id}/message"),
        ("POST", "/{request_id}/message/new"),
        ("PUT", "/{request_id}/message/{message_id}"),
        ("DELETE", "/{request_id}/message/{message_id}"),
        ("GET", "/priority/{priority_id}"),
        ("POST", "/priority/new"),
        ("PUT", "/priority/{priority_id}"),
        ("DELETE", "/priority/{priority_id}"),
        ("GET", "/priority/quota"),
        ("POST", "/priority"),
        ("GET", "/{request_id}/asset/{asset_id}"),
        ("POST", "/{request_id}/asset"),
        ("PUT", "/{request_id}/asset/{asset_id}"),
        ("DELETE", "/{request_id}/asset/{asset_id}"),
        ("POST", "/{request_id}/asset/new"),
    ]
    .into_iter()
    .map(|(method, path)| (method.to_owned(), format!("{BASE}{path}")))
    .collect();
    assert_eq!(expected.len(), 23);
    let mut found = BTreeSet::new();
    for (path, item) in &spec().paths.paths {
        let ReferenceOr::Item(item) = item else {
            panic!("{path} is a $ref")
        };
        for (method, _) in item.iter() {
            found.insert((method.to_uppercase(), path.clone()));
        }
    }
    let missing: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:?}\nunexpected: {extra:?}"
    );
}

#[test]
fn every_operation_is_complete() {
    let spec = spec();
    let tags = ["requests", "messages", "priority", "assets"];
    let mut ids = BTreeSet::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            unreachable!()
        };
        for (method, op) in item.iter() {
            let at = format!("{method} {path}");
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| panic!("{at}: no operationId"));
            assert!(
                ids.insert(id.clone()),
                "{at}: operationId {id} is used twice"
            );
            assert_eq!(op.tags.len(), 1, "{at}: one resource tag");
            assert!(
                tags.contains(&op.tags[0].as_str()),
                "{at}: tag {}",
                op.tags[0]
            );
            assert!(
                op.summary.is_some() && op.description.is_some(),
                "{at}: summary and description"
            );
            assert!(
                op.responses.responses.contains_key(&StatusCode::Code(200)),
                "{at}: a 200 response"
            );
            assert!(
                op.responses.responses.contains_key(&StatusCode::Range(4)),
                "{at}: a 4XX response"
            );
            let path_params = path.matches('{').count();
            assert_eq!(
                op.parameters.len(),
                path_params,
                "{at}: every path parameter declared"
            );
            let creates = method == "post" && !op.extensions.contains_key("x-idempotent");
            assert_eq!(
                creates,
                path.ends_with("/new"),
                "{at}: only the `…/new` operations create"
            );
        }
    }
}

#[test]
fn both_auth_schemes_are_declared_and_accepted() {
    let spec = spec();
    let schemes = &spec.components.as_ref().unwrap().security_schemes;
    for name in ["api_token", "api_email", "api_key"] {
        assert!(schemes.contains_key(name), "security scheme {name}");
    }
    let security = spec.security.as_ref().expect("top-level security");
    let alternatives: Vec<BTreeSet<&str>> = security
        .iter()
        .map(|req| req.keys().map(String::as_str).collect())
        .collect();
    assert!(alternatives.contains(&BTreeSet::from(["api_token"])));
    assert!(alternatives.contains(&BTreeSet::from(["api_email", "api_key"])));
}

#[test]
fn domain_schemas_and_enums_are_named() {
    let spec = spec();
    let schemas = &spec.components.as_ref().unwrap().schemas;
    for name in [
        "Item",
        "ListItem",
        "Quota",
        "RequestConstants",
        "RequestTypes",
        "Message",
        "Priority",
        "PriorityEdit",
        "Label",
        "Asset",
        "RequestList",
        "RequestEdit",
        "MessageList",
        "MessageEdit",
        "PriorityList",
        "AssetList",
        "AssetEdit",
        "AssetUpload",
        "Envelope",
        "ResponseInfo",
        "Tlp",
        "RequestStatus",
        "PriorityLevel",
        "SortOrder",
    ] {
        assert!(schemas.contains_key(name), "schema {name}");
    }
    let values = |name: &str| -> Vec<String> {
        let ReferenceOr::Item(schema) = &schemas[name] else {
            panic!()
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) = &schema.schema_kind else {
            panic!("{name} is a string enum")
        };
        s.enumeration.iter().flatten().cloned().collect()
    };
    assert_eq!(
        values("Tlp"),
        ["clear", "amber", "amber-strict", "green", "red"]
    );
    assert_eq!(
        values("RequestStatus"),
        [
            "open",
            "accepted",
            "reported",
            "approved",
            "completed",
            "declined"
        ]
    );
    assert_eq!(values("PriorityLevel"), ["routine", "high", "urgent"]);
    assert_eq!(values("SortOrder"), ["asc", "desc"]);
}
