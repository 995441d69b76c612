//! How the walk words a fault: what a node should have been ("expected a schema object or a `$ref`
//! (a mapping)"), what it is ("found the integer `3`"), and which required field is missing.

use serde_yaml::{Mapping, Value};

use super::Fault;
use super::model::{Field, Kind, Presence, Shape};
use crate::load::pointer::Pointer;

/// "a schema object", "an info object".
pub(super) fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|first| "aeiouAEIOU".contains(first));
    let article = if vowel { "an" } else { "a" };
    format!("{article} {noun}")
}

impl Shape {
    /// What the shape is, for "expected ...".
    pub(super) fn describe(self) -> String {
        match self {
            Shape::Str => "a string".to_owned(),
            Shape::Bool => "`true` or `false`".to_owned(),
            Shape::Count => "a non-negative integer".to_owned(),
            Shape::Number => "a number".to_owned(),
            Shape::Any => "any value".to_owned(),
            Shape::OneOf(what, options) => {
                format!("{} ({})", with_article(what), quoted_list(options))
            }
            Shape::Object(kind) => format!("{} ({})", with_article(kind.name()), kind.mapping()),
            Shape::RefOr(kind) => format!(
                "{} or a `$ref` ({})",
                with_article(kind.name()),
                kind.mapping()
            ),
            Shape::Map(keys, values) => format!("a mapping from {keys} to {}", values.plural()),
            Shape::List(items) => format!("a sequence of {}", items.plural()),
            Shape::AdditionalProperties => "`true`, `false` or a schema object".to_owned(),
        }
    }

    /// The shape's values, in the plural: "schema objects or `$ref`s".
    fn plural(self) -> String {
        match self {
            Shape::Str => "strings".to_owned(),
            Shape::Bool => "booleans".to_owned(),
            Shape::Count => "non-negative integers".to_owned(),
            Shape::Number => "numbers".to_owned(),
            Shape::Any => "values".to_owned(),
            Shape::OneOf(what, _) => format!("{what}s"),
            Shape::Object(kind) => format!("{}s", kind.name()),
            Shape::RefOr(kind) => format!("{}s or `$ref`s", kind.name()),
            Shape::Map(..) => "mappings".to_owned(),
            Shape::List(items) => format!("sequences of {}", items.plural()),
            Shape::AdditionalProperties => "schema objects".to_owned(),
        }
    }
}

/// "`a`, `b` or `c`".
pub(super) fn quoted_list(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|option| format!("`{option}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// What a node is, for "found ...".
pub(super) fn found(value: &Value) -> String {
    match value {
        Value::Null => "null (an empty value)".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("the number `{n}`"),
        Value::Number(n) => format!("the integer `{n}`"),
        Value::String(s) => format!("the string `{}`", excerpt(s)),
        Value::Sequence(_) => "a sequence".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        Value::Tagged(tagged) => format!("a value tagged `{}`", tagged.tag),
    }
}

/// The start of `text`, on one line.
pub(super) fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(MAX).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// The text of a mapping key, as a JSON pointer token: OpenAPI keys are strings.
pub(super) fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(other)
            .map(|text| text.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

pub(super) fn expected(at: &Pointer, shape: Shape, value: &Value) -> Option<Fault> {
    Some(Fault {
        pointer: at.clone(),
        message: format!("expected {}, found {}", shape.describe(), found(value)),
    })
}

/// The first of `fields` that is required and absent from `map`.
pub(super) fn check_missing(
    kind: Kind,
    fields: &[&[Field]],
    map: &Mapping,
    at: &Pointer,
) -> Option<Fault> {
    let absent = fields
        .iter()
        .copied()
        .flatten()
        .find(|field| field.presence == Presence::Required && map.get(field.name).is_none())?;
    Some(Fault {
        pointer: at.clone(),
        message: format!(
            "missing `{}`: {} requires it",
            absent.name,
            with_article(kind.name())
        ),
    })
}
