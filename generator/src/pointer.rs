//! JSON pointers (RFC 6901) into the spec: the one place a token is escaped or unescaped and a
//! pointer to a component or a child is spelled. Errors, `diff` reports and line lookups all
//! name places this way.

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
