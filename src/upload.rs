//! [`Upload`]: a file for a `multipart/form-data` part, from a path, bytes or an async reader.
//!
//! The contents are read into memory once, so a retried upload sends the same bytes again.

use crate::error::Error;
use bytes::Bytes;
use std::path::Path;
use tokio::io::{AsyncRead, AsyncReadExt};

/// A file to send as one part of a multipart body, with its name and content type.
#[derive(Clone, PartialEq, Eq)]
pub struct Upload {
    pub(crate) bytes: Bytes,
    pub(crate) file_name: String,
    pub(crate) content_type: String,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl Upload {
    /// Reads a file; its name is the path's last component and its type is guessed from the
    /// extension (`application/octet-stream` when unknown). This reads synchronously: call it
    /// before entering a latency-sensitive task, or use [`Upload::from_reader`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Upload {
            name: path.display().to_string(),
            source,
        })?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "upload".to_owned());
        Ok(Upload::from_bytes(file_name, bytes))
    }

    /// Bytes in memory, sent under `file_name` (whose extension sets the content type).
    pub fn from_bytes(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        let file_name = file_name.into();
        let content_type = mime_guess::from_path(&file_name)
            .first_or_octet_stream()
            .essence_str()
            .to_owned();
        Upload {
            bytes: bytes.into(),
            file_name,
            content_type,
        }
    }

    /// Everything an async reader yields, sent under `file_name`.
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

    /// Replaces the guessed content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The file name sent with the part.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}
