//! The semver oracle: `diff`'s suggested version bump, checked against what the generated crate's
//! public API really does, for every rule case in `tests/rule_cases`.
//!
//! For each case the base spec and the edited spec are generated into a crate with the client's
//! runtime (`generate --crate`), and two independent judges decide what the change requires:
//! - cargo-semver-checks, comparing the two crates' rustdoc JSON (its failed lints, not its
//!   warnings, set the bump it requires);
//! - the case's witness, a user program that must compile against the base crate and must not
//!   compile against the edited one: the compiler's own proof of a break, for the changes
//!   cargo-semver-checks has no lint for (a field's type, say).
//!
//! `diff` must never suggest less than either judge requires (under-reporting is the defect that
//! matters), and a major bump must be proved by one of them. A minor bump where both judges see
//! nothing is allowed only for what the rule text justifies: an addition to the API (semver's
//! "new functionality") or a change in behaviour that compiles the same (another endpoint, other
//! retries, other credentials).
//!
//! The same judge reads real changes too: the two smallest of Cloudflare's five consecutive
//! pairs (`../shared/corpus/cloudflare-history/`), generated with a feature per tag, compared
//! with the features whose code the change touches enabled.
//!
//! Ignored by default (it needs cargo-semver-checks and compiles the client ~30 times);
//! `scripts/test` installs the tool and runs it with `CARGO_SEMVER_CHECKS` set.

#[path = "support/history.rs"]
mod history;
mod rule_cases;

use cloudforce_one_codegen::diff::{diff_texts, Bump, Report, Rule, Severity};
use cloudforce_one_codegen::model::ir::Api;
use cloudforce_one_codegen::model::ir::Features;
use cloudforce_one_codegen::{build_ir, Settings};
use rule_cases::{base, Case, CASES};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const CRATE: &str = "api";

/// Where the oracle builds: a workspace with the generated crate and one witness crate per case.
struct Workspace {
    root: PathBuf,
    dir: PathBuf,
    target: PathBuf,
}

