//! `diff` rules, each pinned by a before/after pair: the base spec in `tests/diff/base.yaml`
//! and one edit of it. Also the report formats, the semver suggestion, reading `git:REF:PATH`,
//! and the real history of the Cloudforce One Requests API (2024 document → today's official).

use cloudforce_one_codegen::diff::report::{render, Format};
use cloudforce_one_codegen::diff::{diff_texts, read_side, Bump, Change, Report, Severity};
use std::path::Path;

fn base() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/base.yaml"))
        .unwrap()
}

/// The base spec with each `(from, to)` edit applied; each `from` must occur.
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = base();
    for (from, to) in edits {
        assert!(
            text.contains(from),
            "edit target not in the base spec: {from}"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

/// The 1-based line of the first line containing `text`.
fn line_of(spec: &str, text: &str) -> Option<usize> {
    spec.lines().position(|l| l.contains(text)).map(|i| i + 1)
}

fn report(old: &str, new: &str) -> Report {
    diff_texts((old, "old.yaml"), (new, "new.yaml"), false).unwrap_or_else(|e| panic!("{e}"))
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

fn check(edits: &[(&str, &str)], rule: &str, severity: Severity, words: &[&str]) -> Change {
    let report = report(&base(), &edited(edits));
    let change = only(&report, rule);
    assert_eq!(change.severity, severity, "{change:#?}");
    for word in words {
        assert!(
            change.message.contains(word),
            "{word:?} missing from: {}",
            change.message
        );
    }
    change
}

#[test]
fn identical_specs_have_no_changes_and_call_for_a_patch() {
    let report = report(&base(), &base());
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!(report.bump(), Bump::Patch);
}

#[test]
fn operation_added_is_compatible() {
    let added = "  /things/{thing_id}/touch:\n    put:\n      operationId: things-touch\n      tags: [things]\n      parameters:\n        - {name: thing_id, in: path, required: true, schema: {type: string}}\n      responses: {'204': {description: ok}}\ncomponents:";
    let change = check(
        &[("components:", added)],
        "operation-added",
        Severity::Compatible,
        &[
            "method `things().touch()` added",
            "touch(thing_id: &str) -> ()",
        ],
    );
    assert!(!change.in_old);
    assert_eq!(
        report(&base(), &edited(&[("components:", added)])).bump(),
        Bump::Minor
    );
}

#[test]
fn operation_removed_is_breaking_and_points_into_old() {
    let change = check(
        &[(
            "    delete:\n      operationId: things-delete",
            "    x-delete:\n      operationId: things-delete",
        )],
        "operation-removed",
        Severity::Breaking,
        &["method `things().delete()` removed"],
    );
    assert!(change.in_old);
    assert_eq!(change.line, line_of(&base(), "    delete:"));
}

#[test]
fn operation_moved_to_another_path_is_potentially_breaking() {
    let report = report(
        &base(),
        &edited(&[("  /things/{thing_id}:", "  /items/{thing_id}:")]),
    );
    let moved: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.rule == "operation-moved")
        .collect();
    assert_eq!(moved.len(), 2, "get and delete share the path: {moved:#?}");
    assert!(moved
        .iter()
        .all(|c| c.severity == Severity::PotentiallyBreaking));
    assert!(moved.iter().any(|c| c
        .message
        .contains("now sends `GET /items/{thing_id}` instead of `GET /things/{thing_id}`")));
}

#[test]
fn operation_moved_to_another_method_is_potentially_breaking() {
    let change = check(
        &[(
            "    get:\n      operationId: things-get",
            "    patch:\n      operationId: things-get",
        )],
        "operation-moved",
        Severity::PotentiallyBreaking,
        &["now sends `PATCH"],
    );
    assert!(change.pointer.ends_with("/patch"));
}

#[test]
fn operation_id_changed_renames_the_method() {
    check(
        &[("operationId: things-get", "operationId: things-fetch")],
        "operation-id-changed",
        Severity::Breaking,
        &["method `things().get()` is renamed `things().fetch()`"],
    );
}

#[test]
fn required_parameter_added_is_breaking_optional_is_compatible() {
    let required = "        - {name: expand, in: query, schema: {type: boolean}}\n        - {name: view, in: query, required: true, schema: {type: string}}";
    check(
        &[(
            "        - {name: expand, in: query, schema: {type: boolean}}",
            required,
        )],
        "parameter-added",
        Severity::Breaking,
        &["new required parameter `view`", "ThingsGetOptions::view"],
    );
    let optional = "        - {name: expand, in: query, schema: {type: boolean}}\n        - {name: view, in: query, schema: {type: string}}";
    check(
        &[(
            "        - {name: expand, in: query, schema: {type: boolean}}",
            optional,
        )],
        "parameter-added",
        Severity::Compatible,
        &["new optional parameter `view`"],
    );
}

#[test]
fn path_parameter_added_is_breaking() {
    let param = "        - {name: thing_id, in: path, required: true, schema: {type: string}}\n";
    let text = base().replace("  /things/{thing_id}:", "  /things/{thing_id}/{part}:").replace(param, &format!("{param}        - {{name: part, in: path, required: true, schema: {{type: string}}}}\n"));
    let report = report(&base(), &text);
    let added: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.rule == "parameter-added")
        .collect();
    assert_eq!(added.len(), 2, "{:#?}", report.changes);
    assert!(
        added.iter().all(|c| c.severity == Severity::Breaking
            && c.message.contains("takes a new argument `part: &str`")),
        "{added:#?}"
    );
}

#[test]
fn parameter_removed_is_breaking() {
    check(
        &[(
            "        - {name: expand, in: query, schema: {type: boolean}}\n",
            "",
        )],
        "parameter-removed",
        Severity::Breaking,
        &["no longer has parameter `expand`"],
    );
}

#[test]
fn parameter_became_required_is_breaking() {
    check(
        &[(
            "{name: expand, in: query, schema",
            "{name: expand, in: query, required: true, schema",
        )],
        "parameter-became-required",
        Severity::Breaking,
        &["`ThingsGetOptions::expand` is no longer an `Option`"],
    );
}

#[test]
fn parameter_type_changed_is_breaking() {
    check(
        &[(
            "{name: expand, in: query, schema: {type: boolean}}",
            "{name: expand, in: query, schema: {type: string}}",
        )],
        "parameter-type-changed",
        Severity::Breaking,
        &["from `bool` to `String`"],
    );
}

#[test]
fn path_parameter_renamed_is_compatible_because_arguments_are_positional() {
    let text = base()
        .replace("  /things/{thing_id}:", "  /things/{id}:")
        .replace("{name: thing_id, in: path", "{name: id, in: path");
    let report = report(&base(), &text);
    let renamed: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.rule == "parameter-renamed")
        .collect();
    assert_eq!(renamed.len(), 2, "{:#?}", report.changes);
    assert!(renamed.iter().all(
        |c| c.severity == Severity::Compatible && c.message.contains("`thing_id` renamed `id`")
    ));
    assert!(
        report.changes.iter().all(|c| c.rule == "parameter-renamed"),
        "nothing else changed: {:#?}",
        report.changes
    );
}

