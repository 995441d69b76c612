//! Regenerating a client from your own repository with the library, as `cargo xtask codegen` does
//! here: copy this into your xtask (or call the same functions from a build script; depend on
//! `atlas-codegen` with `default-features = false` there).
//!
//! ```text
//! cargo run -p atlas-codegen --example own_xtask -- CONFIG [--check] [--previous OLD_SPEC]
//! cargo run -p atlas-codegen --example own_xtask -- specs/atlas-codegen.toml --check
//! ```
//!
//! It reads the config file `CONFIG` (an `atlas-codegen.toml`: the spec, the output folder, the
//! crate's name and package metadata, the operations kept) and generates the crate at the version
//! it has. With `--check` it writes nothing and exits 1 when the folder differs from what the spec
//! generates, with the differences (the drift check to run in CI). With `--previous OLD_SPEC` it
//! first prints what changed between the two specs, breaking changes first, the semver verdict,
//! and the version that verdict gives the crate.

use std::path::PathBuf;
use std::process::ExitCode;

use atlas_codegen::release::{Recorded, next_version};
use atlas_codegen::settings::Settings;
use atlas_codegen::{WriteOutcome, diff};

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
    let usage = "usage: own_xtask CONFIG [--check] [--previous OLD_SPEC]";
    let config_file = PathBuf::from(args.next().ok_or(usage)?);
    let (mut check, mut previous) = (false, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--previous" => previous = Some(args.next().ok_or(usage)?),
            other => return Err(format!("unknown argument `{other}`; {usage}")),
        }
    }
    let mut settings = Settings::load(&config_file).map_err(|error| error.to_string())?;
    // Headers name the spec relative to the repository's root, not to the config's folder: no
    // machine-specific paths either way.
    settings.root = std::env::current_dir().map_err(|error| error.to_string())?;
    let version = Recorded::read(&settings.output)
        .map_err(|error| error.to_string())?
        .map_or_else(|| "0.1.0".to_owned(), |recorded| recorded.version);
    let config = settings.config(&version, "cargo xtask codegen");

    // The change report: what a reviewer reads before accepting the new client.
    if let Some(previous) = previous {
        let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"));
        let new_name = settings.display(&settings.spec);
        let new_text = read(&settings.spec.display().to_string())?;
        let report = diff::compare_for(&config, &read(&previous)?, &previous, &new_text, &new_name)
            .map_err(|error| error.to_string())?;
        println!("{}", report.summary(20));
        if let Some(next) = next_version(&version, report.verdict()).filter(|_| !report.is_empty())
        {
            println!("the crate's next version: {next} (now {version})");
        }
    }

    let output = atlas_codegen::generate(&config).map_err(|error| error.to_string())?;
    for warning in output.warnings() {
        eprintln!("{warning}");
    }
    let dir = settings.display(&settings.output);
    if check {
        return Ok(match output.check(&settings.output) {
            Ok(()) => {
                println!("{dir} is up to date with {}", config.spec().display());
                ExitCode::SUCCESS
            }
            Err(drift) => {
                eprintln!("{drift}");
                eprintln!("run `cargo xtask codegen` to regenerate it");
                ExitCode::FAILURE
            }
        });
    }
    match output
        .write_to(&settings.output)
        .map_err(|error| error.to_string())?
    {
        WriteOutcome::Unchanged => println!("{dir} was already up to date"),
        WriteOutcome::Written => println!("wrote {dir}"),
    }
    Ok(ExitCode::SUCCESS)
}
