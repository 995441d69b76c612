//! `components.securitySchemes` and the `security` requirements of the API and its operations.
//!
//! Each scheme becomes a way to build `Credentials` in the generated crate, named after its kind
//! (`Credentials::digest`, `Credentials::bearer`, `Credentials::api_key`,
//! `Credentials::service_account`) when the spec has one scheme of that kind, and after the scheme
//! otherwise. A requirement is a list of alternatives, each a set of schemes sent together.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};

use super::{ApiKeyLocation, Requirement, SchemeKind, SecurityScheme};
use crate::error::{Error, Warning};
use crate::load::Pointer;
use crate::naming::{self, Namespace};

/// The security schemes of `document`, in the spec's order.
pub(crate) fn schemes(document: &OpenAPI, file: &str) -> Result<Vec<SecurityScheme>, Error> {
    let Some(components) = &document.components else {
        return Ok(Vec::new());
    };
    let mut schemes = Vec::with_capacity(components.security_schemes.len());
    for (key, item) in &components.security_schemes {
        let at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(key);
        let scheme = match item {
            ReferenceOr::Item(scheme) => scheme,
            ReferenceOr::Reference { reference } => {
                let target = reference.strip_prefix("#/components/securitySchemes/");
                match target.and_then(|name| components.security_schemes.get(name)) {
                    Some(ReferenceOr::Item(scheme)) => scheme,
                    _ => {
                        return Err(Error::at_pointer(
                            file,
                            at.as_str(),
                            format!(
                                "`$ref: {reference}` must point at a security scheme defined in `#/components/securitySchemes`"
                            ),
                        ));
                    }
                }
            }
        };
        let (kind, docs) = match scheme {
            openapiv3::SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let location = match location {
                    APIKeyLocation::Header => ApiKeyLocation::Header,
                    APIKeyLocation::Query => ApiKeyLocation::Query,
                    APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                };
                (
                    SchemeKind::ApiKey {
                        location,
                        name: name.clone(),
                    },
                    description,
                )
            }
            openapiv3::SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => {
                let kind = match scheme.to_ascii_lowercase().as_str() {
                    "basic" => SchemeKind::Basic,
                    "digest" => SchemeKind::Digest,
                    "bearer" => SchemeKind::Token {
                        prefix: "Bearer".to_owned(),
                    },
                    _ => SchemeKind::Token {
                        prefix: scheme.clone(),
                    },
                };
                (kind, description)
            }
            openapiv3::SecurityScheme::OAuth2 {
                flows, description, ..
            } => match &flows.client_credentials {
                Some(flow) => (
                    SchemeKind::ClientCredentials {
                        token_url: flow.token_url.clone(),
                    },
                    description,
                ),
                // Flows that need a user's browser: the caller brings the access token.
                None => (
                    SchemeKind::Token {
                        prefix: "Bearer".to_owned(),
                    },
                    description,
                ),
            },
            openapiv3::SecurityScheme::OpenIDConnect { description, .. } => (
                SchemeKind::Token {
                    prefix: "Bearer".to_owned(),
                },
                description,
            ),
        };
        schemes.push(SecurityScheme {
            key: key.clone(),
            constructor: naming::snake(key, "scheme"),
            docs: docs.clone(),
            kind,
        });
    }
    // A constructor is named after its kind when no other scheme shares the kind.
    let mut names = Namespace::with_reserved(&["clone", "fmt", "new"]);
    let kinds: Vec<&'static str> = schemes
        .iter()
        .map(|scheme| scheme.kind.constructor())
        .collect();
    for (index, scheme) in schemes.iter_mut().enumerate() {
        let kind = kinds.get(index).copied().unwrap_or("credentials");
        let unique = kinds.iter().filter(|other| **other == kind).count() == 1;
        let wanted = if unique {
            naming::snake(kind, "scheme")
        } else {
            scheme.constructor.clone()
        };
        scheme.constructor = names.claim(wanted);
    }
    Ok(schemes)
}

/// A `security` list as alternatives of scheme indices. An alternative naming a scheme that
/// `#/components/securitySchemes` does not define breaks a MUST of OpenAPI but not generation: it
/// is skipped (no client can satisfy it), with a warning.
pub(crate) fn requirement(
    requirements: &[SecurityRequirement],
    schemes: &[SecurityScheme],
    file: &str,
    at: &Pointer,
    warnings: &mut Vec<Warning>,
) -> Requirement {
    let mut alternatives = Vec::with_capacity(requirements.len());
    'alternatives: for (index, requirement) in requirements.iter().enumerate() {
        let mut all = Vec::with_capacity(requirement.len());
        for key in requirement.keys() {
            match schemes.iter().position(|scheme| scheme.key == *key) {
                Some(position) => all.push(position),
                None => {
                    warnings.push(Warning::at_pointer(
                        file,
                        at.join(index.to_string()).join(key).as_str(),
                        format!(
                            "the security scheme `{key}` is not defined in `#/components/securitySchemes`: this alternative is skipped"
                        ),
                    ));
                    continue 'alternatives;
                }
            }
        }
        alternatives.push(all);
    }
    Requirement { alternatives }
}
