//! `cargo xtask corpus`: generates a client crate for every spec of a corpus into one cargo
//! workspace, so that CI builds, lints and wire-tests them all on one dependency build.
//!
//! Each spec `<stem>.yaml` (or `.json`) becomes the crate `corpus-<stem>` in `<out>/<stem>`; a
//! wire test `<stem>.rs` beside the spec is copied to `<out>/<stem>/tests/wire.rs`, with the test
//! support it may include (`mod support;`) to `<out>/<stem>/tests/support/`. `<out>` gets a
//! `Cargo.toml` listing the crates and a copy of the repository's `Cargo.lock`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use atlas_codegen::{Config, WriteOutcome};
use clap::Args;

use atlas_codegen::cli::{display_path, shell_quote};

/// The specs `cargo xtask corpus` generates unless `--spec` says otherwise.
const DEFAULT_CORPUS: &str = "generator/tests/corpus";

/// The test support of generated crates' tests (the digest server, the trace capture): a module
/// each test includes with `mod support;`, copied to `tests/support/` of every generated crate
/// that has tests (here and by `cargo xtask whole-api`). Its module doc says why it is not a crate.
pub(crate) const TEST_SUPPORT: &str = "generated/tests/support";

/// The first line of the workspace manifest this command writes: a `Cargo.toml` without it is
/// not overwritten.
const MANIFEST_HEADER: &str =
    "# Written by `cargo xtask corpus`: one crate generated per spec. Do not edit by hand.";

#[derive(Args)]
pub(crate) struct CorpusArgs {
    /// The workspace directory to write: one crate per spec, in DIR/STEM (the spec file's stem).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// A spec, or a directory whose every *.yaml and *.json is one (repeatable)
    /// [default: generator/tests/corpus].
    #[arg(long = "spec", value_name = "FILE_OR_DIR")]
    specs: Vec<PathBuf>,
}

/// One spec of the corpus and where its crate goes.
struct Spec {
    path: PathBuf,
    /// How the spec is named in messages and generated headers.
    display: String,
    /// The file name without its extension: the crate's directory.
    stem: String,
}

