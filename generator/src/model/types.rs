//! Schemas into [`TypeDef`]s and [`Ty`] expressions.
//!
//! Every `#/components/schemas` entry becomes a named type; inline object, enum and union schemas
//! become named types too, named from their place (`Destination` + `hostnameSchemaType`).

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::{EnumVariant, Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Union, UnionVariant, Usage};
use crate::error::Error;
use crate::load::{Pointer, Resolver};
use crate::naming::{self, Ident, Namespace};

/// Property names whose string values are credentials, matched case-insensitively on the name's end.
const SECRET_SUFFIXES: &[&str] =
    &["password", "passphrase", "secret", "token", "privatekey", "apikey", "servicekey", "routingkey", "licensekey"];

pub(crate) struct TypeBuilder<'a> {
    resolver: &'a Resolver<'a>,
    /// `#/components/schemas` name to Rust type name, fixed before anything is built.
    component_names: BTreeMap<&'a str, Ident>,
    components: Vec<(&'a str, &'a ReferenceOr<Schema>)>,
    namespace: Namespace,
    defs: BTreeMap<Ident, TypeDef>,
}

/// A property list gathered from an object schema or from the parts of an `allOf`.
#[derive(Default)]
struct ObjectShape<'s> {
    properties: Vec<(&'s str, &'s ReferenceOr<Box<Schema>>, Pointer)>,
    required: Vec<&'s str>,
    additional: Option<(&'s AdditionalProperties, Pointer)>,
}

impl<'a> TypeBuilder<'a> {
    pub(crate) fn new(resolver: &'a Resolver<'a>) -> Result<Self, Error> {
        let mut namespace = Namespace::default();
        let mut component_names = BTreeMap::new();
        let mut components: Vec<(&'a str, &'a ReferenceOr<Schema>)> = resolver
            .document()
            .components
            .iter()
            .flat_map(|components| components.schemas.iter())
            .map(|(name, schema)| (name.as_str(), schema))
            .collect();
        components.sort_by(|a, b| a.0.cmp(b.0));
        for (name, _) in &components {
            component_names.insert(*name, namespace.claim(naming::type_name(name)));
        }
        Ok(TypeBuilder { resolver, component_names, components, namespace, defs: BTreeMap::new() })
    }

    /// The Rust name of the component schema `name` (which must exist).
    pub(crate) fn component_name(&self, name: &str) -> Ident {
        self.component_names.get(name).cloned().unwrap_or_else(|| naming::type_name(name))
    }

