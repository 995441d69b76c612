//! One small spec per construct the full upstream spec uses, and what the model (and, where it
//! matters, the emitted code) makes of it. The specs are written here, not cut from upstream.

use super::{Api, ParamLocation, ResponseBody, Ty, TypeDef, TypeKind, Union};

/// A spec with `paths` and `schemas` (both YAML, indented as under `paths:` and `schemas:`).
fn spec(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.1\ninfo:\n  title: Test API\n  version: '1'\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}\n"
    )
}

/// An operation that answers with the component `schema`, so that the schema is reached.
fn get(path: &str, id: &str, tag: &str, schema: &str) -> String {
    format!(
        "  {path}:
    get:
      operationId: {id}
      tags: [{tag}]
      responses:
        '200':
          description: OK
          content:
            application/vnd.atlas.2024-01-01+json:
              schema:
                $ref: '#/components/schemas/{schema}'
"
    )
}

fn build(text: &str) -> Api {
    let document = crate::load::load("test.yaml", text)
        .unwrap_or_else(|error| panic!("the spec loads: {error}"));
    super::build(&document, "test.yaml", &super::Filter::default())
        .unwrap_or_else(|error| panic!("the spec builds: {error}"))
}

fn schemas(schemas: &str) -> Api {
    build(&spec("  {}", schemas))
}

fn generate(text: &str) -> crate::Output {
    crate::generate_from_str(&crate::Config::new("test.yaml", "test-api"), text)
        .unwrap_or_else(|error| panic!("the spec generates: {error}"))
}

fn named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|def| def.name.as_str() == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
            panic!("no type {name} among {names:?}")
        })
}

fn union<'a>(api: &'a Api, name: &str) -> &'a Union {
    match &named(api, name).kind {
        TypeKind::Union(union) => union,
        other => panic!("{name} is not a union: {other:?}"),
    }
}

fn fields(api: &Api, name: &str) -> Vec<(String, String, bool)> {
    match &named(api, name).kind {
        TypeKind::Struct(st) => st
            .fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.name.as_str().to_owned(), f.required))
            .collect(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn variants(union: &Union) -> Vec<(&str, Vec<&str>)> {
    union
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.tags.iter().map(String::as_str).collect()))
        .collect()
}

fn enum_values(api: &Api, name: &str) -> Vec<(String, String)> {
    match &named(api, name).kind {
        TypeKind::Enum(en) => en
            .variants
            .iter()
            .map(|v| (v.name.as_str().to_owned(), v.wire_value.clone()))
            .collect(),
        other => panic!("{name} is not an enum: {other:?}"),
    }
}

fn named_ty(name: &str) -> Ty {
    Ty::Named(crate::naming::type_name(name))
}

const PETS: &str = "    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          CAT: '#/components/schemas/Cat'
          DOG: '#/components/schemas/Dog'
          PUPPY: '#/components/schemas/Dog'
      properties:
        kind:
          type: string
          enum: [CAT, DOG, PUPPY]
        name:
          type: string
      required: [kind]
      type: object
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - properties:
            lives:
              type: integer
              format: int32
          type: object
      required: [lives]
      type: object
    Dog:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - properties:
            good:
              type: boolean
          type: object
      type: object
";

#[test]
fn a_discriminated_one_of_is_a_union_tagged_by_its_mapping() {
    let api = schemas(PETS);
    let pet = union(&api, "Pet");
    assert_eq!(pet.discriminator.as_deref(), Some("kind"));
    // Variants are named after their types without the words they share, or after their tag.
    assert_eq!(
        variants(pet),
        [("Cat", vec!["CAT"]), ("Dog", vec!["DOG", "PUPPY"])]
    );
    assert_eq!(pet.variants[0].ty, named_ty("Cat"));
    assert_eq!(pet.other.as_str(), "Other");
}

#[test]
fn an_all_of_merges_its_parts_and_a_base_union_gives_only_its_own_properties() {
    let api = schemas(PETS);
    // The base's properties come first; `required` next to `allOf` applies to the merged fields.
    assert_eq!(
        fields(&api, "Cat"),
        [
            ("kind".to_owned(), "kind".to_owned(), true),
            ("name".to_owned(), "name".to_owned(), false),
            ("lives".to_owned(), "lives".to_owned(), true)
        ]
    );
    // The base's inline enum is one type, named after the base, shared by both children.
    let kind_of = |name: &str| match &named(&api, name).kind {
        TypeKind::Struct(st) => st.fields[0].ty.clone(),
        _ => unreachable!(),
    };
    assert_eq!(kind_of("Cat"), named_ty("PetKind"));
    assert_eq!(kind_of("Dog"), named_ty("PetKind"));
    assert_eq!(
        api.types
            .iter()
            .filter(|def| def.name.as_str().ends_with("Kind"))
            .count(),
        1
    );
}

