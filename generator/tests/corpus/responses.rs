//! Wire test of `responses.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): each kind of success response comes back as the type its media type and schema
//! call for (a model, a list, a number, a `Download` of text or bytes, or nothing), each request asks for that media
//! type in `Accept`, and error statuses become the crate's `Error` with their status and body.
//! Also retries and timeouts of an idempotent (`GET`) operation: sent again after a `502`, `503`
//! or `504` and after a connection reset, waiting for `Retry-After` as an HTTP date; a timeout
//! from the client builder or the operation builder is `Error::Timeout`.

use corpus_responses::models::{Item, JobState, Problem};
use corpus_responses::operations::untagged::StartJobResponse;
use corpus_responses::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    (server, client)
}

/// Answers `verb at` with `response`, once, to a request that accepts `accept`.
async fn answer(server: &MockServer, verb: &str, at: &str, accept: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .and(header("accept", accept))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

fn item_json() -> serde_json::Value {
    json!({"id": "i1", "name": "first", "size": 3})
}

fn item() -> Item {
    Item::new("i1").with_name("first").with_size(3)
}

#[tokio::test]
async fn json_objects_arrays_and_numbers_decode_into_their_types() {
    let (server, client) = server_and_client().await;
    let json_ok = |body: serde_json::Value| ResponseTemplate::new(200).set_body_json(body);
    answer(&server, "GET", "/items/i1", "application/json", json_ok(item_json())).await;
    answer(&server, "GET", "/items", "application/json", json_ok(json!([item_json(), {"id": "i2"}]))).await;
    answer(&server, "GET", "/count", "application/json", json_ok(json!(9_007_199_254_740_993_i64))).await;
    answer(&server, "GET", "/maybe/i1", "application/json", json_ok(item_json())).await;

    let one: Item = client.get_item("i1").await.expect("an item");
    assert_eq!(one, item());
    let all: Vec<Item> = client.list_items().await.expect("a list");
    assert_eq!(all, [item(), Item::new("i2")]);
    let count: i64 = client.count_items().await.expect("a number");
    assert_eq!(count, 9_007_199_254_740_993);
    let found: Option<Item> = client.find_item("i1").await.expect("an item");
    assert_eq!(found, Some(item()));
    server.verify().await;
}

#[tokio::test]
async fn a_204_beside_a_200_with_json_is_none() {
    let (server, client) = server_and_client().await;
    answer(&server, "GET", "/maybe/i9", "application/json", ResponseTemplate::new(204)).await;
    let found: Option<Item> = client.find_item("i9").await.expect("no item, and no error");
    assert_eq!(found, None);
}

#[tokio::test]
async fn a_vendor_json_media_type_is_asked_for_and_decoded_as_json() {
    let (server, client) = server_and_client().await;
    let response = ResponseTemplate::new(200).set_body_raw(item_json().to_string(), "application/vnd.example+json");
    answer(&server, "GET", "/vendor", "application/vnd.example+json", response).await;
    let vendor: Item = client.get_vendor().await.expect("an item");
    assert_eq!(vendor, item());
    server.verify().await;
}

#[tokio::test]
async fn several_success_codes_with_one_schema_decode_alike() {
    let (server, client) = server_and_client().await;
    for status in [200, 201] {
        server.reset().await;
        Mock::given(method("PUT"))
            .and(path("/items/i1"))
            .respond_with(ResponseTemplate::new(status).set_body_json(item_json()))
            .expect(1)
            .mount(&server)
            .await;
        let stored: Item = client.upsert_item("i1", item()).await.unwrap_or_else(|e| panic!("{status}: {e:?}"));
        assert_eq!(stored, item(), "{status}");
        server.verify().await;
    }
    // 200 and 202 with different schemas: an enum says which came, each decoded as its own.
    Mock::given(method("POST"))
        .and(path("/jobs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/jobs"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"jobId": "j1", "state": "queued"})))
        .mount(&server)
        .await;
    match client.start_job().await.expect("the item") {
        StartJobResponse::Ok(done) => assert_eq!(*done, item()),
        other => panic!("200 is the item, not {other:?}"),
    }
    match client.start_job().await.expect("the job") {
        StartJobResponse::Accepted(job) => {
            assert_eq!(job.job_id, "j1");
            assert_eq!(job.state, Some(JobState::Queued));
        }
        other => panic!("202 is the job, not {other:?}"),
    }
}

