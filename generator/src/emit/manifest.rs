//! `features.toml`, written with a feature per tag: the `[features]` table a crate that includes
//! the generated code declares (one feature per tag, one for the schemas no operation uses, and
//! one for everything).

use crate::model::features::{ALL, UNREFERENCED};
use crate::model::ir::Features;

/// The file's text; `source` names the spec in its `@generated` line.
pub fn emit(features: &Features, source: &str) -> String {
    let mut out = format!(
        "# {}\n# The cargo features of the generated code: one per tag, `{UNREFERENCED}` for the \
         schemas no operation uses, and `{ALL}` for everything.\n[features]\n",
        super::generated_notice(source)
    );
    let names = || {
        features
            .tags
            .iter()
            .chain([&features.unreferenced])
            .map(|gate| gate.feature.as_str())
    };
    out.push_str(&format!("{ALL} = [\n"));
    for feature in names() {
        out.push_str(&format!("    \"{feature}\",\n"));
    }
    out.push_str("]\n");
    for feature in names() {
        out.push_str(&format!("{feature} = []\n"));
    }
    out
}