    fn file(&self) -> &'a str {
        self.resolver.file()
    }

    /// Defines every component schema and returns all types, sorted by name.
    pub(crate) fn finish(mut self) -> Result<Vec<TypeDef>, Error> {
        let components = std::mem::take(&mut self.components);
        for (name, schema) in components {
            let at = Pointer::root().join("components").join("schemas").join(name);
            let rust_name = self.component_name(name);
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.named(reference, &at)?;
                    self.insert(rust_name, None, TypeKind::Alias(target));
                }
                ReferenceOr::Item(schema) => self.define(rust_name, schema, at)?,
            }
        }
        let mut defs: Vec<TypeDef> = self.defs.into_values().collect();
        super::usage::box_cycles(&mut defs);
        Ok(defs)
    }

    fn insert(&mut self, name: Ident, docs: Option<String>, kind: TypeKind) {
        self.defs.insert(name.clone(), TypeDef { name, docs, kind, usage: Usage::default(), tags: Default::default() });
    }

    /// The type a `$ref` to a component schema stands for.
    fn named(&self, reference: &str, at: &Pointer) -> Result<Ty, Error> {
        let name = self.resolver.schema_name(reference, at)?;
        Ok(Ty::Named(self.component_name(name)))
    }

    /// The type of a schema found at `at`, defining a named type if it is an inline object, enum
    /// or union; `parent` and `place` name such a type.
    pub(crate) fn ty(&mut self, item: &ReferenceOr<Schema>, parent: &str, place: &str, at: &Pointer) -> Result<Ty, Error> {
        match item {
            ReferenceOr::Reference { reference } => self.named(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, parent, place, at),
        }
    }

    fn boxed_ty(&mut self, item: &ReferenceOr<Box<Schema>>, parent: &str, place: &str, at: &Pointer) -> Result<Ty, Error> {
        match item {
            ReferenceOr::Reference { reference } => self.named(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, parent, place, at),
        }
    }

    fn inline(&mut self, schema: &Schema, parent: &str, place: &str, at: &Pointer) -> Result<Ty, Error> {
        if let Some(ty) = self.plain_ty(schema, parent, place, at)? {
            return Ok(ty);
        }
        let name = self.namespace.claim(naming::nested_type_name(parent, place));
        self.define(name.clone(), schema, at.clone())?;
        Ok(Ty::Named(name))
    }

    /// The type of a schema that needs no definition of its own (scalars, arrays, maps,
    /// free-form objects, a lone `allOf` reference), or `None` if it does.
    fn plain_ty(&mut self, schema: &Schema, parent: &str, place: &str, at: &Pointer) -> Result<Option<Ty>, Error> {
        Ok(Some(match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if string.enumeration.iter().any(Option::is_some) {
                    return Ok(None);
                }
                Ty::String
            }
            SchemaKind::Type(Type::Integer(integer)) => integer_ty(&integer.format),
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
                _ => Ty::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(array)) => self.array_ty(array.items.as_ref(), parent, place, at)?,
            SchemaKind::Type(Type::Object(object)) => {
                if !object.properties.is_empty() {
                    return Ok(None);
                }
                self.map_ty(object.additional_properties.as_ref(), parent, place, at)?
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => match &all_of[0] {
                ReferenceOr::Reference { reference } => self.named(reference, &at.join("allOf").join("0"))?,
                ReferenceOr::Item(_) => return Ok(None),
            },
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => return Ok(None),
            SchemaKind::Not { .. } => Ty::Json("`not` schemas have no Rust equivalent".to_owned()),
            SchemaKind::Any(any) => {
                if !any.properties.is_empty() || !any.all_of.is_empty() || !any.one_of.is_empty() || !any.any_of.is_empty()
                {
                    return Ok(None);
                }
                match any.typ.as_deref() {
                    Some("string") if !any.enumeration.is_empty() => return Ok(None),
                    Some("string") => Ty::String,
                    Some("integer") => Ty::I64,
                    Some("number") => Ty::F64,
                    Some("boolean") => Ty::Bool,
                    Some("array") => self.array_ty(any.items.as_ref(), parent, place, at)?,
                    Some("object") => self.map_ty(any.additional_properties.as_ref(), parent, place, at)?,
                    Some(other) => {
                        return Err(Error::at_pointer(
                            self.file(),
                            at.join("type").as_str(),
                            format!("unknown schema type `{other}`: expected string, integer, number, boolean, array or object"),
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

    fn array_ty(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, parent: &str, place: &str, at: &Pointer) -> Result<Ty, Error> {
        Ok(Ty::Array(Box::new(match items {
            Some(items) => self.boxed_ty(items, parent, &format!("{place} item"), &at.join("items"))?,
            None => Ty::Json("the array's `items` are not described".to_owned()),
        })))
    }

    fn map_ty(&mut self, additional: Option<&AdditionalProperties>, parent: &str, place: &str, at: &Pointer) -> Result<Ty, Error> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(values)) => Ty::Map(Box::new(self.ty(
                values,
                parent,
                &format!("{place} value"),
                &at.join("additionalProperties"),
            )?)),
            Some(AdditionalProperties::Any(_)) | None => Ty::JsonObject,
        })
    }

    /// Defines the named type `name` for `schema`.
    fn define(&mut self, name: Ident, schema: &Schema, at: Pointer) -> Result<(), Error> {
        let docs = schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone());
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if string.enumeration.iter().any(Option::is_some) => {
                TypeKind::Enum(string_enum(string.enumeration.iter().flatten().map(String::as_str)))
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let shape = ObjectShape::of(&object.properties, &object.required, object.additional_properties.as_ref(), &at);
                TypeKind::Struct(self.struct_of(&name, shape)?)
            }
            SchemaKind::AllOf { all_of } => match self.all_of_shape(all_of, &at)? {
                Some(shape) => TypeKind::Struct(self.struct_of(&name, shape)?),
                None => TypeKind::Alias(Ty::Json(
                    "an `allOf` of schemas that are not all objects has no Rust equivalent".to_owned(),
                )),
            },
            SchemaKind::OneOf { one_of } => TypeKind::Union(self.union_of(&name, one_of, schema, &at.join("oneOf"))?),
            SchemaKind::AnyOf { any_of } => TypeKind::Union(self.union_of(&name, any_of, schema, &at.join("anyOf"))?),
            SchemaKind::Any(any) if any.typ.as_deref() == Some("string") && !any.enumeration.is_empty() => {
                TypeKind::Enum(string_enum(any.enumeration.iter().filter_map(serde_json::Value::as_str)))
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                let shape = ObjectShape::of(&any.properties, &any.required, any.additional_properties.as_ref(), &at);
                TypeKind::Struct(self.struct_of(&name, shape)?)
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => match self.all_of_shape(&any.all_of, &at)? {
                Some(shape) => TypeKind::Struct(self.struct_of(&name, shape)?),
                None => TypeKind::Alias(Ty::Json("an `allOf` of schemas that are not all objects has no Rust equivalent".to_owned())),
            },
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                TypeKind::Union(self.union_of(&name, &any.one_of, schema, &at.join("oneOf"))?)
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                TypeKind::Union(self.union_of(&name, &any.any_of, schema, &at.join("anyOf"))?)
            }
            _ => {
                let ty = self.plain_ty(schema, name.unraw(), "", &at)?.unwrap_or_else(|| {
                    Ty::Json("the schema's shape has no Rust equivalent".to_owned())
                });
                TypeKind::Alias(ty)
            }
        };
        self.insert(name, docs, kind);
        Ok(())
    }

    /// Gathers the properties of every part of an `allOf`, or `None` if a part is not an object.
    fn all_of_shape<'s>(&self, parts: &'s [ReferenceOr<Schema>], at: &Pointer) -> Result<Option<ObjectShape<'s>>, Error>
    where
        'a: 's,
    {
        let mut shape = ObjectShape::default();
        for (index, part) in parts.iter().enumerate() {
            let part_at = at.join("allOf").join(index.to_string());
            let (component, schema) = self.resolver.schema(part, &part_at)?;
            let base = match component {
                Some(name) => Pointer::root().join("components").join("schemas").join(name),
                None => part_at,
            };
            if !self.add_to_shape(&mut shape, schema, &base, 0)? {
                return Ok(None);
            }
        }
        Ok(Some(shape))
    }

    fn add_to_shape<'s>(&self, shape: &mut ObjectShape<'s>, schema: &'s Schema, at: &Pointer, depth: usize) -> Result<bool, Error>
    where
        'a: 's,
    {
        if depth > 32 {
            return Err(Error::at_pointer(self.file(), at.as_str(), "`allOf` nests too deeply: the parts form a cycle"));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                shape.extend(ObjectShape::of(&object.properties, &object.required, object.additional_properties.as_ref(), at));
                Ok(true)
            }
            SchemaKind::Any(any) if any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                if any.typ.as_deref().is_some_and(|typ| typ != "object") {
                    return Ok(false);
                }
                shape.extend(ObjectShape::of(&any.properties, &any.required, any.additional_properties.as_ref(), at));
                Ok(true)
            }
            SchemaKind::AllOf { all_of } => {
                for (index, part) in all_of.iter().enumerate() {
                    let part_at = at.join("allOf").join(index.to_string());
                    let (component, inner) = self.resolver.schema(part, &part_at)?;
                    let base = match component {
                        Some(name) => Pointer::root().join("components").join("schemas").join(name),
                        None => part_at,
                    };
                    if !self.add_to_shape(shape, inner, &base, depth + 1)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn struct_of(&mut self, owner: &Ident, shape: ObjectShape<'_>) -> Result<Struct, Error> {
        let mut names = Namespace::default();
        let mut fields = Vec::with_capacity(shape.properties.len());
        for (wire_name, property, at) in shape.properties {
            let (_, schema) = self.resolver.boxed_schema(property, &at)?;
            let ty = self.boxed_ty(property, owner.unraw(), wire_name, &at)?;
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
            });
        }
        let additional = match shape.additional {
            Some((AdditionalProperties::Schema(values), at)) => {
                Some(self.ty(values, owner.unraw(), "additional property", &at.join("additionalProperties"))?)
            }
            Some((AdditionalProperties::Any(true), _)) => Some(Ty::Json("additional properties are not described".to_owned())),
            Some((AdditionalProperties::Any(false), _)) | None => None,
        };
        Ok(Struct { fields, additional })
    }

    fn union_of(&mut self, owner: &Ident, items: &[ReferenceOr<Schema>], schema: &Schema, at: &Pointer) -> Result<Union, Error> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut names = Namespace::default();
        let mut variants = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_at = at.join(index.to_string());
            let ty = self.ty(item, owner.unraw(), &format!("variant {index}"), &item_at)?;
            let wanted = match (&ty, item) {
                (Ty::Named(name), ReferenceOr::Reference { .. }) => name.clone(),
                (ty, _) => naming::camel(ty_word(ty), "Variant"),
            };
            let mut tags = Vec::new();
            if let (Some(discriminator), ReferenceOr::Reference { reference }) = (discriminator, item) {
                tags.extend(
                    discriminator.mapping.iter().filter(|(_, target)| *target == reference).map(|(value, _)| value.clone()),
                );
                if tags.is_empty() {
                    tags.extend(self.resolver.schema_name(reference, &item_at).map(str::to_owned));
                }
            }
            variants.push(UnionVariant { name: names.claim(wanted), ty, tags });
        }
        let other = names.claim(naming::camel("Other", "Other"));
        Ok(Union { variants, discriminator: discriminator.map(|d| d.property_name.clone()), other })
    }
}

