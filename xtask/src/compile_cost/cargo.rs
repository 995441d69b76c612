//! One generated crate under `cargo xtask bench --compile`: cargo run in the crate's directory with
//! its own target directory, timed, with the peak memory of cargo and the rustc processes it waited
//! for (`ru_maxrss` from `wait4`), and the check that a timed rebuild built the crate alone.

use std::fs::File;
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::measure::{megabytes, seconds};

/// Both crates' package name: the one package a timed rebuild may build.
pub(super) const CRATE: &str = "atlas-admin";

/// One generated crate with its own target directory.
pub(super) struct Crate {
    pub(super) label: &'static str,
    pub(super) dir: PathBuf,
    pub(super) target: PathBuf,
    /// Where cargo's stderr goes, overwritten by every run.
    pub(super) log: PathBuf,
}

/// What one cargo run measured.
pub(super) struct Run {
    elapsed: Duration,
    /// Peak resident set of cargo and the processes it waited for, in bytes.
    pub(super) peak: u64,
    /// Cargo's (and rustc's) stderr.
    pub(super) log: String,
}

impl Crate {
    pub(super) fn cargo(&self, args: &[&str]) -> Command {
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
    pub(super) fn run(&self, mut command: Command, what: &str) -> Result<Run, String> {
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
    pub(super) fn warm_up(&self, args: &[&str]) -> Result<(), String> {
        let what = args.join(" ");
        eprintln!(
            "warming up: cargo {what} of the {} crate (dependencies are built once)...",
            self.label
        );
        self.run(self.cargo(args), &what).map(drop)
    }

    /// Rebuilds the crate alone with `args`: touches its `src/lib.rs` and fails if cargo's log
    /// shows it built any other package, or did not build this one.
    pub(super) fn rebuild(&self, args: &[&str]) -> Result<Run, String> {
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
    pub(super) fn touch(&self) -> Result<(), String> {
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

/// The last `lines` lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

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
