//! Tracing: each call is one `call` span with the operation, method, path template, API version,
//! attempt, status and duration; retries, digest challenges and token fetches are events; no
//! credential, header or body ever appears in them.

mod support;

use atlas_admin::models::{
    Destination, DestinationHostnameSchemaType, LiveMigrationRequest20240530, Source,
    TargetOrgRequest,
};
use atlas_admin::{Client, Credentials, RetryPolicy};
use serde_json::json;
use support::digest::DigestServer;
use support::trace::{capture, Captured};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP_ID: &str = "e01c9427f054fe80745f3f6c";
const ORG_ID: &str = "4888442a3354817a7320eb61";
const PUBLIC_KEY: &str = "abcdefgh";
const PRIVATE_KEY: &str = "6b1e2b5d-private-key";
const CLIENT_ID: &str = "mdb_sa_id_0123456789abcdef01234567";
const CLIENT_SECRET: &str = "mdb_sa_sk_secret";
const ACCESS_TOKEN: &str = "access-token-of-the-account";
const SOURCE_PASSWORD: &str = "source-password-in-the-body";

fn migration_request() -> LiveMigrationRequest20240530 {
    let source = Source::new("exampleClusterA", "9b43a5b329223c3a1591a678", false, true)
        .with_username("example")
        .with_password(SOURCE_PASSWORD);
    let destination = Destination::new(
        "exampleClusterB",
        GROUP_ID,
        DestinationHostnameSchemaType::Public,
    );
    LiveMigrationRequest20240530::new(destination, vec!["vm001.example.com".to_owned()], source)
}

#[tokio::test]
async fn a_call_is_one_span_with_its_operation_path_template_version_and_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/api/atlas/v2/groups/{GROUP_ID}/liveMigrations"
        )))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({ "_id": "7e68e12770616e75e6df43d0" })),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");

    let captured = capture(async {
        client
            .create_group_live_migration(GROUP_ID, migration_request())
            .await
            .expect("201");
    })
    .await;
    let spans = captured.spans();
    assert_eq!(spans.len(), 1, "{spans:?}");
    let span = &spans[0];
    assert_eq!(span.name, "call");
    assert_eq!(span.field("operation_id"), "createGroupLiveMigration");
    assert_eq!(span.field("method"), "POST");
    assert_eq!(
        span.field("path"),
        "/api/atlas/v2/groups/{groupId}/liveMigrations",
        "the template, not the group's ID"
    );
    assert_eq!(span.field("api_version"), "2024-05-30");
    assert_eq!(span.field("attempt"), "1");
    assert_eq!(span.field("status"), "201");
    assert!(
        span.field("duration_ms").parse::<u64>().is_ok(),
        "{span:?}"
    );

    // An older version of the operation reports its own version.
    let older = capture(async {
        #[allow(deprecated)]
        let _ = client
            .create_group_live_migration_v2023_01_01(
                GROUP_ID,
                atlas_admin::models::LiveMigrationRequest::new(
                    Destination::new(
                        "exampleClusterB",
                        GROUP_ID,
                        DestinationHostnameSchemaType::Public,
                    ),
                    true,
                    vec!["vm001.example.com".to_owned()],
                    Source::new("exampleClusterA", "9b43a5b329223c3a1591a678", false, true),
                ),
            )
            .send()
            .await;
    })
    .await;
    assert_eq!(older.spans()[0].field("api_version"), "2023-01-01");
    let text = captured.all_text() + &older.all_text();
    assert!(!text.contains(GROUP_ID), "no parameter value: {text}");
    assert!(!text.contains(SOURCE_PASSWORD), "no body: {text}");
}

#[tokio::test]
async fn a_retried_429_is_an_event_and_the_span_counts_the_attempts() {
    let server = MockServer::start().await;
    let link_tokens = format!("/api/atlas/v2/orgs/{ORG_ID}/liveMigrations/linkTokens");
    Mock::given(method("POST"))
        .and(path(link_tokens.as_str()))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "0")
                .set_body_json(json!({ "error": 429, "errorCode": "RATE_LIMITED", "detail": "secret-free detail" })),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(link_tokens.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "token-of-the-link" })),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default())
        .build()
        .expect("client builds");

    let captured = capture(async {
        client
            .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
            .await
            .expect("200 after the retry");
    })
    .await;
    let span = &captured.spans()[0];
    assert_eq!(
        span.field("operation_id"),
        "createOrgLiveMigrationLinkToken"
    );
    assert_eq!(span.field("attempt"), "2");
    assert_eq!(span.field("status"), "200");
    let events = captured.events();
    let retries: Vec<&Captured> = events
        .iter()
        .filter(|event| event.name == "sending the request again")
        .collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    assert_eq!(retries[0].field("attempt"), "2");
    assert_eq!(retries[0].field("delay_ms"), "0");
    assert_eq!(retries[0].field("reason"), "status 429");
    let text = captured.all_text();
    assert!(
        !text.contains("secret-free detail") && !text.contains("token-of-the-link"),
        "no body: {text}"
    );
}

#[tokio::test]
async fn digest_challenges_are_events_without_credentials() {
    let server = MockServer::start().await;
    let digest = DigestServer::new(PUBLIC_KEY, PRIVATE_KEY, "MMS Public API", "nonce-1")
        .answering(
            200,
            ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "t" })),
        );
    Mock::given(method("POST"))
        .respond_with(digest)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::digest(PUBLIC_KEY, PRIVATE_KEY))
        .build()
        .expect("client builds");

    let captured = capture(async {
        for _ in 0..2 {
            client
                .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
                .await
                .expect("authorized");
        }
    })
    .await;
    let events = captured.events();
    let challenges: Vec<&Captured> = events
        .iter()
        .filter(|event| event.name == "the API sent a new digest challenge")
        .collect();
    assert_eq!(challenges.len(), 1, "{events:?}");
    assert_eq!(challenges[0].field("stale"), "false");
    let spans = captured.spans();
    assert_eq!(spans.len(), 2);
    assert!(spans
        .iter()
        .all(|span| span.field("status") == "200" && span.field("attempt") == "1"));
    let text = captured.all_text();
    for secret in [
        PRIVATE_KEY,
        "Digest",
        "nonce-1",
        "response=",
        "uthorization",
    ] {
        assert!(!text.contains(secret), "{secret:?} in {text}");
    }
}

#[tokio::test]
async fn token_fetches_are_events_without_the_secret_or_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/api/atlas/v2/orgs/{ORG_ID}/liveMigrations/linkTokens"
        )))
        .and(header(
            "authorization",
            format!("Bearer {ACCESS_TOKEN}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "t" })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token_url(format!("{}/api/oauth/token", server.uri()))
        .credentials(Credentials::service_account(CLIENT_ID, CLIENT_SECRET))
        .build()
        .expect("client builds");

    let captured = capture(async {
        client
            .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
            .await
            .expect("authorized");
    })
    .await;
    let events = captured.events();
    assert!(
        events
            .iter()
            .any(|event| event.name == "fetching an access token for the service account"),
        "{events:?}"
    );
    let text = captured.all_text();
    for secret in [CLIENT_SECRET, ACCESS_TOKEN, "Bearer", "uthorization"] {
        assert!(!text.contains(secret), "{secret:?} in {text}");
    }
}
