//! Wire test of `servers_none.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): a spec without servers has no default base URL, so a client needs one set.

use corpus_servers_none::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The error of building a client without a base URL; its message must say to set one.
fn assert_needs_a_base_url(result: Result<Client, Error>) {
    match result {
        Err(Error::InvalidRequest(message)) => {
            assert!(message.contains("base URL"), "{message}");
            assert!(message.contains("ClientBuilder::base_url"), "names the setter: {message}");
            assert!(message.contains("no servers"), "says why there is no default: {message}");
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
    Mock::given(method("GET")).and(path("/ping")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    assert_eq!(client.base_url(), server.uri());
    client.ping().await.expect("204");
    server.verify().await;
}