#[test]
fn a_discriminator_without_one_of_makes_the_base_a_union_of_its_mapped_schemas() {
    let api = schemas(
        "    Shape:
      type: object
      discriminator:
        propertyName: type
        mapping:
          circle: '#/components/schemas/Circle'
          square: '#/components/schemas/Square'
      properties:
        type:
          type: string
      required: [type]
    Circle:
      allOf:
        - $ref: '#/components/schemas/Shape'
        - type: object
          properties:
            radius:
              type: number
    Square:
      allOf:
        - $ref: '#/components/schemas/Shape'
        - type: object
          properties:
            side:
              type: number
              format: float
",
    );
    let shape = union(&api, "Shape");
    assert_eq!(shape.discriminator.as_deref(), Some("type"));
    assert_eq!(
        variants(shape),
        [("Circle", vec!["circle"]), ("Square", vec!["square"])]
    );
    let circle = fields(&api, "Circle");
    assert_eq!(
        circle.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["type", "radius"]
    );
    let TypeKind::Struct(square) = &named(&api, "Square").kind else {
        panic!("a struct")
    };
    assert_eq!(square.fields[1].ty, Ty::F32);
}

#[test]
fn a_property_whose_enum_values_tell_variants_apart_is_an_inferred_discriminator() {
    let api = schemas(
        "    Filter:
      anyOf:
        - $ref: '#/components/schemas/Lowercase'
        - $ref: '#/components/schemas/Length'
    Lowercase:
      type: object
      properties:
        type:
          type: string
          enum: [lowercase]
      required: [type]
    Length:
      type: object
      properties:
        type:
          type: string
          enum: [length, len]
        max:
          type: integer
      required: [type]
",
    );
    let filter = union(&api, "Filter");
    assert_eq!(filter.discriminator.as_deref(), Some("type"));
    assert_eq!(
        variants(filter),
        [
            ("Lowercase", vec!["lowercase"]),
            ("Length", vec!["length", "len"])
        ]
    );
}

#[test]
fn an_untagged_union_tries_the_variants_that_require_most_first() {
    let api = schemas(
        "    Spec:
      oneOf:
        - $ref: '#/components/schemas/Loose'
        - $ref: '#/components/schemas/Strict'
    Loose:
      type: object
      properties:
        a:
          type: string
    Strict:
      type: object
      properties:
        a:
          type: string
        b:
          type: string
      required: [a, b]
",
    );
    let spec = union(&api, "Spec");
    assert_eq!(spec.discriminator, None);
    assert_eq!(variants(spec), [("Strict", vec![]), ("Loose", vec![])]);
}

#[test]
fn a_union_of_string_enums_is_one_enum_and_a_single_reference_is_that_type() {
    let api = schemas(
        "    Region:
      oneOf:
        - $ref: '#/components/schemas/AwsRegion'
        - type: string
          enum: [WESTEUROPE, EASTUS]
          title: Azure Regions
    AwsRegion:
      type: string
      enum: [US_EAST_1, EASTUS]
    Holder:
      type: object
      properties:
        only:
          oneOf:
            - $ref: '#/components/schemas/AwsRegion'
",
    );
    assert_eq!(
        enum_values(&api, "Region"),
        [
            ("UsEast1".to_owned(), "US_EAST_1".to_owned()),
            ("Eastus".to_owned(), "EASTUS".to_owned()),
            ("Westeurope".to_owned(), "WESTEUROPE".to_owned())
        ]
    );
    let TypeKind::Struct(holder) = &named(&api, "Holder").kind else {
        panic!("a struct")
    };
    assert_eq!(holder.fields[0].ty, named_ty("AwsRegion"));
}

#[test]
fn recursion_is_boxed_where_nothing_else_breaks_it() {
    let api = schemas(
        "    Node:
      type: object
      properties:
        parent:
          $ref: '#/components/schemas/Node'
        children:
          type: array
          items:
            $ref: '#/components/schemas/Node'
        expr:
          $ref: '#/components/schemas/Expr'
    Expr:
      oneOf:
        - $ref: '#/components/schemas/Not'
        - type: string
    Not:
      type: object
      properties:
        inner:
          $ref: '#/components/schemas/Expr'
    Nested:
      type: array
      items:
        $ref: '#/components/schemas/Nested'
",
    );
    let TypeKind::Struct(node) = &named(&api, "Node").kind else {
        panic!("a struct")
    };
    let boxed: Vec<(&str, bool)> = node
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.boxed))
        .collect();
    assert_eq!(
        boxed,
        [("parent", true), ("children", false), ("expr", false)]
    );
    // Expr -> Not -> Expr: both the variant and the field are in the cycle.
    assert!(
        union(&api, "Expr")
            .variants
            .iter()
            .any(|v| v.boxed && v.ty == named_ty("Not"))
    );
    let TypeKind::Struct(not) = &named(&api, "Not").kind else {
        panic!("a struct")
    };
    assert!(not.fields[0].boxed);
    // `type Nested = Vec<Nested>` cannot be written: it is any JSON value, saying why.
    assert!(
        matches!(&named(&api, "Nested").kind, TypeKind::Alias(Ty::Json(reason)) if reason.contains("refers to itself"))
    );
}

