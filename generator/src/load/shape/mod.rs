//! Where a document that `openapiv3` refuses goes wrong.
//!
//! `openapiv3` reads most of a spec through untagged enums and flattened structs, so `serde_yaml`
//! sees its error only after buffering the enclosing value and reports the line where that value
//! starts: a list where a schema belongs, 250 lines below `components.schemas:`, is reported at
//! `schemas:`. On that error path only, [`find_fault`] walks the document as a YAML value along
//! the OpenAPI 3.0 object model and returns the first node, in document order, that does not
//! have the shape `openapiv3` requires, with its JSON pointer; the deepest such node, because a
//! node is looked into before it is blamed.
//!
//! The model follows `openapiv3` 2.x, not the letter of the specification: it never finds a
//! fault in what `openapiv3` accepts (unknown fields, unknown schema types, `null`s it may take
//! for "absent" are let through), so that it cannot blame the wrong place. When it finds
//! nothing, the caller reports the parser's own error.
//!
//! One difference in how `openapiv3` reads values matters here: what it reads straight from the
//! YAML (the document's top-level fields, `info`, the top-level `servers` and `tags`) takes a
//! number where a string belongs, as its text; what it buffers first (everything under `paths`
//! and every `$ref`-or-object value, such as each entry of `components.schemas`) does not.
//! The walk tracks which of the two a node is read as (`strict`).
//!
//! The parts: [`model`] is the OpenAPI 3.0 object model as `openapiv3` reads it (each object's
//! fields and what they must be), [`variants`] walks the objects whose fields depend on one of them
//! (a parameter's `in`, a security scheme's `type`), and [`messages`] words the faults. The walk
//! itself is here.

mod messages;
mod model;
mod variants;

use serde_yaml::{Mapping, Value};

use self::messages::{check_missing, excerpt, expected, found, key_text, quoted_list};
use self::model::{Field, Kind, Presence, STRING, STRINGS, Shape};
use super::pointer::Pointer;

/// A node of the document that does not have the shape OpenAPI requires.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Fault {
    pub(super) pointer: Pointer,
    pub(super) message: String,
}

/// The first node of `document` (in document order) that `openapiv3` cannot read, if the walk
/// finds one.
pub(super) fn find_fault(document: &Value) -> Option<Fault> {
    Walk { depth: 0 }.check(
        document,
        Shape::Object(Kind::Document),
        &Pointer::root(),
        false,
        Presence::Required,
    )
}

/// A response status code as `openapiv3` reads one: `100` to `999`, or `0XX` to `9XX`.
fn is_status_code(key: &str) -> bool {
    match key.as_bytes() {
        [digit, b'X' | b'x', b'X' | b'x'] => digit.is_ascii_digit(),
        [first, second, third] => {
            [first, second, third]
                .iter()
                .all(|byte| byte.is_ascii_digit())
                && *first != b'0'
        }
        _ => false,
    }
}

/// Nesting deeper than this is not looked into (the YAML parser refuses far less already).
const MAX_DEPTH: usize = 256;

struct Walk {
    depth: usize,
}

