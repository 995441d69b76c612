//! Every way a call can fail gives a typed error, never a panic: each shape of error body, a
//! success body of the wrong shape, a timeout and a refused connection.

use std::time::Duration;

use atlas_admin::models::TargetOrgRequest;
use atlas_admin::{Client, Error};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG_ID: &str = "4888442a3354817a7320eb61";

/// The result of a call answered with `response`.
async fn call_answered_with(response: ResponseTemplate) -> Result<String, Error> {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(response).expect(1).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    let token = client.create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new()).await?;
    Ok(token.link_token)
}

/// The status and raw body of an `UnexpectedResponse`, after checking that `Display` works.
fn unexpected(error: &Error) -> (u16, &str) {
    assert!(!error.to_string().is_empty());
    match error {
        Error::UnexpectedResponse { status, body, .. } => (status.as_u16(), body.as_str()),
        other => panic!("expected an UnexpectedResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn an_api_error_body_is_decoded() {
    let body = json!({
        "error": 404,
        "errorCode": "RESOURCE_NOT_FOUND",
        "reason": "Not Found",
        "detail": "Cannot find resource AWS",
        "parameters": [{ "resource": "AWS" }],
        "badRequestDetail": { "fields": [{ "description": "must not be empty", "field": "accessListIps" }] },
        "aFieldAddedLater": true
    });
    let error = call_answered_with(ResponseTemplate::new(404).set_body_json(body)).await.expect_err("404");
    assert!(error.is_not_found());
    assert_eq!(error.error_code(), Some("RESOURCE_NOT_FOUND"));
    assert_eq!(error.reason(), Some("Not Found"));
    assert_eq!(error.detail(), Some("Cannot find resource AWS"));
    let fields = error.bad_request_detail().and_then(|detail| detail.fields.as_ref()).expect("fields");
    assert_eq!(fields[0].field, "accessListIps");
    assert_eq!(error.api_error().map(|body| body.error), Some(404));
    assert_eq!(error.to_string(), "the API answered 404 Not Found RESOURCE_NOT_FOUND: Cannot find resource AWS");
}

#[tokio::test]
async fn an_empty_error_body_keeps_the_status() {
    let error = call_answered_with(ResponseTemplate::new(500)).await.expect_err("500");
    assert_eq!(unexpected(&error), (500, ""));
    assert_eq!(error.error_code(), None);
    assert_eq!(error.to_string(), "the API answered 500 Internal Server Error with an empty body");
}

#[tokio::test]
async fn a_text_error_body_is_kept_as_received() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let error = call_answered_with(ResponseTemplate::new(502).set_body_raw(html, "text/html")).await.expect_err("502");
    assert_eq!(unexpected(&error), (502, html));
}

#[tokio::test]
async fn a_truncated_json_error_body_is_kept_as_received() {
    let cut = r#"{"error": 400, "errorCode": "VALIDATION_ERR"#;
    let error =
        call_answered_with(ResponseTemplate::new(400).set_body_raw(cut, "application/json")).await.expect_err("400");
    assert_eq!(unexpected(&error), (400, cut));
}

#[tokio::test]
async fn json_of_another_shape_is_kept_as_received() {
    for body in [r#"{"message":"rate limit exceeded"}"#, r#"{"error":"invalid_token"}"#, "[1,2,3]", "null", "42"] {
        let error = call_answered_with(ResponseTemplate::new(403).set_body_raw(body, "application/json"))
            .await
            .expect_err("403");
        assert_eq!(unexpected(&error), (403, body));
    }
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_kept_lossily() {
    let error = call_answered_with(ResponseTemplate::new(500).set_body_bytes(vec![0xff, 0xfe, b'o', b'k']))
        .await
        .expect_err("500");
    assert_eq!(unexpected(&error), (500, "\u{fffd}\u{fffd}ok"));
}

#[tokio::test]
async fn a_success_body_of_the_wrong_shape_is_a_decode_error() {
    for body in ["", "not json", r#"{"linkToken": 12}"#, r#"{"linkTok"#] {
        let error = call_answered_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .await
            .expect_err("undecodable");
        let Error::Decode { status, body: kept, source, .. } = &error else { panic!("expected Decode, got {error:?}") };
        assert_eq!(status.as_u16(), 200);
        assert_eq!(kept, body);
        assert!(std::error::Error::source(&error).is_some(), "{source}");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    }
}

#[tokio::test]
async fn a_timeout_is_its_own_variant() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let http = reqwest::Client::builder().timeout(Duration::from_millis(200)).build().expect("HTTP client builds");
    let client = Client::builder().base_url(server.uri()).http_client(http).build().expect("client builds");

    let error = client.create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new()).await.expect_err("timeout");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_timeout());
    assert_eq!(error.status(), None);
    assert_eq!(server.received_requests().await.map(|requests| requests.len()), Some(1), "a timeout is not retried");
}

