//! `atlas_codegen::excerpt` on a small hand-written upstream spec: what is kept, what is left out,
//! renames followed by method and path, errors, and determinism.

use atlas_codegen::diff::{self, Kind};
use atlas_codegen::excerpt::{self, Matched, Wanted};

const UPSTREAM: &str = r##"
openapi: 3.0.1
info:
  title: Things API
  version: '1.0'
x-internal: dropped
servers:
  - url: https://things.example
security:
  - DigestAuth: []
tags:
  - name: Other
    description: Not used by the kept operations.
  - name: Things
    description: Things and their parts.
paths:
  /groups/{groupId}/things:
    parameters:
      - $ref: '#/components/parameters/groupId'
    get:
      operationId: listThings
      tags: [Other]
      security:
        - ServiceAccounts: []
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Unused'
    post:
      operationId: createGroupThing
      tags: [Things]
      x-custom: kept verbatim
      parameters:
        - $ref: '#/components/parameters/pretty'
      requestBody:
        $ref: '#/components/requestBodies/ThingBody'
      responses:
        '201':
          description: Created
          headers:
            RateLimit-Limit:
              $ref: '#/components/headers/RateLimitLimit'
          content:
            application/vnd.atlas.2024-05-30+json:
              schema:
                $ref: '#/components/schemas/Thing'
        '400':
          $ref: '#/components/responses/badRequest'
  /groups/{groupId}/shapes:
    get:
      operationId: getShape
      tags: [Things]
      parameters:
        - $ref: '#/components/parameters/groupId'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Shape'
components:
  headers:
    RateLimitLimit:
      schema:
        type: integer
  parameters:
    groupId:
      name: groupId
      in: path
      required: true
      schema:
        type: string
    pretty:
      name: pretty
      in: query
      schema:
        type: boolean
    unusedParam:
      name: unused
      in: query
      schema:
        type: string
  requestBodies:
    ThingBody:
      required: true
      content:
        application/vnd.atlas.2024-05-30+json:
          schema:
            $ref: '#/components/schemas/ThingRequest'
  responses:
    badRequest:
      description: Bad Request
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/ApiError'
  schemas:
    ApiError:
      type: object
      properties:
        detail:
          type: string
    Thing:
      type: object
      properties:
        id:
          type: string
        parts:
          type: array
          items:
            $ref: '#/components/schemas/Part'
    Part:
      type: object
      properties:
        name:
          type: string
    ThingRequest:
      type: object
      properties:
        mapping:
          type: object
          properties:
            note:
              type: string
    Shape:
      type: object
      discriminator:
        propertyName: kind
        mapping:
          CIRCLE: '#/components/schemas/Circle'
          SQUARE: '#/components/schemas/Square'
      properties:
        kind:
          type: string
    Circle:
      type: object
      properties:
        radius:
          type: number
    Square:
      type: object
      properties:
        side:
          type: number
    Unused:
      type: object
      properties:
        nothing:
          type: string
  securitySchemes:
    DigestAuth:
      type: http
      scheme: digest
    ServiceAccounts:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://things.example/token
          scopes: {}
"##;

fn cut(wanted: &[Wanted]) -> excerpt::Excerpt {
    excerpt::excerpt(UPSTREAM, "upstream.yaml", wanted)
        .unwrap_or_else(|e| panic!("excerpt failed: {e}"))
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).expect("the excerpt is YAML")
}

