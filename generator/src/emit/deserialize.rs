//! A struct's `Deserialize`, written out instead of derived: the struct's keys and which field each
//! fills, read by the runtime's `__codegen::deserialize_struct` (the loop over the JSON object,
//! unknown and repeated keys, the error messages). It reads JSON objects as serde's derive does,
//! and leaves the compiler much less to do: the derive's field enum, its visitor and `visit_seq`
//! were half of what a large document expands to (BENCHMARKS.md). Structs with a flattened part (an
//! `allOf` that is also a union, or `additionalProperties` beside properties) keep the derive,
//! which buffers the object for them.

use super::types::field_type;
use super::{ident, Spelling};
use crate::model::ir::Struct;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// Whether the struct's `Deserialize` is written out (no flattened part).
pub(super) fn applies(s: &Struct) -> bool {
    s.additional.is_none() && s.fields.iter().all(|field| !field.flatten)
}

/// `impl Deserialize for name`: a struct of one slot per field (the field's type, or an `Option`
/// of it for a required field, so an absent key is seen), how each key fills its slot, and how
/// the slots make the struct.
pub(super) fn emit(name: &Ident, s: &Struct, spelling: &Spelling) -> TokenStream {
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
    let fields: Vec<Ident> = s.fields.iter().map(|field| ident(&field.name)).collect();
    let slots = s.fields.iter().zip(&fields).map(|(field, name)| {
        let ty = field_type(field, spelling);
        if field.optional {
            quote!(#name: #ty)
        } else {
            quote!(#name: #option<#ty>)
        }
    });
    let keys = s.fields.iter().map(|field| &field.wire);
    let fills: Vec<TokenStream> = s
        .fields
        .iter()
        .zip(&fields)
        .map(|(field, name)| {
            if field.optional {
                quote!(self.#name = map.next_value()?)
            } else {
                quote!(self.#name = #some(map.next_value()?))
            }
        })
        .collect();
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
    // Named as used: a struct without fields reads neither, one with a field needs no index.
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
    let built = s.fields.iter().zip(&fields).map(|(field, name)| {
        if field.optional {
            quote!(#name: self.#name)
        } else {
            let key = &field.wire;
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
