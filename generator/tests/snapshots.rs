//! Snapshot tests: the code each fixture spec generates, pinned with insta (one fixture per
//! feature, plus hostile names and hostile text). `scripts/check-generated --strict-lints`
//! compiles the same fixtures with clippy and rustdoc at `-D warnings`.

use cloudforce_one_codegen::{generate, Settings};
use std::path::Path;

fn generate_fixture(path: &Path) -> Vec<(String, String)> {
    generate_fixture_with(path, &Settings::default())
}

fn generate_fixture_with(path: &Path, settings: &Settings) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let name = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
    match generate(&text, &name, settings) {
        Ok(output) => output.files,
        Err(errors) => panic!("{name} should generate:\n{errors}"),
    }
}

#[test]
fn every_fixture_generates_as_pinned() {
    insta::glob!("fixtures/*.yaml", |path| {
        for (file, contents) in generate_fixture(path) {
            insta::assert_snapshot!(file.replace('.', "_"), contents);
        }
    });
}

/// A crate made of a spec (`generate --crate`): its manifest, README, `lib.rs` and `api` module
/// (base URL from the first server, a `Credentials` variant per security requirement the client
/// can send, the others listed in the README). `scripts/check-generated` compiles the same crate
/// under `-D warnings`.
#[test]
fn a_crate_made_of_a_spec_has_its_credentials_and_says_what_it_left_out() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/security.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let output = cloudforce_one_codegen::package::crate_files(
        &text,
        "fixtures/security.yaml",
        "security-api",
        &Settings::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let runtime = cloudforce_one_codegen::package::RUNTIME.map(|(file, _)| format!("src/{file}"));
    for (file, contents) in &output.files {
        if ["Cargo.toml", "README.md", "src/lib.rs", "src/api.rs"].contains(&file.as_str()) {
            insta::assert_snapshot!(format!("crate_{}", file.replace(['.', '/'], "_")), contents);
        } else {
            let known = runtime.contains(file)
                || ["API.md", "src/types.rs", "src/resources.rs"].contains(&file.as_str());
            assert!(known, "{file}");
        }
    }
}

/// With a feature per tag, each tag's types and resource sit in a gated module, shared types are
/// gated by every tag that uses them, and `features.toml` declares the features. The same
/// fixture compiles under `-D warnings` with no feature, each kind of feature and all of them
/// (`scripts/test`).
#[test]
fn a_feature_per_tag_gates_each_tags_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tags.yaml");
    let files = generate_fixture_with(&path, &Settings::default().features_per_tag(true));
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["types.rs", "resources.rs", "API.md", "features.toml"]
    );
    for (file, contents) in files {
        insta::assert_snapshot!(format!("per_tag_{}", file.replace('.', "_")), contents);
    }
}

/// With identical types shared, each class of identical types is generated once and every other
/// member is an alias of it (named schemas preferred, then shorter names), seen through held
/// types, aliases and cycles; near-copies stay types of their own. The same fixture compiles
/// under `-D warnings` this way (`scripts/test`).
#[test]
fn identical_types_are_generated_once() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/identical.yaml");
    let files = generate_fixture_with(&path, &Settings::default().share_identical_types(true));
    let types = &files[0].1;
    for (alias, canonical) in [
        ("ShapesPointsResponseFirst", "Point"),
        ("ShapesLinesResponseLast", "Point"),
        ("ShapesPointsResponseSegmentFrom", "Point"),
        ("ShapesPointsResponseSegment", "Segment"),
        ("ShapesPointsResponseStats", "ShapesLinesResponseStats"),
        ("ShapesPointsFormat", "ShapesLinesFormat"),
        ("ShapesPointsResponseValue", "ShapesLinesResponseValue"),
        ("Chain", "Link"),
    ] {
        assert!(
            types.contains(&format!("pub type {alias} = {canonical};")),
            "{alias} should be an alias of {canonical}"
        );
    }
    for distinct in [
        "struct Point ",
        "struct LabelledPoint ",
        "struct LoosePoint ",
        "struct Segment ",
        "struct Link ",
        "enum ShapesLinesFormat ",
        "enum ShapesPointsLayout ",
    ] {
        assert!(
            types.contains(&format!("pub {distinct}{{")),
            "{distinct} should be defined"
        );
    }
    assert_eq!(types.matches("so the two are one type").count(), 8);
    for (file, contents) in files {
        insta::assert_snapshot!(format!("shared_{}", file.replace('.', "_")), contents);
    }
}

#[test]
fn output_is_byte_identical_run_to_run() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/cloudforce-one.yaml");
    let first = generate_fixture(&spec);
    for _ in 0..10 {
        assert_eq!(generate_fixture(&spec), first);
    }
}

/// Every item, attribute and identifier in a generated file.
struct Inventory {
    fn_names: Vec<String>,
    attributes: Vec<String>,
}

fn inventory(source: &str) -> Inventory {
    use syn::visit::Visit;
    struct Collect(Inventory);
    impl<'ast> Visit<'ast> for Collect {
        fn visit_signature(&mut self, sig: &'ast syn::Signature) {
            self.0.fn_names.push(sig.ident.to_string());
            syn::visit::visit_signature(self, sig);
        }
        fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
            let path = attr
                .path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::");
            self.0.attributes.push(path);
        }
    }
    let file = syn::parse_file(source).expect("generated code parses");
    let mut collect = Collect(Inventory {
        fn_names: Vec::new(),
        attributes: Vec::new(),
    });
    collect.visit_file(&file);
    collect.0
}

