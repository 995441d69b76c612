//! The validator's tests, on small hand-written schemas.

mod composition;

use super::*;
use serde_json::json;

/// Discriminated schemas, shared with the synthesizer's tests: `Bucket`, a base without `oneOf`
/// whose `cloudProvider` maps `AWS` to a standalone schema and `AZURE` to a subtype including
/// the base through `allOf` (`GCP` names no schema); `Vehicle`, a base without mapping whose
/// `kind` `Car` names a schema (`Boat` names none); `Endpoint`, a `oneOf` whose branches
/// differ in a required property only, with a `readOnly` discriminator.
pub(crate) fn discriminated() -> Map<String, Value> {
    let provider = json!({"type": "string", "enum": ["AWS", "AZURE", "GCP"]});
    let read_only = json!({"type": "string", "enum": ["AWS", "AZURE"], "readOnly": true});
    let schemas = json!({
        "Bucket": {
            "type": "object",
            "required": ["cloudProvider", "name"],
            "properties": {"cloudProvider": provider, "name": {"type": "string"}},
            "discriminator": {"propertyName": "cloudProvider", "mapping": {
                "AWS": "#/components/schemas/AwsBucket",
                "AZURE": "#/components/schemas/AzureBucket"
            }}
        },
        "AwsBucket": {
            "type": "object",
            "required": ["cloudProvider", "name", "iamRoleId"],
            "properties": {
                "cloudProvider": provider,
                "name": {"type": "string"},
                "iamRoleId": {"type": "string"},
                "size": {"type": "integer"}
            }
        },
        "AzureBucket": {"allOf": [
            {"$ref": "#/components/schemas/Bucket"},
            {"type": "object", "required": ["container"], "properties": {"container": {"type": "string"}}}
        ]},
        "Vehicle": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string", "enum": ["Car", "Boat"]}},
            "discriminator": {"propertyName": "kind"}
        },
        "Car": {"type": "object", "required": ["wheels"], "properties": {"wheels": {"type": "integer"}}},
        "Endpoint": {
            "type": "object",
            "properties": {"cloudProvider": read_only},
            "discriminator": {"propertyName": "cloudProvider", "mapping": {
                "AWS": "#/components/schemas/AwsEndpoint",
                "AZURE": "#/components/schemas/AzureEndpoint"
            }},
            "oneOf": [
                {"$ref": "#/components/schemas/AzureEndpoint"},
                {"$ref": "#/components/schemas/AwsEndpoint"}
            ]
        },
        "AwsEndpoint": {
            "type": "object",
            "required": ["keyId"],
            "properties": {"cloudProvider": read_only, "keyId": {"type": "string"}}
        },
        "AzureEndpoint": {
            "type": "object",
            "required": ["vault"],
            "properties": {"cloudProvider": read_only, "vault": {"type": "string"}}
        }
    });
    match schemas {
        Value::Object(schemas) => schemas,
        _ => Map::new(),
    }
}

/// A document with the schemas the tests refer to.
fn doc() -> Document {
    let mut doc = json!({"components": {"schemas": {
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
    }}});
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        schemas.extend(discriminated());
    }
    Document::new(doc)
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

/// Each violation's path and message.
fn places(found: &[Violation]) -> Vec<(&str, &str)> {
    found
        .iter()
        .map(|v| (v.path.as_str(), v.message.as_str()))
        .collect()
}

/// Whether `value` satisfies `schema` in a request.
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
    assert!(ok(
        json!({"type": "integer", "format": "int64"}),
        json!(1.636481348e+09)
    ));
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
fn required_properties_hidden_in_an_all_of_branch_are_excused() {
    let schema = json!({
        "type": "object",
        "required": ["id", "password", "name"],
        "allOf": [
            {"type": "object", "properties": {"id": {"type": "string", "readOnly": true}}},
            {"type": "object", "properties": {
                "password": {"type": "string", "writeOnly": true},
                "name": {"$ref": "#/components/schemas/Name"}
            }}
        ]
    });
    let request = json!({"password": "p", "name": "n"});
    assert_eq!(violations(schema.clone(), request, Direction::Request), []);
    let response = json!({"id": "i", "name": "n"});
    assert_eq!(
        violations(schema.clone(), response, Direction::Response),
        []
    );
    assert_eq!(
        messages(schema, json!({"name": "n"})),
        ["`password` is required"]
    );
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
    let found = places(&found);
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
    let closed = json!({"type": "object", "properties": {"a": {}}, "additionalProperties": false});
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
fn patterns_search_anywhere() {
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
    // A pattern applies to strings only.
    assert!(ok(json!({"pattern": "^x$"}), json!(5)));
    // One that does not compile accepts anything.
    assert!(ok(json!({"pattern": "(unclosed"}), json!("x")));
}

#[test]
fn patterns_with_look_around_back_references_and_unicode_classes() {
    assert!(!ok(json!({"pattern": "^(?!x).*$"}), json!("xyz")));
    assert!(ok(json!({"pattern": "^(?!x).*$"}), json!("yz")));
    let ipv4 =
        json!({"type": "string", "pattern": r"^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!$)|$)){4}$"});
    assert!(ok(ipv4.clone(), json!("192.0.2.1")));
    for bad in ["192.0.2", "192.0.2.1.", "256.0.2.1", "string"] {
        assert!(!ok(ipv4.clone(), json!(bad)), "{bad}");
    }
    let cidr = json!({"pattern": r"^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!/)|/(?=\d))){4}(3[0-2]|[12]?\d)$"});
    assert!(ok(cidr.clone(), json!("192.0.2.0/24")));
    assert!(!ok(cidr.clone(), json!("192.0.2.0/33")));
    assert!(!ok(cidr, json!("192.0.2.1")));
    let doubled = json!({"pattern": r"^(\w)\1$"});
    assert!(ok(doubled.clone(), json!("aa")));
    assert!(!ok(doubled, json!("ab")));
    let words = json!({"pattern": r"^[\p{L}\p{N} ]*$"});
    assert!(ok(words.clone(), json!("Zoë 42")));
    assert!(!ok(words, json!("a_b")));
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
