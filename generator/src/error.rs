//! What can go wrong between reading a spec and writing its code, and where.
//!
//! Every problem names its place: a file with line and column for syntax errors, a JSON pointer
//! (plus the operationId or schema name, and the line where the spec is YAML) for semantic ones.
//! Problems are collected and reported together, sorted by place, so one run shows everything
//! that needs fixing.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a spec, or in writing its output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The file is not well-formed YAML/JSON, or does not have the shape of an OpenAPI document.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The spec file as given.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The document parses but says something the generator cannot turn into Rust.
    #[error("{file}{}: {pointer}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default(), context.as_deref().map(|c| format!(" ({c})")).unwrap_or_default())]
    Semantic {
        /// The spec file as given.
        file: String,
        /// The line the pointer names, where known (YAML specs).
        line: Option<usize>,
        /// JSON pointer to the offending node.
        pointer: String,
        /// The operationId or schema name the node belongs to, where there is one.
        context: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The document is larger than the limit it is read under
    /// (`Settings::max_document_bytes`), and is refused before it is parsed.
    #[error("{file}: the document is {bytes} bytes, over the limit of {limit} bytes (set a larger one with --max-document-bytes)")]
    TooLarge {
        /// The spec file as given.
        file: String,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The crate `generate --crate` was asked for cannot be made as asked (its name, or a tag's
    /// feature that is also one of the runtime's).
    #[error("crate {name}: {message}")]
    Crate {
        /// The crate's name as given.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// Reading the spec or writing the output failed.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file that could not be read or written.
        path: PathBuf,
        /// The operating system's reason.
        message: String,
    },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            message: err.to_string(),
        }
    }

    /// Sort key: by line where known (syntax errors also by column), then by pointer.
    fn sort_key(&self) -> (u8, usize, usize, &str) {
        match self {
            Error::Io { message, .. } => (0, 0, 0, message),
            Error::TooLarge { file, .. } => (0, 0, 0, file),
            Error::Crate { name, .. } => (0, 0, 0, name),
            Error::Syntax {
                line,
                column,
                message,
                ..
            } => (1, *line, *column, message),
            Error::Semantic { line, pointer, .. } => {
                (1, line.unwrap_or(usize::MAX), usize::MAX, pointer)
            }
        }
    }
}

/// All the problems one run found, sorted by where they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(Vec<Error>);

impl Errors {
    /// Collects problems, sorting them by place and dropping exact repeats.
    pub fn new(mut errors: Vec<Error>) -> Self {
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        errors.dedup();
        Errors(errors)
    }

    /// The problems, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Error> {
        self.0.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (never true for an `Errors` returned by the generator).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds to each semantic error the line its pointer names in `text`, the spec's source,
    /// and puts them in line order.
    pub fn with_lines(mut self, text: &str) -> Self {
        let index = crate::lines::LineIndex::new(text);
        for error in &mut self.0 {
            if let Error::Semantic { line, pointer, .. } = error {
                *line = index.line(pointer);
            }
        }
        Errors::new(self.0)
    }
}

impl From<Error> for Errors {
    fn from(error: Error) -> Self {
        Errors(vec![error])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "error: {error}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} error{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Errors {}
