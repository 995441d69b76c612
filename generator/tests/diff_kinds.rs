//! `atlas_codegen::diff` on small hand-written spec pairs: each kind of change, whether it is
//! breaking, and the Rust item it names; plus the report's order and formats.

use atlas_codegen::diff::{self, Change, Kind, Report};

/// A small spec: one versioned operation, a request type, a response type with an enum, a union.
const BASE: &str = r##"
openapi: 3.0.1
info:
  title: Things API
  version: '1.0'
paths:
  /groups/{groupId}/things:
    post:
      operationId: createThing
      tags: [Things]
      parameters:
        - name: groupId
          in: path
          required: true
          schema:
            type: string
        - name: pretty
          in: query
          schema:
            type: boolean
      requestBody:
        required: true
        content:
          application/vnd.atlas.2023-01-01+json:
            schema:
              $ref: '#/components/schemas/ThingRequest'
      responses:
        '201':
          description: Created
          content:
            application/vnd.atlas.2023-01-01+json:
              schema:
                $ref: '#/components/schemas/Thing'
        '400':
          description: Bad Request
  /groups/{groupId}/shapes:
    get:
      operationId: getShape
      tags: [Things]
      parameters:
        - name: groupId
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Shape'
components:
  schemas:
    ThingRequest:
      type: object
      required: [name]
      properties:
        name:
          type: string
        size:
          type: integer
          format: int32
    Thing:
      type: object
      properties:
        id:
          type: string
        status:
          type: string
          enum: [NEW, DONE]
    Shape:
      oneOf:
        - $ref: '#/components/schemas/Circle'
        - $ref: '#/components/schemas/Square'
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
"##;

/// `BASE` with each `(from, to)` replacement applied; panics if a `from` is not there, so a test
/// cannot pass by editing nothing.
fn edit(replacements: &[(&str, &str)]) -> String {
    let mut spec = BASE.to_owned();
    for (from, to) in replacements {
        assert!(spec.contains(from), "the base spec has no {from:?}");
        spec = spec.replacen(from, to, 1);
    }
    spec
}

fn report(new: &str) -> Report {
    diff::compare(BASE, "old.yaml", new, "new.yaml")
        .unwrap_or_else(|e| panic!("compare failed: {e}"))
}

/// The one change of `kind` in `report`, which must exist exactly once.
fn only(report: &Report, kind: Kind) -> &Change {
    let found: Vec<&Change> = report
        .changes()
        .iter()
        .filter(|c| c.kind() == kind)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {kind}, got {found:#?}\nall: {:#?}",
        report.changes()
    );
    found[0]
}

fn assert_change(report: &Report, kind: Kind, rust: &str, breaking: bool) -> Change {
    let change = only(report, kind);
    assert_eq!(change.rust(), rust, "{change:#?}");
    assert_eq!(change.is_breaking(), breaking, "{change:#?}");
    change.clone()
}

fn kinds(report: &Report) -> Vec<Kind> {
    report.changes().iter().map(Change::kind).collect()
}

#[test]
fn identical_specs_have_no_changes() {
    let report = report(BASE);
    assert!(report.is_empty(), "{:#?}", report.changes());
    assert_eq!(
        report.summary(10),
        "semver: patch (a 1.x crate bumps its patch version, a 0.x crate its patch); no API changes\n"
    );
    assert_eq!(
        report.to_json(),
        "{\n  \"verdict\": \"patch\",\n  \"bump\": {\n    \"1.x\": \"patch\",\n    \"0.x\": \"patch\"\n  },\n  \"changes\": []\n}\n"
    );
    assert!(report.to_markdown().contains("No API changes."));
}

#[test]
fn prose_only_edits_are_not_changes() {
    let new = edit(&[
        ("description: Created", "description: Made a new thing"),
        ("title: Things API", "title: Renamed API"),
    ]);
    assert!(report(&new).is_empty());
}

#[test]
fn a_new_operation_id_on_the_same_route_is_a_breaking_rename() {
    let report = report(&edit(&[(
        "operationId: createThing",
        "operationId: createGroupThing",
    )]));
    let change = assert_change(
        &report,
        Kind::OperationRenamed,
        "Client::create_group_thing",
        true,
    );
    assert_eq!(change.operation_id(), Some("createGroupThing"));
    assert_eq!(
        change.path(),
        "#/paths/~1groups~1{groupId}~1things/post/operationId"
    );
    assert!(
        change
            .message()
            .contains("`Client::create_thing` is now `Client::create_group_thing`"),
        "{}",
        change.message()
    );
    assert!(!kinds(&report).contains(&Kind::OperationRemoved));
    assert!(!kinds(&report).contains(&Kind::OperationAdded));
}

