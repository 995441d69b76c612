//! Support code copied into every generated crate (`runtime/*.rs`), trimmed to what the API uses:
//! `#[only(...)]` markers (see [`markers`]) for the kinds of security scheme, server and body, and
//! cargo features for the helpers only some tags' operations need.

#[path = "runtime/markers.rs"]
mod markers;

use proc_macro2::TokenStream;
use syn::{ImplItem, Item};

use super::features::Features;
use crate::error::Error;
use std::collections::BTreeSet;

use crate::model::{
    Api, ApiKeyLocation, ArrayStyle, BodyKind, Operation, Param, ParamLocation, ResponseBody,
    SchemeKind, Ty, TypeDef, TypeKind,
};

const CLIENT: &str = include_str!("runtime/client.rs");
const AUTH: &str = include_str!("runtime/auth.rs");
const RETRY: &str = include_str!("runtime/retry.rs");
const BODY: &str = include_str!("runtime/body.rs");
const JSON: &str = include_str!("runtime/json.rs");
const DOWNLOAD: &str = include_str!("runtime/download.rs");
const PAGES: &str = include_str!("runtime/pages.rs");

/// The kinds of request body an operation's versions send, default and alternative media types.
fn body_kinds(op: &Operation) -> impl Iterator<Item = &BodyKind> {
    op.versions
        .iter()
        .filter_map(|version| version.request.as_ref())
        .flat_map(|body| {
            std::iter::once(&body.kind).chain(body.alternatives.iter().map(|(_, kind)| kind))
        })
}

/// Whether `ty` is, or holds, binary data.
fn holds_binary(ty: &Ty) -> bool {
    match ty {
        Ty::Binary => true,
        Ty::Array(inner) | Ty::Map(inner) => holds_binary(inner),
        _ => false,
    }
}

