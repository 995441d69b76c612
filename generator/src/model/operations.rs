//! Paths and methods into [`Operation`]s, split into one [`OperationVersion`] per Atlas API version.
//!
//! Atlas versions an operation by dated vendor media types (`application/vnd.atlas.2024-05-30+json`,
//! also named by the `x-xgen-version` extension). Each date found on the request body or on the
//! success response is one version; a side without that exact date uses its newest earlier one.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr,
    SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::subset::Filter;
use super::types::TypeBuilder;
use super::{
    ArrayStyle, BodyKind, Method, Operation, OperationVersion, Param, ParamLocation, PartEncoding,
    RequestBody, ResponseBody, SuccessResponse, Ty,
};
use super::{SecurityScheme, Server, security, servers};
use crate::error::Error;
use crate::load::{Pointer, Resolver};
use crate::naming::{self, Namespace};

/// Names the request builders use for their own fields and methods, which parameters (and so
/// their setters) must not take.
const BUILDER_FIELDS: &[&str] = &[
    "client",
    "body",
    "content_type",
    "timeout",
    "send",
    "into_future",
    // A paginated list operation's streams (see `pagination.rs`).
    "pages",
    "items",
];

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
                &mut method_names,
                &mut builder_names,
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
            let security = match &operation.security {
                Some(requirements) => Some(security::requirement(
                    requirements,
                    context.security_schemes,
                    file,
                    &at.join("security"),
                )?),
                None => None,
            };
            let server = match (operation.servers.is_empty(), item.servers.is_empty()) {
                (false, _) => servers::first(
                    &operation.servers,
                    context.server,
                    file,
                    &at.join("servers"),
                )?,
                (true, false) => servers::first(
                    &item.servers,
                    context.server,
                    file,
                    &path_at.join("servers"),
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

#[allow(clippy::too_many_arguments)] // one call site; the arguments are the walk's context
fn params(
    resolver: &Resolver<'_>,
    types: &mut TypeBuilder<'_>,
    id: &str,
    path: &str,
    item: &PathItem,
    operation: &openapiv3::Operation,
    path_at: &Pointer,
    at: &Pointer,
) -> Result<Vec<Param>, Error> {
    let file = resolver.file();
    let owner = naming::camel(id, "Operation");
    let declared = item
        .parameters
        .iter()
        .enumerate()
        .map(|(index, parameter)| {
            (
                parameter,
                path_at.join("parameters").join(index.to_string()),
            )
        })
        .chain(
            operation
                .parameters
                .iter()
                .enumerate()
                .map(|(index, parameter)| {
                    (parameter, at.join("parameters").join(index.to_string()))
                }),
        );
    // Operation-level parameters override path-level ones with the same name and location.
    let mut by_key: IndexMap<(String, &'static str), (&Parameter, Pointer)> = IndexMap::new();
    for (parameter, parameter_at) in declared {
        let parameter = resolver.parameter(parameter, &parameter_at)?;
        let location = match parameter {
            Parameter::Path { .. } => "path",
            Parameter::Query { .. } => "query",
            // OpenAPI: such header parameters "SHALL be ignored"; the client sets these itself.
            Parameter::Header { parameter_data, .. }
                if ["accept", "content-type", "authorization"]
                    .contains(&parameter_data.name.to_ascii_lowercase().as_str()) =>
            {
                continue;
            }
            Parameter::Header { .. } => "header",
            Parameter::Cookie { .. } => "cookie",
        };
        by_key.insert(
            (parameter.parameter_data_ref().name.clone(), location),
            (parameter, parameter_at),
        );
    }

    let mut names = Namespace::with_reserved(BUILDER_FIELDS);
    let mut params = Vec::with_capacity(by_key.len());
    for ((wire_name, _), (parameter, parameter_at)) in by_key {
        let data = parameter.parameter_data_ref();
        let (location, style) = match parameter {
            Parameter::Path { .. } => (ParamLocation::Path, ArrayStyle::Comma),
            Parameter::Header { .. } => (ParamLocation::Header, ArrayStyle::Comma),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, ArrayStyle::Comma),
            Parameter::Query { style, .. } => {
                let style = match (style, data.explode) {
                    (QueryStyle::SpaceDelimited, _) => ArrayStyle::Space,
                    (QueryStyle::PipeDelimited, _) => ArrayStyle::Pipe,
                    (_, Some(false)) => ArrayStyle::Comma,
                    _ => ArrayStyle::Exploded,
                };
                (ParamLocation::Query, style)
            }
        };
        let (ty, default) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let default = resolver
                    .schema(schema, &parameter_at)?
                    .1
                    .schema_data
                    .default
                    .clone();
                let schema_at = parameter_at.join("schema");
                let ty = if types.has_text_form(schema, &schema_at)? {
                    types.ty(schema, owner.unraw(), &wire_name, &schema_at)?
                } else {
                    Ty::Json("the parameter's value is not a scalar, an enum or an array of them, so it is sent as JSON text".to_owned())
                };
                (ty, default)
            }
            ParameterSchemaOrContent::Content(_) => (Ty::String, None),
        };
        if location == ParamLocation::Path && !path.contains(&format!("{{{wire_name}}}")) {
            return Err(Error::at_pointer(
                file,
                parameter_at.as_str(),
                format!("path parameter `{wire_name}` does not appear in the path `{path}`"),
            ));
        }
        let envelope = is_envelope(&wire_name, location, &ty, data.required);
        params.push(Param {
            name: names.claim(naming::snake(&wire_name, "param")),
            location,
            style,
            ty,
            required: data.required || location == ParamLocation::Path,
            docs: data.description.clone(),
            default,
            envelope,
            wire_name,
            at: parameter_at.as_str().to_owned(),
        });
    }
    for segment in template_names(path) {
        if !params
            .iter()
            .any(|param| param.location == ParamLocation::Path && param.wire_name == segment)
        {
            return Err(Error::at_pointer(
                file,
                at.as_str(),
                format!(
                    "the path `{path}` uses `{{{segment}}}`, but no path parameter `{segment}` is declared"
                ),
            ));
        }
    }
    Ok(params)
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

/// The names in a path template's braces (`/groups/{groupId}` gives `groupId`).
fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The Atlas API version a media type belongs to: its `x-xgen-version`, or the date in
/// `application/vnd.atlas.YYYY-MM-DD+...`.
fn version_of(media_type: &str, media: &MediaType) -> Option<String> {
    if let Some(version) = media
        .extensions
        .get("x-xgen-version")
        .and_then(serde_json::Value::as_str)
    {
        return Some(version.to_owned());
    }
    let rest = media_type.strip_prefix("application/vnd.atlas.")?;
    let date = rest.split('+').next()?;
    is_date(date).then(|| date.to_owned())
}

/// Whether an API version is a date (`2024-05-30`), not a name such as `preview`.
fn is_date(version: &str) -> bool {
    version.len() == 10
        && version.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The entry of `content` for `version`: the one with that version, else the newest earlier one,
/// else (for unversioned content such as `application/json`) the first.
fn pick<'c>(
    content: &'c IndexMap<String, MediaType>,
    version: Option<&str>,
) -> Option<(&'c String, &'c MediaType, bool)> {
    let versioned: Vec<(&String, &MediaType, String)> = content
        .iter()
        .filter_map(|(media_type, media)| {
            version_of(media_type, media).map(|v| (media_type, media, v))
        })
        .collect();
    if let Some(version) = version {
        if let Some((media_type, media, _)) = versioned.iter().find(|(_, _, v)| v == version) {
            return Some((media_type, media, true));
        }
        if let Some((media_type, media, _)) = versioned
            .iter()
            .filter(|(_, _, v)| v.as_str() < version)
            .max_by(|a, b| a.2.cmp(&b.2))
        {
            return Some((media_type, media, false));
        }
    }
    // Unversioned content: JSON where offered, else the first.
    let unversioned = || {
        content
            .iter()
            .filter(|(media_type, media)| version_of(media_type, media).is_none())
    };
    unversioned()
        .find(|(media_type, _)| essence(media_type).ends_with("json"))
        .or_else(|| unversioned().next())
        .or_else(|| content.iter().next())
        .map(|(media_type, media)| (media_type, media, false))
}

fn versions(
    resolver: &Resolver<'_>,
    types: &mut TypeBuilder<'_>,
    id: &str,
    operation: &openapiv3::Operation,
    at: &Pointer,
    method_names: &mut Namespace,
    builder_names: &mut Namespace,
) -> Result<Vec<OperationVersion>, Error> {
    let request = match &operation.request_body {
        Some(body) => {
            let body_at = at.join("requestBody");
            Some((resolver.request_body(body, &body_at)?, body_at))
        }
        None => None,
    };
    let success = success_response(operation);
    let success = match success {
        Some((status, response)) => {
            let response_at = at.join("responses").join(&status);
            Some((
                status,
                resolver.response(response, &response_at)?,
                response_at,
            ))
        }
        None => None,
    };

    let mut dates = BTreeSet::new();
    let contents = request
        .iter()
        .map(|(body, _)| &body.content)
        .chain(success.iter().map(|(_, r, _)| &r.content));
    for content in contents {
        dates.extend(
            content
                .iter()
                .filter_map(|(media_type, media)| version_of(media_type, media)),
        );
    }
    // Dated versions, oldest first, then the others (`preview`). The newest dated version takes
    // the plain method name; a preview does only when it is the operation's one version.
    let (mut dated, mut undated): (Vec<String>, Vec<String>) =
        dates.into_iter().partition(|version| is_date(version));
    let stable = dated.len();
    dated.append(&mut undated);
    let dates: Vec<Option<String>> = if dated.is_empty() {
        vec![None]
    } else {
        dated.into_iter().map(Some).collect()
    };
    let plain = if stable > 0 {
        stable - 1
    } else {
        dates.len().saturating_sub(1)
    };

    let owner = naming::camel(id, "Operation");
    let mut versions = Vec::with_capacity(dates.len());
    for (index, date) in dates.iter().enumerate() {
        let newest = index == plain;
        let date = date.as_deref();
        let suffix = if newest {
            String::new()
        } else {
            date.map(|d| format!(" {}", d.replace('-', "")))
                .unwrap_or_default()
        };
        let mut sunset = None;

        let request_body = match &request {
            Some((body, body_at)) => match pick(&body.content, date) {
                Some((media_type, media, exact)) => {
                    if exact {
                        sunset = sunset_of(media);
                    }
                    // Unversioned content: JSON by default where offered, the others on request.
                    let (media_type, media, alternatives) = match version_of(media_type, media) {
                        Some(_) => (media_type, media, Vec::new()),
                        None => {
                            body_choices(&body.content).unwrap_or((media_type, media, Vec::new()))
                        }
                    };
                    let media_at = body_at.join("content").join(media_type);
                    let kind = body_kind(media_type, media);
                    let ty = match (&kind, &media.schema) {
                        (BodyKind::Text, _) => Ty::String,
                        (BodyKind::Binary, _) => Ty::Binary,
                        (_, Some(schema)) => types.ty(
                            schema,
                            &format!("{}{suffix}", owner.unraw()),
                            "request",
                            &media_at.join("schema"),
                        )?,
                        (BodyKind::Json, None) => {
                            Ty::Json("the request body's schema is not given".to_owned())
                        }
                        (_, None) => Ty::JsonObject,
                    };
                    Some(RequestBody {
                        media_type: media_type.clone(),
                        kind,
                        ty,
                        required: body.required,
                        docs: body.description.clone(),
                        alternatives,
                    })
                }
                None => None,
            },
            None => None,
        };

        let mut accept = None;
        let response = match &success {
            Some((status, response, response_at)) => {
                let picked = pick(&response.content, date);
                let body = match picked {
                    Some((media_type, media, exact)) => {
                        if exact {
                            sunset = sunset_of(media).or(sunset);
                            accept = Some(media_type.clone());
                        }
                        let media_at = response_at.join("content").join(media_type);
                        response_body(
                            types,
                            media_type,
                            media,
                            status,
                            &format!("{}{suffix}", owner.unraw()),
                            &media_at,
                        )?
                    }
                    None => ResponseBody::Empty,
                };
                Some(SuccessResponse {
                    status: status.clone(),
                    media_type: picked
                        .map(|(media_type, _, _)| media_type.clone())
                        .unwrap_or_default(),
                    body,
                    docs: Some(response.description.clone()).filter(|d| !d.is_empty()),
                })
            }
            None => None,
        };
        let accept = accept.unwrap_or_else(|| match date {
            Some(date) => format!("application/vnd.atlas.{date}+json"),
            None => response
                .as_ref()
                .map(|r| r.media_type.clone())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "application/json".to_owned()),
        });

        versions.push(OperationVersion {
            version: date.map(str::to_owned),
            method_name: method_names.claim(naming::method_name(id, date, newest)),
            builder_name: builder_names.claim(naming::builder_name(id, date, newest)),
            plain: newest,
            accept,
            request: request_body,
            response,
            sunset,
            successor: if index + 1 < stable {
                dates.get(index + 1).cloned().flatten()
            } else {
                None
            },
            pagination: None,
        });
    }
    Ok(versions)
}

