//! `atlas_codegen::excerpt` on the two real upstream releases in `../shared/atlas/` (or
//! `$ATLAS_SHARED_DIR/atlas/`): refreshing the committed excerpt's operations from each.
//!
//! Ignored by default because the files are not in this repository; `.ci/run` runs them with
//! `--ignored`. A missing file fails the test: nothing passes by skipping. Excerpts are made in
//! memory only; this repository's own `specs/` stays written by hand.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atlas_codegen::Config;
use atlas_codegen::diff::{self, Kind};
use atlas_codegen::excerpt::{self, Excerpt, Matched};

const OLD: &str = "atlas-admin-v2-2025-03-18.yaml";
const NEW: &str = "atlas-admin-v2-2026-08-21.yaml";
const SPEC: &str = "specs/atlas-admin-v2-excerpt.yaml";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("cannot read {}: {e}; these tests need the upstream releases in ../shared/atlas (or $ATLAS_SHARED_DIR/atlas)", path.display())
    })
}

fn committed() -> String {
    read(&workspace().join(SPEC))
}

/// The committed excerpt's operations, refreshed from the release `file`.
fn refresh_from(file: &str) -> Excerpt {
    let wanted = excerpt::operations_of(&committed(), SPEC).expect("the committed excerpt parses");
    excerpt::excerpt(&read(&common::release(file)), file, &wanted)
        .unwrap_or_else(|e| panic!("excerpt of {file} failed: {e}"))
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn refreshing_from_the_release_the_excerpt_follows_changes_no_api() {
    let excerpt = refresh_from(NEW);
    assert!(
        excerpt
            .operations()
            .iter()
            .all(|k| k.matched == Matched::Id),
        "{:#?}",
        excerpt.operations()
    );
    let report = diff::compare(&committed(), SPEC, excerpt.text(), NEW).expect("compare");
    assert!(
        report.is_empty(),
        "the hand-written excerpt and upstream's definition differ:\n{}",
        report.to_markdown()
    );
}

/// The generated files with every comment line dropped: what is left is code.
fn code_of(spec_text: &str) -> BTreeMap<String, String> {
    let config = Config::new(SPEC, "atlas-admin");
    let output = atlas_codegen::generate_from_str(&config, spec_text)
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    output
        .files()
        .iter()
        .map(|(path, text)| {
            let code = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            (path.clone(), code)
        })
        .collect()
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn the_refreshed_excerpt_generates_the_committed_client_except_docs() {
    let refreshed = code_of(refresh_from(NEW).text());
    let committed = code_of(&committed());
    assert_eq!(
        refreshed.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, code) in &committed {
        if path.ends_with(".rs") {
            assert!(
                refreshed.get(path) == Some(code),
                "{path} differs in code, not only in docs"
            );
        }
    }
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn refreshing_from_an_older_release_follows_the_renames_by_method_and_path() {
    let excerpt = refresh_from(OLD);
    let found: Vec<(&str, &str, Matched)> = excerpt
        .operations()
        .iter()
        .map(|k| (k.wanted.as_str(), k.id.as_str(), k.matched))
        .collect();
    assert_eq!(
        found,
        [
            (
                "createGroupLiveMigration",
                "createPushMigration",
                Matched::Route
            ),
            (
                "createOrgLiveMigrationLinkToken",
                "createLinkToken",
                Matched::Route
            ),
        ]
    );
    assert!(excerpt.report().contains(
        "followed POST /api/atlas/v2/groups/{groupId}/liveMigrations to `createPushMigration`"
    ));

    let report = diff::compare(excerpt.text(), OLD, &committed(), SPEC).expect("compare");
    let renames: Vec<&str> = report
        .changes()
        .iter()
        .filter(|c| c.kind() == Kind::OperationRenamed)
        .filter_map(|c| c.operation_id())
        .collect();
    assert_eq!(
        renames,
        [
            "createGroupLiveMigration",
            "createOrgLiveMigrationLinkToken"
        ]
    );
    assert!(
        report
            .changes()
            .iter()
            .any(|c| c.kind() == Kind::StatusAdded && c.path().ends_with("/429"))
    );
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn excerpts_are_deterministic_and_a_fixed_point() {
    let first = refresh_from(NEW);
    assert_eq!(
        first.text(),
        refresh_from(NEW).text(),
        "same input, same bytes"
    );
    let wanted = excerpt::operations_of(first.text(), "refreshed.yaml").expect("parses");
    let again = excerpt::excerpt(first.text(), NEW, &wanted).expect("excerpt of the excerpt");
    assert_eq!(
        again.text(),
        first.text(),
        "an excerpt cut from an excerpt is itself"
    );
    assert_eq!(again.components(), first.components());
}
