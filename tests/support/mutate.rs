//! Random changes to a JSON document, for the fuzz tests of the client's decoders and of the
//! generator: a node replaced by a value of another type or an extreme one, entries deleted,
//! added or duplicated, nodes nested thousands deep or copied elsewhere; and the document's text
//! written with repeated keys, cut short, or with bytes that are not UTF-8.
//!
//! Every case is made from its own seed, so a failure reproduces from the seed it prints.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, RngCore, SeedableRng};
use serde_json::{Map, Number, Value};

/// Runs `cases` on a thread with a stack deep enough for this module's recursion (cloning,
/// counting, writing) through the deepest documents it makes, a debug build's frames being large.
pub fn on_a_deep_stack(cases: impl FnOnce() + Send) {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, cases)
            .unwrap()
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    });
}

/// The random source of one case.
pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// How many cases to run: `FUZZ_CASES` if set (the long run by hand), else `default`.
pub fn cases(default: u64) -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .map(|n| n.parse().expect("FUZZ_CASES is a number"))
        .unwrap_or(default)
}

/// The seed of the first case: `FUZZ_SEED` if set, else a fixed one, so that the suite's run is
/// the same every time and a long run by hand can explore elsewhere.
pub fn first_seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .map(|n| n.parse().expect("FUZZ_SEED is a number"))
        .unwrap_or(0x5eed)
}

/// How deep [`pointers`] looks: what lies deeper is changed only with what holds it.
const DEEPEST: usize = 64;

/// JSON pointers to every node of `value` down to [`DEEPEST`] levels, the root (`""`) first.
pub fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), 0, value)];
    while let Some((at, depth, node)) = stack.pop() {
        let depth = depth + 1;
        match node {
            _ if depth > DEEPEST => {}
            Value::Object(map) => {
                for (key, child) in map {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    stack.push((format!("{at}/{key}"), depth, child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((format!("{at}/{i}"), depth, child));
                }
            }
            _ => {}
        }
        out.push(at);
    }
    out
}

/// A value chosen to trip a decoder or a generator: of each JSON type, and at its extremes.
pub fn odd_value(rng: &mut StdRng) -> Value {
    match rng.random_range(0..16) {
        0 => Value::Null,
        1 => Value::Bool(rng.random()),
        2 => Value::from(rng.random::<i64>()),
        3 => Value::from(u64::MAX),
        4 => Value::from(i64::MIN),
        5 => Value::from(-0.0_f64),
        6 => Number::from_f64(f64::MAX).map_or(Value::Null, Value::Number),
        7 => Value::from(rng.random::<f64>() * 1e6),
        8 => Value::from(""),
        9 => Value::from("x".repeat(rng.random_range(1..5_000))),
        10 => Value::from("\u{0}\u{202e}ü\u{1f600}\"\\'\n`{}$#/"),
        11 => Value::from(random_text(rng)),
        12 => Value::Array(Vec::new()),
        13 => Value::Object(Map::new()),
        14 => Value::Array(
            (0..rng.random_range(1..50))
                .map(|_| small_value(rng))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.random_range(1..8) {
                map.insert(random_text(rng), small_value(rng));
            }
            Value::Object(map)
        }
    }
}

fn small_value(rng: &mut StdRng) -> Value {
    match rng.random_range(0..4) {
        0 => Value::Null,
        1 => Value::from(rng.random_range(-5..5)),
        2 => Value::from(random_text(rng)),
        _ => Value::Bool(rng.random()),
    }
}

/// A short string of letters, digits, punctuation and a few characters beyond ASCII.
pub fn random_text(rng: &mut StdRng) -> String {
    const CHARS: &[char] = &[
        'a', 'b', 'z', 'A', 'Z', '0', '9', '_', '-', '.', ' ', '/', '{', '}', '$', '#', '~', 'ü',
        'ß', '字', '\u{0}', '\u{7f}', '\u{200b}', '"', '\\',
    ];
    let len = rng.random_range(0..12);
    (0..len).map(|_| *CHARS.choose(rng).unwrap()).collect()
}

/// Applies one of the generic changes to the node at `at` of `document`. `limit` bounds how large
/// a change may make the document (in nodes, and in characters of one string).
pub fn change_node(document: &mut Value, at: &str, rng: &mut StdRng, limit: usize) {
    let room = count(document) < limit;
    let donor = {
        let all = pointers(document);
        document
            .pointer(all.choose(rng).unwrap())
            .cloned()
            .unwrap_or(Value::Null)
    };
    let Some(node) = document.pointer_mut(at) else {
        return;
    };
    match rng.random_range(0..9) {
        0 | 1 => *node = odd_value(rng),
        2 => {
            // Another type holding the same contents.
            *node = match std::mem::take(node) {
                Value::Object(map) => Value::Array(map.into_values().collect()),
                Value::Array(items) => Value::Object(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| (i.to_string(), v))
                        .collect(),
                ),
                Value::String(text) => Value::Array(vec![Value::String(text)]),
                other => Value::String(other.to_string()),
            }
        }
        3 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map
                    .keys()
                    .nth(rng.random_range(0..map.len()))
                    .cloned()
                    .unwrap();
                map.remove(&key);
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(rng.random_range(0..items.len()));
            }
            other => *other = Value::Null,
        },
        4 => match node {
            Value::Object(map) => {
                map.insert(random_text(rng), odd_value(rng));
            }
            Value::Array(items) => items.push(odd_value(rng)),
            other => *other = odd_value(rng),
        },
        5 => {
            // Nested deep: past serde_json's recursion limit (128) now and then.
            let depth = if rng.random_bool(0.2) {
                rng.random_range(100..1_000)
            } else {
                rng.random_range(1..20)
            };
            let mut nested = std::mem::take(node);
            for _ in 0..depth {
                nested = if rng.random() {
                    Value::Array(vec![nested])
                } else {
                    let mut map = Map::new();
                    map.insert(random_text(rng), nested);
                    Value::Object(map)
                };
            }
            *node = nested;
        }
        6 => {
            if room && count(&donor) < limit {
                *node = donor;
            }
        }
        7 => {
            if let (true, Value::Array(items)) = (room, &mut *node) {
                if let Some(first) = items.first().cloned() {
                    let copies = rng.random_range(1..100);
                    items.extend(std::iter::repeat_n(first, copies));
                }
            }
        }
        _ => {
            if let Value::String(text) = node {
                *text = mangle_text(text, rng);
            } else {
                *node = odd_value(rng);
            }
        }
    }
}

