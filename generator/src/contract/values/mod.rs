//! Spec-valid values for schemas: the spec's own examples when they hold, synthesized ones
//! otherwise.
//!
//! Synthesis is deterministic: the same document and schema always give the same value, built
//! in the key order of [`serde_json::Map`] (sorted by key, as the workspace does not enable
//! `preserve_order`).

mod branches;
mod numbers;
mod strings;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

use super::document::Document;
use super::validate::{
    Direction, Validator, Violation, flag, hidden, hidden_discriminator, list, nullable, required,
    same, types, with_all_of,
};
use numbers::{json_number, number};

/// Past this schema nesting depth, values are built minimal.
const SOFT_DEPTH: usize = 12;

/// Past this schema nesting depth, values are the simplest of their type, with nothing inside.
const HARD_DEPTH: usize = 32;

/// A referenced schema already met at this many nesting levels of the value is built minimal.
const MAX_REPEATS: usize = 2;

/// The most schemas one synthesis visits, past which values are the simplest of their type; and
/// the most one [`numbers::integers`] walk visits.
const BUDGET: usize = 20_000;

/// The most items a synthesized array has, whatever its `minItems`.
const MAX_ITEMS: u64 = 64;

/// The most violations kept for each refused example.
const REPORTED_VIOLATIONS: usize = 5;

/// The schema that allows anything, for an array without `items`.
static ANYTHING: Value = Value::Bool(true);

/// How much of an object or array a synthesized value fills in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fill {
    /// Only required properties, and arrays at their `minItems`.
    Required,
    /// Every property (leaving out `readOnly` ones in requests and `writeOnly` ones in
    /// responses), and arrays with at least one item.
    All,
}

/// The value picked for a schema and where it came from.
#[derive(Clone, Debug)]
pub(crate) struct Chosen {
    /// The value.
    pub value: Value,
    /// Where the value came from: the JSON pointer of the spec example used, or `None` when it
    /// was synthesized.
    pub example: Option<String>,
    /// The examples found but refused because they break the schema: each one's pointer with its
    /// first violations.
    pub broken_examples: Vec<(String, Vec<Violation>)>,
    /// When no example fits and the synthesized value breaks the schema too: where the schema
    /// is and the first violations. The schema may contradict itself (Atlas's
    /// `EventTypeForNdsGroup` is `type: object` with string branches), or be beyond the
    /// synthesizer (overlapping `oneOf` branches).
    pub unsatisfied: Option<(String, Vec<Violation>)>,
}

/// A value for `schema`, found at the JSON pointer `at`.
///
/// `examples` are the candidate examples the caller found beside the schema (a parameter's or
/// media type's `example`, the `value` of each entry of its `examples`), with their pointers.
/// They are tried in order, then the schema's own `example` (its pointer is the resolved
/// schema's, plus `/example`), and the first that satisfies the schema in `direction` is used as
/// it is, whatever `fill` asks (examples are the spec's own words), except that its whole
/// numbers where the schema asks for an `integer` are written as JSON integers (`1.6e+09` as
/// `1600000000`). When none does, the value is [`synthesize`]d. Every example refused before
/// that point is reported in [`Chosen::broken_examples`], with its first five violations.
pub(crate) fn choose(
    doc: &Document,
    schema: &Value,
    at: &str,
    examples: &[(String, &Value)],
    fill: Fill,
    direction: Direction,
) -> Chosen {
    let own = doc.resolve(schema, at).and_then(|(resolved, pointer)| {
        let example = resolved.get("example")?;
        Some((format!("{pointer}/example"), example))
    });
    let candidates = examples
        .iter()
        .map(|(pointer, example)| (pointer.clone(), *example))
        .chain(own);
    let mut synthesizer = Synthesizer::new(doc, fill, direction);
    let mut broken_examples = Vec::new();
    for (pointer, example) in candidates {
        let mut violations = synthesizer.validator.violations(schema, example, "example");
        if violations.is_empty() {
            let mut value = example.clone();
            numbers::integers(doc, schema, &mut value);
            return Chosen {
                value,
                example: Some(pointer),
                broken_examples,
                unsatisfied: None,
            };
        }
        violations.truncate(REPORTED_VIOLATIONS);
        broken_examples.push((pointer, violations));
    }
    let value = synthesizer.whole(schema);
    let mut violations = synthesizer.validator.violations(schema, &value, "value");
    violations.truncate(REPORTED_VIOLATIONS);
    let unsatisfied = (!violations.is_empty()).then(|| {
        let pointer = doc
            .resolve(schema, at)
            .map_or_else(|| at.to_owned(), |(_, pointer)| pointer);
        (pointer, violations)
    });
    Chosen {
        value,
        example: None,
        broken_examples,
        unsatisfied,
    }
}

