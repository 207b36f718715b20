//! The rules about identical types, for clients generated with `share_identical_types`: there
//! types the spec defines identically are one type, so a change can join two types into one or
//! part one into several, whatever it does to their fields.
//!
//! Both are breaking. Joined, a trait a user implemented for each is now implemented twice for
//! one type; parted, code that passed one where the other was expected no longer type-checks.
//! Only types present on both sides count: a new type joining a class was never used apart.
//! Each side is judged as it is generated: a document that crosses
//! [`LARGE_DOCUMENT_OPERATIONS`](crate::LARGE_DOCUMENT_OPERATIONS) with the setting unset starts
//! or stops sharing, and every class it has is then joined or parted.

use super::{Differ, Rule, Severity};
use crate::model::identical::classes;
use crate::model::ir::Api;
use std::collections::BTreeMap;

impl Differ<'_> {
    /// `shared`: whether each side (old, new) is generated with identical types shared.
    pub(super) fn identical_types(&mut self, shared: (bool, bool)) {
        let (old, new) = (class_of(self.old, shared.0), class_of(self.new, shared.1));
        for (before, after, rule, relation, consequence) in [
            (
                &old,
                &new,
                Rule::TypesSeparated,
                "no longer the same type as",
                "the spec now defines them differently, so code passing one where the other is \
                 expected no longer compiles",
            ),
            (
                &new,
                &old,
                Rule::TypesJoined,
                "now the same type as",
                "the spec now defines them identically, so code implementing one trait for both \
                 no longer compiles",
            ),
        ] {
            for (parted, whole) in parts(before, after) {
                let names = parted.iter().map(|name| format!("`{name}`"));
                let is = if parted.len() == 1 { "is" } else { "are" };
                let names = names.collect::<Vec<_>>().join(", ");
                let whole = whole.as_str();
                let message = format!("{names} {is} {relation} `{whole}`: {consequence}");
                let pointer = self.new.types[&parted[0]].pointer.clone();
                self.push(Severity::Breaking, rule, pointer, message);
            }
        }
    }
}

/// Each type's class, named by its canonical type; types identical to no other, and every type
/// when `api` is generated without sharing, are their own.
pub(super) fn class_of(api: &Api, shared: bool) -> BTreeMap<String, String> {
    let mut class: BTreeMap<String, String> = api
        .types
        .keys()
        .map(|name| (name.clone(), name.clone()))
        .collect();
    if !shared {
        return class;
    }
    for (canonical, others) in classes(api) {
        for other in others {
            class.insert(other, canonical.clone());
        }
    }
    class
}

/// How the classes of `before` come apart in `after`, among types on both sides: for each class
/// that does, every part but the largest (the one holding the class's canonical type on a tie),
/// with a member of that largest part.
fn parts(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Vec<(Vec<String>, String)> {
    let mut classes: BTreeMap<&str, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    for (name, class) in before {
        if let Some(class_after) = after.get(name) {
            classes
                .entry(class)
                .or_default()
                .entry(class_after)
                .or_default()
                .push(name.clone());
        }
    }
    let mut out = Vec::new();
    for (canonical, parts) in classes {
        if parts.len() < 2 {
            continue;
        }
        let mut parts: Vec<Vec<String>> = parts.into_values().collect();
        parts.sort_by_key(|part| {
            (
                std::cmp::Reverse(part.len()),
                !part.iter().any(|name| name == canonical),
            )
        });
        let whole = parts[0][0].clone();
        out.extend(parts.into_iter().skip(1).map(|part| (part, whole.clone())));
    }
    out
}
