//! Object schemas, and `allOf`s of them, into structs: the properties gathered from a schema and
//! its parts (a part that is a discriminated union gives only its own), and the fields made of
//! them, with their extra properties and which of them hold secrets.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::TypeBuilder;
use super::complexity::{COMPLEXITY_THRESHOLD, container_complexity};
use super::schema::{all_of_parts, component_pointer, own_object, schema_docs};
use crate::error::Error;
use crate::load::Pointer;
use crate::model::{Field, Struct, Ty};
use crate::naming::{self, Ident, Namespace};

/// Property names whose string values are credentials, matched case-insensitively on the name's end.
const SECRET_SUFFIXES: &[&str] = &[
    "password",
    "passphrase",
    "secret",
    "token",
    "privatekey",
    "apikey",
    "servicekey",
    "routingkey",
    "licensekey",
];

/// A property list gathered from an object schema or from the parts of an `allOf`.
#[derive(Default)]
pub(super) struct ObjectShape<'s> {
    pub(super) properties: Vec<Property<'s>>,
    pub(super) required: Vec<&'s str>,
    additional: Option<(&'s AdditionalProperties, Pointer)>,
    /// The object schema that declared the shape (the first one, with `allOf` parts).
    at: Option<Pointer>,
}

impl<'a> TypeBuilder<'a> {
    /// The properties of an object schema, its own and those of its `allOf` parts (a part that is
    /// a discriminated union contributes only its own properties, as a base schema does), or
    /// `None` if a part is not an object. `owner` is the component the schema belongs to.
    pub(super) fn shape_of<'s>(
        &self,
        schema: &'s Schema,
        at: &Pointer,
        owner: Option<&'a str>,
    ) -> Result<Option<ObjectShape<'s>>, Error>
    where
        'a: 's,
    {
        let mut shape = ObjectShape::default();
        for (index, part) in all_of_parts(schema).iter().enumerate() {
            let part_at = at.join("allOf").join(index.to_string());
            let (component, inner) = self.resolver.schema(part, &part_at)?;
            let (base, part_owner) = match component {
                Some(name) => (component_pointer(name), Some(name)),
                None => (part_at, owner),
            };
            if !self.add_to_shape(&mut shape, inner, &base, part_owner, 0)? {
                return Ok(None);
            }
        }
        if let Some((properties, required, additional)) = own_object(schema) {
            shape.extend(ObjectShape::of(properties, required, additional, at, owner));
        } else if all_of_parts(schema).is_empty() {
            return Ok(None);
        }
        Ok(Some(shape))
    }

    /// Adds the properties of one `allOf` part (and of its own parts) to `shape`; `false` if the
    /// part is not an object.
    fn add_to_shape<'s>(
        &self,
        shape: &mut ObjectShape<'s>,
        schema: &'s Schema,
        at: &Pointer,
        owner: Option<&'a str>,
        depth: usize,
    ) -> Result<bool, Error>
    where
        'a: 's,
    {
        if depth > 32 {
            return Err(Error::at_pointer(
                self.file(),
                at.as_str(),
                "`allOf` nests too deeply: the parts form a cycle",
            ));
        }
        if is_empty_schema(schema) {
            return Ok(true);
        }
        let parts = all_of_parts(schema);
        let own = own_object(schema);
        if own.is_none() && parts.is_empty() {
            return Ok(false);
        }
        for (index, part) in parts.iter().enumerate() {
            let part_at = at.join("allOf").join(index.to_string());
            let (component, inner) = self.resolver.schema(part, &part_at)?;
            let (base, part_owner) = match component {
                Some(name) => (component_pointer(name), Some(name)),
                None => (part_at, owner),
            };
            if !self.add_to_shape(shape, inner, &base, part_owner, depth + 1)? {
                return Ok(false);
            }
        }
        if let Some((properties, required, additional)) = own {
            shape.extend(ObjectShape::of(properties, required, additional, at, owner));
        }
        Ok(true)
    }

    pub(super) fn struct_of(
        &mut self,
        owner: &Ident,
        shape: ObjectShape<'_>,
    ) -> Result<Struct, Error> {
        // The map of extra properties takes this field name; a property must not.
        let has_additional = matches!(
            shape.additional,
            Some((
                AdditionalProperties::Schema(_) | AdditionalProperties::Any(true),
                _
            ))
        );
        let mut names = if has_additional {
            Namespace::with_reserved(&["additional_properties"])
        } else {
            Namespace::default()
        };
        let mut fields = Vec::with_capacity(shape.properties.len());
        for property in shape.properties {
            let Property {
                name: wire_name,
                schema: item,
                at,
                owner: component,
            } = property;
            let (_, schema) = self.resolver.boxed_schema(item, &at)?;
            // An inline type inherited from an `allOf` base is named after the base, once.
            let parent =
                component.map_or_else(|| owner.clone(), |component| self.component_name(component));
            let ty = self.boxed_ty(item, parent.unraw(), wire_name, &at)?;
            let data = &schema.schema_data;
            fields.push(Field {
                wire_name: wire_name.to_owned(),
                name: names.claim(naming::snake(wire_name, "field")),
                docs: data.description.clone().or_else(|| data.title.clone()),
                secret: is_secret(wire_name, schema, &ty),
                ty,
                required: shape.required.contains(&wire_name),
                nullable: data.nullable,
                read_only: data.read_only,
                write_only: data.write_only,
                boxed: false,
                at: at.as_str().to_owned(),
            });
        }
        // A name the schema requires without describing it (Figma's `team_id` of `putWebhook`)
        // is a property a valid value has: an optional JSON value, so that a body can carry it
        // and an answer without it (the server knows it is not really there) still decodes.
        // Unless the schema allows no other property, which no value could satisfy.
        let closed = matches!(
            shape.additional,
            Some((AdditionalProperties::Any(false), _))
        );
        let at = shape.at.unwrap_or_else(Pointer::root).join("required");
        for wire_name in &shape.required {
            if closed || fields.iter().any(|field| field.wire_name == *wire_name) {
                continue;
            }
            fields.push(Field {
                wire_name: (*wire_name).to_owned(),
                name: names.claim(naming::snake(wire_name, "field")),
                docs: None,
                secret: false,
                ty: Ty::Json("the schema requires this property without describing it".to_owned()),
                required: false,
                nullable: false,
                read_only: false,
                write_only: false,
                boxed: false,
                at: at.as_str().to_owned(),
            });
        }
        let additional = match shape.additional {
            Some((AdditionalProperties::Schema(values), at)) => {
                let at = at.join("additionalProperties");
                let ty = self.ty(values, owner.unraw(), "additional property", &at)?;
                // Written `BTreeMap<String, T>` at the top of a field.
                let fits = container_complexity(true, &ty, 1) <= COMPLEXITY_THRESHOLD;
                let docs = match values.as_ref() {
                    ReferenceOr::Item(schema) => schema_docs(schema),
                    ReferenceOr::Reference { .. } => None,
                };
                Some(self.element(ty, fits, docs, owner.unraw(), "additional property", &at))
            }
            Some((AdditionalProperties::Any(true), _)) => Some(Ty::Json(
                "additional properties are not described".to_owned(),
            )),
            Some((AdditionalProperties::Any(false), _)) | None => None,
        };
        Ok(Struct { fields, additional })
    }
}

