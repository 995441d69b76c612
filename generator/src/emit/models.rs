//! `src/models.rs`: one Rust type per schema.
//!
//! Structs are `#[non_exhaustive]` with a `new` over their required fields and `with_*` setters
//! for the optional ones, so a field MongoDB adds upstream does not break callers. String enums
//! keep values they do not know in a catch-all variant. Secrets never reach `Debug` output.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::tokens::{serde_camel_case, ty_in_models as local_ty};
use crate::model::{Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Union, Usage};

pub(crate) fn file(types: &[TypeDef]) -> TokenStream {
    let items = types.iter().map(type_def);
    let module_docs = docs::inner("The request and response types of the API, one per schema of the spec.");
    quote! {
        #module_docs

        use serde::{Deserialize, Serialize};

        #(#items)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(st) => struct_def(def, st),
        TypeKind::Enum(en) => enum_def(def, en),
        TypeKind::Union(union) => union_def(def, union),
        TypeKind::Alias(ty) => {
            let name = def.name.to_tokens();
            let docs = docs::outer(&alias_docs(def, ty));
            let ty = local_ty(ty);
            quote! { #docs pub type #name = #ty; }
        }
    }
}

fn alias_docs(def: &TypeDef, ty: &Ty) -> String {
    let reason = match ty {
        Ty::Json(reason) => Some(format!("Any JSON value: {reason}.")),
        _ => None,
    };
    docs::paragraphs([docs::spec(def.docs.as_deref()).as_deref(), reason.as_deref()])
}

/// How a field is declared, given the direction its struct travels in.
struct FieldPlan<'f> {
    field: &'f Field,
    /// Declared as `Option<T>`.
    optional: bool,
    /// Taken by `new`.
    in_constructor: bool,
    /// Has a `with_*` setter.
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
        settable: !read_only_in_request,
        skip_serializing: read_only_in_request,
    }
}

fn struct_def(def: &TypeDef, st: &Struct) -> TokenStream {
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
    let debug_impl = has_secret.then(|| secret_debug(def, st));
    let constructor = constructor(def, &plans, st.additional.is_some(), all_optional);

    quote! {
        #docs
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
    let docs = docs::outer(&docs::paragraphs([docs::spec(field.docs.as_deref()).as_deref(), server_set]));
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

fn constructor(def: &TypeDef, plans: &[FieldPlan<'_>], has_additional: bool, all_optional: bool) -> TokenStream {
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
        let doc = docs::outer(&format!("Sets [`{}`](Self::{}).", p.field.name.unraw(), p.field.name));
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
fn secret_debug(def: &TypeDef, st: &Struct) -> TokenStream {
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

fn enum_def(def: &TypeDef, en: &StringEnum) -> TokenStream {
    let name = def.name.to_tokens();
    let docs = docs::outer(&docs::spec(def.docs.as_deref()).unwrap_or_default());
    let other = en.other.to_tokens();
    let variants = en.variants.iter().map(|variant| {
        let variant_name = variant.name.to_tokens();
        let doc = docs::outer(&format!("`{}`", variant.wire_value.replace('`', "'")));
        quote! { #doc #variant_name, }
    });
    let to_wire = en.variants.iter().map(|variant| {
        let variant_name = variant.name.to_tokens();
        let wire = &variant.wire_value;
        quote! { Self::#variant_name => #wire, }
    });
    let from_wire = en.variants.iter().map(|variant| {
        let variant_name = variant.name.to_tokens();
        let wire = &variant.wire_value;
        quote! { #wire => Self::#variant_name, }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; it is kept as received and sent back unchanged.
            #other(String),
        }

        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#other(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

fn union_def(def: &TypeDef, union: &Union) -> TokenStream {
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
        let doc = match variant.tags.as_slice() {
            [] => None,
            tags => Some(docs::outer(&format!(
                "`{}`: {}.",
                union.discriminator.as_deref().unwrap_or_default(),
                tags.iter().map(|tag| format!("`{tag}`")).collect::<Vec<_>>().join(", ")
            ))),
        };
        quote! { #doc #variant_name(#ty), }
    });
    let Some(property) = discriminated else {
        return quote! {
            #docs
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
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A value whose discriminator this version of the client does not know, kept as received.
            #other(serde_json::Value),
        }

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
