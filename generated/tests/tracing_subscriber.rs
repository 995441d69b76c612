//! The call spans and events as a `tracing-subscriber` formatter prints them: what a user who
//! turns tracing on sees, with digest credentials and a retried 429, and never a secret.

use std::io::Write;
use std::sync::{Arc, Mutex};

use atlas_admin::models::TargetOrgRequest;
use atlas_admin::{Client, Credentials, RetryPolicy};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::{header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG_ID: &str = "4888442a3354817a7320eb61";
const PUBLIC_KEY: &str = "public-key-of-the-test";
const PRIVATE_KEY: &str = "6b1e2b5d-private-key-of-the-test";
const LINK_TOKEN: &str = "link-token-in-the-body";

/// The formatter's output, kept in memory.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<u8>>>);

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Output {
    type Writer = Output;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_fmt_subscriber_shows_the_call_its_retry_and_no_secret() {
    let server = MockServer::start().await;
    let link_tokens = format!("/api/atlas/v2/orgs/{ORG_ID}/liveMigrations/linkTokens");
    // The digest challenge, then a rate limit, then the answer.
    Mock::given(method("POST"))
        .and(path(link_tokens.as_str()))
        .respond_with(ResponseTemplate::new(401).insert_header(
            "WWW-Authenticate",
            r#"Digest realm="MMS Public API", qop="auth", nonce="nonce-of-the-test", algorithm=MD5"#,
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(link_tokens.as_str()))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(link_tokens.as_str()))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "linkToken": LINK_TOKEN })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::digest(PUBLIC_KEY, PRIVATE_KEY))
        .retry_policy(RetryPolicy::default())
        .build()
        .expect("client builds");

    let output = Output::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(output.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);
    client
        .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
        .await
        .expect("200 after the challenge and the retry");
    drop(_default);

    let text = String::from_utf8(output.0.lock().unwrap().clone()).expect("UTF-8 output");
    assert!(text.contains("call{"), "{text}");
    assert!(text.contains(r#"operation_id="createOrgLiveMigrationLinkToken""#), "{text}");
    assert!(text.contains(r#"method="POST""#), "{text}");
    assert!(text.contains(r#"path="/api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens""#), "{text}");
    assert!(text.contains(r#"api_version="2023-01-01""#), "{text}");
    assert!(text.contains("sending the request again"), "the retry is an event: {text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(text.contains("duration_ms="), "{text}");
    assert!(text.contains("close"), "the span's close line: {text}");
    // Not the keys, the body, the challenge's nonce, a parameter value, or a digest answer.
    for secret in [PRIVATE_KEY, PUBLIC_KEY, LINK_TOKEN, "nonce-of-the-test", ORG_ID, "username=", "response="] {
        assert!(!text.to_lowercase().contains(&secret.to_lowercase()), "`{secret}` is traced: {text}");
    }
}
