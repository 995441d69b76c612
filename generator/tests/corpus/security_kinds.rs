//! Wire test of `security_kinds.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): the exact credentials each operation sends, for every kind of security scheme and
//! for requirements that combine them, offer a choice, make them optional or need none.

mod support;

use corpus_security_kinds::{Client, Credentials, Error};
use serde_json::json;
use support::digest::{digest_params, DigestServer};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// base64("alice:open sesame")
const BASIC: &str = "Basic YWxpY2U6b3BlbiBzZXNhbWU=";
const CLIENT_ID: &str = "client-1";
const CLIENT_SECRET: &str = "s3cret";
// base64("client-1:s3cret")
const CLIENT_BASIC: &str = "Basic Y2xpZW50LTE6czNjcmV0";
const ACCESS_TOKEN: &str = "access-token-1";

/// The operations of the spec, by the security they declare.
#[derive(Clone, Copy, Debug)]
enum Op {
    /// `[{basicAuth: []}]`
    Basic,
    /// `[{digestAuth: []}]`
    Digest,
    /// none of its own: the API's `[{bearer: []}]`
    Bearer,
    /// `[{headerKey: [], queryKey: []}, {cookieKey: []}]`
    Keys,
    /// `[{clientCredentials: [read]}]`
    ClientCredentials,
    /// `[{userLogin: [read]}]`
    AuthorizationCode,
    /// `[]`
    Anonymous,
    /// `[{}, {headerKey: []}]`
    OptionalKey,
}

impl Op {
    async fn call(self, client: &Client) -> Result<(), Error> {
        match self {
            Op::Basic => client.with_basic().await,
            Op::Digest => client.with_digest().await,
            Op::Bearer => client.with_bearer().await,
            Op::Keys => client.with_keys().await,
            Op::ClientCredentials => client.with_client_credentials().await,
            Op::AuthorizationCode => client.with_authorization_code().await,
            Op::Anonymous => client.anonymous().await,
            Op::OptionalKey => client.optional_key().await,
        }
    }

    /// The path the request reaches under a base URL of `<mock>/api`.
    fn path(self) -> &'static str {
        match self {
            Op::Basic => "/api/basic",
            Op::Digest => "/api/digest",
            Op::Bearer => "/api/bearer",
            Op::Keys => "/api/keys",
            Op::ClientCredentials => "/api/oauth",
            Op::AuthorizationCode => "/api/browser",
            Op::Anonymous => "/api/public",
            Op::OptionalKey => "/api/optional",
        }
    }
}

/// Every credential a request could carry, as the server received it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Sent {
    authorization: Option<String>,
    x_api_key: Option<String>,
    cookie: Option<String>,
    query: Option<String>,
}

impl Sent {
    fn of(request: &Request) -> Self {
        let header = |name: &str| request.headers.get(name).map(|value| value.to_str().expect("ASCII header").to_owned());
        Sent {
            authorization: header("authorization"),
            x_api_key: header("x-api-key"),
            cookie: header("cookie"),
            query: request.url.query().map(str::to_owned),
        }
    }

    fn authorization(value: &str) -> Self {
        Sent { authorization: Some(value.to_owned()), ..Sent::default() }
    }
}

/// Credentials for every scheme of the spec, each with a value of its own.
fn everything() -> Vec<Credentials> {
    vec![
        Credentials::basic("alice", "open sesame"),
        Credentials::digest("alice", "digest-password"),
        Credentials::bearer("t"),
        Credentials::header_key("hk"),
        Credentials::query_key("qk"),
        Credentials::cookie_key("ck"),
        Credentials::service_account(CLIENT_ID, CLIENT_SECRET),
        Credentials::user_login("user-token"),
    ]
}

/// A mock API under `/api` answering every `GET` with `204`, and a token endpoint at
/// `/oauth/token` that grants `ACCESS_TOKEN` to a well-formed client credentials request.
async fn api() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", CLIENT_BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": ACCESS_TOKEN, "expires_in": 3600, "token_type": "Bearer" })),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

fn client(server: &MockServer, credentials: Vec<Credentials>) -> Client {
    credentials
        .into_iter()
        .fold(Client::builder().base_url(format!("{}/api", server.uri())), |builder, credentials| {
            builder.credentials(credentials)
        })
        .build()
        .expect("client builds")
}

/// The requests `server` received at `path`.
async fn requests_to(server: &MockServer, path: &str) -> Vec<Request> {
    let requests = server.received_requests().await.expect("requests are recorded");
    requests.into_iter().filter(|request| request.url.path() == path).collect()
}

