//! The catalogue of `diff`'s rules. Every change `diff` reports names the one rule that found it,
//! by a stable id (the `rule` of the JSON report, never renamed), with what it means for code that
//! uses the client. Each rule has a before/after case in `tests/rule_cases`, checked against the
//! compiler and cargo-semver-checks by the semver oracle.

use std::fmt;

/// One rule of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// `operation-added`: a method was added (compatible; a minor release: new functionality).
    OperationAdded,
    /// `operation-removed`: a method is gone: calls to it no longer compile.
    OperationRemoved,
    /// `operation-moved`: the method's path or HTTP method changed: calls compile but reach another endpoint.
    OperationMoved,
    /// `operation-id-changed`: the operationId changed: the method is renamed, or only errors and spans name it differently.
    OperationIdChanged,
    /// `parameter-added`: a parameter was added: a required one is a new argument, which breaks calls; an optional one a new setter on the method's calls, which does not.
    ParameterAdded,
    /// `parameter-removed`: a parameter is gone: calls passing it no longer compile.
    ParameterRemoved,
    /// `parameter-became-required`: an optional parameter became required: its setter is gone and the method takes it as an argument.
    ParameterBecameRequired,
    /// `parameter-became-optional`: a required parameter became optional: the method no longer takes it as an argument; its calls have a setter for it.
    ParameterBecameOptional,
    /// `parameter-type-changed`: a parameter's type changed: calls passing the old type no longer compile.
    ParameterTypeChanged,
    /// `parameter-renamed`: a path parameter was renamed: arguments are positional, so calls still compile.
    ParameterRenamed,
    /// `parameter-moved`: a query parameter became a header parameter or the other way round: its argument or setter is the same, so calls compile the same and send it in its new place.
    ParameterMoved,
    /// `body-type-changed`: the request body's type (or multipart fields) changed.
    BodyTypeChanged,
    /// `body-requiredness-changed`: the body became required or optional: the argument gains or loses its Option.
    BodyRequirednessChanged,
    /// `content-type-changed`: the body is sent in another media type (JSON, multipart, a file).
    ContentTypeChanged,
    /// `result-shape-changed`: the method returns another type (a list for a value, no envelope, bytes, …).
    ResultShapeChanged,
    /// `property-added`: a struct gained a field: compatible, since every struct is `#[non_exhaustive]` and built with `new()`; a required request field breaks `new()`.
    PropertyAdded,
    /// `property-removed`: a struct lost a field: code reading or setting it no longer compiles.
    PropertyRemoved,
    /// `response-property-removed`: a response field the server may no longer send.
    ResponsePropertyRemoved,
    /// `property-renamed`: a field was renamed (its JSON key or its Rust name).
    PropertyRenamed,
    /// `property-became-required`: a field is no longer an Option.
    PropertyBecameRequired,
    /// `property-became-optional`: a field is now an Option.
    PropertyBecameOptional,
    /// `property-type-changed`: a field's type changed.
    PropertyTypeChanged,
    /// `enum-value-added`: an enum gained a variant: compatible, since every enum is `#[non_exhaustive]`.
    EnumValueAdded,
    /// `enum-value-removed`: an enum lost a variant: code naming it no longer compiles.
    EnumValueRemoved,
    /// `union-variant-added`: a `oneOf`/`anyOf` union gained a variant: compatible at the end (the enum is `#[non_exhaustive]`, and JSON that fit an earlier variant reads as before); before another variant, JSON that fits both reads as the new one.
    UnionVariantAdded,
    /// `union-variant-removed`: a union lost a variant: code naming it no longer compiles.
    UnionVariantRemoved,
    /// `schema-added`: a type was added.
    SchemaAdded,
    /// `schema-removed`: a type is gone: code naming it no longer compiles.
    SchemaRemoved,
    /// `schema-renamed`: a type was renamed: code naming it no longer compiles.
    SchemaRenamed,
    /// `schema-type-changed`: a type changed kind (struct, enum, union, alias) or what it aliases.
    SchemaTypeChanged,
    /// `types-joined`: with identical types shared, types the spec now defines identically became one type: code implementing a trait for each no longer compiles.
    TypesJoined,
    /// `types-separated`: with identical types shared, types that were one are now defined differently: code passing one where the other is expected no longer compiles.
    TypesSeparated,
    /// `security-changed`: the credentials an operation accepts changed.
    SecurityChanged,
    /// `retry-changed`: whether the operation is retried after the server may have acted changed.
    RetryChanged,
}

