//! The intermediate representation between the spec and the Rust tokens.
//!
//! Everything here is already decided: Rust names are final, `$ref`s are resolved, `allOf` is
//! merged, the envelope is unwrapped, every node knows where the spec defines it, and every
//! setting has acted (shared types, serde traits, features). Emitters and `diff` read only
//! these types, never `openapiv3`'s. Collections are ordered (Vec, BTreeMap) so the output
//! never depends on hash order. `generator/DESIGN.md` shows where the IR sits.

pub use crate::naming::Ident;
use crate::pointer::Pointer;
use std::collections::{BTreeMap, BTreeSet};

/// The whole client: its types and its resources.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Every generated type, by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Top-level resources, in the order their tags are declared.
    pub resources: Vec<Resource>,
    /// What lenient generation left out, and why; and the callbacks and webhooks set aside.
    pub skipped: Vec<Skip>,
    /// The servers the spec names, as written: the client's base URL is the user's to choose,
    /// but a reviewer needs to know when the API's own address moves.
    pub servers: Vec<String>,
    /// With a feature per tag (`Settings::features_per_tag`), which feature gates each part.
    pub features: Option<Features>,
    /// What a crate made of the spec says of the API beyond its operations.
    pub about: About,
    /// How many operations the document declares (every method of every path, those left out
    /// included): what the settings that follow a document's size go by
    /// ([`LARGE_DOCUMENT_OPERATIONS`](crate::LARGE_DOCUMENT_OPERATIONS)).
    pub operations: usize,
}

impl Api {
    /// Where the spec lists its servers.
    pub fn servers_pointer(&self) -> Pointer {
        Pointer::root().child("servers")
    }
}

/// What a crate made of the spec needs of it beyond its operations: the spec's `info`, where the
/// API lives and how callers prove who they are.
#[derive(Debug, Clone, PartialEq)]
pub struct About {
    /// `info.title`.
    pub title: String,
    /// `info.version`: the API's, not a crate's.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server's URL with every variable at its default, when it is an absolute
    /// `http`/`https` URL.
    pub base_url: Option<String>,
    /// `components.securitySchemes`, in the order the spec declares them.
    pub security_schemes: Vec<SecurityScheme>,
}

/// A way for callers to prove who they are.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`, which security requirements name.
    pub name: String,
    pub kind: SchemeKind,
    pub description: Option<String>,
    /// Where the spec defines it.
    pub pointer: Pointer,
}

/// How a security scheme's credentials travel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`: `http` `bearer`, and the token OAuth 2 or OpenID Connect
    /// hands out.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// An API key in the header of this name.
    Header(String),
    /// An API key in the cookie of this name.
    Cookie(String),
    /// An API key in the query parameter of this name.
    Query(String),
    /// What the client cannot send, and why.
    Unsupported(String),
}

/// A feature and the module whose code it gates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    /// The cargo feature (`radar-http`).
    pub feature: String,
    /// The module it gates, in `types` and in `resources` (`radar_http`).
    pub module: String,
}

/// The features of one generated API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Features {
    /// The gate of each top-level resource, in the order of `Api::resources`.
    pub tags: Vec<Gate>,
    /// The gate of the types no operation uses.
    pub unreferenced: Gate,
    /// For each type some operation uses: the indices (into `tags`) of the tags that use it.
    pub(crate) users: BTreeMap<String, BTreeSet<usize>>,
    /// The types that schemas no operation uses hold (those schemas themselves included).
    pub(crate) held_by_unreferenced: BTreeSet<String>,
}

/// Where a type's code goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// Used by one tag only: compiled with that tag (an index into [`Features::tags`]).
    Tag(usize),
    /// Used by several tags: compiled when any of them is.
    Shared,
    /// Used by no operation: compiled with [`UNREFERENCED`](super::features::UNREFERENCED).
    Unreferenced,
}

/// Doc text from the spec: a title line and a longer description, either possibly empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// One named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// Where the spec defines it.
    pub pointer: Pointer,
    /// Whether it is a component schema of its own or defined inside something else.
    pub origin: Origin,
    pub docs: Docs,
    pub kind: TypeKind,
    /// The type it is an alias of because the spec defines the two identically (set by
    /// [`identical::share`](super::identical::share), with `kind` that alias).
    pub identical_to: Option<String>,
    /// The serde traits it implements: both, unless generated with
    /// `Settings::derive_as_used`, when only those its use needs.
    pub serde: SerdeTraits,
}

/// Which serde traits a type implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerdeTraits {
    pub serialize: bool,
    pub deserialize: bool,
}

