//! Stage 1: text → `openapiv3::OpenAPI`.
//!
//! YAML or JSON (chosen by the first non-blank character), with syntax and shape errors reported
//! as `file:line:column`. OpenAPI 3.0.x is read as it is and 3.1.x as said in 3.0's terms
//! ([`crate::normalise`], which also sets callbacks and webhooks aside); any other version is
//! named in the error. Local `$ref`s to places inside the document other than whole components
//! are followed here ([`crate::inline`]), so the model meets only refs to components.

use crate::error::Error;
use crate::normalise::Place;
use openapiv3::OpenAPI;
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;

/// Reads a spec file as text; bytes that are not UTF-8 are an error naming where they start.
pub fn read(path: &std::path::Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    text(bytes, &path.display().to_string())
}

/// A spec's bytes as text; `file` is how errors name it. Where the bytes stop being UTF-8 is
/// given as line:column and byte offset, so the offending byte can be found.
pub fn text(bytes: Vec<u8>, file: &str) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..offset];
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = 1 + String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count();
        Error::Syntax {
            file: file.to_owned(),
            line,
            column,
            message: format!(
                "the spec is not UTF-8 text: byte {offset} (0x{:02x}) is not valid UTF-8",
                e.as_bytes()[offset]
            ),
        }
    })
}

/// What reading a text that starts with `{` finds: `None` when it is not JSON but is YAML (a
/// flow-style YAML document, `{openapi: 3.0.3, …}`). serde_json keeps the last of a repeated
/// key, and openapiv3's typed parse panics on one, so a repeated key is refused here, at its
/// place; a text that is neither JSON nor YAML is refused with the JSON error.
fn scan_json(text: &str, file: &str) -> Result<Option<Scan>, Error> {
    let err = match scan(text) {
        Ok(scan) => return Ok(Some(scan)),
        Err(err) => err,
    };
    let repeated_key = err.classify() == serde_json::error::Category::Data;
    if !repeated_key
        && crate::nesting::check(text, file).is_ok()
        && serde_yaml::from_str::<serde_yaml::Value>(text).is_ok()
    {
        return Ok(None);
    }
    Err(json_error(err, file))
}

/// Parses a spec's text; `file` is how errors name it.
pub fn load(text: &str, file: &str) -> Result<Loaded, Error> {
    let json = if text.trim_start().starts_with('{') {
        scan_json(text, file)?
    } else {
        None
    };
    let is_json = json.is_some();
    // The version the document declares, when it is a string (what decides how it is read),
    // and whether it has callbacks or webhooks to set aside.
    let Scan {
        version: declared,
        sets_aside,
    } = match json {
        Some(scan) => scan,
        None => checked_yaml(text, file)?,
    };
    // A document that has to be read through a JSON value (3.1 schemas to restate, refs to
    // follow, callbacks to set aside) is read that way at once when its version says how: a
    // typed reading first would be thrown away. Should that fail, the steps below find the
    // error to report, as before.
    if declared.as_deref().is_some_and(is_31) {
        return through_value(text, is_json, file, true);
    }
    let through_value_first = crate::inline::needed(text) || sets_aside;
    if through_value_first && declared.as_deref().is_some_and(is_30) {
        if let Ok(loaded) = through_value(text, is_json, file, false) {
            return Ok(loaded);
        }
    }
    let typed = std::panic::catch_unwind(|| {
        if is_json {
            // Through serde_path_to_error as the JSON read back in `through_value` is, so that
            // openapiv3's reading is compiled for one JSON deserializer, not two.
            let mut reader = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize::<_, OpenAPI>(&mut reader)
                .map_err(|e| json_error(e.into_inner(), file))
        } else {
            serde_yaml::from_str::<OpenAPI>(text).map_err(|e| yaml_error(e, file))
        }
    });
    // openapiv3 can panic on input its two parsing passes read differently (repeated keys,
    // refused above); should anything else do so, that is still a broken spec, not a reason to
    // crash.
    let parsed = typed.unwrap_or_else(|_| {
        Err(Error::Syntax {
            file: file.to_owned(),
            line: 1,
            column: 1,
            message: "the document could not be read as OpenAPI 3.0 (is a key repeated?)"
                .to_owned(),
        })
    });
    match parsed {
        // A version written as something other than a string, read as one by the typed parse.
        Ok(api) if is_31(&api.openapi) => {
            drop(api);
            through_value(text, is_json, file, true)
        }
        Ok(api) => {
            check_version(&api.openapi, file)?;
            if through_value_first {
                // Read again, and the first reading is no use: freed before the second.
                drop(api);
                return through_value(text, is_json, file, false);
            }
            Ok(Loaded {
                api,
                set_aside: Vec::new(),
            })
        }
        // Callbacks given as `$ref`s do not parse as 3.0's typed callbacks; set aside, the rest
        // may. Otherwise the first error stands: it has a position.
        Err(err) if sets_aside => through_value(text, is_json, file, false).map_err(|_| err),
        // A 3.2 or 2.0 document usually fails to parse as 3.0; saying the version beats saying
        // which field did not fit.
        Err(err) => Err(version_error(text, is_json, file).unwrap_or(err)),
    }
}

