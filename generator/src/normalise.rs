//! A document made into what the OpenAPI 3.0 model reads, before it is parsed: an OpenAPI 3.1
//! document's schemas said in 3.0's terms, and callbacks and webhooks (requests the server
//! makes, which a client has nothing to call) set aside and listed, never refused.
//!
//! 3.1's schemas are JSON Schema 2020-12; what a client's types need of them has a 3.0 spelling:
//! `type: [T, "null"]` is `type: T, nullable: true`, several types an `anyOf` of each, `const` a
//! one-value `enum`, `examples` an `example`, a numeric `exclusiveMinimum` a `minimum` that
//! excludes, `contentEncoding: base64` `format: byte`, a `$ref` with siblings an `allOf` of the
//! ref beside them, a boolean schema `{}` or `{not: {}}`. Keywords that only validate and that
//! 3.0 lacks (`if`, `prefixItems`, `patternProperties`, …) are dropped: the client checks none.

use crate::pointer::escape;
use serde_json::{json, Map, Value};

/// Something the document describes that a client has no use for, set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// Where it is (`#/paths/~1videos/post/callbacks`, `#/webhooks`).
    pub pointer: String,
    /// What it is, for the note: `callback`, `webhook`.
    pub kind: &'static str,
}

/// The HTTP methods of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// JSON Schema keywords 3.0 lacks that only say what values are valid: dropped.
const VALIDATION_ONLY: [&str; 16] = [
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "prefixItems",
    "contains",
    "contentSchema",
];

/// Where a value is in a document, as far as what [`normalise`] sets aside goes: a document
/// none of whose keys [`Place::sets_aside`] has nothing to set aside, and need not be read
/// through it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Root,
    Components,
    Paths,
    PathItem,
    Operation,
    /// Anywhere else: nothing below is set aside.
    Other,
}

impl Place {
    /// The place of the value under `key` here.
    pub fn child(self, key: &str) -> Place {
        match (self, key) {
            (Place::Root, "components") => Place::Components,
            (Place::Root, "paths") => Place::Paths,
            (Place::Paths, _) => Place::PathItem,
            (Place::PathItem, method) if METHODS.contains(&method) => Place::Operation,
            _ => Place::Other,
        }
    }

    /// Whether `key` here names what [`normalise`] sets aside.
    pub fn sets_aside(self, key: &str) -> bool {
        matches!(
            (self, key),
            (Place::Root, "webhooks") | (Place::Components | Place::Operation, "callbacks")
        )
    }
}

/// Makes `document` what the 3.0 model reads; `is_31` says it is an OpenAPI 3.1 document.
/// Returns what was set aside.
pub fn normalise(document: &mut Value, is_31: bool) -> Vec<SetAside> {
    let mut set_aside = Vec::new();
    let Some(root) = document.as_object_mut() else {
        return set_aside;
    };
    if root.remove("webhooks").is_some() {
        set_aside.push(SetAside {
            pointer: "#/webhooks".to_owned(),
            kind: "webhook",
        });
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("callbacks");
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            for method in METHODS {
                let Some(Value::Object(op)) = item.get_mut(method) else {
                    continue;
                };
                if op.remove("callbacks").is_some() {
                    set_aside.push(SetAside {
                        pointer: format!("#/paths/{}/{method}/callbacks", escape(path)),
                        kind: "callback",
                    });
                }
            }
        }
    }
    if is_31 {
        root.insert("openapi".to_owned(), json!("3.0.3"));
        root.remove("jsonSchemaDialect");
        root.entry("paths").or_insert_with(|| json!({}));
        if let Some(Value::Object(info)) = root.get_mut("info") {
            info.remove("summary");
            if let Some(Value::Object(license)) = info.get_mut("license") {
                license.remove("identifier");
            }
        }
        for value in root.values_mut() {
            document_node(value);
        }
    }
    set_aside
}

/// A node of the document outside any schema: schemas are found under `schema` and
/// `components/schemas`; examples are values, never walked (a `default` here is a response or a
/// server variable's value, and is walked).
fn document_node(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "schema" => schema(child),
                    "schemas" => {
                        if let Value::Object(schemas) = child {
                            schemas.values_mut().for_each(schema);
                        }
                    }
                    "example" | "examples" => {}
                    _ => document_node(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(document_node),
        _ => {}
    }
}

/// One schema, and every schema inside it.
fn schema(value: &mut Value) {
    if let Value::Bool(accepts) = value {
        *value = if *accepts {
            json!({})
        } else {
            json!({"not": {}})
        };
        return;
    }
    let Value::Object(map) = value else {
        return;
    };
    for keyword in VALIDATION_ONLY {
        map.remove(keyword);
    }
    for keyword in ["if", "then", "else", "minContains", "maxContains"] {
        map.remove(keyword);
    }
    sub_schemas(map);
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").expect("checked");
        let mut parts = vec![json!({"$ref": reference})];
        if let Some(Value::Array(more)) = map.remove("allOf") {
            parts.extend(more);
        }
        map.insert("allOf".to_owned(), Value::Array(parts));
    }
    if let Some(constant) = map.remove("const") {
        map.entry("enum").or_insert_with(|| json!([constant]));
    }
    if let Some(Value::Array(mut examples)) = map.remove("examples") {
        if !examples.is_empty() && !map.contains_key("example") {
            map.insert("example".to_owned(), examples.swap_remove(0));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
            // Beside an inclusive bound, the exclusive one holds only where it is the stricter.
            let inclusive = map.get(bound).and_then(Value::as_f64);
            let value = n.as_f64().unwrap_or_default();
            let stricter = match inclusive {
                None => true,
                Some(inclusive) if bound == "minimum" => value >= inclusive,
                Some(inclusive) => value <= inclusive,
            };
            if stricter {
                map.insert(bound.to_owned(), Value::Number(n));
                map.insert(exclusive.to_owned(), json!(true));
            } else {
                map.remove(exclusive);
            }
        }
    }
    match map
        .remove("contentEncoding")
        .as_ref()
        .and_then(Value::as_str)
    {
        Some("base64" | "base64url") => {
            map.entry("format").or_insert_with(|| json!("byte"));
        }
        _ if map.contains_key("contentMediaType") => {
            map.entry("format").or_insert_with(|| json!("binary"));
        }
        _ => {}
    }
    map.remove("contentMediaType");
    types(map);
}

