//! `cargo xtask bench`: how long generation takes, as medians of several runs in a release build.
//!
//! Cases: the committed excerpt; each full upstream release end to end (read, generate, write);
//! the bare YAML parse of the same file into `openapiv3`; and a synthetic spec ten times the size
//! of the newest release (every path and schema copied ten times under new names), built in memory.
//! Cases whose medians the floors compare run in alternation, so that a change in the machine's
//! load while the bench runs weighs on both sides of a ratio alike.
//!
//! With `--compile` it runs the compile-cost cases instead (`cargo check` of the crate generated for
//! the whole newest release against the one commit f9734b4 generated): see [`crate::compile_cost`].

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use atlas_codegen::Config;

use crate::bench_against;
use crate::compile_cost::{self, CompileArgs};
use crate::measure::{time_pairs, time_runs};

/// The floors the product promises (issue #5), checked against the measured medians.
const FULL_SPEC_LIMIT: Duration = Duration::from_millis(1000);
const FULL_OVER_PARSE_LIMIT: f64 = 2.0;
const TEN_X_OVER_ONE_X_LIMIT: f64 = 11.0;

pub(crate) struct BenchArgs {
    pub runs: usize,
    pub shared: PathBuf,
    /// `Some` with `--compile`: the compile-cost cases instead of the generation ones.
    pub compile: Option<CompileArgs>,
    /// `Some` with `--against REV`: this commit's generation against REV's instead.
    pub against: Option<String>,
}

pub(crate) fn run(root: &Path, args: &BenchArgs) -> ExitCode {
    if cfg!(debug_assertions) {
        return rerun_in_release(args);
    }
    let measured = match (&args.compile, &args.against) {
        (Some(compile), _) => compile_cost::measure(root, args.runs, &args.shared, compile),
        (None, Some(rev)) => bench_against::measure(root, &args.shared, rev, args.runs),
        (None, None) => measure(root, args),
    };
    match measured {
        Ok(ok) => {
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Benchmarks of a debug build mean nothing: build and run this command in release instead.
fn rerun_in_release(args: &BenchArgs) -> ExitCode {
    eprintln!("building xtask in release to benchmark...");
    let mut command = Command::new(env!("CARGO"));
    command
        .args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "bench",
            "--runs",
        ])
        .arg(args.runs.to_string())
        .arg("--shared")
        .arg(&args.shared);
    if let Some(compile) = &args.compile {
        command.arg("--compile");
        if compile.release_build {
            command
                .args(["--release-build", "--release-runs"])
                .arg(compile.release_runs.to_string());
        }
        if compile.time_passes {
            command.arg("--time-passes");
        }
    }
    if let Some(rev) = &args.against {
        command.args(["--against", rev]);
    }
    let status = command.status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(u8::try_from(status.code().unwrap_or(1)).unwrap_or(1)),
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            ExitCode::from(2)
        }
    }
}

struct Row {
    case: String,
    size: usize,
    median: Duration,
    min: Duration,
    max: Duration,
}

/// Reads, generates and writes into a fresh directory: what `cargo xtask codegen` does.
fn end_to_end(config: &Config, text: &str) -> Result<(), String> {
    let output = atlas_codegen::generate_from_str(config, text).map_err(|e| e.to_string())?;
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    output
        .write_to(&scratch.path().join("out"))
        .map_err(|e| e.to_string())?;
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {}: {e} (the bench needs ../shared/atlas)",
            path.display()
        )
    })
}

