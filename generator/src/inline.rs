//! Local `$ref`s that point anywhere but at a whole component — into `#/paths/…`, at a property,
//! item or `allOf` part of a component schema, at a parameter's schema, or through another
//! `$ref` on the way — made into refs the model follows, so every local JSON pointer resolves:
//! - a ref to a schema becomes a ref to a component schema added for it (one per place pointed
//!   at, named after that place), which records the place it was copied from
//!   ([`DEFINED_AT`]), so its type's docs, errors and `diff` name the real place; recursive
//!   schemas stay recursive, as component refs are;
//! - a ref to anything else (a parameter, a response, a request body) is replaced by a copy of
//!   its target.
//!
//! Run by [`load`](crate::load) on the document as a JSON value, only when its text has such a
//! ref. A ref whose target does not exist, or that leads back to itself through copies, is left
//! as it is, and the model reports it where it is written.

use crate::pointer::{escape, unescape};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};

/// The extension a component schema added here carries: the JSON pointer of the place it was
/// copied from.
pub const DEFINED_AT: &str = "x-codegen-defined-at";

/// Keys whose values are literal JSON, never read for refs: a `$ref` inside an example is
/// part of the example.
const LITERAL_KEYS: [&str; 4] = ["example", "examples", "default", "enum"];

/// How many `$ref`s one pointer may pass through on its way: more is a cycle.
const MAX_HOPS: usize = 64;

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

/// A ref this module rewrites: local, and not naming one whole component.
fn inlined(reference: &str) -> bool {
    reference
        .strip_prefix('#')
        .is_some_and(|pointer| whole_component(&tokens(pointer)).is_none())
}

/// The reference tokens of a pointer (`/a/b~1c` → `a`, `b/c`), percent-decoded as a URI
/// fragment is.
fn tokens(pointer: &str) -> Vec<String> {
    let decoded = percent_encoding::percent_decode_str(pointer).decode_utf8_lossy();
    decoded.split('/').skip(1).map(unescape).collect()
}

fn pointer_of(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("/{}", escape(t))).collect()
}

/// `(kind, name)` when the tokens name one whole component.
fn whole_component(tokens: &[String]) -> Option<(&str, &str)> {
    match tokens {
        [components, kind, name] if components == "components" => Some((kind, name)),
        _ => None,
    }
}

/// Whether the place holds a schema: a component schema or a part of one, or a `schema` of a
/// parameter, header or media type, or a part of that.
fn is_schema(tokens: &[String]) -> bool {
    tokens.starts_with(&["components".to_owned(), "schemas".to_owned()])
        || tokens.iter().any(|t| t == "schema")
}

/// Rewrites every such ref in `document` (see the module docs).
pub fn inline(document: &mut Value) {
    let existing: BTreeSet<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut rewriter = Rewriter {
        document,
        copies: HashMap::new(),
        copying: Vec::new(),
        hoisted: HashMap::new(),
        names: existing,
        added: Vec::new(),
    };
    let mut rewritten = document.clone();
    rewriter.rewrite(&mut rewritten);
    // Component schemas added for refs have refs of their own; those may add more.
    let mut done = 0;
    while done < rewriter.added.len() {
        let (name, mut schema) = rewriter.added[done].clone();
        rewriter.rewrite(&mut schema);
        rewriter.added[done] = (name, schema);
        done += 1;
    }
    let added = std::mem::take(&mut rewriter.added);
    if !added.is_empty() {
        let components = rewritten.as_object_mut().map(|root| {
            root.entry("components")
                .or_insert_with(|| Map::new().into())
        });
        if let Some(Value::Object(components)) = components {
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Map::new().into());
            if let Value::Object(schemas) = schemas {
                schemas.extend(added);
            }
        }
    }
    *document = rewritten;
}