#[test]
fn removed_and_added_operations() {
    let report = report(&edit(&[
        ("operationId: getShape", "operationId: listShapes"),
        ("/groups/{groupId}/shapes:", "/groups/{groupId}/shapes/all:"),
    ]));
    let removed = assert_change(&report, Kind::OperationRemoved, "Client::get_shape", true);
    assert_eq!(
        removed.path(),
        "#/paths/~1groups~1{groupId}~1shapes/get",
        "removed things point into the old spec"
    );
    let added = assert_change(&report, Kind::OperationAdded, "Client::list_shapes", false);
    assert_eq!(added.operation_id(), Some("listShapes"));
}

#[test]
fn the_same_id_on_another_path_is_a_move_that_keeps_the_methods() {
    let report = report(&edit(&[(
        "/groups/{groupId}/shapes:",
        "/groups/{groupId}/shape:",
    )]));
    assert_change(&report, Kind::OperationMoved, "Client::get_shape", false);
}

#[test]
fn newly_deprecated_operations_are_not_breaking() {
    let report = report(&edit(&[(
        "operationId: getShape\n",
        "operationId: getShape\n      deprecated: true\n",
    )]));
    assert_change(
        &report,
        Kind::OperationDeprecated,
        "Client::get_shape",
        false,
    );
}

const V2024_REQUEST: &str = "              $ref: '#/components/schemas/ThingRequest'
          application/vnd.atlas.2024-05-30+json:
            schema:
              $ref: '#/components/schemas/ThingRequest'
      responses:";

#[test]
fn a_newer_api_version_takes_the_plain_method_name_and_breaks_when_its_types_differ() {
    // The new version sends another body type: calls of `create_thing` no longer compile.
    let new = edit(&[(
        "              $ref: '#/components/schemas/ThingRequest'\n      responses:",
        &V2024_REQUEST.replace(
            "          application/vnd.atlas.2024-05-30+json:\n            schema:\n              $ref: '#/components/schemas/ThingRequest'",
            "          application/vnd.atlas.2024-05-30+json:\n            schema:\n              $ref: '#/components/schemas/Thing'",
        ),
    )]);
    let changed = report(&new);
    let change = assert_change(&changed, Kind::VersionAdded, "Client::create_thing", true);
    assert!(
        change
            .message()
            .contains("`Client::create_thing_v2023_01_01`"),
        "{}",
        change.message()
    );
    assert!(
        change
            .message()
            .contains("with other request or response types"),
        "{}",
        change.message()
    );

    // The same body and response types: calls still compile (they send the new version).
    let same = report(&edit(&[(
        "              $ref: '#/components/schemas/ThingRequest'\n      responses:",
        V2024_REQUEST,
    )]));
    let change = assert_change(&same, Kind::VersionAdded, "Client::create_thing", false);
    assert!(
        change
            .message()
            .contains("(same request and response types)"),
        "{}",
        change.message()
    );
}

#[test]
fn an_older_api_version_is_added_without_breaking() {
    let older = V2024_REQUEST.replace("2024-05-30", "2022-01-01");
    let report = report(&edit(&[(
        "              $ref: '#/components/schemas/ThingRequest'\n      responses:",
        &older,
    )]));
    assert_change(
        &report,
        Kind::VersionAdded,
        "Client::create_thing_v2022_01_01",
        false,
    );
}

#[test]
fn a_preview_version_is_added_under_its_own_name_without_breaking() {
    // The naming stage gives the plain name to the newest dated version; a preview gets `_preview`.
    let preview = V2024_REQUEST.replace("2024-05-30", "preview").replace(
        "              $ref: '#/components/schemas/ThingRequest'\n      responses:",
        "              $ref: '#/components/schemas/ThingRequest'\n            x-xgen-version: preview\n      responses:",
    );
    let report = report(&edit(&[(
        "              $ref: '#/components/schemas/ThingRequest'\n      responses:",
        &preview,
    )]));
    assert_change(
        &report,
        Kind::VersionAdded,
        "Client::create_thing_preview",
        false,
    );
    assert_eq!(report.breaking_count(), 0, "{}", report.summary(10));
}