/// The error building `schemas` gives: where, and what.
fn build_error(schemas: &str) -> (String, String) {
    let text = spec("  {}", schemas);
    let document = crate::load::load("test.yaml", &text)
        .unwrap_or_else(|error| panic!("the spec loads: {error}"));
    match super::build(&document, "test.yaml", &super::Filter::default()) {
        Ok(_) => panic!("the spec builds, but should not:\n{schemas}"),
        Err(error) => match error.location() {
            crate::error::Location::Pointer { pointer, .. } => {
                (pointer.clone(), error.message().to_owned())
            }
            other => panic!("not at a pointer: {other:?}"),
        },
    }
}

#[test]
fn schemas_that_only_stand_for_each_other_are_refused() {
    // A ring of `$ref`s, named from the schema the spec lists first.
    let (at, message) = build_error(
        "    B:
      $ref: '#/components/schemas/C'
    C:
      $ref: '#/components/schemas/A'
    A:
      $ref: '#/components/schemas/B'
",
    );
    assert_eq!(at, "#/components/schemas/B");
    assert_eq!(
        message,
        "the schemas `B` -> `C` -> `A` -> `B` refer to each other without ever defining a type"
    );

    let (at, message) = build_error(
        "    A:
      $ref: '#/components/schemas/A'
",
    );
    assert_eq!(at, "#/components/schemas/A");
    assert_eq!(
        message,
        "the schema `A` refers to itself without ever defining a type"
    );

    // Through a single `allOf` part and nested single-variant unions, entered from outside the
    // ring (`Entry` is not part of it).
    let (at, message) = build_error(
        "    Entry:
      $ref: '#/components/schemas/Middle'
    Start:
      description: Stands for Middle.
      allOf:
        - $ref: '#/components/schemas/Middle'
    Middle:
      oneOf:
        - anyOf:
            - $ref: '#/components/schemas/Start'
",
    );
    assert_eq!(at, "#/components/schemas/Start");
    assert_eq!(
        message,
        "the schemas `Start` -> `Middle` -> `Start` refer to each other without ever defining a type"
    );
}

#[test]
fn a_recursive_struct_still_generates_through_aliases_arrays_and_maps() {
    let text = "    Tree:
      type: object
      properties:
        parent:
          $ref: '#/components/schemas/TreeRef'
        children:
          type: array
          items:
            $ref: '#/components/schemas/TreeRef'
        byName:
          type: object
          additionalProperties:
            $ref: '#/components/schemas/Tree'
    TreeRef:
      $ref: '#/components/schemas/Tree'
    Forest:
      oneOf:
        - $ref: '#/components/schemas/Tree'
";
    let api = schemas(text);
    let TypeKind::Struct(tree) = &named(&api, "Tree").kind else {
        panic!("a struct")
    };
    let boxed: Vec<(&str, bool)> = tree
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.boxed))
        .collect();
    assert_eq!(
        boxed,
        [("parent", true), ("children", false), ("byName", false)]
    );
    assert!(matches!(&named(&api, "TreeRef").kind, TypeKind::Alias(ty) if *ty == named_ty("Tree")));
    assert!(matches!(&named(&api, "Forest").kind, TypeKind::Alias(ty) if *ty == named_ty("Tree")));
    let output = generate(&spec("  {}", text));
    let models = &output.files()["src/models.rs"];
    assert!(
        models.contains("pub parent: Option<Box<TreeRef>>,"),
        "{models}"
    );
    assert!(models.contains("pub type TreeRef = Tree;"), "{models}");
}

