//! Fuzzing `generate` and `diff` with mutated specs: our spec, every fixture, and slices of the
//! whole Cloudflare document, changed at random where OpenAPI documents go wrong (a schema's
//! `type`, a `$ref`'s target, names of properties and schemas, nesting, `enum` and `required`
//! lists, formats, path templates, parameters, operationIds) and anywhere else (see
//! `tests/support/mutate.rs`), written as JSON or YAML, now and then with its bytes damaged.
//!
//! Each spec is generated strictly and leniently (with the large-document settings picked at
//! random) and diffed against the spec it came from, on a thread of the main thread's stack
//! size: every run must end, within a time bound, in files or in errors that name their place
//! in the spec. Never a panic, a stack overflow (which ends the whole test) or a hang.
//!
//! The suite runs a fixed few hundred cases; `FUZZ_CASES` and `FUZZ_SEED` set a long run by
//! hand; `FUZZ_TRACE=1` prints each case's seed before it runs (a stack overflow ends the
//! process without a word) and `FUZZ_DUMP=FILE` writes each case's spec to `FILE`, so a
//! failing one can be read. `FUZZ_KEEP=DIR` writes the first few specs that generate strictly
//! to `DIR`, which `scripts/test` then compiles with `scripts/check-generated`.

#[path = "../../tests/support/mutate.rs"]
mod mutate;
#[path = "support/slice.rs"]
mod slice;

