//! `cargo xtask contract`: proves every operation version of the crate a spec generates on the
//! wire. It generates the crate and its harness (`atlas_codegen::contract`), builds them, starts
//! Stoplight Prism (pinned, installed with npm when missing) on the spec, in static mode (the
//! spec's examples) and in dynamic mode (data generated from the schemas), runs the harness
//! against each, and prints the verdicts. Exit status 1 when any call is a client fault, 2 when
//! the proof could not run.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use atlas_codegen::Config;
use atlas_codegen::contract::{self, Class, Harness, Mode, Report};
use clap::{Args, ValueEnum};

use crate::display::display_path;

/// The Prism release the proof runs against; its known gaps are listed in
/// `atlas_codegen::contract` (`MockLimit`) for this version.
pub(crate) const PRISM_VERSION: &str = "5.14.2";

#[derive(Args)]
pub(crate) struct ContractArgs {
    /// The OpenAPI spec to prove [default: specs/atlas-admin-v2-excerpt.yaml].
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// Only these operations (operationIds, comma-separated).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    operations: Vec<String>,
    /// Only the operations with these tags (comma-separated).
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    tags: Vec<String>,
    /// Which runs: Prism answering the spec's examples (static), Prism answering data generated
    /// from the schemas (dynamic), the harness's own server answering hostile or broken
    /// responses (hostile), or all three.
    #[arg(long, value_enum, default_value_t = Modes::All)]
    mode: Modes,
    /// In the hostile run, how many calls each case makes (each gets another answer).
    #[arg(long, value_name = "N", default_value_t = 16)]
    hostile_calls: u32,
    /// The workspace written (crate and harness) [default: target/contract/<spec's file stem>].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The `prism` executable [default: target/contract/prism/node_modules/.bin/prism, where npm
    /// installs the pinned Prism 5.14.2 when it is missing].
    #[arg(long, value_name = "FILE")]
    prism: Option<PathBuf>,
    /// Also write the verdicts as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Modes {
    Static,
    Dynamic,
    Hostile,
    All,
}

