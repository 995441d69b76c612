//! Rate limits: `429` (and `503` with `Retry-After`) is sent again after the delay the API asks
//! for, within the client's retry policy; nothing else is.

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
