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
//!      "pointer": "#/paths/…/get", "line": 120 | null, "message": "method `requests().quota()` removed …"}
//!   ]
//! }
//! ```
//!
//! `pointer` and `line` refer to the side `side` names: OLD for things NEW no longer has.

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

/// The Keep-a-Changelog section a change belongs in: breaking changes; additions (compatible
/// changes that call for a minor release); everything else that compiles the same but differs.
fn changelog_section(change: &super::Change) -> &'static str {
    match (change.severity, change.bump()) {
        (Severity::Breaking, _) => "Breaking",
        (Severity::Compatible, super::Bump::Minor) => "Added",
        _ => "Changed",
    }
}

/// A Keep-a-Changelog entry, in the terms of the Rust API: breaking changes first, then what was
/// added (minor), then what behaves differently or was renamed without breaking code. A "Fixed"
/// section is for the people who write the release; no spec diff can tell a fix from a change.
fn changelog(report: &Report) -> String {
    let mut out = format!(
        "## [Unreleased]\n\nSuggested version bump: **{}**.\n",
        report.bump().as_str()
    );
    for title in ["Breaking", "Added", "Changed"] {
        let entries: Vec<&super::Change> = report
            .changes
            .iter()
            .filter(|c| changelog_section(c) == title)
            .collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}\n");
        for change in entries {
            let _ = writeln!(out, "- {}", change.message);
        }
    }
    if report.changes.is_empty() {
        out.push_str("\nNo change to the generated API.\n");
    }
    out
}

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
    }
    for change in &report.changes {
        let tag = paint(change.severity, &format!("{:<20}", label(change.severity)));
        let _ = writeln!(
            out,
            "{tag} {}\n{:21}{}",
            change.message,
            "",
            place(change, old, new)
        );
    }
    let counts: Vec<String> = SEVERITIES
        .iter()
        .map(|s| format!("{} {}", report.count(*s), label(*s)))
        .collect();
    let _ = writeln!(
        out,
        "\n{}; suggested version bump: {}",
        counts.join(", "),
        report.bump().as_str()
    );
    out
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

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
    for severity in SEVERITIES {
        let changes: Vec<_> = report
            .changes
            .iter()
            .filter(|c| c.severity == severity)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "### {} ({})\n\n| where | what it means |\n| --- | --- |",
            label(severity),
            changes.len()
        );
        for change in changes {
            let file = if change.in_old { old } else { new };
            let at = match change.line {
                Some(line) => format!(
                    "`{file}` line {line}<br>`{}`",
                    markdown_cell(&change.pointer)
                ),
                None => format!("`{file}`<br>`{}`", markdown_cell(&change.pointer)),
            };
            let _ = writeln!(out, "| {at} | {} |", markdown_cell(&change.message));
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
            json!({"severity": c.severity.as_str(), "rule": c.rule.id(), "side": side, "pointer": c.pointer, "line": c.line, "message": c.message})
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

/// Annotations land on NEW's lines; a change that only OLD has is annotated without a line.
fn github(report: &Report, new: &str) -> String {
    let file = new.rsplit(':').next().unwrap_or(new);
    let mut out = String::new();
    for change in &report.changes {
        let line = if change.in_old { None } else { change.line };
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