fn keys(value: &serde_yaml::Value, path: &[&str]) -> Vec<String> {
    let mut node = value;
    for key in path {
        node = node
            .get(*key)
            .unwrap_or_else(|| panic!("no {key} in {path:?}"));
    }
    node.as_mapping()
        .expect("a mapping")
        .keys()
        .filter_map(|k| k.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn keeps_the_operations_and_every_component_they_reach_and_nothing_else() {
    let excerpt = cut(&[Wanted::id("createGroupThing"), Wanted::id("getShape")]);
    let doc = yaml(excerpt.text());
    assert_eq!(
        keys(&doc, &[]),
        [
            "openapi",
            "info",
            "servers",
            "security",
            "tags",
            "paths",
            "components"
        ]
    );
    assert_eq!(
        keys(&doc, &["paths"]),
        ["/groups/{groupId}/shapes", "/groups/{groupId}/things"],
        "paths sorted"
    );
    assert_eq!(
        keys(&doc, &["paths", "/groups/{groupId}/things"]),
        ["parameters", "post"],
        "path-level keys kept, `get` dropped"
    );
    assert_eq!(
        keys(&doc, &["components", "schemas"]),
        [
            "ApiError",
            "Circle",
            "Part",
            "Shape",
            "Square",
            "Thing",
            "ThingRequest"
        ],
        "transitive, through `$ref`s in responses, request bodies, arrays and discriminator mappings; sorted"
    );
    assert_eq!(
        keys(&doc, &["components", "parameters"]),
        ["groupId", "pretty"]
    );
    assert_eq!(keys(&doc, &["components", "requestBodies"]), ["ThingBody"]);
    assert_eq!(keys(&doc, &["components", "responses"]), ["badRequest"]);
    assert_eq!(keys(&doc, &["components", "headers"]), ["RateLimitLimit"]);
    assert_eq!(
        keys(&doc, &["components", "securitySchemes"]),
        ["DigestAuth"],
        "only the schemes a kept requirement names"
    );
    let tags = doc.get("tags").and_then(|t| t.as_sequence()).expect("tags");
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].get("name").and_then(|n| n.as_str()), Some("Things"));
    let post = &doc["paths"]["/groups/{groupId}/things"]["post"];
    assert_eq!(
        post.get("x-custom").and_then(|v| v.as_str()),
        Some("kept verbatim")
    );
    assert!(
        doc.get("x-internal").is_none(),
        "top-level extensions are left out"
    );
    assert_eq!(excerpt.components().get("schemas"), Some(&7));
    assert!(
        excerpt.report().contains(
            "components: 7 schemas, 2 parameters, 1 requestBodies, 1 responses, 1 headers, 1 securitySchemes"
        ),
        "{}",
        excerpt.report()
    );
}

#[test]
fn the_excerpt_models_like_upstream_minus_the_operations_left_out() {
    let excerpt = cut(&[Wanted::id("createGroupThing"), Wanted::id("getShape")]);
    let report =
        diff::compare(UPSTREAM, "upstream.yaml", excerpt.text(), "excerpt.yaml").expect("compare");
    let kinds: Vec<(Kind, &str)> = report
        .changes()
        .iter()
        .map(|c| (c.kind(), c.rust()))
        .collect();
    assert_eq!(
        kinds,
        [
            (Kind::FeatureRemoved, "operations::other"),
            (Kind::OperationRemoved, "Client::list_things"),
            (Kind::TypeRemoved, "models::Unused")
        ],
        "{}",
        report.to_markdown()
    );
}

#[test]
fn a_gone_operation_id_is_followed_by_method_and_path() {
    let excerpt = cut(&[Wanted::at(
        "createThing",
        "POST",
        "/groups/{groupId}/things",
    )]);
    let kept = &excerpt.operations()[0];
    assert_eq!(
        (kept.wanted.as_str(), kept.id.as_str(), kept.matched),
        ("createThing", "createGroupThing", Matched::Route)
    );
    assert_eq!(kept.method, "post");
    assert!(
        excerpt
            .report()
            .contains("followed POST /groups/{groupId}/things to `createGroupThing` (renamed)"),
        "{}",
        excerpt.report()
    );
    assert!(excerpt.text().contains("operationId: createGroupThing"));
}

#[test]
fn the_operation_id_wins_over_the_route() {
    let excerpt = cut(&[Wanted::at("getShape", "post", "/groups/{groupId}/things")]);
    assert_eq!(excerpt.operations()[0].id, "getShape");
    assert_eq!(excerpt.operations()[0].matched, Matched::Id);
}

#[test]
fn an_operation_asked_for_twice_is_kept_once() {
    let excerpt = cut(&[
        Wanted::id("getShape"),
        Wanted::at("old", "get", "/groups/{groupId}/shapes"),
    ]);
    assert_eq!(excerpt.operations().len(), 1);
}

