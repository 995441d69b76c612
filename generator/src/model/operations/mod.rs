//! Paths and methods into [`Operation`]s, split into one [`OperationVersion`](super::OperationVersion)
//! per Atlas API version.
//!
//! Atlas versions an operation by dated vendor media types (`application/vnd.atlas.2024-05-30+json`,
//! also named by the `x-xgen-version` extension). Each date found on the request body or on the
//! success response is one version; a side without that exact date uses its newest earlier one.
//!
//! Here: the walk over paths and methods, operationIds and status codes, the Atlas envelope
//! parameter, and the schema error responses share. The parts: [`params`](mod@params) (an
//! operation's parameters), [`versions`](mod@versions) (its API versions, each with its request
//! and response), [`media`] (which media type serves which version) and [`bodies`] (how a body of
//! a media type is written or read).

mod bodies;
mod media;
mod params;
mod versions;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, PathItem, ReferenceOr, StatusCode};

use self::params::params;
use self::versions::{Names, versions};
use super::subset::Filter;
use super::types::TypeBuilder;
use super::{Method, Operation, ParamLocation, ResponseBody, Ty};
use super::{SecurityScheme, Server, security, servers};
use crate::error::{Error, Warning};
use crate::load::{Pointer, Resolver};
use crate::naming::{self, Namespace};

/// What the operations are read against: the API-wide settings an operation may override.
pub(crate) struct Context<'c> {
    pub security_schemes: &'c [SecurityScheme],
    pub server: Option<&'c Server>,
}

pub(crate) fn build(
    document: &OpenAPI,
    resolver: &Resolver<'_>,
    types: &mut TypeBuilder<'_>,
    filter: &Filter,
    context: &Context<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Operation>, Error> {
    let file = resolver.file();
    let mut operations = Vec::new();
    let mut ids: BTreeMap<String, Pointer> = BTreeMap::new();
    let mut method_names = Namespace::with_reserved(naming::CLIENT_METHODS);
    let mut builder_names = Namespace::default();
    let mut all_tags = BTreeSet::new();
    for (path, item) in &document.paths.paths {
        let path_at = Pointer::root().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                return Err(Error::at_pointer(
                    file,
                    path_at.as_str(),
                    format!(
                        "`$ref: {reference}` on a path item is not supported: define the operations in place"
                    ),
                ));
            }
        };
        for method in Method::ALL {
            let Some(operation) = operation_of(item, method) else {
                continue;
            };
            let at = path_at.join(method.key());
            let id = match &operation.operation_id {
                Some(id) if !id.trim().is_empty() => id.clone(),
                _ => format!("{} {path}", method.key()),
            };
            if let Some(first) = ids.get(&id) {
                return Err(Error::at_pointer(
                    file,
                    at.join("operationId").as_str(),
                    format!("duplicate operationId `{id}`: it is also used at {first}"),
                ));
            }
            ids.insert(id.clone(), at.clone());
            check_statuses(file, operation, &at)?;
            all_tags.extend(operation.tags.iter().map(String::as_str));
            if !filter.keeps(&id, &operation.tags) {
                continue;
            }
            let params = params(resolver, types, &id, path, item, operation, &path_at, &at)?;
            let versions = versions(
                resolver,
                types,
                &id,
                operation,
                &at,
                Names {
                    methods: &mut method_names,
                    builders: &mut builder_names,
                },
                warnings,
            )?;
            let statuses = operation
                .responses
                .responses
                .keys()
                .map(ToString::to_string);
            let statuses = statuses
                .chain(
                    operation
                        .responses
                        .default
                        .iter()
                        .map(|_| "default".to_owned()),
                )
                .collect();
            let security = operation.security.as_ref().map(|requirements| {
                security::requirement(
                    requirements,
                    context.security_schemes,
                    file,
                    &at.join("security"),
                    warnings,
                )
            });
            let server = match (operation.servers.is_empty(), item.servers.is_empty()) {
                (false, _) => servers::first(
                    &operation.servers,
                    context.server,
                    file,
                    &at.join("servers"),
                    warnings,
                )?,
                (true, false) => servers::first(
                    &item.servers,
                    context.server,
                    file,
                    &path_at.join("servers"),
                    warnings,
                )?,
                (true, true) => None,
            };
            let server = server.filter(|server| Some(server) != context.server);
            operations.push(Operation {
                security,
                server,
                method,
                path: path.clone(),
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                tag: operation.tags.first().cloned().unwrap_or_default(),
                deprecated: operation.deprecated,
                params,
                versions,
                statuses,
                id,
            });
        }
    }
    filter.check_found(file, &operations, &all_tags)?;
    Ok(operations)
}

