//! A crate made of a spec (`generate --crate`): the generated modules as plain source, the client
//! runtime beside them, an `api` module made from the spec's servers and security schemes, a
//! manifest with the runtime's dependencies and the tags' features, and a README that lists what
//! was left out.
//!
//! The runtime is this generator's copy of the `cloudforce-one` crate's own source (`runtime/`
//! beside this crate's manifest is that source), so a crate made for any API runs on the same
//! code as the Cloudforce One client, `api` aside.

use crate::emit::api_module::{self, ApiModule};
use crate::emit::{self, docs};
use crate::error::{Error, Errors};
use crate::model::ir::{About, Skip};
use crate::{build_ir, emit_files, read_spec, write, Output, Settings, FEATURES_FILE, FILES};
use heck::ToShoutySnakeCase;
use std::path::Path;

/// The runtime's modules, by file name: every file of `src/` in the `cloudforce-one` crate but its
/// `lib.rs`, its `api.rs` and its `testing` fake.
pub const RUNTIME: [(&str, &str); 14] = [
    ("runtime.rs", include_str!("../runtime/runtime.rs")),
    ("auth.rs", include_str!("../runtime/auth.rs")),
    ("call.rs", include_str!("../runtime/call.rs")),
    ("client.rs", include_str!("../runtime/client.rs")),
    ("clock.rs", include_str!("../runtime/clock.rs")),
    ("de.rs", include_str!("../runtime/de.rs")),
    ("error.rs", include_str!("../runtime/error.rs")),
    ("operation.rs", include_str!("../runtime/operation.rs")),
    ("paging.rs", include_str!("../runtime/paging.rs")),
    ("request.rs", include_str!("../runtime/request.rs")),
    ("retry.rs", include_str!("../runtime/retry.rs")),
    ("timestamp.rs", include_str!("../runtime/timestamp.rs")),
    ("transport.rs", include_str!("../runtime/transport.rs")),
    ("upload.rs", include_str!("../runtime/upload.rs")),
];