/// The media type's type and subtype, lowercase, without parameters (`application/json`).
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or(media_type)
        .trim()
        .to_ascii_lowercase()
}

/// How a request body of `media_type` is written.
fn body_kind(media_type: &str, media: &MediaType) -> BodyKind {
    let essence = essence(media_type);
    let encodings = || {
        media
            .encoding
            .iter()
            .map(|(property, encoding)| PartEncoding {
                property: property.clone(),
                content_type: encoding.content_type.clone(),
                style: encoding.style.as_ref().map(|style| format!("{style:?}")),
                // openapiv3 reads an absent `explode` as false, where OpenAPI's default for the
                // (default) form style is true: an explicit `explode: false` with the form style
                // cannot be told apart, and is taken as true.
                explode: encoding.explode
                    || matches!(encoding.style, None | Some(openapiv3::QueryStyle::Form)),
            })
            .collect()
    };
    if essence.ends_with("json") {
        return BodyKind::Json;
    }
    if essence == "application/x-www-form-urlencoded" {
        return BodyKind::Form(encodings());
    }
    if essence.starts_with("multipart/") {
        return BodyKind::Multipart(encodings());
    }
    // A string schema that is not binary is text, whatever the media type (XML, YAML, Flux...).
    let binary = match &media.schema {
        Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            }
            _ => !essence.starts_with("text/"),
        },
        _ => !essence.starts_with("text/") && !essence.ends_with("xml"),
    };
    if binary {
        BodyKind::Binary
    } else {
        BodyKind::Text
    }
}

