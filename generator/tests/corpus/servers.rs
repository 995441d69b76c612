//! Wire test of `servers.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): the default base URL is the first server with its variables at their defaults,
//! the `server_*` setters change them, a path-level relative server is put on the client's host,
//! an operation-level server is used as it is, and `base_url` overrides the default.

use corpus_servers::{Client, DEFAULT_BASE_URL, ServerRegion};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The spec's first server, `https://{region}.example.com:{port}/{basePath}`, at its defaults.
const DEFAULT: &str = "https://eu.example.com:443/v2";

#[test]
fn the_default_base_url_is_the_first_server_with_its_variable_defaults() {
    assert_eq!(Client::new().expect("client builds").base_url(), DEFAULT);
    assert_eq!(Client::builder().build().expect("client builds").base_url(), DEFAULT);
    assert_eq!(DEFAULT_BASE_URL, DEFAULT);
}

#[test]
fn each_server_variable_setter_changes_the_default_base_url() {
    let url = |builder: corpus_servers::ClientBuilder| builder.build().expect("client builds").base_url().to_owned();
    assert_eq!(url(Client::builder().server_region(ServerRegion::Us)), "https://us.example.com:443/v2");
    assert_eq!(url(Client::builder().server_region(ServerRegion::ApSouth)), "https://ap-south.example.com:443/v2");
    assert_eq!(url(Client::builder().server_region(ServerRegion::Eu)), DEFAULT);
    assert_eq!(url(Client::builder().server_port("8443")), "https://eu.example.com:8443/v2");
    assert_eq!(url(Client::builder().server_base_path("v3")), "https://eu.example.com:443/v3");
    assert_eq!(
        url(Client::builder().server_base_path("beta").server_port("9000").server_region(ServerRegion::ApSouth)),
        "https://ap-south.example.com:9000/beta"
    );
    assert_eq!(
        url(Client::builder().server_region(ServerRegion::Us).server_region(ServerRegion::ApSouth)),
        "https://ap-south.example.com:443/v2",
        "the last value set wins"
    );
    assert_eq!(ServerRegion::default(), ServerRegion::Eu, "the enum's default is the variable's default");
    assert_eq!(ServerRegion::ApSouth.as_str(), "ap-south");
}

#[test]
fn base_url_overrides_the_default_server_and_its_variables() {
    let client = Client::builder()
        .server_region(ServerRegion::Us)
        .base_url("http://127.0.0.1:9/prefix/")
        .build()
        .expect("client builds");
    assert_eq!(client.base_url(), "http://127.0.0.1:9/prefix", "a trailing slash is dropped");
}

async fn mock(server: &MockServer, verb: &str, at: &str) {
    Mock::given(method(verb)).and(path(at)).respond_with(ResponseTemplate::new(204)).expect(1).mount(server).await;
}

#[tokio::test]
async fn requests_go_under_the_base_url() {
    let server = MockServer::start().await;
    mock(&server, "GET", "/v2/things").await;
    let client = Client::builder().base_url(format!("{}/v2", server.uri())).build().expect("client builds");
    client.list_things().await.expect("204");
    server.verify().await;
}

#[tokio::test]
async fn a_relative_path_level_server_is_put_on_the_clients_host() {
    let server = MockServer::start().await;
    // `/upload-api` replaces the base URL's path, not appended to it.
    mock(&server, "POST", "/upload-api/uploads").await;
    let client = Client::builder().base_url(format!("{}/v2", server.uri())).build().expect("client builds");
    client.upload().await.expect("204");
    server.verify().await;
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1, "{requests:?}");
}

#[tokio::test]
async fn an_operation_level_server_is_used_as_it_is() {
    // The operation's server is `http://{host}:8123/status-api` with host 127.0.0.1 by default: a
    // mock on that very address receives the call, whatever the client's base URL.
    let listener = std::net::TcpListener::bind("127.0.0.1:8123").expect("port 8123 is free for the operation's server");
    let status_server = MockServer::builder().listener(listener).start().await;
    Mock::given(method("GET"))
        .and(path("/status-api/status"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&status_server)
        .await;
    let elsewhere = MockServer::start().await;

    Client::new().expect("client builds").status().await.expect("204 from the default client");
    let overridden = Client::builder().base_url(format!("{}/v2", elsewhere.uri())).build().expect("client builds");
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).expect(0).mount(&elsewhere).await;
    overridden.status().await.expect("204 with a base URL override too");

    status_server.verify().await;
    assert!(elsewhere.received_requests().await.expect("recorded").is_empty(), "the base URL is not used");
}