/// `text` cut, doubled, or with odd characters put in.
fn mangle_text(text: &str, rng: &mut StdRng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.random_range(0..=chars.len());
    match rng.random_range(0..4) {
        0 => chars[..at].iter().collect(),
        // Repeated, up to some tens of kilobytes.
        1 => text.repeat(
            rng.random_range(2..50)
                .min(50_000 / text.len().max(1))
                .max(1),
        ),
        2 => {
            let mut out: String = chars[..at].iter().collect();
            out.push_str(&random_text(rng));
            out.extend(&chars[at..]);
            out
        }
        _ => text.to_uppercase(),
    }
}

/// How many nodes `value` has.
pub fn count(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(count).sum::<usize>(),
        Value::Array(items) => 1 + items.iter().map(count).sum::<usize>(),
        _ => 1,
    }
}

/// `value`'s JSON text, written with an object's key now and then given twice (a few times a
/// document at most: repeating keys at each level of a deep nest would double it each time).
pub fn to_text(value: &Value, rng: &mut StdRng) -> Vec<u8> {
    let mut out = Vec::new();
    write(value, rng, &mut 3, &mut out);
    out
}

fn write(value: &Value, rng: &mut StdRng, repeats: &mut u32, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            out.push(b'{');
            let mut first = true;
            for (key, child) in map {
                let repeat = *repeats > 0 && rng.random_bool(0.02);
                *repeats -= u32::from(repeat);
                for _ in 0..=u32::from(repeat) {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    out.extend(serde_json::to_vec(key).unwrap());
                    out.push(b':');
                    write(child, rng, repeats, out);
                }
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, child) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(child, rng, repeats, out);
            }
            out.push(b']');
        }
        scalar => out.extend(serde_json::to_vec(scalar).unwrap()),
    }
}

/// `text` with a byte-level change: cut short, a byte changed, or bytes that are not UTF-8 (or
/// are JSON's own escapes for lone surrogates) put in.
pub fn damage_bytes(text: &mut Vec<u8>, rng: &mut StdRng) {
    if text.is_empty() {
        text.extend(random_bytes(rng));
        return;
    }
    let at = rng.random_range(0..text.len());
    match rng.random_range(0..5) {
        0 => text.truncate(at),
        1 => text[at] = rng.random(),
        2 => {
            let bad: &[u8] = [
                &b"\xff"[..],
                b"\xc3",
                b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80",
                b"\0",
            ]
            .choose(rng)
            .unwrap();
            text.splice(at..at, bad.iter().copied());
        }
        3 => {
            let escape: &[u8] = [&br#""\ud800""#[..], br#""\udfff\ud800""#, b"1e99999", b"-"]
                .choose(rng)
                .unwrap();
            text.splice(at..at, escape.iter().copied());
        }
        _ => {
            let bytes = random_bytes(rng);
            text.splice(at..at, bytes);
        }
    }
}

/// Up to a few hundred bytes of anything.
pub fn random_bytes(rng: &mut StdRng) -> Vec<u8> {
    let mut bytes = vec![0; rng.random_range(0..400)];
    rng.fill_bytes(&mut bytes);
    bytes
}