/// What a client with `credentials` sends when it calls `op` once.
async fn sent_by(credentials: Vec<Credentials>, op: Op) -> Sent {
    let server = api().await;
    let client = client(&server, credentials);
    if let Err(error) = op.call(&client).await {
        panic!("{op:?} failed: {error:?}");
    }
    let requests = requests_to(&server, op.path()).await;
    assert_eq!(requests.len(), 1, "{op:?} is sent once: {requests:?}");
    Sent::of(&requests[0])
}

#[tokio::test]
async fn basic_sends_the_user_and_password_and_nothing_else() {
    assert_eq!(sent_by(everything(), Op::Basic).await, Sent::authorization(BASIC));
    assert_eq!(sent_by(vec![Credentials::basic("alice", "open sesame")], Op::Basic).await, Sent::authorization(BASIC));
}

#[tokio::test]
async fn the_api_wide_bearer_token_is_sent_by_an_operation_without_security_of_its_own() {
    assert_eq!(sent_by(everything(), Op::Bearer).await, Sent::authorization("Bearer t"));
    assert_eq!(sent_by(vec![Credentials::bearer("t")], Op::Bearer).await, Sent::authorization("Bearer t"));
}

#[tokio::test]
async fn the_header_and_query_keys_are_sent_together_in_preference_to_the_cookie_key() {
    let sent = sent_by(everything(), Op::Keys).await;
    let expected =
        Sent { x_api_key: Some("hk".to_owned()), query: Some("api_key=qk".to_owned()), ..Sent::default() };
    assert_eq!(sent, expected, "the first alternative, whole, and not the cookie");
    let only_keys = vec![Credentials::header_key("hk"), Credentials::query_key("qk")];
    assert_eq!(sent_by(only_keys, Op::Keys).await, expected);
}

#[tokio::test]
async fn the_cookie_key_is_sent_when_only_it_is_configured() {
    let expected = Sent { cookie: Some("session=ck".to_owned()), ..Sent::default() };
    assert_eq!(sent_by(vec![Credentials::cookie_key("ck")], Op::Keys).await, expected);
    // Half of the first alternative is not enough for it: the cookie alone is sent.
    let half = vec![Credentials::header_key("hk"), Credentials::cookie_key("ck")];
    assert_eq!(sent_by(half, Op::Keys).await, expected);
}

#[tokio::test]
async fn half_of_a_requirement_sends_nothing() {
    assert_eq!(sent_by(vec![Credentials::header_key("hk")], Op::Keys).await, Sent::default());
    assert_eq!(sent_by(vec![Credentials::query_key("qk")], Op::Keys).await, Sent::default());
}

#[tokio::test]
async fn client_credentials_fetch_a_token_from_the_token_url_moved_with_the_base_url() {
    // The spec's tokenUrl is http://localhost:8080/oauth/token, on the host of its default server
    // http://localhost:8080/api. With the base URL moved to <mock>/api, the token URL moves along
    // to <mock>/oauth/token.
    let server = api().await;
    let client = client(&server, vec![Credentials::service_account(CLIENT_ID, CLIENT_SECRET)]);
    let result = Op::ClientCredentials.call(&client).await;
    assert!(
        result.is_ok(),
        "the token must be fetched from {}/oauth/token (the spec's tokenUrl moved with the base URL): {result:?}",
        server.uri()
    );
    let tokens = requests_to(&server, "/oauth/token").await;
    assert_eq!(tokens.len(), 1, "one token request: {tokens:?}");
    assert_eq!(tokens[0].method.as_str(), "POST");
    let calls = requests_to(&server, Op::ClientCredentials.path()).await;
    assert_eq!(calls.len(), 1);
    assert_eq!(Sent::of(&calls[0]), Sent::authorization(&format!("Bearer {ACCESS_TOKEN}")));

    // The token is kept for the next call.
    Op::ClientCredentials.call(&client).await.expect("second call");
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1, "the token is reused");
}

#[tokio::test]
async fn client_credentials_with_everything_configured_send_only_the_access_token() {
    let server = api().await;
    let client = client(&server, everything());
    let result = Op::ClientCredentials.call(&client).await;
    assert!(result.is_ok(), "the token must be fetched from {}/oauth/token: {result:?}", server.uri());
    let calls = requests_to(&server, Op::ClientCredentials.path()).await;
    assert_eq!(calls.len(), 1);
    assert_eq!(Sent::of(&calls[0]), Sent::authorization(&format!("Bearer {ACCESS_TOKEN}")));
}

