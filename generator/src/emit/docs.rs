//! Spec text → `#[doc]` attributes that rustdoc renders cleanly and never runs.
//!
//! Text enters the output only as string literals (via `quote`), so nothing in it can become
//! code. On top of that: one attribute per line; `[`, `]`, `<` and `>` outside code spans are
//! escaped so rustdoc sees no links or HTML; bare URLs are wrapped in `<…>`; indentation is
//! removed and code fences are marked `text`, so no description becomes a doctest; a list
//! item's next lines are indented by its marker, so they read as the item's.
//!
//! While a group of items is formatted ([`deferring`]), each block of lines is held back and
//! stands in the tokens as one placeholder attribute, put back as `///` lines into the printed
//! text ([`Deferred::expand`]): syn need not parse and unescape text that prettyplease only
//! prints again (a quarter of the time of formatting a large document's code was its docs). The
//! text comes out byte for byte as prettyplease prints the attributes themselves.

use crate::model::ir::Docs;
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;

/// `#[doc]` attributes for `docs`, followed by `extra` paragraphs written by the generator.
pub fn attrs(docs: &Docs, extra: &[String]) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    let summary = docs
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let description = docs
        .description
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(summary) = summary {
        paragraphs.push(sanitize(summary));
    }
    if let Some(description) = description {
        if Some(description) != summary {
            paragraphs.push(sanitize(description));
        }
    }
    paragraphs.extend(extra.iter().cloned());
    lines(&paragraphs.join("\n\n"))
}

