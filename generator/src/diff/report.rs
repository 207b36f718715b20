//! A [`Report`] as text (colour on a terminal only), Markdown for a pull-request comment, JSON,
//! GitHub workflow annotations, or a Keep-a-Changelog entry.
//!
//! The JSON shape is stable (`"format": 1`):
//!
//! ```text
//! {
//!   "format": 1,
//!   "old": "git:origin/main:spec/cloudforce-one.yaml", "new": "spec/cloudforce-one.yaml",
//!   "semver": "major" | "minor" | "patch",
//!   "summary": {"breaking": 1, "potentially-breaking": 0, "compatible": 3},
//!   "changes": [
//!     {"severity": "breaking", "rule": "operation-removed", "side": "old" | "new",
//!      "pointer": "#/paths/…/get", "line": 120 | null, "new_line": 98 | null,
//!      "message": "method `requests().quota()` removed …",
//!      "owner": "requests().quota()" | null}
//!   ]
//! }
//! ```
//!
//! `pointer` and `line` refer to the side `side` names: OLD for things NEW no longer has.
//! `new_line` is the line in NEW to read the change beside: `line` for a change NEW has, and
//! for one only OLD has the nearest place around it that NEW still has (see
//! [`Change::new_line`](super::Change::new_line)).
//! `owner` is the method the change belongs to (see [`Change::owner`](super::Change::owner)).
//!
//! Text, Markdown and changelog print entries (`diff/entries.rs`): the summary first, then a
//! method with its changes, or changes of one shape folded into one.

use super::entries::{entries, Entry, Fold};
use super::{Report, Severity};
use serde_json::json;
use std::fmt::Write;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Plain text; coloured when written to a terminal.
    Text,
    /// Markdown: a summary table, then the details (for a PR comment or job summary).
    Markdown,
    /// JSON with a stable, documented shape.
    Json,
    /// GitHub workflow commands, annotating NEW's lines.
    Github,
    /// A Keep-a-Changelog entry for `CHANGELOG.md`: Breaking, Added and Changed sections.
    Changelog,
}

const SEVERITIES: [Severity; 3] = [
    Severity::Breaking,
    Severity::PotentiallyBreaking,
    Severity::Compatible,
];

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "breaking",
        Severity::PotentiallyBreaking => "potentially breaking",
        Severity::Compatible => "compatible",
    }
}

/// `file:line pointer`, naming OLD or NEW as the change's pointer does.
fn place(change: &super::Change, old: &str, new: &str) -> String {
    let file = if change.in_old { old } else { new };
    match change.line {
        Some(line) => format!("{file}:{line} {}", change.pointer),
        None => format!("{file} {}", change.pointer),
    }
}

/// Renders `report`; `old` and `new` name the two sides as given.
pub fn render(report: &Report, format: Format, old: &str, new: &str, colour: bool) -> String {
    match format {
        Format::Text => text(report, old, new, colour),
        Format::Markdown => markdown(report, old, new),
        Format::Json => json_report(report, old, new),
        Format::Github => github(report, new),
        Format::Changelog => changelog(report),
    }
}

/// The Keep-a-Changelog section an entry belongs in: breaking changes; additions (compatible
/// changes that call for a minor release); everything else that compiles the same but differs.
/// An entry goes where its most telling change does.
fn changelog_section(entry: &Entry<'_>) -> &'static str {
    let section = |change: &super::Change| match (change.severity, change.bump()) {
        (Severity::Breaking, _) => 0,
        (Severity::Compatible, super::Bump::Minor) => 1,
        _ => 2,
    };
    let titles = ["Breaking", "Added", "Changed"];
    titles[entry.changes().map(section).min().unwrap_or(2)]
}

/// A fold as one line: its first message, and the names of the others.
fn fold_line(fold: &Fold<'_>) -> String {
    match fold.others() {
        Some(others) => format!("{} ({others})", fold.first().message),
        None => fold.first().message.clone(),
    }
}

/// Where an entry is: its method's operation, or its first change.
fn entry_place<'r>(entry: &Entry<'r>) -> &'r super::Change {
    let first = entry.folds[0].first();
    entry
        .folds
        .iter()
        .map(Fold::first)
        .find(|c| c.pointer.as_str().starts_with("#/paths/"))
        .filter(|_| entry.method.is_some())
        .unwrap_or(first)
}

