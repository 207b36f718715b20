//! The broken-spec corpus: every file in `tests/broken/` must fail with a message that names the
//! place (line:column, or JSON pointer with operationId or schema) and says what is wrong. The
//! messages are pinned with insta. Also: a failing spec writes nothing, and no input panics.

use cloudforce_one_codegen::{generate, generate_to, Settings};
use std::path::Path;

#[test]
fn every_broken_spec_fails_with_a_pinned_message() {
    let mut count = 0;
    insta::glob!("broken/*.yaml", |path| {
        count += 1;
        let text = std::fs::read_to_string(path).unwrap();
        let name = format!("broken/{}", path.file_name().unwrap().to_string_lossy());
        match generate(&text, &name, &Settings::default()) {
            Ok(_) => panic!("{name} generated, but it is broken"),
            Err(errors) => insta::assert_snapshot!(errors.to_string()),
        }
    });
    assert!(
        count >= 20,
        "the corpus has {count} broken specs; it should have at least 20"
    );
}

#[test]
fn a_broken_spec_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("broken/many_problems.yaml");
    let errors = generate_to(&spec, out.path(), &Settings::default()).unwrap_err();
    assert!(
        errors.len() >= 3,
        "every problem is reported at once: {errors}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_broken_spec_leaves_existing_output_untouched() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("types.rs"), "// previous output\n").unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("broken/dangling_schema_ref.yaml");
    assert!(generate_to(&spec, out.path(), &Settings::default()).is_err());
    assert_eq!(
        std::fs::read_to_string(out.path().join("types.rs")).unwrap(),
        "// previous output\n"
    );
}

/// A small deterministic generator (xorshift), so mutations are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn no_mutation_of_the_real_spec_makes_the_generator_panic() {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/cloudforce-one.yaml"),
    )
    .unwrap();
    let lines: Vec<&str> = spec.lines().collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut failed, total) = (0, 300);
    for round in 0..total {
        let mut mutated: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(mutated.len());
            match rng.below(5) {
                0 => {
                    mutated.remove(i);
                }
                1 => {
                    let j = rng.below(mutated.len());
                    mutated.swap(i, j);
                }
                2 => mutated[i] = format!("  {}", mutated[i]),
                3 => {
                    mutated[i] = mutated[i].replace(
                        "$ref: '#/components/schemas/",
                        "$ref: '#/components/schemas/X",
                    )
                }
                _ => mutated[i] = mutated[i].chars().rev().collect(),
            }
        }
        let text = mutated.join("\n");
        let result =
            std::panic::catch_unwind(|| generate(&text, "mutated.yaml", &Settings::default()));
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(errors)) => {
                failed += 1;
                assert!(
                    !errors.is_empty(),
                    "round {round}: an error result must hold an error"
                );
            }
            Err(_) => panic!("round {round}: the generator panicked on:\n{text}"),
        }
    }
    assert!(failed > total / 4, "only {failed} of {total} mutations were rejected: the mutations are too mild to test anything");
}

/// Every `$ref: '#/components/KIND/NAME'` in `text`, as (byte range of NAME, KIND).
fn refs(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let marker = "$ref: '#/components/";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(marker) {
        let start = from + at + marker.len();
        let Some(slash) = text[start..].find('/') else {
            break;
        };
        let kind = &text[start..start + slash];
        let name_start = start + slash + 1;
        let name_end = name_start + text[name_start..].find('\'').unwrap_or(0);
        out.push((name_start..name_end, kind));
        from = name_end;
    }
    out
}

