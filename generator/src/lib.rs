//! Generates the `cloudforce-one` client from its OpenAPI spec, and a typed client crate for any
//! OpenAPI 3.0 or 3.1 document.
//!
//! The pipeline, one module per stage:
//! [`load`] (text → `openapiv3`) → [`model`] (→ IR: names, types, operations) →
//! [`emit`] (IR → tokens) → [`format`](mod@format) (tokens → source) → [`write`](mod@write) (source → disk, if changed).
//! `build.rs`, the `cloudforce-one-codegen` CLI and the tests all go through [`generate`];
//! [`diff`] compares two specs in terms of the Rust API they generate.
//!
//! The IR ([`model::ir`]) is the contract between the stages: every decision is made once in
//! [`model`] and stored there, and [`emit`] and [`diff`] only read it. `DESIGN.md`, beside this
//! crate's manifest, draws the data flow and lists what the IR holds.
//!
//! Features: `diff` (the [`diff`] module) and `package` (the [`package`] module, a whole crate
//! made of a spec) come with the default `cli`; a build script that only generates uses the
//! library with no feature and compiles neither.

#![forbid(unsafe_code)]

pub mod contract;
#[cfg(feature = "diff")]
pub mod diff;
pub mod emit;
pub mod error;
pub mod format;
pub mod inline;
pub mod lines;
pub mod load;
pub mod model;
pub mod naming;
pub mod nesting;
pub mod normalise;
#[cfg(feature = "package")]
pub mod package;
pub mod pointer;
pub mod write;

pub use error::{Error, Errors};
pub use model::ir::Skip;

/// How to generate: `Settings::default()` and a builder method per setting, so settings added
/// later are not a breaking change.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Settings {
    /// The largest document read, in bytes; a larger one is refused with its size before it is
    /// parsed (generation takes memory about 30 times the document's size). Default
    /// [`DEFAULT_MAX_DOCUMENT_BYTES`].
    pub max_document_bytes: u64,
    /// Leave out (and list) what cannot be expressed, instead of failing. For large third-party
    /// documents; our own spec is generated strictly.
    pub lenient: bool,
    /// Derive `Serialize` only on types some request sends and `Deserialize` only on types some
    /// response returns (both on a type nothing uses), for large documents where serde's code is
    /// most of compiling them. Unset (the default), it is on for a document of
    /// [`LARGE_DOCUMENT_OPERATIONS`] operations or more: see [`Settings::derives_as_used`]. A spec
    /// change can then take a trait away from a type (a schema nothing used becomes a response),
    /// which `diff` with the same setting reports. Our own spec derives both everywhere, so
    /// callers can store and replay any value.
    pub derive_as_used: Option<bool>,
    /// Gate each tag's code behind a cargo feature of its own (and write `features.toml`, the
    /// `[features]` table that declares them), so a crate that needs two products of a large
    /// document compiles two. Types keep their paths. Our own spec compiles everything.
    pub features_per_tag: bool,
    /// Generate types the spec defines identically (the same fields or variants, holding
    /// identical types) once, the others becoming aliases of it, for large documents that write
    /// the same inline object out for operation after operation. Every type keeps its name, but
    /// identical types are then one type, so a spec change that makes two types identical or
    /// tells them apart is a change to the API (`diff` with the same setting reports it). Unset
    /// (the default), it is on for a document of [`LARGE_DOCUMENT_OPERATIONS`] operations or
    /// more: see [`Settings::shares_identical_types`]. Our own spec keeps a type per schema.
    pub share_identical_types: Option<bool>,
}

/// The size from which a document is generated as a large one, when [`Settings::derive_as_used`]
/// and [`Settings::share_identical_types`] are left unset: 200 operations (every method of every
/// path the document declares, those left out included). Below it, every type derives both serde
/// traits and keeps a type of its own; from it on, what a type's use needs and one type per class
/// of identical ones, which takes compiling GitHub's document (1,223 operations) from 9 GB of
/// memory to under 3 (BENCHMARKS.md). `diff` reports a change that takes a document across it.
pub const LARGE_DOCUMENT_OPERATIONS: usize = 200;

/// The default of [`Settings::max_document_bytes`]: 256 MiB, five times the largest public
/// document known (Microsoft Graph beta, 47 MB).
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            lenient: false,
            derive_as_used: None,
            features_per_tag: false,
            share_identical_types: None,
        }
    }
}

