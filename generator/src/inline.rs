//! Local `$ref`s that point anywhere but at a whole component — into `#/paths/…`, at a property,
//! item or `allOf` part of a component schema, at a parameter's schema — replaced by a copy of
//! what they point at, so the model meets only refs to whole components (which keep their names)
//! and every local JSON pointer resolves.
//!
//! Run by [`load`](crate::load) on the document as a JSON value, only when its text has such a
//! ref. A ref whose target does not exist, or that leads back to itself through other such refs,
//! is left as it is, and the model reports it where it is written.

use serde_json::Value;
use std::collections::HashMap;

/// Whether the text has a local `$ref` to something other than a whole component: a cheap look
/// at the text that spares the documents without one a second parse.
pub fn needed(text: &str) -> bool {
    text.match_indices("$ref").any(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            return false;
        };
        let rest = rest.trim_start().trim_start_matches(['"', '\'']);
        let end = rest.find(['"', '\'', '\n']).unwrap_or(rest.len());
        inlined(&rest[..end])
    })
}

/// A ref this module replaces: local, and not naming one whole component.
fn inlined(reference: &str) -> bool {
    let Some(pointer) = reference.strip_prefix('#') else {
        return false;
    };
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    !matches!(tokens.as_slice(), ["components", _, _])
}

/// Replaces every such ref in `document` by a copy of its target, whose own such refs are
/// replaced in turn.
pub fn inline(document: &mut Value) {
    let mut resolver = Resolver {
        document,
        done: HashMap::new(),
        following: Vec::new(),
    };
    let mut replaced = document.clone();
    resolver.replace_within(&mut replaced);
    *document = replaced;
}

struct Resolver<'d> {
    document: &'d Value,
    /// Targets already copied, with their own refs replaced; `None` for those that cannot be.
    done: HashMap<String, Option<Value>>,
    /// The refs being followed, to tell a cycle.
    following: Vec<String>,
}

impl Resolver<'_> {
    fn replace_within(&mut self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                let reference = map.get("$ref").and_then(Value::as_str).map(str::to_owned);
                match reference.filter(|r| inlined(r)) {
                    Some(reference) => {
                        if let Some(target) = self.target(&reference) {
                            *value = target;
                        }
                    }
                    None => map.values_mut().for_each(|v| self.replace_within(v)),
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.replace_within(v)),
            _ => {}
        }
    }

    /// A copy of what `reference` points at, its own refs replaced.
    fn target(&mut self, reference: &str) -> Option<Value> {
        if let Some(done) = self.done.get(reference) {
            return done.clone();
        }
        if self.following.iter().any(|r| r == reference) {
            return None;
        }
        let mut target = self.document.pointer(&json_pointer(reference)?)?.clone();
        self.following.push(reference.to_owned());
        self.replace_within(&mut target);
        self.following.pop();
        // A target that is itself a ref left in place (a cycle) is not copied either.
        let resolved = (!is_inlined_ref(&target)).then_some(target);
        self.done.insert(reference.to_owned(), resolved.clone());
        resolved
    }
}

fn is_inlined_ref(value: &Value) -> bool {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .is_some_and(inlined)
}

/// The RFC 6901 pointer of a URI fragment (`#/paths/~1a~1%7Bid%7D` → `/paths/~1a~1{id}`).
fn json_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_refs_to_places_other_than_whole_components_are_inlined() {
        assert!(inlined("#/paths/~1a/get/parameters/0"));
        assert!(inlined("#/components/schemas/A/properties/b"));
        assert!(inlined("#/components/parameters/p/schema"));
        assert!(!inlined("#/components/schemas/A"));
        assert!(!inlined("other.yaml#/components/schemas/A/properties/b"));
        assert!(needed(r##"{"$ref": "#/paths/~1a/get/parameters/0"}"##));
        assert!(needed("schema:\n  $ref: '#/components/schemas/A/items'\n"));
        assert!(!needed("schema:\n  $ref: '#/components/schemas/A'\n"));
        assert!(!needed(r##"{"$ref":"#/components/responses/R"}"##));
    }

    #[test]
    fn refs_into_paths_and_schema_parts_are_replaced_by_their_targets() {
        let mut doc = json!({
            "paths": {"/keys/{id}": {
                "get": {"parameters": [{"name": "id", "in": "path", "schema": {"$ref": "#/components/schemas/Key/properties/id"}}]},
                "delete": {"parameters": [{"$ref": "#/paths/~1keys~1%7Bid%7D/get/parameters/0"}]}
            }},
            "components": {"schemas": {"Key": {"properties": {"id": {"type": "integer"}}}}}
        });
        inline(&mut doc);
        let expected = json!({"name": "id", "in": "path", "schema": {"type": "integer"}});
        assert_eq!(
            doc["paths"]["/keys/{id}"]["delete"]["parameters"][0],
            expected
        );
        assert_eq!(doc["paths"]["/keys/{id}"]["get"]["parameters"][0], expected);
    }

    #[test]
    fn dangling_and_cyclic_refs_are_left_for_the_model_to_report() {
        let mut doc = json!({
            "a": {"$ref": "#/b"},
            "b": {"$ref": "#/a"},
            "c": {"$ref": "#/nowhere"},
            "d": {"x": {"$ref": "#/d"}}
        });
        let before = doc.clone();
        inline(&mut doc);
        assert_eq!(doc["a"], before["a"]);
        assert_eq!(doc["c"], before["c"]);
        // A target holding a ref back to itself is copied with that ref in place.
        assert_eq!(doc["d"], json!({"x": {"x": {"$ref": "#/d"}}}));
    }
}
