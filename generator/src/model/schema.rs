//! JSON Schema (the OpenAPI 3.0 dialect) → `TypeRef`s and named `TypeDef`s.
//!
//! Component schemas keep their names; inline objects, enums and unions are named after where
//! they appear (`Parent` + `Property`). `allOf` is merged into one struct, following `$ref`s and
//! refusing cycles; `oneOf`/`anyOf` become untagged enums; string enums get a catch-all variant.

use super::ir::{Docs, Field, Struct, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};
use super::refs::{self, Broken, Link};
use super::Ctx;
use crate::naming::{self, Namer};
use crate::pointer;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::BTreeSet;

/// A schema or a reference to one, whichever box it came in.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// What to call a type defined here: a component's own name, or a name derived from the place.
#[derive(Clone, Copy)]
pub(crate) enum Target<'h> {
    Named(&'h str),
    Inline(&'h str),
}

/// Docs from a schema's title and description.
pub(crate) fn schema_docs(schema: &Schema) -> Docs {
    Docs {
        summary: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
    }
}

/// The parts of an `allOf`, gathered: merged object properties, or the one non-object part.
#[derive(Default)]
struct Merged<'a> {
    properties: IndexMap<&'a str, (SchemaRef<'a>, String)>,
    required: BTreeSet<&'a str>,
    additional: Option<(&'a AdditionalProperties, String)>,
    is_object: bool,
    /// Parts with a non-object type (`type: string`, an enum, a union, …).
    others: Vec<(SchemaRef<'a>, String)>,
}

impl<'a> Ctx<'a> {
    /// The component schema a `$ref` names, with its name and pointer.
    pub(crate) fn component_schema(
        &self,
        reference: &str,
    ) -> Option<(&'a str, &'a ReferenceOr<Schema>)> {
        let api = self.api;
        let name = pointer::component_name(reference, "schemas")?;
        api.components
            .as_ref()?
            .schemas
            .get_key_value(name.as_str())
            .map(|(k, v)| (k.as_str(), v))
    }

    /// Follows `$ref` chains to an inline schema; `None` (after reporting) when one dangles or loops.
    pub(crate) fn deref_schema(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
    ) -> Option<&'a Schema> {
        let reference = match schema {
            SchemaRef::Inline(schema) => return Some(schema),
            SchemaRef::Ref(reference) => reference,
        };
        let found = refs::follow(reference, |reference| {
            match self.component_schema(reference) {
                Some((_, ReferenceOr::Item(schema))) => Link::End(schema),
                Some((_, ReferenceOr::Reference { reference })) => Link::Next(reference.as_str()),
                None => Link::Missing,
            }
        });
        match found {
            Ok(schema) => Some(schema),
            Err(Broken::Missing(chain)) => {
                self.dangling(chain.last().expect("a chain has a start"), pointer);
                None
            }
            Err(Broken::Cycle(chain)) => {
                let message = format!("$ref cycle: {}", chain.join(" → "));
                self.problem("ref cycle", pointer, message);
                None
            }
        }
    }

    fn dangling(&mut self, reference: &str, pointer: &str) {
        let message = if reference.starts_with("#/components/schemas/") {
            format!("$ref {reference:?} names no schema in components.schemas")
        } else {
            format!(
                "$ref {reference:?} is not supported: only local refs to #/components/schemas/ are"
            )
        };
        self.problem("dangling $ref", pointer, message);
    }

    /// Converts every component schema, in name order, so each keeps its own name.
    pub(crate) fn convert_components(&mut self) {
        let Some(components) = self.api.components.as_ref() else {
            return;
        };
        for (name, schema) in &components.schemas {
            let rust = self.component_names[name.as_str()].clone();
            let pointer = pointer::component("schemas", name);
            self.context = Some(format!("schema {name}"));
            let ty = match schema {
                ReferenceOr::Reference { reference } => self.ref_type(reference, &pointer),
                ReferenceOr::Item(schema) => {
                    self.schema_type(schema, Target::Named(&rust), &pointer)
                }
            };
            // A component that defines its own type (a struct, enum or union) is done; a
            // nullable one stays a plain type, since every use of it says whether it is optional.
            let own = TypeRef::Named(rust.clone());
            if ty != own && ty != TypeRef::Nullable(Box::new(own)) {
                let docs = match schema {
                    ReferenceOr::Item(schema) => schema_docs(schema),
                    ReferenceOr::Reference { .. } => Docs::default(),
                };
                self.define(&rust, name, docs, TypeKind::Alias(ty));
            }
        }
        self.context = None;
    }

    /// The type of a schema or reference, naming any type it defines after `hint`.
    pub(crate) fn type_of(&mut self, schema: SchemaRef<'a>, hint: &str, pointer: &str) -> TypeRef {
        match schema {
            SchemaRef::Ref(reference) => self.ref_type(reference, pointer),
            SchemaRef::Inline(schema) => self.schema_type(schema, Target::Inline(hint), pointer),
        }
    }

    fn ref_type(&mut self, reference: &str, pointer: &str) -> TypeRef {
        match self.component_schema(reference) {
            Some((name, _)) => TypeRef::Named(self.component_names[name].clone()),
            None => {
                self.dangling(reference, pointer);
                TypeRef::Json
            }
        }
    }

    fn schema_type(&mut self, schema: &'a Schema, target: Target<'_>, pointer: &str) -> TypeRef {
        let ty = self.base_type(schema, target, pointer);
        if schema.schema_data.nullable && !matches!(ty, TypeRef::Nullable(_) | TypeRef::Json) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn base_type(&mut self, schema: &'a Schema, target: Target<'_>, pointer: &str) -> TypeRef {
        let docs = schema_docs(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                if !values.is_empty() {
                    self.enum_type(&values, target, docs, pointer)
                } else if matches!(
                    s.format,
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)
                ) {
                    TypeRef::Timestamp
                } else {
                    TypeRef::String
                }
            }
            SchemaKind::Type(Type::Number(n)) => match n.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Integer(i)) => match i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => self.array_type(a.items.as_ref(), target, pointer),
            SchemaKind::Type(Type::Object(o)) => {
                let additional = o.additional_properties.as_ref();
                self.plain_object(
                    &o.properties,
                    &o.required,
                    additional,
                    target,
                    docs,
                    pointer,
                )
            }
            SchemaKind::AllOf { all_of } => self.all_of_type(all_of, None, target, docs, pointer),
            SchemaKind::OneOf { one_of } => self.union_type(one_of, "oneOf", target, docs, pointer),
            SchemaKind::AnyOf { any_of } => self.union_type(any_of, "anyOf", target, docs, pointer),
            SchemaKind::Not { .. } => {
                self.problem(
                    "unsupported construct",
                    pointer,
                    "`not` schemas are not supported".to_owned(),
                );
                TypeRef::Json
            }
            SchemaKind::Any(any) => self.any_type(any, target, docs, pointer),
        }
    }

    /// A schema without one clear `type`: decided by the keywords it does have.
    fn any_type(
        &mut self,
        any: &'a openapiv3::AnySchema,
        target: Target<'_>,
        docs: Docs,
        pointer: &str,
    ) -> TypeRef {
        let has_object_keywords = !any.properties.is_empty() || any.additional_properties.is_some();
        // Beside properties, `not` only narrows which objects are valid: the type is the object.
        if any.not.is_some() && !has_object_keywords {
            self.problem(
                "unsupported construct",
                pointer,
                "`not` schemas are not supported".to_owned(),
            );
            return TypeRef::Json;
        }
        if !any.all_of.is_empty() {
            let own = has_object_keywords.then_some(any);
            return self.all_of_type(&any.all_of, own, target, docs, pointer);
        }
        if !any.one_of.is_empty() {
            return self.union_type(&any.one_of, "oneOf", target, docs, pointer);
        }
        if !any.any_of.is_empty() {
            return self.union_type(&any.any_of, "anyOf", target, docs, pointer);
        }
        if has_object_keywords || any.typ.as_deref() == Some("object") {
            let additional = any.additional_properties.as_ref();
            return self.plain_object(
                &any.properties,
                &any.required,
                additional,
                target,
                docs,
                pointer,
            );
        }
        if any.items.is_some() || any.typ.as_deref() == Some("array") {
            return self.array_type(any.items.as_ref(), target, pointer);
        }
        if !any.enumeration.is_empty() {
            let values: Vec<&str> = any.enumeration.iter().filter_map(|v| v.as_str()).collect();
            let all_strings =
                values.len() == any.enumeration.iter().filter(|v| !v.is_null()).count();
            if all_strings && !values.is_empty() {
                return self.enum_type(&values, target, docs, pointer);
            }
        }
        match any.typ.as_deref() {
            Some("string") if any.format.as_deref() == Some("date-time") => TypeRef::Timestamp,
            Some("string") => TypeRef::String,
            Some("integer") if any.format.as_deref() == Some("int32") => TypeRef::I32,
            Some("integer") => TypeRef::I64,
            Some("number") if any.format.as_deref() == Some("float") => TypeRef::F32,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            None => TypeRef::Json,
            Some(other) => {
                self.problem(
                    "unsupported construct",
                    pointer,
                    format!("unknown schema type {other:?}"),
                );
                TypeRef::Json
            }
        }
    }

    fn array_type(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        target: Target<'_>,
        pointer: &str,
    ) -> TypeRef {
        let item = match items {
            Some(items) => {
                let hint = format!("{}Item", target_name(target));
                self.type_of(items.into(), &hint, &format!("{pointer}/items"))
            }
            None => TypeRef::Json,
        };
        TypeRef::Array(Box::new(item))
    }

    fn enum_type(
        &mut self,
        values: &[&str],
        target: Target<'_>,
        docs: Docs,
        pointer: &str,
    ) -> TypeRef {
        let mut names = Namer::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let variants = values
            .iter()
            .filter(|v| seen.insert(**v))
            .map(|v| Variant {
                name: names.claim(&naming::camel(v)),
                wire: (*v).to_owned(),
            })
            .collect();
        self.define_at(target, pointer, docs, TypeKind::Enum(variants))
    }

    /// An object schema of its own (no `allOf`): its properties become a struct.
    fn plain_object(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
        target: Target<'_>,
        docs: Docs,
        pointer: &str,
    ) -> TypeRef {
        let mut merged = Merged {
            is_object: true,
            ..Merged::default()
        };
        self.gather_object(properties, required, additional, pointer, &mut merged);
        self.object_type(merged, None, target, docs, pointer)
    }

    fn gather_object(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        merged: &mut Merged<'a>,
    ) {
        merged.is_object = true;
        for (name, schema) in properties {
            let at = pointer::child(&format!("{pointer}/properties"), name);
            // A later allOf part restating a property refines it; the first definition names it.
            merged
                .properties
                .entry(name.as_str())
                .or_insert((schema.into(), at));
        }
        merged.required.extend(required.iter().map(String::as_str));
        if let Some(additional) = additional {
            merged.additional = Some((additional, format!("{pointer}/additionalProperties")));
        }
    }

    /// Merges the parts of an `allOf` (and the schema's own properties, if any).
    fn all_of_type(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        own: Option<&'a openapiv3::AnySchema>,
        target: Target<'_>,
        docs: Docs,
        pointer: &str,
    ) -> TypeRef {
        // `allOf: [$ref]` (plus only docs or constraints) just wraps a type to describe it.
        let mut meaningful = parts
            .iter()
            .filter(|p| !matches!(p, ReferenceOr::Item(schema) if is_constraint_only(schema)));
        if let (Some(ReferenceOr::Reference { reference }), None, None) =
            (meaningful.next(), meaningful.next(), own)
        {
            let at = format!(
                "{pointer}/allOf/{}",
                parts
                    .iter()
                    .position(|p| matches!(p, ReferenceOr::Reference { .. }))
                    .unwrap_or(0)
            );
            return self.ref_type(reference, &at);
        }
        let mut merged = Merged::default();
        let mut stack = Vec::new();
        if let Some(own) = own {
            self.gather_object(
                &own.properties,
                &own.required,
                own.additional_properties.as_ref(),
                pointer,
                &mut merged,
            );
        }
        for (i, part) in parts.iter().enumerate() {
            if !self.gather_part(
                part.into(),
                &format!("{pointer}/allOf/{i}"),
                &mut stack,
                &mut merged,
            ) {
                return TypeRef::Json;
            }
        }
        match (merged.is_object, merged.others.len()) {
            (true, 0) => self.object_type(merged, None, target, docs, pointer),
            // Object parts and one union: a struct with the union flattened beside its fields.
            (true, 1)
                if merged.additional.is_none() && self.is_union(merged.others[0].0, pointer) =>
            {
                let union = merged.others.pop();
                self.object_type(merged, union, target, docs, pointer)
            }
            (false, 0) => TypeRef::Json,
            (false, 1) => {
                let (only, at) = merged.others.pop().expect("one part");
                self.part_type(only, target, &at)
            }
            (false, n) if self.one_primitive(&merged.others) => {
                // Parts that all describe one string (or number, …), some only adding
                // constraints: the type is the first part that says which.
                let index = (0..n)
                    .find(|&i| {
                        let (part, at) = &merged.others[i];
                        self.primitive_kind(*part, at) != Some(None)
                    })
                    .unwrap_or(0);
                let (part, at) = merged.others.swap_remove(index);
                self.part_type(part, target, &at)
            }
            (is_object, n) => {
                let what = if is_object {
                    "object parts and non-object parts"
                } else {
                    "several non-object parts"
                };
                self.problem(
                    "unsupported construct",
                    pointer,
                    format!("allOf mixes {what} ({n}); only objects can be merged"),
                );
                TypeRef::Json
            }
        }
    }

    /// Whether a part is a `oneOf` or `anyOf` (one of several shapes).
    fn is_union(&mut self, part: SchemaRef<'a>, pointer: &str) -> bool {
        self.deref_schema(part, pointer)
            .is_some_and(|schema| match &schema.schema_kind {
                SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
                SchemaKind::Any(any) => {
                    (!any.one_of.is_empty() || !any.any_of.is_empty())
                        && any.properties.is_empty()
                        && any.all_of.is_empty()
                }
                _ => false,
            })
    }

    fn part_type(&mut self, part: SchemaRef<'a>, target: Target<'_>, pointer: &str) -> TypeRef {
        match part {
            SchemaRef::Ref(reference) => self.ref_type(reference, pointer),
            SchemaRef::Inline(schema) => self.schema_type(schema, target, pointer),
        }
    }

    /// Whether every part is the same primitive type (`string`, `integer`, `number` or
    /// `boolean`) or only constrains one (an `enum`, a `format`, `readOnly`), and one says which.
    fn one_primitive(&mut self, parts: &[(SchemaRef<'a>, String)]) -> bool {
        let mut kinds = BTreeSet::new();
        for (part, at) in parts {
            match self.primitive_kind(*part, at) {
                Some(Some(kind)) => {
                    kinds.insert(kind);
                }
                Some(None) => {}
                None => return false,
            }
        }
        kinds.len() == 1
    }

    /// A part's primitive type: `Some(Some(kind))`, `Some(None)` for a part that only adds
    /// constraints, `None` for anything with structure (objects, arrays, unions, …).
    fn primitive_kind(
        &mut self,
        part: SchemaRef<'a>,
        pointer: &str,
    ) -> Option<Option<&'static str>> {
        let schema = self.deref_schema(part, pointer)?;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => "string",
            SchemaKind::Type(Type::Integer(_)) => "integer",
            SchemaKind::Type(Type::Number(_)) => "number",
            SchemaKind::Type(Type::Boolean(_)) => "boolean",
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && any.additional_properties.is_none()
                    && any.items.is_none()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none() =>
            {
                return match any.typ.as_deref() {
                    None => Some(None),
                    Some("string") => Some(Some("string")),
                    Some("integer") => Some(Some("integer")),
                    Some("number") => Some(Some("number")),
                    Some("boolean") => Some(Some("boolean")),
                    Some(_) => None,
                };
            }
            _ => return None,
        };
        Some(Some(kind))
    }

    /// Adds one `allOf` part to `merged`; false (after reporting) when it cannot be merged.
    fn gather_part(
        &mut self,
        part: SchemaRef<'a>,
        pointer: &str,
        stack: &mut Vec<&'a str>,
        merged: &mut Merged<'a>,
    ) -> bool {
        let schema = match part {
            SchemaRef::Inline(schema) => schema,
            SchemaRef::Ref(reference) => {
                let Some((name, target)) = self.component_schema(reference) else {
                    self.dangling(reference, pointer);
                    return false;
                };
                if stack.contains(&name) {
                    let chain: Vec<&str> = stack.iter().copied().chain([name]).collect();
                    self.problem(
                        "ref cycle",
                        pointer,
                        format!("$ref cycle through allOf: {}", chain.join(" → ")),
                    );
                    return false;
                }
                let ReferenceOr::Item(schema) = target else {
                    // An alias of another schema: on the stack too, so an alias cycle ends.
                    stack.push(name);
                    let ok = self.gather_part(target.into(), pointer, stack, merged);
                    stack.pop();
                    return ok;
                };
                if !is_mergeable_object(schema) {
                    merged.others.push((part, pointer.to_owned()));
                    return true;
                }
                stack.push(name);
                let at = pointer::component("schemas", name);
                let ok = self.gather_schema(schema, &at, stack, merged);
                stack.pop();
                return ok;
            }
        };
        if is_constraint_only(schema) {
            return true;
        }
        if !is_mergeable_object(schema) {
            merged.others.push((part, pointer.to_owned()));
            return true;
        }
        self.gather_schema(schema, pointer, stack, merged)
    }

    fn gather_schema(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        stack: &mut Vec<&'a str>,
        merged: &mut Merged<'a>,
    ) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                self.gather_object(
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    pointer,
                    merged,
                );
                true
            }
            SchemaKind::AllOf { all_of } => {
                merged.is_object = true;
                all_of.iter().enumerate().all(|(i, p)| {
                    self.gather_part(p.into(), &format!("{pointer}/allOf/{i}"), stack, merged)
                })
            }
            SchemaKind::Any(any) => {
                self.gather_object(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    pointer,
                    merged,
                );
                any.all_of.iter().enumerate().all(|(i, p)| {
                    self.gather_part(p.into(), &format!("{pointer}/allOf/{i}"), stack, merged)
                })
            }
            _ => true,
        }
    }

    /// `Some(result)` when `schema` is the Cloudflare envelope (`success`, `errors` and `messages`
    /// properties); `result` is its `result` property, if it has one.
    pub(crate) fn envelope_result(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
    ) -> Option<Option<(SchemaRef<'a>, String)>> {
        let mut merged = Merged::default();
        if !self.gather_part(schema, pointer, &mut Vec::new(), &mut merged)
            || !merged.is_object
            || !merged.others.is_empty()
        {
            return None;
        }
        let is_envelope = ["success", "errors", "messages"]
            .iter()
            .all(|k| merged.properties.contains_key(k));
        is_envelope.then(|| {
            merged
                .properties
                .get("result")
                .map(|(schema, at)| (*schema, at.clone()))
        })
    }

    /// A struct (or a map, or a free-form object) from gathered properties.
    fn object_type(
        &mut self,
        merged: Merged<'a>,
        union: Option<(SchemaRef<'a>, String)>,
        target: Target<'_>,
        docs: Docs,
        pointer: &str,
    ) -> TypeRef {
        let parent = target_name(target).to_owned();
        let additional = merged
            .additional
            .and_then(|(additional, at)| match additional {
                AdditionalProperties::Schema(schema) => {
                    Some(self.type_of(schema.as_ref().into(), &format!("{parent}Value"), &at))
                }
                AdditionalProperties::Any(_) => None,
            });
        if merged.properties.is_empty() {
            return match additional {
                Some(value) => TypeRef::Map(Box::new(value)),
                None => TypeRef::JsonObject,
            };
        }
        // Claim the struct's name before converting its fields, so inline types inside it are
        // named after it and a property referring back to it sees the final name.
        let name = self.claim_target(target);
        let mut names = Namer::default();
        let mut fields = Vec::with_capacity(merged.properties.len());
        for (wire, (schema, at)) in merged.properties {
            let hint = format!("{name}{}", naming::camel(wire));
            let ty = self.type_of(schema, &hint, &at);
            let field_docs = self.field_docs(schema);
            let optional = !merged.required.contains(wire) || matches!(ty, TypeRef::Nullable(_));
            let ty = match ty {
                TypeRef::Nullable(inner) if optional => *inner,
                ty => ty,
            };
            fields.push(Field {
                name: names.claim(&naming::snake(wire)),
                wire: wire.to_owned(),
                docs: field_docs,
                ty,
                optional,
                boxed: false,
                flatten: false,
                setter: String::new(),
            });
        }
        if let Some((union, at)) = union {
            let ty = self.type_of(union, &format!("{name}Shape"), &at);
            fields.push(Field {
                name: names.claim("shape"),
                wire: String::new(),
                docs: Docs {
                    summary: Some("Which of its alternative shapes it has; that shape's fields sit beside the others in JSON.".to_owned()),
                    description: None,
                },
                ty,
                optional: false,
                boxed: false,
                flatten: true,
                setter: String::new(),
            });
        }
        let additional = additional.map(|ty| (names.claim("additional_properties"), ty));
        let kind = TypeKind::Struct(Struct {
            fields,
            default: false,
            additional,
        });
        self.insert(name.clone(), pointer, docs, kind);
        TypeRef::Named(name)
    }

    /// A field's docs: its own description, or that of the schema it refers to.
    fn field_docs(&mut self, schema: SchemaRef<'a>) -> Docs {
        match schema {
            SchemaRef::Inline(schema) => {
                let docs = schema_docs(schema);
                if docs.description.is_some() {
                    return docs;
                }
                // `{description, allOf: [$ref]}` without a description: the referenced schema's.
                match &schema.schema_kind {
                    SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                        self.field_docs((&all_of[0]).into())
                    }
                    _ => docs,
                }
            }
            SchemaRef::Ref(reference) => match self.component_schema(reference) {
                Some((_, ReferenceOr::Item(schema))) => Docs {
                    summary: None,
                    description: schema.schema_data.description.clone(),
                },
                _ => Docs::default(),
            },
        }
    }

    fn union_type(
        &mut self,
        variants: &'a [ReferenceOr<Schema>],
        keyword: &str,
        target: Target<'_>,
        docs: Docs,
        pointer: &str,
    ) -> TypeRef {
        let mut nullable = false;
        let mut kept = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let at = format!("{pointer}/{keyword}/{i}");
            match variant {
                ReferenceOr::Item(schema) if is_null_schema(schema) => nullable = true,
                _ => kept.push((SchemaRef::from(variant), at)),
            }
        }
        let ty = match kept.len() {
            0 => TypeRef::Json,
            1 => {
                let (only, at) = kept.pop().expect("one variant");
                match only {
                    SchemaRef::Ref(reference) => self.ref_type(reference, &at),
                    SchemaRef::Inline(schema) => self.schema_type(schema, target, &at),
                }
            }
            _ => {
                let name = self.claim_target(target);
                let mut names = Namer::default();
                let mut out = Vec::with_capacity(kept.len());
                for (i, (variant, at)) in kept.into_iter().enumerate() {
                    let hint = format!("{name}Variant{i}");
                    let ty = self.type_of(variant, &hint, &at);
                    out.push(UnionVariant {
                        name: names.claim(&variant_name(&ty, i)),
                        ty,
                        boxed: false,
                    });
                }
                self.insert(name.clone(), pointer, docs, TypeKind::Union(out));
                TypeRef::Named(name)
            }
        };
        if nullable && !matches!(ty, TypeRef::Nullable(_) | TypeRef::Json) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// The final name for a type defined at `target`.
    fn claim_target(&mut self, target: Target<'_>) -> String {
        match target {
            Target::Named(name) => name.to_owned(),
            Target::Inline(hint) => self.type_names.claim(&naming::camel(hint)),
        }
    }

    fn define_at(
        &mut self,
        target: Target<'_>,
        pointer: &str,
        docs: Docs,
        kind: TypeKind,
    ) -> TypeRef {
        let name = self.claim_target(target);
        self.insert(name.clone(), pointer, docs, kind);
        TypeRef::Named(name)
    }

    /// Defines a component's type under its reserved name.
    fn define(&mut self, name: &str, origin: &str, docs: Docs, kind: TypeKind) {
        self.types.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                origin: origin.to_owned(),
                docs,
                kind,
            },
        );
    }

    fn insert(&mut self, name: String, pointer: &str, docs: Docs, kind: TypeKind) {
        let origin = pointer::component_name(pointer, "schemas");
        let origin = origin.unwrap_or_else(|| pointer.to_owned());
        self.types.insert(
            name.clone(),
            TypeDef {
                name,
                origin,
                docs,
                kind,
            },
        );
    }
}

fn target_name<'h>(target: Target<'h>) -> &'h str {
    match target {
        Target::Named(name) | Target::Inline(name) => name,
    }
}

/// A union variant's name from its type.
fn variant_name(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Timestamp => "Timestamp".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "Number".to_owned(),
        TypeRef::Array(_) => "Array".to_owned(),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".to_owned(),
        TypeRef::Json => format!("Variant{index}"),
        TypeRef::Nullable(inner) => variant_name(inner, index),
    }
}

/// A schema that adds only constraints or docs to an `allOf` (no type, no properties).
fn is_constraint_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

/// Object-shaped: its properties can be merged into an `allOf` struct.
fn is_mergeable_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            any.one_of.is_empty()
                && any.any_of.is_empty()
                && (any.typ.as_deref() == Some("object")
                    || !any.properties.is_empty()
                    || !any.all_of.is_empty())
        }
        _ => false,
    }
}

/// `{enum: [null]}` or `{type: "null"}`-like variants that only say "may be null".
fn is_null_schema(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            (any.enumeration.len() == 1 && any.enumeration[0].is_null())
                || any.typ.as_deref() == Some("null")
        }
        _ => false,
    }
}
