//! Each operation sends the right request and reads the response, against a local mock server.
//!
//! The request bodies are the seed documents' example requests; the responses are their
//! example `201` body and a `400` API error.

use atlas_admin::models::{
    Destination, DestinationHostnameSchemaType, LiveMigrationRequest, LiveMigrationRequest20240530,
    LiveMigrationResponseStatus, Source, TargetOrgRequest,
};
use atlas_admin::{Client, Error};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP_ID: &str = "e01c9427f054fe80745f3f6c";
const ORG_ID: &str = "4888442a3354817a7320eb61";

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().expect("client builds")
}

fn source() -> Source {
    Source::new("exampleClusterA", "9b43a5b329223c3a1591a678", false, true)
        .with_username("example")
        .with_password("string")
        .with_ca_certificate_path("/path/to/ca")
}

fn destination() -> Destination {
    Destination::new("exampleClusterB", "e01c9427f054fe80745f3f6c", DestinationHostnameSchemaType::Public)
}

/// The seed's example request. API v2 requires `destination.hostnameSchemaType`, which the
/// seed (written for API v1) predates.
fn seed_request(drop_field: &str) -> Value {
    json!({
        "source": {
            "clusterName": "exampleClusterA",
            "groupId": "9b43a5b329223c3a1591a678",
            "username": "example",
            "password": "string",
            "ssl": true,
            "caCertificatePath": "/path/to/ca",
            "managedAuthentication": false
        },
        "destination": {
            "groupId": "e01c9427f054fe80745f3f6c",
            "clusterName": "exampleClusterB",
            "hostnameSchemaType": "PUBLIC"
        },
        "migrationHosts": ["vm001.example.com"],
        drop_field: true
    })
}

/// The seed's example `201` response body.
fn seed_response() -> Value {
    json!({ "_id": "7e68e12770616e75e6df43d0", "status": "NEW", "migrationHosts": ["vm001.example.com"] })
}

#[tokio::test]
async fn create_migration_sends_the_2024_05_30_version_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/atlas/v2/groups/{GROUP_ID}/liveMigrations")))
        .and(header("accept", "application/vnd.atlas.2024-05-30+json"))
        .and(header("content-type", "application/vnd.atlas.2024-05-30+json"))
        .and(query_param("pretty", "true"))
        .and(query_param_is_missing("envelope"))
        .and(body_json(seed_request("dropDestinationData")))
        .respond_with(ResponseTemplate::new(201).set_body_json(seed_response()))
        .expect(1)
        .mount(&server)
        .await;

    let body = LiveMigrationRequest20240530::new(destination(), vec!["vm001.example.com".to_owned()], source())
        .with_drop_destination_data(true);
    let migration = client(&server).create_group_live_migration(GROUP_ID, body).pretty(true).await.expect("201");

    assert_eq!(migration.id.as_deref(), Some("7e68e12770616e75e6df43d0"));
    assert_eq!(migration.status, Some(LiveMigrationResponseStatus::New));
    assert_eq!(migration.migration_hosts, Some(vec!["vm001.example.com".to_owned()]));
    assert_eq!(migration.lag_time_seconds, None);
}

#[tokio::test]
#[allow(deprecated)] // the 2023-01-01 version is sunset; calling it is what this test checks
async fn create_migration_2023_01_01_sends_its_own_media_type_and_drop_enabled() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/atlas/v2/groups/{GROUP_ID}/liveMigrations")))
        .and(header("accept", "application/vnd.atlas.2023-01-01+json"))
        .and(header("content-type", "application/vnd.atlas.2023-01-01+json"))
        .and(query_param("envelope", "false"))
        .and(body_json(seed_request("dropEnabled")))
        .respond_with(ResponseTemplate::new(201).set_body_json(seed_response()))
        .expect(1)
        .mount(&server)
        .await;

    let body = LiveMigrationRequest::new(destination(), true, vec!["vm001.example.com".to_owned()], source());
    let migration = client(&server)
        .create_group_live_migration_v2023_01_01(GROUP_ID, body)
        .envelope(false)
        .send()
        .await
        .expect("201");
    assert_eq!(migration.status, Some(LiveMigrationResponseStatus::New));
}

