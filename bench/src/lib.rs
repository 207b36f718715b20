//! Shared helpers for the benchmark programs: timing, medians, and the spec without the upload
//! operation (which progenitor rejects).

use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The spec as text, minus `POST …/asset/new`: progenitor refuses multipart bodies.
pub fn spec_without_upload(spec: &str) -> String {
    let mut doc: serde_yaml::Value = serde_yaml::from_str(spec).expect("the spec parses");
    let paths = doc
        .get_mut("paths")
        .and_then(|p| p.as_mapping_mut())
        .expect("paths");
    let removed =
        paths.remove("/accounts/{account_id}/cloudforce-one/requests/{request_id}/asset/new");
    assert!(removed.is_some(), "the upload path is in the spec");
    serde_yaml::to_string(&doc).unwrap()
}

/// Runs `f` `runs` times and returns each run's duration.
pub fn time_runs(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect()
}

/// The median of some durations.
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    let mid = samples.len() / 2;
    if samples.len() % 2 == 0 {
        (samples[mid - 1] + samples[mid]) / 2
    } else {
        samples[mid]
    }
}

/// Milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Runs `command` to its end, which must be a success; its output otherwise says why.
pub fn run_to_success(command: &mut Command) -> Output {
    let output = command.output().expect("the command starts");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
