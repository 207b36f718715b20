//! Cloudflare's own history: five real consecutive pairs of its API document, gzipped, in
//! `../shared/corpus/cloudflare-history/`, read by name (`2024-05-02-d88449db`).

use std::io::Read;
use std::path::{Path, PathBuf};

fn history() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/cloudflare-history")
}

/// The document of that name, as text.
pub fn document(name: &str) -> String {
    let file = std::fs::File::open(history().join(format!("{name}.json.gz")))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    text
}
