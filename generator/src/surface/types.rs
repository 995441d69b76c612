//! How each type of the API is declared in `models.rs`: which fields are `Option`s, which ones
//! `new` takes, which get a `with_*` setter, which are never serialized, and whether a union
//! keeps a catch-all variant. The model says what a schema is; this says what Rust a caller sees.

use crate::model::{Field, TypeDef, TypeKind, Union, Usage};

/// How a field is declared, given the direction its struct travels in.
pub(crate) struct FieldPlan<'f> {
    pub(crate) field: &'f Field,
    /// Declared as `Option<T>`.
    pub(crate) optional: bool,
    /// Taken by `new`.
    pub(crate) in_constructor: bool,
    /// Has a `with_*` setter: types the API only returns are read, or built from JSON in tests,
    /// so only types sent in requests get setters.
    pub(crate) settable: bool,
    /// Never serialized: a read-only field of a type that is sent in requests.
    pub(crate) skip_serializing: bool,
}

pub(crate) fn plan(field: &Field, usage: Usage) -> FieldPlan<'_> {
    let read_only_in_request = usage.request && field.read_only;
    let write_only_in_response = usage.response && field.write_only;
    let optional =
        !field.required || field.nullable || read_only_in_request || write_only_in_response;
    FieldPlan {
        field,
        optional,
        in_constructor: field.required && !read_only_in_request && !write_only_in_response,
        settable: !read_only_in_request && (usage.request || !usage.response),
        skip_serializing: read_only_in_request,
    }
}

/// How `Serialize` writes a field: `None` when it never does.
pub(crate) fn written_as(p: &FieldPlan<'_>) -> Option<&'static str> {
    if p.skip_serializing {
        None
    } else if p.optional && !(p.field.required && p.field.nullable) {
        Some("optional")
    } else {
        Some("field")
    }
}

/// Whether a union's variants are told apart by a discriminator property (every variant has a
/// tag); otherwise a value is the first variant it reads as.
pub(crate) fn is_discriminated(union: &Union) -> bool {
    union.discriminator.is_some()
        && union
            .variants
            .iter()
            .all(|variant| !variant.tags.is_empty())
}

/// The types that read and write JSON through `src/json.rs`: every one but an alias.
pub(crate) fn json_types(types: &[TypeDef]) -> impl Iterator<Item = &TypeDef> {
    types
        .iter()
        .filter(|def| !matches!(def.kind, TypeKind::Alias(_)))
}
