//! Paths and operations → resources of methods.
//!
//! Each operation becomes one method on the resource its first tag names (tags with `x-parent`
//! nest), with path parameters as arguments, query and header parameters in one options struct,
//! a JSON or multipart body, and a return type taken from its first success response, unwrapping
//! the Cloudflare envelope (`{success, errors, messages, result}`) where there is one.

use super::ir::{
    Argument, ArgumentType, Body, Docs, HttpMethod, Ident, Operation, Paging, Param, ParamLocation,
    Part, Passing, Presence, Resource, Response, Security, TypeKind, TypeRef,
};
use super::path;
use super::refs::{self, Broken, Link};
use super::resources::Pending;
use super::Ctx;
use crate::naming::{self, Namer};
use crate::pointer::{self, Pointer};
use indexmap::IndexMap;
use openapiv3::{
    Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema, SchemaKind, StatusCode,
    StringFormat, Type,
};
use std::collections::{BTreeMap, BTreeSet};

/// Where an operation is, and the id it goes by.
struct OperationAt<'p> {
    /// Its operationId, or one made from its method and path.
    id: String,
    /// The spec gives it no operationId.
    from_path: bool,
    path: &'p str,
    method: &'p str,
    pointer: &'p Pointer,
    /// The pointer of its path item.
    path_pointer: &'p Pointer,
}

/// An id for an operation the spec gives none: its method and path, a placeholder read as
/// `by-name` (`GET /v2/apps/{app_id}/alerts` → `get-v2-apps-by-app_id-alerts`), numbered when
/// another operation already has it. It depends on nothing but the operation itself and the
/// ids given in the spec, unless two operations make the same one.
fn id_from_path(method: &str, path: &str, taken: &mut BTreeSet<String>) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by-{param}")),
            None => words.push(segment.to_owned()),
        }
    }
    let base = words.join("-");
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Media types read as JSON.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn http_method(name: &str) -> HttpMethod {
    match name {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "patch" => HttpMethod::Patch,
        "head" => HttpMethod::Head,
        "options" => HttpMethod::Options,
        _ => HttpMethod::Trace,
    }
}

/// The method's arguments: path parameters in path order, the required query and header
/// parameters, then the body (one argument, or one per multipart part).
fn arguments(path_params: &[Param], params: &[Param], body: &Option<Body>) -> Vec<Argument> {
    let argument = |name: &Ident, ty, optional| Argument {
        name: name.clone(),
        ty,
        optional,
    };
    let value = |ty: &TypeRef| ArgumentType::Value {
        ty: ty.clone(),
        passing: Passing::of(ty),
    };
    // `name_params` keeps the parameters' names clear of it.
    let body_name = || Ident::new("body".to_owned());
    let required = params.iter().filter(|p| p.required);
    let mut args: Vec<Argument> = (path_params.iter().chain(required))
        .map(|p| {
            let ty = ArgumentType::Value {
                ty: p.ty.clone(),
                passing: p.passing,
            };
            argument(&p.name, ty, false)
        })
        .collect();
    match body {
        Some(Body::Json { ty, required }) => {
            args.push(argument(&body_name(), value(ty), !required))
        }
        Some(Body::Multipart { parts, .. }) => {
            args.extend(parts.iter().map(|part| {
                let ty = if part.file {
                    ArgumentType::Upload
                } else {
                    value(&part.ty)
                };
                argument(&part.name, ty, !part.required)
            }));
        }
        Some(Body::Binary { required, .. }) => {
            args.push(argument(&body_name(), ArgumentType::Upload, !required));
        }
        None => {}
    }
    args
}

/// A parameter the operation declares, with where and how it is sent.
struct Declared<'a> {
    param: &'a Parameter,
    pointer: Pointer,
    location: ParamLocation,
}

impl Declared<'_> {
    fn wire(&self) -> &str {
        &self.param.parameter_data_ref().name
    }

    /// Path parameters are always required.
    fn required(&self) -> bool {
        self.param.parameter_data_ref().required || self.location == ParamLocation::Path
    }
}

