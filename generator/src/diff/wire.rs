//! Changes running code feels and the compiler does not: how strictly the server checks what a
//! request sends (validation keywords) and what it assumes when a value is left out (defaults),
//! which statuses an operation answers with, where the API is (servers), and deprecation. None
//! of them is ever "breaking": code compiles the same; "potentially breaking" when running code
//! may now be refused or answered otherwise.

use super::{Differ, Rule, Severity};
use crate::model::ir::{Bound, Constraints, Operation, Validation};
use crate::pointer::Pointer;
use std::collections::BTreeSet;
use std::fmt::Display;

/// How one value's checks changed, each entry a keyword and its values before and after.
#[derive(Default)]
struct Checks {
    stricter: Vec<String>,
    looser: Vec<String>,
}

impl Checks {
    /// An upper limit (`maxLength`, `maxItems`): lower or new is stricter.
    fn upper<T: PartialOrd + Display>(&mut self, keyword: &str, old: Option<T>, new: Option<T>) {
        self.limit(keyword, old, new, |old, new| new < old);
    }

    /// A lower limit (`minLength`, `minItems`): higher or new is stricter.
    fn lower<T: PartialOrd + Display>(&mut self, keyword: &str, old: Option<T>, new: Option<T>) {
        self.limit(keyword, old, new, |old, new| new > old);
    }

    /// A value that either holds or not (`pattern`, `format`, `multipleOf`): a new one is
    /// stricter, a removed one looser, and one changed is taken as stricter, since which of two
    /// patterns accepts more cannot be told.
    fn exact<T: PartialEq + Display>(&mut self, keyword: &str, old: Option<T>, new: Option<T>) {
        self.limit(keyword, old, new, |_, _| true);
    }

    fn limit<T: PartialEq + Display>(
        &mut self,
        keyword: &str,
        old: Option<T>,
        new: Option<T>,
        stricter: impl Fn(&T, &T) -> bool,
    ) {
        match (old, new) {
            (None, Some(new)) => self.stricter.push(format!("`{keyword}` {new} added")),
            (Some(old), None) => self.looser.push(format!("`{keyword}` {old} removed")),
            (Some(old), Some(new)) if old != new => {
                let entry = format!("`{keyword}` {old} → {new}");
                if stricter(&old, &new) {
                    self.stricter.push(entry);
                } else {
                    self.looser.push(entry);
                }
            }
            _ => {}
        }
    }

    /// A `minimum` or `maximum`: `upper` says which way is stricter; at the same value, an
    /// excluded bound is stricter than an included one.
    fn bound(&mut self, keyword: &str, old: Option<Bound>, new: Option<Bound>, upper: bool) {
        let (old, new) = (old.map(Shown), new.map(Shown));
        self.limit(keyword, old, new, |Shown(old), Shown(new)| {
            if old.value == new.value {
                new.exclusive
            } else {
                (new.value < old.value) == upper
            }
        });
    }
}

/// A bound as a reviewer reads it.
#[derive(PartialEq)]
struct Shown(Bound);

impl Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.exclusive {
            write!(f, "{} (excluded)", self.0.value)
        } else {
            write!(f, "{}", self.0.value)
        }
    }
}

/// Compares the checks two sides state for one value.
fn compare(old: Option<&Constraints>, new: Option<&Constraints>) -> Checks {
    let none = Constraints::default();
    let (old, new) = (old.unwrap_or(&none), new.unwrap_or(&none));
    let mut checks = Checks::default();
    checks.lower("minLength", old.min_length, new.min_length);
    checks.upper("maxLength", old.max_length, new.max_length);
    checks.exact("pattern", old.pattern.as_ref(), new.pattern.as_ref());
    checks.exact("format", old.format.as_ref(), new.format.as_ref());
    checks.bound("minimum", old.minimum, new.minimum, false);
    checks.bound("maximum", old.maximum, new.maximum, true);
    checks.exact("multipleOf", old.multiple_of, new.multiple_of);
    checks.lower("minItems", old.min_items, new.min_items);
    checks.upper("maxItems", old.max_items, new.max_items);
    match (old.unique_items, new.unique_items) {
        (false, true) => checks.stricter.push("`uniqueItems` added".to_owned()),
        (true, false) => checks.looser.push("`uniqueItems` removed".to_owned()),
        _ => {}
    }
    checks
}

/// A JSON value as the report shows it.
fn json(value: Option<&serde_json::Value>) -> String {
    match value {
        Some(value) => format!("`{value}`"),
        None => "none".to_owned(),
    }
}

