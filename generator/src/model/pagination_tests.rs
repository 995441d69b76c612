//! Which operations the model takes for paginated lists (see `pagination.rs`): the shape Atlas
//! gives them, and near misses that must not be streamed; and what the emitter makes of them.

use super::{Api, Pagination, Ty};

/// A spec of one operation `list` at `/things`: `method`, with the query parameters
/// `parameters` (YAML list items, indented as under `parameters:`), answering `200` with the
/// component schema `Page`, defined by `page` (indented as under `schemas:`).
fn spec(method: &str, parameters: &str, page: &str) -> String {
    format!(
        "openapi: 3.0.1
info:
  title: Test API
  version: '1'
paths:
  /things:
    {method}:
      operationId: list
      tags: [Things]
      parameters:
{parameters}
      responses:
        '200':
          description: OK
          content:
            application/vnd.atlas.2024-01-01+json:
              schema:
                $ref: '#/components/schemas/Page'
components:
  schemas:
{page}
    Thing:
      type: object
      properties:
        name:
          type: string
    Link:
      type: object
      properties:
        href:
          type: string
        rel:
          type: string
"
    )
}

/// `pageNum` and `itemsPerPage` as Atlas declares them.
const PARAMS: &str = "        - in: query
          name: pageNum
          schema:
            type: integer
            default: 1
        - in: query
          name: itemsPerPage
          schema:
            type: integer
            default: 100";

/// A page as Atlas declares them: `results`, `totalCount` and `links`.
const ATLAS_PAGE: &str = "    Page:
      type: object
      required: [results]
      properties:
        links:
          type: array
          readOnly: true
          items:
            $ref: '#/components/schemas/Link'
        results:
          type: array
          readOnly: true
          items:
            $ref: '#/components/schemas/Thing'
        totalCount:
          type: integer
          format: int32
          readOnly: true";

fn build(text: &str) -> Api {
    let document = crate::load::load("test.yaml", text)
        .unwrap_or_else(|error| panic!("the spec loads: {error}"));
    super::build(&document, "test.yaml", &super::Filter::default())
        .unwrap_or_else(|error| panic!("the spec builds: {error}"))
}

/// The pagination of each version of the operation.
fn paginations(text: &str) -> Vec<Option<Pagination>> {
    let api = build(text);
    api.operations[0]
        .versions
        .iter()
        .map(|version| version.pagination.clone())
        .collect()
}

fn recognised(text: &str) -> Pagination {
    match paginations(text).as_slice() {
        [Some(pagination)] => pagination.clone(),
        other => panic!("one paginated version expected, got {other:?}"),
    }
}

fn not_recognised(text: &str, why: &str) {
    assert_eq!(paginations(text), [None], "{why}");
}

#[test]
fn the_atlas_list_shape_is_a_paginated_list() {
    let pagination = recognised(&spec("get", PARAMS, ATLAS_PAGE));
    assert_eq!(pagination.page_num.as_str(), "page_num");
    assert_eq!(pagination.page_num_ty, Ty::I64);
    assert_eq!(pagination.items_per_page.as_str(), "items_per_page");
    assert_eq!(pagination.page.as_str(), "Page");
    assert_eq!(pagination.results.as_str(), "results");
    assert!(matches!(&pagination.item, Ty::Named(name) if name.as_str() == "Thing"));
    assert_eq!(
        pagination.total_count.as_ref().map(|f| f.as_str()),
        Some("total_count")
    );
    assert_eq!(
        pagination
            .links
            .as_ref()
            .map(|(links, rel)| (links.as_str(), rel.as_str())),
        Some(("links", "rel"))
    );
}

#[test]
fn a_page_needs_only_its_results_and_may_hold_more() {
    let page = "    Page:
      type: object
      properties:
        results:
          type: array
          items:
            type: string
        region:
          type: string";
    let params = PARAMS.replace(
        "type: integer\n            default: 100",
        "type: integer\n            format: int32",
    );
    let pagination = recognised(&spec("get", &params, page));
    assert_eq!(pagination.item, Ty::String);
    assert_eq!(pagination.items_per_page_ty, Ty::I32);
    assert_eq!(pagination.total_count, None);
    assert_eq!(pagination.links, None);
}

#[test]
fn parameters_from_the_path_item_count() {
    let text = spec(
        "get",
        "        - in: query\n          name: other\n          schema:\n            type: string",
        ATLAS_PAGE,
    )
    .replace(
        "  /things:\n",
        &format!(
            "  /things:\n    parameters:\n{}\n",
            PARAMS
                .replace("        -", "      -")
                .replace("\n          ", "\n        ")
        ),
    );
    recognised(&text);
}

#[test]
fn only_a_get_is_read_page_by_page() {
    for method in ["post", "put", "patch", "delete"] {
        not_recognised(
            &spec(method, PARAMS, ATLAS_PAGE),
            &format!("a {method} would be sent again for every page"),
        );
    }
}

#[test]
fn both_paging_parameters_are_needed_as_optional_integers_in_the_query() {
    let only_page = PARAMS
        .split("        - in: query\n          name: itemsPerPage")
        .next()
        .unwrap_or_default();
    not_recognised(&spec("get", only_page, ATLAS_PAGE), "no itemsPerPage");
    let only_size = PARAMS.replacen("name: pageNum", "name: page", 1);
    not_recognised(&spec("get", &only_size, ATLAS_PAGE), "no pageNum");
    let text_page = PARAMS.replacen(
        "type: integer\n            default: 1\n",
        "type: string\n",
        1,
    );
    not_recognised(&spec("get", &text_page, ATLAS_PAGE), "pageNum is a string");
    let required = PARAMS.replacen(
        "name: pageNum\n",
        "name: pageNum\n          required: true\n",
        1,
    );
    not_recognised(&spec("get", &required, ATLAS_PAGE), "pageNum is required");
    let header = PARAMS.replacen(
        "- in: query\n          name: pageNum",
        "- in: header\n          name: pageNum",
        1,
    );
    not_recognised(&spec("get", &header, ATLAS_PAGE), "pageNum is a header");
}

