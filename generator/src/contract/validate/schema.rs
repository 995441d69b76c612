//! Readers of schema keywords, shared by the validator and the synthesizer.

use serde_json::{Map, Value};

use super::super::document::{Document, escape};

/// Whether the schema keyword `key` is `true`.
pub(crate) fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool) == Some(true)
}

/// Whether a schema lets `null` through: `nullable: true`, or a `type` array holding `"null"`.
pub(crate) fn nullable(schema: &Value) -> bool {
    flag(schema, "nullable") || types(schema).contains(&"null")
}

/// The names in a schema's `type`, whether it is one string or an array of them.
pub(crate) fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The names in a schema's `required` list.
pub(crate) fn required(schema: &Value) -> Vec<&str> {
    list(schema, "required")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

/// The array under the schema keyword `key`, empty when it is absent or not an array.
pub(crate) fn list<'a>(schema: &'a Value, key: &str) -> &'a [Value] {
    schema
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A schema and its `allOf` branches, followed through `$ref` (one level deep): the parts that
/// describe one value together, as the mock server sees them once it has merged `allOf`.
pub(crate) fn with_all_of<'d>(doc: &'d Document, schema: &'d Value) -> Vec<&'d Value> {
    let branches = list(schema, "allOf")
        .iter()
        .filter_map(|branch| doc.resolve(branch, "").map(|(branch, _)| branch));
    std::iter::once(schema).chain(branches).collect()
}

/// The properties an object schema defines, with their schemas: those of the schema (followed
/// through `$ref`), then those of its `allOf` branches (see [`with_all_of`]).
pub(crate) fn all_properties<'d>(
    doc: &'d Document,
    schema: &'d Value,
) -> Vec<(&'d str, &'d Value)> {
    let Some((schema, _)) = doc.resolve(schema, "") else {
        return Vec::new();
    };
    with_all_of(doc, schema)
        .into_iter()
        .filter_map(|part| part.get("properties")?.as_object())
        .flatten()
        .map(|(name, property)| (name.as_str(), property))
        .collect()
}

/// The schema's `oneOf` and `anyOf` branches, in that order.
pub(crate) fn alternatives(schema: &Value) -> impl Iterator<Item = &Value> {
    list(schema, "oneOf").iter().chain(list(schema, "anyOf"))
}

/// The property a schema's `discriminator` names, if it has one.
pub(crate) fn discriminator_property(schema: &Value) -> Option<&str> {
    schema.get("discriminator")?.get("propertyName")?.as_str()
}

/// Every value a schema's discriminator knows, with the pointer of the schema it selects: the
/// `mapping` entries first, in the order of [`serde_json::Map`] (a bare schema name standing for
/// `#/components/schemas/<name>`), then each `oneOf`/`anyOf` branch reference under the last
/// segment of its pointer, the schema's name, which the OpenAPI specification accepts beside
/// the mapping. Empty for a schema without a discriminator.
pub(crate) fn discriminator_values(schema: &Value) -> Vec<(String, String)> {
    let Some(discriminator) = schema.get("discriminator") else {
        return Vec::new();
    };
    let mapping = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(tag, target)| Some((tag.clone(), mapped_pointer(target.as_str()?))));
    let named = alternatives(schema)
        .filter_map(|branch| branch.get("$ref")?.as_str())
        .map(|pointer| (last_segment(pointer), pointer.to_owned()));
    let mut values: Vec<(String, String)> = Vec::new();
    for value in mapping.chain(named) {
        if !values.contains(&value) {
            values.push(value);
        }
    }
    values
}

/// The pointer of the schema the discriminator of `schema` names for `value`, by
/// [`discriminator_target`]; `None` when the schema has no discriminator or `value` is not an
/// object whose discriminator property is a string.
pub(crate) fn discriminated(doc: &Document, schema: &Value, value: &Value) -> Option<String> {
    let tag = value.get(discriminator_property(schema)?)?.as_str()?;
    discriminator_target(doc, schema, tag)
}