/// A value synthesized from the schema alone, meant to satisfy it in `direction`.
///
/// Preferred, in order: the schema's own `example`, then its `default` (each only if valid and
/// not null), its first non-null `enum` value, its `const`. Else the value is built by `type`
/// (strings from their `format`'s sample, a string their `pattern` matches or a common sample
/// string it matches, numbers from their bounds), merged with the values of its `allOf`
/// branches and of one `oneOf`/`anyOf` branch, or of the schema its discriminator names: the
/// first its discriminator knows that gives a valid value (else the first it knows), with the
/// discriminator property set to match, unless it is `readOnly` in a request (also when the
/// discriminator sits on a base schema the branch includes through `allOf`); without a
/// discriminator, the first branch that gives a valid value (see [`Synthesizer::alternative`]
/// for the values tried). A
/// schema whose referenced schema already appears at two levels of the value, or that lies
/// deeper than 12, gets the smallest value it allows. Whole numbers are JSON integers where the
/// schema asks for an `integer`, whatever the spec's literals write.
///
/// The value can break a satisfiable schema when no value tried for its `oneOf` branches
/// matches exactly one, when no candidate string fits both the pattern and the length limits,
/// or when `not` excludes the value built; synthesis still always ends.
pub(crate) fn synthesize(
    doc: &Document,
    schema: &Value,
    fill: Fill,
    direction: Direction,
) -> Value {
    Synthesizer::new(doc, fill, direction).whole(schema)
}

/// How far a synthesis has gone down the schema.
#[derive(Clone, Copy)]
struct Reach {
    /// The schema nesting depth.
    depth: usize,
    /// Whether to build the smallest value: `null` when allowed, required properties only,
    /// arrays at `minItems`.
    minimal: bool,
}

impl Reach {
    /// One schema further down.
    fn deeper(self) -> Self {
        Self {
            depth: self.depth + 1,
            ..self
        }
    }
}

/// One synthesis run.
struct Synthesizer<'d> {
    /// The spec document references are resolved in.
    doc: &'d Document,
    /// How much of objects and arrays to fill in.
    fill: Fill,
    /// Which way the value travels.
    direction: Direction,
    /// The validator that decides which candidate values are valid.
    validator: Validator<'d>,
    /// The referenced schemas on the current path, outermost first, each with the nesting level
    /// of the value built from it.
    refs: Vec<(String, usize)>,
    /// The nesting level of the value being built: 0 for the whole value, one more inside each
    /// property or item.
    level: usize,
    /// How many more schemas may be visited.
    budget: usize,
}

impl<'d> Synthesizer<'d> {
    /// A synthesis of values travelling in `direction`, filled in as `fill` asks.
    fn new(doc: &'d Document, fill: Fill, direction: Direction) -> Self {
        Self {
            doc,
            fill,
            direction,
            validator: Validator::new(doc, direction),
            refs: Vec::new(),
            level: 0,
            budget: BUDGET,
        }
    }

