//! Every operation and API version of the client against a Prism mock of the spec, which checks
//! each request against the spec (path, parameters, media types, body schema, security) and
//! answers with the spec's examples, which the client must decode.
//!
//! `.ci/run` starts `prism mock` and runs this test with `PRISM_URL` set; by hand:
//!
//! ```text
//! npm install --prefix /tmp/prism @stoplight/prism-cli
//! /tmp/prism/node_modules/.bin/prism mock --errors -h 127.0.0.1 -p 4010 specs/atlas-admin-v2-excerpt.yaml &
//! PRISM_URL=http://127.0.0.1:4010 cargo test -p atlas-admin --test prism -- --ignored
//! ```
//!
//! Prism checks that a secured request carries credentials of a scheme the spec names, not their
//! value. Its Digest check refuses every real Digest answer (it wants each parameter quoted and
//! made of lowercase letters and digits, which no request URI is), so the client authenticates
//! with a service account, whose bearer token Prism accepts; Prism does not serve the token
//! endpoint, so this test does.
//!
//! Prism also tells versioned media types apart by their `+json` suffix only, so it checks a
//! request body of any version against the schema of the operation's first version (see
//! [`known_prism_objections`]).

use atlas_admin::models::{
    Destination, DestinationHostnameSchemaType, LiveMigrationRequest, LiveMigrationRequest20240530,
    LiveMigrationResponse, LiveMigrationResponseStatus, Source, TargetOrgRequest,
};
use atlas_admin::{Client, Credentials, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP_ID: &str = "e01c9427f054fe80745f3f6c";
const ORG_ID: &str = "4888442a3354817a7320eb61";
const BEARER: &str = "prism-accepts-any-bearer-token";

fn prism_url() -> String {
    match std::env::var("PRISM_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "PRISM_URL is not set: start `prism mock --errors -h 127.0.0.1 -p 4010 specs/atlas-admin-v2-excerpt.yaml` \
             and set PRISM_URL=http://127.0.0.1:4010 (see .ci/run)"
        ),
    }
}

/// A token endpoint for the service account, since Prism does not serve one.
async fn token_endpoint() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": BEARER,
            "expires_in": 3600,
            "token_type": "Bearer"
        })))
        .mount(&server)
        .await;
    server
}

fn source() -> Source {
    Source::new("exampleClusterA", "9b43a5b329223c3a1591a678", false, true)
        .with_username("example")
        .with_password("string")
        .with_ca_certificate_path("/path/to/ca")
}

fn destination() -> Destination {
    Destination::new("exampleClusterB", GROUP_ID, DestinationHostnameSchemaType::Public)
}

fn assert_is_a_migration(migration: &LiveMigrationResponse) {
    let id = migration.id.as_deref().expect("the response has an _id");
    assert!(id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{id:?}");
    assert_eq!(migration.status, Some(LiveMigrationResponseStatus::New), "{migration:?}");
    assert_eq!(migration.migration_hosts.as_deref(), Some(&["vm001.example.com".to_owned()][..]));
}

/// What Prism objects to in a request with `body` sent to `path` as `media_type`, from the
/// `sl-violations` header of its answer.
async fn prism_violations(prism: &str, path: &str, media_type: &str, body: &Value) -> Vec<String> {
    let response = reqwest::Client::new()
        .post(format!("{prism}{path}"))
        .header("accept", media_type)
        .header("content-type", media_type)
        .bearer_auth(BEARER)
        .json(body)
        .send()
        .await
        .expect("Prism answers");
    let Some(header) = response.headers().get("sl-violations") else { return Vec::new() };
    let violations: Vec<Value> = serde_json::from_slice(header.as_bytes()).expect("sl-violations is a JSON array");
    violations.iter().map(|violation| violation["message"].as_str().unwrap_or_default().to_owned()).collect()
}

/// Prism picks the schema of a request body by its media type's suffix (`+json`) alone, so it
/// checks every version's body against the first one the operation lists. For
/// `createGroupLiveMigration` that is `2023-01-01`, whose `dropEnabled` is required; `2024-05-30`
/// renamed it `dropDestinationData`. This is all Prism may object to in a `2024-05-30` body.
fn known_prism_objections() -> Vec<String> {
    vec!["Request body must have required property 'dropEnabled'".to_owned()]
}

#[tokio::test]
#[ignore = "needs a Prism mock; run by .ci/run"]
async fn every_operation_and_version_against_prism() {
    let prism = prism_url();
    let tokens = token_endpoint().await;
    let client = Client::builder()
        .base_url(&prism)
        .token_url(format!("{}/api/oauth/token", tokens.uri()))
        .credentials(Credentials::service_account("mdb_sa_id_prism", "mdb_sa_sk_prism"))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds");

    // createOrgLiveMigrationLinkToken, 2023-01-01, with and without its optional parameters.
    let request = TargetOrgRequest::new().with_access_list_ips(vec!["203.0.113.10".to_owned()]);
    let token = client.create_org_live_migration_link_token(ORG_ID, request).await.expect("link-token 2023-01-01");
    assert!(!token.link_token.is_empty());
    let token = client
        .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
        .pretty(true)
        .envelope(false)
        .await
        .expect("link-token 2023-01-01 with pretty and envelope");
    assert!(!token.link_token.is_empty());

    // createGroupLiveMigration, 2024-05-30: Prism checks its body against 2023-01-01's schema.
    let request = LiveMigrationRequest20240530::new(destination(), vec!["vm001.example.com".to_owned()], source())
        .with_drop_destination_data(true);
    match client.create_group_live_migration(GROUP_ID, request.clone()).pretty(true).await {
        Ok(migration) => assert_is_a_migration(&migration),
        Err(error) => {
            assert_eq!(error.status().map(|status| status.as_u16()), Some(400), "{error:?}");
            assert_eq!(error.error_code(), Some("VALIDATION_ERROR"), "the spec's 400 example decodes: {error:?}");
            let path = format!("/api/atlas/v2/groups/{GROUP_ID}/liveMigrations");
            let body = serde_json::to_value(&request).expect("encodes");
            let violations = prism_violations(&prism, &path, "application/vnd.atlas.2024-05-30+json", &body).await;
            assert_eq!(violations, known_prism_objections(), "Prism objects to more than its media type mix-up");
        }
    }

    // createGroupLiveMigration, 2023-01-01.
    let request = LiveMigrationRequest::new(destination(), false, vec!["vm001.example.com".to_owned()], source());
    #[allow(deprecated)] // the sunset version is still served, and still checked
    let call = client.create_group_live_migration_v2023_01_01(GROUP_ID, request);
    let migration = call.await.expect("migration 2023-01-01");
    assert!(migration.id.is_some(), "{migration:?}");
    assert!(migration.status.is_some(), "{migration:?}");

    // A path parameter that breaks its pattern: the spec's 400 example.
    let error = client
        .create_org_live_migration_link_token("not-an-org-id", TargetOrgRequest::new())
        .await
        .expect_err("an invalid org ID");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400), "{error:?}");
    assert_eq!(error.error_code(), Some("VALIDATION_ERROR"), "{error:?}");

    let token_requests = tokens.received_requests().await.expect("requests are recorded");
    assert_eq!(token_requests.len(), 1, "one token for every call");

    // Without credentials: the spec's 401 example.
    let anonymous = Client::builder().base_url(&prism).build().expect("client builds");
    let error = anonymous
        .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
        .await
        .expect_err("a secured operation without credentials");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401), "{error:?}");
    assert!(error.api_error().is_some(), "the 401 example is an ApiError: {error:?}");
}
