//! `Debug` output never shows a secret: private keys, client secrets, access tokens, passwords
//! and link tokens.

use atlas_admin::models::{
    Destination, DestinationHostnameSchemaType, LiveMigrationRequest20240530, Source, TargetOrg, TargetOrgRequest,
};
use atlas_admin::{Client, Credentials};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PRIVATE_KEY: &str = "private-0f1e2d3c4b5a";
const CLIENT_SECRET: &str = "mdb_sa_sk_s3cr3t";
const ACCESS_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.access-token";

fn assert_hides(debug: &str, secret: &str) {
    assert!(!debug.contains(secret), "{secret:?} shows in {debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

#[test]
fn credentials_hide_the_private_key_and_client_secret() {
    let digest = format!("{:?}", Credentials::digest("public-abc", PRIVATE_KEY));
    assert_hides(&digest, PRIVATE_KEY);
    assert!(digest.contains("public-abc"), "the public key identifies the credentials: {digest}");

    let account = format!("{:?}", Credentials::service_account("mdb_sa_id_42", CLIENT_SECRET));
    assert_hides(&account, CLIENT_SECRET);
    assert!(account.contains("mdb_sa_id_42"), "{account}");
}

#[test]
fn a_client_and_its_builder_hide_the_credentials() {
    let builder = Client::builder().credentials(Credentials::digest("public-abc", PRIVATE_KEY));
    assert_hides(&format!("{builder:?}"), PRIVATE_KEY);
    let client = builder.build().expect("client builds");
    assert_hides(&format!("{client:?}"), PRIVATE_KEY);
    assert_hides(&format!("{client:#?}"), PRIVATE_KEY);
}

#[tokio::test]
async fn a_client_hides_its_cached_access_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": ACCESS_TOKEN, "expires_in": 3600 })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "link" })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::service_account("mdb_sa_id_42", CLIENT_SECRET))
        .build()
        .expect("client builds");
    client.create_org_live_migration_link_token("4888442a3354817a7320eb61", TargetOrgRequest::new()).await.expect("200");

    let debug = format!("{client:?}");
    assert_hides(&debug, ACCESS_TOKEN);
    assert_hides(&debug, CLIENT_SECRET);
    assert!(debug.contains("refresh_at"), "the token cache is shown, without its token: {debug}");
}

#[tokio::test]
async fn an_undecodable_token_response_is_not_kept_in_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "access_token": ACCESS_TOKEN, "expires_in": "one hour" })),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::service_account("mdb_sa_id_42", CLIENT_SECRET))
        .build()
        .expect("client builds");
    let error =
        client.create_org_live_migration_link_token("4888442a3354817a7320eb61", TargetOrgRequest::new()).await.expect_err("decode");
    assert!(!format!("{error:?}").contains(ACCESS_TOKEN), "{error:?}");
    assert!(!error.to_string().contains(ACCESS_TOKEN), "{error}");
}

#[test]
fn models_hide_passwords_and_link_tokens() {
    let source = Source::new("exampleClusterA", "9b43a5b329223c3a1591a678", false, true)
        .with_username("example")
        .with_password("hunter2-source-password");
    assert_hides(&format!("{source:?}"), "hunter2-source-password");
    assert!(format!("{source:?}").contains("example"), "other fields are shown");

    let request = LiveMigrationRequest20240530::new(
        Destination::new("exampleClusterB", "e01c9427f054fe80745f3f6c", DestinationHostnameSchemaType::Public),
        vec!["vm001.example.com".to_owned()],
        source,
    );
    assert_hides(&format!("{request:#?}"), "hunter2-source-password");

    let token = TargetOrg::new("link-token-value-1234");
    assert_hides(&format!("{token:?}"), "link-token-value-1234");
}
