//! `cargo xtask bench --compile`: what the crate generated for the whole newest Atlas release costs
//! to compile, against the crate this repository generated at commit f9734b4 (the baseline the
//! compile-cost issue names).
//!
//! The baseline crate comes from f9734b4's own generator: the commit is checked out as a git
//! worktree in `target/bench-compile/baseline-src`, its xtask built in release into
//! `target/bench-compile/baseline-generator` and run, and the worktree removed again. The checkout's
//! files get the commit's time as their modification time and the worktree's path does not change,
//! so a later bench finds that build fresh instead of spending two minutes on it again. The current
//! crate comes from this workspace's library. Both are written to a scratch directory outside the
//! workspace (a generated crate declares no workspace of its own) with the workspace's Cargo.lock.
//!
//! Both packages are named atlas-admin, so each has its own target directory,
//! `target/bench-compile/{baseline,current}`: in a shared one cargo reuses the other crate's
//! artifacts. They persist between benches, so dependencies are built once. One untimed
//! `cargo check --all-features` of each crate warms them up; then every timed run touches the
//! crate's `src/lib.rs`, so that cargo rebuilds atlas-admin and nothing else (each run checks that
//! cargo's log names no other package), and runs cargo with `CARGO_INCREMENTAL=0`. The two crates
//! run in alternation ([`time_pairs`]). Peak memory is `ru_maxrss` from `wait4` of the cargo
//! process: the largest resident set among it and the processes it waited for (rustc), which is
//! what `/usr/bin/time -f %M` reports.
//!
//! Cases: `cargo check --all-features` of both crates; `cargo check --no-default-features
//! --features cloud-migration-service` of the current crate (one tag alone); with
//! `--release-build`, `cargo build --release --all-features` of both; with `--time-passes`, one
//! `cargo rustc --lib --all-features --profile check -- -Z time-passes` per crate (with
//! `RUSTC_BOOTSTRAP=1`, which makes cargo rebuild all dependencies, so in target directories of
//! their own, `target/bench-compile/{baseline,current}-time-passes`), whose top-level passes over
//! 0.3 s are printed side by side.
//!
//! Checked once by hand: `/usr/bin/time -f %M cargo check --all-features` of the current crate
//! (lib.rs touched) reported 3425792 KiB, that is 3508 MB of 10^6 bytes; this bench 3510 to 3516 MB.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime};

use atlas_codegen::Config;

use crate::measure::{Stats, time_pairs, time_runs};

/// The commit whose generated crate is the baseline.
const BASELINE: &str = "f9734b4";
/// The release both crates are generated from, under `<shared>/atlas/`.
const SPEC: &str = "atlas-admin-v2-2026-08-21.yaml";
/// Both crates' package name.
const CRATE: &str = "atlas-admin";
/// The tag of the one-tag case.
const ONE_TAG: &str = "cloud-migration-service";

/// The floors of the compile-cost issue, checked against the measured medians and peaks.
const CHECK_RATIO_LIMIT: f64 = 0.33;
const PEAK_MEMORY_LIMIT: u64 = 1_500_000_000;
const ONE_TAG_LIMIT: Duration = Duration::from_millis(2500);

/// Top-level `-Z time-passes` passes shorter than this in both crates are not printed.
const SHOWN_PASS_SECONDS: f64 = 0.3;

const CHECK_ALL: &[&str] = &["check", "--all-features"];
const CHECK_ONE_TAG: &[&str] = &["check", "--no-default-features", "--features", ONE_TAG];
const RELEASE_ALL: &[&str] = &["build", "--release", "--all-features"];
const TIME_PASSES: &[&str] = &[
    "rustc",
    "--lib",
    "--all-features",
    "--profile",
    "check",
    "--",
    "-Z",
    "time-passes",
];

pub(crate) struct CompileArgs {
    /// Also time `cargo build --release --all-features` of both crates.
    pub release_build: bool,
    /// How many release builds of each crate.
    pub release_runs: usize,
    /// Print rustc's `-Z time-passes` of one check of each crate.
    pub time_passes: bool,
}

/// One generated crate with its own target directory.
struct Crate {
    label: &'static str,
    dir: PathBuf,
    target: PathBuf,
    /// Where cargo's stderr goes, overwritten by every run.
    log: PathBuf,
}

