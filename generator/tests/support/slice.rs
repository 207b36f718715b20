//! A part of a whole-API document as a standalone spec: the paths chosen, and every component
//! they reach through `$ref`s (and the document's security schemes).

use serde_json::{json, Map, Value};

/// The paths of `document` that `keep` keeps, with what they reach.
pub fn subset(document: &Value, keep: impl Fn(&str) -> bool) -> Value {
    let paths: Map<String, Value> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, _)| keep(path))
        .map(|(path, item)| (path.clone(), item.clone()))
        .collect();
    let mut components = Map::new();
    let mut todo: Vec<Value> = paths.values().cloned().collect();
    while let Some(node) = todo.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let parts: Vec<&str> = reference.trim_start_matches("#/").split('/').collect();
                    let (kind, name) = (parts[1], parts[2]);
                    let slot = components.entry(kind).or_insert_with(|| json!({}));
                    if slot.get(name).is_none() {
                        let target = document["components"][kind][name].clone();
                        slot[name] = target.clone();
                        todo.push(target);
                    }
                }
                todo.extend(map.into_iter().map(|(_, v)| v));
            }
            Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    components.insert(
        "securitySchemes".into(),
        document["components"]["securitySchemes"].clone(),
    );
    json!({"openapi": document["openapi"], "info": document["info"],
        "security": document["security"], "paths": paths, "components": components})
}