impl SerdeTraits {
    /// `Serialize` and `Deserialize`.
    pub const BOTH: SerdeTraits = SerdeTraits {
        serialize: true,
        deserialize: true,
    };
}

/// Where a type comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The component schema of this name.
    Component(String),
    /// A schema written inside another, a parameter, a body or a response (at the type's
    /// pointer).
    Inline,
}

impl TypeDef {
    /// The component schema it is, by name; `None` for a type defined inline.
    pub fn component(&self) -> Option<&str> {
        match &self.origin {
            Origin::Component(name) => Some(name),
            Origin::Inline => None,
        }
    }

    /// How a reader finds it in the spec: the component's name, or the pointer of an inline
    /// schema.
    pub fn source(&self) -> &str {
        self.component().unwrap_or(self.pointer.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A JSON object with known properties.
    Struct(Struct),
    /// A string enum; unknown values deserialise into a catch-all variant.
    Enum(Vec<Variant>),
    /// `oneOf`/`anyOf`: the first variant that deserialises wins.
    Union(Vec<UnionVariant>),
    /// A named schema that is not an object (a string, an array, …): a type alias.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// No field is required, so the struct derives `Default` and its constructor takes nothing.
    pub default: bool,
    /// `additionalProperties` beside named properties: a flattened map field, with its name.
    pub additional: Option<(String, TypeRef)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Ident,
    /// Where it sits in JSON, and whether it must be there.
    pub presence: Presence,
    /// Where the spec defines the property (in the `allOf` part that names it, for a merged
    /// one).
    pub pointer: Pointer,
    pub docs: Docs,
    pub ty: TypeRef,
    /// Boxed to break a cycle of types containing each other.
    pub boxed: bool,
    /// Name of the chainable method that sets it (the field's own name, unless that is `new`).
    pub setter: Ident,
    /// The spec marks it `deprecated`: the field and its setter are `#[deprecated]`.
    pub deprecated: bool,
    /// What the server checks of its value beyond its type, if the spec says.
    pub validation: Option<Validation>,
}

/// Where a field sits in JSON, and whether it must be there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// Under this key, always: the field is its type (a nullable property is `Optional`).
    Required(String),
    /// Under this key, or absent (or `null`): the field is an `Option`.
    Optional(String),
    /// The union an `allOf` also is (`oneOf` beside object parts): its fields sit beside the
    /// others in JSON (`#[serde(flatten)]`), with no key of its own.
    Flattened,
}

impl Field {
    /// Its JSON key; `None` for a flattened field.
    pub fn key(&self) -> Option<&str> {
        match &self.presence {
            Presence::Required(key) | Presence::Optional(key) => Some(key),
            Presence::Flattened => None,
        }
    }

    /// Absent from JSON is allowed: the field is an `Option`.
    pub fn is_optional(&self) -> bool {
        matches!(self.presence, Presence::Optional(_))
    }

    /// Its fields sit beside the struct's others in JSON.
    pub fn is_flattened(&self) -> bool {
        self.presence == Presence::Flattened
    }
}

/// What the server checks of a value beyond its Rust type, and the value it assumes when the
/// value is left out: the spec's validation keywords, which the client does not check itself.
/// `diff` reports when they change what the server accepts; the emitters do not read them.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// Where the spec states them: the value's own schema, or the one its `$ref` names.
    pub pointer: Pointer,
    pub constraints: Constraints,
}

/// The validation keywords of one schema (and its `default`); the default value states none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    /// A string `format` that is not already the Rust type (`email`, `uuid`, `ipv4`, …).
    pub format: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    pub default: Option<serde_json::Value>,
}

/// A `minimum` or `maximum`, and whether the bound itself is excluded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub wire: String,
    /// Where the spec lists the value: `…/enum/2`.
    pub pointer: Pointer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Boxed to break a cycle of types containing each other.
    pub boxed: bool,
}

/// A type as used in a field, parameter or result.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    /// `format: date-time`.
    Timestamp,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// Any JSON value (a schema with no type, or one the generator could not express).
    Json,
    /// A JSON object with no declared properties.
    JsonObject,
    Named(String),
    Array(Box<TypeRef>),
    /// `additionalProperties`: string keys.
    Map(Box<TypeRef>),
    /// `nullable: true`.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// The named type inside it, however deep (`Vec<Option<Item>>` → `Item`).
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }

    /// The named type this one holds inline (not behind a `Vec` or map), if any: what a type
    /// cycle must pass through for a `Box` to be needed.
    pub fn direct_name(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Nullable(inner) => inner.direct_name(),
            _ => None,
        }
    }
}