#[tokio::test]
async fn an_explicit_token_url_wins_over_the_spec() {
    let server = api().await;
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/elsewhere/token"))
        .and(header("authorization", CLIENT_BASIC))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": "from-elsewhere" })))
        .expect(1)
        .mount(&tokens)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/api", server.uri()))
        .token_url(format!("{}/elsewhere/token", tokens.uri()))
        .credentials(Credentials::service_account(CLIENT_ID, CLIENT_SECRET))
        .build()
        .expect("client builds");
    Op::ClientCredentials.call(&client).await.expect("authorized");
    assert!(requests_to(&server, "/oauth/token").await.is_empty(), "the spec's token URL is not used");
    let calls = requests_to(&server, Op::ClientCredentials.path()).await;
    assert_eq!(Sent::of(&calls[0]), Sent::authorization("Bearer from-elsewhere"));
}

#[tokio::test]
async fn the_authorization_code_scheme_sends_the_callers_token() {
    // `bearer` (token `t`) has the same `Bearer` prefix: the operation must send its own scheme's token.
    assert_eq!(sent_by(everything(), Op::AuthorizationCode).await, Sent::authorization("Bearer user-token"));
    assert_eq!(
        sent_by(vec![Credentials::user_login("user-token")], Op::AuthorizationCode).await,
        Sent::authorization("Bearer user-token")
    );
}

#[tokio::test]
async fn an_operation_with_empty_security_sends_nothing_even_with_every_credential_configured() {
    assert_eq!(sent_by(everything(), Op::Anonymous).await, Sent::default());
    assert_eq!(sent_by(Vec::new(), Op::Anonymous).await, Sent::default());
}

#[tokio::test]
async fn optional_security_sends_the_key_when_configured_and_nothing_when_not() {
    let key = Sent { x_api_key: Some("hk".to_owned()), ..Sent::default() };
    assert_eq!(sent_by(vec![Credentials::header_key("hk")], Op::OptionalKey).await, key);
    assert_eq!(sent_by(everything(), Op::OptionalKey).await, key, "only the key, of all the credentials");
    assert_eq!(sent_by(Vec::new(), Op::OptionalKey).await, Sent::default());
    assert_eq!(sent_by(vec![Credentials::bearer("t")], Op::OptionalKey).await, Sent::default());
}

#[tokio::test]
async fn an_operation_whose_requirement_is_not_met_sends_no_credentials() {
    let others = || vec![Credentials::bearer("t"), Credentials::cookie_key("ck"), Credentials::user_login("user-token")];
    assert_eq!(sent_by(others(), Op::Basic).await, Sent::default());
    assert_eq!(sent_by(vec![Credentials::basic("alice", "open sesame")], Op::Bearer).await, Sent::default());
    // No token is fetched for a scheme the client has no credentials for.
    let server = api().await;
    let client = client(&server, others());
    Op::ClientCredentials.call(&client).await.expect("sent without credentials");
    assert!(requests_to(&server, "/oauth/token").await.is_empty());
    let calls = requests_to(&server, Op::ClientCredentials.path()).await;
    assert_eq!(Sent::of(&calls[0]), Sent::default());
}

// ---------------------------------------------------------------------------------------------
// HTTP Digest

const REALM: &str = "corpus";

#[tokio::test]
async fn digest_answers_the_challenge_then_later_calls_in_advance() {
    for credentials in [vec![Credentials::digest("alice", "digest-password")], everything()] {
        let server = MockServer::start().await;
        let digest = DigestServer::new("alice", "digest-password", REALM, "nonce-1").answering(204, ResponseTemplate::new(204));
        Mock::given(method("GET")).and(path(Op::Digest.path())).respond_with(digest.clone()).mount(&server).await;
        let client = client(&server, credentials);

        Op::Digest.call(&client).await.expect("the answer is accepted");
        Op::Digest.call(&client).await.expect("answered in advance");
        // What the server decided, and what each request carried (the calls one after the other).
        let seen: Vec<u16> = digest.seen().iter().map(|seen| seen.status).collect();
        let sent: Vec<Sent> = requests_to(&server, Op::Digest.path()).await.iter().map(Sent::of).collect();
        assert_eq!(sent.len(), 3, "a challenge, its answer, then one request answered in advance: {sent:?}");
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert_eq!((&sent[0], seen[0]), (&Sent::default(), 401), "the first request carries nothing");
        let params: Vec<_> = sent[1..]
            .iter()
            .zip(&seen[1..])
            .map(|(sent, status)| {
                assert_eq!(*status, 204, "a valid answer: {sent:?}");
                let authorization = sent.authorization.as_deref().expect("an answer");
                assert_eq!(*sent, Sent::authorization(authorization), "no other credential");
                let answer = digest_params(authorization);
                (answer["nc"].clone(), answer["algorithm"].clone())
            })
            .collect();
        assert_eq!(params, [("00000001".to_owned(), "MD5".to_owned()), ("00000002".to_owned(), "MD5".to_owned())]);
    }
}
