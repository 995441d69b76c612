//! Paginated list operations read as streams (`pages()`, `items()`) against a local server: pages
//! are requested one at a time as the stream is read, from the caller's page, and the stream
//! ends where the answers say the list ends.
//! Copied into the crate `cargo xtask whole-api` generates; not a test of the generator crate.

use atlas_admin::{Client, Error};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const CLUSTERS: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters";

/// A page of clusters named `names`, with a `next` link or not, and `totalCount` if given.
fn page(names: &[&str], next: bool, total: Option<u64>) -> Value {
    let mut links = vec![json!({ "rel": "self", "href": "https://cloud.mongodb.com/api/atlas/v2/groups" })];
    if next {
        links.push(json!({ "rel": "next", "href": "https://cloud.mongodb.com/api/atlas/v2/groups?pageNum=2" }));
    }
    let results: Vec<Value> = names.iter().map(|name| json!({ "name": name })).collect();
    let mut body = json!({ "results": results, "links": links });
    if let Some(total) = total {
        body["totalCount"] = json!(total);
    }
    body
}

/// Answers the request for page `number` with `body`.
async fn serve(server: &MockServer, number: u32, body: Value) {
    Mock::given(method("GET"))
        .and(path(CLUSTERS))
        .and(header("accept", "application/vnd.atlas.2024-08-05+json"))
        .and(query_param("pageNum", number.to_string()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

/// The `pageNum` and `itemsPerPage` of every request the server received, in order.
async fn requested(server: &MockServer) -> Vec<(String, Option<String>)> {
    let requests = server.received_requests().await.expect("the server records requests");
    requests
        .iter()
        .map(|request| {
            let param = |name: &str| {
                request.url.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
            };
            (param("pageNum").unwrap_or_default(), param("itemsPerPage"))
        })
        .collect()
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().expect("the client builds")
}

fn names(clusters: &[atlas_admin::models::ClusterDescription20240805]) -> Vec<&str> {
    clusters.iter().map(|cluster| cluster.name.as_deref().unwrap_or_default()).collect()
}

/// Three pages of two, two and one clusters, linked by `next` links.
async fn three_pages(server: &MockServer) {
    serve(server, 1, page(&["a", "b"], true, Some(5))).await;
    serve(server, 2, page(&["c", "d"], true, Some(5))).await;
    serve(server, 3, page(&["e"], false, Some(5))).await;
}

fn per_page(pages: &[&str], size: &str) -> Vec<(String, Option<String>)> {
    pages.iter().map(|number| (number.to_string(), Some(size.to_owned()))).collect()
}

#[tokio::test]
async fn a_three_page_list_is_streamed_whole_in_order_with_one_request_per_page() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client(&server);
    let clusters: Vec<_> =
        client.list_group_clusters(GROUP).items_per_page(2).items().try_collect().await.expect("every page is read");
    assert_eq!(names(&clusters), ["a", "b", "c", "d", "e"]);
    assert_eq!(requested(&server).await, per_page(&["1", "2", "3"], "2"));
}

#[tokio::test]
async fn items_can_be_read_one_at_a_time_with_next() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client(&server);
    let mut items = client.list_group_clusters(GROUP).items_per_page(2).items();
    let mut seen = Vec::new();
    while let Some(cluster) = items.next().await {
        seen.push(cluster.expect("every page is read").name.unwrap_or_default());
    }
    assert_eq!(seen, ["a", "b", "c", "d", "e"]);
    // A finished stream stays finished, without another request.
    assert!(items.next().await.is_none());
    assert_eq!(requested(&server).await.len(), 3);
}

#[tokio::test]
async fn pages_yields_each_answer_whole() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client(&server);
    let pages: Vec<_> =
        client.list_group_clusters(GROUP).items_per_page(2).pages().try_collect().await.expect("every page is read");
    let sizes: Vec<usize> = pages.iter().map(|page| page.results.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert!(pages.iter().all(|page| page.total_count == Some(5)));
}

#[tokio::test]
async fn a_stream_stopped_early_requests_no_further_page() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client(&server);
    let first: Vec<_> = client.list_group_clusters(GROUP).items_per_page(2).items().take(3).collect().await;
    let first: Vec<_> = first.into_iter().collect::<Result<_, Error>>().expect("the pages read are fine");
    assert_eq!(names(&first), ["a", "b", "c"]);
    assert_eq!(requested(&server).await, per_page(&["1", "2"], "2"));

    // Nothing is requested before the stream is read.
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("the client builds");
    let items = client.list_group_clusters(GROUP).items();
    assert!(requested(&server).await.is_empty());
    drop(items);
}