impl Walk {
    /// The first fault in `value`, which must have `shape`. `strict`: the node is read from a
    /// buffered value (no number where a string belongs, no `null` but for "absent").
    pub(super) fn check(
        &mut self,
        value: &Value,
        shape: Shape,
        at: &Pointer,
        strict: bool,
        presence: Presence,
    ) -> Option<Fault> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let fault = self.check_inner(value, shape, at, strict, presence);
        self.depth -= 1;
        fault
    }

    fn check_inner(
        &mut self,
        value: &Value,
        shape: Shape,
        at: &Pointer,
        strict: bool,
        presence: Presence,
    ) -> Option<Fault> {
        match (shape, value) {
            // Tags change how `serde_yaml` reads a node; such nodes are not judged.
            (_, Value::Tagged(_)) | (Shape::Any, _) => None,
            (_, Value::Null) => self.check_null(shape, at, strict, presence),
            (Shape::Str, Value::String(_))
            | (Shape::Bool, Value::Bool(_))
            | (Shape::Number, Value::Number(_)) => None,
            (Shape::Str, Value::Number(_) | Value::Bool(_)) if !strict => None,
            (Shape::Str, Value::Number(_) | Value::Bool(_)) => {
                let text = key_text(value);
                Some(Fault {
                    pointer: at.clone(),
                    message: format!(
                        "expected a string, found {}: quote it ('{text}') to make it a string",
                        found(value)
                    ),
                })
            }
            (Shape::Count, Value::Number(n)) if n.as_u64().is_some() => None,
            (Shape::OneOf(what, options), Value::String(s)) => {
                if options.contains(&s.as_str()) {
                    None
                } else {
                    Some(Fault {
                        pointer: at.clone(),
                        message: format!(
                            "unknown {what} `{}`: expected {}",
                            excerpt(s),
                            quoted_list(options)
                        ),
                    })
                }
            }
            (Shape::Object(kind), Value::Mapping(map)) => {
                self.check_object(kind, map, at, strict || kind == Kind::Paths)
            }
            (Shape::RefOr(kind), Value::Mapping(map)) => self.check_ref_or(kind, map, at),
            (Shape::Map(_, values), Value::Mapping(map)) => map.iter().find_map(|(key, value)| {
                self.check(
                    value,
                    *values,
                    &at.join(key_text(key)),
                    strict,
                    Presence::Required,
                )
            }),
            (Shape::List(items), Value::Sequence(sequence)) => {
                sequence.iter().enumerate().find_map(|(index, item)| {
                    self.check(
                        item,
                        *items,
                        &at.join(index.to_string()),
                        strict,
                        Presence::Required,
                    )
                })
            }
            (Shape::AdditionalProperties, Value::Bool(_)) => None,
            (Shape::AdditionalProperties, Value::Mapping(map)) => {
                self.check_ref_or(Kind::Schema, map, at)
            }
            _ => expected(at, shape, value),
        }
    }

    /// A `null` where a node of `shape` belongs. `openapiv3` takes it for "absent" in an
    /// `Option` field, and refuses it wherever it buffers the value (a `$ref`-or-object always
    /// is). Read straight from the YAML, an empty value (`info:`) is an empty mapping, so a
    /// required object's own required fields are missing; `~` would not be, but the two cannot
    /// be told apart here, so nothing else is blamed there.
    fn check_null(
        &mut self,
        shape: Shape,
        at: &Pointer,
        strict: bool,
        presence: Presence,
    ) -> Option<Fault> {
        match (shape, presence) {
            (_, Presence::Optional) => None,
            (Shape::RefOr(_), _) => expected(at, shape, &Value::Null),
            (_, _) if strict => expected(at, shape, &Value::Null),
            (Shape::Object(kind), Presence::Required) => {
                self.check_object(kind, &Mapping::new(), at, strict)
            }
            _ => None,
        }
    }

    /// A `$ref` (a mapping whose `$ref` is a string; other fields are ignored) or an object.
    fn check_ref_or(&mut self, kind: Kind, map: &Mapping, at: &Pointer) -> Option<Fault> {
        let reference = map.get("$ref");
        if let Some(Value::String(_)) = reference {
            return None;
        }
        let fault = self.check_object(kind, map, at, true)?;
        // A `$ref` that is not a string is the likelier mistake than the object's fault.
        match reference {
            Some(value) if !matches!(value, Value::Null) => {
                expected(&at.join("$ref"), Shape::Str, value)
            }
            _ => Some(fault),
        }
    }

    fn check_object(
        &mut self,
        kind: Kind,
        map: &Mapping,
        at: &Pointer,
        strict: bool,
    ) -> Option<Fault> {
        match kind {
            Kind::Paths => map.iter().find_map(|(key, value)| {
                let key = key_text(key);
                key.starts_with('/')
                    .then(|| self.check(value, Shape::RefOr(Kind::PathItem), &at.join(&key), true, Presence::Required))
                    .flatten()
            }),
            Kind::Responses => map.iter().find_map(|(key, value)| {
                let key = key_text(key);
                let presence = if key == "default" { Presence::Optional } else { Presence::Required };
                (key == "default" || is_status_code(&key))
                    .then(|| self.check(value, Shape::RefOr(Kind::Response), &at.join(&key), true, presence))
                    .flatten()
            }),
            Kind::Callback => map.iter().find_map(|(key, value)| {
                self.check(value, Shape::Object(Kind::PathItem), &at.join(key_text(key)), strict, Presence::Required)
            }),
            Kind::SecurityRequirement => map.iter().find_map(|(key, value)| {
                self.check(value, STRINGS, &at.join(key_text(key)), strict, Presence::Required)
            }),
            Kind::Parameter => self.check_parameter(map, at),
            Kind::Header => self
                .check_present(&[kind.fields()], map, at, strict)
                .or_else(|| self.check_schema_or_content(kind, map, at)),
            Kind::Link => self.check_present(&[kind.fields()], map, at, strict).or_else(|| {
                let operation = map.iter().find_map(|(key, value)| {
                    let key = key_text(key);
                    (key == "operationRef" || key == "operationId").then_some((key, value))
                });
                match operation {
                    Some((key, value)) => self.check(value, STRING, &at.join(key), strict, Presence::Required),
                    None => Some(Fault {
                        pointer: at.clone(),
                        message: "a link object needs `operationRef` or `operationId`, and this one has neither"
                            .to_owned(),
                    }),
                }
            }),
            Kind::SecurityScheme => self.check_security_scheme(map, at),
            Kind::Schema => self.check_present(&[kind.fields()], map, at, strict).map(|mut fault| {
                if let Some(Value::Bool(_)) = map.get("required")
                    && fault.pointer == at.join("required")
                {
                    fault.message.push_str(
                        "; OpenAPI 3.0 lists an object's required properties in the object schema's `required`, \
                         not with `required: true` on the property",
                    );
                }
                fault
            }),
            _ => self
                .check_present(&[kind.fields()], map, at, strict)
                .or_else(|| check_missing(kind, &[kind.fields()], map, at)),
        }
    }

    /// The first fault in the fields of `map` that are among `fields`, in document order.
    pub(super) fn check_present(
        &mut self,
        fields: &[&[Field]],
        map: &Mapping,
        at: &Pointer,
        strict: bool,
    ) -> Option<Fault> {
        map.iter().find_map(|(key, value)| {
            let key = key_text(key);
            let field = fields
                .iter()
                .copied()
                .flatten()
                .find(|field| field.name == key)?;
            self.check(value, field.shape, &at.join(&key), strict, field.presence)
        })
    }
}

#[cfg(test)]
mod tests;