#[test]
fn missing_operations_are_errors_that_say_what_was_looked_for() {
    let error =
        excerpt::excerpt(UPSTREAM, "upstream.yaml", &[Wanted::id("nope")]).expect_err("missing");
    assert!(
        error.to_string().contains("no operation `nope` upstream"),
        "{error}"
    );
    let error = excerpt::excerpt(
        UPSTREAM,
        "upstream.yaml",
        &[Wanted::at("nope", "delete", "/groups/{groupId}/things")],
    )
    .expect_err("missing");
    assert!(
        error
            .to_string()
            .contains("nothing at DELETE /groups/{groupId}/things"),
        "{error}"
    );
}

#[test]
fn dangling_and_external_refs_are_errors() {
    let dangling = UPSTREAM.replace(
        "$ref: '#/components/schemas/Part'",
        "$ref: '#/components/schemas/Gone'",
    );
    let error = excerpt::excerpt(
        &dangling,
        "upstream.yaml",
        &[Wanted::id("createGroupThing")],
    )
    .expect_err("dangling");
    assert!(
        error.to_string().contains("#/components/schemas/Gone"),
        "{error}"
    );
    let external = UPSTREAM.replace(
        "$ref: '#/components/schemas/Part'",
        "$ref: 'other.yaml#/Part'",
    );
    let error = excerpt::excerpt(
        &external,
        "upstream.yaml",
        &[Wanted::id("createGroupThing")],
    )
    .expect_err("external");
    assert!(error.to_string().contains("other.yaml#/Part"), "{error}");
}

#[test]
fn what_is_not_an_openapi_document_is_an_error_not_a_panic() {
    for text in ["", "- a\n- b\n", "paths: [", "openapi: 3.0.1\npaths: 7\n"] {
        assert!(
            excerpt::excerpt(text, "bad.yaml", &[Wanted::id("x")]).is_err(),
            "{text:?}"
        );
    }
    let error = excerpt::excerpt("a: [\n", "bad.yaml", &[Wanted::id("x")]).expect_err("bad YAML");
    assert!(error.to_string().starts_with("bad.yaml:"), "{error}");
}

#[test]
fn the_operations_of_an_excerpt_come_with_their_routes() {
    let wanted = excerpt::operations_of(UPSTREAM, "upstream.yaml").expect("parses");
    assert_eq!(
        wanted,
        [
            Wanted::at("listThings", "get", "/groups/{groupId}/things"),
            Wanted::at("createGroupThing", "post", "/groups/{groupId}/things"),
            Wanted::at("getShape", "get", "/groups/{groupId}/shapes"),
        ]
    );
}

#[test]
fn excerpts_are_deterministic_and_a_fixed_point() {
    let wanted = [Wanted::id("getShape"), Wanted::id("createGroupThing")];
    let first = cut(&wanted);
    assert_eq!(first.text(), cut(&wanted).text());
    let again = excerpt::excerpt(
        first.text(),
        "upstream.yaml",
        &excerpt::operations_of(first.text(), "x").expect("parses"),
    )
    .expect("excerpt of the excerpt");
    assert_eq!(again.text(), first.text());
    assert!(
        first
            .text()
            .starts_with("# Excerpt of Things API, cut from `upstream.yaml`"),
        "{}",
        &first.text()[..200]
    );
}

/// An OpenAPI 3.1 path that is a `$ref` to `components.pathItems`: its operations are found and
/// kept, copied into the path, and the excerpt stays 3.1 and generates.
#[test]
fn an_openapi_31_path_item_from_components_is_cut_like_any_other() {
    let upstream = include_str!("corpus/openapi31.yaml");
    let cut = excerpt::excerpt(upstream, "openapi31.yaml", &[Wanted::id("listPets")])
        .unwrap_or_else(|e| panic!("excerpt failed: {e}"));
    let value = yaml(cut.text());
    assert_eq!(value["openapi"], yaml("3.1.0"));
    assert_eq!(keys(&value, &["paths"]), ["/pets"]);
    assert_eq!(keys(&value, &["paths", "/pets"]), ["get"]);
    assert!(
        value["components"].get("pathItems").is_none(),
        "{}",
        cut.text()
    );
    assert_eq!(keys(&value, &["components", "schemas"]), ["Pet"]);
    let config = atlas_codegen::Config::new("openapi31-excerpt.yaml", "excerpt31");
    atlas_codegen::generate_from_str(&config, cut.text()).expect("the excerpt generates");
}