#[tokio::test]
async fn the_stream_starts_at_the_callers_page() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client(&server);
    let clusters: Vec<_> = client
        .list_group_clusters(GROUP)
        .page_num(2)
        .items_per_page(2)
        .items()
        .try_collect()
        .await
        .expect("every page is read");
    assert_eq!(names(&clusters), ["c", "d", "e"]);
    assert_eq!(requested(&server).await, per_page(&["2", "3"], "2"));
}

#[tokio::test]
async fn the_stream_ends_on_an_empty_page() {
    let server = MockServer::start().await;
    // No links and no count: only an empty page tells the list is over.
    serve(&server, 1, json!({ "results": [{ "name": "a" }, { "name": "b" }] })).await;
    serve(&server, 2, json!({ "results": [] })).await;
    serve(&server, 3, json!({ "results": [{ "name": "never" }] })).await;
    let client = client(&server);
    let clusters: Vec<_> = client.list_group_clusters(GROUP).items().try_collect().await.expect("every page is read");
    assert_eq!(names(&clusters), ["a", "b"]);
    assert_eq!(requested(&server).await, [("1".to_owned(), None), ("2".to_owned(), None)]);
}

#[tokio::test]
async fn the_stream_ends_on_a_short_page_without_links_or_count() {
    let server = MockServer::start().await;
    // The second page has fewer than the items per page asked for, and nothing else to go by.
    serve(&server, 1, json!({ "results": [{ "name": "a" }, { "name": "b" }] })).await;
    serve(&server, 2, json!({ "results": [{ "name": "c" }] })).await;
    let client = client(&server);
    let clusters: Vec<_> =
        client.list_group_clusters(GROUP).items_per_page(2).items().try_collect().await.expect("every page is read");
    assert_eq!(names(&clusters), ["a", "b", "c"]);
    assert_eq!(requested(&server).await, per_page(&["1", "2"], "2"));
}

#[tokio::test]
async fn a_short_page_whose_links_name_a_next_page_goes_on() {
    let server = MockServer::start().await;
    // Asked for 3 a page, the server caps it at 2: the links decide, not the page's length.
    serve(&server, 1, page(&["a", "b"], true, None)).await;
    serve(&server, 2, page(&["c", "d"], true, Some(5))).await;
    serve(&server, 3, page(&["e"], false, Some(5))).await;
    let client = client(&server);
    let clusters: Vec<_> =
        client.list_group_clusters(GROUP).items_per_page(3).items().try_collect().await.expect("every page is read");
    assert_eq!(names(&clusters), ["a", "b", "c", "d", "e"]);
    assert_eq!(requested(&server).await, per_page(&["1", "2", "3"], "3"));
}

#[tokio::test]
async fn the_stream_ends_on_a_page_without_a_next_link() {
    let server = MockServer::start().await;
    // A full page, with links but none to a next page.
    serve(&server, 1, page(&["a", "b"], false, None)).await;
    serve(&server, 2, page(&["never"], false, None)).await;
    let client = client(&server);
    let clusters: Vec<_> =
        client.list_group_clusters(GROUP).items_per_page(2).items().try_collect().await.expect("every page is read");
    assert_eq!(names(&clusters), ["a", "b"]);
    assert_eq!(requested(&server).await, per_page(&["1"], "2"));
}

