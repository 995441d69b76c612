//! Spec-valid values for schemas: the spec's own examples when they hold, synthesized ones
//! otherwise.
//!
//! Synthesis is deterministic: the same document and schema always give the same value, built
//! in the key order of [`serde_json::Map`] (sorted by key, as the workspace does not enable
//! `preserve_order`).

use regex_syntax::ParserBuilder;
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Number, Value};

use super::document::Document;
use super::validate::{
    Direction, Violation, alternatives, discriminator_property, discriminator_values, flag, hidden,
    is_multiple, last_segment, list, lower_bound, nullable, reference, required, same, types,
    upper_bound, validate,
};

/// Past this schema nesting depth, values are built minimal.
const SOFT_DEPTH: usize = 12;

/// Past this schema nesting depth, values are the simplest of their type, with nothing inside.
const HARD_DEPTH: usize = 32;

/// A referenced schema already met at this many nesting levels of the value is built minimal.
const MAX_REPEATS: usize = 2;

/// The most schemas one synthesis visits; past it, values are the simplest of their type.
const BUDGET: usize = 20_000;

/// The most items a synthesized array has, whatever its `minItems`.
const MAX_ITEMS: u64 = 64;

/// The longest synthesized string, in bytes, whatever its `minLength` or pattern.
const MAX_SAMPLE_LEN: usize = 4096;

/// The most pattern nodes visited to write one sample string.
const MAX_SAMPLE_STEPS: usize = 100_000;

/// The deepest group nesting of a pattern that is sampled.
const PATTERN_NEST_LIMIT: u32 = 64;

/// The characters preferred when a pattern class allows them, in order.
const PREFERRED_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

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
/// it is, whatever `fill` asks: examples are the spec's own words. When none does, the value is
/// [`synthesize`]d. Every example refused before that point is reported in
/// [`Chosen::broken_examples`], with its first five violations.
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
    let mut broken_examples = Vec::new();
    for (pointer, example) in candidates {
        let mut violations = validate(doc, schema, example, direction, "example");
        if violations.is_empty() {
            return Chosen {
                value: example.clone(),
                example: Some(pointer),
                broken_examples,
                unsatisfied: None,
            };
        }
        violations.truncate(REPORTED_VIOLATIONS);
        broken_examples.push((pointer, violations));
    }
    let value = synthesize(doc, schema, fill, direction);
    let mut violations = validate(doc, schema, &value, direction, "value");
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
/// (strings from their `format`'s sample or a string their `pattern` matches, numbers from their
/// bounds), merged with the values of its `allOf` branches and of one `oneOf`/`anyOf` branch:
/// the first one its discriminator knows, with the discriminator property set to match (also
/// when the discriminator sits on a base schema the branch includes through `allOf`), else the
/// first branch that gives a valid value. A schema whose referenced schema already appears at
/// two levels of the value, or that lies deeper than 12, gets the smallest value it allows.
///
/// The value can break a satisfiable schema when its `oneOf` branches overlap (no branch value
/// matches exactly one), when the sampled pattern string cannot be fitted to the length limits,
/// or when `not` excludes the value built; synthesis still always ends.
pub(crate) fn synthesize(
    doc: &Document,
    schema: &Value,
    fill: Fill,
    direction: Direction,
) -> Value {
    let mut synthesizer = Synthesizer {
        doc,
        fill,
        direction,
        refs: Vec::new(),
        level: 0,
        budget: BUDGET,
    };
    synthesizer.value(
        schema,
        Reach {
            depth: 0,
            minimal: false,
        },
    )
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
    /// The referenced schemas on the current path, outermost first, each with the nesting level
    /// of the value built from it.
    refs: Vec<(String, usize)>,
    /// The nesting level of the value being built: 0 for the whole value, one more inside each
    /// property or item.
    level: usize,
    /// How many more schemas may be visited.
    budget: usize,
}

