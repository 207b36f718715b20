//! Stage 3: IR → Rust tokens, one emitter per kind of IR item, all through `quote!`.
//!
//! Two files come out: `types.rs` (one type per schema) and `resources.rs` (one struct per
//! resource, one method per operation). Names from the prelude (`String`, `Vec`, `Option`,
//! derived traits) are written short unless the spec defines a type of the same name in that
//! module, in which case the absolute `::std::…` path is used. Generated with a feature per tag,
//! each tag's code sits in a module of its own, compiled only with its feature.

pub mod api_md;
mod deserialize;
mod docs;
mod gates;
mod resources;
mod types;

use crate::model::features::Features;
use crate::model::ir::{Api, Field, TypeRef};
use crate::model::signature::Passing;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// The `types` module, one item group (a type and its impls, or a tag's module) at a time, made
/// lazily; gated by tag when `features` is given.
pub fn types<'a>(
    api: &'a Api,
    derive_as_used: bool,
    features: Option<&'a Features>,
) -> Box<dyn Iterator<Item = TokenStream> + 'a> {
    types::emit(api, derive_as_used, features)
}

/// The `resources` module; gated by tag when `features` is given.
pub fn resources(api: &Api, features: Option<&Features>) -> TokenStream {
    resources::emit(api, features)
}

/// An identifier from a name the naming module made (possibly raw, `r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// `#[allow(clippy::too_many_arguments)]` on a function of more than clippy's seven inputs
/// (`self` counted): its arguments are what the spec requires, one per required value.
fn many_arguments(inputs: usize) -> Option<TokenStream> {
    (inputs > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// `#[allow(clippy::disallowed_names)]` on a function with an input clippy takes for a
/// placeholder (`foo`, `baz`, `quux`): the name is the spec's, not a placeholder.
fn spec_names<'n>(names: impl IntoIterator<Item = &'n str>) -> Option<TokenStream> {
    const PLACEHOLDERS: [&str; 3] = ["foo", "baz", "quux"];
    names
        .into_iter()
        .any(|name| PLACEHOLDERS.contains(&name))
        .then(|| quote!(#[allow(clippy::disallowed_names)]))
}

/// `#[deprecated]` on what the spec marks deprecated.
fn deprecated(marked: bool) -> Option<TokenStream> {
    marked.then(|| quote!(#[deprecated]))
}

/// Names the prelude brings into scope, with the absolute path to use when a generated type
/// of the same name shadows them.
const PRELUDE: &[(&str, &str)] = &[
    ("String", "std::string::String"),
    ("Vec", "std::vec::Vec"),
    ("Option", "std::option::Option"),
    ("Box", "std::boxed::Box"),
    ("Some", "std::option::Option::Some"),
    ("None", "std::option::Option::None"),
    ("Result", "std::result::Result"),
    ("Ok", "std::result::Result::Ok"),
    ("Into", "std::convert::Into"),
    ("Clone", "std::clone::Clone"),
    ("Copy", "std::marker::Copy"),
    ("Debug", "std::fmt::Debug"),
    ("Default", "std::default::Default"),
    ("PartialEq", "std::cmp::PartialEq"),
    ("Eq", "std::cmp::Eq"),
    ("PartialOrd", "std::cmp::PartialOrd"),
    ("Ord", "std::cmp::Ord"),
    ("Hash", "std::hash::Hash"),
];

/// How a module spells the types it uses.
pub(crate) struct Spelling {
    /// Prelude names a type in this module shadows.
    shadowed: BTreeSet<&'static str>,
    /// Prefix for the generated types (`` in `types`, `types::` elsewhere).
    in_types_module: bool,
}

impl Spelling {
    pub(crate) fn new<'n>(
        local_names: impl IntoIterator<Item = &'n str>,
        in_types_module: bool,
    ) -> Self {
        let local: BTreeSet<&str> = local_names.into_iter().collect();
        let shadowed = PRELUDE
            .iter()
            .map(|(name, _)| *name)
            .filter(|p| local.contains(p))
            .collect();
        Spelling {
            shadowed,
            in_types_module,
        }
    }

    /// A prelude name, or its absolute path when a local type shadows it.
    pub(crate) fn prelude(&self, name: &'static str) -> TokenStream {
        let short = format_ident!("{}", name);
        if !self.shadowed.contains(name) {
            return quote!(#short);
        }
        let path = PRELUDE
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| *p)
            .expect("listed in PRELUDE");
        let segments = path.split("::").map(|s| format_ident!("{}", s));
        quote!(#(::#segments)*)
    }

    /// Derive-able std traits, spelled safely: `derives(&["Clone", "Debug"])`.
    pub(crate) fn derives(&self, traits: &[&'static str]) -> Vec<TokenStream> {
        traits.iter().map(|t| self.prelude(t)).collect()
    }

    pub(crate) fn string(&self) -> TokenStream {
        self.prelude("String")
    }

    pub(crate) fn option(&self, inner: TokenStream) -> TokenStream {
        let option = self.prelude("Option");
        quote!(#option<#inner>)
    }

    pub(crate) fn boxed(&self, inner: TokenStream) -> TokenStream {
        let boxed = self.prelude("Box");
        quote!(#boxed<#inner>)
    }

    pub(crate) fn vec(&self, inner: TokenStream) -> TokenStream {
        let vec = self.prelude("Vec");
        quote!(#vec<#inner>)
    }

    /// A generated type by name.
    pub(crate) fn named(&self, name: &str) -> TokenStream {
        let ident = ident(name);
        if self.in_types_module {
            quote!(#ident)
        } else {
            quote!(types::#ident)
        }
    }

    /// The owned Rust type for a `TypeRef`.
    pub(crate) fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::String => self.string(),
            TypeRef::Timestamp => quote!(crate::Timestamp),
            TypeRef::Bool => quote!(bool),
            TypeRef::I32 => quote!(i32),
            TypeRef::I64 => quote!(i64),
            TypeRef::F32 => quote!(f32),
            TypeRef::F64 => quote!(f64),
            TypeRef::Json => quote!(serde_json::Value),
            TypeRef::JsonObject => {
                let string = self.string();
                quote!(serde_json::Map<#string, serde_json::Value>)
            }
            TypeRef::Named(name) => self.named(name),
            TypeRef::Array(item) => self.vec(self.ty(item)),
            TypeRef::Map(value) => {
                let string = self.string();
                let value = self.ty(value);
                quote!(::std::collections::BTreeMap<#string, #value>)
            }
            TypeRef::Nullable(inner) => self.option(self.ty(inner)),
        }
    }

    /// A struct field's Rust type as declared: boxed if it closes a cycle, an `Option` if it is
    /// optional.
    pub(crate) fn field(&self, field: &Field) -> TokenStream {
        let mut ty = self.ty(&field.ty);
        if field.boxed {
            ty = self.boxed(ty);
        }
        if field.is_optional() {
            ty = self.option(ty);
        }
        ty
    }

    /// How a method takes a value of this type (see [`Passing`]).
    pub(crate) fn argument(&self, ty: &TypeRef) -> TokenStream {
        match (Passing::of(ty), ty) {
            (Passing::Value, _) => self.ty(ty),
            (Passing::Str, _) => quote!(&str),
            (Passing::Slice, TypeRef::Array(item)) => {
                let item = self.ty(item);
                quote!(&[#item])
            }
            _ => {
                let owned = self.ty(ty);
                quote!(&#owned)
            }
        }
    }
}
