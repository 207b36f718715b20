//! Following chains of references: a `$ref` to a component that is itself a `$ref` (schemas,
//! parameters, request bodies, responses), and a type alias naming another alias. One walk for
//! all of them, which ends at the first link seen twice, so a cycle is reported, never followed.

/// What one link of a chain leads to.
pub(crate) enum Link<K, V> {
    /// The chain ends here, at this value.
    End(V),
    /// The chain goes on to this key.
    Next(K),
    /// This key names nothing.
    Missing,
}

/// Why a chain has no end.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Broken<K> {
    /// The last key names nothing; the keys followed to it, in order.
    Missing(Vec<K>),
    /// The last key was already followed; the keys in order, the repeated one last.
    Cycle(Vec<K>),
}

/// Follows `start` through `step` until a link ends the chain.
pub(crate) fn follow<K: Clone + PartialEq, V>(
    start: K,
    mut step: impl FnMut(&K) -> Link<K, V>,
) -> Result<V, Broken<K>> {
    let mut seen = vec![start];
    loop {
        let current = seen.last().expect("the chain has its start");
        match step(current) {
            Link::End(value) => return Ok(value),
            Link::Missing => return Err(Broken::Missing(seen)),
            Link::Next(next) => {
                let repeated = seen.contains(&next);
                seen.push(next);
                if repeated {
                    return Err(Broken::Cycle(seen));
                }
            }
        }
    }
}

/// Why `reference`, a `$ref` where a component of `kind` is expected, leads nowhere.
pub(crate) fn dangling_message(reference: &str, kind: &str) -> String {
    if crate::pointer::component_name(reference, kind).is_some() {
        format!("$ref {reference:?} names nothing in components.{kind}")
    } else if reference.starts_with('#') {
        format!("$ref {reference:?} points at nothing in the document")
    } else {
        format!("$ref {reference:?} is not supported: only refs within the document are followed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain<'l>(
        links: &'l [(&'static str, &'static str)],
    ) -> impl FnMut(&&'static str) -> Link<&'static str, u8> + 'l {
        move |key| match links.iter().find(|(from, _)| from == key) {
            Some((_, "end")) => Link::End(7),
            Some((_, to)) => Link::Next(*to),
            None => Link::Missing,
        }
    }

    #[test]
    fn ends_dangles_and_cycles_are_told_apart() {
        assert_eq!(follow("a", chain(&[("a", "b"), ("b", "end")])), Ok(7));
        assert_eq!(
            follow("a", chain(&[("a", "b")])),
            Err(Broken::Missing(vec!["a", "b"]))
        );
        assert_eq!(
            follow("a", chain(&[("a", "b"), ("b", "c"), ("c", "a")])),
            Err(Broken::Cycle(vec!["a", "b", "c", "a"]))
        );
        assert_eq!(
            follow("a", chain(&[("a", "a")])),
            Err(Broken::Cycle(vec!["a", "a"]))
        );
    }
}
