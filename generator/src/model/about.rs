//! What the spec says of the API beyond its operations: its `info`, the address its first server
//! gives, and its security schemes, read into [`About`] for a crate made of the spec.

use super::ir::{About, SchemeKind, SecurityScheme};
use crate::pointer::Pointer;
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr};

/// The spec's [`About`].
pub fn read(api: &OpenAPI) -> About {
    let schemes = Pointer::root().child("components").child("securitySchemes");
    let declared = api
        .components
        .as_ref()
        .map(|components| &components.security_schemes);
    let security_schemes = declared
        .into_iter()
        .flatten()
        .map(|(name, scheme)| {
            let (kind, description) = match scheme {
                ReferenceOr::Item(scheme) => kind(scheme),
                ReferenceOr::Reference { reference } => (
                    SchemeKind::Unsupported(format!("a `$ref` ({reference})")),
                    None,
                ),
            };
            SecurityScheme {
                name: name.clone(),
                kind,
                description,
                pointer: schemes.child(name),
            }
        })
        .collect();
    About {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        base_url: api.servers.first().and_then(base_url),
        security_schemes,
    }
}

/// A server's URL with each `{variable}` at its default, if that makes an `http`/`https` URL.
fn base_url(server: &openapiv3::Server) -> Option<String> {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    (absolute && !url.contains(['{', '}'])).then_some(url)
}

/// How a scheme's credentials travel, and its description.
fn kind(scheme: &openapiv3::SecurityScheme) -> (SchemeKind, Option<String>) {
    use openapiv3::SecurityScheme as S;
    match scheme {
        S::HTTP {
            scheme,
            description,
            ..
        } => {
            let kind = match scheme.to_ascii_lowercase().as_str() {
                "bearer" => SchemeKind::Bearer,
                "basic" => SchemeKind::Basic,
                other => SchemeKind::Unsupported(format!("HTTP `{other}` authentication")),
            };
            (kind, description.clone())
        }
        S::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let kind = match location {
                APIKeyLocation::Header => SchemeKind::Header(name.clone()),
                APIKeyLocation::Cookie => SchemeKind::Cookie(name.clone()),
                APIKeyLocation::Query => SchemeKind::Query(name.clone()),
            };
            (kind, description.clone())
        }
        S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
            (SchemeKind::Bearer, description.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about(yaml: &str) -> About {
        let api: OpenAPI = serde_yaml::from_str(yaml).unwrap();
        read(&api)
    }

    #[test]
    fn the_base_url_is_the_first_server_with_its_variables_at_their_defaults() {
        let about = about(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nservers:\n- url: \
             'https://{region}.example.com/{v}'\n  variables:\n    region: {default: eu}\n    v: \
             {default: v2}\n- url: https://other.example.com\n",
        );
        assert_eq!(about.base_url.as_deref(), Some("https://eu.example.com/v2"));
    }

    #[test]
    fn a_relative_server_gives_no_base_url() {
        let about = about(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nservers:\n- url: /v1\n",
        );
        assert_eq!(about.base_url, None);
    }

    #[test]
    fn each_scheme_says_how_its_credentials_travel() {
        let about = about(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  \
             securitySchemes:\n    token: {type: http, scheme: Bearer}\n    basic: {type: http, \
             scheme: basic}\n    key: {type: apiKey, in: header, name: X-Key}\n    session: \
             {type: apiKey, in: cookie, name: sid}\n    query: {type: apiKey, in: query, name: \
             k}\n    oauth: {type: oauth2, flows: {}}\n    digest: {type: http, scheme: \
             digest}\n",
        );
        let kinds: Vec<_> = about
            .security_schemes
            .iter()
            .map(|s| (s.name.as_str(), s.kind.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("token", SchemeKind::Bearer),
                ("basic", SchemeKind::Basic),
                ("key", SchemeKind::Header("X-Key".into())),
                ("session", SchemeKind::Cookie("sid".into())),
                ("query", SchemeKind::Query("k".into())),
                ("oauth", SchemeKind::Bearer),
                (
                    "digest",
                    SchemeKind::Unsupported("HTTP `digest` authentication".into())
                ),
            ]
        );
        assert_eq!(
            about.security_schemes[2].pointer.to_string(),
            "#/components/securitySchemes/key"
        );
    }
}
