//! Schemas into [`TypeDef`]s and [`Ty`] expressions.
//!
//! Every `#/components/schemas` entry becomes a named type; inline object, enum and union schemas
//! become named types too, named from their place (`Destination` + `hostnameSchemaType`), once per
//! place even when several schemas inherit it through `allOf`.
//!
//! - An object, or an `allOf` of objects, is a struct of all their properties. A part that is a
//!   discriminated union (a base schema whose `oneOf` lists the schemas extending it) gives only
//!   its own properties.
//! - A `oneOf` or `anyOf` is a union. Its discriminator is the schema's, or else a property whose
//!   enum values tell every variant apart; without either, a value is the first variant it
//!   deserializes as, and variants requiring more properties are tried first. A union of string
//!   enums is one enum; a union of one schema is that schema.
//! - A schema with a discriminator `mapping` but no `oneOf` is a union of the mapped schemas.
//! - What has no Rust equivalent (`not`, an `allOf` of a string and an object, ...) is any JSON
//!   value, with the reason kept for the documentation.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::{
    EnumVariant, Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Union, UnionVariant, Usage,
};
use crate::error::Error;
use crate::load::{Pointer, Resolver};
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

pub(crate) struct TypeBuilder<'a> {
    resolver: &'a Resolver<'a>,
    /// `#/components/schemas` name to Rust type name, fixed before anything is built.
    component_names: BTreeMap<&'a str, Ident>,
    components: Vec<(&'a str, &'a ReferenceOr<Schema>)>,
    namespace: Namespace,
    defs: BTreeMap<Ident, TypeDef>,
    /// The names given to inline schemas, by their pointer: a schema reached twice (a property
    /// inherited through `allOf` by several schemas) is defined once.
    inline_names: HashMap<String, Ident>,
}