impl<'s> ObjectShape<'s> {
    fn of(
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
        at: &Pointer,
    ) -> Self {
        ObjectShape {
            properties: properties
                .iter()
                .map(|(name, schema)| (name.as_str(), schema, at.join("properties").join(name)))
                .collect(),
            required: required.iter().map(String::as_str).collect(),
            additional: additional.map(|additional| (additional, at.clone())),
        }
    }

    /// Adds `other`'s properties; a property named twice keeps its first place and takes the later schema.
    fn extend(&mut self, other: ObjectShape<'s>) {
        for property in other.properties {
            match self.properties.iter_mut().find(|(name, _, _)| *name == property.0) {
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
    }
}

fn integer_ty(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Ty {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
        _ => Ty::I64,
    }
}

fn string_enum<'v>(values: impl Iterator<Item = &'v str>) -> StringEnum {
    let mut names = Namespace::default();
    let mut variants: Vec<EnumVariant> = Vec::new();
    for value in values {
        if variants.iter().any(|variant| variant.wire_value == value) {
            continue;
        }
        variants.push(EnumVariant { name: names.claim(naming::variant_name(value)), wire_value: value.to_owned() });
    }
    let other = ["Other", "Unrecognized"]
        .iter()
        .map(|candidate| naming::camel(candidate, "Other"))
        .find(|candidate| !variants.iter().any(|variant| variant.name == *candidate))
        .unwrap_or_else(|| names.claim(naming::camel("Other", "Other")));
    StringEnum { variants, other }
}

/// A word naming a variant of a union that holds an unnamed type.
fn ty_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "String",
        Ty::Bool => "Boolean",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::F32 | Ty::F64 => "Number",
        Ty::Array(_) => "Array",
        Ty::Map(_) | Ty::JsonObject => "Object",
        Ty::Named(_) | Ty::Json(_) => "Value",
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
