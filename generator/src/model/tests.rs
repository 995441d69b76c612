//! The model of the committed excerpt: what the emitter is told about the two operations.

use super::{Api, Method, ParamLocation, ResponseBody, Ty, TypeDef, TypeKind};
use crate::naming::Ident;

const EXCERPT: &str = include_str!("../../../specs/atlas-admin-v2-excerpt.yaml");

fn excerpt() -> Api {
    let document = crate::load::load("excerpt.yaml", EXCERPT).expect("the excerpt loads");
    super::build(&document, "excerpt.yaml", &super::Filter::default()).expect("the excerpt builds")
}

fn type_named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|def| def.name.as_str() == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

#[test]
fn operations_keep_spec_order_method_path_and_id() {
    let api = excerpt();
    let summary: Vec<(&str, Method, &str, &str)> = api
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op.method, op.path.as_str(), op.tag.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "createGroupLiveMigration",
                Method::Post,
                "/api/atlas/v2/groups/{groupId}/liveMigrations",
                "Cloud Migration Service"
            ),
            (
                "createOrgLiveMigrationLinkToken",
                Method::Post,
                "/api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens",
                "Cloud Migration Service"
            ),
        ]
    );
}

#[test]
fn create_migration_has_two_versions_the_newest_plain_the_oldest_sunset() {
    let api = excerpt();
    let op = &api.operations[0];
    let versions: Vec<(Option<&str>, &str, &str)> = op
        .versions
        .iter()
        .map(|v| {
            (
                v.version.as_deref(),
                v.method_name.as_str(),
                v.builder_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            (
                Some("2023-01-01"),
                "create_group_live_migration_v2023_01_01",
                "CreateGroupLiveMigrationV20230101"
            ),
            (
                Some("2024-05-30"),
                "create_group_live_migration",
                "CreateGroupLiveMigration"
            ),
        ]
    );
    let old = &op.versions[0];
    assert_eq!(old.accept, "application/vnd.atlas.2023-01-01+json");
    assert_eq!(old.sunset.as_deref(), Some("2027-07-01"));
    assert_eq!(old.successor.as_deref(), Some("2024-05-30"));
    let old_body = old.request.as_ref().expect("a request body");
    assert_eq!(old_body.media_type, "application/vnd.atlas.2023-01-01+json");
    assert_eq!(
        old_body.ty,
        Ty::Named(crate::naming::type_name("LiveMigrationRequest"))
    );
    assert!(old_body.required);

    let new = &op.versions[1];
    assert_eq!(new.accept, "application/vnd.atlas.2024-05-30+json");
    assert_eq!(new.sunset, None);
    assert_eq!(new.successor, None);
    assert_eq!(
        new.request.as_ref().map(|b| b.media_type.as_str()),
        Some("application/vnd.atlas.2024-05-30+json")
    );
    assert_eq!(
        new.request.as_ref().map(|b| &b.ty),
        Some(&Ty::Named(crate::naming::type_name(
            "LiveMigrationRequest20240530"
        )))
    );
    let response = new.response.as_ref().expect("a success response");
    assert_eq!(response.status, "201");
    assert!(
        matches!(&response.body, ResponseBody::Json(Ty::Named(name)) if name.as_str() == "LiveMigrationResponse")
    );
}

#[test]
fn link_token_has_one_version_whose_request_has_no_version_extension() {
    let api = excerpt();
    let op = &api.operations[1];
    assert_eq!(op.versions.len(), 1);
    let version = &op.versions[0];
    assert_eq!(version.version.as_deref(), Some("2023-01-01"));
    assert_eq!(
        version.method_name.as_str(),
        "create_org_live_migration_link_token"
    );
    assert_eq!(
        version.request.as_ref().map(|b| b.media_type.as_str()),
        Some("application/vnd.atlas.2023-01-01+json")
    );
    assert_eq!(
        version.response.as_ref().map(|r| r.status.as_str()),
        Some("200")
    );
}

#[test]
fn parameters_are_typed_located_and_named() {
    let api = excerpt();
    let params: Vec<(&str, &str, ParamLocation, bool, Option<&serde_json::Value>)> = api.operations
        [0]
    .params
    .iter()
    .map(|p| {
        (
            p.wire_name.as_str(),
            p.name.as_str(),
            p.location,
            p.required,
            p.default.as_ref(),
        )
    })
    .collect();
    let no = serde_json::Value::Bool(false);
    assert_eq!(
        params,
        [
            ("groupId", "group_id", ParamLocation::Path, true, None),
            (
                "envelope",
                "envelope",
                ParamLocation::Query,
                false,
                Some(&no)
            ),
            ("pretty", "pretty", ParamLocation::Query, false, Some(&no)),
        ]
    );
    assert!(
        api.operations[0]
            .params
            .iter()
            .all(|p| p.ty == Ty::String || p.ty == Ty::Bool)
    );
}

#[test]
fn status_is_an_open_enum_named_from_its_place() {
    let api = excerpt();
    let TypeKind::Enum(status) = &type_named(&api, "LiveMigrationResponseStatus").kind else {
        panic!("not an enum")
    };
    let values: Vec<(&str, &str)> = status
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.wire_value.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("New", "NEW"),
            ("Working", "WORKING"),
            ("Failed", "FAILED"),
            ("Complete", "COMPLETE"),
            ("Expired", "EXPIRED")
        ]
    );
    assert_eq!(status.other.as_str(), "Other");
    assert!(matches!(
        type_named(&api, "DestinationHostnameSchemaType").kind,
        TypeKind::Enum(_)
    ));
}

