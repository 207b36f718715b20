//! Fuzzing the client's decoders: every operation of the spec, called through the runtime's
//! whole decode path (a [`Transport`] that answers without a socket), against response bodies
//! that are random bytes or the spec's own example responses changed at random (wrong types,
//! extreme numbers, nesting past any limit, repeated keys, cut short, not UTF-8). A call must
//! end in its result or a typed error (`Error::Decode`, or `Error::Api` for an error status or
//! `success: false`) with a bounded message: never a panic, never another kind of error.
//!
//! The suite runs a fixed ten thousand cases in seconds; `FUZZ_CASES=1000000` (and `FUZZ_SEED`
//! to start elsewhere) is the long run by hand. A failing case prints its seed.

#[path = "support/mutate.rs"]
mod mutate;
#[path = "support/operations.rs"]
mod operations;

use cloudforce_one::transport::{Sending, Transport};
use cloudforce_one::{Client, Credentials, Error, RetryPolicy};
use operations::{call, Examples};
use rand::seq::IndexedRandom;
use rand::Rng;
use serde_json::Value;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

/// Answers every request with the status and body last put in it.
#[derive(Debug, Clone, Default)]
struct Answer(Arc<Mutex<(u16, Vec<u8>)>>);

impl Transport for Answer {
    fn send(&self, _request: reqwest::Request) -> Sending {
        let (status, body) = self.0.lock().unwrap().clone();
        Box::pin(async move {
            let response = http::Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(body)
                .unwrap();
            Ok(reqwest::Response::from(response))
        })
    }
}

/// One operation and its example responses: its success's, and its error's.
struct Operation {
    method: String,
    path: String,
    id: String,
    success: Value,
    failure: Value,
}

fn operations(examples: &Examples) -> Vec<Operation> {
    let example = |method: &str, path: &str, status: &str| {
        let response = examples.resolve(&examples.0["paths"][path][method]["responses"][status]);
        let example = response["content"]["application/json"]["example"].clone();
        assert!(
            !example.is_null(),
            "{method} {path} {status} has an example"
        );
        example
    };
    examples
        .operations()
        .into_iter()
        .map(|(method, path, id)| Operation {
            success: example(&method, &path, "200"),
            failure: example(&method, &path, "4XX"),
            method,
            path,
            id,
        })
        .collect()
}

/// The largest body sent, in bytes.
const MAX_BODY: usize = 256 * 1024;

/// What the calls of a run ended in.
#[derive(Debug, Default)]
struct Outcomes {
    ok: usize,
    decode: usize,
    api: usize,
}

#[test]
fn decoders_end_in_a_result_or_a_typed_error_whatever_the_body() {
    mutate::on_a_deep_stack(fuzz_decoders);
}

fn fuzz_decoders() {
    let examples = Examples::load();
    let operations = operations(&examples);
    let answer = Answer::default();
    let client = Client::builder(Credentials::token("tok-fuzz"))
        .base_url("http://fuzz.invalid/client/v4")
        .retry(RetryPolicy::none())
        .transport(answer.clone())
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let send = |op: &Operation, status: u16, body: Vec<u8>| {
        *answer.0.lock().unwrap() = (status, body);
        let calling = call(&client, &examples, &op.method, &op.path, &op.id);
        std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(calling)))
    };

    // The examples themselves: the harness is sound only if these read as they should.
    for op in &operations {
        let sent = send(op, 200, serde_json::to_vec(&op.success).unwrap());
        assert!(matches!(sent, Ok(Ok(()))), "{}: {sent:?}", op.id);
        let sent = send(op, 400, serde_json::to_vec(&op.failure).unwrap());
        assert!(
            matches!(sent, Ok(Err(Error::Api(_)))),
            "{}: {sent:?}",
            op.id
        );
    }

    let (first, cases) = (mutate::first_seed(), mutate::cases(10_000));
    let mut outcomes = Outcomes::default();
    for seed in first..first + cases {
        let rng = &mut mutate::rng(seed);
        let op = operations.choose(rng).unwrap();
        let (status, body) = if rng.random_bool(0.1) {
            let status = *[200, 201, 204, 400, 404, 429, 500].choose(rng).unwrap();
            (status, mutate::random_bytes(rng))
        } else {
            let success = rng.random_bool(0.8);
            let mut document = if success {
                op.success.clone()
            } else {
                op.failure.clone()
            };
            for _ in 0..rng.random_range(1..=4) {
                let at = mutate::pointers(&document).choose(rng).unwrap().clone();
                mutate::change_node(&mut document, &at, rng, 10_000);
            }
            let mut text = mutate::to_text(&document, rng);
            // Bodies past the client's size limit end in `Error::ResponseTooLarge` before any
            // decoding; those are the hostile-server tests'. These stay well within it.
            text.truncate(MAX_BODY);
            if rng.random_bool(0.3) {
                mutate::damage_bytes(&mut text, rng);
            }
            let status = match success {
                true => *[200, 200, 200, 201, 204].choose(rng).unwrap(),
                false => *[400, 404, 409].choose(rng).unwrap(),
            };
            (status, text)
        };
        let replay = format!(
            "FUZZ_SEED={seed} FUZZ_CASES=1 ({} answered {status})",
            op.id
        );
        match send(op, status, body) {
            Err(_) => panic!("the call panicked: {replay}"),
            Ok(Ok(())) => outcomes.ok += 1,
            Ok(Err(error)) => {
                let shown = error.to_string();
                assert!(
                    shown.len() < 16 * 1024,
                    "{replay}: {} bytes shown",
                    shown.len()
                );
                match error {
                    Error::Decode(_) => outcomes.decode += 1,
                    Error::Api(_) => outcomes.api += 1,
                    other => panic!("{replay}: not a decode or API error: {other:?}"),
                }
            }
        }
    }
    println!("{cases} cases from seed {first}: {outcomes:?}");
    if cases >= 1_000 {
        assert!(
            outcomes.ok > 0 && outcomes.decode > 0 && outcomes.api > 0,
            "every outcome occurs: {outcomes:?}"
        );
    }
}
