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
    // Start with one class and split until no class splits: two types stay together only while
    // their shapes, with each held type replaced by its class, agree.
    let mut class: HashMap<&str, usize> = candidates.iter().map(|name| (*name, 0)).collect();
    let mut count = 1;
    loop {
        let mut ids: HashMap<(usize, String), usize> = HashMap::new();
        let refined: HashMap<&str, usize> = candidates
            .iter()
            .map(|name| {
                let key = (class[name], shape(api, &api.types[*name].kind, &class));
                let next = ids.len();
                (*name, *ids.entry(key).or_insert(next))
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
    for name in candidates {
        members.entry(class[name]).or_default().push(name);
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

/// Everything that makes a type the Rust type it is but its own name and docs, with each held
/// type written as its class.
fn shape(api: &Api, kind: &TypeKind, class: &HashMap<&str, usize>) -> String {
    let mut out = String::new();
    let ty = |ty: &TypeRef| held(api, ty, class);
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
                    "|{} {:?} {:?} {} {} {}",
                    f.name,
                    f.presence,
                    f.docs,
                    f.setter,
                    ty(&f.ty),
                    f.boxed
                );
            }
            if let Some((field, value)) = &s.additional {
                let _ = write!(out, "|+{field} {}", ty(value));
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
                let _ = write!(out, "|{} {} {}", v.name, ty(&v.ty), v.boxed);
            }
        }
        TypeKind::Alias(target) => {
            let _ = write!(out, "alias {}", ty(target));
        }
    }
    out
}

/// A held type as the compiler sees it: aliases replaced by what they alias, and every struct,
/// enum or union by its class.
fn held(api: &Api, ty: &TypeRef, class: &HashMap<&str, usize>) -> String {
    match ty {
        TypeRef::Named(name) => match class.get(name.as_str()) {
            Some(id) => format!("#{id}"),
            None => match api.types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => held(api, target, class),
                _ => format!("?{name}"),
            },
        },
        TypeRef::Array(inner) => format!("[{}]", held(api, inner, class)),
        TypeRef::Map(inner) => format!("{{{}}}", held(api, inner, class)),
        TypeRef::Nullable(inner) => format!("({})?", held(api, inner, class)),
        other => format!("{other:?}"),
    }
}