#[test]
fn a_field_that_now_names_an_alias_of_its_type_is_not_retyped() {
    let with_map = |regions: &str| {
        edit(&[(
            "        id:\n          type: string\n",
            &format!("        id:\n          type: string\n        regions:\n{regions}"),
        )])
        .replace(
            "    Shape:\n",
            "    RegionMap:\n      type: object\n      additionalProperties:\n        type: integer\n        format: int32\n    Shape:\n",
        )
    };
    let old = with_map(
        "          type: object\n          additionalProperties:\n            type: integer\n            format: int32\n",
    );
    let new = with_map("          $ref: '#/components/schemas/RegionMap'\n");
    let report = diff::compare(&old, "old.yaml", &new, "new.yaml").expect("compare");
    assert!(report.is_empty(), "{}", report.summary(10));
    // A real change of the map's values still is one.
    let retyped = new.replace(
        "    RegionMap:\n      type: object\n      additionalProperties:\n        type: integer\n        format: int32\n",
        "    RegionMap:\n      type: object\n      additionalProperties:\n        type: string\n",
    );
    let report = diff::compare(&old, "old.yaml", &retyped, "new.yaml").expect("compare");
    assert_change(&report, Kind::FieldRetyped, "models::Thing::regions", true);
}

#[test]
fn a_setter_that_disappears_is_breaking_and_one_that_appears_is_not() {
    // `size` becomes readOnly in a type sent in requests: `with_size` goes.
    let read_only = edit(&[(
        "        size:\n          type: integer\n          format: int32\n",
        "        size:\n          type: integer\n          format: int32\n          readOnly: true\n",
    )]);
    let report = report(&read_only);
    let change = assert_change(
        &report,
        Kind::SetterRemoved,
        "models::ThingRequest::with_size",
        true,
    );
    assert!(
        change.message().contains("readOnly"),
        "{}",
        change.message()
    );

    // `Thing` was also sent as the request body; now only returned: its setters go.
    let sent = edit(&[(
        "              $ref: '#/components/schemas/ThingRequest'\n",
        "              $ref: '#/components/schemas/Thing'\n",
    )]);
    let setters = |report: &Report, kind: Kind| -> Vec<(String, bool)> {
        let changes = report.changes().iter().filter(|c| c.kind() == kind);
        changes
            .map(|c| (c.rust().to_owned(), c.is_breaking()))
            .collect()
    };
    let report = diff::compare(&sent, "old.yaml", BASE, "new.yaml").expect("compare");
    assert_eq!(
        setters(&report, Kind::SetterRemoved),
        [
            ("models::Thing::with_id".to_owned(), true),
            ("models::Thing::with_status".to_owned(), true)
        ]
    );
    // And the other way round they appear, which breaks nothing.
    let report = diff::compare(BASE, "old.yaml", &sent, "new.yaml").expect("compare");
    assert_eq!(
        setters(&report, Kind::SetterAdded),
        [
            ("models::Thing::with_id".to_owned(), false),
            ("models::Thing::with_status".to_owned(), false)
        ]
    );
}

#[test]
fn a_union_that_gains_a_catch_all_variant_breaks_exhaustive_matches() {
    // With a discriminator, the generated union keeps unknown values in a catch-all variant.
    let new = edit(&[(
        "        - $ref: '#/components/schemas/Square'\n",
        "        - $ref: '#/components/schemas/Square'\n      discriminator:\n        propertyName: kind\n        mapping:\n          circle: '#/components/schemas/Circle'\n          square: '#/components/schemas/Square'\n",
    )]);
    let report = report(&new);
    let change = only(&report, Kind::UnionVariantAdded);
    assert!(change.rust().starts_with("models::Shape::"), "{change:#?}");
    assert!(change.is_breaking(), "{change:#?}");
    assert!(
        change.message().contains("`serde_json::Value`"),
        "{}",
        change.message()
    );
    let back = diff::compare(&new, "old.yaml", BASE, "new.yaml").expect("compare");
    assert!(only(&back, Kind::UnionVariantRemoved).is_breaking());
}

#[test]
fn a_tag_that_goes_takes_its_cargo_feature_and_module_and_breaks() {
    let tagged = edit(&[(
        "      operationId: getShape\n      tags: [Things]\n",
        "      operationId: getShape\n      tags: [Shape Sorting]\n",
    )]);
    let removed = diff::compare(&tagged, "old.yaml", BASE, "new.yaml").expect("compare");
    let change = assert_change(
        &removed,
        Kind::FeatureRemoved,
        "operations::shape_sorting",
        true,
    );
    assert!(
        change.message().contains("cargo feature `shape-sorting`"),
        "{}",
        change.message()
    );
    assert_eq!(change.path(), "#/paths/~1groups~1{groupId}~1shapes/get");
    let report = report(&tagged);
    assert_change(
        &report,
        Kind::FeatureAdded,
        "operations::shape_sorting",
        false,
    );
    assert_eq!(report.verdict(), atlas_codegen::diff::Verdict::Minor);
}