#[tokio::test]
async fn text_responses_are_downloads_read_as_text() {
    let (server, client) = server_and_client().await;
    let readme = "# Read me\n\nÜnïcödé, and a trailing newline\n";
    answer(&server, "GET", "/readme", "text/plain", ResponseTemplate::new(200).set_body_raw(readme, "text/plain; charset=utf-8"))
        .await;
    let csv = "id,name\ni1,\"first, really\"\r\ni2,second\r\n";
    answer(&server, "GET", "/export.csv", "text/csv", ResponseTemplate::new(200).set_body_raw(csv, "text/csv")).await;

    let readme_download = client.get_readme().await.expect("text");
    assert_eq!(readme_download.content_type(), Some("text/plain; charset=utf-8"));
    assert_eq!(readme_download.text().await.expect("read"), readme);
    let text: String = client.export_csv().await.expect("csv").text().await.expect("read");
    assert_eq!(text, csv, "kept byte for byte, line endings included");
    server.verify().await;
}

#[tokio::test]
async fn binary_responses_are_downloads_of_the_bytes_received() {
    let (server, client) = server_and_client().await;
    let blob = vec![0u8, 0xff, 0xfe, b'{', 0x80, 0];
    answer(
        &server,
        "GET",
        "/blobs/b1",
        "application/octet-stream",
        ResponseTemplate::new(200).set_body_raw(blob.clone(), "application/octet-stream"),
    )
    .await;
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    answer(&server, "GET", "/invoice", "application/pdf", ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .await;
    let anything = b"whatever \x01\x02".to_vec();
    answer(&server, "GET", "/any", "*/*", ResponseTemplate::new(200).set_body_raw(anything.clone(), "image/x-unknown")).await;

    let bytes = client.download_blob("b1").await.expect("bytes").collect().await.expect("read");
    assert_eq!(bytes, blob);
    let mut written = Vec::new();
    client.get_invoice().await.expect("a pdf").write_to(&mut written).await.expect("written");
    assert_eq!(written, pdf);
    let mut anything_download = client.get_anything().await.expect("anything");
    let mut received = Vec::new();
    while let Some(chunk) = anything_download.chunk().await.expect("a chunk") {
        received.extend_from_slice(&chunk);
    }
    assert_eq!(received, anything);
    server.verify().await;
}

#[tokio::test]
async fn responses_without_content_are_unit() {
    let (server, client) = server_and_client().await;
    Mock::given(method("DELETE"))
        .and(path("/items/i1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    // A 200 the spec gives no content: an empty body, or one the server sends anyway, is ignored.
    Mock::given(method("POST"))
        .and(path("/ping"))
        .respond_with(ResponseTemplate::new(200))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/ping"))
        .respond_with(ResponseTemplate::new(200).set_body_string("pong"))
        .mount(&server)
        .await;

    let () = client.delete_item("i1").await.expect("204");
    let () = client.ping().await.expect("empty 200");
    let () = client.ping().await.expect("200 with an undocumented body");
    server.verify().await;
}

#[tokio::test]
async fn a_documented_error_body_is_decoded_with_its_status() {
    let (server, client) = server_and_client().await;
    let problem = json!({"code": "NOT_FOUND", "message": "no item i9", "field": "id"});
    Mock::given(method("GET"))
        .and(path("/items/i9"))
        .respond_with(ResponseTemplate::new(404).set_body_json(&problem))
        .mount(&server)
        .await;
    let error = client.get_item("i9").await.expect_err("404");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(error.is_not_found());
    let Error::Api { status, body, .. } = &error else { panic!("a decoded API error: {error:?}") };
    assert_eq!(status.as_u16(), 404);
    assert_eq!((body.code.as_str(), body.message.as_deref(), body.field.as_deref()), ("NOT_FOUND", Some("no item i9"), Some("id")));
    let decoded: Option<&Problem> = error.api_error();
    assert_eq!(decoded.map(|p| p.code.as_str()), Some("NOT_FOUND"));

    // The shared `4XX` response, on operations of every kind of success body.
    let conflict = json!({"code": "CONFLICT"});
    for (verb, at) in [("DELETE", "/items/i1"), ("PUT", "/items/i1"), ("GET", "/items"), ("POST", "/jobs")] {
        Mock::given(method(verb))
            .and(path(at))
            .respond_with(ResponseTemplate::new(409).set_body_json(&conflict))
            .mount(&server)
            .await;
    }
    let errors = [
        client.delete_item("i1").await.expect_err("409"),
        client.upsert_item("i1", item()).await.expect_err("409"),
        client.list_items().await.map(drop).expect_err("409"),
        client.start_job().await.map(drop).expect_err("409"),
    ];
    for error in errors {
        assert_eq!(error.status().map(|s| s.as_u16()), Some(409), "{error:?}");
        assert_eq!(error.api_error().map(|p| p.code.as_str()), Some("CONFLICT"), "{error:?}");
    }
}

#[tokio::test]
async fn an_error_without_a_documented_body_keeps_its_status_and_text() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/items/empty"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/items/html"))
        .respond_with(ResponseTemplate::new(502).set_body_raw("<h1>Bad gateway</h1>", "text/html"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/items/other-json"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "gone"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/blobs/none"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;

    let cases = [
        (client.get_item("empty").await.expect_err("500"), 500, ""),
        (client.get_item("html").await.expect_err("502"), 502, "<h1>Bad gateway</h1>"),
        (client.get_item("other-json").await.expect_err("404"), 404, r#"{"error":"gone"}"#),
        (client.download_blob("none").await.expect_err("404"), 404, ""),
    ];
    for (error, expected_status, expected_body) in cases {
        let Error::UnexpectedResponse { status, body, .. } = &error else { panic!("the body kept as text: {error:?}") };
        assert_eq!((status.as_u16(), body.as_str()), (expected_status, expected_body));
        assert_eq!(error.status().map(|s| s.as_u16()), Some(expected_status));
        assert!(error.api_error().is_none(), "{error:?}");
    }
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_is_a_decode_error_with_the_body() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/items/i1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"name\": \"no id\"}", "application/json"))
        .mount(&server)
        .await;
    let error = client.get_item("i1").await.expect_err("an item needs an id");
    let Error::Decode { status, body, .. } = &error else { panic!("a decode error: {error:?}") };
    assert_eq!((status.as_u16(), body.as_str()), (200, "{\"name\": \"no id\"}"));
}

/// The JSON of a call's success value.
fn json_of<T: serde::Serialize>(result: Result<T, Error>) -> serde_json::Value {
    serde_json::to_value(result.unwrap_or_else(|error| panic!("a success: {error:?}"))).expect("encodes")
}

#[tokio::test]
async fn a_2xx_range_response_decodes_its_schema() {
    let (server, client) = server_and_client().await;
    answer(&server, "GET", "/ranged", "application/json", ResponseTemplate::new(203).set_body_json(item_json())).await;
    assert_eq!(json_of(client.get_ranged().await), item_json(), "the `2XX` body is the Item");
}

#[tokio::test]
async fn a_default_only_response_decodes_its_schema_on_success() {
    let (server, client) = server_and_client().await;
    answer(&server, "GET", "/fallback", "application/json", ResponseTemplate::new(200).set_body_json(item_json())).await;
    assert_eq!(json_of(client.get_fallback().await), item_json(), "the `default` body is the Item");
}

#[tokio::test]
async fn json_is_preferred_when_a_response_offers_it() {
    let (server, client) = server_and_client().await;
    answer(&server, "GET", "/either", "application/json", ResponseTemplate::new(200).set_body_json(item_json())).await;
    assert_eq!(json_of(client.get_either().await), item_json(), "asked for as JSON and decoded as the Item");
}

/// Answers `GET /items/i1` with `first` for the first `times` requests, and the item after them.
async fn failing_then_item(server: &MockServer, first: ResponseTemplate, times: u64) {
    Mock::given(method("GET")).and(path("/items/i1")).respond_with(first).up_to_n_times(times).mount(server).await;
    Mock::given(method("GET"))
        .and(path("/items/i1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |requests| requests.len())
}

#[tokio::test]
async fn a_get_is_retried_after_a_502_503_or_504() {
    for status in [502, 503, 504] {
        let (server, client) = server_and_client().await;
        failing_then_item(&server, ResponseTemplate::new(status), 2).await;
        let started = std::time::Instant::now();
        assert_eq!(client.get_item("i1").await.expect("retried"), item(), "{status}");
        assert_eq!(received(&server).await, 3, "{status}: the call and two retries");
        // Full jitter: at most 0.5 s, then at most 1 s (with room for a busy machine).
        assert!(started.elapsed() < std::time::Duration::from_secs(3), "{:?}", started.elapsed());
    }
}

#[tokio::test]
async fn a_get_gives_up_after_max_retries() {
    let (server, _) = server_and_client().await;
    failing_then_item(&server, ResponseTemplate::new(502), 10).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().with_max_retries(1))
        .build()
        .expect("client builds");
    let error = client.get_item("i1").await.expect_err("still failing");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(502));
    assert_eq!(received(&server).await, 2, "the call and one retry");

    let (server, _) = server_and_client().await;
    failing_then_item(&server, ResponseTemplate::new(502), 1).await;
    let client = Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::disabled()).build().expect("client builds");
    client.get_item("i1").await.expect_err("not retried");
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_for() {
    use std::time::{Duration, Instant, SystemTime};

    // A date in the past: at once.
    let (server, client) = server_and_client().await;
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(3600));
    failing_then_item(&server, ResponseTemplate::new(503).insert_header("Retry-After", past.as_str()), 1).await;
    assert_eq!(client.get_item("i1").await.expect("retried"), item());
    assert_eq!(received(&server).await, 2);

    // Two seconds ahead, to the second: more than one second.
    let (server, client) = server_and_client().await;
    let ahead = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    failing_then_item(&server, ResponseTemplate::new(429).insert_header("Retry-After", ahead.as_str()), 1).await;
    let started = Instant::now();
    assert_eq!(client.get_item("i1").await.expect("retried"), item());
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(received(&server).await, 2);

    // Beyond the time the policy allows: returned at once, with the delay for the caller.
    let (server, _) = server_and_client().await;
    let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(600));
    failing_then_item(&server, ResponseTemplate::new(503).insert_header("Retry-After", later.as_str()), 1).await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    let error = client.get_item("i1").await.expect_err("not waited for");
    assert!(error.retry_after().is_some_and(|delay| delay > Duration::from_secs(590)), "{:?}", error.retry_after());
    assert_eq!(received(&server).await, 1);
}

