//! Path templates: a path's literals and placeholders, read against the path parameters the
//! operation declares.

use super::ir::{PathSegment, PathTemplate};

/// A path template read against the operation's declared path parameters.
pub(super) struct PathReading {
    pub(super) template: PathTemplate,
    /// The declared parameters (by their index in the list read against) in the order their
    /// placeholders first appear; `PathSegment::Param(i)` is the `i`th of these.
    pub(super) order: Vec<usize>,
    /// What does not agree, in the order it is met: an unclosed `{`, a placeholder no parameter
    /// declares, a parameter the path does not place.
    pub(super) problems: Vec<String>,
}

/// Splits `path` into literals and placeholders; `declared` is each declared path parameter's
/// name, by its index among all of the operation's parameters.
pub(super) fn read(path: &str, declared: &[(usize, &str)]) -> PathReading {
    let mut segments = Vec::new();
    let mut order: Vec<usize> = Vec::with_capacity(declared.len());
    let mut problems = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_owned()));
        }
        let Some(close) = rest[open..].find('}') else {
            problems.push(format!("path {path:?} has an unclosed `{{`"));
            return PathReading {
                template: template(path, segments),
                order,
                problems,
            };
        };
        let name = &rest[open + 1..open + close];
        match declared.iter().find(|(_, wire)| *wire == name) {
            // A name the path repeats is one parameter, one argument, sent in both places.
            Some((index, _)) => {
                let placed = order.iter().position(|i| i == index);
                let placed = placed.unwrap_or_else(|| {
                    order.push(*index);
                    order.len() - 1
                });
                segments.push(PathSegment::Param(placed));
            }
            None => problems.push(format!(
                "path {path:?} has `{{{name}}}`, but the operation declares no path parameter \
                 {name:?}"
            )),
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_owned()));
    }
    for (index, wire) in declared {
        if !order.contains(index) {
            problems.push(format!(
                "path parameter {wire:?} is declared but missing from the path {path:?}"
            ));
        }
    }
    PathReading {
        template: template(path, segments),
        order,
        problems,
    }
}

fn template(path: &str, segments: Vec<PathSegment>) -> PathTemplate {
    PathTemplate {
        text: path.to_owned(),
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_take_the_declared_parameters_in_path_order() {
        let reading = read("/a/{b}/c/{a}/{b}", &[(0, "a"), (3, "b")]);
        assert_eq!(reading.order, [3, 0]);
        assert!(reading.problems.is_empty());
        assert_eq!(
            reading.template.segments,
            [
                PathSegment::Literal("/a/".into()),
                PathSegment::Param(0),
                PathSegment::Literal("/c/".into()),
                PathSegment::Param(1),
                PathSegment::Literal("/".into()),
                PathSegment::Param(0),
            ]
        );
    }

    #[test]
    fn disagreements_are_listed_in_the_order_they_are_met() {
        let reading = read("/{x}/{y}", &[(0, "y"), (1, "z")]);
        assert_eq!(reading.order, [0]);
        assert_eq!(reading.problems.len(), 2);
        assert!(reading.problems[0].contains("declares no path parameter \"x\""));
        assert!(reading.problems[1].contains("\"z\" is declared but missing"));
        let unclosed = read("/{x", &[]);
        assert!(unclosed.problems[0].contains("unclosed"));
    }
}