/// The pointer of the schema a discriminator value `tag` names: its entry among the
/// [`discriminator_values`], else, for a schema without `oneOf` or `anyOf`, the schema of that
/// name under `#/components/schemas` when the document has one. `None` when it names nothing.
pub(crate) fn discriminator_target(doc: &Document, schema: &Value, tag: &str) -> Option<String> {
    let known = discriminator_values(schema);
    if let Some((_, pointer)) = known.into_iter().find(|(value, _)| value == tag) {
        return Some(pointer);
    }
    if alternatives(schema).next().is_some() {
        return None;
    }
    let named = format!("#/components/schemas/{}", escape(tag));
    doc.pointer(&named).is_some().then_some(named)
}

/// The pointer a `discriminator.mapping` value stands for: itself when it is a reference, else
/// the schema of that name under `#/components/schemas`.
fn mapped_pointer(target: &str) -> String {
    if target.contains('#') || target.contains('/') {
        target.to_owned()
    } else {
        format!("#/components/schemas/{target}")
    }
}

/// The last token of a JSON pointer, unescaped: the schema name of `#/components/schemas/Name`.
pub(crate) fn last_segment(pointer: &str) -> String {
    let token = pointer.rsplit('/').next().unwrap_or(pointer);
    token.replace("~1", "/").replace("~0", "~")
}

/// A schema that is only a reference to `pointer`.
pub(crate) fn reference(pointer: &str) -> Value {
    let mut schema = Map::new();
    schema.insert("$ref".to_owned(), Value::String(pointer.to_owned()));
    Value::Object(schema)
}

/// JSON equality, except that numbers compare by value: `1` equals `1.0`.
pub(crate) fn same(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(l), Value::Number(r)) => {
            l == r || ((l.is_f64() || r.is_f64()) && l.as_f64() == r.as_f64())
        }
        (Value::Array(l), Value::Array(r)) => {
            l.len() == r.len() && l.iter().zip(r).all(|(l, r)| same(l, r))
        }
        (Value::Object(l), Value::Object(r)) => {
            l.len() == r.len()
                && l.iter()
                    .all(|(key, l)| r.get(key).is_some_and(|r| same(l, r)))
        }
        _ => left == right,
    }
}

/// The lower bound of a numeric schema and whether it is exclusive, from `minimum` with a boolean
/// `exclusiveMinimum` (OpenAPI 3.0) or a numeric `exclusiveMinimum` (OpenAPI 3.1); the tighter
/// one when both are given.
pub(crate) fn lower_bound(schema: &Value) -> Option<(f64, bool)> {
    bound(schema, "minimum", "exclusiveMinimum", 1.0)
}

/// The upper bound of a numeric schema and whether it is exclusive, read like [`lower_bound`]
/// from `maximum` and `exclusiveMaximum`.
pub(crate) fn upper_bound(schema: &Value) -> Option<(f64, bool)> {
    bound(schema, "maximum", "exclusiveMaximum", -1.0)
}

/// A bound from an inclusive keyword and its exclusive companion; `sign` is `1.0` for lower
/// bounds (the larger one is tighter) and `-1.0` for upper bounds.
fn bound(schema: &Value, inclusive: &str, exclusive: &str, sign: f64) -> Option<(f64, bool)> {
    let stated = schema.get(inclusive).and_then(Value::as_f64);
    let companion = schema.get(exclusive);
    let inclusive = stated.map(|limit| (limit, companion.and_then(Value::as_bool) == Some(true)));
    let numeric = companion.and_then(Value::as_f64).map(|limit| (limit, true));
    match (inclusive, numeric) {
        (Some(a), Some(b)) => Some(if sign * b.0 >= sign * a.0 { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Whether `value` is a whole multiple of `step`, allowing for floating-point error.
pub(crate) fn is_multiple(value: f64, step: f64) -> bool {
    let quotient = value / step;
    (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}
