//! Properties over generated schemas: values satisfy what they can, and nothing panics or hangs.

use super::*;
use proptest::prelude::*;

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
    let integer =
        (-50..50i64, 0..40i64, 1..5i64, any::<bool>()).prop_map(|(min, width, step, exclusive)| {
            json!({"type": "integer", "minimum": min, "maximum": min + width + 2 * step,
               "multipleOf": step, "exclusiveMinimum": exclusive, "format": "int32"})
        });
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
fn object_schema(properties: &std::collections::BTreeMap<String, (Value, bool, bool)>) -> Value {
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
