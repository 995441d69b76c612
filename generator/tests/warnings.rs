//! Warnings: what a spec gets wrong without stopping generation is said, with the file and the
//! place, and kept out of the generated files.

use atlas_codegen::{Config, Location};

#[test]
fn an_x_xgen_version_that_is_not_a_version_is_a_warning_at_its_place() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/versions.yaml");
    let config = Config::new(path, "corpus-versions").spec_display("versions.yaml");
    let output = atlas_codegen::generate(&config).expect("the spec generates");
    let [warning] = output.warnings() else {
        panic!("expected one warning, got {:?}", output.warnings());
    };
    assert_eq!(warning.file(), "versions.yaml");
    let Location::Pointer { pointer, line } = warning.location() else {
        panic!("expected a pointer, got {:?}", warning.location());
    };
    assert_eq!(
        pointer,
        "#/paths/~1connections/post/requestBody/content/application~1vnd.atlas.2025-03-12+json/x-xgen-version"
    );
    assert_eq!(*line, Some(64));
    assert!(
        warning.message().contains("is not an API version"),
        "{}",
        warning.message()
    );
    let text = warning.to_string();
    assert!(text.starts_with("versions.yaml:64: at #/paths/"), "{text}");
    // No method is named after the malformed value, and the files never mention it.
    let generated: String = output.files().values().map(String::as_str).collect();
    assert!(!generated.contains("application_vnd"), "a phantom method");
}
