//! Where the upstream releases are, for the tests that read them (ignored in a plain `cargo
//! test`; `.ci/run` runs them with `--ignored`). Shared by the integration tests and, through
//! `#[path]`, by the library's unit tests.

use std::path::{Path, PathBuf};

/// The upstream release `name` (`atlas-admin-v2-2026-08-21.yaml`): in `../shared/atlas/` beside
/// the workspace, or in `$ATLAS_SHARED_DIR/atlas/` (a relative directory is taken from the
/// workspace root). Fails loudly when the file is missing: nothing passes by skipping.
pub fn release(name: &str) -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = match std::env::var_os("ATLAS_SHARED_DIR") {
        Some(dir) if !dir.is_empty() => workspace.join(dir),
        _ => workspace.join("../shared"),
    };
    let spec = shared.join("atlas").join(name);
    assert!(
        spec.is_file(),
        "missing {}: this test needs ../shared/atlas (set ATLAS_SHARED_DIR)",
        spec.display()
    );
    spec
}
