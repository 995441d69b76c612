//! Whether a JSON value satisfies an OpenAPI 3.0 Schema Object, and where it does not.
//!
//! The checks follow what the mock server enforces on requests, so that the harness can tell a
//! spec whose own example breaks its schema from a client that encodes a value badly. Keywords
//! outside the list in [`validate`] are ignored: a value is only refused for a reason the spec
//! states.

use std::collections::HashMap;

use regex::{Regex, RegexBuilder};
use serde_json::{Map, Number, Value};

use super::document::Document;

/// The deepest schema nesting checked; anything deeper is accepted.
const MAX_DEPTH: usize = 64;

/// The most violations one [`validate`] call reports.
const MAX_VIOLATIONS: usize = 20;

/// The most memory, in bytes, a compiled `pattern` may take; a larger one is not checked.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// The most `enum` values a violation message lists.
const LISTED_OPTIONS: usize = 10;

/// Which way a value travels, which decides whether `readOnly` or `writeOnly` properties count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Sent by the client: a required `readOnly` property may be left out.
    Request,
    /// Sent by the server: a required `writeOnly` property may be left out.
    Response,
}

/// One way a value breaks its schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Violation {
    /// Where in the value, as text built from the root label: `body`, `body.results[1].name`.
    pub path: String,
    /// What is wrong there, as a short clause without a final full stop.
    pub message: String,
}

/// Every violation (up to 20) of `schema`, resolved through `doc`, by `value`; `root` labels the
/// value in the paths, for example `body` or ``query parameter `pageNum` ``.
///
/// Checked: `$ref` (local; one that cannot be resolved accepts anything), `nullable: true` (also
/// beside a `$ref`) and `type` arrays holding `"null"`, `type`, `enum` and `const` (numbers
/// compared by value), `required` (a `readOnly` property is not required in a request, nor a
/// `writeOnly` one in a response), `properties`, `additionalProperties` (`false`, or a schema),
/// `minProperties`, `maxProperties`, `items`, `minItems`, `maxItems`, `uniqueItems`,
/// `minLength` and `maxLength` (in characters), `pattern` (searched anywhere in the string, as
/// ECMA-262 does), `minimum` and `maximum` with boolean or numeric `exclusiveMinimum` and
/// `exclusiveMaximum`, `multipleOf`, the formats `date-time`, `date`, `int32`, `int64`, `uuid` and
/// `email`, `allOf`, `anyOf`, `oneOf` and `not`. A `discriminator` with a `propertyName` on a
/// schema with `oneOf` or `anyOf` picks the one branch an object is checked against (by its
/// `mapping`, else by schema name); a missing or unknown value is a violation.
///
/// Accepted without a check: a `pattern` the `regex` crate cannot compile (look-around,
/// back-references), every other format, `readOnly` properties sent in a request and
/// `writeOnly` ones in a response, external references, tuple `items` and the JSON Schema
/// keywords OpenAPI 3.0 does not have (`patternProperties`, `if`, `contains`, ...). A schema
/// nested deeper than 64 accepts anything, and so does a referenced schema entered again for the
/// same value, which ends the cycle of a base schema whose subtypes include it through `allOf`
/// (the base's own keywords are checked on the first visit).
pub(crate) fn validate(
    doc: &Document,
    schema: &Value,
    value: &Value,
    direction: Direction,
    root: &str,
) -> Vec<Violation> {
    let mut validator = Validator {
        doc,
        direction,
        patterns: HashMap::new(),
    };
    let mut sink = Sink::new(MAX_VIOLATIONS);
    validator.check(schema, &mut Instance::new(value, root), 0, &mut sink);
    sink.found
}

/// Whether a property with this schema is left out of the values travelling in `direction`:
/// `readOnly` ones in requests, `writeOnly` ones in responses.
pub(crate) fn hidden(doc: &Document, property: &Value, direction: Direction) -> bool {
    let Some((property, _)) = doc.resolve(property, "") else {
        return false;
    };
    match direction {
        Direction::Request => flag(property, "readOnly"),
        Direction::Response => flag(property, "writeOnly"),
    }
}

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

/// A compiled `pattern`, searched anywhere in the text as ECMA-262 does; `None` when the `regex`
/// crate cannot compile it (look-around, back-references) or it is too large.
fn compile(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .ok()
}

/// The violations found so far, up to a limit past which more are dropped.
struct Sink {
    /// The violations found, in the order found.
    found: Vec<Violation>,
    /// How many are kept.
    limit: usize,
}