/// A property list gathered from an object schema or from the parts of an `allOf`.
#[derive(Default)]
struct ObjectShape<'s> {
    properties: Vec<Property<'s>>,
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
        refuse_alias_cycles(resolver, &components)?;
        components.sort_by(|a, b| a.0.cmp(b.0));
        for (name, _) in &components {
            component_names.insert(*name, namespace.claim(naming::type_name(name)));
        }
        Ok(TypeBuilder {
            resolver,
            component_names,
            components,
            namespace,
            defs: BTreeMap::new(),
            inline_names: HashMap::new(),
        })
    }

    /// The Rust name of the component schema `name` (which must exist).
    pub(crate) fn component_name(&self, name: &str) -> Ident {
        self.component_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| naming::type_name(name))
    }

    fn file(&self) -> &'a str {
        self.resolver.file()
    }

    /// Defines every component schema and returns all types, sorted by name.
    pub(crate) fn finish(mut self) -> Result<Vec<TypeDef>, Error> {
        let components = std::mem::take(&mut self.components);
        for (name, schema) in components {
            let at = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let rust_name = self.component_name(name);
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.named(reference, &at)?;
                    self.insert(rust_name, None, TypeKind::Alias(target), &at);
                }
                ReferenceOr::Item(schema) => self.define(rust_name, schema, at)?,
            }
        }
        let mut defs: Vec<TypeDef> = self.defs.into_values().collect();
        super::usage::box_cycles(&mut defs);
        Ok(defs)
    }

    fn insert(&mut self, name: Ident, docs: Option<String>, kind: TypeKind, at: &Pointer) {
        let at = at.as_str().to_owned();
        self.defs.insert(
            name.clone(),
            TypeDef {
                name,
                docs,
                kind,
                usage: Usage::default(),
                tags: Default::default(),
                error: false,
                at,
            },
        );
    }

    /// The type a `$ref` to a component schema stands for.
    fn named(&self, reference: &str, at: &Pointer) -> Result<Ty, Error> {
        let name = self.resolver.schema_name(reference, at)?;
        Ok(Ty::Named(self.component_name(name)))
    }

    /// The type of a schema found at `at`, defining a named type if it is an inline object, enum
    /// or union; `parent` and `place` name such a type.
    pub(crate) fn ty(
        &mut self,
        item: &ReferenceOr<Schema>,
        parent: &str,
        place: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        match item {
            ReferenceOr::Reference { reference } => self.named(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, parent, place, at),
        }
    }

    fn boxed_ty(
        &mut self,
        item: &ReferenceOr<Box<Schema>>,
        parent: &str,
        place: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        match item {
            ReferenceOr::Reference { reference } => self.named(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, parent, place, at),
        }
    }

    fn inline(
        &mut self,
        schema: &Schema,
        parent: &str,
        place: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        if let Some(ty) = self.plain_ty(schema, parent, place, at)? {
            return Ok(ty);
        }
        if let Some(name) = self.inline_names.get(at.as_str()) {
            return Ok(Ty::Named(name.clone()));
        }
        let name = self
            .namespace
            .claim(naming::nested_type_name(parent, place));
        self.inline_names
            .insert(at.as_str().to_owned(), name.clone());
        self.define(name.clone(), schema, at.clone())?;
        Ok(Ty::Named(name))
    }

    /// The type of a schema that needs no definition of its own (scalars, arrays, maps,
    /// free-form objects, a lone `allOf` reference), or `None` if it does.
    fn plain_ty(
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

    /// `element`, the type of the schema at `at` as an array's items or a map's values, or when
    /// the array or map of it does not `fit` in the generated crate (see [`fits_in_option`]), an
    /// alias naming it from its place, as an inline object is named.
    fn element(
        &mut self,
        element: Ty,
        fits: bool,
        docs: Option<String>,
        parent: &str,
        place: &str,
        at: &Pointer,
    ) -> Ty {
        if fits {
            return element;
        }
        if let Some(name) = self.inline_names.get(at.as_str()) {
            return Ty::Named(name.clone());
        }
        let name = self
            .namespace
            .claim(naming::nested_type_name(parent, place));
        self.inline_names
            .insert(at.as_str().to_owned(), name.clone());
        self.insert(name.clone(), docs, TypeKind::Alias(element), at);
        Ty::Named(name)
    }

    /// Defines the named type `name` for `schema`.
    fn define(&mut self, name: Ident, schema: &Schema, at: Pointer) -> Result<(), Error> {
        let docs = schema_docs(schema);
        let kind = self.kind_of(&name, schema, &at, 0)?;
        self.insert(name, docs, kind, &at);
        Ok(())
    }

    /// What the named type `name` for `schema` is.
    fn kind_of(
        &mut self,
        name: &Ident,
        schema: &Schema,
        at: &Pointer,
        depth: usize,
    ) -> Result<TypeKind, Error> {
        if let Some(values) = direct_enum(schema) {
            return Ok(TypeKind::Enum(string_enum(
                values.iter().map(String::as_str),
            )));
        }
        if let Some((items, key)) = union_items(schema) {
            let items_at = at.join(key);
            // A union of string enums is one string enum with all their values.
            if let Some(values) = self.union_enum_values(items, &items_at, 0)? {
                return Ok(TypeKind::Enum(string_enum(
                    values.iter().map(String::as_str),
                )));
            }
            if let ([only], None) = (items, &schema.schema_data.discriminator) {
                let only_at = items_at.join("0");
                return match only {
                    ReferenceOr::Reference { reference } => {
                        Ok(TypeKind::Alias(self.named(reference, &only_at)?))
                    }
                    ReferenceOr::Item(inner) if depth < MAX_DEPTH => {
                        self.kind_of(name, inner, &only_at, depth + 1)
                    }
                    ReferenceOr::Item(_) => Ok(TypeKind::Alias(Ty::Json(TOO_DEEP.to_owned()))),
                };
            }
            return Ok(TypeKind::Union(
                self.union_of(name, items, schema, &items_at)?,
            ));
        }
        if let Some(union) = self.mapped_union(name, schema, at)? {
            return Ok(TypeKind::Union(union));
        }
        // An object without properties is a map (or any JSON object), not an empty struct.
        if own_object(schema).is_some_and(|(properties, ..)| !properties.is_empty())
            || !all_of_parts(schema).is_empty()
        {
            return Ok(match self.shape_of(schema, at, None)? {
                Some(shape) => TypeKind::Struct(self.struct_of(name, shape)?),
                None => TypeKind::Alias(Ty::Json(
                    "an `allOf` of schemas that are not all objects has no Rust equivalent"
                        .to_owned(),
                )),
            });
        }
        let ty = self
            .plain_ty(schema, name.unraw(), "", at)?
            .unwrap_or_else(|| Ty::Json("the schema's shape has no Rust equivalent".to_owned()));
        Ok(TypeKind::Alias(ty))
    }

    /// The properties of an object schema, its own and those of its `allOf` parts (a part that is
    /// a discriminated union contributes only its own properties, as a base schema does), or
    /// `None` if a part is not an object. `owner` is the component the schema belongs to.
    fn shape_of<'s>(
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

    fn struct_of(&mut self, owner: &Ident, shape: ObjectShape<'_>) -> Result<Struct, Error> {
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

    /// A `oneOf` or `anyOf`. Its discriminator is the schema's, else a property whose enum values
    /// tell every variant apart; without one, a value is the first variant it deserializes as, so
    /// the variants that require the most properties come first.
    fn union_of(
        &mut self,
        owner: &Ident,
        items: &[ReferenceOr<Schema>],
        schema: &Schema,
        at: &Pointer,
    ) -> Result<Union, Error> {
        let mut variants = Vec::with_capacity(items.len());
        let mut wanted = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_at = at.join(index.to_string());
            let title = match item {
                ReferenceOr::Item(inner) => inner
                    .schema_data
                    .title
                    .as_deref()
                    .filter(|title| !title.trim().is_empty()),
                ReferenceOr::Reference { .. } => None,
            };
            let place = title.map_or_else(|| format!("variant {index}"), str::to_owned);
            let ty = self.ty(item, owner.unraw(), &place, &item_at)?;
            wanted.push(match (&ty, item, title) {
                (Ty::Named(name), ReferenceOr::Reference { .. }, _) => name.clone(),
                (_, _, Some(title)) => naming::camel(title, "Variant"),
                (ty, ..) => naming::camel(ty_word(ty), "Variant"),
            });
            variants.push(UnionVariant {
                name: placeholder(),
                ty,
                tags: Vec::new(),
                boxed: false,
            });
        }
        let discriminator = match &schema.schema_data.discriminator {
            Some(discriminator) => {
                // Each mapping value resolved once: unions of a hundred variants map as many values.
                let mapping_at = at.join("discriminator").join("mapping");
                let mapped: Vec<(&String, Option<&str>)> = discriminator
                    .mapping
                    .iter()
                    .map(|(value, target)| {
                        (value, self.mapping_target(target, &mapping_at.join(value)))
                    })
                    .collect();
                for (variant, (index, item)) in variants.iter_mut().zip(items.iter().enumerate()) {
                    if let ReferenceOr::Reference { reference } = item {
                        let item_at = at.join(index.to_string());
                        let target = self.resolver.schema_name(reference, &item_at)?;
                        variant.tags.extend(
                            mapped
                                .iter()
                                .filter(|(_, mapped)| *mapped == Some(target))
                                .map(|(value, _)| (*value).clone()),
                        );
                        if variant.tags.is_empty() {
                            variant.tags.push(target.to_owned());
                        }
                    }
                }
                Some(discriminator.property_name.clone())
            }
            None => match self.inferred_discriminator(items, at)? {
                Some((property, tags)) => {
                    for (variant, tags) in variants.iter_mut().zip(tags) {
                        variant.tags = tags;
                    }
                    Some(property)
                }
                None => None,
            },
        };
        let tagged =
            discriminator.is_some() && variants.iter().all(|variant| !variant.tags.is_empty());
        name_variants(&mut variants, &wanted, tagged);
        if !tagged {
            let mut required = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                required.push(self.required_count(item, &at.join(index.to_string()))?);
            }
            let mut order: Vec<usize> = (0..variants.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(required.get(i).copied().unwrap_or(0)));
            let mut slots: Vec<Option<UnionVariant>> = variants.into_iter().map(Some).collect();
            variants = order
                .iter()
                .filter_map(|&i| slots.get_mut(i).and_then(Option::take))
                .collect();
        }
        let other = other_name(&variants);
        Ok(Union {
            variants,
            discriminator,
            other,
        })
    }

    /// A schema with a `discriminator` whose `mapping` names the schemas that extend it (through
    /// `allOf`), but no `oneOf`: a value of it is one of those schemas.
    fn mapped_union(
        &mut self,
        owner: &Ident,
        schema: &Schema,
        at: &Pointer,
    ) -> Result<Option<Union>, Error> {
        let Some(discriminator) = &schema.schema_data.discriminator else {
            return Ok(None);
        };
        let mut targets: IndexMap<&'a str, Vec<String>> = IndexMap::new();
        for (value, target) in &discriminator.mapping {
            let Some(target) = self.mapping_target(target, at) else {
                continue;
            };
            if self.component_name(target) != *owner {
                targets.entry(target).or_default().push(value.clone());
            }
        }
        if targets.len() < 2 {
            return Ok(None);
        }
        let wanted: Vec<Ident> = targets
            .keys()
            .map(|target| self.component_name(target))
            .collect();
        let mut variants: Vec<UnionVariant> = wanted
            .iter()
            .zip(targets.into_values())
            .map(|(name, tags)| UnionVariant {
                name: placeholder(),
                ty: Ty::Named(name.clone()),
                tags,
                boxed: false,
            })
            .collect();
        name_variants(&mut variants, &wanted, true);
        let other = other_name(&variants);
        Ok(Some(Union {
            variants,
            discriminator: Some(discriminator.property_name.clone()),
            other,
        }))
    }

    /// The component a discriminator `mapping` value names (`#/components/schemas/Aws` or `Aws`),
    /// if it exists.
    fn mapping_target(&self, target: &str, at: &Pointer) -> Option<&'a str> {
        if target.starts_with('#') {
            self.resolver.schema_name(target, at).ok()
        } else {
            let reference = format!(
                "#/components/schemas/{}",
                target.replace('~', "~0").replace('/', "~1")
            );
            self.resolver.schema_name(&reference, at).ok()
        }
    }

    /// A property every variant has, whose enum values differ from one variant to the next: the
    /// discriminator the schema does not declare. Gives its name and each variant's values.
    fn inferred_discriminator(
        &self,
        items: &[ReferenceOr<Schema>],
        at: &Pointer,
    ) -> Result<Option<Inferred>, Error> {
        if items.len() < 2 {
            return Ok(None);
        }
        let mut shapes = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_at = at.join(index.to_string());
            let (component, schema) = self.resolver.schema(item, &item_at)?;
            let base = component.map_or(item_at, component_pointer);
            match self.shape_of(schema, &base, component)? {
                Some(shape) => shapes.push(shape),
                None => return Ok(None),
            }
        }
        let Some(first) = shapes.first() else {
            return Ok(None);
        };
        'candidates: for candidate in &first.properties {
            let mut seen = BTreeSet::new();
            let mut tags = Vec::with_capacity(shapes.len());
            for shape in &shapes {
                let Some(property) = shape
                    .properties
                    .iter()
                    .find(|property| property.name == candidate.name)
                else {
                    continue 'candidates;
                };
                let (_, schema) = self.resolver.boxed_schema(property.schema, &property.at)?;
                let Some(values) = self.enum_values(schema, &property.at, 0)? else {
                    continue 'candidates;
                };
                let mut own = BTreeSet::new();
                let values: Vec<String> = values
                    .into_iter()
                    .filter(|value| own.insert(value.clone()))
                    .collect();
                if values.is_empty() || !values.iter().all(|value| seen.insert(value.clone())) {
                    continue 'candidates;
                }
                tags.push(values);
            }
            return Ok(Some((candidate.name.to_owned(), tags)));
        }
        Ok(None)
    }

    /// How many properties a union variant requires (0 if it is not an object).
    fn required_count(&self, item: &ReferenceOr<Schema>, at: &Pointer) -> Result<usize, Error> {
        let (component, schema) = self.resolver.schema(item, at)?;
        let base = component.map_or_else(|| at.clone(), component_pointer);
        Ok(self
            .shape_of(schema, &base, component)?
            .map_or(0, |shape| shape.required.len()))
    }

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
    fn union_enum_values(
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
    fn enum_values(
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

/// A discriminator found in the variants' properties: its name, and each variant's values.
type Inferred = (String, Vec<Vec<String>>);

/// clippy's `type_complexity` threshold: a type scoring more is linted.
const COMPLEXITY_THRESHOLD: usize = 250;

/// Whether the generated crate can write an array (`Vec<T>`) or a map (`BTreeMap<String, T>`)
/// of `element` without clippy's `type_complexity` lint. The deepest it writes one is an optional
/// field, parameter or body, `Option<Vec<T>>`: `Option<BTreeMap<String, BTreeMap<String,
/// Vec<X>>>>` scores 220 and passes, while three maps deep, or two maps of JSON objects, score
/// 270 and do not. (A struct's extra properties, `BTreeMap<String, T>`, are checked on their own;
/// a method's `Result<T, Error>` is async or in a trait impl, which the lint does not score.)
fn fits_in_option(map: bool, element: &Ty) -> bool {
    10 + container_complexity(map, element, 2) <= COMPLEXITY_THRESHOLD
}

/// clippy's `type_complexity` score of `ty` written `nest` generics deep (1 at the top): each
/// type it names scores 10 for each generics level it sits in, `String` keys included.
fn complexity(ty: &Ty, nest: usize) -> usize {
    match ty {
        Ty::String
        | Ty::Bool
        | Ty::I32
        | Ty::I64
        | Ty::F32
        | Ty::F64
        | Ty::Named(_)
        | Ty::Json(_)
        | Ty::Binary => 10 * nest,
        Ty::Array(inner) => container_complexity(false, inner, nest),
        Ty::Map(inner) => container_complexity(true, inner, nest),
        // `serde_json::Map<String, serde_json::Value>`
        Ty::JsonObject => 10 * nest + 2 * 10 * (nest + 1),
    }
}

/// The score of `Vec<element>`, or of `BTreeMap<String, element>` if `map`, `nest` deep.
fn container_complexity(map: bool, element: &Ty, nest: usize) -> usize {
    let key = if map { 10 * (nest + 1) } else { 0 };
    10 * nest + key + complexity(element, nest + 1)
}

/// The documentation of a schema: its description, else its title.
fn schema_docs(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
}

/// How deeply unions of unions are followed before the model gives up on them.
const MAX_DEPTH: usize = 32;

const TOO_DEEP: &str = "the schema nests single-variant unions too deeply";

/// Refuses component schemas that stand for one another in a ring without any of them defining a
/// type (`A` is `$ref: B`, `B` is `allOf: [$ref: A]`): there is nothing to build, and the model
/// would otherwise make them any JSON value in silence. `components` is in the spec's order; the
/// error is at the first schema of the first ring in that order. Recursion through properties,
/// array items or map values defines types and is not refused.
fn refuse_alias_cycles(
    resolver: &Resolver<'_>,
    components: &[(&str, &ReferenceOr<Schema>)],
) -> Result<(), Error> {
    let index: HashMap<&str, usize> = components
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (*name, i))
        .collect();
    // Each schema stands for at most one other: the graph is a function, so walking it from each
    // schema in turn finds every ring, and each schema is walked once.
    let next: Vec<Option<usize>> = components
        .iter()
        .map(|(name, schema)| {
            let at = component_pointer(name);
            alias_target(resolver, schema, &at, 0).and_then(|target| index.get(target).copied())
        })
        .collect();
    // 0: not walked yet, 1: on the current walk, 2: walked.
    let mut state = vec![0u8; components.len()];
    for start in 0..components.len() {
        let mut walk = Vec::new();
        let mut current = Some(start);
        while let Some(node) = current {
            match state.get(node).copied() {
                Some(0) => {
                    set_state(&mut state, node, 1);
                    walk.push(node);
                    current = next.get(node).copied().flatten();
                }
                Some(1) => {
                    let from = walk.iter().position(|&member| member == node).unwrap_or(0);
                    let ring = walk.get(from..).unwrap_or_default();
                    return Err(alias_cycle_error(resolver, components, ring));
                }
                _ => break,
            }
        }
        for node in walk {
            set_state(&mut state, node, 2);
        }
    }
    Ok(())
}

fn set_state(state: &mut [u8], node: usize, value: u8) {
    if let Some(slot) = state.get_mut(node) {
        *slot = value;
    }
}

/// The error for a ring of schemas (indexes into `components`, in the order each names the next),
/// at the one the spec lists first.
fn alias_cycle_error(
    resolver: &Resolver<'_>,
    components: &[(&str, &ReferenceOr<Schema>)],
    ring: &[usize],
) -> Error {
    let first = ring
        .iter()
        .enumerate()
        .min_by_key(|&(_, &node)| node)
        .map_or(0, |(position, _)| position);
    let names: Vec<&str> = ring
        .iter()
        .cycle()
        .skip(first)
        .take(ring.len())
        .filter_map(|&node| components.get(node).map(|(name, _)| *name))
        .collect();
    let Some(head) = names.first() else {
        return Error::at_pointer(
            resolver.file(),
            "#/components/schemas",
            "schemas refer to each other without ever defining a type",
        );
    };
    let message = if names.len() == 1 {
        format!("the schema `{head}` refers to itself without ever defining a type")
    } else {
        let chain: Vec<String> = names
            .iter()
            .chain([head])
            .map(|name| format!("`{name}`"))
            .collect();
        format!(
            "the schemas {} refer to each other without ever defining a type",
            chain.join(" -> ")
        )
    };
    Error::at_pointer(resolver.file(), component_pointer(head).as_str(), message)
}

/// The component schema `item` (found at `at`) only stands for, if it defines no type of its own:
/// a `$ref`, or, without a discriminator, a single-element `oneOf` or `anyOf` (as the model makes
/// it an alias even beside properties) or a single-element `allOf` with nothing beside it, of a
/// `$ref` or of another such schema. A `$ref` that points at nothing gives `None`: that error is
/// reported where the model follows it.
fn alias_target<'a>(
    resolver: &Resolver<'a>,
    item: &ReferenceOr<Schema>,
    at: &Pointer,
    depth: usize,
) -> Option<&'a str> {
    let schema = match item {
        ReferenceOr::Reference { reference } => return resolver.schema_name(reference, at).ok(),
        ReferenceOr::Item(schema) => schema,
    };
    if schema.schema_data.discriminator.is_some()
        || direct_enum(schema).is_some()
        || depth >= MAX_DEPTH
    {
        return None;
    }
    let (only, only_at) = match union_items(schema) {
        Some(([only], key)) => (only, at.join(key).join("0")),
        Some(_) => return None,
        None => match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [only] => (only, at.join("allOf").join("0")),
                _ => return None,
            },
            _ => return None,
        },
    };
    alias_target(resolver, only, &only_at, depth + 1)
}