/// A YAML document's declared version (when it is a string) and whether it has callbacks or
/// webhooks, once its text is known to be YAML a typed parse can read: flow nesting the parser
/// would take quadratic time over, YAML syntax errors and repeated keys are refused here, each
/// at its line and column (repeated keys also trip a panic inside openapiv3's typed parse).
fn checked_yaml(text: &str, file: &str) -> Result<Scan, Error> {
    crate::nesting::check(text, file)?;
    let plain = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| {
        let mut error = yaml_error(e, file);
        if let Error::Syntax {
            line,
            column,
            message,
            ..
        } = &mut error
        {
            let key = message
                .strip_prefix("duplicate entry with key ")
                .map(|k| k.trim_matches('"'));
            if let Some((l, c)) = key.and_then(|k| find_duplicate_key(text, k)) {
                (*line, *column) = (l, c);
            }
        }
        error
    })?;
    Ok(Scan {
        version: (plain.get("openapi").and_then(serde_yaml::Value::as_str)).map(str::to_owned),
        sets_aside: yaml_sets_aside(&plain, Place::Root),
    })
}

/// Whether a YAML value at `place` has a key [`crate::normalise`] sets aside.
fn yaml_sets_aside(value: &serde_yaml::Value, place: Place) -> bool {
    let Some(map) = value.as_mapping() else {
        return false;
    };
    map.iter().any(|(key, value)| {
        key.as_str().is_some_and(|key| {
            place.sets_aside(key) || {
                let inner = place.child(key);
                inner != Place::Other && yaml_sets_aside(value, inner)
            }
        })
    })
}

/// A document read, and what it describes that a client has no use for, set aside.
#[derive(Debug)]
pub struct Loaded {
    pub api: OpenAPI,
    /// Callbacks and webhooks: requests the server makes ([`crate::normalise`]).
    pub set_aside: Vec<crate::normalise::SetAside>,
}

fn is_31(version: &str) -> bool {
    version.starts_with("3.1.") || version == "3.1"
}

/// The document read as JSON first: a 3.1 document's schemas said in 3.0's terms and its
/// callbacks and webhooks set aside ([`crate::normalise`]), and refs to places other than whole
/// components replaced by copies of their targets ([`crate::inline`]). It has parsed as YAML or
/// JSON already, so the errors here are about what does not fit OpenAPI 3.0's shape.
fn through_value(text: &str, is_json: bool, file: &str, is_31: bool) -> Result<Loaded, Error> {
    let mut document: serde_json::Value = if is_json {
        serde_json::from_str(text).map_err(|e| json_error(e, file))?
    } else {
        serde_yaml::from_str(text).map_err(|e| yaml_error(e, file))?
    };
    let set_aside = crate::normalise::normalise(&mut document, is_31);
    if crate::inline::needed(text) {
        crate::inline::inline(&mut document);
    }
    let read_as = if is_31 {
        "read as OpenAPI 3.0 (from 3.1)"
    } else {
        "with its local $refs followed and its callbacks set aside, read as OpenAPI 3.0"
    };
    // Read back from its text rather than from the value: openapiv3's untagged enums buffer
    // what they read, and a value's strings are copied into that buffer where the text's are
    // borrowed (Microsoft Graph's document: 0.45 s instead of 0.75 s). The value is freed
    // first.
    let normalised = document.to_string();
    drop(document);
    let mut reader = serde_json::Deserializer::from_str(&normalised);
    let api: OpenAPI = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
        let pointer = e.path().iter().fold("#".to_owned(), |pointer, segment| {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => format!("{pointer}/{index}"),
                Segment::Map { key } => format!("{pointer}/{}", crate::pointer::escape(key)),
                Segment::Enum { .. } | Segment::Unknown => pointer,
            }
        });
        Error::Semantic {
            file: file.to_owned(),
            line: None,
            pointer,
            context: None,
            message: format!(
                "{read_as}, the document does not fit: {}",
                // Where in the one-line text it failed says nothing; the pointer says where.
                strip_position(&e.inner().to_string())
            ),
        }
    })?;
    check_version(&api.openapi, file)?;
    Ok(Loaded { api, set_aside })
}

