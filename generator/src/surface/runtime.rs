//! The parts of the runtime (`runtime/*.rs` of the generator) a crate needs, by the names of the
//! runtime's `#[only(...)]` markers: decided from the kinds of security scheme, server, parameter,
//! body and response the API has.

use std::collections::BTreeSet;

use super::operations::{Types, body_kinds, calls, is_download};
use crate::model::{
    Api, ApiKeyLocation, BodyKind, ParamLocation, ResponseBody, SchemeKind, Ty, TypeKind,
};

/// Whether `ty` is, or holds, binary data.
fn holds_binary(ty: &Ty) -> bool {
    match ty {
        Ty::Binary => true,
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => holds_binary(inner),
        _ => false,
    }
}

/// The parts of the runtime this API uses, by the names of the runtime's `#[only(...)]` markers.
pub(crate) fn runtime_parts(api: &Api, types: &Types<'_>) -> BTreeSet<&'static str> {
    let mut parts = BTreeSet::new();
    if !api.security_schemes.is_empty() {
        parts.insert("auth");
    }
    for scheme in &api.security_schemes {
        let part = match &scheme.kind {
            SchemeKind::Basic => "basic",
            SchemeKind::Digest => "digest",
            SchemeKind::Token { .. } => "token",
            SchemeKind::ClientCredentials { .. } => "client_credentials",
            SchemeKind::ApiKey { location, .. } => {
                parts.insert(match location {
                    ApiKeyLocation::Header => "api_key_header",
                    ApiKeyLocation::Query => "api_key_query",
                    ApiKeyLocation::Cookie => "api_key_cookie",
                });
                "api_key"
            }
        };
        parts.insert(part);
    }
    if api
        .server
        .as_ref()
        .is_some_and(|server| !server.variables.is_empty())
    {
        parts.insert("server_variables");
    }
    if api.operations.iter().any(|op| op.server.is_some()) {
        parts.insert("operation_servers");
    }
    if api.operations.iter().any(|op| op.security.is_some()) {
        parts.insert("operation_security");
    }
    if api.operations.iter().any(|op| {
        op.params
            .iter()
            .any(|param| param.location == ParamLocation::Cookie)
    }) {
        parts.insert("cookies");
    }
    let kinds = || api.operations.iter().flat_map(body_kinds);
    if kinds().next().is_some() {
        parts.insert("request_body");
    }
    if kinds().any(|kind| matches!(kind, BodyKind::Json | BodyKind::Form(_) | BodyKind::Text)) {
        parts.insert("bytes_body");
    }
    for kind in kinds() {
        if let BodyKind::Form(encodings) = kind {
            parts.insert("form");
            for style in encodings
                .iter()
                .filter_map(super::operations::form_style_name)
            {
                parts.insert(match style {
                    "Json" => "form_style_json",
                    "DeepObject" => "form_style_deep_object",
                    "SpaceDelimited" => "form_style_space_delimited",
                    "PipeDelimited" => "form_style_pipe_delimited",
                    _ => "form_style_form",
                });
            }
        }
    }
    let multipart_bodies = api
        .operations
        .iter()
        .flat_map(|op| &op.versions)
        .filter_map(|version| version.request.as_ref())
        .filter(|body| {
            std::iter::once(&body.kind)
                .chain(body.alternatives.iter().map(|(_, kind)| kind))
                .any(|kind| matches!(kind, BodyKind::Multipart(_)))
        });
    for body in multipart_bodies {
        for kind in super::operations::multipart_part_kinds(&body.ty, types) {
            parts.insert(match kind {
                super::operations::PartKind::File => "multipart_file",
                super::operations::PartKind::Text => "multipart_text",
                super::operations::PartKind::Json => "multipart_json",
            });
        }
    }
    if kinds().any(|kind| matches!(kind, BodyKind::Binary)) {
        parts.insert("binary_body");
    }
    if kinds().any(|kind| matches!(kind, BodyKind::Multipart(_))) {
        parts.insert("multipart");
    }
    let binary_types = api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(st) => {
            st.fields.iter().any(|field| holds_binary(&field.ty))
                || st.additional.as_ref().is_some_and(holds_binary)
        }
        TypeKind::Union(union) => union
            .variants
            .iter()
            .any(|variant| holds_binary(&variant.ty)),
        TypeKind::Alias(ty) => holds_binary(ty),
        TypeKind::Enum(_) => false,
    });
    let binary_params = api
        .operations
        .iter()
        .any(|op| op.params.iter().any(|param| holds_binary(&param.ty)));
    if binary_types || binary_params || parts.contains("binary_body") || parts.contains("multipart")
    {
        parts.insert("binary");
    }
    let bodies = || {
        api.operations
            .iter()
            .flat_map(|op| &op.versions)
            .filter_map(|version| version.response.as_ref())
    };
    // Only JSON is read whole: every other body is handed over unread, as a `Download`.
    if bodies().any(|response| matches!(response.body, ResponseBody::Json(_))) {
        parts.insert("response_body");
    }
    if media_version_prefix(api).is_some() {
        parts.insert("media_versions");
    }
    if bodies().any(|response| is_download(&response.body)) {
        parts.insert("download");
    }
    if api.operations.iter().any(calls) {
        parts.insert("calls");
    }
    if api
        .operations
        .iter()
        .any(|op| op.params.iter().any(|param| param.envelope))
    {
        parts.insert("envelope");
    }
    if api.operations.iter().any(super::operations::is_paginated) {
        parts.insert("pagination");
    }
    parts
}

/// What the media types of the API's versions start with, before the version, when they all
/// write it so (`application/vnd.atlas.` of `application/vnd.atlas.2023-01-01+json`, followed by
/// a structured syntax suffix or parameters); `None` when the spec has no versioned media types
/// or writes their versions otherwise. Tracing reports the version of the media type a call
/// accepts by it.
pub(crate) fn media_version_prefix(api: &Api) -> Option<&str> {
    let mut prefix = None;
    for version in api.operations.iter().flat_map(|op| &op.versions) {
        let Some(name) = version.version.as_deref().filter(|name| !name.is_empty()) else {
            continue;
        };
        let accept = version.accept.as_str();
        let start = accept.find(name)?;
        let (before, after) = (&accept[..start], &accept[start + name.len()..]);
        let ends = after.is_empty() || after.starts_with(['+', ';']);
        let clean = !name.contains(['+', ';']) && !before.is_empty();
        if !ends || !clean || prefix.is_some_and(|prefix| prefix != before) {
            return None;
        }
        prefix = Some(before);
    }
    prefix
}

/// Whether the crate has `src/body.rs`: binary data, form or multipart bodies.
pub(crate) fn has_body_module(parts: &BTreeSet<&str>) -> bool {
    ["binary", "form", "multipart"]
        .iter()
        .any(|part| parts.contains(part))
}
