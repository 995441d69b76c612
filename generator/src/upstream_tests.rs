//! Helpers for the unit tests that read the upstream releases in `../shared/atlas`.

use std::path::{Path, PathBuf};

/// The path of an upstream release; fails loudly when it is missing, as such tests are run
/// (with `--ignored`) only where the releases are.
pub(crate) fn release(name: &str) -> PathBuf {
    let shared = std::env::var_os("ATLAS_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    let spec = shared.join("atlas").join(name);
    assert!(spec.is_file(), "missing {}: this test needs ../shared/atlas (set ATLAS_SHARED_DIR)", spec.display());
    spec
}

/// The text of an upstream release.
pub(crate) fn release_text(name: &str) -> String {
    let path = release(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
