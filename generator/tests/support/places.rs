//! The check a reviewer relies on: each change's pointer names a place in its document (in the
//! old one for something removed), so following it lands on what changed.

use cloudforce_one_codegen::diff::Report;
use serde_json::Value;

/// Panics, naming `label`, the pointer and the change, when a pointer names nothing.
pub fn assert_every_change_names_a_place(label: &str, report: &Report, old: &Value, new: &Value) {
    for change in &report.changes {
        let document = if change.in_old { old } else { new };
        let place = change.pointer.as_str().strip_prefix('#').unwrap();
        assert!(
            document.pointer(place).is_some(),
            "{label}: {} names nothing: {}",
            change.pointer,
            change.message
        );
    }
}
