//! Each rule of the 3.1 rewrite, on the smallest document that needs it.

use serde_yaml::Value;

use super::{convert_document, declared, load};

/// The 3.0 form of the 3.1 document `text` (with the warnings), as a YAML tree.
fn rewritten(text: &str) -> (Value, Vec<String>) {
    let mut value: Value = serde_yaml::from_str(text).expect("test YAML");
    let mut warnings = Vec::new();
    let Value::Mapping(root) = &mut value else {
        panic!("not a mapping");
    };
    convert_document("t.yaml", root, &mut warnings).expect("rewritten");
    (value, warnings.iter().map(ToString::to_string).collect())
}

/// The schema `schema` (YAML) as 3.0 writes it.
fn schema(schema: &str) -> Value {
    let indented: String = schema
        .lines()
        .map(|line| format!("      {line}\n"))
        .collect();
    let text = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    S:\n{indented}"
    );
    let (value, _) = rewritten(&text);
    value["components"]["schemas"]["S"].clone()
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("test YAML")
}

#[test]
fn type_arrays_with_null_are_nullable() {
    assert_eq!(
        schema("type: [string, 'null']"),
        yaml("{type: string, nullable: true}")
    );
    assert_eq!(schema("type: 'null'"), yaml("{nullable: true}"));
    assert_eq!(schema("type: [integer]"), yaml("{type: integer}"));
}

#[test]
fn several_types_are_an_any_of_with_each_types_keywords() {
    assert_eq!(
        schema(
            "type: [string, integer, 'null']\nmaxLength: 3\nminimum: 1\nenum: [a, 1, null]\ndescription: d"
        ),
        yaml(
            "{nullable: true, description: d, anyOf: [{type: string, maxLength: 3, enum: [a]}, {type: integer, minimum: 1, enum: [1]}]}"
        )
    );
}

#[test]
fn a_null_member_of_any_of_or_one_of_makes_the_schema_nullable() {
    assert_eq!(
        schema("anyOf: [{$ref: '#/components/schemas/T'}, {type: 'null'}]"),
        yaml("{anyOf: [{$ref: '#/components/schemas/T'}], nullable: true}")
    );
    assert_eq!(
        schema("oneOf: [{type: 'null', description: none}]"),
        yaml("{nullable: true}")
    );
}

#[test]
fn const_is_a_one_value_enum_of_its_type() {
    assert_eq!(schema("const: v1"), yaml("{type: string, enum: [v1]}"));
    assert_eq!(schema("const: 3"), yaml("{type: integer, enum: [3]}"));
    assert_eq!(
        schema("type: number\nconst: 3"),
        yaml("{type: number, enum: [3]}")
    );
}

#[test]
fn examples_give_the_first_as_the_example() {
    assert_eq!(
        schema("type: string\nexamples: [a, b]"),
        yaml("{type: string, example: a}")
    );
    assert_eq!(
        schema("type: string\nexample: x\nexamples: [a]"),
        yaml("{type: string, example: x}")
    );
}

#[test]
fn numeric_exclusive_bounds_are_bounds_marked_exclusive() {
    assert_eq!(
        schema("type: integer\nexclusiveMinimum: 0\nexclusiveMaximum: 10"),
        yaml(
            "{type: integer, exclusiveMinimum: true, minimum: 0, exclusiveMaximum: true, maximum: 10}"
        )
    );
    // A `minimum` stricter than the exclusive bound stays, inclusive.
    assert_eq!(
        schema("type: integer\nminimum: 5\nexclusiveMinimum: 0"),
        yaml("{type: integer, minimum: 5, exclusiveMinimum: false}")
    );
}

#[test]
fn a_reference_with_siblings_is_the_first_part_of_an_all_of() {
    assert_eq!(
        schema("$ref: '#/components/schemas/T'\ndescription: d\nreadOnly: true"),
        yaml("{description: d, readOnly: true, allOf: [{$ref: '#/components/schemas/T'}]}")
    );
    // Siblings that only annotate are dropped: the reference stays one.
    assert_eq!(
        schema("$ref: '#/components/schemas/T'\n$comment: c\nexamples: [1]"),
        yaml("{$ref: '#/components/schemas/T'}")
    );
}

#[test]
fn prefix_items_are_the_items_any_of_them() {
    assert_eq!(
        schema("type: array\nprefixItems: [{type: number}, {type: number}]\nitems: false"),
        yaml("{type: array, items: {type: number}}")
    );
    assert_eq!(
        schema("type: array\nprefixItems: [{type: string}]\nitems: {type: integer}"),
        yaml("{type: array, items: {anyOf: [{type: string}, {type: integer}]}}")
    );
}

