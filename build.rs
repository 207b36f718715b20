//! Generates the client's types and resources from `spec/cloudforce-one.yaml` into `OUT_DIR`.
//!
//! The same generator, with the same input, writes the committed copy in `generated/`; a test
//! fails when the two differ.

use std::path::PathBuf;

const SPEC: &str = "spec/cloudforce-one.yaml";

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let text = match cloudforce_one_codegen::load::read(&manifest_dir.join(SPEC)) {
        Ok(text) => text,
        Err(e) => fail(&format!("error: {e}")),
    };
    let settings = cloudforce_one_codegen::Settings::default();
    let output = match cloudforce_one_codegen::generate(&text, SPEC, &settings) {
        Ok(output) => output,
        Err(errors) => fail(&errors.to_string()),
    };
    for (name, contents) in &output.files {
        if let Err(e) =
            cloudforce_one_codegen::write::write_if_changed(&out_dir.join(name), contents)
        {
            fail(&e.to_string());
        }
    }
}

/// Prints every line where cargo shows it, then stops the build.
fn fail(message: &str) -> ! {
    for line in message.lines() {
        println!("cargo:warning={line}");
    }
    eprintln!("{message}");
    std::process::exit(1);
}
