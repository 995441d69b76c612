//! Wire test of `bodies.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): each request body is sent as its media type says.

use corpus_bodies::models::{Signup, SignupAddress, Upload, UploadKind, UploadMeta};
use corpus_bodies::{ByteStream, Client, Error};
use wiremock::matchers::{body_bytes, body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    (server, client)
}

fn signup() -> Signup {
    let preferences = [("news".to_owned(), true)].into_iter().collect();
    Signup::new("ada@example.com")
        .with_age(36)
        .with_tags(vec!["a b".to_owned(), "c&d".to_owned()])
        .with_address(SignupAddress::new().with_city("Zürich").with_zip("8000"))
        .with_preferences(preferences)
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

#[tokio::test]
async fn form_bodies_are_url_encoded_with_their_encoding() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/form"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client.send_form(signup()).await.expect("sent");
    let body = String::from_utf8(only_request(&server).await.body).expect("text");
    // Arrays are exploded (one field per item), `address` is a deepObject, `preferences` JSON.
    assert_eq!(
        body,
        "email=ada%40example.com&age=36&tags=a+b&tags=c%26d&address%5Bcity%5D=Z%C3%BCrich&address%5Bzip%5D=8000&preferences=%7B%22news%22%3Atrue%7D"
    );
}

#[tokio::test]
async fn json_stays_the_default_and_the_caller_may_choose_another_media_type() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/either"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({
            "email": "ada@example.com", "age": 36, "tags": ["a b", "c&d"],
            "address": {"city": "Zürich", "zip": "8000"}, "preferences": {"news": true}
        })))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client.send_either(signup()).await.expect("sent as JSON");

    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/either"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("email=ada%40example.com"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client
        .send_either(Signup::new("ada@example.com"))
        .content_type("application/x-www-form-urlencoded")
        .await
        .expect("sent as a form");

    let error = client.send_either(signup()).content_type("application/xml").await.expect_err("not offered");
    assert!(matches!(&error, Error::InvalidRequest(message) if message.contains("application/xml")), "{error:?}");
}

/// The parts of a multipart body: (headers text, body bytes) by part name, in order.
fn parts(request: &Request) -> Vec<(String, String, Vec<u8>)> {
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let boundary = format!("--{}", content_type.split("boundary=").nth(1).expect("a boundary"));
    let body = &request.body;
    let text = String::from_utf8_lossy(body).into_owned();
    let mut out = Vec::new();
    for chunk in text.split(&boundary).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.trim_start_matches("\r\n");
        let (head, content) = chunk.split_once("\r\n\r\n").expect("part head and body");
        let name = head.split("name=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a part name").to_owned();
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        out.push((name, head.to_owned(), content.as_bytes().to_vec()));
    }
    out
}

#[tokio::test]
async fn multipart_bodies_send_files_text_and_json_parts() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/upload"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "u1"})))
        .mount(&server)
        .await;
    let upload = Upload::new(ByteStream::from(b"PDF bytes".to_vec()).with_file_name("report.pdf"), "Q3 report")
        .with_kind(UploadKind::Scan)
        .with_attachments(vec![ByteStream::from("one"), ByteStream::from("two").with_content_type("text/csv")])
        .with_avatar(ByteStream::from(&b"\x89PNG"[..]))
        .with_meta(UploadMeta::new().with_size(9));
    let stored = client.upload_files(upload).await.expect("stored");
    assert_eq!(stored.id.as_deref(), Some("u1"));

    let request = only_request(&server).await;
    let parts = parts(&request);
    let names: Vec<&str> = parts.iter().map(|(name, ..)| name.as_str()).collect();
    assert_eq!(names, ["file", "title", "kind", "attachments", "attachments", "avatar", "meta"]);
    let part = |i: usize| &parts[i];
    assert!(part(0).1.contains("filename=\"report.pdf\""), "{}", part(0).1);
    assert!(part(0).1.contains("application/octet-stream"), "{}", part(0).1);
    assert_eq!(part(0).2, b"PDF bytes");
    assert_eq!(part(1).2, b"Q3 report");
    assert!(!part(1).1.contains("filename"), "a text part is not a file: {}", part(1).1);
    assert_eq!(part(2).2, b"scan");
    assert_eq!(part(3).2, b"one");
    assert!(part(4).1.contains("text/csv"), "the data's own content type wins: {}", part(4).1);
    // The encoding object gives the avatar's content type; its file name defaults to the property.
    assert!(part(5).1.contains("image/png") && part(5).1.contains("filename=\"avatar\""), "{}", part(5).1);
    assert!(part(6).1.contains("application/json"), "{}", part(6).1);
    assert_eq!(part(6).2, br#"{"size":9}"#);
}

#[tokio::test]
async fn binary_bodies_are_sent_as_bytes_or_streamed() {
    let (server, client) = server_and_client().await;
    Mock::given(method("PUT"))
        .and(path("/raw/a.bin"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(vec![0u8, 159, 146, 150]))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    client.put_raw("a.bin", vec![0u8, 159, 146, 150]).await.expect("bytes sent");
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(vec![0u8, 159]), Ok(vec![146, 150])];
    let stream = futures_util_stream(chunks);
    client.put_raw("a.bin", ByteStream::from_stream(stream)).await.expect("stream sent");

    Mock::given(method("POST"))
        .and(path("/image"))
        .and(header("content-type", "image/png"))
        .and(body_bytes(b"\x89PNG".to_vec()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client.post_image().body(ByteStream::from(&b"\x89PNG"[..])).await.expect("image sent");
}

/// A stream of `chunks`, without a dependency on `futures`.
fn futures_util_stream(chunks: Vec<Result<Vec<u8>, std::io::Error>>) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    struct Chunks(std::vec::IntoIter<Result<Vec<u8>, std::io::Error>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Chunks(chunks.into_iter())
}

#[tokio::test]
async fn a_streamed_body_is_not_sent_again_on_a_rate_limit() {
    let (server, client) = server_and_client().await;
    Mock::given(method("PUT"))
        .and(path("/raw/b"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let stream = futures_util_stream(vec![Ok(b"x".to_vec())]);
    let error = client.put_raw("b", ByteStream::from_stream(stream)).await.expect_err("429");
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(server.received_requests().await.map_or(0, |r| r.len()), 1, "sent once");
    // Bytes in memory are retried as the policy says.
    let error = client.put_raw("b", b"x".to_vec()).await.expect_err("429 again");
    assert!(error.is_rate_limited(), "{error:?}");
    assert!(server.received_requests().await.map_or(0, |r| r.len()) > 2, "retried");
}

#[tokio::test]
async fn text_bodies_are_sent_as_they_are() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/note"))
        .and(header("content-type", "text/plain"))
        .and(body_string("line one\nline two"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client.post_note("line one\nline two").await.expect("sent");
    Mock::given(method("POST"))
        .and(path("/xml"))
        .and(header("content-type", "application/xml"))
        .and(body_string("<a>1</a>"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client.post_xml("<a>1</a>").await.expect("sent");
}