impl Sink {
    /// An empty sink keeping up to `limit` violations.
    fn new(limit: usize) -> Self {
        Self {
            found: Vec::new(),
            limit,
        }
    }

    /// Whether no further violation would be kept.
    fn is_full(&self) -> bool {
        self.found.len() >= self.limit
    }

    /// Records a violation at `path`, unless the sink is full.
    fn push(&mut self, path: &str, message: String) {
        if !self.is_full() {
            self.found.push(Violation {
                path: path.to_owned(),
                message,
            });
        }
    }
}

/// The value being checked, with where it sits and the referenced schemas entered for it.
struct Instance<'v> {
    /// The value.
    value: &'v Value,
    /// Its place, as violation paths show it.
    path: &'v str,
    /// Pointers of the referenced schemas being checked against this same value, outermost first.
    entered: Vec<String>,
}

impl<'v> Instance<'v> {
    /// A value at `path` with no schema entered yet.
    fn new(value: &'v Value, path: &'v str) -> Self {
        Self {
            value,
            path,
            entered: Vec::new(),
        }
    }
}

/// One validation run: the document, the direction, and the patterns compiled so far.
struct Validator<'d> {
    /// The spec document references are resolved in.
    doc: &'d Document,
    /// Which way the value travels.
    direction: Direction,
    /// Each `pattern` met, compiled, or `None` when it does not compile.
    patterns: HashMap<String, Option<Regex>>,
}

