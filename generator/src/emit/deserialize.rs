//! A struct's `Deserialize`, written out instead of derived: the struct's keys and which field each
//! fills, read by the runtime's `__codegen::deserialize_struct` (the loop over the JSON object,
//! unknown and repeated keys, the error messages). It reads JSON objects as serde's derive does,
//! and leaves the compiler much less to do: the derive's field enum, its visitor and `visit_seq`
//! were half of what a large document expands to (BENCHMARKS.md). Structs with a flattened part (an
//! `allOf` that is also a union, or `additionalProperties` beside properties) keep the derive,
//! which buffers the object for them.

use super::{ident, Spelling};
use crate::model::ir::{Field, Struct};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// A field read from a key of its own.
pub(super) struct Keyed<'s> {
    field: &'s Field,
    key: &'s str,
}

/// The struct's fields with their keys, when its `Deserialize` is written out: when it has no
/// flattened part.
pub(super) fn keyed_fields(s: &Struct) -> Option<Vec<Keyed<'_>>> {
    if s.additional.is_some() {
        return None;
    }
    (s.fields.iter())
        .map(|field| {
            Some(Keyed {
                field,
                key: field.key()?,
            })
        })
        .collect()
}

/// `impl Deserialize for name`: how each key fills its field's slot, and how the slots make the
/// struct. When every field is optional the struct is its own slots (it reads into itself and is
/// built as it is); otherwise a struct of one slot per field holds them (the field's type, or an
/// `Option` of it for a required field, so an absent key is seen). `attrs` go on each impl.
pub(super) fn emit(
    name: &Ident,
    keyed: &[Keyed],
    attrs: &TokenStream,
    spelling: &Spelling,
) -> TokenStream {
    if keyed.iter().all(|k| k.field.is_optional()) {
        read_into_itself(name, keyed, attrs, spelling)
    } else {
        read_into_slots(name, keyed, attrs, spelling)
    }
}

/// The `Deserialize` of a struct whose fields are all optional: the struct itself is what the
/// runtime fills (it derives `Default`, every field unset), so no second struct is compiled.
fn read_into_itself(
    name: &Ident,
    keyed: &[Keyed],
    attrs: &TokenStream,
    spelling: &Spelling,
) -> TokenStream {
    let (result, ok) = (spelling.prelude("Result"), spelling.prelude("Ok"));
    let name_keys_and_read = name_keys_and_read(name, keyed, spelling);
    let deserialize = deserialize_impl(
        name,
        attrs,
        quote!(crate::__codegen::deserialize_struct::<Self, __D>(
            deserializer
        )),
        spelling,
    );
    quote! {
        #deserialize

        #attrs
        impl<'de> crate::__codegen::Fields<'de> for #name {
            type Value = Self;
            #name_keys_and_read
            fn build<__E: serde::de::Error>(self) -> #result<Self, __E> {
                #ok(self)
            }
        }
    }
}

/// The `Deserialize` of a struct with a required field: a struct of slots is filled, then makes
/// the struct or reports the first absent required field.
fn read_into_slots(
    name: &Ident,
    keyed: &[Keyed],
    attrs: &TokenStream,
    spelling: &Spelling,
) -> TokenStream {
    let (option, some, none) = (
        spelling.prelude("Option"),
        spelling.prelude("Some"),
        spelling.prelude("None"),
    );
    let (result, ok, default) = (
        spelling.prelude("Result"),
        spelling.prelude("Ok"),
        spelling.prelude("Default"),
    );
    let field_names: Vec<Ident> = keyed.iter().map(|k| ident(k.field.name.code())).collect();
    let slots = keyed
        .iter()
        .zip(&field_names)
        .map(|(Keyed { field, .. }, name)| {
            let ty = spelling.field(field);
            if field.is_optional() {
                quote!(#name: #ty)
            } else {
                quote!(#name: #option<#ty>)
            }
        });
    let built = keyed
        .iter()
        .zip(&field_names)
        .map(|(Keyed { field, key }, name)| {
            if field.is_optional() {
                quote!(#name: self.#name)
            } else {
                quote! {
                    #name: match self.#name {
                        #some(value) => value,
                        #none => crate::__codegen::missing(#key)?,
                    }
                }
            }
        });
    let name_keys_and_read = name_keys_and_read(name, keyed, spelling);
    let body = quote! {
        #[derive(#default)]
        struct __Fields {
            #(#slots,)*
        }
        impl<'de> crate::__codegen::Fields<'de> for __Fields {
            type Value = #name;
            #name_keys_and_read
            fn build<__E: serde::de::Error>(self) -> #result<#name, __E> {
                #ok(#name {
                    #(#built,)*
                })
            }
        }
        crate::__codegen::deserialize_struct::<__Fields, __D>(deserializer)
    };
    deserialize_impl(name, attrs, body, spelling)
}

/// `impl Deserialize for name` whose `deserialize` is `body`, with `attrs` on it.
fn deserialize_impl(
    name: &Ident,
    attrs: &TokenStream,
    body: TokenStream,
    spelling: &Spelling,
) -> TokenStream {
    let result = spelling.prelude("Result");
    quote! {
        #attrs
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> #result<Self, __D::Error> {
                #body
            }
        }
    }
}

/// What both ways of reading a struct write alike in their `Fields` impl: the struct's name for
/// messages, its keys, and `read`, which fills the slot of a key.
fn name_keys_and_read(name: &Ident, keyed: &[Keyed], spelling: &Spelling) -> TokenStream {
    let (result, some) = (spelling.prelude("Result"), spelling.prelude("Some"));
    let name_text = name.to_string();
    let name_text = name_text.trim_start_matches("r#");
    let keys = keyed.iter().map(|k| k.key);
    let fills: Vec<TokenStream> = keyed
        .iter()
        .map(|Keyed { field, .. }| {
            let name = ident(field.name.code());
            if field.is_optional() {
                quote!(self.#name = map.next_value()?)
            } else {
                quote!(self.#name = #some(map.next_value()?))
            }
        })
        .collect();
    let (read, index, map) = read(&fills, spelling);
    quote! {
        const NAME: &'static str = #name_text;
        const KEYS: &'static [&'static str] = &[#(#keys),*];
        fn read<__A: serde::de::MapAccess<'de>>(
            &mut self,
            #index: usize,
            #map: &mut __A,
        ) -> #result<(), __A::Error> {
            #read
        }
    }
}

/// The body of `Fields::read`, which fills the slot of the key at `index` (the `fills`, in the
/// order of the keys), and the names of its `index` and `map` arguments (unused ones start with
/// `_`: a struct without fields reads neither, one with a field needs no index).
fn read(fills: &[TokenStream], spelling: &Spelling) -> (TokenStream, TokenStream, TokenStream) {
    let ok = spelling.prelude("Ok");
    let read = match fills.split_last() {
        None => quote!(#ok(())),
        Some((last, [])) => quote!(#last; #ok(())),
        Some((last, others)) => {
            let indices = (0..others.len()).map(Literal::usize_unsuffixed);
            quote! {
                match index {
                    #(#indices => #others,)*
                    _ => #last,
                }
                #ok(())
            }
        }
    };
    let index = if fills.len() > 1 {
        quote!(index)
    } else {
        quote!(_index)
    };
    let map = if fills.is_empty() {
        quote!(_map)
    } else {
        quote!(map)
    };
    (read, index, map)
}
