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

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use atlas_admin::{Client, Credentials};
use serde_json::json;
use support::digest::{nonce_counts, DigestServer, Seen};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CALLS: usize = 400;
const RUNS: usize = 5;
const GROUP_ID: &str = "32b6e34b3d91647abb20e7b8";
const PUBLIC_KEY: &str = "abcdefgh";
const PRIVATE_KEY: &str = "6b1e2b5d-private-key";
const REALM: &str = "MMS Public API";
const NONCE: &str = "bench-nonce";

/// What the server saw in one run.
struct Tally {
    /// Requests without an answer.
    challenges: usize,
    /// Answers the server did not accept.
    invalid: usize,
    /// Answers with a nonce count used before.
    reused: usize,
}

impl Tally {
    fn of(seen: &[Seen]) -> Self {
        let answered = seen.iter().filter(|seen| seen.authorization.is_some());
        let counts = nonce_counts(seen, NONCE);
        let mut distinct = counts.clone();
        distinct.dedup();
        Tally {
            challenges: seen.len() - answered.clone().count(),
            invalid: answered.filter(|seen| seen.status != 200).count(),
            reused: counts.len() - distinct.len(),
        }
    }
}

/// One run: a new server and a new client, `CALLS` concurrent first calls. Returns the tally,
/// how many calls failed, and the wall time.
async fn run() -> (Tally, usize, Duration) {
    let server = MockServer::start().await;
    let digest = DigestServer::new(PUBLIC_KEY, PRIVATE_KEY, REALM, NONCE).answering(
        200,
        ResponseTemplate::new(200).set_body_json(json!({ "results": [], "totalCount": 0, "links": [] })),
    );
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
    let tally = Tally::of(&digest.seen());
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
