//! JSON pointers (RFC 6901) into the spec: the one place a token is escaped or unescaped and a
//! pointer to a component or a child is spelled. Errors, `diff` reports and line lookups all
//! name places this way; the IR carries them as [`Pointer`]s.

use std::fmt;

/// A JSON pointer into the spec, as a URI fragment (`#/components/schemas/Item`): where an IR
/// node comes from. Made only by [`Pointer::root`], [`Pointer::component`],
/// [`Pointer::from_escaped`] and [`Pointer::child`], so every token in it is escaped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document: `#`.
    pub fn root() -> Pointer {
        Pointer("#".to_owned())
    }

    /// The component `name` of `kind` (`schemas`, `parameters`, …).
    pub fn component(kind: &str, name: &str) -> Pointer {
        Pointer(component(kind, name))
    }

    /// A pointer already written out, its tokens escaped: a local `$ref`'s target, or a place
    /// [`load`](crate::load) recorded.
    pub fn from_escaped(pointer: &str) -> Pointer {
        Pointer(pointer.to_owned())
    }

    /// The child `token` of this place (escaped here).
    pub fn child(&self, token: &str) -> Pointer {
        Pointer(child(&self.0, token))
    }

    /// This place is `ancestor` or inside it.
    pub fn is_within(&self, ancestor: &Pointer) -> bool {
        match self.0.strip_prefix(&ancestor.0) {
            Some(rest) => rest.is_empty() || rest.starts_with('/'),
            None => false,
        }
    }

    /// The `i`th item of the array at this place.
    pub fn index(&self, i: usize) -> Pointer {
        Pointer(format!("{}/{i}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Pointer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape`].
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The pointer to `token` under `parent`.
pub fn child(parent: &str, token: &str) -> String {
    format!("{parent}/{}", escape(token))
}

/// The pointer to the component `name` of `kind` (`schemas`, `parameters`, …).
pub fn component(kind: &str, name: &str) -> String {
    child(&format!("#/components/{kind}"), name)
}

/// The name of the component of `kind` that `reference` points to, if it points to one (not to
/// a place inside one, such as `#/components/schemas/A/properties/b`).
pub fn component_name(reference: &str, kind: &str) -> Option<String> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(kind)?
        .strip_prefix('/')?;
    (!name.contains('/')).then(|| unescape(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_through_escaping() {
        for token in ["plain", "a/b", "~", "~1", "/~0/", ""] {
            assert_eq!(unescape(&escape(token)), token);
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("~01"), "~1", "~0 is undone after ~1");
    }

    #[test]
    fn components_are_named_and_read_back() {
        let pointer = component("schemas", "cloudforce-one/Item");
        assert_eq!(pointer, "#/components/schemas/cloudforce-one~1Item");
        assert_eq!(
            component_name(&pointer, "schemas").as_deref(),
            Some("cloudforce-one/Item")
        );
        assert_eq!(component_name(&pointer, "parameters"), None);
        assert_eq!(component_name("#/components/schemasX/A", "schemas"), None);
        assert_eq!(
            component_name("#/components/schemas/A/properties/b", "schemas"),
            None
        );
        assert_eq!(child("#/paths", "/a/{id}"), "#/paths/~1a~1{id}");
    }
}