#[test]
fn request_property_added_required_is_breaking_optional_is_compatible() {
    let required = "    ThingEdit:\n      type: object\n      required: [owner]\n      properties:\n        owner: {type: string}\n";
    check(
        &[(
            "    ThingEdit:\n      type: object\n      properties:\n",
            required,
        )],
        "property-added",
        Severity::Breaking,
        &["`ThingEdit::owner` is new and required"],
    );
    check(
        &[(
            "        mode: {$ref: '#/components/schemas/Mode'}",
            "        mode: {$ref: '#/components/schemas/Mode'}\n        owner: {type: string}",
        )],
        "property-added",
        Severity::Compatible,
        &["`ThingEdit::owner` is new and optional"],
    );
}

#[test]
fn request_property_removed_is_breaking() {
    check(
        &[("        mode: {$ref: '#/components/schemas/Mode'}\n", "")],
        "property-removed",
        Severity::Breaking,
        &["`ThingEdit::mode` removed"],
    );
}

#[test]
fn request_property_became_required_is_breaking() {
    check(
        &[(
            "    ThingEdit:\n      type: object\n",
            "    ThingEdit:\n      type: object\n      required: [name]\n",
        )],
        "property-became-required",
        Severity::Breaking,
        &[
            "`ThingEdit::name` became required",
            "code that builds `ThingEdit` without it no longer compiles",
        ],
    );
}