fn is_30(version: &str) -> bool {
    version.starts_with("3.0.") || version == "3.0"
}

fn check_version(version: &str, file: &str) -> Result<(), Error> {
    if is_30(version) || is_31(version) {
        Ok(())
    } else {
        Err(Error::Semantic {
            file: file.to_owned(),
            line: None,
            pointer: "#/openapi".to_owned(),
            context: None,
            message: format!(
                "OpenAPI version {version:?} is not supported: this generator reads OpenAPI 3.0.x and 3.1.x"
            ),
        })
    }
}

/// The version fields alone, of a document that failed to parse as 3.0.
#[derive(serde::Deserialize)]
struct Versions {
    openapi: Option<serde_json::Value>,
    swagger: Option<serde_json::Value>,
}

fn versions(text: &str, is_json: bool) -> Option<Versions> {
    if is_json {
        serde_json::from_str(text).ok()
    } else {
        serde_yaml::from_str(text).ok()
    }
}

/// Reads only the version fields, to explain a document that failed to parse as 3.0.
fn version_error(text: &str, is_json: bool, file: &str) -> Option<Error> {
    let versions = versions(text, is_json)?;
    let shown = |v: serde_json::Value| {
        v.as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| v.to_string())
    };
    match (versions.openapi, versions.swagger) {
        (Some(v), _) => check_version(&shown(v), file).err(),
        (None, Some(v)) => check_version(&format!("swagger {}", shown(v)), file).err(),
        (None, None) => Some(Error::Semantic {
            file: file.to_owned(),
            line: None,
            pointer: "#".to_owned(),
            context: None,
            message: "not an OpenAPI document: there is no `openapi` field".to_owned(),
        }),
    }
}

fn yaml_error(err: serde_yaml::Error, file: &str) -> Error {
    let message = strip_position(&err.to_string());
    let (line, column) = err
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    Error::Syntax {
        file: file.to_owned(),
        line,
        column,
        message,
    }
}

/// serde_yaml reports a duplicate key without its position; finds the second occurrence of a
/// key in the same block mapping (same indentation, no shallower line in between).
fn find_duplicate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    // For each open indentation level, the keys seen in its block so far.
    let mut blocks: Vec<(usize, Vec<&str>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let content = content.strip_prefix("- ").unwrap_or(content);
        let indent = line.len() - content.len();
        blocks.retain(|(level, _)| *level <= indent);
        let Some((this_key, _)) = content.split_once(':') else {
            continue;
        };
        let this_key = this_key.trim().trim_matches(['"', '\'']);
        match blocks.last_mut() {
            Some((level, keys)) if *level == indent => {
                if this_key == key && keys.contains(&this_key) {
                    return Some((i + 1, indent + 1));
                }
                keys.push(this_key);
            }
            _ => blocks.push((indent, vec![this_key])),
        }
    }
    None
}

/// What one reading of a document's text finds before its typed reading.
#[derive(Debug, Default)]
struct Scan {
    /// The `openapi` field, when it is a string.
    version: Option<String>,
    /// Whether it has callbacks or webhooks, which [`crate::normalise`] sets aside.
    sets_aside: bool,
}

/// A JSON text's syntax, with a key given twice in one object refused at the place of the
/// second (serde_json reads the text as it would for any value, nesting limit included), and
/// what [`Scan`] holds.
fn scan(text: &str) -> Result<Scan, serde_json::Error> {
    let mut scan = Scan::default();
    let mut reader = serde_json::Deserializer::from_str(text);
    Walk {
        scan: &mut scan,
        place: Place::Root,
        version: false,
    }
    .deserialize(&mut reader)?;
    reader.end()?;
    Ok(scan)
}

/// Reads any JSON value whose objects have no repeated key, noting in `scan` what it finds.
struct Walk<'s> {
    scan: &'s mut Scan,
    place: Place,
    /// Whether this is the document's `openapi` field.
    version: bool,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, value: &str) -> Result<(), E> {
        if self.version {
            self.scan.version = Some(value.to_owned());
        }
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while items
            .next_element_seed(Walk {
                scan: &mut *self.scan,
                place: Place::Other,
                version: false,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if keys.contains(&key) {
                return Err(A::Error::custom(format!("the key {key:?} is repeated")));
            }
            self.scan.sets_aside |= self.place.sets_aside(&key);
            map.next_value_seed(Walk {
                scan: &mut *self.scan,
                place: self.place.child(&key),
                version: self.place == Place::Root && key == "openapi",
            })?;
            keys.insert(key);
        }
        Ok(())
    }
}

fn json_error(err: serde_json::Error, file: &str) -> Error {
    let message = strip_position(&err.to_string());
    Error::Syntax {
        file: file.to_owned(),
        line: err.line().max(1),
        column: err.column().max(1),
        message,
    }
}

