//! Wire test of `security_only_digest.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask
//! corpus` generates): concurrent first calls through one client draw a single digest challenge
//! and answer it with nonce counts of their own; a call is traced without its credentials, with
//! the media type it accepts as its API version (the spec does not version media types).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use corpus_security_only_digest::{Client, Credentials};
use md5::{Digest as _, Md5};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const USER: &str = "alice";
const PASSWORD: &str = "digest-password";
const REALM: &str = "things";
const NONCE: &str = "nonce-of-the-things";

/// One request as the server saw it: the nonce count it answered with (none for a challenge)
/// and its status.
type Seen = (Option<String>, u16);

/// A digest server: a `401` challenge to a request without an answer, `200` to a right answer.
#[derive(Clone, Default)]
struct DigestServer {
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Respond for DigestServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let answer = request
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Digest "))
            .map(digest_params);
        let Some(params) = answer else {
            self.seen.lock().unwrap().push((None, 401));
            let challenge =
                format!(r#"Digest realm="{REALM}", nonce="{NONCE}", algorithm=MD5, qop="auth""#);
            return ResponseTemplate::new(401)
                .insert_header("WWW-Authenticate", challenge.as_str());
        };
        let param = |name: &str| params.get(name).cloned().unwrap_or_default();
        let md5 = |text: String| format!("{:x}", Md5::digest(text.as_bytes()));
        let ha1 = md5(format!("{USER}:{REALM}:{PASSWORD}"));
        let ha2 = md5(format!("GET:{}", request.url.path()));
        let expected = md5(format!(
            "{ha1}:{NONCE}:{}:{}:auth:{ha2}",
            param("nc"),
            param("cnonce")
        ));
        let status = if param("response") == expected && param("uri") == "/things" {
            200
        } else {
            403
        };
        self.seen.lock().unwrap().push((Some(param("nc")), status));
        ResponseTemplate::new(status).set_body_string("the things")
    }
}

/// The parameters of a digest answer, quotes removed.
fn digest_params(answer: &str) -> BTreeMap<String, String> {
    let mut params = BTreeMap::new();
    let (mut key, mut value, mut in_value, mut quoted) =
        (String::new(), String::new(), false, false);
    for c in answer.chars().chain([',']) {
        match c {
            '"' => quoted = !quoted,
            '=' if !in_value => in_value = true,
            ',' if !quoted => {
                params.insert(
                    std::mem::take(&mut key).trim().to_owned(),
                    std::mem::take(&mut value),
                );
                in_value = false;
            }
            c if in_value => value.push(c),
            c => key.push(c),
        }
    }
    params
}

async fn digest_server() -> (MockServer, DigestServer) {
    let server = MockServer::start().await;
    let digest = DigestServer::default();
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
    capture();
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
    let seen = digest.seen.lock().unwrap().clone();
    assert_eq!(
        seen.iter().filter(|(nc, _)| nc.is_none()).count(),
        1,
        "one challenge"
    );
    assert!(seen
        .iter()
        .filter(|(nc, _)| nc.is_some())
        .all(|(_, status)| *status == 200));
    let mut counts: Vec<u32> = seen
        .iter()
        .filter_map(|(nc, _)| nc.as_deref())
        .map(|nc| u32::from_str_radix(nc, 16).unwrap())
        .collect();
    counts.sort_unstable();
    assert_eq!(
        counts,
        (1..=200).collect::<Vec<u32>>(),
        "a nonce count of its own for each answer"
    );
}

/// The fields of the spans and events the client traces, as text. It is the process's global
/// subscriber (see [`capture`]): a thread's own subscriber races with the other tests of this
/// binary, which hit the same callsites on other threads without one, and tracing's interest cache
/// may then turn the callsites off.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

impl tracing::field::Visit for Capture {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target().starts_with("corpus_security_only_digest")
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        self.0
            .lock()
            .unwrap()
            .push(format!("span {}", span.metadata().name()));
        span.record(&mut self.clone());
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut self.clone());
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// The global subscriber, installed once.
fn capture() -> &'static Capture {
    static CAPTURE: std::sync::OnceLock<Capture> = std::sync::OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        tracing::subscriber::set_global_default(capture.clone()).expect("the only global subscriber");
        capture
    })
}

#[tokio::test]
async fn a_call_is_traced_with_its_media_type_and_without_credentials() {
    let (server, _digest) = digest_server().await;
    let client = client(&server);
    let capture = capture();
    let before = capture.0.lock().unwrap().len();
    client.list_things().await.unwrap();
    // Other tests of this binary may trace at the same time: their lines are like these.
    let lines = capture.0.lock().unwrap()[before..].to_vec();
    for expected in [
        "span call",
        "operation_id=\"listThings\"",
        "method=\"GET\"",
        "path=\"/things\"",
        "api_version=\"text/plain\"",
        "attempt=1",
        "status=200",
        "stale=false",
    ] {
        assert!(
            lines.iter().any(|line| line == expected),
            "{expected} in {lines:?}"
        );
    }
    let text = lines.join("\n");
    for secret in [PASSWORD, NONCE, "Digest", "response", "the things"] {
        assert!(!text.contains(secret), "{secret:?} in {text}");
    }
}
