//! `diff` rules, each pinned by a before/after pair from `tests/rule_cases` (the base spec in
//! `tests/diff/base.yaml` and one edit of it; `tests/semver_oracle.rs` judges the same pairs
//! with the compiler and cargo-semver-checks). Also the report formats, the semver suggestion,
//! reading `git:REF:PATH`, and the real history of the Cloudforce One Requests API (2024
//! document → today's official).

#[path = "support/places.rs"]
mod places;
mod rule_cases;
#[path = "support/slice.rs"]
mod slice;

use cloudforce_one_codegen::diff::report::{render, Format};
use cloudforce_one_codegen::diff::{diff_texts, read_side, Bump, Change, Report, Rule, Severity};
use cloudforce_one_codegen::Settings;
use rule_cases::{base, case, edited, CASES};
use std::path::Path;

/// The 1-based line of the first line containing `text`.
fn line_of(spec: &str, text: &str) -> Option<usize> {
    spec.lines().position(|l| l.contains(text)).map(|i| i + 1)
}

fn report(old: &str, new: &str) -> Report {
    report_with(old, new, &Settings::default())
}

fn report_with(old: &str, new: &str, settings: &Settings) -> Report {
    diff_texts((old, "old.yaml"), (new, "new.yaml"), settings).unwrap_or_else(|e| panic!("{e}"))
}

/// The one change with this rule; fails unless exactly one change has it.
fn only(report: &Report, rule: &str) -> Change {
    let found: Vec<&Change> = report.changes.iter().filter(|c| c.rule == rule).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one `{rule}` change, got: {:#?}",
        report.changes
    );
    found[0].clone()
}

/// The report for a named case, after checking what the case table says of it.
fn checked(name: &str) -> Report {
    let case = case(name);
    let (before, after) = (base(), case.after());
    let report = report_with(&before, &after, &case.settings());
    // A reviewer follows each change's pointer into the spec: it names a place there (in the
    // old spec for something removed).
    let parse = |text: &str| serde_yaml::from_str::<serde_json::Value>(text).unwrap();
    places::assert_every_change_names_a_place(name, &report, &parse(&before), &parse(&after));
    let found: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.rule == case.rule)
        .collect();
    assert_eq!(
        found.len(),
        case.count,
        "{name}: expected {} `{}` change(s), got: {:#?}",
        case.count,
        case.rule,
        report.changes
    );
    for change in &found {
        assert_eq!(change.severity, case.severity, "{name}: {change:#?}");
    }
    for word in case.words {
        assert!(
            found.iter().any(|c| c.message.contains(word)),
            "{name}: {word:?} missing from: {found:#?}"
        );
    }
    report
}

#[test]
fn every_rule_case_reports_its_rule_severity_and_words() {
    for case in CASES {
        checked(case.name);
    }
}

/// A breaking case carries a witness; a case whose own rule is not breaking carries one only if
/// its report is (a document that becomes a large one changes its types, which other rules report).
#[test]
fn every_breaking_case_carries_a_witness_and_no_other_does() {
    for case in CASES {
        if case.severity == Severity::Breaking {
            assert!(
                case.witness.is_some(),
                "{}: a breaking case needs a program it breaks",
                case.name
            );
        } else if case.witness.is_some() {
            assert_eq!(
                checked(case.name).bump(),
                Bump::Major,
                "{}: a witness for a report that breaks nothing",
                case.name
            );
        }
    }
}

#[test]
fn identical_specs_have_no_changes_and_call_for_a_patch() {
    let report = report(&base(), &base());
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!(report.bump(), Bump::Patch);
}

#[test]
fn additions_call_for_a_minor_release_renames_for_a_patch() {
    let added = checked("operation-added");
    assert!(!only(&added, "operation-added").in_old);
    assert_eq!(added.bump(), Bump::Minor);
    assert_eq!(
        checked("request-property-added-optional").bump(),
        Bump::Minor
    );
    assert_eq!(checked("response-enum-value-added").bump(), Bump::Minor);
    assert_eq!(checked("path-parameter-renamed").bump(), Bump::Patch);
    assert_eq!(checked("security-changed").bump(), Bump::Minor);
    assert_eq!(checked("operation-removed").bump(), Bump::Major);
}