#[test]
fn types_named_after_a_renamed_operation_are_renamed_not_removed_and_added() {
    let with_format = edit(&[(
        "        - name: pretty\n",
        "        - name: format\n          in: query\n          schema:\n            type: string\n            enum: [SHORT, LONG]\n        - name: pretty\n",
    )]);
    let renamed = with_format.replace("operationId: createThing", "operationId: createGroupThing");
    let report = diff::compare(&with_format, "old.yaml", &renamed, "new.yaml").expect("compare");
    let change = assert_change(
        &report,
        Kind::TypeRenamed,
        "models::CreateGroupThingFormat",
        true,
    );
    assert!(
        change
            .message()
            .contains("`models::CreateThingFormat` is now `models::CreateGroupThingFormat`"),
        "{}",
        change.message()
    );
    // The parameter of the renamed type is not also reported retyped.
    assert_eq!(
        kinds(&report),
        [Kind::OperationRenamed, Kind::TypeRenamed],
        "{}",
        report.summary(10)
    );
    // A type whose shape changed too is not a rename: it is removed and another added.
    let reshaped = renamed.replace("enum: [SHORT, LONG]", "enum: [SHORT, LONG, FULL]");
    let report = diff::compare(&with_format, "old.yaml", &reshaped, "new.yaml").expect("compare");
    assert!(
        !kinds(&report).contains(&Kind::TypeRenamed),
        "{}",
        report.summary(10)
    );
    assert_change(
        &report,
        Kind::TypeRemoved,
        "models::CreateThingFormat",
        true,
    );
}

#[test]
fn removing_an_api_version_removes_its_method() {
    let old = edit(&[(
        "              $ref: '#/components/schemas/ThingRequest'\n      responses:",
        V2024_REQUEST,
    )]);
    let report = diff::compare(&old, "old.yaml", BASE, "new.yaml").expect("compare");
    assert_change(&report, Kind::VersionRemoved, "Client::create_thing", true);
}

#[test]
fn a_sunset_date_deprecates_without_breaking() {
    let new = edit(&[(
        "                $ref: '#/components/schemas/Thing'\n",
        "                $ref: '#/components/schemas/Thing'\n              x-sunset: '2027-07-01'\n",
    )]);
    let report = report(&new);
    let change = assert_change(&report, Kind::VersionSunset, "Client::create_thing", false);
    assert!(change.message().contains("2027-07-01"));
    assert!(
        change
            .path()
            .ends_with("/responses/201/content/application~1vnd.atlas.2023-01-01+json/x-sunset"),
        "{}",
        change.path()
    );
}

const ENVELOPE: &str = "        - name: pretty
          in: query
          schema:
            type: boolean
        - name: envelope
          in: query
          schema:
            type: boolean";

#[test]
fn a_new_optional_parameter_is_a_new_setter() {
    let report = report(&edit(&[(
        "        - name: pretty\n          in: query\n          schema:\n            type: boolean",
        ENVELOPE,
    )]));
    let change = assert_change(
        &report,
        Kind::ParameterAdded,
        "operations::things::CreateThing::envelope",
        false,
    );
    assert_eq!(change.operation_id(), Some("createThing"));
    assert_eq!(
        change.path(),
        "#/paths/~1groups~1{groupId}~1things/post/parameters/2"
    );
}

#[test]
fn a_new_required_parameter_is_a_new_argument() {
    let required = ENVELOPE.replacen(
        "name: envelope\n          in: query",
        "name: envelope\n          in: query\n          required: true",
        1,
    );
    let report = report(&edit(&[(
        "        - name: pretty\n          in: query\n          schema:\n            type: boolean",
        &required,
    )]));
    assert_change(&report, Kind::ParameterAdded, "Client::create_thing", true);
}

#[test]
fn removed_required_and_retyped_parameters_break() {
    let removed = report(&edit(&[(
        "        - name: pretty\n          in: query\n          schema:\n            type: boolean\n",
        "",
    )]));
    assert_change(
        &removed,
        Kind::ParameterRemoved,
        "operations::things::CreateThing::pretty",
        true,
    );

    let required = report(&edit(&[(
        "        - name: pretty\n          in: query\n",
        "        - name: pretty\n          in: query\n          required: true\n",
    )]));
    assert_change(
        &required,
        Kind::ParameterRequired,
        "Client::create_thing",
        true,
    );

    let retyped = report(&edit(&[(
        "            type: boolean",
        "            type: string",
    )]));
    let change = assert_change(
        &retyped,
        Kind::ParameterRetyped,
        "operations::things::CreateThing::pretty",
        true,
    );
    assert!(
        change.message().contains("is now `String` (was `bool`)"),
        "{}",
        change.message()
    );
}

