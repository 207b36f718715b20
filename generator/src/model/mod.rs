//! Stage 2: `openapiv3::OpenAPI` → the IR in [`ir`].
//!
//! Resolves `$ref`s, merges `allOf`, names everything (through [`crate::naming`]), recognises the
//! Cloudflare envelope and groups operations into resources. Every problem names its JSON pointer
//! and the operationId or schema it belongs to. In strict mode problems are errors; in lenient
//! mode (for large third-party documents) the affected part is left out and listed in `skipped`.

mod about;
mod all_of;
pub mod features;
pub mod identical;
pub mod ir;
mod object;
mod operation;
mod path;
mod refs;
mod resources;
mod schema;
pub mod usage;
mod validation;

use crate::error::{Error, Errors};
use crate::naming::{self, Namer};
use crate::pointer::Pointer;
use crate::Settings;
use ir::{Api, SerdeTraits, Skip, TypeDef, TypeKind, TypeRef};
use openapiv3::OpenAPI;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Shared state while building the IR.
pub(crate) struct Ctx<'a> {
    api: &'a OpenAPI,
    file: &'a str,
    lenient: bool,
    /// The operationId or schema being converted, for messages.
    context: Option<String>,
    errors: Vec<Error>,
    skipped: Vec<Skip>,
    types: BTreeMap<String, TypeDef>,
    /// Names of every type in the `types` module.
    type_names: Namer,
    /// Component schema name → Rust type name.
    component_names: HashMap<&'a str, String>,
    /// Names of the unit types that name each operation's calls.
    call_names: Namer,
    /// Inline structs being converted, by the pointer of their schema: an `allOf` that merges a
    /// component holding that very schema reaches it again inside itself, and is then the
    /// struct being made (`Node.next: {allOf: [Node, …]}` holds itself in its `next`), not a
    /// new one each time round.
    inline_in_progress: HashMap<Pointer, String>,
}

impl<'a> Ctx<'a> {
    /// Records a problem: an error in strict mode, a skip in lenient mode.
    pub(crate) fn problem(&mut self, kind: &str, pointer: &Pointer, message: String) {
        if self.lenient {
            self.skipped.push(Skip {
                kind: kind.to_owned(),
                pointer: pointer.to_owned(),
                context: self.context.clone(),
                reason: message,
            });
        } else {
            self.errors.push(Error::Semantic {
                file: self.file.to_owned(),
                line: None,
                pointer: pointer.to_string(),
                context: self.context.clone(),
                message,
            });
        }
    }
}

/// Builds the IR as `settings` generate it: leniently or not (leaving out, and listing, what it
/// cannot express instead of failing), with identical types shared, serde derived as used and a
/// feature per tag, or not. Every setting acts here; the emitters read only the IR.
pub fn build(api: &OpenAPI, file: &str, settings: &Settings) -> Result<Api, Errors> {
    let mut ctx = Ctx {
        api,
        file,
        lenient: settings.lenient,
        context: None,
        errors: Vec::new(),
        skipped: Vec::new(),
        types: BTreeMap::new(),
        type_names: Namer::default(),
        component_names: HashMap::new(),
        call_names: Namer::default(),
        inline_in_progress: HashMap::new(),
    };
    // Components claim their names first, in name order, so they keep them whatever inline types
    // appear later.
    if let Some(components) = &api.components {
        let mut names: Vec<&str> = components.schemas.keys().map(String::as_str).collect();
        names.sort_unstable();
        for name in names {
            let rust = ctx.type_names.claim(&naming::camel(name));
            ctx.component_names.insert(name, rust);
        }
    }
    ctx.convert_components();
    let resources = ctx.convert_operations();
    if !ctx.errors.is_empty() {
        return Err(Errors::new(ctx.errors));
    }
    let mut types = ctx.types;
    if let Err(cycle) = box_cycles(&mut types) {
        return Err(Errors::from(Error::Semantic {
            file: file.to_owned(),
            line: None,
            pointer: "#/components/schemas".to_owned(),
            context: None,
            message: format!("schemas are aliases of each other in a cycle: {cycle}"),
        }));
    }
    let mut skipped = ctx.skipped;
    skipped.sort();
    skipped.dedup();
    let mut ir = Api {
        types,
        resources,
        skipped,
        servers: api.servers.iter().map(|s| s.url.clone()).collect(),
        features: None,
        about: about::read(api),
        operations: declared_operations(api),
    };
    if settings.shares_identical_types(ir.operations) {
        identical::share(&mut ir);
    }
    if settings.derives_as_used(ir.operations) {
        derive_as_used(&mut ir);
    }
    if settings.features_per_tag {
        ir.features = Some(ir::Features::of(&ir));
    }
    Ok(ir)
}