/// The runtime's dependencies, as the `cloudforce-one` crate's manifest declares them
/// (`generator/tests/made_crate.rs` holds the two to each other, and the crates made in the test
/// suite compile with these).
const DEPENDENCIES: &str = r#"bytes = { version = "1", features = ["serde"] }
futures-core = "0.3"
futures-util = { version = "0.3", default-features = false, features = ["std"] }
httpdate = "1"
mime_guess = "2"
percent-encoding = "2"
rand = "0.9"
reqwest = { version = "0.12", default-features = false, features = ["json", "multipart", "rustls-tls", "http2", "charset", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
thiserror = "2"
tokio = { version = "1", features = ["time", "fs", "io-util"] }
# Spans and events only: without `#[instrument]`, its proc-macro crate is not compiled.
tracing = { version = "0.1", default-features = false, features = ["std"] }
# Conversions of `Timestamp` to and from each crate's date-time types.
chrono = { version = "0.4", optional = true, default-features = false, features = ["alloc"] }
jiff = { version = "0.2", optional = true, default-features = false, features = ["std"] }
time = { version = "0.3", optional = true, features = ["formatting"] }
"#;

/// The runtime's own features (its optional dependencies), which no tag's feature may take.
const RUNTIME_FEATURES: [&str; 3] = ["chrono", "jiff", "time"];

/// Generates the spec at `spec` into a crate named `name` in the directory `dir`, writing only
/// files whose contents change. Nothing is written unless everything generated.
pub fn generate_crate(
    spec: &Path,
    dir: &Path,
    name: &str,
    settings: &Settings,
) -> Result<Output, Errors> {
    let (text, file) = read_spec(spec, settings)?;
    let output = crate_files(&text, &file, name, settings)?;
    for (file, contents) in &output.files {
        write::write_if_changed(&dir.join(file), contents)?;
    }
    Ok(output)
}

/// The files of a crate named `name` made of the spec `text` (which `file` names), by path
/// within the crate, and what was left out: [`generate`](crate::generate) for a whole crate.
pub fn crate_files(
    text: &str,
    file: &str,
    name: &str,
    settings: &Settings,
) -> Result<Output, Errors> {
    check_name(name)?;
    let ir = build_ir(text, file, settings)?;
    if let Some(features) = &ir.features {
        let mut names = (features.tags.iter().chain([&features.unreferenced]))
            .map(|gate| gate.feature.as_str());
        if let Some(taken) = names.find(|n| RUNTIME_FEATURES.contains(n)) {
            return Err(Error::Crate {
                name: name.to_owned(),
                message: format!(
                    "a tag's feature is `{taken}`, which is also one of the runtime's ({})",
                    RUNTIME_FEATURES.join(", ")
                ),
            }
            .into());
        }
    }
    let generated = emit_files(&ir, file)?;
    let api = api_module::emit(&ir, &name.to_shouty_snake_case());
    let features = (generated.iter())
        .find(|(file, _)| file == FEATURES_FILE)
        .map(|(_, text)| text.as_str());
    let mut left_out = ir.skipped;
    left_out.extend(api.left_out.iter().cloned());
    let notice = emit::generated_notice(file);
    let mut files = vec![
        (
            "Cargo.toml".to_owned(),
            manifest(name, &ir.about, features, api.uses_basic, &notice),
        ),
        (
            "README.md".to_owned(),
            readme(
                name,
                (&ir.about, ir.operations),
                &api,
                &left_out,
                (file, settings),
            ),
        ),
        ("src/lib.rs".to_owned(), lib_rs(&ir.about, &notice)),
        (
            "src/api.rs".to_owned(),
            format!("// {notice}\n\n{}", api.text),
        ),
    ];
    files.extend(RUNTIME.map(|(file, text)| (format!("src/{file}"), text.to_owned())));
    for (file, text) in generated {
        if file == FILES[2] {
            files.push((file, text)); // API.md, beside the manifest.
        } else if FILES.contains(&file.as_str()) {
            files.push((format!("src/{file}"), text));
        }
    }
    Ok(Output {
        files,
        skipped: left_out,
        operations: ir.operations,
    })
}

/// Refuses a name cargo would not take for a package.
fn check_name(name: &str) -> Result<(), Error> {
    let legal = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match legal {
        true => Ok(()),
        false => Err(Error::Crate {
            name: name.to_owned(),
            message: "a crate name starts with a letter and has only ASCII letters, digits, `-` \
                      and `_`"
                .to_owned(),
        }),
    }
}

/// `Cargo.toml`: the package, the runtime's dependencies, and the features.
fn manifest(
    name: &str,
    about: &About,
    features: Option<&str>,
    basic: bool,
    notice: &str,
) -> String {
    let description = format!("A typed async client for the {}.", api_name(about));
    let mut out = format!(
        "# {notice}\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
         description = {}\n\n\
         # The runtime's doc examples are the Cloudforce One client's.\n[lib]\ndoctest = false\n\n\
         [dependencies]\n{DEPENDENCIES}",
        toml_string(&description),
    );
    if basic {
        out.push_str("# HTTP Basic credentials.\nbase64 = \"0.22\"\n");
    }
    if let Some(features) = features {
        // Its `@generated` line is the manifest's own.
        let table = features.split_once('\n').map_or("", |(_, table)| table);
        out.push_str(&format!("\n{table}"));
    }
    out.push_str(
        "\n[package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \
         \"docsrs\"]\n\n[lints.rust]\nunexpected_cfgs = { level = \"warn\", check-cfg = \
         [\"cfg(docsrs)\"] }\n",
    );
    out
}

/// How the crate's documentation names the API: its title, and "API" unless the title says it.
fn api_name(about: &About) -> String {
    let title = about.title.trim();
    match title.to_ascii_lowercase().ends_with("api") {
        true => title.to_owned(),
        false => format!("{title} API"),
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// `src/lib.rs`: the API's documentation, the runtime and the generated modules.
fn lib_rs(about: &About, notice: &str) -> String {
    let mut paragraphs = vec![format!(
        "A typed async client for the {} (version {}), generated from its OpenAPI document.",
        docs::sanitize(&api_name(about)),
        docs::sanitize(about.version.trim())
    )];
    if let Some(description) = about.description.as_deref().map(str::trim) {
        if !description.is_empty() {
            paragraphs.push(docs::sanitize(description));
        }
    }
    paragraphs.push(
        "Operations are methods of [`Client`]'s resources ([`resources`]), their data types are \
         in [`types`], and `API.md` beside the manifest lists them all. [`Client::from_env`] \
         reads the credentials and the base URL from the environment ([`Credentials::from_env`] \
         names the variables); [`Client::builder`] sets them, timeouts and retries in code."
            .to_owned(),
    );
    let docs: String = (paragraphs.join("\n\n").lines())
        .map(|line| match line {
            "" => "//!\n".to_owned(),
            line => format!("//! {line}\n"),
        })
        .collect();
    format!(
        "// {notice}\n\n{docs}\n#![forbid(unsafe_code)]\n#![warn(missing_docs)]\n\
         // Types generated from large documents nest deeply: rustdoc's auto-trait reasoning about\n\
         // them needs more than the default 128 levels.\n#![recursion_limit = \"256\"]\n\
         // On docs.rs, each item a feature gates says which feature it needs.\n\
         #![cfg_attr(docsrs, feature(doc_cfg))]\n\n\
         // The runtime: its modules and what the crate exports of them.\ninclude!(\"runtime.rs\");\n\n\
         /// The API's data types, one per schema in the spec.\npub mod types;\n\n\
         /// The API's resources and their operations, reached from a [`Client`].\n\
         pub mod resources;\n"
    )
}

/// `README.md`: what the crate is, how it was made, how callers prove who they are (from its
/// `api` module), and everything left out.
fn readme(
    name: &str,
    (about, operations): (&About, usize),
    api: &ApiModule,
    left_out: &[Skip],
    (file, settings): (&str, &Settings),
) -> String {
    let flags: String = [
        (settings.lenient, " --lenient"),
        (settings.derive_as_used == Some(true), " --derive-as-used"),
        (
            settings.derive_as_used == Some(false),
            " --derive-everywhere",
        ),
        (settings.features_per_tag, " --features-per-tag"),
        (
            settings.share_identical_types == Some(true),
            " --share-identical-types",
        ),
        (
            settings.share_identical_types == Some(false),
            " --type-per-schema",
        ),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, flag)| *flag)
    .collect();
    let mut out = format!(
        "# {name}\n\nA typed async client for the {} (version {}), generated by \
         `cloudforce-one-codegen generate{flags} --crate {name} --spec {file}`. Regenerate it \
         the same way rather than editing it: every file says what made it.\n\n`API.md` lists \
         every operation and type; `cargo doc --open` shows them with their documentation.\n",
        api_name(about),
        about.version.trim(),
    );
    if let Some(note) = settings.size_note(operations) {
        out.push_str(&format!("\n{note}\n"));
    }
    if settings.features_per_tag {
        out.push_str(
            "\nEach tag's code is compiled only with its cargo feature (the `[features]` of \
             `Cargo.toml`), and none is on by default: enable the tags you use, or `full` for \
             everything.\n",
        );
    }
    let base_url = match &about.base_url {
        Some(url) => format!("default `{url}`"),
        None => "no default: the document names no absolute server".to_owned(),
    };
    out.push_str(&format!(
        "\n## Credentials\n\n`Client::from_env()` takes the first of these whose environment \
         variables are all set, and the base URL from `{}` ({base_url}); \
         `Client::new(credentials)` takes them in code.\n\n",
        api.base_url_var
    ));
    for way in &api.ways {
        out.push_str(&format!("- {way}\n"));
    }
    out.push_str("- `Credentials::None`: no credentials, for calls that need none.\n");
    if left_out.is_empty() {
        out.push_str("\nNothing in the document was left out.\n");
        return out;
    }
    out.push_str(&format!(
        "\n## Left out\n\n{} parts of the document are not in the client, each with where the \
         document has it and why:\n\n",
        left_out.len()
    ));
    for skip in left_out {
        let context = skip
            .context
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "- {}: `{}`{context}: {}\n",
            skip.kind, skip.pointer, skip.reason
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_is_every_module_of_the_client_but_its_own() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".rs") && !["lib.rs", "api.rs"].contains(&name.as_str()))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = RUNTIME.iter().map(|(name, _)| name.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn crate_names_cargo_refuses_are_refused() {
        for name in ["github", "my-api_2"] {
            assert!(check_name(name).is_ok(), "{name}");
        }
        for name in ["", "2fa", "my api", "ünï"] {
            assert!(check_name(name).is_err(), "{name}");
        }
    }
}
