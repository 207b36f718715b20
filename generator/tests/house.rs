//! The generator's own shape, held: no module of `generator/src` imports one that imports it
//! back (parents and their submodules aside), and no function runs over 90 lines. Both are read
//! from the source text: comments and string literals are skipped, code is not compiled.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest function allowed, in lines, signature to closing brace.
const LONGEST_FUNCTION: usize = 90;

/// Every source file of the generator, by module path (`model::ir`; the library's root is ``,
/// the command line's `main`).
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            (parts.join("::"), std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// The code of a file as `(line, char)`, without comments, string and char literals (each
/// literal reads as one `"`).
fn code(text: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    let newlines = |from: usize, to: usize| chars[from..to].iter().filter(|&&c| c == '\n').count();
    while i < chars.len() {
        let rest = &chars[i..];
        let skip_to = if rest.starts_with(&['/', '/']) {
            (i..chars.len())
                .find(|&j| chars[j] == '\n')
                .unwrap_or(chars.len())
        } else if rest.starts_with(&['/', '*']) {
            (i + 2..chars.len() - 1)
                .find(|&j| chars[j] == '*' && chars[j + 1] == '/')
                .map_or(chars.len(), |j| j + 2)
        } else if rest[0] == 'r' && rest.get(1).is_some_and(|&c| c == '"' || c == '#') {
            let hashes = rest[1..].iter().take_while(|&&c| c == '#').count();
            let close: Vec<char> = std::iter::once('"')
                .chain((0..hashes).map(|_| '#'))
                .collect();
            let body = i + 2 + hashes;
            out.push((line, '"'));
            (body..chars.len())
                .find(|&j| chars[j..].starts_with(&close))
                .map_or(chars.len(), |j| j + close.len())
        } else if rest[0] == '"' {
            out.push((line, '"'));
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            j + 1
        } else if rest[0] == '\'' && (rest.get(2) == Some(&'\'') || rest.get(1) == Some(&'\\')) {
            // A char literal (`'{'`, `'\''`); a lifetime (`'a`) has no closing quote.
            (i + 2..chars.len())
                .find(|&j| chars[j] == '\'')
                .map_or(chars.len(), |j| j + 1)
        } else {
            if rest[0] == '\n' {
                line += 1;
            }
            out.push((line, rest[0]));
            i += 1;
            continue;
        };
        let skip_to = skip_to.min(chars.len());
        line += newlines(i, skip_to);
        i = skip_to;
    }
    out
}

/// Each function of a file with a body: its name, first line and length in lines.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let code = code(text);
    let word_at = |k: usize| {
        let word: String = code[k..]
            .iter()
            .map(|&(_, c)| c)
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        word
    };
    let mut out = Vec::new();
    for k in 0..code.len() {
        let starts_word = k == 0 || !(code[k - 1].1.is_alphanumeric() || code[k - 1].1 == '_');
        if !starts_word || word_at(k) != "fn" || code.get(k + 2).is_none_or(|c| c.1 != ' ') {
            continue;
        }
        let name = word_at(k + 3);
        let (mut depth, mut parens) = (0usize, 0usize);
        for &(line, c) in &code[k..] {
            match c {
                '(' | '<' | '[' => parens += 1,
                ')' | '>' | ']' => parens = parens.saturating_sub(1),
                ';' if depth == 0 && parens == 0 => break,
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push((name.clone(), code[k].0, line - code[k].0 + 1));
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The modules a file names through `crate::` or `super::` paths, resolved to the longest
/// prefix that is a module.
fn dependencies(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let code: String = code(text).into_iter().map(|(_, c)| c).collect();
    let mut out = BTreeSet::new();
    let path_at = |at: usize| -> String {
        (code[at..].chars())
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect()
    };
    let mut paths = Vec::new();
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        let path = path_at(at);
        // `use super::{a::X, b}`: each item of the group is a path of its own.
        let group = at + path.len();
        if path.ends_with("::") && code[group..].starts_with('{') {
            let end = code[group..].find('}').map_or(code.len(), |e| group + e);
            let mut offset = group + 1;
            for item in code[group + 1..end].split(',') {
                let lead = item.len() - item.trim_start().len();
                paths.push(format!("{path}{}", path_at(offset + lead)));
                offset += item.len() + 1;
            }
        } else {
            paths.push(path);
        }
    }
    for path in paths {
        let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let mut base: Vec<&str> = if module.is_empty() {
            Vec::new()
        } else {
            module.split("::").collect()
        };
        if segments[0] == "crate" {
            base.clear();
        }
        while segments
            .first()
            .is_some_and(|s| *s == "super" || *s == "crate")
        {
            if segments[0] == "super" {
                base.pop();
            }
            segments.remove(0);
        }
        let full: Vec<&str> = base.into_iter().chain(segments).collect();
        if let Some(target) = (1..=full.len())
            .rev()
            .map(|n| full[..n].join("::"))
            .find(|m| known.contains(m))
        {
            let related = target == module
                || module.starts_with(&format!("{target}::"))
                || target.starts_with(&format!("{module}::"));
            if !related {
                out.insert(target);
            }
        }
    }
    out
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let graph: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .map(|(module, text)| (module.as_str(), dependencies(module, text, &known)))
        .collect();
    // A circle is a module reachable from one it depends on.
    for (module, deps) in &graph {
        for dep in deps {
            let mut seen = BTreeSet::new();
            let mut stack = vec![dep.as_str()];
            while let Some(at) = stack.pop() {
                assert!(
                    at != *module,
                    "{module} depends on {dep}, which depends back on {module}"
                );
                if seen.insert(at) {
                    stack.extend(graph.get(at).into_iter().flatten().map(String::as_str));
                }
            }
        }
    }
    assert!(graph.len() > 40, "read {} modules", graph.len());
}

#[test]
fn no_function_runs_over_the_limit() {
    let mut long = Vec::new();
    let mut count = 0;
    for (module, text) in modules() {
        for (name, line, length) in functions(&text) {
            count += 1;
            if length > LONGEST_FUNCTION {
                let path = [module.as_str(), &name].join("::");
                let path = path.trim_start_matches("::");
                long.push(format!("{path} (line {line}): {length} lines"));
            }
        }
    }
    assert!(count > 400, "read {count} functions");
    assert!(long.is_empty(), "over {LONGEST_FUNCTION} lines: {long:#?}");
}

#[test]
fn the_reading_sees_through_strings_and_comments() {
    let text = "fn a() {\n    let s = \"}\";\n    // }\n    let c = '}';\n    let r = r#\"}\"#;\n}\nfn b<'x>(v: &'x str) -> Vec<u8> {\n    vec![]\n}\n";
    assert_eq!(
        functions(text),
        [("a".to_owned(), 1, 6), ("b".to_owned(), 7, 3)]
    );
    let known: BTreeSet<String> = ["a", "a::b", "c"].map(String::from).into();
    let deps = dependencies("c", "use crate::a::b::Item;\n// crate::x\n", &known);
    assert_eq!(deps, ["a::b".to_owned()].into());
    let grouped = dependencies("c", "use crate::{a::Item, b};\n", &known);
    assert_eq!(grouped, ["a".to_owned()].into());
}
