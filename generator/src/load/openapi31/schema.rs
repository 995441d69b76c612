//! A JSON Schema 2020-12 schema, as OpenAPI 3.1 writes it, rewritten in place as the OpenAPI 3.0
//! Schema Object that means the same to a client. Each rule keeps the schema where it stands, so
//! a pointer into the result is a pointer into the spec's text (a `$ref` moved under `allOf/0`
//! is found at its schema's line).

use serde_yaml::{Mapping, Value};

use crate::error::Error;
use crate::load::Pointer;

/// Keywords that say nothing about the value's shape: beside a `$ref` they are dropped, so the
/// reference stays a reference (and names its type).
const IGNORED_BESIDE_REF: &[&str] = &[
    "$comment", "$schema", "$id", "$anchor", "$defs", "examples", "example",
];

/// The keywords that apply to one JSON type, copied to that type's member when a `type` array
/// of several types becomes an `anyOf`.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &[
            "format",
            "minLength",
            "maxLength",
            "pattern",
            "contentEncoding",
            "contentMediaType",
        ],
        "integer" | "number" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
        _ => &[],
    }
}

/// Rewrites the schema `value` (at `at` in `file`) and every schema inside it.
pub(super) fn convert(file: &str, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let map = match value {
        // Boolean schemas: `true` allows anything, `false` nothing.
        Value::Bool(true) => {
            *value = Value::Mapping(Mapping::new());
            return Ok(());
        }
        Value::Bool(false) => {
            let mut never = Mapping::new();
            never.insert("not".into(), Value::Mapping(Mapping::new()));
            *value = Value::Mapping(never);
            return Ok(());
        }
        Value::Mapping(map) => map,
        // Not a schema at all: the shape check says so at this place.
        _ => return Ok(()),
    };
    reference_with_siblings(map);
    null_members(map);
    types(file, map, at)?;
    constant(map);
    if let Some(Value::Sequence(examples)) = map.remove("examples")
        && !map.contains_key("example")
        && let Some(first) = examples.into_iter().next()
    {
        map.insert("example".into(), first);
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        exclusive_bound(map, exclusive, bound);
    }
    content(map);
    tuple(map);
    nested(file, map, at)
}

/// `{$ref: X, description: ...}`: 3.0 ignores a reference's siblings, 3.1 applies both. The
/// reference becomes the first part of an `allOf` that keeps the siblings, as 3.0 specs write
/// it; siblings that only annotate are dropped instead, so the reference stays a reference.
fn reference_with_siblings(map: &mut Mapping) {
    if !map.contains_key("$ref") || map.len() == 1 {
        return;
    }
    for key in IGNORED_BESIDE_REF {
        map.remove(*key);
    }
    if map.len() == 1 {
        return;
    }
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let mut part = Mapping::new();
    part.insert("$ref".into(), reference);
    let mut parts = vec![Value::Mapping(part)];
    if let Some(Value::Sequence(existing)) = map.remove("allOf") {
        parts.extend(existing);
    }
    map.insert("allOf".into(), Value::Sequence(parts));
}

/// Whether `value` is a schema that allows `null` and nothing else (`{type: 'null'}`,
/// `{const: null}`, `{enum: [null]}`), whatever annotations it has.
fn is_null_schema(value: &Value) -> bool {
    let Value::Mapping(map) = value else {
        return false;
    };
    let by_type = match map.get("type") {
        Some(Value::String(ty)) => ty == "null",
        Some(Value::Sequence(types)) => {
            matches!(types.as_slice(), [only] if only.as_str() == Some("null"))
        }
        _ => false,
    };
    let by_value = matches!(map.get("const"), Some(Value::Null))
        || matches!(map.get("enum"), Some(Value::Sequence(values)) if values.iter().all(Value::is_null) && !values.is_empty());
    (by_type || by_value)
        && map.keys().all(|key| {
            matches!(
                key.as_str(),
                Some("type" | "const" | "enum" | "description" | "title" | "$comment")
            )
        })
}

