//! What an operation's method takes and returns, and the setters its calls have, spelled as a
//! reader writes them: the model decides them (`Operation::arguments`, each parameter's
//! `passing`), the Rust emitter turns them into tokens, and `API.md` and `diff` print them with
//! [`signature`] and [`setter_signature`].

use super::ir::{Argument, ArgumentType, Operation, Paging, Param, Passing, Response, TypeRef};
use crate::naming::unraw;

/// The optional query and header parameters, each a setter on the operation's calls.
pub fn setters(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| !p.required)
}

/// An optional parameter's setter as a reader writes it: `.name(Type)`.
pub fn setter_signature(param: &Param) -> String {
    format!(
        ".{}({})",
        unraw(&param.name),
        argument_type(&param.ty, param.passing)
    )
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

/// How a method takes a value of `ty` (as `passing` says), as a reader writes it.
pub fn argument_type(ty: &TypeRef, passing: Passing) -> String {
    match (passing, ty) {
        (Passing::Value, _) => rust_type(ty),
        (Passing::Str, _) => "&str".into(),
        (Passing::Slice, TypeRef::Array(item)) => format!("&[{}]", rust_type(item)),
        _ => format!("&{}", rust_type(ty)),
    }
}

/// One argument as a reader writes it: `name: Type`.
fn argument(arg: &Argument) -> String {
    let ty = match &arg.ty {
        ArgumentType::Value { ty, passing } => argument_type(ty, *passing),
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
    let args: Vec<String> = op.arguments.iter().map(argument).collect();
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