    /// The value [`synthesize`] returns for `schema`.
    fn whole(&mut self, schema: &Value) -> Value {
        let reach = Reach {
            depth: 0,
            minimal: false,
        };
        let mut value = self.value(schema, reach);
        numbers::integers(self.doc, schema, &mut value);
        value
    }

    /// A value for `schema`, following its `$ref`.
    fn value(&mut self, schema: &Value, reach: Reach) -> Value {
        let doc = self.doc;
        let Some((schema, pointer)) = doc.resolve(schema, "") else {
            return Value::Null;
        };
        if reach.depth > HARD_DEPTH || self.budget == 0 {
            return simplest(schema);
        }
        self.budget -= 1;
        let mut reach = reach;
        reach.minimal |= reach.depth > SOFT_DEPTH;
        if pointer.is_empty() {
            return self.build(schema, reach, "", false);
        }
        let mut levels: Vec<usize> = self.refs_at(&pointer).collect();
        levels.dedup();
        let reentry = levels.contains(&self.level);
        reach.minimal |= levels.len() >= MAX_REPEATS;
        self.refs.push((pointer.clone(), self.level));
        let value = self.build(schema, reach, &pointer, reentry);
        self.refs.pop();
        value
    }

    /// The nesting levels at which the referenced schema `pointer` is on the current path.
    fn refs_at<'s>(&'s self, pointer: &'s str) -> impl Iterator<Item = usize> + 's {
        self.refs
            .iter()
            .filter(move |(entered, _)| entered == pointer)
            .map(|(_, level)| *level)
    }

    /// A value for a schema without `$ref`, found at `pointer` (empty when inline). On a
    /// `reentry`, the schema is already being built for this same value further out, so its
    /// `allOf`, `oneOf` and `anyOf` are left to that outer visit. A discriminated base schema
    /// built as part of one of its subtypes skips its literals, which may name another subtype.
    fn build(&mut self, schema: &Value, reach: Reach, pointer: &str, reentry: bool) -> Value {
        let mut tag = self.enclosing_tag(schema, pointer);
        if tag.is_none()
            && let Some(literal) = self.literal(schema)
        {
            return literal;
        }
        if reach.minimal && nullable(schema) {
            return Value::Null;
        }
        let mut parts: Vec<Value> = self.by_type(schema, reach).into_iter().collect();
        if !reentry {
            for branch in list(schema, "allOf") {
                parts.push(self.value(branch, reach.deeper()));
            }
            if tag.is_none()
                && let Some((value, chosen)) = self.alternative(schema, &parts, reach)
            {
                parts.push(value);
                tag = chosen;
            }
        }
        let mut value = self.merge(schema, parts);
        if let Value::Object(object) = &mut value {
            self.complete(schema, object, reach, reentry);
            // A discriminator the client leaves out (`readOnly` in a request) is left out here
            // too: the value is what goes on the wire.
            if let Some((property, tag)) = tag
                && !hidden_discriminator(self.doc, schema, &property, self.direction)
            {
                object.insert(property, Value::String(tag));
            }
        }
        value
    }

    /// The schema's own `example` or `default` if valid, else its first non-null `enum` value
    /// (a valid one if any), else its `const`.
    fn literal(&mut self, schema: &Value) -> Option<Value> {
        let options = list(schema, "enum").iter().filter(|v| !v.is_null());
        let stated = [schema.get("example"), schema.get("default")]
            .into_iter()
            .flatten()
            .filter(|v| !v.is_null());
        if let Some(valid) = stated
            .chain(options.clone())
            .find(|v| self.valid(schema, v))
        {
            return Some(valid.clone());
        }
        schema.get("const").or(options.clone().next()).cloned()
    }

    /// Whether `value` satisfies `schema` in this synthesis' direction.
    fn valid(&mut self, schema: &Value, value: &Value) -> bool {
        self.validator.accepts(schema, value)
    }

