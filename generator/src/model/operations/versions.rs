//! An operation's Atlas API versions: one [`OperationVersion`] per date found on the request body
//! or the success response, each with its method and builder names, `Accept` header, request
//! body, success response, sunset date and successor.

use std::collections::BTreeSet;

use openapiv3::{MediaType, ReferenceOr, StatusCode};

use super::bodies::{body_choices, body_kind, response_body};
use super::media::{is_date, pick, version_of};
use crate::error::Error;
use crate::load::{Pointer, Resolver};
use crate::model::types::TypeBuilder;
use crate::model::{BodyKind, OperationVersion, RequestBody, ResponseBody, SuccessResponse, Ty};
use crate::naming::{self, Namespace};

pub(super) fn versions(
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