#[test]
fn boolean_schemas_allow_anything_or_nothing() {
    assert_eq!(
        schema("type: object\nrequired: [a, b]\nproperties: {a: true, b: false}"),
        yaml("{type: object, required: [a], properties: {a: {}}}")
    );
    assert_eq!(schema("not: false"), yaml("{not: {not: {}}}"));
}

#[test]
fn content_encoding_and_media_type_are_formats() {
    assert_eq!(
        schema("type: string\ncontentEncoding: base64"),
        yaml("{type: string, format: byte}")
    );
    assert_eq!(
        schema("contentMediaType: image/png"),
        yaml("{type: string, format: binary}")
    );
    // A string holding JSON is a string.
    assert_eq!(
        schema("type: string\ncontentMediaType: application/json"),
        yaml("{type: string}")
    );
}

#[test]
fn path_items_from_components_are_copied_and_webhooks_dropped() {
    let (value, warnings) = rewritten(
        "openapi: 3.1.0\ninfo: {title: t, version: '1', summary: s}\n\
         webhooks: {hook: {post: {responses: {'200': {description: ok}}}}}\n\
         paths:\n  /a:\n    $ref: '#/components/pathItems/A'\n    summary: own\n\
         components:\n  pathItems:\n    A: {summary: theirs, get: {responses: {'200': {description: ok}}}}\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        value["paths"]["/a"],
        yaml("{summary: own, get: {responses: {'200': {description: ok}}}}")
    );
    assert!(value.get("webhooks").is_none());
    assert!(value["components"].get("pathItems").is_none());
}

#[test]
fn a_document_without_paths_has_none() {
    let (value, _) = rewritten("openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {}\n");
    assert_eq!(value["paths"], yaml("{}"));
}

#[test]
fn a_mutual_tls_scheme_is_dropped_with_a_warning_and_its_requirements_met() {
    let (value, warnings) = rewritten(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nsecurity: [{mtls: []}, {key: []}]\n\
         paths:\n  /a:\n    get:\n      security: [{mtls: [], key: []}]\n      responses: {'200': {description: ok}}\n\
         components:\n  securitySchemes:\n    mtls: {type: mutualTLS}\n    key: {type: apiKey, in: header, name: K}\n",
    );
    assert_eq!(value["security"], yaml("[{}, {key: []}]"));
    assert_eq!(value["paths"]["/a"]["get"]["security"], yaml("[{key: []}]"));
    assert!(value["components"]["securitySchemes"].get("mtls").is_none());
    let [warning] = warnings.as_slice() else {
        panic!("{warnings:?}");
    };
    assert!(
        warning.starts_with(
            "t.yaml: at #/components/securitySchemes/mtls: `mtls` is a mutualTLS scheme"
        ),
        "{warning}"
    );
}

#[test]
fn an_unknown_dialect_is_read_as_2020_12_with_a_warning() {
    let (_, warnings) = rewritten(
        "openapi: 3.1.0\njsonSchemaDialect: https://example.com/dialect\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let (_, none) = rewritten(
        "openapi: 3.1.0\njsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn a_multipart_propertys_content_media_type_is_its_parts_content_type() {
    let (value, _) = rewritten(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              properties:\n                doc: {type: string, contentMediaType: application/pdf}\n      responses: {'204': {description: ok}}\n",
    );
    let media = &value["paths"]["/a"]["post"]["requestBody"]["content"]["multipart/form-data"];
    assert_eq!(
        media["encoding"],
        yaml("{doc: {contentType: application/pdf}}")
    );
    assert_eq!(
        media["schema"]["properties"]["doc"],
        yaml("{type: string, format: binary}")
    );
}

#[test]
fn the_version_is_found_in_yaml_and_json_before_parsing() {
    assert!(declared("openapi: 3.1.0\ninfo: {}"));
    assert!(declared("openapi: '3.1.1'\n"));
    assert!(declared("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {}}"));
    assert!(declared("{\"openapi\":\"3.1.0\"}"));
    assert!(!declared("openapi: 3.0.3\n"));
    assert!(!declared("x-openapi: 3.1.0\nopenapi: 3.0.3\n"));
}

#[test]
fn a_nested_openapi_key_does_not_make_a_30_document_31() {
    let text =
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-meta:\n  openapi: 3.1.0\n";
    assert!(declared(text));
    assert!(load("t.yaml", text).is_none());
}

#[test]
fn the_document_keeps_its_31_version() {
    let (document, warnings) = load("t.yaml", "openapi: 3.1.1\ninfo: {title: t, version: '1'}\n")
        .expect("3.1")
        .expect("loads");
    assert_eq!(document.openapi, "3.1.1");
    assert!(warnings.is_empty());
}
