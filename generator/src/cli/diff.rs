//! `diff`: the change report between two specs (see [`crate::diff`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Invocation, fail, read};
use crate::Config;

#[derive(Args, Clone, Debug)]
pub struct DiffArgs {
    /// The spec before the change (a file, or `<(git show HEAD:specs/...)`).
    #[arg(long, value_name = "PATH")]
    pub old: PathBuf,
    /// The spec after the change [default: the config's `spec`].
    #[arg(long, value_name = "PATH")]
    pub new: Option<PathBuf>,
    /// How to print the report: a Markdown changelog, JSON, or the short summary generate prints.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Exit 1 (after printing the report) when a change is breaking (`breaking`), or when there
    /// is any change at all (`any`): for CI.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub fail_on: Option<FailOn>,
    /// Compare only the operations of these tags (comma-separated), as generate keeps them
    /// [default: the config's `tags` and `operations` when the config is used].
    #[arg(long, value_name = "TAG,...", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// The config file [default: atlas-codegen.toml in the current folder or a parent, read
    /// only when --new is not given].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// When `diff` fails.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOn {
    /// On a breaking change.
    Breaking,
    /// On any change.
    Any,
}

/// How `diff` prints the report.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A Markdown changelog.
    Markdown,
    /// JSON, every change with its kind, operation, pointer, Rust item and breaking flag.
    Json,
    /// The verdict and the first changes.
    Summary,
}

/// How many changes `--format summary` lists before "... and N more".
const SUMMARY_LIMIT: usize = 20;

pub(super) fn run(args: &DiffArgs, invocation: &Invocation) -> ExitCode {
    let (new, config) = match &args.new {
        Some(new) => (new.clone(), None),
        None => match invocation.required_settings(args.config.as_deref()) {
            Ok(settings) => (settings.spec.clone(), Some(settings.config("0.1.0", ""))),
            Err(message) => return fail(format!("{message} (or pass --new)")),
        },
    };
    let config = match config {
        Some(config) if args.tags.is_empty() => config,
        _ => Config::new(&new, "").tags(args.tags.iter().cloned()),
    };
    let (old_name, new_name) = (shown(&args.old), shown(&new));
    let texts = read(&args.old, &old_name, "spec")
        .and_then(|old| Ok((old, read(&new, &new_name, "spec")?)));
    let (old_text, new_text) = match texts {
        Ok(texts) => texts,
        Err(message) => return fail(message),
    };
    let report = match crate::diff::compare_for(&config, &old_text, &old_name, &new_text, &new_name)
    {
        Ok(report) => report,
        Err(error) => return fail(error),
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
fn shown(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}
