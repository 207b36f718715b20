//! What a generated method hands the runtime: an operation's method, path, parameters and body,
//! built up front so a call can be sent (and re-sent) without borrowing the caller's values.
//!
//! Path parameters are percent-encoded into exactly one segment each; an empty id, or one that
//! is `.` or `..`, is refused before any request is made. Query and header values come from
//! serde, so enums and numbers are spelled as on the wire.

use crate::error::Error;
use crate::upload::Upload;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;

/// Everything but RFC 3986's unreserved characters is encoded, so `/`, `?`, `#`, `%` and spaces
/// stay inside the segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether an operation may be sent again after the server may have acted on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Reads, updates, deletes and list queries: sending twice does no harm.
    Idempotent,
    /// Operations that create something: sent again only when the server certainly did not act.
    NotIdempotent,
}

/// How to read a success response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decode {
    /// A Cloudflare envelope: return its `result`.
    Envelope,
    /// A Cloudflare envelope with no `result`: check `success`, return `()`.
    EnvelopeWithoutResult,
    /// A plain JSON body.
    Json,
    /// Any other body, returned as its bytes.
    Bytes,
    /// No body worth reading.
    Empty,
}

/// One part of a multipart body.
#[derive(Clone, Debug)]
pub(crate) enum PartData {
    File(Upload),
    Text(String),
}

/// A multipart body, kept as data so each attempt can build its own form.
#[derive(Clone, Debug, Default)]
pub struct Multipart {
    pub(crate) parts: Vec<(&'static str, PartData)>,
    error: Option<String>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// A file part.
    pub fn file(mut self, name: &'static str, upload: Upload) -> Self {
        self.parts.push((name, PartData::File(upload)));
        self
    }

    /// A file part, left out when `None`.
    pub fn file_opt(self, name: &'static str, upload: Option<Upload>) -> Self {
        match upload {
            Some(upload) => self.file(name, upload),
            None => self,
        }
    }

    /// A part sent as text, spelled as on the wire (`null` leaves it out).
    pub fn text(mut self, name: &'static str, value: impl Serialize) -> Self {
        match text_value(value) {
            Ok(Some(text)) => self.parts.push((name, PartData::Text(text))),
            Ok(None) => {}
            Err(e) => self.error = Some(format!("part `{name}`: {e}")),
        }
        self
    }

    /// A text part, left out when `None`.
    pub fn text_opt(self, name: &'static str, value: Option<impl Serialize>) -> Self {
        match value {
            Some(value) => self.text(name, value),
            None => self,
        }
    }

    /// The files to upload, to check before an attempt.
    pub(crate) fn files(&self) -> impl Iterator<Item = &Upload> {
        self.parts.iter().filter_map(|(_, part)| match part {
            PartData::File(upload) => Some(upload),
            PartData::Text(_) => None,
        })
    }

    /// A fresh `reqwest` form for one attempt.
    pub(crate) fn to_form(&self) -> reqwest::multipart::Form {
        self.parts.iter().fold(
            reqwest::multipart::Form::new(),
            |form, (name, part)| match part {
                PartData::Text(text) => form.text(*name, text.clone()),
                PartData::File(upload) => form.part(*name, upload.part()),
            },
        )
    }
}

/// A request body.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    None,
    Json(bytes::Bytes),
    Multipart(Multipart),
    /// A file sent as the whole body, with the spec's media type (or, where the spec's is a
    /// range such as `image/*`, the file's own).
    Binary {
        media_type: &'static str,
        upload: Upload,
    },
}

impl Body {
    /// The files the body sends, to check before an attempt.
    pub(crate) fn files(&self) -> Vec<&Upload> {
        match self {
            Body::Multipart(form) => form.files().collect(),
            Body::Binary { upload, .. } => vec![upload],
            Body::None | Body::Json(_) => Vec::new(),
        }
    }
}

/// A value sent as its JSON text, as a `content` parameter is: `AsJson(&["a", "b"])` is the
/// single value `["a","b"]`, not two.
pub struct AsJson<T>(pub T);

impl<T: Serialize> Serialize for AsJson<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

/// One operation's request, ready to send.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) retry: Retry,
    /// Already percent-encoded.
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
    /// The first argument that was refused; reported when the call is awaited.
    pub(crate) invalid: Option<String>,
}

impl Request {
    /// A request for `operation`; its path, parameters and body are added by the methods below.
    pub fn new(operation: &'static str, method: Method, retry: Retry) -> Self {
        Request {
            operation,
            method,
            retry,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            invalid: None,
        }
    }