/// `type` as an array: `null` among them is `nullable`; one other type is that type; several
/// are an `anyOf` of each, the keywords of arrays and objects going with their variant.
fn types(map: &mut Map<String, Value>) {
    let named: Vec<String> = match map.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(t)) if t == "null" => vec![t.clone()],
        _ => return,
    };
    map.remove("type");
    let (nulls, others): (Vec<String>, Vec<String>) = named.into_iter().partition(|t| t == "null");
    if !nulls.is_empty() {
        map.insert("nullable".to_owned(), json!(true));
    }
    match others.as_slice() {
        [] => {}
        [one] => {
            map.insert("type".to_owned(), json!(one));
        }
        several => {
            let keywords = |kind: &str| -> &[&str] {
                match kind {
                    "array" => &["items", "minItems", "maxItems", "uniqueItems"],
                    "object" => &[
                        "properties",
                        "required",
                        "additionalProperties",
                        "minProperties",
                        "maxProperties",
                    ],
                    _ => &[],
                }
            };
            let variants: Vec<Value> = several
                .iter()
                .map(|kind| {
                    let mut variant = Map::new();
                    variant.insert("type".to_owned(), json!(kind));
                    for keyword in keywords(kind) {
                        if let Some(value) = map.remove(*keyword) {
                            variant.insert((*keyword).to_owned(), value);
                        }
                    }
                    Value::Object(variant)
                })
                .collect();
            map.insert("anyOf".to_owned(), Value::Array(variants));
        }
    }
}

/// The schemas a schema holds, each normalised.
fn sub_schemas(map: &mut Map<String, Value>) {
    for keyword in ["items", "additionalProperties", "not"] {
        if let Some(child) = map.get_mut(keyword) {
            if keyword != "additionalProperties" || child.is_object() {
                schema(child);
            }
        }
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(children)) = map.get_mut(keyword) {
            children.iter_mut().for_each(schema);
        }
    }
    for keyword in ["properties", "$defs", "definitions"] {
        if let Some(Value::Object(children)) = map.get_mut(keyword) {
            children.values_mut().for_each(schema);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(mut value: Value) -> Value {
        schema(&mut value);
        value
    }

    #[test]
    fn type_arrays_become_nullable_types_or_unions() {
        assert_eq!(
            normalised(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            normalised(json!({"type": ["string", "array"], "items": {"type": ["integer"]}})),
            json!({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "integer"}}]})
        );
        assert_eq!(
            normalised(json!({"type": "null"})),
            json!({"nullable": true})
        );
    }

    #[test]
    fn keywords_get_their_3_0_spelling() {
        assert_eq!(
            normalised(
                json!({"type": "integer", "exclusiveMinimum": 0, "const": 5, "examples": [5, 6]})
            ),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "enum": [5], "example": 5})
        );
        assert_eq!(
            normalised(json!({"$ref": "#/components/schemas/A", "description": "An A."})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "An A."})
        );
        assert_eq!(
            normalised(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(normalised(json!(false)), json!({"not": {}}));
        assert_eq!(
            normalised(
                json!({"type": "object", "properties": {"a": true}, "patternProperties": {"^x": {}}})
            ),
            json!({"type": "object", "properties": {"a": {}}})
        );
    }

    #[test]
    fn an_exclusive_bound_beside_an_inclusive_one_keeps_the_stricter() {
        assert_eq!(
            normalised(json!({"type": "integer", "minimum": 1, "exclusiveMinimum": 0})),
            json!({"type": "integer", "minimum": 1})
        );
        assert_eq!(
            normalised(json!({"type": "integer", "maximum": 10, "exclusiveMaximum": 5})),
            json!({"type": "integer", "maximum": 5, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn a_default_response_s_schemas_are_normalised_too() {
        let mut document = json!({
            "openapi": "3.1.0",
            "paths": {"/v": {"get": {"responses": {"default": {"description": "error",
                "content": {"application/json": {"schema": {"type": ["string", "null"]}}}}}}}}
        });
        normalise(&mut document, true);
        assert_eq!(
            document["paths"]["/v"]["get"]["responses"]["default"]["content"]["application/json"]
                ["schema"],
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn callbacks_and_webhooks_are_set_aside_and_listed() {
        let mut document = json!({
            "openapi": "3.1.0",
            "webhooks": {"new": {}},
            "paths": {"/v": {"post": {"callbacks": {"done": {"$ref": "#/components/callbacks/d"}}}}},
            "components": {"callbacks": {"d": {}}}
        });
        let set_aside = normalise(&mut document, true);
        assert_eq!(
            set_aside,
            [
                SetAside {
                    pointer: "#/webhooks".to_owned(),
                    kind: "webhook"
                },
                SetAside {
                    pointer: "#/paths/~1v/post/callbacks".to_owned(),
                    kind: "callback"
                },
            ]
        );
        assert_eq!(
            document,
            json!({"openapi": "3.0.3", "paths": {"/v": {"post": {}}}, "components": {}})
        );
    }
}