/// One property of an object shape.
pub(super) struct Property<'s> {
    pub(super) name: &'s str,
    pub(super) schema: &'s ReferenceOr<Box<Schema>>,
    pub(super) at: Pointer,
    /// The component whose schema declares the property, when it is not the type being built.
    owner: Option<&'s str>,
}

impl<'s> ObjectShape<'s> {
    fn of(
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
        at: &Pointer,
        owner: Option<&'s str>,
    ) -> Self {
        ObjectShape {
            properties: properties
                .iter()
                .map(|(name, schema)| Property {
                    name: name.as_str(),
                    schema,
                    at: at.join("properties").join(name),
                    owner,
                })
                .collect(),
            required: required.iter().map(String::as_str).collect(),
            additional: additional.map(|additional| (additional, at.clone())),
            at: Some(at.clone()),
        }
    }

    /// Adds `other`'s properties; a property named twice keeps its first place and takes the later schema.
    fn extend(&mut self, other: ObjectShape<'s>) {
        for property in other.properties {
            match self
                .properties
                .iter_mut()
                .find(|existing| existing.name == property.name)
            {
                Some(existing) => *existing = property,
                None => self.properties.push(property),
            }
        }
        for name in other.required {
            if !self.required.contains(&name) {
                self.required.push(name);
            }
        }
        if other.additional.is_some() {
            self.additional = other.additional;
        }
        if self.at.is_none() {
            self.at = other.at;
        }
    }
}

/// A schema that constrains nothing (`{}`, or only a description): as an `allOf` part it adds nothing.
pub(super) fn is_empty_schema(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.required.is_empty()
                && any.additional_properties.is_none()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
                && any.enumeration.is_empty()
                && any.items.is_none()
                && any.format.is_none()
        }
        _ => false,
    }
}

/// Whether a property holds a secret: `format: password`, or a string named like a credential.
fn is_secret(wire_name: &str, schema: &Schema, ty: &Ty) -> bool {
    if let SchemaKind::Type(Type::String(string)) = &schema.schema_kind
        && string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
    {
        return true;
    }
    let lower = wire_name.to_ascii_lowercase();
    *ty == Ty::String && SECRET_SUFFIXES.iter().any(|suffix| lower.ends_with(suffix))
}
