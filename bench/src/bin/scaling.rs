//! Generation time and peak memory against document size, beside the time to parse each
//! document alone: the generator's command line (release build, `generate --lenient`) run as a
//! process under `/usr/bin/time`, and the document parsed into a `serde_json::Value` (or a
//! `serde_yaml::Value`) in this process, `RUNS` times each, medians reported.
//!
//! `cargo build --release -p cloudforce-one-codegen`
//! `cargo run --release --manifest-path bench/Cargo.toml --bin scaling -- RUNS DOCUMENT...`
//! (`CODEGEN=PATH` runs another build of the command line)

use cloudforce_one_bench::{median, run_to_success, time_runs};
use std::process::Command;
use std::time::Duration;

/// The operations a document declares, as openapiv3 reads them.
fn operations(document: serde_json::Value) -> usize {
    let api: openapiv3::OpenAPI =
        serde_json::from_value(document).expect("an OpenAPI 3.0 document");
    api.operations().count()
}

fn parse(text: &str, yaml: bool) -> serde_json::Value {
    if yaml {
        serde_yaml::from_str(text).unwrap()
    } else {
        serde_json::from_str(text).unwrap()
    }
}

/// One generation as a process, into an empty directory (so every file is written, and none is
/// first compared with an earlier run's): its wall time and peak resident memory in bytes.
fn generate(codegen: &str, document: &str, out: &std::path::Path) -> (Duration, u64) {
    let _ = std::fs::remove_dir_all(out);
    let output = run_to_success(
        Command::new("/usr/bin/time")
            .args([
                "-f",
                "%e %M",
                codegen,
                "generate",
                "--lenient",
                "--spec",
                document,
                "--out",
            ])
            .arg(out),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().expect("time reports");
    let (seconds, kilobytes) = last.split_once(' ').expect("two figures");
    (
        Duration::from_secs_f64(seconds.parse().unwrap()),
        kilobytes.trim().parse::<u64>().unwrap() * 1024,
    )
}

/// A size in bytes as a reader reads it: kB below a megabyte.
fn size(bytes: usize) -> String {
    match bytes {
        0..1_000_000 => format!("{:.0} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args.get(1).expect("RUNS DOCUMENT...").parse().unwrap();
    let codegen = std::env::var("CODEGEN").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/release/cloudforce-one-codegen"
        )
        .to_owned()
    });
    let out = std::env::temp_dir().join("cloudforce-one-scaling");
    println!("| document | operations | size | parse alone | generation | generation ÷ parse | peak memory | memory ÷ size |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for document in &args[2..] {
        let text = std::fs::read_to_string(document).unwrap();
        let yaml = !text.trim_start().starts_with('{');
        let operations = operations(parse(&text, yaml));
        let parse_time = median(time_runs(runs, || drop(parse(&text, yaml))));
        let (times, peaks): (Vec<Duration>, Vec<u64>) = (0..runs)
            .map(|_| generate(&codegen, document, &out))
            .unzip();
        let (time, mut peaks) = (median(times), peaks);
        peaks.sort_unstable();
        let peak = peaks[peaks.len() / 2];
        let name = document.rsplit('/').take(2).collect::<Vec<_>>();
        println!(
            "| {}/{} | {operations} | {} | {:.3} s | {:.2} s | {:.0}× | {:.0} MB | {:.0}× |",
            name[1],
            name[0],
            size(text.len()),
            parse_time.as_secs_f64(),
            time.as_secs_f64(),
            time.as_secs_f64() / parse_time.as_secs_f64(),
            peak as f64 / 1e6,
            peak as f64 / text.len() as f64,
        );
    }
}