impl Settings {
    /// The largest document read (see [`Settings::max_document_bytes`]).
    pub fn max_document_bytes(mut self, max_document_bytes: u64) -> Self {
        self.max_document_bytes = max_document_bytes;
        self
    }

    /// What the settings that follow the document's size make of a document declaring
    /// `operations` operations, in a sentence, unless both are set.
    pub fn size_note(&self, operations: usize) -> Option<String> {
        if self.derive_as_used.is_some() && self.share_identical_types.is_some() {
            return None;
        }
        Some(if operations >= LARGE_DOCUMENT_OPERATIONS {
            format!(
                "The document declares {operations} operations ({LARGE_DOCUMENT_OPERATIONS} or \
                 more), so it is generated as a large one, for less to compile: types it defines \
                 identically are one type (unless `--type-per-schema`), and a type implements \
                 `Serialize` only if a request sends it and `Deserialize` only if a response \
                 returns it (unless `--derive-everywhere`)."
            )
        } else {
            format!(
                "The document declares {operations} operations (under \
                 {LARGE_DOCUMENT_OPERATIONS}), so every type implements both `Serialize` and \
                 `Deserialize` (unless `--derive-as-used`) and keeps a type of its own (unless \
                 `--share-identical-types`)."
            )
        })
    }

    /// Refuses a document of `bytes` bytes when it is over the limit.
    fn check_size(&self, bytes: u64, file: &str) -> Result<(), Error> {
        if bytes > self.max_document_bytes {
            return Err(Error::TooLarge {
                file: file.to_owned(),
                bytes,
                limit: self.max_document_bytes,
            });
        }
        Ok(())
    }

    /// Derives only what each type's use needs, or both traits everywhere, whatever the
    /// document's size (see [`Settings::derive_as_used`]).
    pub fn derive_as_used(mut self, derive_as_used: bool) -> Self {
        self.derive_as_used = Some(derive_as_used);
        self
    }

    /// Whether a document declaring `operations` operations is generated with serde traits as
    /// its types' use needs: as set, or, unset, when it has [`LARGE_DOCUMENT_OPERATIONS`] or more.
    pub fn derives_as_used(&self, operations: usize) -> bool {
        self.derive_as_used
            .unwrap_or(operations >= LARGE_DOCUMENT_OPERATIONS)
    }

    /// Whether a document declaring `operations` operations is generated with identical types
    /// shared: as set, or, unset, when it has [`LARGE_DOCUMENT_OPERATIONS`] or more.
    pub fn shares_identical_types(&self, operations: usize) -> bool {
        self.share_identical_types
            .unwrap_or(operations >= LARGE_DOCUMENT_OPERATIONS)
    }

    /// A cargo feature per tag (see [`Settings::features_per_tag`]).
    pub fn features_per_tag(mut self, features_per_tag: bool) -> Self {
        self.features_per_tag = features_per_tag;
        self
    }

    /// One type for identical types, or a type per schema, whatever the document's size (see
    /// [`Settings::share_identical_types`]).
    pub fn share_identical_types(mut self, share_identical_types: bool) -> Self {
        self.share_identical_types = Some(share_identical_types);
        self
    }

    /// Lenient generation (see [`Settings::lenient`]).
    pub fn lenient(mut self, lenient: bool) -> Self {
        self.lenient = lenient;
        self
    }
}

/// The generated files, by file name, plus what was left out.
#[derive(Debug, Clone)]
pub struct Output {
    /// `(file name, contents)`, in a fixed order.
    pub files: Vec<(String, String)>,
    /// What lenient generation left out, and in either mode the callbacks and webhooks set
    /// aside (kinds `callback` and `webhook`): requests the server makes, not a client.
    pub skipped: Vec<Skip>,
    /// How many operations the document declares: what the settings that follow its size went
    /// by ([`Settings::size_note`] says what they made of it).
    pub operations: usize,
}

/// Names of the generated files: the two modules the crate includes, and the API listing.
pub const FILES: [&str; 3] = ["types.rs", "resources.rs", "API.md"];

/// With a feature per tag, the file that declares the features: the `[features]` table for
/// the including crate's manifest.
pub const FEATURES_FILE: &str = "features.toml";