/// `anyOf: [X, {type: 'null'}]` is how 3.1 makes a reference nullable: the `null` member goes and
/// the schema says `nullable: true`, as 3.0 does.
fn null_members(map: &mut Mapping) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Sequence(members)) = map.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|member| !is_null_schema(member));
        if members.len() == before {
            continue;
        }
        if members.is_empty() {
            map.remove(key);
        }
        map.insert("nullable".into(), Value::Bool(true));
    }
}

/// `type: [string, 'null']` is a nullable string; `type: 'null'` alone is a value that is always
/// `null` (any value, nullable); several types become an `anyOf` of one member per type, each
/// with the keywords of its type.
fn types(file: &str, map: &mut Mapping, at: &Pointer) -> Result<(), Error> {
    let mut names: Vec<String> = match map.get("type") {
        Some(Value::Sequence(types)) => types
            .iter()
            .filter_map(|ty| ty.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(ty)) if ty == "null" => vec![ty.clone()],
        _ => return Ok(()),
    };
    if names.iter().any(|ty| ty == "null") {
        names.retain(|ty| ty != "null");
        map.insert("nullable".into(), Value::Bool(true));
    }
    names.dedup();
    match names.as_slice() {
        [] => {
            map.remove("type");
        }
        [one] => {
            map.insert("type".into(), Value::String(one.clone()));
        }
        several => {
            if map.contains_key("anyOf") || map.contains_key("oneOf") {
                return Err(Error::at_pointer(
                    file,
                    at.join("type").as_str(),
                    "a `type` of several types beside `anyOf` or `oneOf` has no OpenAPI 3.0 equivalent the generator can read: write each type as a member of the `anyOf` or `oneOf` instead",
                ));
            }
            let members = several
                .iter()
                .map(|ty| Value::Mapping(member_of_type(map, ty)))
                .collect();
            for ty in several {
                for key in keywords_of(ty) {
                    map.remove(*key);
                }
            }
            map.remove("type");
            map.remove("enum");
            map.insert("anyOf".into(), Value::Sequence(members));
        }
    }
    Ok(())
}

/// The member of a several-types schema for JSON type `ty`: the type, its keywords and the
/// `enum` values of that type.
fn member_of_type(map: &Mapping, ty: &str) -> Mapping {
    let mut member = Mapping::new();
    member.insert("type".into(), Value::String(ty.to_owned()));
    for key in keywords_of(ty) {
        if let Some(value) = map.get(*key) {
            member.insert((*key).into(), value.clone());
        }
    }
    if let Some(Value::Sequence(values)) = map.get("enum") {
        let of_type: Vec<Value> = values
            .iter()
            .filter(|value| {
                json_type(value) == Some(ty)
                    || (ty == "number" && json_type(value) == Some("integer"))
            })
            .cloned()
            .collect();
        if !of_type.is_empty() {
            member.insert("enum".into(), Value::Sequence(of_type));
        }
    }
    member
}

/// The JSON type of a value (`integer` for whole numbers).
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_f64() => Some("number"),
        Value::Number(_) => Some("integer"),
        Value::Sequence(_) => Some("array"),
        Value::Mapping(_) => Some("object"),
        Value::Null | Value::Tagged(_) => None,
    }
}

/// `const: v` is `enum: [v]`; without a `type`, the constant's own type is the schema's.
fn constant(map: &mut Mapping) {
    let Some(value) = map.remove("const") else {
        return;
    };
    if value.is_null() {
        map.insert("nullable".into(), Value::Bool(true));
    } else if !map.contains_key("type")
        && let Some(ty) = json_type(&value)
    {
        map.insert("type".into(), Value::String(ty.to_owned()));
    }
    if !map.contains_key("enum") {
        map.insert("enum".into(), Value::Sequence(vec![value]));
    }
}

