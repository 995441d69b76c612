//! Wire test of `must_violations.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): the server whose URL names an undeclared variable is not used, so a client needs a
//! base URL; the security alternative naming an undefined scheme is skipped, so the other one is
//! what the call sends.

use corpus_must_violations::{Client, Credentials, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn without_the_unusable_server_a_client_needs_a_base_url() {
    assert!(matches!(Client::new(), Err(Error::InvalidRequest(_))));
}

#[tokio::test]
async fn the_alternative_with_a_defined_scheme_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports"))
        .and(header("x-api-key", "k-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(["first"]))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::api_key("k-1"))
        .build()
        .expect("client builds");
    assert_eq!(client.list_reports().await.expect("sent"), ["first"]);
}