/// What one cargo run measured.
struct Run {
    elapsed: Duration,
    /// Peak resident set of cargo and the processes it waited for, in bytes.
    peak: u64,
    /// Cargo's (and rustc's) stderr.
    log: String,
}

impl Crate {
    fn cargo(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_INCREMENTAL", "0")
            .env("CARGO_TERM_COLOR", "never")
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        command
    }

    /// Runs `command` (one of [`Crate::cargo`]'s), failing with the end of its log if it fails.
    fn run(&self, mut command: Command, what: &str) -> Result<Run, String> {
        let log = File::create(&self.log)
            .map_err(|e| format!("cannot create {}: {e}", self.log.display()))?;
        command.stderr(log);
        let start = Instant::now();
        let child = command
            .spawn()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let (status, peak) = wait_with_peak_memory(child)?;
        let elapsed = start.elapsed();
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        if !status.success() {
            return Err(format!(
                "`cargo {what}` of the {} crate failed ({status}); the end of its output:\n{}",
                self.label,
                tail(&log, 30)
            ));
        }
        Ok(Run { elapsed, peak, log })
    }

    /// Builds with `args` whatever needs building, untimed: dependencies, and the crate if stale.
    fn warm_up(&self, args: &[&str]) -> Result<(), String> {
        let what = args.join(" ");
        eprintln!(
            "warming up: cargo {what} of the {} crate (dependencies are built once)...",
            self.label
        );
        self.run(self.cargo(args), &what).map(drop)
    }

    /// Rebuilds the crate alone with `args`: touches its `src/lib.rs` and fails if cargo's log
    /// shows it built any other package, or did not build this one.
    fn rebuild(&self, args: &[&str]) -> Result<Run, String> {
        self.touch()?;
        let what = args.join(" ");
        let run = self.run(self.cargo(args), &what)?;
        let built = built_packages(&run.log);
        if built != [CRATE] {
            return Err(format!(
                "`cargo {what}` of the {} crate after touching src/lib.rs built [{}], not {CRATE} alone; \
                 the timing would not be the crate's",
                self.label,
                built.join(", ")
            ));
        }
        eprintln!(
            "  {}: cargo {what}: {}, peak {}",
            self.label,
            seconds(run.elapsed),
            megabytes(run.peak)
        );
        Ok(run)
    }

    /// Makes cargo consider the crate stale, and only it: the crate depends on nothing that
    /// lives in its directory.
    fn touch(&self) -> Result<(), String> {
        let lib = self.dir.join("src/lib.rs");
        File::options()
            .write(true)
            .open(&lib)
            .and_then(|file| file.set_modified(SystemTime::now()))
            .map_err(|e| format!("cannot touch {}: {e}", lib.display()))
    }
}

/// Waits for `child` with `wait4`, returning its exit status and peak memory in bytes:
/// `ru_maxrss` of the child and of every descendant it waited for.
#[cfg(unix)]
fn wait_with_peak_memory(child: std::process::Child) -> Result<(ExitStatus, u64), String> {
    use std::os::unix::process::ExitStatusExt;
    let pid =
        libc::pid_t::try_from(child.id()).map_err(|e| format!("process id out of range: {e}"))?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a plain C struct of integers, for which all zeros is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our child, not yet waited for; both pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("cannot wait for cargo: {error}"));
        }
    }
    // Reaped already: dropping a `Child` neither waits for nor kills it.
    drop(child);
    let max_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    // Linux and the BSDs count kilobytes (1024 bytes), macOS bytes.
    let peak = if cfg!(target_os = "macos") {
        max_rss
    } else {
        max_rss * 1024
    };
    Ok((ExitStatus::from_raw(status), peak))
}

#[cfg(not(unix))]
fn wait_with_peak_memory(_child: std::process::Child) -> Result<(ExitStatus, u64), String> {
    Err("cargo xtask bench --compile measures peak memory with wait4, which needs a Unix".into())
}

/// The packages cargo's log says it compiled or checked, in order.
fn built_packages(log: &str) -> Vec<&str> {
    log.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("Compiling ")
                .or_else(|| line.strip_prefix("Checking "))?;
            rest.split_whitespace().next()
        })
        .collect()
}

