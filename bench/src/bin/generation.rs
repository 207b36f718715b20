//! Generation time of our generator against progenitor 0.15 on the same spec (ours minus the
//! upload operation), measured side by side in one run, in-process and as whole processes.
//!
//! `cargo run --release --manifest-path bench/Cargo.toml --bin generation -- [RUNS]`

use cloudforce_one_bench::{median, ms, run_to_success, spec_without_upload, time_runs};
use std::process::Command;
use std::time::{Duration, Instant};

/// progenitor's pipeline as its CLI runs it: parse, generate tokens, syn + prettyplease.
fn progenitor_generate(text: &str) -> (String, [Duration; 3]) {
    let t0 = Instant::now();
    let api: openapiv3::OpenAPI = serde_yaml::from_str(text).unwrap();
    let t1 = Instant::now();
    let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&api)
        .expect("progenitor generates");
    let t2 = Instant::now();
    let file: syn::File = syn::parse2(tokens).unwrap();
    let out = prettyplease::unparse(&file);
    let t3 = Instant::now();
    (out, [t1 - t0, t2 - t1, t3 - t2])
}

fn ours_generate(text: &str) -> String {
    let output =
        cloudforce_one_codegen::generate(text, "spec/cloudforce-one.yaml", &Default::default())
            .unwrap();
    output
        .files
        .into_iter()
        .map(|(_, contents)| contents)
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `--progenitor-cli SPEC`: one progenitor generation as its own process, doing what its CLI
    // does: read the file, generate, format, write.
    if args.get(1).map(String::as_str) == Some("--progenitor-cli") {
        let text = std::fs::read_to_string(&args[2]).unwrap();
        let (out, _) = progenitor_generate(&text);
        std::fs::write(std::env::temp_dir().join("bench-progenitor.rs"), out).unwrap();
        return;
    }
    let runs: usize = args.get(1).map_or(30, |n| n.parse().unwrap());
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let full = std::fs::read_to_string(format!("{root}/spec/cloudforce-one.yaml")).unwrap();
    let text = spec_without_upload(&full);
    let spec_file = std::env::temp_dir().join("cloudforce-one-without-upload.yaml");
    std::fs::write(&spec_file, &text).unwrap();

    // Warm up both, and report output sizes.
    let (theirs, _) = progenitor_generate(&text);
    let ours = ours_generate(&text);
    println!("spec: 22 operations (without the upload); {runs} runs each, interleaved");
    println!(
        "output lines: ours {}, progenitor {}",
        ours.lines().count(),
        theirs.lines().count()
    );

    // In-process, interleaved so both see the same machine conditions.
    let (mut ours_t, mut theirs_t, mut stages) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        ours_t.extend(time_runs(1, || drop(ours_generate(&text))));
        let started = Instant::now();
        let (_, stage) = progenitor_generate(&text);
        theirs_t.push(started.elapsed());
        stages.push(stage);
    }
    let stage = |i: usize| median(stages.iter().map(|s| s[i]).collect());
    let (o, t) = (median(ours_t), median(theirs_t));
    println!("in-process median: ours {}, progenitor {} (parse {}, generate {}, syn+prettyplease {}); ratio {:.2}",
        ms(o), ms(t), ms(stage(0)), ms(stage(1)), ms(stage(2)), o.as_secs_f64() / t.as_secs_f64());

    // Whole processes: our CLI, and this binary in `--progenitor-cli` mode doing what
    // progenitor's CLI does (read the file, generate, format, write).
    let our_cli = format!("{root}/target/release/cloudforce-one-codegen");
    let out_dir = std::env::temp_dir().join("bench-ours");
    let this = std::env::current_exe().unwrap();
    let (mut ours_p, mut theirs_p) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        ours_p.extend(time_runs(1, || {
            let _ = std::fs::remove_dir_all(&out_dir);
            run_to_success(
                Command::new(&our_cli)
                    .args(["generate", "--spec"])
                    .arg(&spec_file)
                    .arg("--out")
                    .arg(&out_dir),
            );
        }));
        theirs_p.extend(time_runs(1, || {
            run_to_success(Command::new(&this).arg("--progenitor-cli").arg(&spec_file));
        }));
    }
    let (o, t) = (median(ours_p), median(theirs_p));
    println!(
        "whole process median: ours {}, progenitor {}; ratio {:.2}",
        ms(o),
        ms(t),
        o.as_secs_f64() / t.as_secs_f64()
    );
}
