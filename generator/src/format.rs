//! Stage 4: tokens → formatted source text, the one path shared by build.rs, the CLI and tests.
//!
//! `syn` parses the tokens (so malformed output is caught here, not by the compiler of whoever
//! depends on the crate) and `prettyplease` prints them; docs are held back meanwhile and put
//! into the printed text (`emit::docs::deferring`). Each file starts with an `@generated`
//! header naming its source.
//!
//! A module comes as groups of items (a type and its impls, say), each emitted, parsed and
//! printed on its own, so only one group's tokens and syntax tree are alive per thread at once.
//! Large modules are formatted on several threads; the text is the same whatever their number,
//! since each group's text depends on that group alone and the texts are joined in order.

use proc_macro2::TokenStream;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A thread is started for every this many groups, up to one per core: few enough that our own
/// spec's 28 types take two threads (one thread per 64 groups left them on one; measured in
/// BENCHMARKS.md, against progenitor).
const GROUPS_PER_THREAD: usize = 8;

/// Formats one generated module from its `groups`, each made into tokens by `emit`: on as many
/// threads as the machine offers when there are enough groups to share. `source` names the spec
/// in the header. When a group's tokens do not parse, the first such group's error is returned,
/// as formatting them in order would.
pub fn format<G: Sync>(
    groups: &[G],
    emit: impl Fn(&G) -> TokenStream + Sync,
    source: &str,
) -> Result<String, syn::Error> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(groups.len() / GROUPS_PER_THREAD)
        .max(1);
    format_on(threads, groups, emit, source)
}

/// [`format`] on `threads` threads.
fn format_on<G: Sync>(
    threads: usize,
    groups: &[G],
    emit: impl Fn(&G) -> TokenStream + Sync,
    source: &str,
) -> Result<String, syn::Error> {
    let next = AtomicUsize::new(0);
    // Each thread takes the next group not yet taken until none is left, or until one fails:
    // every group before a failed one has been taken, so the earliest failure is always seen.
    let work = || {
        let mut texts: Vec<(usize, Result<String, syn::Error>)> = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(group) = groups.get(index) else {
                break;
            };
            let (tokens, docs) = crate::emit::docs::deferring(|| emit(group));
            let text = syn::parse2::<syn::File>(tokens).and_then(|file| {
                docs.expand(prettyplease::unparse(&file))
                    .map_err(|message| syn::Error::new(proc_macro2::Span::call_site(), message))
            });
            let failed = text.is_err();
            texts.push((index, text));
            if failed {
                break;
            }
        }
        texts
    };
    let mut texts = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut texts = work();
        for helper in helpers {
            match helper.join() {
                Ok(more) => texts.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        texts
    });
    texts.sort_unstable_by_key(|(index, _)| *index);
    let mut out = format!("// {}\n\n", crate::emit::generated_notice(source));
    out.reserve(
        texts
            .iter()
            .map(|(_, text)| text.as_ref().map_or(0, String::len))
            .sum(),
    );
    for (_, text) in texts {
        out.push_str(&text?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, quote};

    const GROUPS: usize = 5000;
    const THREADS: usize = 8;

    fn unit_struct(i: &usize) -> TokenStream {
        let name = format_ident!("S{i}");
        quote!(pub struct #name;)
    }

    #[test]
    fn groups_come_out_in_order_whatever_the_threads() {
        let groups: Vec<usize> = (0..GROUPS).collect();
        let text = format_on(THREADS, &groups, unit_struct, "spec.yaml").unwrap();
        assert_eq!(
            text,
            format_on(1, &groups, unit_struct, "spec.yaml").unwrap()
        );
        let structs: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("pub struct"))
            .collect();
        let expected: Vec<String> = (0..GROUPS).map(|i| format!("pub struct S{i};")).collect();
        assert_eq!(structs, expected);
    }

    #[test]
    fn the_first_group_that_does_not_parse_is_the_one_reported() {
        let groups: Vec<usize> = (0..GROUPS).collect();
        let broken = |i: &usize| match i {
            1000 => quote!(pub struct),
            3000 => quote!(1),
            _ => unit_struct(i),
        };
        let message = |tokens| syn::parse2::<syn::File>(tokens).err().unwrap().to_string();
        let (first, later) = (message(quote!(pub struct)), message(quote!(1)));
        assert_ne!(first, later);
        let error = format_on(THREADS, &groups, broken, "spec.yaml").unwrap_err();
        assert_eq!(error.to_string(), first);
    }
}
