//! `envelope(true)`: Atlas answers `200 OK` with `{"status": <HTTP status>, "content": <body>}`;
//! the client unwraps it, so the call decodes as it would without the envelope, and an enveloped
//! error status is the same `Error`.

use atlas_admin::models::TargetOrgRequest;
use atlas_admin::{Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG_ID: &str = "4888442a3354817a7320eb61";

async fn answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/api/atlas/v2/orgs/{ORG_ID}/liveMigrations/linkTokens"
        )))
        .and(query_param("envelope", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn the_content_of_the_envelope_is_decoded() {
    let server = answering(json!({ "status": 200, "content": { "linkToken": "t" } })).await;
    let token = client(&server)
        .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
        .envelope(true)
        .await
        .expect("unwrapped");
    assert_eq!(token.link_token, "t");
}

#[tokio::test]
async fn an_enveloped_error_is_the_api_error_with_its_own_status() {
    let server = answering(json!({ "status": 400, "content": {
        "error": 400, "errorCode": "VALIDATION_ERROR", "reason": "Bad Request"
    } }))
    .await;
    let error = client(&server)
        .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
        .envelope(true)
        .await
        .expect_err("400 inside a 200");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.error_code(), Some("VALIDATION_ERROR"));
    assert!(matches!(error, Error::Api { .. }), "{error:?}");
}
