//! Wire test of `security_only_digest.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask
//! corpus` generates): concurrent first calls through one client draw a single digest challenge
//! and answer it with nonce counts of their own; a call is traced without its credentials, with
//! the media type it accepts as its API version (the spec does not version media types).

mod support;

use corpus_security_only_digest::{Client, Credentials};
use support::digest::{nonce_counts, DigestServer};
use support::trace;
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = "alice";
const PASSWORD: &str = "digest-password";
const REALM: &str = "things";
const NONCE: &str = "nonce-of-the-things";
/// The target of the client's spans and events: the global subscriber keeps only those.
const TARGET: &str = "corpus_security_only_digest";

async fn digest_server() -> (MockServer, DigestServer) {
    let server = MockServer::start().await;
    let digest = DigestServer::new(USER, PASSWORD, REALM, NONCE)
        .answering(200, ResponseTemplate::new(200).set_body_string("the things"));
    Mock::given(wiremock::matchers::path("/things"))
        .respond_with(digest.clone())
        .mount(&server)
        .await;
    (server, digest)
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::digest(USER, PASSWORD))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_calls_draw_one_challenge() {
    // The global subscriber before any call, so that no callsite is first seen without it.
    trace::global(TARGET);
    let (server, digest) = digest_server().await;
    let client = client(&server);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..200 {
        let client = client.clone();
        // A text answer is a `Download`: read it whole.
        calls.spawn(async move { client.list_things().await?.text().await });
    }
    while let Some(result) = calls.join_next().await {
        assert_eq!(result.unwrap().unwrap(), "the things");
    }
    let seen = digest.seen();
    assert_eq!(
        seen.iter().filter(|seen| seen.authorization.is_none()).count(),
        1,
        "one challenge"
    );
    assert!(seen
        .iter()
        .filter(|seen| seen.authorization.is_some())
        .all(|seen| seen.status == 200));
    assert_eq!(
        nonce_counts(&seen, NONCE),
        (1..=200).collect::<Vec<u32>>(),
        "a nonce count of its own for each answer"
    );
}

#[tokio::test]
async fn a_call_is_traced_with_its_media_type_and_without_credentials() {
    let (server, _digest) = digest_server().await;
    let client = client(&server);
    let capture = trace::global(TARGET);
    let mark = capture.mark();
    client.list_things().await.unwrap();
    // Other tests of this binary may trace at the same time: their spans and events are like these.
    let traced = capture.since(mark);
    let spans = traced.spans();
    let expected = [
        ("operation_id", "listThings"),
        ("method", "GET"),
        ("path", "/things"),
        ("api_version", "text/plain"),
        ("attempt", "1"),
        ("status", "200"),
    ];
    assert!(
        spans.iter().any(|span| span.name == "call"
            && expected
                .iter()
                .all(|(name, value)| span.fields.get(*name).map(String::as_str) == Some(*value))),
        "a call span with {expected:?} in {spans:?}"
    );
    let events = traced.events();
    assert!(
        events
            .iter()
            .any(|event| event.fields.get("stale").map(String::as_str) == Some("false")),
        "the challenge, not stale, in {events:?}"
    );
    let text = traced.all_text();
    for secret in [PASSWORD, NONCE, "Digest", "response", "the things"] {
        assert!(!text.contains(secret), "{secret:?} in {text}");
    }
}