/// Names a union's variants: after their discriminator value when each has exactly one, else
/// after their types without the words all of them share.
fn name_variants(variants: &mut [UnionVariant], wanted: &[Ident], tagged: bool) {
    let single_tags = tagged && variants.iter().all(|variant| variant.tags.len() == 1);
    let wanted: Vec<Ident> = if single_tags {
        variants
            .iter()
            .map(|variant| {
                naming::camel(variant.tags.first().map_or("", String::as_str), "Variant")
            })
            .collect()
    } else {
        naming::variant_names(wanted)
    };
    let mut names = Namespace::default();
    for (variant, name) in variants.iter_mut().zip(wanted) {
        variant.name = names.claim(name);
    }
}

/// The catch-all variant's name: `Other`, or `Unrecognized` if a variant is already `Other`.
fn other_name(variants: &[UnionVariant]) -> Ident {
    ["Other", "Unrecognized"]
        .iter()
        .map(|candidate| naming::camel(candidate, "Other"))
        .find(|candidate| !variants.iter().any(|variant| variant.name == *candidate))
        .unwrap_or_else(|| {
            let mut names = Namespace::default();
            for variant in variants {
                names.claim(variant.name.clone());
            }
            names.claim(naming::camel("Other", "Other"))
        })
}

/// A variant's name before [`name_variants`] gives the real one.
fn placeholder() -> Ident {
    naming::camel("Variant", "Variant")
}

