//! Emits the `types` module: one struct, enum, union or alias per `TypeDef`.

use super::deserialize;
use super::gates::{cfg_any, each_item, gated_mod};
use super::{docs, ident, Spelling};

use crate::model::ir::{
    Api, Docs, Features, Field, Gate, Home, SerdeTraits, Struct, TypeDef, TypeKind, UnionVariant,
    Variant,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The `types` module as groups of items, each emitted on its own (see [`Types::emit`]) so a
/// large spec never holds the tokens of every type at once and the groups can be formatted in
/// parallel. Without features a group is one type; with features it is a tag's module or a type
/// several tags share (see [`Group`]).
pub struct Types<'a> {
    api: &'a Api,
    spelling: Spelling,
    groups: Vec<Group<'a>>,
}

/// What one token stream of the `types` module covers.
pub enum Group<'a> {
    /// A type and its impls; gated by `any` of the features that use it when the IR has
    /// features.
    Type(&'a TypeDef),
    /// The module of the types only one tag uses, or of those no operation uses.
    Module {
        features: &'a Features,
        home: Home,
        gate: &'a Gate,
        defs: Vec<&'a TypeDef>,
    },
}

/// The groups of the `types` module, in the order they are written: the types in the IR's
/// order, or with features a module per tag holding the types only that tag uses (its items
/// re-exported, so every type keeps its path), then the types several tags share, then a module
/// of the types no operation uses.
pub fn emit(api: &Api) -> Types<'_> {
    let groups = match &api.features {
        None => api.types.values().map(Group::Type).collect(),
        Some(features) => {
            let mut homes: BTreeMap<Home, Vec<&TypeDef>> = BTreeMap::new();
            for def in api.types.values() {
                homes.entry(features.home(&def.name)).or_default().push(def);
            }
            (homes.into_iter())
                .flat_map(|(home, defs)| match features.gate(home) {
                    Some(gate) => vec![Group::Module {
                        features,
                        home,
                        gate,
                        defs,
                    }],
                    None => defs.into_iter().map(Group::Type).collect(),
                })
                .collect()
        }
    };
    Types {
        api,
        spelling: Spelling::new(api.types.keys().map(String::as_str), true),
        groups,
    }
}

impl Types<'_> {
    /// The groups, in the order their code is written.
    pub fn groups(&self) -> &[Group<'_>] {
        &self.groups
    }

    /// One group's code.
    pub fn emit(&self, group: &Group<'_>) -> TokenStream {
        let type_def = |def: &TypeDef| type_def(def, &self.spelling);
        match group {
            Group::Type(def) => match &self.api.features {
                None => type_def(def),
                Some(features) => each_item(type_def(def), &cfg_any(&features.enabling(&def.name))),
            },
            Group::Module {
                features,
                home,
                gate,
                defs,
            } => gated_module(self.api, features, *home, gate, defs, &type_def),
        }
    }
}

