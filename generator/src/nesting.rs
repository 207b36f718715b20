//! How deep a YAML document's flow collections (`[…]`, `{…}`) nest, read before it is parsed:
//! libyaml's time grows with the square of that depth (100,000 levels take many seconds), and a
//! document is refused past [`MAX_FLOW_DEPTH`] before the parser sees it. serde_yaml refuses
//! anything past 128 levels itself, so no document it would read is refused here.
//!
//! The scan follows what starts a flow collection in YAML (a `[` or `{` where a value begins)
//! and, inside one, skips quoted scalars and comments; it skips block scalars (`|`, `>`), whose
//! text is not YAML. JSON documents need none of this: serde_json refuses deep nesting at once.

use crate::error::Error;
use crate::lines::YamlLines;

/// The deepest flow nesting read; deeper is refused before parsing.
pub const MAX_FLOW_DEPTH: usize = 1_000;

/// Refuses a YAML document whose flow collections nest deeper than [`MAX_FLOW_DEPTH`], naming
/// the line and column where they do.
pub fn check(text: &str, file: &str) -> Result<(), Error> {
    let mut flow = Flow::default();
    let mut lines = YamlLines::new(text);
    while let Some((number, _, line)) = lines.next() {
        let at = |column: usize| (number + 1, column + 1);
        if flow.depth > 0 {
            flow.scan(line, 0, at)
                .map_err(|place| too_deep(file, place))?;
            continue;
        }
        let (key_indent, start) = value_start(line);
        match line[start..].chars().next() {
            Some('[' | '{') => flow
                .scan(line, start, at)
                .map_err(|place| too_deep(file, place))?,
            Some('|' | '>') => lines.block_scalar_under(key_indent),
            _ => {}
        }
    }
    Ok(())
}

fn too_deep(file: &str, (line, column): (usize, usize)) -> Error {
    Error::Syntax {
        file: file.to_owned(),
        line,
        column,
        message: format!(
            "flow collections nest deeper than {MAX_FLOW_DEPTH} levels; the document is refused \
             before parsing, whose time grows with the square of the depth"
        ),
    }
}

/// Where the key of a block-context line begins (after its `- ` item markers), and where its
/// value does (after the `key: `, if there is one).
fn value_start(line: &str) -> (usize, usize) {
    let mut start = line.len() - line.trim_start().len();
    while let Some(rest) = line[start..].strip_prefix("- ") {
        start = line.len() - rest.trim_start().len();
    }
    let rest = &line[start..];
    if rest.starts_with(['[', '{', '"', '\'']) {
        return (start, start);
    }
    match rest.find(": ") {
        Some(colon) => {
            let value = &rest[colon + 2..];
            (start, line.len() - value.trim_start().len())
        }
        None => (start, start),
    }
}

/// The state of a scan inside flow collections, carried from line to line.
#[derive(Default)]
struct Flow {
    depth: usize,
    /// Inside a quoted scalar: its quote.
    quote: Option<char>,
}

impl Flow {
    /// Scans `line` from byte `from`, counting openers and closers outside quotes and comments;
    /// the place (by `at(column)`) where the depth passes the limit is the error.
    fn scan(
        &mut self,
        line: &str,
        from: usize,
        at: impl Fn(usize) -> (usize, usize),
    ) -> Result<(), (usize, usize)> {
        let mut escaped = false;
        let mut previous = ' ';
        // A quote opens a quoted scalar only where a scalar begins (`don't` is plain text).
        let mut scalar_may_start = true;
        for (i, c) in line[from..].char_indices() {
            let column = from + i;
            match self.quote {
                Some('"') if escaped => escaped = false,
                Some('"') if c == '\\' => escaped = true,
                Some(quote) if c == quote => self.quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' if scalar_may_start => self.quote = Some(c),
                    '#' if previous.is_whitespace() => return Ok(()),
                    '[' | '{' => {
                        self.depth += 1;
                        if self.depth > MAX_FLOW_DEPTH {
                            return Err(at(column));
                        }
                    }
                    ']' | '}' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            return Ok(());
                        }
                    }
                    _ => {}
                },
            }
            if self.quote.is_none() && !c.is_whitespace() {
                scalar_may_start = matches!(c, '[' | '{' | ',' | ':');
            }
            previous = c;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!(
            "openapi: 3.0.3\nx: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        )
    }

    #[test]
    fn nesting_up_to_the_limit_is_read_and_past_it_refused_where_it_passes() {
        assert!(check(&nested(MAX_FLOW_DEPTH), "a.yaml").is_ok());
        let error = check(&nested(MAX_FLOW_DEPTH + 1), "a.yaml").unwrap_err();
        assert!(
            matches!(error, Error::Syntax { line: 2, column, .. } if column == 4 + MAX_FLOW_DEPTH),
            "{error}"
        );
    }

    #[test]
    fn a_key_after_a_block_scalar_is_read_again() {
        let deep = format!(
            "- a: |\n    text\n  b: {}\n",
            "[".repeat(MAX_FLOW_DEPTH + 1)
        );
        assert!(check(&deep, "a.yaml").is_err());
    }

    #[test]
    fn nesting_carries_across_lines_and_items() {
        let deep = format!("- a: {}\n", "{x: [\n".repeat(MAX_FLOW_DEPTH));
        assert!(check(&deep, "a.yaml").is_err());
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        let opener = "[".repeat(MAX_FLOW_DEPTH + 1);
        for text in [
            format!("description: see {opener}\n"),
            format!("description: |\n  {opener}\n  more\nnext: 1\n"),
            format!("- a: |\n    {opener}\n  b: 1\n"),
            format!("x: ['{opener}', \"{opener}\"]\n"),
            format!("x: [1] # {opener}\n"),
            format!("# {opener}\n"),
            format!("- \"{opener}\"\n"),
            format!("x: [don't, \"{opener}\", it's]\n"),
        ] {
            assert!(check(&text, "a.yaml").is_ok(), "{text}");
        }
    }
}
