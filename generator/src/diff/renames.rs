//! Which types a change renamed: each type that left OLD paired with the one that replaced it
//! in NEW, by shape and then by name.

use crate::model::ir::{Api, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Whether a type that left OLD fits a type that arrived in NEW, given the pairs made so far.
type Fits<'f> = &'f dyn Fn(&TypeDef, &TypeDef, &BTreeMap<String, String>) -> bool;

/// Pairs each type that left OLD with the type that replaced it in NEW: first by shape (the same
/// fields and types, allowing for types already paired, repeated until nothing new pairs up),
/// then, for what is left, by the last segment of the schema name (`…_request-item`). Where
/// several candidates fit, the one whose origin shares the longest ending with the old one's
/// wins, if it is the only one that long.
pub(super) fn renames(old: &Api, new: &Api) -> BTreeMap<String, String> {
    let gone: Vec<&TypeDef> = old
        .types
        .values()
        .filter(|d| !new.types.contains_key(&d.name))
        .collect();
    let arrived: Vec<&TypeDef> = new
        .types
        .values()
        .filter(|d| !old.types.contains_key(&d.name))
        .collect();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut pair = |fits: Fits, out: &mut BTreeMap<String, String>| {
        let mut paired = false;
        for gone in gone
            .iter()
            .filter(|g| !out.contains_key(&g.name))
            .collect::<Vec<_>>()
        {
            let candidates: Vec<&TypeDef> = arrived
                .iter()
                .copied()
                .filter(|a| !taken.contains(&a.name) && fits(gone, a, out))
                .collect();
            if let Some(best) = closest(gone, &candidates) {
                taken.insert(best.name.clone());
                out.insert(gone.name.clone(), best.name.clone());
                paired = true;
            }
        }
        paired
    };
    while pair(
        &|gone, arrival, renames| same_shape(&gone.kind, &arrival.kind, renames),
        &mut out,
    ) {}
    let last_segment = |origin: &str| {
        origin
            .rsplit(['_', '.', '/'])
            .next()
            .unwrap_or(origin)
            .to_ascii_lowercase()
    };
    pair(
        &|gone, arrival, _| last_segment(gone.source()) == last_segment(arrival.source()),
        &mut out,
    );
    out
}

/// The candidate whose origin ends most like `gone`'s, if exactly one ends that much alike.
fn closest<'t>(gone: &TypeDef, candidates: &[&'t TypeDef]) -> Option<&'t TypeDef> {
    let common = |a: &str, b: &str| {
        a.bytes()
            .rev()
            .zip(b.bytes().rev())
            .take_while(|(x, y)| x == y)
            .count()
    };
    let scores: Vec<usize> = candidates
        .iter()
        .map(|c| common(gone.source(), c.source()))
        .collect();
    let best = *scores.iter().max()?;
    let mut winners = candidates.iter().zip(&scores).filter(|(_, s)| **s == best);
    match (winners.next(), winners.next()) {
        (Some((winner, _)), None) => Some(winner),
        _ => None,
    }
}

/// Same Rust shape, ignoring docs and where it was defined, and counting a reference to a type
/// renamed OLD → NEW (per `renames`) as the same reference.
pub(super) fn same_shape(a: &TypeKind, b: &TypeKind, renames: &BTreeMap<String, String>) -> bool {
    let same = |x: &TypeRef, y: &TypeRef| same_type(x, y, renames);
    match (a, b) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            a.fields.len() == b.fields.len()
                && a.fields
                    .iter()
                    .zip(&b.fields)
                    .all(|(x, y)| x.presence == y.presence && same(&x.ty, &y.ty))
                && match (&a.additional, &b.additional) {
                    (Some((_, x)), Some((_, y))) => same(x, y),
                    (None, None) => true,
                    _ => false,
                }
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            a.iter().map(|v| &v.wire).eq(b.iter().map(|v| &v.wire))
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(&x.ty, &y.ty))
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => same(a, b),
        _ => false,
    }
}

/// Equal type references, allowing for renamed types.
pub(super) fn same_type(a: &TypeRef, b: &TypeRef, renames: &BTreeMap<String, String>) -> bool {
    match (a, b) {
        (TypeRef::Named(a), TypeRef::Named(b)) => a == b || renames.get(a) == Some(b),
        (TypeRef::Array(a), TypeRef::Array(b))
        | (TypeRef::Nullable(a), TypeRef::Nullable(b))
        | (TypeRef::Map(a), TypeRef::Map(b)) => same_type(a, b, renames),
        _ => a == b,
    }
}
