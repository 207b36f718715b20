//! Every Rust name the generator makes: types, fields, variants, methods, resources.
//!
//! heck does the case conversion; this module makes the result a legal, unsurprising identifier
//! (keywords become raw identifiers, or get a trailing `_` where Rust allows no raw form; leading
//! digits and non-ASCII are spelled out) and resolves collisions deterministically, first come
//! first served, with a numeric suffix.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords (strict, reserved and 2018+ edition) that need `r#` to be used as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Turns arbitrary text into ASCII words heck can case: non-ASCII characters become `uXXXX` words.
fn ascii_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:04x} ", c as u32));
        }
    }
    out
}

/// `snake_case` identifier for a field, parameter, method or module.
pub fn snake(text: &str) -> String {
    legal(ascii_words(text).to_snake_case(), "field", "n")
}

/// `UpperCamelCase` identifier for a type, variant or resource.
pub fn camel(text: &str) -> String {
    legal(ascii_words(text).to_upper_camel_case(), "Empty", "N")
}

/// A cased name made a legal identifier: `fallback` when empty, `digit_prefix` before a leading
/// digit, keywords made raw (or given a trailing `_`).
fn legal(name: String, fallback: &str, digit_prefix: &str) -> String {
    let name = if name.is_empty() {
        fallback.to_owned()
    } else {
        name
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    keyword_safe(name)
}

fn keyword_safe(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A snake_case Rust identifier the generator made: as code spells it (`r#type`) with
/// [`Ident::code`], as a reader sees it and serde matches it (`type`) with [`Ident::as_str`] and
/// `Display`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    /// An identifier already made legal (by [`snake`] or a [`Namer`]).
    pub fn new(legal: String) -> Self {
        Ident(legal)
    }

    /// As code spells it, with `r#` where it is a keyword.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// As a reader sees it: without the `r#`.
    pub fn as_str(&self) -> &str {
        unraw(&self.0)
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The identifier as serde and readers see it: without a leading `r#`.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Hands out names unique within one scope (a module, a struct's fields, an enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namer {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `wanted`, or `wanted2`, `wanted3`, … if it is taken. Raw identifiers keep their `r#`
    /// only while unsuffixed (`r#type` then `type2`).
    pub fn claim(&mut self, wanted: &str) -> String {
        let mut candidate = wanted.to_owned();
        let base = unraw(wanted).trim_end_matches('_').to_owned();
        let mut n = 2;
        while !self.taken.insert(unraw(&candidate).to_owned()) {
            let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
                "_"
            } else {
                ""
            };
            candidate = format!("{base}{sep}{n}");
            n += 1;
        }
        candidate
    }

    /// [`Namer::claim`] for a snake_case name: the claimed name as an [`Ident`].
    pub fn claim_ident(&mut self, wanted: &str) -> Ident {
        Ident::new(self.claim(wanted))
    }
}

/// The name of a generated struct's constructor; a field's setter may not take it.
pub const CONSTRUCTOR: &str = "new";

/// Setter names for a struct's fields, in order: each field's own name, except that a field
/// named like the constructor gets `set_new` (suffixed if a field already has that name).
pub fn setters(fields: &[&str]) -> Vec<String> {
    let mut taken: Vec<&str> = fields.iter().map(|f| unraw(f)).collect();
    taken.push(CONSTRUCTOR);
    let mut namer = Namer::with_reserved(&taken);
    fields
        .iter()
        .map(|field| {
            if unraw(field) == CONSTRUCTOR {
                namer.claim(&format!("set_{CONSTRUCTOR}"))
            } else {
                (*field).to_owned()
            }
        })
        .collect()
}

/// A method name from an operationId: snake_case, minus the resource's own name at its front
/// (`messages-create` in resource `messages` → `create`).
pub fn method_name(operation_id: &str, resource: &str) -> String {
    let full = snake(operation_id);
    let prefix = format!("{}_", unraw(&snake(resource)));
    match full.strip_prefix(&prefix) {
        Some(rest) if !rest.is_empty() => snake(rest),
        _ => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_table() {
        let table = [
            ("per_page", "per_page"),
            ("perPage", "per_page"),
            ("X-Auth-Email", "x_auth_email"),
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("async", "r#async"),
            ("1st", "n1st"),
            ("", "field"),
            ("---", "field"),
            ("名前", "u540d_u524d"),
            ("café", "caf_u00e9"),
            ("$ref", "r#ref"),
            ("a.b[c]", "a_b_c"),
        ];
        for (input, expected) in table {
            assert_eq!(snake(input), expected, "snake({input:?})");
        }
    }

    /// Type and variant names stay `String`s: no keyword is UpperCamelCase, so none is raw.
    #[test]
    fn camel_names_are_never_raw() {
        for keyword in KEYWORDS.iter().chain(NOT_RAW) {
            assert!(!camel(keyword).starts_with("r#"), "{keyword}");
        }
        assert_eq!(camel("self"), "Self_");
    }

    #[test]
    fn camel_case_table() {
        let table = [
            ("request-item", "RequestItem"),
            (
                "cloudforce-one-requests_request-item",
                "CloudforceOneRequestsRequestItem",
            ),
            ("amber-strict", "AmberStrict"),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("3d", "N3d"),
            ("", "Empty"),
            ("*/", "Empty"),
            ("über", "U00fcBer"),
        ];
        for (input, expected) in table {
            assert_eq!(camel(input), expected, "camel({input:?})");
        }
    }

    #[test]
    fn namer_suffixes_collisions_in_claim_order() {
        let mut namer = Namer::default();
        assert_eq!(namer.claim("foo_bar"), "foo_bar");
        assert_eq!(namer.claim("foo_bar"), "foo_bar2");
        assert_eq!(namer.claim("foo_bar"), "foo_bar3");
        assert_eq!(namer.claim("r#type"), "r#type");
        assert_eq!(namer.claim("r#type"), "type2");
        assert_eq!(namer.claim("v1"), "v1");
        assert_eq!(namer.claim("v1"), "v1_2");
    }

    #[test]
    fn namer_respects_reserved_names() {
        let mut namer = Namer::with_reserved(&["Unknown"]);
        assert_eq!(namer.claim("Unknown"), "Unknown2");
    }

    #[test]
    fn setters_are_the_field_names_except_for_the_constructor() {
        let table: [(&[&str], &[&str]); 4] = [
            (&["summary", "r#type"], &["summary", "r#type"]),
            (&["new"], &["set_new"]),
            (&["new", "set_new"], &["set_new2", "set_new"]),
            (&["newer", "renew"], &["newer", "renew"]),
        ];
        for (fields, expected) in table {
            assert_eq!(setters(fields), expected, "setters({fields:?})");
        }
    }

    #[test]
    fn method_names_drop_the_resource_prefix() {
        assert_eq!(method_name("messages-create", "messages"), "create");
        assert_eq!(method_name("requests-list", "requests"), "list");
        assert_eq!(method_name("priority-quota", "priority"), "quota");
        assert_eq!(
            method_name(
                "cloudforce-one-request-list",
                "Request for Information (RFI)"
            ),
            "cloudforce_one_request_list"
        );
        assert_eq!(method_name("requests", "requests"), "requests");
        assert_eq!(method_name("type-type", "type"), "r#type");
    }
}