fn component_pointer(name: &str) -> Pointer {
    Pointer::root()
        .join("components")
        .join("schemas")
        .join(name)
}

/// The items of a non-empty `oneOf` or `anyOf`, and which of the two it is.
fn union_items(schema: &Schema) -> Option<(&[ReferenceOr<Schema>], &'static str)> {
    let (items, key): (&[ReferenceOr<Schema>], _) = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
        SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
        SchemaKind::Any(any) if !any.one_of.is_empty() => (&any.one_of, "oneOf"),
        SchemaKind::Any(any) => (&any.any_of, "anyOf"),
        _ => return None,
    };
    (!items.is_empty()).then_some((items, key))
}

fn all_of_parts(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

type OwnObject<'s> = (
    &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    &'s [String],
    Option<&'s AdditionalProperties>,
);

/// The properties, required names and extra properties a schema declares itself, if it is an
/// object (for an untyped schema: if it declares any of them).
fn own_object(schema: &Schema) -> Option<OwnObject<'_>> {
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

/// A schema that constrains nothing (`{}`, or only a description): as an `allOf` part it adds nothing.
fn is_empty_schema(schema: &Schema) -> bool {
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

/// The values of a schema that is itself a string enum.
fn direct_enum(schema: &Schema) -> Option<Vec<String>> {
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

/// One property of an object shape.
struct Property<'s> {
    name: &'s str,
    schema: &'s ReferenceOr<Box<Schema>>,
    at: Pointer,
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

/// A word naming a variant of a union that holds an unnamed type.
fn ty_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "String",
        Ty::Bool => "Boolean",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::F32 | Ty::F64 => "Number",
        Ty::Array(_) => "Array",
        Ty::Map(_) | Ty::JsonObject => "Object",
        Ty::Binary => "Binary",
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
