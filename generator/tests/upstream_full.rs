//! The whole upstream releases, without transforms, generate a client: nothing in them is mapped
//! to `serde_json::Value` for lack of a better type, and every tag has its cargo feature.
//! (That the generated crates compile, clippy- and rustdoc-clean, with all features and with each
//! tag alone, takes minutes of building: `cargo xtask codegen --spec ../shared/atlas/<release>
//! --out DIR`, then `cargo clippy` in DIR.)

mod common;

use atlas_codegen::Config;
use common::release;

fn check(name: &str) {
    let output = atlas_codegen::generate(&Config::new(release(name), "atlas-admin"))
        .unwrap_or_else(|error| panic!("{name} generates: {error}"));
    let files = output.files();
    let models = &files["src/models.rs"];
    let fallbacks: Vec<&str> = models
        .lines()
        .filter(|line| line.contains("Any JSON value"))
        .collect();
    assert!(
        fallbacks.is_empty(),
        "{name}: types the model could not represent:\n{}",
        fallbacks.join("\n")
    );

    let toml = &files["Cargo.toml"];
    let modules: Vec<&str> = files
        .keys()
        .filter_map(|path| path.strip_prefix("src/operations/")?.strip_suffix(".rs"))
        .filter(|m| *m != "mod")
        .collect();
    assert!(
        modules.len() > 40,
        "{name}: only {} operation modules",
        modules.len()
    );
    for module in modules {
        let feature = module.replace('_', "-");
        assert!(
            toml.contains(&format!("\n{feature} = []\n")),
            "{name}: no feature `{feature}` in Cargo.toml"
        );
        // The module right after its feature's `cfg` (and the docs.rs label between them).
        let operations = &files["src/operations/mod.rs"];
        let gated = operations
            .split(&format!("#[cfg(feature = \"{feature}\")]\n"))
            .nth(1)
            .and_then(|after| after.split("pub mod ").nth(1))
            .is_some_and(|after| after.starts_with(&format!("{module};")));
        assert!(gated, "{name}: module `{module}` is not behind its feature");
    }
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn the_2025_03_18_release_generates_without_fallbacks() {
    check("atlas-admin-v2-2025-03-18.yaml");
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn the_2026_08_21_release_generates_without_fallbacks() {
    check("atlas-admin-v2-2026-08-21.yaml");
}