use cloudforce_one_codegen::diff::diff_texts;
use cloudforce_one_codegen::{generate, load, Error, Errors, Settings};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one run of `generate` or `diff` may take before it counts as a hang (a debug build,
/// on a loaded machine, with the largest slices).
const HANG: Duration = Duration::from_secs(120);

/// How many specs `FUZZ_KEEP` keeps (each from another seed spec).
const KEPT: usize = 5;

/// A spec to start from: its name and document.
struct Seed {
    name: String,
    document: Value,
}

fn seeds() -> (Vec<Seed>, Value) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let yaml = |path: &Path| -> Value {
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut seeds = vec![Seed {
        name: "cloudforce-one.yaml".into(),
        document: yaml(&root.join("../../spec/cloudforce-one.yaml")),
    }];
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("fixtures"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    fixtures.sort();
    for path in fixtures {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        seeds.push(Seed {
            name,
            document: yaml(&path),
        });
    }
    let whole = root.join("../../../shared/corpus/cloudflare-openapi-full-2024-08-06.json");
    let whole = serde_json::from_str(&std::fs::read_to_string(whole).unwrap()).unwrap();
    (seeds, whole)
}

/// A slice of the whole Cloudflare document: a few of its paths and what they reach.
fn cloudflare_slice(whole: &Value, rng: &mut StdRng) -> Seed {
    let paths: Vec<&String> = whole["paths"].as_object().unwrap().keys().collect();
    let how_many = rng.random_range(1..6);
    let chosen: Vec<&String> = paths.choose_multiple(rng, how_many).copied().collect();
    Seed {
        name: "cloudflare-slice.json".into(),
        document: slice::subset(whole, |path| chosen.iter().any(|c| *c == path)),
    }
}

/// Names that trip a generator: keywords, what generated code itself names, what is not an
/// identifier, what differs from a neighbour only in case or punctuation.
const ODD_NAMES: &[&str] = &[
    "",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "r#type",
    "None",
    "Some",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "std",
    "core",
    "serde",
    "Client",
    "Error",
    "Call",
    "Pages",
    "types",
    "__codegen",
    "123",
    "1abc",
    "a-b",
    "a_b",
    "A B",
    "AB",
    "ab",
    "_",
    "__",
    "ü",
    "字",
    "$ref",
    "{id}",
    "/",
    "~",
    "..",
    "default",
    "new",
    "builder",
    "build",
    "async",
    "await",
    "dyn",
];

/// Changes one place of `document` where OpenAPI documents go wrong; false if there was none of
/// the kind chosen.
fn change_openapi(document: &mut Value, rng: &mut StdRng) -> bool {
    let all = mutate::pointers(document);
    let with = |key: &str| -> Vec<String> {
        all.iter()
            .filter(|at| {
                document
                    .pointer(at)
                    .and_then(|node| node.get(key))
                    .is_some()
            })
            .cloned()
            .collect()
    };
    let refs: Vec<String> = all
        .iter()
        .filter_map(|at| {
            document
                .pointer(at)?
                .get("$ref")?
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    let kind = rng.random_range(0..10);
    let key = [
        "type",
        "$ref",
        "properties",
        "properties",
        "enum",
        "required",
        "format",
        "paths",
        "in",
        "operationId",
    ][kind];
    let candidates = with(key);
    let Some(at) = candidates.choose(rng) else {
        return false;
    };
    let node = document.pointer_mut(at).unwrap();
    let value = &mut node[key];
    match key {
        "type" => {
            *value = [
                json!("string"),
                json!("integer"),
                json!("number"),
                json!("boolean"),
                json!("array"),
                json!("object"),
                json!("null"),
                json!("bogus"),
                json!(0),
                json!(["string", "null"]),
                json!([]),
            ]
            .choose(rng)
            .unwrap()
            .clone();
        }
        "$ref" => {
            let containing = at.split("/properties").next().unwrap_or(at).to_owned();
            let targets = [
                refs.choose(rng).cloned().unwrap_or_default(),
                format!("#{containing}"),
                "#/components/schemas/Nowhere".into(),
                "#/components/schemas".into(),
                "#".into(),
                "".into(),
                "#/paths/~1x/get".into(),
                "other.yaml#/components/schemas/X".into(),
                format!("#{at}"),
                "#/components/schemas/%7B".into(),
            ];
            *value = json!(targets.choose(rng).unwrap());
        }
        "properties" => {
            if let Value::Object(map) = value {
                if let Some(old) = map.keys().cloned().collect::<Vec<_>>().choose(rng) {
                    let new = ODD_NAMES.choose(rng).unwrap().to_string();
                    if let Some(property) = map.remove(old) {
                        map.insert(new, property);
                    }
                } else {
                    map.insert(ODD_NAMES.choose(rng).unwrap().to_string(), json!({}));
                }
            } else {
                *value = mutate::odd_value(rng);
            }
        }
        "enum" => {
            *value = [
                json!([]),
                json!([null]),
                json!([1, "1", 1.0, true]),
                json!(["a", "a"]),
                json!(["a-b", "a_b", "A B", "AB", "ab"]),
                json!("not a list"),
                json!((0..1000).map(|n| format!("v{n}")).collect::<Vec<_>>()),
                json!(["", " ", "ü", "1", "None", "Self", "type"]),
                json!([{"nested": "object"}, [1]]),
            ]
            .choose(rng)
            .unwrap()
            .clone();
        }
        "required" => {
            *value = [
                json!(["no_such_property"]),
                json!([1, null]),
                json!("id"),
                json!([]),
                json!(["id", "id"]),
            ]
            .choose(rng)
            .unwrap()
            .clone();
        }
        "format" => {
            *value = json!([
                "date-time",
                "date",
                "uuid",
                "int32",
                "int64",
                "binary",
                "byte",
                "double",
                "weird",
                ""
            ]
            .choose(rng)
            .unwrap());
        }
        "paths" => {
            if let Value::Object(paths) = value {
                if let Some(old) = paths.keys().cloned().collect::<Vec<_>>().choose(rng) {
                    let new = [
                        format!("{old}/{{missing}}"),
                        old.replace(['{', '}'], ""),
                        format!("{old}/{{id}}/{{id}}"),
                        format!("{old}//"),
                        "".into(),
                        "/{a}{b}".into(),
                        format!("{old}?x=1"),
                    ];
                    let item = paths.remove(old).unwrap();
                    paths.insert(new.choose(rng).unwrap().clone(), item);
                }
            }
        }
        "in" => {
            *value = json!(["query", "header", "path", "cookie", "body", "bogus"]
                .choose(rng)
                .unwrap());
        }
        _ => {
            *value = match rng.random_range(0..3) {
                0 => json!(ODD_NAMES.choose(rng).unwrap()),
                1 => document_operation_id(&refs, rng),
                _ => mutate::odd_value(rng),
            };
        }
    }
    true
}

/// An operationId named after what one of the spec's `$ref`s names (a schema, most often), so
/// that method and type names meet; `requests-list` in a spec without refs.
fn document_operation_id(refs: &[String], rng: &mut StdRng) -> Value {
    match refs.choose(rng) {
        Some(reference) => json!(reference.rsplit('/').next().unwrap_or("x")),
        None => json!("requests-list"),
    }
}

/// Wraps a schema in a combinator, or puts one under `items` or `additionalProperties`.
fn wrap_schema(document: &mut Value, rng: &mut StdRng) {
    let all = mutate::pointers(document);
    let schemas: Vec<&String> = all
        .iter()
        .filter(|at| {
            document
                .pointer(at)
                .is_some_and(|node| node.get("type").is_some() || node.get("$ref").is_some())
        })
        .collect();
    let Some(at) = schemas.choose(rng) else {
        return;
    };
    let node = document.pointer_mut(at).unwrap();
    let inner = std::mem::take(node);
    *node = match rng.random_range(0..6) {
        0 => {
            json!({"allOf": [inner, {"type": "object", "properties": {"extra": {"type": "string"}}}]})
        }
        1 => json!({"oneOf": [inner, {"type": "string"}]}),
        2 => json!({"anyOf": [inner.clone(), inner]}),
        3 => json!({"not": inner}),
        4 => json!({"type": "array", "items": inner}),
        _ => json!({"type": "object", "additionalProperties": inner}),
    };
}

/// One mutated spec's text (which may not be UTF-8).
fn mutated(seed: &Seed, rng: &mut StdRng) -> Vec<u8> {
    let mut document = seed.document.clone();
    for _ in 0..rng.random_range(1..=3) {
        match rng.random_range(0..10) {
            0..=5 => {
                change_openapi(&mut document, rng);
            }
            6 => wrap_schema(&mut document, rng),
            _ => {
                let at = mutate::pointers(&document).choose(rng).unwrap().clone();
                mutate::change_node(&mut document, &at, rng, 50_000);
            }
        }
    }
    let mut text = if rng.random() {
        mutate::to_text(&document, rng)
    } else {
        serde_yaml::to_string(&document)
            .unwrap_or_default()
            .into_bytes()
    };
    if rng.random_bool(0.1) {
        mutate::damage_bytes(&mut text, rng);
    }
    text
}

/// Runs `work` on a thread with the main thread's stack size, giving up after [`HANG`].
fn bounded<T: Send + 'static>(replay: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            let _ = send.send(outcome);
        })
        .unwrap();
    match receive.recv_timeout(HANG) {
        Ok(Ok(value)) => value,
        Ok(Err(_)) => panic!("{replay}: panicked (its message is above)"),
        Err(_) => panic!("{replay}: no end within {HANG:?}"),
    }
}

/// Every error names its place: the spec's file (with a line and column, or a JSON pointer).
fn assert_located(errors: &Errors, file: &str, replay: &str) {
    assert!(!errors.is_empty(), "{replay}: an error without a problem");
    for error in errors.iter() {
        let located = match error {
            Error::Syntax { file: f, line, .. } => f == file && *line > 0,
            Error::Semantic {
                file: f,
                pointer,
                message,
                ..
            } => f == file && pointer.starts_with('#') && !message.is_empty(),
            // None comes of a spec's text: fuzzed documents are small, in memory, and not made
            // into crates.
            Error::Io { .. } | Error::TooLarge { .. } | Error::Crate { .. } => false,
        };
        assert!(located, "{replay}: not located: {error}");
    }
}

/// What the runs of a fuzz session ended in.
#[derive(Debug, Default)]
struct Outcomes {
    generated: usize,
    refused: usize,
    diffed: usize,
}

#[test]
fn generate_and_diff_end_in_files_or_located_errors_whatever_the_spec() {
    mutate::on_a_deep_stack(fuzz_generate_and_diff);
}

fn fuzz_generate_and_diff() {
    let (seeds, whole) = seeds();
    let keep = std::env::var_os("FUZZ_KEEP").map(std::path::PathBuf::from);
    if let Some(dir) = &keep {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut kept = std::collections::BTreeSet::new();
    let trace = std::env::var_os("FUZZ_TRACE").is_some();
    let dump = std::env::var_os("FUZZ_DUMP").map(std::path::PathBuf::from);
    let (first, cases) = (mutate::first_seed(), mutate::cases(150));
    let mut outcomes = Outcomes::default();
    let started = Instant::now();
    for seed in first..first + cases {
        let rng = &mut mutate::rng(seed);
        let base = if rng.random_bool(0.2) {
            cloudflare_slice(&whole, rng)
        } else {
            let chosen = seeds.choose(rng).unwrap();
            Seed {
                name: chosen.name.clone(),
                document: chosen.document.clone(),
            }
        };
        let bytes = mutated(&base, rng);
        let settings = Settings::default()
            .derive_as_used(rng.random())
            .share_identical_types(rng.random())
            .features_per_tag(rng.random());
        let replay = format!("FUZZ_SEED={seed} FUZZ_CASES=1 (from {})", base.name);
        if trace {
            // A stack overflow ends the process with no word of the case: this says which.
            eprintln!("case {replay}");
        }
        if let Some(dump) = &dump {
            std::fs::write(dump, &bytes).unwrap();
        }
        let file = "fuzz.json".to_owned();
        let text = match load::text(bytes, &file) {
            Ok(text) => text,
            Err(error) => {
                assert_located(&Errors::new(vec![error]), &file, &replay);
                outcomes.refused += 1;
                continue;
            }
        };
        let original = serde_json::to_string(&base.document).unwrap();
        let generated = {
            let (text, file, settings) = (text.clone(), file.clone(), settings.clone());
            bounded(&replay, move || {
                let strict = generate(&text, &file, &settings);
                let lenient = generate(&text, &file, &settings.lenient(true));
                (strict, lenient)
            })
        };
        match generated {
            (Ok(strict), _) => {
                // Strict generation leaves nothing out; callbacks and webhooks, which a client
                // never sends, are set aside and listed in either mode.
                assert!(
                    strict
                        .skipped
                        .iter()
                        .all(|skip| ["callback", "webhook"].contains(&skip.kind.as_str())),
                    "{replay}: strict generation skipped {:?}",
                    strict.skipped
                );
                outcomes.generated += 1;
                let wanted = kept.len() < KEPT && !kept.contains(&base.name);
                if let (Some(dir), true) = (&keep, wanted && !settings.features_per_tag) {
                    std::fs::write(dir.join(format!("fuzz_{seed}.json")), &text).unwrap();
                    kept.insert(base.name.clone());
                }
            }
            (Err(errors), lenient) => {
                assert_located(&errors, &file, &replay);
                if let Err(errors) = lenient {
                    assert_located(&errors, &file, &replay);
                }
                outcomes.refused += 1;
            }
        }
        let diffed = bounded(&replay, move || {
            diff_texts(
                (&original, "old.json"),
                (&text, &file),
                &Settings::default().lenient(true),
            )
        });
        match diffed {
            Ok(_) => outcomes.diffed += 1,
            Err(errors) => {
                let located = errors
                    .iter()
                    .all(|error| error.to_string().starts_with("fuzz.json"));
                assert!(
                    located,
                    "{replay}: diff errors not in the new side: {errors}"
                );
            }
        }
    }
    println!(
        "{cases} cases from seed {first} in {:.1?}: {outcomes:?}",
        started.elapsed()
    );
    if cases >= 100 {
        assert!(
            outcomes.generated > 0 && outcomes.refused > 0 && outcomes.diffed > 0,
            "{outcomes:?}"
        );
    }
}
