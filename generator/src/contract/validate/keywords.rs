//! The checks of the keywords that look at one value alone, without schemas inside.

use serde_json::{Number, Value};

use super::formats::{number_format_holds, whole};
use super::schema::{is_multiple, lower_bound, same, types, upper_bound};
use super::{Instance, Sink};

/// The most `enum` values a violation message lists.
const LISTED_OPTIONS: usize = 10;

/// Checks `type`; returns whether the value has one of the types named (or none is named), so
/// that the keywords for other types are not checked against it.
pub(super) fn check_type(schema: &Value, at: &Instance<'_>, sink: &mut Sink) -> bool {
    let expected = types(schema);
    let known: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|name| type_article(name).is_some())
        .collect();
    if known.is_empty() || known.iter().any(|name| has_type(at.value, name)) {
        return true;
    }
    let expected = known
        .iter()
        .filter_map(|name| type_article(name))
        .collect::<Vec<_>>()
        .join(" or ");
    sink.push(
        at.path,
        format!("expected {expected}, found {}", kind(at.value)),
    );
    false
}

/// The name of a JSON Schema type with its article, as messages show it; `None` for an unknown
/// type name.
fn type_article(name: &str) -> Option<&'static str> {
    Some(match name {
        "string" => "a string",
        "number" => "a number",
        "integer" => "an integer",
        "boolean" => "a boolean",
        "array" => "an array",
        "object" => "an object",
        "null" => "null",
        _ => return None,
    })
}

/// What kind of JSON value this is, as messages show it.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether the value is of the JSON Schema type `name`; an integer is a number with no fraction.
fn has_type(value: &Value, name: &str) -> bool {
    match (name, value) {
        ("string", Value::String(_))
        | ("number", Value::Number(_))
        | ("boolean", Value::Bool(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_))
        | ("null", Value::Null) => true,
        ("integer", Value::Number(number)) => whole(number).is_some(),
        _ => false,
    }
}

/// Checks `enum` and `const`.
pub(super) fn check_enum(schema: &Value, at: &Instance<'_>, sink: &mut Sink) {
    if let Some(Value::Array(options)) = schema.get("enum")
        && !options.iter().any(|option| same(option, at.value))
    {
        let mut listed: Vec<String> = options
            .iter()
            .take(LISTED_OPTIONS)
            .map(Value::to_string)
            .collect();
        if options.len() > LISTED_OPTIONS {
            listed.push("…".to_owned());
        }
        sink.push(
            at.path,
            format!("`{}` is not one of {}", at.value, listed.join(", ")),
        );
    }
    if let Some(constant) = schema.get("const")
        && !same(constant, at.value)
    {
        sink.push(
            at.path,
            format!("`{}` is not the constant `{constant}`", at.value),
        );
    }
}

/// Checks a count against the schema's `limits`, the keywords of its minimum and maximum;
/// `noun` names what is counted in messages.
pub(super) fn check_count(
    schema: &Value,
    count: usize,
    limits: (&str, &str),
    noun: &str,
    path: &str,
    sink: &mut Sink,
) {
    let (min_key, max_key) = limits;
    let count = count as u64;
    if let Some(min) = schema.get(min_key).and_then(Value::as_u64)
        && count < min
    {
        sink.push(
            path,
            format!("has {count} {noun}, fewer than the minimum of {min}"),
        );
    }
    if let Some(max) = schema.get(max_key).and_then(Value::as_u64)
        && count > max
    {
        sink.push(
            path,
            format!("has {count} {noun}, more than the maximum of {max}"),
        );
    }
}

/// Checks the bounds, `multipleOf` and the integer formats on a number.
pub(super) fn check_number(schema: &Value, number: &Number, path: &str, sink: &mut Sink) {
    let Some(value) = number.as_f64() else {
        return;
    };
    if let Some((limit, exclusive)) = lower_bound(schema)
        && (value < limit || (exclusive && value == limit))
    {
        let kind = if exclusive {
            "exclusive minimum"
        } else {
            "minimum"
        };
        sink.push(
            path,
            format!("is {number}, less than the {kind} of {limit}"),
        );
    }
    if let Some((limit, exclusive)) = upper_bound(schema)
        && (value > limit || (exclusive && value == limit))
    {
        let kind = if exclusive {
            "exclusive maximum"
        } else {
            "maximum"
        };
        sink.push(
            path,
            format!("is {number}, more than the {kind} of {limit}"),
        );
    }
    if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64)
        && step > 0.0
        && !is_multiple(value, step)
    {
        sink.push(path, format!("is {number}, not a multiple of {step}"));
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str)
        && !number_format_holds(format, number)
    {
        sink.push(path, format!("is {number}, outside the `{format}` range"));
    }
}
/// The positions of the first two equal items, if any.
pub(super) fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    items.iter().enumerate().find_map(|(second, item)| {
        items
            .get(..second)?
            .iter()
            .position(|earlier| same(earlier, item))
            .map(|first| (first, second))
    })
}