/// Every method of every path the document declares, whether it generates or not; a path item
/// in another document (left out, its methods unknown) counts as one.
fn declared_operations(api: &OpenAPI) -> usize {
    api.paths
        .iter()
        .map(|(_, item)| item.as_item().map_or(1, |item| item.iter().count()))
        .sum()
}

/// Narrows each type's serde traits to what its use needs: `Serialize` if some request sends it,
/// `Deserialize` if some response returns it (both for a type nothing uses, and for what it
/// holds).
fn derive_as_used(ir: &mut Api) {
    for (name, used) in usage::derive_needs(ir) {
        if used.request != used.response {
            if let Some(def) = ir.types.get_mut(&name) {
                def.serde = SerdeTraits {
                    serialize: used.request,
                    deserialize: used.response,
                };
            }
        }
    }
}

/// The named types each type holds inline (fields and union variants not behind a `Vec` or map).
fn direct_edges(def: &TypeDef) -> Vec<&str> {
    def.kind
        .refs()
        .into_iter()
        .filter_map(TypeRef::direct_name)
        .collect()
}

fn reaches(types: &BTreeMap<String, TypeDef>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if seen.insert(name) {
            if let Some(def) = types.get(name) {
                stack.extend(direct_edges(def));
            }
        }
    }
    false
}

/// Boxes every field or variant that closes a cycle of types holding each other inline, so each
/// type has a finite size. Fails on a cycle made only of aliases, which no `Box` can break.
fn box_cycles(types: &mut BTreeMap<String, TypeDef>) -> Result<(), String> {
    let mut to_box: Vec<(String, usize)> = Vec::new();
    for (name, def) in types.iter() {
        let targets: Vec<Option<&str>> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.direct_name()).collect(),
            TypeKind::Union(v) => v.iter().map(|v| v.ty.direct_name()).collect(),
            TypeKind::Alias(ty) => {
                if let Some(chain) = ty
                    .direct_name()
                    .and_then(|target| alias_chain(types, target, name))
                {
                    return Err(format!("{name} → {}", chain.join(" → ")));
                }
                continue;
            }
            TypeKind::Enum(_) => continue,
        };
        for (i, target) in targets.into_iter().enumerate() {
            if target.is_some_and(|t| reaches(types, t, name)) {
                to_box.push((name.clone(), i));
            }
        }
    }
    for (name, i) in to_box {
        match &mut types.get_mut(&name).expect("type exists").kind {
            TypeKind::Struct(s) => s.fields[i].boxed = true,
            TypeKind::Union(v) => v[i].boxed = true,
            _ => {}
        }
    }
    Ok(())
}

/// The chain of aliases from `from` that leads back to `to`, if there is one.
fn alias_chain<'t>(
    types: &'t BTreeMap<String, TypeDef>,
    from: &'t str,
    to: &str,
) -> Option<Vec<&'t str>> {
    let mut chain = vec![from];
    let mut current = from;
    while current != to {
        let next = match types.get(current).map(|d| &d.kind) {
            Some(TypeKind::Alias(ty)) => ty.direct_name()?,
            _ => return None,
        };
        if chain.contains(&next) && next != to {
            return None;
        }
        chain.push(next);
        current = next;
    }
    Some(chain)
}
