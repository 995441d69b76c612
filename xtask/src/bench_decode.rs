//! `cargo xtask bench --decode`: how fast the generated models read and write JSON, against the
//! models commit f9734b4 generated (serde's derives), on one big Atlas answer.
//!
//! The answer is a page of `listGroupClusters` (API version 2024-08-05): one cluster synthesized
//! from the spec with every property filled in ([`atlas_codegen::contract::sample`]), repeated
//! [`CLUSTERS`] times. Both crates are generated for that one operation from the newest release:
//! this workspace's generator as `atlas-admin`, f9734b4's (built from a temporary git worktree,
//! as `bench --compile` builds it) as `atlas-admin-derive`. A program depending on both
//! (`xtask/bench/decode.rs`) decodes and encodes the page with each in alternation, measures the
//! peak heap of one decode with a counting allocator, prints the table and exits non-zero when a
//! goal is missed. Everything is written under `target/bench-decode/`.

use std::path::Path;
use std::process::Command;

use atlas_codegen::Config;

use crate::compile_cost::baseline::generate_baseline;

/// The release both crates are generated from, under `<shared>/atlas/`.
const SPEC: &str = "atlas-admin-v2-2026-08-21.yaml";
/// The operation whose answer is decoded.
const OPERATION: &str = "listGroupClusters";
/// Where its page schema is, for API version 2024-08-05.
const PAGE_SCHEMA: &str = "#/paths/~1api~1atlas~1v2~1groups~1{groupId}~1clusters/get/responses/200/content/application~1vnd.atlas.2024-08-05+json/schema";
/// How many clusters the page holds.
const CLUSTERS: usize = 500;
/// The benchmark program.
const PROGRAM: &str = include_str!("../bench/decode.rs");

const MANIFEST: &str = "# Written by `cargo xtask bench --decode`.\n[workspace]\nresolver = \"2\"\nmembers = [\"current\", \"baseline\", \"bench\"]\n";

const BENCH_MANIFEST: &str = r#"[package]
name = "decode-bench"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
atlas-admin = { path = "../current" }
atlas-admin-derive = { path = "../baseline" }
serde_json = "1"
"#;

/// The page: the synthesized one with its first cluster (its string unions mended) repeated
/// [`CLUSTERS`] times.
fn page(spec: &Path) -> Result<Vec<u8>, String> {
    let mut page = atlas_codegen::contract::sample(spec, PAGE_SCHEMA)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{SPEC} has no schema at {PAGE_SCHEMA}"))?;
    let mut cluster = page
        .get("results")
        .and_then(|results| results.get(0))
        .cloned()
        .ok_or_else(|| "the synthesized page has no cluster".to_owned())?;
    fill_string_unions(&mut cluster);
    page["results"] = serde_json::Value::Array(vec![cluster; CLUSTERS]);
    page["totalCount"] = serde_json::Value::from(CLUSTERS);
    serde_json::to_vec(&page).map_err(|e| e.to_string())
}

/// The properties whose schemas say `type: object` beside a `oneOf` of string enums (regions,
/// instance sizes), with a string of theirs: the synthesizer follows the `type` and gives `{}`,
/// which no client (nor Atlas) reads as such a value.
const STRING_UNIONS: [(&str, &str); 3] = [
    ("regionName", "US_EAST_1"),
    ("maxInstanceSize", "M40"),
    ("minInstanceSize", "M10"),
];

/// Puts a string of theirs in every [`STRING_UNIONS`] property of `value` synthesized as `{}`.
fn fill_string_unions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                match STRING_UNIONS.iter().find(|(property, _)| property == name) {
                    Some((_, text)) if member.as_object().is_some_and(|m| m.is_empty()) => {
                        *member = serde_json::Value::from(*text);
                    }
                    _ => fill_string_unions(member),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(fill_string_unions),
        _ => {}
    }
}

fn write(path: &Path, text: impl AsRef<[u8]>) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Writes the workspace and runs the program `runs` times over; whether every goal was met.
pub(crate) fn measure(root: &Path, shared: &Path, runs: usize) -> Result<bool, String> {
    let spec = shared.join("atlas").join(SPEC);
    if !spec.is_file() {
        return Err(format!(
            "{} is missing (the bench needs ../shared/atlas, or --shared)",
            spec.display()
        ));
    }
    let dir = root.join("target/bench-decode");
    let workspace = dir.join("workspace");
    let config = Config::new(&spec, "atlas-admin").operations([OPERATION.to_owned()]);
    atlas_codegen::generate(&config)
        .and_then(|output| output.write_to(&workspace.join("current")))
        .map_err(|e| format!("generating the current crate: {e}"))?;
    generate_baseline(
        root,
        &root.join("target/bench-compile"),
        &spec,
        &workspace.join("baseline"),
        &["--name", "atlas-admin-derive", "--operations", OPERATION],
    )?;
    write(&workspace.join("Cargo.toml"), MANIFEST)?;
    write(&workspace.join("bench/Cargo.toml"), BENCH_MANIFEST)?;
    write(&workspace.join("bench/src/main.rs"), PROGRAM)?;
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    let page_path = dir.join("page.json");
    write(&page_path, page(&spec)?)?;

    eprintln!("building the decode benchmark in release...");
    let status = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "decode-bench",
            "--",
        ])
        .arg(&page_path)
        .arg(runs.to_string())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(status.success())
}