#[test]
fn operation_removed_points_into_old() {
    let change = only(&checked("operation-removed"), "operation-removed");
    assert!(change.in_old);
    assert_eq!(change.line, line_of(&base(), "    delete:"));
}

#[test]
fn operation_moved_to_another_method_points_at_the_new_method() {
    let change = only(&checked("operation-moved-method"), "operation-moved");
    assert!(change.pointer.as_str().ends_with("/patch"));
}

#[test]
fn path_parameter_renamed_changes_nothing_else() {
    let report = checked("path-parameter-renamed");
    assert!(
        report.changes.iter().all(|c| c.rule == "parameter-renamed"),
        "arguments are positional, so nothing else changed: {:#?}",
        report.changes
    );
}

#[test]
fn schema_renamed_is_not_also_a_removal() {
    let report = checked("schema-renamed");
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.rule != "schema-removed" && c.rule != "result-shape-changed"),
        "{:#?}",
        report.changes
    );
}

#[test]
fn a_property_pushed_off_its_rust_name_is_reported_as_renamed() {
    let report = checked("property-renamed");
    assert!(
        report.changes.iter().any(|c| c.rule == "property-added"),
        "the newcomer is reported too: {:#?}",
        report.changes
    );
}

#[test]
fn lines_point_into_new_and_json_output_has_a_stable_shape() {
    let new = case("property-type-changed").after();
    let report = report(&base(), &new);
    let change = only(&report, "property-type-changed");
    assert_eq!(change.line, line_of(&new, "size: {type: number}"));
    let json: serde_json::Value = serde_json::from_str(&render(
        &report,
        Format::Json,
        "old.yaml",
        "new.yaml",
        false,
    ))
    .unwrap();
    assert_eq!(json["format"], 1);
    assert_eq!(json["semver"], "major");
    assert_eq!(json["summary"]["breaking"], 1);
    let first = &json["changes"][0];
    for key in ["severity", "rule", "side", "pointer", "line", "message"] {
        assert!(!first[key].is_null(), "{key} in {first}");
    }
}

#[test]
fn text_markdown_and_github_formats_say_the_same_thing() {
    let report = report(
        &base(),
        &edited(&[
            ("enum: [red, green]", "enum: [red]"),
            ("enum: [fast, slow]", "enum: [fast, slow, idle]"),
        ]),
    );
    let text = render(&report, Format::Text, "old.yaml", "new.yaml", false);
    assert!(
        text.contains(
            "1 breaking, 0 potentially breaking, 1 compatible; suggested version bump: major"
        ),
        "{text}"
    );
    let summary_at = text.find("suggested version bump").unwrap();
    assert!(
        summary_at < text.find("breaking ").unwrap(),
        "summary first: {text}"
    );
    assert!(!text.contains('\x1b'), "no colour unless asked");
    assert!(render(&report, Format::Text, "old.yaml", "new.yaml", true).contains("\x1b[31;1m"));
    let markdown = render(&report, Format::Markdown, "old.yaml", "new.yaml", false);
    assert!(
        markdown.contains("| breaking | 1 |")
            && markdown.contains("**major**")
            && markdown.contains("### breaking (1 entry, 1 change)"),
        "{markdown}"
    );
    let github = render(&report, Format::Github, "old.yaml", "new.yaml", false);
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("::error file=new.yaml,line=")),
        "{github}"
    );
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("::notice file=new.yaml,line=")),
        "{github}"
    );
}

#[test]
fn git_sides_are_read_without_touching_the_work_tree() {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    git(&["init", "-q"]);
    std::fs::write(repo.path().join("spec.yaml"), base()).unwrap();
    git(&["add", "spec.yaml"]);
    git(&["commit", "-q", "-m", "base"]);
    let changed = edited(&[("enum: [red, green]", "enum: [red]")]);
    std::fs::write(repo.path().join("spec.yaml"), &changed).unwrap();
    let here = std::env::current_dir().unwrap();
    std::env::set_current_dir(repo.path()).unwrap();
    let old = read_side("git:HEAD:spec.yaml");
    let missing = read_side("git:HEAD:nope.yaml");
    std::env::set_current_dir(here).unwrap();
    assert_eq!(old.unwrap(), base());
    assert!(missing.unwrap_err().to_string().contains("git show failed"));
    assert_eq!(
        std::fs::read_to_string(repo.path().join("spec.yaml")).unwrap(),
        changed,
        "the work tree is untouched"
    );
}