#[test]
fn property_type_changed_is_breaking() {
    check(
        &[(
            "        size: {type: integer}",
            "        size: {type: number}",
        )],
        "property-type-changed",
        Severity::Breaking,
        &["`Thing::size` changed from `i64` to `f64`"],
    );
}

#[test]
fn request_enum_value_removed_is_breaking_added_is_compatible() {
    check(
        &[("enum: [fast, slow]", "enum: [fast]")],
        "enum-value-removed",
        Severity::Breaking,
        &["`Mode::Slow`", "code that sends it no longer compiles"],
    );
    check(
        &[("enum: [fast, slow]", "enum: [fast, slow, idle]")],
        "enum-value-added",
        Severity::Compatible,
        &["`Mode::Idle`", "callers may now send it"],
    );
}

#[test]
fn response_enum_value_added_is_compatible_removed_is_breaking() {
    check(
        &[("enum: [red, green]", "enum: [red, green, blue]")],
        "enum-value-added",
        Severity::Compatible,
        &["`Color::Blue`", "rather than `Unknown`"],
    );
    check(
        &[("enum: [red, green]", "enum: [red]")],
        "enum-value-removed",
        Severity::Breaking,
        &["`Color::Green`", "deserialise as `Unknown`"],
    );
}

#[test]
fn response_property_removed_is_breaking() {
    check(
        &[("        size: {type: integer}\n", "")],
        "response-property-removed",
        Severity::Breaking,
        &["`Thing::size` removed"],
    );
}

#[test]
fn response_property_became_optional_is_breaking() {
    check(
        &[("      required: [id, name]", "      required: [id]")],
        "property-became-optional",
        Severity::Breaking,
        &[
            "`Thing::name` became optional",
            "`Option<String>` instead of `String`",
        ],
    );
}

#[test]
fn result_shape_object_to_array_is_breaking() {
    let edits = [("      operationId: things-get\n", "      operationId: things-get\n"), ("                      result: {$ref: '#/components/schemas/Thing'}\n    delete:", "                      result: {type: array, items: {$ref: '#/components/schemas/Thing'}}\n    delete:")];
    check(
        &edits,
        "result-shape-changed",
        Severity::Breaking,
        &[
            "returns a list instead of a single value",
            "`Vec<Thing>` instead of `Thing`",
        ],
    );
}

#[test]
fn result_leaving_the_envelope_is_breaking() {
    let edits = [(
        "              schema: {$ref: '#/components/schemas/Envelope'}",
        "              schema: {type: object, properties: {deleted: {type: boolean}}}",
    )];
    check(
        &edits,
        "result-shape-changed",
        Severity::Breaking,
        &["is no longer wrapped in the envelope"],
    );
}

#[test]
fn content_type_changed_is_breaking() {
    let edits = [("          application/json:\n            schema: {$ref: '#/components/schemas/ThingEdit'}", "          multipart/form-data:\n            schema: {type: object, required: [file], properties: {file: {type: string, format: binary}}}")];
    check(
        &edits,
        "content-type-changed",
        Severity::Breaking,
        &[
            "now sends a multipart/form-data body instead of a JSON body",
            "file: Upload",
        ],
    );
}

#[test]
fn security_changed_is_potentially_breaking() {
    check(
        &[(
            "      operationId: things-delete\n",
            "      operationId: things-delete\n      security: [{key: []}]\n",
        )],
        "security-changed",
        Severity::PotentiallyBreaking,
        &["accepts key instead of token"],
    );
}