/// A server on a raw socket that drops each of the first `drops` connections after reading the
/// request, then answers each request with the item. Gives its URL and the connections it took.
fn dropping_then_item(drops: usize) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    use std::sync::atomic::Ordering;

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let seen = counter.fetch_add(1, Ordering::SeqCst);
            // The request head (a GET has no body).
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|read| read == 1) {
                head.push(byte[0]);
            }
            if seen < drops {
                drop(stream);
                continue;
            }
            let body = item_json().to_string();
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (url, accepted)
}

#[tokio::test]
async fn a_get_is_retried_after_a_connection_reset() {
    let (url, accepted) = dropping_then_item(2);
    let client = Client::builder().base_url(url).build().expect("client builds");
    assert_eq!(client.get_item("i1").await.expect("retried"), item());
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 3, "two dropped connections, then the answer");

    let (url, accepted) = dropping_then_item(usize::MAX);
    let client = Client::builder().base_url(url).retry_policy(RetryPolicy::disabled()).build().expect("client builds");
    let error = client.get_item("i1").await.expect_err("the connection was dropped");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_timeout_from_the_client_or_the_request_is_a_timeout_error() {
    use std::time::{Duration, Instant};

    let (server, _) = server_and_client().await;
    let slow = ResponseTemplate::new(200).set_body_json(item_json()).set_delay(Duration::from_secs(5));
    Mock::given(method("GET")).and(path("/items/i1")).respond_with(slow).mount(&server).await;
    let builder = || Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::disabled());

    let client = builder().timeout(Duration::from_millis(200)).build().expect("client builds");
    let started = Instant::now();
    let error = client.get_item("i1").await.expect_err("timed out");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());

    // The request's own timeout wins over the client's, shorter or longer.
    let client = builder().build().expect("client builds");
    let started = Instant::now();
    let error = client.get_item("i1").timeout(Duration::from_millis(200)).await.expect_err("timed out");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());

    let client = builder().timeout(Duration::from_millis(100)).build().expect("client builds");
    let fast = ResponseTemplate::new(200).set_body_json(item_json()).set_delay(Duration::from_millis(500));
    Mock::given(method("GET")).and(path("/items/i2")).respond_with(fast).mount(&server).await;
    client.get_item("i2").timeout(Duration::from_secs(5)).await.expect("within the request's timeout");

    // A caller's own reqwest client: the builder's timeout still applies to each request.
    let http = reqwest::Client::new();
    let client = builder().http_client(http).timeout(Duration::from_millis(200)).build().expect("client builds");
    let error = client.get_item("i1").await.expect_err("timed out");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

#[tokio::test]
async fn a_timed_out_get_is_retried() {
    use std::time::Duration;

    let (server, _) = server_and_client().await;
    let slow = ResponseTemplate::new(200).set_body_json(item_json()).set_delay(Duration::from_secs(5));
    failing_then_item(&server, slow, 1).await;
    let client = Client::builder().base_url(server.uri()).timeout(Duration::from_millis(300)).build().expect("client builds");
    assert_eq!(client.get_item("i1").await.expect("retried"), item());
    assert_eq!(received(&server).await, 2);
}