/// One `#[doc]` per line of already-sanitised text; under [`deferring`], one placeholder for
/// them all.
pub fn lines(text: &str) -> TokenStream {
    if text.lines().next().is_none() {
        return TokenStream::new();
    }
    let held = DEFERRED.with_borrow_mut(|deferred| {
        deferred.as_mut().map(|blocks| {
            blocks.push(text.to_owned());
            blocks.len() - 1
        })
    });
    if let Some(index) = held {
        let placeholder = format!("{PLACEHOLDER}{index}");
        return quote! { #[doc = #placeholder] };
    }
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// What a held-back block's attribute says: a control character, which no doc text has
/// ([`sanitize`] replaces them, and the generator's own sentences have none), then the block's
/// index.
const PLACEHOLDER: char = '\u{1}';

thread_local! {
    /// The blocks [`lines`] held back on this thread, while [`deferring`] runs.
    static DEFERRED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// The doc blocks held back while some tokens were emitted, by placeholder index.
#[derive(Debug, Default)]
pub struct Deferred(Vec<String>);

/// Runs `emit` with doc blocks held back (see the module docs); they are returned beside what it
/// made, for [`Deferred::expand`] to put into the printed text.
pub fn deferring<T>(emit: impl FnOnce() -> T) -> (T, Deferred) {
    let outer = DEFERRED.replace(Some(Vec::new()));
    let made = emit();
    let blocks = DEFERRED.replace(outer).unwrap_or_default();
    (made, Deferred(blocks))
}

impl Deferred {
    /// `printed` with each placeholder's line (`///` and the placeholder, as prettyplease
    /// prints the attribute) replaced by its block's lines at the same indentation, as
    /// prettyplease prints one `#[doc]` per line: `///`, the line after a space, trailing spaces
    /// trimmed. A block's tokens may be used more than once. Fails, naming the line, when a
    /// placeholder is left elsewhere (a generator bug: a doc placed where it is not printed as
    /// a comment, inside a macro's tokens say).
    pub fn expand(&self, printed: String) -> Result<String, String> {
        if self.0.is_empty() {
            return Ok(printed);
        }
        let marker = format!("///{PLACEHOLDER}");
        let docs_len: usize = self.0.iter().map(String::len).sum();
        let mut out = String::with_capacity(printed.len() + 2 * docs_len);
        for line in printed.split_inclusive('\n') {
            let content = line.trim_start_matches(' ');
            let block = content
                .strip_prefix(marker.as_str())
                .and_then(|rest| rest.trim_end_matches('\n').parse::<usize>().ok())
                .and_then(|index| self.0.get(index));
            let Some(block) = block else {
                out.push_str(line);
                continue;
            };
            let indent = &line[..line.len() - content.len()];
            for doc_line in block.lines() {
                out.push_str(indent);
                out.push_str("///");
                let doc_line = doc_line.trim_end_matches(' ');
                if !doc_line.is_empty() {
                    out.push(' ');
                    out.push_str(doc_line);
                }
                out.push('\n');
            }
        }
        // A placeholder left as an attribute is printed as a literal, its character escaped.
        let as_attribute = format!("doc = \"{}", PLACEHOLDER.escape_unicode());
        let left = |line: &&str| line.contains(PLACEHOLDER) || line.contains(&as_attribute);
        match out.lines().find(left) {
            None => Ok(out),
            Some(line) => Err(format!(
                "a doc was not printed as a doc comment: {}",
                line.trim()
                    .replace(PLACEHOLDER, &PLACEHOLDER.escape_unicode().to_string())
            )),
        }
    }
}

/// Makes spec text safe for rustdoc (see the module docs).
pub fn sanitize(text: &str) -> String {
    // Control characters (a lone CR, say) are not allowed in doc comments.
    let text: String = text
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_fence = false;
    // Inside a list item: the width of its marker, by which its next lines are indented so
    // that Markdown (and clippy's `doc_lazy_continuation`) reads them as the item's.
    let mut item_indent: Option<usize> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            // Every fence becomes a plain-text block: opening fences get `text`, closing stay bare.
            out.push_str(if in_fence { "```" } else { "```text" });
            in_fence = !in_fence;
            item_indent = None;
        } else if in_fence {
            out.push_str(raw.trim_end());
        } else if line.is_empty() {
            item_indent = None;
        } else if let Some(width) = list_marker(line) {
            item_indent = Some(width);
            out.push_str(&escape_line(line));
        } else {
            if let Some(width) = item_indent {
                out.push_str(&" ".repeat(width));
            }
            out.push_str(&escape_line(line));
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.trim_end().to_owned()
}

/// Where the text of the list item a line starts (`- `, `*   `, `1. `, `2) `) begins, if the line
/// starts one: after the marker and the spaces that follow it, or (CommonMark's rule for five or
/// more, which start indented code) after one.
fn list_marker(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let rest = &line[digits..];
        if digits == 0 || digits >= 10 || !rest.starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    match line[marker..].chars().take_while(|c| *c == ' ').count() {
        0 => None,
        spaces @ 1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Escapes markdown link and HTML syntax outside `code spans`, and wraps bare URLs.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code {
            if let Some(url_len) = url_at(rest) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                rest = &rest[url_len..];
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unbalanced backtick would swallow the next lines into a code span.
        out.push('`');
    }
    out
}

/// Length of the URL starting `text`, if one does.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items carrying doc blocks at several depths: a struct, its fields, a nested module's
    /// function, an enum's variants; the blocks hold empty and blank lines, trailing spaces,
    /// tabs, quotes, backslashes, `*/` and text that is not ASCII.
    fn documented_items() -> TokenStream {
        let blocks = [
            "A struct.\n\nWith \"quotes\", a \\ and `*/`.  ",
            "A field,\ttabbed.\n   \nüber ✓",
            "A function deep inside.\n- a list item\n  continued   ",
            "One variant.",
        ];
        let [a, b, c, d] = blocks.map(lines);
        quote! {
            #a
            pub struct S { #b pub field: u8, #b pub other: u8 }
            pub mod inner { pub mod deeper { #c pub fn f() {} } }
            pub enum E { #d One, #d Two }
        }
    }

    fn printed(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    #[test]
    fn docs_held_back_come_out_as_prettyplease_prints_them() {
        let direct = printed(documented_items());
        let (tokens, deferred) = deferring(documented_items);
        assert_eq!(deferred.0.len(), 4);
        assert!(!tokens.to_string().contains("A struct"));
        let expanded = deferred.expand(printed(tokens)).unwrap();
        assert_eq!(expanded, direct);
        assert!(direct.contains("    /// A field,\ttabbed.\n    ///\n    /// über ✓\n"));
        // Outside `deferring`, nothing is held back.
        assert_eq!(printed(documented_items()), direct);
    }

    #[test]
    fn a_block_not_printed_as_a_comment_is_an_error() {
        let (tokens, deferred) = deferring(|| {
            let doc = lines(" Inside a macro.");
            quote! { m! { #doc struct S; } }
        });
        let error = deferred.expand(printed(tokens)).unwrap_err();
        assert_eq!(
            error,
            r#"a doc was not printed as a doc comment: #[doc = "\u{1}0"] struct S;"#
        );
    }

    #[test]
    fn link_and_html_syntax_is_escaped_outside_code() {
        assert_eq!(
            sanitize("see [docs] and <b>x</b>"),
            r"see \[docs\] and \<b\>x\</b\>"
        );
        assert_eq!(
            sanitize("`Authorization: Bearer <token>`"),
            "`Authorization: Bearer <token>`"
        );
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            sanitize("Go to https://example.com/a_b."),
            "Go to <https://example.com/a_b>."
        );
    }

    #[test]
    fn indented_text_and_fences_never_become_doctests() {
        assert_eq!(sanitize("a\n    let x = 1;\n"), "a\nlet x = 1;");
        assert_eq!(
            sanitize("```json\n{\"a\": 1}\n```"),
            "```text\n{\"a\": 1}\n```"
        );
        assert_eq!(
            sanitize("```rust\nfn main() {}"),
            "```text\nfn main() {}\n```"
        );
    }

    #[test]
    fn a_list_item_s_next_lines_are_indented_as_its_own() {
        assert_eq!(
            sanitize("Modes:\n- `fast`: quick,\nbut rough.\n10. ten\nmore\n\nAfter."),
            "Modes:\n- `fast`: quick,\n  but rough.\n10. ten\n    more\n\nAfter."
        );
    }

    #[test]
    fn an_item_s_text_starts_after_the_spaces_that_follow_its_marker() {
        assert_eq!(
            sanitize("*   wide,\n    still it.\n-      code-like\nnext\n\n-no item"),
            "*   wide,\n    still it.\n-      code-like\n  next\n\n-no item"
        );
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(sanitize("a\rb\u{7}c"), "a b c");
    }

    #[test]
    fn unbalanced_backticks_are_closed_on_their_line() {
        assert_eq!(sanitize("a `b"), "a `b`");
    }
}