    /// The value the schema's `type` asks for (inferred from `properties` or `items` when it has
    /// none), or `None` when it names no type.
    fn by_type(&mut self, schema: &Value, reach: Reach) -> Option<Value> {
        let named = types(schema).into_iter().find(|name| *name != "null");
        Some(match named.or_else(|| inferred_type(schema))? {
            "string" => self.string(schema),
            "integer" => number(schema, true),
            "number" => number(schema, false),
            "boolean" => Value::Bool(true),
            "array" => self.array(schema, reach),
            "object" => self.object(schema, reach),
            _ => return None,
        })
    }

    /// A value for a property or item schema, one nesting level further in.
    fn child(&mut self, schema: &Value, reach: Reach) -> Value {
        self.level += 1;
        let value = self.value(schema, reach.deeper());
        self.level -= 1;
        value
    }

    /// An object with the properties `fill` asks for, leaving out those hidden in this
    /// direction; with [`Fill::All`], a map without properties gets one entry, `key`.
    fn object(&mut self, schema: &Value, reach: Reach) -> Value {
        let all = self.fill == Fill::All && !reach.minimal;
        let wanted = required(schema);
        let properties = schema.get("properties").and_then(Value::as_object);
        let mut object = Map::new();
        for (name, property) in properties.into_iter().flatten() {
            if (all || wanted.contains(&name.as_str()))
                && !hidden(self.doc, property, self.direction)
            {
                let value = self.child(property, reach);
                object.insert(name.clone(), value);
            }
        }
        let needs_entry = all || schema.get("minProperties").and_then(Value::as_u64) > Some(0);
        if needs_entry
            && properties.is_none_or(Map::is_empty)
            && let Some(additional @ Value::Object(_)) = schema.get("additionalProperties")
        {
            let value = self.child(additional, reach);
            object.insert("key".to_owned(), value);
        }
        Value::Object(object)
    }

    /// An array of `minItems` items (at least one with [`Fill::All`]), at most `maxItems`, made
    /// to differ when `uniqueItems` asks it.
    fn array(&mut self, schema: &Value, reach: Reach) -> Value {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let wanted = if self.fill == Fill::All && !reach.minimal {
            min.max(1)
        } else {
            min
        };
        let max = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX);
        let count = usize::try_from(wanted.min(max).min(MAX_ITEMS)).unwrap_or(0);
        if count == 0 {
            return Value::Array(Vec::new());
        }
        let items = schema.get("items").unwrap_or(&ANYTHING);
        let first = self.child(items, reach);
        if count > 1 && flag(schema, "uniqueItems") {
            let min = usize::try_from(min).unwrap_or(count);
            return Value::Array(self.distinct(items, first, count, min));
        }
        Value::Array(vec![first; count])
    }

    /// `count` different valid items, starting with `first` and drawing on the item schema's
    /// `enum` and on variations of `first`; fewer (down to one) when no more can be found and
    /// `min` allows it, else padded with copies of `first`.
    fn distinct(&mut self, items: &Value, first: Value, count: usize, min: usize) -> Vec<Value> {
        let options = self
            .doc
            .resolve(items, "")
            .map(|(resolved, _)| list(resolved, "enum"))
            .unwrap_or_default();
        let variations = (1..=2 * count).flat_map(|i| variations(&first, i));
        let mut found = vec![first.clone()];
        for candidate in options.iter().cloned().chain(variations) {
            if found.len() >= count {
                break;
            }
            if !found.iter().any(|known| same(known, &candidate)) && self.valid(items, &candidate) {
                found.push(candidate);
            }
        }
        if found.len() < min {
            found.resize(count, first);
        }
        found
    }

    /// A string for the schema: the first of its [`strings::candidates`] it accepts, else the
    /// first.
    fn string(&mut self, schema: &Value) -> Value {
        let candidates = strings::candidates(schema);
        let valid = candidates
            .iter()
            .position(|candidate| self.valid(schema, &Value::String(candidate.clone())));
        candidates
            .into_iter()
            .nth(valid.unwrap_or(0))
            .map_or(Value::Null, Value::String)
    }

    /// The parts built for one schema as one value: every object part merged into one (later
    /// keys win); else the first scalar part that satisfies the schema, or the last; else `null`.
    fn merge(&mut self, schema: &Value, parts: Vec<Value>) -> Value {
        let mut object: Option<Map<String, Value>> = None;
        let mut scalars = Vec::new();
        for part in parts {
            match part {
                Value::Object(map) => object.get_or_insert_with(Map::new).extend(map),
                Value::Null => {}
                scalar => scalars.push(scalar),
            }
        }
        if let Some(object) = object {
            return Value::Object(object);
        }
        let valid = scalars.iter().position(|scalar| self.valid(schema, scalar));
        let index = valid.unwrap_or(scalars.len().saturating_sub(1));
        scalars.into_iter().nth(index).unwrap_or(Value::Null)
    }

    /// Adds the properties required by the schema or its `allOf` branches (unless a reentry)
    /// that the object lacks or holds an invalid value for (a branch that requires a property
    /// another branch defines can only put `null` there), each from the first of their property
    /// schemas found.
    fn complete(
        &mut self,
        schema: &Value,
        object: &mut Map<String, Value>,
        reach: Reach,
        reentry: bool,
    ) {
        let doc = self.doc;
        let sources = if reentry {
            vec![schema]
        } else {
            with_all_of(doc, schema)
        };
        for name in sources.iter().flat_map(|source| required(source)) {
            let property = sources
                .iter()
                .find_map(|source| source.get("properties")?.get(name));
            let present = object.get(name);
            let settled = match property {
                Some(property) => {
                    hidden(doc, property, self.direction)
                        || present.is_some_and(|value| self.valid(property, value))
                }
                None => present.is_some(),
            };
            if settled {
                continue;
            }
            let value = property.map_or(Value::Null, |p| self.child(p, reach));
            object.insert(name.to_owned(), value);
        }
    }
}

