//! `cargo xtask whole-api`: generates a subset of the whole upstream Atlas spec (the tags in
//! [`TAGS`]: list, download and plain operations) and copies the wire tests of
//! `generator/tests/whole_api/` into it, so that pagination, downloads, envelopes, retries,
//! digest sharing and tracing are tested on real Atlas operations, which the committed excerpt
//! does not have. CI runs it on `../shared`; the spec is test data and never copied here.
//!
//! `<out>` becomes a cargo workspace of one crate, `<out>/atlas-admin`, with the repository's
//! `Cargo.lock`; each `generator/tests/whole_api/<name>.rs` becomes `<out>/atlas-admin/tests/<name>.rs`,
//! and each benchmark program `generator/tests/whole_api/bench/<name>.rs` becomes
//! `<out>/atlas-admin/examples/<name>.rs` (run with `cargo run --release --example <name>`).
//! Beside it, `<out>/doc-examples` holds the Rust examples of the documentation (see
//! [`crate::doc_examples`]), so that building the workspace compiles them too.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use atlas_codegen::{Config, WriteOutcome};
use clap::Args;

use atlas_codegen::cli::{display_path, shell_quote};

/// The tags generated: enough for list operations (clusters, hosts, invoices), gzip and CSV
/// downloads (logs, invoices) and plain reads and writes, and small enough to build in CI.
pub(crate) const TAGS: &[&str] = &["Clusters", "Invoices", "Monitoring and Logs"];

/// Where the wire tests live in the repository.
const TESTS: &str = "generator/tests/whole_api";

/// The release generated unless `--spec` says otherwise, under `--shared`.
const DEFAULT_RELEASE: &str = "atlas/atlas-admin-v2-2026-08-21.yaml";

const MANIFEST: &str = "# Written by `cargo xtask whole-api`. Do not edit by hand.\n\n[workspace]\nresolver = \"2\"\nmembers = [\"atlas-admin\", \"doc-examples\"]\n";

#[derive(Args)]
pub(crate) struct WholeApiArgs {
    /// The workspace directory to write [default: target/whole-api/crate].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The upstream spec [default: atlas/atlas-admin-v2-2026-08-21.yaml under --shared].
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// The folder holding atlas/ [default: ../shared beside the workspace].
    #[arg(long, value_name = "DIR")]
    shared: Option<PathBuf>,
    /// Then run `cargo test` in it (target directory target/whole-api/target unless
    /// CARGO_TARGET_DIR is set); extra arguments after `--` go to `cargo test`.
    #[arg(long)]
    test: bool,
    /// Arguments for `cargo test`, after `--`.
    #[arg(last = true, requires = "test")]
    test_args: Vec<String>,
}

pub(crate) fn run(args: &WholeApiArgs, root: &Path) -> ExitCode {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("target/whole-api/crate"));
    if let Err(message) = write(args, root, &out) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    if !args.test {
        return ExitCode::SUCCESS;
    }
    let mut cargo = crate::cargo();
    cargo.current_dir(&out).arg("test").args(&args.test_args);
    if std::env::var_os("CARGO_TARGET_DIR").is_none() {
        cargo.env("CARGO_TARGET_DIR", root.join("target/whole-api/target"));
    }
    match cargo.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => {
            eprintln!("error: the whole-API wire tests failed");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: cannot run cargo test: {error}");
            ExitCode::from(2)
        }
    }
}

/// Writes the subset crate to its default place, from the default spec under `shared`; gives
/// the workspace directory.
pub(crate) fn write_default(root: &Path, shared: &Path) -> Result<PathBuf, String> {
    let args = WholeApiArgs {
        out: None,
        spec: None,
        shared: Some(shared.to_owned()),
        test: false,
        test_args: Vec::new(),
    };
    let out = root.join("target/whole-api/crate");
    write(&args, root, &out)?;
    Ok(out)
}