/// The parts of the runtime this API uses, by the names of the runtime's `#[only(...)]` markers.
pub(crate) fn runtime_parts(api: &Api) -> BTreeSet<&'static str> {
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
    let types: super::operations::Types<'_> =
        api.types.iter().map(|def| (&def.name, def)).collect();
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
        for kind in super::operations::multipart_part_kinds(&body.ty, &types) {
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
    if api
        .types
        .iter()
        .any(|def| matches!(def.kind, TypeKind::Struct(_)))
    {
        parts.insert("structs");
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
    if api.operations.iter().any(super::pages::is_paginated) {
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

/// Whether a success response's body is handed over unread, as the crate's `Download`: every
/// body that is not JSON, text included (a CSV report may be as large as a log archive, and the
/// media type says nothing of the size). `Download::text` reads a small one whole.
pub(crate) fn is_download(body: &ResponseBody) -> bool {
    matches!(body, ResponseBody::Text | ResponseBody::Binary)
}

/// Whether a version of `op` goes through `Client::call`: its response is decoded (or
/// ignored), not handed over as a `Download`.
fn calls(op: &Operation) -> bool {
    op.versions.iter().any(|version| {
        !version
            .response
            .as_ref()
            .is_some_and(|response| is_download(&response.body))
    })
}

/// Every runtime file, by its path in the generated crate.
pub(crate) fn files(
    api: &Api,
    features: &Features,
) -> Result<Vec<(&'static str, syn::File)>, Error> {
    let parts = runtime_parts(api);
    let mut files = vec![
        ("src/client.rs", client(api, features)?),
        ("src/auth.rs", parse("src/auth.rs", AUTH)?),
        ("src/retry.rs", parse("src/retry.rs", RETRY)?),
    ];
    if has_body_module(&parts) {
        files.push(("src/body.rs", parse("src/body.rs", BODY)?));
    }
    if parts.contains("download") {
        files.push(("src/download.rs", parse("src/download.rs", DOWNLOAD)?));
    }
    if has_json_module(api) {
        files.push(("src/json.rs", json(api, features)?));
    }
    if parts.contains("pagination") {
        let mut file = parse("src/pages.rs", PAGES)?;
        // Only pages with links ask whether they name a next page.
        let links = |op: &Operation| {
            op.versions.iter().any(|version| {
                version
                    .pagination
                    .as_ref()
                    .is_some_and(|pagination| pagination.links.is_some())
            })
        };
        gate_function(
            &mut file,
            "names_next",
            features.cfg_where(&api.operations, links),
        )?;
        file.items.extend(super::pages::impls(api, features)?);
        files.push(("src/pages.rs", file));
    }
    for (_, file) in &mut files {
        markers::apply(file, &parts);
    }
    Ok(files)
}

/// Whether the crate has `src/body.rs`: binary data, form or multipart bodies.
pub(crate) fn has_body_module(parts: &BTreeSet<&str>) -> bool {
    ["binary", "form", "multipart"]
        .iter()
        .any(|part| parts.contains(part))
}

/// The types that read and write JSON through `src/json.rs`: every one but an alias.
pub(crate) fn json_types(types: &[TypeDef]) -> impl Iterator<Item = &TypeDef> {
    types
        .iter()
        .filter(|def| !matches!(def.kind, TypeKind::Alias(_)))
}

/// Whether the crate has `src/json.rs`.
pub(crate) fn has_json_module(api: &Api) -> bool {
    json_types(&api.types).next().is_some()
}

/// `src/json.rs`, with each struct helper compiled with the features of the structs that use it.
fn json(api: &Api, features: &Features) -> Result<syn::File, Error> {
    let mut file = parse("src/json.rs", JSON)?;
    // Each struct with how its fields are declared, worked out once for every gate below.
    let structs: Vec<(
        &TypeDef,
        &crate::model::Struct,
        Vec<super::models::FieldPlan<'_>>,
    )> = api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(st) => Some((
                def,
                st,
                st.fields
                    .iter()
                    .map(|field| super::models::plan(field, def.usage))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let with = |wanted: fn(&[super::models::FieldPlan<'_>], &crate::model::Struct) -> bool| {
        features.cfg_for_types(
            structs
                .iter()
                .filter(|(_, st, plans)| wanted(plans, st))
                .map(|(def, _, _)| *def),
        )
    };
    let untagged = api.types.iter().filter(|def| match &def.kind {
        TypeKind::Union(union) => !super::models::is_discriminated(union),
        _ => false,
    });
    gate_method(
        &mut file,
        "Error",
        "untagged",
        features.cfg_for_types(untagged),
    )?;
    let any_struct = features.cfg_for_types(structs.iter().map(|(def, _, _)| *def));
    gate_type(&mut file, "Object", any_struct.clone())?;
    gate_type(&mut file, "Fields", any_struct)?;
    gate_method(
        &mut file,
        "Object",
        "required",
        with(|plans, _| plans.iter().any(|p| !p.optional)),
    )?;
    gate_method(
        &mut file,
        "Object",
        "optional",
        with(|plans, _| plans.iter().any(|p| p.optional)),
    )?;
    gate_method(
        &mut file,
        "Object",
        "rest",
        with(|_, st| st.additional.is_some()),
    )?;
    gate_method(
        &mut file,
        "Fields",
        "field",
        with(|plans, _| {
            plans
                .iter()
                .any(|p| super::models::written_as(p) == Some("field"))
        }),
    )?;
    gate_method(
        &mut file,
        "Fields",
        "optional",
        with(|plans, _| {
            plans
                .iter()
                .any(|p| super::models::written_as(p) == Some("optional"))
        }),
    )?;
    gate_method(
        &mut file,
        "Fields",
        "rest",
        with(|_, st| st.additional.is_some()),
    )?;
    Ok(file)
}

/// Removes the type `name` and its `impl`s (`cfg` is `None`), or puts them under `cfg`.
fn gate_type(file: &mut syn::File, name: &str, cfg: Option<TokenStream>) -> Result<(), Error> {
    gate(file, cfg, |item| match item {
        Item::Struct(st) => st.ident == name,
        Item::Impl(implementation) => {
            matches!(implementation.self_ty.as_ref(), syn::Type::Path(path) if names(path, name))
        }
        _ => false,
    })
}

/// Removes the items `is_it` picks (`cfg` is `None`), or puts them under `cfg` (nothing to do
/// when `cfg` is empty: they are always needed).
fn gate(
    file: &mut syn::File,
    cfg: Option<TokenStream>,
    is_it: impl Fn(&Item) -> bool,
) -> Result<(), Error> {
    match cfg {
        None => file.items.retain(|item| !is_it(item)),
        Some(cfg) if cfg.is_empty() => {}
        Some(cfg) => {
            let attrs = cfg_attrs(cfg)?;
            for item in file.items.iter_mut().filter(|item| is_it(item)) {
                if let Some(item_attrs) = markers::item_attrs(item) {
                    item_attrs.extend(attrs.iter().cloned());
                }
            }
        }
    }
    Ok(())
}

fn parse(path: &str, source: &str) -> Result<syn::File, Error> {
    syn::parse_str(source).map_err(|error| {
        Error::io(
            path,
            format!("internal error: the runtime does not parse: {error}"),
        )
    })
}

/// `src/client.rs`, without the request and response helpers no operation needs.
fn client(api: &Api, features: &Features) -> Result<syn::File, Error> {
    let mut file = parse("src/client.rs", CLIENT)?;
    if let Some(prefix) = media_version_prefix(api) {
        for item in &mut file.items {
            if let Item::Const(constant) = item
                && constant.ident == "MEDIA_VERSION_PREFIX"
            {
                *constant.expr = syn::parse_quote!(#prefix);
            }
        }
    }
    // A helper is left out when no operation needs it, and compiled only with the features of
    // the tags whose operations do.
    let answers = |op: &Operation, wanted: fn(&ResponseBody) -> bool| {
        op.versions
            .iter()
            .filter_map(|v| v.response.as_ref())
            .any(|response| wanted(&response.body))
    };
    let ops = &api.operations;
    let downloads = features.cfg_where(ops, |op| answers(op, is_download));
    gate_method(&mut file, "Client", "download", downloads)?;
    gate_method(&mut file, "Client", "call", features.cfg_where(ops, calls))?;
    let json = features.cfg_where(ops, |op| {
        answers(op, |body| matches!(body, ResponseBody::Json(_)))
    });
    gate_method(&mut file, "Response", "json", json)?;
    let ignores = |op: &Operation| {
        op.versions.iter().any(|v| {
            v.response
                .as_ref()
                .is_none_or(|r| matches!(r.body, ResponseBody::Empty))
        })
    };
    gate_method(
        &mut file,
        "Response",
        "ignore",
        features.cfg_where(ops, ignores),
    )?;
    // How each parameter is added (see `operations::send_body`).
    fn exploded(p: &Param) -> bool {
        matches!(p.ty, Ty::Array(_))
            && p.location == ParamLocation::Query
            && p.style == ArrayStyle::Exploded
    }
    fn path_array(p: &Param) -> bool {
        matches!(p.ty, Ty::Array(_)) && p.location == ParamLocation::Path
    }
    let adds = |wanted: fn(&Param) -> bool| {
        features.cfg_where(ops, move |op| op.params.iter().any(wanted))
    };
    gate_method(
        &mut file,
        "Request",
        "header",
        adds(|p| p.location == ParamLocation::Header),
    )?;
    gate_method(
        &mut file,
        "Request",
        "query",
        adds(|p| p.location == ParamLocation::Query && !exploded(p) && !p.envelope),
    )?;
    gate_method(&mut file, "Request", "envelope", adds(|p| p.envelope))?;
    gate_method(&mut file, "Request", "query_each", adds(exploded))?;
    gate_method(
        &mut file,
        "Request",
        "cookie",
        adds(|p| p.location == ParamLocation::Cookie),
    )?;
    gate_method(
        &mut file,
        "Request",
        "param_text",
        adds(|p| p.location != ParamLocation::Path),
    )?;
    gate_method(
        &mut file,
        "Request",
        "path",
        adds(|p| p.location == ParamLocation::Path && !path_array(p)),
    )?;
    gate_method(&mut file, "Request", "path_items", adds(path_array))?;
    gate_function(&mut file, "encode_path_items", adds(path_array))?;
    gate_function(
        &mut file,
        "encode_path_segment",
        adds(|p| p.location == ParamLocation::Path),
    )?;
    gate_function(&mut file, "join", adds(super::operations::is_joined))?;
    // The text of every parameter but an array in the path goes through `ToParam`.
    gate_items(&mut file, "ToParam", adds(|p| !path_array(p)))?;
    gate_method(
        &mut file,
        "Request",
        "security",
        features.cfg_where(ops, |op| op.security.is_some()),
    )?;
    gate_method(
        &mut file,
        "Request",
        "server",
        features.cfg_where(ops, |op| op.server.is_some()),
    )?;
    let sends = |wanted: fn(&BodyKind) -> bool| {
        features.cfg_where(ops, move |op| body_kinds(op).any(wanted))
    };
    gate_method(
        &mut file,
        "Request",
        "json_body",
        sends(|kind| matches!(kind, BodyKind::Json)),
    )?;
    gate_method(
        &mut file,
        "Request",
        "form_body",
        sends(|kind| matches!(kind, BodyKind::Form(_))),
    )?;
    gate_method(
        &mut file,
        "Request",
        "text_body",
        sends(|kind| matches!(kind, BodyKind::Text)),
    )?;
    gate_method(
        &mut file,
        "Request",
        "binary_body",
        sends(|kind| matches!(kind, BodyKind::Binary)),
    )?;
    gate_method(
        &mut file,
        "Request",
        "multipart_body",
        sends(|kind| matches!(kind, BodyKind::Multipart(_))),
    )?;
    let alternatives = |op: &Operation| {
        op.versions
            .iter()
            .filter_map(|v| v.request.as_ref())
            .any(|body| !body.alternatives.is_empty())
    };
    gate_method(
        &mut file,
        "Request",
        "unsupported_body",
        features.cfg_where(ops, alternatives),
    )?;
    // Every step that can fail: a parameter (a refused path segment, a stream with no text), a
    // body that may not serialize, a content type the operation does not take.
    let fails = |op: &Operation| {
        !op.params.is_empty()
            || alternatives(op)
            || body_kinds(op).any(|kind| {
                matches!(
                    kind,
                    BodyKind::Json | BodyKind::Form(_) | BodyKind::Multipart(_)
                )
            })
    };
    gate_method(&mut file, "Request", "fail", features.cfg_where(ops, fails))?;
    // Without an operation that reads a response body, nothing reads the `Response` fields.
    // Nor, without an operation that goes through `Client::call` (which every operation that
    // decodes JSON does), is a `Response` made.
    let decodes = features.predicate_where(ops, |op| {
        answers(op, |body| matches!(body, ResponseBody::Json(_)))
    });
    let used = match decodes {
        Some(decodes) => decodes,
        None => features.predicate_where(ops, calls).flatten(),
    };
    if let Some(used) = used {
        let allow = cfg_attrs(quote::quote! { #[cfg_attr(not(#used), allow(dead_code))] })?;
        for item in &mut file.items {
            if let Item::Struct(st) = item
                && st.ident == "Response"
            {
                st.attrs.extend(allow.iter().cloned());
            }
        }
    }
    Ok(file)
}

/// Removes the trait `name` and its impls (`cfg` is `None`), or puts them under `cfg`.
fn gate_items(file: &mut syn::File, name: &str, cfg: Option<TokenStream>) -> Result<(), Error> {
    gate(file, cfg, |item| match item {
        Item::Trait(t) => t.ident == name,
        Item::Impl(i) => i
            .trait_
            .as_ref()
            .is_some_and(|(_, path, _)| path.is_ident(name)),
        _ => false,
    })
}

/// Removes the free function `name` (`cfg` is `None`), or puts it under `cfg`.
fn gate_function(file: &mut syn::File, name: &str, cfg: Option<TokenStream>) -> Result<(), Error> {
    gate(
        file,
        cfg,
        |item| matches!(item, Item::Fn(f) if f.sig.ident == name),
    )
}

fn cfg_attrs(cfg: TokenStream) -> Result<Vec<syn::Attribute>, Error> {
    syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg).map_err(|error| {
        Error::io(
            "src/client.rs",
            format!("internal error: a feature gate does not parse: {error}"),
        )
    })
}

/// Removes method `method` of `type_name` (`cfg` is `None`), or puts it under `cfg`.
fn gate_method(
    file: &mut syn::File,
    type_name: &str,
    method: &str,
    cfg: Option<TokenStream>,
) -> Result<(), Error> {
    match cfg {
        None => remove_method(file, type_name, method),
        Some(cfg) if cfg.is_empty() => {}
        Some(cfg) => {
            let attrs = cfg_attrs(cfg)?;
            for item in &mut file.items {
                let Item::Impl(implementation) = item else {
                    continue;
                };
                let syn::Type::Path(path) = implementation.self_ty.as_ref() else {
                    continue;
                };
                if implementation.trait_.is_some() || !names(path, type_name) {
                    continue;
                }
                for item in &mut implementation.items {
                    if let ImplItem::Fn(f) = item
                        && f.sig.ident == method
                    {
                        f.attrs.extend(attrs.iter().cloned());
                    }
                }
            }
        }
    }
    Ok(())
}

/// Removes method `method` from the inherent `impl` of `type_name`.
fn remove_method(file: &mut syn::File, type_name: &str, method: &str) {
    for item in &mut file.items {
        let Item::Impl(implementation) = item else {
            continue;
        };
        if implementation.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(path) = implementation.self_ty.as_ref() else {
            continue;
        };
        if !names(path, type_name) {
            continue;
        }
        implementation
            .items
            .retain(|item| !matches!(item, ImplItem::Fn(f) if f.sig.ident == method));
    }
}

/// Whether the type `path` is the runtime's type `name` (with or without generic arguments).
fn names(path: &syn::TypePath, name: &str) -> bool {
    path.qself.is_none()
        && path.path.segments.len() == 1
        && path
            .path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == name)
}