/// serde's messages end with " at line L column C"; the position is already in the error's prefix.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_syntax_error_names_line_and_column() {
        let err = load("openapi: 3.0.3\ninfo: [unclosed\n", "s.yaml").unwrap_err();
        let Error::Syntax { line, .. } = err else {
            panic!("{err:?}")
        };
        assert!(line >= 2);
    }

    #[test]
    fn openapi_31_is_read_and_3_2_refused_by_version() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";
        assert_eq!(load(text, "s.yaml").unwrap().api.openapi, "3.0.3");
        let text = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let err = load(text, "s.yaml").unwrap_err().to_string();
        assert!(err.contains("\"3.2.0\" is not supported"), "{err}");
        let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let err = load(text, "s.yaml").unwrap_err().to_string();
        assert!(err.contains("\"swagger 2.0\" is not supported"), "{err}");
    }

    #[test]
    fn a_flow_style_yaml_document_is_read_as_yaml() {
        let text = "{openapi: 3.0.3, info: {title: t, version: '1'}, paths: {}}\n";
        assert_eq!(load(text, "s.yaml").unwrap().api.info.title, "t");
        // Neither JSON nor YAML: the JSON error, at its place.
        let err = load("{\"openapi\": \"3.0.3\",\n  \"info\": [}", "s.json").unwrap_err();
        let Error::Syntax { line, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(line, 2);
        // A repeated key is refused, though YAML (which serde_yaml refuses too) is not tried.
        let text = "{\"openapi\": \"3.0.3\", \"openapi\": \"3.0.3\"}";
        let err = load(text, "s.json").unwrap_err().to_string();
        assert!(err.contains("repeated"), "{err}");
    }

    #[test]
    fn duplicate_yaml_keys_are_reported_where_they_are() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n";
        let err = load(text, "s.yaml").unwrap_err().to_string();
        assert!(
            err.starts_with("s.yaml:4:") && err.contains("duplicate"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_keys_are_found_in_their_own_block_only() {
        let text = "a:\n  x: 1\nb:\n  x: 2\n  y: 3\n  - x: 4\n  x: 5\n";
        assert_eq!(find_duplicate_key(text, "x"), Some((7, 3)));
        assert_eq!(find_duplicate_key("a: 1\nb: 2\n", "a"), None);
    }

    #[test]
    fn json_is_detected_by_its_first_character() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
        assert_eq!(load(text, "s.json").unwrap().api.info.title, "t");
    }

    #[test]
    fn a_document_read_through_a_value_says_what_does_not_fit_and_not_where_in_its_text() {
        let text =
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
                    operationId: a\n      parameters: 5\n      responses: {}\n";
        let Err(Error::Semantic { message, .. }) = load(text, "s.yaml") else {
            panic!("a semantic error");
        };
        assert!(
            message.ends_with("does not fit: invalid type: integer `5`, expected a sequence"),
            "{message}"
        );
    }

    /// The property names of the component schema `S`, in the order the model sees them.
    fn property_order(loaded: &Loaded) -> Vec<String> {
        let components = loaded.api.components.as_ref().expect("components");
        let openapiv3::ReferenceOr::Item(schema) = &components.schemas["S"] else {
            panic!("S is a schema");
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind
        else {
            panic!("S is an object");
        };
        object.properties.keys().cloned().collect()
    }

    #[test]
    fn properties_keep_the_document_s_order_however_it_is_read() {
        let json = |operation: &str| {
            format!(
                r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}},
                "paths": {{"/a": {{"get": {{{operation}"responses": {{}}}}}}}},
                "components": {{"schemas": {{"S": {{"type": "object", "properties":
                {{"zeta": {{}}, "callbacks": {{}}, "alpha": {{}}, "webhooks": {{}}}}}}}}}}}}"#
            )
        };
        // Properties named like what is set aside are only properties: read directly.
        let direct = load(&json(""), "s.json").unwrap();
        assert!(direct.set_aside.is_empty());
        // An operation's callbacks send the document through a JSON value.
        let through_value = load(&json(r#""callbacks": {}, "#), "s.json").unwrap();
        assert_eq!(through_value.set_aside.len(), 1);
        let yaml_31 = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
                       schemas:\n    S:\n      type: object\n      properties:\n        \
                       zeta: {}\n        callbacks: {}\n        alpha: {}\n        webhooks: {}\n";
        let yaml_31 = load(yaml_31, "s.yaml").unwrap();
        for loaded in [direct, through_value, yaml_31] {
            assert_eq!(
                property_order(&loaded),
                ["zeta", "callbacks", "alpha", "webhooks"]
            );
        }
    }
}
