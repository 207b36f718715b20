//! A crate made of a spec works, not only compiles: the crate `generate --crate` makes of
//! `fixtures/security.yaml` runs its own tests (`made_crate/credentials.rs`), which send each
//! kind of credentials to an in-process mock server and read the environment.
//!
//! The test that builds it is ignored by default (it builds the runtime's dependencies in a
//! target directory of its own); `scripts/test` runs it with `--ignored`. Beside it, a quick one:
//! the made crate's manifest asks for exactly the runtime's dependencies.

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

/// A made crate depends on exactly what the client's runtime does: the `[dependencies]` of the
/// client's manifest (workspace ones resolved) less the `testing` fake's axum, at the same
/// versions and features, and `base64` where a scheme is HTTP Basic.
#[test]
fn a_made_crate_depends_on_what_the_runtime_depends_on() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let client: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let shared = &client["workspace"]["dependencies"];
    let mut runtime = client["dependencies"].as_table().unwrap().clone();
    runtime.remove("axum");
    for (name, spec) in runtime.iter_mut() {
        if spec.get("workspace").and_then(toml::Value::as_bool) == Some(true) {
            let optional = spec.get("optional").cloned();
            *spec = shared[name.as_str()].clone();
            if let (Some(optional), Some(table)) = (optional, spec.as_table_mut()) {
                table.insert("optional".into(), optional);
            }
        }
    }
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/security.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let output = crate_files(&text, "fixtures/security.yaml", NAME, &Settings::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let manifest = &output
        .files
        .iter()
        .find(|(file, _)| file == "Cargo.toml")
        .unwrap()
        .1;
    let made: toml::Table = manifest.parse().unwrap();
    let mut made = made["dependencies"].as_table().unwrap().clone();
    assert!(
        made.remove("base64").is_some(),
        "the fixture has a Basic scheme"
    );
    let by_version = |table: toml::Table| -> toml::Table {
        (table.into_iter())
            .map(|(name, spec)| match spec {
                toml::Value::String(version) => {
                    let mut table = toml::Table::new();
                    table.insert("version".into(), toml::Value::String(version));
                    (name, toml::Value::Table(table))
                }
                spec => (name, spec),
            })
            .collect()
    };
    assert_eq!(by_version(made), by_version(runtime));
}

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
