//! Tracing of real Atlas operations: the `call` span names the operation, its path template and
//! the API version of the media type it accepts.
//! Copied into the crate `cargo xtask whole-api` generates; not a test of the generator crate.

mod support;

use atlas_admin::Client;
use serde_json::json;
use support::trace::capture;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_call_is_traced_with_the_operation_template_and_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters",
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "results": [], "totalCount": 0 })),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let captured = capture(async {
        client
            .list_group_clusters("32b6e34b3d91647abb20e7b8")
            .await
            .unwrap();
    })
    .await;
    let spans = captured.spans();
    let calls: Vec<_> = spans.iter().filter(|span| span.name == "call").collect();
    assert_eq!(calls.len(), 1, "{spans:?}");
    for (name, value) in [
        ("operation_id", "listGroupClusters"),
        ("method", "GET"),
        ("path", "/api/atlas/v2/groups/{groupId}/clusters"),
        ("api_version", "2024-08-05"),
        ("attempt", "1"),
        ("status", "200"),
    ] {
        assert_eq!(calls[0].field(name), value, "{name} in {spans:?}");
    }
    let text = captured.all_text();
    assert!(!text.contains("32b6e34b3d91647abb20e7b8"), "{text}");
}