impl Synthesizer<'_> {
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
            if let Some((property, tag)) = tag {
                object.insert(property, Value::String(tag));
            }
        }
        value
    }

    /// The schema's own `example` or `default` if valid, else its first non-null `enum` value
    /// (a valid one if any), else its `const`.
    fn literal(&self, schema: &Value) -> Option<Value> {
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
    fn valid(&self, schema: &Value, value: &Value) -> bool {
        validate(self.doc, schema, value, self.direction, "value").is_empty()
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
    fn distinct(&self, items: &Value, first: Value, count: usize, min: usize) -> Vec<Value> {
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

    /// A string for the schema: its format's sample, a string its pattern matches, or `string`
    /// cut or padded to its length limits, whichever is valid first (the first when none is).
    fn string(&self, schema: &Value) -> Value {
        let min = schema
            .get("minLength")
            .and_then(Value::as_u64)
            .map_or(0, |min| {
                usize::try_from(min)
                    .unwrap_or(MAX_SAMPLE_LEN)
                    .min(MAX_SAMPLE_LEN)
            });
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .and_then(|max| usize::try_from(max).ok());
        let format = schema.get("format").and_then(Value::as_str);
        let pattern = schema.get("pattern").and_then(Value::as_str);
        let candidates: Vec<Value> = format
            .and_then(format_sample)
            .map(str::to_owned)
            .into_iter()
            .chain(
                pattern
                    .map(|p| pattern_samples(p, min, max))
                    .unwrap_or_default(),
            )
            .chain([fit("string", min, max)])
            .map(Value::String)
            .collect();
        let valid = candidates
            .iter()
            .find(|candidate| self.valid(schema, candidate));
        valid.or(candidates.first()).cloned().unwrap_or(Value::Null)
    }

    /// The value of a `oneOf`/`anyOf` branch, with the discriminator property and value to set
    /// when a discriminator chose it: the first value the discriminator knows, else the first
    /// branch whose value, merged with `parts`, satisfies the schema, else the first branch.
    fn alternative(
        &mut self,
        schema: &Value,
        parts: &[Value],
        reach: Reach,
    ) -> Option<(Value, Option<(String, String)>)> {
        if let Some(property) = discriminator_property(schema)
            && let Some((tag, pointer)) = discriminator_values(schema).into_iter().next()
        {
            let value = self.value(&reference(&pointer), reach.deeper());
            return Some((value, Some((property.to_owned(), tag))));
        }
        let mut first = None;
        for branch in alternatives(schema) {
            let value = self.value(branch, reach.deeper());
            let mut trial = parts.to_vec();
            trial.push(value.clone());
            if self.valid(schema, &self.merge(schema, trial)) {
                return Some((value, None));
            }
            first.get_or_insert((value, None));
        }
        first
    }

    /// The discriminator property and value of a schema with a discriminator whose value is
    /// already being built as one of its subtypes: a referenced schema entered further out for
    /// this same value that the discriminator knows (or, for a base schema without `oneOf` or
    /// `anyOf`, the nearest one by its name, when the property allows it).
    fn enclosing_tag(&self, schema: &Value, pointer: &str) -> Option<(String, String)> {
        let property = discriminator_property(schema)?;
        let mut enclosing = self
            .refs
            .iter()
            .rev()
            .filter(|(entered, level)| *level == self.level && entered != pointer)
            .map(|(entered, _)| entered);
        let known = discriminator_values(schema);
        let tag = enclosing.clone().find_map(|entered| {
            known
                .iter()
                .find(|(_, target)| target == entered)
                .map(|(tag, _)| tag.clone())
        });
        let tag = match tag {
            Some(tag) => tag,
            None if alternatives(schema).next().is_none() => {
                let tag = last_segment(enclosing.next()?);
                let property_schema = schema.get("properties").and_then(|p| p.get(property));
                let allowed =
                    property_schema.is_none_or(|p| self.valid(p, &Value::String(tag.clone())));
                allowed.then_some(tag)?
            }
            None => return None,
        };
        Some((property.to_owned(), tag))
    }

    /// The parts built for one schema as one value: every object part merged into one (later
    /// keys win); else the first scalar part that satisfies the schema, or the last; else `null`.
    fn merge(&self, schema: &Value, parts: Vec<Value>) -> Value {
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
        let branches = if reentry {
            &[][..]
        } else {
            list(schema, "allOf")
        };
        let sources: Vec<&Value> = std::iter::once(schema)
            .chain(
                branches
                    .iter()
                    .filter_map(|b| doc.resolve(b, "").map(|(b, _)| b)),
            )
            .collect();
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

/// A number within the schema's bounds: the minimum (the next whole number or one more past an
/// exclusive one) or else 1 (1.5 for `number`), brought down to the maximum, then to a multiple
/// of `multipleOf` within the bounds when there is one.
fn number(schema: &Value, integer: bool) -> Value {
    let low = lower_bound(schema);
    let high = upper_bound(schema);
    let start = match low {
        None if integer => 1.0,
        None => 1.5,
        Some((min, false)) if integer => min.ceil(),
        Some((min, false)) => min,
        Some((min, true)) if integer => min.floor() + 1.0,
        Some((min, true)) => min + 1.0,
    };
    let mut value = match high {
        Some((max, exclusive)) if start > max || (exclusive && start >= max) => {
            match (integer, exclusive, low) {
                (true, true, _) => max.ceil() - 1.0,
                (true, false, _) => max.floor(),
                (false, _, Some((min, _))) => (min + max) / 2.0,
                (false, true, None) => max - 1.0,
                (false, false, None) => max,
            }
        }
        _ => start,
    };
    if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64)
        && step > 0.0
        && !is_multiple(value, step)
    {
        let up = (value / step).ceil() * step;
        let fits = high.is_none_or(|(max, exclusive)| up < max || (!exclusive && up == max));
        value = if fits {
            up
        } else {
            (value / step).floor() * step
        };
    }
    json_number(value, integer)
}

/// A JSON number for `value`: written without a fraction when it is whole (always for
/// integers).
fn json_number(value: f64, integer: bool) -> Value {
    let value = if integer { value.round() } else { value };
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        return Value::from(value as i64);
    }
    Number::from_f64(value).map_or(Value::from(0), Value::Number)
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

/// A fixed sample of a string `format`, for the formats that have one.
fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2024-05-30T12:00:00Z",
        "date" => "2024-05-30",
        "email" => "user@example.com",
        "uri" | "url" => "https://example.com/",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "hostname" => "example.com",
        "byte" => "aGVsbG8=",
        "binary" => "hello",
        _ => return None,
    })
}

