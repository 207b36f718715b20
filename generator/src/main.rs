//! `cloudforce-one-codegen`: the generator's command line.
//!
//! `generate` writes the client's code from the spec; `check` tells CI whether the committed copy
//! in `generated/` is what the spec produces today.

#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use cloudforce_one_codegen::{generate, generate_to, summarize, write, Settings, Skip};
use std::path::PathBuf;
use std::process::ExitCode;

/// Generates the cloudforce-one Rust client from its OpenAPI 3.0 spec.
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
    /// Writes types.rs and resources.rs, touching only files whose contents change. A spec with
    /// errors prints every error (file:line:column, or JSON pointer with operationId or schema)
    /// and writes nothing.
    Generate {
        /// The OpenAPI 3.0 spec (YAML or JSON).
        #[arg(long, default_value = "spec/cloudforce-one.yaml")]
        spec: PathBuf,
        /// Where to write the generated files.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Leave out what cannot be expressed (listing it) instead of failing; for large
        /// third-party documents.
        #[arg(long)]
        lenient: bool,
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
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate { spec, out, lenient } => {
            match generate_to(&spec, &out, &Settings::default().lenient(lenient)) {
                Ok(output) => {
                    print_skipped(&output.skipped);
                    println!("generated {} from {}", out.display(), spec.display());
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    eprintln!("{errors}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { spec, out } => {
            let text = match std::fs::read_to_string(&spec) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("error: {}: {e}", spec.display());
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
