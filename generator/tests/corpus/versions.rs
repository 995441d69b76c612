//! Wire test of `versions.yaml` (copied to `tests/wire.rs` of the crate `cargo xtask corpus`
//! generates): an API version named only by a bodiless `204` has its own method and `Accept`; a
//! version answering `200` with JSON or `204` without a body returns `Option` of the JSON type;
//! an `x-xgen-version` that is not a version names no method, and the media type's date is used.

use corpus_versions::models::Member;
use corpus_versions::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
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

#[tokio::test]
async fn a_version_named_only_by_a_204_has_its_own_method() -> Result<(), Error> {
    let (server, client) = server_and_client().await;
    answer(&server, "DELETE", "/deployments/d1", "application/vnd.atlas.2024-05-30+json", ResponseTemplate::new(204)).await;
    answer(&server, "DELETE", "/deployments/d2", "application/vnd.atlas.2023-01-01+json", ResponseTemplate::new(200)).await;
    let () = client.delete_deployment("d1").await?;
    let () = client.delete_deployment_v2023_01_01("d2").await?;
    Ok(())
}

#[tokio::test]
async fn a_204_beside_a_200_is_none_and_the_200_is_some() -> Result<(), Error> {
    let (server, client) = server_and_client().await;
    let accept = "application/vnd.atlas.2023-02-01+json";
    let member = json!({"name": "ada", "role": "owner"});
    answer(&server, "POST", "/groups/g1/members", accept, ResponseTemplate::new(200).set_body_json(&member)).await;
    answer(&server, "POST", "/groups/g2/members", accept, ResponseTemplate::new(204)).await;
    let added: Option<Member> = client.add_member("g1", Member::new("ada")).await?;
    assert_eq!(added, Some(Member::new("ada").with_role("owner")));
    let already: Option<Member> = client.add_member("g2", Member::new("ada")).await?;
    assert_eq!(already, None);
    Ok(())
}

#[tokio::test]
async fn a_200_whose_body_does_not_decode_is_still_an_error() {
    let (server, client) = server_and_client().await;
    let accept = "application/vnd.atlas.2023-02-01+json";
    answer(&server, "POST", "/groups/g1/members", accept, ResponseTemplate::new(200)).await;
    let error = client.add_member("g1", Member::new("ada")).await.expect_err("an empty 200 is not a member");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn a_malformed_x_xgen_version_is_the_media_types_own_date() -> Result<(), Error> {
    let (server, client) = server_and_client().await;
    let media_type = "application/vnd.atlas.2025-03-12+json";
    Mock::given(method("POST"))
        .and(path("/connections"))
        .and(header("accept", media_type))
        .and(header("content-type", media_type))
        .and(body_json(json!({"name": "c1"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"name": "c1"})))
        .expect(1)
        .mount(&server)
        .await;
    let created = client.create_connection(Member::new("c1")).await?;
    assert_eq!(created, Member::new("c1"));
    Ok(())
}
