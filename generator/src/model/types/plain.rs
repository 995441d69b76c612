//! Schemas that need no type of their own: scalars, arrays, maps, free-form objects and a lone
//! `allOf` or single-variant union reference, as [`Ty`] expressions. An array's items or a map's
//! values may still be inline types, named from their place.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::TypeBuilder;
use super::complexity::fits_in_option;
use super::enums::direct_enum;
use super::schema::{own_object, schema_docs, union_items};
use crate::error::Error;
use crate::load::Pointer;
use crate::model::Ty;

impl<'a> TypeBuilder<'a> {
    /// The type of a schema that needs no definition of its own (scalars, arrays, maps,
    /// free-form objects, a lone `allOf` reference), or `None` if it does.
    pub(super) fn plain_ty(
        &mut self,
        schema: &Schema,
        parent: &str,
        place: &str,
        at: &Pointer,
    ) -> Result<Option<Ty>, Error> {
        let mapped = schema
            .schema_data
            .discriminator
            .as_ref()
            .is_some_and(|discriminator| !discriminator.mapping.is_empty());
        if mapped || direct_enum(schema).is_some() {
            return Ok(None);
        }
        if let Some(([ReferenceOr::Reference { reference }], key)) = union_items(schema)
            && schema.schema_data.discriminator.is_none()
            && own_object(schema).is_none()
        {
            return Ok(Some(self.named(reference, &at.join(key).join("0"))?));
        }
        Ok(Some(match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if string.enumeration.iter().any(Option::is_some) {
                    return Ok(None);
                }
                if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) {
                    Ty::Binary
                } else {
                    Ty::String
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => integer_ty(&integer.format),
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
                _ => Ty::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                self.array_ty(array.items.as_ref(), parent, place, at)?
            }
            SchemaKind::Type(Type::Object(object)) => {
                if !object.properties.is_empty() {
                    return Ok(None);
                }
                self.map_ty(object.additional_properties.as_ref(), parent, place, at)?
            }
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [ReferenceOr::Reference { reference }] => {
                    self.named(reference, &at.join("allOf").join("0"))?
                }
                _ => return Ok(None),
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => return Ok(None),
            SchemaKind::Not { .. } => Ty::Json("`not` schemas have no Rust equivalent".to_owned()),
            SchemaKind::Any(any) => {
                if !any.properties.is_empty()
                    || !any.all_of.is_empty()
                    || !any.one_of.is_empty()
                    || !any.any_of.is_empty()
                {
                    return Ok(None);
                }
                match any.typ.as_deref() {
                    Some("string") if !any.enumeration.is_empty() => return Ok(None),
                    Some("string") => Ty::String,
                    Some("integer") if any.format.as_deref() == Some("int32") => Ty::I32,
                    Some("integer") => Ty::I64,
                    Some("number") => Ty::F64,
                    Some("boolean") => Ty::Bool,
                    Some("array") => self.array_ty(any.items.as_ref(), parent, place, at)?,
                    Some("object") => {
                        self.map_ty(any.additional_properties.as_ref(), parent, place, at)?
                    }
                    Some(other) => {
                        return Err(Error::at_pointer(
                            self.file(),
                            at.join("type").as_str(),
                            format!(
                                "unknown schema type `{other}`: expected string, integer, number, boolean, array or object"
                            ),
                        ));
                    }
                    None if any.additional_properties.is_some() => {
                        self.map_ty(any.additional_properties.as_ref(), parent, place, at)?
                    }
                    None => Ty::Json("the schema does not say what type the value has".to_owned()),
                }
            }
        }))
    }

    fn array_ty(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        parent: &str,
        place: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        Ok(match items {
            Some(items) => {
                let (place, at) = (format!("{place} item"), at.join("items"));
                let ty = self.boxed_ty(items, parent, &place, &at)?;
                let nullable = self
                    .resolver
                    .boxed_schema(items, &at)?
                    .1
                    .schema_data
                    .nullable;
                let ty = nullable_ty(ty, nullable);
                let docs = match items {
                    ReferenceOr::Item(schema) => schema_docs(schema),
                    ReferenceOr::Reference { .. } => None,
                };
                let fits = fits_in_option(false, &ty);
                Ty::Array(Box::new(self.element(ty, fits, docs, parent, &place, &at)))
            }
            None => Ty::Array(Box::new(Ty::Json(
                "the array's `items` are not described".to_owned(),
            ))),
        })
    }

    fn map_ty(
        &mut self,
        additional: Option<&AdditionalProperties>,
        parent: &str,
        place: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(values)) => {
                let (place, at) = (format!("{place} value"), at.join("additionalProperties"));
                let ty = self.ty(values, parent, &place, &at)?;
                let nullable = self.resolver.schema(values, &at)?.1.schema_data.nullable;
                let ty = nullable_ty(ty, nullable);
                let docs = match values.as_ref() {
                    ReferenceOr::Item(schema) => schema_docs(schema),
                    ReferenceOr::Reference { .. } => None,
                };
                let fits = fits_in_option(true, &ty);
                Ty::Map(Box::new(self.element(ty, fits, docs, parent, &place, &at)))
            }
            Some(AdditionalProperties::Any(_)) | None => Ty::JsonObject,
        })
    }
}

/// `ty`, or `Option` of it when the schema says the value may be `null` (a JSON value can hold
/// `null` already).
fn nullable_ty(ty: Ty, nullable: bool) -> Ty {
    match ty {
        Ty::Json(_) | Ty::Nullable(_) => ty,
        ty if nullable => Ty::Nullable(Box::new(ty)),
        ty => ty,
    }
}

fn integer_ty(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Ty {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
        _ => Ty::I64,
    }
}
