//! `oneOf` and `anyOf` into unions: their variants, the discriminator (declared, given by a
//! `mapping` without `oneOf`, or inferred from a property whose enum values tell the variants
//! apart), the variants' names, and their order when nothing tells them apart.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};

use super::TypeBuilder;
use super::schema::component_pointer;
use crate::error::Error;
use crate::load::Pointer;
use crate::model::{Ty, Union, UnionVariant};
use crate::naming::{self, Ident, Namespace};

impl<'a> TypeBuilder<'a> {
    /// A `oneOf` or `anyOf`. Its discriminator is the schema's, else a property whose enum values
    /// tell every variant apart; without one, a value is the first variant it deserializes as, so
    /// the variants that require the most properties come first.
    pub(super) fn union_of(
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
    pub(super) fn mapped_union(
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
}

/// A discriminator found in the variants' properties: its name, and each variant's values.
type Inferred = (String, Vec<Vec<String>>);

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
        Ty::Nullable(inner) => ty_word(inner),
    }
}