pub(crate) fn run(args: &ContractArgs, root: &Path) -> ExitCode {
    match prove(args, root) {
        Ok(reports) => {
            let faults: usize = reports
                .iter()
                .map(|report| report.count(Class::ClientFault))
                .sum();
            if faults == 0 {
                ExitCode::SUCCESS
            } else {
                eprintln!("error: {faults} calls are client faults (listed above)");
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn prove(args: &ContractArgs, root: &Path) -> Result<Vec<Report>, String> {
    let spec = args
        .spec
        .clone()
        .unwrap_or_else(|| root.join("specs/atlas-admin-v2-excerpt.yaml"));
    let spec_display = display_path(&spec, root);
    let stem = spec
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".to_owned());
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("target/contract").join(&stem));
    // A crate name of its own per spec: harnesses share one target folder.
    let package = format!(
        "contract-{}",
        stem.to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let config = Config::new(&spec, package.as_str())
        .spec_display(&spec_display)
        .regenerate_command("cargo xtask contract")
        .operations(args.operations.iter().cloned())
        .tags(args.tags.iter().cloned());
    let started = Instant::now();
    let harness = contract::harness(&config).map_err(|error| error.to_string())?;
    for warning in harness.client().warnings() {
        eprintln!("{warning}");
    }
    harness.write_to(&out).map_err(|error| error.to_string())?;
    fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    println!(
        "{spec_display}: {} calls of {} operation versions written to {} in {:.1} s",
        harness.case_count(),
        harness.operation_versions(),
        display_path(&out, root),
        started.elapsed().as_secs_f64()
    );
    let binary = build(root, &out, &harness.harness_package())?;
    let modes: &[Mode] = match args.mode {
        Modes::Static => &[Mode::Static],
        Modes::Dynamic => &[Mode::Dynamic],
        Modes::Hostile => &[Mode::Hostile],
        Modes::All => &[Mode::Static, Mode::Dynamic, Mode::Hostile],
    };
    let prism = if modes.iter().any(|&mode| mode != Mode::Hostile) {
        Some(prism(args, root)?)
    } else {
        None
    };
    let run = Run {
        harness: &harness,
        binary: &binary,
        spec: &spec,
        out: &out,
        hostile_calls: args.hostile_calls,
    };
    let mut reports = Vec::new();
    for &mode in modes {
        let report = run.mode(prism.as_deref(), mode)?;
        print!("{report}");
        reports.push(report);
    }
    if let Some(path) = &args.json {
        let json = serde_json::json!({
            "spec": spec_display,
            "prism": PRISM_VERSION,
            "operation_versions": harness.operation_versions(),
            "runs": reports.iter().map(report_json).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
        fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(reports)
}

fn report_json(report: &Report) -> serde_json::Value {
    serde_json::json!({
        "mode": report.mode.name(),
        "calls": report.verdicts.len(),
        "pass": report.count(Class::Pass),
        "client_faults": report.count(Class::ClientFault),
        "spec_faults": report.count(Class::SpecFault),
        "mock_limits": report.count(Class::MockLimit),
        "broken_examples": report.broken_examples.len(),
        "verdicts": report.verdicts.iter().filter(|verdict| verdict.class != Class::Pass).map(|verdict| {
            serde_json::json!({"class": verdict.class.name(), "case": verdict.case, "reason": verdict.reason})
        }).collect::<Vec<_>>(),
    })
}

/// Builds the harness; gives its executable.
fn build(root: &Path, out: &Path, package: &str) -> Result<PathBuf, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target/contract/target"), PathBuf::from);
    let started = Instant::now();
    let status = crate::cargo()
        .current_dir(out)
        .args(["build", "--quiet", "-p", package])
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    if !status.success() {
        return Err("the harness does not build (cargo's errors above)".to_owned());
    }
    println!(
        "built the harness in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(target.join("debug").join(package))
}

/// The `prism` executable: the one given, else the pinned one under target/contract/prism,
/// installed with npm when missing.
fn prism(args: &ContractArgs, root: &Path) -> Result<PathBuf, String> {
    if let Some(prism) = &args.prism {
        return Ok(prism.clone());
    }
    let prefix = root.join("target/contract/prism");
    let prism = prefix.join("node_modules/.bin/prism");
    let installed = prefix.join("node_modules/@stoplight/prism-cli/package.json");
    let pinned = fs::read_to_string(&installed)
        .is_ok_and(|text| text.contains(&format!("\"version\": \"{PRISM_VERSION}\"")));
    if prism.is_file() && pinned {
        return Ok(prism);
    }
    println!("installing @stoplight/prism-cli@{PRISM_VERSION} with npm");
    fs::create_dir_all(&prefix).map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    let status = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&prefix)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
        .status()
        .map_err(|e| format!("cannot run npm (Prism is installed with it): {e}"))?;
    if !status.success() || !prism.is_file() {
        return Err(format!(
            "npm could not install @stoplight/prism-cli@{PRISM_VERSION}"
        ));
    }
    Ok(prism)
}

/// A running Prism, stopped when dropped.
struct Mock {
    child: Child,
    log: PathBuf,
}

impl Drop for Mock {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Starts Prism on `spec` in `mode`; gives it and its `host:port` once it accepts connections.
fn start(prism: &Path, spec: &Path, out: &Path, mode: Mode) -> Result<(Mock, String), String> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|e| format!("cannot find a free port: {e}"))?
        .port();
    let log = mock_log(out, mode);
    let log_file =
        fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let mut command = Command::new(prism);
    command.arg("mock");
    if mode == Mode::Dynamic {
        command.arg("--dynamic");
    }
    command
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
        .stderr(log_file);
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
    let mut mock = Mock { child, log };
    let address = format!("127.0.0.1:{port}");
    let started = Instant::now();
    while TcpStream::connect(&address).is_err() {
        if let Ok(Some(status)) = mock.child.try_wait() {
            let log = fs::read_to_string(&mock.log).unwrap_or_default();
            return Err(format!(
                "Prism stopped ({status}) before it listened:\n{log}"
            ));
        }
        if started.elapsed() > Duration::from_secs(300) {
            return Err("Prism did not listen within 300 s".to_owned());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!(
        "Prism {PRISM_VERSION} ({} mode) listening on {address} after {:.1} s",
        mode.name(),
        started.elapsed().as_secs_f64()
    );
    Ok((mock, address))
}

/// One run of the harness.
struct Run<'a> {
    harness: &'a Harness,
    binary: &'a Path,
    spec: &'a Path,
    out: &'a Path,
    hostile_calls: u32,
}

impl Run<'_> {
    fn mode(&self, prism: Option<&Path>, mode: Mode) -> Result<Report, String> {
        let started = Instant::now();
        let stdout = match (mode, prism) {
            (Mode::Hostile, _) => {
                let mut command = Command::new(self.binary);
                command.env("CONTRACT_HOSTILE", self.hostile_calls.to_string());
                self.harness_output(&mut command)?
            }
            (_, Some(prism)) => self.against_prism(prism, mode)?,
            (_, None) => return Err("no Prism to run against".to_owned()),
        };
        let lines = self.out.join(format!("results-{}.jsonl", mode.name()));
        fs::write(&lines, &stdout).map_err(|e| format!("cannot write {}: {e}", lines.display()))?;
        println!(
            "ran {} cases against the {} {} in {:.1} s",
            self.harness.case_count(),
            mode.name(),
            if mode == Mode::Hostile {
                "server"
            } else {
                "mock"
            },
            started.elapsed().as_secs_f64()
        );
        Ok(self.harness.classify(mode, &stdout))
    }

    /// The harness's lines against Prism. When Prism stops during the run (it crashes on some
    /// requests), the case it stopped on gets a `mock-crashed` line quoting Prism's error, and
    /// a new Prism serves the cases after it.
    fn against_prism(&self, prism: &Path, mode: Mode) -> Result<String, String> {
        let mut stdout = String::new();
        let mut from = 0;
        while from < self.harness.case_count() {
            let (mut mock, address) = start(prism, self.spec, self.out, mode)?;
            let mut command = Command::new(self.binary);
            command
                .env("CONTRACT_MOCK", &address)
                .env("CONTRACT_FROM", from.to_string());
            let output = self.harness_output(&mut command)?;
            let crashed = mock.child.try_wait().ok().flatten().is_some();
            drop(mock);
            if !crashed {
                stdout.push_str(&output);
                break;
            }
            // The first case that could not reach Prism is the one it stopped on.
            let stopped = output.lines().find_map(|line| {
                let line: serde_json::Value = serde_json::from_str(line).ok()?;
                let outcome = line.get("outcome")?.as_str()?;
                matches!(outcome, "transport" | "connect")
                    .then(|| line.get("case")?.as_u64())
                    .flatten()
            });
            let Some(stopped) = stopped.and_then(|case| usize::try_from(case).ok()) else {
                stdout.push_str(&output);
                break;
            };
            for line in output.lines() {
                let case = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|line| line.get("case")?.as_u64());
                if case.is_some_and(|case| (case as usize) < stopped) {
                    stdout.push_str(line);
                    stdout.push('\n');
                }
            }
            let error =
                crash_error(&fs::read_to_string(mock_log(self.out, mode)).unwrap_or_default());
            println!(
                "Prism stopped on case {stopped} ({error}); starting it again for the cases after"
            );
            let line =
                serde_json::json!({"case": stopped, "outcome": "mock-crashed", "message": error});
            stdout.push_str(&line.to_string());
            stdout.push('\n');
            from = stopped + 1;
        }
        Ok(stdout)
    }

    fn harness_output(&self, command: &mut Command) -> Result<String, String> {
        let output = command
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.binary.display()))?;
        if !output.status.success() {
            eprintln!(
                "the harness stopped early ({}): the cases after its last line are faults",
                output.status
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// Where Prism's output goes in `mode`.
fn mock_log(out: &Path, mode: Mode) -> PathBuf {
    out.join(format!("prism-{}.log", mode.name()))
}

/// The error a crashed Prism printed last: its `...Error: ...` line and the place it names.
fn crash_error(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let found = lines
        .iter()
        .rposition(|line| line.contains("Error:") && !line.contains("[NEGOTIATOR]"));
    match found {
        Some(index) => {
            let place = lines
                .get(index + 1)
                .map(|line| line.trim())
                .filter(|line| line.starts_with("at "))
                .unwrap_or_default();
            format!(
                "{} {place}",
                lines.get(index).map_or("", |line| line.trim())
            )
            .trim()
            .to_owned()
        }
        None => "Prism exited without an error message".to_owned(),
    }
}