/// Runs the pipeline up to formatted text: nothing touches the disk.
/// `file` is how messages and the `@generated` header name the spec.
pub fn generate(text: &str, file: &str, settings: &Settings) -> Result<Output, Errors> {
    let ir = build_ir(text, file, settings)?;
    let files = emit_files(&ir, file)?;
    Ok(Output {
        files,
        skipped: ir.skipped,
        operations: ir.operations,
    })
}

/// Stages 1 and 2, [`load`] and [`model`]: a spec's text → its IR, as [`generate`] and [`diff`]
/// build it, with every decision `settings` ask for made.
pub fn build_ir(text: &str, file: &str, settings: &Settings) -> Result<model::ir::Api, Errors> {
    settings.check_size(text.len() as u64, file)?;
    let loaded = load::load(text, file).map_err(|error| Errors::from(error).with_lines(text))?;
    let mut ir =
        model::build(&loaded.api, file, settings).map_err(|errors| errors.with_lines(text))?;
    ir.skipped
        .extend(loaded.set_aside.into_iter().map(|aside| model::ir::Skip {
            kind: aside.kind.to_owned(),
            pointer: pointer::Pointer::from_escaped(&aside.pointer),
            context: None,
            reason: "ignored: a request the server makes, not one a client sends".to_owned(),
        }));
    ir.skipped.sort();
    Ok(ir)
}

/// Stages 3 and 4, [`emit`] and [`format`](mod@format): the IR → the generated files, by name,
/// in a fixed order. Everything the settings decide is in the IR already.
pub fn emit_files(ir: &model::ir::Api, file: &str) -> Result<Vec<(String, String)>, Errors> {
    let not_parsed = |name: &str, e: syn::Error| Error::Semantic {
        file: file.to_owned(),
        line: None,
        pointer: "#".to_owned(),
        context: Some(name.to_owned()),
        message: format!("generated code does not parse (a generator bug): {e}"),
    };
    // `resources.rs`, then `API.md`, are made on a thread of their own while `types.rs` is
    // formatted.
    let (types, (resources, api_md)) = std::thread::scope(|scope| {
        let others = scope.spawn(|| {
            let resources = emit::resources(ir);
            let resources = format::format(resources.groups(), |group| resources.emit(group), file);
            (resources, emit::api_md::emit(ir, file))
        });
        let types = emit::types(ir);
        let types = format::format(types.groups(), |group| types.emit(group), file);
        match others.join() {
            Ok(others) => (types, others),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let mut files = vec![
        (
            FILES[0].to_owned(),
            types.map_err(|e| not_parsed(FILES[0], e))?,
        ),
        (
            FILES[1].to_owned(),
            resources.map_err(|e| not_parsed(FILES[1], e))?,
        ),
        (FILES[2].to_owned(), api_md),
    ];
    if let Some(features) = &ir.features {
        files.push((
            FEATURES_FILE.to_owned(),
            emit::manifest::emit(features, file),
        ));
    }
    Ok(files)
}

/// Generates from the spec at `spec` into the directory `out`, writing only changed files.
/// Nothing is written unless every file generated.
pub fn generate_to(
    spec: &std::path::Path,
    out: &std::path::Path,
    settings: &Settings,
) -> Result<Output, Errors> {
    let (text, file) = read_spec(spec, settings)?;
    let output = generate(&text, &file, settings)?;
    for (name, contents) in &output.files {
        write::write_if_changed(&out.join(name), contents)?;
    }
    Ok(output)
}

/// The spec at `spec`, refused by its size before it is read into memory, and how messages name
/// it.
fn read_spec(spec: &std::path::Path, settings: &Settings) -> Result<(String, String), Errors> {
    let file = spec.display().to_string();
    let bytes = std::fs::metadata(spec)
        .map_err(|e| Error::io(spec, &e))?
        .len();
    settings.check_size(bytes, &file)?;
    Ok((load::read(spec)?, file))
}

/// Counts of skipped items by kind, for a one-line-per-kind summary.
pub fn summarize(skipped: &[Skip]) -> std::collections::BTreeMap<&str, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for skip in skipped {
        *counts.entry(skip.kind.as_str()).or_insert(0) += 1;
    }
    counts
}
