//! Downloads of the whole-API subset (gzip logs, CSV invoices): `send` returns once the status
//! and headers are in, and the body is read as the caller consumes it, as chunks, into an
//! `AsyncWrite`, or whole. Error statuses still become `Error`s, with the error body decoded.
//! Copied into the crate `cargo xtask whole-api` generates; not a test of the generator crate.

use std::io::{Read, Write};
use std::pin::Pin;
use std::sync::mpsc;
use std::time::Duration;

use atlas_admin::models::DownloadGroupClusterLogLogName;
use atlas_admin::{Client, Download, Error};
use futures_core::Stream;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const LOG_PATH: &str = "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/host-1/logs/mongodb.gz";

/// Bytes that are not text, as a gzip archive's are.
fn archive(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

async fn serving_log(body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LOG_PATH))
        .and(header("accept", "application/vnd.atlas.2023-02-01+gzip"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/vnd.atlas.2023-02-01+gzip"))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn client(url: String) -> Client {
    Client::builder().base_url(url).build().expect("client builds")
}

async fn download(client: &Client) -> Result<Download, Error> {
    client.download_group_cluster_log(GROUP, "host-1", DownloadGroupClusterLogLogName::Mongodb).await
}

async fn next(stream: &mut Download) -> Option<Result<bytes::Bytes, Error>> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::test]
async fn a_log_is_a_stream_of_chunks() {
    let body = archive(300_000);
    let server = serving_log(body.clone()).await;
    let client = client(server.uri());
    let mut log = download(&client).await.expect("200");
    assert_eq!(log.content_type(), Some("application/vnd.atlas.2023-02-01+gzip"));
    assert_eq!(log.content_length(), Some(300_000));
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = next(&mut log).await {
        received.extend_from_slice(&chunk.expect("a chunk"));
        chunks += 1;
    }
    assert!(chunks >= 1);
    assert_eq!(received, body, "every byte, in order");
    assert!(next(&mut log).await.is_none(), "the stream stays ended");
}

#[tokio::test]
async fn a_log_is_written_to_a_file() {
    let body = archive(200_000);
    let server = serving_log(body.clone()).await;
    let client = client(server.uri());
    let dir = std::env::temp_dir().join(format!("atlas-admin-download-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let file_path = dir.join("mongodb.log.gz");
    let mut file = tokio::fs::File::create(&file_path).await.expect("a file");
    let written = download(&client).await.expect("200").write_to(&mut file).await.expect("written");
    drop(file);
    assert_eq!(written, 200_000);
    assert_eq!(std::fs::read(&file_path).expect("the file"), body);
    std::fs::remove_dir_all(&dir).expect("cleaned up");
}

#[tokio::test]
async fn a_log_is_written_to_a_vec_or_collected() {
    let body = archive(50_000);
    let server = serving_log(body.clone()).await;
    let client = client(server.uri());
    let mut out: Vec<u8> = Vec::new();
    let written = download(&client).await.expect("200").write_to(&mut out).await.expect("written");
    assert_eq!((written, &out), (50_000, &body));

    let server = serving_log(body.clone()).await;
    let client = self::client(server.uri());
    let whole = download(&client).await.expect("200").collect().await.expect("read whole");
    assert_eq!(whole.as_ref(), body.as_slice());
}

#[tokio::test]
async fn a_csv_invoice_is_a_download_read_as_text() {
    let server = MockServer::start().await;
    let csv = "Date,Usage\r\n2026-01-01,12.5\r\n";
    Mock::given(method("GET"))
        .and(path("/api/atlas/v2/orgs/4b1e2c3d4e5f6a7b8c9d0e1f/invoices/5a6b7c8d9e0f1a2b3c4d5e6f/csv"))
        .and(header("accept", "application/vnd.atlas.2023-01-01+csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(csv, "application/vnd.atlas.2023-01-01+csv"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(server.uri());
    let invoice = client.get_org_invoice_csv("4b1e2c3d4e5f6a7b8c9d0e1f", "5a6b7c8d9e0f1a2b3c4d5e6f").await.expect("200");
    assert_eq!(invoice.text().await.expect("read"), csv, "kept byte for byte");
}

#[tokio::test]
async fn an_error_status_is_an_error_with_the_body_decoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LOG_PATH))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": 404, "errorCode": "HOST_NOT_FOUND", "reason": "Not Found", "detail": "No host host-1."
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(server.uri());
    let error = download(&client).await.expect_err("404");
    let Error::Api { status, body, .. } = &error else { panic!("the error body decoded: {error:?}") };
    assert_eq!(status.as_u16(), 404);
    assert_eq!(body.error_code, "HOST_NOT_FOUND");
}

#[tokio::test]
async fn a_rate_limited_download_is_retried_before_the_body_is_handed_over() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LOG_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0").set_body_json(json!({
            "error": 429, "errorCode": "RATE_LIMITED", "reason": "Too Many Requests"
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(LOG_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(archive(1000), "application/vnd.atlas.2023-02-01+gzip"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(server.uri());
    let log = download(&client).await.expect("retried, then 200");
    assert_eq!(log.collect().await.expect("read").len(), 1000);
}

/// `send` returns with the first chunk while the server still holds back the rest: the body
/// is not read before it is handed over, so a large one never sits in memory whole.
#[tokio::test]
async fn the_body_is_not_read_before_it_is_handed_over() {
    const CHUNK: usize = 64 * 1024;
    const LATER_CHUNKS: usize = 256; // 16 MiB after the first chunk
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let (go_on, proceed) = mpsc::channel::<()>();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a connection");
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|read| read == 1) {
            head.push(byte[0]);
        }
        let chunk = vec![b'x'; CHUNK];
        let write_chunk = |stream: &mut std::net::TcpStream| {
            stream.write_all(format!("{CHUNK:x}\r\n").as_bytes())?;
            stream.write_all(&chunk)?;
            stream.write_all(b"\r\n")
        };
        stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/vnd.atlas.2023-02-01+gzip\r\ntransfer-encoding: chunked\r\n\r\n")
            .expect("the head");
        write_chunk(&mut stream).expect("the first chunk");
        // Nothing more until the client has had the first chunk.
        proceed.recv_timeout(Duration::from_secs(30)).expect("the client read the first chunk");
        for _ in 0..LATER_CHUNKS {
            write_chunk(&mut stream).expect("a chunk");
        }
        stream.write_all(b"0\r\n\r\n").expect("the end");
    });
    let client = client(url);
    let mut log = download(&client).await.expect("200, before the body is complete");
    let mut total = 0;
    let first = log.chunk().await.expect("a chunk").expect("not the end");
    total += first.len();
    go_on.send(()).expect("the server waits");
    let mut largest = first.len();
    while let Some(chunk) = log.chunk().await.expect("a chunk") {
        largest = largest.max(chunk.len());
        total += chunk.len();
    }
    assert_eq!(total, CHUNK * (LATER_CHUNKS + 1));
    assert!(largest <= 1024 * 1024, "chunks as they arrive, not the body whole: {largest} bytes");
    server.join().expect("the server finished");
}
