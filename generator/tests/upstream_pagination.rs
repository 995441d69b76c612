//! The paginated list operations the model recognises in the whole upstream releases, by shape
//! (`model/pagination.rs`): every `GET` with `pageNum` and `itemsPerPage` that answers a page
//! of `results`, in each of its API versions, and nothing else.

mod common;

use atlas_codegen::Config;
use common::release;

/// The number of builders with `pages()`, and the number of `Page` impls, in the crate generated
/// for `name`; checks that the list `list` (a builder of `clusters.rs`) is streamed and the create
/// `create` (of `project_ip_access_list.rs`), which answers a page, is not.
fn paginated(name: &str, list: &str, create: &str) -> (usize, usize) {
    let output = atlas_codegen::generate(&Config::new(release(name), "atlas-admin"))
        .unwrap_or_else(|error| panic!("{name} generates: {error}"));
    let files = output.files();
    let builders = files
        .iter()
        .filter(|(path, _)| path.starts_with("src/operations/"))
        .map(|(_, code)| code.matches("    pub fn pages(").count())
        .sum();
    let impls = files["src/pages.rs"].matches("\nimpl Page for ").count();
    let clusters = &files["src/operations/clusters.rs"];
    let streams = |builder: &str| {
        clusters
            .split(&format!("\nimpl<'a> {builder}<'a> {{\n"))
            .skip(1)
            .any(|rest| {
                rest.split("\n}\n")
                    .next()
                    .is_some_and(|body| body.contains("pub fn items(self)"))
            })
    };
    assert!(streams(list), "{name}: {list} is a paginated list");
    let access = &files["src/operations/project_ip_access_list.rs"];
    assert!(
        access.contains(&format!("pub struct {create}<'a>"))
            && !access.contains(&format!("impl<'a> {create}<'a> {{\n    /// Reads the list")),
        "{name}: {create}, a POST answering a page, is not read page by page"
    );
    (builders, impls)
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn the_2025_03_18_release_has_69_paginated_list_builders() {
    assert_eq!(
        paginated(
            "atlas-admin-v2-2025-03-18.yaml",
            "ListClusters",
            "CreateProjectIpAccessList"
        ),
        (69, 60)
    );
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn the_2026_08_21_release_has_96_paginated_list_builders() {
    // 88 operations: 96 API versions; 81 page types.
    assert_eq!(
        paginated(
            "atlas-admin-v2-2026-08-21.yaml",
            "ListGroupClusters",
            "CreateGroupAccessListEntry"
        ),
        (96, 81)
    );
}
