//! The command-line tool, `atlas-codegen`: generate, check, diff, excerpt, contract and refresh,
//! each reading the repository's [`atlas-codegen.toml`](crate::settings) unless flags say
//! otherwise. `cargo xtask` in this repository is a thin shell over the same commands, with the
//! same messages and exit codes: 0 success, 1 a failed check (drift, `--fail-on`, a client fault),
//! 2 an error (nothing was written).
//!
//! Compiled with the `cli` feature (on by default, needed by the binary); a build script or an
//! xtask that only generates can depend on the library with `default-features = false`.

mod args;
mod contract;
mod diff;
mod excerpt;
mod fetch;
mod generate;
mod refresh;
mod version;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use args::CrateArgs;
pub use contract::ContractArgs;
pub use diff::DiffArgs;
pub use excerpt::ExcerptArgs;
pub use refresh::RefreshArgs;

use crate::settings::{self, Settings};

/// `atlas-codegen`: the generator as a command-line tool.
#[derive(Parser)]
#[command(
    name = "atlas-codegen",
    version,
    about = "Generates a typed Rust client crate from an OpenAPI 3.0 or 3.1 spec, keeps it in sync, \
             versions it by the change report, and proves it on the wire",
    after_help = "Each command reads atlas-codegen.toml in the current folder or a parent \
                  (--config names another); flags override it."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client crate (its version bumped by the change report's verdict when the
    /// spec changed, and a CHANGELOG.md section prepended).
    Generate(CrateArgs),
    /// The drift check for CI: write nothing; exit 1 with a diff when the crate is not what the
    /// spec generates.
    Check(CrateArgs),
    /// Report what changed between two specs, with the semver verdict.
    Diff(DiffArgs),
    /// Rewrite the spec as an excerpt of an upstream spec: the selected operations and what they reach.
    Excerpt(ExcerptArgs),
    /// Prove every operation version of the crate on the wire, against Prism and a hostile server.
    Contract(ContractArgs),
    /// Fetch the newest upstream spec, refresh the spec, regenerate, check, prove, and write the
    /// pull request's title and body: a scheduled job's whole work but opening the pull request.
    Refresh(RefreshArgs),
}

/// How the tool was run: what the commands it prints start with, and where it finds its config.
#[derive(Clone, Debug)]
pub struct Invocation {
    /// The command that regenerates, as printed in headers and hints: `atlas-codegen generate`,
    /// or `cargo xtask codegen`.
    pub generate: String,
    /// The program and the prefix of its other commands: `atlas-codegen`, or `cargo xtask`.
    pub program: String,
    /// The config file used when `--config` is not given [default: the nearest
    /// `atlas-codegen.toml`].
    pub config: Option<PathBuf>,
    /// The folder generated headers show paths relative to [default: the config file's].
    pub display_root: Option<PathBuf>,
}

impl Invocation {
    /// The installed tool's.
    pub fn tool() -> Invocation {
        Invocation {
            generate: "atlas-codegen generate".to_owned(),
            program: "atlas-codegen".to_owned(),
            config: None,
            display_root: None,
        }
    }

    /// The settings of a run: the config file (`config`, else the invocation's, else the
    /// nearest), or `None` when there is none; paths shown relative to the display root.
    fn settings(&self, config: Option<&Path>) -> Result<Option<Settings>, String> {
        let path = match config.or(self.config.as_deref()) {
            Some(path) => Some(path.to_owned()),
            None => std::env::current_dir()
                .ok()
                .and_then(|dir| Settings::find(&dir)),
        };
        let Some(path) = path else {
            return Ok(None);
        };
        let mut settings = Settings::load(&path).map_err(|error| error.to_string())?;
        if let Some(root) = &self.display_root {
            settings.root = root.clone();
        }
        Ok(Some(settings))
    }

    /// The settings a command needs: a config file, else an error saying how to give one.
    fn required_settings(&self, config: Option<&Path>) -> Result<Settings, String> {
        self.settings(config)?.ok_or_else(|| {
            format!(
                "no {} in this folder or its parents: write one (see the README) or pass --config FILE",
                settings::FILE_NAME
            )
        })
    }
}

/// Runs the tool on this process's arguments.
pub fn main() -> ExitCode {
    run(Cli::parse(), &Invocation::tool())
}

/// Runs a parsed command line.
pub fn run(cli: Cli, invocation: &Invocation) -> ExitCode {
    match cli.command {
        Command::Generate(args) => generate::run(&args, false, invocation),
        Command::Check(args) => generate::run(&args, true, invocation),
        Command::Diff(args) => diff::run(&args, invocation),
        Command::Excerpt(args) => excerpt::run(&args, invocation),
        Command::Contract(args) => contract::run(&args, invocation),
        Command::Refresh(args) => refresh::run(&args, invocation),
    }
}

/// `generate` (or with `check`, the drift check) as `invocation` names it.
pub fn generate(args: &CrateArgs, check: bool, invocation: &Invocation) -> ExitCode {
    generate::run(args, check, invocation)
}

/// `diff`.
pub fn diff(args: &DiffArgs, invocation: &Invocation) -> ExitCode {
    diff::run(args, invocation)
}

/// `excerpt`.
pub fn excerpt(args: &ExcerptArgs, invocation: &Invocation) -> ExitCode {
    excerpt::run(args, invocation)
}

/// `contract`.
pub fn contract(args: &ContractArgs, invocation: &Invocation) -> ExitCode {
    contract::run(args, invocation)
}

/// Prints `error: {message}` and gives exit status 2, the status of every run that could not do
/// its work.
fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// `value` quoted for a POSIX shell when it needs to be (tags have spaces).
pub fn shell_quote(value: &str) -> String {
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.,/".contains(c))
    {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// How `path` is shown: relative to `root` when inside it (or reachable with `..`), so that
/// messages and headers do not depend on where the repository is checked out.
pub fn display_path(path: &Path, root: &Path) -> String {
    crate::output::display_path(path, root)
}

/// Reads a file for a command, with a message naming it.
fn read(path: &Path, shown: &str, what: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read the {what}: {e}"))
}

/// Writes a temporary sibling, then renames it over `path`, so a failure leaves the old file whole.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
    let temporary = path.with_file_name(format!(".{name}.atlas-codegen-tmp"));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