#[test]
fn schema_renamed_renames_the_rust_type() {
    let text = base()
        .replace(
            "#/components/schemas/Thing'",
            "#/components/schemas/Widget'",
        )
        .replace("    Thing:\n", "    Widget:\n");
    let report = report(&base(), &text);
    let change = only(&report, "schema-renamed");
    assert_eq!(change.severity, Severity::Breaking);
    assert!(
        change.message.contains("type `Thing` is renamed `Widget`"),
        "{}",
        change.message
    );
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
fn retry_behaviour_change_is_potentially_breaking() {
    check(
        &[(
            "      operationId: things-list\n      tags: [things]\n      x-idempotent: true\n",
            "      operationId: things-list\n      tags: [things]\n",
        )],
        "retry-changed",
        Severity::PotentiallyBreaking,
        &["no longer retried"],
    );
}

#[test]
fn lines_point_into_new_and_json_output_has_a_stable_shape() {
    let new = edited(&[(
        "        size: {type: integer}",
        "        size: {type: number}",
    )]);
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
    assert!(!text.contains('\x1b'), "no colour unless asked");
    assert!(render(&report, Format::Text, "old.yaml", "new.yaml", true).contains("\x1b[31;1m"));
    let markdown = render(&report, Format::Markdown, "old.yaml", "new.yaml", false);
    assert!(
        markdown.contains("| breaking | 1 |")
            && markdown.contains("**major**")
            && markdown.contains("### breaking (1)"),
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

/// The Cloudforce One Requests part of a whole-API document: its paths and every component they
/// reach, as a standalone spec.
fn requests_subset(document: &str) -> String {
    let doc: serde_json::Value = serde_json::from_str(document).unwrap();
    let paths: serde_json::Map<String, serde_json::Value> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(p, _)| p.contains("/cloudforce-one/requests"))
        .map(|(p, v)| (p.clone(), v.clone()))
        .collect();
    let mut components = serde_json::Map::new();
    let mut todo: Vec<serde_json::Value> = paths.values().cloned().collect();
    while let Some(node) = todo.pop() {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(reference)) = map.get("$ref") {
                    let parts: Vec<&str> = reference.trim_start_matches("#/").split('/').collect();
                    let (kind, name) = (parts[1], parts[2]);
                    let slot = components
                        .entry(kind)
                        .or_insert_with(|| serde_json::json!({}));
                    if slot.get(name).is_none() {
                        let target = doc["components"][kind][name].clone();
                        slot[name] = target.clone();
                        todo.push(target);
                    }
                }
                todo.extend(map.into_iter().map(|(_, v)| v));
            }
            serde_json::Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    components.insert(
        "securitySchemes".into(),
        doc["components"]["securitySchemes"].clone(),
    );
    serde_json::json!({"openapi": doc["openapi"], "info": doc["info"], "security": doc["security"], "paths": paths, "components": components}).to_string()
}

#[test]
fn real_history_2024_document_to_todays_official_spec() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let document =
        std::fs::read_to_string(shared.join("corpus/cloudflare-openapi-full-2024-08-06.json"))
            .unwrap();
    let old = requests_subset(&document);
    let new = std::fs::read_to_string(
        shared.join("reference/cloudflare-official-cloudforce-one-requests.yaml"),
    )
    .unwrap();
    let report = diff_texts((&old, "2024.json"), (&new, "official.yaml"), false)
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
        .join("../../shared/corpus/cloudflare-openapi-full-2024-08-06.json");
    let old = std::fs::read_to_string(path).unwrap();
    let new = old.replacen(
        "\"operationId\":\"cloudforce-one-request-quota\"",
        "\"operationId\":\"cloudforce-one-request-get-quota\"",
        1,
    );
    assert_ne!(old, new);
    let report = diff_texts((&old, "old.json"), (&new, "new.json"), true).unwrap();
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    assert!(report.changes[0].message.contains("cloudforce_one_request_quota()` is renamed `request_for_information_rfi().cloudforce_one_request_get_quota()`"), "{}", report.changes[0].message);
}
