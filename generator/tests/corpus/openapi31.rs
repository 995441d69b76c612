//! Wire test of `openapi31.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): what each OpenAPI 3.1 construct becomes when a call is sent and its answer read.

use corpus_openapi31::models::{Kind, NewPet, Owner, PetCode, PetSchema};
use corpus_openapi31::{ByteStream, Client, Credentials};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server_and_client(credentials: Option<Credentials>) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let mut builder = Client::builder().base_url(server.uri());
    if let Some(credentials) = credentials {
        builder = builder.credentials(credentials);
    }
    (server, builder.build().expect("client builds"))
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

#[test]
fn the_default_base_url_is_the_servers_url() {
    let client = Client::new().expect("a client with the spec's server");
    assert_eq!(client.base_url(), "https://pets.example.com/v1");
}

/// `/pets` is a `$ref` to `components.pathItems`; `type: [integer, 'null']` with numeric
/// exclusive bounds is an integer parameter; the answer's `type` arrays, `const`, `prefixItems`
/// and `anyOf [.., 'null']` decode.
#[tokio::test]
async fn a_path_item_from_components_is_called_and_its_answer_read() {
    let (server, client) = server_and_client(Some(Credentials::bearer("t-1"))).await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("limit", "5"))
        .and(header("authorization", "Bearer t-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": 1, "name": "Rex", "schema": "pet/v1", "tags": [], "position": [1.5, 2.5], "code": 7},
            {"id": 2, "name": "Tom", "schema": "pet/v1", "tags": ["x"], "position": [0.0, 0.0], "code": "c-2", "extra": {"any": [1]}}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let pets = client.list_pets().limit(5).await.expect("listed");
    assert_eq!(pets.len(), 2);
    assert_eq!(pets[0].schema, PetSchema::PetV1);
    assert_eq!(pets[0].position, [1.5, 2.5]);
    assert_eq!(pets[0].code, Some(PetCode::Integer(7)));
    assert_eq!(pets[1].code, Some(PetCode::String("c-2".to_owned())));
    assert_eq!(pets[1].extra, Some(json!({"any": [1]})));
}

/// A `$ref` with a `description` beside it is the referenced type; `anyOf [Owner, 'null']` and
/// `type: [string, 'null']` are optional fields; the `false` property is no field at all.
#[tokio::test]
async fn a_body_with_nullable_and_referenced_fields_is_sent_as_json() {
    let (server, client) = server_and_client(Some(Credentials::bearer("t-1"))).await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(body_json(json!({"name": "Rex", "kind": "dog", "owner": {"name": "Ann"}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!(
            {"id": 3, "name": "Rex", "schema": "pet/v1", "tags": [], "position": [0, 0]}
        )))
        .expect(1)
        .mount(&server)
        .await;
    let pet = NewPet::new("Rex", Kind::Dog).with_owner(Owner::new("Ann"));
    let created = client.create_pet(pet).await.expect("created");
    assert_eq!(created.id, 3);
    assert_eq!(created.code, None);
}

/// The `mutualTLS` alternative of the top-level `security` needs nothing from the generated
/// code (the certificate is the HTTP client's): a client without a token sends no credentials.
#[tokio::test]
async fn the_mutual_tls_alternative_sends_no_credentials() {
    let (server, client) = server_and_client(None).await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    assert!(client.list_pets().await.expect("listed").is_empty());
    let request = only_request(&server).await;
    assert!(request.headers.get("authorization").is_none());
}

/// `contentMediaType: image/png` on an octet-stream body is raw bytes.
#[tokio::test]
async fn a_binary_body_is_sent_as_bytes() {
    let (server, client) = server_and_client(Some(Credentials::bearer("t-1"))).await;
    Mock::given(method("PUT"))
        .and(path("/pets/p-1/photo"))
        .and(header("content-type", "application/octet-stream"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client
        .upload_photo("p-1", ByteStream::from(&b"\x89PNG"[..]))
        .await
        .expect("stored");
    assert_eq!(only_request(&server).await.body, b"\x89PNG");
}

/// In a multipart body, `contentMediaType` makes a property a file part of that content type;
/// `contentEncoding: base64` is a text part.
#[tokio::test]
async fn a_multipart_property_with_a_content_media_type_is_a_file_part_of_that_type() {
    let (server, client) = server_and_client(Some(Credentials::bearer("t-1"))).await;
    Mock::given(method("POST"))
        .and(path("/pets/p-1/records"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let record = corpus_openapi31::models::AttachRecordRequest::new(ByteStream::from(b"%PDF".to_vec()))
        .with_checksum("JVBERg==");
    client.attach_record("p-1", record).await.expect("attached");
    let request = only_request(&server).await;
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let head = body
        .split("\r\n\r\n")
        .find(|head| head.contains("name=\"file\""))
        .expect("a file part");
    assert!(head.contains("filename=\"file\""), "{head}");
    assert!(head.contains("application/pdf"), "{head}");
    assert!(body.contains("JVBERg=="), "{body}");
}
