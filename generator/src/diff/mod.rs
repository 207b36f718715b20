//! `diff`: what a spec change means for code that uses the generated client.
//!
//! Both specs go through the same model the generator uses, so changes are judged on the Rust API
//! they produce: a renamed schema is a renamed type, a property that became required is a field
//! that lost its `Option`, a response enum that gained a value is harmless (the enums are
//! `#[non_exhaustive]` with a catch-all). Each change has a severity, a place (JSON pointer, and
//! line in NEW where known) and a sentence a reviewer can act on.

pub mod report;

use crate::error::{Error, Errors};
use std::process::Command;

use crate::lines::LineIndex;
use crate::model::ir::{
    Api, Body, Operation, Param, ParamLocation, Resource, Response, TypeDef, TypeKind, TypeRef,
};
use crate::model::schema_pointer;
use crate::model::signature::{argument_type, output, rust_type, signature};
use crate::naming::unraw;
use crate::pointer::escape;
use std::collections::{BTreeMap, BTreeSet};

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
    /// A stable identifier of the rule that found it (`operation-removed`, …).
    pub rule: &'static str,
    /// Where it is: a JSON pointer into NEW, or into OLD for something removed.
    pub pointer: String,
    /// Whether `pointer` (and `line`) refer to OLD, because the thing is gone from NEW.
    pub in_old: bool,
    /// The line `pointer` names, where known.
    pub line: Option<usize>,
    /// What it means for the generated Rust API.
    pub message: String,
}

/// Compatible rules that add to the public API (a method, a field, a variant, a type): a minor
/// release, by semver's "new functionality". Every other compatible change (a renamed path
/// parameter, an operationId that leaves the method name alone) adds nothing: a patch.
const ADDITIONS: &[&str] = &[
    "operation-added",
    "parameter-added",
    "property-added",
    "enum-value-added",
    "schema-added",
];

