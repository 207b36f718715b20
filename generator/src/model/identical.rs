//! Types the spec defines identically, generated once (`Settings::share_identical_types`).
//!
//! Large documents repeat themselves: the same inline result object or parameter enum is written
//! out for operation after operation, and each copy would be a struct of its own with its own
//! serde code. Two structs, enums or unions are *identical* when they are the same Rust type but
//! for their names: the same fields (names, JSON keys, docs, optionality, types) or variants, where
//! the types they hold are themselves identical (aliases are seen through). [`classes`] finds them
//! by partition refinement; [`share`] keeps one definition per class, the *canonical* type, and
//! makes every other member an alias of it, so each name keeps its path and its docs.
//!
//! The canonical type is the class's first named schema, or its first inline type when none is
//! named, shorter names first: it does not depend on the order of the document, and it changes
//! only when that type leaves the class or one it prefers joins.

use super::ir::{Api, TypeKind, TypeRef};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Every class of two or more identical types: its canonical type → the other members, by name.
pub fn classes(api: &Api) -> BTreeMap<String, Vec<String>> {
    let candidates: Vec<&str> = api
        .types
        .values()
        .filter(|def| !matches!(def.kind, TypeKind::Alias(_)))
        .map(|def| def.name.as_str())
        .collect();
    let index: HashMap<&str, usize> = (candidates.iter().enumerate())
        .map(|(i, name)| (*name, i))
        .collect();
    // Each type's shape is written once, the types it holds left as places; two types start in
    // one class when their shapes are the same text.
    let mut texts: HashMap<String, usize> = HashMap::new();
    let shapes: Vec<Shape> = candidates
        .iter()
        .map(|name| {
            let (text, held) = shape(api, &api.types[*name].kind, &index);
            let next = texts.len();
            Shape {
                text: *texts.entry(text).or_insert(next),
                held,
            }
        })
        .collect();
    // Then split until no class splits: two types stay together only while the classes of the
    // types they hold, place by place, agree.
    let mut class: Vec<usize> = shapes.iter().map(|shape| shape.text).collect();
    let mut count = texts.len();
    loop {
        let mut ids: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
        let refined: Vec<usize> = (shapes.iter().zip(&class))
            .map(|(shape, own)| {
                let held = shape.held.iter().map(|&held| class[held]).collect();
                let next = ids.len();
                *ids.entry((*own, held)).or_insert(next)
            })
            .collect();
        let refined_count = ids.len();
        class = refined;
        if refined_count == count {
            break;
        }
        count = refined_count;
    }
    let mut members: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (name, class) in candidates.into_iter().zip(class) {
        members.entry(class).or_default().push(name);
    }
    members
        .into_values()
        .filter(|names| names.len() > 1)
        .map(|mut names| {
            names.sort_by_key(|name| preference(api, name));
            let canonical = names.remove(0).to_owned();
            (canonical, names.into_iter().map(str::to_owned).collect())
        })
        .collect()
}

/// A type's shape: the number of its text, and the candidates it holds, in the order of their
/// places in the text.
struct Shape {
    text: usize,
    held: Vec<usize>,
}

/// Makes every type identical to another an alias of its class's canonical type.
pub fn share(api: &mut Api) {
    for (canonical, others) in classes(api) {
        for name in others {
            let def = api.types.get_mut(&name).expect("a class member is a type");
            def.kind = TypeKind::Alias(TypeRef::Named(canonical.clone()));
            def.identical_to = Some(canonical.clone());
        }
    }
}

/// The order in which a class's members are preferred as its canonical type: component
/// schemas, then shorter names, then by name.
fn preference<'a>(api: &Api, name: &'a str) -> (bool, usize, &'a str) {
    (api.types[name].component().is_none(), name.len(), name)
}

/// Everything that makes a type the Rust type it is but its own name and docs, as text with a
/// `#` in place of each type it holds that is a candidate (by its `index` among them), and those
/// candidates in order.
fn shape(api: &Api, kind: &TypeKind, index: &HashMap<&str, usize>) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut held = Vec::new();
    let mut ty = |out: &mut String, ty: &TypeRef| write_held(out, &mut held, api, ty, index);
    match kind {
        TypeKind::Struct(s) => {
            out.push_str(if s.default {
                "struct default"
            } else {
                "struct"
            });
            for f in &s.fields {
                let _ = write!(
                    out,
                    "|{} {:?} {:?} {} ",
                    f.name, f.presence, f.docs, f.setter
                );
                ty(&mut out, &f.ty);
                let _ = write!(out, " {}", f.boxed);
            }
            if let Some((field, value)) = &s.additional {
                let _ = write!(out, "|+{field} ");
                ty(&mut out, value);
            }
        }
        TypeKind::Enum(variants) => {
            out.push_str("enum");
            for v in variants {
                let _ = write!(out, "|{} {:?}", v.name, v.wire);
            }
        }
        TypeKind::Union(variants) => {
            out.push_str("union");
            for v in variants {
                let _ = write!(out, "|{} ", v.name);
                ty(&mut out, &v.ty);
                let _ = write!(out, " {}", v.boxed);
            }
        }
        TypeKind::Alias(target) => {
            out.push_str("alias ");
            ty(&mut out, target);
        }
    }
    (out, held)
}

/// Writes a held type as the compiler sees it: aliases replaced by what they alias, and every
/// struct, enum or union by a `#` whose candidate is pushed to `held`.
fn write_held(
    out: &mut String,
    held: &mut Vec<usize>,
    api: &Api,
    ty: &TypeRef,
    index: &HashMap<&str, usize>,
) {
    match ty {
        TypeRef::Named(name) => match index.get(name.as_str()) {
            Some(&candidate) => {
                out.push('#');
                held.push(candidate);
            }
            None => match api.types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => write_held(out, held, api, target, index),
                _ => {
                    let _ = write!(out, "?{name}");
                }
            },
        },
        TypeRef::Array(inner) => {
            out.push('[');
            write_held(out, held, api, inner, index);
            out.push(']');
        }
        TypeRef::Map(inner) => {
            out.push('{');
            write_held(out, held, api, inner, index);
            out.push('}');
        }
        TypeRef::Nullable(inner) => {
            out.push('(');
            write_held(out, held, api, inner, index);
            out.push_str(")?");
        }
        other => {
            let _ = write!(out, "{other:?}");
        }
    }
}
