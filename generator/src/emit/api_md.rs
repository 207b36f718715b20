//! Emits `API.md`: the generated Rust API as a reviewer reads it — resources with their method
//! signatures, then every type with its fields or values. Committed beside the code, its diff in a
//! pull request reads as the API change.

use super::signature::{paged_signature, rust_type, setter_signature, signature};
use crate::model::ir::{Api, Resource, Struct, TypeKind};
use std::fmt::Write;

/// `text` as a Markdown code span inside a table cell: fenced with enough backticks, pipes escaped.
fn code(text: &str) -> String {
    let text = text.replace('|', "\\|").replace('\n', " ");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// The listing; with the IR's features, each top-level resource and each type names the features that
/// compile it.
pub fn emit(api: &Api, source: &str) -> String {
    let features = api.features.as_ref();
    let mut out = String::new();
    let _ = writeln!(out, "<!-- {} -->\n", super::generated_notice(source));
    let _ = writeln!(out, "# The generated API\n");
    let _ = writeln!(
        out,
        "Every resource and method, then every type, as generated from `{source}`.\n"
    );
    let _ = writeln!(out, "## Resources\n");
    for (index, resource) in api.resources.iter().enumerate() {
        let feature = features.map(|f| f.tags[index].feature.as_str());
        write_resource(&mut out, resource, "client", feature);
    }
    let _ = writeln!(out, "## Types\n");
    for def in api.types.values() {
        let name = def.name.as_str();
        match &def.kind {
            TypeKind::Struct(s) => {
                let _ = writeln!(
                    out,
                    "### struct `{name}`\n\n| field | type | JSON key |\n| --- | --- | --- |"
                );
                for f in &s.fields {
                    let ty = if f.is_optional() {
                        format!("Option<{}>", rust_type(&f.ty))
                    } else {
                        rust_type(&f.ty)
                    };
                    let key = match f.key() {
                        Some(key) => code(key) + deprecation(f.deprecated),
                        None => "*(its fields, flattened)*".to_owned(),
                    };
                    let _ = writeln!(out, "| `{}` | `{ty}` | {key} |", f.name.as_str());
                }
                if let Some((field, value)) = &s.additional {
                    let _ = writeln!(
                        out,
                        "| `{}` | `BTreeMap<String, {}>` | *(other keys)* |",
                        field,
                        rust_type(value)
                    );
                }
                let _ = writeln!(out, "\n{}", construction(name, s));
            }
            TypeKind::Enum(variants) => {
                let values: Vec<String> = variants
                    .iter()
                    .map(|v| format!("`{}` ({})", v.name, code(&format!("{:?}", v.wire))))
                    .collect();
                let _ = writeln!(
                    out,
                    "### enum `{name}`\n\n{}, and `Unknown(String)`.",
                    values.join(", ")
                );
            }
            TypeKind::Union(variants) => {
                let values: Vec<String> = variants
                    .iter()
                    .map(|v| format!("`{}({})`", v.name, rust_type(&v.ty)))
                    .collect();
                let _ = writeln!(out, "### union `{name}`\n\nOne of {}.", values.join(", "));
            }
            TypeKind::Alias(ty) => {
                let _ = writeln!(out, "### type `{name}` = `{}`", rust_type(ty));
                if def.identical_to.is_some() {
                    let _ = writeln!(out, "\nThe spec defines the two types identically.");
                }
            }
        }
        if let Some(features) = features {
            let _ = writeln!(out, "\n{}", compiled_with(&features.enabling(&def.name)));
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// How a struct is built: its constructor's signature, and setters named unlike their fields.
/// What marks a deprecated item in the listing.
fn deprecation(deprecated: bool) -> &'static str {
    if deprecated {
        " *(deprecated)*"
    } else {
        ""
    }
}

fn construction(name: &str, s: &Struct) -> String {
    let params: Vec<String> = s
        .fields
        .iter()
        .filter(|f| !f.is_optional())
        .map(|f| format!("{}: {}", f.name.as_str(), rust_type(&f.ty)))
        .collect();
    let mut line = format!(
        "Built with `{name}::new({})` and a setter per field",
        params.join(", ")
    );
    let renamed: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.setter != f.name)
        .map(|f| format!("`{}` for `{}`", f.setter.as_str(), f.name.as_str()))
        .collect();
    if renamed.is_empty() {
        line.push('.');
    } else {
        line.push_str(&format!(" ({}).", renamed.join(", ")));
    }
    line
}

/// "Compiled with the feature `a`." or "Compiled with any of the features `a`, `b`."
fn compiled_with(features: &[&str]) -> String {
    let names: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
    match names.as_slice() {
        [one] => format!("Compiled with the feature {one}."),
        many => format!("Compiled with any of the features {}.", many.join(", ")),
    }
}

fn write_resource(out: &mut String, resource: &Resource, parent: &str, feature: Option<&str>) {
    let path = format!("{parent}.{}()", resource.accessor.as_str());
    let _ = writeln!(out, "### `{path}`\n");
    if let Some(description) = &resource.docs.description {
        let _ = writeln!(out, "{}\n", description.lines().next().unwrap_or_default());
    }
    if let Some(feature) = feature {
        let _ = writeln!(out, "{}\n", compiled_with(&[feature]));
    }
    let _ = writeln!(out, "| method | HTTP |\n| --- | --- |");
    for method in &resource.methods {
        let op = &method.operation;
        let _ = writeln!(
            out,
            "| {} | {}{} |",
            code(&signature(method)),
            code(&format!("{} {}", op.http_method.as_str(), op.path)),
            deprecation(op.deprecated)
        );
        for param in op.setters() {
            let _ = writeln!(
                out,
                "| {} | optional `{}` ({}){} |",
                code(&setter_signature(param)),
                param.wire,
                param.location.as_str(),
                deprecation(param.deprecated)
            );
        }
        if let Some(stream) = &method.stream {
            let _ = writeln!(
                out,
                "| {} | every page of `{}` |",
                code(&paged_signature(method, stream)),
                method.name.as_str()
            );
        }
    }
    out.push('\n');
    for child in &resource.children {
        write_resource(out, child, &path, None);
    }
}
