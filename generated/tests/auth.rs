//! Authentication against a local mock server: HTTP Digest with an API key, and OAuth 2.0 client
//! credentials with a service account.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use atlas_admin::models::TargetOrgRequest;
use atlas_admin::{Client, Credentials, Error};
use serde_json::json;
use support::digest::{nonce_counts, DigestServer, Seen};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const ORG_ID: &str = "4888442a3354817a7320eb61";
const PUBLIC_KEY: &str = "abcdefgh";
const PRIVATE_KEY: &str = "6b1e2b5d-private-key";
const CLIENT_ID: &str = "mdb_sa_id_0123456789abcdef01234567";
const CLIENT_SECRET: &str = "mdb_sa_sk_secret";
const REALM: &str = "MMS Public API";

fn link_token_path() -> String {
    format!("/api/atlas/v2/orgs/{ORG_ID}/liveMigrations/linkTokens")
}

fn link_token() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "linkToken": "token-of-the-link" }))
}

async fn create_link_token(client: &Client) -> Result<String, Error> {
    let request = TargetOrgRequest::new().with_access_list_ips(vec!["203.0.113.10".to_owned()]);
    Ok(client
        .create_org_live_migration_link_token(ORG_ID, request)
        .pretty(true)
        .await?
        .link_token)
}

// ---------------------------------------------------------------------------------------------
// HTTP Digest

async fn digest_client(server: &MockServer, private_key: &str) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::digest(PUBLIC_KEY, private_key))
        .build()
        .expect("client builds")
}

async fn digest_server(password: &str) -> (MockServer, DigestServer) {
    let server = MockServer::start().await;
    let digest =
        DigestServer::new(PUBLIC_KEY, password, REALM, "nonce-1").answering(200, link_token());
    Mock::given(method("POST"))
        .and(path(link_token_path()))
        .respond_with(digest.clone())
        .mount(&server)
        .await;
    (server, digest)
}

fn nc_and_nonce(seen: &Seen) -> (String, String) {
    let params = seen
        .authorization
        .as_ref()
        .expect("an Authorization header");
    (params["nc"].clone(), params["nonce"].clone())
}

#[tokio::test]
async fn digest_answers_the_challenge_then_answers_later_calls_in_advance() {
    let (server, digest) = digest_server(PRIVATE_KEY).await;
    let client = digest_client(&server, PRIVATE_KEY).await;

    assert_eq!(
        create_link_token(&client).await.expect("authorized"),
        "token-of-the-link"
    );
    let seen = digest.seen();
    assert_eq!(seen.len(), 2, "a 401 challenge, then the answer: {seen:?}");
    assert!(seen[0].authorization.is_none());
    assert_eq!(seen[0].status, 401);
    let answer = seen[1]
        .authorization
        .as_ref()
        .expect("the retry answers the challenge");
    assert_eq!(
        answer["uri"],
        format!("{}?pretty=true", link_token_path()),
        "the query is part of the digest URI"
    );
    assert_eq!(answer["algorithm"], "MD5");
    assert_eq!(
        nc_and_nonce(&seen[1]),
        ("00000001".to_owned(), "nonce-1".to_owned())
    );
    assert_eq!(seen[1].status, 200, "the hash is what RFC 7616 gives");

    // The next calls answer the same challenge in advance, counting up.
    create_link_token(&client)
        .await
        .expect("authorized in advance");
    create_link_token(&client.clone())
        .await
        .expect("clones share the challenge");
    let seen = digest.seen();
    assert_eq!(seen.len(), 4, "no new challenge: {seen:?}");
    assert_eq!(
        nc_and_nonce(&seen[2]),
        ("00000002".to_owned(), "nonce-1".to_owned())
    );
    assert_eq!(
        nc_and_nonce(&seen[3]),
        ("00000003".to_owned(), "nonce-1".to_owned())
    );
    assert_eq!((seen[2].status, seen[3].status), (200, 200));
    assert_ne!(
        seen[2].authorization.as_ref().map(|a| &a["response"]),
        seen[3].authorization.as_ref().map(|a| &a["response"]),
        "the nonce count is part of the hash"
    );
}

#[tokio::test]
async fn digest_takes_the_new_challenge_when_the_nonce_is_stale() {
    let (server, digest) = digest_server(PRIVATE_KEY).await;
    let client = digest_client(&server, PRIVATE_KEY).await;
    create_link_token(&client).await.expect("authorized");

    digest.expire_nonce("nonce-2");
    assert_eq!(
        create_link_token(&client).await.expect("renewed"),
        "token-of-the-link"
    );
    let seen = digest.seen();
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert_eq!(
        nc_and_nonce(&seen[2]),
        ("00000002".to_owned(), "nonce-1".to_owned())
    );
    assert_eq!(seen[2].status, 401, "answered with a stale nonce");
    assert_eq!(
        nc_and_nonce(&seen[3]),
        ("00000001".to_owned(), "nonce-2".to_owned())
    );
    assert_eq!(seen[3].status, 200);

    create_link_token(&client)
        .await
        .expect("the new challenge is kept");
    assert_eq!(
        nc_and_nonce(&digest.seen()[4]),
        ("00000002".to_owned(), "nonce-2".to_owned())
    );
}