#[test]
fn an_element_too_complex_to_write_is_named_by_an_alias() {
    let text = "    Holder:
      type: object
      properties:
        deep:
          description: By region, then zone, then rack.
          type: object
          additionalProperties:
            description: By zone, then rack.
            type: object
            additionalProperties:
              type: object
              additionalProperties:
                type: array
                items:
                  type: string
        pair:
          type: object
          additionalProperties:
            type: object
            additionalProperties:
              type: array
              items:
                type: string
        keys:
          type: array
          items:
            type: object
            additionalProperties:
              type: object
      additionalProperties:
        type: array
        items:
          type: object
          additionalProperties:
            type: object
";
    let api = schemas(text);
    let TypeKind::Struct(holder) = &named(&api, "Holder").kind else {
        panic!("a struct")
    };
    let strings = || Box::new(Ty::Array(Box::new(Ty::String)));
    // Three maps deep, `Option<BTreeMap<String, BTreeMap<String, BTreeMap<String, Vec<String>>>>>`
    // would trip clippy's `type_complexity`: the outer map's values get a name.
    assert_eq!(
        holder.fields[0].ty,
        Ty::Map(Box::new(named_ty("HolderDeepValue")))
    );
    let deep_value = named(&api, "HolderDeepValue");
    assert!(
        matches!(&deep_value.kind, TypeKind::Alias(Ty::Map(inner)) if **inner == Ty::Map(strings())),
        "{:?}",
        deep_value.kind
    );
    assert_eq!(
        deep_value.at,
        "#/components/schemas/Holder/properties/deep/additionalProperties"
    );
    assert_eq!(deep_value.docs.as_deref(), Some("By zone, then rack."));
    // Two maps of arrays, or an array of maps of JSON objects (as Atlas has), are written as they are.
    assert_eq!(holder.fields[1].ty, Ty::Map(Box::new(Ty::Map(strings()))));
    assert_eq!(
        holder.fields[2].ty,
        Ty::Array(Box::new(Ty::Map(Box::new(Ty::JsonObject))))
    );
    // Extra properties are written `BTreeMap<String, T>` themselves: an array of maps of JSON
    // objects is one level too many there.
    assert_eq!(
        holder.additional,
        Some(named_ty("HolderAdditionalProperty"))
    );
    assert!(matches!(
        &named(&api, "HolderAdditionalProperty").kind,
        TypeKind::Alias(Ty::Array(inner)) if **inner == Ty::Map(Box::new(Ty::JsonObject))
    ));
    let output = generate(&spec("  {}", text));
    let models = &output.files()["src/models.rs"];
    assert!(
        models.contains("pub deep: Option<std::collections::BTreeMap<String, HolderDeepValue>>,"),
        "{models}"
    );
    assert!(
        models.contains(
            "/// By zone, then rack.\n#[cfg(feature = \"full\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"full\")))]\npub type HolderDeepValue = "
        ),
        "{models}"
    );
}

#[test]
fn a_variant_much_larger_than_its_siblings_is_boxed() {
    let properties: String = (0..12)
        .map(|i| format!("        p{i}:\n          type: string\n"))
        .collect();
    let api = schemas(&format!(
        "    Either:
      oneOf:
        - $ref: '#/components/schemas/Big'
        - $ref: '#/components/schemas/Small'
    Big:
      type: object
      properties:
{properties}    Small:
      type: object
      properties:
        id:
          type: string
      required: [id]
"
    ));
    let boxed: Vec<(&str, bool)> = union(&api, "Either")
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.boxed))
        .collect();
    assert_eq!(boxed, [("Small", false), ("Big", true)]);
}

#[test]
fn names_that_clash_or_are_keywords_stay_valid_and_distinct() {
    let api = schemas(
        "    foo_bar:
      type: object
      properties:
        type:
          type: string
        self:
          type: string
        groupId:
          type: string
        group_id:
          type: string
        2fa:
          type: boolean
        additionalProperties:
          type: string
      additionalProperties:
        type: integer
    FooBar:
      type: object
      properties:
        id:
          type: string
    Self:
      type: string
      enum: [Self]
",
    );
    // Components are named in the order of their spec names: `FooBar` before `foo_bar`.
    assert_eq!(fields(&api, "FooBar").len(), 1);
    let names: Vec<String> = fields(&api, "FooBar2").into_iter().map(|f| f.1).collect();
    assert_eq!(
        names,
        [
            "r#type",
            "self_",
            "group_id",
            "group_id_2",
            "field_2fa",
            "additional_properties_2"
        ]
    );
    assert_eq!(
        enum_values(&api, "SelfType"),
        [("SelfValue".to_owned(), "Self".to_owned())]
    );
}

#[test]
fn enum_values_that_are_not_identifiers_get_valid_distinct_variants() {
    let api = schemas(
        "    Odd:
      type: string
      enum: ['1000_Requests', '3.6', '', '+', a-b, a_b, Other, OTHER]
",
    );
    let names: Vec<String> = enum_values(&api, "Odd").into_iter().map(|v| v.0).collect();
    assert_eq!(
        names,
        [
            "V1000Requests",
            "V3_6",
            "Value",
            "Value2",
            "AB",
            "AB2",
            "Other",
            "Other2"
        ]
    );
    let TypeKind::Enum(odd) = &named(&api, "Odd").kind else {
        panic!("an enum")
    };
    assert_eq!(odd.other.as_str(), "Unrecognized");
}