#[test]
fn request_body_changes() {
    let retyped = report(&edit(&[(
        "              $ref: '#/components/schemas/ThingRequest'",
        "              $ref: '#/components/schemas/Thing'",
    )]));
    assert_change(
        &retyped,
        Kind::RequestBodyRetyped,
        "Client::create_thing",
        true,
    );

    let optional = report(&edit(&[(
        "      requestBody:\n        required: true",
        "      requestBody:\n        required: false",
    )]));
    assert_change(
        &optional,
        Kind::RequestBodyOptional,
        "Client::create_thing",
        true,
    );
}

#[test]
fn a_retyped_response_changes_what_the_method_returns() {
    let report = report(&edit(&[(
        "                $ref: '#/components/schemas/Shape'",
        "                $ref: '#/components/schemas/Circle'",
    )]));
    let change = assert_change(
        &report,
        Kind::ResponseBodyRetyped,
        "Client::get_shape",
        true,
    );
    assert!(
        change
            .message()
            .contains("now returns `models::Circle` (was `models::Shape`)"),
        "{}",
        change.message()
    );
}

#[test]
fn a_success_status_with_another_body_makes_the_response_an_enum_by_status() {
    let report = report(&edit(&[(
        "        '400':\n          description: Bad Request\n",
        "        '202':\n          description: Accepted, still running\n          content:\n            application/vnd.atlas.2023-01-01+json:\n              schema:\n                $ref: '#/components/schemas/Circle'\n        '400':\n          description: Bad Request\n",
    )]));
    let change = assert_change(
        &report,
        Kind::ResponseBodyRetyped,
        "Client::create_thing",
        true,
    );
    assert!(
        change
            .message()
            .contains("now returns `CreateThingResponse` (was `models::Thing`)"),
        "{}",
        change.message()
    );
}

#[test]
fn status_codes_added_and_removed_are_not_breaking() {
    let new = edit(&[(
        "        '400':\n          description: Bad Request\n",
        "        '429':\n          description: Too Many Requests\n",
    )]);
    let report = report(&new);
    let added = assert_change(&report, Kind::StatusAdded, "Client::create_thing", false);
    assert_eq!(
        added.path(),
        "#/paths/~1groups~1{groupId}~1things/post/responses/429"
    );
    assert!(added.message().contains("429 (Too Many Requests)"));
    assert_change(&report, Kind::StatusRemoved, "Client::create_thing", false);
}

#[test]
fn types_added_removed_and_reshaped() {
    let added = report(&edit(&[(
        "    Square:\n",
        "    Triangle:\n      type: object\n      properties:\n        base:\n          type: number\n    Square:\n",
    )]));
    let change = assert_change(&added, Kind::TypeAdded, "models::Triangle", false);
    assert_eq!(
        change.operation_id(),
        None,
        "schema changes belong to no single operation"
    );
    assert_eq!(change.path(), "#/components/schemas/Triangle");

    let removed = diff::compare(
        &edit(&[(
            "    Square:\n",
            "    Triangle:\n      type: string\n    Square:\n",
        )]),
        "old.yaml",
        BASE,
        "new.yaml",
    )
    .expect("compare");
    assert_change(&removed, Kind::TypeRemoved, "models::Triangle", true);

    let reshaped = report(&edit(&[(
        "    Circle:\n      type: object\n      properties:\n        radius:\n          type: number\n",
        "    Circle:\n      type: string\n      enum: [SMALL, LARGE]\n",
    )]));
    assert_change(&reshaped, Kind::TypeRetyped, "models::Circle", true);
}

#[test]
fn fields_added_to_request_and_response_types() {
    let optional = report(&edit(&[(
        "        size:\n",
        "        color:\n          type: string\n        size:\n",
    )]));
    let change = assert_change(
        &optional,
        Kind::FieldAdded,
        "models::ThingRequest::color",
        false,
    );
    assert_eq!(
        change.path(),
        "#/components/schemas/ThingRequest/properties/color"
    );
    assert!(
        change.message().contains("used by `createThing`"),
        "{}",
        change.message()
    );

    let required = report(&edit(&[
        ("      required: [name]", "      required: [name, color]"),
        (
            "        size:\n",
            "        color:\n          type: string\n        size:\n",
        ),
    ]));
    let change = assert_change(
        &required,
        Kind::FieldAdded,
        "models::ThingRequest::color",
        true,
    );
    assert!(
        change
            .message()
            .contains("`models::ThingRequest::new` takes a new argument"),
        "{}",
        change.message()
    );

    let in_response = report(&edit(&[
        (
            "    Thing:\n      type: object\n",
            "    Thing:\n      type: object\n      required: [owner]\n",
        ),
        (
            "        id:\n          type: string\n",
            "        id:\n          type: string\n        owner:\n          type: string\n",
        ),
    ]));
    // `Thing` is only read from responses, but code that builds one (as tests do) calls `new`,
    // which now takes `owner`: that code no longer compiles.
    let change = assert_change(&in_response, Kind::FieldAdded, "models::Thing::owner", true);
    assert!(
        change
            .message()
            .contains("only code that builds responses calls it"),
        "{}",
        change.message()
    );
}

