//! Emits the `resources` module: a borrowed handle per resource, one method per operation, the
//! setters of each operation's optional parameters on its calls, the `calls` module of the unit
//! types that name each operation's calls, and the accessors on `Client` that reach the
//! top-level resources.

use super::gates::{cfg_any, gated_mod};
use super::{docs, ident, Spelling};
use crate::model::ir::{
    all_methods, Api, ArgumentType, Body, Docs, Features, Gate, Method, Operation, Param,
    ParamLocation, Passing, PathSegment, Resource, Response, Stream,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `resources` module as groups of items, each emitted on its own (see [`Resources::emit`])
/// so a large spec never holds the tokens of every resource at once and the groups can be
/// formatted in parallel.
pub struct Resources<'a> {
    api: &'a Api,
    spelling: Spelling,
    groups: Vec<Group<'a>>,
}

/// What one token stream of the `resources` module covers.
pub enum Group<'a> {
    /// `use crate::types;` when a method needs it, and the accessors on `Client` that reach the
    /// top-level resources.
    Client,
    /// A top-level resource: its handle, methods and call setters, and its nested resources.
    Resource(&'a Resource),
    /// With features, a top-level resource in the module its tag's feature gates, with its
    /// accessor on `Client`.
    Module(&'a Resource, &'a Gate),
    /// The `OPERATIONS` table.
    Table,
    /// The `calls` module.
    Calls,
}

/// The groups of the `resources` module, in the order they are written; with the IR's
/// features, each top-level resource (with its accessor on `Client` and its `OPERATIONS`
/// entries) compiled only with its tag's feature.
pub fn emit(api: &Api) -> Resources<'_> {
    let mut names = Vec::new();
    collect_names(&api.resources, &mut names);
    let resources: Vec<Group> = match &api.features {
        None => std::iter::once(Group::Client)
            .chain(api.resources.iter().map(Group::Resource))
            .collect(),
        Some(features) => (api.resources.iter().zip(&features.tags))
            .map(|(resource, gate)| Group::Module(resource, gate))
            .collect(),
    };
    Resources {
        api,
        spelling: Spelling::new(names.iter().map(String::as_str), false),
        groups: resources
            .into_iter()
            .chain([Group::Table, Group::Calls])
            .collect(),
    }
}

