//! JSON pointer → line number in a YAML document, so errors and `diff` reports can say where.
//!
//! A light scan of block-style YAML (the style specs are written in): it tracks the key path by
//! indentation, numbering block sequence items. Flow collections (`[a, b]`, `{a: 1}`) count as
//! values. Anything it cannot place simply has no line; JSON documents get none.

use crate::pointer;
use std::collections::HashMap;

/// Lines of the nodes of one document, by JSON pointer.
#[derive(Debug, Default)]
pub struct LineIndex {
    lines: HashMap<String, usize>,
}

/// A key as written: unquoted, or in single or double quotes.
fn unquote(key: &str) -> &str {
    let key = key.trim();
    key.strip_prefix('\'')
        .and_then(|k| k.strip_suffix('\''))
        .or_else(|| key.strip_prefix('"').and_then(|k| k.strip_suffix('"')))
        .unwrap_or(key)
}

/// Splits `key: value` (the colon followed by a space or the end of the line).
fn split_key(content: &str) -> Option<(&str, &str)> {
    if content.starts_with(['{', '[', '#']) {
        return None;
    }
    let bytes = content.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') if i == 0 => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b':') if bytes.get(i + 1).is_none_or(|n| *n == b' ') => {
                return Some((&content[..i], content[i + 1..].trim()))
            }
            _ => {}
        }
    }
    None
}

/// A YAML document's lines that hold content, each with its 0-based number and its
/// indentation: blank lines, comment lines and the text of block scalars (`|`, `>`) are skipped,
/// once the reader says where one starts ([`YamlLines::block_scalar_under`]).
pub(crate) struct YamlLines<'t> {
    lines: std::iter::Enumerate<std::str::Lines<'t>>,
    block_scalar_above: Option<usize>,
}

impl<'t> YamlLines<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        YamlLines {
            lines: text.lines().enumerate(),
            block_scalar_above: None,
        }
    }

    /// The line just read starts a block scalar of a key at `indent`: its text is the lines
    /// indented more.
    pub(crate) fn block_scalar_under(&mut self, indent: usize) {
        self.block_scalar_above = Some(indent);
    }
}

impl<'t> Iterator for YamlLines<'t> {
    type Item = (usize, usize, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (number, line) = self.lines.next()?;
            let content = line.trim_start();
            let indent = line.len() - content.len();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            match self.block_scalar_above {
                Some(level) if indent > level => continue,
                _ => self.block_scalar_above = None,
            }
            return Some((number, indent, line));
        }
    }
}

/// A mapping or sequence being read.
struct Frame {
    /// Indentation of the line that opened it (-1 for the document).
    opened_at: isize,
    /// Indentation of its entries, once the first one is seen.
    entries_at: Option<usize>,
    pointer: String,
    next_item: usize,
}

impl LineIndex {
    /// Indexes a document's text; JSON (anything starting with `{`) gets an empty index.
    pub fn new(text: &str) -> LineIndex {
        let mut index = LineIndex::default();
        if text.trim_start().starts_with('{') {
            return index;
        }
        let mut frames = vec![Frame {
            opened_at: -1,
            entries_at: None,
            pointer: String::new(),
            next_item: 0,
        }];
        let mut lines = YamlLines::new(text);
        while let Some((number, indent, line)) = lines.next() {
            let content = line.trim_start();
            let item = content == "-" || content.starts_with("- ");
            // Close what this line is not inside of. A sequence may sit at its key's indentation.
            while let Some(top) = frames.last() {
                let closed = match top.entries_at {
                    // A sequence written at its key's indentation ends at the next key there.
                    Some(at) => indent < at || (at as isize == top.opened_at && !item),
                    None => {
                        (indent as isize) < top.opened_at
                            || (indent as isize == top.opened_at && !item)
                    }
                };
                if !closed || frames.len() == 1 {
                    break;
                }
                frames.pop();
            }
            let top = frames.last_mut().expect("the document frame stays");
            top.entries_at.get_or_insert(indent);
            let (content, key_indent) = if item {
                let pointer = format!("{}/{}", top.pointer, top.next_item);
                top.next_item += 1;
                index.lines.entry(pointer.clone()).or_insert(number + 1);
                let rest = content.strip_prefix('-').unwrap_or_default().trim_start();
                let inner = indent + (content.len() - rest.len());
                frames.push(Frame {
                    opened_at: indent as isize,
                    entries_at: Some(inner),
                    pointer,
                    next_item: 0,
                });
                (rest, inner)
            } else {
                (content, indent)
            };
            let Some((key, value)) = split_key(content) else {
                continue;
            };
            let parent = &frames.last().expect("a frame").pointer;
            let pointer = pointer::child(parent, unquote(key));
            index.lines.entry(pointer.clone()).or_insert(number + 1);
            if value.is_empty() {
                frames.push(Frame {
                    opened_at: key_indent as isize,
                    entries_at: None,
                    pointer,
                    next_item: 0,
                });
            } else if value.starts_with('|') || value.starts_with('>') {
                lines.block_scalar_under(key_indent);
            }
        }
        index
    }

