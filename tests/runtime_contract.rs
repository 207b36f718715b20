//! The runtime contract the generator declares (`cloudforce_one_codegen::contract`) is what the
//! runtime really offers: `__codegen` holds exactly the items generated code may call, generated
//! code calls nothing else there, `Client` has exactly the methods resource accessors must not
//! take, and `Call` exactly the methods optional parameters' setters must not take.

use cloudforce_one_codegen::contract::{CALL_METHODS, CLIENT_METHODS, CODEGEN_ITEMS};
use std::collections::BTreeSet;

fn parse(path: &str) -> syn::File {
    let path = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// Names a `use` tree brings in.
fn used_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(path) => used_names(&path.tree, out),
        syn::UseTree::Name(name) => {
            out.insert(name.ident.to_string());
        }
        syn::UseTree::Rename(rename) => {
            out.insert(rename.rename.to_string());
        }
        syn::UseTree::Group(group) => group.items.iter().for_each(|t| used_names(t, out)),
        syn::UseTree::Glob(_) => panic!("__codegen must name what it exports"),
    }
}

#[test]
fn codegen_module_exports_exactly_the_declared_items() {
    let lib = parse("src/runtime.rs");
    let module = lib
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "__codegen" => m.content.as_ref(),
            _ => None,
        })
        .expect("src/runtime.rs declares `mod __codegen { … }`");
    let mut exported = BTreeSet::new();
    for item in &module.1 {
        match item {
            syn::Item::Use(u) => used_names(&u.tree, &mut exported),
            syn::Item::Fn(f) => {
                exported.insert(f.sig.ident.to_string());
            }
            other => panic!("unexpected item in __codegen: {}", quote_kind(other)),
        }
    }
    assert_eq!(exported, set(CODEGEN_ITEMS));
}

fn quote_kind(item: &syn::Item) -> &'static str {
    match item {
        syn::Item::Struct(_) => "struct",
        syn::Item::Enum(_) => "enum",
        syn::Item::Const(_) => "const",
        _ => "item",
    }
}

#[test]
fn generated_code_calls_only_the_declared_items() {
    let declared = set(CODEGEN_ITEMS);
    for file in ["generated/resources.rs", "generated/types.rs"] {
        let text =
            std::fs::read_to_string(format!("{}/../{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        for (at, _) in text.match_indices("__codegen::") {
            let rest = &text[at + "__codegen::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            assert!(
                declared.contains(&name),
                "{file} calls __codegen::{name}, which the contract does not declare"
            );
        }
    }
}

#[test]
fn client_has_exactly_the_methods_accessors_must_avoid() {
    let client = parse("src/client.rs");
    let mut methods = BTreeSet::new();
    for item in &client.items {
        match item {
            syn::Item::Impl(imp) => {
                let is_client =
                    matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
                if !is_client {
                    continue;
                }
                for item in &imp.items {
                    if let syn::ImplItem::Fn(f) = item {
                        methods.insert(f.sig.ident.to_string());
                    }
                }
            }
            syn::Item::Struct(s) if s.ident == "Client" => {
                for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                    attr.parse_nested_meta(|meta| {
                        // The method each derived trait gives.
                        let method = match meta.path.get_ident().map(|i| i.to_string()).as_deref() {
                            Some("Clone") => "clone",
                            Some("Debug") => "fmt",
                            Some(other) => {
                                panic!("Client derives {other}: add its methods to the contract")
                            }
                            None => panic!("a derive path on Client"),
                        };
                        methods.insert(method.to_owned());
                        Ok(())
                    })
                    .unwrap();
                }
            }
            _ => {}
        }
    }
    assert_eq!(methods, set(CLIENT_METHODS));
}

/// A generated setter is an inherent method of `Call<'_, T, calls::Op>`: one named like any of
/// `Call`'s own inherent methods, public or not, would not compile. So `Call` has no method the
/// generator does not keep setters clear of.
#[test]
fn call_has_exactly_the_methods_setters_keep_clear_of() {
    let file = parse("src/call.rs");
    let mut methods = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let syn::Type::Path(ty) = &*block.self_ty else {
            continue;
        };
        if ty.path.segments.last().is_some_and(|s| s.ident == "Call") {
            let named_by_trait = block.trait_.as_ref().map(|(path, _)| {
                path.segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default()
            });
            // Of the traits `Call` implements, only `IntoFuture` puts a method on it by value.
            if named_by_trait.is_some_and(|t| t != "IntoFuture") {
                continue;
            }
            for inner in &block.items {
                if let syn::ImplItem::Fn(f) = inner {
                    methods.insert(f.sig.ident.to_string());
                }
            }
        }
    }
    assert_eq!(methods, set(CALL_METHODS));
}
