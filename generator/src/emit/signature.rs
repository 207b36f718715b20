//! What an operation's method takes and returns, and the setters its calls have, as a reader
//! writes them (`API.md`, `diff`'s messages): the same tokens the emitter writes, spelled with
//! every name short (`Spelling::reader`) and printed as text.

use super::Spelling;
use crate::model::ir::{Argument, Method, Operation, Param, Passing, Response, Stream, TypeRef};
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// An optional parameter's setter as a reader writes it: `.name(Type)`.
pub fn setter_signature(param: &Param) -> String {
    format!(
        ".{}({})",
        param.name.as_str(),
        argument_type(&param.ty, param.passing)
    )
}

/// A type as a reader writes it (short names, no paths but `serde_json::`).
pub fn rust_type(ty: &TypeRef) -> String {
    text(Spelling::reader().ty(ty))
}

/// How a method takes a value of `ty` (as `passing` says), as a reader writes it.
pub fn argument_type(ty: &TypeRef, passing: Passing) -> String {
    text(Spelling::reader().argument(ty, passing))
}

/// Tokens as a reader writes them: `Vec<Thing>`, `name: &[String]`, `Map<String, Value>`
/// (raw identifiers without their `r#`).
fn text(tokens: TokenStream) -> String {
    let mut out = String::new();
    write_text(tokens, &mut out);
    out
}

fn write_text(tokens: TokenStream, out: &mut String) {
    for token in tokens {
        match token {
            // A reader sees a keyword without its `r#`.
            TokenTree::Ident(ident) => out.push_str(&syn::ext::IdentExt::unraw(&ident).to_string()),
            TokenTree::Punct(punct) => match punct.as_char() {
                ',' => out.push_str(", "),
                // A `:` alone, not the second of a `::`, separates a name from its type.
                ':' if punct.spacing() == Spacing::Alone && !out.ends_with(':') => {
                    out.push_str(": ");
                }
                c => out.push(c),
            },
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_text(group.stream(), out);
                out.push_str(close);
            }
            TokenTree::Literal(literal) => out.push_str(&literal.to_string()),
        }
    }
}

/// One argument as a reader writes it: `name: Type`.
fn argument(arg: &Argument) -> String {
    text(Spelling::reader().parameter(arg))
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
pub fn signature(method: &Method) -> String {
    let op = &method.operation;
    format!(
        "{}({}) -> {}",
        method.name.as_str(),
        argument_list(op),
        output(&op.response)
    )
}

/// The `…_all` stream of a paged operation: same arguments, every item of every page.
pub fn paged_signature(method: &Method, stream: &Stream) -> String {
    format!(
        "{}({}) -> Pages<{}>",
        stream.name.as_str(),
        argument_list(&method.operation),
        rust_type(&stream.paging.item)
    )
}