#[test]
fn integer_formats_and_nullable_fields() {
    let api = schemas(
        "    Numbers:
      type: object
      properties:
        small:
          type: integer
          format: int32
        big:
          type: integer
          format: int64
        plain:
          type: integer
        ratio:
          type: number
        gone:
          type: string
          nullable: true
      required: [gone]
",
    );
    let TypeKind::Struct(numbers) = &named(&api, "Numbers").kind else {
        panic!("a struct")
    };
    let tys: Vec<&Ty> = numbers.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(tys, [&Ty::I32, &Ty::I64, &Ty::I64, &Ty::F64, &Ty::String]);
    assert!(numbers.fields[4].nullable && numbers.fields[4].required);
}

/// A name the schema requires without describing it is an optional JSON value field (a body can
/// carry it: Figma's `putWebhook` body requires `team_id`; an answer without it decodes), placed
/// after the declared ones; a schema that allows no other property gets none.
#[test]
fn a_required_name_without_a_property_is_a_json_value_field() {
    let api = schemas(
        "    Hook:
      type: object
      required: [team_id, endpoint]
      properties:
        endpoint: {type: string}
    Closed:
      type: object
      additionalProperties: false
      required: [ghost]
      properties:
        name: {type: string}
",
    );
    let TypeKind::Struct(hook) = &named(&api, "Hook").kind else {
        panic!("a struct")
    };
    let fields: Vec<(&str, &Ty, bool)> = hook
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), &f.ty, f.required))
        .collect();
    assert_eq!(
        fields,
        [
            ("endpoint", &Ty::String, true),
            (
                "team_id",
                &Ty::Json("the schema requires this property without describing it".to_owned()),
                false
            ),
        ]
    );
    assert_eq!(hook.fields[1].at, "#/components/schemas/Hook/required");
    let TypeKind::Struct(closed) = &named(&api, "Closed").kind else {
        panic!("a struct")
    };
    assert_eq!(closed.fields.len(), 1);
}

/// `allOf` of one referenced enum, narrowed by the schema's own `type` and `enum` (Discord writes
/// each component's `type` so): the referenced enum, which holds the value.
#[test]
fn an_all_of_of_one_referenced_enum_narrowed_by_scalar_keywords_is_that_enum() {
    let api = schemas(
        "    Kinds:
      type: integer
      enum: [1, 2]
    Button:
      type: object
      properties:
        type:
          type: integer
          enum: [2]
          allOf:
            - $ref: '#/components/schemas/Kinds'
",
    );
    let TypeKind::Struct(button) = &named(&api, "Button").kind else {
        panic!("a struct")
    };
    let Ty::Named(inline) = &button.fields[0].ty else {
        panic!("a named type: {:?}", button.fields[0].ty)
    };
    let TypeKind::Alias(Ty::Named(target)) = &named(&api, inline.unraw()).kind else {
        panic!("an alias of a named type")
    };
    assert_eq!(target.unraw(), "Kinds");
}

/// `allOf: [$ref, {nullable: true}]` (OpenAI's `tool_choice`): the referenced type, nullable.
#[test]
fn an_all_of_of_one_reference_and_a_nullable_part_is_the_reference_nullable() {
    let api = schemas(
        "    Choice:
      oneOf:
        - {type: string}
        - {type: integer}
    Run:
      type: object
      required: [choice]
      properties:
        choice:
          allOf:
            - $ref: '#/components/schemas/Choice'
            - nullable: true
",
    );
    let TypeKind::Struct(run) = &named(&api, "Run").kind else {
        panic!("a struct")
    };
    let Ty::Named(inline) = &run.fields[0].ty else {
        panic!("a named type: {:?}", run.fields[0].ty)
    };
    let TypeKind::Alias(Ty::Nullable(target)) = &named(&api, inline.unraw()).kind else {
        panic!("a nullable alias: {:?}", named(&api, inline.unraw()).kind)
    };
    assert!(matches!(target.as_ref(), Ty::Named(name) if name.unraw() == "Choice"));
}

