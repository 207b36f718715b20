//! The resource tree: each operation under its tag's resource, tags nested by `x-parent`, and
//! the names of resources, accessors and methods settled.

use super::ir::{Docs, Ident, Method, Operation, Paging, Resource, Stream};
use super::refs::{self, Broken, Link};
use super::Ctx;
use crate::naming::{self, Namer};
use crate::pointer::Pointer;
use std::collections::BTreeMap;

/// An operation's tag and method before names within its resource are settled.
pub(super) struct Pending {
    pub(super) tag: String,
    /// Where the operation names its tag (the operation, when it names none).
    pub(super) tag_pointer: Pointer,
    pub(super) wanted_name: String,
    pub(super) operation: Operation,
    /// How to walk its pages, for an operation that lists pages.
    pub(super) paging: Option<Paging>,
}

impl Ctx<'_> {
    /// Puts each operation under its tag's resource, nesting tags that name an `x-parent`.
    pub(super) fn arrange(&mut self, pending: Vec<Pending>) -> Vec<Resource> {
        let api = self.api;
        let mut order: Vec<String> = api.tags.iter().map(|t| t.name.clone()).collect();
        for p in &pending {
            if !order.contains(&p.tag) {
                order.push(p.tag.clone());
            }
        }
        let mut parents: BTreeMap<String, String> = BTreeMap::new();
        for (i, tag) in api.tags.iter().enumerate() {
            match tag.extensions.get("x-parent") {
                Some(serde_json::Value::String(parent))
                    if order.contains(parent) && parent != &tag.name =>
                {
                    parents.insert(tag.name.clone(), parent.clone());
                }
                Some(other) => {
                    let message = format!("x-parent {other} names no other tag");
                    self.problem(
                        "bad tag",
                        &Pointer::root().child("tags").index(i).child("x-parent"),
                        message,
                    );
                }
                None => {}
            }
        }
        for tag in parents.keys() {
            let walk = refs::follow(tag.as_str(), |tag| match parents.get(*tag) {
                Some(parent) => Link::Next(parent.as_str()),
                None => Link::End(()),
            });
            if let Err(Broken::Cycle(chain)) = walk {
                let i = api.tags.iter().position(|t| &t.name == tag).unwrap_or(0);
                let message = format!("x-parent cycle: {}", chain.join(" → "));
                self.problem(
                    "bad tag",
                    &Pointer::root().child("tags").index(i).child("x-parent"),
                    message,
                );
                return Vec::new();
            }
        }
        let mut by_tag: BTreeMap<String, Vec<Pending>> = BTreeMap::new();
        for p in pending {
            by_tag.entry(p.tag.clone()).or_default().push(p);
        }
        let tag_docs = api
            .tags
            .iter()
            .filter_map(|t| Some((t.name.clone(), t.description.clone()?)))
            .collect();
        let mut tag_pointers = BTreeMap::new();
        for (i, tag) in api.tags.iter().enumerate() {
            let declared = Pointer::root().child("tags").index(i);
            tag_pointers.entry(tag.name.clone()).or_insert(declared);
        }
        let mut tree = Tree {
            order,
            parents,
            by_tag,
            tag_docs,
            tag_pointers,
            struct_names: Namer::default(),
        };
        let mut accessors = Namer::with_reserved(crate::contract::CLIENT_METHODS);
        let roots: Vec<String> = tree
            .order
            .iter()
            .filter(|t| !tree.parents.contains_key(*t))
            .cloned()
            .collect();
        roots
            .iter()
            .filter_map(|tag| tree.build(tag, &mut accessors))
            .collect()
    }
}

/// The tags, their nesting and their operations, turned into resources.
struct Tree {
    /// Tags in declaration order, then those only operations name.
    order: Vec<String>,
    /// Tag → the tag its `x-parent` names.
    parents: BTreeMap<String, String>,
    by_tag: BTreeMap<String, Vec<Pending>>,
    tag_docs: BTreeMap<String, String>,
    /// Where the document declares each tag it declares.
    tag_pointers: BTreeMap<String, Pointer>,
    /// Resource struct names, unique across the module.
    struct_names: Namer,
}

impl Tree {
    /// The resource for `tag`, with its sub-resources; its accessor is named in `accessors`.
    fn build(&mut self, tag: &str, accessors: &mut Namer) -> Option<Resource> {
        let mut child_accessors = Namer::default();
        let child_tags: Vec<String> = self
            .order
            .iter()
            .filter(|t| self.parents.get(*t).map(String::as_str) == Some(tag))
            .cloned()
            .collect();
        let children: Vec<Resource> = child_tags
            .iter()
            .filter_map(|child| self.build(child, &mut child_accessors))
            .collect();
        let pending = self.by_tag.remove(tag).unwrap_or_default();
        if pending.is_empty() && children.is_empty() {
            return None;
        }
        // Methods share a namespace with sub-resource accessors and the `…_all` streams.
        // The streams are named after every method, so a stream never takes a method's name.
        let mut names = child_accessors;
        let method_names: Vec<Ident> = (pending.iter())
            .map(|p| names.claim_ident(&p.wanted_name))
            .collect();
        let declared = self.tag_pointers.get(tag);
        let pointer = match (declared, pending.first(), children.first()) {
            (Some(declared), _, _) => declared.clone(),
            (None, Some(first), _) => first.tag_pointer.clone(),
            (None, None, Some(child)) => child.pointer.clone(),
            (None, None, None) => Pointer::root().child("tags"),
        };
        Some(Resource {
            accessor: accessors.claim_ident(&naming::snake(tag)),
            type_name: self.struct_names.claim(&naming::camel(tag)),
            tag: tag.to_owned(),
            pointer,
            docs: Docs {
                summary: None,
                description: self.tag_docs.get(tag).cloned(),
            },
            methods: (pending.into_iter().zip(method_names))
                .map(|(p, name)| Method {
                    stream: p.paging.map(|paging| Stream {
                        name: names.claim_ident(&format!("{name}_all")),
                        paging,
                    }),
                    name,
                    operation: p.operation,
                })
                .collect(),
            children,
        })
    }
}