/// `text` cut to `max` characters, then padded with `x` to `min`.
fn fit(text: &str, min: usize, max: Option<usize>) -> String {
    let mut fitted: String = text.chars().take(max.unwrap_or(usize::MAX)).collect();
    let missing = min.saturating_sub(fitted.chars().count());
    fitted.extend(std::iter::repeat_n('x', missing));
    fitted
}

/// Strings the pattern may match, shortest first: each repetition at its minimum, then (if
/// shorter than `min` characters) the first with longer repetitions that is long enough and the
/// shortest padded with its last character, then (if longer than `max`) the shortest cut to
/// `max`. Empty when the pattern does not parse. The caller checks which ones really match.
fn pattern_samples(pattern: &str, min: usize, max: Option<usize>) -> Vec<String> {
    let Ok(hir) = ParserBuilder::new()
        .nest_limit(PATTERN_NEST_LIMIT)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    let Some(shortest) = Sampler::write(&hir, 0) else {
        return Vec::new();
    };
    let length = shortest.chars().count();
    let mut samples = Vec::new();
    if length < min {
        // A sample too long to write at one stretch stays too long at every larger one.
        let stretched = (1..=min)
            .map_while(|stretch| Sampler::write(&hir, u32::try_from(stretch).ok()?))
            .find(|sample| sample.chars().count() >= min);
        samples.extend(stretched);
        let last = shortest.chars().last().unwrap_or('a');
        let mut padded = shortest.clone();
        padded.extend(std::iter::repeat_n(last, min - length));
        samples.push(padded);
    }
    if let Some(max) = max.filter(|max| length > *max) {
        samples.push(shortest.chars().take(max).collect());
    }
    samples.insert(0, shortest);
    samples
}

/// Writes one string a parsed pattern matches.
struct Sampler {
    /// How many times each unbounded repetition repeats at least (bounded ones stop at their
    /// maximum; none goes under its minimum).
    stretch: u32,
    /// The string written so far.
    text: String,
    /// The pattern nodes visited so far.
    steps: usize,
}

impl Sampler {
    /// A string `hir` matches, with repetitions stretched to `stretch`; `None` when it would be
    /// too long or a class is empty.
    fn write(hir: &Hir, stretch: u32) -> Option<String> {
        let mut sampler = Self {
            stretch,
            text: String::new(),
            steps: 0,
        };
        sampler.visit(hir)?;
        Some(sampler.text)
    }

    /// Appends what `hir` matches: a literal's text, a class's preferred character, a
    /// repetition's sub-pattern the chosen number of times, an alternation's first branch, a
    /// group's inside; nothing for assertions.
    fn visit(&mut self, hir: &Hir) -> Option<()> {
        self.steps += 1;
        if self.steps > MAX_SAMPLE_STEPS || self.text.len() > MAX_SAMPLE_LEN {
            return None;
        }
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(literal) => self.text.push_str(std::str::from_utf8(&literal.0).ok()?),
            HirKind::Class(class) => self.text.push(class_char(class)?),
            HirKind::Repetition(repetition) => {
                let count = repetition
                    .max
                    .map_or(self.stretch, |max| self.stretch.min(max))
                    .max(repetition.min);
                for _ in 0..count {
                    self.visit(&repetition.sub)?;
                }
            }
            HirKind::Capture(capture) => self.visit(&capture.sub)?,
            HirKind::Concat(parts) => {
                for part in parts {
                    self.visit(part)?;
                }
            }
            HirKind::Alternation(branches) => self.visit(branches.first()?)?,
        }
        Some(())
    }
}

