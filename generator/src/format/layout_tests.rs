//! The text the generator writes directly ([`super::Writer`]) is exactly what `prettyplease`
//! prints for it: every generated Rust file parses, and printing it again changes nothing.

use std::path::Path;

use crate::Config;
use crate::upstream_tests::release;

/// Generates from `spec` and checks every Rust file; returns how many were checked.
fn assert_laid_out_as_prettyplease(spec: &Path) -> usize {
    let text = std::fs::read_to_string(spec)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec.display()));
    let output = crate::generate_from_str(&Config::new(spec, "atlas-admin"), &text)
        .unwrap_or_else(|error| panic!("{} generates: {error}", spec.display()));
    let files = output.files();
    let mut checked = 0;
    for (path, source) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        // The generated-file header is comments; the code starts after the first blank line.
        let body = source
            .split_once("\n\n")
            .map_or(source.as_str(), |(_, body)| body);
        let file =
            syn::parse_file(body).unwrap_or_else(|error| panic!("{path} does not parse: {error}"));
        let printed = super::body(&file);
        if printed != body {
            let diff = similar::TextDiff::from_lines(body, printed.as_str());
            panic!(
                "{path} (from {}) is not laid out as prettyplease prints it (- generated, + prettyplease):\n{}",
                spec.display(),
                diff.unified_diff().context_radius(2)
            );
        }
        checked += 1;
    }
    checked
}

#[test]
fn the_excerpt_is_laid_out_as_prettyplease_prints_it() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/atlas-admin-v2-excerpt.yaml");
    assert!(assert_laid_out_as_prettyplease(&spec) >= 8);
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run"]
fn the_2025_03_18_release_is_laid_out_as_prettyplease_prints_it() {
    assert!(assert_laid_out_as_prettyplease(&release("atlas-admin-v2-2025-03-18.yaml")) > 40);
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run"]
fn the_2026_08_21_release_is_laid_out_as_prettyplease_prints_it() {
    assert!(assert_laid_out_as_prettyplease(&release("atlas-admin-v2-2026-08-21.yaml")) > 40);
}

/// Types shared by several tags: `cfg(any(...))` gates and their `doc(cfg(any(...)))` labels.
#[test]
fn multi_tag_corpus_specs_are_laid_out_as_prettyplease_prints_them() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    for spec in ["pagination.yaml", "names.yaml"] {
        assert!(
            assert_laid_out_as_prettyplease(&corpus.join(spec)) >= 8,
            "{spec}"
        );
    }
}