pub(crate) fn run(args: &CorpusArgs, root: &Path) -> ExitCode {
    match corpus(args, root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn corpus(args: &CorpusArgs, root: &Path) -> Result<(), String> {
    let out_display = display_path(&args.out, root);
    let manifest_path = args.out.join("Cargo.toml");
    if let Ok(existing) = fs::read_to_string(&manifest_path)
        && !existing.starts_with(MANIFEST_HEADER)
    {
        return Err(format!(
            "{out_display}/Cargo.toml exists and was not written by `cargo xtask corpus`; choose another --out"
        ));
    }
    let specs = collect_specs(args, root)?;
    fs::create_dir_all(&args.out).map_err(|e| format!("cannot create {out_display}: {e}"))?;

    let mut failed = Vec::new();
    for spec in &specs {
        if let Err(message) = generate(spec, root, &args.out, &out_display) {
            eprintln!("error: {message}");
            eprintln!(
                "error: cannot generate the corpus crate of {}",
                spec.display
            );
            failed.push(spec.display.as_str());
        }
    }
    if !failed.is_empty() {
        return Err(format!(
            "{} of {} specs did not generate ({}); {out_display}/Cargo.toml was not written",
            failed.len(),
            specs.len(),
            failed.join(", ")
        ));
    }

    write_if_changed(&manifest_path, &workspace_manifest(&specs))
        .map_err(|e| format!("cannot write {out_display}/Cargo.toml: {e}"))?;
    fs::copy(root.join("Cargo.lock"), args.out.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock to {out_display}: {e}"))?;
    eprintln!(
        "wrote {out_display}/Cargo.toml: a workspace of {} crates, with the repository's Cargo.lock",
        specs.len()
    );
    Ok(())
}

/// The specs the arguments name, sorted by stem; an error when a spec is missing, a directory
/// holds none, or two specs would write the same crate.
fn collect_specs(args: &CorpusArgs, root: &Path) -> Result<Vec<Spec>, String> {
    let default = [root.join(DEFAULT_CORPUS)];
    let sources = if args.specs.is_empty() {
        &default[..]
    } else {
        &args.specs[..]
    };
    let mut paths = Vec::new();
    for source in sources {
        let display = display_path(source, root);
        let metadata = fs::metadata(source)
            .map_err(|e| format!("{display}: cannot read the spec or directory: {e}"))?;
        if !metadata.is_dir() {
            paths.push(source.clone());
            continue;
        }
        let entries = fs::read_dir(source)
            .map_err(|e| format!("{display}: cannot list the directory: {e}"))?;
        let mut found = Vec::new();
        for entry in entries {
            let path = entry
                .map_err(|e| format!("{display}: cannot list the directory: {e}"))?
                .path();
            let is_spec = matches!(
                path.extension().and_then(|ext| ext.to_str()),
                Some("yaml" | "json")
            );
            if is_spec && path.is_file() {
                found.push(path);
            }
        }
        if found.is_empty() {
            return Err(format!("{display} holds no *.yaml or *.json spec"));
        }
        found.sort();
        paths.extend(found);
    }

    let mut by_stem: BTreeMap<String, Spec> = BTreeMap::new();
    for path in paths {
        let display = display_path(&path, root);
        let stem = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .filter(|stem| !stem.is_empty())
            .ok_or_else(|| format!("{display}: the file name is not UTF-8 or has no stem"))?
            .to_owned();
        if let Some(other) = by_stem.get(&stem) {
            if same_file(&other.path, &path) {
                continue;
            }
            return Err(format!(
                "{} and {display} would both generate the crate directory {stem}",
                other.display
            ));
        }
        by_stem.insert(
            stem.clone(),
            Spec {
                path,
                display,
                stem,
            },
        );
    }
    Ok(by_stem.into_values().collect())
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
}

/// Generates the crate of `spec` into `<out>/<stem>` and copies its wire test, if it has one.
fn generate(spec: &Spec, root: &Path, out: &Path, out_display: &str) -> Result<(), String> {
    let name = crate_name(&spec.stem);
    let dir = out.join(&spec.stem);
    let dir_display = format!("{out_display}/{}", spec.stem);
    let command = format!(
        "cargo xtask codegen --spec {} --out {} --name {name}",
        shell_quote(&spec.display),
        shell_quote(&dir_display)
    );
    let config = Config::new(&spec.path, &name)
        .spec_display(&spec.display)
        .regenerate_command(&command);
    let output = atlas_codegen::generate(&config).map_err(|error| error.to_string())?;
    for warning in output.warnings() {
        eprintln!("warning: {warning}");
    }
    let outcome = output.write_to(&dir).map_err(|error| error.to_string())?;

    let wire_test = spec.path.with_extension("rs");
    let wire_target = dir.join("tests").join("wire.rs");
    let wire = if wire_test.is_file() {
        let text = fs::read_to_string(&wire_test).map_err(|e| {
            format!(
                "{}: cannot read the wire test: {e}",
                display_path(&wire_test, root)
            )
        })?;
        write_if_changed(&wire_target, &text)
            .map_err(|e| format!("cannot write {dir_display}/tests/wire.rs: {e}"))?;
        copy_test_support(root, &dir, &dir_display)?;
        ", with tests/wire.rs"
    } else {
        // A wire test copied by an earlier run whose spec no longer has one.
        if wire_target.exists() {
            fs::remove_file(&wire_target)
                .map_err(|e| format!("cannot remove {dir_display}/tests/wire.rs: {e}"))?;
        }
        ""
    };
    let what = match outcome {
        WriteOutcome::Unchanged => "is up to date with",
        WriteOutcome::Written => "written from",
    };
    eprintln!("{dir_display} ({name}) {what} {}{wire}", spec.display);
    Ok(())
}

/// Copies the `*.rs` files of [`TEST_SUPPORT`] to `<dir>/tests/support/` (shown as
/// `dir_display`).
pub(crate) fn copy_test_support(root: &Path, dir: &Path, dir_display: &str) -> Result<(), String> {
    let entries = fs::read_dir(root.join(TEST_SUPPORT))
        .map_err(|e| format!("{TEST_SUPPORT}: cannot list the directory: {e}"))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{TEST_SUPPORT}: cannot list the directory: {e}"))?
            .path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if !name.ends_with(".rs") || !path.is_file() {
            continue;
        }
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("{TEST_SUPPORT}/{name}: cannot read: {e}"))?;
        write_if_changed(&dir.join("tests/support").join(name), &text)
            .map_err(|e| format!("cannot write {dir_display}/tests/support/{name}: {e}"))?;
    }
    Ok(())
}

/// `corpus-` and the kebab case of `stem`: `security_kinds` gives `corpus-security-kinds`.
fn crate_name(stem: &str) -> String {
    let mut kebab = String::new();
    let mut previous_lower = false;
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower {
                kebab.push('-');
            }
            kebab.push(c.to_ascii_lowercase());
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !kebab.is_empty() && !kebab.ends_with('-') {
                kebab.push('-');
            }
            previous_lower = false;
        }
    }
    let kebab = kebab.trim_end_matches('-');
    if kebab.is_empty() {
        "corpus".to_owned()
    } else {
        format!("corpus-{kebab}")
    }
}

/// The workspace manifest listing the crate of each spec.
fn workspace_manifest(specs: &[Spec]) -> String {
    let mut manifest = format!(
        "{MANIFEST_HEADER}\n# Regenerate with `cargo xtask corpus --out <this directory> --spec ...`.\n\n"
    );
    manifest.push_str("[workspace]\nresolver = \"2\"\nmembers = [\n");
    for spec in specs {
        manifest.push_str(&format!(
            "    \"{}\",\n",
            spec.stem.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    manifest.push_str("]\n");
    manifest
}

/// Writes `text` to `path` (creating its directory) unless it already holds exactly that, so that
/// an unchanged file keeps its modification time and cargo's fingerprints stay fresh.
pub(crate) fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if fs::read_to_string(path).is_ok_and(|existing| existing == text) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::crate_name;

    #[test]
    fn crate_names_are_kebab_case_with_the_corpus_prefix() {
        assert_eq!(crate_name("security_kinds"), "corpus-security-kinds");
        assert_eq!(crate_name("names"), "corpus-names");
        assert_eq!(
            crate_name("paypal-checkout-orders-v2"),
            "corpus-paypal-checkout-orders-v2"
        );
        assert_eq!(crate_name("fooBar.api"), "corpus-foo-bar-api");
        assert_eq!(crate_name("_odd__name_"), "corpus-odd-name");
    }
}