/// A Keep-a-Changelog entry, in the terms of the Rust API: breaking changes first, then what was
/// added (minor), then what behaves differently or was renamed without breaking code. A "Fixed"
/// section is for the people who write the release; no spec diff can tell a fix from a change.
fn changelog(report: &Report) -> String {
    let mut out = format!(
        "## [Unreleased]\n\nSuggested version bump: **{}**.\n",
        report.bump().as_str()
    );
    let entries = entries(report);
    for title in ["Breaking", "Added", "Changed"] {
        let listed: Vec<&Entry<'_>> = entries
            .iter()
            .filter(|e| changelog_section(e) == title)
            .collect();
        if listed.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}\n");
        for entry in listed {
            match entry.heading() {
                Some(method) => {
                    let _ = writeln!(out, "- `{method}`:");
                    for fold in &entry.folds {
                        let _ = writeln!(out, "  - {}", fold_line(fold));
                    }
                }
                None => {
                    let _ = writeln!(out, "- {}", fold_line(&entry.folds[0]));
                }
            }
        }
    }
    if report.changes.is_empty() {
        out.push_str("\nNo change to the generated API.\n");
    }
    out
}

/// "1 entry", "3 entries".
fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The summary: how many changes of each severity, and the bump they call for.
fn summary(report: &Report) -> String {
    let counts: Vec<String> = SEVERITIES
        .iter()
        .map(|s| format!("{} {}", report.count(*s), label(*s)))
        .collect();
    format!(
        "{}; suggested version bump: {}",
        counts.join(", "),
        report.bump().as_str()
    )
}

