//! Which types requests send and responses return: what a change to a type means (for `diff`),
//! and which serde derives a type needs (for generation that derives only those).

use super::ir::{all_operations, Api, TypeRef};
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
    let mut out = BTreeMap::new();
    for (_, op) in all_operations(&api.resources) {
        for ty in op.sent() {
            mark(api, &ty, false, &mut out);
        }
        if let Some(ty) = op.returned() {
            mark(api, ty, true, &mut out);
        }
    }
    out
}

/// Like [`directions`], with every type no operation uses taken as going both ways (a caller may
/// use it either way), and so everything it holds: what each type must derive for every type
/// that holds it to derive what it does.
pub fn derive_needs(api: &Api) -> BTreeMap<String, Direction> {
    let mut out = directions(api);
    for name in api.types.keys() {
        if !out.contains_key(name) {
            let ty = TypeRef::Named(name.clone());
            mark(api, &ty, false, &mut out);
            mark(api, &ty, true, &mut out);
        }
    }
    out
}

/// Marks `ty`, and every type it holds, as sent (`response` false) or returned.
fn mark(api: &Api, ty: &TypeRef, response: bool, out: &mut BTreeMap<String, Direction>) {
    let Some(name) = ty.named() else {
        return;
    };
    let entry = out.entry(name.to_owned()).or_default();
    let seen = if response {
        std::mem::replace(&mut entry.response, true)
    } else {
        std::mem::replace(&mut entry.request, true)
    };
    if seen {
        return;
    }
    if let Some(def) = api.types.get(name) {
        for inner in def.kind.refs() {
            mark(api, inner, response, out);
        }
    }
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
