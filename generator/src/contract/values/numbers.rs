//! Numbers: within a schema's bounds, and written as integers where it asks for them.

use serde_json::{Number, Value};

use super::super::document::Document;
use super::super::validate::{
    discriminated, is_multiple, list, lower_bound, reference, types, upper_bound,
};
use super::BUDGET;

/// A number within the schema's bounds: the minimum (the next whole number or one more past an
/// exclusive one) or else 1 (1.5 for `number`), brought down to the maximum, then to a multiple
/// of `multipleOf` within the bounds when there is one.
pub(super) fn number(schema: &Value, integer: bool) -> Value {
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
pub(super) fn json_number(value: f64, integer: bool) -> Value {
    let value = if integer { value.round() } else { value };
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        return Value::from(value as i64);
    }
    Number::from_f64(value).map_or(Value::from(0), Value::Number)
}

/// The deepest schema nesting [`integers`] follows.
const MAX_DEPTH: usize = 64;

/// Writes every whole number in `value` that a schema applying to it types as `integer` as a
/// JSON integer (`1.6e+09` becomes `1600000000`), so that it deserializes into an integer type.
/// The schemas applying are followed through `$ref`, `allOf`, `oneOf`, `anyOf`, the schema a
/// discriminator names, `properties`, `additionalProperties` and `items`; a referenced schema
/// already entered for the same value is not entered again.
pub(super) fn integers(doc: &Document, schema: &Value, value: &mut Value) {
    let mut walk = Integers {
        doc,
        budget: BUDGET,
    };
    walk.visit(schema, value, &mut Vec::new(), 0);
}

/// One [`integers`] walk.
struct Integers<'d> {
    /// The spec document references are resolved in.
    doc: &'d Document,
    /// How many more schemas may be visited.
    budget: usize,
}

impl Integers<'_> {
    /// Rewrites the whole numbers of `value` that `schema` (at nesting `depth`) types as
    /// integers; `entered` holds the referenced schemas already entered for this same value.
    fn visit(
        &mut self,
        schema: &Value,
        value: &mut Value,
        entered: &mut Vec<String>,
        depth: usize,
    ) {
        let doc = self.doc;
        if depth > MAX_DEPTH || self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let Some((schema, pointer)) = doc.resolve(schema, "") else {
            return;
        };
        if entered.contains(&pointer) {
            return;
        }
        let entering = !pointer.is_empty();
        if entering {
            entered.push(pointer);
        }
        if let Value::Number(number) = value
            && number.is_f64()
            && types(schema).contains(&"integer")
            && let Some(integer) = number.as_f64().and_then(integral)
        {
            *value = integer;
        }
        let named = discriminated(doc, schema, value).map(|pointer| reference(&pointer));
        let branches = ["allOf", "oneOf", "anyOf"]
            .into_iter()
            .flat_map(|key| list(schema, key))
            .chain(named.as_ref());
        for branch in branches {
            self.visit(branch, value, entered, depth + 1);
        }
        match value {
            Value::Object(object) => {
                let properties = schema.get("properties");
                let additional = schema.get("additionalProperties");
                for (name, property) in object.iter_mut() {
                    let known = properties.and_then(|p| p.get(name));
                    if let Some(property_schema) = known.or(additional) {
                        self.visit(property_schema, property, &mut Vec::new(), depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for item in items {
                        self.visit(item_schema, item, &mut Vec::new(), depth + 1);
                    }
                }
            }
            _ => {}
        }
        if entering {
            entered.pop();
        }
    }
}

/// A whole number as a JSON integer, if it is one and fits an `i64` or a `u64`.
fn integral(float: f64) -> Option<Value> {
    if float.fract() != 0.0 || float.abs() >= 1e20 {
        return None;
    }
    // Exact: a whole `f64` below 1e20 is well inside the range of `i128`.
    let whole = float as i128;
    i64::try_from(whole)
        .map(Value::from)
        .or_else(|_| u64::try_from(whole).map(Value::from))
        .ok()
}
