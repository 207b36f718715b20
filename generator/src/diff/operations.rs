//! The rules about methods: operations added, removed, moved or renamed, their parameters,
//! bodies and results.

use super::{Differ, Rule, Severity};
use crate::emit::signature::{argument_type, output, rust_type, setter_signature, signature};
use crate::model::ir::{
    all_methods, Body, Method, Operation, Param, ParamLocation, Part, Resource, Response, Stream,
    TypeRef,
};
use crate::pointer::Pointer;
use std::collections::{BTreeMap, BTreeSet};

/// A method as called: `things().get()`.
pub(super) fn method_path(resource: &str, method: &Method) -> String {
    format!("{resource}.{}()", method.name.as_str())
}

/// The `…_all` stream of a paged operation, as called: `things().list_all()`.
fn stream_path(resource: &str, stream: &Stream) -> String {
    format!("{resource}.{}()", stream.name.as_str())
}

/// `" (and its stream `….list_all()`)"` for a paged operation, so a report names both methods.
fn with_stream(resource: &str, method: &Method) -> String {
    method.stream.as_ref().map_or_else(String::new, |stream| {
        format!(" (and its stream `{}`)", stream_path(resource, stream))
    })
}

/// How a method takes a query or header parameter, in a report's words: as an argument when it
/// is required (``argument `page: i64` ``), else as a setter (``setter `.page(i64)` ``).
fn spelled(param: &Param) -> String {
    if param.required {
        format!(
            "argument `{}: {}`",
            param.name.as_str(),
            argument_type(&param.ty, param.passing)
        )
    } else {
        format!("setter `{}`", setter_signature(param))
    }
}

/// Every method of a resource tree by its operationId, with its resource's path.
fn by_id(resources: &[Resource]) -> BTreeMap<&str, (String, &Method)> {
    all_methods(resources)
        .into_iter()
        .map(|(resource, m)| (m.operation.operation_id.as_str(), (resource, m)))
        .collect()
}