/// Makes `calls` concurrent calls through `client`, all of which must succeed.
async fn concurrent_calls(client: &Client, calls: usize) {
    let mut running = tokio::task::JoinSet::new();
    for _ in 0..calls {
        let client = client.clone();
        running.spawn(async move { create_link_token(&client).await });
    }
    while let Some(result) = running.join_next().await {
        result.expect("the call did not panic").expect("authorized");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_calls_share_one_digest_challenge() {
    let (server, digest) = digest_server(PRIVATE_KEY).await;
    let client = digest_client(&server, PRIVATE_KEY).await;

    concurrent_calls(&client, 400).await;
    let seen = digest.seen();
    let challenges = seen.iter().filter(|seen| seen.status == 401).count();
    assert_eq!(challenges, 1, "one request learns the challenge for all");
    assert!(seen[0].authorization.is_none() && seen[0].status == 401);
    assert_eq!(seen.len(), 401, "the challenge, then one answer per call");
    assert!(
        seen[1..].iter().all(|seen| seen.status == 200),
        "every answer is valid"
    );
    assert_eq!(
        nonce_counts(&seen, "nonce-1"),
        (1..=400).collect::<Vec<u32>>(),
        "each answer has a nonce count of its own"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_renew_a_stale_nonce_once() {
    let (server, digest) = digest_server(PRIVATE_KEY).await;
    let client = digest_client(&server, PRIVATE_KEY).await;
    create_link_token(&client).await.expect("authorized");

    digest.expire_nonce("nonce-2");
    concurrent_calls(&client, 100).await;
    let seen = digest.seen();
    assert_eq!(
        seen.len(),
        2 + 100 + 100,
        "each call: a stale answer, then a fresh one"
    );
    let stale = seen.iter().filter(|seen| seen.status == 401).count();
    assert_eq!(
        stale,
        1 + 100,
        "the first challenge, and one stale answer per call"
    );
    // Had each call taken the new challenge for itself, their nonce counts would start over.
    assert_eq!(
        nonce_counts(&seen, "nonce-2"),
        (1..=100).collect::<Vec<u32>>(),
        "the calls share the one renewed challenge"
    );
}

#[tokio::test]
async fn digest_with_a_wrong_key_fails_after_one_answer() {
    let (server, digest) = digest_server(PRIVATE_KEY).await;
    let client = digest_client(&server, "not-the-private-key").await;

    let error = create_link_token(&client).await.expect_err("401");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(error.error_code(), Some("UNAUTHORIZED"));
    assert_eq!(
        digest.seen().len(),
        2,
        "the challenge and one answer, no more"
    );
}

#[tokio::test]
async fn a_401_without_a_digest_challenge_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).insert_header("WWW-Authenticate", "Bearer"))
        .expect(1)
        .mount(&server)
        .await;
    let client = digest_client(&server, PRIVATE_KEY).await;
    let error = create_link_token(&client).await.expect_err("401");
    assert!(
        matches!(&error, Error::UnexpectedResponse { status, body, .. } if status.as_u16() == 401 && body.is_empty())
    );
}

// ---------------------------------------------------------------------------------------------
// Service accounts

/// A token endpoint that hands out `token-1`, `token-2`, ... each valid `expires_in` seconds,
/// taking a little time over it like a real one.
#[derive(Clone)]
struct TokenEndpoint {
    fetches: Arc<AtomicUsize>,
    expires_in: u64,
}

impl TokenEndpoint {
    fn new(expires_in: u64) -> Self {
        TokenEndpoint {
            fetches: Arc::new(AtomicUsize::new(0)),
            expires_in,
        }
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

impl Respond for TokenEndpoint {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(json!({ "access_token": format!("token-{n}"), "expires_in": self.expires_in, "token_type": "Bearer" }))
            .set_delay(Duration::from_millis(100))
    }
}

/// Mounts `endpoint` as the token endpoint, matching only a well-formed client credentials request.
async fn mount_token_endpoint(server: &MockServer, endpoint: &TokenEndpoint) {
    // base64("mdb_sa_id_0123456789abcdef01234567:mdb_sa_sk_secret")
    let basic = "Basic bWRiX3NhX2lkXzAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2NzptZGJfc2Ffc2tfc2VjcmV0";
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .and(header("authorization", basic))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(endpoint.clone())
        .mount(server)
        .await;
}

/// Answers the link-token call with `200` for a request bearing one of `accepted`, `401` otherwise.
async fn mount_api_accepting(server: &MockServer, accepted: &'static [&'static str]) {
    Mock::given(method("POST"))
        .and(path(link_token_path()))
        .respond_with(move |request: &Request| {
            let authorization = request
                .headers
                .get("authorization")
                .and_then(|value| value.to_str().ok());
            match authorization.and_then(|value| value.strip_prefix("Bearer ")) {
                Some(token) if accepted.contains(&token) => link_token(),
                _ => ResponseTemplate::new(401)
                    .set_body_json(json!({ "error": 401, "errorCode": "NOT_AUTHORIZED" })),
            }
        })
        .mount(server)
        .await;
}

fn bearers(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .filter(|request| request.url.path() != "/api/oauth/token")
        .map(|request| {
            request
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        })
        .collect()
}

fn service_account_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::service_account(CLIENT_ID, CLIENT_SECRET))
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn one_token_fetch_serves_many_concurrent_calls() {
    let server = MockServer::start().await;
    let endpoint = TokenEndpoint::new(3600);
    mount_token_endpoint(&server, &endpoint).await;
    mount_api_accepting(&server, &["token-1"]).await;
    let client = service_account_client(&server);

    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let client = client.clone();
        calls.spawn(async move { create_link_token(&client).await });
    }
    while let Some(result) = calls.join_next().await {
        result.expect("the call did not panic").expect("authorized");
    }
    assert_eq!(endpoint.fetches(), 1, "one token for all calls");

    create_link_token(&client)
        .await
        .expect("a later call reuses the token");
    assert_eq!(endpoint.fetches(), 1);
    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(bearers(&requests), vec!["Bearer token-1"; 17]);
}