#[tokio::test]
async fn create_link_token_sends_the_seed_request_and_reads_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG_ID}/liveMigrations/linkTokens")))
        .and(header("accept", "application/vnd.atlas.2023-01-01+json"))
        .and(header("content-type", "application/vnd.atlas.2023-01-01+json"))
        .and(query_param_is_missing("pretty"))
        .and(query_param_is_missing("envelope"))
        .and(body_json(json!({ "accessListIps": ["string"] })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "string" })))
        .expect(1)
        .mount(&server)
        .await;

    let body = TargetOrgRequest::new().with_access_list_ips(vec!["string".to_owned()]);
    let token = client(&server).create_org_live_migration_link_token(ORG_ID, body).await.expect("200");
    assert_eq!(token.link_token, "string");
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/atlas/v2/orgs/a%2Fb%3Fc%20d/liveMigrations/linkTokens"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "t" })))
        .expect(1)
        .mount(&server)
        .await;
    let token = client(&server).create_org_live_migration_link_token("a/b?c d", TargetOrgRequest::new()).await;
    assert_eq!(token.expect("200").link_token, "t");
}

#[tokio::test]
async fn a_400_api_error_is_typed() {
    let server = MockServer::start().await;
    let seed_400 = json!({
        "error": 400,
        "detail": "(This is just an example, the exception may not be related to this endpoint) No provider AWS exists.",
        "reason": "Bad Request",
        "errorCode": "VALIDATION_ERROR"
    });
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(seed_400))
        .mount(&server)
        .await;

    let error = client(&server)
        .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
        .await
        .expect_err("400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.error_code(), Some("VALIDATION_ERROR"));
    assert_eq!(error.reason(), Some("Bad Request"));
    assert!(error.detail().is_some_and(|d| d.ends_with("No provider AWS exists.")));
    let Error::Api { body, .. } = &error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(body.error, 400);
    assert!(error.to_string().contains("400 Bad Request VALIDATION_ERROR"), "{error}");
}

#[test]
fn read_only_fields_are_never_sent() {
    let mut body = LiveMigrationRequest20240530::new(destination(), vec!["vm001.example.com".to_owned()], source());
    body.id = Some("7e68e12770616e75e6df43d0".to_owned());
    let sent = serde_json::to_value(&body).expect("serializes");
    assert!(sent.get("_id").is_none(), "{sent}");
    assert!(sent.get("dropDestinationData").is_none(), "unset optional fields are left out: {sent}");
}

/// A path parameter that is empty, `.` or `..` would make the URL reach another resource once
/// dot segments are folded (`/groups/../liveMigrations`): it is refused before anything is sent.
#[tokio::test]
async fn dot_segments_in_path_parameters_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    for value in ["", ".", ".."] {
        let body = TargetOrgRequest::new();
        let error = client.create_org_live_migration_link_token(value, body).await.expect_err("refused");
        assert!(matches!(&error, Error::InvalidRequest(message) if message.contains("`orgId`")), "{value:?}: {error:?}");
        let body = LiveMigrationRequest20240530::new(destination(), vec![], source());
        let error = client.create_group_live_migration(value, body).await.expect_err("refused");
        assert!(matches!(&error, Error::InvalidRequest(message) if message.contains("`groupId`")), "{value:?}: {error:?}");
    }
    // A value that only contains dots is an ordinary segment, percent-encoded as usual.
    Mock::given(method("POST"))
        .and(path("/api/atlas/v2/orgs/...%2F/liveMigrations/linkTokens"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"linkToken": "t"})))
        .expect(1)
        .mount(&server)
        .await;
    client.create_org_live_migration_link_token(".../", TargetOrgRequest::new()).await.expect("sent");
    assert_eq!(server.received_requests().await.map_or(0, |requests| requests.len()), 1);
}

#[tokio::test]
async fn send_with_response_gives_the_status_and_headers_beside_the_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/atlas/v2/orgs/{ORG_ID}/liveMigrations/linkTokens")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "r-42")
                .set_body_json(json!({ "linkToken": "token-of-the-link" })),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let answered = client
        .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
        .send_with_response()
        .await
        .expect("a link token");
    assert_eq!(answered.status().as_u16(), 200);
    assert_eq!(answered.headers().get("x-request-id").map(|value| value.as_bytes()), Some(&b"r-42"[..]));
    assert_eq!(answered.link_token, "token-of-the-link", "it dereferences to the value");
    let token = answered.into_inner();
    // `.await` gives the same value, as before.
    let awaited = client.create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new()).await.expect("a link token");
    assert_eq!(token, awaited);
}