/// The Cloudforce One Requests part of a whole-API document, as a standalone spec.
fn requests_subset(document: &str) -> String {
    let doc: serde_json::Value = serde_json::from_str(document).unwrap();
    slice::subset(&doc, |path| path.contains("/cloudforce-one/requests")).to_string()
}

#[test]
fn real_history_2024_document_to_todays_official_spec() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let document =
        std::fs::read_to_string(shared.join("corpus/cloudflare-openapi-full-2024-08-06.json"))
            .unwrap();
    let old = requests_subset(&document);
    let new = std::fs::read_to_string(
        shared.join("reference/cloudflare-official-cloudforce-one-requests.yaml"),
    )
    .unwrap();
    let report = diff_texts(
        (&old, "2024.json"),
        (&new, "official.yaml"),
        &Settings::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let with = |rule: &str| {
        report
            .changes
            .iter()
            .filter(|c| c.rule == rule)
            .collect::<Vec<_>>()
    };

    // The five asset operations are new, and nothing else is: every 2024 operation is still there.
    let added: Vec<&str> = with("operation-added")
        .iter()
        .map(|c| c.message.as_str())
        .collect();
    assert_eq!(added.len(), 5, "{added:#?}");
    assert!(added.iter().all(|m| m.contains("/asset")), "{added:#?}");
    assert!(
        with("operation-removed").is_empty() && with("operation-moved").is_empty(),
        "{:#?}",
        report.changes
    );

    // `{account_identifier}` → `{account_id}` and the like: positional, so harmless.
    let renamed_params = with("parameter-renamed");
    assert!(
        renamed_params.len() >= 18
            && renamed_params
                .iter()
                .all(|c| c.severity == Severity::Compatible)
    );
    assert!(renamed_params.iter().any(|c| c
        .message
        .contains("`account_identifier` renamed `account_id`")));
    assert!(renamed_params.iter().any(|c| c
        .message
        .contains("`priority_identifer` renamed `priority_id`")));

    // `cloudforce-one_*` schemas became `cloudforce-one-requests_*`: every Rust type is renamed.
    let renamed_types = with("schema-renamed");
    assert!(
        renamed_types.iter().any(|c| c.message.contains(
            "type `CloudforceOneRequestItem` is renamed `CloudforceOneRequestsRequestItem`"
        )),
        "{renamed_types:#?}"
    );
    assert!(
        with("schema-removed").is_empty(),
        "renamed schemas are not reported as removed: {:#?}",
        with("schema-removed")
    );
    assert_eq!(report.bump(), Bump::Major);
}

#[test]
fn diffing_the_whole_cloudflare_document_with_itself_edited_finds_the_edit() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/cloudflare-openapi-full-2024-08-06.json");
    let old = std::fs::read_to_string(path).unwrap();
    let new = old.replacen(
        "\"operationId\":\"cloudforce-one-request-quota\"",
        "\"operationId\":\"cloudforce-one-request-get-quota\"",
        1,
    );
    assert_ne!(old, new);
    let report = diff_texts(
        (&old, "old.json"),
        (&new, "new.json"),
        &Settings::default().lenient(true),
    )
    .unwrap();
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert!(report.changes[0].message.contains("cloudforce_one_request_quota()` is renamed `request_for_information_rfi().cloudforce_one_request_get_quota()`"), "{}", report.changes[0].message);
}

