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
//!
//! [`TypeBuilder`] is here, with what every schema goes through: naming inline types from their
//! place and deciding what a named type is. The parts: [`plain`] (types that need no definition:
//! scalars, arrays, maps), [`objects`] (structs, `allOf`), [`unions`] (`oneOf`, `anyOf`,
//! discriminators), [`enums`] (string enums, parameters' text form), [`complexity`] (when an array
//! or map is named by an alias), [`alias_cycles`] (schemas that only stand for each other), and
//! [`schema`] (how `openapiv3` spells each kind of schema).

mod alias_cycles;
mod complexity;
mod enums;
mod objects;
mod plain;
mod schema;
mod unions;

use std::collections::{BTreeMap, HashMap};

use openapiv3::{ReferenceOr, Schema};

use self::alias_cycles::refuse_alias_cycles;
use self::enums::{direct_enum, string_enum};
use self::schema::{all_of_parts, own_object, schema_docs, union_items};
use super::{Ty, TypeDef, TypeKind, Usage};
use crate::error::Error;
use crate::load::{Pointer, Resolver};
use crate::naming::{self, Ident, Namespace};

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

    /// The type of a parameter's schema: like [`TypeBuilder::ty`], except that a `$ref` to a
    /// component schema that is an array (directly or through aliases) is that array, not its
    /// name: a parameter sends an array item by item, in its style, and the alias names the same
    /// Rust type. The array is built exactly as the component's own definition builds it (same
    /// names for inline items), so nothing is defined twice.
    pub(crate) fn param_ty(
        &mut self,
        item: &ReferenceOr<Schema>,
        parent: &str,
        place: &str,
        at: &Pointer,
    ) -> Result<Ty, Error> {
        let mut current = item;
        for _ in 0..MAX_DEPTH {
            let ReferenceOr::Reference { reference } = current else {
                break;
            };
            let name = self.resolver.schema_name(reference, at)?;
            let Ok(index) = self.components.binary_search_by(|(n, _)| (*n).cmp(name)) else {
                break;
            };
            let Some(&(name, component)) = self.components.get(index) else {
                break;
            };
            match component {
                ReferenceOr::Reference { .. } => current = component,
                ReferenceOr::Item(schema) if is_array(schema) && direct_enum(schema).is_none() => {
                    let component_at = Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(name);
                    let rust_name = self.component_name(name);
                    if let Some(ty) = self.plain_ty(schema, rust_name.unraw(), "", &component_at)? {
                        return Ok(ty);
                    }
                    break;
                }
                ReferenceOr::Item(_) => break,
            }
        }
        self.ty(item, parent, place, at)
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

    /// `element`, the type of the schema at `at` as an array's items or a map's values, or when
    /// the array or map of it does not `fit` in the generated crate (see
    /// [`fits_in_option`](complexity::fits_in_option)), an alias naming it from its place, as an
    /// inline object is named.
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
                // One referenced scalar, enum or union, narrowed by the schema's own keywords
                // (Discord's `type: integer, enum: [1], allOf: [$ref: MessageComponentTypes]`)
                // or beside parts that only annotate (OpenAI's `allOf: [$ref, {nullable: true}]`):
                // the referenced type holds every value the schema allows.
                None => match lone_reference(all_of_parts(schema)) {
                    Some((index, reference)) if own_object(schema).is_none() => {
                        let ty =
                            self.named(reference, &at.join("allOf").join(index.to_string()))?;
                        // `{nullable: true}` as a part makes the whole nullable.
                        let nullable = all_of_parts(schema).iter().any(|part| {
                            matches!(part, ReferenceOr::Item(part) if part.schema_data.nullable)
                        });
                        TypeKind::Alias(if nullable {
                            Ty::Nullable(Box::new(ty))
                        } else {
                            ty
                        })
                    }
                    _ => TypeKind::Alias(Ty::Json(
                        "an `allOf` of schemas that are not all objects has no Rust equivalent"
                            .to_owned(),
                    )),
                },
            });
        }
        let ty = self
            .plain_ty(schema, name.unraw(), "", at)?
            .unwrap_or_else(|| Ty::Json("the schema's shape has no Rust equivalent".to_owned()));
        Ok(TypeKind::Alias(ty))
    }
}

/// Whether `schema` is an array schema (`type: array`).
fn is_array(schema: &Schema) -> bool {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Array(_)) => true,
        openapiv3::SchemaKind::Any(any) => any.typ.as_deref() == Some("array"),
        _ => false,
    }
}

/// How deeply unions of unions are followed before the model gives up on them.
pub(super) const MAX_DEPTH: usize = 32;

const TOO_DEEP: &str = "the schema nests single-variant unions too deeply";

/// The one `$ref` among `allOf` parts whose others only annotate (`{nullable: true}`, a
/// description), with its index.
fn lone_reference(parts: &[ReferenceOr<Schema>]) -> Option<(usize, &str)> {
    let mut found = None;
    for (index, part) in parts.iter().enumerate() {
        match part {
            ReferenceOr::Reference { reference } if found.is_none() => {
                found = Some((index, reference.as_str()));
            }
            ReferenceOr::Item(schema) if objects::is_empty_schema(schema) => {}
            _ => return None,
        }
    }
    found
}
