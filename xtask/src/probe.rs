//! `cargo xtask probe`: proves the change report's `breaking` flags with the compiler.
//!
//! For each pair of specs it generates the client of the old spec and of the new one, and two
//! probe crates holding the same code: one function per change of the report, using the old item
//! the way a caller would ([`Change::probe_code`]). The probe crate against the old client must
//! compile whole; against the new client, each change's probe must fail to compile exactly when
//! the report calls the change breaking. Every pair goes into one cargo workspace, checked
//! together (`cargo check --keep-going`, diagnostics as JSON, each error traced to its probe's
//! file); probes that failed are left out and the rest checked again, until a check is clean, so
//! one probe's error never hides or stands for another's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};

use atlas_codegen::diff::{Change, Kind, Report};
use atlas_codegen::{Config, diff};
use clap::Args;

use atlas_codegen::cli::display_path;

const MANIFEST_HEADER: &str = "# Written by `cargo xtask probe`. Do not edit by hand.";

/// How many times the probes are checked at most (each round leaves out the probes that failed).
const MAX_ROUNDS: usize = 8;

#[derive(Args)]
pub(crate) struct ProbeArgs {
    /// A directory of spec pairs: each `<name>.old.yaml` with its `<name>.new.yaml`.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["old", "new"])]
    pairs: Option<PathBuf>,
    /// The old spec of one pair (with --new).
    #[arg(long, value_name = "FILE", requires = "new")]
    old: Option<PathBuf>,
    /// The new spec of one pair (with --old).
    #[arg(long, value_name = "FILE", requires = "old")]
    new: Option<PathBuf>,
    /// Generate and compare only the operations of these tags (comma-separated).
    #[arg(long, value_name = "TAG,...", value_delimiter = ',')]
    tags: Vec<String>,
    /// The workspace directory to write [default: target/probe/crates].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// One pair of specs and what became of it.
struct Pair {
    /// The crate-name stem (`all-kinds`).
    stem: String,
    report: Report,
    /// Indexes into `report.changes()` of the changes with a probe.
    probed: Vec<usize>,
}

pub(crate) fn run(args: &ProbeArgs, root: &Path) -> ExitCode {
    match probe(args, root) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn probe(args: &ProbeArgs, root: &Path) -> Result<bool, String> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("target/probe/crates"));
    let specs = spec_pairs(args, root)?;
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let manifest_path = out.join("Cargo.toml");
    if let Ok(existing) = fs::read_to_string(&manifest_path)
        && !existing.starts_with(MANIFEST_HEADER)
    {
        return Err(format!(
            "{} exists and was not written by `cargo xtask probe`",
            manifest_path.display()
        ));
    }

    let mut pairs = Vec::new();
    let mut members = Vec::new();
    for (stem, old, new) in &specs {
        let pair = write_pair(root, &out, stem, old, new, &args.tags)?;
        for side in ["old", "new"] {
            members.push(format!("{stem}/{side}"));
            members.push(format!("{stem}/probe-{side}"));
        }
        pairs.push(pair);
    }
    let mut manifest = format!("{MANIFEST_HEADER}\n\n[workspace]\nresolver = \"2\"\nmembers = [\n");
    for member in &members {
        let _ = writeln!(manifest, "    \"{member}\",");
    }
    manifest.push_str("]\n");
    write(&manifest_path, &manifest)?;
    fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;

    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target/probe/target"), PathBuf::from);
    let failed = check_rounds(&out, &target, &pairs)?;
    Ok(verdict(&pairs, &failed))
}