#[test]
fn hostile_text_reaches_the_output_only_as_docs_and_strings() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile_text.yaml");
    let files = generate_fixture(&path);
    let all: String = files
        .iter()
        .map(|(_, contents)| contents.as_str())
        .collect();
    // The injected text is there, but only inside doc comments and string literals.
    for text in [
        "fn injected_summary()",
        "fn injected_schema()",
        "fn injected_field()",
        "fn injected_fenced()",
        "fn injected_block()",
    ] {
        assert!(all.contains(text), "{text:?} should be kept as text");
    }
    for (file, contents) in files.into_iter().filter(|(name, _)| name.ends_with(".rs")) {
        let found = inventory(&contents);
        for name in &found.fn_names {
            assert!(
                !name.starts_with("injected"),
                "{file}: the spec injected `fn {name}`"
            );
        }
        for attr in &found.attributes {
            assert!(
                ["doc", "derive", "serde", "deprecated", "non_exhaustive"].contains(&attr.as_str()),
                "{file}: unexpected attribute #[{attr}]"
            );
        }
        for line in contents.lines().filter(|l| l.contains("injected_")) {
            let code = line.trim_start();
            let inert = code.starts_with("///")
                || code.starts_with("#[serde(rename = \"")
                || code.contains("=> \"")
                || code.contains("FnInjected")
                || code.contains("fn_injected_tag");
            assert!(
                inert,
                "{file}: injected text outside docs or strings: {line}"
            );
        }
    }
}

#[test]
fn hostile_names_become_legal_distinct_identifiers() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile_names.yaml");
    let files = generate_fixture(&path);
    let types = &files.iter().find(|(name, _)| name == "types.rs").unwrap().1;
    for expected in [
        "pub r#type:",
        "pub r#fn:",
        "pub self_:",
        "pub super_:",
        "pub crate_:",
        "pub foo_bar:",
        "pub foo_bar2:",
        "pub foo_bar3:",
        "pub n1st:",
        "pub r#ref:",
        "pub u540d_u524d:",
        "pub struct Self_",
        "pub type N123abc",
        "pub struct String",
        "pub type Vec = ::std::vec::Vec<String>;",
        "pub struct Clone",
    ] {
        assert!(types.contains(expected), "missing {expected:?}");
    }
    // With a local `String`, `Clone` and `Debug`, the std ones are spelled out in full.
    assert!(types.contains("::std::option::Option<::std::string::String>"));
    assert!(
        types.contains("::std::clone::Clone,") && types.contains("::std::fmt::Debug,"),
        "derives spelled in full"
    );
}

/// The serde traits `{name}` implements in generated code: derived on the line before
/// `pub struct {name}` (or enum), or, for `Deserialize`, written out.
fn serde_derives(types: &str, name: &str) -> Vec<&'static str> {
    let lines: Vec<&str> = types.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == format!("pub struct {name} {{") || *l == format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("{name} is not generated"));
    // The derive may be spread over several lines.
    let start = lines[..at]
        .iter()
        .rposition(|l| l.starts_with("#[derive("))
        .expect("a derive");
    let derive = lines[start..at].join(" ");
    let derive = &derive[..derive.find(")]").expect("the derive ends")];
    let written_out = types.contains(&format!("impl<'de> serde::Deserialize<'de> for {name} {{"));
    ["serde::Serialize", "serde::Deserialize"]
        .into_iter()
        .filter(|d| derive.contains(d) || (*d == "serde::Deserialize" && written_out))
        .collect()
}

#[test]
fn derive_as_used_derives_what_each_type_s_use_needs() {
    let spec = r#"
openapi: 3.0.3
info: {title: uses, version: '1'}
paths:
  /things:
    post:
      operationId: things-create
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Sent'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Got'}}}
components:
  schemas:
    Sent: {type: object, properties: {inner: {$ref: '#/components/schemas/Inner'}, shared: {$ref: '#/components/schemas/Shared'}}}
    Got: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}, level: {$ref: '#/components/schemas/Level'}}}
    Inner: {type: object, properties: {a: {type: string}}}
    Shared: {type: object, properties: {b: {type: string}}}
    Level: {type: string, enum: [low, high]}
    Unused: {type: object, properties: {held: {$ref: '#/components/schemas/Held'}}}
    Held: {type: object, properties: {c: {type: string}}}
"#;
    let output = generate(spec, "uses.yaml", &Settings::default().derive_as_used(true)).unwrap();
    let types = &output.files[0].1;
    let both = ["serde::Serialize", "serde::Deserialize"];
    assert_eq!(serde_derives(types, "Sent"), ["serde::Serialize"]);
    assert_eq!(serde_derives(types, "Inner"), ["serde::Serialize"]);
    assert_eq!(serde_derives(types, "Got"), ["serde::Deserialize"]);
    assert_eq!(serde_derives(types, "Level"), ["serde::Deserialize"]);
    assert_eq!(serde_derives(types, "Shared"), both, "sent and returned");
    // Nothing uses them, so a caller may use them either way; what they hold follows.
    assert_eq!(serde_derives(types, "Unused"), both);
    assert_eq!(serde_derives(types, "Held"), both);

    let everywhere = generate(spec, "uses.yaml", &Settings::default()).unwrap();
    for name in ["Sent", "Inner", "Got", "Level", "Shared", "Unused", "Held"] {
        assert_eq!(serde_derives(&everywhere.files[0].1, name), both, "{name}");
    }
}
