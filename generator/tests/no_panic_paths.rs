//! The library's code has no panicking shortcuts on spec data: no `unwrap`, `expect`, `panic!`,
//! `unreachable!`, `todo!` or indexing. Clippy enforces it through the `deny` attribute at the top
//! of `src/lib.rs` (CI runs clippy with warnings denied); this test keeps that attribute in place
//! and, independently of clippy, scans the non-test source for the textual forms.

use std::fs;
use std::path::{Path, PathBuf};

const DENIED: &[&str] = &[
    "clippy::unwrap_used",
    "clippy::expect_used",
    "clippy::panic",
    "clippy::indexing_slicing",
    "clippy::unreachable",
    "clippy::todo",
    "clippy::unimplemented",
];

const FORBIDDEN: &[&str] = &[
    ".unwrap()",
    ".expect(",
    "panic!(",
    "unreachable!(",
    "todo!(",
    "unimplemented!(",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            // Support code copied into generated crates is checked by the generated crate's clippy.
            if !path.ends_with("runtime") {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_library_denies_panicking_shortcuts() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("read lib.rs");
    let attribute = lib.split("#![cfg_attr(").nth(1).unwrap_or_default();
    assert!(
        attribute.trim_start().starts_with("not(test)"),
        "src/lib.rs lost its deny attribute"
    );
    for lint in DENIED {
        assert!(
            attribute.contains(lint),
            "src/lib.rs no longer denies {lint}"
        );
    }
}

#[test]
fn no_panicking_calls_outside_tests() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    let mut found = Vec::new();
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let text = fs::read_to_string(file).expect("read source");
        // Everything from a `#[cfg(test)]` module on is test code.
        let code = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or_default();
            for pattern in FORBIDDEN {
                if line.contains(pattern) {
                    found.push(format!(
                        "{}:{}: {}",
                        file.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "panicking calls in library code:\n{}",
        found.join("\n")
    );
}
