//! `atlas_codegen::contract` without a mock server: the cases the harness makes for the excerpt,
//! the harness crate it writes, and the verdicts on harness lines written here by hand (each
//! rule of the classification: a pass, a client fault, a spec fault, a mock limit).
//! `.ci/run` runs the real thing (`cargo xtask contract`) against Prism.

use atlas_codegen::Config;
use atlas_codegen::contract::{self, Class, Harness, Mode, Report};
use serde_json::{Value, json};

const EXCERPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../specs/atlas-admin-v2-excerpt.yaml"
);
const GROUP: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/liveMigrations";

fn excerpt() -> Harness {
    contract::harness(&Config::new(EXCERPT, "contract-client")).expect("the excerpt's harness")
}

/// The harness's line for `case`, its one exchange built from `exchange` over sound defaults.
fn line(case: usize, outcome: &str, message: Option<&str>, exchange: Value) -> String {
    let mut seen = json!({
        "method": "POST",
        "target": GROUP,
        "accept": "application/vnd.atlas.2023-01-01+json",
        "content_type": "application/vnd.atlas.2023-01-01+json",
        "authorization": "Bearer",
        "request_body": "{}",
        "status": 201,
        "response_content_type": "application/vnd.atlas.2023-01-01+json",
        "violations": null,
        "response_body": "{}",
    });
    if let (Some(seen), Some(changes)) = (seen.as_object_mut(), exchange.as_object()) {
        for (key, value) in changes {
            seen.insert(key.clone(), value.clone());
        }
    }
    json!({"case": case, "outcome": outcome, "message": message, "exchanges": [seen]}).to_string()
}

fn verdict(report: &Report, case: usize) -> (Class, &str) {
    let verdict = &report.verdicts[case];
    (verdict.class, verdict.reason.as_str())
}

#[test]
fn every_method_is_called_with_required_and_with_every_optional_argument() {
    let harness = excerpt();
    // createGroupLiveMigration (2023-01-01 and 2024-05-30) and createOrgLiveMigrationLinkToken,
    // each with required arguments, then with `envelope` and `pretty` set.
    assert_eq!(harness.case_count(), 6);
    assert_eq!(harness.operation_versions(), 3);
    let report = harness.classify(Mode::Static, "");
    let cases: Vec<&str> = report.verdicts.iter().map(|v| v.case.as_str()).collect();
    assert_eq!(
        cases,
        [
            "createGroupLiveMigration 2023-01-01 (required arguments)",
            "createGroupLiveMigration 2023-01-01 (every optional parameter)",
            "createGroupLiveMigration 2024-05-30 (required arguments)",
            "createGroupLiveMigration 2024-05-30 (every optional parameter)",
            "createOrgLiveMigrationLinkToken 2023-01-01 (required arguments)",
            "createOrgLiveMigrationLinkToken 2023-01-01 (every optional parameter)",
        ]
    );
    // A case the harness printed nothing for (it stopped) is the client's fault.
    assert!(
        report
            .verdicts
            .iter()
            .all(|v| v.class == Class::ClientFault)
    );
    // The excerpt's examples are valid: every body and parameter value comes from them or is
    // synthesized valid, none breaks its schema.
    assert!(
        report.broken_examples.is_empty(),
        "{:?}",
        report.broken_examples
    );
    assert!(report.from_examples > 0);
}

#[test]
fn the_harness_is_a_workspace_of_the_crate_and_a_binary_calling_each_method() {
    let harness = excerpt();
    let dir = tempfile::tempdir().expect("tempdir");
    harness.write_to(dir.path()).expect("written");
    let main = std::fs::read_to_string(dir.path().join("harness/src/main.rs")).expect("main.rs");
    assert!(main.contains("c.create_group_live_migration_v2023_01_01(a.text(0)?, a.json(1)?)"));
    assert!(main.contains(".envelope(a.json(2)?).pretty(a.json(3)?)"));
    assert!(main.contains(".credentials(api::Credentials::service_account("));
    let cases: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("harness/cases.json")).expect("cases.json"),
    )
    .expect("JSON");
    // The envelope is never asked for: a mock answers the documented body, not an envelope.
    assert_eq!(cases[1]["args"][2], json!(false));
    assert!(dir.path().join("client/src/lib.rs").is_file());
    assert!(
        std::fs::read_to_string(dir.path().join("Cargo.toml"))
            .expect("workspace")
            .contains("members = [\"client\", \"harness\"]")
    );
}

