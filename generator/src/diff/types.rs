//! The rules about types: schemas added, removed, renamed or changed in kind, and their fields
//! and values, judged by whether requests send them or responses return them.

use super::renames::{same_shape, same_type};
use super::{Differ, Rule, Severity};
use crate::emit::signature::rust_type;
use crate::model::ir::{Field, Struct, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};
use crate::model::usage::Direction;
use crate::pointer::Pointer;
use std::collections::{BTreeMap, BTreeSet};

impl Differ<'_> {
    /// Whether two type references differ only by types renamed between OLD and NEW.
    pub(super) fn renamed(&self, a: &TypeRef, b: &TypeRef) -> bool {
        same_type(a, b, &self.renames)
    }

    /// Whether an old and a new type are the same Rust type once type aliases are seen through
    /// (`AddressingIdentifier` and `AddressingSchemasIdentifier`, both `String`).
    fn same_through_aliases(&self, old: &TypeRef, new: &TypeRef) -> bool {
        expanded(&self.old.types, old) == expanded(&self.new.types, new)
    }

    /// A union's variants, by name: removed, added (at the end, or before others), holding
    /// another type.
    fn union_variants(
        &mut self,
        ty: &str,
        at: &Pointer,
        old: &[UnionVariant],
        new: &[UnionVariant],
    ) {
        // Changes point at the union itself: the IR does not record whether it was a `oneOf`
        // or an `anyOf`, so a pointer to the variant would be a guess.
        let before: BTreeMap<&str, &UnionVariant> =
            old.iter().map(|v| (v.name.as_str(), v)).collect();
        let after: BTreeSet<&str> = new.iter().map(|v| v.name.as_str()).collect();
        self.union_order(ty, at, (old, new), (&before, &after));
        let last_kept = new
            .iter()
            .rposition(|v| before.contains_key(v.name.as_str()));
        for (i, variant) in new.iter().enumerate() {
            let name = variant.name.as_str();
            match before.get(variant.name.as_str()) {
                None if last_kept.is_none_or(|last| i > last) => self.push(
                    Severity::Compatible,
                    Rule::UnionVariantAdded,
                    at.to_owned(),
                    format!(
                        "`{ty}::{name}` (`{}`) added after the others: JSON that fit an \
                         earlier variant reads as it did; matches need no change (the enum \
                         is non-exhaustive)",
                        rust_type(&variant.ty)
                    ),
                ),
                None => self.push(
                    Severity::PotentiallyBreaking,
                    Rule::UnionVariantAdded,
                    at.to_owned(),
                    format!(
                        "`{ty}::{name}` (`{}`) added before other variants: JSON that fits it \
                         and a later one now reads as `{ty}::{name}`",
                        rust_type(&variant.ty)
                    ),
                ),
                Some(old_variant) if !self.renamed(&old_variant.ty, &variant.ty) => self.push(
                    Severity::Breaking,
                    Rule::SchemaTypeChanged,
                    at.to_owned(),
                    format!(
                        "`{ty}::{name}` holds `{}` instead of `{}`: code building or matching \
                         it no longer compiles",
                        rust_type(&variant.ty),
                        rust_type(&old_variant.ty)
                    ),
                ),
                Some(_) => {}
            }
        }
        for variant in old {
            if !after.contains(variant.name.as_str()) {
                self.push_removed(
                    Rule::UnionVariantRemoved,
                    at.to_owned(),
                    format!(
                        "`{ty}::{}` removed: code naming it no longer compiles",
                        variant.name.as_str()
                    ),
                );
            }
        }
    }

    /// Variants both sides keep, in their new order, were in that order before too.
    fn union_order(
        &mut self,
        ty: &str,
        at: &Pointer,
        (old, new): (&[UnionVariant], &[UnionVariant]),
        (before, after): (&BTreeMap<&str, &UnionVariant>, &BTreeSet<&str>),
    ) {
        let kept: Vec<&str> = new
            .iter()
            .map(|v| v.name.as_str())
            .filter(|n| before.contains_key(n))
            .collect();
        let old_kept: Vec<&str> = old
            .iter()
            .map(|v| v.name.as_str())
            .filter(|n| after.contains(n))
            .collect();
        if kept != old_kept {
            let message = format!(
                "the variants of `{ty}` are tried in another order ({}): JSON that fits \
                 several now reads as another variant",
                kept.join(", ")
            );
            self.push(
                Severity::PotentiallyBreaking,
                Rule::SchemaTypeChanged,
                at.to_owned(),
                message,
            );
        }
    }

    pub(super) fn types(&mut self) {
        let renamed_to: BTreeSet<String> = self.renames.values().cloned().collect();
        for (name, def) in &self.old.types {
            let owner = match self.new.types.get(name) {
                Some(_) => self.owners.1.get(name),
                None => self.owners.0.get(name),
            };
            self.owned_by(owner.cloned(), |differ| differ.type_changes(name, def));
        }
        for (name, def) in &self.new.types {
            if !self.old.types.contains_key(name) && !renamed_to.contains(name) {
                let owner = self.owners.1.get(name).cloned();
                self.owned_by(owner, |differ| {
                    differ.push(
                        Severity::Compatible,
                        Rule::SchemaAdded,
                        def.pointer.clone(),
                        format!("type `{}` added (schema `{}`)", name, def.source()),
                    );
                });
            }
        }
    }

    /// The changes of one type of OLD: removed, renamed or changed.
    fn type_changes(&mut self, name: &str, def: &TypeDef) {
        match self.new.types.get(name) {
            None => match self.renames.get(name).cloned() {
                Some(new_name) => {
                    let new_types = &self.new.types;
                    let arrival = &new_types[&new_name];
                    let message = format!(
                        "type `{}` is renamed `{}` (schema `{}` is now `{}`): code \
                         naming `{}` no longer compiles",
                        name,
                        new_name.as_str(),
                        def.source(),
                        arrival.source(),
                        name
                    );
                    self.push(
                        Severity::Breaking,
                        Rule::SchemaRenamed,
                        arrival.pointer.clone(),
                        message,
                    );
                    self.type_def(&new_name, def, arrival);
                }
                None => self.push_removed(
                    Rule::SchemaRemoved,
                    def.pointer.clone(),
                    format!(
                        "type `{}` removed (schema `{}`): code naming it no longer compiles",
                        name,
                        def.source()
                    ),
                ),
            },
            Some(new) => self.type_def(name, def, new),
        }
    }

    fn type_def(&mut self, name: &str, old: &TypeDef, new: &TypeDef) {
        let at = &new.pointer;
        let direction = self.directions.get(name).copied().unwrap_or_default();
        let ty = name;
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                self.struct_fields(ty, direction, a, b);
                self.constructor_order(ty, at, a, b);
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => self.enum_values(ty, direction, a, b),
            (TypeKind::Union(a), TypeKind::Union(b)) => self.union_variants(ty, at, a, b),
            (a, b) if !same_shape(a, b, &self.renames) => {
                let (before, after) = (describe_kind(a), describe_kind(b));
                self.push(
                    Severity::Breaking,
                    Rule::SchemaTypeChanged,
                    at.clone(),
                    format!("type `{ty}` changed from {before} to {after}"),
                );
            }
            _ => {}
        }
    }

    /// A struct's fields, matched by their JSON keys: added, changed or removed.
    fn struct_fields(&mut self, ty: &str, direction: Direction, old: &Struct, new: &Struct) {
        let before: BTreeMap<Option<&str>, &Field> =
            old.fields.iter().map(|f| (f.key(), f)).collect();
        for field in &new.fields {
            match before.get(&field.key()) {
                None => self.field_added(ty, direction, field),
                Some(old_field) => self.field_changed(ty, direction, old_field, field),
            }
        }
        let after: BTreeSet<Option<&str>> = new.fields.iter().map(Field::key).collect();
        for field in old.fields.iter().filter(|f| !after.contains(&f.key())) {
            let rule = if direction.response && !direction.request {
                Rule::ResponsePropertyRemoved
            } else {
                Rule::PropertyRemoved
            };
            let message = format!(
                "`{ty}::{}` removed: code that reads or sets it no longer compiles",
                field.name.as_str()
            );
            self.push_removed(rule, field.pointer.clone(), message);
        }
    }

    /// The arguments of `new` both sides take (fields required on both), in the order each
    /// side takes them. Another order is breaking even where calls still compile: `new`'s
    /// arguments are positional and each is an `impl Into<…>`, so a call with values of one type
    /// (or of types a value converts into) compiles and sets each value to another field.
    fn constructor_order(&mut self, ty: &str, at: &Pointer, old: &Struct, new: &Struct) {
        fn required_on_both<'s>(this: &'s Struct, other: &Struct) -> Vec<&'s Field> {
            let other_required: BTreeSet<Option<&str>> = other
                .fields
                .iter()
                .filter(|f| !f.is_optional())
                .map(Field::key)
                .collect();
            this.fields
                .iter()
                .filter(|f| !f.is_optional() && other_required.contains(&f.key()))
                .collect()
        }
        let (before, after) = (required_on_both(old, new), required_on_both(new, old));
        if before
            .iter()
            .map(|f| f.key())
            .ne(after.iter().map(|f| f.key()))
        {
            let names = |fields: &[&Field]| {
                let names: Vec<String> = fields
                    .iter()
                    .map(|f| format!("`{}`", f.name.as_str()))
                    .collect();
                names.join(", ")
            };
            self.push(
                Severity::Breaking,
                Rule::ConstructorArgumentsReordered,
                at.clone(),
                format!(
                    "`{ty}::new` takes its arguments in another order ({} instead of {}): calls \
                     that pass values of one type for them still compile and set each value to \
                     another field; others no longer compile",
                    names(&after),
                    names(&before)
                ),
            );
        }
    }

    fn field_added(&mut self, ty: &str, direction: Direction, field: &Field) {
        let path = format!("{ty}::{}", field.name.as_str());
        if field.is_optional() {
            let message = format!(
                "`{path}` is new and optional (`Option<{}>`, set with `.{}(…)`); `{ty}` is \
                 `#[non_exhaustive]` and built with `new` and setters, so existing code is \
                 unaffected",
                rust_type(&field.ty),
                field.setter.as_str()
            );
            self.push(
                Severity::Compatible,
                Rule::PropertyAdded,
                field.pointer.clone(),
                message,
            );
            return;
        }
        let consequence = if direction.request {
            format!("calls to `{ty}::new` without it no longer compile")
        } else {
            format!(
                "calls to `{ty}::new` without it no longer compile, and responses without it no \
                 longer deserialise"
            )
        };
        self.push(
            Severity::Breaking,
            Rule::PropertyAdded,
            field.pointer.clone(),
            format!(
                "`{path}` is new and required: `{ty}::new` takes it as a new argument; \
                 {consequence}"
            ),
        );
    }

    /// A field both sides have: its checks and deprecation, its names, whether it is required,
    /// its type.
    fn field_changed(&mut self, ty: &str, direction: Direction, old: &Field, new: &Field) {
        let pointer = &new.pointer;
        let path = format!("{ty}::{}", new.name.as_str());
        let what = format!("`{path}`");
        let validation = (old.validation.as_ref(), new.validation.as_ref());
        self.value_checks(&what, direction.request, validation, pointer);
        self.deprecation(
            &what,
            "the field and its setter are `#[deprecated]`, so code using them warns",
            (old.deprecated, new.deprecated),
            pointer,
        );
        if old.name != new.name {
            let message = format!(
                "`{ty}::{}` is now `{path}` (another property took its Rust name): code that \
                 reads or sets it no longer compiles",
                old.name.as_str()
            );
            self.push(
                Severity::Breaking,
                Rule::PropertyRenamed,
                pointer.clone(),
                message,
            );
        } else if old.setter != new.setter {
            let message = format!(
                "the setter of `{path}` is now `{}` instead of `{}`: code that calls it no \
                 longer compiles",
                new.setter.as_str(),
                old.setter.as_str()
            );
            self.push(
                Severity::Breaking,
                Rule::PropertyRenamed,
                pointer.clone(),
                message,
            );
        }
        self.field_requiredness(ty, &path, old, new);
        self.field_type(ty, &path, old, new);
    }

    fn field_requiredness(&mut self, ty: &str, path: &str, old: &Field, new: &Field) {
        let (before, after) = (rust_type(&old.ty), rust_type(&new.ty));
        let (rule, message) = match (old.is_optional(), new.is_optional()) {
            (true, false) => (
                Rule::PropertyBecameRequired,
                format!(
                    "`{path}` became required: it is `{after}` instead of `Option<{before}>`, \
                     and `{ty}::new` takes it as an argument; calls to `new` without it, and \
                     code reading it as an `Option`, no longer compile"
                ),
            ),
            (false, true) => (
                Rule::PropertyBecameOptional,
                format!(
                    "`{path}` became optional: it is `Option<{after}>` instead of `{before}`, \
                     and `{ty}::new` no longer takes it; code reading it, and calls to `new` \
                     that pass it, no longer compile"
                ),
            ),
            _ => return,
        };
        self.push(Severity::Breaking, rule, new.pointer.clone(), message);
    }

    fn field_type(&mut self, ty: &str, path: &str, old: &Field, new: &Field) {
        if old.ty == new.ty || self.renamed(&old.ty, &new.ty) {
            return;
        }
        let (before, after) = (rust_type(&old.ty), rust_type(&new.ty));
        if self.same_through_aliases(&old.ty, &new.ty) {
            let message = format!(
                "`{path}` changed from `{before}` to `{after}`, both `{}`: aliases of one type, \
                 so code using it compiles the same",
                rust_type(&expanded(&self.new.types, &new.ty))
            );
            self.push(
                Severity::Compatible,
                Rule::PropertyTypeChanged,
                new.pointer.clone(),
                message,
            );
        } else {
            let message = format!(
                "`{path}` changed from `{before}` to `{after}`: code reading it, and calls \
                 passing the old type to its setter or to `{ty}::new`, no longer compile"
            );
            self.push(
                Severity::Breaking,
                Rule::PropertyTypeChanged,
                new.pointer.clone(),
                message,
            );
        }
    }

    /// An enum's values, matched by their JSON text: added or removed.
    fn enum_values(&mut self, ty: &str, direction: Direction, old: &[Variant], new: &[Variant]) {
        let before: BTreeSet<&str> = old.iter().map(|v| v.wire.as_str()).collect();
        let after: BTreeSet<&str> = new.iter().map(|v| v.wire.as_str()).collect();
        for variant in new.iter().filter(|v| !before.contains(v.wire.as_str())) {
            let consequence = match (direction.request, direction.response) {
                (true, true) => {
                    "callers may now send it, and responses carrying it deserialise as this \
                     variant rather than `Unknown`; matches need no change (the enum is \
                     non-exhaustive)"
                }
                (false, true) => {
                    "responses carrying it deserialise as this variant rather than `Unknown`; \
                     matches need no change (the enum is non-exhaustive)"
                }
                _ => "callers may now send it; matches need no change (the enum is non-exhaustive)",
            };
            self.push(
                Severity::Compatible,
                Rule::EnumValueAdded,
                variant.pointer.clone(),
                format!(
                    "`{ty}::{}` (`{:?}`) added: {consequence}",
                    variant.name, variant.wire
                ),
            );
        }
        for variant in old.iter().filter(|v| !after.contains(v.wire.as_str())) {
            let consequence = if direction.request && !direction.response {
                "code that sends it no longer compiles"
            } else {
                "code naming it no longer compiles, and responses carrying it now deserialise as \
                 `Unknown`"
            };
            self.push_removed(
                Rule::EnumValueRemoved,
                variant.pointer.clone(),
                format!(
                    "`{ty}::{}` (`{:?}`) removed: {consequence}",
                    variant.name, variant.wire
                ),
            );
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

/// A type with every alias in it replaced by what it aliases (`Vec<Label>` → `Vec<String>`).
fn expanded(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> TypeRef {
    let mut seen = BTreeSet::new();
    expand(types, ty, &mut seen)
}

fn expand(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, seen: &mut BTreeSet<String>) -> TypeRef {
    match ty {
        TypeRef::Named(name) => match types.get(name).map(|d| &d.kind) {
            // An alias cycle is refused when the types are made; should one be met, stop there.
            Some(TypeKind::Alias(inner)) if seen.insert(name.clone()) => expand(types, inner, seen),
            _ => ty.clone(),
        },
        TypeRef::Array(inner) => TypeRef::Array(Box::new(expand(types, inner, seen))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(expand(types, inner, seen))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(expand(types, inner, seen))),
        _ => ty.clone(),
    }
}
