//! `cloudforce-one-codegen`: the generator's command line.
//!
//! `generate` writes the client's code from the spec; `check` tells CI whether the committed copy
//! in `generated/` is what the spec produces today.

#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use cloudforce_one_codegen::diff::report::{render, Format};
use cloudforce_one_codegen::diff::{diff_texts, read_side, Severity};
use cloudforce_one_codegen::package::generate_crate;
use cloudforce_one_codegen::{
    generate, generate_to, summarize, write, Settings, Skip, DEFAULT_MAX_DOCUMENT_BYTES,
    LARGE_DOCUMENT_OPERATIONS,
};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Generating a large document is mostly allocating and freeing small values (tokens, names,
/// strings); with mimalloc a large document generates in two thirds to four fifths of the time it
/// takes with the system's allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates the cloudforce-one Rust client from its OpenAPI 3.0 spec, and tells reviewers what a
/// spec change does to it.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client's code from the spec into a directory.
    ///
    /// Writes types.rs, resources.rs and API.md (and features.toml with --features-per-tag),
    /// touching only files whose contents change; with --crate, a whole crate for the spec's API.
    /// A spec with errors prints every error (file:line:column, or JSON pointer with operationId
    /// or schema) and writes nothing.
    Generate {
        /// The OpenAPI 3.0 spec (YAML or JSON).
        #[arg(long, default_value = "spec/cloudforce-one.yaml")]
        spec: PathBuf,
        /// Where to write the generated files (default `generated`, or with --crate a directory
        /// named after the crate).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write a complete crate of this name: the generated modules, the client runtime, an
        /// `api` module with the spec's base URL and credentials, Cargo.toml (with the tags'
        /// features) and a README listing what was left out.
        #[arg(long = "crate", value_name = "NAME")]
        crate_name: Option<String>,
        /// Leave out what cannot be expressed (listing it) instead of failing; for large
        /// third-party documents.
        #[arg(long)]
        lenient: bool,
        #[command(flatten)]
        shape: Shape,
        /// Gate each tag's code behind a cargo feature of its own and write features.toml, the
        /// [features] table that declares them (for large documents).
        #[arg(long)]
        features_per_tag: bool,
        /// Refuse, before parsing, a document larger than this many bytes.
        #[arg(long, default_value_t = DEFAULT_MAX_DOCUMENT_BYTES)]
        max_document_bytes: u64,
    },
    /// Exit 1, naming the stale files, when the generated copy differs from what the spec makes.
    ///
    /// For CI: `generated/` is committed so reviewers can read it; this catches a spec change
    /// committed without regenerating. Fix with `cargo codegen generate`.
    Check {
        /// The OpenAPI 3.0 spec (YAML or JSON).
        #[arg(long, default_value = "spec/cloudforce-one.yaml")]
        spec: PathBuf,
        /// The directory holding the committed generated files.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Report what changing the spec from OLD to NEW does to the generated Rust API.
    ///
    /// Each change gets a severity (breaking, potentially breaking, compatible), its place (JSON
    /// pointer, and line in NEW where known) and what it means for code using the client; the
    /// report ends with the semver bump the worst change calls for. Each side is a file, or
    /// `git:REF:PATH` to read PATH at REF without touching the work tree, for example
    /// `diff git:origin/main:spec/cloudforce-one.yaml spec/cloudforce-one.yaml`.
    Diff {
        /// The spec before the change: a path, or git:REF:PATH.
        old: String,
        /// The spec after the change: a path, or git:REF:PATH.
        new: String,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 when a change is at least this severe.
        #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
        fail_on: FailOn,
        /// Leave out what cannot be expressed instead of failing (for third-party documents).
        #[arg(long)]
        lenient: bool,
        /// Judge the API as `generate` with these flags makes it (pass the ones it was made
        /// with): which types are one and which traits each implements.
        #[command(flatten)]
        shape: Shape,
        /// Judge the API as generated with a cargo feature per tag (`generate
        /// --features-per-tag`): also report features that appear, disappear or are renamed.
        #[arg(long)]
        features_per_tag: bool,
        /// Refuse, before parsing, a side larger than this many bytes.
        #[arg(long, default_value_t = DEFAULT_MAX_DOCUMENT_BYTES)]
        max_document_bytes: u64,
    },
    /// List `diff`'s rules: the stable id each reported change names, and what it means.
    Rules,
}

/// The settings that follow the document's size unless pinned (`LARGE_DOCUMENT_OPERATIONS`: from
/// 200 operations on, both are on).
#[derive(clap::Args)]
struct Shape {
    /// Implement Serialize only on types requests send and Deserialize only on types responses
    /// return, whatever the document's size (the default from 200 operations).
    #[arg(long, conflicts_with = "derive_everywhere")]
    derive_as_used: bool,
    /// Implement both Serialize and Deserialize on every type, whatever the document's size (the
    /// default under 200 operations).
    #[arg(long)]
    derive_everywhere: bool,
    /// Generate types the spec defines identically once, the others as aliases of it, whatever
    /// the document's size (the default from 200 operations).
    #[arg(long, conflicts_with = "type_per_schema")]
    share_identical_types: bool,
    /// Generate a type of its own for every schema, whatever the document's size (the default
    /// under 200 operations).
    #[arg(long)]
    type_per_schema: bool,
}

impl Shape {
    /// `settings` with what these flags pin.
    fn apply(&self, mut settings: Settings) -> Settings {
        let pinned = |on: bool, off: bool| (on || off).then_some(on);
        settings.derive_as_used = pinned(self.derive_as_used, self.derive_everywhere);
        settings.share_identical_types = pinned(self.share_identical_types, self.type_per_schema);
        settings
    }
}

/// The severity that fails `diff`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    /// Fail on breaking changes.
    Breaking,
    /// Fail on breaking and potentially breaking changes.
    PotentiallyBreaking,
    /// Never fail because of changes.
    Never,
}

