//! Plain calls of the whole-API subset against a local server: the list and download operations
//! the other wire tests build on send the right request and decode the answer.
//! Copied into the crate `cargo xtask whole-api` generates; not a test of the generator crate.

use atlas_admin::Client;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn one_page_of_clusters_is_read_with_the_newest_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters"))
        .and(header("accept", "application/vnd.atlas.2024-08-05+json"))
        .and(query_param("pageNum", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [{ "name": "Cluster0" }],
            "totalCount": 3,
            "links": []
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let page = client.list_group_clusters("32b6e34b3d91647abb20e7b8").page_num(2).await.unwrap();
    assert_eq!(page.results.len(), 1);
    assert_eq!(page.results[0].name.as_deref(), Some("Cluster0"));
    assert_eq!(page.total_count, Some(3));
}
