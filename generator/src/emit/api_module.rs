//! The `api` module of a crate made of a spec (`generate --crate`): the one runtime module that is
//! the API's own. Its items are those the runtime reads (`DEFAULT_BASE_URL`, `BASE_URL_VAR`,
//! `USER_AGENT`, `Credentials` with `from_env`, `headers`, `query` and `redact`), made from the spec's
//! first server and its security schemes.
//!
//! `Credentials` has a variant per security requirement the spec states (an alternative of an
//! operation's or the document's `security`), and `None` for calls without credentials; where the
//! spec states no requirement, a variant per declared scheme. A requirement that needs a scheme
//! the client cannot send (HTTP digest, say) or one the spec does not declare
//! is left out, with its reason. Where that leaves no variant, `Token` (a bearer token, which most
//! APIs take) is offered, documented as not the spec's.

use super::docs;
use crate::model::ir::{all_methods, About, Api, SchemeKind, SecurityScheme, Skip};
use crate::naming::{camel, snake, Namer};
use crate::pointer::Pointer;
use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The module's text, and the requirements it leaves out.
pub struct ApiModule {
    pub text: String,
    pub left_out: Vec<Skip>,
    /// Whether a variant sends HTTP Basic credentials (the crate then needs `base64`).
    pub uses_basic: bool,
    /// Each way of proving who the caller is, for the crate's README: its constructor, how it
    /// is sent and the environment variables `from_env` reads it from (Markdown, one line each).
    pub ways: Vec<String>,
    /// The environment variable that overrides the base URL.
    pub base_url_var: String,
}

/// A `Credentials` variant as code that uses the crate sees it: what `diff` compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsVariant {
    /// The variant's name (its constructor's in snake case).
    pub name: String,
    /// Its fields (its constructor's arguments), in order.
    pub fields: Vec<String>,
    /// Where the spec states the requirement it stands for (the document's root for the `Token`
    /// offered where none can be sent).
    pub pointer: Pointer,
}

/// The `Credentials` variants the crate made of `api` has, `None` aside.
pub fn credentials_variants(api: &Api) -> Vec<CredentialsVariant> {
    let (variants, _, _) = variants(api, "");
    (variants.into_iter())
        .map(|variant| CredentialsVariant {
            fields: variant
                .values
                .into_iter()
                .map(|value| value.field)
                .collect(),
            name: variant.name,
            pointer: variant.pointer,
        })
        .collect()
}

/// The module for `api`, its environment variables named with `env_prefix` (`GITHUB` makes
/// `GITHUB_BASE_URL`).
pub fn emit(api: &Api, env_prefix: &str) -> ApiModule {
    let (variants, left_out, anonymous) = variants(api, env_prefix);
    let uses_basic = variants
        .iter()
        .flat_map(|v| &v.values)
        .any(|value| value.kind == ValueKind::Username);
    let ways = variants.iter().map(way).collect();
    let tokens = module(&api.about, env_prefix, &variants, anonymous);
    let file = syn::parse2::<syn::File>(tokens).expect("the api module's tokens parse");
    ApiModule {
        text: prettyplease::unparse(&file),
        left_out,
        uses_basic,
        ways,
        base_url_var: base_url_var(env_prefix),
    }
}

/// A variant as the README shows it: `` `Credentials::token(token)`: … `SECURITY_API_TOKEN` ``.
fn way(variant: &Variant) -> String {
    let fields: Vec<&str> = variant.values.iter().map(|v| v.field.as_str()).collect();
    let sent: Vec<String> = (variant.schemes.iter())
        .map(|scheme| format!("`{}` as {}", scheme.name, sent_as(&scheme.kind)))
        .collect();
    format!(
        "`Credentials::{}({})`: {}; from {}",
        snake(&variant.name),
        fields.join(", "),
        sent.join(", "),
        variables(variant, |var| format!("`{var}`"))
    )
}

/// The environment variable that overrides the base URL.
fn base_url_var(env_prefix: &str) -> String {
    format!("{env_prefix}_BASE_URL")
}

/// How a scheme's credentials travel, in words.
fn sent_as(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Bearer => "`Authorization: Bearer <token>`".to_owned(),
        SchemeKind::Basic => "`Authorization: Basic` with the user name and password".to_owned(),
        SchemeKind::Header(header) => format!("the `{header}` header"),
        SchemeKind::Cookie(cookie) => format!("the `{cookie}` cookie"),
        SchemeKind::Query(parameter) => format!("the `{parameter}` query parameter"),
        SchemeKind::Unsupported(_) => unreachable!("left out before"),
    }
}