#[test]
fn fields_removed_retyped_and_made_required_or_optional() {
    let removed = report(&edit(&[("        id:\n          type: string\n", "")]));
    let change = assert_change(&removed, Kind::FieldRemoved, "models::Thing::id", true);
    assert_eq!(change.path(), "#/components/schemas/Thing/properties/id");

    let retyped = report(&edit(&[(
        "          format: int32",
        "          format: int64",
    )]));
    let change = assert_change(
        &retyped,
        Kind::FieldRetyped,
        "models::ThingRequest::size",
        true,
    );
    assert!(
        change
            .message()
            .contains("`Option<i64>` (was `Option<i32>`)"),
        "{}",
        change.message()
    );

    let required = report(&edit(&[(
        "    Thing:\n      type: object\n",
        "    Thing:\n      type: object\n      required: [id]\n",
    )]));
    let change = assert_change(&required, Kind::FieldRequired, "models::Thing::id", true);
    assert!(
        change.message().contains("`String` (was `Option<String>`)"),
        "{}",
        change.message()
    );

    let optional = report(&edit(&[("      required: [name]\n", "")]));
    let change = assert_change(
        &optional,
        Kind::FieldOptional,
        "models::ThingRequest::name",
        true,
    );
    assert!(
        change
            .message()
            .contains("`models::ThingRequest::new` no longer takes it"),
        "{}",
        change.message()
    );
}

#[test]
fn enum_values_added_and_removed() {
    let added = report(&edit(&[(
        "enum: [NEW, DONE]",
        "enum: [NEW, DONE, EXPIRED]",
    )]));
    let change = assert_change(
        &added,
        Kind::EnumValueAdded,
        "models::ThingStatus::Expired",
        false,
    );
    assert_eq!(
        change.path(),
        "#/components/schemas/Thing/properties/status/enum"
    );

    let removed = report(&edit(&[("enum: [NEW, DONE]", "enum: [NEW]")]));
    assert_change(
        &removed,
        Kind::EnumValueRemoved,
        "models::ThingStatus::Done",
        true,
    );
}

#[test]
fn union_variants_added_break_exhaustive_matches() {
    let new = edit(&[
        (
            "        - $ref: '#/components/schemas/Square'\n",
            "        - $ref: '#/components/schemas/Square'\n        - $ref: '#/components/schemas/Triangle'\n",
        ),
        (
            "    Square:\n",
            "    Triangle:\n      type: object\n      properties:\n        base:\n          type: number\n    Square:\n",
        ),
    ]);
    let report = report(&new);
    assert_change(
        &report,
        Kind::UnionVariantAdded,
        "models::Shape::Triangle",
        true,
    );
    let back = diff::compare(&new, "new.yaml", BASE, "old.yaml").expect("compare");
    assert_change(
        &back,
        Kind::UnionVariantRemoved,
        "models::Shape::Triangle",
        true,
    );
}

#[test]
fn a_union_variant_that_holds_another_type_breaks() {
    let array_of = |item: &str| {
        edit(&[(
            "        - $ref: '#/components/schemas/Square'\n",
            &format!("        - type: array\n          items:\n            type: {item}\n"),
        )])
    };
    let report = diff::compare(
        &array_of("string"),
        "old.yaml",
        &array_of("integer"),
        "new.yaml",
    )
    .expect("compare");
    let change = assert_change(
        &report,
        Kind::UnionVariantRetyped,
        "models::Shape::Array",
        true,
    );
    assert!(
        change
            .message()
            .contains("now holds `Vec<i64>` (was `Vec<String>`)"),
        "{}",
        change.message()
    );
}

/// Many changes at once, to check order and formats.
fn busy_report() -> Report {
    report(&edit(&[
        ("operationId: createThing", "operationId: createGroupThing"),
        (
            "        '400':\n          description: Bad Request\n",
            "        '400':\n          description: Bad Request\n        '429':\n          description: Too Many Requests\n",
        ),
        ("enum: [NEW, DONE]", "enum: [NEW, EXPIRED]"),
        (
            "        size:\n",
            "        color:\n          type: string\n        size:\n",
        ),
    ]))
}