impl Differ<'_> {
    pub(super) fn operations(&mut self) {
        let (old, new) = (by_id(&self.old.resources), by_id(&self.new.resources));
        let endpoint = |m: &Method| (m.operation.http_method, m.operation.path.shape());
        let new_by_endpoint: BTreeMap<_, &str> = new
            .values()
            .map(|(_, m)| (endpoint(m), m.operation.operation_id.as_str()))
            .collect();
        let old_by_endpoint: BTreeMap<_, &str> = old
            .values()
            .map(|(_, m)| (endpoint(m), m.operation.operation_id.as_str()))
            .collect();

        for (id, (resource, m)) in &old {
            if new.contains_key(id) {
                continue;
            }
            match new_by_endpoint
                .get(&endpoint(m))
                .filter(|new_id| !old.contains_key(**new_id))
            {
                // Same endpoint, new operationId: the method may have been renamed.
                Some(new_id) => {
                    let (new_resource, new_m) = &new[new_id];
                    self.operation_id_changed((resource, m), (new_resource, new_m));
                }
                None => {
                    let (method, op) = (method_path(resource, m), &m.operation);
                    let message = format!(
                        "method `{method}`{} removed (operation `{id}`, `{} {}`): code that \
                         calls it no longer compiles",
                        with_stream(resource, m),
                        op.http_method.as_str(),
                        op.path
                    );
                    self.owned_by(Some(method), |differ| {
                        differ.push_removed(Rule::OperationRemoved, op.pointer.clone(), message);
                    });
                }
            }
        }
        for (id, (resource, m)) in &new {
            match old.get(id) {
                Some((old_resource, old_m)) => self.operation(old_resource, old_m, resource, m),
                None if old_by_endpoint
                    .get(&endpoint(m))
                    .is_some_and(|old_id| !new.contains_key(*old_id)) => {}
                None => {
                    let (method, op) = (method_path(resource, m), &m.operation);
                    let message = format!(
                        "method `{method}`{} added: `{}` (`{} {}`)",
                        with_stream(resource, m),
                        signature(m),
                        op.http_method.as_str(),
                        op.path
                    );
                    self.owned_by(Some(method), |differ| {
                        differ.push(
                            Severity::Compatible,
                            Rule::OperationAdded,
                            op.pointer.clone(),
                            message,
                        );
                    });
                }
            }
        }
    }

    /// Changes within one operation present in both specs, each belonging to its method.
    fn operation(&mut self, old_resource: &str, old: &Method, resource: &str, new: &Method) {
        let method = method_path(resource, new);
        self.owned_by(Some(method), |differ| {
            differ.operation_changes(old_resource, old, resource, new);
        });
    }

    fn operation_changes(
        &mut self,
        old_resource: &str,
        old_method: &Method,
        resource: &str,
        new_method: &Method,
    ) {
        let (old, op) = (&old_method.operation, &new_method.operation);
        let at = op.pointer.clone();
        let method = method_path(resource, new_method);
        let (before, after) = (method_path(old_resource, old_method), method.clone());
        if before != after && old.operation_id == op.operation_id {
            self.push(
                Severity::Breaking,
                Rule::OperationMoved,
                at.clone(),
                format!(
                    "method `{before}` moved to `{after}` (its tag changed): \
                     calls to `{before}` no longer compile"
                ),
            );
        }
        if (old.http_method, old.path.shape()) != (op.http_method, op.path.shape()) {
            let message = format!(
                "`{method}` now sends `{} {}` instead of `{} {}`: calling \
                 code compiles unchanged but reaches another endpoint",
                op.http_method.as_str(),
                op.path,
                old.http_method.as_str(),
                old.path
            );
            self.push(
                Severity::PotentiallyBreaking,
                Rule::OperationMoved,
                at.clone(),
                message,
            );
        }
        self.paging(old_resource, old_method, resource, new_method);
        self.path_params(&method, &old.path_params, &op.path_params);
        self.query_params(&method, old, op);
        self.body(&method, old, new_method);
        self.response(&method, old, op);
        self.statuses(&method, old, op);
        self.deprecation(
            &format!("`{method}`"),
            "the method is `#[deprecated]`, so code calling it warns",
            (old.deprecated, op.deprecated),
            &at,
        );
        if old.idempotent != op.idempotent {
            let now = if op.idempotent {
                "is now retried after the server may have acted on it (it is declared idempotent)"
            } else {
                "is no longer retried once the server may have acted on it"
            };
            self.push(
                Severity::PotentiallyBreaking,
                Rule::RetryChanged,
                at.clone(),
                format!("`{method}` {now}"),
            );
        }
        self.security(&method, old, op);
    }

    /// The credentials a method accepts.
    fn security(&mut self, method: &str, old: &Operation, op: &Operation) {
        // Alternatives are a set: one listed twice, or in another order, accepts the same.
        let accepted = |s: &[Vec<String>]| -> BTreeSet<BTreeSet<String>> {
            s.iter()
                .map(|alternative| alternative.iter().cloned().collect())
                .collect()
        };
        if accepted(&old.security.alternatives) != accepted(&op.security.alternatives) {
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
                shown(&op.security.alternatives),
                shown(&old.security.alternatives)
            );
            self.push(
                Severity::PotentiallyBreaking,
                Rule::SecurityChanged,
                op.security.pointer.clone(),
                message,
            );
        }
    }

    /// The `…_all` stream of a paged operation: gone when it stops being paged, new when it
    /// starts, renamed with the operation.
    fn paging(&mut self, old_resource: &str, old: &Method, resource: &str, new: &Method) {
        let at = new.operation.pointer.clone();
        let list = method_path(resource, new);
        match (&old.stream, &new.stream) {
            (Some(before), None) => {
                let message = format!(
                    "method `{}` removed: `{list}` is no longer paged (its body or result lost \
                     `page`, `per_page` or the list), so code that streams it no longer compiles",
                    stream_path(old_resource, before)
                );
                self.push(Severity::Breaking, Rule::OperationRemoved, at, message);
            }
            (None, Some(after)) => {
                let message = format!(
                    "method `{}` added: `{list}` is now paged, and this streams every item of \
                     every page",
                    stream_path(resource, after)
                );
                self.push(Severity::Compatible, Rule::OperationAdded, at, message);
            }
            (Some(before), Some(after)) => {
                let (before, after) = (
                    stream_path(old_resource, before),
                    stream_path(resource, after),
                );
                if before != after {
                    let message = format!(
                        "method `{before}` is now `{after}`: code that streams it no longer \
                         compiles"
                    );
                    self.push(Severity::Breaking, Rule::OperationMoved, at, message);
                }
            }
            (None, None) => {}
        }
    }

    fn path_params(&mut self, method: &str, old: &[Param], new: &[Param]) {
        for (i, param) in new.iter().enumerate() {
            let pointer = param.pointer.clone();
            match old.get(i) {
                None => self.push(
                    Severity::Breaking,
                    Rule::ParameterAdded,
                    pointer,
                    format!(
                        "`{method}` takes a new argument `{}: {}`: existing calls no \
                         longer compile",
                        param.name.as_str(),
                        argument_type(&param.ty, param.passing)
                    ),
                ),
                Some(before) => {
                    self.param_wire(method, before, param, &pointer);
                    if before.wire != param.wire {
                        let message = format!(
                            "path parameter `{}` renamed `{}`: an argument is positional, \
                             so calls to `{method}` are unaffected",
                            before.wire, param.wire
                        );
                        self.push(
                            Severity::Compatible,
                            Rule::ParameterRenamed,
                            pointer.clone(),
                            message,
                        );
                    }
                    if before.ty != param.ty {
                        let message = format!(
                            "argument `{}` of `{method}` changed from `{}` to `{}`: calls \
                             passing the old type no longer compile",
                            param.name.as_str(),
                            argument_type(&before.ty, before.passing),
                            argument_type(&param.ty, param.passing)
                        );
                        self.push(
                            Severity::Breaking,
                            Rule::ParameterTypeChanged,
                            pointer,
                            message,
                        );
                    }
                }
            }
        }
        for removed in old.iter().skip(new.len()) {
            self.push_removed(
                Rule::ParameterRemoved,
                removed.pointer.clone(),
                format!(
                    "`{method}` no longer takes argument `{}`: existing calls no longer compile",
                    removed.name.as_str()
                ),
            );
        }
    }

    /// The same endpoint under a new operationId: the same operation, its method perhaps
    /// renamed.
    fn operation_id_changed(&mut self, old: (&str, &Method), new: (&str, &Method)) {
        let ((resource, old), (new_resource, new)) = (old, new);
        let (id, new_id) = (&old.operation.operation_id, &new.operation.operation_id);
        let (before, after) = (method_path(resource, old), method_path(new_resource, new));
        let pointer = new.operation.operation_id_pointer();
        if before == after {
            self.push(
                Severity::Compatible,
                Rule::OperationIdChanged,
                pointer,
                format!("operationId `{id}` became `{new_id}`; the method is still `{after}`"),
            );
        } else {
            self.push(
                Severity::Breaking,
                Rule::OperationIdChanged,
                pointer,
                format!(
                    "operationId `{id}` became `{new_id}`: method `{before}` is renamed \
                     `{after}`; calls to `{before}` no longer compile"
                ),
            );
        }
        self.operation(resource, old, new_resource, new);
    }

    /// Query and header parameters: required ones are arguments after the path parameters,
    /// optional ones setters on the method's calls.
    fn query_params(&mut self, method: &str, old: &Operation, op: &Operation) {
        let params = |op: &Operation| -> BTreeMap<(String, ParamLocation), Param> {
            op.params
                .iter()
                .map(|p| ((p.wire.clone(), p.location), p.clone()))
                .collect()
        };
        let (before, after) = (params(old), params(op));
        // The same parameter in the other place (query ↔ header) keeps its argument or setter.
        let moved = |key: &(String, ParamLocation), from: &BTreeMap<_, Param>| {
            let other = match key.1 {
                ParamLocation::Header => ParamLocation::Query,
                _ => ParamLocation::Header,
            };
            from.get(&(key.0.clone(), other)).cloned()
        };
        for (key, param) in &after {
            let old_param = before.get(key).cloned();
            let pointer = param.pointer.clone();
            let moved_from = old_param.is_none().then(|| moved(key, &before)).flatten();
            if let Some(from) = &moved_from {
                let message = format!(
                    "parameter `{}` of `{method}` is now sent as a {} parameter instead of a {} \
                     one: calls compile the same and send it in its new place",
                    param.wire,
                    param.location.as_str(),
                    from.location.as_str()
                );
                self.push(
                    Severity::PotentiallyBreaking,
                    Rule::ParameterMoved,
                    pointer.clone(),
                    message,
                );
            }
            match old_param.or(moved_from) {
                None if param.required => self.push(
                    Severity::Breaking,
                    Rule::ParameterAdded,
                    pointer.clone(),
                    format!(
                        "`{method}` has a new required parameter `{}`: it takes a new {}, so \
                         existing calls no longer compile",
                        param.wire,
                        spelled(param)
                    ),
                ),
                None => self.push(
                    Severity::Compatible,
                    Rule::ParameterAdded,
                    pointer.clone(),
                    format!(
                        "`{method}` has a new optional parameter `{}`: its calls have a new {}; \
                         existing calls are unaffected",
                        param.wire,
                        spelled(param)
                    ),
                ),
                Some(old_param) => self.query_param_changed(method, &old_param, param, &pointer),
            }
        }
        for (key, param) in &before {
            if !after.contains_key(key) && moved(key, &after).is_none() {
                self.push_removed(
                    Rule::ParameterRemoved,
                    param.pointer.clone(),
                    format!(
                        "`{method}` no longer has parameter `{}`: code using its {} no longer \
                         compiles",
                        param.wire,
                        spelled(param)
                    ),
                );
            }
        }
    }

    /// A query or header parameter both sides have.
    fn query_param_changed(&mut self, method: &str, old: &Param, new: &Param, pointer: &Pointer) {
        self.param_wire(method, old, new, pointer);
        // A setter renamed (to keep clear of another name) is one gone; an argument renamed is
        // still in its place.
        let rule = match (old.required, new.required) {
            (false, true) => Some(Rule::ParameterBecameRequired),
            (true, false) => Some(Rule::ParameterBecameOptional),
            (false, false) if old.name != new.name => Some(Rule::ParameterRemoved),
            _ => None,
        };
        if let Some(rule) = rule {
            let message = format!(
                "parameter `{}` of `{method}` is now the {} instead of the {}: code using the old \
                 one no longer compiles",
                new.wire,
                spelled(new),
                spelled(old)
            );
            self.push(Severity::Breaking, rule, pointer.clone(), message);
        }
        if old.ty != new.ty {
            let message = format!(
                "parameter `{}` of `{method}` changed from `{}` to `{}`: code passing the old \
                 type no longer compiles",
                new.wire,
                argument_type(&old.ty, old.passing),
                argument_type(&new.ty, new.passing)
            );
            self.push(
                Severity::Breaking,
                Rule::ParameterTypeChanged,
                pointer.clone(),
                message,
            );
        }
    }

    /// What running code feels of a parameter present in both: its checks, its default, its
    /// deprecation.
    fn param_wire(&mut self, method: &str, old: &Param, new: &Param, pointer: &Pointer) {
        let what = format!("parameter `{}` of `{method}`", new.wire);
        let validation = (old.validation.as_ref(), new.validation.as_ref());
        self.value_checks(&what, true, validation, pointer);
        let consequence = if new.required {
            "its method's docs say so"
        } else {
            "its setter is `#[deprecated]`, so code calling it warns"
        };
        self.deprecation(
            &what,
            consequence,
            (old.deprecated, new.deprecated),
            pointer,
        );
    }

    fn body(&mut self, method: &str, old: &Operation, new: &Method) {
        let op = &new.operation;
        // A body gone from NEW is pointed at in OLD.
        let (pointer, in_old) = match (op.body_pointer(), old.body_pointer()) {
            (Some(pointer), _) => (pointer, false),
            (None, Some(pointer)) => (pointer, true),
            (None, None) => return,
        };
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
                self.json_body(method, pointer, (a, *ra), (b, *rb));
            }
            (Some(Body::Multipart { parts: a, .. }), Some(Body::Multipart { parts: b, .. })) => {
                let fields = |parts: &[Part]| -> Vec<_> {
                    (parts.iter())
                        .map(|p| (p.wire.clone(), p.file, p.required, p.ty.clone()))
                        .collect()
                };
                if fields(a) != fields(b) {
                    let message = format!(
                        "the multipart fields of `{method}` changed: its arguments are now `{}`",
                        signature(new)
                    );
                    self.push(Severity::Breaking, Rule::BodyTypeChanged, pointer, message);
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
            ) => self.binary_body(method, pointer, (a, *ra), (b, *rb)),
            (a, b) if kind(a) != kind(b) => {
                let message = format!(
                    "`{method}` now sends {} instead of {}: its arguments are now `{}`",
                    kind(b),
                    kind(a),
                    signature(new)
                );
                let rule = Rule::ContentTypeChanged;
                if in_old {
                    self.push_in_old(Severity::Breaking, rule, pointer, message);
                } else {
                    self.push(Severity::Breaking, rule, pointer, message);
                }
            }
            _ => {}
        }
    }

    /// A JSON body on both sides: its type, whether it is required.
    fn json_body(
        &mut self,
        method: &str,
        pointer: Pointer,
        (a, a_required): (&TypeRef, bool),
        (b, b_required): (&TypeRef, bool),
    ) {
        if a != b && !self.renamed(a, b) {
            let message = format!(
                "`{method}` takes a `{}` body instead of `{}`",
                rust_type(b),
                rust_type(a)
            );
            self.push(
                Severity::Breaking,
                Rule::BodyTypeChanged,
                pointer.clone(),
                message,
            );
        }
        if a_required != b_required {
            self.body_requiredness(method, pointer, b_required);
        }
    }

    /// A file as the body on both sides: whether it is required, its media type.
    fn binary_body(
        &mut self,
        method: &str,
        pointer: Pointer,
        (a, a_required): (&str, bool),
        (b, b_required): (&str, bool),
    ) {
        if a_required != b_required {
            self.body_requiredness(method, pointer.clone(), b_required);
        }
        if a != b {
            // Same argument, but the file must now be another kind of file.
            let message = format!(
                "`{method}` sends its file as `{b}` instead of `{a}`: callers must send that \
                 kind of content"
            );
            self.push(
                Severity::PotentiallyBreaking,
                Rule::ContentTypeChanged,
                pointer,
                message,
            );
        }
    }

    fn body_requiredness(&mut self, method: &str, pointer: Pointer, now_required: bool) {
        let what = if now_required {
            "became required: the argument is no longer an `Option`"
        } else {
            "became optional: the argument is now an `Option`"
        };
        self.push(
            Severity::Breaking,
            Rule::BodyRequirednessChanged,
            pointer,
            format!("the body of `{method}` {what}"),
        );
    }

    fn response(&mut self, method: &str, old: &Operation, op: &Operation) {
        let pointer = op.responses_pointer();
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
                Rule::ResultShapeChanged,
                pointer,
                format!(
                    "the response of `{method}` {what}: it returns `{after}` instead of `{before}`"
                ),
            );
            return;
        }
        let bytes = |r: &Response| matches!(r, Response::Bytes { .. });
        let (a, b) = (old.returned(), op.returned());
        let same = a == b || matches!((a, b), (Some(a), Some(b)) if self.renamed(a, b));
        if same && bytes(&old.response) == bytes(&op.response) {
            return;
        }
        let is_array = |t: &Option<&TypeRef>| matches!(t, Some(TypeRef::Array(_)));
        let message = if is_array(&a) != is_array(&b) && a.is_some() && b.is_some() {
            let shape = |t: &Option<&TypeRef>| {
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
        self.push(
            Severity::Breaking,
            Rule::ResultShapeChanged,
            pointer,
            message,
        );
    }
}