const OPERATIONS: &str = "  /groups/{groupId}/report:
    get:
      operationId: getReport
      tags: [Reports]
      parameters:
        - name: groupId
          in: path
          required: true
          schema:
            type: string
        - name: format
          in: query
          schema:
            type: array
            items:
              type: string
              enum: [csv, json]
        - name: envelope
          in: header
          schema:
            type: boolean
      responses:
        '200':
          description: OK
          content:
            application/vnd.atlas.2023-01-01+csv:
              schema:
                type: string
            application/vnd.atlas.2024-01-01+gzip:
              schema:
                type: string
                format: binary
  /ping:
    get:
      operationId: ping
      tags: [Root]
      responses:
        '204':
          description: No content
  /status:
    get:
      operationId: getStatus
      tags: [Root]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Status'
  /limits:
    get:
      operationId: getLimits
      tags: [Root]
      responses:
        '200':
          description: OK
          content:
            application/vnd.atlas.2023-01-01+json:
              schema:
                $ref: '#/components/schemas/Status'
            application/vnd.atlas.preview+json:
              schema:
                $ref: '#/components/schemas/Status'
              x-xgen-version: preview
";

const STATUS: &str = "    Status:
      type: object
      properties:
        ok:
          type: boolean
    Unused:
      type: object
      properties:
        status:
          $ref: '#/components/schemas/Status'
";

#[test]
fn non_json_responses_array_query_and_header_parameters() {
    let api = build(&spec(OPERATIONS, STATUS));
    let report = &api.operations[0];
    let params: Vec<(&str, ParamLocation, bool)> = report
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.location, p.required))
        .collect();
    assert_eq!(
        params,
        [
            ("groupId", ParamLocation::Path, true),
            ("format", ParamLocation::Query, false),
            ("envelope", ParamLocation::Header, false)
        ]
    );
    assert_eq!(
        report.params[1].ty,
        Ty::Array(Box::new(named_ty("GetReportFormatItem")))
    );
    let kind = |body: &ResponseBody| match body {
        ResponseBody::Empty => "empty",
        ResponseBody::Json(_) => "json",
        ResponseBody::Text => "text",
        ResponseBody::Binary => "binary",
    };
    let bodies: Vec<(Option<&str>, &str, &str)> = report
        .versions
        .iter()
        .map(|v| {
            (
                v.version.as_deref(),
                v.response.as_ref().map_or("none", |r| kind(&r.body)),
                v.accept.as_str(),
            )
        })
        .collect();
    assert_eq!(
        bodies,
        [
            (
                Some("2023-01-01"),
                "text",
                "application/vnd.atlas.2023-01-01+csv"
            ),
            (
                Some("2024-01-01"),
                "binary",
                "application/vnd.atlas.2024-01-01+gzip"
            ),
        ]
    );
    assert!(matches!(
        api.operations[1].versions[0]
            .response
            .as_ref()
            .map(|r| &r.body),
        Some(ResponseBody::Empty)
    ));

    let output = generate(&spec(OPERATIONS, STATUS));
    let code = &output.files()["src/operations/reports.rs"];
    assert!(
        code.contains("request.query_each(\"format\", self.format);"),
        "array query parameters repeat the key:\n{code}"
    );
    assert!(
        code.contains("request.header(\"envelope\", self.envelope);"),
        "{code}"
    );
    // Every body that is not JSON, text (CSV) as much as binary (gzip), is handed over unread.
    assert!(
        !code.contains("Result<String, Error>") && !code.contains("Result<Vec<u8>, Error>"),
        "{code}"
    );
    assert_eq!(
        code.matches("pub fn send(self) -> ResponseFuture<'a, crate::Download> {")
            .count(),
        2,
        "{code}"
    );
    assert_eq!(
        code.matches("client.download(self.into_request())").count(),
        2,
        "{code}"
    );
    assert_eq!(
        code.matches("client.download_with_response(self.into_request())")
            .count(),
        2,
        "{code}"
    );
    assert!(
        code.contains("use crate::client::{Request, ResponseFuture};"),
        "a module of downloads only does not import the decoder:\n{code}"
    );
    let lib = &output.files()["src/lib.rs"];
    assert!(lib.contains("pub use download::Download;"), "{lib}");
    assert!(output.files().contains_key("src/download.rs"));
    let toml = &output.files()["Cargo.toml"];
    assert!(
        toml.contains("\"stream\"") && toml.contains("\"io-util\""),
        "{toml}"
    );
    assert!(
        toml.contains("futures-core = ") && toml.contains("bytes = "),
        "{toml}"
    );
}

#[test]
fn without_downloads_the_crate_carries_no_download_code() {
    let output = generate(&spec(
        &get("/a", "getA", "Alpha", "A"),
        "    A:\n      type: object\n",
    ));
    assert!(!output.files().contains_key("src/download.rs"));
    for file in ["src/client.rs", "src/client/request.rs"] {
        let client = &output.files()[file];
        assert!(!client.contains("Download"), "{file}: {client}");
    }
    let toml = &output.files()["Cargo.toml"];
    assert!(
        !toml.contains("io-util") && !toml.contains("\"stream\""),
        "{toml}"
    );
}

