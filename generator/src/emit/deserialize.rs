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

/// `impl Deserialize for name`: a struct of one slot per field (the field's type, or an `Option`
/// of it for a required field, so an absent key is seen), how each key fills its slot, and how
/// the slots make the struct. It is longer than the house's 80 lines because most of it is the
/// one `quote!` template of the impl, kept whole so it reads as the code it writes.
pub(super) fn emit(name: &Ident, keyed: &[Keyed], spelling: &Spelling) -> TokenStream {
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
    let fields: Vec<Ident> = keyed.iter().map(|k| ident(k.field.name.code())).collect();
    let slots = keyed
        .iter()
        .zip(&fields)
        .map(|(Keyed { field, .. }, name)| {
            let ty = spelling.field(field);
            if field.is_optional() {
                quote!(#name: #ty)
            } else {
                quote!(#name: #option<#ty>)
            }
        });
    let keys = keyed.iter().map(|k| k.key);
    let fills: Vec<TokenStream> = keyed
        .iter()
        .zip(&fields)
        .map(|(Keyed { field, .. }, name)| {
            if field.is_optional() {
                quote!(self.#name = map.next_value()?)
            } else {
                quote!(self.#name = #some(map.next_value()?))
            }
        })
        .collect();
    let (read, index, map) = read(&fills, spelling);
    let built = keyed
        .iter()
        .zip(&fields)
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
    let name_text = name.to_string();
    let name_text = name_text.trim_start_matches("r#");
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> #result<Self, __D::Error> {
                #[derive(#default)]
                struct __Fields {
                    #(#slots,)*
                }
                impl<'de> crate::__codegen::Fields<'de> for __Fields {
                    type Value = #name;
                    const NAME: &'static str = #name_text;
                    const KEYS: &'static [&'static str] = &[#(#keys),*];
                    fn read<__A: serde::de::MapAccess<'de>>(
                        &mut self,
                        #index: usize,
                        #map: &mut __A,
                    ) -> #result<(), __A::Error> {
                        #read
                    }
                    fn build<__E: serde::de::Error>(self) -> #result<#name, __E> {
                        #ok(#name {
                            #(#built,)*
                        })
                    }
                }
                crate::__codegen::deserialize_struct::<__Fields, __D>(deserializer)
            }
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