    /// The line of the node at `pointer` (`#/…`), or of its nearest indexed ancestor.
    pub fn line(&self, pointer: &str) -> Option<usize> {
        let mut pointer = pointer.trim_start_matches('#');
        loop {
            if let Some(line) = self.lines.get(pointer) {
                return Some(*line);
            }
            pointer = &pointer[..pointer.rfind('/')?];
            if pointer.is_empty() {
                return None;
            }
        }
    }
}

impl LineIndex {
    /// The line of the nearest node that is `pointer` or encloses it, if one is more than a
    /// top-level section (`#/paths`, `#/components/schemas`): where to read a change to
    /// something this document no longer has.
    pub fn enclosing_line(&self, pointer: &str) -> Option<usize> {
        let mut pointer = pointer.trim_start_matches('#');
        loop {
            let depth = pointer.matches('/').count();
            if depth < 2 || (depth == 2 && pointer.starts_with("/components/")) {
                return None;
            }
            if let Some(line) = self.lines.get(pointer) {
                return Some(*line);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "openapi: 3.0.3\nsecurity:\n- a: []\npaths:\n  /a/{id}:\n    get:\n      description: |\n        text: not a key\n      parameters:\n        - name: id\n          in: path\n        - $ref: '#/components/parameters/x'\n      tags: [a]\n    put:\n      operationId: a-put\ncomponents:\n  schemas:\n    A:\n      required:\n      - id\n      properties:\n        id: {type: string}\n";

    #[test]
    fn pointers_map_to_their_lines() {
        let index = LineIndex::new(DOC);
        let table = [
            ("#/security/0/a", Some(3)),
            ("#/paths/~1a~1{id}/get", Some(6)),
            ("#/paths/~1a~1{id}/get/parameters/0", Some(10)),
            ("#/paths/~1a~1{id}/get/parameters/0/in", Some(11)),
            ("#/paths/~1a~1{id}/get/parameters/1", Some(12)),
            ("#/paths/~1a~1{id}/get/tags", Some(13)),
            ("#/paths/~1a~1{id}/put/operationId", Some(15)),
            ("#/components/schemas/A/required/0", Some(20)),
            ("#/components/schemas/A/properties/id", Some(22)),
            ("#/components/schemas/A/properties/id/type", Some(22)),
            ("#/nowhere", None),
        ];
        for (pointer, line) in table {
            assert_eq!(index.line(pointer), line, "{pointer}");
        }
    }

    #[test]
    fn block_scalars_hide_their_text() {
        assert_eq!(
            LineIndex::new(DOC).line("#/paths/~1a~1{id}/get/description/text"),
            Some(7)
        );
    }

    #[test]
    fn json_has_no_lines() {
        assert_eq!(
            LineIndex::new("{\"openapi\": \"3.0.3\"}").line("#/openapi"),
            None
        );
    }
}