/// With identical types shared, the 197 `format` parameters written `enum: [JSON, CSV]` are one
/// type; giving one of them a value parts that one from the rest, reported once (not once per
/// type it was one with), beside the value it gained.
#[test]
fn one_copy_of_a_shared_type_edited_in_the_whole_document_is_parted_from_the_rest_once() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/cloudflare-openapi-full-2024-08-06.json");
    let old = std::fs::read_to_string(path).unwrap();
    let new = old.replacen(
        r#""enum":["JSON","CSV"]"#,
        r#""enum":["JSON","CSV","XML"]"#,
        1,
    );
    assert_ne!(old, new);
    let settings = Settings::default()
        .lenient(true)
        .share_identical_types(true);
    let report = diff_texts((&old, "old.json"), (&new, "new.json"), &settings).unwrap();
    let rules: Vec<&str> = report.changes.iter().map(|c| c.rule.id()).collect();
    assert_eq!(
        rules,
        ["types-separated", "enum-value-added"],
        "{:#?}",
        report.changes
    );
    let parted = "`RadarGetAnnotationsFormat` is no longer the same type as";
    assert!(
        report.changes[0].message.contains(parted),
        "{}",
        report.changes[0].message
    );
}

#[test]
fn changelog_format_sorts_changes_into_breaking_added_and_changed() {
    let report = report(
        &base(),
        &edited(&[
            ("enum: [red, green]", "enum: [red]"),
            ("enum: [fast, slow]", "enum: [fast, slow, idle]"),
            (
                "      operationId: things-list\n      tags: [things]\n      x-idempotent: true\n",
                "      operationId: things-list\n      tags: [things]\n",
            ),
        ]),
    );
    let changelog = render(&report, Format::Changelog, "old.yaml", "new.yaml", false);
    let section = |title: &str| -> String {
        let start = changelog
            .find(&format!("### {title}\n"))
            .unwrap_or_else(|| panic!("no {title} section in:\n{changelog}"));
        let rest = &changelog[start + title.len() + 5..];
        rest[..rest.find("### ").unwrap_or(rest.len())].to_owned()
    };
    assert!(changelog.starts_with("## [Unreleased]\n\nSuggested version bump: **major**."));
    assert!(
        section("Breaking").contains("- `Color::Green`"),
        "{changelog}"
    );
    assert!(section("Added").contains("- `Mode::Idle`"), "{changelog}");
    assert!(
        section("Changed").contains("no longer retried"),
        "{changelog}"
    );
    let empty = render(
        &self::report(&base(), &base()),
        Format::Changelog,
        "old.yaml",
        "new.yaml",
        false,
    );
    assert!(empty.contains("No change to the generated API."), "{empty}");
    assert!(!empty.contains("###"), "{empty}");
}

#[test]
fn every_rule_of_the_catalogue_has_a_case_and_every_case_a_rule() {
    for rule in Rule::ALL {
        assert!(
            rule_cases::CASES.iter().any(|case| *rule == case.rule),
            "rule {} has no before/after case in tests/rule_cases",
            rule.id()
        );
    }
    for case in rule_cases::CASES {
        assert!(
            Rule::from_id(case.rule).is_some(),
            "case {} names {}, which is not in the catalogue",
            case.name,
            case.rule
        );
    }
}

/// An operation that gains the operationId it lacked keeps its place: `diff` reports the rename
/// of its method (from the id made of its method and path), not a removal and an addition.
#[test]
fn an_operation_id_given_later_is_the_rename_it_is() {
    let spec = |id: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /health:\n    get:\n      {id}tags: [status]\n      responses: {{'204': {{description: ok}}}}\n"
        )
    };
    let report = report(&spec(""), &spec("operationId: status-check\n      "));
    let change = only(&report, "operation-id-changed");
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert_eq!(change.severity, Severity::Breaking);
    assert!(
        change.message.contains(
            "operationId `get-health` became `status-check`: method `status().get_health()` is renamed `status().check()`"
        ),
        "{}",
        change.message
    );
}

/// Security alternatives are a set: listing one twice (as a real Cloudflare change did, six
/// times) or in another order changes nothing a caller sees.
#[test]
fn a_security_requirement_listed_twice_is_no_change() {
    let before = edited(&[(
        "      operationId: things-delete\n",
        "      operationId: things-delete\n      security: [{token: []}, {key: []}]\n",
    )]);
    let after = edited(&[(
        "      operationId: things-delete\n",
        "      operationId: things-delete\n      security: [{key: []}, {token: []}, {key: []}]\n",
    )]);
    let report = report(&before, &after);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
}