#[test]
fn a_valid_exchange_passes_and_a_wrong_header_or_route_is_the_clients_fault() {
    let harness = excerpt();
    let lines = [
        line(0, "ok", None, json!({})),
        line(1, "ok", None, json!({"accept": "application/json"})),
        line(
            2,
            "ok",
            None,
            json!({
                "accept": "application/vnd.atlas.2024-05-30+json",
                "content_type": "application/vnd.atlas.2023-01-01+json",
            }),
        ),
        line(
            3,
            "ok",
            None,
            json!({
                "accept": "application/vnd.atlas.2024-05-30+json",
                "content_type": "application/vnd.atlas.2024-05-30+json",
                "target": "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/liveMigration",
            }),
        ),
    ]
    .join("\n");
    let report = harness.classify(Mode::Static, &lines);
    assert_eq!(verdict(&report, 0), (Class::Pass, ""));
    let (class, reason) = verdict(&report, 1);
    assert_eq!(class, Class::ClientFault);
    assert!(
        reason.contains("sent `Accept: application/json`"),
        "{reason}"
    );
    let (class, reason) = verdict(&report, 2);
    assert_eq!(class, Class::ClientFault);
    assert!(
        reason.contains("`Content-Type: application/vnd.atlas.2023-01-01+json`"),
        "{reason}"
    );
    let (class, reason) = verdict(&report, 3);
    assert_eq!(class, Class::ClientFault);
    assert!(
        reason.contains("the spec's route is `POST /api/atlas/v2/groups/{groupId}/liveMigrations`"),
        "{reason}"
    );
}

#[test]
fn a_decode_failure_is_the_clients_fault_only_when_the_body_is_valid() {
    let harness = excerpt();
    let valid = json!({"_id": "7e68e12770616e75e6df43d0", "status": "NEW"}).to_string();
    let invalid = json!({"_id": "7e68e12770616e75e6df43d0", "status": "SIDEWAYS"}).to_string();
    let lines = [
        line(
            0,
            "decode",
            Some("missing field"),
            json!({"response_body": valid}),
        ),
        line(
            1,
            "decode",
            Some("unknown variant"),
            json!({"response_body": invalid}),
        ),
    ]
    .join("\n");
    let report = harness.classify(Mode::Static, &lines);
    let (class, reason) = verdict(&report, 0);
    assert_eq!(class, Class::ClientFault, "{reason}");
    assert!(
        reason.contains("a body valid against its schema does not decode"),
        "{reason}"
    );
    // The excerpt has no example for the 201: the body is Prism's, built from the schema.
    let (class, reason) = verdict(&report, 1);
    assert_eq!(class, Class::MockLimit, "{reason}");
    assert!(
        reason
            .contains("the body Prism's static mode built from the schema breaks it: body.status"),
        "{reason}"
    );
    // The same invalid body from Prism's generator is the mock's doing.
    let report = harness.classify(Mode::Dynamic, &lines);
    assert_eq!(verdict(&report, 1).0, Class::MockLimit);
}

