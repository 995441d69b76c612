//! Request and response bodies by media type: how a request body is written (JSON, form,
//! multipart, text, binary) and which other media types may carry the same body, and how a
//! response body is read.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::media::{essence, version_of};
use crate::error::Error;
use crate::load::Pointer;
use crate::model::types::TypeBuilder;
use crate::model::{BodyKind, PartEncoding, ResponseBody};

/// How a request body of `media_type` is written.
pub(super) fn body_kind(media_type: &str, media: &MediaType) -> BodyKind {
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
pub(super) type BodyChoice<'c> = (&'c String, &'c MediaType, Vec<(String, BodyKind)>);

/// Of a body's unversioned media types, the one sent by default (JSON where offered, else the
/// first) and the others the caller may choose because they carry the same body.
pub(super) fn body_choices(content: &IndexMap<String, MediaType>) -> Option<BodyChoice<'_>> {
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

pub(super) fn response_body(
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
