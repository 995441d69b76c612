//! Wire test of `responses.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): each kind of success response comes back as the type its media type and schema
//! call for (a model, a list, a number, text, bytes, or nothing), each request asks for that media
//! type in `Accept`, and error statuses become the crate's `Error` with their status and body.

use corpus_responses::models::{Item, Problem};
use corpus_responses::{Client, Error};
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
    let found: Item = client.find_item("i1").await.expect("an item");
    assert_eq!(found, item());
    server.verify().await;
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
    // 200 and 202 with different schemas: the 200 is the item.
    Mock::given(method("POST"))
        .and(path("/jobs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .mount(&server)
        .await;
    let done: Item = client.start_job().await.expect("the item");
    assert_eq!(done, item());
}

#[tokio::test]
async fn text_responses_are_strings() {
    let (server, client) = server_and_client().await;
    let readme = "# Read me\n\nÜnïcödé, and a trailing newline\n";
    answer(&server, "GET", "/readme", "text/plain", ResponseTemplate::new(200).set_body_raw(readme, "text/plain; charset=utf-8"))
        .await;
    let csv = "id,name\ni1,\"first, really\"\r\ni2,second\r\n";
    answer(&server, "GET", "/export.csv", "text/csv", ResponseTemplate::new(200).set_body_raw(csv, "text/csv")).await;

    let text: String = client.get_readme().await.expect("text");
    assert_eq!(text, readme);
    let text: String = client.export_csv().await.expect("csv");
    assert_eq!(text, csv, "kept byte for byte, line endings included");
    server.verify().await;
}

#[tokio::test]
async fn binary_responses_are_the_bytes_received() {
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

    let bytes: Vec<u8> = client.download_blob("b1").await.expect("bytes");
    assert_eq!(bytes, blob);
    let bytes: Vec<u8> = client.get_invoice().await.expect("a pdf");
    assert_eq!(bytes, pdf);
    let bytes: Vec<u8> = client.get_anything().await.expect("anything");
    assert_eq!(bytes, anything);
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
