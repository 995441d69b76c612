//! Enums keep values this client does not know, and send them back unchanged.

use atlas_admin::Client;
use atlas_admin::models::{
    Destination, DestinationHostnameSchemaType, LiveMigrationRequest20240530, LiveMigrationResponse,
    LiveMigrationResponseStatus, Source,
};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn an_unknown_status_is_kept_and_serialized_back_unchanged() {
    let received = json!({ "_id": "7e68e12770616e75e6df43d0", "status": "PAUSED_FOR_MAINTENANCE" });
    let response: LiveMigrationResponse = serde_json::from_value(received.clone()).expect("decodes");
    assert_eq!(response.status, Some(LiveMigrationResponseStatus::Other("PAUSED_FOR_MAINTENANCE".to_owned())));
    assert_eq!(response.status.as_ref().map(LiveMigrationResponseStatus::as_str), Some("PAUSED_FOR_MAINTENANCE"));
    assert_eq!(serde_json::to_value(&response).expect("encodes"), received);
}

#[test]
fn known_statuses_round_trip() {
    for (wire, status) in [
        ("NEW", LiveMigrationResponseStatus::New),
        ("WORKING", LiveMigrationResponseStatus::Working),
        ("FAILED", LiveMigrationResponseStatus::Failed),
        ("COMPLETE", LiveMigrationResponseStatus::Complete),
        ("EXPIRED", LiveMigrationResponseStatus::Expired),
    ] {
        let decoded: LiveMigrationResponseStatus = serde_json::from_value(json!(wire)).expect("decodes");
        assert_eq!(decoded, status);
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), json!(wire));
        assert_eq!(decoded.to_string(), wire);
    }
}

#[test]
fn an_unknown_request_enum_value_is_sent_as_given() {
    let destination = Destination::new(
        "exampleClusterB",
        "e01c9427f054fe80745f3f6c",
        DestinationHostnameSchemaType::Other("TRANSIT_GATEWAY".to_owned()),
    );
    assert_eq!(destination.hostname_schema_type, DestinationHostnameSchemaType::Other("TRANSIT_GATEWAY".to_owned()));
    let sent = serde_json::to_value(&destination).expect("encodes");
    assert_eq!(sent["hostnameSchemaType"], "TRANSIT_GATEWAY");
}

#[tokio::test]
async fn a_response_with_an_unknown_status_decodes() {
    let server = MockServer::start().await;
    let body = json!({ "_id": "7e68e12770616e75e6df43d0", "status": "PAUSED", "readyForCutover": false });
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(&body)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");

    let request = LiveMigrationRequest20240530::new(
        Destination::new("exampleClusterB", "e01c9427f054fe80745f3f6c", DestinationHostnameSchemaType::Public),
        vec!["vm001.example.com".to_owned()],
        Source::new("exampleClusterA", "9b43a5b329223c3a1591a678", true, true),
    );
    let migration = client.create_group_live_migration("e01c9427f054fe80745f3f6c", request).await.expect("201");
    assert_eq!(migration.status, Some(LiveMigrationResponseStatus::Other("PAUSED".to_owned())));
    assert_eq!(serde_json::to_value(&migration).expect("encodes"), body);
}

#[test]
fn a_body_is_written_field_by_field_in_declaration_order_without_unset_fields() {
    let source = Source::new("exampleClusterA", "9b43a5b329223c3a1591a678", false, true).with_username("mongo");
    let text = serde_json::to_string(&source).expect("encodes");
    assert_eq!(
        text,
        r#"{"clusterName":"exampleClusterA","groupId":"9b43a5b329223c3a1591a678","managedAuthentication":false,"ssl":true,"username":"mongo"}"#
    );
}

#[test]
fn null_and_absent_optional_fields_read_as_unset_and_unknown_fields_are_ignored() {
    let source: Source = serde_json::from_str(
        r#"{"clusterName":"a","groupId":"b","managedAuthentication":true,"ssl":false,"password":null,"addedLater":[1,2]}"#,
    )
    .expect("decodes");
    assert_eq!(source, Source::new("a", "b", true, false));
}

#[test]
fn a_decode_error_says_where_in_the_body_it_is() {
    let body = json!({
        "destination": { "clusterName": "b", "groupId": "e01c9427f054fe80745f3f6c", "hostnameSchemaType": "PUBLIC" },
        "migrationHosts": ["vm001.example.com", 7],
        "source": { "clusterName": "a", "groupId": "9b43a5b329223c3a1591a678", "managedAuthentication": true, "ssl": true },
    });
    let error = serde_json::from_value::<LiveMigrationRequest20240530>(body.clone()).expect_err("a host is a number");
    assert_eq!(error.to_string(), "`migrationHosts[1]`: invalid type: integer `7`, expected a string");

    let mut missing = body;
    missing["migrationHosts"] = json!([]);
    missing["source"].as_object_mut().expect("an object").remove("ssl");
    let error = serde_json::from_value::<LiveMigrationRequest20240530>(missing).expect_err("ssl is required");
    assert_eq!(error.to_string(), "`source`: missing field `ssl`");

    let error = serde_json::from_str::<Source>(r#"["a", "b"]"#).expect_err("not an object");
    // Read from text, the error also gives where in the text it is.
    assert_eq!(error.to_string(), "invalid type: sequence, expected struct Source at line 1 column 0");

    let text = r#"{"destination": {"clusterName": "b", "groupId": "e", "hostnameSchemaType": 7}}"#;
    let error = serde_json::from_str::<LiveMigrationRequest20240530>(text).expect_err("a number");
    assert_eq!(
        error.to_string(),
        "`destination.hostnameSchemaType`: invalid type: integer `7`, expected a string at line 1 column 76"
    );
}

#[test]
fn an_enum_that_is_not_a_string_is_a_decode_error() {
    let error = serde_json::from_value::<LiveMigrationResponseStatus>(json!(3)).expect_err("not a string");
    assert_eq!(error.to_string(), "invalid type: integer `3`, expected a string");
}