impl Validator<'_> {
    /// Checks `at` against `schema`, following its `$ref`, at schema nesting `depth`.
    fn check(&mut self, schema: &Value, at: &mut Instance<'_>, depth: usize, sink: &mut Sink) {
        if depth > MAX_DEPTH || sink.is_full() || (at.value.is_null() && nullable(schema)) {
            return;
        }
        let Some((schema, pointer)) = self.doc.resolve(schema, "") else {
            return;
        };
        if pointer.is_empty() {
            return self.check_resolved(schema, at, depth, sink);
        }
        if at.entered.contains(&pointer) {
            return;
        }
        at.entered.push(pointer);
        self.check_resolved(schema, at, depth, sink);
        at.entered.pop();
    }

    /// Whether `at` satisfies `schema`, stopping at the first violation.
    fn passes(&mut self, schema: &Value, at: &mut Instance<'_>, depth: usize) -> bool {
        let mut trial = Sink::new(1);
        self.check(schema, at, depth, &mut trial);
        trial.found.is_empty()
    }

    /// Checks `at` against a schema without `$ref`.
    fn check_resolved(
        &mut self,
        schema: &Value,
        at: &mut Instance<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        if schema == &Value::Bool(false) {
            return sink.push(at.path, "no value is allowed here".to_owned());
        }
        if !schema.is_object() || (at.value.is_null() && nullable(schema)) {
            return;
        }
        if !check_type(schema, at, sink) {
            return;
        }
        check_enum(schema, at, sink);
        match at.value {
            Value::String(text) => self.check_string(schema, text, at.path, sink),
            Value::Number(number) => check_number(schema, number, at.path, sink),
            Value::Array(items) => self.check_array(schema, items, at.path, depth, sink),
            Value::Object(object) => self.check_object(schema, object, at.path, depth, sink),
            Value::Null | Value::Bool(_) => {}
        }
        self.check_composition(schema, at, depth, sink);
    }

    /// Checks `minLength`, `maxLength`, `pattern` and `format` on a string.
    fn check_string(&mut self, schema: &Value, text: &str, path: &str, sink: &mut Sink) {
        let length = text.chars().count();
        check_count(
            schema,
            length,
            ("minLength", "maxLength"),
            "characters",
            path,
            sink,
        );
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
            && self.refuses(pattern, text)
        {
            sink.push(path, format!("does not match pattern `{pattern}`"));
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str)
            && !string_format_holds(format, text)
        {
            sink.push(path, format!("is not a valid `{format}`"));
        }
    }

    /// Whether `text` fails to match `pattern`; a pattern that does not compile refuses nothing.
    fn refuses(&mut self, pattern: &str, text: &str) -> bool {
        let compiled = self
            .patterns
            .entry(pattern.to_owned())
            .or_insert_with(|| compile(pattern));
        compiled.as_ref().is_some_and(|regex| !regex.is_match(text))
    }

    /// Checks `items`, `minItems`, `maxItems` and `uniqueItems` on an array.
    fn check_array(
        &mut self,
        schema: &Value,
        items: &[Value],
        path: &str,
        depth: usize,
        sink: &mut Sink,
    ) {
        check_count(
            schema,
            items.len(),
            ("minItems", "maxItems"),
            "items",
            path,
            sink,
        );
        if flag(schema, "uniqueItems")
            && let Some((first, second)) = first_duplicate(items)
        {
            sink.push(path, format!("items {first} and {second} are equal"));
        }
        if let Some(item_schema) = schema.get("items") {
            for (index, item) in items.iter().enumerate() {
                let item_path = format!("{path}[{index}]");
                self.check(
                    item_schema,
                    &mut Instance::new(item, &item_path),
                    depth + 1,
                    sink,
                );
            }
        }
    }

    /// Checks `required`, `properties`, `additionalProperties`, `minProperties` and
    /// `maxProperties` on an object.
    fn check_object(
        &mut self,
        schema: &Value,
        object: &Map<String, Value>,
        path: &str,
        depth: usize,
        sink: &mut Sink,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in required(schema) {
            let excused = properties
                .and_then(|p| p.get(name))
                .is_some_and(|p| hidden(self.doc, p, self.direction));
            if !excused && !object.contains_key(name) {
                sink.push(path, format!("`{name}` is required"));
            }
        }
        let limits = ("minProperties", "maxProperties");
        check_count(schema, object.len(), limits, "properties", path, sink);
        let additional = schema.get("additionalProperties");
        for (name, value) in object {
            let property_path = format!("{path}.{name}");
            let known = properties.and_then(|p| p.get(name));
            let property_schema = match (known, additional) {
                (Some(known), _) => known,
                (None, Some(Value::Bool(false))) => {
                    sink.push(
                        &property_path,
                        format!("`{name}` is not an allowed property"),
                    );
                    continue;
                }
                (None, Some(additional)) => additional,
                (None, None) => continue,
            };
            self.check(
                property_schema,
                &mut Instance::new(value, &property_path),
                depth + 1,
                sink,
            );
        }
    }

    /// Checks `allOf`, `oneOf`, `anyOf` (or the `discriminator` that picks among them) and `not`.
    fn check_composition(
        &mut self,
        schema: &Value,
        at: &mut Instance<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        for branch in list(schema, "allOf") {
            self.check(branch, at, depth + 1, sink);
        }
        let known = discriminator_values(schema);
        if let (Some(property), Value::Object(object)) = (discriminator_property(schema), at.value)
            && alternatives(schema).next().is_some()
            && !known.is_empty()
        {
            self.check_discriminated(&known, property, object, at, depth, sink);
        } else {
            self.check_one_of(schema, at, depth, sink);
            self.check_any_of(schema, at, depth, sink);
        }
        if let Some(not) = schema.get("not")
            && self.passes(not, at, depth + 1)
        {
            sink.push(at.path, "matches the `not` schema".to_owned());
        }
    }

    /// Checks an object against the schema its discriminator property selects among the `known`
    /// values (from [`discriminator_values`]).
    fn check_discriminated(
        &mut self,
        known: &[(String, String)],
        property: &str,
        object: &Map<String, Value>,
        at: &mut Instance<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        let Some(tag) = object.get(property) else {
            return sink.push(
                at.path,
                format!("the discriminator `{property}` is missing"),
            );
        };
        let selected = tag
            .as_str()
            .and_then(|tag| known.iter().find(|(value, _)| value == tag));
        let Some((_, pointer)) = selected else {
            return sink.push(
                at.path,
                format!("`{tag}` is not a known value of the discriminator `{property}`"),
            );
        };
        self.check(&reference(pointer), at, depth + 1, sink);
    }

    /// Checks that exactly one `oneOf` branch accepts the value.
    fn check_one_of(
        &mut self,
        schema: &Value,
        at: &mut Instance<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        let branches = list(schema, "oneOf");
        if branches.is_empty() {
            return;
        }
        let matched = branches
            .iter()
            .filter(|branch| self.passes(branch, at, depth + 1))
            .count();
        match matched {
            1 => {}
            0 => sink.push(at.path, "matches none of the `oneOf` schemas".to_owned()),
            n => sink.push(
                at.path,
                format!("matches {n} of the `oneOf` schemas, not exactly one"),
            ),
        }
    }

    /// Checks that at least one `anyOf` branch accepts the value.
    fn check_any_of(
        &mut self,
        schema: &Value,
        at: &mut Instance<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        let branches = list(schema, "anyOf");
        if !branches.is_empty()
            && !branches
                .iter()
                .any(|branch| self.passes(branch, at, depth + 1))
        {
            sink.push(at.path, "matches none of the `anyOf` schemas".to_owned());
        }
    }
}

