//! String enums: a schema's values, a union of string enums as one enum, the enum type made of
//! them, and which schemas have a text form (scalars, string enums, arrays of them) for
//! parameters.

use std::collections::HashSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schema::union_items;
use super::{MAX_DEPTH, TypeBuilder};
use crate::error::Error;
use crate::load::Pointer;
use crate::model::{EnumVariant, StringEnum};
use crate::naming::{self, Namespace};

impl<'a> TypeBuilder<'a> {
    /// Whether a parameter's schema has a text form: a scalar, a string enum (or a union of
    /// them), or an array of those.
    pub(crate) fn has_text_form(
        &self,
        item: &ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Result<bool, Error> {
        let (_, schema) = self.resolver.schema(item, at)?;
        self.is_text(schema, at, true)
    }

    fn is_text(&self, schema: &Schema, at: &Pointer, array_allowed: bool) -> Result<bool, Error> {
        if self.enum_values(schema, at, 0)?.is_some() {
            return Ok(true);
        }
        let items = match &schema.schema_kind {
            SchemaKind::Type(
                Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_),
            ) => return Ok(true),
            SchemaKind::Type(Type::Array(array)) => array.items.as_ref(),
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && union_items(schema).is_none()
                    && any.all_of.is_empty() =>
            {
                match any.typ.as_deref() {
                    Some("string" | "integer" | "number" | "boolean") => return Ok(true),
                    Some("array") => any.items.as_ref(),
                    _ => return Ok(false),
                }
            }
            SchemaKind::AllOf { all_of } => {
                return match all_of.as_slice() {
                    [only] => {
                        let only_at = at.join("allOf").join("0");
                        let (_, inner) = self.resolver.schema(only, &only_at)?;
                        self.is_text(inner, &only_at, array_allowed)
                    }
                    _ => Ok(false),
                };
            }
            _ => return Ok(false),
        };
        match items {
            Some(items) if array_allowed => {
                let items_at = at.join("items");
                let (_, inner) = self.resolver.boxed_schema(items, &items_at)?;
                self.is_text(inner, &items_at, false)
            }
            _ => Ok(false),
        }
    }

    /// The values of a union whose variants are all string enums, or `None`.
    pub(super) fn union_enum_values(
        &self,
        items: &[ReferenceOr<Schema>],
        at: &Pointer,
        depth: usize,
    ) -> Result<Option<Vec<String>>, Error> {
        let mut values = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_at = at.join(index.to_string());
            let (_, schema) = self.resolver.schema(item, &item_at)?;
            match self.enum_values(schema, &item_at, depth + 1)? {
                Some(more) => values.extend(more),
                None => return Ok(None),
            }
        }
        Ok(Some(values))
    }

    /// The values of a string enum, or of a union of string enums; `None` for anything else.
    pub(super) fn enum_values(
        &self,
        schema: &Schema,
        at: &Pointer,
        depth: usize,
    ) -> Result<Option<Vec<String>>, Error> {
        if let Some(values) = direct_enum(schema) {
            return Ok(Some(values));
        }
        match union_items(schema) {
            Some((items, key)) if depth < MAX_DEPTH => {
                self.union_enum_values(items, &at.join(key), depth)
            }
            _ => Ok(None),
        }
    }
}

/// The values of a schema that is itself a string enum.
pub(super) fn direct_enum(schema: &Schema) -> Option<Vec<String>> {
    let values: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            string.enumeration.iter().flatten().cloned().collect()
        }
        SchemaKind::Any(any)
            if any.typ.as_deref().is_none_or(|typ| typ == "string")
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.all_of.is_empty()
                && any.properties.is_empty()
                && any
                    .enumeration
                    .iter()
                    .all(|value| value.is_string() || value.is_null()) =>
        {
            any.enumeration
                .iter()
                .filter_map(serde_json::Value::as_str)
                .map(str::to_owned)
                .collect()
        }
        _ => return None,
    };
    (!values.is_empty()).then_some(values)
}

pub(super) fn string_enum<'v>(values: impl Iterator<Item = &'v str>) -> StringEnum {
    let mut names = Namespace::default();
    let mut variants: Vec<EnumVariant> = Vec::new();
    let mut seen = HashSet::new();
    for value in values {
        if !seen.insert(value) {
            continue;
        }
        variants.push(EnumVariant {
            name: names.claim(naming::variant_name(value)),
            wire_value: value.to_owned(),
        });
    }
    let other = ["Other", "Unrecognized"]
        .iter()
        .map(|candidate| naming::camel(candidate, "Other"))
        .find(|candidate| !variants.iter().any(|variant| variant.name == *candidate))
        .unwrap_or_else(|| names.claim(naming::camel("Other", "Other")));
    StringEnum { variants, other }
}