impl TypeKind {
    /// Every type it refers to: its fields' (and the map of other keys'), its variants', or the
    /// aliased type.
    pub fn refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.iter().map(|(_, ty)| ty))
                .collect(),
            TypeKind::Union(variants) => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

impl Operation {
    /// The types a call sends: path, query and header parameters, the body.
    pub fn sent(&self) -> Vec<TypeRef> {
        let params = self.path_params.iter().chain(&self.params);
        let mut sent: Vec<TypeRef> = params.map(|p| p.ty.clone()).collect();
        match &self.body {
            Some(Body::Json { ty, .. }) => sent.push(ty.clone()),
            Some(Body::Multipart { parts, .. }) => sent.extend(parts.iter().map(|p| p.ty.clone())),
            Some(Body::Binary { .. }) | None => {}
        }
        sent
    }

    /// The optional query and header parameters, each a setter on the operation's calls.
    pub fn setters(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.required)
    }

    /// Where the spec gives its operationId: that key, or, for an id made from the method and
    /// path, the operation.
    pub fn operation_id_pointer(&self) -> Pointer {
        if self.id_from_path {
            self.pointer.clone()
        } else {
            self.pointer.child("operationId")
        }
    }

    /// Where the spec gives its body, if it has one.
    pub fn body_pointer(&self) -> Option<Pointer> {
        self.body
            .as_ref()
            .map(|_| self.pointer.child("requestBody"))
    }

    /// Where the spec lists its responses (a status's is `.child(status)`).
    pub fn responses_pointer(&self) -> Pointer {
        self.pointer.child("responses")
    }

    /// The type a call returns, when it returns JSON.
    pub fn returned(&self) -> Option<&TypeRef> {
        match &self.response {
            Response::Envelope(Some(ty)) | Response::Json(ty) => Some(ty),
            _ => None,
        }
    }
}

/// Every method of a resource tree, resource by resource, with the Rust path of its resource
/// (`requests().messages()`).
pub fn all_methods(resources: &[Resource]) -> Vec<(String, &Method)> {
    fn walk<'a>(resources: &'a [Resource], prefix: &str, out: &mut Vec<(String, &'a Method)>) {
        for r in resources {
            let path = format!("{prefix}{}()", r.accessor);
            out.extend(r.methods.iter().map(|m| (path.clone(), m)));
            walk(&r.children, &format!("{path}."), out);
        }
    }
    let mut out = Vec::new();
    walk(resources, "", &mut out);
    out
}

/// A group of operations on one kind of thing, reached as `client.requests()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Accessor method name (`requests`).
    pub accessor: Ident,
    /// Struct name (`Requests`).
    pub type_name: String,
    /// The tag it comes from.
    pub tag: String,
    /// Where the spec gives the tag: its declaration in `tags`, else the first operation that
    /// names it (or, for the operations no tag names, the first of them).
    pub pointer: Pointer,
    pub docs: Docs,
    pub methods: Vec<Method>,
    pub children: Vec<Resource>,
}

/// An operation as its resource's method, named in the resource's namespace (which it shares
/// with the sub-resources' accessors).
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// The method's name (`list`).
    pub name: Ident,
    pub operation: Operation,
    /// For an operation whose pages can be walked, the method that streams every item.
    pub stream: Option<Stream>,
}

/// The method that walks a paged operation's pages (`list_all`).
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub name: Ident,
    pub paging: Paging,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// Idempotent by HTTP semantics (RFC 9110 §9.2.2).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, HttpMethod::Post | HttpMethod::Patch)
    }
}

/// One API operation: one generated method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's operationId, or, where it gives none, one made from the method and path.
    pub operation_id: String,
    /// The spec gives no operationId: `operation_id` is made from the method and path.
    pub id_from_path: bool,
    /// Where the spec defines it: `#/paths/~1things/get`.
    pub pointer: Pointer,
    pub http_method: HttpMethod,
    pub path: PathTemplate,
    /// Path parameters, in path order: positional method arguments.
    pub path_params: Vec<Param>,
    /// Query and header parameters, ordered by place (query, then header) and name, not as the
    /// spec lists them, so reordering them there moves no argument: the required ones are
    /// method arguments after the path parameters, the optional ones setters on the
    /// operation's calls.
    pub params: Vec<Param>,
    /// The method's arguments: path parameters in path order, the required query and header
    /// parameters, then the body (one argument, or one per multipart part).
    pub arguments: Vec<Argument>,
    /// The unit type (in `resources::calls`) that names this operation's calls
    /// (`Call<'c, T, RequestsGet>`), on which its optional parameters' setters are defined: a
    /// call's type stays the same when the spec adds an optional parameter.
    pub call_marker: String,
    pub body: Option<Body>,
    pub response: Response,
    /// The response statuses the spec declares (`200`, `4XX`), in its order, then `default`.
    pub statuses: Vec<String>,
    pub docs: Docs,
    /// Safe to send again after the server may have acted on it.
    pub idempotent: bool,
    pub deprecated: bool,
    /// The accepted credentials.
    pub security: Security,
}