/// The type a schema without `type` implies: `object` for object keywords, `array` for `items`.
fn inferred_type(schema: &Value) -> Option<&'static str> {
    let object_keywords = [
        "properties",
        "additionalProperties",
        "required",
        "minProperties",
    ];
    if object_keywords.iter().any(|key| schema.get(key).is_some()) {
        Some("object")
    } else {
        schema.get("items").map(|_| "array")
    }
}

/// The simplest value of the schema's type, built without looking inside it: `null` when
/// allowed, else an empty object, array or string, zero or `false`.
fn simplest(schema: &Value) -> Value {
    if nullable(schema) {
        return Value::Null;
    }
    let named = types(schema).into_iter().next();
    match named.or_else(|| inferred_type(schema)) {
        Some("object") => Value::Object(Map::new()),
        Some("array") => Value::Array(Vec::new()),
        Some("string") => Value::String(String::new()),
        Some("integer" | "number") => Value::from(0),
        Some("boolean") => Value::Bool(false),
        _ => Value::Null,
    }
}

/// Values like `value` but different from it, for the `i`th try at distinct array items.
fn variations(value: &Value, i: usize) -> Vec<Value> {
    match value {
        Value::String(text) => {
            let digit = char::from_digit(u32::try_from(i % 36).unwrap_or(0), 36).unwrap_or('0');
            let mut changed: String = text
                .chars()
                .take(text.chars().count().saturating_sub(1))
                .collect();
            changed.push(digit);
            vec![Value::String(changed), Value::String(format!("{text}{i}"))]
        }
        Value::Number(number) => {
            let step = u32::try_from(i).map_or(0.0, f64::from);
            let integer = number.is_i64() || number.is_u64();
            let base = number.as_f64().unwrap_or(0.0);
            vec![
                json_number(base + step, integer),
                json_number(base - step, integer),
            ]
        }
        Value::Bool(flag) => vec![Value::Bool(!flag)],
        Value::Null => vec![Value::from(i)],
        Value::Array(_) | Value::Object(_) => Vec::new(),
    }
}
