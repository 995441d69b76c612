//! `envelope(true)`: Atlas wraps its answer as `{"status": <HTTP status>, "content": <body>}`
//! (a list gets `status` beside its `results`) and answers `200 OK` even for an error. The
//! client unwraps it before decoding, and an enveloped error status is the same `Error` the
//! plain error response gives.
//! Copied into the crate `cargo xtask whole-api` generates; not a test of the generator crate.

use atlas_admin::{Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";

async fn answering(at: &str, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at))
        .and(query_param("envelope", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().expect("client builds")
}

#[tokio::test]
async fn a_get_decodes_the_content_of_its_envelope() {
    let server = answering(
        "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/Cluster0",
        json!({ "status": 200, "content": { "name": "Cluster0", "groupId": GROUP, "stateName": "IDLE" } }),
    )
    .await;
    let cluster = client(&server).get_group_cluster(GROUP, "Cluster0").envelope(true).await.expect("unwrapped");
    assert_eq!(cluster.name.as_deref(), Some("Cluster0"));
    assert_eq!(cluster.group_id.as_deref(), Some(GROUP));
}

#[tokio::test]
async fn a_list_decodes_with_status_beside_its_results() {
    let server = answering(
        "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters",
        json!({ "status": 200, "results": [{ "name": "Cluster0" }, { "name": "Cluster1" }], "totalCount": 2, "links": [] }),
    )
    .await;
    let page = client(&server).list_group_clusters(GROUP).envelope(true).await.expect("unwrapped");
    let names: Vec<_> = page.results.iter().map(|cluster| cluster.name.as_deref()).collect();
    assert_eq!(names, [Some("Cluster0"), Some("Cluster1")]);
    assert_eq!(page.total_count, Some(2));
}

#[tokio::test]
async fn an_enveloped_error_is_the_error_with_its_inner_status() {
    let server = answering(
        "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/Missing",
        json!({ "status": 404, "content": {
            "error": 404, "errorCode": "CLUSTER_NOT_FOUND", "reason": "Not Found", "detail": "No cluster named Missing."
        } }),
    )
    .await;
    let error = client(&server).get_group_cluster(GROUP, "Missing").envelope(true).await.expect_err("404 inside a 200");
    assert!(error.is_not_found(), "{error:?}");
    let Error::Api { status, body, .. } = &error else { panic!("the error body decoded: {error:?}") };
    assert_eq!(status.as_u16(), 404);
    assert_eq!(body.error_code, "CLUSTER_NOT_FOUND");
}

#[tokio::test]
async fn without_envelope_true_the_body_is_decoded_as_it_is() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/Cluster0"))
        .and(query_param("envelope", "false"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "name": "Cluster0", "status": 200 })))
        .expect(1)
        .mount(&server)
        .await;
    let cluster = client(&server).get_group_cluster(GROUP, "Cluster0").envelope(false).await.expect("plain");
    assert_eq!(cluster.name.as_deref(), Some("Cluster0"));
}