/// A character in the class: a lowercase letter or digit when it holds one, else the first
/// character of its first range (for byte classes, ASCII only). `None` for an empty class.
fn class_char(class: &Class) -> Option<char> {
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .filter(|r| r.start().is_ascii())
            .map(|r| (u32::from(r.start()), u32::from(r.end()).min(0x7f)))
            .collect(),
    };
    let holds = |c: &char| {
        ranges
            .iter()
            .any(|(start, end)| (*start..=*end).contains(&u32::from(*c)))
    };
    PREFERRED_CHARS
        .chars()
        .find(holds)
        .or_else(|| char::from_u32(ranges.first()?.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// A document with the schemas the tests refer to.
    fn doc() -> Document {
        Document::new(json!({"components": {
            "schemas": {
                "ObjectId": {"type": "string", "pattern": "^([a-f0-9]{24})$", "readOnly": true},
                "Group": {
                    "type": "object",
                    "required": ["name", "orgId", "links"],
                    "properties": {
                        "id": {"$ref": "#/components/schemas/ObjectId"},
                        "name": {"type": "string", "pattern": "^[a-zA-Z0-9][a-zA-Z0-9-]*$", "minLength": 5, "maxLength": 64},
                        "orgId": {"type": "string", "pattern": "^([a-f0-9]{24})$"},
                        "created": {"type": "string", "format": "date-time"},
                        "settings": {"$ref": "#/components/schemas/Settings"},
                        "links": {"type": "array", "minItems": 2, "uniqueItems": true,
                                  "items": {"type": "string", "pattern": "^([a-f0-9]{24})$"}},
                        "tags": {"type": "array", "items": {"type": "string"}}
                    }
                },
                "Settings": {
                    "type": "object",
                    "required": ["region"],
                    "properties": {
                        "region": {"type": "string", "enum": [null, "US_EAST_1", "EU_WEST_1"], "nullable": true},
                        "limit": {"type": "integer", "minimum": 10, "maximum": 100, "multipleOf": 7},
                        "ratio": {"type": "number", "exclusiveMinimum": true, "minimum": 0, "maximum": 1},
                        "secret": {"type": "string", "writeOnly": true},
                        "labels": {"type": "object", "additionalProperties": {"type": "string", "format": "email"}}
                    }
                },
                "Connection": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {
                        "type": {"type": "string", "enum": ["Kafka", "Sample"]},
                        "name": {"type": "string"}
                    },
                    "discriminator": {"propertyName": "type", "mapping": {
                        "Sample": "#/components/schemas/SampleConnection",
                        "Kafka": "#/components/schemas/KafkaConnection"
                    }},
                    "oneOf": [
                        {"$ref": "#/components/schemas/KafkaConnection"},
                        {"$ref": "#/components/schemas/SampleConnection"}
                    ]
                },
                "KafkaConnection": {"allOf": [
                    {"$ref": "#/components/schemas/Connection"},
                    {"type": "object", "required": ["bootstrap"], "properties": {
                        "bootstrap": {"type": "string", "minLength": 3}
                    }}
                ]},
                "SampleConnection": {"allOf": [
                    {"$ref": "#/components/schemas/Connection"},
                    {"type": "object", "required": ["sample"], "properties": {
                        "sample": {"type": "string", "enum": ["solar"]}
                    }}
                ]},
                "Animal": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {"kind": {"type": "string"}},
                    "discriminator": {"propertyName": "kind"}
                },
                "Bird": {"allOf": [
                    {"$ref": "#/components/schemas/Animal"},
                    {"type": "object", "properties": {"wings": {"type": "integer", "minimum": 2}}}
                ]},
                "Contact": {"oneOf": [
                    {"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "format": "email"}}, "additionalProperties": false},
                    {"type": "object", "required": ["phone"], "properties": {"phone": {"type": "string"}}, "additionalProperties": false}
                ]},
                "Node": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "parent": {"$ref": "#/components/schemas/Node"},
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
                    }
                },
                "Chain": {
                    "type": "object",
                    "required": ["next"],
                    "properties": {"next": {"$ref": "#/components/schemas/Chain"}}
                },
                "Fork": {
                    "type": "object",
                    "required": ["left", "right"],
                    "properties": {
                        "left": {"$ref": "#/components/schemas/Fork"},
                        "right": {"$ref": "#/components/schemas/Fork"}
                    }
                },
                "Page": {
                    "type": "object",
                    "properties": {"totalCount": {"type": "integer", "minimum": 0}},
                    "example": {"totalCount": -1}
                }
            },
            "examples": {
                "GoodPage": {"value": {"totalCount": 3}}
            }
        }}))
    }

    fn schema(name: &str) -> Value {
        json!({"$ref": format!("#/components/schemas/{name}")})
    }

    /// Asserts that `value` satisfies `schema` in `direction`, showing the violations if not.
    fn assert_valid(doc: &Document, schema: &Value, value: &Value, direction: Direction) {
        let violations = validate(doc, schema, value, direction, "value");
        assert!(
            violations.is_empty(),
            "{value} breaks its schema: {violations:?}"
        );
    }

    /// Synthesizes a value for `schema` with every combination of fill and direction and checks
    /// that each one satisfies the schema.
    fn synthesize_valid(doc: &Document, schema: &Value) {
        for fill in [Fill::Required, Fill::All] {
            for direction in [Direction::Request, Direction::Response] {
                let value = synthesize(doc, schema, fill, direction);
                assert_valid(doc, schema, &value, direction);
            }
        }
    }

    #[test]
    fn patterns_give_matching_strings() {
        let doc = doc();
        let object_id = json!({"type": "string", "pattern": "^([a-f0-9]{24})$"});
        let value = synthesize(&doc, &object_id, Fill::Required, Direction::Request);
        assert_eq!(value, json!("a".repeat(24)));

        let name = json!({"type": "string", "pattern": "^[a-zA-Z0-9][a-zA-Z0-9-]*$"});
        assert_eq!(
            synthesize(&doc, &name, Fill::Required, Direction::Request),
            json!("a")
        );
        let long_name =
            json!({"type": "string", "pattern": "^[a-zA-Z0-9][a-zA-Z0-9-]*$", "minLength": 5});
        let value = synthesize(&doc, &long_name, Fill::Required, Direction::Request);
        assert_eq!(value, json!("aaaaa"));

        for pattern in [
            r"^([0-9]{1,3}\.){3}[0-9]{1,3}|([0-9a-f]{1,4}:){7}([0-9a-f]{1,4})|(([a-z0-9]+\.){1,10}[a-z]+)?$",
            r"^[A-Z]{2}-\d{3}$",
            r"^(?i)prefix_[^/]+$",
            r"^\S+@\S+\.\S+$",
            r"^(dev|prod)\.[a-z]+$",
        ] {
            let schema = json!({"type": "string", "pattern": pattern, "maxLength": 20});
            synthesize_valid(&doc, &schema);
        }
    }

    #[test]
    fn unsupported_patterns_fall_back_to_plain_strings() {
        let doc = doc();
        let schema = json!({"type": "string", "pattern": "^(?!admin).+$", "minLength": 8});
        let value = synthesize(&doc, &schema, Fill::Required, Direction::Request);
        assert_eq!(value, json!("stringxx"));
        assert_valid(&doc, &schema, &value, Direction::Request);
    }

    #[test]
    fn formats_and_lengths() {
        let doc = doc();
        for (format, expected) in [
            ("date-time", "2024-05-30T12:00:00Z"),
            ("date", "2024-05-30"),
            ("email", "user@example.com"),
            ("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            ("byte", "aGVsbG8="),
            ("password", "string"),
        ] {
            let schema = json!({"type": "string", "format": format});
            assert_eq!(
                synthesize(&doc, &schema, Fill::Required, Direction::Request),
                json!(expected)
            );
        }
        let short = json!({"type": "string", "maxLength": 3});
        assert_eq!(
            synthesize(&doc, &short, Fill::Required, Direction::Request),
            json!("str")
        );
    }

    #[test]
    fn numbers_respect_bounds_and_steps() {
        let doc = doc();
        let cases = [
            (json!({"type": "integer"}), json!(1)),
            (json!({"type": "number"}), json!(1.5)),
            (json!({"type": "integer", "minimum": 5}), json!(5)),
            (
                json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true}),
                json!(6),
            ),
            (json!({"type": "integer", "maximum": -3}), json!(-3)),
            (
                json!({"type": "integer", "minimum": 10, "maximum": 100, "multipleOf": 7}),
                json!(14),
            ),
            (
                json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1}),
                json!(1),
            ),
            (
                json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 0.5}),
                json!(0.25),
            ),
            (
                json!({"type": "number", "exclusiveMinimum": 2, "exclusiveMaximum": 2.5}),
                json!(2.25),
            ),
            (json!({"type": "boolean"}), json!(true)),
        ];
        for (schema, expected) in cases {
            let value = synthesize(&doc, &schema, Fill::Required, Direction::Request);
            assert_eq!(value, expected, "{schema}");
            assert_valid(&doc, &schema, &value, Direction::Request);
        }
    }

    #[test]
    fn literals_are_preferred_when_valid() {
        let doc = doc();
        let cases = [
            (
                json!({"type": "string", "example": "ex", "default": "df"}),
                json!("ex"),
            ),
            (
                json!({"type": "string", "maxLength": 2, "example": "too long", "default": "df"}),
                json!("df"),
            ),
            (
                json!({"type": "string", "enum": [null, "B", "C"], "nullable": true}),
                json!("B"),
            ),
            (json!({"const": 7}), json!(7)),
            (json!({"nullable": true}), Value::Null),
        ];
        for (schema, expected) in cases {
            let value = synthesize(&doc, &schema, Fill::All, Direction::Request);
            assert_eq!(value, expected, "{schema}");
        }
    }

    #[test]
    fn nested_objects_follow_fill_and_direction() {
        let doc = doc();
        let group = schema("Group");
        synthesize_valid(&doc, &group);

        let required = synthesize(&doc, &group, Fill::Required, Direction::Request);
        assert_eq!(
            required,
            json!({
                "name": "aaaaa",
                "orgId": "a".repeat(24),
                "links": ["a".repeat(24), format!("{}1", "a".repeat(23))]
            })
        );

        let all = synthesize(&doc, &group, Fill::All, Direction::Request);
        let object = all.as_object().unwrap();
        assert!(
            !object.contains_key("id"),
            "a readOnly property in a request"
        );
        assert_eq!(object["created"], json!("2024-05-30T12:00:00Z"));
        assert_eq!(object["tags"], json!(["string"]));
        let settings = object["settings"].as_object().unwrap();
        assert_eq!(settings["region"], json!("US_EAST_1"));
        assert_eq!(settings["limit"], json!(14));
        assert_eq!(settings["labels"], json!({"key": "user@example.com"}));
        assert!(settings.contains_key("secret"));

        let response = synthesize(&doc, &group, Fill::All, Direction::Response);
        assert!(response["id"].is_string());
        assert!(
            response["settings"].get("secret").is_none(),
            "a writeOnly property in a response"
        );
    }

    #[test]
    fn discriminated_base_schemas_name_their_subtype() {
        let doc = doc();
        let base = schema("Connection");
        synthesize_valid(&doc, &base);
        assert_eq!(
            synthesize(&doc, &base, Fill::Required, Direction::Request),
            json!({"type": "Kafka", "bootstrap": "string"})
        );
        let sample = schema("SampleConnection");
        synthesize_valid(&doc, &sample);
        assert_eq!(
            synthesize(&doc, &sample, Fill::All, Direction::Request),
            json!({"type": "Sample", "name": "string", "sample": "solar"})
        );
        let bird = schema("Bird");
        synthesize_valid(&doc, &bird);
        assert_eq!(
            synthesize(&doc, &bird, Fill::All, Direction::Request),
            json!({"kind": "Bird", "wings": 2})
        );
    }

    #[test]
    fn a_base_example_does_not_override_the_subtype_being_built() {
        let doc = Document::new(json!({"components": {"schemas": {
            "Base": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"type": "string"}},
                "discriminator": {"propertyName": "type"},
                "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                "example": {"type": "B"}
            },
            "A": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"required": ["a"], "properties": {"a": {"type": "integer"}}}]},
            "B": {"allOf": [{"$ref": "#/components/schemas/Base"}]}
        }}}));
        assert_eq!(
            synthesize(&doc, &schema("Base"), Fill::Required, Direction::Request),
            json!({"type": "B"})
        );
        let a = schema("A");
        assert_eq!(
            synthesize(&doc, &a, Fill::Required, Direction::Request),
            json!({"type": "A", "a": 1})
        );
        synthesize_valid(&doc, &a);
    }

    #[test]
    fn one_of_without_discriminator_takes_the_first_valid_branch() {
        let doc = doc();
        let contact = schema("Contact");
        synthesize_valid(&doc, &contact);
        assert_eq!(
            synthesize(&doc, &contact, Fill::All, Direction::Request),
            json!({"email": "user@example.com"})
        );
        let overlapping = json!({"oneOf": [{"type": "number"}, {"type": "integer", "minimum": 3}]});
        let value = synthesize(&doc, &overlapping, Fill::All, Direction::Request);
        assert_eq!(value, json!(1.5));
    }

    #[test]
    fn recursive_schemas_stop() {
        let doc = doc();
        let node = schema("Node");
        synthesize_valid(&doc, &node);
        let all = synthesize(&doc, &node, Fill::All, Direction::Request);
        assert_eq!(all["children"][0]["children"][0], json!({"name": "string"}));
        assert_eq!(
            synthesize(&doc, &node, Fill::Required, Direction::Request),
            json!({"name": "string"})
        );
        // Unsatisfiable recursion still ends, however it branches.
        for name in ["Chain", "Fork"] {
            let value = synthesize(&doc, &schema(name), Fill::All, Direction::Request);
            assert!(value.is_object());
        }
    }

    #[test]
    fn arrays_honour_min_and_max_items() {
        let doc = doc();
        let items = json!({"type": "integer"});
        let three = json!({"type": "array", "items": items, "minItems": 3});
        assert_eq!(
            synthesize(&doc, &three, Fill::Required, Direction::Request),
            json!([1, 1, 1])
        );
        let unique = json!({"type": "array", "items": items, "minItems": 3, "uniqueItems": true});
        assert_eq!(
            synthesize(&doc, &unique, Fill::Required, Direction::Request),
            json!([1, 2, 0])
        );
        let enums = json!({"type": "array", "uniqueItems": true, "minItems": 2,
                           "items": {"type": "string", "enum": ["X", "Y", "Z"]}});
        assert_eq!(
            synthesize(&doc, &enums, Fill::Required, Direction::Request),
            json!(["X", "Y"])
        );
        let empty = json!({"type": "array", "items": items});
        assert_eq!(
            synthesize(&doc, &empty, Fill::Required, Direction::Request),
            json!([])
        );
        assert_eq!(
            synthesize(&doc, &empty, Fill::All, Direction::Request),
            json!([1])
        );
        let none = json!({"type": "array", "items": items, "maxItems": 0});
        assert_eq!(
            synthesize(&doc, &none, Fill::All, Direction::Request),
            json!([])
        );
    }

    #[test]
    fn all_of_merges_branches_and_their_required_properties() {
        let doc = doc();
        let schema = json!({"allOf": [
            {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}},
            {"type": "object", "required": ["b"]},
            {"type": "object", "required": ["c"], "properties": {"c": {"type": "boolean"}}}
        ]});
        synthesize_valid(&doc, &schema);
        assert_eq!(
            synthesize(&doc, &schema, Fill::Required, Direction::Request),
            json!({"b": "string", "c": true})
        );
        let wrapped_enum =
            json!({"allOf": [{"type": "string", "enum": ["ONLY"]}], "description": "wrapper"});
        assert_eq!(
            synthesize(&doc, &wrapped_enum, Fill::Required, Direction::Request),
            json!("ONLY")
        );
    }

    #[test]
    fn choose_prefers_valid_examples_in_order() {
        let doc = doc();
        let page = schema("Page");
        let bad = json!({"totalCount": "three"});
        let good = doc.pointer("#/components/examples/GoodPage/value").unwrap();
        let examples = [
            ("#/paths/~1p/get/responses/200/example".to_owned(), &bad),
            ("#/components/examples/GoodPage/value".to_owned(), good),
        ];
        let chosen = choose(
            &doc,
            &page,
            "#/body",
            &examples,
            Fill::All,
            Direction::Request,
        );
        assert_eq!(chosen.value, json!({"totalCount": 3}));
        assert_eq!(
            chosen.example.as_deref(),
            Some("#/components/examples/GoodPage/value")
        );
        assert_eq!(chosen.broken_examples.len(), 1);
        assert_eq!(
            chosen.broken_examples[0].0,
            "#/paths/~1p/get/responses/200/example"
        );
        assert_eq!(
            chosen.broken_examples[0].1[0].message,
            "expected an integer, found a string"
        );
    }

    #[test]
    fn choose_refuses_broken_examples_and_synthesizes() {
        let doc = doc();
        let page = schema("Page");
        let chosen = choose(&doc, &page, "#/body", &[], Fill::All, Direction::Request);
        assert_eq!(chosen.value, json!({"totalCount": 0}));
        assert_eq!(chosen.example, None);
        let broken: Vec<&str> = chosen
            .broken_examples
            .iter()
            .map(|(at, _)| at.as_str())
            .collect();
        assert_eq!(broken, ["#/components/schemas/Page/example"]);
        assert_eq!(
            chosen.broken_examples[0].1[0],
            Violation {
                path: "example.totalCount".into(),
                message: "is -1, less than the minimum of 0".into()
            }
        );

        let inline = json!({"type": "integer", "example": 4});
        let chosen = choose(
            &doc,
            &inline,
            "#/param/schema",
            &[],
            Fill::Required,
            Direction::Request,
        );
        assert_eq!(chosen.value, json!(4));
        assert_eq!(chosen.example.as_deref(), Some("#/param/schema/example"));
        assert!(chosen.broken_examples.is_empty());
    }

    /// A schema `synthesize` can satisfy: scalars with consistent constraints, arrays, objects,
    /// `allOf` of objects and `oneOf` of distinct types.
    fn satisfiable() -> impl Strategy<Value = Value> {
        let string = (
            0..4u64,
            0..6u64,
            prop::option::of(prop::sample::select(vec![
                "date-time",
                "date",
                "uuid",
                "email",
                "byte",
                "password",
            ])),
        )
            .prop_map(|(min, extra, format)| {
                let mut schema =
                    json!({"type": "string", "minLength": min, "maxLength": min + extra + 40});
                if let Some(format) = format {
                    schema["format"] = json!(format);
                }
                schema
            });
        let pattern = prop::sample::select(vec![
            "^[a-z]{3,5}$",
            "^([a-f0-9]{24})$",
            "^[A-Z][a-z0-9_-]*$",
            "x+y?z*",
            "^(ab|cd)+$",
        ])
        .prop_map(|pattern| json!({"type": "string", "pattern": pattern}));
        let integer = (-50..50i64, 0..40i64, 1..5i64, any::<bool>()).prop_map(
            |(min, width, step, exclusive)| {
                json!({"type": "integer", "minimum": min, "maximum": min + width + 2 * step,
                   "multipleOf": step, "exclusiveMinimum": exclusive, "format": "int32"})
            },
        );
        let number = (-5.0..5.0f64, 0.5..10.0f64).prop_map(|(min, width)| {
            json!({"type": "number", "minimum": min, "maximum": min + width, "exclusiveMaximum": true})
        });
        let leaf = prop_oneof![
            string,
            pattern,
            integer,
            number,
            Just(json!({"type": "boolean"})),
            Just(json!({"type": "string", "enum": ["A", "B"], "nullable": true})),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                (inner.clone(), 0..3u64, any::<bool>()).prop_map(|(items, min, unique)| {
                    json!({"type": "array", "items": items, "minItems": min, "uniqueItems": unique && min < 2})
                }),
                prop::collection::btree_map("[a-d]", (inner.clone(), any::<bool>(), any::<bool>()), 0..4)
                    .prop_map(|properties| object_schema(&properties)),
                prop::collection::btree_map("[e-h]", (inner, any::<bool>(), any::<bool>()), 1..3)
                    .prop_map(|properties| json!({"allOf": [object_schema(&properties), {"type": "object"}]})),
            ]
        })
    }

    /// An object schema of the given properties, each marked required or read-only by its flags.
    fn object_schema(
        properties: &std::collections::BTreeMap<String, (Value, bool, bool)>,
    ) -> Value {
        let required: Vec<&String> = properties
            .iter()
            .filter(|(_, (_, required, _))| *required)
            .map(|(name, _)| name)
            .collect();
        let properties: Map<String, Value> = properties
            .iter()
            .map(|(name, (schema, _, read_only))| {
                let mut schema = schema.clone();
                if *read_only {
                    schema["readOnly"] = json!(true);
                }
                (name.clone(), schema)
            })
            .collect();
        json!({"type": "object", "required": required, "properties": properties, "additionalProperties": false})
    }

    proptest! {
        #[test]
        fn synthesized_values_satisfy_their_schemas(schema in satisfiable()) {
            let doc = doc();
            for fill in [Fill::Required, Fill::All] {
                for direction in [Direction::Request, Direction::Response] {
                    let value = synthesize(&doc, &schema, fill, direction);
                    let violations = validate(&doc, &schema, &value, direction, "value");
                    prop_assert!(violations.is_empty(), "{} for {}: {:?}", value, schema, violations);
                }
            }
        }

        #[test]
        fn any_json_as_a_schema_neither_panics_nor_hangs(schema in any_json(), value in any_json()) {
            let doc = Document::new(json!({"components": {"schemas": {"S": schema.clone()}}}));
            let _ = synthesize(&doc, &schema, Fill::All, Direction::Request);
            let _ = validate(&doc, &schema, &value, Direction::Response, "value");
            let _ = choose(&doc, &schema, "#/components/schemas/S", &[("#/x".to_owned(), &value)], Fill::Required, Direction::Request);
        }
    }

    /// Arbitrary small JSON built from schema keywords, so that odd combinations come up often.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-3i64..40).prop_map(Value::from),
            (-3.0..3.0f64).prop_map(Value::from),
            prop::sample::select(vec![
                "string",
                "integer",
                "number",
                "object",
                "array",
                "boolean",
                "null",
                "date-time",
                "#/components/schemas/S",
                "[",
                "^a+$",
                "(?=x)",
                "a{2,}",
                "",
            ])
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop::sample::select(vec![
                        "type",
                        "$ref",
                        "items",
                        "properties",
                        "required",
                        "allOf",
                        "oneOf",
                        "anyOf",
                        "not",
                        "enum",
                        "pattern",
                        "minLength",
                        "maxLength",
                        "minimum",
                        "maximum",
                        "exclusiveMinimum",
                        "multipleOf",
                        "minItems",
                        "uniqueItems",
                        "nullable",
                        "discriminator",
                        "propertyName",
                        "mapping",
                        "additionalProperties",
                        "format",
                        "example",
                        "readOnly",
                    ]),
                    inner,
                    0..5,
                )
                .prop_map(|map| Value::Object(
                    map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                )),
            ]
        })
    }
}