impl Workspace {
    /// A workspace in `target/NAME` with the generated crate and a witness crate for each of
    /// `cases` that has one.
    fn new(name: &str, cases: &[Case]) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let work = root.join("target").join(name);
        let dir = work.join("ws");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        let ws = Workspace {
            root,
            target: work.join("target"),
            dir,
        };
        let (root, dir) = (&ws.root, &ws.dir);
        let mut members = vec![format!("{CRATE:?}")];
        for case in cases {
            if let Some(witness) = case.witness {
                let name = witness_package(case);
                let crate_dir = dir.join(&name);
                std::fs::create_dir_all(crate_dir.join("src")).unwrap();
                let manifest = format!(
                    "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{CRATE} = {{ path = \"../{CRATE}\" }}\nserde = \"1\"\n"
                );
                std::fs::write(crate_dir.join("Cargo.toml"), manifest).unwrap();
                let program = format!(
                    "//! Witness for `{}`: compiles before the change, not after.\n#![allow(unused_imports, dead_code)]\nuse {CRATE}::types::*;\n\n{witness}\n",
                    case.name
                );
                std::fs::write(crate_dir.join("src/lib.rs"), program).unwrap();
                members.push(format!("{name:?}"));
            }
        }
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
                members.join(", ")
            ),
        )
        .unwrap();
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        ws
    }

    /// Generates `spec` into the crate with `settings` (`generate --crate`), replacing what was
    /// there.
    fn generate(&self, spec: &str, settings: &Settings) {
        let output =
            cloudforce_one_codegen::package::crate_files(spec, "spec.yaml", CRATE, settings)
                .unwrap_or_else(|e| panic!("{e}"));
        let out = self.dir.join(CRATE);
        for (name, contents) in &output.files {
            cloudforce_one_codegen::write::write_if_changed(&out.join(name), contents).unwrap();
        }
    }

    fn cargo(&self, args: &[&str]) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        // Rustdoc's JSON output is unstable; cargo-semver-checks does the same to read it. Every
        // command sets it, since cargo rebuilds everything when it changes.
        command
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("RUSTC_BOOTSTRAP", "1");
        command
    }

    /// The generated crate's rustdoc JSON with `features` enabled, copied to `name.json`.
    fn rustdoc(&self, name: &str, features: &[String]) -> PathBuf {
        let features = features.join(",");
        let output = self
            .cargo(&[
                "rustdoc",
                "--quiet",
                "-p",
                CRATE,
                "--features",
                &features,
                "--",
            ])
            .args(["-Z", "unstable-options", "--output-format", "json"])
            .output()
            .expect("cargo rustdoc runs");
        assert!(
            output.status.success(),
            "rustdoc of {name} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json = self.target.parent().unwrap().join(format!("{name}.json"));
        std::fs::copy(self.target.join(format!("doc/{CRATE}.json")), &json).unwrap();
        json
    }

    /// Whether these packages compile; the compiler's messages on failure.
    fn check(&self, packages: &[String]) -> Result<(), String> {
        let mut args = vec![
            "check",
            "--quiet",
            "--keep-going",
            "--message-format",
            "short",
        ];
        for package in packages {
            args.extend(["-p", package]);
        }
        let output = self.cargo(&args).output().expect("cargo check runs");
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

fn witness_package(case: &Case) -> String {
    format!("witness_{}", case.name.replace('-', "_"))
}

/// What of `settings` shapes the base crate: the size-dependent settings as pinned or left unset.
fn shape(settings: &Settings) -> (Option<bool>, Option<bool>) {
    (settings.share_identical_types, settings.derive_as_used)
}

/// The bump cargo-semver-checks requires between two rustdoc JSON files: its failed lints
/// decide; its warnings are printed but do not count.
fn lint_bump(tool: &str, baseline: &Path, current: &Path) -> (Bump, String) {
    let output = Command::new(tool)
        .args([
            "semver-checks",
            "--color",
            "never",
            "--release-type",
            "patch",
        ])
        .arg("--baseline-rustdoc")
        .arg(baseline)
        .arg("--current-rustdoc")
        .arg(current)
        .output()
        .expect("cargo-semver-checks runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let bump = if stderr.contains("requires new major version") {
        Bump::Major
    } else if stderr.contains("requires new minor version") {
        Bump::Minor
    } else {
        assert!(
            stderr.contains("no semver update required"),
            "unexpected cargo-semver-checks output:\n{stderr}\n{stdout}"
        );
        Bump::Patch
    };
    let lints: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("--- failure "))
        .filter_map(|l| l.split(':').next())
        .collect();
    (bump, lints.join(", "))
}

/// The bump cargo-semver-checks requires, with the lints that require it.
fn linted_shown(linted: Bump, lints: &str) -> String {
    if lints.is_empty() {
        linted.as_str().to_owned()
    } else {
        format!("{} ({lints})", linted.as_str())
    }
}

/// A minor bump with no judge behind it is justified by the rule's own text: an addition, or a
/// change in behaviour.
fn minor_is_justified(case: &Case) -> bool {
    case.severity == Severity::PotentiallyBreaking
        || (case.severity == Severity::Compatible
            && Rule::from_id(case.rule).is_some_and(Rule::adds_to_api))
}

#[test]
#[ignore = "needs cargo-semver-checks (CARGO_SEMVER_CHECKS) and compiles the client ~30 times; scripts/test runs it"]
fn diff_never_suggests_less_than_the_compiler_and_cargo_semver_checks_require() {
    let tool = std::env::var("CARGO_SEMVER_CHECKS")
        .expect("CARGO_SEMVER_CHECKS names the cargo-semver-checks binary (scripts/test sets it)");
    let ws = Workspace::new("semver-oracle", CASES);
    let base_spec = base();
    // The base crate as generated with each case's settings (most leave the size-dependent ones
    // unset; the cases of the rules about identical types and serde traits pin theirs): its
    // rustdoc, once the witnesses of the cases judged against it are shown to compile against it.
    let mut baselines = BTreeMap::new();
    for case in CASES {
        let settings = case.settings();
        let key = shape(&settings);
        if baselines.contains_key(&key) {
            continue;
        }
        ws.generate(&base_spec, &settings);
        let witnesses: Vec<String> = CASES
            .iter()
            .filter(|c| c.witness.is_some() && shape(&c.settings()) == key)
            .map(witness_package)
            .collect();
        if let Err(errors) = ws.check(&witnesses) {
            panic!("every witness must compile against the base crate ({key:?}):\n{errors}");
        }
        let name = format!("base-{}", baselines.len());
        baselines.insert(key, ws.rustdoc(&name, &[]));
    }

    let mut table = String::from("case | diff | cargo-semver-checks | witness | verdict\n");
    let mut failures = Vec::new();
    for case in CASES {
        let after = case.after();
        let settings = case.settings();
        let report = diff_texts((&base_spec, "base.yaml"), (&after, "after.yaml"), &settings)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let suggested = report.bump();
        ws.generate(&after, &settings);
        let current = ws.rustdoc(case.name, &[]);
        let baseline = &baselines[&shape(&settings)];
        let (linted, lints) = lint_bump(&tool, baseline, &current);
        let witness = case.witness.map(|_| ws.check(&[witness_package(case)]));
        let proved = match &witness {
            Some(Err(_)) => Bump::Major,
            _ => Bump::Patch,
        };
        let required = linted.max(proved);
        let verdict = if suggested < required {
            Some("UNDER-REPORTED")
        } else if matches!(witness, Some(Ok(()))) {
            Some("witness still compiles: the break is not proved")
        } else if suggested == Bump::Major && required < Bump::Major {
            Some("major, but neither judge sees a break")
        } else if suggested == Bump::Minor && required < Bump::Minor && !minor_is_justified(case) {
            Some("minor, but nothing is added and nothing behaves differently")
        } else {
            None
        };
        let _ = writeln!(
            table,
            "{} | {} | {} | {} | {}",
            case.name,
            suggested.as_str(),
            linted_shown(linted, &lints),
            match &witness {
                None => "-",
                Some(Ok(())) => "compiles",
                Some(Err(_)) => "breaks",
            },
            verdict.unwrap_or("ok"),
        );
        if let Some(verdict) = verdict {
            failures.push(format!("{}: {verdict}", case.name));
        }
    }
    println!("{table}");
    assert!(
        failures.is_empty(),
        "{}\n\n{table}\n(workspace: {})",
        failures.join("\n"),
        ws.root.join("target/semver-oracle").display()
    );
}

/// The two smallest of Cloudflare's real consecutive pairs: an optional field appears; two
/// optional fields appear in one operation's result.
const HISTORY_PAIRS: [(&str, &str); 2] = [
    ("2024-06-11-8924fed1", "2024-06-11-7192bccf"),
    ("2024-06-12-86508ac0", "2024-06-12-1d5e820c"),
];

/// The cargo features that compile what a report's changes touch, on both sides: the tag of
/// each change's method, and for a change to a type (the one defined where the change is) the
/// first feature that compiles it. Both sides must have each: one the other lacks could not be
/// compared, and the pair would be judged on less than it changes.
fn touched_features(report: &Report, apis: [&Api; 2]) -> Vec<String> {
    let sides = apis.map(|api| {
        let features = Features::of(api);
        let mut touched = BTreeSet::new();
        for change in &report.changes {
            let feature = match &change.owner {
                Some(method) => {
                    let accessor = method.split("()").next().unwrap_or(method);
                    let resources = api.resources.iter();
                    let tag = resources
                        .zip(&features.tags)
                        .find(|(r, _)| r.accessor.as_str() == accessor);
                    tag.map(|(_, gate)| gate.feature.clone())
                }
                None => {
                    let at = |def: &&cloudforce_one_codegen::model::ir::TypeDef| {
                        change.pointer.is_within(&def.pointer)
                    };
                    let holder = api
                        .types
                        .values()
                        .filter(at)
                        .max_by_key(|d| d.pointer.as_str().len());
                    holder.map(|def| features.enabling(&def.name)[0].to_owned())
                }
            };
            touched.extend(feature);
        }
        let gates = features.tags.iter().chain([&features.unreferenced]);
        let all: BTreeSet<String> = gates.map(|g| g.feature.clone()).collect();
        (touched, all)
    });
    let [(old_touched, old_all), (new_touched, new_all)] = sides;
    let touched: Vec<String> = old_touched.union(&new_touched).cloned().collect();
    let one_sided: Vec<&String> = touched
        .iter()
        .filter(|f| !(old_all.contains(*f) && new_all.contains(*f)))
        .collect();
    assert!(
        one_sided.is_empty(),
        "features only one side has: {one_sided:?}"
    );
    touched
}

#[test]
#[ignore = "needs cargo-semver-checks (CARGO_SEMVER_CHECKS) and compiles Cloudflare's document four times; scripts/test runs it"]
fn diff_never_under_reports_on_cloudflare_history() {
    let tool = std::env::var("CARGO_SEMVER_CHECKS")
        .expect("CARGO_SEMVER_CHECKS names the cargo-semver-checks binary (scripts/test sets it)");
    let ws = Workspace::new("semver-oracle-history", &[]);
    let settings = Settings::default().lenient(true).features_per_tag(true);
    let mut table = String::from("pair | features | diff | cargo-semver-checks | verdict\n");
    let mut failures = Vec::new();
    for (old, new) in HISTORY_PAIRS {
        let (old_text, new_text) = (history::document(old), history::document(new));
        let report = diff_texts((&old_text, old), (&new_text, new), &settings)
            .unwrap_or_else(|e| panic!("{old} → {new}: {e}"));
        let ir = |text: &str, name: &str| {
            build_ir(text, name, &settings).unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        let (old_api, new_api) = (ir(&old_text, old), ir(&new_text, new));
        let features = touched_features(&report, [&old_api, &new_api]);
        assert!(
            !features.is_empty(),
            "{old} → {new}: no feature compiles what changed: {:#?}",
            report.changes
        );
        ws.generate(&old_text, &settings);
        let baseline = ws.rustdoc(old, &features);
        ws.generate(&new_text, &settings);
        let current = ws.rustdoc(new, &features);
        let (linted, lints) = lint_bump(&tool, &baseline, &current);
        let suggested = report.bump();
        let verdict = if suggested < linted {
            failures.push(format!("{old} → {new}: UNDER-REPORTED"));
            "UNDER-REPORTED"
        } else {
            "ok"
        };
        let _ = writeln!(
            table,
            "{old} → {new} | {} | {} | {} | {verdict}",
            features.join(" "),
            suggested.as_str(),
            linted_shown(linted, &lints),
        );
    }
    println!("{table}");
    assert!(failures.is_empty(), "{}\n\n{table}", failures.join("\n"));
}
