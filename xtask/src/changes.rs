//! What `cargo xtask codegen` prints about the API changes it regenerated: the change summary
//! between the spec in git's `HEAD` and the spec on disk.

use std::path::Path;
use std::process::Command;

/// How many changes the summary lists before "... and N more".
const LIMIT: usize = 10;

/// Prints to stderr the API changes between `HEAD`'s version of `spec` and the file, or a one-line
/// note saying why it cannot. Prints nothing when the spec is unchanged.
pub(crate) fn print_since_head(spec: &Path, spec_display: &str) {
    let Ok(new_text) = std::fs::read_to_string(spec) else {
        return;
    };
    let (relative, old_text) = match head_version(spec) {
        Ok(found) => found,
        Err(reason) => {
            eprintln!("change summary skipped: {reason}");
            return;
        }
    };
    if old_text == new_text {
        return;
    }
    let old_name = format!("HEAD:{relative}");
    match atlas_codegen::diff::compare(&old_text, &old_name, &new_text, spec_display) {
        Ok(report) if report.is_empty() => eprintln!("no API changes in {spec_display} since HEAD"),
        Ok(report) => {
            eprint!(
                "API changes in {spec_display} since HEAD: {}",
                report.summary(LIMIT)
            );
            eprintln!(
                "  full report: cargo xtask diff --old <(git show {old_name}) --new {spec_display}"
            );
        }
        Err(error) => eprintln!("change summary skipped: the spec in HEAD does not load: {error}"),
    }
}

/// The spec's path relative to its repository and its text in `HEAD`.
fn head_version(spec: &Path) -> Result<(String, String), String> {
    let absolute = spec
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", spec.display()))?;
    let dir = absolute.parent().unwrap_or(Path::new("/"));
    let toplevel = git(dir, &["rev-parse", "--show-toplevel"])
        .map_err(|_| "the spec is not in a git repository".to_owned())?;
    let toplevel = Path::new(toplevel.trim())
        .canonicalize()
        .map_err(|e| format!("cannot resolve the repository: {e}"))?;
    let relative = absolute
        .strip_prefix(&toplevel)
        .map_err(|_| "the spec is outside its git repository".to_owned())?
        .display()
        .to_string()
        .replace('\\', "/");
    let text = git(&toplevel, &["show", &format!("HEAD:{relative}")]).map_err(|_| {
        format!("{relative} is not in git HEAD (a new file, or a repository without commits)")
    })?;
    Ok((relative, text))
}

fn git(dir: &Path, args: &[&str]) -> Result<String, ()> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|_| ())?;
    if !output.status.success() {
        return Err(());
    }
    String::from_utf8(output.stdout).map_err(|_| ())
}