struct Rewriter<'d> {
    document: &'d Value,
    /// Copies of non-schema targets, by the place they copy, their own refs rewritten; `None`
    /// for those that cannot be made.
    copies: HashMap<String, Option<Value>>,
    /// The places being copied, to tell a cycle.
    copying: Vec<String>,
    /// Component schema added for each place pointed at.
    hoisted: HashMap<String, String>,
    /// Every component schema name, taken or added.
    names: BTreeSet<String>,
    /// The component schemas added, in the order they were.
    added: Vec<(String, Value)>,
}

impl<'d> Rewriter<'d> {
    fn rewrite(&mut self, value: &mut Value) {
        self.rewrite_under(value, None);
    }

    /// Rewrites `value`, which sits under the key `under` of its parent object, if it does.
    fn rewrite_under(&mut self, value: &mut Value, under: Option<&str>) {
        match value {
            Value::Object(map) => {
                let reference = map.get("$ref").and_then(Value::as_str).map(str::to_owned);
                match reference.filter(|r| inlined(r)) {
                    Some(reference) => {
                        if let Some(replacement) = self.replacement(&reference) {
                            *value = replacement;
                        }
                    }
                    None => {
                        // Examples and defaults are values, whatever keys they hold; but under
                        // `properties`, every key names a schema.
                        let named_schemas = under == Some("properties");
                        for (key, child) in map.iter_mut() {
                            if named_schemas || !LITERAL_KEYS.contains(&key.as_str()) {
                                self.rewrite_under(child, Some(key));
                            }
                        }
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.rewrite_under(v, None)),
            _ => {}
        }
    }

    /// What a ref to `reference` becomes: a ref to a whole component, or a copy of its target.
    fn replacement(&mut self, reference: &str) -> Option<Value> {
        let (place, target) = resolve(self.document, reference.strip_prefix('#')?)?;
        if let Some((kind, name)) = whole_component(&place) {
            let pointer = format!("#/components/{kind}/{}", escape(name));
            return Some(serde_json::json!({ "$ref": pointer }));
        }
        if is_schema(&place) {
            let name = self.hoist(&place, target);
            let pointer = format!("#/components/schemas/{}", escape(&name));
            return Some(serde_json::json!({ "$ref": pointer }));
        }
        self.copy(&place, target)
    }

    /// The component schema added for the schema at `place` (added once, however many refs
    /// point there).
    fn hoist(&mut self, place: &[String], target: &Value) -> String {
        let pointer = pointer_of(place);
        if let Some(name) = self.hoisted.get(&pointer) {
            return name.clone();
        }
        let name = self.claim(place);
        let mut schema = target.clone();
        if let Value::Object(map) = &mut schema {
            map.insert(DEFINED_AT.to_owned(), format!("#{pointer}").into());
        }
        self.hoisted.insert(pointer, name.clone());
        self.added.push((name.clone(), schema));
        name
    }

    /// A name for the place, from its meaningful tokens, unused by any component schema.
    fn claim(&mut self, place: &[String]) -> String {
        const STRUCTURE: [&str; 6] = [
            "components",
            "schemas",
            "paths",
            "properties",
            "content",
            "schema",
        ];
        let words: Vec<&str> = place
            .iter()
            .map(String::as_str)
            .filter(|t| !STRUCTURE.contains(t))
            .collect();
        let base = words.join(".");
        let mut name = base.clone();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{base}.{n}");
            n += 1;
        }
        name
    }

    /// A copy of a non-schema target, its own refs rewritten.
    fn copy(&mut self, place: &[String], target: &Value) -> Option<Value> {
        let pointer = pointer_of(place);
        if let Some(done) = self.copies.get(&pointer) {
            return done.clone();
        }
        if self.copying.contains(&pointer) {
            return None;
        }
        let mut copy = target.clone();
        self.copying.push(pointer.clone());
        self.rewrite(&mut copy);
        self.copying.pop();
        self.copies.insert(pointer, Some(copy.clone()));
        Some(copy)
    }
}

/// The place a pointer names, passing through any `$ref` on its way, and what is there.
fn resolve<'d>(document: &'d Value, pointer: &str) -> Option<(Vec<String>, &'d Value)> {
    let mut pending: Vec<String> = tokens(pointer).into_iter().rev().collect();
    let mut place: Vec<String> = Vec::new();
    let mut at = document;
    let mut hops = 0;
    loop {
        // A ref on the way (or at the end) is followed before the next token.
        if let Some(next) = at.get("$ref").and_then(Value::as_str) {
            let next = next.strip_prefix('#')?;
            hops += 1;
            if hops > MAX_HOPS {
                return None;
            }
            place = tokens(next);
            at = document.pointer(&pointer_of(&place))?;
            continue;
        }
        let Some(token) = pending.pop() else {
            return Some((place, at));
        };
        at = match at {
            Value::Object(map) => map.get(&token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
        place.push(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_refs_to_places_other_than_whole_components_are_rewritten() {
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
    fn parameters_are_copied_and_schemas_become_components_that_say_where_they_are_from() {
        let mut doc = json!({
            "paths": {"/keys/{id}": {
                "get": {"parameters": [{"name": "id", "in": "path", "schema": {"$ref": "#/components/schemas/Key/properties/id"}}]},
                "delete": {"parameters": [{"$ref": "#/paths/~1keys~1%7Bid%7D/get/parameters/0"}]}
            }},
            "components": {"schemas": {"Key": {"properties": {"id": {"type": "integer"}}}}}
        });
        inline(&mut doc);
        let parameter =
            json!({"name": "id", "in": "path", "schema": {"$ref": "#/components/schemas/Key.id"}});
        assert_eq!(
            doc["paths"]["/keys/{id}"]["delete"]["parameters"][0],
            parameter
        );
        assert_eq!(
            doc["paths"]["/keys/{id}"]["get"]["parameters"][0],
            parameter
        );
        assert_eq!(
            doc["components"]["schemas"]["Key.id"],
            json!({"type": "integer", DEFINED_AT: "#/components/schemas/Key/properties/id"})
        );
    }

    #[test]
    fn pointers_pass_through_refs_and_recursion_stays_recursive() {
        let mut doc = json!({"components": {"schemas": {
            "Node": {"properties": {"next": {"$ref": "#/components/schemas/Link"}}},
            "Link": {"properties": {"node": {"properties": {
                "child": {"$ref": "#/components/schemas/Node/properties/next/properties/node"}
            }}}}
        }}});
        inline(&mut doc);
        // Node's `next` is Link, so the pointer names Link's `node`: a schema holding itself.
        let child = json!({"$ref": "#/components/schemas/Link.node"});
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Link"]["properties"]["node"]["properties"]["child"],
            child
        );
        assert_eq!(schemas["Link.node"]["properties"]["child"], child);
        assert_eq!(
            schemas["Link.node"][DEFINED_AT],
            "#/components/schemas/Link/properties/node"
        );
    }

    #[test]
    fn refs_inside_examples_are_part_of_the_example() {
        let example = json!({"value": {"$ref": "#/components/schemas/Key/example"}});
        let mut doc = json!({
            "paths": {"/k": {"get": {"responses": {"200": {"content": {"application/json": {
                "examples": {"one": example.clone()}
            }}}}}}},
            "components": {"schemas": {"Key": {"type": "string", "example": "k1"}}}
        });
        let before = doc.clone();
        inline(&mut doc);
        assert_eq!(doc, before);

        // A property may be called `example`, and is a schema like any other.
        let mut doc = json!({"components": {"schemas": {
            "Key": {"properties": {"id": {"type": "integer"}}},
            "Doc": {"properties": {"example": {"$ref": "#/components/schemas/Key/properties/id"}}}
        }}});
        inline(&mut doc);
        assert_eq!(
            doc["components"]["schemas"]["Doc"]["properties"]["example"],
            json!({"$ref": "#/components/schemas/Key.id"})
        );
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
