//! `diff` on Cloudflare's own history: the five real consecutive pairs of its API document in
//! `../shared/corpus/cloudflare-history/` (a restructuring, list operations that stop being
//! paged, small additions, an optional field, a change that moves nothing), each report pinned
//! as a reviewer reads it. The semver oracle judges what these reports suggest against the
//! compiler; here, what they say is pinned, so a change to any rule shows in real reports.

#[path = "support/history.rs"]
mod history;
#[path = "support/places.rs"]
mod places;

use cloudforce_one_codegen::diff::report::{render, Format};
use cloudforce_one_codegen::diff::{diff_texts, Bump};
use cloudforce_one_codegen::Settings;
use history::document;

/// The report of one pair, as `cargo codegen diff --lenient` prints it, and its bump. Every
/// document here is a large one, so identical schemas share one type and serde traits are
/// derived as used.
fn reviewed(old: &str, new: &str) -> (String, Bump) {
    reviewed_with(old, new, &Settings::default().lenient(true))
}

/// The report of one pair under `settings`, and its bump.
fn reviewed_with(old: &str, new: &str, settings: &Settings) -> (String, Bump) {
    let (old_text, new_text) = (document(old), document(new));
    let report = diff_texts((&old_text, old), (&new_text, new), settings)
        .unwrap_or_else(|e| panic!("{old} → {new}: {e}"));
    let bump = report.bump();
    (render(&report, Format::Text, old, new, false), bump)
}

/// Every pair, old first.
const PAIRS: [(&str, &str); 5] = [
    ("2024-05-02-d88449db", "2024-05-02-78076e23"),
    ("2024-05-16-47c17430", "2024-05-16-30c307dc"),
    ("2024-06-12-86508ac0", "2024-06-12-1d5e820c"),
    ("2024-06-11-8924fed1", "2024-06-11-7192bccf"),
    ("2024-07-31-77d0ba74", "2024-07-31-0540e577"),
];

/// A reviewer follows a change's pointer into the document: it must name a place there (in OLD
/// for something removed), also for a property an `allOf` part defines.
#[test]
fn every_change_names_a_place_in_its_document() {
    for (old, new) in PAIRS {
        let (old_text, new_text) = (document(old), document(new));
        let settings = Settings::default().lenient(true);
        let report = diff_texts((&old_text, old), (&new_text, new), &settings)
            .unwrap_or_else(|e| panic!("{old} → {new}: {e}"));
        let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
        let label = format!("{old} → {new}");
        places::assert_every_change_names_a_place(
            &label,
            &report,
            &parse(&old_text),
            &parse(&new_text),
        );
    }
}

#[test]
fn a_restructuring_is_reported_whole_and_called_major() {
    let (report, bump) = reviewed("2024-05-02-d88449db", "2024-05-02-78076e23");
    assert_eq!(bump, Bump::Major);
    // 172 changes, read as one entry per method or per shape of change.
    assert!(
        report.lines().count() <= 150,
        "{} lines",
        report.lines().count()
    );
    insta::assert_snapshot!(report);
}

#[test]
fn list_operations_that_stop_being_paged() {
    let (report, bump) = reviewed("2024-05-16-47c17430", "2024-05-16-30c307dc");
    assert_eq!(bump, Bump::Major);
    insta::assert_snapshot!(report);
}

#[test]
fn small_additions() {
    let (report, _) = reviewed("2024-06-12-86508ac0", "2024-06-12-1d5e820c");
    insta::assert_snapshot!(report);
}

/// The new field makes a schema that was identical to others distinct: under the large-document
/// default that splits a shared type, which is breaking; with a type per schema it is not.
#[test]
fn an_optional_field_appears() {
    let (old, new) = ("2024-06-11-8924fed1", "2024-06-11-7192bccf");
    let (report, bump) = reviewed(old, new);
    assert_eq!(bump, Bump::Major);
    insta::assert_snapshot!(report);
    let per_schema = Settings::default()
        .lenient(true)
        .share_identical_types(false);
    assert_eq!(reviewed_with(old, new, &per_schema).1, Bump::Minor);
}

#[test]
fn a_change_that_moves_nothing_in_the_api() {
    let (report, bump) = reviewed("2024-07-31-77d0ba74", "2024-07-31-0540e577");
    assert_eq!(bump, Bump::Patch);
    insta::assert_snapshot!(report);
}
