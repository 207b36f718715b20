//! A crate made of a spec works, not only compiles: the crate `generate --crate` makes of
//! `fixtures/security.yaml` runs its own tests (`made_crate/credentials.rs`), which send each
//! kind of credentials to an in-process mock server and read the environment.
//!
//! Ignored by default (it builds the runtime's dependencies in a target directory of its own);
//! `scripts/test` runs it with `--ignored`.

use cloudforce_one_codegen::package::crate_files;
use cloudforce_one_codegen::Settings;
use std::path::Path;
use std::process::Command;

const NAME: &str = "security-api";

/// What the made crate's tests need beside the runtime.
const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt"] }
wiremock = "0.6"
"#;

#[test]
#[ignore = "builds a crate's dependencies: run by scripts/test"]
fn a_made_crate_sends_each_kind_of_credentials_where_its_scheme_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/security.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let output = crate_files(&text, "fixtures/security.yaml", NAME, &Settings::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let work = root.join("target/made-crate");
    let dir = work.join(NAME);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    for (file, contents) in &output.files {
        let contents = match file.as_str() {
            // A workspace of its own: the repository's would otherwise claim it.
            "Cargo.toml" => format!("{contents}{DEV_DEPENDENCIES}\n[workspace]\n"),
            _ => contents.clone(),
        };
        cloudforce_one_codegen::write::write_if_changed(&dir.join(file), &contents).unwrap();
    }
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(
        dir.join("tests/credentials.rs"),
        include_str!("made_crate/credentials.rs"),
    )
    .unwrap();
    // The versions the repository's own tests resolved: nothing new to fetch.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["test", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the made crate's tests failed");
}