    fn refuse(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// A literal piece of the path template.
    pub fn path(mut self, literal: &str) -> Self {
        self.path.push_str(literal);
        self
    }

    /// A path parameter, spelled as on the wire and encoded into exactly one segment.
    pub fn path_param(mut self, name: &str, value: impl Serialize) -> Self {
        let value = match text_value(value) {
            Ok(value) => value.unwrap_or_default(),
            Err(e) => {
                self.refuse(format!("`{name}`: {e}"));
                return self;
            }
        };
        if value.is_empty() {
            self.refuse(format!("`{name}` is empty"));
        } else if value == "." || value == ".." {
            self.refuse(format!("`{name}` is {value:?}, which names no resource"));
        }
        self.path.extend(utf8_percent_encode(&value, SEGMENT));
        self
    }

    /// A query parameter; `None` leaves it out, a sequence repeats it.
    pub fn query(mut self, name: &'static str, value: impl Serialize) -> Self {
        match serde_json::to_value(&value) {
            Ok(serde_json::Value::Array(items)) => {
                for item in items {
                    if let Some(text) = scalar_text(&item) {
                        self.query.push((name, text));
                    }
                }
            }
            Ok(value) => {
                if let Some(text) = scalar_text(&value) {
                    self.query.push((name, text));
                }
            }
            Err(e) => self.refuse(format!("query parameter `{name}`: {e}")),
        }
        self
    }

    /// An optional query parameter set on a call: what an earlier setting of it added is
    /// replaced.
    pub(crate) fn replace_query(mut self, name: &'static str, value: impl Serialize) -> Self {
        self.query.retain(|(set, _)| *set != name);
        self.query(name, value)
    }

    /// An optional header parameter set on a call, replacing an earlier setting of it.
    pub(crate) fn replace_header(mut self, name: &'static str, value: impl Serialize) -> Self {
        self.headers.retain(|(set, _)| *set != name);
        self.header(name, value)
    }

    /// A header parameter; `None` leaves it out. Values with line breaks are refused.
    pub fn header(mut self, name: &'static str, value: impl Serialize) -> Self {
        match text_value(value) {
            Ok(Some(text)) if text.contains(['\r', '\n']) => {
                self.refuse(format!("header `{name}` contains a line break"))
            }
            Ok(Some(text)) => self.headers.push((name, text)),
            Ok(None) => {}
            Err(e) => self.refuse(format!("header `{name}`: {e}")),
        }
        self
    }

    /// A JSON body, serialised now.
    pub fn json(mut self, body: impl Serialize) -> Self {
        match serde_json::to_vec(&body) {
            Ok(bytes) => self.body = Body::Json(bytes.into()),
            Err(e) => self.refuse(format!("the body could not be serialised: {e}")),
        }
        self
    }

    /// An optional JSON body.
    pub fn json_opt(self, body: Option<impl Serialize>) -> Self {
        match body {
            Some(body) => self.json(body),
            None => self,
        }
    }

    /// A file as the whole body, sent as `media_type`.
    pub fn binary(mut self, media_type: &'static str, upload: Upload) -> Self {
        self.body = Body::Binary { media_type, upload };
        self
    }

    /// A file as the whole body, if there is one.
    pub fn binary_opt(self, media_type: &'static str, upload: Option<Upload>) -> Self {
        match upload {
            Some(upload) => self.binary(media_type, upload),
            None => self,
        }
    }

    /// A multipart body.
    pub fn multipart(mut self, form: Multipart) -> Self {
        if let Some(error) = &form.error {
            self.refuse(error.clone());
        }
        self.body = Body::Multipart(form);
        self
    }

    /// The refusal, if an argument was refused.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match &self.invalid {
            Some(message) => Err(Error::InvalidArgument {
                operation: self.operation,
                message: message.clone(),
            }),
            None => Ok(()),
        }
    }
}

/// A scalar as query or header text; `None` for null.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn text_value(value: impl Serialize) -> Result<Option<String>, serde_json::Error> {
    serde_json::to_value(value).map(|v| scalar_text(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(id: &str) -> String {
        Request::new("op", Method::GET, Retry::Idempotent)
            .path("/r/")
            .path_param("id", id)
            .path("/x")
            .path
    }

    #[test]
    fn hostile_ids_stay_inside_one_segment() {
        let table = [
            ("../admin", "/r/..%2Fadmin/x"),
            ("a/b", "/r/a%2Fb/x"),
            ("a?b=c", "/r/a%3Fb%3Dc/x"),
            ("a#b", "/r/a%23b/x"),
            ("100%", "/r/100%25/x"),
            ("a b", "/r/a%20b/x"),
            ("é", "/r/%C3%A9/x"),
            (
                "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
                "/r/f174e90a-fafe-4643-bbbc-4a0ed4fc8415/x",
            ),
        ];
        for (id, expected) in table {
            assert_eq!(path_of(id), expected, "{id:?}");
        }
    }

    #[test]
    fn empty_and_dot_ids_are_refused() {
        for id in ["", ".", ".."] {
            let request = Request::new("op", Method::GET, Retry::Idempotent).path_param("id", id);
            assert!(request.check().is_err(), "{id:?}");
        }
    }

    #[test]
    fn query_values_are_spelled_as_on_the_wire() {
        let request = Request::new("op", Method::GET, Retry::Idempotent)
            .query("a", Some(3))
            .query("b", None::<i64>)
            .query("c", ["x", "y"])
            .query("d", true);
        assert_eq!(
            request.query,
            [
                ("a", "3".to_owned()),
                ("c", "x".to_owned()),
                ("c", "y".to_owned()),
                ("d", "true".to_owned())
            ]
        );
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let request = Request::new("op", Method::GET, Retry::Idempotent).header("x", "a\r\nb");
        assert!(request.check().is_err());
    }

    #[test]
    fn a_json_parameter_is_one_value_holding_its_json_text() {
        let request = Request::new("a", Method::GET, Retry::Idempotent)
            .query("ids", AsJson(["a", "b"]))
            .header("X-Filter", AsJson(serde_json::json!({"status": "open"})));
        assert_eq!(request.query, [("ids", r#"["a","b"]"#.to_owned())]);
        assert_eq!(
            request.headers,
            [("X-Filter", r#"{"status":"open"}"#.to_owned())]
        );
    }
}
