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
        let now_large = large(after);
        // Each setting left to follow the size: what it now is (or no longer is), and the flag
        // that keeps it as it was.
        let unset: Vec<(&str, &str)> = [
            (
                settings.derive_as_used.is_none(),
                "serde traits as each type's use needs",
                ["--derive-as-used", "--derive-everywhere"],
            ),
            (
                settings.share_identical_types.is_none(),
                "identical types shared",
                ["--share-identical-types", "--type-per-schema"],
            ),
        ]
        .into_iter()
        .filter_map(|(unset, what, [on, off])| {
            unset.then_some((what, if now_large { off } else { on }))
        })
        .collect();
        if unset.is_empty() {
            return;
        }
        let now = if now_large { "now" } else { "no longer" };
        let what: Vec<&str> = unset.iter().map(|(what, _)| *what).collect();
        let pin: Vec<&str> = unset.iter().map(|(_, flag)| *flag).collect();
        let message = format!(
            "the document declares {after} operations instead of {before}, so it is {now} \
             generated as a large one ({LARGE_DOCUMENT_OPERATIONS} or more: {}); the changes that \
             makes to types are reported with their own rules, and generating with `{}` keeps \
             the API as it was",
            what.join(" and "),
            pin.join(" "),
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
