//! The `oneOf`/`anyOf` branch a synthesized value takes, and the discriminator value it names.

use serde_json::{Map, Value};

use super::super::validate::{
    all_properties, alternatives, discriminator_property, discriminator_values, last_segment, list,
    reference,
};
use super::{Fill, Reach, Synthesizer};

/// The most discriminator values tried for a schema, in the order of
/// [`discriminator_values`].
const MAX_TAGS_TRIED: usize = 16;

impl Synthesizer<'_> {
    /// The value of a `oneOf`/`anyOf` branch, with the discriminator property and value to set
    /// when a discriminator chose it: the first of the first 16 values the discriminator knows
    /// whose schema's value, tagged and merged with `parts`, satisfies the schema; else, for
    /// each branch in turn, its value or the first of its [`Synthesizer::other_values`] that,
    /// merged with `parts`, satisfies the schema (so matches exactly one `oneOf` branch); else
    /// the first value tried.
    pub(super) fn alternative(
        &mut self,
        schema: &Value,
        parts: &[Value],
        reach: Reach,
    ) -> Option<(Value, Option<(String, String)>)> {
        let mut first = None;
        if let Some(property) = discriminator_property(schema) {
            for (tag, pointer) in discriminator_values(schema)
                .into_iter()
                .take(MAX_TAGS_TRIED)
            {
                let value = self.value(&reference(&pointer), reach.deeper());
                let mut label = Map::new();
                label.insert(property.to_owned(), Value::String(tag.clone()));
                let tagged = Some((property.to_owned(), tag));
                if self.fits(schema, parts, [value.clone(), Value::Object(label)]) {
                    return Some((value, tagged));
                }
                first.get_or_insert((value, tagged));
            }
            if first.is_some() {
                return first;
            }
        }
        let branches: Vec<&Value> = alternatives(schema).collect();
        for (index, branch) in branches.iter().enumerate() {
            let value = self.value(branch, reach.deeper());
            if self.fits(schema, parts, [value.clone()]) {
                return Some((value, None));
            }
            let others = self.other_values(&value, branches.as_slice(), index, reach);
            first.get_or_insert((value, None));
            for other in others {
                if self.fits(schema, parts, [other.clone()]) {
                    return Some((other, None));
                }
            }
        }
        first
    }

    /// Whether `parts` and `more`, merged, satisfy the schema.
    fn fits<const N: usize>(&mut self, schema: &Value, parts: &[Value], more: [Value; N]) -> bool {
        let trial = parts.iter().cloned().chain(more).collect();
        let merged = self.merge(schema, trial);
        self.valid(schema, &merged)
    }

    /// The values tried for the branch at `index` of `branches` after `built`, its value with
    /// this synthesis' fill, each different from those before it: its value with the other
    /// fill; then, for each of these two that is an object, the object with one property set to
    /// an `enum` value of the branch that every other branch refuses there (see
    /// [`Synthesizer::own_options`]), for each such property in turn, and with all of them set
    /// at once.
    fn other_values(
        &mut self,
        built: &Value,
        branches: &[&Value],
        index: usize,
        reach: Reach,
    ) -> Vec<Value> {
        let Some(branch) = branches.get(index).copied() else {
            return Vec::new();
        };
        let fill = self.fill;
        self.fill = match fill {
            Fill::Required => Fill::All,
            Fill::All => Fill::Required,
        };
        let refilled = self.value(branch, reach.deeper());
        self.fill = fill;
        let options = self.own_options(branch, branches, index);
        let mut values = vec![built.clone(), refilled];
        for object in values.clone().iter().filter_map(Value::as_object) {
            let mut all = object.clone();
            for (name, option) in &options {
                let mut one = object.clone();
                one.insert(name.clone(), option.clone());
                values.push(Value::Object(one));
                all.insert(name.clone(), option.clone());
            }
            values.push(Value::Object(all));
        }
        let mut distinct: Vec<Value> = Vec::new();
        for value in values {
            if !distinct.contains(&value) {
                distinct.push(value);
            }
        }
        distinct.retain(|value| value != built);
        distinct
    }

    /// The properties of the branch at `index` of `branches` that can tell it from the others,
    /// each with the first value of its `enum` that every other branch refuses for it: a value
    /// the other branch's schema of that property refuses, or any value when the other branch
    /// has no such property and `additionalProperties: false`. The properties are looked up in
    /// the branch and its `allOf` branches.
    fn own_options(
        &mut self,
        branch: &Value,
        branches: &[&Value],
        index: usize,
    ) -> Vec<(String, Value)> {
        let doc = self.doc;
        let mut options = Vec::new();
        for (name, property) in all_properties(doc, branch) {
            let Some((property, _)) = doc.resolve(property, "") else {
                continue;
            };
            let choices = list(property, "enum").iter().filter(|v| !v.is_null());
            let others = branches
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(_, other)| *other);
            let own = choices.clone().find(|choice| {
                others
                    .clone()
                    .all(|other| self.refuses_property(other, name, choice))
            });
            if let Some(own) = own {
                options.push((name.to_owned(), own.clone()));
            }
        }
        options
    }

    /// Whether the object schema `branch` refuses `value` for its property `name`.
    fn refuses_property(&mut self, branch: &Value, name: &str, value: &Value) -> bool {
        let doc = self.doc;
        let found = all_properties(doc, branch)
            .into_iter()
            .find(|(property, _)| *property == name);
        match found {
            Some((_, property)) => !self.valid(property, value),
            None => doc.resolve(branch, "").is_some_and(|(branch, _)| {
                branch.get("additionalProperties") == Some(&Value::Bool(false))
            }),
        }
    }

    /// The discriminator property and value of a schema with a discriminator whose value is
    /// already being built as one of its subtypes: a referenced schema entered further out for
    /// this same value that the discriminator knows (or, for a base schema without `oneOf` or
    /// `anyOf`, the nearest one by its name, when the property allows it).
    pub(super) fn enclosing_tag(
        &mut self,
        schema: &Value,
        pointer: &str,
    ) -> Option<(String, String)> {
        let property = discriminator_property(schema)?;
        let enclosing: Vec<&str> = self
            .refs
            .iter()
            .rev()
            .filter(|(entered, level)| *level == self.level && entered != pointer)
            .map(|(entered, _)| entered.as_str())
            .collect();
        let known = discriminator_values(schema);
        let tag = enclosing.iter().find_map(|entered| {
            known
                .iter()
                .find(|(_, target)| target == entered)
                .map(|(tag, _)| tag.clone())
        });
        let tag = match tag {
            Some(tag) => tag,
            None if alternatives(schema).next().is_none() => {
                let tag = last_segment(enclosing.first()?);
                let property_schema = schema.get("properties").and_then(|p| p.get(property));
                let allowed = property_schema
                    .is_none_or(|p| self.validator.accepts(p, &Value::String(tag.clone())));
                allowed.then_some(tag)?
            }
            None => return None,
        };
        Some((property.to_owned(), tag))
    }
}