impl Differ<'_> {
    /// What changed in how the server checks one value and what it assumes when the value is
    /// left out. `what` names the value (``parameter `per_page` of `zones().list()` ``); `sent`
    /// says whether requests send it: a value only responses hold is checked by nobody here, so
    /// changes to it are not reported. `at` is the pointer used where neither side states any.
    pub(super) fn value_checks(
        &mut self,
        what: &str,
        sent: bool,
        (old, new): (Option<&Validation>, Option<&Validation>),
        at: &Pointer,
    ) {
        if !sent {
            return;
        }
        let pointer = new.or(old).map_or(at, |v| &v.pointer).clone();
        let (old, new) = (old.map(|v| &v.constraints), new.map(|v| &v.constraints));
        let checks = compare(old, new);
        if !checks.stricter.is_empty() {
            let message = format!(
                "{what} is checked more strictly ({}): calls compile the same, and the server \
                 may refuse values it accepted",
                checks.stricter.join(", ")
            );
            self.push(
                Severity::PotentiallyBreaking,
                Rule::ValidationTightened,
                pointer.clone(),
                message,
            );
        }
        if !checks.looser.is_empty() {
            let message = format!(
                "{what} is checked less strictly ({}): the server accepts values it refused",
                checks.looser.join(", ")
            );
            self.push(
                Severity::Compatible,
                Rule::ValidationLoosened,
                pointer.clone(),
                message,
            );
        }
        let (old_default, new_default) = (
            old.and_then(|v| v.default.as_ref()),
            new.and_then(|v| v.default.as_ref()),
        );
        if old_default != new_default {
            let message = format!(
                "the default of {what} is {} instead of {}: calls that leave it unset compile \
                 the same and may get another behaviour",
                json(new_default),
                json(old_default)
            );
            self.push(
                Severity::PotentiallyBreaking,
                Rule::DefaultChanged,
                pointer,
                message,
            );
        }
    }

    /// `what` (an operation, parameter or field) became deprecated or stopped being;
    /// `consequence` says what that does to code (``its method is `#[deprecated]` …``).
    pub(super) fn deprecation(
        &mut self,
        what: &str,
        consequence: &str,
        (was, is): (bool, bool),
        pointer: &Pointer,
    ) {
        let (rule, message) = match (was, is) {
            (false, true) => (
                Rule::MarkedDeprecated,
                format!("{what} is now deprecated: {consequence}"),
            ),
            (true, false) => (
                Rule::NoLongerDeprecated,
                format!("{what} is no longer deprecated"),
            ),
            _ => return,
        };
        self.push(Severity::Compatible, rule, pointer.to_owned(), message);
    }

    /// The response statuses an operation declares, both sides.
    pub(super) fn statuses(&mut self, method: &str, old: &Operation, op: &Operation) {
        let before: BTreeSet<&str> = old.statuses.iter().map(String::as_str).collect();
        let after: BTreeSet<&str> = op.statuses.iter().map(String::as_str).collect();
        for status in after.difference(&before) {
            let seen = if status.starts_with('2') {
                "decoded as its result where it fits"
            } else {
                "as `Error::Api`, like any error"
            };
            let message = format!(
                "`{method}` may now answer `{status}`, which it did not declare: calls compile \
                 the same, and running code may now get it ({seen})"
            );
            let pointer = op.responses_pointer().child(status);
            self.push(
                Severity::PotentiallyBreaking,
                Rule::ResponseStatusAdded,
                pointer,
                message,
            );
        }
        for status in before.difference(&after) {
            let message = format!(
                "`{method}` no longer declares response `{status}`: code handling it compiles \
                 the same, and may no longer see it"
            );
            self.push(
                Severity::Compatible,
                Rule::ResponseStatusRemoved,
                op.responses_pointer(),
                message,
            );
        }
    }

    /// The servers the two specs name.
    pub(super) fn servers(&mut self) {
        let (old, new) = (&self.old.servers, &self.new.servers);
        let set = |s: &Vec<String>| s.iter().cloned().collect::<BTreeSet<String>>();
        if set(old) == set(new) {
            return;
        }
        let shown = |s: &Vec<String>| {
            if s.is_empty() {
                "none".to_owned()
            } else {
                s.iter()
                    .map(|url| format!("`{url}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let message = format!(
            "the spec's servers are {} instead of {}: the client's base URL is the caller's to \
             set, and a caller who set the old server's may reach the wrong place",
            shown(new),
            shown(old)
        );
        let (severity, rule) = (Severity::PotentiallyBreaking, Rule::ServersChanged);
        // Servers gone from NEW are pointed at in OLD.
        if new.is_empty() {
            self.push_in_old(severity, rule, self.old.servers_pointer(), message);
        } else {
            self.push(severity, rule, self.new.servers_pointer(), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(value: f64, exclusive: bool) -> Option<Bound> {
        Some(Bound { value, exclusive })
    }

    #[test]
    fn a_bound_excluded_at_the_same_value_is_stricter() {
        let mut checks = Checks::default();
        checks.bound("maximum", bound(10.0, false), bound(10.0, true), true);
        checks.bound("minimum", bound(1.0, true), bound(1.0, false), false);
        assert_eq!(checks.stricter, ["`maximum` 10 → 10 (excluded)"]);
        assert_eq!(checks.looser, ["`minimum` 1 (excluded) → 1"]);
    }

    #[test]
    fn limits_read_the_right_way_round() {
        let old = Constraints {
            max_length: Some(10),
            min_items: Some(2),
            minimum: bound(0.0, false),
            ..Constraints::default()
        };
        let new = Constraints {
            max_length: Some(20),
            min_items: Some(3),
            maximum: bound(5.0, false),
            pattern: Some("^a".to_owned()),
            ..Constraints::default()
        };
        let checks = compare(Some(&old), Some(&new));
        assert_eq!(
            checks.stricter,
            [
                "`pattern` ^a added",
                "`maximum` 5 added",
                "`minItems` 2 → 3"
            ]
        );
        assert_eq!(
            checks.looser,
            ["`maxLength` 10 → 20", "`minimum` 0 removed"]
        );
    }
}