#[test]
fn fields_carry_wire_names_requiredness_and_access() {
    let api = excerpt();
    let TypeKind::Struct(source) = &type_named(&api, "Source").kind else {
        panic!("not a struct")
    };
    let field = |wire: &str| {
        source
            .fields
            .iter()
            .find(|f| f.wire_name == wire)
            .unwrap_or_else(|| panic!("no {wire}"))
    };
    assert_eq!(field("clusterName").name.as_str(), "cluster_name");
    assert!(field("clusterName").required);
    assert!(!field("caCertificatePath").required);
    assert!(field("caCertificatePath").nullable);
    assert!(field("password").write_only && field("password").secret);
    assert!(!field("username").secret);

    let TypeKind::Struct(request) = &type_named(&api, "LiveMigrationRequest").kind else {
        panic!("not a struct")
    };
    let id = request
        .fields
        .iter()
        .find(|f| f.wire_name == "_id")
        .expect("_id");
    assert_eq!(id.name.as_str(), "id");
    assert!(id.read_only);

    let TypeKind::Struct(token) = &type_named(&api, "TargetOrg").kind else {
        panic!("not a struct")
    };
    assert!(
        token
            .fields
            .iter()
            .any(|f| f.wire_name == "linkToken" && f.secret && f.required)
    );
}

#[test]
fn usage_and_error_type_follow_the_operations() {
    let api = excerpt();
    assert_eq!(api.error_type.as_ref().map(Ident::as_str), Some("ApiError"));
    let usage = |name: &str| {
        let usage = type_named(&api, name).usage;
        (usage.request, usage.response)
    };
    assert_eq!(usage("LiveMigrationRequest"), (true, false));
    assert_eq!(usage("Source"), (true, false));
    assert_eq!(usage("LiveMigrationResponse"), (false, true));
    assert_eq!(usage("ApiError"), (false, true));
    assert_eq!(usage("FieldViolation"), (false, true));
    assert!(
        type_named(&api, "Source")
            .tags
            .contains("Cloud Migration Service")
    );
}

#[test]
fn nested_free_form_objects_become_json_maps() {
    let api = excerpt();
    let TypeKind::Struct(keys) = &type_named(&api, "ShardKeys").kind else {
        panic!("not a struct")
    };
    assert_eq!(
        keys.fields[0].ty,
        Ty::Array(Box::new(Ty::Map(Box::new(Ty::JsonObject))))
    );
}