#[test]
fn no_rewiring_of_refs_makes_the_generator_or_diff_crash() {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/cloudforce-one.yaml"),
    )
    .unwrap();
    let found = refs(&spec);
    // Targets per kind: every name a ref points at, so rewiring makes chains, self-references
    // and cycles among schemas, parameters, request bodies and responses.
    let mut targets: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (range, kind) in &found {
        targets.entry(kind).or_default().push(&spec[range.clone()]);
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut rejected, total) = (0, 400);
    for round in 0..total {
        let mut text = spec.clone();
        for _ in 0..1 + rng.below(4) {
            let here = refs(&text);
            let (range, kind) = here[rng.below(here.len())].clone();
            let names = &targets[kind];
            let name = names[rng.below(names.len())].to_owned();
            text.replace_range(range, &name);
        }
        // Turn one component into a bare `$ref` to another of its kind (an alias, maybe a cycle).
        if rng.below(2) == 0 {
            let kinds: Vec<&&str> = targets.keys().collect();
            let kind = *kinds[rng.below(kinds.len())];
            let names = &targets[kind];
            let (from, to) = (names[rng.below(names.len())], names[rng.below(names.len())]);
            let header = format!("\n    {from}:\n");
            if let Some(at) = text.find(&format!("\n  {kind}:\n")) {
                if let Some(start) = text[at..].find(&header).map(|i| at + i) {
                    let body = start + header.len();
                    let end = text[body..]
                        .find("\n    ")
                        .and_then(|_| {
                            text[body..]
                                .match_indices('\n')
                                .map(|(i, _)| body + i + 1)
                                .find(|&i| {
                                    !text[i..].starts_with("      ") && !text[i..].starts_with('\n')
                                })
                        })
                        .unwrap_or(text.len());
                    text.replace_range(
                        body..end,
                        &format!("      $ref: '#/components/{kind}/{to}'\n"),
                    );
                }
            }
        }
        let outcome = std::panic::catch_unwind(|| {
            let generated = generate(&text, "rewired.yaml", &Settings::default());
            let diffed = cloudforce_one_codegen::diff::diff_texts(
                (&spec, "spec.yaml"),
                (&text, "rewired.yaml"),
                &Settings::default(),
            );
            (generated.is_err(), diffed.is_err())
        });
        match outcome {
            Ok((generate_failed, _)) => rejected += usize::from(generate_failed),
            Err(_) => panic!("round {round}: the generator or diff panicked on:\n{text}"),
        }
    }
    assert!(
        rejected > total / 10,
        "only {rejected} of {total} rewirings were rejected: they are too mild to test anything"
    );
}

#[test]
fn a_spec_that_is_not_utf8_names_the_byte_where_text_stops() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("latin1.yaml");
    std::fs::write(
        &spec,
        b"openapi: 3.0.3\ninfo: {title: \"caf\xe9\", version: \"1\"}\n",
    )
    .unwrap();
    let errors = generate_to(&spec, &dir.path().join("out"), &Settings::default()).unwrap_err();
    let message = errors.to_string();
    assert!(
        message.contains("latin1.yaml:2:19: the spec is not UTF-8 text: byte 33 (0xe9)"),
        "{message}"
    );
    assert!(!dir.path().join("out").exists(), "nothing was written");
}

/// A spec whose one schema nests `depth` objects inside each other, in YAML flow style or JSON.
fn deeply_nested(depth: usize, json: bool) -> String {
    let open = r#"{"type": "object", "properties": {"a": "#;
    let schema = format!(
        "{}{{\"type\": \"string\"}}{}",
        open.repeat(depth),
        "}}".repeat(depth)
    );
    if json {
        format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"Deep": {schema}}}}}}}"#
        )
    } else {
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n")
    }
}

#[test]
fn very_deep_nesting_is_an_error_or_generates_but_never_overflows() {
    for json in [false, true] {
        // Far deeper than the parsers' recursion limits (128): a located error. (YAML flow
        // nesting costs the parser time quadratic in the depth, hence not deeper still.)
        let errors = generate(&deeply_nested(1_000, json), "deep", &Settings::default())
            .err()
            .unwrap_or_else(|| panic!("json={json}: 1,000 levels were accepted"));
        assert!(errors.to_string().contains("deep:"), "{errors}");
        // Within them: generated, one struct per object level (the innermost is a string).
        let output = generate(&deeply_nested(40, json), "deep", &Settings::default())
            .unwrap_or_else(|e| panic!("json={json}: {e}"));
        let types = output
            .files
            .iter()
            .find(|(name, _)| name == "types.rs")
            .expect("types.rs");
        assert_eq!(types.1.matches("pub struct").count(), 40, "json={json}");
    }
}

