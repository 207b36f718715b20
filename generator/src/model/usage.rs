//! Which types requests send and responses return: what a change to a type means (for `diff`),
//! and which serde derives a type needs (for generation that derives only those); both from one
//! walk of the type graph, [`reachable`], which also decides each type's tag features.

use super::ir::{all_methods, Api, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Where a type is used, which decides what its changes mean.
#[derive(Debug, Clone, Copy, Default)]
pub struct Direction {
    /// Some request sends it.
    pub request: bool,
    /// Some response returns it.
    pub response: bool,
}

/// For each type: whether requests send it, responses return it, or both. Types no operation
/// uses are absent.
pub fn directions(api: &Api) -> BTreeMap<String, Direction> {
    let methods = all_methods(&api.resources);
    let operations = || methods.iter().map(|(_, method)| &method.operation);
    let sent = reachable(api, operations().flat_map(|op| op.sent()));
    let returned = reachable(api, operations().filter_map(|op| op.returned().cloned()));
    let mut out: BTreeMap<String, Direction> = BTreeMap::new();
    for name in sent {
        out.entry(name).or_default().request = true;
    }
    for name in returned {
        out.entry(name).or_default().response = true;
    }
    out
}

/// Like [`directions`], with every type no operation uses taken as going both ways (a caller may
/// use it either way), and so everything it holds: what each type must derive for every type
/// that holds it to derive what it does.
pub fn derive_needs(api: &Api) -> BTreeMap<String, Direction> {
    let mut out = directions(api);
    let unused: Vec<TypeRef> = api
        .types
        .keys()
        .filter(|name| !out.contains_key(*name))
        .map(|name| TypeRef::Named(name.clone()))
        .collect();
    for name in reachable(api, unused) {
        out.insert(
            name,
            Direction {
                request: true,
                response: true,
            },
        );
    }
    out
}

/// The names of the types in `roots` and of every type they hold, however deep.
pub fn reachable(api: &Api, roots: impl IntoIterator<Item = TypeRef>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeRef> = roots.into_iter().collect();
    while let Some(ty) = stack.pop() {
        let Some(name) = ty.named() else {
            continue;
        };
        if seen.insert(name.to_owned()) {
            if let Some(def) = api.types.get(name) {
                stack.extend(def.kind.refs().into_iter().cloned());
            }
        }
    }
    seen
}
