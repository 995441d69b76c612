//! `contract`: proves every operation version of the crate a spec generates on the
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

use clap::{Args, ValueEnum};

use super::{Invocation, display_path, fail};
use crate::Config;
use crate::contract::{self, Class, Harness, Mode, Report};

/// The Prism release the proof runs against; its known gaps are listed in
/// [`crate::contract`] (`MockLimit`) for this version.
pub const PRISM_VERSION: &str = "5.14.2";

#[derive(Args, Clone, Debug)]
pub struct ContractArgs {
    /// The config file [default: atlas-codegen.toml in the current folder or a parent].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The OpenAPI spec to prove [default: the config's `spec`].
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// Only these operations (operationIds, comma-separated) [default: the config's].
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    operations: Vec<String>,
    /// Only the operations with these tags (comma-separated) [default: the config's].
    #[arg(long, value_name = "TAGS", value_delimiter = ',')]
    tags: Vec<String>,
    /// Which runs: Prism answering the spec's examples (static), Prism answering data generated
    /// from the schemas (dynamic), the harness's own server answering hostile or broken
    /// responses (hostile), or all three.
    #[arg(long, value_enum, default_value_t = Modes::All)]
    pub mode: Modes,
    /// In the hostile run, how many calls each case makes (each gets another answer).
    #[arg(long, value_name = "N", default_value_t = 16)]
    hostile_calls: u32,
    /// The workspace written (crate and harness) [default: target/contract/<spec's file stem>].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The `prism` executable [default: target/contract/prism/node_modules/.bin/prism, where npm
    /// installs the pinned Prism 5.14.2 when it is missing].
    #[arg(long, value_name = "FILE")]
    pub prism: Option<PathBuf>,
    /// Also write the verdicts as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

/// Which runs `contract` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Modes {
    /// Prism answering the spec's examples.
    Static,
    /// Prism answering data generated from the schemas.
    Dynamic,
    /// The harness's own server answering hostile or broken responses.
    Hostile,
    /// All three.
    All,
}

impl ContractArgs {
    /// The arguments `refresh` proves a refreshed crate with: the config's spec and selection.
    pub(super) fn for_config(config: Option<PathBuf>, mode: Modes, prism: Option<PathBuf>) -> Self {
        ContractArgs {
            config,
            spec: None,
            operations: Vec::new(),
            tags: Vec::new(),
            mode,
            hostile_calls: 16,
            out: None,
            prism,
            json: None,
        }
    }
}

pub(super) fn run(args: &ContractArgs, invocation: &Invocation) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let settings = match invocation.settings(args.config.as_deref()) {
        Ok(settings) => settings,
        Err(message) => return fail(message),
    };
    let (root, spec, operations, tags) = match (&settings, &args.spec) {
        (_, Some(spec)) => {
            let root = settings
                .as_ref()
                .map_or_else(|| cwd.clone(), |s| s.root.clone());
            (
                root,
                cwd.join(spec),
                args.operations.clone(),
                args.tags.clone(),
            )
        }
        (Some(settings), None) => {
            let (operations, tags) = if args.operations.is_empty() && args.tags.is_empty() {
                (settings.operations.clone(), settings.tags.clone())
            } else {
                (args.operations.clone(), args.tags.clone())
            };
            (
                settings.root.clone(),
                settings.spec.clone(),
                operations,
                tags,
            )
        }
        (None, None) => {
            return fail(format!(
                "no {} in this folder or its parents: write one, or pass --spec",
                crate::settings::FILE_NAME
            ));
        }
    };
    let selection = Selection {
        spec,
        operations,
        tags,
        command: format!("{} contract", invocation.program),
    };
    match prove(args, &selection, &root) {
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

/// What a contract run proves: the spec and the operations kept of it.
struct Selection {
    spec: PathBuf,
    operations: Vec<String>,
    tags: Vec<String>,
    /// The command written in the generated headers.
    command: String,
}

fn prove(args: &ContractArgs, selection: &Selection, root: &Path) -> Result<Vec<Report>, String> {
    let spec = selection.spec.clone();
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
        .regenerate_command(&selection.command)
        .operations(selection.operations.iter().cloned())
        .tags(selection.tags.iter().cloned());
    let started = Instant::now();
    let harness = contract::harness(&config).map_err(|error| error.to_string())?;
    for warning in harness.client().warnings() {
        eprintln!("{warning}");
    }
    harness.write_to(&out).map_err(|error| error.to_string())?;
    // The repository's lock file, when it has one: the harness builds what the repository uses.
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        fs::copy(&lock, out.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
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
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
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

/// The first case of the harness's `output` that could not reach the mock.
fn first_unreachable(output: &str) -> Option<usize> {
    output.lines().find_map(|line| {
        let line: serde_json::Value = serde_json::from_str(line).ok()?;
        let outcome = line.get("outcome")?.as_str()?;
        matches!(outcome, "transport" | "connect")
            .then(|| usize::try_from(line.get("case")?.as_u64()?).ok())
            .flatten()
    })
}

/// Whether Prism has stopped during the harness's run. A crash on a request can take Prism a
/// moment to exit after the connection closed: when some case could not reach it
/// (`unreachable`), it is given up to five seconds, so that a dying Prism is not mistaken for a
/// live one (and the cases after the crash for client faults).
fn stopped_by(mock: &mut Mock, unreachable: bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(if unreachable { 5 } else { 0 });
    loop {
        if mock.child.try_wait().ok().flatten().is_some() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
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
            // The first case that could not reach Prism is the one it stopped on.
            let unreachable = first_unreachable(&output);
            let crashed = stopped_by(&mut mock, unreachable.is_some());
            drop(mock);
            if !crashed {
                stdout.push_str(&output);
                break;
            }
            let Some(stopped) = unreachable else {
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
