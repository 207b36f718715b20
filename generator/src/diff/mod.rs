//! `diff`: what a spec change means for code that uses the generated client.
//!
//! Both specs go through the same model the generator uses, so changes are judged on the Rust API
//! they produce: a renamed schema is a renamed type, a property that became required is a field
//! that lost its `Option`, a response enum that gained a value is harmless (the enums are
//! `#[non_exhaustive]` with a catch-all). Each change has a severity, a place (JSON pointer, and
//! line in NEW where known) and a sentence a reviewer can act on.

//!
//! `operations` compares methods (paths, parameters, bodies, results), `resources` the accessors
//! and structs (and cargo features) that hold them, `types` compares the types
//! they use (knowing from `model::usage` which types requests send and responses return),
//! `identical` which types are one type when identical types are shared,
//! `renames` pairs the types a change renamed, `wire` what running code feels and the compiler
//! does not (validation, defaults, statuses, servers, deprecation), `rules` is the catalogue
//! every change names, `entries` gathers changes as a reviewer reads them, and `report`
//! prints them.

mod credentials;
mod entries;
mod identical;
mod operations;
mod renames;
pub mod report;
mod resources;
pub mod rules;
mod serde_traits;
mod size;
mod types;
mod wire;

pub use rules::Rule;

use crate::error::{Error, Errors};
use crate::lines::LineIndex;
use crate::model::ir::{all_methods, Api};
use crate::model::usage::{directions, reachable, Direction};
use crate::pointer::Pointer;
use crate::Settings;
use renames::renames;
use std::collections::BTreeMap;
use std::process::Command;

/// How much a change can hurt code that uses the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Code that compiled before still compiles and behaves the same.
    Compatible,
    /// Code still compiles, but may behave differently (another endpoint, other retries, …).
    PotentiallyBreaking,
    /// Code that compiled before may no longer compile.
    Breaking,
}

impl Severity {
    /// The stable name used in JSON output and `--fail-on`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Compatible => "compatible",
            Severity::PotentiallyBreaking => "potentially-breaking",
            Severity::Breaking => "breaking",
        }
    }
}

/// One change between two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub severity: Severity,
    /// The rule that found it; its id (`operation-removed`, …) is stable.
    pub rule: Rule,
    /// Where it is: a JSON pointer into NEW, or into OLD for something removed.
    pub pointer: Pointer,
    /// Whether `pointer` (and `line`) refer to OLD, because the thing is gone from NEW.
    pub in_old: bool,
    /// The line `pointer` names, where known.
    pub line: Option<usize>,
    /// The line in NEW to read the change beside (GitHub annotations sit there): `line` for a
    /// change NEW has; for one only OLD has, the line of the nearest place around it that NEW
    /// still has, below a top-level section (the enum a removed value was in), if there is one.
    pub new_line: Option<usize>,
    /// What it means for the generated Rust API.
    pub message: String,
    /// The method it belongs to (`things().get()`): a change to the operation itself, or to a
    /// type only that operation uses and the spec defines inline (its body, its result).
    /// Reports list such changes under their method.
    pub owner: Option<String>,
}

impl Change {
    /// The version bump this change alone calls for.
    pub fn bump(&self) -> Bump {
        match self.severity {
            Severity::Breaking => Bump::Major,
            // Code still compiles but may behave differently: not a patch.
            Severity::PotentiallyBreaking => Bump::Minor,
            Severity::Compatible if self.rule.adds_to_api() => Bump::Minor,
            Severity::Compatible => Bump::Patch,
        }
    }
}

/// The semver bump a set of changes calls for; ordered, so the larger of two is their `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch => "patch",
        }
    }
}

/// Every change, most severe first.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    /// The worst severity, if anything changed.
    pub fn worst(&self) -> Option<Severity> {
        self.changes.iter().map(|c| c.severity).max()
    }

    /// The largest bump any change calls for (see [`Change::bump`]); patch when nothing changed.
    pub fn bump(&self) -> Bump {
        self.changes
            .iter()
            .map(Change::bump)
            .max()
            .unwrap_or(Bump::Patch)
    }

    /// How many changes have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|c| c.severity == severity)
            .count()
    }
}

/// Reads one side of a diff: a file path, or `git:REF:PATH` (read with `git show REF:PATH`, so
/// the work tree is never touched; PATH is relative to the repository root).
pub fn read_side(side: &str) -> Result<String, Error> {
    let Some(rest) = side.strip_prefix("git:") else {
        return crate::load::read(std::path::Path::new(side));
    };
    let Some((rev, path)) = rest.split_once(':') else {
        return Err(Error::Io {
            path: side.into(),
            message: "expected git:REF:PATH, for example git:origin/main:spec/cloudforce-one.yaml"
                .into(),
        });
    };
    let output = Command::new("git")
        .arg("show")
        .arg(format!("{rev}:{path}"))
        .output()
        .map_err(|e| Error::io(side, &e))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        return Err(Error::Io {
            path: side.into(),
            message: format!("git show failed: {message}"),
        });
    }
    crate::load::text(output.stdout, side)
}

