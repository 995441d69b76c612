//! `cargo xtask probe` on a sample of the real changes between the two upstream releases in
//! `../shared/atlas/`: the operations of twelve tags (about 2,000 changes, 1,300 of them probed).
//! Ignored in a plain `cargo test` (it builds two clients and two probe crates, about two minutes);
//! `.ci/run` runs it, and it fails loudly when the releases are not there.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Tags whose operations changed in every way the report knows between the two releases:
/// renames, new versions, sunsets, new and retyped parameters and fields, setters gone, enum
/// values and union variants added and removed, types renamed with their operation.
const TAGS: &str = "Clusters,Cloud Backups,Projects,Encryption at Rest using Customer Key Management,\
Private Endpoint Services,Third-Party Integrations,Invoices,Monitoring and Logs,Maintenance Windows,\
Alert Configurations,Network Peering,Cloud Migration Service";

fn shared_atlas() -> PathBuf {
    let shared = std::env::var_os("ATLAS_SHARED_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        PathBuf::from,
    );
    shared.join("atlas")
}

#[test]
#[ignore = "needs ../shared/atlas and builds two clients; .ci/run runs it"]
fn the_report_agrees_with_the_compiler_on_real_changes() {
    let atlas = shared_atlas();
    let (old, new) = (
        atlas.join("atlas-admin-v2-2025-03-18.yaml"),
        atlas.join("atlas-admin-v2-2026-08-21.yaml"),
    );
    assert!(
        old.is_file() && new.is_file(),
        "the upstream releases are missing from {}: set ATLAS_SHARED_DIR to the folder holding atlas/",
        atlas.display()
    );
    let out = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["probe", "--tags", TAGS, "--old"])
        .arg(&old)
        .arg("--new")
        .arg(&new)
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "probes disagree with the report:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let total = stdout
        .lines()
        .find(|line| line.starts_with("| all |"))
        .expect("a total row");
    let cells: Vec<&str> = total.split('|').map(str::trim).collect();
    // | all | changes | probed | agree | false alarms | missed breaks | fail on another break | report errors |
    let probed: usize = cells[3].parse().expect("probed");
    assert!(probed > 1000, "only {probed} probes ran: {total}");
    assert_eq!((cells[5], cells[6], cells[8]), ("0", "0", "0"), "{total}");
}
