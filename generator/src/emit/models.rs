//! `src/models.rs`: one Rust type per schema.
//!
//! Structs are `#[non_exhaustive]` with a `new` over their required fields and `with_*` setters
//! for the optional ones, so a field MongoDB adds upstream does not break callers. String enums
//! keep values they do not know in a catch-all variant. Secrets never reach `Debug` output.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::features::Features;
use super::tokens::{VariantRule, serde_camel_case, ty_in_models as local_ty};
use crate::model::{Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Union, Usage};

/// The items of `types`; with `first`, preceded by the module's docs and imports, which must
/// then be given every type of the module (`all_types`) to know under which features to import.
pub(crate) fn file(types: &[TypeDef], features: &Features, first: bool, all_types: &[TypeDef]) -> TokenStream {
    let items = types.iter().map(|def| type_def(def, &features.type_cfg(def)));
    if !first {
        return quote! { #(#items)* };
    }
    let module_docs = docs::inner("The request and response types of the API, one per schema of the spec.");
    // Without the features of any type, nothing uses the import.
    let import = (!all_types.is_empty()).then(|| {
        let cfg = features.any_type_cfg(all_types);
        quote! { #cfg use serde::{Deserialize, Serialize}; }
    });
    quote! {
        #module_docs

        #import

        #(#items)*
    }
}

/// The items of one type, each under `cfg` (the features that compile the type).
fn type_def(def: &TypeDef, cfg: &TokenStream) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(st) => struct_def(def, st, cfg),
        TypeKind::Enum(en) => enum_def(def, en, cfg),
        TypeKind::Union(union) => union_def(def, union, cfg),
        TypeKind::Alias(ty) => {
            let name = def.name.to_tokens();
            let docs = docs::outer(&alias_docs(def, ty));
            let ty = local_ty(ty);
            quote! { #docs #cfg pub type #name = #ty; }
        }
    }
}

fn alias_docs(def: &TypeDef, ty: &Ty) -> String {
    docs::paragraphs([docs::spec(def.docs.as_deref()).as_deref(), json_reason(ty).as_deref()])
}

/// Why a type expression holds `serde_json::Value` (directly, or as its items or values).
fn json_reason(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Json(reason) => Some(format!("Any JSON value: {reason}.")),
        Ty::Array(inner) | Ty::Map(inner) => json_reason(inner),
        _ => None,
    }
}

/// How a field is declared, given the direction its struct travels in.
struct FieldPlan<'f> {
    field: &'f Field,
    /// Declared as `Option<T>`.
    optional: bool,
    /// Taken by `new`.
    in_constructor: bool,
    /// Has a `with_*` setter: types the API only returns are read, or built from JSON in tests,
    /// so only types sent in requests get setters.
    settable: bool,
    /// Never serialized: a read-only field of a type that is sent in requests.
    skip_serializing: bool,
}

fn plan(field: &Field, usage: Usage) -> FieldPlan<'_> {
    let read_only_in_request = usage.request && field.read_only;
    let write_only_in_response = usage.response && field.write_only;
    let optional = !field.required || field.nullable || read_only_in_request || write_only_in_response;
    FieldPlan {
        field,
        optional,
        in_constructor: field.required && !read_only_in_request && !write_only_in_response,
        settable: !read_only_in_request && (usage.request || !usage.response),
        skip_serializing: read_only_in_request,
    }
}