#[tokio::test]
async fn a_refused_connection_is_its_own_variant() {
    // A port nothing listens on: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("a free port").port();
    let client = Client::builder().base_url(format!("http://127.0.0.1:{port}")).build().expect("client builds");

    let error = client.create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new()).await.expect_err("refused");
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    assert_eq!(error.status(), None);
    assert!(error.to_string().starts_with("cannot connect to the API"), "{error}");
}

#[tokio::test]
async fn an_error_body_is_kept_up_to_64_kib() {
    // A server that answers an error with 4 MiB: the client keeps the first 64 KiB, never more.
    let huge = "x".repeat(4 * 1024 * 1024);
    let error = call_answered_with(ResponseTemplate::new(500).set_body_string(huge)).await.expect_err("a 500");
    let (status, body) = unexpected(&error);
    assert_eq!(status, 500);
    assert_eq!(body.len(), 64 * 1024);
}

/// Every success decoder of the crate, answered with `body`: each operation version's call.
async fn every_decoder_answered_with(body: &[u8]) -> Vec<Result<(), Error>> {
    use atlas_admin::models::{
        Destination, DestinationHostnameSchemaType, LiveMigrationRequest, LiveMigrationRequest20240530, Source,
    };
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_vec(), "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    let source = || Source::new("a", "9b43a5b329223c3a1591a678", false, true);
    let destination = || Destination::new("b", "e01c9427f054fe80745f3f6c", DestinationHostnameSchemaType::Public);
    let group = "e01c9427f054fe80745f3f6c";
    vec![
        client.create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new()).await.map(drop),
        client
            .create_group_live_migration(group, LiveMigrationRequest20240530::new(destination(), vec![], source()))
            .await
            .map(drop),
        #[allow(deprecated)]
        client
            .create_group_live_migration_v2023_01_01(group, LiveMigrationRequest::new(destination(), true, vec![], source()))
            .await
            .map(drop),
    ]
}

#[tokio::test]
async fn random_bytes_in_a_success_body_are_a_decode_error_never_a_panic() {
    // Deterministic pseudo-random bodies (xorshift), of every length up to 2 KiB, and nested
    // arrays far deeper than a decoder's recursion, to every operation version's decoder: each
    // is a typed error or a value.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut bodies: Vec<Vec<u8>> = (0..64)
        .map(|length| (0..length * 32).map(|_| next().to_le_bytes()[0]).collect())
        .collect();
    bodies.push(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes());
    bodies.push(format!("{{\"linkToken\":{}", "[".repeat(100_000)).into_bytes());
    bodies.push(b"{\"linkToken\": \"\xff\xfe\"}".to_vec());
    for body in bodies {
        for result in every_decoder_answered_with(&body).await {
            match result {
                Ok(()) | Err(Error::Decode { .. }) => {}
                Err(other) => panic!("{} bytes: not a decode error: {other:?}", body.len()),
            }
        }
    }
}