#[test]
fn a_page_is_an_object_with_an_array_of_results() {
    let no_results = ATLAS_PAGE.replace("results", "items");
    not_recognised(&spec("get", PARAMS, &no_results), "no results");
    let object_results = "    Page:
      type: object
      properties:
        results:
          $ref: '#/components/schemas/Thing'";
    not_recognised(
        &spec("get", PARAMS, object_results),
        "results is not an array",
    );
    let array = "    Page:
      type: array
      items:
        $ref: '#/components/schemas/Thing'";
    not_recognised(&spec("get", PARAMS, array), "the answer is a bare array");
}

#[test]
fn a_count_or_links_of_another_shape_make_no_page() {
    let text_count = ATLAS_PAGE.replace("type: integer\n          format: int32", "type: string");
    not_recognised(&spec("get", PARAMS, &text_count), "totalCount is a string");
    let text_links = ATLAS_PAGE.replace("$ref: '#/components/schemas/Link'", "type: string");
    not_recognised(&spec("get", PARAMS, &text_links), "links are strings");
    let no_rel = spec("get", PARAMS, ATLAS_PAGE).replace(
        "        rel:\n          type: string\n",
        "        relation:\n          type: string\n",
    );
    not_recognised(&no_rel, "a link has no rel");
}

#[test]
fn each_api_version_is_recognised_on_its_own() {
    // The older version answers a bare array; the newer one pages.
    let text = spec("get", PARAMS, ATLAS_PAGE).replace(
        "            application/vnd.atlas.2024-01-01+json:",
        "            application/vnd.atlas.2023-01-01+json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Thing'
            application/vnd.atlas.2024-01-01+json:",
    );
    let versions = paginations(&text);
    assert_eq!(versions.len(), 2);
    assert!(
        versions[0].is_none() && versions[1].is_some(),
        "{versions:?}"
    );
}

fn generate(text: &str) -> crate::Output {
    crate::generate_from_str(&crate::Config::new("test.yaml", "test-api"), text)
        .unwrap_or_else(|error| panic!("the spec generates: {error}"))
}

#[test]
fn a_paginated_builder_streams_its_pages_with_one_impl_per_page_type() {
    let output = generate(&spec("get", PARAMS, ATLAS_PAGE));
    let files = output.files();
    let code = &files["src/operations/things.rs"];
    assert!(
        code.contains("#[derive(Clone, Debug)]\n#[must_use"),
        "{code}"
    );
    assert!(
        code.contains("pub fn pages(self) -> crate::ListStream<'a, models::Page> {"),
        "{code}"
    );
    assert!(
        code.contains("let fetch = move |page| Clone::clone(&self).page_num(page).send();"),
        "{code}"
    );
    assert!(
        code.contains("pub fn items(self) -> crate::ListStream<'a, models::Thing> {"),
        "{code}"
    );
    let pages = &files["src/pages.rs"];
    assert!(
        pages.contains("impl Page for crate::models::Page {"),
        "{pages}"
    );
    assert!(pages.contains("self.total_count.map(i64::from)"), "{pages}");
    assert!(
        pages.contains(
            "names_next(self.links.iter().flatten().filter_map(|link| link.rel.as_deref()))"
        ),
        "{pages}"
    );
    let lib = &files["src/lib.rs"];
    assert!(
        lib.contains("mod pages;") && lib.contains("pub use pages::ListStream;"),
        "{lib}"
    );
    let toml = &files["Cargo.toml"];
    assert!(toml.contains("futures-core = \"0.3\""), "{toml}");
    assert!(toml.contains("futures-util = \"0.3\""), "{toml}");
}

#[test]
fn a_crate_without_paginated_lists_has_no_streams() {
    let output = generate(&spec("post", PARAMS, ATLAS_PAGE));
    let files = output.files();
    assert!(!files.contains_key("src/pages.rs"));
    assert!(!files["src/lib.rs"].contains("pages"));
    assert!(!files["src/operations/things.rs"].contains("pub fn pages"));
    assert!(!files["Cargo.toml"].contains("futures"));
}

#[test]
fn streams_are_compiled_only_with_the_tags_that_have_paginated_lists() {
    let text = spec("get", PARAMS, ATLAS_PAGE).replace(
        "components:\n",
        "  /ping:
    get:
      operationId: ping
      tags: [Health]
      responses:
        '204':
          description: OK
components:\n",
    );
    let output = generate(&text);
    let files = output.files();
    let lib = &files["src/lib.rs"];
    assert!(
        lib.contains("#[cfg(feature = \"things\")]\nmod pages;"),
        "{lib}"
    );
    assert!(
        lib.contains("#[cfg(feature = \"things\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"things\")))]\npub use pages::ListStream;"),
        "{lib}"
    );
    let pages = &files["src/pages.rs"];
    assert!(
        pages.contains("#[cfg(feature = \"things\")]\nimpl Page for crate::models::Page {"),
        "{pages}"
    );
}