/// The spec pairs the arguments name, as (stem, old, new).
fn spec_pairs(args: &ProbeArgs, root: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>, String> {
    if let (Some(old), Some(new)) = (&args.old, &args.new) {
        return Ok(vec![("pair".to_owned(), old.clone(), new.clone())]);
    }
    let dir = args
        .pairs
        .clone()
        .ok_or("name a directory of pairs (--pairs) or one pair (--old and --new)")?;
    let shown = display_path(&dir, root);
    let mut found = Vec::new();
    for entry in
        fs::read_dir(&dir).map_err(|e| format!("{shown}: cannot list the directory: {e}"))?
    {
        let path = entry
            .map_err(|e| format!("{shown}: cannot list the directory: {e}"))?
            .path();
        let Some(stem) = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(|name| name.strip_suffix(".old.yaml"))
        else {
            continue;
        };
        let new = dir.join(format!("{stem}.new.yaml"));
        if !new.is_file() {
            return Err(format!(
                "{}: no {stem}.new.yaml beside it",
                display_path(&path, root)
            ));
        }
        let stem: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        found.push((stem, path, new));
    }
    found.sort();
    if found.is_empty() {
        return Err(format!(
            "{shown} holds no <name>.old.yaml with a <name>.new.yaml"
        ));
    }
    Ok(found)
}

/// Generates the two clients and the two probe crates of one pair.
fn write_pair(
    root: &Path,
    out: &Path,
    stem: &str,
    old: &Path,
    new: &Path,
    tags: &[String],
) -> Result<Pair, String> {
    let read = |path: &Path| {
        fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the spec: {e}", path.display()))
    };
    let (old_name, new_name) = (display_path(old, root), display_path(new, root));
    let report = diff::compare_tags(&read(old)?, &old_name, &read(new)?, &new_name, tags)
        .map_err(|e| e.to_string())?;
    let dir = out.join(stem);
    for (side, spec) in [("old", old), ("new", new)] {
        let name = format!("{stem}-{side}-api");
        let config = Config::new(spec, &name)
            .spec_display(display_path(spec, root))
            .regenerate_command("cargo xtask probe")
            .tags(tags.iter().cloned());
        let output = atlas_codegen::generate(&config).map_err(|e| e.to_string())?;
        output
            .write_to(&dir.join(side))
            .map_err(|e| e.to_string())?;
    }
    let probed: Vec<usize> = (0..report.changes().len())
        .filter(|&i| {
            report
                .changes()
                .get(i)
                .and_then(Change::probe_code)
                .is_some_and(|code| !code.is_empty())
        })
        .collect();
    for side in ["old", "new"] {
        let crate_dir = dir.join(format!("probe-{side}"));
        let manifest = format!(
            "{MANIFEST_HEADER}\n\n[package]\nname = \"{stem}-probe-{side}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napi = {{ path = \"../{side}\", package = \"{stem}-{side}-api\" }}\nserde_json = \"1\"\n"
        );
        write(&crate_dir.join("Cargo.toml"), &manifest)?;
        let src = crate_dir.join("src");
        if src.exists() {
            fs::remove_dir_all(&src).map_err(|e| format!("cannot clear {}: {e}", src.display()))?;
        }
        let mut lib = String::from(
            "//! Code written against the old client, one module per change of the report.\n#![allow(unused, deprecated, unreachable_code, clippy::all)]\n\n/// A value of any type: probes are compiled, never run.\npub fn any<T>() -> T {\n    unreachable!()\n}\n\n",
        );
        let changes = report.changes().iter().enumerate();
        for (index, change) in changes.filter(|(index, _)| probed.contains(index)) {
            let _ = writeln!(lib, "mod p{index};");
            let code = if side == "old" {
                change.probe_code()
            } else {
                change.probe_code_renamed()
            };
            let text = probe_file(change, code.unwrap_or_default());
            write(&src.join(format!("p{index}.rs")), &text)?;
        }
        write(&src.join("lib.rs"), &lib)?;
    }
    Ok(Pair {
        stem: stem.to_owned(),
        report,
        probed,
    })
}

fn probe_file(change: &Change, code: &str) -> String {
    format!(
        "//! {} `{}`: {}\nuse crate::any;\n\npub async fn probe(client: &api::Client) {{\n    {}\n}}\n",
        change.kind(),
        change.rust(),
        change.message().replace('\n', " "),
        code
    )
}

/// The probes that failed to compile: (stem, side) -> change indexes, with the first error of each.
type Failed = BTreeMap<(String, String), BTreeMap<usize, String>>;

/// Checks every probe crate, leaving out the probes that failed, until a check passes.
fn check_rounds(out: &Path, target: &Path, pairs: &[Pair]) -> Result<Failed, String> {
    let mut failed: Failed = BTreeMap::new();
    for round in 1..=MAX_ROUNDS {
        let errors = cargo_check(out, target)?;
        if errors.is_empty() {
            eprintln!("probe check round {round}: clean");
            return Ok(failed);
        }
        let mut new_failures = 0;
        for ((crate_name, index), message) in errors {
            let Some((stem, side)) = crate_name
                .strip_suffix("_probe_old")
                .map(|s| (s, "old"))
                .or_else(|| crate_name.strip_suffix("_probe_new").map(|s| (s, "new")))
            else {
                return Err(format!(
                    "the generated client {crate_name} does not compile: {message}"
                ));
            };
            let Some(pair) = pairs
                .iter()
                .find(|pair| pair.stem.replace('-', "_") == stem)
            else {
                return Err(format!(
                    "an error in an unknown crate {crate_name}: {message}"
                ));
            };
            let Some(index) = index else {
                return Err(format!(
                    "an error outside the probes of {crate_name}: {message}"
                ));
            };
            let entry = failed
                .entry((pair.stem.clone(), side.to_owned()))
                .or_default();
            if entry.insert(index, message).is_none() {
                new_failures += 1;
                leave_out(&out.join(&pair.stem).join(format!("probe-{side}")), index)?;
            }
        }
        eprintln!("probe check round {round}: {new_failures} probe(s) failed and are left out");
        if new_failures == 0 {
            return Err("cargo check failed without an error in any probe".to_owned());
        }
    }
    Err(format!(
        "the probes did not check clean after {MAX_ROUNDS} rounds"
    ))
}

/// Replaces a failed probe by an empty one, so the next round checks the others alone.
fn leave_out(crate_dir: &Path, index: usize) -> Result<(), String> {
    write(
        &crate_dir.join("src").join(format!("p{index}.rs")),
        "//! Failed to compile in an earlier round; left out.\npub async fn probe(_client: &api::Client) {}\n",
    )
}

/// Runs `cargo check --workspace --keep-going` and returns each error as (crate name, probe
/// index if the error is in a probe's file) with its message, once per probe.
fn cargo_check(
    out: &Path,
    target: &Path,
) -> Result<BTreeMap<(String, Option<usize>), String>, String> {
    let output = crate::cargo()
        .current_dir(out)
        .env("CARGO_TARGET_DIR", target)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
            "--quiet",
        ])
        // Cargo's "could not compile" lines are expected: failures are read from the JSON.
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    let mut errors = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let crate_name = message["target"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let text = message["message"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let spans = message["message"]["spans"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let index = spans
            .iter()
            .filter(|span| span["is_primary"] == true)
            .filter_map(|span| span["file_name"].as_str())
            .find_map(|file| {
                let name = Path::new(file).file_name()?.to_str()?;
                name.strip_prefix('p')?
                    .strip_suffix(".rs")?
                    .parse::<usize>()
                    .ok()
            });
        errors.entry((crate_name, index)).or_insert(text);
    }
    if errors.is_empty() && !output.status.success() {
        return Err(format!(
            "cargo check failed ({}) without a compiler error:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(errors)
}

/// Prints, per kind, how many probes agree with the report, and every disagreement; whether all
/// agree. A probe of a change reported not breaking that fails only on an item another breaking
/// change of the report removes or renames (a probe cannot test its change alone then) is
/// counted apart, with the change it depends on.
fn verdict(pairs: &[Pair], failed: &Failed) -> bool {
    #[derive(Default)]
    struct Tally {
        changes: usize,
        probed: usize,
        agree: usize,
        false_alarms: usize,
        missed: usize,
        explained: usize,
        /// Probes that do not compile against the old client: the report invented the change.
        report_errors: usize,
    }
    let mut tallies: BTreeMap<Kind, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut explanations = Vec::new();
    let empty = BTreeMap::new();
    for pair in pairs {
        let failed_old = failed
            .get(&(pair.stem.clone(), "old".to_owned()))
            .unwrap_or(&empty);
        let failed_new = failed
            .get(&(pair.stem.clone(), "new".to_owned()))
            .unwrap_or(&empty);
        let probed: BTreeSet<usize> = pair.probed.iter().copied().collect();
        for (index, change) in pair.report.changes().iter().enumerate() {
            let tally = tallies.entry(change.kind()).or_default();
            tally.changes += 1;
            if !probed.contains(&index) {
                continue;
            }
            tally.probed += 1;
            let what = format!("({}) {} `{}`", pair.stem, change.kind(), change.rust());
            if let Some(error) = failed_old.get(&index) {
                tally.report_errors += 1;
                problems.push(format!(
                    "REPORT ERROR {what}: its probe does not compile against the old client, so the old client has no such item: {error}"
                ));
                continue;
            }
            match (change.is_breaking(), failed_new.get(&index)) {
                (true, Some(_)) | (false, None) => tally.agree += 1,
                (true, None) => {
                    tally.false_alarms += 1;
                    problems.push(format!(
                        "FALSE ALARM {what}: reported breaking, but its probe compiles: {}",
                        change.message()
                    ));
                }
                (false, Some(error)) => match explained_by(&pair.report, index, error) {
                    Some((other, name)) => {
                        tally.explained += 1;
                        explanations.push(format!(
                            "fails on another break {what}: only on `{name}`, which the breaking {} `{}` removes or renames",
                            other.kind(),
                            other.rust()
                        ));
                    }
                    None => {
                        tally.missed += 1;
                        problems.push(format!(
                            "MISSED BREAK {what}: reported not breaking, but its probe fails: {error} ({})",
                            change.message()
                        ));
                    }
                },
            }
        }
    }
    println!(
        "| kind | changes | probed | agree | false alarms | missed breaks | fail on another break | report errors |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut total = Tally::default();
    for (kind, tally) in &tallies {
        println!(
            "| {kind} | {} | {} | {} | {} | {} | {} | {} |",
            tally.changes,
            tally.probed,
            tally.agree,
            tally.false_alarms,
            tally.missed,
            tally.explained,
            tally.report_errors
        );
        total.changes += tally.changes;
        total.probed += tally.probed;
        total.agree += tally.agree;
        total.false_alarms += tally.false_alarms;
        total.missed += tally.missed;
        total.explained += tally.explained;
        total.report_errors += tally.report_errors;
    }
    println!(
        "| all | {} | {} | {} | {} | {} | {} | {} |",
        total.changes,
        total.probed,
        total.agree,
        total.false_alarms,
        total.missed,
        total.explained,
        total.report_errors
    );
    for line in explanations.iter().chain(&problems) {
        println!("{line}");
    }
    problems.is_empty()
}

/// The other breaking change of `report` that a probe's failure comes from, with what it changes.
/// In order of how surely it is the cause:
/// 1. a change whose item the compiler names with its owner (`Variant` of enum `Owner`, the
///    method `m` of `Client`): the last two segments of its Rust path both in `error`;
/// 2. a change to the same operation that changes the method's arguments (a parameter made
///    optional or required, removed, retyped, reordered, a body made required or optional): the
///    probe calls that method with the old arguments;
/// 3. a change whose item's last segment alone the compiler names, preferring one of the same
///    operation or the same struct;
/// 4. a change to the same struct (its `new` takes other arguments, say) when the probe's change
///    is to a struct.
fn explained_by<'r>(report: &'r Report, index: usize, error: &str) -> Option<(&'r Change, String)> {
    let named: Vec<&str> = error.split('`').skip(1).step_by(2).collect();
    let names = |segment: &str| named.contains(&segment);
    let changes = report.changes();
    let this = changes.get(index)?;
    let owner = Some(this.rust())
        .filter(|rust| rust.starts_with("models::"))
        .and_then(|rust| rust.rsplit_once("::"))
        .map(|(owner, _)| owner);
    let others: Vec<&Change> = changes
        .iter()
        .enumerate()
        .filter(|(other, change)| *other != index && change.is_breaking())
        .map(|(_, change)| change)
        .collect();
    fn last_two(change: &Change) -> (Option<&str>, Option<&str>) {
        let mut segments = change.rust().rsplit("::");
        (segments.next(), segments.next())
    }
    let same_operation = |change: &Change| {
        this.operation_id().is_some() && change.operation_id() == this.operation_id()
    };
    let same_owner = |change: &Change| {
        owner.is_some_and(|owner| {
            change
                .rust()
                .strip_prefix(owner)
                .is_some_and(|rest| rest.starts_with("::"))
        })
    };
    // 1. The item and its owner both named.
    if let Some(change) = others.iter().find(|change| match last_two(change) {
        (Some(last), Some(owner)) => names(last) && names(owner),
        _ => false,
    }) {
        return Some((change, last_two(change).0.unwrap_or_default().to_owned()));
    }
    // 2. The probe calls the operation's method, whose arguments another change changed.
    let signature = [
        Kind::ParameterOptional,
        Kind::ParameterRequired,
        Kind::ParameterRemoved,
        Kind::ParameterRetyped,
        Kind::ArgumentsReordered,
        Kind::RequestBodyRequired,
        Kind::RequestBodyOptional,
        Kind::RequestBodyRetyped,
        Kind::RequestBodyRemoved,
    ];
    if let Some(change) = others
        .iter()
        .find(|change| same_operation(change) && signature.contains(&change.kind()))
    {
        return Some((change, change.rust().to_owned()));
    }
    // 3. The item's last segment named: one of the same operation or struct first.
    let by_last: Vec<&&Change> = others
        .iter()
        .filter(|change| last_two(change).0.is_some_and(&names))
        .collect();
    if let Some(change) = by_last
        .iter()
        .find(|change| same_operation(change) || same_owner(change))
        .or_else(|| by_last.first())
    {
        return Some((change, last_two(change).0.unwrap_or_default().to_owned()));
    }
    // 4. The same struct changed otherwise.
    others
        .iter()
        .find(|change| same_owner(change))
        .map(|change| (*change, change.rust().to_owned()))
}

/// Writes `text` to `path` unless it already holds it (`corpus::write_if_changed`), with the
/// path in the error.
fn write(path: &Path, text: &str) -> Result<(), String> {
    crate::corpus::write_if_changed(path, text)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
