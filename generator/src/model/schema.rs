//! JSON Schema (the OpenAPI 3.0 dialect) → `TypeRef`s and named `TypeDef`s.
//!
//! Component schemas keep their names; inline objects, enums and unions are named after where
//! they appear (`Parent` + `Property`). `allOf` is merged into one struct, following `$ref`s and
//! refusing cycles; `oneOf`/`anyOf` become untagged enums; string enums get a catch-all variant.

use super::ir::{Docs, Origin, SerdeTraits, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};
use super::refs::{self, Broken, Link};
use super::Ctx;
use crate::naming::{self, Namer};
use crate::pointer::{self, Pointer};
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
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
        pointer: &Pointer,
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

    pub(super) fn dangling(&mut self, reference: &str, pointer: &Pointer) {
        let message = refs::dangling_message(reference, "schemas");
        self.problem("dangling $ref", pointer, message);
    }

    /// Converts every component schema, in name order, so each keeps its own name.
    pub(crate) fn convert_components(&mut self) {
        let Some(components) = self.api.components.as_ref() else {
            return;
        };
        for (name, schema) in &components.schemas {
            let rust = self.component_names[name.as_str()].clone();
            // A schema `load` added for a ref to part of another is named where it is from.
            let defined_at = schema
                .as_item()
                .and_then(|s| s.schema_data.extensions.get(crate::inline::DEFINED_AT))
                .and_then(|at| at.as_str());
            let pointer = defined_at.map_or_else(
                || Pointer::component("schemas", name),
                Pointer::from_escaped,
            );
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
                self.insert(rust, &pointer, docs, TypeKind::Alias(ty));
            }
        }
        self.context = None;
    }

    /// The type of a schema or reference, naming any type it defines after `hint`.
    pub(crate) fn type_of(
        &mut self,
        schema: SchemaRef<'a>,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match schema {
            SchemaRef::Ref(reference) => self.ref_type(reference, pointer),
            SchemaRef::Inline(schema) => self.schema_type(schema, Target::Inline(hint), pointer),
        }
    }

    pub(super) fn ref_type(&mut self, reference: &str, pointer: &Pointer) -> TypeRef {
        match self.component_schema(reference) {
            Some((name, _)) => TypeRef::Named(self.component_names[name].clone()),
            None => {
                self.dangling(reference, pointer);
                TypeRef::Json
            }
        }
    }

    pub(super) fn schema_type(
        &mut self,
        schema: &'a Schema,
        target: Target<'_>,
        pointer: &Pointer,
    ) -> TypeRef {
        let ty = self.base_type(schema, target, pointer);
        if schema.schema_data.nullable && !matches!(ty, TypeRef::Nullable(_) | TypeRef::Json) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    pub(super) fn base_type(
        &mut self,
        schema: &'a Schema,
        target: Target<'_>,
        pointer: &Pointer,
    ) -> TypeRef {
        let docs = schema_docs(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<(usize, &str)> = (s.enumeration.iter().enumerate())
                    .filter_map(|(i, value)| Some((i, value.as_deref()?)))
                    .collect();
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
    pub(super) fn any_type(
        &mut self,
        any: &'a openapiv3::AnySchema,
        target: Target<'_>,
        docs: Docs,
        pointer: &Pointer,
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
            let values: Vec<(usize, &str)> = (any.enumeration.iter().enumerate())
                .filter_map(|(i, value)| Some((i, value.as_str()?)))
                .collect();
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

    pub(super) fn array_type(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        target: Target<'_>,
        pointer: &Pointer,
    ) -> TypeRef {
        let item = match items {
            Some(items) => {
                let hint = format!("{}Item", target_name(target));
                self.type_of(items.into(), &hint, &pointer.child("items"))
            }
            None => TypeRef::Json,
        };
        TypeRef::Array(Box::new(item))
    }

    /// A string enum of `values`, each with its index in the schema's `enum`; a value the list
    /// repeats is one variant, at its first place.
    pub(super) fn enum_type(
        &mut self,
        values: &[(usize, &str)],
        target: Target<'_>,
        docs: Docs,
        pointer: &Pointer,
    ) -> TypeRef {
        let mut names = Namer::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let variants = values
            .iter()
            .filter(|(_, value)| seen.insert(*value))
            .map(|&(i, value)| Variant {
                name: names.claim(&naming::camel(value)),
                wire: value.to_owned(),
                pointer: pointer.child("enum").index(i),
            })
            .collect();
        self.define_at(target, pointer, docs, TypeKind::Enum(variants))
    }

    pub(super) fn union_type(
        &mut self,
        variants: &'a [ReferenceOr<Schema>],
        keyword: &str,
        target: Target<'_>,
        docs: Docs,
        pointer: &Pointer,
    ) -> TypeRef {
        let mut nullable = false;
        let mut kept = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let at = pointer.child(keyword).index(i);
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
    pub(super) fn claim_target(&mut self, target: Target<'_>) -> String {
        match target {
            Target::Named(name) => name.to_owned(),
            Target::Inline(hint) => self.type_names.claim(&naming::camel(hint)),
        }
    }

    pub(super) fn define_at(
        &mut self,
        target: Target<'_>,
        pointer: &Pointer,
        docs: Docs,
        kind: TypeKind,
    ) -> TypeRef {
        let name = self.claim_target(target);
        self.insert(name.clone(), pointer, docs, kind);
        TypeRef::Named(name)
    }

    pub(super) fn insert(&mut self, name: String, pointer: &Pointer, docs: Docs, kind: TypeKind) {
        let origin = match pointer::component_name(pointer.as_str(), "schemas") {
            Some(component) => Origin::Component(component),
            None => Origin::Inline,
        };
        self.types.insert(
            name.clone(),
            TypeDef {
                name,
                pointer: pointer.clone(),
                origin,
                docs,
                kind,
                identical_to: None,
                serde: SerdeTraits::BOTH,
            },
        );
    }
}

pub(super) fn target_name<'h>(target: Target<'h>) -> &'h str {
    match target {
        Target::Named(name) | Target::Inline(name) => name,
    }
}

/// A union variant's name from its type.
pub(super) fn variant_name(ty: &TypeRef, index: usize) -> String {
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

/// `{enum: [null]}` or `{type: "null"}`-like variants that only say "may be null".
pub(super) fn is_null_schema(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            (any.enumeration.len() == 1 && any.enumeration[0].is_null())
                || any.typ.as_deref() == Some("null")
        }
        _ => false,
    }
}
