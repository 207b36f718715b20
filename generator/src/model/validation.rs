//! A value's [`Validation`]: the spec's validation keywords (lengths, pattern, format, range,
//! item counts) and its default, read from the value's own schema or, when that is a `$ref`,
//! from the schema it names. Recorded for `diff`, which reports when a change makes the server
//! refuse what it accepted; the client does not check them.

use super::ir::{Bound, Constraints, Validation};
use super::schema::SchemaRef;
use super::Ctx;
use crate::pointer::Pointer;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// How many `$ref`s to follow before giving up (a loop is reported where types are made).
const MAX_REFS: usize = 16;

impl<'a> Ctx<'a> {
    /// The validation `schema` (found at `at`) states, or `None` when it states none.
    pub(super) fn validation(&self, schema: SchemaRef<'a>, at: &Pointer) -> Option<Validation> {
        let (schema, at) = self.stated_at(schema, at)?;
        let mut found = Constraints {
            default: schema.schema_data.default.clone(),
            ..Constraints::default()
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                found.min_length = s.min_length;
                found.max_length = s.max_length;
                found.pattern = s.pattern.clone();
                found.format = match &s.format {
                    // These formats are the Rust type already (`Timestamp`, bytes, a file).
                    VariantOrUnknownOrEmpty::Item(
                        StringFormat::DateTime | StringFormat::Binary | StringFormat::Byte,
                    )
                    | VariantOrUnknownOrEmpty::Empty => None,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date".to_owned()),
                    VariantOrUnknownOrEmpty::Item(StringFormat::Password) => {
                        Some("password".to_owned())
                    }
                    VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
                };
            }
            SchemaKind::Type(Type::Number(n)) => {
                found.minimum = n.minimum.map(|value| Bound {
                    value,
                    exclusive: n.exclusive_minimum,
                });
                found.maximum = n.maximum.map(|value| Bound {
                    value,
                    exclusive: n.exclusive_maximum,
                });
                found.multiple_of = n.multiple_of;
            }
            SchemaKind::Type(Type::Integer(i)) => {
                // As f64, exactly for every bound below 2^53, which is every bound seen.
                found.minimum = i.minimum.map(|value| Bound {
                    value: value as f64,
                    exclusive: i.exclusive_minimum,
                });
                found.maximum = i.maximum.map(|value| Bound {
                    value: value as f64,
                    exclusive: i.exclusive_maximum,
                });
                found.multiple_of = i.multiple_of.map(|m| m as f64);
            }
            SchemaKind::Type(Type::Array(a)) => {
                found.min_items = a.min_items;
                found.max_items = a.max_items;
                found.unique_items = a.unique_items;
            }
            _ => {}
        }
        (found != Constraints::default()).then_some(Validation {
            pointer: at,
            constraints: found,
        })
    }

    /// The schema that states a value's validation, and its pointer: the value's own, or, for a
    /// `$ref` (or an `allOf` of one `$ref` that adds only docs), the component schema it names.
    fn stated_at(&self, schema: SchemaRef<'a>, at: &Pointer) -> Option<(&'a Schema, Pointer)> {
        let mut current = schema;
        let mut at = at.clone();
        for _ in 0..MAX_REFS {
            match current {
                SchemaRef::Inline(schema) => match &schema.schema_kind {
                    SchemaKind::AllOf { all_of }
                        if all_of.len() == 1 && schema.schema_data.default.is_none() =>
                    {
                        at = at.child("allOf").index(0);
                        current = (&all_of[0]).into();
                    }
                    _ => return Some((schema, at)),
                },
                SchemaRef::Ref(reference) => match self.component_schema(reference)? {
                    (name, ReferenceOr::Item(schema)) => {
                        return Some((schema, Pointer::component("schemas", name)))
                    }
                    (name, ReferenceOr::Reference { reference }) => {
                        at = Pointer::component("schemas", name);
                        current = SchemaRef::Ref(reference);
                    }
                },
            }
        }
        None
    }
}