/// The credentials an operation accepts, and where the spec states them.
#[derive(Debug, Clone, PartialEq)]
pub struct Security {
    /// Alternatives, each a set of security scheme names.
    pub alternatives: Vec<Vec<String>>,
    /// The operation's own `security`, else the document's, else (where neither states any)
    /// the operation.
    pub pointer: Pointer,
}

/// How to walk the pages of an operation that lists pages (`page` and `per_page` in its body,
/// an array result).
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The type of one item.
    pub item: TypeRef,
    /// The list method's JSON body, a struct.
    pub body: TypeRef,
    /// The list method's arguments before its body, which the stream takes too and passes on
    /// for every page.
    pub arguments: Vec<Argument>,
    /// Rust names of the body's `page` and `per_page` fields.
    pub page_field: Ident,
    pub per_page_field: Ident,
}

/// An operation's path: the template as the spec writes it (`/zones/{zone_id}/dns`), and its
/// pieces, each placeholder bound to a path parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    pub text: String,
    pub segments: Vec<PathSegment>,
}

impl PathTemplate {
    /// The template with its placeholders blanked (`/zones/{}/dns`): `/a/{id}` and `/a/{a_id}`
    /// are one endpoint.
    pub fn shape(&self) -> String {
        (self.segments.iter())
            .map(|segment| match segment {
                PathSegment::Literal(text) => text.as_str(),
                PathSegment::Param(_) => "{}",
            })
            .collect()
    }
}

impl std::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// Index into the operation's `path_params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

impl ParamLocation {
    /// As the spec's `in` says it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        }
    }
}

/// How a method takes a value of some type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    /// By value: small `Copy` types (numbers, `bool`).
    Value,
    /// A string as `&str`.
    Str,
    /// A list as a slice of its items.
    Slice,
    /// Everything else, borrowed.
    Borrowed,
}

impl Passing {
    /// How a method takes a `ty`: small copies by value, the rest borrowed.
    pub fn of(ty: &TypeRef) -> Passing {
        match ty {
            TypeRef::String => Passing::Str,
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
                Passing::Value
            }
            TypeRef::Array(_) => Passing::Slice,
            _ => Passing::Borrowed,
        }
    }
}

/// What one argument of a method holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgumentType {
    /// A value of this type, taken as `passing` says.
    Value { ty: TypeRef, passing: Passing },
    /// A file (`Upload`), by value.
    Upload,
}

/// One argument of an operation's method, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub name: Ident,
    pub ty: ArgumentType,
    /// Taken as an `Option` (an optional body or multipart part).
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust identifier: the method's argument (path and required parameters) or the setter
    /// on the operation's calls (optional ones).
    pub name: Ident,
    pub wire: String,
    /// Where the spec declares it: in the operation, its path item or the components.
    pub pointer: Pointer,
    pub location: ParamLocation,
    pub ty: TypeRef,
    /// How its argument or setter takes its value.
    pub passing: Passing,
    pub required: bool,
    /// Sent as its value's JSON text (a `content` parameter), not as a plain value.
    pub json: bool,
    pub docs: Docs,
    /// The spec marks it `deprecated`: its setter is `#[deprecated]` (an argument's docs say so).
    pub deprecated: bool,
    /// What the server checks of its value beyond its type, if the spec says.
    pub validation: Option<Validation>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Json {
        ty: TypeRef,
        required: bool,
    },
    Multipart {
        parts: Vec<Part>,
        required: bool,
    },
    /// Any other media type: a file sent as the whole body (an `Upload`).
    Binary {
        media_type: String,
        required: bool,
    },
}

/// One field of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: Ident,
    pub wire: String,
    /// A file (`format: binary`), or a value sent as text.
    pub file: bool,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
}

/// What the method returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// No body, or a body nobody needs: `()`.
    Empty,
    /// The Cloudflare envelope: the method returns `result` (or `()` when there is none).
    Envelope(Option<TypeRef>),
    /// A plain JSON body.
    Json(TypeRef),
    /// Any other media type: the body's bytes.
    Bytes { media_type: String },
}

/// Something lenient generation left out.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skip {
    /// A short category, for the summary's counts.
    pub kind: String,
    pub pointer: Pointer,
    pub context: Option<String>,
    pub reason: String,
}