/// A body's default media type, its entry, and the alternatives with their kinds.
type BodyChoice<'c> = (&'c String, &'c MediaType, Vec<(String, BodyKind)>);

/// Of a body's unversioned media types, the one sent by default (JSON where offered, else the
/// first) and the others the caller may choose because they carry the same body.
fn body_choices(content: &IndexMap<String, MediaType>) -> Option<BodyChoice<'_>> {
    let unversioned: Vec<(&String, &MediaType)> = content
        .iter()
        .filter(|(media_type, media)| version_of(media_type, media).is_none())
        .collect();
    let default = unversioned
        .iter()
        .find(|(media_type, media)| body_kind(media_type, media) == BodyKind::Json)
        .or_else(|| unversioned.first())
        .copied();
    let (default_type, default_media) = default?;
    let default_kind = body_kind(default_type, default_media);
    let alternatives = unversioned
        .iter()
        .filter(|(media_type, _)| *media_type != default_type)
        .filter_map(|(media_type, media)| {
            let kind = body_kind(media_type, media);
            let same_body = match (&kind, &default_kind) {
                (BodyKind::Text, BodyKind::Text) | (BodyKind::Binary, BodyKind::Binary) => true,
                (BodyKind::Text | BodyKind::Binary, _) | (_, BodyKind::Text | BodyKind::Binary) => {
                    false
                }
                _ => media.schema == default_media.schema,
            };
            same_body.then(|| ((*media_type).clone(), kind))
        })
        .collect();
    Some((default_type, default_media, alternatives))
}

