//! Whether a JSON value satisfies an OpenAPI 3.0 Schema Object, and where it does not.
//!
//! The checks follow what the mock server enforces on requests, so that the harness can tell a
//! spec whose own example breaks its schema from a client that encodes a value badly. Keywords
//! outside the list in [`validate`] are ignored: a value is only refused for a reason the spec
//! states.

mod formats;
mod keywords;
mod patterns;
mod schema;
#[cfg(test)]
pub(crate) mod tests;

use serde_json::{Map, Value};

use super::document::Document;
use formats::string_format_holds;
use keywords::{check_count, check_enum, check_number, check_type, first_duplicate};
use patterns::Patterns;

pub(crate) use schema::{
    all_properties, alternatives, discriminated, discriminator_property, discriminator_target,
    discriminator_values, flag, is_multiple, last_segment, list, lower_bound, nullable, reference,
    required, same, types, upper_bound, with_all_of,
};

/// The deepest schema nesting checked; anything deeper is accepted.
const MAX_DEPTH: usize = 64;

/// The most violations one [`validate`] call reports.
const MAX_VIOLATIONS: usize = 20;

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
/// beside a `$ref`) and `type` arrays holding `"null"`, `type` (a number with no fraction, such
/// as `1.6e+09`, is an integer), `enum` and `const` (numbers compared by value), `required` (a
/// `readOnly` property is not required in a request, nor a `writeOnly` one in a response,
/// whether the schema or one of its `allOf` branches defines it), `properties`,
/// `additionalProperties` (`false`, or a schema), `minProperties`, `maxProperties`, `items`,
/// `minItems`, `maxItems`, `uniqueItems`, `minLength` and `maxLength` (in characters), `pattern`
/// (ECMA-262 syntax with look-around and back-references, searched anywhere in the string),
/// `minimum` and `maximum` with boolean or numeric `exclusiveMinimum` and `exclusiveMaximum`,
/// `multipleOf`, the formats `date-time`, `date`, `int32`, `int64`, `uuid` and `email`, `allOf`,
/// `anyOf`, `oneOf` and `not`.
///
/// A `discriminator` with a `propertyName` names the schema an object is: on a schema with
/// `oneOf` or `anyOf` it picks the one branch the object is checked against (by its `mapping`,
/// else by schema name), and a missing or unknown value is a violation; on a schema without
/// them, the object is also checked against the schema its value maps to (by the `mapping`,
/// else the schema of that name under `#/components/schemas`, if there is one), unless that
/// schema is already being checked for the same object, as when a subtype includes its base
/// through `allOf`.
///
/// Accepted without a check: a `pattern` that does not compile or whose matching gives up
/// (past the backtracking limit), every other format, `readOnly` properties sent in a request
/// (a discriminator property among them) and `writeOnly` ones in a response, external
/// references, tuple `items` and the JSON Schema keywords OpenAPI 3.0 does not have
/// (`patternProperties`, `if`, `contains`, ...). A schema nested deeper than 64 accepts
/// anything, and so does a referenced schema entered again for the same value, which ends the
/// cycle of a base schema whose subtypes include it through `allOf` (the base's own keywords
/// are checked on the first visit).
pub(crate) fn validate(
    doc: &Document,
    schema: &Value,
    value: &Value,
    direction: Direction,
    root: &str,
) -> Vec<Violation> {
    Validator::new(doc, direction).violations(schema, value, root)
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

/// Whether the discriminator `property` of `schema` is left out of values travelling in
/// `direction` (a `readOnly` discriminator in a request, as Atlas's `EARPrivateEndpoint` has):
/// so the schema says on itself or on one of its `oneOf`/`anyOf`/`allOf` branches.
pub(crate) fn hidden_discriminator(
    doc: &Document,
    schema: &Value,
    property: &str,
    direction: Direction,
) -> bool {
    let own = std::iter::once(schema);
    let branches = ["oneOf", "anyOf", "allOf"]
        .into_iter()
        .flat_map(|key| list(schema, key))
        .filter_map(|branch| doc.resolve(branch, "").map(|(branch, _)| branch));
    own.chain(branches).any(|holder| {
        holder
            .get("properties")
            .and_then(|properties| properties.get(property))
            .is_some_and(|definition| hidden(doc, definition, direction))
    })
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

/// A validator for one document and direction, which keeps the patterns it compiles for the
/// values it checks next.
pub(crate) struct Validator<'d> {
    /// The spec document references are resolved in.
    doc: &'d Document,
    /// Which way the values travel.
    direction: Direction,
    /// Each `pattern` met, compiled.
    patterns: Patterns,
}

impl<'d> Validator<'d> {
    /// A validator of values travelling in `direction`, with references resolved in `doc`.
    pub(crate) fn new(doc: &'d Document, direction: Direction) -> Self {
        Self {
            doc,
            direction,
            patterns: Patterns::default(),
        }
    }

    /// What [`validate`] reports for this document and direction.
    pub(crate) fn violations(
        &mut self,
        schema: &Value,
        value: &Value,
        root: &str,
    ) -> Vec<Violation> {
        let mut sink = Sink::new(MAX_VIOLATIONS);
        self.check(schema, &mut Instance::new(value, root), 0, &mut sink);
        sink.found
    }

    /// Whether `value` satisfies `schema`: [`Validator::violations`] finds none (it stops at the
    /// first).
    pub(crate) fn accepts(&mut self, schema: &Value, value: &Value) -> bool {
        self.passes(schema, &mut Instance::new(value, ""), 0)
    }

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

    /// Whether `text` fails to match `pattern`; a pattern that does not compile, or whose match
    /// gives up, refuses nothing.
    fn refuses(&mut self, pattern: &str, text: &str) -> bool {
        self.patterns.matches(pattern, text) == Some(false)
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

    /// Checks `required` (excusing a property the schema or one of its `allOf` branches marks
    /// hidden in this direction), `properties`, `additionalProperties`, `minProperties` and
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
        let defined = all_properties(self.doc, schema);
        for name in required(schema) {
            let excused = defined
                .iter()
                .any(|(defined, p)| *defined == name && hidden(self.doc, p, self.direction));
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

    /// Checks `allOf`, `oneOf`, `anyOf` (or the `discriminator` that picks among them), the
    /// schema a discriminator without them names, and `not`.
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
        match (discriminator_property(schema), at.value) {
            (Some(property), Value::Object(object))
                if alternatives(schema).next().is_some()
                    && !discriminator_values(schema).is_empty() =>
            {
                self.check_discriminated(schema, property, object, at, depth, sink);
            }
            _ => {
                self.check_one_of(schema, at, depth, sink);
                self.check_any_of(schema, at, depth, sink);
                if let Some(pointer) = discriminated(self.doc, schema, at.value) {
                    self.check(&reference(&pointer), at, depth + 1, sink);
                }
            }
        }
        if let Some(not) = schema.get("not")
            && self.passes(not, at, depth + 1)
        {
            sink.push(at.path, "matches the `not` schema".to_owned());
        }
    }

    /// Checks an object against the `oneOf`/`anyOf` branch its discriminator `property`
    /// selects, by [`discriminator_target`].
    fn check_discriminated(
        &mut self,
        schema: &Value,
        property: &str,
        object: &Map<String, Value>,
        at: &mut Instance<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        let Some(tag) = object.get(property) else {
            // A discriminator a request leaves out picks no branch: the value must fit exactly
            // one `oneOf` branch (or some `anyOf` one), as without a discriminator.
            if hidden_discriminator(self.doc, schema, property, self.direction) {
                self.check_one_of(schema, at, depth, sink);
                self.check_any_of(schema, at, depth, sink);
                return;
            }
            return sink.push(
                at.path,
                format!("the discriminator `{property}` is missing"),
            );
        };
        let selected = tag
            .as_str()
            .and_then(|tag| discriminator_target(self.doc, schema, tag));
        let Some(pointer) = selected else {
            return sink.push(
                at.path,
                format!("`{tag}` is not a known value of the discriminator `{property}`"),
            );
        };
        self.check(&reference(&pointer), at, depth + 1, sink);
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
