//! Which types requests send and responses return: what a change to a type means depends on it.

use crate::model::ir::{all_operations, Api, TypeRef};
use std::collections::BTreeMap;

/// Where a type is used, which decides what its changes mean.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Direction {
    /// Some request sends it.
    pub(super) request: bool,
    /// Some response returns it.
    pub(super) response: bool,
}

/// For each type: whether requests send it, responses return it, or both.
pub(super) fn directions(api: &Api) -> BTreeMap<String, Direction> {
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
