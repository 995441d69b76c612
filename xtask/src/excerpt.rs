//! `cargo xtask excerpt`: rewrites the committed excerpt with upstream's current definition of its
//! operations (see `atlas_codegen::excerpt`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use atlas_codegen::excerpt::{self, Wanted};
use clap::Args;

use crate::codegen::DEFAULT_SPEC;
use crate::display::display_path;

#[derive(Args)]
pub(crate) struct ExcerptArgs {
    /// The upstream spec to copy from (a whole Atlas Admin API release).
    #[arg(long, value_name = "PATH")]
    from: PathBuf,
    /// The operationIds to keep (comma-separated) [default: the operations the excerpt holds now].
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    operations: Vec<String>,
    /// The excerpt to rewrite [default: specs/atlas-admin-v2-excerpt.yaml].
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

pub(crate) fn run(args: &ExcerptArgs, root: &Path) -> ExitCode {
    match excerpt_to_file(args, root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn excerpt_to_file(args: &ExcerptArgs, root: &Path) -> Result<(), String> {
    let out = args.out.clone().unwrap_or_else(|| root.join(DEFAULT_SPEC));
    let out_display = display_path(&out, root);
    let from_display = display_path(&args.from, root);
    let current = std::fs::read_to_string(&out).ok();
    let wanted = wanted(args, current.as_deref(), &out_display)?;
    let upstream = std::fs::read_to_string(&args.from)
        .map_err(|e| format!("{from_display}: cannot read the spec: {e}"))?;
    let excerpt = excerpt::excerpt(&upstream, &from_display, &wanted).map_err(|e| e.to_string())?;
    if current.as_deref() == Some(excerpt.text()) {
        eprintln!("{out_display} is already up to date with {from_display}");
        eprint!("{}", excerpt.report());
        return Ok(());
    }
    write_atomically(&out, excerpt.text())
        .map_err(|e| format!("{out_display}: cannot write the excerpt: {e}"))?;
    eprintln!(
        "wrote {out_display}: {} operation(s) from {from_display}",
        excerpt.operations().len()
    );
    eprint!("{}", excerpt.report());
    eprintln!(
        "next: run `cargo xtask codegen`; it regenerates the client and prints the API changes since HEAD"
    );
    Ok(())
}

/// The operations to keep: those named by `--operations`, else those of the current excerpt; each
/// with the method and path the current excerpt gives it, so that renames can be followed.
fn wanted(
    args: &ExcerptArgs,
    current: Option<&str>,
    out_display: &str,
) -> Result<Vec<Wanted>, String> {
    let known = match current {
        Some(text) => excerpt::operations_of(text, out_display),
        None => Ok(Vec::new()),
    };
    if args.operations.is_empty() {
        let known =
            known.map_err(|e| format!("{e} (name the operations with --operations instead)"))?;
        if known.is_empty() {
            return Err(format!(
                "{out_display} holds no operations to refresh: name them with --operations ID,..."
            ));
        }
        return Ok(known);
    }
    let known = known.unwrap_or_default();
    Ok(args
        .operations
        .iter()
        .map(|id| {
            known
                .iter()
                .find(|w| &w.id == id)
                .cloned()
                .unwrap_or_else(|| Wanted::id(id.as_str()))
        })
        .collect())
}

/// Writes a temporary sibling, then renames it over `path`, so a failure leaves the old file whole.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "excerpt".to_owned());
    let temporary = path.with_file_name(format!(".{name}.xtask-tmp"));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
