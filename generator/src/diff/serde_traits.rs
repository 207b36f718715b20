//! The rules about a type's serde traits, which only change for clients generated with
//! `derive_as_used` (a type implements `Serialize` if a request sends it and `Deserialize` if a
//! response returns it): a spec change can take a trait away from a type whose own definition did
//! not change — a schema nothing used (so it had both) that a new operation now returns loses
//! `Serialize` — so they are judged here, type by type, not from the change that caused them.
//!
//! With identical types shared, a type is one with its class: it implements what any of them needs.

use super::identical::class_of;
use super::{Differ, Rule, Severity};
use crate::model::ir::{Api, SerdeTraits, TypeKind};
use std::collections::BTreeMap;

impl Differ<'_> {
    /// `shared`: whether each side (old, new) is generated with identical types shared.
    pub(super) fn serde_traits(&mut self, shared: (bool, bool)) {
        let (old, new) = (traits(self.old, shared.0), traits(self.new, shared.1));
        for (name, after) in &new {
            let Some(before) = old.get(name) else {
                continue;
            };
            let pointer = &self.new.types[*name].pointer;
            for (trait_name, had, has, user) in [
                (
                    "Serialize",
                    before.serialize,
                    after.serialize,
                    "request sends",
                ),
                (
                    "Deserialize",
                    before.deserialize,
                    after.deserialize,
                    "response returns",
                ),
            ] {
                if had && !has {
                    let message = format!(
                        "`{name}` no longer implements `{trait_name}`: no {user} it now (serde \
                         traits are derived as each type's use needs), so code that needs it to \
                         no longer compiles"
                    );
                    self.push(
                        Severity::Breaking,
                        Rule::SerdeTraitRemoved,
                        pointer.clone(),
                        message,
                    );
                } else if has && !had {
                    let message = format!(
                        "`{name}` now implements `{trait_name}`: a {user} it (serde traits are \
                         derived as each type's use needs)"
                    );
                    self.push(
                        Severity::Compatible,
                        Rule::SerdeTraitAdded,
                        pointer.clone(),
                        message,
                    );
                }
            }
        }
    }
}

/// The serde traits each type that derives them (not an alias) implements; shared, the traits of
/// its whole class.
fn traits(api: &Api, shared: bool) -> BTreeMap<&str, SerdeTraits> {
    let class = class_of(api, shared);
    let mut of_class: BTreeMap<&str, SerdeTraits> = BTreeMap::new();
    let derives = api
        .types
        .values()
        .filter(|def| !matches!(def.kind, TypeKind::Alias(_)));
    for def in derives.clone() {
        let whole = of_class
            .entry(class[&def.name].as_str())
            .or_insert(SerdeTraits {
                serialize: false,
                deserialize: false,
            });
        whole.serialize |= def.serde.serialize;
        whole.deserialize |= def.serde.deserialize;
    }
    derives
        .map(|def| (def.name.as_str(), of_class[class[&def.name].as_str()]))
        .collect()
}
