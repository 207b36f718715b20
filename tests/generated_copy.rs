//! `generated/` is the committed copy of what build.rs makes from the spec, for reviewers; it
//! must never drift from the spec (and `scripts/test` checks that the build script compiles exactly
//! it). Refresh it with `cargo codegen generate`.

use std::path::Path;

#[test]
fn generated_copy_matches_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("spec/cloudforce-one.yaml")).unwrap();
    let output =
        cloudforce_one_codegen::generate(&text, "spec/cloudforce-one.yaml", &Default::default())
            .unwrap();
    let stale = cloudforce_one_codegen::write::stale(&root.join("generated"), &output.files);
    assert!(
        stale.is_empty(),
        "generated/ is stale ({}): run `cargo codegen generate` and commit the result",
        stale.join(", ")
    );
}
