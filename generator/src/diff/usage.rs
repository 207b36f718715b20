//! Which types requests send and responses return: what a change to a type means depends on it.

use super::operations::all_operations;
use crate::model::ir::{Api, Body, Response, TypeKind, TypeRef};
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
        match ty {
            TypeRef::Named(name) => {
                let entry = out.entry(name.clone()).or_default();
                let seen = if response {
                    std::mem::replace(&mut entry.response, true)
                } else {
                    std::mem::replace(&mut entry.request, true)
                };
                if seen {
                    return;
                }
                let inner: Vec<&TypeRef> = match api.types.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Struct(s)) => s
                        .fields
                        .iter()
                        .map(|f| &f.ty)
                        .chain(s.additional.iter().map(|(_, t)| t))
                        .collect(),
                    Some(TypeKind::Union(v)) => v.iter().map(|v| &v.ty).collect(),
                    Some(TypeKind::Alias(t)) => vec![t],
                    _ => Vec::new(),
                };
                for t in inner {
                    mark(api, t, response, out);
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                mark(api, inner, response, out)
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for op in all_operations(&api.resources) {
        let op = op.1;
        for p in op
            .path_params
            .iter()
            .chain(op.options.iter().flat_map(|o| o.params.iter()))
        {
            mark(api, &p.ty, false, &mut out);
        }
        if let Some(options) = &op.options {
            mark(
                api,
                &TypeRef::Named(options.type_name.clone()),
                false,
                &mut out,
            );
        }
        match &op.body {
            Some(Body::Json { ty, .. }) => mark(api, ty, false, &mut out),
            Some(Body::Multipart { parts, .. }) => {
                parts.iter().for_each(|p| mark(api, &p.ty, false, &mut out))
            }
            Some(Body::Binary { .. }) | None => {}
        }
        if let Response::Envelope(Some(ty)) | Response::Json(ty) = &op.response {
            mark(api, ty, true, &mut out);
        }
    }
    out
}
