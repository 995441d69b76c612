//! Generating only our two operations from the whole upstream release gives the same client as
//! the hand-written excerpt in `specs/`: the same items, fields, types, methods and wire facts.
//! Only prose differs (the excerpt's descriptions are our own), so comments are set aside.

mod common;

use std::path::{Path, PathBuf};

use atlas_codegen::Config;

const OPERATIONS: [&str; 2] = [
    "createGroupLiveMigration",
    "createOrgLiveMigrationLinkToken",
];

fn upstream() -> PathBuf {
    common::release("atlas-admin-v2-2026-08-21.yaml")
}

/// The code of a generated Rust file without its comments and blank lines.
fn code(source: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn subset_of_the_upstream_release_generates_the_excerpt_client() {
    let excerpt_spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/atlas-admin-v2-excerpt.yaml");
    let excerpt = atlas_codegen::generate(&Config::new(excerpt_spec, "atlas-admin"))
        .expect("the excerpt generates");
    let subset =
        atlas_codegen::generate(&Config::new(upstream(), "atlas-admin").operations(OPERATIONS))
            .expect("the subset of the upstream release generates");

    let names = |output: &atlas_codegen::Output| output.files().keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&subset), names(&excerpt), "the same files");
    for (path, excerpt_text) in excerpt.files() {
        if !path.ends_with(".rs") {
            continue;
        }
        let subset_text = &subset.files()[path];
        let (a, b) = (code(excerpt_text), code(subset_text));
        if a != b {
            let diff = similar::TextDiff::from_lines(&a, &b)
                .unified_diff()
                .header("excerpt", "upstream subset")
                .to_string();
            panic!("{path} differs between the excerpt and the upstream subset:\n{diff}");
        }
    }
}

#[test]
fn an_unknown_operation_id_is_an_error_not_an_empty_crate() {
    let excerpt_spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/atlas-admin-v2-excerpt.yaml");
    let config = Config::new(excerpt_spec, "atlas-admin")
        .spec_display("excerpt.yaml")
        .operations(["createPushMigration"]);
    let error = atlas_codegen::generate(&config).expect_err("unknown operationId");
    assert_eq!(
        error.to_string(),
        "excerpt.yaml:52: at #/paths: no operation has the operationId `createPushMigration`"
    );
}
