//! How `openapiv3` spells each kind of schema: a typed `oneOf` or an untyped schema's `one_of`, an
//! `object` type or properties without a type, ... read in one place for the rest of the module.
//! Nothing here defines a type.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use crate::load::Pointer;

/// The documentation of a schema: its description, else its title.
pub(super) fn schema_docs(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
}

pub(super) fn component_pointer(name: &str) -> Pointer {
    Pointer::root()
        .join("components")
        .join("schemas")
        .join(name)
}

/// The items of a non-empty `oneOf` or `anyOf`, and which of the two it is.
pub(super) fn union_items(schema: &Schema) -> Option<(&[ReferenceOr<Schema>], &'static str)> {
    let (items, key): (&[ReferenceOr<Schema>], _) = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
        SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
        SchemaKind::Any(any) if !any.one_of.is_empty() => (&any.one_of, "oneOf"),
        SchemaKind::Any(any) => (&any.any_of, "anyOf"),
        _ => return None,
    };
    (!items.is_empty()).then_some((items, key))
}

pub(super) fn all_of_parts(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

pub(super) type OwnObject<'s> = (
    &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    &'s [String],
    Option<&'s AdditionalProperties>,
);

/// The properties, required names and extra properties a schema declares itself, if it is an
/// object (for an untyped schema: if it declares any of them).
pub(super) fn own_object(schema: &Schema) -> Option<OwnObject<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some((
            &object.properties,
            &object.required,
            object.additional_properties.as_ref(),
        )),
        SchemaKind::Any(any) => {
            let object = match any.typ.as_deref() {
                Some(typ) => typ == "object",
                None => {
                    !any.properties.is_empty()
                        || !any.required.is_empty()
                        || any.additional_properties.is_some()
                }
            };
            object.then_some((
                &any.properties,
                any.required.as_slice(),
                any.additional_properties.as_ref(),
            ))
        }
        _ => None,
    }
}