/// An operation with the envelope switch (`envelope_in` its location, `envelope_ty` its schema
/// type) answering JSON.
fn enveloped(envelope_in: &str, envelope_ty: &str, required: bool) -> String {
    spec(
        &format!(
            "  /a:
    get:
      operationId: getA
      tags: [Alpha]
      parameters:
        - name: envelope
          in: {envelope_in}
          required: {required}
          schema:
            type: {envelope_ty}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/A'
"
        ),
        "    A:\n      type: object\n",
    )
}

#[test]
fn an_optional_boolean_query_parameter_named_envelope_is_the_envelope_switch() {
    let api = build(&enveloped("query", "boolean", false));
    assert!(api.operations[0].params[0].envelope);
    let output = generate(&enveloped("query", "boolean", false));
    let code = &output.files()["src/operations/alpha.rs"];
    assert!(code.contains("request.envelope(self.envelope);"), "{code}");
    assert!(code.contains("The client unwraps the envelope"), "{code}");
    let request = &output.files()["src/client/request.rs"];
    assert!(request.contains("fn unwrap_envelope("), "{request}");
    // Any other shape is a plain parameter.
    for (location, ty, required) in [
        ("header", "boolean", false),
        ("query", "string", false),
        ("query", "boolean", true),
    ] {
        let text = enveloped(location, ty, required);
        assert!(
            !build(&text).operations[0].params[0].envelope,
            "{location} {ty} required={required}"
        );
        let output = generate(&text);
        let request = &output.files()["src/client/request.rs"];
        assert!(!request.contains("unwrap_envelope"), "{request}");
        assert!(!output.files()["src/operations/alpha.rs"].contains("request.envelope("));
    }
}

