//! A document that crosses [`LARGE_DOCUMENT_OPERATIONS`]: with `derive_as_used` or
//! `share_identical_types` left unset, it is generated otherwise from then on. What that does to
//! each type is reported by the rules about serde traits and identical types; this change says
//! why, and how to keep the API as it was.

use super::{Differ, Rule, Severity};
use crate::pointer::Pointer;
use crate::{Settings, LARGE_DOCUMENT_OPERATIONS};

impl Differ<'_> {
    pub(super) fn document_size(&mut self, settings: &Settings) {
        let (before, after) = (self.old.operations, self.new.operations);
        let large = |operations: usize| operations >= LARGE_DOCUMENT_OPERATIONS;
        if large(before) == large(after) {
            return;
        }
        let unset: Vec<&str> = [
            (
                settings.derive_as_used.is_none(),
                "serde traits as each type's use needs",
            ),
            (
                settings.share_identical_types.is_none(),
                "identical types shared",
            ),
        ]
        .into_iter()
        .filter_map(|(unset, what)| unset.then_some(what))
        .collect();
        if unset.is_empty() {
            return;
        }
        let (now, pin) = if large(after) {
            ("now", "`--derive-everywhere --type-per-schema`")
        } else {
            ("no longer", "`--derive-as-used --share-identical-types`")
        };
        let message = format!(
            "the document declares {after} operations instead of {before}, so it is {now} \
             generated as a large one ({LARGE_DOCUMENT_OPERATIONS} or more: {}); the changes that \
             makes to types are reported with their own rules, and generating with {pin} keeps \
             the API as it was",
            unset.join(" and ")
        );
        let pointer = Pointer::root().child("paths");
        self.push(
            Severity::PotentiallyBreaking,
            Rule::DocumentSizeCrossed,
            pointer,
            message,
        );
    }
}
