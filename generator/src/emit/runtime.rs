//! Support code copied into every generated crate (`runtime/*.rs`), trimmed to what the API uses.

use syn::{ImplItem, Item};

use crate::error::Error;
use crate::model::{Api, ResponseBody};

const CLIENT: &str = include_str!("runtime/client.rs");
const AUTH: &str = include_str!("runtime/auth.rs");
const RETRY: &str = include_str!("runtime/retry.rs");

/// Every runtime file, by its path in the generated crate.
pub(crate) fn files(api: &Api) -> Result<Vec<(&'static str, syn::File)>, Error> {
    Ok(vec![
        ("src/client.rs", client(api)?),
        ("src/auth.rs", parse("src/auth.rs", AUTH)?),
        ("src/retry.rs", parse("src/retry.rs", RETRY)?),
    ])
}

fn parse(path: &str, source: &str) -> Result<syn::File, Error> {
    syn::parse_str(source)
        .map_err(|error| Error::io(path, format!("internal error: the runtime does not parse: {error}")))
}

/// `src/client.rs`, without the request and response helpers no operation needs.
fn client(api: &Api) -> Result<syn::File, Error> {
    let mut file = parse("src/client.rs", CLIENT)?;
    let bodies = || api.operations.iter().flat_map(|op| &op.versions).filter_map(|v| v.response.as_ref()).map(|r| &r.body);
    if !bodies().any(|body| matches!(body, ResponseBody::Text)) {
        remove_method(&mut file, "Response", "text");
    }
    if !bodies().any(|body| matches!(body, ResponseBody::Binary)) {
        remove_method(&mut file, "Response", "into_bytes");
    }
    if !bodies().any(|body| matches!(body, ResponseBody::Json(_))) {
        remove_method(&mut file, "Response", "json");
    }
    if !api.operations.iter().flat_map(|op| &op.params).any(|p| p.location == crate::model::ParamLocation::Header) {
        remove_method(&mut file, "Request", "header");
    }
    if !api.operations.iter().flat_map(|op| &op.params).any(|p| p.location == crate::model::ParamLocation::Query) {
        remove_method(&mut file, "Request", "query");
    }
    if !api.operations.iter().flat_map(|op| &op.versions).any(|v| v.request.is_some()) {
        remove_method(&mut file, "Request", "json_body");
    }
    Ok(file)
}

/// Removes method `method` from the inherent `impl` of `type_name`.
fn remove_method(file: &mut syn::File, type_name: &str, method: &str) {
    for item in &mut file.items {
        let Item::Impl(implementation) = item else { continue };
        if implementation.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(path) = implementation.self_ty.as_ref() else { continue };
        if !path.path.is_ident(type_name) {
            continue;
        }
        implementation.items.retain(|item| !matches!(item, ImplItem::Fn(f) if f.sig.ident == method));
    }
}
