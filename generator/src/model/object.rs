//! Objects: properties gathered (from one schema, or every part of an `allOf`) and made into a
//! struct with a field per property, a map, or a free-form JSON object; and the Cloudflare
//! envelope recognised by the properties it gathers.

use super::schema::{schema_docs, target_name, SchemaRef, Target};
use super::Ctx;
use crate::model::ir::{Docs, Field, Ident, Presence, Struct, TypeKind, TypeRef};
use crate::naming::{self, Namer};
use crate::pointer::Pointer;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};
use std::collections::BTreeSet;

/// The docs of the field holding the union an `allOf` also is.
const SHAPE_SUMMARY: &str =
    "Which of its alternative shapes it has; that shape's fields sit beside the others in JSON.";

/// The parts of an `allOf`, gathered: merged object properties, or the one non-object part.
#[derive(Default)]
pub(super) struct Merged<'a> {
    pub(super) properties: IndexMap<&'a str, (SchemaRef<'a>, Pointer)>,
    pub(super) required: BTreeSet<&'a str>,
    pub(super) additional: Option<(&'a AdditionalProperties, Pointer)>,
    pub(super) is_object: bool,
    /// Parts with a non-object type (`type: string`, an enum, a union, …).
    pub(super) others: Vec<(SchemaRef<'a>, Pointer)>,
}

impl<'a> Ctx<'a> {
    pub(super) fn gather_object(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &Pointer,
        merged: &mut Merged<'a>,
    ) {
        merged.is_object = true;
        for (name, schema) in properties {
            let at = pointer.child("properties").child(name);
            // A later allOf part restating a property refines it; the first definition names it.
            merged
                .properties
                .entry(name.as_str())
                .or_insert((schema.into(), at));
        }
        merged.required.extend(required.iter().map(String::as_str));
        if let Some(additional) = additional {
            merged.additional = Some((additional, pointer.child("additionalProperties")));
        }
    }

    /// An object schema of its own (no `allOf`): its properties become a struct.
    pub(super) fn plain_object(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
        target: Target<'_>,
        docs: Docs,
        pointer: &Pointer,
    ) -> TypeRef {
        let mut merged = Merged {
            is_object: true,
            ..Merged::default()
        };
        self.gather_object(properties, required, additional, pointer, &mut merged);
        self.object_type(merged, None, target, docs, pointer)
    }

    /// `Some(result)` when `schema` is the Cloudflare envelope (`success`, `errors` and `messages`
    /// properties); `result` is its `result` property, if it has one.
    pub(crate) fn envelope_result(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &Pointer,
    ) -> Option<Option<(SchemaRef<'a>, Pointer)>> {
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
    pub(super) fn object_type(
        &mut self,
        merged: Merged<'a>,
        union: Option<(SchemaRef<'a>, Pointer)>,
        target: Target<'_>,
        docs: Docs,
        pointer: &Pointer,
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
        if let (Target::Inline(_), Some(name)) = (target, self.inline_in_progress.get(pointer)) {
            return TypeRef::Named(name.clone());
        }
        // Claim the struct's name before converting its fields, so inline types inside it are
        // named after it and a property referring back to it sees the final name.
        let name = self.claim_target(target);
        if let Target::Inline(_) = target {
            self.inline_in_progress
                .insert(pointer.to_owned(), name.clone());
        }
        let (fields, additional) = self.fields(
            &name,
            (merged.properties, &merged.required),
            union,
            additional,
        );
        let kind = TypeKind::Struct(Struct {
            default: fields.iter().all(Field::is_optional),
            fields,
            additional,
        });
        self.inline_in_progress.remove(pointer);
        self.insert(name.clone(), pointer, docs, kind);
        TypeRef::Named(name)
    }

    /// A struct's fields, from its properties (those `required` names are required) and the
    /// union an `allOf` also is, their types named after the struct (`name`); and the name of
    /// its map of other properties, if it has one.
    fn fields(
        &mut self,
        name: &str,
        (properties, required): (IndexMap<&'a str, (SchemaRef<'a>, Pointer)>, &BTreeSet<&str>),
        union: Option<(SchemaRef<'a>, Pointer)>,
        additional: Option<TypeRef>,
    ) -> (Vec<Field>, Option<(String, TypeRef)>) {
        // Every name first: a setter's name depends on all the fields'.
        let mut namer = Namer::default();
        let mut names: Vec<String> = (properties.keys())
            .map(|wire| namer.claim(&naming::snake(wire)))
            .collect();
        if union.is_some() {
            names.push(namer.claim("shape"));
        }
        let additional = additional.map(|ty| (namer.claim("additional_properties"), ty));
        let setters = naming::setters(&names.iter().map(String::as_str).collect::<Vec<_>>());
        let mut named = names.into_iter().zip(setters);
        let mut fields = Vec::with_capacity(properties.len() + 1);
        for ((wire, (schema, at)), (field_name, setter)) in properties.into_iter().zip(&mut named) {
            let hint = format!("{name}{}", naming::camel(wire));
            let ty = self.type_of(schema, &hint, &at);
            let (presence, ty) = match ty {
                TypeRef::Nullable(inner) => (Presence::Optional(wire.to_owned()), *inner),
                ty if required.contains(wire) => (Presence::Required(wire.to_owned()), ty),
                ty => (Presence::Optional(wire.to_owned()), ty),
            };
            fields.push(Field {
                name: Ident::new(field_name),
                presence,
                docs: self.field_docs(schema),
                validation: self.validation(schema, &at),
                deprecated: matches!(schema, SchemaRef::Inline(s) if s.schema_data.deprecated),
                pointer: at,
                ty,
                boxed: false,
                setter: Ident::new(setter),
            });
        }
        if let (Some((union, at)), Some((field_name, setter))) = (union, named.next()) {
            fields.push(Field {
                name: Ident::new(field_name),
                presence: Presence::Flattened,
                ty: self.type_of(union, &format!("{name}Shape"), &at),
                pointer: at,
                docs: Docs {
                    summary: Some(SHAPE_SUMMARY.to_owned()),
                    description: None,
                },
                boxed: false,
                setter: Ident::new(setter),
                deprecated: false,
                validation: None,
            });
        }
        (fields, additional)
    }

    /// A field's docs: its own description, or that of the schema it refers to.
    pub(super) fn field_docs(&mut self, schema: SchemaRef<'a>) -> Docs {
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
}
