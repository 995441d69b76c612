//! Support code copied into every generated crate (`runtime/*.rs`), trimmed to what the API uses:
//! `#[only(...)]` markers (see [`markers`]) for the kinds of security scheme, server and body, and
//! cargo features for the helpers only some tags' operations need.

#[path = "runtime/markers.rs"]
mod markers;

use proc_macro2::TokenStream;
use syn::{ImplItem, Item};

use crate::surface::features::Features;
use crate::surface::operations::{body_kinds, calls, is_download, is_joined};
use crate::surface::runtime::{has_body_module, has_json_module, media_version_prefix, runtime_parts};
use crate::surface::types::{FieldPlan, is_discriminated, plan, written_as};
use crate::error::Error;

use crate::model::{
    Api, ArrayStyle, BodyKind, Operation, Param, ParamLocation, ResponseBody,
    Ty, TypeDef, TypeKind,
};

const CLIENT: &str = include_str!("runtime/client.rs");
const AUTH: &str = include_str!("runtime/auth.rs");
const RETRY: &str = include_str!("runtime/retry.rs");
const BODY: &str = include_str!("runtime/body.rs");
const JSON: &str = include_str!("runtime/json.rs");
const DOWNLOAD: &str = include_str!("runtime/download.rs");
const PAGES: &str = include_str!("runtime/pages.rs");

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

/// `src/json.rs`, with each struct helper compiled with the features of the structs that use it.
fn json(api: &Api, features: &Features) -> Result<syn::File, Error> {
    let mut file = parse("src/json.rs", JSON)?;
    // Each struct with how its fields are declared, worked out once for every gate below.
    let structs: Vec<(
        &TypeDef,
        &crate::model::Struct,
        Vec<FieldPlan<'_>>,
    )> = api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(st) => Some((
                def,
                st,
                st.fields
                    .iter()
                    .map(|field| plan(field, def.usage))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let with = |wanted: fn(&[FieldPlan<'_>], &crate::model::Struct) -> bool| {
        features.cfg_for_types(
            structs
                .iter()
                .filter(|(_, st, plans)| wanted(plans, st))
                .map(|(def, _, _)| *def),
        )
    };
    let untagged = api.types.iter().filter(|def| match &def.kind {
        TypeKind::Union(union) => !is_discriminated(union),
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
                .any(|p| written_as(p) == Some("field"))
        }),
    )?;
    gate_method(
        &mut file,
        "Fields",
        "optional",
        with(|plans, _| {
            plans
                .iter()
                .any(|p| written_as(p) == Some("optional"))
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
    gate_function(&mut file, "join", adds(is_joined))?;
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
