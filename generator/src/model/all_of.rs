//! `allOf`: its parts merged into one struct, or one primitive, or a struct with one union
//! flattened beside its fields; and what cannot be merged, reported with where.

use super::object::Merged;
use super::schema::{SchemaRef, Target};
use super::Ctx;
use crate::model::ir::{Docs, TypeRef};
use crate::pointer::Pointer;
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

impl<'a> Ctx<'a> {
    /// Merges the parts of an `allOf` (and the schema's own properties, if any).
    pub(super) fn all_of_type(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        own: Option<&'a openapiv3::AnySchema>,
        target: Target<'_>,
        docs: Docs,
        pointer: &Pointer,
    ) -> TypeRef {
        // `allOf: [$ref]` (plus only docs or constraints) just wraps a type to describe it.
        let mut meaningful = parts
            .iter()
            .filter(|p| !matches!(p, ReferenceOr::Item(schema) if is_constraint_only(schema)));
        if let (Some(ReferenceOr::Reference { reference }), None, None) =
            (meaningful.next(), meaningful.next(), own)
        {
            let at = pointer.child("allOf").index(
                parts
                    .iter()
                    .position(|p| matches!(p, ReferenceOr::Reference { .. }))
                    .unwrap_or(0),
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
                &pointer.child("allOf").index(i),
                &mut stack,
                &mut merged,
            ) {
                return TypeRef::Json;
            }
        }
        self.merged_type(merged, target, docs, pointer)
    }

    /// The type an `allOf`'s gathered parts make: a struct (with a union flattened beside its
    /// fields), one part's type, or, for parts that cannot be merged, a reported problem.
    fn merged_type(
        &mut self,
        mut merged: Merged<'a>,
        target: Target<'_>,
        docs: Docs,
        pointer: &Pointer,
    ) -> TypeRef {
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
                let (only, at) = merged.others.swap_remove(0);
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
    pub(super) fn is_union(&mut self, part: SchemaRef<'a>, pointer: &Pointer) -> bool {
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

    pub(super) fn part_type(
        &mut self,
        part: SchemaRef<'a>,
        target: Target<'_>,
        pointer: &Pointer,
    ) -> TypeRef {
        match part {
            SchemaRef::Ref(reference) => self.ref_type(reference, pointer),
            SchemaRef::Inline(schema) => self.schema_type(schema, target, pointer),
        }
    }

    /// Whether every part is the same primitive type (`string`, `integer`, `number` or
    /// `boolean`) or only constrains one (an `enum`, a `format`, `readOnly`), and one says which.
    pub(super) fn one_primitive(&mut self, parts: &[(SchemaRef<'a>, Pointer)]) -> bool {
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
    pub(super) fn primitive_kind(
        &mut self,
        part: SchemaRef<'a>,
        pointer: &Pointer,
    ) -> Option<Option<&'static str>> {
        let schema = self.deref_schema(part, pointer)?;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => "string",
            SchemaKind::Type(Type::Integer(_)) => "integer",
            SchemaKind::Type(Type::Number(_)) => "number",
            SchemaKind::Type(Type::Boolean(_)) => "boolean",
            SchemaKind::Any(any) if has_no_structure(any) => {
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
    pub(super) fn gather_part(
        &mut self,
        part: SchemaRef<'a>,
        pointer: &Pointer,
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
                    merged.others.push((part, pointer.clone()));
                    return true;
                }
                stack.push(name);
                let at = Pointer::component("schemas", name);
                let ok = self.gather_schema(schema, &at, stack, merged);
                stack.pop();
                return ok;
            }
        };
        if is_constraint_only(schema) {
            return true;
        }
        if !is_mergeable_object(schema) {
            merged.others.push((part, pointer.clone()));
            return true;
        }
        self.gather_schema(schema, pointer, stack, merged)
    }

    pub(super) fn gather_schema(
        &mut self,
        schema: &'a Schema,
        pointer: &Pointer,
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
                    self.gather_part(p.into(), &pointer.child("allOf").index(i), stack, merged)
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
                    self.gather_part(p.into(), &pointer.child("allOf").index(i), stack, merged)
                })
            }
            _ => true,
        }
    }
}

/// A schema that adds only constraints or docs to an `allOf` (no type, no properties).
pub(super) fn is_constraint_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none() && any.enumeration.is_empty() && has_no_structure(any)
        }
        _ => false,
    }
}

/// No properties, items, composition or `not`: at most a type, an enum and constraints.
fn has_no_structure(any: &AnySchema) -> bool {
    any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

/// Object-shaped: its properties can be merged into an `allOf` struct.
pub(super) fn is_mergeable_object(schema: &Schema) -> bool {
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