/// Nesting the YAML parser would take many seconds over (its time grows with the square of the
/// depth) is refused before it parses, where the nesting passes the limit.
#[test]
fn flow_nesting_past_the_limit_is_refused_before_parsing_at_its_place() {
    let depth = 100_000;
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let errors = generate(&text, "deep.yaml", &Settings::default()).unwrap_err();
    let limit = cloudforce_one_codegen::nesting::MAX_FLOW_DEPTH;
    let place = format!(
        "deep.yaml:4:{}: flow collections nest deeper than {limit}",
        limit + 4
    );
    assert!(errors.to_string().contains(&place), "{errors}");
}

/// A document over the size limit is refused with its size, before it is read or parsed, and
/// nothing is written.
#[test]
fn a_document_over_the_size_limit_is_refused_with_its_size() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/enums.yaml");
    let size = std::fs::metadata(&spec).unwrap().len();
    let out = tempfile::tempdir().unwrap();
    let settings = Settings::default().max_document_bytes(size - 1);
    let errors = generate_to(&spec, out.path(), &settings).unwrap_err();
    let message = errors.to_string();
    assert!(
        message.contains(&format!(
            "enums.yaml: the document is {size} bytes, over the limit of {} bytes",
            size - 1
        )),
        "{message}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    let text = std::fs::read_to_string(&spec).unwrap();
    assert!(
        generate(&text, "enums.yaml", &settings).is_err(),
        "text is checked too"
    );
    assert!(generate_to(&spec, out.path(), &settings.max_document_bytes(size)).is_ok());
}

/// Lenient generation leaves out every operation that a problem is located in (under its
/// pointer, or at its path's shared parameters), so what it keeps sends what the spec says:
/// no method with an unbound path placeholder, a parameter that could not be read or a body
/// that could not be followed.
#[test]
fn lenient_generation_keeps_no_operation_that_has_a_problem() {
    use cloudforce_one_codegen::model::ir::all_methods;
    use cloudforce_one_codegen::{build_ir, pointer::Pointer};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("broken");
    let mut kept_checked = 0;
    let mut left_out = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let Ok(ir) = build_ir(&text, &name, &Settings::default().lenient(true)) else {
            continue;
        };
        left_out += ir.skipped.iter().filter(|s| s.kind == "operation").count();
        for (_, method) in all_methods(&ir.resources) {
            let op = &method.operation;
            let shared = Pointer::root()
                .child("paths")
                .child(&op.path.text)
                .child("parameters");
            let located_here = |at: &Pointer| at.is_within(&op.pointer) || at.is_within(&shared);
            let problems: Vec<_> = ir
                .skipped
                .iter()
                .filter(|s| located_here(&s.pointer))
                .collect();
            assert!(
                problems.is_empty(),
                "{name}: {} was kept despite {problems:#?}",
                op.operation_id
            );
            kept_checked += 1;
        }
    }
    assert!(left_out >= 8, "only {left_out} operations were left out");
    assert!(kept_checked >= 1, "no kept operation was checked");
}

#[test]
fn a_key_repeated_in_json_is_refused_at_its_place_without_a_panic() {
    thread_local!(static PANICKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.with(|p| p.set(true));
        previous(info);
    }));
    // openapiv3's typed parse panics on a repeated key in a `$ref` (found by tests/fuzz.rs).
    let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
 "paths": {}, "components": {"schemas": {"A": {"$ref": "#/components/schemas/B",
  "$ref": "#/components/schemas/B"}, "B": {"type": "string"}}}}"##;
    let errors = generate(text, "repeated.json", &Settings::default()).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "error: repeated.json:3:8: the key \"$ref\" is repeated\n1 error found; nothing was written"
    );
    assert!(!PANICKED.with(|p| p.get()), "nothing panicked on the way");
}
