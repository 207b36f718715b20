//! What an operation's method takes and returns, and the setters its calls have: computed once
//! from the IR, and spelled as a reader writes it. The Rust emitter turns the same [`Argument`]s
//! and [`setters`] into tokens; `API.md` and `diff` print them with [`signature`] and
//! [`setter_signature`].

use super::ir::{Body, Operation, Paging, Param, Response, TypeRef};
use crate::naming::unraw;

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

/// What one argument holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgumentType {
    /// A value of this type, passed as [`Passing::of`] says.
    Value(TypeRef),
    /// A file (`Upload`), by value.
    Upload,
}

/// One argument of an operation's method, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    /// The Rust identifier (may be raw).
    pub name: String,
    pub ty: ArgumentType,
    /// Taken as an `Option` (an optional body or multipart part).
    pub optional: bool,
}

impl Argument {
    fn new(name: &str, ty: ArgumentType, optional: bool) -> Self {
        Argument {
            name: name.to_owned(),
            ty,
            optional,
        }
    }
}

/// The arguments of an operation's method: path parameters in path order, the required query
/// and header parameters, then the body (one argument, or one per multipart part).
pub fn arguments(op: &Operation) -> Vec<Argument> {
    let required = op.params.iter().filter(|p| p.required);
    let mut args: Vec<Argument> = op
        .path_params
        .iter()
        .chain(required)
        .map(|p| Argument::new(&p.name, ArgumentType::Value(p.ty.clone()), false))
        .collect();
    match &op.body {
        Some(Body::Json { ty, required }) => {
            args.push(Argument::new(
                "body",
                ArgumentType::Value(ty.clone()),
                !required,
            ));
        }
        Some(Body::Multipart { parts, .. }) => {
            args.extend(parts.iter().map(|part| {
                let ty = if part.file {
                    ArgumentType::Upload
                } else {
                    ArgumentType::Value(part.ty.clone())
                };
                Argument::new(&part.name, ty, !part.required)
            }));
        }
        Some(Body::Binary { required, .. }) => {
            args.push(Argument::new("body", ArgumentType::Upload, !required));
        }
        None => {}
    }
    args
}

/// The optional query and header parameters, each a setter on the operation's calls.
pub fn setters(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| !p.required)
}

/// An optional parameter's setter as a reader writes it: `.name(Type)`.
pub fn setter_signature(param: &Param) -> String {
    format!(".{}({})", unraw(&param.name), argument_type(&param.ty))
}

/// A type as a reader writes it (short names, no paths).
pub fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Timestamp => "Timestamp".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, Value>".into(),
        TypeRef::Named(name) => unraw(name).into(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", rust_type(value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(inner)),
    }
}

/// How a method takes a value of `ty`, as a reader writes it.
pub fn argument_type(ty: &TypeRef) -> String {
    match (Passing::of(ty), ty) {
        (Passing::Value, _) => rust_type(ty),
        (Passing::Str, _) => "&str".into(),
        (Passing::Slice, TypeRef::Array(item)) => format!("&[{}]", rust_type(item)),
        _ => format!("&{}", rust_type(ty)),
    }
}

/// One argument as a reader writes it: `name: Type`.
fn argument(arg: &Argument) -> String {
    let ty = match &arg.ty {
        ArgumentType::Value(ty) => argument_type(ty),
        ArgumentType::Upload => "Upload".to_owned(),
    };
    let ty = if arg.optional {
        format!("Option<{ty}>")
    } else {
        ty
    };
    format!("{}: {ty}", unraw(&arg.name))
}

/// The arguments of an operation's method as a reader writes them.
fn argument_list(op: &Operation) -> String {
    let args: Vec<String> = arguments(op).iter().map(argument).collect();
    args.join(", ")
}

/// What awaiting the method returns.
pub fn output(response: &Response) -> String {
    match response {
        Response::Empty | Response::Envelope(None) => "()".into(),
        Response::Envelope(Some(ty)) | Response::Json(ty) => rust_type(ty),
        Response::Bytes { .. } => "Bytes".into(),
    }
}

/// `name(args) -> Output` for an operation's method.
pub fn signature(op: &Operation) -> String {
    format!(
        "{}({}) -> {}",
        unraw(&op.method_name),
        argument_list(op),
        output(&op.response)
    )
}

/// The `…_all` stream of a paged operation: same arguments, every item of every page.
pub fn paged_signature(op: &Operation, paging: &Paging) -> String {
    format!(
        "{}({}) -> Pages<{}>",
        unraw(&paging.method_name),
        argument_list(op),
        rust_type(&paging.item)
    )
}