#[test]
fn unversioned_and_preview_operations() {
    let api = build(&spec(OPERATIONS, STATUS));
    let status = &api.operations[2];
    assert_eq!(status.versions.len(), 1);
    assert_eq!(status.versions[0].version, None);
    assert_eq!(status.versions[0].accept, "application/json");
    assert_eq!(status.versions[0].method_name.as_str(), "get_status");
    // A preview next to a dated version does not take the plain name from it.
    let limits: Vec<(Option<&str>, &str, Option<&str>)> = api.operations[3]
        .versions
        .iter()
        .map(|v| {
            (
                v.version.as_deref(),
                v.method_name.as_str(),
                v.successor.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        limits,
        [
            (Some("2023-01-01"), "get_limits", None),
            (Some("preview"), "get_limits_preview", None)
        ]
    );
}

#[test]
fn each_tag_is_a_feature_gating_its_module_and_the_types_it_reaches() {
    let paths = format!(
        "{}{}",
        get("/a", "getA", "Alpha Tag", "A"),
        get("/b", "getB", "Beta", "B")
    );
    let text = spec(
        &paths,
        "    A:
      type: object
      properties:
        shared:
          $ref: '#/components/schemas/Shared'
    B:
      type: object
      properties:
        shared:
          $ref: '#/components/schemas/Shared'
    Shared:
      type: object
      properties:
        id:
          type: string
    Orphan:
      type: object
      properties:
        a:
          $ref: '#/components/schemas/A'
",
    );
    let output = generate(&text);
    let toml = &output.files()["Cargo.toml"];
    assert!(toml.contains("[features]\ndefault = [\"full\"]\nfull = [\n    \"alpha-tag\",\n    \"beta\",\n]\nalpha-tag = []\nbeta = []\n"), "{toml}");
    let modules = &output.files()["src/operations/mod.rs"];
    assert!(
        modules.contains("#[cfg(feature = \"alpha-tag\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"alpha-tag\")))]\npub mod alpha_tag;"),
        "{modules}"
    );
    let models = &output.files()["src/models.rs"];
    assert!(models.contains("#[cfg(feature = \"alpha-tag\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"alpha-tag\")))]\n#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct A {"), "{models}");
    assert!(models.contains("#[cfg(any(feature = \"alpha-tag\", feature = \"beta\"))]\n#[cfg_attr(docsrs, doc(cfg(any(feature = \"alpha-tag\", feature = \"beta\"))))]\n#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct Shared {"), "{models}");
    // Reached by no operation: compiled with everything.
    assert!(models.contains("#[cfg(feature = \"full\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"full\")))]\n#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct Orphan {"), "{models}");
    // Every impl of a type is under the type's gate; public items say so on docs.rs.
    assert!(
        models.contains("#[cfg(feature = \"beta\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"beta\")))]\nimpl B {"),
        "{models}"
    );
    assert!(
        models.contains("#[cfg(feature = \"beta\")]\nimpl Serialize for B {"),
        "{models}"
    );
    assert!(
        models.contains("#[cfg(feature = \"beta\")]\nimpl json::Struct for B {"),
        "{models}"
    );
    // The JSON helpers are compiled with the types that use them.
    let lib = &output.files()["src/lib.rs"];
    assert!(lib.contains("#[cfg(any(feature = \"alpha-tag\", feature = \"beta\", feature = \"full\"))]\nmod json;"), "{lib}");
}

#[test]
fn the_error_type_is_never_behind_a_feature() {
    let text = spec(
        "  /a:
    get:
      operationId: getA
      tags: [Alpha]
      responses:
        '200':
          description: OK
        '404':
          description: Not found
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ApiError'
",
        "    ApiError:
      type: object
      properties:
        detail:
          type: string
",
    );
    let api = build(&text);
    assert!(named(&api, "ApiError").error);
    let output = generate(&text);
    let models = &output.files()["src/models.rs"];
    assert!(
        models.contains("\nuse serde::{Deserialize, Deserializer, Serialize, Serializer};"),
        "{models}"
    );
    assert!(models.contains("\nuse crate::json;"), "{models}");
    assert!(output.files()["src/lib.rs"].contains("\nmod json;"));
    assert!(!models.contains("#[cfg(feature = \"full\")]\n#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct ApiError"));
}

#[test]
fn odd_schemas_become_json_values_saying_why_never_errors() {
    let api = schemas(
        "    Empty:
      oneOf: []
    Mixed:
      allOf:
        - $ref: '#/components/schemas/Text'
        - type: object
          properties:
            a:
              type: string
    Text:
      type: string
    Dangling:
      type: object
      discriminator:
        propertyName: kind
        mapping:
          a: '#/components/schemas/Nowhere'
          b: Text
      properties:
        kind:
          type: string
    Negated:
      not:
        type: string
",
    );
    for name in ["Empty", "Mixed", "Negated"] {
        assert!(
            matches!(&named(&api, name).kind, TypeKind::Alias(Ty::Json(_))),
            "{name}: {:?}",
            named(&api, name).kind
        );
    }
    // A mapping that names one existing schema is no union: the base stays a struct.
    assert!(matches!(&named(&api, "Dangling").kind, TypeKind::Struct(_)));
}

#[test]
fn a_parameter_without_a_text_form_is_sent_as_json() {
    let api = build(&spec(
        "  /search:
    get:
      operationId: search
      tags: [Search]
      parameters:
        - name: filter
          in: query
          schema:
            type: object
            properties:
              name:
                type: string
        - name: region
          in: query
          schema:
            $ref: '#/components/schemas/Region'
      responses:
        '204':
          description: Done
",
        "    Region:
      oneOf:
        - type: string
          enum: [EU]
        - type: string
          enum: [US]
",
    ));
    let params = &api.operations[0].params;
    assert!(matches!(&params[0].ty, Ty::Json(reason) if reason.contains("sent as JSON text")));
    // A union of enums is an enum, which has a text form.
    assert_eq!(params[1].ty, named_ty("Region"));
}

#[test]
fn additional_properties_are_maps_or_a_struct_s_extra_properties() {
    let api = schemas(
        "    Labels:
      type: object
      additionalProperties:
        type: string
    Tagged:
      type: object
      properties:
        name:
          type: string
      additionalProperties:
        type: array
        items:
          type: integer
          format: int32
    Free:
      type: object
",
    );
    assert!(
        matches!(&named(&api, "Labels").kind, TypeKind::Alias(Ty::Map(values)) if **values == Ty::String)
    );
    let TypeKind::Struct(tagged) = &named(&api, "Tagged").kind else {
        panic!("a struct")
    };
    assert_eq!(tagged.additional, Some(Ty::Array(Box::new(Ty::I32))));
    assert!(matches!(
        &named(&api, "Free").kind,
        TypeKind::Alias(Ty::JsonObject)
    ));
}

#[test]
fn a_wire_name_with_a_comma_is_written_whole_when_its_serialize_call_is_broken() {
    let wire = "the owner full name, as shown on the invoice, with the title and any honorifics";
    let text = spec(
        &get("/people", "getPerson", "People", "Person"),
        &format!(
            "    Person:
      type: object
      properties:
        \"{wire}\":
          type: string
"
        ),
    );
    let output = generate(&text);
    let models = &output.files()["src/models.rs"];
    assert!(models.contains(&format!("\"{wire}\",\n")), "{models}");
    // Whole in `Serialize` and in the table of field names.
    assert_eq!(
        models.matches(&format!("\"{wire}\"")).count(),
        2,
        "{models}"
    );
}
