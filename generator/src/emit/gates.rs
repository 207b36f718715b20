//! Gating generated code behind cargo features: the `cfg` attributes and the gated modules of a
//! crate generated with a feature per tag (see [`crate::model::features`]).

use super::ident;
use crate::model::ir::Gate;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[cfg(feature)] mod module { items }`, and `pub use module::*;` so its items keep the paths
/// they have without features.
pub(crate) fn gated_mod(gate: &Gate, items: TokenStream) -> TokenStream {
    let cfg = cfg_any(&[&gate.feature]);
    let name = ident(&gate.module);
    quote! {
        #cfg
        mod #name {
            #items
        }
        #cfg
        pub use #name::*;
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`.
pub(crate) fn cfg_any(features: &[&str]) -> TokenStream {
    match features {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `items` with `cfg` put on each of them. Tokens that do not parse (a generator bug, which the
/// formatter reports) come back as they were.
pub(crate) fn each_item(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items.into_iter().map(|item| quote!(#cfg #item));
            quote!(#(#items)*)
        }
        Err(_) => items,
    }
}
