//! The synthesizer's tests, on small hand-written schemas.

mod composition;
mod properties;

use super::super::validate::tests::discriminated;
use super::super::validate::validate;
use super::*;
use serde_json::json;

/// A document with the schemas the tests refer to, the validator's discriminated ones among
/// them.
fn doc() -> Document {
    let mut doc = json!({"components": {
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
    }});
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        schemas.extend(discriminated());
    }
    Document::new(doc)
}

/// A reference to the schema `name` under `#/components/schemas`.
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

#[test]
fn look_around_patterns_get_common_samples() {
    let doc = doc();
    let ipv4 = r"^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!$)|$)){4}$";
    let cidr = r"^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!/)|/(?=\d))){4}(3[0-2]|[12]?\d)$";
    let id = r"^(?!0+$)[a-f0-9]{24}$";
    for (schema, expected) in [
        (json!({"type": "string", "pattern": ipv4}), "192.0.2.1"),
        (json!({"type": "string", "pattern": cidr}), "192.0.2.0/24"),
        (
            json!({"type": "string", "pattern": id}),
            "5f1a2b3c4d5e6f7a8b9c0d1e",
        ),
        // The format's sample comes first when the pattern matches it...
        (
            json!({"type": "string", "format": "ipv6", "pattern": "^[0-9a-f:]+$"}),
            "2001:db8::1",
        ),
        // ...and is passed over when it does not.
        (
            json!({"type": "string", "format": "ipv4", "pattern": cidr}),
            "192.0.2.0/24",
        ),
    ] {
        let value = synthesize(&doc, &schema, Fill::Required, Direction::Request);
        assert_eq!(value, json!(expected), "{schema}");
        synthesize_valid(&doc, &schema);
    }
}

#[test]
fn whole_numbers_are_integers_where_the_schema_asks() {
    let doc = doc();
    let created = json!({"type": "integer", "format": "int64", "example": 1.636481348e+09});
    let value = synthesize(&doc, &created, Fill::Required, Direction::Response);
    assert_eq!(value, json!(1_636_481_348));
    let large = json!({"type": "integer", "default": 1.0e18});
    assert_eq!(
        synthesize(&doc, &large, Fill::Required, Direction::Response),
        json!(1_000_000_000_000_000_000_i64)
    );
    let ratio = json!({"type": "number", "example": 2.0});
    assert_eq!(
        synthesize(&doc, &ratio, Fill::Required, Direction::Response),
        json!(2.0)
    );
    let schema = json!({
        "type": "object",
        "properties": {
            "at": {"type": "integer"},
            "list": {"type": "array", "items": {"type": "integer"}},
            "ratio": {"type": "number"},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "bucket": {"$ref": "#/components/schemas/Bucket"}
        },
        "allOf": [{"properties": {"total": {"type": "integer"}}}]
    });
    let example = json!({
        "at": 1.6e9, "list": [1.0, 2.0], "ratio": 1.0, "counts": {"k": 3.0}, "total": 4.0,
        "bucket": {"cloudProvider": "AWS", "name": "b", "iamRoleId": "r", "size": 5.0}
    });
    let chosen = choose(
        &doc,
        &schema,
        "#/x",
        &[("#/e".to_owned(), &example)],
        Fill::All,
        Direction::Response,
    );
    assert_eq!(chosen.example.as_deref(), Some("#/e"));
    assert_eq!(
        chosen.value,
        json!({
            "at": 1_600_000_000, "list": [1, 2], "ratio": 1.0, "counts": {"k": 3}, "total": 4,
            "bucket": {"cloudProvider": "AWS", "name": "b", "iamRoleId": "r", "size": 5}
        })
    );
}
