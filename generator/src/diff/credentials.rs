//! The `Credentials` of a crate made of the spec (`generate --crate`), whose variants the spec's
//! security requirements decide: a variant added is compatible (the enum is
//! `#[non_exhaustive]`), one removed or holding other values breaks the code that names or builds
//! it. The client's own `Credentials` is written by hand, so these changes are the made crates'.

use super::{Differ, Rule, Severity};
use crate::emit::api_module::{credentials_variants, CredentialsVariant};

impl Differ<'_> {
    /// The variants of the made crate's `Credentials`, by name.
    pub(super) fn credentials(&mut self) {
        let (old, new) = (
            credentials_variants(self.old),
            credentials_variants(self.new),
        );
        let find = |variants: &[CredentialsVariant], name: &str| {
            variants.iter().find(|v| v.name == name).cloned()
        };
        for variant in &old {
            let before = shown(variant);
            match find(&new, &variant.name) {
                None => self.push_in_old(
                    Severity::Breaking,
                    Rule::CredentialsRemoved,
                    variant.pointer.clone(),
                    format!(
                        "{before} is gone from a crate made with `generate --crate` (no security \
                         requirement of the spec asks for it): code naming it no longer compiles"
                    ),
                ),
                Some(now) if now.fields != variant.fields => self.push(
                    Severity::Breaking,
                    Rule::CredentialsChanged,
                    now.pointer.clone(),
                    format!(
                        "{} instead of {before} in a crate made with `generate --crate`: code \
                         building it the old way no longer compiles",
                        shown(&now)
                    ),
                ),
                Some(_) => {}
            }
        }
        for variant in new.iter().filter(|v| find(&old, &v.name).is_none()) {
            self.push(
                Severity::Compatible,
                Rule::CredentialsAdded,
                variant.pointer.clone(),
                format!(
                    "{} added to a crate made with `generate --crate`: callers may prove who they \
                     are this way too; matches need no change (the enum is non-exhaustive)",
                    shown(variant)
                ),
            );
        }
    }
}

/// `Credentials::Basic { username, password }`.
fn shown(variant: &CredentialsVariant) -> String {
    format!(
        "`Credentials::{} {{ {} }}`",
        variant.name,
        variant.fields.join(", ")
    )
}
