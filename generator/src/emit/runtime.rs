//! Support code copied into every generated crate (`runtime/*.rs`), trimmed to what the API uses:
//! `#[only(...)]` markers (see [`markers`]) for the parts the surface says the crate needs, and
//! the surface's gates (`surface::gates`) for the helpers only some tags' operations need.

#[path = "runtime/markers.rs"]
mod markers;

use proc_macro2::TokenStream;
use syn::{ImplItem, Item};

use crate::error::Error;
use crate::surface::Surface;
use crate::surface::features::Need;
use crate::surface::gates::{self, Gate, Target};
use crate::surface::runtime::has_body_module;

const CLIENT: &str = include_str!("runtime/client.rs");
const REQUEST: &str = include_str!("runtime/request.rs");
// `src/auth.rs` of a generated crate is kept here as two files, joined before parsing (the second
// half has no imports of its own).
const AUTH: [&str; 2] = [
    include_str!("runtime/auth.rs"),
    include_str!("runtime/exchanges.rs"),
];
const RETRY: &str = include_str!("runtime/retry.rs");
const BODY: &str = include_str!("runtime/body.rs");
const JSON: &str = include_str!("runtime/json.rs");
const DOWNLOAD: &str = include_str!("runtime/download.rs");
const PAGES: &str = include_str!("runtime/pages.rs");

/// Every runtime file, by its path in the generated crate.
pub(crate) fn files(surface: &Surface<'_>) -> Result<Vec<(&'static str, syn::File)>, Error> {
    let parts = &surface.parts;
    let [client, request] = client(surface)?;
    let mut files = vec![
        ("src/client.rs", client),
        ("src/client/request.rs", request),
        ("src/auth.rs", parse("src/auth.rs", &AUTH.concat())?),
        ("src/retry.rs", parse("src/retry.rs", RETRY)?),
    ];
    if has_body_module(parts) {
        files.push(("src/body.rs", parse("src/body.rs", BODY)?));
    }
    if parts.contains("download") {
        files.push(("src/download.rs", parse("src/download.rs", DOWNLOAD)?));
    }
    if gates::json_module(surface).is_some() {
        let mut file = parse("src/json.rs", JSON)?;
        apply(&mut file, gates::json(surface))?;
        files.push(("src/json.rs", file));
    }
    if parts.contains("pagination") {
        let mut file = parse("src/pages.rs", PAGES)?;
        apply(&mut file, gates::pages(surface))?;
        file.items.extend(super::pages::impls(surface)?);
        files.push(("src/pages.rs", file));
    }
    for (_, file) in &mut files {
        markers::apply(file, parts);
    }
    Ok(files)
}

/// `src/client.rs` and its module `request`, without the request and response helpers no
/// operation needs.
fn client(surface: &Surface<'_>) -> Result<[syn::File; 2], Error> {
    let mut files = [
        parse("src/client.rs", CLIENT)?,
        parse("src/client/request.rs", REQUEST)?,
    ];
    let allow = match gates::response_read_under(surface) {
        Some(used) => {
            let used: TokenStream = used.parse().unwrap_or_default();
            cfg_attrs(quote::quote! { #[cfg_attr(not(#used), allow(dead_code))] })?
        }
        None => Vec::new(),
    };
    for file in &mut files {
        apply(file, gates::client(surface))?;
        for item in &mut file.items {
            match item {
                Item::Const(constant) if constant.ident == "MEDIA_VERSION_PREFIX" => {
                    if let Some(prefix) = surface.media_version_prefix {
                        *constant.expr = syn::parse_quote!(#prefix);
                    }
                }
                Item::Struct(st) if st.ident == "Response" => {
                    st.attrs.extend(allow.iter().cloned())
                }
                _ => {}
            }
        }
    }
    Ok(files)
}

/// Applies `gates` to `file`, in order.
fn apply(file: &mut syn::File, gates: Vec<Gate>) -> Result<(), Error> {
    for Gate { target, need } in gates {
        let cfg = match need {
            Need::Never => None,
            Need::Always => Some(TokenStream::new()),
            Need::Under(predicate) => {
                // The predicate is text the generator writes, so it always lexes.
                let predicate: TokenStream = predicate.parse().unwrap_or_default();
                Some(quote::quote! { #[cfg(#predicate)] })
            }
        };
        match target {
            Target::Method(type_name, method) => gate_method(file, type_name, method, cfg)?,
            Target::Function(name) => gate_function(file, name, cfg)?,
            Target::Type(name) => gate_type(file, name, cfg)?,
            Target::Trait(name) => gate_items(file, name, cfg)?,
        }
    }
    Ok(())
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
            let labels = doc_cfg_twins(&attrs);
            for item in file.items.iter_mut().filter(|item| is_it(item)) {
                let public = is_public(item);
                if let Some(item_attrs) = markers::item_attrs(item) {
                    item_attrs.extend(attrs.iter().cloned());
                    if public {
                        item_attrs.extend(labels.iter().cloned());
                    }
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

/// Removes the trait `name`, its impls and the blanket impls over it (`impl<T: Name> Other for
/// T`) (`cfg` is `None`), or puts them under `cfg`.
fn gate_items(file: &mut syn::File, name: &str, cfg: Option<TokenStream>) -> Result<(), Error> {
    gate(file, cfg, |item| match item {
        Item::Trait(t) => t.ident == name,
        Item::Impl(i) => {
            i.trait_
                .as_ref()
                .is_some_and(|(_, path, _)| path.is_ident(name))
                || is_blanket_over(i, name)
        }
        _ => false,
    })
}

/// Whether `implementation` is for a type parameter bounded by the trait `name`.
fn is_blanket_over(implementation: &syn::ItemImpl, name: &str) -> bool {
    let syn::Type::Path(self_ty) = implementation.self_ty.as_ref() else {
        return false;
    };
    implementation.generics.type_params().any(|param| {
        self_ty.path.is_ident(&param.ident)
            && param.bounds.iter().any(
                |bound| matches!(bound, syn::TypeParamBound::Trait(t) if t.path.is_ident(name)),
            )
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

/// `#[cfg_attr(docsrs, doc(cfg(P)))]` for each `#[cfg(P)]` of `attrs`: the label docs.rs shows
/// on a public item compiled only with some features. (Every gated runtime item is crate-private
/// today; a public one would be labelled.)
fn doc_cfg_twins(attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
    attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::List(list) if list.path.is_ident("cfg") => {
                let predicate = &list.tokens;
                Some(syn::parse_quote! { #[cfg_attr(docsrs, doc(cfg(#predicate)))] })
            }
            _ => None,
        })
        .collect()
}

/// Whether `item` is `pub` (an `impl` is as public as what it implements; it is not labelled).
fn is_public(item: &Item) -> bool {
    let vis = match item {
        Item::Struct(item) => &item.vis,
        Item::Enum(item) => &item.vis,
        Item::Fn(item) => &item.vis,
        Item::Trait(item) => &item.vis,
        Item::Type(item) => &item.vis,
        Item::Const(item) => &item.vis,
        _ => return false,
    };
    matches!(vis, syn::Visibility::Public(_))
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
                        if matches!(f.vis, syn::Visibility::Public(_)) {
                            f.attrs.extend(doc_cfg_twins(&attrs));
                        }
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
