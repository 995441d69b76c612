//! Wire test of `params.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): every parameter location, array styles, and the dot-segment refusal in each
//! place a path parameter can stand.

use corpus_params::models::{Interest, KindListItem, SearchTheme};
use corpus_params::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    (server, client)
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |requests| requests.len())
}

#[tokio::test]
async fn dot_segments_are_refused_in_the_first_middle_and_last_segment() {
    let (server, client) = server_and_client().await;
    for bad in ["", ".", ".."] {
        let calls = [
            (client.three_segments(bad, "m", "l").await, "first"),
            (client.three_segments("f", bad, "l").await, "middle"),
            (client.three_segments("f", "m", bad).await, "last"),
        ];
        for (result, name) in calls {
            match result {
                Err(Error::InvalidRequest(message)) => assert!(message.contains(&format!("`{name}`")), "{message}"),
                other => panic!("{bad:?} as {name}: expected InvalidRequest, got {other:?}"),
            }
        }
        let error = client.file_by_name(bad).await.expect_err("refused inside a segment too");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }
    assert_eq!(received(&server).await, 0, "nothing was sent");

    Mock::given(method("GET"))
        .and(path("/a/..%2F/b/.x/c/%252E%252E"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client.three_segments("../", ".x", "%2E%2E").await.expect("encoded values are ordinary segments");
}

#[tokio::test]
async fn query_header_and_cookie_parameters_are_sent_in_their_style() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET")).and(path("/search")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    client
        .search(10, "a;b c")
        .tag(vec!["x".to_owned(), "y".to_owned()])
        .ids(vec![1, 2, 3])
        .words(vec!["red".to_owned(), "fox".to_owned()])
        .flags(vec![true, false])
        .x_request_id("r-1")
        .x_scopes(vec!["read".to_owned(), "write".to_owned()])
        .theme(SearchTheme::Dark)
        .await
        .expect("sent");
    let request = &server.received_requests().await.expect("recording")[0];
    let pairs: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(
        pairs,
        [
            pair("tag", "x"),
            pair("tag", "y"),
            pair("ids", "1,2,3"),
            pair("words", "red fox"),
            pair("flags", "true|false"),
            pair("limit", "10"),
        ],
        "an exploded array is one pair per item; the others are joined in their style"
    );
    let header = |name: &str| request.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("x-request-id"), "r-1");
    assert_eq!(header("x-scopes"), "read,write", "a header array is one comma-separated value");
    assert_eq!(header("cookie"), "session=a%3Bb%20c; theme=dark", "cookie values are encoded where they must be");
    assert_eq!(request.headers.get_all("accept").iter().count(), 1, "the spec's Accept parameter is ignored");
}

#[tokio::test]
async fn array_path_parameters_are_comma_separated() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET")).and(path("/ranges/4,5")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    client.by_ids(vec![4, 5]).await.expect("sent");
}

#[tokio::test]
async fn arrays_named_in_components_are_sent_item_by_item_in_every_location() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET")).and(path("/named/7,8")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    client
        .by_named_arrays(vec![7, 8])
        .interests(vec![Interest::Sports, Interest::Music])
        .kinds(vec![KindListItem::Small, KindListItem::Large])
        .x_kinds(vec![KindListItem::Large])
        .picks(vec![1, 2])
        .await
        .expect("sent");
    let request = &server.received_requests().await.expect("recording")[0];
    let pairs: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(pairs, [pair("interests", "sports"), pair("interests", "music"), pair("kinds", "small,large")]);
    let header = |name: &str| request.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("x-kinds"), "large");
    assert_eq!(header("cookie"), "picks=1%2C2", "joined with commas, which a cookie value must encode");
}