impl Change {
    /// The version bump this change alone calls for.
    pub fn bump(&self) -> Bump {
        match self.severity {
            Severity::Breaking => Bump::Major,
            // Code still compiles but may behave differently: not a patch.
            Severity::PotentiallyBreaking => Bump::Minor,
            Severity::Compatible if ADDITIONS.contains(&self.rule) => Bump::Minor,
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

/// Diffs two specs' texts: builds both models (in parallel) and compares them.
pub fn diff_texts(old: (&str, &str), new: (&str, &str), lenient: bool) -> Result<Report, Errors> {
    let build = |(text, name): (&str, &str)| -> Result<Api, Errors> {
        let api =
            crate::load::load(text, name).map_err(|error| Errors::from(error).with_lines(text))?;
        crate::model::build(&api, name, lenient).map_err(|errors| errors.with_lines(text))
    };
    let (old_api, new_api) = std::thread::scope(|scope| {
        let old_side = scope.spawn(|| build(old));
        let new_api = build(new);
        (
            old_side.join().expect("building a model does not panic"),
            new_api,
        )
    });
    match (old_api, new_api) {
        (Ok(old_api), Ok(new_api)) => Ok(diff(&old_api, &new_api, old.0, new.0)),
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

/// Compares two models. The specs' texts supply line numbers.
pub fn diff(old: &Api, new: &Api, old_text: &str, new_text: &str) -> Report {
    let renames = renames(old, new);
    let mut differ = Differ {
        changes: Vec::new(),
        old,
        new,
        directions: directions(new),
        renames,
    };
    differ.operations();
    differ.types();
    let (old_lines, new_lines) = (LineIndex::new(old_text), LineIndex::new(new_text));
    let mut changes = differ.changes;
    for change in &mut changes {
        change.line = if change.in_old {
            old_lines.line(&change.pointer)
        } else {
            new_lines.line(&change.pointer)
        };
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

/// Where a type is used, which decides what its changes mean.
#[derive(Debug, Clone, Copy, Default)]
struct Direction {
    request: bool,
    response: bool,
}

/// For each type: whether requests send it, responses return it, or both.
fn directions(api: &Api) -> BTreeMap<String, Direction> {
    fn mark(api: &Api, ty: &TypeRef, response: bool, out: &mut BTreeMap<String, Direction>) {
        match ty {
            TypeRef::Named(name) => {
                let entry = out.entry(name.clone()).or_default();
                let seen = if response {
                    std::mem::replace(&mut entry.response, true)
                } else {
                    std::mem::replace(&mut entry.request, true)
                };
                if seen {
                    return;
                }
                let inner: Vec<&TypeRef> = match api.types.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Struct(s)) => s
                        .fields
                        .iter()
                        .map(|f| &f.ty)
                        .chain(s.additional.iter().map(|(_, t)| t))
                        .collect(),
                    Some(TypeKind::Union(v)) => v.iter().map(|v| &v.ty).collect(),
                    Some(TypeKind::Alias(t)) => vec![t],
                    _ => Vec::new(),
                };
                for t in inner {
                    mark(api, t, response, out);
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                mark(api, inner, response, out)
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for op in all_operations(&api.resources) {
        let op = op.1;
        for p in op
            .path_params
            .iter()
            .chain(op.options.iter().flat_map(|o| o.params.iter()))
        {
            mark(api, &p.ty, false, &mut out);
        }
        if let Some(options) = &op.options {
            mark(
                api,
                &TypeRef::Named(options.type_name.clone()),
                false,
                &mut out,
            );
        }
        match &op.body {
            Some(Body::Json { ty, .. }) => mark(api, ty, false, &mut out),
            Some(Body::Multipart { parts, .. }) => {
                parts.iter().for_each(|p| mark(api, &p.ty, false, &mut out))
            }
            Some(Body::Binary { .. }) | None => {}
        }
        if let Response::Envelope(Some(ty)) | Response::Json(ty) = &op.response {
            mark(api, ty, true, &mut out);
        }
    }
    out
}

/// Every operation with the Rust path of its resource (`requests().messages()`).
fn all_operations(resources: &[Resource]) -> Vec<(String, &Operation)> {
    fn walk<'a>(resources: &'a [Resource], prefix: &str, out: &mut Vec<(String, &'a Operation)>) {
        for r in resources {
            let path = format!("{prefix}{}()", unraw(&r.accessor));
            out.extend(r.operations.iter().map(|op| (path.clone(), op)));
            walk(&r.children, &format!("{path}."), out);
        }
    }
    let mut out = Vec::new();
    walk(resources, "", &mut out);
    out
}

fn operation_pointer(op: &Operation) -> String {
    format!(
        "#/paths/{}/{}",
        escape(&op.path_template),
        op.http_method.as_str().to_lowercase()
    )
}

fn method_path(resource: &str, op: &Operation) -> String {
    format!("{resource}.{}()", unraw(&op.method_name))
}

struct Differ<'a> {
    changes: Vec<Change>,
    old: &'a Api,
    new: &'a Api,
    directions: BTreeMap<String, Direction>,
    /// Types that left OLD and arrived in NEW with the same shape: old name → new name.
    renames: BTreeMap<String, String>,
}

/// Pairs each type that left OLD with the type that replaced it in NEW: first by shape (the same
/// fields and types, allowing for types already paired, repeated until nothing new pairs up),
/// then, for what is left, by the last segment of the schema name (`…_request-item`). Where
/// several candidates fit, the one whose origin shares the longest ending with the old one's
/// wins, if it is the only one that long.
/// Whether a type that left OLD fits a type that arrived in NEW, given the pairs made so far.
type Fits<'f> = &'f dyn Fn(&TypeDef, &TypeDef, &BTreeMap<String, String>) -> bool;

fn renames(old: &Api, new: &Api) -> BTreeMap<String, String> {
    let gone: Vec<&TypeDef> = old
        .types
        .values()
        .filter(|d| !new.types.contains_key(&d.name))
        .collect();
    let arrived: Vec<&TypeDef> = new
        .types
        .values()
        .filter(|d| !old.types.contains_key(&d.name))
        .collect();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut pair = |fits: Fits, out: &mut BTreeMap<String, String>| {
        let mut paired = false;
        for gone in gone
            .iter()
            .filter(|g| !out.contains_key(&g.name))
            .collect::<Vec<_>>()
        {
            let candidates: Vec<&TypeDef> = arrived
                .iter()
                .copied()
                .filter(|a| !taken.contains(&a.name) && fits(gone, a, out))
                .collect();
            if let Some(best) = closest(gone, &candidates) {
                taken.insert(best.name.clone());
                out.insert(gone.name.clone(), best.name.clone());
                paired = true;
            }
        }
        paired
    };
    while pair(
        &|gone, arrival, renames| same_shape(&gone.kind, &arrival.kind, renames),
        &mut out,
    ) {}
    let last_segment = |origin: &str| {
        origin
            .rsplit(['_', '.', '/'])
            .next()
            .unwrap_or(origin)
            .to_ascii_lowercase()
    };
    pair(
        &|gone, arrival, _| last_segment(&gone.origin) == last_segment(&arrival.origin),
        &mut out,
    );
    out
}

/// The candidate whose origin ends most like `gone`'s, if exactly one ends that much alike.
fn closest<'t>(gone: &TypeDef, candidates: &[&'t TypeDef]) -> Option<&'t TypeDef> {
    let common = |a: &str, b: &str| {
        a.bytes()
            .rev()
            .zip(b.bytes().rev())
            .take_while(|(x, y)| x == y)
            .count()
    };
    let scores: Vec<usize> = candidates
        .iter()
        .map(|c| common(&gone.origin, &c.origin))
        .collect();
    let best = *scores.iter().max()?;
    let mut winners = candidates.iter().zip(&scores).filter(|(_, s)| **s == best);
    match (winners.next(), winners.next()) {
        (Some((winner, _)), None) => Some(winner),
        _ => None,
    }
}

/// A path template with its parameter names blanked: `/a/{id}` and `/a/{a_id}` are one endpoint.
fn endpoint_shape(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

impl Differ<'_> {
    fn push(&mut self, severity: Severity, rule: &'static str, pointer: String, message: String) {
        self.changes.push(Change {
            severity,
            rule,
            pointer,
            in_old: false,
            line: None,
            message,
        });
    }

    /// A change to something gone from NEW: its pointer is into OLD.
    fn push_removed(&mut self, rule: &'static str, pointer: String, message: String) {
        self.changes.push(Change {
            severity: Severity::Breaking,
            rule,
            pointer,
            in_old: true,
            line: None,
            message,
        });
    }

    fn operations(&mut self) {
        let old: BTreeMap<&str, (String, &Operation)> = all_operations(&self.old.resources)
            .into_iter()
            .map(|(r, op)| (op.operation_id.as_str(), (r, op)))
            .collect();
        let new: BTreeMap<&str, (String, &Operation)> = all_operations(&self.new.resources)
            .into_iter()
            .map(|(r, op)| (op.operation_id.as_str(), (r, op)))
            .collect();
        let endpoint = |op: &Operation| (op.http_method, endpoint_shape(&op.path_template));
        let new_by_endpoint: BTreeMap<_, &str> = new
            .values()
            .map(|(_, op)| (endpoint(op), op.operation_id.as_str()))
            .collect();
        let old_by_endpoint: BTreeMap<_, &str> = old
            .values()
            .map(|(_, op)| (endpoint(op), op.operation_id.as_str()))
            .collect();

        for (id, (resource, op)) in &old {
            if new.contains_key(id) {
                continue;
            }
            match new_by_endpoint
                .get(&endpoint(op))
                .filter(|new_id| !old.contains_key(**new_id))
            {
                // Same endpoint, new operationId: the method may have been renamed.
                Some(new_id) => {
                    let (new_resource, new_op) = &new[new_id];
                    let (before, after) =
                        (method_path(resource, op), method_path(new_resource, new_op));
                    let pointer = format!("{}/operationId", operation_pointer(new_op));
                    if before == after {
                        self.push(Severity::Compatible, "operation-id-changed", pointer, format!("operationId `{id}` became `{new_id}`; the method is still `{after}`"));
                    } else {
                        self.push(Severity::Breaking, "operation-id-changed", pointer, format!("operationId `{id}` became `{new_id}`: method `{before}` is renamed `{after}`; calls to `{before}` no longer compile"));
                    }
                    self.operation(resource, op, new_resource, new_op);
                }
                None => {
                    let message = format!("method `{}` removed (operation `{id}`, `{} {}`): code that calls it no longer compiles", method_path(resource, op), op.http_method.as_str(), op.path_template);
                    self.push_removed("operation-removed", operation_pointer(op), message);
                }
            }
        }
        for (id, (resource, op)) in &new {
            match old.get(id) {
                Some((old_resource, old_op)) => self.operation(old_resource, old_op, resource, op),
                None if old_by_endpoint
                    .get(&endpoint(op))
                    .is_some_and(|old_id| !new.contains_key(*old_id)) => {}
                None => {
                    let message = format!(
                        "method `{}` added: `{}` (`{} {}`)",
                        method_path(resource, op),
                        signature(op),
                        op.http_method.as_str(),
                        op.path_template
                    );
                    self.push(
                        Severity::Compatible,
                        "operation-added",
                        operation_pointer(op),
                        message,
                    );
                }
            }
        }
    }

    /// Changes within one operation present in both specs.
    fn operation(&mut self, old_resource: &str, old: &Operation, resource: &str, op: &Operation) {
        let at = operation_pointer(op);
        let method = method_path(resource, op);
        let (before, after) = (method_path(old_resource, old), method.clone());
        if before != after && old.operation_id == op.operation_id {
            self.push(Severity::Breaking, "operation-moved", at.clone(), format!("method `{before}` moved to `{after}` (its tag changed): calls to `{before}` no longer compile"));
        }
        if (old.http_method, endpoint_shape(&old.path_template))
            != (op.http_method, endpoint_shape(&op.path_template))
        {
            let message = format!(
                "`{method}` now sends `{} {}` instead of `{} {}`: calling code compiles unchanged but reaches another endpoint",
                op.http_method.as_str(), op.path_template, old.http_method.as_str(), old.path_template
            );
            self.push(
                Severity::PotentiallyBreaking,
                "operation-moved",
                at.clone(),
                message,
            );
        }
        self.path_params(&method, &at, &old.path_params, &op.path_params);
        self.option_params(&method, &at, old, op);
        self.body(&method, &at, old, op);
        self.response(&method, &at, old, op);
        if old.idempotent != op.idempotent {
            let now = if op.idempotent {
                "is now retried after the server may have acted on it (it is declared idempotent)"
            } else {
                "is no longer retried once the server may have acted on it"
            };
            self.push(
                Severity::PotentiallyBreaking,
                "retry-changed",
                at.clone(),
                format!("`{method}` {now}"),
            );
        }
        if old.security != op.security {
            let shown = |s: &Vec<Vec<String>>| {
                if s.is_empty() {
                    "none".to_owned()
                } else {
                    s.iter()
                        .map(|alt| alt.join(" + "))
                        .collect::<Vec<_>>()
                        .join(" or ")
                }
            };
            let message = format!(
                "`{method}` accepts {} instead of {}: credentials that worked may be refused",
                shown(&op.security),
                shown(&old.security)
            );
            self.push(
                Severity::PotentiallyBreaking,
                "security-changed",
                format!("{at}/security"),
                message,
            );
        }
    }

    fn path_params(&mut self, method: &str, at: &str, old: &[Param], new: &[Param]) {
        for (i, param) in new.iter().enumerate() {
            let pointer = format!("{at}/parameters");
            match old.get(i) {
                None => self.push(Severity::Breaking, "parameter-added", pointer, format!("`{method}` takes a new argument `{}: {}`: existing calls no longer compile", unraw(&param.name), argument_type(&param.ty))),
                Some(before) => {
                    if before.wire != param.wire {
                        let message = format!("path parameter `{}` renamed `{}`: an argument is positional, so calls to `{method}` are unaffected", before.wire, param.wire);
                        self.push(Severity::Compatible, "parameter-renamed", pointer.clone(), message);
                    }
                    if before.ty != param.ty {
                        let message = format!("argument `{}` of `{method}` changed from `{}` to `{}`: calls passing the old type no longer compile", unraw(&param.name), argument_type(&before.ty), argument_type(&param.ty));
                        self.push(Severity::Breaking, "parameter-type-changed", pointer, message);
                    }
                }
            }
        }
        for removed in old.iter().skip(new.len()) {
            self.push(
                Severity::Breaking,
                "parameter-removed",
                format!("{at}/parameters"),
                format!(
                    "`{method}` no longer takes argument `{}`: existing calls no longer compile",
                    unraw(&removed.name)
                ),
            );
        }
    }

    fn option_params(&mut self, method: &str, at: &str, old: &Operation, op: &Operation) {
        let params = |op: &Operation| -> BTreeMap<(String, bool), Param> {
            op.options
                .iter()
                .flat_map(|o| o.params.iter())
                .map(|p| {
                    (
                        (p.wire.clone(), p.location == ParamLocation::Header),
                        p.clone(),
                    )
                })
                .collect()
        };
        let (before, after) = (params(old), params(op));
        let options = op
            .options
            .as_ref()
            .or(old.options.as_ref())
            .map(|o| o.type_name.clone())
            .unwrap_or_default();
        let pointer = format!("{at}/parameters");
        for (key, param) in &after {
            let field = format!("{options}::{}", unraw(&param.name));
            match before.get(key) {
                None if param.required => self.push(
                    Severity::Breaking,
                    "parameter-added",
                    pointer.clone(),
                    format!(
                        "`{method}` has a new required parameter `{}`: `{field}` must now be set",
                        param.wire
                    ),
                ),
                None => self.push(
                    Severity::Compatible,
                    "parameter-added",
                    pointer.clone(),
                    format!(
                        "`{method}` has a new optional parameter `{}` (`{field}`)",
                        param.wire
                    ),
                ),
                Some(old_param) => {
                    if param.required && !old_param.required {
                        self.push(Severity::Breaking, "parameter-became-required", pointer.clone(), format!("parameter `{}` of `{method}` became required: `{field}` is no longer an `Option`", param.wire));
                    } else if !param.required && old_param.required {
                        self.push(Severity::Breaking, "parameter-became-optional", pointer.clone(), format!("parameter `{}` of `{method}` became optional: `{field}` is now an `Option`", param.wire));
                    }
                    if old_param.ty != param.ty {
                        self.push(
                            Severity::Breaking,
                            "parameter-type-changed",
                            pointer.clone(),
                            format!(
                                "parameter `{}` of `{method}` changed from `{}` to `{}`",
                                param.wire,
                                rust_type(&old_param.ty),
                                rust_type(&param.ty)
                            ),
                        );
                    }
                }
            }
        }
        for (key, param) in &before {
            if !after.contains_key(key) {
                self.push(Severity::Breaking, "parameter-removed", pointer.clone(), format!("`{method}` no longer has parameter `{}`: code that sets it no longer compiles", param.wire));
            }
        }
    }

    fn body(&mut self, method: &str, at: &str, old: &Operation, op: &Operation) {
        let pointer = format!("{at}/requestBody");
        let kind = |body: &Option<Body>| match body {
            None => "no body",
            Some(Body::Json { .. }) => "a JSON body",
            Some(Body::Multipart { .. }) => "a multipart/form-data body",
            Some(Body::Binary { .. }) => "a file as its body",
        };
        match (&old.body, &op.body) {
            (
                Some(Body::Json {
                    ty: a,
                    required: ra,
                }),
                Some(Body::Json {
                    ty: b,
                    required: rb,
                }),
            ) => {
                if a != b && !self.renamed(a, b) {
                    self.push(
                        Severity::Breaking,
                        "body-type-changed",
                        pointer.clone(),
                        format!(
                            "`{method}` takes a `{}` body instead of `{}`",
                            rust_type(b),
                            rust_type(a)
                        ),
                    );
                }
                if ra != rb {
                    self.body_requiredness(method, pointer, *rb);
                }
            }
            (Some(Body::Multipart { parts: a, .. }), Some(Body::Multipart { parts: b, .. })) => {
                let (a, b): (Vec<_>, Vec<_>) = (
                    a.iter()
                        .map(|p| (&p.wire, p.file, p.required, &p.ty))
                        .collect(),
                    b.iter()
                        .map(|p| (&p.wire, p.file, p.required, &p.ty))
                        .collect(),
                );
                if a != b {
                    self.push(Severity::Breaking, "body-type-changed", pointer, format!("the multipart fields of `{method}` changed: its arguments are now `{}`", signature(op)));
                }
            }
            (
                Some(Body::Binary {
                    media_type: a,
                    required: ra,
                }),
                Some(Body::Binary {
                    media_type: b,
                    required: rb,
                }),
            ) => {
                if ra != rb {
                    self.body_requiredness(method, pointer.clone(), *rb);
                }
                if a != b {
                    // Same argument, but the file must now be another kind of file.
                    let message = format!("`{method}` sends its file as `{b}` instead of `{a}`: callers must send that kind of content");
                    self.push(
                        Severity::PotentiallyBreaking,
                        "content-type-changed",
                        pointer,
                        message,
                    );
                }
            }
            (a, b) if kind(a) != kind(b) => {
                let message = format!(
                    "`{method}` now sends {} instead of {}: its arguments are now `{}`",
                    kind(b),
                    kind(a),
                    signature(op)
                );
                self.push(Severity::Breaking, "content-type-changed", pointer, message);
            }
            _ => {}
        }
    }

    fn body_requiredness(&mut self, method: &str, pointer: String, now_required: bool) {
        let what = if now_required {
            "became required: the argument is no longer an `Option`"
        } else {
            "became optional: the argument is now an `Option`"
        };
        self.push(
            Severity::Breaking,
            "body-requiredness-changed",
            pointer,
            format!("the body of `{method}` {what}"),
        );
    }

    fn response(&mut self, method: &str, at: &str, old: &Operation, op: &Operation) {
        let pointer = format!("{at}/responses");
        let (before, after) = (output(&old.response), output(&op.response));
        let enveloped = |r: &Response| matches!(r, Response::Envelope(_));
        if enveloped(&old.response) != enveloped(&op.response) {
            let what = if enveloped(&op.response) {
                "is now wrapped in the envelope"
            } else {
                "is no longer wrapped in the envelope"
            };
            self.push(
                Severity::Breaking,
                "result-shape-changed",
                pointer,
                format!(
                    "the response of `{method}` {what}: it returns `{after}` instead of `{before}`"
                ),
            );
            return;
        }
        let result = |r: &Response| match r {
            Response::Envelope(Some(ty)) | Response::Json(ty) => Some(ty.clone()),
            _ => None,
        };
        let bytes = |r: &Response| matches!(r, Response::Bytes { .. });
        let (a, b) = (result(&old.response), result(&op.response));
        let same = a == b || matches!((&a, &b), (Some(a), Some(b)) if self.renamed(a, b));
        if same && bytes(&old.response) == bytes(&op.response) {
            return;
        }
        let is_array = |t: &Option<TypeRef>| matches!(t, Some(TypeRef::Array(_)));
        let message = if is_array(&a) != is_array(&b) && a.is_some() && b.is_some() {
            let shape = |t: &Option<TypeRef>| {
                if is_array(t) {
                    "a list"
                } else {
                    "a single value"
                }
            };
            format!(
                "`{method}` returns {} instead of {}: `{after}` instead of `{before}`",
                shape(&b),
                shape(&a)
            )
        } else {
            format!("`{method}` returns `{after}` instead of `{before}`")
        };
        self.push(Severity::Breaking, "result-shape-changed", pointer, message);
    }

    /// Whether two type references differ only by types renamed between OLD and NEW.
    fn renamed(&self, a: &TypeRef, b: &TypeRef) -> bool {
        same_type(a, b, &self.renames)
    }

    fn types(&mut self) {
        let renamed_to: BTreeSet<String> = self.renames.values().cloned().collect();
        for (name, def) in &self.old.types {
            let pointer = |d: &TypeDef| schema_pointer(&d.origin);
            match self.new.types.get(name) {
                None => match self.renames.get(name).cloned() {
                    Some(new_name) => {
                        let new_types = &self.new.types;
                        let arrival = &new_types[&new_name];
                        let message = format!("type `{}` is renamed `{}` (schema `{}` is now `{}`): code naming `{}` no longer compiles", unraw(name), unraw(&new_name), def.origin, arrival.origin, unraw(name));
                        self.push(
                            Severity::Breaking,
                            "schema-renamed",
                            pointer(arrival),
                            message,
                        );
                        self.type_def(&new_name, def, arrival);
                    }
                    None => self.push_removed(
                        "schema-removed",
                        pointer(def),
                        format!(
                            "type `{}` removed (schema `{}`): code naming it no longer compiles",
                            unraw(name),
                            def.origin
                        ),
                    ),
                },
                Some(new) => self.type_def(name, def, new),
            }
        }
        for (name, def) in &self.new.types {
            if !self.old.types.contains_key(name) && !renamed_to.contains(name) {
                self.push(
                    Severity::Compatible,
                    "schema-added",
                    schema_pointer(&def.origin),
                    format!("type `{}` added (schema `{}`)", unraw(name), def.origin),
                );
            }
        }
    }

    fn type_def(&mut self, name: &str, old: &TypeDef, new: &TypeDef) {
        let at = schema_pointer(&new.origin);
        let direction = self.directions.get(name).copied().unwrap_or_default();
        let ty = unraw(name);
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                let before: BTreeMap<&str, _> =
                    a.fields.iter().map(|f| (f.wire.as_str(), f)).collect();
                for field in &b.fields {
                    let pointer = format!("{at}/properties/{}", escape(&field.wire));
                    let path = format!("{ty}::{}", unraw(&field.name));
                    match before.get(field.wire.as_str()) {
                        None if !field.optional => {
                            let consequence = if direction.request { "calls to `{ty}::new` without it no longer compile" } else { "calls to `{ty}::new` without it no longer compile, and responses without it no longer deserialise" };
                            let consequence = consequence.replace("{ty}", ty);
                            self.push(Severity::Breaking, "property-added", pointer, format!("`{path}` is new and required: `{ty}::new` takes it as a new argument; {consequence}"));
                        }
                        None => self.push(Severity::Compatible, "property-added", pointer, format!("`{path}` is new and optional (`Option<{}>`, set with `.{}(…)`); `{ty}` is `#[non_exhaustive]` and built with `new` and setters, so existing code is unaffected", rust_type(&field.ty), unraw(&field.setter))),
                        Some(old_field) => {
                            if old_field.name != field.name {
                                self.push(Severity::Breaking, "property-renamed", pointer.clone(), format!("`{ty}::{}` is now `{path}` (another property took its Rust name): code that reads or sets it no longer compiles", unraw(&old_field.name)));
                            } else if old_field.setter != field.setter {
                                self.push(Severity::Breaking, "property-renamed", pointer.clone(), format!("the setter of `{path}` is now `{}` instead of `{}`: code that calls it no longer compiles", unraw(&field.setter), unraw(&old_field.setter)));
                            }
                            if old_field.optional && !field.optional {
                                self.push(Severity::Breaking, "property-became-required", pointer.clone(), format!("`{path}` became required: it is `{}` instead of `Option<{}>`, and `{ty}::new` takes it as an argument; calls to `new` without it, and code reading it as an `Option`, no longer compile", rust_type(&field.ty), rust_type(&old_field.ty)));
                            } else if !old_field.optional && field.optional {
                                let message = format!("`{path}` became optional: it is `Option<{}>` instead of `{}`, and `{ty}::new` no longer takes it; code reading it, and calls to `new` that pass it, no longer compile", rust_type(&field.ty), rust_type(&old_field.ty));
                                self.push(Severity::Breaking, "property-became-optional", pointer.clone(), message);
                            }
                            if old_field.ty != field.ty && !self.renamed(&old_field.ty, &field.ty) {
                                self.push(Severity::Breaking, "property-type-changed", pointer, format!("`{path}` changed from `{}` to `{}`: code reading it, and calls passing the old type to its setter or to `{ty}::new`, no longer compile", rust_type(&old_field.ty), rust_type(&field.ty)));
                            }
                        }
                    }
                }
                let after: BTreeSet<&str> = b.fields.iter().map(|f| f.wire.as_str()).collect();
                for field in &a.fields {
                    if !after.contains(field.wire.as_str()) {
                        let rule = if direction.response && !direction.request {
                            "response-property-removed"
                        } else {
                            "property-removed"
                        };
                        let message = format!(
                            "`{ty}::{}` removed: code that reads or sets it no longer compiles",
                            unraw(&field.name)
                        );
                        let pointer = format!(
                            "{}/properties/{}",
                            schema_pointer(&old.origin),
                            escape(&field.wire)
                        );
                        self.push_removed(rule, pointer, message);
                    }
                }
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                let before: BTreeSet<&str> = a.iter().map(|v| v.wire.as_str()).collect();
                let after: BTreeSet<&str> = b.iter().map(|v| v.wire.as_str()).collect();
                for variant in b.iter().filter(|v| !before.contains(v.wire.as_str())) {
                    let consequence = match (direction.request, direction.response) {
                        (true, true) => "callers may now send it, and responses carrying it deserialise as this variant rather than `Unknown`; matches need no change (the enum is non-exhaustive)",
                        (false, true) => "responses carrying it deserialise as this variant rather than `Unknown`; matches need no change (the enum is non-exhaustive)",
                        _ => "callers may now send it; matches need no change (the enum is non-exhaustive)",
                    };
                    self.push(
                        Severity::Compatible,
                        "enum-value-added",
                        format!("{at}/enum"),
                        format!(
                            "`{ty}::{}` (`{:?}`) added: {consequence}",
                            variant.name, variant.wire
                        ),
                    );
                }
                for variant in a.iter().filter(|v| !after.contains(v.wire.as_str())) {
                    let consequence = if direction.request && !direction.response {
                        "code that sends it no longer compiles"
                    } else {
                        "code naming it no longer compiles, and responses carrying it now deserialise as `Unknown`"
                    };
                    self.push(
                        Severity::Breaking,
                        "enum-value-removed",
                        format!("{at}/enum"),
                        format!(
                            "`{ty}::{}` (`{:?}`) removed: {consequence}",
                            variant.name, variant.wire
                        ),
                    );
                }
            }
            (a, b) if !same_shape(a, b, &self.renames) => {
                let (before, after) = (describe_kind(a), describe_kind(b));
                self.push(
                    Severity::Breaking,
                    "schema-type-changed",
                    at,
                    format!("type `{ty}` changed from {before} to {after}"),
                );
            }
            _ => {}
        }
    }
}

fn describe_kind(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Struct(_) => "a struct".into(),
        TypeKind::Enum(_) => "an enum".into(),
        TypeKind::Union(v) => format!(
            "a union of {}",
            v.iter()
                .map(|v| format!("`{}`", rust_type(&v.ty)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TypeKind::Alias(t) => format!("`{}`", rust_type(t)),
    }
}

/// Same Rust shape, ignoring docs and where it was defined, and counting a reference to a type
/// renamed OLD → NEW (per `renames`) as the same reference.
fn same_shape(a: &TypeKind, b: &TypeKind, renames: &BTreeMap<String, String>) -> bool {
    let same = |x: &TypeRef, y: &TypeRef| same_type(x, y, renames);
    match (a, b) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            a.fields.len() == b.fields.len()
                && a.fields.iter().zip(&b.fields).all(|(x, y)| {
                    x.wire == y.wire && x.optional == y.optional && same(&x.ty, &y.ty)
                })
                && match (&a.additional, &b.additional) {
                    (Some((_, x)), Some((_, y))) => same(x, y),
                    (None, None) => true,
                    _ => false,
                }
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            a.iter().map(|v| &v.wire).eq(b.iter().map(|v| &v.wire))
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(&x.ty, &y.ty))
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => same(a, b),
        _ => false,
    }
}

/// Equal type references, allowing for renamed types.
fn same_type(a: &TypeRef, b: &TypeRef, renames: &BTreeMap<String, String>) -> bool {
    match (a, b) {
        (TypeRef::Named(a), TypeRef::Named(b)) => a == b || renames.get(a) == Some(b),
        (TypeRef::Array(a), TypeRef::Array(b))
        | (TypeRef::Nullable(a), TypeRef::Nullable(b))
        | (TypeRef::Map(a), TypeRef::Map(b)) => same_type(a, b, renames),
        _ => a == b,
    }
}