fn struct_def(def: &TypeDef, st: &Struct, cfg: &TokenStream) -> TokenStream {
    let name = def.name.to_tokens();
    let docs = docs::outer(&docs::spec(def.docs.as_deref()).unwrap_or_default());
    let plans: Vec<FieldPlan<'_>> = st.fields.iter().map(|field| plan(field, def.usage)).collect();
    let rename_all = plans.iter().any(|p| serde_camel_case(p.field.name.unraw()) == p.field.wire_name && p.field.name.unraw() != p.field.wire_name);
    let container_attr = rename_all.then(|| quote! { #[serde(rename_all = "camelCase")] });

    let fields = plans.iter().map(|p| field_decl(p, rename_all));
    let additional = st.additional.as_ref().map(|ty| {
        let ty = local_ty(ty);
        quote! {
            /// Properties beyond the ones named above.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #ty>,
        }
    });
    let has_secret = st.fields.iter().any(|field| field.secret);
    let all_optional = plans.iter().all(|p| !p.in_constructor);
    let derive_default = all_optional.then(|| quote! { Default, });
    let derive_debug = (!has_secret).then(|| quote! { Debug, });
    let debug_impl = has_secret.then(|| secret_debug(def, st, cfg));
    let constructor = constructor(def, &plans, st.additional.is_some(), all_optional, cfg);

    quote! {
        #docs
        #cfg
        #[derive(Clone, #derive_debug #derive_default PartialEq, Serialize, Deserialize)]
        #container_attr
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #constructor
        #debug_impl
    }
}

fn field_ty(p: &FieldPlan<'_>) -> TokenStream {
    let inner = local_ty(&p.field.ty);
    let inner = if p.field.boxed { quote! { Box<#inner> } } else { inner };
    if p.optional { quote! { Option<#inner> } } else { inner }
}

fn field_decl(p: &FieldPlan<'_>, rename_all: bool) -> TokenStream {
    let field = p.field;
    let name = field.name.to_tokens();
    let ty = field_ty(p);
    let server_set = p.skip_serializing.then_some("Set by the server: it is read from responses and never sent.");
    let json = json_reason(&field.ty);
    let docs = docs::outer(&docs::paragraphs([docs::spec(field.docs.as_deref()).as_deref(), json.as_deref(), server_set]));
    let wire = &field.wire_name;
    let expected = if rename_all { serde_camel_case(field.name.unraw()) } else { field.name.unraw().to_owned() };
    let mut serde_args = Vec::new();
    if expected != *wire {
        serde_args.push(quote! { rename = #wire });
    }
    if p.skip_serializing {
        serde_args.push(quote! { skip_serializing });
    } else if p.optional && !(field.required && field.nullable) {
        serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
    quote! {
        #docs
        #serde_attr
        pub #name: #ty,
    }
}

/// The argument type a constructor or setter takes for a field's value, and how to store it.
fn value_in(field: &Field, value: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    let (arg, stored) = match &field.ty {
        Ty::String => (quote! { impl Into<String> }, quote! { #value.into() }),
        ty => (local_ty(ty), quote! { #value }),
    };
    if field.boxed { (arg, quote! { Box::new(#stored) }) } else { (arg, stored) }
}

fn constructor(def: &TypeDef, plans: &[FieldPlan<'_>], has_additional: bool, all_optional: bool, cfg: &TokenStream) -> TokenStream {
    let name = def.name.to_tokens();
    let new_fn = if all_optional {
        quote! {
            /// Creates a value with every field unset.
            pub fn new() -> Self {
                Self::default()
            }
        }
    } else {
        let mut args = Vec::new();
        let mut inits = Vec::new();
        for p in plans {
            let field_name = p.field.name.to_tokens();
            if p.in_constructor {
                let (arg_ty, stored) = value_in(p.field, &field_name);
                if p.optional {
                    // Required but nullable: the caller says whether there is a value.
                    let inner = local_ty(&p.field.ty);
                    let stored = if p.field.boxed { quote! { #field_name.map(Box::new) } } else { quote! { #field_name } };
                    args.push(quote! { #field_name: Option<#inner> });
                    inits.push(field_init(&field_name, stored));
                } else {
                    args.push(quote! { #field_name: #arg_ty });
                    inits.push(field_init(&field_name, stored));
                }
            } else {
                inits.push(quote! { #field_name: None });
            }
        }
        if has_additional {
            inits.push(quote! { additional_properties: std::collections::BTreeMap::new() });
        }
        let allow = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
        quote! {
            /// Creates a value from its required fields; optional fields start unset.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    };
    let setters = plans.iter().filter(|p| p.settable && !p.in_constructor).map(|p| {
        let field_name = p.field.name.to_tokens();
        let setter = format_ident!("with_{}", p.field.name.unraw());
        let (arg_ty, stored) = value_in(p.field, &format_ident!("value"));
        // Rustdoc cannot link to a raw identifier (`Self::r#type`).
        let doc = if p.field.name.as_str().starts_with("r#") {
            docs::outer(&format!("Sets `{}`.", p.field.name.unraw()))
        } else {
            docs::outer(&format!("Sets [`{}`](Self::{}).", p.field.name.unraw(), p.field.name))
        };
        quote! {
            #doc
            #[must_use]
            pub fn #setter(mut self, value: #arg_ty) -> Self {
                self.#field_name = Some(#stored);
                self
            }
        }
    });
    quote! {
        #cfg
        impl #name {
            #new_fn
            #(#setters)*
        }
    }
}

/// `name: value`, or the shorthand `name` when the value is the variable of the same name.
fn field_init(name: &proc_macro2::Ident, value: TokenStream) -> TokenStream {
    if *name == value.to_string() { quote! { #name } } else { quote! { #name: #value } }
}

/// `Debug` that prints `<redacted>` in place of each secret field's value.
fn secret_debug(def: &TypeDef, st: &Struct, cfg: &TokenStream) -> TokenStream {
    let name = def.name.to_tokens();
    let label = def.name.unraw();
    let entries = st.fields.iter().map(|field| {
        let field_name = field.name.to_tokens();
        let label = field.name.unraw();
        if field.secret {
            let optional = plan(field, def.usage).optional;
            if optional {
                quote! { .field(#label, &self.#field_name.as_ref().map(|_| crate::Redacted)) }
            } else {
                quote! { .field(#label, &crate::Redacted) }
            }
        } else {
            quote! { .field(#label, &self.#field_name) }
        }
    });
    let additional = st.additional.as_ref().map(|_| quote! { .field("additional_properties", &self.additional_properties) });
    quote! {
        #cfg
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label)
                    #(#entries)*
                    #additional
                    .finish()
            }
        }
    }
}

fn enum_def(def: &TypeDef, en: &StringEnum, cfg: &TokenStream) -> TokenStream {
    let name = def.name.to_tokens();
    let docs = docs::outer(&docs::spec(def.docs.as_deref()).unwrap_or_default());
    let other = en.other.to_tokens();
    let rule = VariantRule::best(en.variants.iter().map(|v| (v.name.unraw(), v.wire_value.as_str())));
    let rename_all = rule.attribute().map(|rule| quote! { #[serde(rename_all = #rule)] });
    let variants = en.variants.iter().map(|variant| {
        let variant_name = variant.name.to_tokens();
        let wire = &variant.wire_value;
        // A variant that follows the enum's rename rule needs no words; one that does not shows
        // its wire value in the docs too, where `#[serde(rename)]` is not visible.
        let renamed = rule.apply(variant.name.unraw()) != *wire;
        let rename = renamed.then(|| {
            let doc = docs::outer(&format!("`{}`", wire.replace('`', "'")));
            quote! { #doc #[serde(rename = #wire)] }
        });
        quote! { #rename #variant_name, }
    });
    let to_wire = en.variants.iter().map(|variant| {
        let variant_name = variant.name.to_tokens();
        let wire = &variant.wire_value;
        quote! { Self::#variant_name => #wire, }
    });
    quote! {
        #docs
        #cfg
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #rename_all
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; it is kept as received and sent back unchanged.
            #[serde(untagged)]
            #other(String),
        }

        #cfg
        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#other(value) => value,
                }
            }
        }

        #cfg
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn union_def(def: &TypeDef, union: &Union, cfg: &TokenStream) -> TokenStream {
    let name = def.name.to_tokens();
    let discriminated = union.discriminator.as_ref().filter(|_| union.variants.iter().all(|v| !v.tags.is_empty()));
    let how = match discriminated {
        Some(property) => format!("Which variant a value is follows from its `{property}` property."),
        None => "A value is the first variant, in the order below, that it deserializes as.".to_owned(),
    };
    let docs = docs::outer(&docs::paragraphs([docs::spec(def.docs.as_deref()).as_deref(), Some(&how)]));
    let variants = union.variants.iter().map(|variant| {
        let variant_name = variant.name.to_tokens();
        let ty = local_ty(&variant.ty);
        let ty = if variant.boxed { quote! { Box<#ty> } } else { ty };
        let tags = match variant.tags.as_slice() {
            [] => None,
            tags => Some(format!(
                "`{}`: {}.",
                union.discriminator.as_deref().unwrap_or_default(),
                tags.iter().map(|tag| format!("`{tag}`")).collect::<Vec<_>>().join(", ")
            )),
        };
        let doc = docs::outer(&docs::paragraphs([tags.as_deref(), json_reason(&variant.ty).as_deref()]));
        quote! { #doc #variant_name(#ty), }
    });
    let Some(property) = discriminated else {
        return quote! {
            #docs
            #cfg
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }
        };
    };
    let other = union.other.to_tokens();
    let arms = union.variants.iter().map(|variant| {
        let variant_name = variant.name.to_tokens();
        let tags = &variant.tags;
        quote! { Some(#(#tags)|*) => serde_json::from_value(value).map(Self::#variant_name), }
    });
    quote! {
        #docs
        #cfg
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A value whose discriminator this version of the client does not know, kept as received.
            #other(serde_json::Value),
        }

        #cfg
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
                .map_err(serde::de::Error::custom)
            }
        }
    }
}
