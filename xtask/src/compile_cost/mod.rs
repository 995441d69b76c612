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
//! Parts: [`cargo`] runs cargo in one crate and measures the run, [`baseline`] generates the
//! baseline crate with f9734b4's generator, [`time_passes`] runs and prints `-Z time-passes`; this
//! module generates the current crate, times the cases, prints the tables and checks the floors.
//!
//! Checked once by hand: `/usr/bin/time -f %M cargo check --all-features` of the current crate
//! (lib.rs touched) reported 3425792 KiB, that is 3508 MB of 10^6 bytes; this bench 3510 to 3516 MB.

pub(crate) mod baseline;
mod cargo;
mod time_passes;

use std::path::Path;
use std::time::Duration;

use atlas_codegen::Config;

use self::baseline::{BASELINE, generate_baseline};
use self::cargo::{CRATE, Crate};
use crate::measure::{Stats, megabytes, seconds, time_pairs, time_runs};

/// The release both crates are generated from, under `<shared>/atlas/`.
const SPEC: &str = "atlas-admin-v2-2026-08-21.yaml";
/// The tag of the one-tag case.
const ONE_TAG: &str = "cloud-migration-service";

/// The floors of the compile-cost issue, checked against the measured medians and peaks.
const CHECK_RATIO_LIMIT: f64 = 0.33;
const PEAK_MEMORY_LIMIT: u64 = 1_500_000_000;
const ONE_TAG_LIMIT: Duration = Duration::from_millis(2500);

const CHECK_ALL: &[&str] = &["check", "--all-features"];
const CHECK_ONE_TAG: &[&str] = &["check", "--no-default-features", "--features", ONE_TAG];
const RELEASE_ALL: &[&str] = &["build", "--release", "--all-features"];

pub(crate) struct CompileArgs {
    /// Also time `cargo build --release --all-features` of both crates.
    pub release_build: bool,
    /// How many release builds of each crate.
    pub release_runs: usize,
    /// Print rustc's `-Z time-passes` of one check of each crate.
    pub time_passes: bool,
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

    generate_baseline(root, &bench_dir, &spec, &baseline.dir, &["--name", CRATE])?;
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
        Some(time_passes::logs([&baseline, &current], &bench_dir)?)
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
        time_passes::print(logs);
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
