//! The broken-spec corpus: every file in `tests/broken/` must fail with a message that names the
//! place (line:column, or JSON pointer with operationId or schema) and says what is wrong. The
//! messages are pinned with insta. Also: a failing spec writes nothing, and no input panics.

use cloudforce_one_codegen::{generate, generate_to, Settings};
use std::path::Path;

#[test]
fn every_broken_spec_fails_with_a_pinned_message() {
    let mut count = 0;
    insta::glob!("broken/*.yaml", |path| {
        count += 1;
        let text = std::fs::read_to_string(path).unwrap();
        let name = format!("broken/{}", path.file_name().unwrap().to_string_lossy());
        match generate(&text, &name, &Settings::default()) {
            Ok(_) => panic!("{name} generated, but it is broken"),
            Err(errors) => insta::assert_snapshot!(errors.to_string()),
        }
    });
    assert!(
        count >= 20,
        "the corpus has {count} broken specs; it should have at least 20"
    );
}

#[test]
fn a_broken_spec_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/many_problems.yaml");
    let errors = generate_to(&spec, out.path(), &Settings::default()).unwrap_err();
    assert!(
        errors.len() >= 3,
        "every problem is reported at once: {errors}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_broken_spec_leaves_existing_output_untouched() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("types.rs"), "// previous output\n").unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/dangling_schema_ref.yaml");
    assert!(generate_to(&spec, out.path(), &Settings::default()).is_err());
    assert_eq!(
        std::fs::read_to_string(out.path().join("types.rs")).unwrap(),
        "// previous output\n"
    );
}

/// A small deterministic generator (xorshift), so mutations are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn no_mutation_of_the_real_spec_makes_the_generator_panic() {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/cloudforce-one.yaml"),
    )
    .unwrap();
    let lines: Vec<&str> = spec.lines().collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut failed, total) = (0, 300);
    for round in 0..total {
        let mut mutated: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(mutated.len());
            match rng.below(5) {
                0 => {
                    mutated.remove(i);
                }
                1 => {
                    let j = rng.below(mutated.len());
                    mutated.swap(i, j);
                }
                2 => mutated[i] = format!("  {}", mutated[i]),
                3 => {
                    mutated[i] = mutated[i].replace(
                        "$ref: '#/components/schemas/",
                        "$ref: '#/components/schemas/X",
                    )
                }
                _ => mutated[i] = mutated[i].chars().rev().collect(),
            }
        }
        let text = mutated.join("\n");
        let result =
            std::panic::catch_unwind(|| generate(&text, "mutated.yaml", &Settings::default()));
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(errors)) => {
                failed += 1;
                assert!(
                    !errors.is_empty(),
                    "round {round}: an error result must hold an error"
                );
            }
            Err(_) => panic!("round {round}: the generator panicked on:\n{text}"),
        }
    }
    assert!(failed > total / 4, "only {failed} of {total} mutations were rejected: the mutations are too mild to test anything");
}
