//! `cargo xtask bench --against REV`: is this commit's generator slower than another commit's on
//! the biggest real spec? Both generators run as `xtask codegen` processes on the newest upstream
//! release, in alternation, so that the machine's load weighs on both alike; the other commit's
//! xtask is built in release from a temporary git worktree (its build is kept under
//! `target/bench/against/`, so a second run against the same commit does not build it again).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::git::git;
use crate::measure::{Stats, time_pairs};

/// How much slower than `REV` this commit may be before the bench fails: more than the noise of
/// two alternated runs on a shared machine, less than any regression worth a look.
const SLOWER_LIMIT: f64 = 1.10;

/// The release the two generators generate.
const RELEASE: &str = "atlas-admin-v2-2026-08-21.yaml";

/// Builds the xtask of commit `rev` in release and returns its binary.
fn build_other(root: &Path, rev: &str) -> Result<PathBuf, String> {
    let commit = git(
        root,
        &["rev-parse", "--verify", &format!("{rev}^{{commit}}")],
    )
    .map_err(|_| format!("{rev} is not a commit of this repository"))?;
    let dir = root.join("target/bench/against");
    let source = dir.join("src");
    if source.exists() {
        // Left behind by an interrupted bench.
        let _ = git(
            root,
            &["worktree", "remove", "--force", &source.to_string_lossy()],
        );
        std::fs::remove_dir_all(&source).ok();
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    git(
        root,
        &[
            "worktree",
            "add",
            "--detach",
            &source.to_string_lossy(),
            &commit,
        ],
    )?;
    let target = dir.join("target");
    eprintln!("building the xtask of {rev} ({commit:.10}) in release...");
    let status = Command::new(env!("CARGO"))
        .current_dir(&source)
        .env("CARGO_TARGET_DIR", &target)
        .args(["build", "--release", "--quiet", "--package", "xtask"])
        .status();
    let _ = git(
        root,
        &["worktree", "remove", "--force", &source.to_string_lossy()],
    );
    match status {
        Ok(status) if status.success() => Ok(target.join("release/xtask")),
        Ok(status) => Err(format!("building the xtask of {rev} failed ({status})")),
        Err(e) => Err(format!("cannot run cargo: {e}")),
    }
}

/// One `codegen` of the release by `xtask` into `out`.
fn codegen(xtask: &Path, spec: &Path, out: &Path) -> Result<(), String> {
    let status = Command::new(xtask)
        .arg("codegen")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--name", "atlas-admin"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", xtask.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} codegen failed ({status})", xtask.display()))
    }
}

fn ms(stats: Stats) -> String {
    let (median, min, max) = stats;
    format!(
        "{} ms ({}-{})",
        median.as_millis(),
        min.as_millis(),
        max.as_millis()
    )
}

/// Times `runs` alternated `codegen`s of the newest release by this commit's xtask and by
/// `rev`'s; whether this commit's median is at most [`SLOWER_LIMIT`] times `rev`'s. Run from
/// a release build (`bench::run` sees to it).
pub(crate) fn measure(root: &Path, shared: &Path, rev: &str, runs: usize) -> Result<bool, String> {
    let spec = shared.join("atlas").join(RELEASE);
    if !spec.is_file() {
        return Err(format!(
            "{} is missing (the bench needs ../shared/atlas)",
            spec.display()
        ));
    }
    let this = std::env::current_exe().map_err(|e| format!("cannot find this xtask: {e}"))?;
    let other = build_other(root, rev)?;
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (out_this, out_other) = (scratch.path().join("this"), scratch.path().join("other"));
    // One run each first, unmeasured: the spec in the page cache, the output directories made.
    codegen(&this, &spec, &out_this)?;
    codegen(&other, &spec, &out_other)?;
    let (this_stats, other_stats) = time_pairs(
        runs.max(1),
        || codegen(&this, &spec, &out_this),
        || codegen(&other, &spec, &out_other),
    )?;
    let ratio = this_stats.0.as_secs_f64() / other_stats.0.as_secs_f64().max(1e-9);
    println!(
        "`xtask codegen` of {RELEASE}, {} alternated runs each (median, min-max):",
        runs.max(1)
    );
    println!("| generator | time |");
    println!("| --- | ---: |");
    println!("| {rev} | {} |", ms(other_stats));
    println!("| this commit | {} |", ms(this_stats));
    println!("this commit / {rev}: {ratio:.2}x (limit {SLOWER_LIMIT:.2}x)");
    Ok(ratio <= SLOWER_LIMIT)
}
