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

#[test]
fn integers_beyond_64_bits_are_read_as_the_nearest_i64_with_a_warning_at_each() {
    let (output, warnings) = generated("big_numbers.yaml");
    assert_eq!(
        warnings,
        [
            "big_numbers.yaml:11:69: `-9223372036854776000` does not fit a 64-bit integer: read as -9223372036854775808",
            "big_numbers.yaml:23:55: `-9223372036854776000` does not fit a 64-bit integer: read as -9223372036854775808",
            "big_numbers.yaml:23:86: `18446744073709551616` does not fit a 64-bit integer: read as 9223372036854775807",
            "big_numbers.yaml:23:116: `99999999999999999999` does not fit a 64-bit integer: read as 9223372036854775807",
            "big_numbers.yaml:24:45: `99999999999999999999` does not fit a 64-bit integer: read as 9223372036854775807",
        ]
    );
    let models = &output.files()["src/models.rs"];
    assert!(models.contains("pub seed: Option<i64>,"), "{models}");
}

#[test]
fn a_broken_must_that_does_not_block_generation_is_a_warning_and_the_conservative_choice() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/must_violations.yaml"
    );
    let config = Config::new(path, "corpus-must-violations").spec_display("must_violations.yaml");
    let output = atlas_codegen::generate(&config).expect("the spec generates");
    let warnings: Vec<String> = output.warnings().iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "must_violations.yaml:8: at #/servers/0/url: the server URL `https://{region}.api.example.com/v1` uses `{region}`, but the server declares no variable `region`: this server is not used",
            "must_violations.yaml:15: at #/paths/~1reports/get/security/0/legacyToken: the security scheme `legacyToken` is not defined in `#/components/securitySchemes`: this alternative is skipped",
        ]
    );
    let lib = &output.files()["src/lib.rs"];
    assert!(!lib.contains("DEFAULT_BASE_URL"), "no default base URL");
    let generated: String = output.files().values().map(String::as_str).collect();
    assert!(!generated.contains("legacyToken") && !generated.contains("legacy_token"));
}

#[test]
fn an_openapi_31_mutual_tls_scheme_is_a_warning_at_its_line_and_nothing_in_the_crate() {
    let (output, warnings) = generated("openapi31.yaml");
    assert_eq!(
        warnings,
        [
            "openapi31.yaml:116: at #/components/securitySchemes/clientCertificate: `clientCertificate` is a mutualTLS scheme: the client certificate is set on the HTTP client given to the generated client, so requirements naming it are treated as met",
        ]
    );
    let generated: String = output.files().values().map(String::as_str).collect();
    assert!(!generated.contains("client_certificate") && !generated.contains("clientCertificate"));
}

/// The crate a construct-corpus spec generates, and its warnings as printed.
fn generated(file: &str) -> (atlas_codegen::Output, Vec<String>) {
    let path = format!("{}/tests/corpus/{file}", env!("CARGO_MANIFEST_DIR"));
    let config = Config::new(path, "corpus-warnings").spec_display(file);
    let output = atlas_codegen::generate(&config).expect("the spec generates");
    let warnings = output.warnings().iter().map(ToString::to_string).collect();
    (output, warnings)
}