/// One way of proving who the caller is: a requirement's schemes, and the values they take.
struct Variant {
    name: String,
    /// Where the spec states the requirement.
    pointer: Pointer,
    schemes: Vec<SecurityScheme>,
    values: Vec<Value>,
}

/// One value a variant holds.
struct Value {
    field: String,
    kind: ValueKind,
    env_var: String,
    /// The scheme whose header it goes in.
    scheme: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum ValueKind {
    /// A Basic user name: not secret.
    Username,
    /// A token, key or password.
    Secret,
}

/// The variants, the requirements left out, and whether a requirement needs no credentials.
fn variants(api: &Api, env_prefix: &str) -> (Vec<Variant>, Vec<Skip>, bool) {
    let mut requirements: Vec<(Vec<String>, Pointer)> = Vec::new();
    for (_, method) in all_methods(&api.resources) {
        for alternative in &method.operation.security.alternatives {
            if !requirements.iter().any(|(seen, _)| seen == alternative) {
                requirements.push((
                    alternative.clone(),
                    method.operation.security.pointer.clone(),
                ));
            }
        }
    }
    // The document's own requirements first: they are the API's usual ones.
    let document = Pointer::root().child("security");
    requirements.sort_by_key(|(_, pointer)| *pointer != document);
    if requirements.is_empty() {
        requirements = (api.about.security_schemes.iter())
            .map(|scheme| (vec![scheme.name.clone()], scheme.pointer.clone()))
            .collect();
    }
    let anonymous = requirements.iter().any(|(names, _)| names.is_empty());
    // A variant's constructor is its name in snake case: none may be one of the enum's methods.
    let mut namer = Namer::with_reserved(&["None", "FromEnv", "Headers", "Query", "Redact"]);
    let (mut variants, mut left_out) = (Vec::new(), Vec::new());
    for (names, pointer) in requirements.iter().filter(|(names, _)| !names.is_empty()) {
        match schemes(&api.about, names) {
            Ok(schemes) => variants.push(variant(schemes, pointer, &mut namer, env_prefix)),
            Err(reason) => left_out.push(Skip {
                kind: "credentials".to_owned(),
                pointer: pointer.clone(),
                context: Some(names.join(" and ")),
                reason,
            }),
        }
    }
    if variants.is_empty() {
        let token = SecurityScheme {
            name: "token".to_owned(),
            kind: SchemeKind::Bearer,
            description: Some(
                "Not the spec's: it states no security scheme the client can send.".to_owned(),
            ),
            pointer: Pointer::root(),
        };
        variants.push(variant(
            vec![token],
            &Pointer::root(),
            &mut namer,
            env_prefix,
        ));
    }
    (variants, left_out, anonymous)
}

/// The schemes a requirement names, or why the client cannot send them.
fn schemes(about: &About, names: &[String]) -> Result<Vec<SecurityScheme>, String> {
    names
        .iter()
        .map(|name| {
            let scheme = (about.security_schemes.iter())
                .find(|scheme| &scheme.name == name)
                .ok_or_else(|| format!("security scheme `{name}` is not declared"))?;
            match &scheme.kind {
                SchemeKind::Unsupported(what) => Err(format!(
                    "security scheme `{name}` is {what}, which the client cannot send"
                )),
                SchemeKind::Header(header) if !is_token(header) => Err(format!(
                    "security scheme `{name}` names `{header}`, which is not a header name"
                )),
                SchemeKind::Cookie(cookie) if !is_token(cookie) => Err(format!(
                    "security scheme `{name}` names `{cookie}`, which is not a cookie name"
                )),
                _ => Ok(scheme.clone()),
            }
        })
        .collect()
}

/// Whether `name` is an RFC 9110 token: what a header name and (RFC 6265) a cookie name are.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A requirement's variant: named after its schemes, a value per token, key or password.
fn variant(
    schemes: Vec<SecurityScheme>,
    pointer: &Pointer,
    namer: &mut Namer,
    env_prefix: &str,
) -> Variant {
    let joined = (schemes.iter().map(|s| s.name.as_str())).collect::<Vec<_>>();
    let name = namer.claim(&camel(&joined.join(" and ")));
    let mut fields = Namer::default();
    let mut values = Vec::new();
    // Alone, a scheme's values are `token`, `key`, `username` and `password`; beside others, a
    // key or token is named after its scheme and a user name and password are prefixed.
    let several = schemes.len() > 1;
    for (index, scheme) in schemes.iter().enumerate() {
        let var = format!("{env_prefix}_{}", scheme.name.to_shouty_snake_case());
        let parts: &[(&str, ValueKind, &str)] = match scheme.kind {
            SchemeKind::Basic => &[
                ("username", ValueKind::Username, "_USERNAME"),
                ("password", ValueKind::Secret, "_PASSWORD"),
            ],
            SchemeKind::Bearer => &[("token", ValueKind::Secret, "")],
            _ => &[("key", ValueKind::Secret, "")],
        };
        for (field, kind, suffix) in parts {
            let field = match (several, parts.len()) {
                (false, _) => (*field).to_owned(),
                (true, 1) => scheme.name.clone(),
                (true, _) => format!("{} {field}", scheme.name),
            };
            values.push(Value {
                field: fields.claim(&snake(&field)),
                kind: *kind,
                env_var: format!("{var}{suffix}"),
                scheme: index,
            });
        }
    }
    Variant {
        name,
        pointer: pointer.clone(),
        schemes,
        values,
    }
}

/// The module's tokens.
fn module(about: &About, env_prefix: &str, variants: &[Variant], anonymous: bool) -> TokenStream {
    let base_url = about.base_url.as_deref().unwrap_or_default();
    let base_url_doc = match &about.base_url {
        Some(_) => {
            " Where the API lives unless told otherwise: the spec's first server.".to_owned()
        }
        None => " The spec names no absolute server URL: give the client one with \
                 `ClientBuilder::base_url` (or the environment variable in [`BASE_URL_VAR`])."
            .to_owned(),
    };
    let base_url_var = base_url_var(env_prefix);
    let credentials = credentials(variants, anonymous);
    let header_name = (variants.iter().flat_map(|v| &v.schemes))
        .any(|scheme| matches!(scheme.kind, SchemeKind::Header(_)))
        .then(|| quote! { use reqwest::header::HeaderName; });
    quote! {
        use crate::auth::{redact, sensitive, Secret};
        use crate::error::Error;
        use reqwest::header::HeaderMap;
        #header_name

        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;
        /// Environment variable that overrides the base URL (for a mock server, say).
        pub const BASE_URL_VAR: &str = #base_url_var;
        /// The `User-Agent` every request is sent with: this crate's name and version.
        pub(crate) const USER_AGENT: &str =
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #credentials
    }
}

/// `Credentials` and its methods.
fn credentials(variants: &[Variant], anonymous: bool) -> TokenStream {
    let names: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let variant_docs = variants.iter().map(variant_docs);
    let fields = variants.iter().map(|v| {
        let fields = v.values.iter().map(|value| {
            let field = format_ident!("{}", value.field);
            let doc = format!(" From `{}`.", value.env_var);
            match value.kind {
                ValueKind::Username => quote! { #[doc = #doc] #field: String },
                ValueKind::Secret => quote! { #[doc = #doc] #field: Secret },
            }
        });
        quote! { { #( #fields ),* } }
    });
    let constructors = variants.iter().map(constructor);
    let from_env = from_env(variants, anonymous);
    let headers = headers(variants);
    let query = query_method(variants);
    let redact = redact_method(variants);
    quote! {
        /// How the client proves who it is: one of the ways the spec's security requirements
        /// accept, or none.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Credentials {
            /// No credentials: for calls the API answers without them.
            None,
            #( #variant_docs #names #fields, )*
        }

        impl Credentials {
            #( #constructors )*
            #from_env
            #headers
            #query
            #redact
        }
    }
}

/// A variant's documentation: its schemes' descriptions and how each travels.
fn variant_docs(variant: &Variant) -> TokenStream {
    let mut paragraphs = Vec::new();
    for scheme in &variant.schemes {
        paragraphs.push(format!(
            "Security scheme `{}`, sent as {}.",
            scheme.name,
            sent_as(&scheme.kind)
        ));
        if let Some(description) = scheme.description.as_deref().map(str::trim) {
            if !description.is_empty() {
                paragraphs.push(docs::sanitize(description));
            }
        }
    }
    docs::lines(&paragraphs.join("\n\n"))
}

/// A variant's constructor: `Credentials::bearer_auth(token)`.
fn constructor(variant: &Variant) -> TokenStream {
    let name = format_ident!("{}", variant.name);
    let function = format_ident!("{}", snake(&variant.name));
    let doc = format!(" [`Credentials::{}`] with these values.", variant.name);
    let params = variant.values.iter().map(|value| {
        let field = format_ident!("{}", value.field);
        quote! { #field: impl Into<String> }
    });
    let inits = variant.values.iter().map(|value| {
        let field = format_ident!("{}", value.field);
        match value.kind {
            ValueKind::Username => quote! { #field: #field.into() },
            ValueKind::Secret => quote! { #field: Secret::new(#field) },
        }
    });
    quote! {
        #[doc = #doc]
        pub fn #function( #( #params ),* ) -> Self {
            Credentials::#name { #( #inits ),* }
        }
    }
}

/// `from_env`: the first variant whose every variable is set.
fn from_env(variants: &[Variant], anonymous: bool) -> TokenStream {
    let choices: Vec<String> = (variants.iter())
        .map(|v| variables(v, str::to_owned))
        .collect();
    let quoted: Vec<String> = (variants.iter())
        .map(|v| variables(v, |var| format!("`{var}`")))
        .collect();
    let doc = format!(
        " The first of these set in the environment: {}.",
        quoted.join("; or ")
    );
    let attempts = variants.iter().map(|variant| {
        let function = format_ident!("{}", snake(&variant.name));
        let bound: Vec<_> = (variant.values.iter())
            .map(|value| format_ident!("{}", value.field))
            .collect();
        let vars: Vec<_> = variant.values.iter().map(|value| &value.env_var).collect();
        let (pattern, lookups) = match (&bound[..], &vars[..]) {
            ([one], [var]) => (quote! { Some(#one) }, quote! { var(#var) }),
            _ => (
                quote! { ( #( Some(#bound) ),* ) },
                quote! { ( #( var(#vars) ),* ) },
            ),
        };
        quote! {
            if let #pattern = #lookups {
                return Ok(Credentials::#function( #( #bound ),* ));
            }
        }
    });
    let otherwise = if anonymous {
        quote! { Ok(Credentials::None) }
    } else {
        let message = format!("no credentials: set {}", choices.join(", or "));
        quote! { Err(Error::config(#message)) }
    };
    quote! {
        #[doc = #doc]
        pub fn from_env() -> Result<Self, Error> {
            let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
            #( #attempts )*
            #otherwise
        }
    }
}

/// A variant's environment variables, as `show` shows each, joined with "and".
fn variables(variant: &Variant, show: impl Fn(&str) -> String) -> String {
    let vars: Vec<String> = (variant.values.iter())
        .map(|value| show(&value.env_var))
        .collect();
    vars.join(" and ")
}

/// `headers`: each scheme's value in its header, marked sensitive.
fn headers(variants: &[Variant]) -> TokenStream {
    let arms = variants.iter().map(|variant| {
        let name = format_ident!("{}", variant.name);
        let in_headers = |value: &&Value| !in_query(&variant.schemes[value.scheme]);
        let bound = (variant.values.iter())
            .filter(in_headers)
            .map(|value| format_ident!("{}", value.field));
        let inserts = (variant.schemes.iter().enumerate())
            .filter(|(_, scheme)| !in_query(scheme))
            .map(|(index, scheme)| {
                let values: Vec<_> = (variant.values.iter())
                    .filter(|value| value.scheme == index)
                    .map(|value| format_ident!("{}", value.field))
                    .collect();
                header(scheme, &values)
            });
        quote! { Credentials::#name { #( #bound, )* .. } => { #( #inserts )* } }
    });
    quote! {
        /// The headers that carry these credentials, marked sensitive.
        pub(crate) fn headers(&self) -> Result<HeaderMap, Error> {
            let mut headers = HeaderMap::new();
            match self {
                Credentials::None => {}
                #( #arms )*
            }
            Ok(headers)
        }
    }
}

/// Whether a scheme's value travels in the query rather than a header.
fn in_query(scheme: &SecurityScheme) -> bool {
    matches!(scheme.kind, SchemeKind::Query(_))
}

/// `query`: the query parameters that carry the variant in use's keys.
fn query_method(variants: &[Variant]) -> TokenStream {
    let arms: Vec<TokenStream> = (variants.iter())
        .filter(|variant| variant.schemes.iter().any(in_query))
        .map(|variant| {
            let name = format_ident!("{}", variant.name);
            let (bound, pairs): (Vec<_>, Vec<_>) = (variant.values.iter())
                .filter_map(|value| match &variant.schemes[value.scheme].kind {
                    SchemeKind::Query(parameter) => {
                        let field = format_ident!("{}", value.field);
                        Some((field.clone(), quote! { (#parameter, #field.expose()) }))
                    }
                    _ => None,
                })
                .unzip();
            quote! { Credentials::#name { #( #bound, )* .. } => vec![ #( #pairs ),* ] }
        })
        .collect();
    let body = match arms.is_empty() {
        true => quote! { Vec::new() },
        false => quote! { match self { #( #arms, )* _ => Vec::new() } },
    };
    quote! {
        /// The query parameters that carry these credentials (the URL holds them, so the
        /// runtime keeps every URL's query out of its errors).
        pub(crate) fn query(&self) -> Vec<(&'static str, &str)> {
            #body
        }
    }
}

/// The statement that adds one scheme's header.
fn header(scheme: &SecurityScheme, values: &[proc_macro2::Ident]) -> TokenStream {
    let what = match scheme.kind {
        SchemeKind::Bearer => format!("`{}` token", scheme.name),
        SchemeKind::Basic => format!("`{}` user name or password", scheme.name),
        _ => format!("`{}` key", scheme.name),
    };
    match (&scheme.kind, values) {
        (SchemeKind::Bearer, [token]) => quote! {
            headers.append(
                reqwest::header::AUTHORIZATION,
                sensitive(#what, &format!("Bearer {}", #token.expose()))?,
            );
        },
        (SchemeKind::Basic, [username, password]) => quote! {
            let pair = format!("{}:{}", #username, #password.expose());
            let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pair);
            headers.append(
                reqwest::header::AUTHORIZATION,
                sensitive(#what, &format!("Basic {encoded}"))?,
            );
        },
        (SchemeKind::Header(name), [key]) => {
            let name = name.to_ascii_lowercase();
            quote! {
                headers.append(HeaderName::from_static(#name), sensitive(#what, #key.expose())?);
            }
        }
        (SchemeKind::Cookie(name), [key]) => {
            let template = format!("{}={{}}", name.replace('{', "{{").replace('}', "}}"));
            quote! {
                headers.append(
                    reqwest::header::COOKIE,
                    sensitive(#what, &format!(#template, #key.expose()))?,
                );
            }
        }
        _ => unreachable!("each scheme kind has its values"),
    }
}

/// `redact`: every secret of the variant in use replaced.
fn redact_method(variants: &[Variant]) -> TokenStream {
    let arms = variants.iter().map(|variant| {
        let name = format_ident!("{}", variant.name);
        let secrets: Vec<_> = (variant.values.iter())
            .filter(|value| value.kind == ValueKind::Secret)
            .map(|value| format_ident!("{}", value.field))
            .collect();
        quote! { Credentials::#name { #( #secrets, )* .. } => redact(text, &[ #( #secrets ),* ]) }
    });
    quote! {
        /// `text` with every secret in it replaced by `[redacted]`: for what a server sends back,
        /// which may echo the request's headers.
        pub(crate) fn redact(&self, text: &str) -> String {
            match self {
                Credentials::None => text.to_owned(),
                #( #arms, )*
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module_of(schemes: &str) -> ApiModule {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  \
             securitySchemes:\n{schemes}"
        );
        let ir = crate::build_ir(&spec, "t.yaml", &crate::Settings::default()).unwrap();
        emit(&ir, "T")
    }

    #[test]
    fn no_constructor_takes_the_name_of_a_method() {
        let module = module_of(
            "    query: {type: apiKey, in: query, name: q}\n    headers: {type: http, scheme: \
             bearer}\n",
        );
        for constructor in ["pub fn query2(", "pub fn headers2("] {
            assert!(module.text.contains(constructor), "{}", module.text);
        }
    }

    #[test]
    fn a_key_whose_header_or_cookie_name_is_not_a_token_is_left_out() {
        let module = module_of(
            "    h: {type: apiKey, in: header, name: 'X Key'}\n    c: {type: apiKey, in: cookie, \
             name: 'a;b'}\n",
        );
        let reasons: Vec<&str> = module.left_out.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "security scheme `h` names `X Key`, which is not a header name",
                "security scheme `c` names `a;b`, which is not a cookie name",
            ]
        );
        assert!(!module.text.contains("X Key") && !module.text.contains("a;b"));
    }

    #[test]
    fn a_spec_with_no_scheme_the_client_can_send_gets_a_token_said_not_to_be_its() {
        let module = module_of("    digest: {type: http, scheme: digest}\n");
        assert!(module.text.contains("pub fn token("), "{}", module.text);
        assert!(module.text.contains("Not the spec's"), "{}", module.text);
    }
}
