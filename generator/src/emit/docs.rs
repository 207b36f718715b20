//! Spec text → `#[doc]` attributes that rustdoc renders cleanly and never runs.
//!
//! Text enters the output only as string literals (via `quote`), so nothing in it can become
//! code. On top of that: one attribute per line; `[`, `]`, `<` and `>` outside code spans are
//! escaped so rustdoc sees no links or HTML; bare URLs are wrapped in `<…>`; indentation is
//! removed and code fences are marked `text`, so no description becomes a doctest; a list
//! item's next lines are indented by its marker, so they read as the item's.

use crate::model::ir::Docs;
use proc_macro2::TokenStream;
use quote::quote;

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

/// One `#[doc]` per line of already-sanitised text.
pub fn lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
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
