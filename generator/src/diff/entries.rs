//! How a report is read: its changes gathered into entries, so that a change touching hundreds
//! of places reads in a screen. An entry is a method with every change that belongs to it (its
//! own, and those of the types only it uses), or changes folded: those of one rule and one
//! severity whose messages differ only in the names they quote (that belong to no method, or
//! each to a method with no other change) read as the first message and the others' names. The text, Markdown and changelog formats print entries;
//! JSON and annotations keep one record per change.

use super::{Change, Report, Severity};
use std::collections::BTreeMap;

/// How many of a fold's other names an entry shows; the rest are counted.
pub const SHOWN_NAMES: usize = 8;

/// Changes of one rule and severity whose messages differ only in what they quote.
#[derive(Debug)]
pub struct Fold<'r> {
    /// In report order; the first is the one shown whole.
    pub changes: Vec<&'r Change>,
}

impl<'r> Fold<'r> {
    pub fn first(&self) -> &'r Change {
        self.changes[0]
    }

    /// "and 3 more like it: `B`, `C`, `D`", naming what each other change is about (the first
    /// name its message quotes), at most [`SHOWN_NAMES`] of them; `None` for a fold of one.
    pub fn others(&self) -> Option<String> {
        let others = &self.changes[1..];
        if others.is_empty() {
            return None;
        }
        let names: Vec<String> = others
            .iter()
            .take(SHOWN_NAMES)
            .map(|c| format!("`{}`", subject(&c.message)))
            .collect();
        let unnamed = others.len().saturating_sub(SHOWN_NAMES);
        let rest = if unnamed > 0 {
            format!(" and {unnamed} more")
        } else {
            String::new()
        };
        Some(format!(
            "and {} more like it: {}{rest}",
            others.len(),
            names.join(", ")
        ))
    }
}

/// One entry of a report.
#[derive(Debug)]
pub struct Entry<'r> {
    /// The method its changes belong to, if they do.
    pub method: Option<&'r str>,
    pub folds: Vec<Fold<'r>>,
}

impl Entry<'_> {
    /// The worst severity of its changes: the section it is listed in.
    pub fn severity(&self) -> Severity {
        self.changes()
            .map(|c| c.severity)
            .max()
            .unwrap_or(Severity::Compatible)
    }

    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.folds
            .iter()
            .flat_map(|fold| fold.changes.iter().copied())
    }

    /// The method, when the entry lists several changes under it; an entry of one change
    /// reads as that change alone.
    pub fn heading(&self) -> Option<&str> {
        self.method.filter(|_| self.change_count() > 1)
    }

    pub fn change_count(&self) -> usize {
        self.folds.iter().map(|fold| fold.changes.len()).sum()
    }
}

/// The report's entries, most severe first, then in the order of their first change (the
/// report's order: by pointer).
pub fn entries(report: &Report) -> Vec<Entry<'_>> {
    let mut by_method: BTreeMap<&str, Vec<(usize, &Change)>> = BTreeMap::new();
    let mut unowned: Vec<(usize, &Change)> = Vec::new();
    for (at, change) in report.changes.iter().enumerate() {
        match change.owner.as_deref() {
            Some(method) => by_method.entry(method).or_default().push((at, change)),
            None => unowned.push((at, change)),
        }
    }
    let mut entries: Vec<(usize, Entry<'_>)> = Vec::new();
    // A method with one change is folded with others like it: one line each would be longer.
    let (single, by_method): (Vec<_>, Vec<_>) = by_method
        .into_iter()
        .partition(|(_, changes)| changes.len() == 1);
    unowned.extend(single.into_iter().flat_map(|(_, changes)| changes));
    unowned.sort_by_key(|(at, _)| *at);
    for (method, changes) in by_method {
        let first = changes[0].0;
        let folds = folds(changes).into_iter().map(|(_, fold)| fold).collect();
        let method = Some(method);
        entries.push((first, Entry { method, folds }));
    }
    for (first, fold) in folds(unowned) {
        let folds = vec![fold];
        entries.push((
            first,
            Entry {
                method: None,
                folds,
            },
        ));
    }
    entries.sort_by(|(a_at, a), (b_at, b)| b.severity().cmp(&a.severity()).then(a_at.cmp(b_at)));
    entries.into_iter().map(|(_, entry)| entry).collect()
}

/// Changes folded by severity, rule and the shape of their message, in their order, each fold
/// with where its first change stands in the report.
fn folds(changes: Vec<(usize, &Change)>) -> Vec<(usize, Fold<'_>)> {
    let mut folds: Vec<(usize, Fold<'_>)> = Vec::new();
    let mut index: BTreeMap<(Severity, &str, String), usize> = BTreeMap::new();
    for (at, change) in changes {
        let key = (change.severity, change.rule.id(), shape(&change.message));
        match index.get(&key) {
            Some(&fold) => folds[fold].1.changes.push(change),
            None => {
                index.insert(key, folds.len());
                let changes = vec![change];
                folds.push((at, Fold { changes }));
            }
        }
    }
    folds
}

/// A message with every quoted span (between backticks) blanked: two changes of one shape
/// say the same of different things.
fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        } else {
            out.push_str("`…`");
        }
    }
    out
}

/// What a message is about: the first span it quotes (`` type `X` removed `` → `X`).
fn subject(message: &str) -> &str {
    message.split('`').nth(1).unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Rule;

    fn change(rule: Rule, message: &str, owner: Option<&str>) -> Change {
        Change {
            severity: Severity::Breaking,
            rule,
            pointer: crate::pointer::Pointer::component("schemas", "A"),
            in_old: true,
            line: None,
            new_line: None,
            message: message.to_owned(),
            owner: owner.map(str::to_owned),
        }
    }

    #[test]
    fn changes_of_one_shape_fold_and_a_method_gathers_its_own() {
        let mut changes: Vec<Change> = (0..12)
            .map(|i| {
                change(
                    Rule::SchemaRemoved,
                    &format!(
                        "type `T{i}` removed (schema `#/a`): code naming it no longer compiles"
                    ),
                    None,
                )
            })
            .collect();
        changes.push(change(
            Rule::OperationRemoved,
            "method `a().b()` removed",
            Some("a().b()"),
        ));
        changes.push(change(
            Rule::SchemaRemoved,
            "type `BResult` removed (schema `#/paths/~1b/get`): code naming it no longer compiles",
            Some("a().b()"),
        ));
        let report = Report { changes };
        let entries = entries(&report);
        assert_eq!(entries.len(), 2, "{entries:#?}");
        let folded = &entries[0];
        assert_eq!((folded.method, folded.change_count()), (None, 12));
        assert_eq!(
            folded.folds[0].others().unwrap(),
            "and 11 more like it: `T1`, `T2`, `T3`, `T4`, `T5`, `T6`, `T7`, `T8` and 3 more"
        );
        let method = &entries[1];
        assert_eq!(
            (method.method, method.change_count(), method.folds.len()),
            (Some("a().b()"), 2, 2)
        );
    }
}
