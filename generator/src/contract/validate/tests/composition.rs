//! `allOf`, `oneOf`, `anyOf`, `not` and discriminators.

use super::*;
use serde_json::json;

#[test]
fn a_discriminator_without_one_of_checks_the_schema_it_names() {
    let bucket = json!({"$ref": "#/components/schemas/Bucket"});
    // The mapping names a standalone schema, which asks for more than the base.
    assert_eq!(
        messages(bucket.clone(), json!({"cloudProvider": "AWS", "name": "b"})),
        ["`iamRoleId` is required"]
    );
    assert!(ok(
        bucket.clone(),
        json!({"cloudProvider": "AWS", "name": "b", "iamRoleId": "r"})
    ));
    // A subtype including the base: checked once, the way back to the base cut.
    assert_eq!(
        messages(
            bucket.clone(),
            json!({"cloudProvider": "AZURE", "name": "b"})
        ),
        ["`container` is required"]
    );
    let azure = json!({"$ref": "#/components/schemas/AzureBucket"});
    assert!(ok(
        azure.clone(),
        json!({"cloudProvider": "AZURE", "name": "b", "container": "c"})
    ));
    assert_eq!(
        messages(azure, json!({"cloudProvider": "AZURE", "name": "b"})),
        ["`container` is required"]
    );
    // A value the mapping lacks and no schema is named after: the base alone applies.
    assert!(ok(
        bucket.clone(),
        json!({"cloudProvider": "GCP", "name": "b"})
    ));
    // An unknown value is for the property's `enum` to refuse.
    assert_eq!(
        messages(bucket, json!({"cloudProvider": "OCI", "name": "b"})),
        ["`\"OCI\"` is not one of \"AWS\", \"AZURE\", \"GCP\""]
    );
    // Without a mapping, the value is the name of the schema.
    let vehicle = json!({"$ref": "#/components/schemas/Vehicle"});
    assert_eq!(
        messages(vehicle.clone(), json!({"kind": "Car"})),
        ["`wheels` is required"]
    );
    assert!(ok(vehicle.clone(), json!({"kind": "Car", "wheels": 4})));
    assert!(ok(vehicle, json!({"kind": "Boat"})));
}

#[test]
fn a_read_only_discriminator_may_be_sent_in_a_request() {
    let endpoint = json!({"$ref": "#/components/schemas/Endpoint"});
    let value = json!({"cloudProvider": "AWS", "keyId": "k"});
    for direction in [Direction::Request, Direction::Response] {
        assert_eq!(violations(endpoint.clone(), value.clone(), direction), []);
    }
    assert_eq!(
        messages(endpoint, json!({"cloudProvider": "AZURE", "keyId": "k"})),
        ["`vault` is required"]
    );
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
    let found = places(&found);
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
