//! Rate limits: `429` (and `503` with `Retry-After`) is sent again after the delay the API asks
//! for, within the client's retry policy. These operations are all `POST`s, which are not
//! idempotent: nothing else is retried, not a `502`, a timeout or a dropped connection, except a
//! request that never left because no connection could be made.

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

#[tokio::test]
async fn a_post_that_could_not_connect_is_sent_again() {
    // A port nobody listens on yet: the first attempt is refused, so its bytes never left and
    // sending it again is safe even for a `POST`. The server starts listening on that port while
    // the client waits before its retry.
    let reserved = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = reserved.local_addr().expect("its address");
    drop(reserved);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .retry_policy(RetryPolicy::default().with_max_retries(8))
        .build()
        .expect("client builds");
    let starting = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let listener = std::net::TcpListener::bind(address).expect("the port is free again");
        let server = MockServer::builder().listener(listener).start().await;
        mount_ok(&server).await;
        server
    });
    let token = create_link_token(&client).await.expect("sent again once the server listens");
    assert_eq!(token, "token-of-the-link");
    let server = starting.await.expect("the server started");
    assert_eq!(requests(&server).await, 1, "only the attempt that connected reached the server");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_when_retries_run_out() {
    let reserved = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = reserved.local_addr().expect("its address");
    drop(reserved);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .retry_policy(RetryPolicy::default().with_max_retries(1))
        .build()
        .expect("client builds");
    let error = create_link_token(&client).await.expect_err("nobody listens");
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    assert!(!error.is_timeout());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_posts_through_a_server_slow_to_accept_all_succeed() {
    use std::io::{Read, Write};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const CALLS: usize = 400;
    // A listener that accepts nothing for its first second: its accept queue (128 by default)
    // fills, the kernel drops further connection attempts, and those calls fail to connect within
    // the client's connect timeout. Then it answers each request with a link token.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let answered = Arc::new(AtomicUsize::new(0));
    let counter = answered.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(1));
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut chunk = [0u8; 4096];
                // The head, then as many body bytes as it announces.
                let complete = |request: &[u8]| {
                    let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
                    let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|line| line.strip_prefix("content-length:"))
                        .and_then(|value| value.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    request.len() >= end + 4 + length
                };
                while !complete(&request) {
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => return,
                        Ok(read) => request.extend_from_slice(&chunk[..read]),
                    }
                }
                let body = r#"{"linkToken":"token-of-the-link"}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                if stream.write_all(response.as_bytes()).is_ok() {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
    });
    let client = Client::builder()
        .base_url(url)
        .connect_timeout(Duration::from_millis(300))
        .build()
        .expect("client builds");
    let calls = (0..CALLS).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { create_link_token(&client).await })
    });
    let mut failures = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        if let Err(error) = call.await.expect("the call runs") {
            failures.push(error.to_string());
        }
    }
    assert!(failures.is_empty(), "{} of {CALLS} calls failed, first: {:?}", failures.len(), failures.first());
    assert_eq!(answered.load(Ordering::SeqCst), CALLS, "each call answered once");
}

#[tokio::test]
async fn a_deadline_bounds_the_whole_call_and_a_timeout_each_attempt() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "late" })).set_delay(Duration::from_secs(3));
    mount(&server, slow, 1).await;
    let client = Client::builder().base_url(server.uri()).deadline(Duration::from_millis(300)).build().expect("client builds");
    let started = Instant::now();
    let error = create_link_token(&client).await.expect_err("the deadline passed");
    assert!(matches!(error, Error::Deadline(deadline) if deadline == Duration::from_millis(300)), "{error:?}");
    assert!(error.is_timeout());
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());

    // The operation's own deadline, for one call; the next attempt answers at once.
    let client = client_with_default_deadline(&server);
    let token = client
        .create_org_live_migration_link_token(ORG_ID, TargetOrgRequest::new())
        .deadline(Duration::from_secs(5))
        .await
        .expect("answered in time");
    assert_eq!(token.link_token, "token-of-the-link");
}

fn client_with_default_deadline(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).deadline(Duration::from_millis(1)).build().expect("client builds")
}

#[tokio::test]
async fn a_retry_that_could_not_start_before_the_deadline_is_not_waited_for() {
    let server = MockServer::start().await;
    // Always rate limited, asking for 1 s each time: with 1.5 s in all, the second wait would end
    // past the deadline, so the call returns the second 429 at once instead of sleeping.
    Mock::given(method("POST")).and(path(link_token_path())).respond_with(rate_limited(Some("1"))).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).deadline(Duration::from_millis(1500)).build().expect("client builds");
    let started = Instant::now();
    let error = create_link_token(&client).await.expect_err("rate limited");
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(requests(&server).await, 2);
    assert!(started.elapsed() < Duration::from_millis(1500), "took {:?}", started.elapsed());
}
