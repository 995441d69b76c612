//! Rate limits: `429` (and `503` with `Retry-After`) is sent again after the delay the API asks
//! for, within the client's retry policy. These operations are all `POST`s, which are not
//! idempotent: nothing else is retried, not a `502`, a timeout or a dropped connection.

use std::time::{Duration, Instant};

use atlas_admin::models::TargetOrgRequest;
use atlas_admin::{Client, Credentials, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG_ID: &str = "4888442a3354817a7320eb61";

fn link_token_path() -> String {
    format!("/api/atlas/v2/orgs/{ORG_ID}/liveMigrations/linkTokens")
}

fn rate_limited(retry_after: Option<&str>) -> ResponseTemplate {
    let response = ResponseTemplate::new(429).set_body_json(json!({
        "error": 429,
        "errorCode": "RATE_LIMITED",
        "reason": "Too Many Requests",
        "detail": "Too many requests in the current window; wait for the number of seconds given in Retry-After."
    }));
    match retry_after {
        Some(seconds) => response.insert_header("Retry-After", seconds),
        None => response,
    }
}

/// Mounts `first` for the first `times` calls, and a `200` after them.
async fn mount(server: &MockServer, first: ResponseTemplate, times: u64) {
    Mock::given(method("POST")).and(path(link_token_path())).respond_with(first).up_to_n_times(times).mount(server).await;
    mount_ok(server).await;
}

async fn mount_ok(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(link_token_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "token-of-the-link" })))
        .mount(server)
        .await;
}

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder().base_url(server.uri()).retry_policy(retry).build().expect("client builds")
}

async fn create_link_token(client: &Client) -> Result<String, Error> {
    Ok(client.create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new()).await?.link_token)
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.expect("requests are recorded").len()
}

#[tokio::test]
async fn a_429_is_sent_again_after_retry_after() {
    let server = MockServer::start().await;
    mount(&server, rate_limited(Some("1")), 1).await;

    let started = Instant::now();
    let token = create_link_token(&client(&server, RetryPolicy::default())).await.expect("retried");
    assert_eq!(token, "token-of-the-link");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn the_client_gives_up_after_max_retries() {
    let server = MockServer::start().await;
    mount(&server, rate_limited(Some("0")), 10).await;

    let retry = RetryPolicy::default().with_max_retries(2);
    let error = create_link_token(&client(&server, retry)).await.expect_err("still rate-limited");
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(error.error_code(), Some("RATE_LIMITED"));
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    assert_eq!(requests(&server).await, 3, "the call and two retries");
}

#[tokio::test]
async fn a_delay_beyond_the_total_wait_is_not_waited_for() {
    let server = MockServer::start().await;
    mount(&server, rate_limited(Some("30")), 10).await;

    let retry = RetryPolicy::default().with_max_total_wait(Duration::from_secs(5));
    let started = Instant::now();
    let error = create_link_token(&client(&server, retry)).await.expect_err("rate-limited");
    assert!(started.elapsed() < Duration::from_secs(5), "returned at once, took {:?}", started.elapsed());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)), "the caller learns how long to wait");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn the_total_wait_bounds_several_retries() {
    let server = MockServer::start().await;
    mount(&server, rate_limited(Some("1")), 10).await;

    let retry = RetryPolicy::default().with_max_retries(10).with_max_total_wait(Duration::from_millis(1500));
    let error = create_link_token(&client(&server, retry)).await.expect_err("rate-limited");
    assert!(error.is_rate_limited());
    assert_eq!(requests(&server).await, 2, "one retry fits in 1.5 s, a second does not");
}

#[tokio::test]
async fn a_disabled_policy_never_retries() {
    let server = MockServer::start().await;
    mount(&server, rate_limited(Some("0")), 1).await;

    let error = create_link_token(&client(&server, RetryPolicy::disabled())).await.expect_err("rate-limited");
    assert!(error.is_rate_limited());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_429_without_retry_after_waits_a_second() {
    let server = MockServer::start().await;
    mount(&server, rate_limited(None), 1).await;

    let started = Instant::now();
    create_link_token(&client(&server, RetryPolicy::default())).await.expect("retried");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_503_is_retried_only_with_retry_after() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503).insert_header("Retry-After", "0"), 1).await;
    create_link_token(&client(&server, RetryPolicy::default())).await.expect("retried");
    assert_eq!(requests(&server).await, 2);

    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), 1).await;
    let error = create_link_token(&client(&server, RetryPolicy::default())).await.expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(error.retry_after(), None);
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn other_failures_of_a_post_are_not_retried() {
    for status in [500, 502, 504, 400, 404, 409] {
        let server = MockServer::start().await;
        mount(&server, ResponseTemplate::new(status).insert_header("Retry-After", "0"), 1).await;
        let error = create_link_token(&client(&server, RetryPolicy::default())).await.expect_err("an error status");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(status));
        assert_eq!(requests(&server).await, 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn a_rate_limited_token_request_is_retried_too() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(rate_limited(Some("0")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": "t", "expires_in": 3600 })))
        .mount(&server)
        .await;
    mount_ok(&server).await;

    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::service_account("id", "secret"))
        .build()
        .expect("client builds");
    create_link_token(&client).await.expect("the token request was retried");
    assert_eq!(requests(&server).await, 3, "two token requests and the call");
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_5xx_without_retry_after() {
    for status in [502, 503, 504] {
        let server = MockServer::start().await;
        mount(&server, ResponseTemplate::new(status), 1).await;
        let error = create_link_token(&client(&server, RetryPolicy::default())).await.expect_err("an error status");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(status));
        assert_eq!(requests(&server).await, 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_timeout() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "late" })).set_delay(Duration::from_secs(5));
    mount(&server, slow, 2).await;
    let timing_out = Client::builder().base_url(server.uri()).timeout(Duration::from_millis(200)).build().expect("client builds");
    let started = Instant::now();
    let error = create_link_token(&timing_out).await.expect_err("timed out");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_timeout());
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(requests(&server).await, 1);

    // The operation's own timeout too.
    let client = client(&server, RetryPolicy::default());
    let error = client
        .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
        .timeout(Duration::from_millis(200))
        .await
        .expect_err("timed out");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(requests(&server).await, 2, "one more request, not retried");
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_dropped_connection() {
    use std::io::Read;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    // A raw socket that reads each request's head and closes the connection without an answer.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|read| read == 1) {
                head.push(byte[0]);
            }
        }
    });
    let client = Client::builder().base_url(url).build().expect("client builds");
    let error = create_link_token(&client).await.expect_err("the connection was dropped");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "not sent again");
}
