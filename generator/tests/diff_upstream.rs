//! The change report between two real releases of the upstream spec (2025-03-18 and 2026-08-21),
//! read from `../shared/atlas/` beside the checkout (or `$ATLAS_SHARED_DIR/atlas/`).
//!
//! Ignored by default because the files are not in this repository; `.ci/run` runs them with
//! `--ignored`. A missing file fails the test: nothing passes by skipping.

mod common;

use std::sync::OnceLock;

use atlas_codegen::diff::{self, Change, Kind, Report};

const OLD: &str = "atlas-admin-v2-2025-03-18.yaml";
const NEW: &str = "atlas-admin-v2-2026-08-21.yaml";

fn read(file: &str) -> String {
    let path = common::release(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read {}: {e}; these tests need the upstream releases in ../shared/atlas (or $ATLAS_SHARED_DIR/atlas)", path.display())
    })
}

fn compute() -> Report {
    diff::compare(&read(OLD), OLD, &read(NEW), NEW)
        .unwrap_or_else(|e| panic!("the releases do not compare: {e}"))
}

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(compute)
}

fn of_kind(kind: Kind) -> Vec<&'static Change> {
    report()
        .changes()
        .iter()
        .filter(|c| c.kind() == kind)
        .collect()
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn both_renames_of_the_excerpt_are_found_and_breaking() {
    let renames = of_kind(Kind::OperationRenamed);
    for (old_id, new_id, method) in [
        (
            "createPushMigration",
            "createGroupLiveMigration",
            "Client::create_group_live_migration",
        ),
        (
            "createLinkToken",
            "createOrgLiveMigrationLinkToken",
            "Client::create_org_live_migration_link_token",
        ),
    ] {
        let change = renames
            .iter()
            .find(|c| c.operation_id() == Some(new_id))
            .unwrap_or_else(|| panic!("no rename to {new_id} among {} renames", renames.len()));
        assert!(change.is_breaking(), "{change:#?}");
        assert_eq!(change.rust(), method);
        assert!(
            change
                .message()
                .contains(&format!("`{old_id}` is now `{new_id}`")),
            "{}",
            change.message()
        );
    }
    let removed_or_added = report().changes().iter().filter(|c| {
        matches!(c.kind(), Kind::OperationRemoved | Kind::OperationAdded)
            && matches!(
                c.operation_id(),
                Some("createPushMigration" | "createGroupLiveMigration" | "createLinkToken")
            )
    });
    assert_eq!(
        removed_or_added.count(),
        0,
        "a rename is not a removal plus an addition"
    );
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn the_new_429_responses_are_found() {
    let added = of_kind(Kind::StatusAdded);
    let too_many: Vec<&&Change> = added
        .iter()
        .filter(|c| c.path().ends_with("/responses/429"))
        .collect();
    assert!(
        too_many.len() > 100,
        "only {} operations gained a 429",
        too_many.len()
    );
    for id in [
        "createGroupLiveMigration",
        "createOrgLiveMigrationLinkToken",
    ] {
        let change = too_many
            .iter()
            .find(|c| c.operation_id() == Some(id))
            .unwrap_or_else(|| panic!("{id} gained no 429"));
        assert!(!change.is_breaking());
    }
    let link_token: Vec<&str> = added
        .iter()
        .filter(|c| c.operation_id() == Some("createOrgLiveMigrationLinkToken"))
        .map(|c| c.path().rsplit('/').next().unwrap_or_default())
        .collect();
    assert_eq!(link_token, ["401", "403", "429"]);
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn the_report_is_byte_identical_across_runs() {
    let again = compute();
    assert_eq!(report().to_json(), again.to_json());
    assert_eq!(report().to_markdown(), again.to_markdown());
    assert_eq!(report().summary(10), again.summary(10));
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn the_report_is_ordered_and_flags_the_breaking_kinds() {
    let changes = report().changes();
    assert!(
        changes.len() > 1000,
        "{} changes between two releases a year and a half apart",
        changes.len()
    );
    assert!(
        changes.windows(2).all(|w| w[0] < w[1]),
        "sorted and without duplicates"
    );
    for change in changes {
        let always_breaking = matches!(
            change.kind(),
            Kind::OperationRemoved
                | Kind::OperationRenamed
                | Kind::TypeRemoved
                | Kind::FieldRemoved
                | Kind::EnumValueRemoved
        );
        let never_breaking = matches!(
            change.kind(),
            Kind::OperationAdded
                | Kind::StatusAdded
                | Kind::StatusRemoved
                | Kind::EnumValueAdded
                | Kind::TypeAdded
        );
        assert!(!always_breaking || change.is_breaking(), "{change:#?}");
        assert!(!never_breaking || !change.is_breaking(), "{change:#?}");
        assert!(change.path().starts_with("#/"), "{change:#?}");
        assert!(
            change.rust().starts_with("Client::")
                || change.rust().starts_with("models::")
                || change.rust().starts_with("operations::"),
            "{change:#?}"
        );
    }
    let markdown = report().to_markdown();
    assert!(
        markdown
            .find("## Breaking changes")
            .is_some_and(|b| markdown.find("## Other changes").is_some_and(|o| b < o))
    );
    assert!(
        !markdown.contains("... and"),
        "the full report is never truncated"
    );
}