impl Rule {
    /// Every rule, in the order of the catalogue.
    pub const ALL: &[Rule] = &[
        Rule::OperationAdded,
        Rule::OperationRemoved,
        Rule::OperationMoved,
        Rule::OperationIdChanged,
        Rule::ParameterAdded,
        Rule::ParameterRemoved,
        Rule::ParameterBecameRequired,
        Rule::ParameterBecameOptional,
        Rule::ParameterTypeChanged,
        Rule::ParameterRenamed,
        Rule::ParameterMoved,
        Rule::BodyTypeChanged,
        Rule::BodyRequirednessChanged,
        Rule::ContentTypeChanged,
        Rule::ResultShapeChanged,
        Rule::PropertyAdded,
        Rule::PropertyRemoved,
        Rule::ResponsePropertyRemoved,
        Rule::PropertyRenamed,
        Rule::PropertyBecameRequired,
        Rule::PropertyBecameOptional,
        Rule::PropertyTypeChanged,
        Rule::EnumValueAdded,
        Rule::EnumValueRemoved,
        Rule::UnionVariantAdded,
        Rule::UnionVariantRemoved,
        Rule::SchemaAdded,
        Rule::SchemaRemoved,
        Rule::SchemaRenamed,
        Rule::SchemaTypeChanged,
        Rule::TypesJoined,
        Rule::TypesSeparated,
        Rule::SecurityChanged,
        Rule::RetryChanged,
    ];