/// The top-level passes in rustc's `-Z time-passes` report, name and seconds, in order: lines
/// like `time:  22.124; rss: 1470MB -> 1903MB ( +433MB)<TAB>type_check_crate`. Indented lines
/// (sub-passes, in rustc versions that indent them) and everything else are skipped.
fn top_level_passes(log: &str) -> Vec<(&str, f64)> {
    log.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("time:")?;
            let (time, rest) = rest.split_once(';')?;
            let time = time.trim().parse().ok()?;
            let name = match rest.rsplit_once('\t') {
                Some((_, name)) => name.trim(),
                None => rest.split_whitespace().last()?,
            };
            (!name.is_empty()).then_some((name, time))
        })
        .collect()
}

/// Rows of the side-by-side time-passes table: every pass that takes more than
/// [`SHOWN_PASS_SECONDS`] in either crate, in the baseline's order then the current's, with its
/// first time in each.
fn passes_side_by_side<'a>(
    baseline: &[(&'a str, f64)],
    current: &[(&'a str, f64)],
) -> Vec<(&'a str, Option<f64>, Option<f64>)> {
    let first = |passes: &[(&str, f64)], name: &str| {
        passes
            .iter()
            .find(|(pass, _)| *pass == name)
            .map(|(_, time)| *time)
    };
    let mut rows: Vec<(&str, Option<f64>, Option<f64>)> = Vec::new();
    for (name, time) in baseline.iter().chain(current) {
        if *time > SHOWN_PASS_SECONDS && !rows.iter().any(|(shown, _, _)| shown == name) {
            rows.push((name, first(baseline, name), first(current, name)));
        }
    }
    rows
}

/// The last `lines` lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The baseline's worktree, removed when dropped so that error paths do not leave it behind.
struct Worktree<'a> {
    root: &'a Path,
    path: PathBuf,
}

impl Worktree<'_> {
    fn remove(root: &Path, path: &Path) {
        let _ = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["worktree", "remove", "--force"])
            .arg(path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for Worktree<'_> {
    fn drop(&mut self) {
        Self::remove(self.root, &self.path);
    }
}

/// Generates the baseline crate into `out` with commit [`BASELINE`]'s own generator.
fn generate_baseline(root: &Path, bench_dir: &Path, spec: &Path, out: &Path) -> Result<(), String> {
    let commit = format!("{BASELINE}^{{commit}}");
    if git(root, &["rev-parse", "--verify", "--quiet", &commit]).is_err() {
        let shallow =
            git(root, &["rev-parse", "--is-shallow-repository"]).unwrap_or_default() == "true";
        return Err(format!(
            "commit {BASELINE}, the baseline, is not in this repository{}; fetch it with `git fetch --unshallow` \
             (or `git fetch origin {BASELINE}`)",
            if shallow { " (a shallow clone)" } else { "" }
        ));
    }
    // The same path every time, so that the persistent target directory stays fresh (see above).
    let source = bench_dir.join("baseline-src");
    if source.exists() {
        // Left behind by an interrupted bench.
        Worktree::remove(root, &source);
        if source.exists() {
            std::fs::remove_dir_all(&source)
                .map_err(|e| format!("cannot remove {}: {e}", source.display()))?;
        }
    }
    std::fs::create_dir_all(bench_dir)
        .map_err(|e| format!("cannot create {}: {e}", bench_dir.display()))?;
    let source_arg = source.to_string_lossy();
    // --force: also when git still records a worktree there whose directory is gone.
    git(
        root,
        &[
            "worktree",
            "add",
            "--force",
            "--detach",
            &source_arg,
            BASELINE,
        ],
    )?;
    let worktree = Worktree {
        root,
        path: source.clone(),
    };

    let committed: u64 = git(root, &["log", "-1", "--format=%ct", BASELINE])?
        .parse()
        .map_err(|e| format!("git log gave no commit time for {BASELINE}: {e}"))?;
    set_modified_all(
        &source,
        SystemTime::UNIX_EPOCH + Duration::from_secs(committed),
    )?;

    eprintln!("building {BASELINE}'s generator in release (reused by later benches)...");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--package", "xtask"])
        .current_dir(&source)
        .env("CARGO_TARGET_DIR", bench_dir.join("baseline-generator"))
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building {BASELINE}'s xtask failed ({status})"));
    }
    let generator = bench_dir
        .join("baseline-generator/release")
        .join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    let output = Command::new(&generator)
        .arg("codegen")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--name", CRATE])
        .current_dir(&source)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", generator.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{BASELINE}'s generator failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    drop(worktree);
    if source.exists() {
        return Err(format!(
            "`git worktree remove --force {}` left it behind",
            source.display()
        ));
    }
    Ok(())
}

/// Sets the modification time of every file under `dir` (but `.git`) to `time`.
fn set_modified_all(dir: &Path, time: SystemTime) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if entry.file_name() == ".git" {
            continue;
        }
        if kind.is_dir() {
            set_modified_all(&path, time)?;
        } else if kind.is_file() {
            File::options()
                .write(true)
                .open(&path)
                .and_then(|file| file.set_modified(time))
                .map_err(|e| format!("cannot set the time of {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Lines of the `.rs` files under `dir`, recursively.
fn rust_lines(dir: &Path) -> Result<usize, String> {
    let mut lines = 0;
    for entry in
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?
    {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            lines += rust_lines(&path)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            lines += text.lines().count();
        }
    }
    Ok(lines)
}

fn copy_lock(root: &Path, dir: &Path) -> Result<(), String> {
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map(drop)
        .map_err(|e| format!("cannot copy Cargo.lock into {}: {e}", dir.display()))
}

/// A measured case: times and peak memory of each side (`None` where the side does not run).
struct Row {
    case: String,
    baseline: Option<(Stats, u64)>,
    current: (Stats, u64),
}

pub(crate) fn measure(
    root: &Path,
    runs: usize,
    shared: &Path,
    args: &CompileArgs,
) -> Result<bool, String> {
    let runs = runs.max(1);
    let spec = shared.join("atlas").join(SPEC);
    if !spec.is_file() {
        return Err(format!(
            "{} is missing (the bench needs ../shared/atlas, or --shared)",
            spec.display()
        ));
    }
    let bench_dir = root.join("target/bench-compile");
    // Outside the workspace: a generated crate declares no [workspace], and cargo refuses a
    // package under a workspace that does not list it.
    let scratch = tempfile::Builder::new()
        .prefix("atlas-bench-compile-")
        .tempdir()
        .map_err(|e| format!("cannot create a scratch directory: {e}"))?;
    let crate_at = |label: &'static str| Crate {
        label,
        dir: scratch.path().join(label),
        target: bench_dir.join(label),
        log: scratch.path().join(format!("{label}.log")),
    };
    let (baseline, current) = (crate_at("baseline"), crate_at("current"));

    generate_baseline(root, &bench_dir, &spec, &baseline.dir)?;
    let output = atlas_codegen::generate(&Config::new(&spec, CRATE))
        .map_err(|e| format!("generating the current crate: {e}"))?;
    output
        .write_to(&current.dir)
        .map_err(|e| format!("writing the current crate: {e}"))?;
    for side in [&baseline, &current] {
        copy_lock(root, &side.dir)?;
    }
    let baseline_lines = rust_lines(&baseline.dir.join("src"))?;
    let current_lines = rust_lines(&current.dir.join("src"))?;

    baseline.warm_up(CHECK_ALL)?;
    current.warm_up(CHECK_ALL)?;
    current.warm_up(CHECK_ONE_TAG)?;

    let mut rows = Vec::new();
    eprintln!(
        "timing cargo check --all-features, {}, the crates in alternation...",
        count(runs, "round")
    );
    let (mut baseline_peaks, mut current_peaks) = (Vec::new(), Vec::new());
    let (baseline_check, current_check) = time_pairs(
        runs,
        || {
            baseline
                .rebuild(CHECK_ALL)
                .map(|run| baseline_peaks.push(run.peak))
        },
        || {
            current
                .rebuild(CHECK_ALL)
                .map(|run| current_peaks.push(run.peak))
        },
    )?;
    let current_check_peak = peak(&current_peaks);
    rows.push(Row {
        case: "all features, `cargo check`".into(),
        baseline: Some((baseline_check, peak(&baseline_peaks))),
        current: (current_check, current_check_peak),
    });

    eprintln!(
        "timing cargo check of {ONE_TAG} alone, {}...",
        count(runs, "run")
    );
    let mut one_tag_peaks = Vec::new();
    let one_tag = time_runs(runs, || {
        current
            .rebuild(CHECK_ONE_TAG)
            .map(|run| one_tag_peaks.push(run.peak))
    })?;
    rows.push(Row {
        case: format!("`{ONE_TAG}` alone, `cargo check`"),
        baseline: None,
        current: (one_tag, peak(&one_tag_peaks)),
    });

    if args.release_build {
        let release_runs = args.release_runs.max(1);
        baseline.warm_up(RELEASE_ALL)?;
        current.warm_up(RELEASE_ALL)?;
        eprintln!(
            "timing cargo build --release --all-features, {}...",
            count(release_runs, "round")
        );
        let (mut baseline_peaks, mut current_peaks) = (Vec::new(), Vec::new());
        let (baseline_release, current_release) = time_pairs(
            release_runs,
            || {
                baseline
                    .rebuild(RELEASE_ALL)
                    .map(|run| baseline_peaks.push(run.peak))
            },
            || {
                current
                    .rebuild(RELEASE_ALL)
                    .map(|run| current_peaks.push(run.peak))
            },
        )?;
        rows.push(Row {
            case: "all features, `cargo build --release`".into(),
            baseline: Some((baseline_release, peak(&baseline_peaks))),
            current: (current_release, peak(&current_peaks)),
        });
    }

    let passes = if args.time_passes {
        eprintln!("cargo rustc ... -Z time-passes of each crate...");
        let mut logs = Vec::new();
        for side in [&baseline, &current] {
            // Cargo rebuilds every dependency when RUSTC_BOOTSTRAP changes: a target directory of
            // its own keeps the other runs' dependencies, and its own, built.
            let side = Crate {
                label: side.label,
                dir: side.dir.clone(),
                target: bench_dir.join(format!("{}-time-passes", side.label)),
                log: side.log.clone(),
            };
            side.touch()?;
            let mut command = side.cargo(TIME_PASSES);
            command.env("RUSTC_BOOTSTRAP", "1");
            logs.push(side.run(command, &TIME_PASSES.join(" "))?.log);
        }
        Some(logs)
    } else {
        None
    };

    println!("| case | baseline {BASELINE} median | current median | ratio | min/max |");
    println!("| --- | ---: | ---: | ---: | --- |");
    for row in &rows {
        let ((median, min, max), _) = row.current;
        match row.baseline {
            Some(((baseline_median, baseline_min, baseline_max), _)) => println!(
                "| {} | {} | {} | {:.2}x | baseline {}–{}, current {}–{} |",
                row.case,
                seconds(baseline_median),
                seconds(median),
                ratio(median, baseline_median),
                seconds(baseline_min),
                seconds(baseline_max),
                seconds(min),
                seconds(max)
            ),
            None => println!(
                "| {} | – | {} | – | current {}–{} |",
                row.case,
                seconds(median),
                seconds(min),
                seconds(max)
            ),
        }
    }
    println!();
    println!(
        "| peak memory (largest process, max over runs) | baseline {BASELINE} | current | ratio |"
    );
    println!("| --- | ---: | ---: | ---: |");
    for row in &rows {
        let (_, current_peak) = row.current;
        match row.baseline {
            Some((_, baseline_peak)) => println!(
                "| {} | {} | {} | {:.2}x |",
                row.case,
                megabytes(baseline_peak),
                megabytes(current_peak),
                current_peak as f64 / (baseline_peak as f64).max(1.0)
            ),
            None => println!("| {} | – | {} | – |", row.case, megabytes(current_peak)),
        }
    }
    println!();
    println!(
        "Rust lines under src/: baseline {baseline_lines}, current {current_lines} ({:.2}x)",
        current_lines as f64 / (baseline_lines as f64).max(1.0)
    );

    if let Some(logs) = &passes {
        let (baseline_passes, current_passes) =
            (top_level_passes(&logs[0]), top_level_passes(&logs[1]));
        println!();
        println!(
            "| `-Z time-passes`, top-level passes over {SHOWN_PASS_SECONDS} s | baseline {BASELINE} | current |"
        );
        println!("| --- | ---: | ---: |");
        let shown =
            |time: Option<f64>| time.map_or_else(|| "–".to_owned(), |time| format!("{time:.2} s"));
        for (name, baseline_time, current_time) in
            passes_side_by_side(&baseline_passes, &current_passes)
        {
            println!(
                "| {name} | {} | {} |",
                shown(baseline_time),
                shown(current_time)
            );
        }
    }

    let check_ratio = ratio(current_check.0, baseline_check.0);
    println!();
    let checks = [
        (
            check_ratio <= CHECK_RATIO_LIMIT,
            format!(
                "all-features check: current/baseline median = {check_ratio:.2}x (floor: at most {CHECK_RATIO_LIMIT}x)"
            ),
        ),
        (
            current_check_peak <= PEAK_MEMORY_LIMIT,
            format!(
                "peak memory of the current crate's all-features check {} (floor: at most {})",
                megabytes(current_check_peak),
                megabytes(PEAK_MEMORY_LIMIT)
            ),
        ),
        (
            one_tag.0 <= ONE_TAG_LIMIT,
            format!(
                "`{ONE_TAG}` alone checks in {} (floor: at most {})",
                seconds(one_tag.0),
                seconds(ONE_TAG_LIMIT)
            ),
        ),
    ];
    let mut all_ok = true;
    for (ok, text) in checks {
        println!("{} {text}", if ok { "ok    " } else { "MISSED" });
        all_ok &= ok;
    }
    println!(
        "\n{} per case{}; the two crates run in alternation; each run rebuilds atlas-admin alone \
         (src/lib.rs touched, CARGO_INCREMENTAL=0) over dependencies built beforehand; {} logical CPUs",
        count(runs, "run"),
        if args.release_build {
            format!(" (release build: {})", args.release_runs.max(1))
        } else {
            String::new()
        },
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    Ok(all_ok)
}

/// `count` `noun`s, in English: "1 run", "3 runs".
fn count(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn peak(peaks: &[u64]) -> u64 {
    peaks.iter().copied().max().unwrap_or_default()
}

fn ratio(current: Duration, baseline: Duration) -> f64 {
    current.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// `bytes` in megabytes of 10^6 bytes, as the memory floor counts them.
fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_passes_keeps_top_level_lines() {
        let log = "    Checking atlas-admin v0.1.0 (/tmp/x/current)\n\
                   time:   0.000; rss:   37MB ->   38MB (   +1MB)\tparse_crate\n\
                   time:  22.124; rss: 1470MB -> 1903MB ( +433MB)\ttype_check_crate\n\
                   \x20 time:   5.000; rss: 1470MB -> 1500MB (  +30MB)\tcoherence_checking\n\
                   time:   1.5; rss: 100MB -> 120MB ( +20MB) MIR_borrow_checking\n\
                   time: garbage\n\
                   warning: unused variable\n\
                   time:  40.250; rss:   28MB -> 1903MB (+1875MB)\ttotal\n";
        assert_eq!(
            top_level_passes(log),
            [
                ("parse_crate", 0.0),
                ("type_check_crate", 22.124),
                ("MIR_borrow_checking", 1.5),
                ("total", 40.25)
            ]
        );
    }

    #[test]
    fn passes_side_by_side_keeps_passes_over_the_threshold_in_either() {
        let baseline = [
            ("expand_crate", 2.0),
            ("type_check_crate", 20.0),
            ("lint_checking", 0.1),
            ("total", 30.0),
        ];
        let current = [
            ("expand_crate", 0.2),
            ("type_check_crate", 5.0),
            ("lint_checking", 0.5),
            ("new_pass", 0.4),
            ("total", 8.0),
        ];
        assert_eq!(
            passes_side_by_side(&baseline, &current),
            [
                ("expand_crate", Some(2.0), Some(0.2)),
                ("type_check_crate", Some(20.0), Some(5.0)),
                ("total", Some(30.0), Some(8.0)),
                ("lint_checking", Some(0.1), Some(0.5)),
                ("new_pass", None, Some(0.4)),
            ]
        );
    }

    #[test]
    fn built_packages_reads_cargo_progress_lines() {
        let log = "   Compiling proc-macro2 v1.0.107\n    Checking atlas-admin v0.1.0 (/tmp/x)\n\
                   warning: `atlas-admin` (lib) generated 1 warning\n    Finished `dev` profile in 1.0s\n";
        assert_eq!(built_packages(log), ["proc-macro2", "atlas-admin"]);
        assert!(built_packages("    Finished `dev` profile in 0.1s\n").is_empty());
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        assert_eq!(tail("a\nb\nc\n", 2), "b\nc");
        assert_eq!(tail("a\n", 5), "a");
    }
}
