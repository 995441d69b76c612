//! Regenerating a client from your own repository with the library, as `cargo xtask codegen` does
//! here: copy this into your xtask (or call the same functions from a build script).
//!
//! ```text
//! cargo run -p atlas-codegen --example own_xtask -- SPEC DIR [--check] [--previous OLD_SPEC]
//! cargo run -p atlas-codegen --example own_xtask -- specs/atlas-admin-v2-excerpt.yaml generated --check
//! ```
//!
//! It generates the crate `atlas-admin` from `SPEC` into `DIR`. With `--check` it writes nothing
//! and exits 1 when `DIR` differs from what `SPEC` generates, with the differences (the drift
//! check to run in CI). With `--previous OLD_SPEC` it first prints what changed between the two
//! specs, breaking changes first, and the semver verdict for the crate.

use std::path::PathBuf;
use std::process::ExitCode;

use atlas_codegen::{Config, WriteOutcome, diff};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: own_xtask SPEC DIR [--check] [--previous OLD_SPEC]";
    let spec = PathBuf::from(args.next().ok_or(usage)?);
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let (mut check, mut previous) = (false, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--previous" => previous = Some(args.next().ok_or(usage)?),
            other => return Err(format!("unknown argument `{other}`; {usage}")),
        }
    }

    // The change report: what a reviewer reads before accepting the new client.
    if let Some(previous) = previous {
        let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"));
        let new_name = spec.display().to_string();
        let report = diff::compare(&read(&previous)?, &previous, &read(&new_name)?, &new_name)
            .map_err(|error| error.to_string())?;
        println!("{}", report.summary(20));
    }

    // Headers name the spec and the command as given here: no machine-specific paths.
    let config = Config::new(&spec, "atlas-admin").regenerate_command("cargo xtask codegen");
    let output = atlas_codegen::generate(&config).map_err(|error| error.to_string())?;
    for warning in output.warnings() {
        eprintln!("{warning}");
    }
    if check {
        return Ok(match output.check(&dir) {
            Ok(()) => {
                println!("{} is up to date with {}", dir.display(), spec.display());
                ExitCode::SUCCESS
            }
            Err(drift) => {
                eprintln!("{drift}");
                eprintln!("run `cargo xtask codegen` to regenerate it");
                ExitCode::FAILURE
            }
        });
    }
    match output.write_to(&dir).map_err(|error| error.to_string())? {
        WriteOutcome::Unchanged => println!("{} was already up to date", dir.display()),
        WriteOutcome::Written => println!("wrote {}", dir.display()),
    }
    Ok(ExitCode::SUCCESS)
}