#[tokio::test]
async fn a_token_is_replaced_before_it_expires() {
    let server = MockServer::start().await;
    // A lifetime of one second is refreshed after half of it.
    let endpoint = TokenEndpoint::new(1);
    mount_token_endpoint(&server, &endpoint).await;
    mount_api_accepting(&server, &["token-1", "token-2"]).await;
    let client = service_account_client(&server);

    create_link_token(&client).await.expect("authorized");
    create_link_token(&client).await.expect("authorized");
    assert_eq!(endpoint.fetches(), 1, "still fresh");
    tokio::time::sleep(Duration::from_millis(600)).await;
    create_link_token(&client).await.expect("authorized");
    assert_eq!(endpoint.fetches(), 2, "refreshed before expiry");

    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(
        bearers(&requests),
        vec!["Bearer token-1", "Bearer token-1", "Bearer token-2"]
    );
}

#[tokio::test]
async fn a_rejected_token_is_fetched_again_once() {
    let server = MockServer::start().await;
    let endpoint = TokenEndpoint::new(3600);
    mount_token_endpoint(&server, &endpoint).await;
    // The API has revoked `token-1` before it expired.
    mount_api_accepting(&server, &["token-2"]).await;
    let client = service_account_client(&server);

    assert_eq!(
        create_link_token(&client).await.expect("authorized"),
        "token-of-the-link"
    );
    assert_eq!(endpoint.fetches(), 2);
    create_link_token(&client).await.expect("authorized");
    assert_eq!(endpoint.fetches(), 2, "the new token is kept");
    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(
        bearers(&requests),
        vec!["Bearer token-1", "Bearer token-2", "Bearer token-2"]
    );
}

#[tokio::test]
async fn a_call_whose_new_token_is_rejected_too_fails() {
    let server = MockServer::start().await;
    let endpoint = TokenEndpoint::new(3600);
    mount_token_endpoint(&server, &endpoint).await;
    mount_api_accepting(&server, &[]).await;
    let client = service_account_client(&server);

    let error = create_link_token(&client).await.expect_err("401");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(error.error_code(), Some("NOT_AUTHORIZED"));
    assert_eq!(endpoint.fetches(), 2, "one refetch, no more");
}

#[tokio::test]
async fn a_token_endpoint_error_is_returned_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({ "error": "invalid_client" })),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(link_token_path()))
        .respond_with(link_token())
        .expect(0)
        .mount(&server)
        .await;
    let client = service_account_client(&server);

    let error = create_link_token(&client).await.expect_err("401");
    let Error::UnexpectedResponse { status, body, .. } = &error else {
        panic!("expected the raw response, got {error:?}")
    };
    assert_eq!(status.as_u16(), 401);
    assert_eq!(body, r#"{"error":"invalid_client"}"#);
}

#[tokio::test]
async fn a_token_response_without_a_token_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;
    let client = service_account_client(&server);
    let error = create_link_token(&client).await.expect_err("not a token");
    assert!(
        matches!(&error, Error::Decode { status, .. } if status.as_u16() == 200),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_token_url_can_be_set() {
    let api = MockServer::start().await;
    let tokens = MockServer::start().await;
    let endpoint = TokenEndpoint::new(3600);
    mount_token_endpoint(&tokens, &endpoint).await;
    mount_api_accepting(&api, &["token-1"]).await;
    let client = Client::builder()
        .base_url(api.uri())
        .token_url(format!("{}/api/oauth/token", tokens.uri()))
        .credentials(Credentials::service_account(CLIENT_ID, CLIENT_SECRET))
        .build()
        .expect("client builds");
    create_link_token(&client).await.expect("authorized");
    assert_eq!(endpoint.fetches(), 1);
}

#[test]
fn invalid_urls_are_refused_when_building() {
    let error = Client::builder()
        .base_url("not a url")
        .build()
        .expect_err("invalid base URL");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let error = Client::builder()
        .token_url("/relative")
        .build()
        .expect_err("invalid token URL");
    assert!(error.to_string().contains("token URL"), "{error}");
}