/// Summary first, then an entry a reviewer reads at a time: a method with its changes, or
/// changes of one shape folded into one.
fn text(report: &Report, old: &str, new: &str, colour: bool) -> String {
    let paint = |severity: Severity, s: &str| {
        if !colour {
            return s.to_owned();
        }
        let code = match severity {
            Severity::Breaking => "31;1",
            Severity::PotentiallyBreaking => "33;1",
            Severity::Compatible => "32",
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    };
    let mut out = format!("{old} → {new}\n");
    if report.changes.is_empty() {
        out.push_str("no changes to the generated API\n");
        return out;
    }
    let entries = entries(report);
    let count = counted(entries.len(), "entry", "entries");
    let _ = writeln!(out, "{} ({count})\n", summary(report));
    for entry in &entries {
        let severity = entry.severity();
        let tag = paint(severity, &format!("{:<20}", label(severity)));
        match entry.heading() {
            Some(method) => {
                let _ = writeln!(
                    out,
                    "{tag} method `{method}`: {} changes",
                    entry.change_count()
                );
                for fold in &entry.folds {
                    let first = fold.first();
                    let own = if first.severity == severity {
                        String::new()
                    } else {
                        format!("{}: ", label(first.severity))
                    };
                    let _ = writeln!(out, "{:21}- {own}{}", "", first.message);
                    if let Some(others) = fold.others() {
                        let _ = writeln!(out, "{:23}{others}", "");
                    }
                }
            }
            None => {
                let fold = &entry.folds[0];
                let _ = writeln!(out, "{tag} {}", fold.first().message);
                if let Some(others) = fold.others() {
                    let _ = writeln!(out, "{:21}{others}", "");
                }
            }
        }
        let _ = writeln!(out, "{:21}{}", "", place(entry_place(entry), old, new));
    }
    out
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Sections longer than this many entries are collapsed (`<details>`).
const MARKDOWN_OPEN_ENTRIES: usize = 10;

/// Where a change is, for a Markdown line.
fn markdown_place(change: &super::Change, old: &str, new: &str) -> String {
    let file = if change.in_old { old } else { new };
    let pointer = markdown_cell(change.pointer.as_str());
    match change.line {
        Some(line) => format!("`{file}` line {line}, `{pointer}`"),
        None => format!("`{file}`, `{pointer}`"),
    }
}

/// The summary table and bump, then a section per severity, each entry a list item; a long
/// section is collapsed.
fn markdown(report: &Report, old: &str, new: &str) -> String {
    let mut out = String::from("## Spec review: what this change does to the generated client\n\n");
    let _ = writeln!(out, "`{old}` → `{new}`\n");
    let _ = writeln!(out, "| severity | changes |\n| --- | ---: |");
    for severity in SEVERITIES {
        let _ = writeln!(out, "| {} | {} |", label(severity), report.count(severity));
    }
    let _ = writeln!(
        out,
        "\nSuggested version bump for `cloudforce-one`: **{}**.\n",
        report.bump().as_str()
    );
    if report.changes.is_empty() {
        out.push_str("No change to the generated API.\n");
        return out;
    }
    let entries = entries(report);
    for severity in SEVERITIES {
        let listed: Vec<&Entry<'_>> = entries
            .iter()
            .filter(|e| e.severity() == severity)
            .collect();
        if listed.is_empty() {
            continue;
        }
        let changes: usize = listed.iter().map(|e| e.change_count()).sum();
        let _ = writeln!(
            out,
            "### {} ({}, {})\n",
            label(severity),
            counted(listed.len(), "entry", "entries"),
            counted(changes, "change", "changes")
        );
        let collapsed = listed.len() > MARKDOWN_OPEN_ENTRIES;
        if collapsed {
            out.push_str("<details><summary>Show them</summary>\n\n");
        }
        for entry in listed {
            let at = markdown_place(entry_place(entry), old, new);
            match entry.heading() {
                Some(method) => {
                    let _ = writeln!(
                        out,
                        "- **`{method}`**, {} changes ({at}):",
                        entry.change_count()
                    );
                    for fold in &entry.folds {
                        let _ = writeln!(out, "  - {}", markdown_cell(&fold_line(fold)));
                    }
                }
                None => {
                    let line = markdown_cell(&fold_line(&entry.folds[0]));
                    let _ = writeln!(out, "- {line} ({at})");
                }
            }
        }
        if collapsed {
            out.push_str("\n</details>\n");
        }
        out.push('\n');
    }
    out
}

fn json_report(report: &Report, old: &str, new: &str) -> String {
    let changes: Vec<_> = report
        .changes
        .iter()
        .map(|c| {
            let side = if c.in_old { "old" } else { "new" };
            json!({"severity": c.severity.as_str(), "rule": c.rule.id(), "side": side, "pointer": c.pointer.as_str(), "line": c.line, "new_line": c.new_line, "message": c.message, "owner": c.owner})
        })
        .collect();
    let summary = json!({
        "breaking": report.count(Severity::Breaking),
        "potentially-breaking": report.count(Severity::PotentiallyBreaking),
        "compatible": report.count(Severity::Compatible),
    });
    let value = json!({"format": 1, "old": old, "new": new, "semver": report.bump().as_str(), "summary": summary, "changes": changes});
    serde_json::to_string_pretty(&value).expect("a JSON value serialises") + "\n"
}

/// `%`, CR and LF are escaped in workflow command data and properties.
fn escape_command(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Annotations land on NEW's lines; a change that only OLD has sits beside the nearest place
/// around it that NEW still has, or is annotated without a line.
fn github(report: &Report, new: &str) -> String {
    let file = new.rsplit(':').next().unwrap_or(new);
    let mut out = String::new();
    for change in &report.changes {
        let line = change.new_line;
        let level = match change.severity {
            Severity::Breaking => "error",
            Severity::PotentiallyBreaking => "warning",
            Severity::Compatible => "notice",
        };
        let line = line.map(|l| format!(",line={l}")).unwrap_or_default();
        let title = escape_command(label(change.severity))
            .replace(',', "%2C")
            .replace(':', "%3A");
        let _ = writeln!(
            out,
            "::{level} file={}{line},title={title}::{}",
            escape_command(file).replace(',', "%2C").replace(':', "%3A"),
            escape_command(&change.message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Change, Rule};

    /// More than ten entries in a section: Markdown collapses it; text lists every one.
    #[test]
    fn a_long_markdown_section_is_collapsed() {
        let change = |method: usize, rule: Rule| Change {
            severity: Severity::Breaking,
            rule,
            pointer: crate::pointer::Pointer::root()
                .child("paths")
                .child(&format!("/m{method}"))
                .child("get"),
            in_old: false,
            line: None,
            new_line: None,
            message: format!("`m{method}()` changed by {rule}"),
            owner: Some(format!("m{method}()")),
        };
        let changes = (0..11)
            .flat_map(|m| {
                [
                    change(m, Rule::OperationMoved),
                    change(m, Rule::ResultShapeChanged),
                ]
            })
            .collect();
        let report = Report { changes };
        let markdown = markdown(&report, "old.yaml", "new.yaml");
        assert!(
            markdown.contains(
                "### breaking (11 entries, 22 changes)\n\n<details><summary>Show them</summary>"
            ) && markdown.contains("- **`m10()`**, 2 changes"),
            "{markdown}"
        );
        let text = text(&report, "old.yaml", "new.yaml", false);
        assert_eq!(
            text.matches("breaking             method `").count(),
            11,
            "{text}"
        );
    }
}
