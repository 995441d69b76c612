//! `cargo xtask diff`: the change report between two specs (see `atlas_codegen::diff`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

#[derive(Args)]
pub(crate) struct DiffArgs {
    /// The spec before the change (a file, or `<(git show HEAD:specs/...)`).
    #[arg(long, value_name = "PATH")]
    old: PathBuf,
    /// The spec after the change.
    #[arg(long, value_name = "PATH")]
    new: PathBuf,
    /// How to print the report: a Markdown changelog, JSON, or the short summary codegen prints.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Exit 1 (after printing the report) when a change is breaking (`breaking`), or when there
    /// is any change at all (`any`): for CI.
    #[arg(long, value_enum, value_name = "WHEN")]
    fail_on: Option<FailOn>,
    /// Compare only the operations of these tags (comma-separated), as `codegen --tags` generates them.
    #[arg(long, value_name = "TAG,...", value_delimiter = ',')]
    tags: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Breaking,
    Any,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Markdown,
    Json,
    Summary,
}

/// How many changes `--format summary` lists before "... and N more".
const SUMMARY_LIMIT: usize = 20;

pub(crate) fn run(args: &DiffArgs) -> ExitCode {
    let (old_name, new_name) = (shown(&args.old), shown(&args.new));
    let texts = read(&args.old, &old_name).and_then(|old| Ok((old, read(&args.new, &new_name)?)));
    let (old_text, new_text) = match texts {
        Ok(texts) => texts,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let report = match atlas_codegen::diff::compare_tags(
        &old_text, &old_name, &new_text, &new_name, &args.tags,
    ) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match args.format {
        Format::Markdown => print!("{}", report.to_markdown()),
        Format::Json => print!("{}", report.to_json()),
        Format::Summary => print!("{}", report.summary(SUMMARY_LIMIT)),
    }
    let failed = match args.fail_on {
        Some(FailOn::Breaking) => report.breaking_count() > 0,
        Some(FailOn::Any) => !report.is_empty(),
        None => false,
    };
    if failed {
        eprintln!(
            "error: semver {}: {} change(s), {} breaking (--fail-on {})",
            report.verdict(),
            report.changes().len(),
            report.breaking_count(),
            match args.fail_on {
                Some(FailOn::Any) => "any",
                _ => "breaking",
            }
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// A path as the user wrote it, which is what the report names.
fn shown(path: &std::path::Path) -> String {
    path.display().to_string().replace('\\', "/")
}

fn read(path: &std::path::Path, name: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read the spec: {e}"))
}
