//! An operation's Atlas API versions: one [`OperationVersion`] per date found on the request body
//! or a success response, each with its method and builder names, `Accept` header, request body,
//! success response (and the other success statuses that answer without a body), sunset date and
//! successor.

use std::collections::BTreeSet;

use openapiv3::{MediaType, ReferenceOr, StatusCode};

use super::bodies::{body_choices, body_kind, response_body};
use super::media::{is_date, malformed_version, pick, version_of};
use crate::error::{Error, Warning};
use crate::load::{Pointer, Resolver};
use crate::model::types::TypeBuilder;
use crate::model::{BodyKind, OperationVersion, RequestBody, ResponseBody, SuccessResponse, Ty};
use crate::naming::{self, Namespace};

/// The namespaces an operation's methods and request builders take their names from.
pub(super) struct Names<'n> {
    pub methods: &'n mut Namespace,
    pub builders: &'n mut Namespace,
}

pub(super) fn versions(
    resolver: &Resolver<'_>,
    types: &mut TypeBuilder<'_>,
    id: &str,
    operation: &openapiv3::Operation,
    at: &Pointer,
    names: Names<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<OperationVersion>, Error> {
    let Names {
        methods: method_names,
        builders: builder_names,
    } = names;
    let request = match &operation.request_body {
        Some(body) => {
            let body_at = at.join("requestBody");
            Some((resolver.request_body(body, &body_at)?, body_at))
        }
        None => None,
    };
    let mut successes = Vec::new();
    for (status, response) in success_responses(operation) {
        let response_at = at.join("responses").join(&status);
        successes.push((
            status,
            resolver.response(response, &response_at)?,
            response_at,
        ));
    }

    // Every version the request body or a success response declares (a schemaless `204` may be
    // the only one to name a version); a malformed `x-xgen-version` names none.
    let mut dates = BTreeSet::new();
    let contents = request
        .iter()
        .map(|(body, body_at)| (&body.content, body_at))
        .chain(successes.iter().map(|(_, r, r_at)| (&r.content, r_at)));
    for (content, content_at) in contents {
        for (media_type, media) in content {
            dates.extend(version_of(media_type, media));
            if let Some(bad) = malformed_version(media) {
                warnings.push(Warning::at_pointer(
                    resolver.file(),
                    content_at
                        .join("content")
                        .join(media_type)
                        .join("x-xgen-version")
                        .as_str(),
                    format!(
                        "`x-xgen-version: {bad}` is not an API version (a date such as 2024-05-30, or a name such as preview); the media type's own version is used, and no method is named after it"
                    ),
                ));
            }
        }
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
        let (primary, empty_statuses, others) = answers(&successes, date);
        let response = match primary {
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
                let empty_statuses = if matches!(body, ResponseBody::Json(_)) {
                    empty_statuses
                } else {
                    Vec::new()
                };
                let mut other_bodies = Vec::new();
                if let ResponseBody::Json(primary_ty) = &body {
                    for (other_status, other, other_at) in others {
                        let Some((media_type, media, _)) = pick(&other.content, date) else {
                            continue;
                        };
                        let other_body = response_body(
                            types,
                            media_type,
                            media,
                            other_status,
                            &format!("{}{suffix} {other_status}", owner.unraw()),
                            &other_at.join("content").join(media_type),
                        )?;
                        if let ResponseBody::Json(ty) = other_body
                            && ty != *primary_ty
                        {
                            other_bodies.push((other_status.clone(), ty));
                        }
                    }
                }
                let by_status = (!other_bodies.is_empty())
                    .then(|| builder_names.claim(naming::by_status_name(id, date, newest)));
                Some(SuccessResponse {
                    status: status.clone(),
                    media_type: picked
                        .map(|(media_type, _, _)| media_type.clone())
                        .unwrap_or_default(),
                    body,
                    docs: Some(response.description.clone()).filter(|d| !d.is_empty()),
                    empty_statuses,
                    others: other_bodies,
                    by_status,
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

fn sunset_of(media: &MediaType) -> Option<String> {
    media
        .extensions
        .get("x-sunset")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// A success response, resolved: its status as the spec keys it, and where it is.
type Success<'r> = (String, &'r openapiv3::Response, Pointer);

/// Which success responses answer the API version `date`, and how: the one whose body a call
/// returns (the lowest status with a body, else the lowest), the statuses of the others that
/// answer without a body, and the others that answer with one. For a version, a response answers when one of its media types is that
/// version, or when it has no content at all; when no response names the version, the lowest
/// status answers alone (its newest earlier version, as the request body falls back).
fn answers<'s, 'r>(
    successes: &'s [Success<'r>],
    date: Option<&str>,
) -> (Option<&'s Success<'r>>, Vec<String>, Vec<&'s Success<'r>>) {
    let names = |success: &Success<'_>, date: &str| {
        success
            .1
            .content
            .iter()
            .any(|(media_type, media)| version_of(media_type, media).as_deref() == Some(date))
    };
    let answering: Vec<&Success<'r>> = match date {
        Some(date) if successes.iter().any(|success| names(success, date)) => successes
            .iter()
            .filter(|success| names(success, date) || success.1.content.is_empty())
            .collect(),
        Some(_) => successes.first().into_iter().collect(),
        None => successes.iter().collect(),
    };
    let empty = |success: &Success<'_>| {
        success.0 == "204"
            || match pick(&success.1.content, date) {
                None => true,
                Some((media_type, media, _)) => {
                    media.schema.is_none()
                        && media_type
                            .split(';')
                            .next()
                            .unwrap_or(media_type)
                            .trim()
                            .ends_with("json")
                }
            }
    };
    let primary = answering
        .iter()
        .copied()
        .find(|success| !empty(success))
        .or_else(|| answering.first().copied());
    let empty_statuses = answering
        .iter()
        .filter(|success| !primary.is_some_and(|primary| std::ptr::eq(**success, primary)))
        .filter(|success| empty(success))
        .map(|success| success.0.clone())
        .collect();
    let others = answering
        .iter()
        .copied()
        .filter(|success| !primary.is_some_and(|primary| std::ptr::eq(*success, primary)))
        .filter(|success| !empty(success))
        .collect();
    (primary, empty_statuses, others)
}

/// The success responses of an operation, in status order, with their status as the spec keys
/// it: the `2xx` codes, else `2XX`, else `default` when the operation lists no other success
/// response.
fn success_responses(
    operation: &openapiv3::Operation,
) -> Vec<(String, &ReferenceOr<openapiv3::Response>)> {
    let responses = &operation.responses.responses;
    let mut codes: Vec<(u16, &ReferenceOr<openapiv3::Response>)> = responses
        .iter()
        .filter_map(|(status, response)| match status {
            StatusCode::Code(code @ 200..=299) => Some((*code, response)),
            _ => None,
        })
        .collect();
    codes.sort_by_key(|(code, _)| *code);
    if !codes.is_empty() {
        return codes
            .into_iter()
            .map(|(code, response)| (code.to_string(), response))
            .collect();
    }
    if let Some(response) = responses.get(&StatusCode::Range(2)) {
        return vec![("2XX".to_owned(), response)];
    }
    let no_success = !responses.keys().any(|status| {
        matches!(
            status,
            StatusCode::Code(200..=399) | StatusCode::Range(2 | 3)
        )
    });
    operation
        .responses
        .default
        .as_ref()
        .filter(|_| no_success)
        .map(|response| vec![("default".to_owned(), response)])
        .unwrap_or_default()
}