fn write(args: &WholeApiArgs, root: &Path, out: &Path) -> Result<(), String> {
    let shared = args
        .shared
        .clone()
        .unwrap_or_else(|| root.join("../shared"));
    let spec = args
        .spec
        .clone()
        .unwrap_or_else(|| shared.join(DEFAULT_RELEASE));
    let spec_display = display_path(&spec, root);
    if !spec.is_file() {
        return Err(format!(
            "{spec_display} is missing: the whole-API tests need the upstream spec (see --shared)"
        ));
    }
    let out_display = display_path(out, root);
    let manifest_path = out.join("Cargo.toml");
    if let Ok(existing) = fs::read_to_string(&manifest_path)
        && !existing.starts_with("# Written by `cargo xtask whole-api`.")
    {
        return Err(format!(
            "{out_display}/Cargo.toml exists and was not written by `cargo xtask whole-api`; choose another --out"
        ));
    }

    let dir = out.join("atlas-admin");
    let dir_display = format!("{out_display}/atlas-admin");
    let command = format!(
        "cargo xtask whole-api --out {} --spec {}",
        shell_quote(&out_display),
        shell_quote(&spec_display)
    );
    let config = Config::new(&spec, "atlas-admin")
        .spec_display(&spec_display)
        .regenerate_command(&command)
        .tags(TAGS.iter().map(|tag| (*tag).to_owned()));
    let output = atlas_codegen::generate(&config).map_err(|error| error.to_string())?;
    for warning in output.warnings() {
        eprintln!("warning: {warning}");
    }
    let outcome = output.write_to(&dir).map_err(|error| error.to_string())?;

    let tests = rust_files(&root.join(TESTS), TESTS)?;
    if tests.is_empty() {
        return Err(format!("{TESTS} holds no wire test"));
    }
    copy_into(
        root,
        &tests,
        &dir.join("tests"),
        &format!("{dir_display}/tests"),
    )?;
    // The support the tests and benchmark programs include, in tests/support/.
    crate::corpus::copy_test_support(root, &dir, &dir_display)?;
    let benches = bench_programs(root)?;
    copy_into(
        root,
        &benches,
        &dir.join("examples"),
        &format!("{dir_display}/examples"),
    )?;
    let doc_examples = crate::doc_examples::write(root, out, &out_display)?;
    crate::corpus::write_if_changed(&manifest_path, MANIFEST)
        .map_err(|e| format!("cannot write {out_display}/Cargo.toml: {e}"))?;
    fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock to {out_display}: {e}"))?;
    let what = match outcome {
        WriteOutcome::Unchanged => "is up to date with",
        WriteOutcome::Written => "written from",
    };
    eprintln!(
        "{dir_display} {what} {spec_display} (tags {}), with {} wire tests and {} benchmark programs from {TESTS}; {doc_examples} examples of README.md and docs/ in {out_display}/{}",
        TAGS.join(", "),
        tests.len(),
        benches.len(),
        crate::doc_examples::MEMBER
    );
    Ok(())
}

/// The benchmark programs, `generator/tests/whole_api/bench/*.rs`, sorted (none if the folder
/// does not exist).
pub(crate) fn bench_programs(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join(TESTS).join("bench");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    rust_files(&dir, &format!("{TESTS}/bench"))
}

/// The `*.rs` files directly in `dir` (shown as `shown` in errors), sorted.
fn rust_files(dir: &Path, shown: &str) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{shown}: cannot list the directory: {e}"))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs") && path.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// Copies each of `files` into `to` (shown as `to_display`), keeping its name.
fn copy_into(root: &Path, files: &[PathBuf], to: &Path, to_display: &str) -> Result<(), String> {
    for file in files {
        let name = file.file_name().unwrap_or_default();
        let text = fs::read_to_string(file)
            .map_err(|e| format!("{}: cannot read: {e}", display_path(file, root)))?;
        crate::corpus::write_if_changed(&to.join(name), &text)
            .map_err(|e| format!("cannot write {to_display}/{}: {e}", name.to_string_lossy()))?;
    }
    Ok(())
}
