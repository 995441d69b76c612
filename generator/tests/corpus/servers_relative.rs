//! Wire test of `servers_relative.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask
//! corpus` generates): a spec whose only server is relative (`/api/v1`) has no default base URL,
//! so a client needs one set.

use corpus_servers_relative::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The error of building a client without a base URL; its message must say to set one.
fn assert_needs_a_base_url(result: Result<Client, Error>) {
    match result {
        Err(Error::InvalidRequest(message)) => {
            assert!(message.contains("base URL"), "{message}");
            assert!(message.contains("ClientBuilder::base_url"), "names the setter: {message}");
            assert!(message.contains("/api/v1"), "names the relative server: {message}");
        }
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

#[test]
fn a_client_without_a_base_url_is_refused() {
    assert_needs_a_base_url(Client::new());
    assert_needs_a_base_url(Client::builder().build());
}

#[tokio::test]
async fn requests_work_with_a_base_url() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD")).and(path("/api/v1/ping")).respond_with(ResponseTemplate::new(200)).expect(1).mount(&server).await;
    let client = Client::builder().base_url(format!("{}/api/v1", server.uri())).build().expect("client builds");
    client.ping().await.expect("200");
    server.verify().await;
}