#[test]
fn prisms_known_gaps_are_mock_limits_with_their_reasons() {
    let harness = excerpt();
    let newer = |changes: Value| {
        let mut exchange = json!({
            "accept": "application/vnd.atlas.2024-05-30+json",
            "content_type": "application/vnd.atlas.2024-05-30+json",
        });
        if let (Some(exchange), Some(changes)) = (exchange.as_object_mut(), changes.as_object()) {
            exchange.extend(changes.clone());
        }
        exchange
    };
    // A 2024-05-30 body checked against the 2023-01-01 schema (which requires dropEnabled).
    let body = json!({
        "destination": {"clusterName": "b", "groupId": "32b6e34b3d91647abb20e7b8", "hostnameSchemaType": "PUBLIC"},
        "dropDestinationData": true,
        "migrationHosts": ["vm001.example.com"],
        "source": {"clusterName": "a", "groupId": "32b6e34b3d91647abb20e7b8", "managedAuthentication": false, "ssl": true},
    });
    let refusal = json!({"validation": [{"location": ["body"], "message": "Request body must have required property 'dropEnabled'"}]});
    let lines = [
        line(2, "api", Some("422"), newer(json!({"status": 422, "request_body": body.to_string(), "response_body": refusal.to_string()}))),
        line(3, "unexpected-response", Some("500"), newer(json!({
            "status": 500,
            "response_body": json!({"type": "RangeError", "title": "Maximum call stack size exceeded"}).to_string(),
        }))),
        json!({"case": 4, "outcome": "mock-crashed", "message": "TypeError: Cannot read properties of undefined"}).to_string(),
    ]
    .join("\n");
    let report = harness.classify(Mode::Dynamic, &lines);
    let (class, reason) = verdict(&report, 2);
    assert_eq!(class, Class::MockLimit, "{reason}");
    assert!(reason.contains("first version's schema"), "{reason}");
    assert!(reason.contains("dropEnabled"), "{reason}");
    let (class, reason) = verdict(&report, 3);
    assert_eq!(class, Class::MockLimit, "{reason}");
    assert!(reason.contains("overflows its stack"), "{reason}");
    let (class, reason) = verdict(&report, 4);
    assert_eq!(class, Class::MockLimit, "{reason}");
    assert!(
        reason.contains("Prism crashed on this request: TypeError"),
        "{reason}"
    );
}

#[test]
fn a_body_the_schema_refuses_is_the_clients_fault_even_when_prism_refuses_it_too() {
    let harness = excerpt();
    let body = json!({"destination": {"clusterName": "b"}}).to_string();
    let lines = line(
        0,
        "api",
        Some("422"),
        json!({"status": 422, "request_body": body, "response_body": "{}"}),
    );
    let report = harness.classify(Mode::Static, &lines);
    let (class, reason) = verdict(&report, 0);
    assert_eq!(class, Class::ClientFault);
    assert!(
        reason.contains("sent a body its schema refuses"),
        "{reason}"
    );
}

#[test]
fn in_the_hostile_run_only_a_call_that_never_ends_in_a_value_or_an_error_fails() {
    let harness = excerpt();
    let lines = [
        json!({"case": 0, "outcome": "hostile", "calls": 16, "ok": 3, "errors": 13}).to_string(),
        json!({"case": 1, "outcome": "hang", "message": "a call to the hostile server did not end within 30 s"}).to_string(),
    ]
    .join("\n");
    let report = harness.classify(Mode::Hostile, &lines);
    assert_eq!(verdict(&report, 0).0, Class::Pass);
    assert_eq!(verdict(&report, 1).0, Class::ClientFault);
    // The cases after the harness stopped (a panic aborts it) fail too.
    assert_eq!(verdict(&report, 2).0, Class::ClientFault);
}

#[test]
fn an_example_the_spec_writes_that_breaks_its_schema_is_the_specs_fault() {
    let spec = r#"
openapi: 3.0.1
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, pattern: '^[a-f0-9]{4}$'}, example: 'not hex'}
      responses:
        '200':
          description: the thing
          content:
            application/json:
              schema:
                type: object
                required: [name]
                properties: {name: {type: string}}
              example: {label: no name}
"#;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("thing.yaml");
    std::fs::write(&path, spec).expect("spec written");
    let harness = contract::harness(&Config::new(&path, "thing")).expect("harness");
    let exchange = json!({
        "method": "GET", "target": "/things/abcd", "accept": "application/json",
        "content_type": null, "authorization": null, "request_body": "",
        "status": 200, "response_content_type": "application/json", "violations": null,
        "response_body": "{\"label\":\"no name\"}",
    });
    let lines = json!({"case": 0, "outcome": "decode", "message": "missing field `name`", "exchanges": [exchange]});
    let report = harness.classify(Mode::Static, &lines.to_string());
    let (class, reason) = verdict(&report, 0);
    assert_eq!(class, Class::SpecFault, "{reason}");
    assert!(
        reason.contains(
            "the spec's example for status 200 breaks its schema: body: `name` is required"
        ),
        "{reason}"
    );
    // The path parameter's example breaks its pattern: reported with its place, and a
    // synthesized value sent instead.
    assert_eq!(
        report.broken_examples.len(),
        1,
        "{:?}",
        report.broken_examples
    );
    assert!(
        report.broken_examples[0]
            .0
            .ends_with("/parameters/0/example"),
        "{:?}",
        report.broken_examples
    );
    assert_eq!(report.synthesized, 1);
}