    /// The stable id (`operation-removed`, …).
    pub fn id(self) -> &'static str {
        match self {
            Rule::OperationAdded => "operation-added",
            Rule::OperationRemoved => "operation-removed",
            Rule::OperationMoved => "operation-moved",
            Rule::OperationIdChanged => "operation-id-changed",
            Rule::ParameterAdded => "parameter-added",
            Rule::ParameterRemoved => "parameter-removed",
            Rule::ParameterBecameRequired => "parameter-became-required",
            Rule::ParameterBecameOptional => "parameter-became-optional",
            Rule::ParameterTypeChanged => "parameter-type-changed",
            Rule::ParameterRenamed => "parameter-renamed",
            Rule::ParameterMoved => "parameter-moved",
            Rule::BodyTypeChanged => "body-type-changed",
            Rule::BodyRequirednessChanged => "body-requiredness-changed",
            Rule::ContentTypeChanged => "content-type-changed",
            Rule::ResultShapeChanged => "result-shape-changed",
            Rule::PropertyAdded => "property-added",
            Rule::PropertyRemoved => "property-removed",
            Rule::ResponsePropertyRemoved => "response-property-removed",
            Rule::PropertyRenamed => "property-renamed",
            Rule::PropertyBecameRequired => "property-became-required",
            Rule::PropertyBecameOptional => "property-became-optional",
            Rule::PropertyTypeChanged => "property-type-changed",
            Rule::EnumValueAdded => "enum-value-added",
            Rule::EnumValueRemoved => "enum-value-removed",
            Rule::UnionVariantAdded => "union-variant-added",
            Rule::UnionVariantRemoved => "union-variant-removed",
            Rule::SchemaAdded => "schema-added",
            Rule::SchemaRemoved => "schema-removed",
            Rule::SchemaRenamed => "schema-renamed",
            Rule::SchemaTypeChanged => "schema-type-changed",
            Rule::TypesJoined => "types-joined",
            Rule::TypesSeparated => "types-separated",
            Rule::SecurityChanged => "security-changed",
            Rule::RetryChanged => "retry-changed",
        }
    }

    /// What a change found by this rule means, in a line.
    pub fn summary(self) -> &'static str {
        match self {
            Rule::OperationAdded => "a method was added (compatible; a minor release: new functionality)",
            Rule::OperationRemoved => "a method is gone: calls to it no longer compile",
            Rule::OperationMoved => "the method's path or HTTP method changed: calls compile but reach another endpoint",
            Rule::OperationIdChanged => "the operationId changed: the method is renamed, or only errors and spans name it differently",
            Rule::ParameterAdded => "a parameter was added: a required one is a new argument, which breaks calls; an optional one a new setter on the method's calls, which does not",
            Rule::ParameterRemoved => "a parameter is gone: calls passing it no longer compile",
            Rule::ParameterBecameRequired => "an optional parameter became required: its setter is gone and the method takes it as an argument",
            Rule::ParameterBecameOptional => "a required parameter became optional: the method no longer takes it as an argument; its calls have a setter for it",
            Rule::ParameterTypeChanged => "a parameter's type changed: calls passing the old type no longer compile",
            Rule::ParameterRenamed => "a path parameter was renamed: arguments are positional, so calls still compile",
            Rule::ParameterMoved => "a query parameter became a header parameter or the other way round: its argument or setter is the same, so calls compile the same and send it in its new place",
            Rule::BodyTypeChanged => "the request body's type (or multipart fields) changed",
            Rule::BodyRequirednessChanged => "the body became required or optional: the argument gains or loses its Option",
            Rule::ContentTypeChanged => "the body is sent in another media type (JSON, multipart, a file)",
            Rule::ResultShapeChanged => "the method returns another type (a list for a value, no envelope, bytes, …)",
            Rule::PropertyAdded => "a struct gained a field: compatible, since every struct is `#[non_exhaustive]` and built with `new()`; a required request field breaks `new()`",
            Rule::PropertyRemoved => "a struct lost a field: code reading or setting it no longer compiles",
            Rule::ResponsePropertyRemoved => "a response field the server may no longer send",
            Rule::PropertyRenamed => "a field was renamed (its JSON key or its Rust name)",
            Rule::PropertyBecameRequired => "a field is no longer an Option",
            Rule::PropertyBecameOptional => "a field is now an Option",
            Rule::PropertyTypeChanged => "a field's type changed",
            Rule::EnumValueAdded => "an enum gained a variant: compatible, since every enum is `#[non_exhaustive]`",
            Rule::EnumValueRemoved => "an enum lost a variant: code naming it no longer compiles",
            Rule::UnionVariantAdded => "a `oneOf`/`anyOf` union gained a variant: compatible at the end (the enum is `#[non_exhaustive]`, and JSON that fit an earlier variant reads as before); before another variant, JSON that fits both reads as the new one",
            Rule::UnionVariantRemoved => "a union lost a variant: code naming it no longer compiles",
            Rule::SchemaAdded => "a type was added",
            Rule::SchemaRemoved => "a type is gone: code naming it no longer compiles",
            Rule::SchemaRenamed => "a type was renamed: code naming it no longer compiles",
            Rule::SchemaTypeChanged => "a type changed kind (struct, enum, union, alias) or what it aliases",
            Rule::TypesJoined => "with identical types shared, types the spec now defines identically became one type: code implementing a trait for each no longer compiles",
            Rule::TypesSeparated => "with identical types shared, types that were one are now defined differently: code passing one where the other is expected no longer compiles",
            Rule::SecurityChanged => "the credentials an operation accepts changed",
            Rule::RetryChanged => "whether the operation is retried after the server may have acted changed",
        }
    }

    /// Compatible changes of these rules add to the public API (a method, a field, a variant, a
    /// type): a minor release, by semver's "new functionality". Every other compatible change (a
    /// renamed path parameter, an operationId that leaves the method name alone) adds nothing: a
    /// patch.
    pub fn adds_to_api(self) -> bool {
        matches!(
            self,
            Rule::OperationAdded
                | Rule::ParameterAdded
                | Rule::PropertyAdded
                | Rule::EnumValueAdded
                | Rule::UnionVariantAdded
                | Rule::SchemaAdded
        )
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, id: &&str) -> bool {
        self.id() == *id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_read_back() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }
}