/// Fails on an operation without responses (OpenAPI requires one; the parser also drops keys
/// that are not status codes, such as `2000`) and on status codes outside 100 to 599.
fn check_statuses(file: &str, operation: &openapiv3::Operation, at: &Pointer) -> Result<(), Error> {
    if operation.responses.responses.is_empty() && operation.responses.default.is_none() {
        return Err(Error::at_pointer(
            file,
            at.join("responses").as_str(),
            "the operation declares no responses: OpenAPI requires at least one, keyed by a status code such as `200` or `2XX`",
        ));
    }
    for status in operation.responses.responses.keys() {
        let valid = match status {
            StatusCode::Code(code) => (100..=599).contains(code),
            StatusCode::Range(range) => (1..=5).contains(range),
        };
        if !valid {
            return Err(Error::at_pointer(
                file,
                at.join("responses").join(status.to_string()).as_str(),
                format!(
                    "`{status}` is not an HTTP status code: expected 100 to 599, or 1XX to 5XX"
                ),
            ));
        }
    }
    Ok(())
}

fn operation_of(item: &PathItem, method: Method) -> Option<&openapiv3::Operation> {
    match method {
        Method::Get => item.get.as_ref(),
        Method::Post => item.post.as_ref(),
        Method::Put => item.put.as_ref(),
        Method::Patch => item.patch.as_ref(),
        Method::Delete => item.delete.as_ref(),
        Method::Head => item.head.as_ref(),
        Method::Options => item.options.as_ref(),
        Method::Trace => item.trace.as_ref(),
    }
}

/// Whether a parameter is Atlas's envelope switch, recognised by its shape: an optional boolean
/// query parameter named `envelope`. With `envelope=true` Atlas wraps its answer in a JSON
/// object, `{"status": <HTTP status>, "content": <body>}` (a list gets `status` beside its
/// `results` instead), and answers `200 OK` even for an error; the generated client unwraps it
/// again before decoding, so the parameter changes nothing for the caller but the query string.
pub(crate) fn is_envelope(
    wire_name: &str,
    location: ParamLocation,
    ty: &Ty,
    required: bool,
) -> bool {
    wire_name == "envelope" && location == ParamLocation::Query && *ty == Ty::Bool && !required
}

/// An API without a JSON response has no envelope to unwrap: its `envelope` parameters stay
/// plain ones.
pub(crate) fn keep_envelopes_with_json(operations: &mut [Operation]) {
    let json = operations
        .iter()
        .flat_map(|op| &op.versions)
        .any(|version| {
            version
                .response
                .as_ref()
                .is_some_and(|response| matches!(response.body, ResponseBody::Json(_)))
        });
    if !json {
        for param in operations.iter_mut().flat_map(|op| &mut op.params) {
            param.envelope = false;
        }
    }
}

/// The component schema that the spec's error responses (4xx, 5xx, `default`) use most often.
pub(crate) fn error_schema<'a>(
    document: &'a OpenAPI,
    resolver: &Resolver<'a>,
) -> Result<Option<&'a str>, Error> {
    let mut counts: BTreeMap<&'a str, usize> = BTreeMap::new();
    for (path, item) in &document.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for method in Method::ALL {
            let Some(operation) = operation_of(item, method) else {
                continue;
            };
            let at = Pointer::root()
                .join("paths")
                .join(path)
                .join(method.key())
                .join("responses");
            let errors = operation
                .responses
                .responses
                .iter()
                .filter(|(status, _)| {
                    !matches!(
                        status,
                        StatusCode::Code(200..=399) | StatusCode::Range(2 | 3)
                    )
                })
                .map(|(status, response)| (status.to_string(), response))
                .chain(
                    operation
                        .responses
                        .default
                        .iter()
                        .map(|response| ("default".to_owned(), response)),
                );
            for (status, response) in errors {
                let response = resolver.response(response, &at.join(&status))?;
                for (media_type, media) in &response.content {
                    if let (true, Some(ReferenceOr::Reference { reference })) =
                        (media_type.contains("json"), &media.schema)
                    {
                        let at = at
                            .join(&status)
                            .join("content")
                            .join(media_type)
                            .join("schema");
                        *counts
                            .entry(resolver.schema_name(reference, &at)?)
                            .or_default() += 1;
                    }
                }
            }
        }
    }
    Ok(counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(name, _)| name))
}
