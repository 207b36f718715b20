//! The rules about resources: the accessor (`client.zones()`) and struct (`resources::Zones`)
//! that appear or disappear with their tag, and, with a feature per tag, the cargo feature of a
//! top-level one. Each is named once, beside the methods `operations` names.

use super::{Differ, Rule, Severity};
use crate::model::ir::{Api, Resource};
use std::collections::BTreeMap;

/// One resource as a caller reaches it.
struct Reached<'a> {
    resource: &'a Resource,
    /// The cargo feature that compiles it, for a top-level resource with a feature per tag.
    feature: Option<String>,
}

/// Every resource of `api` by its accessor path (`requests().messages()`).
fn reached(api: &Api) -> BTreeMap<String, Reached<'_>> {
    fn walk<'a>(resources: &'a [Resource], prefix: &str, out: &mut BTreeMap<String, Reached<'a>>) {
        for resource in resources {
            let path = format!("{prefix}{}()", resource.accessor.as_str());
            walk(&resource.children, &format!("{path}."), out);
            out.insert(
                path,
                Reached {
                    resource,
                    feature: None,
                },
            );
        }
    }
    let mut out = BTreeMap::new();
    walk(&api.resources, "", &mut out);
    if let Some(features) = &api.features {
        for (resource, gate) in api.resources.iter().zip(&features.tags) {
            let path = format!("{}()", resource.accessor.as_str());
            if let Some(reached) = out.get_mut(&path) {
                reached.feature = Some(gate.feature.clone());
            }
        }
    }
    out
}

/// "accessor `client.things()` and its struct `Things` (tag `things`, cargo feature `things`)".
fn described(path: &str, reached: &Reached<'_>) -> String {
    let feature = reached
        .feature
        .as_ref()
        .map_or_else(String::new, |f| format!(", cargo feature `{f}`"));
    format!(
        "accessor `client.{path}` and its struct `{}` (tag `{}`{feature})",
        reached.resource.type_name, reached.resource.tag
    )
}

impl Differ<'_> {
    pub(super) fn resources(&mut self) {
        let old = reached(self.old);
        let new = reached(self.new);
        for (path, before) in &old {
            match new.get(path) {
                None => {
                    let message = format!(
                        "{} removed: code naming them no longer compiles{}",
                        described(path, before),
                        if before.feature.is_some() {
                            ", and a `Cargo.toml` enabling the feature no longer resolves"
                        } else {
                            ""
                        }
                    );
                    self.push_removed(
                        Rule::ResourceRemoved,
                        before.resource.pointer.clone(),
                        message,
                    );
                }
                Some(after) if before.feature != after.feature => {
                    let message = format!(
                        "the cargo feature of `client.{path}` is `{}` instead of `{}`: a \
                         `Cargo.toml` enabling the old one no longer resolves",
                        after.feature.as_deref().unwrap_or_default(),
                        before.feature.as_deref().unwrap_or_default()
                    );
                    let pointer = after.resource.pointer.clone();
                    self.push(Severity::Breaking, Rule::ResourceRemoved, pointer, message);
                }
                Some(_) => {}
            }
        }
        for (path, after) in &new {
            if !old.contains_key(path) {
                let message = format!("{} added", described(path, after));
                let pointer = after.resource.pointer.clone();
                self.push(Severity::Compatible, Rule::ResourceAdded, pointer, message);
            }
        }
    }
}
