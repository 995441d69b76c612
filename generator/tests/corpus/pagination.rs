//! Wire test of `pagination.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): paginated lists whose pages have other shapes than Atlas's (32-bit paging
//! parameters, results that may be left out, a required count and required links, pages of
//! strings without links or count) are read page by page, every page with the caller's
//! parameters.

use corpus_pagination::{Client, Error};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serve(server: &MockServer, route: &str, number: u32, body: Value) {
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param("pageNum", number.to_string()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

/// The query of every request the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("the server records requests");
    requests.iter().map(|request| request.url.query().unwrap_or_default().to_owned()).collect()
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().expect("the client builds")
}

fn orders(ids: &[i64], next: bool) -> Value {
    let mut links = vec![json!({ "rel": "self", "href": "https://api.example.com/orders" })];
    if next {
        links.push(json!({ "rel": "next", "href": "https://api.example.com/orders?pageNum=2" }));
    }
    let results: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
    json!({ "results": results, "totalCount": 5, "links": links })
}

#[tokio::test]
async fn every_page_is_requested_with_the_callers_parameters() {
    let server = MockServer::start().await;
    serve(&server, "/orders", 1, orders(&[1, 2], true)).await;
    serve(&server, "/orders", 2, orders(&[3, 4], true)).await;
    serve(&server, "/orders", 3, orders(&[5], false)).await;
    let client = client(&server);
    // `items` is a parameter of the operation: its setter makes way for the stream.
    let ids: Vec<Option<i64>> = client
        .list_orders()
        .items_per_page(2)
        .items_2("apple")
        .items()
        .map_ok(|order| order.id)
        .try_collect()
        .await
        .expect("every page is read");
    assert_eq!(ids, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
    assert_eq!(
        queries(&server).await,
        [
            "pageNum=1&itemsPerPage=2&items=apple",
            "pageNum=2&itemsPerPage=2&items=apple",
            "pageNum=3&itemsPerPage=2&items=apple"
        ]
    );
}

#[tokio::test]
async fn a_server_that_caps_the_page_size_is_read_to_the_end_by_its_links() {
    // Asked for 4 orders a page, the server gives 2: a short page, but its links name a next
    // page and its count says 5, so the list goes on until they say it ends.
    let server = MockServer::start().await;
    serve(&server, "/orders", 1, orders(&[1, 2], true)).await;
    serve(&server, "/orders", 2, orders(&[3, 4], true)).await;
    serve(&server, "/orders", 3, orders(&[5], false)).await;
    let ids: Vec<Option<i64>> = client(&server)
        .list_orders()
        .items_per_page(4)
        .items()
        .map_ok(|order| order.id)
        .try_collect()
        .await
        .expect("every page is read");
    assert_eq!(ids, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
    assert_eq!(queries(&server).await.len(), 3);
}

#[tokio::test]
async fn a_32_bit_page_number_starts_where_the_caller_says() {
    let server = MockServer::start().await;
    serve(&server, "/orders", 3, orders(&[5], false)).await;
    let client = client(&server);
    let pages: Vec<_> = client.list_orders().page_num(3).pages().try_collect().await.expect("the page is read");
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].total_count, 5);
    assert_eq!(queries(&server).await, ["pageNum=3"]);
}

#[tokio::test]
async fn a_page_without_results_ends_the_list() {
    let server = MockServer::start().await;
    serve(&server, "/orders", 1, json!({ "totalCount": 9, "links": [{ "rel": "next", "href": "x" }] })).await;
    serve(&server, "/orders", 2, orders(&[1], false)).await;
    let client = client(&server);
    let mut items = client.list_orders().items();
    assert!(items.next().await.is_none());
    assert_eq!(queries(&server).await, ["pageNum=1"]);
}

#[tokio::test]
async fn pages_without_links_or_count_end_on_an_empty_page() {
    let server = MockServer::start().await;
    serve(&server, "/tags", 1, json!({ "results": ["a", "b"] })).await;
    serve(&server, "/tags", 2, json!({ "results": ["c"] })).await;
    serve(&server, "/tags", 3, json!({ "results": [] })).await;
    serve(&server, "/tags", 4, json!({ "results": ["never"] })).await;
    let client = client(&server);
    let tags: Vec<String> = client.list_tags().items().try_collect().await.expect("every page is read");
    assert_eq!(tags, ["a", "b", "c"]);
    assert_eq!(queries(&server).await, ["pageNum=1", "pageNum=2", "pageNum=3"]);
}

#[tokio::test]
async fn a_failing_page_is_the_last_element() {
    let server = MockServer::start().await;
    serve(&server, "/tags", 1, json!({ "results": ["a", "b"] })).await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .and(query_param("pageNum", "2"))
        .respond_with(ResponseTemplate::new(400).set_body_string("bad page"))
        .mount(&server)
        .await;
    let client = client(&server);
    let all: Vec<Result<String, Error>> = client.list_tags().items().collect().await;
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(all[..2].iter().all(Result::is_ok));
    assert_eq!(all[2].as_ref().err().and_then(Error::status).map(|status| status.as_u16()), Some(400));
}

#[tokio::test]
async fn the_near_miss_is_an_ordinary_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tags"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "results": ["a"] })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let page = client.create_tags(vec!["a".to_owned()]).page_num(1).await.expect("the call succeeds");
    assert_eq!(page.results, ["a"]);
}