/// The client checks no validation keyword itself: one tightened on a value only responses hold
/// changes nothing running code sees, and is not reported.
#[test]
fn a_check_on_a_value_only_responses_hold_is_not_reported() {
    let after = edited(&[(
        "        id: {type: string}\n",
        "        id: {type: string, maxLength: 8, pattern: '^[0-9]+$'}\n",
    )]);
    let report = report(&base(), &after);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
}

/// A request value whose schema is a `$ref` is checked as the schema it names says; a change
/// there is reported at that schema, where a reviewer changes it.
#[test]
fn a_check_stated_by_a_referenced_schema_is_reported_there() {
    let after = edited(&[
        (
            "        name: {type: string}\n        mode:",
            "        name: {$ref: '#/components/schemas/Label'}\n        mode:",
        ),
        (
            "    Label:\n      type: string\n",
            "    Label:\n      type: string\n      minLength: 3\n",
        ),
    ]);
    let before = edited(&[(
        "        name: {type: string}\n        mode:",
        "        name: {$ref: '#/components/schemas/Label'}\n        mode:",
    )]);
    let report = report(&before, &after);
    let change = only(&report, "validation-tightened");
    assert_eq!(change.pointer.as_str(), "#/components/schemas/Label");
    assert!(
        change
            .message
            .contains("`ThingEdit::name` is checked more strictly (`minLength` 3 added)"),
        "{}",
        change.message
    );
}

/// With a feature per tag, a tag that goes takes its cargo feature with it, and a reviewer is
/// told: a `Cargo.toml` that enables it no longer resolves.
#[test]
fn a_tag_removed_names_its_cargo_feature_when_features_are_per_tag() {
    let settings = Settings::default().features_per_tag(true);
    let after = edited(&[("tags: [things]", "tags: [items]")]);
    let report = report_with(&base(), &after, &settings);
    let removed = only(&report, "resource-removed");
    assert!(
        removed.message.contains(
            "accessor `client.things()` and its struct `Things` (tag `things`, cargo feature \
             `things`) removed: code naming them no longer compiles, and a `Cargo.toml` \
             enabling the feature no longer resolves"
        ),
        "{}",
        removed.message
    );
    assert!(removed.in_old);
    let added = only(&report, "resource-added");
    assert!(
        added.message.contains("cargo feature `items`"),
        "{}",
        added.message
    );
}

/// Changes of one shape fold into one entry that names the others (a short section stays open).
#[test]
fn markdown_folds_changes_of_one_shape() {
    let added: String = (0..12)
        .map(|i| format!("    Extra{i}: {{type: object, properties: {{a: {{type: string}}}}}}\n"))
        .collect();
    let spread = edited(&[("    Label:\n", &format!("{added}    Label:\n"))]);
    let folded = render(
        &report(&base(), &spread),
        Format::Markdown,
        "old.yaml",
        "new.yaml",
        false,
    );
    assert!(
        folded.contains("### compatible (1 entry, 12 changes)")
            && folded.contains("and 11 more like it: `Extra1`, `Extra10`")
            && !folded.contains("<details>"),
        "{folded}"
    );
}

/// A document that crosses the size with one setting pinned names only the other: pinning a flag
/// the user had pinned otherwise would change the API, not keep it.
#[test]
fn a_size_crossing_names_only_the_settings_left_to_follow_it() {
    let after = case("document-size-crossed").after();
    let pinned = Settings::default().share_identical_types(true);
    let report = report_with(&base(), &after, &pinned);
    let message = only(&report, "document-size-crossed").message;
    assert!(
        message.contains("(200 or more: serde traits as each type's use needs)")
            && message.contains("generating with `--derive-everywhere` keeps"),
        "{message}"
    );
    let both = Settings::default()
        .share_identical_types(true)
        .derive_as_used(false);
    let report = report_with(&base(), &after, &both);
    assert!(!report
        .changes
        .iter()
        .any(|c| c.rule == "document-size-crossed"));
}