#[test]
fn the_report_is_ordered_by_kind_then_operation_then_pointer() {
    let report = busy_report();
    let order: Vec<usize> = report
        .changes()
        .iter()
        .map(|c| {
            Kind::ALL
                .iter()
                .position(|k| *k == c.kind())
                .unwrap_or(usize::MAX)
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "kinds out of order: {:?}",
        kinds(&report)
    );
    assert_eq!(
        kinds(&report),
        [
            Kind::OperationRenamed,
            Kind::StatusAdded,
            Kind::FieldAdded,
            Kind::EnumValueRemoved,
            Kind::EnumValueAdded
        ]
    );
    assert_eq!(report.breaking_count(), 2);
}

#[test]
fn json_has_exactly_the_documented_shape_and_is_stable() {
    let report = busy_report();
    let json = report.to_json();
    assert_eq!(json, busy_report().to_json(), "same input, same bytes");
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let object = value.as_object().expect("an object");
    let mut top: Vec<&String> = object.keys().collect();
    top.sort_by_key(|key| json.find(&format!("\"{key}\":")));
    assert_eq!(
        top,
        ["verdict", "bump", "changes"],
        "the top-level keys, in order"
    );
    assert_eq!(object["verdict"], "major");
    assert_eq!(
        object["bump"],
        serde_json::json!({"1.x": "major", "0.x": "minor"})
    );
    let changes = object["changes"].as_array().expect("an array");
    assert_eq!(changes.len(), report.changes().len());
    let first = changes[0].as_object().expect("an object");
    let mut keys: Vec<&String> = first.keys().collect();
    keys.sort_by_key(|key| json.find(&format!("\"{key}\":")));
    assert_eq!(
        keys,
        ["kind", "operation", "path", "rust", "breaking", "message"],
        "the keys, in the order written"
    );
    assert_eq!(first["kind"], "operation-renamed");
    assert_eq!(first["operation"], "createGroupThing");
    assert_eq!(first["breaking"], true);
    let enum_change = changes
        .iter()
        .find(|c| c["kind"] == "enum-value-removed")
        .expect("enum change");
    assert!(enum_change["operation"].is_null());
    assert_eq!(enum_change["rust"], "models::ThingStatus::Done");
}

#[test]
fn every_kind_serializes_as_its_name() {
    for kind in Kind::ALL {
        assert_eq!(
            serde_json::to_value(kind).expect("serializes"),
            kind.as_str()
        );
    }
}

#[test]
fn markdown_lists_counts_then_breaking_changes_then_the_rest() {
    let markdown = busy_report().to_markdown();
    assert!(markdown.contains("**5 changes, 2 breaking**"), "{markdown}");
    let breaking = markdown
        .find("## Breaking changes (2)")
        .expect("breaking section");
    let other = markdown
        .find("## Other changes (3)")
        .expect("other section");
    assert!(breaking < other, "{markdown}");
    assert!(
        markdown.contains("| operation-renamed | 1 | 1 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("### Operations renamed (1)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("**`models::ThingStatus::Done`**"),
        "{markdown}"
    );
}

#[test]
fn the_summary_puts_breaking_changes_first_and_caps_the_list() {
    let summary = busy_report().summary(2);
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(
        lines[0],
        "semver: major (a 1.x crate bumps its major version, a 0.x crate its minor); 5 changes, 2 breaking"
    );
    assert!(
        lines[1].starts_with("  by kind: 1 operation-renamed, 1 status-added"),
        "{summary}"
    );
    assert!(lines[2].contains("BREAKING operation-renamed"), "{summary}");
    assert!(
        lines[3].contains("BREAKING enum-value-removed"),
        "{summary}"
    );
    assert_eq!(lines[4], "  ... and 3 more");
    assert_eq!(lines.len(), 5);
}

#[test]
fn specs_that_do_not_load_are_errors_naming_the_file() {
    let error = diff::compare(BASE, "old.yaml", "openapi: 3.0.1\npaths: [", "broken.yaml")
        .expect_err("broken spec");
    assert_eq!(error.file(), "broken.yaml");
    let error =
        diff::compare("swagger: '2.0'\n", "old.yaml", BASE, "new.yaml").expect_err("swagger");
    assert!(
        error.to_string().contains("Swagger 2.0 is not supported"),
        "{error}"
    );
}

#[test]
fn degenerate_specs_compare_without_panicking() {
    let empty = "openapi: 3.0.1\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";
    let report = diff::compare(empty, "a.yaml", BASE, "b.yaml").expect("compare");
    assert!(kinds(&report).contains(&Kind::OperationAdded));
    let back = diff::compare(BASE, "b.yaml", empty, "a.yaml").expect("compare");
    assert_eq!(
        back.changes()
            .iter()
            .filter(|c| c.kind() == Kind::OperationRemoved)
            .count(),
        2
    );
    assert!(
        diff::compare(empty, "a.yaml", empty, "a.yaml")
            .expect("compare")
            .is_empty()
    );
}

#[test]
fn the_verdict_follows_cargos_semver_rules_for_0x_and_1x() {
    use atlas_codegen::diff::Verdict;
    assert_eq!(busy_report().verdict(), Verdict::Major);
    assert_eq!(report(BASE).verdict(), Verdict::Patch);
    let added = BASE.replace(
        "        - name: pretty\n",
        "        - name: verbose\n          in: query\n          schema:\n            type: boolean\n        - name: pretty\n",
    );
    let minor = report(&added);
    assert_eq!(minor.breaking_count(), 0, "{}", minor.summary(10));
    assert_eq!(minor.verdict(), Verdict::Minor);

    for (verdict, version, bump) in [
        (Verdict::Major, "1.4.2", Some(Verdict::Major)),
        (Verdict::Minor, "1.4.2", Some(Verdict::Minor)),
        (Verdict::Patch, "2.0.0", Some(Verdict::Patch)),
        (Verdict::Major, "0.3.1", Some(Verdict::Minor)),
        (Verdict::Minor, "0.3.1", Some(Verdict::Patch)),
        (Verdict::Patch, "0.3.1", Some(Verdict::Patch)),
        (Verdict::Major, "0.0.7", Some(Verdict::Patch)),
        (Verdict::Major, "1.0.0-rc.1", Some(Verdict::Major)),
        (Verdict::Major, "one", None),
        (Verdict::Major, "1.2", None),
    ] {
        assert_eq!(verdict.bump_for(version), bump, "{verdict} at {version}");
    }
}

#[test]
fn a_path_parameter_renamed_in_its_place_is_a_note_not_a_break() {
    // `{groupId}` becomes `{projectId}`: the method keeps one argument of the same type in the
    // same place, so every call still compiles.
    let renamed = BASE
        .replace("/groups/{groupId}/things:", "/groups/{projectId}/things:")
        .replacen(
            "        - name: groupId\n",
            "        - name: projectId\n",
            1,
        );
    let report = report(&renamed);
    let change = assert_change(
        &report,
        Kind::ParameterRenamed,
        "Client::create_thing",
        false,
    );
    assert!(
        change.message().contains("`groupId`"),
        "{}",
        change.message()
    );
    assert!(
        change.message().contains("`projectId`"),
        "{}",
        change.message()
    );
    assert!(
        !kinds(&report).contains(&Kind::ParameterRemoved)
            && !kinds(&report).contains(&Kind::ParameterAdded),
        "{:#?}",
        report.changes()
    );
    assert_eq!(report.breaking_count(), 0, "{:#?}", report.changes());

    // Renamed and retyped at once: one retyped parameter, not a removal and an addition.
    let retyped = renamed.replacen(
        "        - name: projectId\n          in: path\n          required: true\n          schema:\n            type: string\n",
        "        - name: projectId\n          in: path\n          required: true\n          schema:\n            type: integer\n            format: int64\n",
        1,
    );
    assert_ne!(retyped, renamed, "the edit must change the spec");
    let report = self::report(&retyped);
    assert_change(
        &report,
        Kind::ParameterRetyped,
        "Client::create_thing",
        true,
    );
    assert!(
        !kinds(&report).contains(&Kind::ParameterRemoved)
            && !kinds(&report).contains(&Kind::ParameterAdded),
        "{:#?}",
        report.changes()
    );
}

#[test]
fn a_setter_that_never_existed_is_never_reported_removed() {
    // `name` is required: `ThingRequest::new` takes it, so the struct has no `with_name`. Made
    // readOnly, it leaves `new`; no setter goes (there was none), and none comes.
    let read_only = edit(&[(
        "        name:\n          type: string\n        size:",
        "        name:\n          type: string\n          readOnly: true\n        size:",
    )]);
    let report = report(&read_only);
    assert!(
        !kinds(&report).contains(&Kind::SetterRemoved)
            && !kinds(&report).contains(&Kind::SetterAdded),
        "{:#?}",
        report.changes()
    );
    // A field that becomes required moves into `new`: its real setter goes.
    let required = edit(&[("      required: [name]\n", "      required: [name, size]\n")]);
    let report = self::report(&required);
    let change = assert_change(
        &report,
        Kind::SetterRemoved,
        "models::ThingRequest::with_size",
        true,
    );
    assert!(
        change.message().contains("argument of `new`"),
        "{}",
        change.message()
    );
}
