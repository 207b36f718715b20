//! Which cargo feature gates each part of the generated code, when a large document is generated
//! with a feature per tag (a top-level resource, with the resources nested under it), so a crate
//! that needs two products compiles two.
//!
//! A type belongs to every tag whose operations send or return it, directly or inside another
//! type; it is compiled when any of them is enabled. Types no operation uses belong to
//! [`UNREFERENCED`], and so, beside their tags, do the types they hold, so that feature compiles
//! on its own; [`ALL`] enables everything.

use super::ir::{all_methods, Api, Features, Gate, Home, Resource};
use super::usage::reachable;
use crate::naming::Namer;
use std::collections::{BTreeMap, BTreeSet};

/// The feature that enables every tag and the unreferenced schemas.
pub const ALL: &str = "full";
/// The feature that enables the schemas no operation uses.
pub const UNREFERENCED: &str = "unreferenced-schemas";

impl Features {
    /// Assigns the features of `api`: one per top-level resource, whose module is named like
    /// its accessor and whose feature is that name in kebab case (`radar_http`, `radar-http`).
    /// A name the generator reserves gets a numeric suffix.
    pub fn of(api: &Api) -> Self {
        let accessors: Vec<&str> = api.resources.iter().map(|r| r.accessor.code()).collect();
        let mut modules = Namer::with_reserved(&accessors);
        let mut features = Namer::with_reserved(&[ALL, UNREFERENCED]);
        let tags = (api.resources.iter())
            .map(|resource| Gate {
                feature: features.claim(&resource.accessor.as_str().replace('_', "-")),
                module: resource.accessor.code().to_owned(),
            })
            .collect();
        let unreferenced = Gate {
            feature: UNREFERENCED.to_owned(),
            module: modules.claim(&UNREFERENCED.replace('-', "_")),
        };
        let mut users: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (index, resource) in api.resources.iter().enumerate() {
            for name in reachable(api, types_used(resource)) {
                users.entry(name).or_default().insert(index);
            }
        }
        let unused = api
            .types
            .keys()
            .filter(|name| !users.contains_key(*name))
            .map(|name| super::ir::TypeRef::Named(name.clone()));
        let held_by_unreferenced = reachable(api, unused);
        Features {
            tags,
            unreferenced,
            users,
            held_by_unreferenced,
        }
    }

    /// The gate of the module a type in `home` goes to (`None` for shared types).
    pub fn gate(&self, home: Home) -> Option<&Gate> {
        match home {
            Home::Tag(tag) => Some(&self.tags[tag]),
            Home::Shared => None,
            Home::Unreferenced => Some(&self.unreferenced),
        }
    }

    /// Where the type `name` goes.
    pub fn home(&self, name: &str) -> Home {
        let Some(tags) = self.users.get(name) else {
            return Home::Unreferenced;
        };
        match (tags.len(), tags.first()) {
            (1, Some(&tag)) if !self.held_by_unreferenced.contains(name) => Home::Tag(tag),
            _ => Home::Shared,
        }
    }

    /// The features any of which compiles the type `name`.
    pub fn enabling(&self, name: &str) -> Vec<&str> {
        let Some(tags) = self.users.get(name) else {
            return vec![UNREFERENCED];
        };
        let mut enabling: Vec<&str> = tags
            .iter()
            .map(|&i| self.tags[i].feature.as_str())
            .collect();
        if self.held_by_unreferenced.contains(name) {
            enabling.push(UNREFERENCED);
        }
        enabling
    }
}

/// Every type an operation of `resource`, or of a resource nested under it, sends or returns.
fn types_used(resource: &Resource) -> Vec<super::ir::TypeRef> {
    all_methods(std::slice::from_ref(resource))
        .into_iter()
        .map(|(_, method)| &method.operation)
        .flat_map(|op| op.sent().into_iter().chain(op.returned().cloned()))
        .collect()
}