/// Checks `type`; returns whether the value has one of the types named (or none is named), so
/// that the keywords for other types are not checked against it.
fn check_type(schema: &Value, at: &Instance<'_>, sink: &mut Sink) -> bool {
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

/// The number as a whole number, if it has no fractional part.
fn whole(number: &Number) -> Option<i128> {
    if let Some(n) = number.as_i64() {
        return Some(i128::from(n));
    }
    if let Some(n) = number.as_u64() {
        return Some(i128::from(n));
    }
    let n = number.as_f64()?;
    // Past 2^100 the value is outside every range checked here; any stand-in that large will do.
    (n.fract() == 0.0).then(|| n.clamp(-1e30, 1e30) as i128)
}

/// Checks `enum` and `const`.
fn check_enum(schema: &Value, at: &Instance<'_>, sink: &mut Sink) {
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
fn check_count(
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
fn check_number(schema: &Value, number: &Number, path: &str, sink: &mut Sink) {
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

/// Whether `value` is a whole multiple of `step`, allowing for floating-point error.
pub(crate) fn is_multiple(value: f64, step: f64) -> bool {
    let quotient = value / step;
    (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

/// Whether a number satisfies its `format`; only `int32` and `int64` are checked.
fn number_format_holds(format: &str, number: &Number) -> bool {
    let range = match format {
        "int32" => i128::from(i32::MIN)..=i128::from(i32::MAX),
        "int64" => i128::from(i64::MIN)..=i128::from(i64::MAX),
        _ => return true,
    };
    whole(number).is_some_and(|n| range.contains(&n))
}

/// Whether a string satisfies its `format`; only `date-time`, `date`, `uuid` and `email` are
/// checked.
fn string_format_holds(format: &str, text: &str) -> bool {
    match format {
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        "uuid" => is_uuid(text),
        "email" => is_email(text),
        _ => true,
    }
}

/// Whether the text is an RFC 3339 date-time: a date, `T` (or `t` or a space), a time with
/// optional fraction, and `Z` or a `+hh:mm`/`-hh:mm` offset (the colon and minutes may be left
/// out, as the mock server allows).
fn is_date_time(text: &str) -> bool {
    text.split_once(['T', 't', ' '])
        .is_some_and(|(date, time)| is_date(date) && is_time(time))
}

/// Whether the text is a full date, `YYYY-MM-DD`, naming a day that exists.
fn is_date(text: &str) -> bool {
    let mut parts = text.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Some(year), Some(month), Some(day)) = (digits(year, 4), digits(month, 2), digits(day, 2))
    else {
        return false;
    };
    (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)
}

/// The number of days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether the text is an RFC 3339 time with its offset: `hh:mm:ss`, an optional `.` and digits,
/// then `Z` or a numeric offset.
fn is_time(text: &str) -> bool {
    let (clock, offset_ok) = match text.strip_suffix(['Z', 'z']) {
        Some(clock) => (clock, true),
        None => match text.rsplit_once(['+', '-']) {
            Some((clock, offset)) => (clock, is_offset(offset)),
            None => return false,
        },
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let mut parts = clock.split(':');
    let (Some(hour), Some(minute), Some(second), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    offset_ok
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && digits(hour, 2).is_some_and(|h| h <= 23)
        && digits(minute, 2).is_some_and(|m| m <= 59)
        && digits(second, 2).is_some_and(|s| s <= 60)
}

/// Whether the text is a time offset after its sign: `hh:mm`, `hhmm` or `hh`.
fn is_offset(text: &str) -> bool {
    let (hour, minute) = match text.split_once(':') {
        Some(parts) => parts,
        None => text
            .split_at_checked(2.min(text.len()))
            .unwrap_or((text, "")),
    };
    digits(hour, 2).is_some_and(|h| h <= 23)
        && (minute.is_empty() || digits(minute, 2).is_some_and(|m| m <= 59))
}

/// The number written by exactly `count` ASCII digits, or `None`.
fn digits(text: &str, count: usize) -> Option<u32> {
    if text.len() != count || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Whether the text is a UUID in its hyphenated hexadecimal form, optionally after `urn:uuid:`.
fn is_uuid(text: &str) -> bool {
    let text = text.strip_prefix("urn:uuid:").unwrap_or(text);
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// Whether the text looks like an e-mail address: one `@` with text on both sides.
fn is_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !domain.contains('@')
    })
}

/// The positions of the first two equal items, if any.
fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    items.iter().enumerate().find_map(|(second, item)| {
        items
            .get(..second)?
            .iter()
            .position(|earlier| same(earlier, item))
            .map(|first| (first, second))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A document with the schemas the tests refer to.
    fn doc() -> Document {
        Document::new(json!({"components": {"schemas": {
            "Name": {"type": "string", "minLength": 1},
            "Pet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Cat"},
                    {"$ref": "#/components/schemas/Dog"}
                ],
                "discriminator": {"propertyName": "petType", "mapping": {
                    "cat": "#/components/schemas/Cat",
                    "dog": "#/components/schemas/Dog",
                    "hound": "Dog"
                }}
            },
            "Cat": {"type": "object", "required": ["petType", "lives"], "properties": {
                "petType": {"type": "string"}, "lives": {"type": "integer"}
            }},
            "Dog": {"type": "object", "required": ["petType", "bark"], "properties": {
                "petType": {"type": "string"}, "bark": {"type": "boolean"}
            }},
            "Shape": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Circle"},
                    {"$ref": "#/components/schemas/Square"}
                ],
                "discriminator": {"propertyName": "kind"}
            },
            "Circle": {"type": "object", "properties": {"radius": {"type": "number"}}},
            "Square": {"type": "object", "properties": {"side": {"type": "integer"}}},
            "Connection": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"type": "string", "enum": ["Kafka", "Sample"]}, "name": {"type": "string"}},
                "discriminator": {"propertyName": "type", "mapping": {
                    "Kafka": "#/components/schemas/KafkaConnection",
                    "Sample": "#/components/schemas/SampleConnection"
                }},
                "oneOf": [
                    {"$ref": "#/components/schemas/KafkaConnection"},
                    {"$ref": "#/components/schemas/SampleConnection"}
                ]
            },
            "KafkaConnection": {"allOf": [
                {"$ref": "#/components/schemas/Connection"},
                {"type": "object", "required": ["bootstrap"], "properties": {"bootstrap": {"type": "string"}}}
            ]},
            "SampleConnection": {"allOf": [
                {"$ref": "#/components/schemas/Connection"},
                {"type": "object", "properties": {"sample": {"type": "string", "enum": ["solar"]}}}
            ]},
            "Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            }}
        }}}))
    }

    /// The messages of every violation of `schema` by `value` in a request, labelled `body`.
    fn messages(schema: Value, value: Value) -> Vec<String> {
        violations(schema, value, Direction::Request)
            .into_iter()
            .map(|v| v.message)
            .collect()
    }

    /// Every violation of `schema` by `value` travelling in `direction`, labelled `body`.
    fn violations(schema: Value, value: Value, direction: Direction) -> Vec<Violation> {
        validate(&doc(), &schema, &value, direction, "body")
    }

    fn ok(schema: Value, value: Value) -> bool {
        messages(schema, value).is_empty()
    }

    #[test]
    fn types() {
        assert_eq!(
            messages(json!({"type": "string"}), json!(3)),
            ["expected a string, found a number"]
        );
        assert!(ok(json!({"type": "number"}), json!(3)));
        assert!(ok(json!({"type": "number"}), json!(3.5)));
        assert!(ok(json!({"type": "integer"}), json!(3)));
        assert!(ok(json!({"type": "integer"}), json!(3.0)));
        assert_eq!(
            messages(json!({"type": "integer"}), json!(3.5)),
            ["expected an integer, found a number"]
        );
        assert_eq!(
            messages(json!({"type": "boolean"}), json!("true")),
            ["expected a boolean, found a string"]
        );
        assert_eq!(
            messages(json!({"type": "array"}), json!({})),
            ["expected an array, found an object"]
        );
        assert_eq!(
            messages(json!({"type": "object"}), json!([])),
            ["expected an object, found an array"]
        );
        assert!(ok(json!({"type": "future-type"}), json!(1)));
        assert!(ok(json!({}), json!({"anything": [1, null]})));
    }

    #[test]
    fn nullable() {
        assert_eq!(
            messages(json!({"type": "string"}), Value::Null),
            ["expected a string, found null"]
        );
        assert!(ok(json!({"type": "string", "nullable": true}), Value::Null));
        assert!(ok(json!({"type": ["string", "null"]}), Value::Null));
        assert_eq!(
            messages(json!({"type": ["string", "null"]}), json!(1)),
            ["expected a string or null, found a number"]
        );
        assert!(ok(
            json!({"type": "string", "enum": ["A", null], "nullable": true}),
            Value::Null
        ));
        assert!(ok(
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Name"}]}),
            Value::Null
        ));
        assert!(ok(
            json!({"$ref": "#/components/schemas/Name", "nullable": true}),
            Value::Null
        ));
    }

    #[test]
    fn enums_and_constants() {
        let schema = json!({"type": "string", "enum": ["A", "B"]});
        assert!(ok(schema.clone(), json!("B")));
        assert_eq!(
            messages(schema, json!("FOO")),
            ["`\"FOO\"` is not one of \"A\", \"B\""]
        );
        assert!(ok(json!({"enum": [1, 2]}), json!(2.0)));
        assert_eq!(
            messages(json!({"const": "x"}), json!("y")),
            ["`\"y\"` is not the constant `\"x\"`"]
        );
    }

    #[test]
    fn required_honours_read_and_write_only() {
        let schema = json!({
            "type": "object",
            "required": ["id", "name", "password"],
            "properties": {
                "id": {"type": "string", "readOnly": true},
                "name": {"$ref": "#/components/schemas/Name"},
                "password": {"type": "string", "writeOnly": true}
            }
        });
        let request = violations(schema.clone(), json!({"name": "n"}), Direction::Request);
        assert_eq!(
            request,
            [Violation {
                path: "body".into(),
                message: "`password` is required".into()
            }]
        );
        let response = violations(schema, json!({"name": "n"}), Direction::Response);
        assert_eq!(response.len(), 1);
        assert_eq!(response[0].message, "`id` is required");
    }

    #[test]
    fn properties_report_nested_paths() {
        let schema = json!({"type": "object", "properties": {"results": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": {"$ref": "#/components/schemas/Name"}}}
        }}});
        let found = violations(
            schema,
            json!({"results": [{"name": "a"}, {"name": ""}, {"name": 4}]}),
            Direction::Request,
        );
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|v| (v.path.as_str(), v.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "body.results[1].name",
                    "has 0 characters, fewer than the minimum of 1"
                ),
                ("body.results[2].name", "expected a string, found a number"),
            ]
        );
    }

    #[test]
    fn additional_properties() {
        let closed =
            json!({"type": "object", "properties": {"a": {}}, "additionalProperties": false});
        assert!(ok(closed.clone(), json!({"a": 1})));
        let found = violations(closed, json!({"a": 1, "b": 2}), Direction::Request);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "body.b");
        assert_eq!(found[0].message, "`b` is not an allowed property");

        let map = json!({"type": "object", "additionalProperties": {"type": "integer"}});
        assert!(ok(map.clone(), json!({"x": 1, "y": 2})));
        assert_eq!(
            messages(map, json!({"x": "1"})),
            ["expected an integer, found a string"]
        );
        assert!(ok(json!({"type": "object"}), json!({"x": "1"})));
    }

    #[test]
    fn patterns_search_anywhere_and_skip_what_does_not_compile() {
        assert_eq!(
            messages(json!({"type": "string", "pattern": "^x$"}), json!("xy")),
            ["does not match pattern `^x$`"]
        );
        assert!(ok(json!({"pattern": "b"}), json!("abc")));
        assert!(ok(
            json!({"pattern": "^([a-f0-9]{24})$"}),
            json!("5f1a2b3c4d5e6f7a8b9c0d1e")
        ));
        assert!(!ok(json!({"pattern": "^([a-f0-9]{24})$"}), json!("5f1a")));
        // Look-ahead is ECMA syntax the regex crate lacks: such a pattern accepts anything.
        assert!(ok(json!({"pattern": "^(?!x).*$"}), json!("xyz")));
        // A pattern applies to strings only.
        assert!(ok(json!({"pattern": "^x$"}), json!(5)));
    }

    #[test]
    fn lengths_count_characters() {
        let schema = json!({"type": "string", "minLength": 2, "maxLength": 3});
        assert!(ok(schema.clone(), json!("ééé")));
        assert_eq!(
            messages(schema.clone(), json!("abcd")),
            ["has 4 characters, more than the maximum of 3"]
        );
        assert!(!ok(schema, json!("a")));
    }

    #[test]
    fn numeric_bounds() {
        let inclusive = json!({"type": "integer", "minimum": 1, "maximum": 3});
        assert!(ok(inclusive.clone(), json!(1)));
        assert!(ok(inclusive.clone(), json!(3)));
        assert_eq!(
            messages(inclusive, json!(0)),
            ["is 0, less than the minimum of 1"]
        );
        let exclusive =
            json!({"minimum": 1, "exclusiveMinimum": true, "maximum": 3, "exclusiveMaximum": true});
        assert!(ok(exclusive.clone(), json!(2)));
        assert_eq!(
            messages(exclusive.clone(), json!(1)),
            ["is 1, less than the exclusive minimum of 1"]
        );
        assert_eq!(
            messages(exclusive, json!(3)),
            ["is 3, more than the exclusive maximum of 3"]
        );
        let numeric = json!({"exclusiveMinimum": 0, "exclusiveMaximum": 10});
        assert!(ok(numeric.clone(), json!(0.5)));
        assert!(!ok(numeric.clone(), json!(0)));
        assert!(!ok(numeric, json!(10)));
        assert!(ok(json!({"multipleOf": 0.1}), json!(0.3)));
        assert_eq!(
            messages(json!({"multipleOf": 2}), json!(3)),
            ["is 3, not a multiple of 2"]
        );
    }

    #[test]
    fn formats() {
        let date_time = json!({"type": "string", "format": "date-time"});
        for good in [
            "2024-05-30T12:00:00Z",
            "2024-02-29T23:59:60.123+05:30",
            "2024-05-30t12:00:00z",
            "2024-05-30T12:00:00-0800",
        ] {
            assert!(ok(date_time.clone(), json!(good)), "{good}");
        }
        for bad in [
            "2024-05-30",
            "2024-05-30T12:00:00",
            "2023-02-29T12:00:00Z",
            "2024-13-01T12:00:00Z",
            "2024-05-30T24:00:00Z",
            "2024-05-30T12:00Z",
            "2024-05-30T12:00:00.Z",
        ] {
            assert_eq!(
                messages(date_time.clone(), json!(bad)),
                ["is not a valid `date-time`"],
                "{bad}"
            );
        }
        let date = json!({"format": "date"});
        assert!(ok(date.clone(), json!("2000-02-29")));
        assert!(!ok(date.clone(), json!("1900-02-29")));
        assert!(!ok(date, json!("2024-5-30")));

        let int32 = json!({"type": "integer", "format": "int32"});
        assert!(ok(int32.clone(), json!(2_147_483_647)));
        assert_eq!(
            messages(int32, json!(2_147_483_648_i64)),
            ["is 2147483648, outside the `int32` range"]
        );
        let int64 = json!({"type": "integer", "format": "int64"});
        assert!(ok(int64.clone(), json!(i64::MIN)));
        assert!(!ok(int64, json!(u64::MAX)));

        let uuid = json!({"format": "uuid"});
        assert!(ok(
            uuid.clone(),
            json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")
        ));
        assert!(!ok(
            uuid.clone(),
            json!("3fa85f64-5717-4562-b3fc-2c963f66afa")
        ));
        assert!(!ok(uuid, json!("3fa85f64x5717-4562-b3fc-2c963f66afa6")));

        let email = json!({"format": "email"});
        assert!(ok(email.clone(), json!("user@example.com")));
        for bad in ["user", "@example.com", "user@", "a@b@c"] {
            assert!(!ok(email.clone(), json!(bad)), "{bad}");
        }
        assert!(ok(json!({"format": "hostname"}), json!("not a host name!")));
    }

    #[test]
    fn arrays() {
        let schema = json!({"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 2, "uniqueItems": true});
        assert!(ok(schema.clone(), json!([1, 2])));
        assert_eq!(
            messages(schema.clone(), json!([])),
            ["has 0 items, fewer than the minimum of 1"]
        );
        assert_eq!(
            messages(schema.clone(), json!([1, 1.0])),
            ["items 0 and 1 are equal"]
        );
        assert!(!ok(schema.clone(), json!([1, 2, 3])));
        let found = violations(schema, json!(["a"]), Direction::Request);
        assert_eq!(found[0].path, "body[0]");
    }

    #[test]
    fn one_of_without_discriminator_counts_matches() {
        let schema = json!({"oneOf": [{"type": "integer"}, {"type": "number"}]});
        assert!(ok(schema.clone(), json!(1.5)));
        assert_eq!(
            messages(schema.clone(), json!(1)),
            ["matches 2 of the `oneOf` schemas, not exactly one"]
        );
        assert_eq!(
            messages(schema, json!("x")),
            ["matches none of the `oneOf` schemas"]
        );
    }

    #[test]
    fn one_of_with_discriminator_follows_the_mapping() {
        let pet = json!({"$ref": "#/components/schemas/Pet"});
        assert!(ok(pet.clone(), json!({"petType": "cat", "lives": 9})));
        assert!(ok(pet.clone(), json!({"petType": "hound", "bark": true})));
        // The mapping picks the branch: a cat without `lives` is wrong even if another fits.
        assert_eq!(
            messages(pet.clone(), json!({"petType": "cat", "bark": true})),
            ["`lives` is required"]
        );
        assert_eq!(
            messages(pet.clone(), json!({"petType": "fish"})),
            ["`\"fish\"` is not a known value of the discriminator `petType`"]
        );
        // Beside the mapping, a branch's schema name selects it too.
        assert!(ok(pet.clone(), json!({"petType": "Dog", "bark": false})));
        assert_eq!(
            messages(pet, json!({"lives": 9})),
            ["the discriminator `petType` is missing"]
        );
    }

    #[test]
    fn one_of_with_discriminator_without_mapping_uses_schema_names() {
        let shape = json!({"$ref": "#/components/schemas/Shape"});
        assert!(ok(shape.clone(), json!({"kind": "Circle", "radius": 1.5})));
        assert_eq!(
            messages(shape.clone(), json!({"kind": "Square", "side": 1.5})),
            ["expected an integer, found a number"]
        );
        assert!(!ok(shape, json!({"kind": "circle"})));
    }

    #[test]
    fn base_schema_with_discriminator_and_all_of_subtypes() {
        let base = json!({"$ref": "#/components/schemas/Connection"});
        assert!(ok(
            base.clone(),
            json!({"type": "Kafka", "bootstrap": "b:9092"})
        ));
        assert!(ok(
            base.clone(),
            json!({"type": "Sample", "sample": "solar"})
        ));
        // One violation, reported once, however often the base and subtype refer to each other.
        let found = violations(
            base,
            json!({"type": "Kafka", "name": 1}),
            Direction::Request,
        );
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|v| (v.path.as_str(), v.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("body.name", "expected a string, found a number"),
                ("body", "`bootstrap` is required")
            ]
        );
        let subtype = json!({"$ref": "#/components/schemas/SampleConnection"});
        assert!(ok(subtype.clone(), json!({"type": "Sample"})));
        assert!(!ok(subtype, json!({"type": "Sample", "sample": "lunar"})));
    }

    #[test]
    fn a_discriminator_without_named_branches_counts_matches() {
        let schema = json!({
            "discriminator": {"propertyName": "kind"},
            "oneOf": [
                {"type": "object", "required": ["a"]},
                {"type": "object", "required": ["b"]}
            ]
        });
        assert!(ok(schema.clone(), json!({"kind": "x", "a": 1})));
        assert_eq!(
            messages(schema, json!({"kind": "x", "a": 1, "b": 2})),
            ["matches 2 of the `oneOf` schemas, not exactly one"]
        );
    }

    #[test]
    fn all_of_any_of_and_not() {
        let all = json!({"allOf": [
            {"type": "object", "required": ["a"]},
            {"type": "object", "required": ["b"]}
        ]});
        assert!(ok(all.clone(), json!({"a": 1, "b": 2})));
        assert_eq!(messages(all, json!({"a": 1})), ["`b` is required"]);
        let any = json!({"anyOf": [{"type": "integer"}, {"type": "number"}]});
        assert!(ok(any.clone(), json!(1)));
        assert_eq!(
            messages(any, json!("x")),
            ["matches none of the `anyOf` schemas"]
        );
        let not = json!({"not": {"type": "string"}});
        assert!(ok(not.clone(), json!(1)));
        assert_eq!(messages(not, json!("x")), ["matches the `not` schema"]);
        assert_eq!(
            messages(json!(false), json!(1)),
            ["no value is allowed here"]
        );
    }

    #[test]
    fn dangling_refs_accept_anything() {
        assert!(ok(
            json!({"$ref": "#/components/schemas/Missing"}),
            json!(1)
        ));
        assert!(ok(json!({"$ref": "other.yaml#/X"}), json!(1)));
    }

    #[test]
    fn violations_are_capped() {
        let schema = json!({"type": "array", "items": {"type": "string"}});
        let value = Value::Array((0..50).map(|i| json!(i)).collect());
        assert_eq!(messages(schema, value).len(), MAX_VIOLATIONS);
    }

    #[test]
    fn deep_values_end_at_the_depth_bound() {
        let mut value = json!({});
        for _ in 0..200 {
            value = json!({"children": [value]});
        }
        assert!(ok(json!({"$ref": "#/components/schemas/Node"}), value));
        let mut wrong = json!({"children": "no"});
        for _ in 0..5 {
            wrong = json!({"children": [wrong]});
        }
        assert!(!ok(json!({"$ref": "#/components/schemas/Node"}), wrong));
    }
}
