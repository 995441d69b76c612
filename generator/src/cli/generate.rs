//! `generate` and `check`: the crate from the spec, written (its version chosen by the change
//! report, see [`super::version`]) or compared with the output folder.

use std::process::ExitCode;

use super::args::CrateArgs;
use super::version::{self, Release};
use super::{Invocation, fail, read, shell_quote};
use crate::release::{Recorded, Section, changelog_section, prepend_changelog, spec_sha256, today};
use crate::settings::Settings;
use crate::{Output, WriteOutcome};

/// The settings of a run, with flags over the config file, and the command that repeats it.
pub(super) fn resolve(
    args: &CrateArgs,
    invocation: &Invocation,
) -> Result<(Settings, String), String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut settings = match invocation.settings(args.config.as_deref())? {
        Some(settings) => settings,
        None => match (&args.spec, &args.out) {
            (Some(spec), Some(out)) => {
                let name = args
                    .name
                    .clone()
                    .or_else(|| out.file_name().map(|n| n.to_string_lossy().into_owned()));
                Settings::new(
                    &cwd,
                    cwd.join(spec),
                    cwd.join(out),
                    &name.unwrap_or_default(),
                )
            }
            _ => {
                return Err(format!(
                    "no {} in this folder or its parents: write one (see the README), or pass --spec and --out",
                    crate::settings::FILE_NAME
                ));
            }
        },
    };
    let mut command = invocation.generate.clone();
    if let Some(config) = &args.config {
        command.push_str(&format!(
            " --config {}",
            settings.display(&cwd.join(config))
        ));
    }
    if let Some(spec) = &args.spec {
        let spec = cwd.join(spec);
        if spec != settings.spec {
            command.push_str(&format!(" --spec {}", settings.display(&spec)));
        }
        settings.spec = spec;
    }
    if let Some(out) = &args.out {
        let out = cwd.join(out);
        if out != settings.output {
            command.push_str(&format!(" --out {}", settings.display(&out)));
        }
        settings.output = out;
    }
    if let Some(name) = args
        .name
        .as_ref()
        .filter(|name| **name != settings.crate_name)
    {
        command.push_str(&format!(" --name {name}"));
        settings.crate_name = name.clone();
    }
    if !args.operations.is_empty() && args.operations != settings.operations {
        command.push_str(&format!(" --operations {}", args.operations.join(",")));
        settings.operations = args.operations.clone();
    }
    if !args.tags.is_empty() && args.tags != settings.tags {
        command.push_str(&format!(" --tags {}", shell_quote(&args.tags.join(","))));
        settings.tags = args.tags.clone();
    }
    if let Some(version) = &args.crate_version {
        command.push_str(&format!(" --crate-version {version}"));
        settings.version = Some(version.clone());
    }
    if args.strict && !settings.strict {
        command.push_str(" --strict");
        settings.strict = true;
    }
    Ok((settings, command))
}

pub(super) fn run(args: &CrateArgs, check: bool, invocation: &Invocation) -> ExitCode {
    let (settings, command) = match resolve(args, invocation) {
        Ok(resolved) => resolved,
        Err(message) => return fail(message),
    };
    let spec_display = settings.display(&settings.spec);
    let out_display = settings.display(&settings.output);
    let nothing_written = || eprintln!("nothing was written to {out_display}");
    let prepared = read(&settings.spec, &spec_display, "spec").and_then(|text| {
        let recorded = Recorded::read(&settings.output).map_err(|error| error.to_string())?;
        let release = if check {
            version::for_check(&settings, recorded.as_ref())
        } else {
            version::for_generate(&settings, &text, recorded.as_ref(), args, invocation)?
        };
        Ok((text, release))
    });
    let (spec_text, release) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            eprintln!("error: {message}");
            nothing_written();
            return ExitCode::from(2);
        }
    };
    let config = settings.config(&release.version, &command);
    let output = match crate::generate_from_str(&config, &spec_text) {
        Ok(output) => output,
        Err(error) => {
            eprintln!("error: {error}");
            nothing_written();
            return ExitCode::from(2);
        }
    };
    let level = if settings.strict { "error" } else { "warning" };
    for warning in output.warnings() {
        eprintln!("{level}: {warning}");
    }
    if settings.strict && !output.warnings().is_empty() {
        eprintln!(
            "error: {} warning(s), and strict is on (--strict, or strict = true in the config)",
            output.warnings().len()
        );
        nothing_written();
        return ExitCode::from(2);
    }

    if check {
        return match output.check(&settings.output) {
            Ok(()) => {
                eprintln!(
                    "{out_display} is up to date with {spec_display} ({} files)",
                    output.files().len()
                );
                ExitCode::SUCCESS
            }
            Err(drift) => {
                println!("{drift}");
                eprintln!(
                    "error: {out_display} has drifted from {spec_display}: {} file(s) differ",
                    drift.entries().len()
                );
                eprintln!("fix it with: {command}");
                ExitCode::FAILURE
            }
        };
    }

    match output.write_to(&settings.output) {
        Ok(WriteOutcome::Unchanged) => {
            eprintln!("{out_display} is already up to date with {spec_display}");
        }
        Ok(WriteOutcome::Written) => {
            eprintln!(
                "wrote {} files to {out_display} from {spec_display}",
                output.files().len()
            );
        }
        Err(error) => return fail(error),
    }
    if release.new_release {
        match write_changelog(&settings, &output, &release, &spec_display, &spec_text) {
            Ok(()) => eprintln!(
                "{out_display}/CHANGELOG.md: version {} added",
                release.version
            ),
            Err(message) => return fail(message),
        }
    }
    ExitCode::SUCCESS
}

/// Prepends the release's section to the crate's `CHANGELOG.md`.
fn write_changelog(
    settings: &Settings,
    output: &Output,
    release: &Release,
    spec_display: &str,
    spec_text: &str,
) -> Result<(), String> {
    let path = settings.output.join("CHANGELOG.md");
    let spec_version = output
        .files()
        .get("Cargo.toml")
        .and_then(|text| Recorded::parse(text, "Cargo.toml").ok())
        .and_then(|recorded| recorded.spec_version)
        .unwrap_or_default();
    let section = changelog_section(&Section {
        version: &release.version,
        date: &today(),
        spec: spec_display,
        spec_version: &spec_version,
        spec_sha256: &spec_sha256(spec_text),
        report: release.report.as_ref(),
    });
    let existing = std::fs::read_to_string(&path).ok();
    super::write_atomically(&path, &prepend_changelog(existing.as_deref(), &section))
        .map_err(|e| format!("{}: cannot write it: {e}", settings.display(&path)))
}