/// Diffs two specs' texts: builds both models (in parallel) and compares them as `settings`
/// generate them (leniently or not; with identical types shared or not).
pub fn diff_texts(
    old: (&str, &str),
    new: (&str, &str),
    settings: &Settings,
) -> Result<Report, Errors> {
    // Built unshared: `diff` works out itself which types sharing makes one.
    let unshared = settings.clone().share_identical_types(false);
    let build = |(text, name): (&str, &str)| crate::build_ir(text, name, &unshared);
    let (old_api, new_api) = std::thread::scope(|scope| {
        let old_side = scope.spawn(|| build(old));
        let new_api = build(new);
        (
            old_side.join().expect("building a model does not panic"),
            new_api,
        )
    });
    match (old_api, new_api) {
        (Ok(old_api), Ok(new_api)) => Ok(diff(&old_api, &new_api, (old.0, new.0), settings)),
        (old_api, new_api) => {
            let errors = old_api
                .err()
                .into_iter()
                .chain(new_api.err())
                .flat_map(|e| e.iter().cloned().collect::<Vec<_>>())
                .collect();
            Err(Errors::new(errors))
        }
    }
}

/// Compares two models, as built by [`build_ir`](crate::build_ir) (their features included),
/// with identical types shared when `settings` say so: the models are built without, and
/// `diff` works out which types sharing makes one. The specs' texts supply line numbers.
pub fn diff(
    old: &Api,
    new: &Api,
    (old_text, new_text): (&str, &str),
    settings: &Settings,
) -> Report {
    let renames = renames(old, new);
    let mut differ = Differ {
        changes: Vec::new(),
        old,
        new,
        directions: directions(new),
        renames,
        owners: (owners(old), owners(new)),
        owner: None,
    };
    differ.operations();
    differ.resources();
    differ.types();
    differ.servers();
    differ.credentials();
    let shared = (
        settings.shares_identical_types(old.operations),
        settings.shares_identical_types(new.operations),
    );
    differ.identical_types(shared);
    differ.serde_traits(shared);
    differ.document_size(settings);
    let (old_lines, new_lines) = (LineIndex::new(old_text), LineIndex::new(new_text));
    let mut changes = differ.changes;
    for change in &mut changes {
        let pointer = change.pointer.as_str();
        if change.in_old {
            change.line = old_lines.line(pointer);
            change.new_line = new_lines.enclosing_line(pointer);
        } else {
            change.line = new_lines.line(pointer);
            change.new_line = change.line;
        }
    }
    changes.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.pointer.cmp(&b.pointer))
            .then_with(|| a.message.cmp(&b.message))
    });
    changes.dedup();
    Report { changes }
}

struct Differ<'a> {
    changes: Vec<Change>,
    old: &'a Api,
    new: &'a Api,
    directions: BTreeMap<String, Direction>,
    /// Types that left OLD and arrived in NEW with the same shape: old name → new name.
    renames: BTreeMap<String, String>,
    /// For OLD and NEW: each type only one operation uses and the spec defines inline → that
    /// operation's method.
    owners: (BTreeMap<String, String>, BTreeMap<String, String>),
    /// The method the changes being found belong to (see [`Change::owner`]).
    owner: Option<String>,
}

/// Each type that only one operation uses (directly or inside another type) and that the spec
/// defines inline, with that operation's method (`things().get()`): its changes are the
/// method's, and reports list them under it.
fn owners(api: &Api) -> BTreeMap<String, String> {
    let mut users: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (resource, m) in all_methods(&api.resources) {
        let (method, op) = (operations::method_path(&resource, m), &m.operation);
        let roots = op.sent().into_iter().chain(op.returned().cloned());
        for name in reachable(api, roots) {
            users
                .entry(name)
                .and_modify(|user| {
                    if user.as_deref() != Some(method.as_str()) {
                        *user = None;
                    }
                })
                .or_insert_with(|| Some(method.clone()));
        }
    }
    users
        .into_iter()
        .filter(|(name, _)| {
            api.types
                .get(name)
                .is_some_and(|def| def.component().is_none())
        })
        .filter_map(|(name, user)| Some((name, user?)))
        .collect()
}

impl Differ<'_> {
    fn push(&mut self, severity: Severity, rule: Rule, pointer: Pointer, message: String) {
        self.changes.push(Change {
            severity,
            rule,
            pointer,
            in_old: false,
            line: None,
            new_line: None,
            message,
            owner: self.owner.clone(),
        });
    }

    /// A change to something gone from NEW: breaking, its pointer into OLD.
    fn push_removed(&mut self, rule: Rule, pointer: Pointer, message: String) {
        self.push_in_old(Severity::Breaking, rule, pointer, message);
    }

    /// A change whose place is only in OLD: its pointer is into OLD.
    fn push_in_old(&mut self, severity: Severity, rule: Rule, pointer: Pointer, message: String) {
        self.changes.push(Change {
            severity,
            rule,
            pointer,
            in_old: true,
            line: None,
            new_line: None,
            message,
            owner: self.owner.clone(),
        });
    }

    /// Runs `find` with the changes it finds belonging to `owner`'s method.
    fn owned_by(&mut self, owner: Option<String>, find: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.owner, owner);
        find(self);
        self.owner = outer;
    }
}