/// 3.1's `exclusiveMinimum: 5` is 3.0's `minimum: 5, exclusiveMinimum: true` (unless a
/// `minimum` at least as strict is there already).
fn exclusive_bound(map: &mut Mapping, exclusive: &str, bound: &str) {
    let Some(Value::Number(limit)) = map.get(exclusive).cloned() else {
        return;
    };
    map.insert(exclusive.into(), Value::Bool(true));
    if let (Some(existing), Some(new)) = (map.get(bound).and_then(Value::as_f64), limit.as_f64()) {
        let stricter = if bound == "minimum" {
            existing > new
        } else {
            existing < new
        };
        if stricter {
            map.insert(exclusive.into(), Value::Bool(false));
            return;
        }
    }
    map.insert(bound.into(), Value::Number(limit));
}

/// `contentEncoding: base64` is 3.0's `format: byte`; a string of another `contentMediaType`
/// (an image, a file) is `format: binary`.
fn content(map: &mut Mapping) {
    let encoding = map.remove("contentEncoding");
    let media_type = map.remove("contentMediaType");
    if map.contains_key("format")
        || map
            .get("type")
            .is_some_and(|ty| ty.as_str() != Some("string"))
    {
        return;
    }
    let format = match (
        encoding.as_ref().and_then(Value::as_str),
        media_type.as_ref().and_then(Value::as_str),
    ) {
        (Some("base64" | "base64url"), _) => "byte",
        // A string holding JSON, XML or text is a string.
        (_, Some(media)) if !is_textual(media) => "binary",
        _ => return,
    };
    map.insert("type".into(), Value::String("string".to_owned()));
    map.insert("format".into(), Value::String(format.to_owned()));
}

/// Whether a media type's content is text (a string holds it as it is).
fn is_textual(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/")
        || essence.ends_with("json")
        || essence.ends_with("xml")
        || essence == "application/x-www-form-urlencoded"
}

/// `prefixItems` (a tuple) has no 3.0 form: the array's items are any of its members (and of
/// `items`, which types the rest), so every value is read, as a list.
fn tuple(map: &mut Mapping) {
    let rest = match map.get("items") {
        Some(Value::Bool(false)) => {
            map.remove("items");
            None
        }
        Some(items) => Some(items.clone()),
        None => None,
    };
    let Some(Value::Sequence(mut members)) = map.remove("prefixItems") else {
        return;
    };
    members.extend(rest);
    members.dedup();
    let items = match <[Value; 1]>::try_from(members) {
        Ok([one]) => one,
        Err(members) => {
            let mut any = Mapping::new();
            any.insert("anyOf".into(), Value::Sequence(members));
            Value::Mapping(any)
        }
    };
    map.insert("items".into(), items);
}

/// The schemas inside this one that the 3.0 model reads.
fn nested(file: &str, map: &mut Mapping, at: &Pointer) -> Result<(), Error> {
    if let Some(Value::Mapping(properties)) = map.get_mut("properties") {
        // A property whose schema is `false` must not be sent: it is no property of the type.
        let never: Vec<Value> = properties
            .iter()
            .filter(|(_, schema)| matches!(schema, Value::Bool(false)))
            .map(|(name, _)| name.clone())
            .collect();
        for name in &never {
            properties.remove(name);
        }
        let at = at.join("properties");
        for (name, schema) in properties.iter_mut() {
            convert(file, schema, &at.join(name.as_str().unwrap_or_default()))?;
        }
        if let Some(Value::Sequence(required)) = map.get_mut("required") {
            required.retain(|name| !never.contains(name));
        }
    }
    for key in ["items", "not"] {
        if let Some(schema) = map.get_mut(key) {
            convert(file, schema, &at.join(key))?;
        }
    }
    if let Some(schema @ Value::Mapping(_)) = map.get_mut("additionalProperties") {
        convert(file, schema, &at.join("additionalProperties"))?;
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Sequence(members)) = map.get_mut(key) {
            let at = at.join(key);
            for (index, member) in members.iter_mut().enumerate() {
                convert(file, member, &at.join(index.to_string()))?;
            }
        }
    }
    Ok(())
}