impl Resources<'_> {
    /// The groups, in the order their code is written.
    pub fn groups(&self) -> &[Group<'_>] {
        &self.groups
    }

    /// One group's code.
    pub fn emit(&self, group: &Group<'_>) -> TokenStream {
        let features = self.api.features.as_ref();
        match group {
            Group::Client => {
                let accessors =
                    (self.api.resources.iter()).map(|r| accessor(r, quote!(self), quote!('_)));
                let use_types = use_types(&self.api.resources);
                quote! {
                    #use_types

                    impl crate::Client {
                        #(#accessors)*
                    }
                }
            }
            Group::Resource(r) => resource(r, &self.spelling),
            Group::Module(r, gate) => {
                let use_types = use_types(std::slice::from_ref(r));
                let accessor = accessor(r, quote!(self), quote!('_));
                let resource = resource(r, &self.spelling);
                gated_mod(
                    gate,
                    quote! {
                        #use_types
                        use super::calls;

                        impl crate::Client {
                            #accessor
                        }

                        #resource
                    },
                )
            }
            Group::Table => operation_table(&self.api.resources, features),
            Group::Calls => call_markers(&self.api.resources, features),
        }
    }
}

/// `use crate::types;` when a method of `resources` mentions a generated type.
fn use_types(resources: &[Resource]) -> Option<TokenStream> {
    uses_types(resources).then(|| {
        quote!(
            use crate::types;
        )
    })
}

/// The `calls` module: for each operation, the unit type that names its calls (with
/// `features`, each compiled with its tag's feature).
fn call_markers(resources: &[Resource], features: Option<&Features>) -> TokenStream {
    let markers = gated_methods(resources, features).map(|(cfg, path, method)| {
        let op = &method.operation;
        let name = ident(&op.call_marker);
        let setters = if op.setters().next().is_some() {
            ", which have its optional parameters' setters"
        } else {
            ""
        };
        let doc = docs::lines(&format!(
            "Names the calls of `{}` (`client.{path}.{}()`){setters}.",
            op.operation_id,
            method.name.as_str()
        ));
        quote! {
            #doc
            #cfg
            #[derive(Debug)]
            pub struct #name;
        }
    });
    let example = all_methods(resources)
        .first()
        .map(|(_, method)| {
            let op = &method.operation;
            format!(
                ": `Call<'c, T, calls::{}>` is a call of `{}`",
                op.call_marker.as_str(),
                op.operation_id
            )
        })
        .unwrap_or_default();
    let doc = docs::lines(&format!(
        "The unit types that name each operation's calls{example}. An operation's optional \
         parameters are setters on its calls, so a parameter the spec adds later is a new \
         method, not a new argument."
    ));
    quote! {
        #doc
        pub mod calls {
            #(#markers)*
        }
    }
}

/// Every method with its resource's Rust path and, with `features`, the `cfg` of its tag's
/// feature.
fn gated_methods<'a>(
    resources: &'a [Resource],
    features: Option<&'a Features>,
) -> impl Iterator<Item = (Option<TokenStream>, String, &'a Method)> + 'a {
    resources
        .iter()
        .enumerate()
        .flat_map(move |(index, resource)| {
            let cfg = features.map(|f| cfg_any(&[&f.tags[index].feature]));
            all_methods(std::slice::from_ref(resource))
                .into_iter()
                .map(move |(path, method)| (cfg.clone(), path, method))
        })
}

/// `OPERATIONS`: every operation's id, method and path template, resource by resource (with
/// `features`, each entry gated by its tag's).
fn operation_table(resources: &[Resource], features: Option<&Features>) -> TokenStream {
    let entries = gated_methods(resources, features).map(|(cfg, _, method)| {
        let op = &method.operation;
        let (id, method, path) = (&op.operation_id, op.http_method.as_str(), &op.path.text);
        quote!(#cfg crate::__codegen::operation(#id, #method, #path))
    });
    quote! {
        /// Every operation of the API: its operationId, HTTP method and path template, resource
        /// by resource.
        pub const OPERATIONS: &[crate::Operation] = &[#(#entries),*];
    }
}

/// Whether any method mentions a generated type (so `types` needs importing).
fn uses_types(resources: &[Resource]) -> bool {
    all_methods(resources).into_iter().any(|(_, method)| {
        let op = &method.operation;
        op.sent()
            .iter()
            .chain(op.returned())
            .any(|ty| ty.named().is_some())
    })
}

fn collect_names(resources: &[Resource], out: &mut Vec<String>) {
    for r in resources {
        out.push(r.type_name.clone());
        collect_names(&r.children, out);
    }
}

/// The method that hands out a resource handle: on the client (`client` is `self`, borrowed for
/// `'_`) or on the parent resource (`self.client`, for `'c`).
fn accessor(resource: &Resource, client: TokenStream, lifetime: TokenStream) -> TokenStream {
    let name = ident(resource.accessor.code());
    let type_name = ident(&resource.type_name);
    let docs = docs::attrs(&resource_docs(resource), &[]);
    quote! {
        #docs
        pub fn #name(&self) -> #type_name<#lifetime> {
            #type_name { client: #client }
        }
    }
}

fn resource_docs(resource: &Resource) -> Docs {
    let description = resource
        .docs
        .description
        .clone()
        .unwrap_or_else(|| format!("Operations tagged `{}`.", resource.tag));
    Docs {
        summary: None,
        description: Some(description),
    }
}

fn resource(resource: &Resource, spelling: &Spelling) -> TokenStream {
    let type_name = ident(&resource.type_name);
    let docs = docs::attrs(&resource_docs(resource), &[]);
    let children = resource
        .children
        .iter()
        .map(|c| accessor(c, quote!(self.client), quote!('c)));
    let methods = resource.methods.iter().map(|m| {
        let paged = (m.stream.as_ref()).map(|stream| paged_method(m, stream, spelling));
        let method = method(m, spelling);
        quote! { #method #paged }
    });
    let setters = (resource.methods.iter()).map(|m| call_setters(&m.operation, spelling));
    let derives = spelling.derives(&["Clone", "Copy", "Debug"]);
    let nested = resource
        .children
        .iter()
        .map(|c| self::resource(c, spelling));
    quote! {
        #docs
        #[derive(#(#derives),*)]
        pub struct #type_name<'c> {
            client: &'c crate::Client,
        }

        impl<'c> #type_name<'c> {
            #(#children)*
            #(#methods)*
        }

        #(#setters)*

        #(#nested)*
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let named = if op.id_from_path {
        format!(
            "the spec gives it no operationId; it goes by `{}`, made from its method and path",
            op.operation_id
        )
    } else {
        format!("operation `{}`", op.operation_id)
    };
    let mut extra = vec![format!(
        "`{} {}` ({named}).",
        op.http_method.as_str(),
        op.path
    )];
    if let Some(Body::Binary { media_type, .. }) = &op.body {
        extra.push(if media_type.contains('*') {
            format!("Sends the `Upload` as the whole body, with its own content type (the API takes `{media_type}`).")
        } else {
            format!("Sends the `Upload` as the whole body, as `{media_type}`.")
        });
    }
    if let Response::Bytes { media_type } = &op.response {
        extra.push(format!(
            "Returns the response body (`{media_type}`) as it is."
        ));
    }
    if !op.idempotent {
        extra.push(
            "Not retried once the server may have acted on it, so it is never applied twice."
                .to_owned(),
        );
    }
    let arguments = op
        .path_params
        .iter()
        .chain(&op.params)
        .filter(|p| p.required);
    for param in arguments.filter(|p| p.deprecated) {
        extra.push(format!(
            "The spec marks its argument `{}` deprecated.",
            param.name.as_str()
        ));
    }
    let docs = if op.docs.summary.is_none() && op.docs.description.is_none() {
        Docs {
            summary: Some(format!("`{}`.", op.operation_id)),
            description: None,
        }
    } else {
        op.docs.clone()
    };
    docs::attrs(&docs, &extra)
}

fn method(method: &Method, spelling: &Spelling) -> TokenStream {
    let op = &method.operation;
    let docs = method_docs(op);
    let name = ident(method.name.code());
    let deprecated = super::deprecated(op.deprecated);

    let arguments = &op.arguments;
    let many = super::many_arguments(arguments.len() + 1);
    let named = super::spec_names(arguments.iter().map(|arg| arg.name.as_str()));
    let args = arguments.iter().map(|arg| spelling.parameter(arg));

    let (output, decode) = match &op.response {
        Response::Empty => (quote!(()), quote!(Empty)),
        Response::Envelope(None) => (quote!(()), quote!(EnvelopeWithoutResult)),
        Response::Envelope(Some(ty)) => (spelling.ty(ty), quote!(Envelope)),
        Response::Json(ty) => (spelling.ty(ty), quote!(Json)),
        Response::Bytes { .. } => (quote!(::bytes::Bytes), quote!(Bytes)),
    };

    let operation_id = &op.operation_id;
    let marker = call_marker(op);
    let http_method = format_ident!("{}", op.http_method.as_str());
    let retry = if op.idempotent {
        quote!(Idempotent)
    } else {
        quote!(NotIdempotent)
    };
    let (sent, body) = (sent_params(op), body_call(&op.body));
    quote! {
        #docs
        #deprecated
        #many
        #named
        pub fn #name(&self, #(#args),*) -> crate::Call<'c, #output, #marker> {
            let request = crate::__codegen::Request::new(#operation_id, ::reqwest::Method::#http_method, crate::__codegen::Retry::#retry)
                #sent
                #body;
            crate::__codegen::call(self.client, request, crate::__codegen::Decode::#decode)
        }
    }
}

/// The request builder's calls that send the path and the required query and header
/// parameters, from the method's arguments.
fn sent_params(op: &Operation) -> TokenStream {
    let path = op.path.segments.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(.path(#text)),
        PathSegment::Param(i) => {
            let param = &op.path_params[*i];
            let (wire, value) = (&param.wire, param_value(param));
            quote!(.path_param(#wire, #value))
        }
    });
    let required = op.params.iter().filter(|p| p.required).map(|param| {
        let (wire, value) = (&param.wire, param_value(param));
        match param.location {
            ParamLocation::Header => quote!(.header(#wire, #value)),
            _ => quote!(.query(#wire, #value)),
        }
    });
    quote!(#(#path)* #(#required)*)
}

/// The request builder's call that sends the body, from the method's `body` argument (or its
/// multipart parts' arguments).
fn body_call(body: &Option<Body>) -> Option<TokenStream> {
    match body {
        Some(Body::Json { required: true, .. }) => Some(quote!(.json(body))),
        Some(Body::Json {
            required: false, ..
        }) => Some(quote!(.json_opt(body))),
        Some(Body::Multipart { parts, .. }) => {
            let parts = parts.iter().map(|part| {
                let wire = &part.wire;
                let arg = ident(part.name.code());
                let add = if part.file {
                    quote!(file)
                } else {
                    quote!(text)
                };
                if part.required {
                    quote!(.#add(#wire, #arg))
                } else {
                    let add = format_ident!("{}_opt", add.to_string());
                    quote!(.#add(#wire, #arg))
                }
            });
            Some(quote!(.multipart(crate::__codegen::Multipart::new() #(#parts)*)))
        }
        Some(Body::Binary {
            media_type,
            required: true,
        }) => Some(quote!(.binary(#media_type, body))),
        Some(Body::Binary {
            media_type,
            required: false,
        }) => Some(quote!(.binary_opt(#media_type, body))),
        None => None,
    }
}

/// `list_all`: a stream over every item of every page of a list operation.
fn paged_method(method: &Method, stream: &Stream, spelling: &Spelling) -> TokenStream {
    let (op, paging) = (&method.operation, &stream.paging);
    let name = ident(stream.name.code());
    let list = ident(method.name.code());
    let body_ty = spelling.ty(&paging.body);
    let item = spelling.ty(&paging.item);
    let (page, per_page) = (
        ident(paging.page_field.code()),
        ident(paging.per_page_field.code()),
    );
    let operation_id = &op.operation_id;
    let doc = format!(
        "Every item of every page of [`{list}`](Self::{list}), fetched one page at a time as the stream is read.\n\n\
         Starts at `body.{page}`, asks for `body.{per_page}` items a page, and stops after a short or empty page \
         or at the first error (which it yields). A `{per_page}` below 1 is refused with \
         [`Error::InvalidArgument`](crate::Error::InvalidArgument) before any request.",
        list = method.name.as_str(),
        page = paging.page_field.as_str(),
        per_page = paging.per_page_field.as_str(),
    );
    let doc = docs::lines(&doc);

    // The arguments before the body are the list method's, passed on to it for every page.
    let mut args = Vec::new();
    let mut owned = Vec::new();
    let mut pass = Vec::new();
    for arg in &paging.arguments {
        let name = ident(arg.name.code());
        args.push(spelling.parameter(arg));
        // Borrowed arguments are owned by the stream, which lends them to every page's call.
        let copied = matches!(
            arg.ty,
            ArgumentType::Value {
                passing: Passing::Value,
                ..
            }
        );
        if copied {
            pass.push(quote!(#name));
        } else {
            owned.push(quote!(let #name = #name.to_owned();));
            pass.push(quote!(&#name));
        }
    }
    let marker = call_marker(op);
    let many = super::many_arguments(args.len() + 2);
    let named = super::spec_names(op.arguments.iter().map(|arg| arg.name.as_str()));
    quote! {
        #doc
        #many
        #named
        pub fn #name(&self, #(#args,)* body: &#body_ty) -> crate::Pages<'c, #item, #marker> {
            let resource = *self;
            #(#owned)*
            let body = body.clone();
            crate::__codegen::pages(#operation_id, body.#page, body.#per_page, move |#page| {
                resource.#list(#(#pass,)* &#body_ty { #page, ..body.clone() })
            })
        }
    }
}

/// The type that names an operation's calls, as the code outside `calls` names it (a gated
/// module imports `calls`).
fn call_marker(op: &Operation) -> TokenStream {
    let name = ident(&op.call_marker);
    quote!(calls::#name)
}

/// A parameter's value as its argument or setter sends it: as it is, or as its JSON text.
fn param_value(param: &Param) -> TokenStream {
    let name = ident(param.name.code());
    if param.json {
        quote!(crate::__codegen::AsJson(#name))
    } else {
        quote!(#name)
    }
}

/// The setters of an operation's optional query and header parameters, on its calls.
fn call_setters(op: &Operation, spelling: &Spelling) -> Option<TokenStream> {
    let setters: Vec<TokenStream> = op
        .setters()
        .map(|param| {
            let (wire, name, value) = (&param.wire, ident(param.name.code()), param_value(param));
            let ty = spelling.argument(&param.ty, param.passing);
            let set = match param.location {
                ParamLocation::Header => quote!(set_header),
                _ => quote!(set_query),
            };
            let sent = if param.json {
                ", sent as its JSON text"
            } else {
                ""
            };
            let note = format!(
                "Optional {} parameter `{}`{sent}; setting it again replaces the value.",
                param.location.as_str(),
                param.wire
            );
            let docs = docs::attrs(&param.docs, &[note]);
            let deprecated = super::deprecated(param.deprecated);
            let named = super::spec_names([param.name.as_str()]);
            quote! {
                #docs
                #deprecated
                #named
                pub fn #name(self, #name: #ty) -> Self {
                    crate::__codegen::#set(self, #wire, #value)
                }
            }
        })
        .collect();
    if setters.is_empty() {
        return None;
    }
    let marker = call_marker(op);
    Some(quote! {
        impl<T> crate::Call<'_, T, #marker> {
            #(#setters)*
        }
    })
}
