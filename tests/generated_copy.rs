//! `generated/` is the committed copy of what build.rs makes from the spec, for reviewers; it
//! must never drift from the spec. Refresh it with `cargo codegen generate`.

use std::path::Path;

#[test]
fn generated_copy_matches_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
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

#[test]
fn build_script_output_is_the_committed_copy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The build script's OUT_DIR is not visible to tests, but its files are compiled into the
    // crate: the generated sources are included verbatim, so comparing what the crate was built
    // from with generated/ is comparing the two outputs.
    for (name, built) in [
        (
            "types.rs",
            include_str!(concat!(env!("OUT_DIR"), "/types.rs")),
        ),
        (
            "resources.rs",
            include_str!(concat!(env!("OUT_DIR"), "/resources.rs")),
        ),
    ] {
        let committed = std::fs::read_to_string(root.join("generated").join(name)).unwrap();
        assert_eq!(built, committed, "{name}: build.rs and generated/ differ");
    }
}
