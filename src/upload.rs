//! [`Upload`]: a file to send, as a `multipart/form-data` part or as a whole request body (an
//! operation whose body is `application/octet-stream`, say), from a path, bytes or an async
//! reader.
//!
//! A file named by its path is streamed from disk on every attempt, never held in memory: a
//! retry re-opens it and sends the same bytes again. Its size is taken when the `Upload` is made;
//! a file that is a different size when an attempt starts, or that grows or shrinks while it is
//! being sent, fails the call rather than sending a corrupt upload. Bytes and readers are held in
//! memory (a reader is read to its end once, so a retry can send it again).

use crate::error::Error;
use bytes::{Bytes, BytesMut};
use std::path::{Path, PathBuf};
use tokio::io::{AsyncRead, AsyncReadExt};

/// How much of a file is read and sent at a time.
const CHUNK: usize = 64 * 1024;

/// A file to send as one part of a multipart body or as a whole request body, with its name and
/// content type.
#[derive(Clone, PartialEq, Eq)]
pub struct Upload {
    source: Source,
    file_name: String,
    content_type: String,
}

#[derive(Clone, PartialEq, Eq)]
enum Source {
    Memory(Bytes),
    /// Streamed from disk; `len` is its size when the `Upload` was made.
    File {
        path: PathBuf,
        len: u64,
    },
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("Upload");
        debug
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.byte_len());
        if let Source::File { path, .. } = &self.source {
            debug.field("path", path);
        }
        debug.finish()
    }
}

impl Upload {
    /// A file, streamed from disk when the call is sent (and again on a retry); its name is the
    /// path's last component and its type is guessed from the extension
    /// (`application/octet-stream` when unknown). Only the file's size is read now.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let failed = |source| Error::Upload {
            name: path.display().to_string(),
            source,
        };
        let metadata = std::fs::metadata(path).map_err(failed)?;
        if !metadata.is_file() {
            return Err(failed(std::io::Error::other("not a regular file")));
        }
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "upload".to_owned());
        Ok(Upload::new(
            file_name,
            Source::File {
                path: path.to_owned(),
                len: metadata.len(),
            },
        ))
    }

    /// Bytes in memory, sent under `file_name` (whose extension sets the content type).
    pub fn from_bytes(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Upload::new(file_name.into(), Source::Memory(bytes.into()))
    }

    /// Everything an async reader yields, read into memory now and sent under `file_name`.
    pub async fn from_reader(
        file_name: impl Into<String>,
        mut reader: impl AsyncRead + Unpin,
    ) -> Result<Self, Error> {
        let file_name = file_name.into();
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .await
            .map_err(|source| Error::Upload {
                name: file_name.clone(),
                source,
            })?;
        Ok(Upload::from_bytes(file_name, bytes))
    }

    fn new(file_name: String, source: Source) -> Self {
        let content_type = mime_guess::from_path(&file_name)
            .first_or_octet_stream()
            .essence_str()
            .to_owned();
        Upload {
            source,
            file_name,
            content_type,
        }
    }

    /// Replaces the guessed content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The file name sent with the part.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The size in bytes (for a file, its size when the `Upload` was made).
    pub fn len(&self) -> usize {
        usize::try_from(self.byte_len()).unwrap_or(usize::MAX)
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.byte_len() == 0
    }

    fn byte_len(&self) -> u64 {
        match &self.source {
            Source::Memory(bytes) => bytes.len() as u64,
            Source::File { len, .. } => *len,
        }
    }

    /// Before an attempt: a file must still be the size it was, or the upload would not be the
    /// file the caller meant.
    pub(crate) async fn check_unchanged(&self) -> Result<(), Error> {
        let Source::File { path, len } = &self.source else {
            return Ok(());
        };
        let failed = |source| Error::Upload {
            name: path.display().to_string(),
            source,
        };
        let now = tokio::fs::metadata(path).await.map_err(failed)?.len();
        if now != *len {
            return Err(failed(size_changed(*len, now)));
        }
        Ok(())
    }

    /// The content type: guessed from the file name, or as set.
    pub(crate) fn media_type(&self) -> &str {
        &self.content_type
    }

    /// The bytes for one attempt: shared from memory, or a fresh stream of the file.
    pub(crate) fn body(&self) -> reqwest::Body {
        match &self.source {
            Source::Memory(bytes) => reqwest::Body::from(bytes.clone()),
            Source::File { path, len } => {
                reqwest::Body::wrap_stream(file_stream(path.clone(), *len))
            }
        }
    }

    /// The multipart part for one attempt.
    pub(crate) fn part(&self) -> reqwest::multipart::Part {
        let part = reqwest::multipart::Part::stream_with_length(self.body(), self.byte_len())
            .file_name(self.file_name.clone());
        // A content type that does not parse keeps reqwest's default for files.
        match part.mime_str(&self.content_type) {
            Ok(part) => part,
            Err(_) => self.part_without_type(),
        }
    }

    fn part_without_type(&self) -> reqwest::multipart::Part {
        Upload {
            content_type: "application/octet-stream".into(),
            ..self.clone()
        }
        .part()
    }
}

fn size_changed(expected: u64, found: u64) -> std::io::Error {
    std::io::Error::other(format!(
        "the file is {found} bytes now but was {expected} when the upload was made; it changed, so it is not sent"
    ))
}

/// The file's bytes, `CHUNK` at a time; an error (which aborts the request) if it ends before
/// `len` bytes or goes on after them.
fn file_stream(
    path: PathBuf,
    len: u64,
) -> impl futures_core::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    struct State {
        path: PathBuf,
        file: Option<tokio::fs::File>,
        sent: u64,
        len: u64,
        done: bool,
    }
    let state = State {
        path,
        file: None,
        sent: 0,
        len,
        done: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        if state.done {
            return None;
        }
        let result = next_chunk(&mut state.file, &state.path, state.sent, state.len).await;
        match &result {
            Ok(Some(chunk)) => state.sent += chunk.len() as u64,
            Ok(None) | Err(_) => state.done = true,
        }
        result.transpose().map(|item| (item, state))
    })
}

/// The next chunk of the file (opened on first use), `None` at a clean end.
async fn next_chunk(
    file: &mut Option<tokio::fs::File>,
    path: &Path,
    sent: u64,
    len: u64,
) -> std::io::Result<Option<Bytes>> {
    if file.is_none() {
        *file = Some(tokio::fs::File::open(path).await?);
    }
    let file = file.as_mut().expect("opened above");
    let mut buffer = BytesMut::zeroed(CHUNK);
    let read = file.read(&mut buffer).await?;
    buffer.truncate(read);
    match (read, sent + read as u64) {
        (0, total) if total < len => Err(size_changed(len, total)),
        (0, _) => Ok(None),
        (_, total) if total > len => Err(size_changed(len, total)),
        _ => Ok(Some(buffer.freeze())),
    }
}