/// Each declared parameter's Rust name (by its index in `declared`), given in the order of the
/// method's arguments: path parameters in `path_order`, then required query and header
/// parameters; then the optional ones, each a setter on the operation's calls (clear of a
/// call's own methods). Also returns the arguments' names, which the body's must keep clear of.
fn name_params(declared: &[Declared<'_>], path_order: &[usize]) -> (Vec<Ident>, Namer) {
    let mut others: Vec<usize> = (0..declared.len())
        .filter(|&i| declared[i].location != ParamLocation::Path)
        .collect();
    others.sort_by_key(|&i| (declared[i].location, declared[i].wire()));
    // A path parameter the path does not place leaves the operation out; it is named last.
    let unplaced = (0..declared.len())
        .filter(|i| declared[*i].location == ParamLocation::Path && !path_order.contains(i));
    let (required, optional): (Vec<usize>, Vec<usize>) =
        others.into_iter().partition(|&i| declared[i].required());
    let mut arguments = Namer::with_reserved(&["body", "self"]);
    let mut setters = Namer::with_reserved(crate::contract::CALL_METHODS);
    let mut named: Vec<(usize, Ident)> = Vec::with_capacity(declared.len());
    for i in path_order.iter().copied().chain(required).chain(unplaced) {
        named.push((i, arguments.claim_ident(&naming::snake(declared[i].wire()))));
    }
    for i in optional {
        named.push((i, setters.claim_ident(&naming::snake(declared[i].wire()))));
    }
    named.sort_by_key(|(i, _)| *i);
    (named.into_iter().map(|(_, name)| name).collect(), arguments)
}

impl<'a> Ctx<'a> {
    /// Converts every operation and arranges them into the resource tree.
    pub(crate) fn convert_operations(&mut self) -> Vec<Resource> {
        let api = self.api;
        let mut pending = Vec::new();
        let mut seen_ids: BTreeMap<String, Pointer> = BTreeMap::new();
        // Ids made for operations without one never take an id the spec gives.
        let mut taken_ids: BTreeSet<String> = api
            .paths
            .iter()
            .filter_map(|(_, item)| item.as_item())
            .flat_map(|item| item.iter())
            .filter_map(|(_, op)| op.operation_id.clone())
            .collect();
        for (path, item) in &api.paths.paths {
            let path_pointer = Pointer::root().child("paths").child(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.context = None;
                    self.problem(
                        "unsupported construct",
                        &path_pointer,
                        "a $ref path item to another document is not supported".to_owned(),
                    );
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let pointer = path_pointer.child(method);
                let (id, from_path) = match &op.operation_id {
                    Some(id) => (id.clone(), false),
                    None => (id_from_path(method, path, &mut taken_ids), true),
                };
                self.context = Some(format!("operationId {id}"));
                if let Some(first) = seen_ids.get(&id) {
                    let message = format!("duplicate operationId {id:?}: already used at {first}");
                    self.problem(
                        "duplicate operationId",
                        &pointer.child("operationId"),
                        message,
                    );
                    continue;
                }
                seen_ids.insert(id.clone(), pointer.clone());
                let at = OperationAt {
                    id,
                    from_path,
                    path,
                    method,
                    pointer: &pointer,
                    path_pointer: &path_pointer,
                };
                if let Some(p) = self.convert_operation(&at, op, &item.parameters) {
                    pending.push(p);
                }
            }
        }
        self.context = None;
        self.arrange(pending)
    }

    fn convert_operation(
        &mut self,
        at: &OperationAt<'_>,
        op: &'a openapiv3::Operation,
        shared: &'a [ReferenceOr<Parameter>],
    ) -> Option<Pending> {
        let (id, pointer) = (at.id.as_str(), at.pointer);
        let op_camel = naming::camel(id);
        let problems_before = self.problem_count();

        let declared = self.declared_params(at, op, shared);
        let path_declared: Vec<(usize, &str)> = (declared.iter().enumerate())
            .filter(|(_, d)| d.location == ParamLocation::Path)
            .map(|(i, d)| (i, d.wire()))
            .collect();
        let reading = path::read(at.path, &path_declared);
        let (param_names, mut names) = name_params(&declared, &reading.order);
        let mut converted: Vec<Option<Param>> = (declared.iter().zip(param_names))
            .map(|(declared, name)| self.convert_param(declared, &op_camel, name))
            .collect();
        for message in reading.problems {
            self.problem("bad path", pointer, message);
        }
        let path = reading.template;
        let path_params: Vec<Param> = (reading.order.iter())
            .filter_map(|&i| converted[i].take())
            .collect();
        let mut query_params: Vec<Param> = (converted.into_iter().flatten())
            .filter(|p| p.location != ParamLocation::Path)
            .collect();
        query_params.sort_by(|a, b| (a.location, &a.wire).cmp(&(b.location, &b.wire)));

        let body = match &op.request_body {
            Some(body) => {
                let at = pointer.child("requestBody");
                self.convert_body(body, &op_camel, &at, &mut names)
            }
            None => None,
        };
        let response = self.convert_response(&op.responses, &op_camel, &pointer.child("responses"));

        if self.left_out(problems_before, pointer) {
            return None;
        }

        let http_method = http_method(at.method);
        let idempotent = match op.extensions.get("x-idempotent") {
            Some(serde_json::Value::Bool(b)) => *b,
            _ => http_method.is_idempotent(),
        };
        let (tag, tag_pointer) = match op.tags.first() {
            Some(tag) => (tag.clone(), pointer.child("tags").index(0)),
            None => ("default".to_owned(), pointer.clone()),
        };
        let arguments = arguments(&path_params, &query_params, &body);
        let operation = Operation {
            operation_id: id.to_owned(),
            id_from_path: at.from_path,
            pointer: pointer.clone(),
            http_method,
            path,
            path_params,
            params: query_params,
            call_marker: self.call_names.claim(&op_camel),
            arguments,
            body,
            response,
            statuses: (op.responses.responses.keys().map(ToString::to_string))
                .chain(op.responses.default.iter().map(|_| "default".to_owned()))
                .collect(),
            docs: Docs {
                summary: op.summary.clone(),
                description: op.description.clone(),
            },
            idempotent,
            deprecated: op.deprecated,
            security: self.security(op, pointer),
        };
        Some(Pending {
            wanted_name: naming::method_name(id, &tag),
            paging: self.paging(&operation.body, &operation.response, &operation.arguments),
            tag,
            tag_pointer,
            operation,
        })
    }

    /// In lenient mode an operation with any problem of its own (more than `problems_before`)
    /// is left out whole, and listed: a parameter that could not be read, a path placeholder
    /// left unbound or a body or type that could not be followed would otherwise make a method
    /// that sends another request than the spec describes, or reads another response.
    fn left_out(&mut self, problems_before: usize, pointer: &Pointer) -> bool {
        let left_out = self.lenient && self.problem_count() > problems_before;
        if left_out {
            self.skipped.push(super::ir::Skip {
                kind: "operation".to_owned(),
                pointer: pointer.clone(),
                context: self.context.clone(),
                reason: "left out: it has a problem listed above".to_owned(),
            });
        }
        left_out
    }

    /// The operation's parameters and its path item's, each with where it is declared: the
    /// operation's override the path item's of the same name and place. A cookie parameter is
    /// a problem, and is not among them.
    fn declared_params(
        &mut self,
        at: &OperationAt<'_>,
        op: &'a openapiv3::Operation,
        shared: &'a [ReferenceOr<Parameter>],
    ) -> Vec<Declared<'a>> {
        let mut params = IndexMap::new();
        for (list, base) in [(shared, at.path_pointer), (&op.parameters[..], at.pointer)] {
            for (i, param) in list.iter().enumerate() {
                let at = base.child("parameters").index(i);
                if let Some((param, at)) = self.resolve_parameter(param, &at) {
                    let data = param.parameter_data_ref();
                    params.insert((data.name.clone(), location_name(param)), (param, at));
                }
            }
        }
        let mut declared = Vec::with_capacity(params.len());
        for (param, pointer) in params.into_values() {
            let location = match param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { parameter_data, .. } => {
                    let message = format!(
                        "cookie parameter {:?} is not supported",
                        parameter_data.name
                    );
                    self.problem("unsupported parameter", &pointer, message);
                    continue;
                }
            };
            declared.push(Declared {
                param,
                pointer,
                location,
            });
        }
        declared
    }

    /// One parameter named `name`, its type named after the operation (`op_camel`); `None`,
    /// with the problem recorded, for one that cannot be sent as the spec says.
    fn convert_param(
        &mut self,
        declared: &Declared<'a>,
        op_camel: &str,
        name: Ident,
    ) -> Option<Param> {
        let (at, location) = (&declared.pointer, declared.location);
        let data = declared.param.parameter_data_ref();
        let hint = format!("{op_camel}{}", naming::camel(&data.name));
        let mut validation = None;
        let (ty, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let at = at.child("schema");
                validation = self.validation(schema.into(), &at);
                (self.type_of(schema.into(), &hint, &at), false)
            }
            // A `content` parameter is its value serialised in the media type it names.
            ParameterSchemaOrContent::Content(content) => {
                let json = content.iter().find(|(m, _)| is_json(m));
                let Some((media_type, media)) = json.filter(|_| content.len() == 1) else {
                    let types: Vec<&str> = content.keys().map(String::as_str).collect();
                    let message = format!(
                        "parameter {:?} is sent as {types:?}; of `content` parameters, only \
                         those sent as one JSON media type are supported",
                        data.name
                    );
                    self.problem("unsupported parameter", at, message);
                    return None;
                };
                let at = at.child("content").child(media_type).child("schema");
                let ty = match &media.schema {
                    Some(schema) => self.type_of(schema.into(), &hint, &at),
                    None => TypeRef::Json,
                };
                (ty, true)
            }
        };
        let ty = self.unalias(ty);
        Some(Param {
            name,
            wire: data.name.clone(),
            pointer: at.clone(),
            location,
            passing: Passing::of(&ty),
            ty,
            required: declared.required(),
            json,
            docs: Docs {
                summary: None,
                description: data.description.clone(),
            },
            deprecated: data.deprecated.unwrap_or(false),
            validation,
        })
    }

    /// The credentials the operation (at `pointer`) accepts: its own requirements, or the
    /// document's.
    fn security(&self, op: &openapiv3::Operation, pointer: &Pointer) -> Security {
        let (requirements, pointer) = match (&op.security, &self.api.security) {
            (Some(own), _) => (Some(own), pointer.child("security")),
            (None, Some(document)) => (Some(document), Pointer::root().child("security")),
            (None, None) => (None, pointer.clone()),
        };
        let alternatives = requirements.map_or_else(Vec::new, |alternatives| {
            alternatives
                .iter()
                .map(|alternative| alternative.keys().cloned().collect())
                .collect()
        });
        Security {
            alternatives,
            pointer,
        }
    }

    /// Paging applies to a JSON body struct with integer `page` and `per_page` and an array
    /// result; the streaming method takes the list method's `arguments` but its body.
    fn paging(
        &self,
        body: &Option<Body>,
        response: &Response,
        arguments: &[Argument],
    ) -> Option<Paging> {
        let Some(Body::Json {
            ty: body @ TypeRef::Named(name),
            required: true,
        }) = body
        else {
            return None;
        };
        let (_body, leading) = arguments.split_last()?;
        let Response::Envelope(Some(TypeRef::Array(item))) = response else {
            return None;
        };
        let Some(TypeKind::Struct(s)) = self.types.get(name).map(|d| &d.kind) else {
            return None;
        };
        let count_field = |wire: &str| {
            let field = s.fields.iter().find(|f| {
                matches!(&f.presence, Presence::Required(key) if key == wire)
                    && matches!(f.ty, TypeRef::I64 | TypeRef::I32)
            })?;
            Some(field.name.clone())
        };
        Some(Paging {
            item: (**item).clone(),
            body: body.clone(),
            arguments: leading.to_vec(),
            page_field: count_field("page")?,
            per_page_field: count_field("per_page")?,
        })
    }

    fn problem_count(&self) -> usize {
        if self.lenient {
            self.skipped.len()
        } else {
            self.errors.len()
        }
    }

    /// A named alias of a simple type is passed as that type (`&str`, not `&types::Uuid`).
    fn unalias(&self, ty: TypeRef) -> TypeRef {
        let TypeRef::Named(name) = &ty else {
            return ty;
        };
        let found = refs::follow(name.clone(), |name| {
            match self.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(TypeRef::Named(next))) => Link::Next(next.clone()),
                Some(TypeKind::Alias(inner)) => Link::End(inner.clone()),
                _ => Link::End(TypeRef::Named(name.clone())),
            }
        });
        // Alias cycles are refused when the types are made; should one remain, keep the name.
        found.unwrap_or(ty)
    }

    fn resolve_parameter(
        &mut self,
        param: &'a ReferenceOr<Parameter>,
        pointer: &Pointer,
    ) -> Option<(&'a Parameter, Pointer)> {
        let api = self.api;
        let map = api.components.as_ref().map(|c| &c.parameters);
        self.resolve_component(param, "parameters", map, pointer)
    }

    /// Follows `#/components/{kind}/…` refs to the item, with the item's pointer.
    fn resolve_component<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        kind: &str,
        map: Option<&'a IndexMap<String, ReferenceOr<T>>>,
        pointer: &Pointer,
    ) -> Option<(&'a T, Pointer)> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some((item, pointer.clone())),
            ReferenceOr::Reference { reference } => reference.as_str(),
        };
        let found = refs::follow(reference, |reference| {
            let named = pointer::component_name(reference, kind);
            match named.and_then(|name| map?.get(name.as_str())) {
                Some(ReferenceOr::Item(item)) => {
                    Link::End((item, Pointer::from_escaped(reference)))
                }
                Some(ReferenceOr::Reference { reference }) => Link::Next(reference.as_str()),
                None => Link::Missing,
            }
        });
        match found {
            Ok(found) => Some(found),
            Err(Broken::Missing(chain)) => {
                // Reported where the dangling `$ref` is written: the component before it, or here.
                let (dangling, before) = chain.split_last().expect("a chain has a start");
                let at = before
                    .last()
                    .map_or_else(|| pointer.clone(), |r| Pointer::from_escaped(r));
                let message = refs::dangling_message(dangling, kind);
                self.problem("dangling $ref", &at, message);
                None
            }
            Err(Broken::Cycle(chain)) => {
                let message = format!("$ref cycle in components.{kind}: {}", chain.join(" → "));
                self.problem("ref cycle", pointer, message);
                None
            }
        }
    }

    /// The request body; a multipart body's parts are arguments named in `arguments`.
    fn convert_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        op_camel: &str,
        pointer: &Pointer,
        arguments: &mut Namer,
    ) -> Option<Body> {
        let api = self.api;
        let map = api.components.as_ref().map(|c| &c.request_bodies);
        let (body, at) = self.resolve_component(body, "requestBodies", map, pointer)?;
        if let Some((media_type, media)) = body.content.iter().find(|(m, _)| is_json(m)) {
            let at = at.child("content").child(media_type);
            let ty = match &media.schema {
                Some(schema) => self.type_of(
                    schema.into(),
                    &format!("{op_camel}Body"),
                    &at.child("schema"),
                ),
                None => TypeRef::Json,
            };
            return Some(Body::Json {
                ty,
                required: body.required,
            });
        }
        let multipart = body.content.get("multipart/form-data");
        // A multipart body whose parts cannot be named is sent in another media type the
        // operation takes, if it takes one.
        let other = body.content.keys().find(|m| *m != "multipart/form-data");
        let parts_at = at
            .child("content")
            .child("multipart/form-data")
            .child("schema");
        if let Some(media) = multipart.filter(|m| other.is_none() || self.has_parts(m, &parts_at)) {
            let at = parts_at;
            let parts = self.multipart_parts(media.schema.as_ref(), op_camel, &at, arguments)?;
            return Some(Body::Multipart {
                parts,
                required: body.required,
            });
        }
        // Anything else (octet-stream, ndjson, a script, …) is a file sent as it is.
        let media_type = other?;
        Some(Body::Binary {
            media_type: media_type.clone(),
            required: body.required,
        })
    }

    /// Whether a multipart body's schema is an object, whose properties are its parts.
    fn has_parts(&mut self, media: &'a openapiv3::MediaType, pointer: &Pointer) -> bool {
        let Some(schema) = &media.schema else {
            return false;
        };
        match &schema.as_item() {
            Some(schema) => Self::is_object(schema),
            None => self
                .deref_schema(schema.into(), pointer)
                .is_some_and(Self::is_object),
        }
    }

    fn is_object(schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Any(any) => !any.properties.is_empty(),
            _ => false,
        }
    }

    /// The fields of a multipart body: each property of its (object) schema is one part.
    fn multipart_parts(
        &mut self,
        schema: Option<&'a ReferenceOr<Schema>>,
        op_camel: &str,
        pointer: &Pointer,
        names: &mut Namer,
    ) -> Option<Vec<Part>> {
        let schema = match schema {
            Some(schema) => self.deref_schema(schema.into(), pointer)?,
            None => {
                self.problem(
                    "unsupported body",
                    pointer,
                    "a multipart body needs a schema naming its parts".to_owned(),
                );
                return None;
            }
        };
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(any) if !any.properties.is_empty() => (&any.properties, &any.required),
            _ => {
                self.problem(
                    "unsupported body",
                    pointer,
                    "a multipart body's schema must be an object of parts".to_owned(),
                );
                return None;
            }
        };
        let mut parts = Vec::new();
        for (wire, part) in properties {
            let at = pointer.child("properties").child(wire);
            let resolved = self.deref_schema(part.into(), &at)?;
            let file = matches!(
                &resolved.schema_kind,
                SchemaKind::Type(Type::String(s)) if matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Item(StringFormat::Binary | StringFormat::Byte))
            );
            let ty = if file {
                TypeRef::String
            } else {
                self.type_of(
                    part.into(),
                    &format!("{op_camel}{}", naming::camel(wire)),
                    &at,
                )
            };
            parts.push(Part {
                name: names.claim_ident(&naming::snake(wire)),
                wire: wire.clone(),
                file,
                ty: self.unalias(ty),
                required: required.contains(wire),
                docs: Docs {
                    summary: None,
                    description: resolved.schema_data.description.clone(),
                },
            });
        }
        Some(parts)
    }

    /// The return type: the first success response's JSON body, envelope unwrapped.
    fn convert_response(
        &mut self,
        responses: &'a openapiv3::Responses,
        op_camel: &str,
        pointer: &Pointer,
    ) -> Response {
        let success = responses.responses.iter().find(|(code, _)| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        });
        let Some((code, response)) = success else {
            return Response::Empty;
        };
        let api = self.api;
        let map = api.components.as_ref().map(|c| &c.responses);
        let Some((response, at)) = self.resolve_component(
            response,
            "responses",
            map,
            &pointer.child(&code.to_string()),
        ) else {
            return Response::Empty;
        };
        let Some((media_type, media)) = response.content.iter().find(|(m, _)| is_json(m)) else {
            // Anything else (a file, CSV, a script, …) is returned as its bytes.
            return match response.content.keys().next() {
                Some(media_type) => Response::Bytes {
                    media_type: media_type.clone(),
                },
                None => Response::Empty,
            };
        };
        let Some(schema) = &media.schema else {
            return Response::Empty;
        };
        let at = at.child("content").child(media_type).child("schema");
        if let Some(result) = self.envelope_result(schema.into(), &at) {
            return Response::Envelope(
                result.map(|(schema, at)| self.type_of(schema, &format!("{op_camel}Result"), &at)),
            );
        }
        Response::Json(self.type_of(schema.into(), &format!("{op_camel}Response"), &at))
    }
}

fn location_name(param: &Parameter) -> &'static str {
    match param {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}
