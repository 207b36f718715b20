//! Stage 4: tokens → formatted source text, the one path shared by build.rs, the CLI and tests.
//!
//! `syn` parses the tokens (so malformed output is caught here, not by the compiler of whoever
//! depends on the crate) and `prettyplease` prints them. Each file starts with an `@generated`
//! header naming its source.

use proc_macro2::TokenStream;

/// Formats one generated module from its items, parsing and printing one group at a time so
/// that only one group's tokens and syntax tree are in memory at once (the whole Cloudflare
/// document has thousands of types). `source` names the spec in the header.
pub fn format(
    groups: impl IntoIterator<Item = TokenStream>,
    source: &str,
) -> Result<String, syn::Error> {
    let mut out = format!("// {}\n\n", crate::emit::generated_notice(source));
    for tokens in groups {
        let file: syn::File = syn::parse2(tokens)?;
        out.push_str(&prettyplease::unparse(&file));
    }
    Ok(out)
}