#[tokio::test]
async fn an_empty_list_of_links_says_nothing_about_the_next_page() {
    let server = MockServer::start().await;
    serve(&server, 1, json!({ "results": [{ "name": "a" }, { "name": "b" }], "links": [] })).await;
    serve(&server, 2, json!({ "results": [{ "name": "c" }], "links": [] })).await;
    let client = client(&server);
    let clusters: Vec<_> =
        client.list_group_clusters(GROUP).items_per_page(2).items().try_collect().await.expect("every page is read");
    assert_eq!(names(&clusters), ["a", "b", "c"]);
    assert_eq!(requested(&server).await, per_page(&["1", "2"], "2"));
}

#[tokio::test]
async fn the_stream_ends_when_the_total_count_is_reached() {
    let server = MockServer::start().await;
    // No links; the count says four, so a third page is not asked for.
    serve(&server, 1, json!({ "results": [{ "name": "a" }, { "name": "b" }], "totalCount": 4 })).await;
    serve(&server, 2, json!({ "results": [{ "name": "c" }, { "name": "d" }], "totalCount": 4 })).await;
    serve(&server, 3, json!({ "results": [{ "name": "never" }], "totalCount": 4 })).await;
    let client = client(&server);
    let clusters: Vec<_> =
        client.list_group_clusters(GROUP).items_per_page(2).items().try_collect().await.expect("every page is read");
    assert_eq!(names(&clusters), ["a", "b", "c", "d"]);
    assert_eq!(requested(&server).await, per_page(&["1", "2"], "2"));

    // Started at the second page, the first page's items count towards the total.
    let server = MockServer::start().await;
    serve(&server, 2, json!({ "results": [{ "name": "c" }, { "name": "d" }], "totalCount": 4 })).await;
    serve(&server, 3, json!({ "results": [{ "name": "never" }], "totalCount": 4 })).await;
    let client = Client::builder().base_url(server.uri()).build().expect("the client builds");
    let clusters: Vec<_> = client
        .list_group_clusters(GROUP)
        .page_num(2)
        .items_per_page(2)
        .items()
        .try_collect()
        .await
        .expect("every page is read");
    assert_eq!(names(&clusters), ["c", "d"]);
    assert_eq!(requested(&server).await, per_page(&["2"], "2"));
}

#[tokio::test]
async fn an_error_page_yields_the_error_and_ends_the_stream() {
    let server = MockServer::start().await;
    serve(&server, 1, page(&["a", "b"], true, None)).await;
    Mock::given(method("GET"))
        .and(path(CLUSTERS))
        .and(query_param("pageNum", "2"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "detail": "No group with ID 32b6e34b3d91647abb20e7b8 exists.",
            "error": 404,
            "errorCode": "GROUP_NOT_FOUND",
            "reason": "Not Found"
        })))
        .mount(&server)
        .await;
    serve(&server, 3, page(&["never"], false, None)).await;
    let client = client(&server);
    let mut items = client.list_group_clusters(GROUP).items_per_page(2).items();
    let first = items.next().await.expect("a first item").expect("the first page is read");
    assert_eq!(first.name.as_deref(), Some("a"));
    assert!(matches!(items.next().await, Some(Ok(_))));
    let error = items.next().await.expect("the error is yielded").expect_err("the second page fails");
    assert!(error.is_not_found(), "{error:?}");
    assert_eq!(error.error_code(), Some("GROUP_NOT_FOUND"));
    assert!(items.next().await.is_none(), "the stream ends after the error");
    assert_eq!(requested(&server).await, per_page(&["1", "2"], "2"));

    // The same through pages().
    let mut pages = client.list_group_clusters(GROUP).items_per_page(2).pages();
    assert!(matches!(pages.next().await, Some(Ok(_))));
    assert!(matches!(pages.next().await, Some(Err(_))));
    assert!(pages.next().await.is_none());
}

#[test]
fn the_streams_are_send() {
    fn send<T: Send>(_: &T) {}
    let client = Client::builder().base_url("http://localhost:1").build().expect("the client builds");
    send(&client.list_group_clusters(GROUP).pages());
    send(&client.list_group_clusters(GROUP).items());
}
