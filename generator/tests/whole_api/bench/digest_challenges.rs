//! How many HTTP Digest challenges 400 concurrent first calls through one client draw from the
//! API (each one an extra round trip counted against the API key's rate limit), and how long they
//! take, against a local server that checks every answer as RFC 7616 says (MD5, `qop=auth`).
//!
//! The goal is one challenge: the first request learns it and the others wait for it, then answer
//! it with nonce counts of their own. Exits non-zero above that, or if a call fails, an answer is
//! wrong or a nonce count is used twice.
//!
//! Copied into the crate `cargo xtask whole-api` generates as an example; run it there with
//! `cargo run --release --example digest_challenges`.

use std::collections::{BTreeMap, HashSet};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use atlas_admin::{Client, Credentials};
use md5::{Digest as _, Md5};
use serde_json::json;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CALLS: usize = 400;
const RUNS: usize = 5;
const GROUP_ID: &str = "32b6e34b3d91647abb20e7b8";
const PUBLIC_KEY: &str = "abcdefgh";
const PRIVATE_KEY: &str = "6b1e2b5d-private-key";
const REALM: &str = "MMS Public API";
const NONCE: &str = "bench-nonce";

/// What the server saw.
#[derive(Default)]
struct Tally {
    challenges: usize,
    invalid: usize,
    /// Nonce counts answered, to find one used twice.
    counts: HashSet<String>,
    reused: usize,
}

#[derive(Clone, Default)]
struct DigestServer {
    tally: Arc<Mutex<Tally>>,
}

impl Respond for DigestServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut tally = self.tally.lock().unwrap();
        let Some(params) = request
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Digest "))
            .map(digest_params)
        else {
            tally.challenges += 1;
            let challenge = format!(
                r#"Digest realm="{REALM}", domain="", nonce="{NONCE}", algorithm=MD5, qop="auth", stale=false"#
            );
            return ResponseTemplate::new(401)
                .insert_header("WWW-Authenticate", challenge.as_str());
        };
        let param = |name: &str| params.get(name).cloned().unwrap_or_default();
        let target = match request.url.query() {
            Some(query) => format!("{}?{query}", request.url.path()),
            None => request.url.path().to_owned(),
        };
        let md5 = |text: String| format!("{:x}", Md5::digest(text.as_bytes()));
        let ha1 = md5(format!("{PUBLIC_KEY}:{REALM}:{PRIVATE_KEY}"));
        let ha2 = md5(format!("{}:{target}", request.method.as_str()));
        let expected = md5(format!(
            "{ha1}:{NONCE}:{}:{}:auth:{ha2}",
            param("nc"),
            param("cnonce")
        ));
        let valid = param("username") == PUBLIC_KEY
            && param("nonce") == NONCE
            && param("uri") == target
            && param("qop") == "auth"
            && param("response") == expected;
        if !tally.counts.insert(param("nc")) {
            tally.reused += 1;
        }
        if !valid {
            tally.invalid += 1;
            return ResponseTemplate::new(401);
        }
        ResponseTemplate::new(200)
            .set_body_json(json!({ "results": [], "totalCount": 0, "links": [] }))
    }
}

/// The parameters of a `Digest` `Authorization` header, quotes removed.
fn digest_params(header: &str) -> BTreeMap<String, String> {
    let mut params = BTreeMap::new();
    let (mut key, mut value, mut in_value, mut quoted) =
        (String::new(), String::new(), false, false);
    for c in header.chars().chain([',']) {
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

/// One run: a new server and a new client, `CALLS` concurrent first calls. Returns the tally,
/// how many calls failed, and the wall time.
async fn run() -> (Tally, usize, Duration) {
    let server = MockServer::start().await;
    let digest = DigestServer::default();
    Mock::given(wiremock::matchers::any())
        .respond_with(digest.clone())
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::digest(PUBLIC_KEY, PRIVATE_KEY))
        .build()
        .expect("client builds");
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..CALLS {
        let client = client.clone();
        calls.spawn(async move { client.list_group_clusters(GROUP_ID).await.map(drop) });
    }
    let mut failed = 0;
    while let Some(result) = calls.join_next().await {
        if !matches!(result, Ok(Ok(()))) {
            failed += 1;
        }
    }
    let elapsed = started.elapsed();
    let tally = std::mem::take(&mut *digest.tally.lock().unwrap());
    (tally, failed, elapsed)
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut times = Vec::new();
    let (mut most_challenges, mut failed, mut invalid, mut reused) = (0, 0, 0, 0);
    for _ in 0..RUNS {
        let (tally, run_failed, elapsed) = run().await;
        most_challenges = most_challenges.max(tally.challenges);
        failed += run_failed;
        invalid += tally.invalid;
        reused += tally.reused;
        times.push(elapsed);
    }
    times.sort();
    println!("digest challenges per {CALLS} concurrent calls: {most_challenges} (most over {RUNS} runs; goal 1)");
    println!(
        "median wall time of {CALLS} concurrent first calls over {RUNS} runs: {:.1} ms",
        times[RUNS / 2].as_secs_f64() * 1000.0
    );
    if failed + invalid + reused > 0 {
        eprintln!("error: {failed} failed calls, {invalid} invalid answers, {reused} nonce counts used twice");
        return ExitCode::FAILURE;
    }
    if most_challenges > 1 {
        eprintln!("error: more than one digest challenge for one burst of first calls");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
