//! Small token helpers shared by the emitters.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Ty;

/// The Rust type for a type expression, written outside `models.rs` (`models::Source`).
pub(crate) fn ty_tokens(ty: &Ty) -> TokenStream {
    ty_with(ty, &|name| quote! { models::#name })
}

/// The Rust type for a type expression, written inside `models.rs` (`Source`).
pub(crate) fn ty_in_models(ty: &Ty) -> TokenStream {
    ty_with(ty, &|name| quote! { #name })
}

fn ty_with(ty: &Ty, named: &dyn Fn(proc_macro2::Ident) -> TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote! { String },
        Ty::Bool => quote! { bool },
        Ty::I32 => quote! { i32 },
        Ty::I64 => quote! { i64 },
        Ty::F32 => quote! { f32 },
        Ty::F64 => quote! { f64 },
        Ty::Array(inner) => {
            let inner = ty_with(inner, named);
            quote! { Vec<#inner> }
        }
        Ty::Map(inner) => {
            let inner = ty_with(inner, named);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        Ty::Named(name) => named(name.to_tokens()),
        Ty::JsonObject => quote! { serde_json::Map<String, serde_json::Value> },
        Ty::Json(_) => quote! { serde_json::Value },
    }
}

/// The name serde's `rename_all = "camelCase"` gives a field (`group_id` gives `groupId`).
pub(crate) fn serde_camel_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut capitalize = false;
    for (i, c) in field.chars().enumerate() {
        if c == '_' {
            capitalize = true;
        } else if capitalize && i > 0 {
            out.extend(c.to_uppercase());
            capitalize = false;
        } else {
            out.push(c);
            capitalize = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::serde_camel_case;

    #[test]
    fn matches_serde_camel_case() {
        assert_eq!(serde_camel_case("group_id"), "groupId");
        assert_eq!(serde_camel_case("ca_certificate_path"), "caCertificatePath");
        assert_eq!(serde_camel_case("ssl"), "ssl");
        assert_eq!(serde_camel_case("ipv6_address"), "ipv6Address");
    }
}