/// `#[cfg(feature)] mod name { types }` and its re-export. The module imports its parent's names
/// when one of its types holds a type from elsewhere.
fn gated_module(
    api: &Api,
    features: &Features,
    home: Home,
    gate: &Gate,
    defs: &[&TypeDef],
    type_def: &impl Fn(&TypeDef) -> TokenStream,
) -> TokenStream {
    let holds_outside = defs.iter().any(|def| {
        def.kind
            .refs()
            .iter()
            .filter_map(|ty| ty.named())
            .any(|held| api.types.contains_key(held) && features.home(held) != home)
    });
    let import = holds_outside.then(|| {
        quote!(
            use super::*;
        )
    });
    let items = defs.iter().map(|def| type_def(def));
    gated_mod(gate, quote!(#import #(#items)*))
}

/// The derives that implement a type's serde traits, `Deserialize` only if
/// `derive_deserialize`.
fn serde_derives(serde: SerdeTraits, derive_deserialize: bool) -> Vec<TokenStream> {
    let serialize = serde.serialize.then(|| quote!(serde::Serialize));
    let deserialize = (serde.deserialize && derive_deserialize).then(|| quote!(serde::Deserialize));
    serialize.into_iter().chain(deserialize).collect()
}

fn origin_note(def: &TypeDef) -> String {
    match def.component() {
        Some(name) => format!("Schema `{name}`."),
        None => format!("Defined inline at `{}`.", def.pointer),
    }
}

/// For a type generated as another one the spec defines identically, a line that says so.
fn identical_note(def: &TypeDef) -> Option<String> {
    def.identical_to.as_ref().map(|canonical| {
        format!("The spec defines this type exactly as [`{canonical}`], so the two are one type.")
    })
}

fn type_def(def: &TypeDef, spelling: &Spelling) -> TokenStream {
    let serde = def.serde;
    let notes: Vec<String> = identical_note(def)
        .into_iter()
        .chain([origin_note(def)])
        .collect();
    let docs = docs::attrs(&with_fallback(&def.docs, &def.name), &notes);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&name, docs, s, serde, spelling),
        TypeKind::Enum(variants) => {
            enum_def(&name, docs, variants, serde_derives(serde, true), spelling)
        }
        TypeKind::Union(variants) => {
            union_def(&name, docs, variants, serde_derives(serde, true), spelling)
        }
        TypeKind::Alias(ty) => {
            let ty = spelling.ty(ty);
            quote! { #docs pub type #name = #ty; }
        }
    }
}

/// Every public item gets a doc line, even when the spec has none.
fn with_fallback(docs: &Docs, name: &str) -> Docs {
    let written = |text: &Option<String>| text.as_deref().is_some_and(|t| !t.trim().is_empty());
    if written(&docs.summary) || written(&docs.description) {
        docs.clone()
    } else {
        Docs {
            summary: Some(format!("`{name}`.")),
            description: None,
        }
    }
}

/// A field's docs (and its setter's): the spec's, or its JSON key in their absence.
fn field_docs(field: &Field) -> Docs {
    with_fallback(&field.docs, field.key().unwrap_or(field.name.as_str()))
}

/// The struct, its construction and, where it reads as serde's derive would, its own
/// `Deserialize` (see [`deserialize`]): serde's derive is kept for structs with flattened parts.
fn struct_def(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    s: &Struct,
    serde: SerdeTraits,
    spelling: &Spelling,
) -> TokenStream {
    let mut traits = vec!["Clone", "Debug"];
    if s.default {
        traits.push("Default");
    }
    traits.push("PartialEq");
    let own_deserialize = serde
        .deserialize
        .then(|| deserialize::keyed_fields(s))
        .flatten();
    let serde_derives = serde_derives(serde, own_deserialize.is_none());
    let serde_derived = !serde_derives.is_empty();
    let derives = spelling.derives(&traits).into_iter().chain(serde_derives);
    // Deprecated fields are for users to be warned of; the struct's own code uses them freely.
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let deserialize = own_deserialize
        .map(|keyed| deserialize::emit(name, &keyed, &quote!(#allow_deprecated), spelling));
    let fields = s.fields.iter().map(|field| {
        let field_docs = docs::attrs(&field_docs(field), &[]);
        let deprecated = super::deprecated(field.deprecated);
        let field_docs = quote!(#field_docs #deprecated);
        let field_name = ident(field.name.code());
        let ty = spelling.field(field);
        let Some(key) = field.key() else {
            return quote! { #field_docs #[serde(flatten)] pub #field_name: #ty, };
        };
        // Keys and defaults are serde's to read only where serde derives something; a written-out
        // `Deserialize` has its own.
        let rename =
            (serde_derived && field.name.as_str() != key).then(|| quote!(#[serde(rename = #key)]));
        let skip = (serde_derived && field.is_optional()).then(
            || quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")]),
        );
        quote! { #field_docs #rename #skip pub #field_name: #ty, }
    });
    let additional = s.additional.as_ref().map(|(field, value)| {
        let field = ident(field);
        let string = spelling.string();
        let value = spelling.ty(value);
        quote! {
            /// Properties beyond the named ones.
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<#string, #value>,
        }
    });
    let construction = construction(name, s, spelling);
    quote! {
        #docs
        ///
        /// Built with [`new`](Self::new) and a chainable setter per field, so fields the spec adds
        /// later are not a breaking change.
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #allow_deprecated
        #construction
        #deserialize
    }
}

/// `new` taking the required fields, and a setter per field taking `impl Into<T>`.
///
/// Struct literals cannot be written outside the crate (the struct is `#[non_exhaustive]`), so
/// this is the only way to build one, and a field the spec makes required shows up as a new
/// constructor argument.
fn construction(name: &proc_macro2::Ident, s: &Struct, spelling: &Spelling) -> TokenStream {
    let into = spelling.prelude("Into");
    let some = spelling.prelude("Some");
    // The value as stored, from the `impl Into<T>` argument `arg`.
    let stored = |field: &Field, arg: &proc_macro2::Ident| {
        let value = quote!(#arg.into());
        let value = if field.boxed {
            let boxed = spelling.prelude("Box");
            quote!(#boxed::new(#value))
        } else {
            value
        };
        if field.is_optional() {
            quote!(#some(#value))
        } else {
            value
        }
    };
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.is_optional()).collect();
    let params = required.iter().map(|field| {
        let arg = ident(field.name.code());
        let ty = spelling.ty(&field.ty);
        quote!(#arg: impl #into<#ty>)
    });
    let none = spelling.prelude("None");
    let inits = s.fields.iter().map(|field| {
        let field_name = ident(field.name.code());
        if field.is_optional() {
            quote!(#field_name: #none,)
        } else {
            let value = stored(field, &field_name);
            quote!(#field_name: #value,)
        }
    });
    let additional = s.additional.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(#field: ::std::collections::BTreeMap::new(),)
    });
    let many = super::many_arguments(required.len());
    let named = super::spec_names(required.iter().map(|field| field.name.as_str()));
    let constructor_doc = if required.is_empty() {
        format!(" A new `{name}` with every field unset.")
    } else if required.len() == s.fields.len() {
        format!(" A new `{name}` from its fields.")
    } else {
        format!(" A new `{name}` from its required fields; the optional ones start unset.")
    };
    let setters = s.fields.iter().map(|field| {
        let field_docs = docs::attrs(&field_docs(field), &[]);
        let deprecated = super::deprecated(field.deprecated);
        let field_docs = quote!(#field_docs #deprecated);
        let setter = ident(field.setter.code());
        let field_name = ident(field.name.code());
        let ty = spelling.ty(&field.ty);
        let value = stored(field, &format_ident!("value"));
        quote! {
            #field_docs
            pub fn #setter(mut self, value: impl #into<#ty>) -> Self {
                self.#field_name = #value;
                self
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #constructor_doc]
            #many
            #named
            pub fn new(#(#params),*) -> Self {
                #name {
                    #(#inits)*
                    #additional
                }
            }

            #(#setters)*
        }
    }
}

fn enum_def(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[Variant],
    serde: Vec<TokenStream>,
    spelling: &Spelling,
) -> TokenStream {
    let string = spelling.string();
    let derives = spelling.derives(&[
        "Clone",
        "Debug",
        "PartialEq",
        "Eq",
        "Hash",
        "PartialOrd",
        "Ord",
    ]);
    let declared = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        // Escaped like a Rust string so control characters and quotes stay visible and inert.
        let doc = format!(" `{}`", wire.escape_debug().to_string().replace('`', "'"));
        quote! { #[doc = #doc] #[serde(rename = #wire)] #variant, }
    });
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote! { #name::#variant => #wire, }
    });
    quote! {
        #docs
        ///
        /// Values this client does not know yet deserialise into `Unknown`, which keeps the text.
        #[derive(#(#derives,)* #(#serde),*)]
        #[non_exhaustive]
        pub enum #name {
            #(#declared)*
            /// A value the spec does not list, kept as sent.
            #[serde(untagged)]
            Unknown(#string),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    #name::Unknown(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn union_def(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[UnionVariant],
    serde: Vec<TokenStream>,
    spelling: &Spelling,
) -> TokenStream {
    let derives = spelling.derives(&["Clone", "Debug", "PartialEq"]);
    let declared = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let mut ty = spelling.ty(&v.ty);
        if v.boxed {
            ty = spelling.boxed(ty);
        }
        let doc = format!(" The value as a `{}`.", v.name.as_str());
        quote! { #[doc = #doc] #variant(#ty), }
    });
    // A variant holding a struct may be far larger than the others. Boxing it would make the
    // union's API depend on sizes the spec does not state, so it stays as the spec shapes it.
    let holds_struct = variants
        .iter()
        .any(|v| !v.boxed && v.ty.direct_name().is_some());
    let large = holds_struct.then(|| quote!(#[allow(clippy::large_enum_variant)]));
    quote! {
        #docs
        ///
        /// Deserialises into the first variant the JSON fits.
        #[derive(#(#derives,)* #(#serde),*)]
        #[serde(untagged)]
        #[non_exhaustive]
        #large
        pub enum #name {
            #(#declared)*
        }
    }
}
