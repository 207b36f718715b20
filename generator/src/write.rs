//! Stage 5: formatted files → disk, only when their bytes changed, never half-written.
//!
//! Each file is written to a temporary sibling and renamed over the target, so a reader (or an
//! interrupted run) sees the old file or the new one, nothing in between. Unchanged files are
//! left alone so their timestamps do not trigger rebuilds.

use crate::error::Error;
use std::fs;
use std::io::Write;
use std::path::Path;

/// What a write did to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Written,
}

/// Writes `contents` to `path` if it differs from what is there.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<Outcome, Error> {
    if fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(Outcome::Unchanged);
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(Error::io(path, &e));
    }
    Ok(Outcome::Written)
}

/// The files under `dir` whose contents differ from `files` (missing ones included).
pub fn stale<'f>(dir: &Path, files: &'f [(String, String)]) -> Vec<&'f str> {
    files
        .iter()
        .filter(|(name, contents)| {
            fs::read(dir.join(name)).map_or(true, |old| old != contents.as_bytes())
        })
        .map(|(name, _)| name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        assert_eq!(write_if_changed(&path, "x").unwrap(), Outcome::Written);
        assert_eq!(write_if_changed(&path, "x").unwrap(), Outcome::Unchanged);
        assert_eq!(write_if_changed(&path, "y").unwrap(), Outcome::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), "y");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
    }

    #[test]
    fn stale_lists_missing_and_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("same.rs"), "1").unwrap();
        fs::write(dir.path().join("changed.rs"), "old").unwrap();
        let files = [("same.rs", "1"), ("changed.rs", "new"), ("missing.rs", "m")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()));
        assert_eq!(stale(dir.path(), &files), ["changed.rs", "missing.rs"]);
    }
}
