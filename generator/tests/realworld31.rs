//! The real OpenAPI 3.1 specs of `tests/realworld31/` (kept with their licenses): each generates
//! a crate whose default base URL is its first server's, with no warning but the ones named here.
//! `.ci/run` compiles the crates clippy-clean.

use std::path::Path;

use atlas_codegen::Config;

/// Each spec, its first server's URL (`None`: the spec has no servers) and the warnings it gives.
const SPECS: &[(&str, Option<&str>, &[&str])] = &[
    (
        "adyen-checkout.json",
        Some("https://checkout-test.adyen.com/v72"),
        &[],
    ),
    ("discord-api.json", Some("https://discord.com/api/v10"), &[]),
    ("figma-rest-api.yaml", Some("https://api.figma.com"), &[]),
    ("oai-tictactoe.yaml", None, &[]),
    (
        "openai-api.yaml",
        Some("https://api.openai.com/v1"),
        &[
            "openai-api.yaml:33420:24: `-9223372036854776000` does not fit a 64-bit integer: read as -9223372036854775808",
        ],
    ),
    ("pokeapi-api.yaml", Some("https://pokeapi.co"), &[]),
    ("polar-api.json", Some("https://api.polar.sh"), &[]),
    (
        "redocly-museum.yaml",
        Some("https://redocly.com/_mock/docs/openapi/museum-api"),
        &[],
    ),
    ("scalar-galaxy.yaml", Some("https://galaxy.scalar.com"), &[]),
    ("svix-api.json", Some("https://api.eu.svix.com"), &[]),
];

#[test]
fn every_real_31_spec_generates_with_its_servers_base_url() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld31");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/realworld31 exists")
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json") || name.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = SPECS.iter().map(|(name, ..)| *name).collect();
    assert_eq!(
        on_disk,
        listed,
        "every spec in {} is listed here",
        dir.display()
    );
    for (name, base_url, expected_warnings) in SPECS {
        let config = Config::new(dir.join(name), "real").spec_display(*name);
        let output = atlas_codegen::generate(&config)
            .unwrap_or_else(|error| panic!("{name} does not generate: {error}"));
        let warnings: Vec<String> = output.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(&warnings, expected_warnings, "{name}");
        let lib = &output.files()["src/lib.rs"];
        match base_url {
            Some(url) => assert!(
                lib.contains(&format!("pub const DEFAULT_BASE_URL: &str = \"{url}\";")),
                "{name}: the default base URL is not {url}"
            ),
            None => assert!(
                !lib.contains("DEFAULT_BASE_URL"),
                "{name}: a default base URL"
            ),
        }
    }
}
