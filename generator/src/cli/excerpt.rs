//! `excerpt`: rewrites the spec as an excerpt of an upstream spec: its selected operations and
//! what they reach (see [`crate::excerpt`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Invocation, fail, read, write_atomically};
use crate::excerpt::{self, Wanted};
use crate::settings::Settings;

#[derive(Args, Clone, Debug)]
pub struct ExcerptArgs {
    /// The upstream spec to copy from (a whole API release).
    #[arg(long, value_name = "PATH")]
    pub from: PathBuf,
    /// The operationIds to keep (comma-separated) [default: the config's `operations` and
    /// `tags`; without them, the operations the excerpt holds now].
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub operations: Vec<String>,
    /// The excerpt to rewrite [default: the config's `spec`].
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The config file [default: atlas-codegen.toml in the current folder or a parent].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub(super) fn run(args: &ExcerptArgs, invocation: &Invocation) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let settings = match invocation.settings(args.config.as_deref()) {
        Ok(Some(settings)) => settings,
        Ok(None) => match &args.out {
            Some(out) => Settings::new(&cwd, cwd.join(out), cwd.clone(), ""),
            None => {
                return fail(format!(
                    "no {} in this folder or its parents: write one, or pass --out",
                    crate::settings::FILE_NAME
                ));
            }
        },
        Err(message) => return fail(message),
    };
    let out = args
        .out
        .as_ref()
        .map_or_else(|| settings.spec.clone(), |out| cwd.join(out));
    let selection = if args.operations.is_empty() {
        (settings.operations.clone(), settings.tags.clone())
    } else {
        (args.operations.clone(), Vec::new())
    };
    match refresh_excerpt(&settings, &args.from, &out, &selection) {
        Ok(Written::Unchanged) => ExitCode::SUCCESS,
        Ok(Written::Changed) => {
            eprintln!(
                "next: run `{}`; it regenerates the client and prints the API changes",
                invocation.generate
            );
            ExitCode::SUCCESS
        }
        Err(message) => fail(message),
    }
}

/// What [`refresh_excerpt`] did.
pub(super) enum Written {
    Unchanged,
    /// The excerpt was rewritten.
    Changed,
}

/// Rewrites `out` with the excerpt of `from` holding the operations of `selection`
/// (operationIds, tags), or, when both are empty, those `out` holds now.
pub(super) fn refresh_excerpt(
    settings: &Settings,
    from: &Path,
    out: &Path,
    selection: &(Vec<String>, Vec<String>),
) -> Result<Written, String> {
    let out_display = settings.display(out);
    let from_display = settings.display(from);
    let upstream = read(from, &from_display, "spec")?;
    let current = std::fs::read_to_string(out).ok();
    let excerpt = cut(
        &upstream,
        &from_display,
        current.as_deref(),
        &out_display,
        selection,
    )?;
    if current.as_deref() == Some(excerpt.text()) {
        eprintln!("{out_display} is already up to date with {from_display}");
        eprint!("{}", excerpt.report());
        return Ok(Written::Unchanged);
    }
    write_atomically(out, excerpt.text())
        .map_err(|e| format!("{out_display}: cannot write the excerpt: {e}"))?;
    eprintln!(
        "wrote {out_display}: {} operation(s) from {from_display}",
        excerpt.operations().len()
    );
    eprint!("{}", excerpt.report());
    Ok(Written::Changed)
}

/// The excerpt of `upstream` for `selection`, following renames of the operations `current`
/// holds (by method and path).
pub(super) fn cut(
    upstream: &str,
    upstream_name: &str,
    current: Option<&str>,
    current_name: &str,
    (ids, tags): &(Vec<String>, Vec<String>),
) -> Result<excerpt::Excerpt, String> {
    let known = match current {
        Some(text) => excerpt::operations_of(text, current_name),
        None => Ok(Vec::new()),
    };
    let wanted: Vec<Wanted> = if ids.is_empty() && tags.is_empty() {
        let known =
            known.map_err(|e| format!("{e} (name the operations with --operations instead)"))?;
        if known.is_empty() {
            return Err(format!(
                "{current_name} holds no operations to refresh: name them with --operations ID,..."
            ));
        }
        known
    } else {
        let known = known.unwrap_or_default();
        let mut wanted: Vec<Wanted> = ids
            .iter()
            .map(|id| {
                known
                    .iter()
                    .find(|w| &w.id == id)
                    .cloned()
                    .unwrap_or_else(|| Wanted::id(id.as_str()))
            })
            .collect();
        if !tags.is_empty() {
            let tagged = excerpt::selected(upstream, upstream_name, &[], tags)
                .map_err(|error| error.to_string())?;
            wanted.extend(tagged.into_iter().filter(|w| !ids.contains(&w.id)));
        }
        wanted
    };
    excerpt::excerpt(upstream, upstream_name, &wanted).map_err(|e| e.to_string())
}
