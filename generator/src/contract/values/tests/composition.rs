//! `allOf`, `oneOf`, `anyOf` and discriminators.

use super::*;

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
fn a_discriminated_base_without_one_of_gets_its_subtype_properties() {
    let doc = doc();
    let bucket = schema("Bucket");
    synthesize_valid(&doc, &bucket);
    let base_only = json!({"cloudProvider": "AWS", "name": "b"});
    let examples = [("#/example".to_owned(), &base_only)];
    let chosen = choose(
        &doc,
        &bucket,
        "#/body",
        &examples,
        Fill::Required,
        Direction::Response,
    );
    assert_eq!(chosen.example, None);
    assert_eq!(
        chosen.broken_examples[0].1[0].message,
        "`iamRoleId` is required"
    );
    assert_eq!(
        chosen.value,
        json!({"cloudProvider": "AWS", "iamRoleId": "string", "name": "string"})
    );
    assert!(chosen.unsatisfied.is_none());
}

#[test]
fn a_read_only_discriminator_is_left_out_of_requests_as_the_client_leaves_it_out() {
    let doc = doc();
    let endpoint = schema("Endpoint");
    for fill in [Fill::Required, Fill::All] {
        let request = synthesize(&doc, &endpoint, fill, Direction::Request);
        assert_eq!(request.get("cloudProvider"), None, "{fill:?}");
        let response = synthesize(&doc, &endpoint, fill, Direction::Response);
        assert_eq!(response["cloudProvider"], json!("AWS"), "{fill:?}");
    }
}

#[test]
fn overlapping_one_of_branches_are_told_apart() {
    let doc = Document::new(json!({"components": {"schemas": {
        "Provider": {"type": "object", "properties": {"displayName": {"type": "string"}}, "oneOf": [
            {"$ref": "#/components/schemas/Workforce"},
            {"$ref": "#/components/schemas/Workload"}
        ]},
        "Workforce": {"type": "object", "properties": {
            "idpType": {"type": "string", "enum": ["BOTH", "WORKFORCE"]},
            "clientId": {"type": "string"}
        }},
        "Workload": {"type": "object", "properties": {
            "idpType": {"type": "string", "enum": ["BOTH", "WORKLOAD"]}
        }},
        "Closed": {"oneOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
            {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
        ]},
        "Same": {"oneOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"type": "object", "properties": {"a": {"type": "string"}}}
        ]}
    }}}));
    // An `enum` value the other branch refuses tells the branches apart.
    let provider = schema("Provider");
    synthesize_valid(&doc, &provider);
    assert_eq!(
        synthesize(&doc, &provider, Fill::Required, Direction::Request),
        json!({"idpType": "WORKFORCE"})
    );
    // So does a property only one branch allows, which the other fill brings in.
    let closed = schema("Closed");
    synthesize_valid(&doc, &closed);
    assert_eq!(
        synthesize(&doc, &closed, Fill::Required, Direction::Request),
        json!({"a": "string", "b": "string"})
    );
    // Branches nothing tells apart stay unsatisfied, and synthesis ends.
    let chosen = choose(
        &doc,
        &schema("Same"),
        "#/x",
        &[],
        Fill::All,
        Direction::Request,
    );
    assert!(chosen.unsatisfied.is_some());
}

#[test]
fn a_discriminator_value_whose_schema_contradicts_the_base_is_passed_over() {
    let doc = Document::new(json!({"components": {"schemas": {
        "Threshold": {
            "type": "object",
            "properties": {"units": {"type": "string", "enum": ["KB", "MB"]}},
            "discriminator": {"propertyName": "metric", "mapping": {
                "ASSERTS": "#/components/schemas/Raw",
                "CACHE": "#/components/schemas/Data"
            }},
            "oneOf": [{"$ref": "#/components/schemas/Raw"}, {"$ref": "#/components/schemas/Data"}]
        },
        "Raw": {"type": "object", "required": ["units"], "properties": {
            "metric": {"type": "string"}, "units": {"type": "string", "enum": ["RAW"]}
        }},
        "Data": {"type": "object", "required": ["units"], "properties": {
            "metric": {"type": "string"}, "units": {"type": "string", "enum": ["MB"]}
        }}
    }}}));
    let threshold = schema("Threshold");
    synthesize_valid(&doc, &threshold);
    assert_eq!(
        synthesize(&doc, &threshold, Fill::Required, Direction::Request),
        json!({"metric": "CACHE", "units": "MB"})
    );
}
