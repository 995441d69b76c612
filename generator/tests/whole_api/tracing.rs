//! Tracing of real Atlas operations: the `call` span names the operation, its path template and
//! the API version of the media type it accepts.
//! Copied into the crate `cargo xtask whole-api` generates; not a test of the generator crate.

use std::fmt;
use std::sync::{Arc, Mutex};

use atlas_admin::Client;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The fields of the spans traced while it is the thread's subscriber, as `name=value` text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

impl tracing::field::Visit for Capture {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut self.clone());
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

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
    let capture = Capture::default();
    {
        let _default = tracing::subscriber::set_default(capture.clone());
        client
            .list_group_clusters("32b6e34b3d91647abb20e7b8")
            .await
            .unwrap();
    }
    let fields = capture.0.lock().unwrap().clone();
    for expected in [
        "operation_id=\"listGroupClusters\"",
        "method=\"GET\"",
        "path=\"/api/atlas/v2/groups/{groupId}/clusters\"",
        "api_version=\"2024-08-05\"",
        "attempt=1",
        "status=200",
    ] {
        assert!(
            fields.iter().any(|field| field == expected),
            "{expected} in {fields:?}"
        );
    }
    assert!(
        !fields
            .iter()
            .any(|field| field.contains("32b6e34b3d91647abb20e7b8")),
        "{fields:?}"
    );
}