/// Reads the command line and runs one command. It is longer than the house's 80 lines because
/// it is one `match` with an arm per command, each only the calls that command makes.
fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Diff {
            old,
            new,
            format,
            fail_on,
            lenient,
            shape,
            features_per_tag,
            max_document_bytes,
        } => {
            let settings = Settings::default()
                .lenient(lenient)
                .features_per_tag(features_per_tag)
                .max_document_bytes(max_document_bytes);
            let settings = shape.apply(settings);
            run_diff(&old, &new, format, fail_on, &settings)
        }
        Command::Rules => {
            for rule in cloudforce_one_codegen::diff::Rule::ALL {
                println!("{:<28} {}", rule.id(), rule.summary());
            }
            ExitCode::SUCCESS
        }
        Command::Generate {
            spec,
            out,
            crate_name,
            lenient,
            shape,
            features_per_tag,
            max_document_bytes,
        } => {
            let settings = Settings::default()
                .lenient(lenient)
                .features_per_tag(features_per_tag)
                .max_document_bytes(max_document_bytes);
            let settings = shape.apply(settings);
            run_generate(&spec, out, crate_name.as_deref(), &settings)
        }
        Command::Check { spec, out } => {
            let text = match cloudforce_one_codegen::load::read(&spec) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match generate(&text, &spec.display().to_string(), &Settings::default()) {
                Ok(output) => {
                    let stale = write::stale(&out, &output.files);
                    if stale.is_empty() {
                        println!("{} is up to date with {}", out.display(), spec.display());
                        ExitCode::SUCCESS
                    } else {
                        eprintln!(
                            "{} is stale: {} differ from what {} generates",
                            out.display(),
                            stale.join(", "),
                            spec.display()
                        );
                        eprintln!("run `cargo codegen generate` and commit the result");
                        ExitCode::FAILURE
                    }
                }
                Err(errors) => {
                    eprintln!("{errors}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn run_diff(
    old: &str,
    new: &str,
    format: Format,
    fail_on: FailOn,
    settings: &Settings,
) -> ExitCode {
    let texts = read_side(old).and_then(|o| read_side(new).map(|n| (o, n)));
    let (old_text, new_text) = match texts {
        Ok(texts) => texts,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let report = match diff_texts((&old_text, old), (&new_text, new), settings) {
        Ok(report) => report,
        Err(errors) => {
            eprintln!("{errors}");
            return ExitCode::from(2);
        }
    };
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    print!("{}", render(&report, format, old, new, colour));
    let threshold = match fail_on {
        FailOn::Breaking => Some(Severity::Breaking),
        FailOn::PotentiallyBreaking => Some(Severity::PotentiallyBreaking),
        FailOn::Never => None,
    };
    match (threshold, report.worst()) {
        (Some(threshold), Some(worst)) if worst >= threshold => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

fn print_skipped(skipped: &[Skip]) {
    if skipped.is_empty() {
        return;
    }
    for skip in skipped {
        let context = skip
            .context
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        eprintln!(
            "skipped [{}] {}{context}: {}",
            skip.kind, skip.pointer, skip.reason
        );
    }
    eprintln!("left out, by kind:");
    for (kind, count) in summarize(skipped) {
        eprintln!("  {count:>5}  {kind}");
    }
}

/// `generate`: the spec's code into `out`, or with `crate_name` a whole crate.
fn run_generate(
    spec: &std::path::Path,
    out: Option<PathBuf>,
    crate_name: Option<&str>,
    settings: &Settings,
) -> ExitCode {
    let generated = match crate_name {
        Some(name) => {
            let out = out.unwrap_or_else(|| PathBuf::from(name));
            generate_crate(spec, &out, name, settings).map(|output| (output, out))
        }
        None => {
            let out = out.unwrap_or_else(|| PathBuf::from("generated"));
            generate_to(spec, &out, settings).map(|output| (output, out))
        }
    };
    match generated {
        Ok((output, out)) => {
            print_skipped(&output.skipped);
            // Said only where it changes what a document's size used not to: a large one.
            if output.operations >= LARGE_DOCUMENT_OPERATIONS {
                if let Some(note) = settings.size_note(output.operations) {
                    eprintln!("{note}");
                }
            }
            println!("generated {} from {}", out.display(), spec.display());
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("{errors}");
            ExitCode::FAILURE
        }
    }
}