fn measure(root: &Path, args: &BenchArgs) -> Result<bool, String> {
    let runs = args.runs.max(1);
    let excerpt_path = root.join("specs/atlas-admin-v2-excerpt.yaml");
    let releases = [
        "atlas-admin-v2-2025-03-18.yaml",
        "atlas-admin-v2-2026-08-21.yaml",
    ];
    let mut rows = Vec::new();

    let excerpt = read(&excerpt_path)?;
    let config = Config::new(&excerpt_path, "atlas-admin");
    let (median, min, max) = time_runs(runs, || end_to_end(&config, &read(&excerpt_path)?))?;
    rows.push(Row {
        case: "excerpt, end to end".into(),
        size: excerpt.len(),
        median,
        min,
        max,
    });

    let mut full_newest = Duration::ZERO;
    let mut parse_newest = Duration::ZERO;
    for release in releases {
        let path = args.shared.join("atlas").join(release);
        let text = read(&path)?;
        let config = Config::new(&path, "atlas-admin");
        let ((median, min, max), parse) = time_pairs(
            runs,
            || end_to_end(&config, &read(&path)?),
            || {
                let text = read(&path)?;
                serde_yaml::from_str::<openapiv3::OpenAPI>(&text)
                    .map(drop)
                    .map_err(|e| e.to_string())
            },
        )?;
        rows.push(Row {
            case: format!("{release}, end to end"),
            size: text.len(),
            median,
            min,
            max,
        });
        full_newest = median;
        let (median, min, max) = parse;
        rows.push(Row {
            case: format!("{release}, bare parse"),
            size: text.len(),
            median,
            min,
            max,
        });
        parse_newest = median;
    }

    let newest = args.shared.join("atlas").join(releases[1]);
    let one_x = read(&newest)?;
    let ten_x = synthetic(&one_x, 10)?;
    let config = Config::new(&newest, "atlas-admin");
    let ten_runs = runs.min(5);
    let ((one_median, min, max), ten) = time_pairs(
        ten_runs,
        || end_to_end(&config, &one_x),
        || end_to_end(&config, &ten_x),
    )?;
    rows.push(Row {
        case: "1x newest, in memory, end to end".into(),
        size: one_x.len(),
        median: one_median,
        min,
        max,
    });
    let (ten_median, min, max) = ten;
    rows.push(Row {
        case: "10x synthetic, in memory, end to end".into(),
        size: ten_x.len(),
        median: ten_median,
        min,
        max,
    });

    println!("| case | spec size | median | min | max |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for row in &rows {
        println!(
            "| {} | {:.1} MB | {} | {} | {} |",
            row.case,
            row.size as f64 / 1e6,
            ms(row.median),
            ms(row.min),
            ms(row.max)
        );
    }
    let over_parse = full_newest.as_secs_f64() / parse_newest.as_secs_f64().max(1e-9);
    let linear = ten_median.as_secs_f64() / one_median.as_secs_f64().max(1e-9);
    println!();
    let checks = [
        (
            full_newest <= FULL_SPEC_LIMIT,
            format!(
                "newest release end to end {} (floor: at most {})",
                ms(full_newest),
                ms(FULL_SPEC_LIMIT)
            ),
        ),
        (
            over_parse <= FULL_OVER_PARSE_LIMIT,
            format!(
                "newest release end to end / bare parse = {over_parse:.2}x (floor: at most {FULL_OVER_PARSE_LIMIT}x)"
            ),
        ),
        (
            linear <= TEN_X_OVER_ONE_X_LIMIT,
            format!("10x synthetic / 1x = {linear:.2}x (floor: at most {TEN_X_OVER_ONE_X_LIMIT}x)"),
        ),
    ];
    let mut all_ok = true;
    for (ok, text) in checks {
        println!("{} {text}", if ok { "ok    " } else { "MISSED" });
        all_ok &= ok;
    }
    println!(
        "\n{runs} runs per case (1x and 10x: {ten_runs}); compared cases run in alternation; release build, {} logical CPUs",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    Ok(all_ok)
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

/// A spec `copies` times the size of `text`: every path, operation and component copied under
/// new names (`/copy2/...`, `operationIdCopy2`, `SchemaCopy2`), with `$ref`s rewritten to match.
fn synthetic(text: &str, copies: usize) -> Result<String, String> {
    use serde_yaml::{Mapping, Value};
    let document: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let Value::Mapping(mut root) = document else {
        return Err("the spec is not a mapping".into());
    };
    let paths = root
        .get("paths")
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    let components = root
        .get("components")
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    let mut new_paths = Mapping::new();
    let mut new_components = Mapping::new();
    for copy in 1..=copies {
        let suffix = if copy == 1 {
            String::new()
        } else {
            format!("Copy{copy}")
        };
        let prefix = if copy == 1 {
            String::new()
        } else {
            format!("/copy{copy}")
        };
        for (path, item) in &paths {
            let path = format!("{prefix}{}", path.as_str().unwrap_or_default());
            new_paths.insert(Value::String(path), renamed(item.clone(), &suffix));
        }
        for (section, entries) in &components {
            let Some(entries) = entries.as_mapping() else {
                continue;
            };
            let target = new_components
                .entry(section.clone())
                .or_insert_with(|| Value::Mapping(Mapping::new()));
            let Some(target) = target.as_mapping_mut() else {
                continue;
            };
            for (name, value) in entries {
                // Security schemes are referenced by name from `security`, so they are not copied.
                let name = if section.as_str() == Some("securitySchemes") || copy == 1 {
                    name.clone()
                } else {
                    Value::String(format!("{}{suffix}", name.as_str().unwrap_or_default()))
                };
                target.insert(name, renamed(value.clone(), &suffix));
            }
        }
    }
    root.insert("paths".into(), Value::Mapping(new_paths));
    root.insert("components".into(), Value::Mapping(new_components));
    serde_yaml::to_string(&Value::Mapping(root)).map_err(|e| e.to_string())
}

/// `value` with `$ref` targets and operationIds suffixed by `suffix`.
fn renamed(value: serde_yaml::Value, suffix: &str) -> serde_yaml::Value {
    use serde_yaml::Value;
    if suffix.is_empty() {
        return value;
    }
    match value {
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .map(|(key, value)| {
                    let value = match (key.as_str(), value) {
                        (Some("$ref"), Value::String(target)) => {
                            Value::String(format!("{target}{suffix}"))
                        }
                        (Some("operationId"), Value::String(id)) => {
                            Value::String(format!("{id}{suffix}"))
                        }
                        (_, value) => renamed(value, suffix),
                    };
                    (key, value)
                })
                .collect(),
        ),
        Value::Sequence(items) => Value::Sequence(
            items
                .into_iter()
                .map(|item| renamed(item, suffix))
                .collect(),
        ),
        other => other,
    }
}
