//! Wire test of `names.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): path parameters named with Rust keywords (`GET /things/{type}/{ref}`) refuse the
//! dot segments that would make the request reach another resource, before anything is sent, and
//! percent-encode every other value.

use corpus_names::{Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "type": "a box", "Self": 1 })))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().expect("client builds")
}

/// The paths `server` received, as sent (percent-encoded).
async fn paths(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("requests are recorded");
    requests.iter().map(|request| request.url.path().to_owned()).collect()
}

#[tokio::test]
async fn empty_and_dot_segments_are_refused_before_anything_is_sent() {
    let server = server().await;
    let client = client(&server);
    for value in ["", ".", ".."] {
        let error = client.r#type(value, 1, true).await.expect_err("refused");
        let Error::InvalidRequest(message) = &error else { panic!("{value:?}: expected InvalidRequest, got {error:?}") };
        assert!(message.contains("`type`"), "{value:?}: names the parameter: {message}");
        assert!(message.contains(&format!("{value:?}")), "{value:?}: names the value: {message}");
    }
    // Also with every optional parameter set: they do not change the refusal.
    let error = client.r#type("..", -1, false).r#match("x").self_("y").request("z").await.expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(paths(&server).await, Vec::<String>::new(), "nothing reached the server");
}

#[tokio::test]
async fn path_values_are_percent_encoded() {
    let server = server().await;
    let client = client(&server);
    let cases = [
        ("plain", 7, "/things/plain/7"),
        ("a/b", 0, "/things/a%2Fb/0"),
        ("../x", 1, "/things/..%2Fx/1"),
        ("what?not#here", 2, "/things/what%3Fnot%23here/2"),
        ("100% sure", 3, "/things/100%25%20sure/3"),
        ("...", 4, "/things/.../4"),
        (".hidden", 5, "/things/.hidden/5"),
        ("é~-_.", -6, "/things/%C3%A9~-_./-6"),
    ];
    for (value, reference, _) in cases {
        let found = client.r#type(value, reference, true).await.expect("200");
        assert_eq!(found.r#type.as_deref(), Some("a box"));
        assert_eq!(found.self_2, Some(1), "`Self` is read into `self_2`");
    }
    let expected: Vec<_> = cases.iter().map(|(_, _, path)| (*path).to_owned()).collect();
    assert_eq!(paths(&server).await, expected);
}

#[tokio::test]
async fn keyword_named_query_and_header_parameters_go_out_under_their_spec_names() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t/9"))
        .and(query_param("async", "true"))
        .and(query_param("match", "m"))
        .and(query_param("Self", "S"))
        .and(query_param("send", "s"))
        .and(wiremock::matchers::header("self", "h"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).r#type("t", 9, true).r#match("m").self_2("S").send_2("s").self_("h").await.expect("200");
    server.verify().await;
}
