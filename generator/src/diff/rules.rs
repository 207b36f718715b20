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
    /// `resource-added`: a resource was added: an accessor on `Client` (or on its parent resource) and its struct, with a feature per tag also a cargo feature.
    ResourceAdded,
    /// `resource-removed`: a resource is gone (its accessor and struct, with a feature per tag its cargo feature), or its cargo feature was renamed: code naming them, and a `Cargo.toml` enabling the feature, no longer compile.
    ResourceRemoved,
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
    /// `constructor-arguments-reordered`: a struct's `new` takes the same required fields in another order: calls that pass them may still compile (arguments of one type, or of types one value converts into) and then set each value to another field.
    ConstructorArgumentsReordered,
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
    /// `serde-trait-added`: with serde traits derived as used, a type now implements `Serialize` (a request sends it) or `Deserialize` (a response returns it).
    SerdeTraitAdded,
    /// `serde-trait-removed`: with serde traits derived as used, a type no longer implements `Serialize` (no request sends it) or `Deserialize` (no response returns it): code that needs it to no longer compiles.
    SerdeTraitRemoved,
    /// `document-size-crossed`: the document crossed the size from which it is generated as a large one, so with the size-dependent settings unset its types are generated otherwise (the changes that makes are reported with their own rules).
    DocumentSizeCrossed,
    /// `security-changed`: the credentials an operation accepts changed.
    SecurityChanged,
    /// `credentials-added`: a crate made with `generate --crate` has a new `Credentials` variant and constructor: compatible, since the enum is `#[non_exhaustive]`.
    CredentialsAdded,
    /// `credentials-removed`: a `Credentials` variant and its constructor are gone from a crate made with `generate --crate`: code naming them no longer compiles.
    CredentialsRemoved,
    /// `credentials-changed`: a `Credentials` variant holds other values (its constructor takes other arguments): code building it no longer compiles.
    CredentialsChanged,
    /// `retry-changed`: whether the operation is retried after the server may have acted changed.
    RetryChanged,
    /// `validation-tightened`: a value a request sends is checked more strictly (`maxLength` lowered, a `pattern` or `format` added, a range narrowed, …): calls compile the same, and the server may refuse values it accepted; the same change to a value only responses hold is not reported, since the client does not check it.
    ValidationTightened,
    /// `validation-loosened`: a value a request sends is checked less strictly: the server accepts what it refused.
    ValidationLoosened,
    /// `default-changed`: the default of a value a request sends changed: calls that leave it unset compile the same and get another behaviour.
    DefaultChanged,
    /// `marked-deprecated`: an operation, parameter or field is now deprecated: its method, setter or field is `#[deprecated]`, so code using it warns (a minor release, as for any deprecation).
    MarkedDeprecated,
    /// `no-longer-deprecated`: an operation, parameter or field is no longer deprecated: its `#[deprecated]` is gone.
    NoLongerDeprecated,
    /// `response-status-added`: an operation declares a response status it did not: running code may now get it (an error status as `Error::Api`, a success one decoded as the result).
    ResponseStatusAdded,
    /// `response-status-removed`: an operation no longer declares a response status: code handling it still compiles, and may no longer see it.
    ResponseStatusRemoved,
    /// `servers-changed`: the spec's servers changed: the client's base URL is the caller's to set, and a caller who set the old server's may reach the wrong place.
    ServersChanged,
}

impl Rule {
    /// Every rule, in the order of the catalogue.
    pub const ALL: &[Rule] = &[
        Rule::OperationAdded,
        Rule::OperationRemoved,
        Rule::OperationMoved,
        Rule::OperationIdChanged,
        Rule::ResourceAdded,
        Rule::ResourceRemoved,
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
        Rule::ConstructorArgumentsReordered,
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
        Rule::SerdeTraitAdded,
        Rule::SerdeTraitRemoved,
        Rule::DocumentSizeCrossed,
        Rule::SecurityChanged,
        Rule::CredentialsAdded,
        Rule::CredentialsRemoved,
        Rule::CredentialsChanged,
        Rule::RetryChanged,
        Rule::ValidationTightened,
        Rule::ValidationLoosened,
        Rule::DefaultChanged,
        Rule::MarkedDeprecated,
        Rule::NoLongerDeprecated,
        Rule::ResponseStatusAdded,
        Rule::ResponseStatusRemoved,
        Rule::ServersChanged,
    ];