fn sunset_of(media: &MediaType) -> Option<String> {
    media
        .extensions
        .get("x-sunset")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// The response whose body a call returns, and its status as the spec keys it: the lowest
/// `2xx` code, else `2XX`, else `default` when the operation lists no other success response.
fn success_response(
    operation: &openapiv3::Operation,
) -> Option<(String, &ReferenceOr<openapiv3::Response>)> {
    let responses = &operation.responses.responses;
    let code = responses
        .iter()
        .filter_map(|(status, response)| match status {
            StatusCode::Code(code @ 200..=299) => Some((*code, response)),
            _ => None,
        })
        .min_by_key(|(code, _)| *code)
        .map(|(code, response)| (code.to_string(), response));
    let range = || {
        responses
            .get(&StatusCode::Range(2))
            .map(|response| ("2XX".to_owned(), response))
    };
    let no_success = || {
        !responses.keys().any(|status| {
            matches!(
                status,
                StatusCode::Code(200..=399) | StatusCode::Range(2 | 3)
            )
        })
    };
    let default = || {
        operation
            .responses
            .default
            .as_ref()
            .filter(|_| no_success())
            .map(|response| ("default".to_owned(), response))
    };
    code.or_else(range).or_else(default)
}

fn response_body(
    types: &mut TypeBuilder<'_>,
    media_type: &str,
    media: &MediaType,
    status: &str,
    owner: &str,
    at: &Pointer,
) -> Result<ResponseBody, Error> {
    let essence = media_type.split(';').next().unwrap_or(media_type).trim();
    if status == "204" {
        return Ok(ResponseBody::Empty);
    }
    if essence.ends_with("json") {
        // JSON without a schema is not decoded: Atlas declares its bodiless answers so.
        return Ok(match &media.schema {
            Some(schema) => {
                ResponseBody::Json(types.ty(schema, owner, "response", &at.join("schema"))?)
            }
            None => ResponseBody::Empty,
        });
    }
    if essence.starts_with("text/") || essence.ends_with("csv") || essence.ends_with("+text") {
        return Ok(ResponseBody::Text);
    }
    Ok(ResponseBody::Binary)
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