    /// The stable id (`operation-removed`, …).
    pub fn id(self) -> &'static str {
        match self {
            Rule::OperationAdded => "operation-added",
            Rule::OperationRemoved => "operation-removed",
            Rule::OperationMoved => "operation-moved",
            Rule::OperationIdChanged => "operation-id-changed",
            Rule::ResourceAdded => "resource-added",
            Rule::ResourceRemoved => "resource-removed",
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
            Rule::ConstructorArgumentsReordered => "constructor-arguments-reordered",
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
            Rule::SerdeTraitAdded => "serde-trait-added",
            Rule::SerdeTraitRemoved => "serde-trait-removed",
            Rule::DocumentSizeCrossed => "document-size-crossed",
            Rule::SecurityChanged => "security-changed",
            Rule::CredentialsAdded => "credentials-added",
            Rule::CredentialsRemoved => "credentials-removed",
            Rule::CredentialsChanged => "credentials-changed",
            Rule::RetryChanged => "retry-changed",
            Rule::ValidationTightened => "validation-tightened",
            Rule::ValidationLoosened => "validation-loosened",
            Rule::DefaultChanged => "default-changed",
            Rule::MarkedDeprecated => "marked-deprecated",
            Rule::NoLongerDeprecated => "no-longer-deprecated",
            Rule::ResponseStatusAdded => "response-status-added",
            Rule::ResponseStatusRemoved => "response-status-removed",
            Rule::ServersChanged => "servers-changed",
        }
    }

    /// What a change found by this rule means, in a line.
    pub fn summary(self) -> &'static str {
        match self {
            Rule::OperationAdded => "a method was added (compatible; a minor release: new functionality)",
            Rule::OperationRemoved => "a method is gone: calls to it no longer compile",
            Rule::OperationMoved => "the method's path or HTTP method changed: calls compile but reach another endpoint",
            Rule::OperationIdChanged => "the operationId changed: the method is renamed, or only errors and spans name it differently",
            Rule::ResourceAdded => "a resource was added: an accessor on `Client` (or on its parent resource) and its struct, with a feature per tag also a cargo feature",
            Rule::ResourceRemoved => "a resource is gone (its accessor and struct, with a feature per tag its cargo feature), or its cargo feature was renamed: code naming them, and a `Cargo.toml` enabling the feature, no longer compile",
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
            Rule::ConstructorArgumentsReordered => "a struct's `new` takes the same required fields in another order: calls that pass them may still compile (arguments of one type, or of types one value converts into) and then set each value to another field",
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
            Rule::SerdeTraitAdded => "with serde traits derived as used, a type now implements `Serialize` (a request sends it) or `Deserialize` (a response returns it)",
            Rule::SerdeTraitRemoved => "with serde traits derived as used, a type no longer implements `Serialize` (no request sends it) or `Deserialize` (no response returns it): code that needs it to no longer compiles",
            Rule::DocumentSizeCrossed => "the document crossed the size from which it is generated as a large one, so with the size-dependent settings unset its types are generated otherwise (the changes that makes are reported with their own rules)",
            Rule::SecurityChanged => "the credentials an operation accepts changed",
            Rule::CredentialsAdded => "a crate made with `generate --crate` has a new `Credentials` variant and constructor: compatible, since the enum is `#[non_exhaustive]`",
            Rule::CredentialsRemoved => "a `Credentials` variant and its constructor are gone from a crate made with `generate --crate`: code naming them no longer compiles",
            Rule::CredentialsChanged => "a `Credentials` variant holds other values (its constructor takes other arguments): code building it no longer compiles",
            Rule::RetryChanged => "whether the operation is retried after the server may have acted changed",
            Rule::ValidationTightened => "a value a request sends is checked more strictly (`maxLength` lowered, a `pattern` or `format` added, a range narrowed, …): calls compile the same, and the server may refuse values it accepted; the same change to a value only responses hold is not reported, since the client does not check it",
            Rule::ValidationLoosened => "a value a request sends is checked less strictly: the server accepts what it refused",
            Rule::DefaultChanged => "the default of a value a request sends changed: calls that leave it unset compile the same and get another behaviour",
            Rule::MarkedDeprecated => "an operation, parameter or field is now deprecated: its method, setter or field is `#[deprecated]`, so code using it warns (a minor release, as for any deprecation)",
            Rule::NoLongerDeprecated => "an operation, parameter or field is no longer deprecated: its `#[deprecated]` is gone",
            Rule::ResponseStatusAdded => "an operation declares a response status it did not: running code may now get it (an error status as `Error::Api`, a success one decoded as the result)",
            Rule::ResponseStatusRemoved => "an operation no longer declares a response status: code handling it still compiles, and may no longer see it",
            Rule::ServersChanged => "the spec's servers changed: the client's base URL is the caller's to set, and a caller who set the old server's may reach the wrong place",
        }
    }

    /// Compatible changes of these rules add to the public API (a method, a field, a variant, a
    /// type) or deprecate part of it: a minor release, by semver's "new functionality" and its
    /// "any public API functionality is marked as deprecated". Every other compatible change (a
    /// renamed path parameter, an operationId that leaves the method name alone) adds nothing: a
    /// patch.
    pub fn adds_to_api(self) -> bool {
        matches!(
            self,
            Rule::OperationAdded
                | Rule::ResourceAdded
                | Rule::ParameterAdded
                | Rule::PropertyAdded
                | Rule::EnumValueAdded
                | Rule::UnionVariantAdded
                | Rule::SchemaAdded
                | Rule::CredentialsAdded
                | Rule::SerdeTraitAdded
                | Rule::MarkedDeprecated
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
