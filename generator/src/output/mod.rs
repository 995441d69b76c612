//! Stage 6: the generated files, held in memory, written atomically or compared with a directory.
//!
//! The generator owns every file of the output directory except those under [`KEPT`]: hand-written
//! tests, examples and benches, the changelog each release prepends to, and the build products of
//! a crate built where it was written.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::error::Error;

/// Top-level entries of the output directory the generator neither owns nor removes.
pub const KEPT: &[&str] = &[
    "tests",
    "examples",
    "benches",
    "target",
    "Cargo.lock",
    "CHANGELOG.md",
];

/// The generated crate, in memory: file contents by path relative to the output directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, String>,
    warnings: Vec<crate::Warning>,
}

/// How a directory differs from what the generator makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    dir: PathBuf,
    entries: Vec<(String, DriftKind)>,
}

/// One file's difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriftKind {
    /// The generator makes this file, and the directory has something else; the unified diff
    /// goes from the directory's text to the generator's.
    Changed { diff: String },
    /// The generator makes this file and the directory lacks it.
    Missing,
    /// The directory has a file the generator does not make.
    Stray,
}

/// What [`Output::write_to`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// The directory already held exactly the generated files; nothing was written.
    Unchanged,
    /// The directory was replaced with the generated files.
    Written,
}

impl Output {
    pub(crate) fn new(files: BTreeMap<String, String>) -> Self {
        Output {
            files,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn with_warnings(mut self, warnings: Vec<crate::Warning>) -> Self {
        self.warnings = warnings;
        self
    }

    /// What the spec gets wrong without stopping generation (an API version that is not one,
    /// say), each with its file and place. They are the caller's to show; the generated files
    /// never hold them.
    pub fn warnings(&self) -> &[crate::Warning] {
        &self.warnings
    }

    /// Paths (relative, `/`-separated) and contents of every generated file, sorted by path.
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }

    /// Compares `dir` with the generated files without writing anything.
    pub fn check(&self, dir: &Path) -> Result<(), Drift> {
        let entries = self.compare(dir, true);
        if entries.is_empty() {
            Ok(())
        } else {
            Err(Drift {
                dir: dir.to_owned(),
                entries,
            })
        }
    }

    /// How `dir` differs from the generated files, sorted by path. Unified diffs of changed files
    /// are computed only `with_diffs`: deciding whether to write needs no diff text.
    fn compare(&self, dir: &Path, with_diffs: bool) -> Vec<(String, DriftKind)> {
        let mut entries = Vec::new();
        let existing = owned_files(dir).unwrap_or_default();
        for (path, generated) in &self.files {
            match fs::read_to_string(dir.join(path)) {
                Ok(current) => {
                    let current = current.replace("\r\n", "\n");
                    if current != *generated {
                        let diff = if with_diffs {
                            unified_diff(dir, path, &current, generated)
                        } else {
                            String::new()
                        };
                        entries.push((path.clone(), DriftKind::Changed { diff }));
                    }
                }
                Err(_) => entries.push((path.clone(), DriftKind::Missing)),
            }
        }
        for path in existing.difference(&self.files.keys().cloned().collect()) {
            entries.push((path.clone(), DriftKind::Stray));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    }

    /// Makes `dir` hold exactly the generated files (and whatever it keeps, see [`KEPT`]).
    ///
    /// The new contents are written to a temporary sibling directory first and swapped in with
    /// renames only when complete, so a failure leaves `dir` as it was.
    pub fn write_to(&self, dir: &Path) -> Result<WriteOutcome, Error> {
        if self.compare(dir, false).is_empty() {
            return Ok(WriteOutcome::Unchanged);
        }
        let display = dir.display().to_string();
        let io = |what: &str, path: &Path, error: std::io::Error| {
            Error::io(&display, format!("{what} {}: {error}", path.display()))
        };
        let parent = match dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "generated".to_owned());
        fs::create_dir_all(&parent).map_err(|e| io("cannot create", &parent, e))?;
        let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
        let backup = parent.join(format!(".{name}.old-{}", std::process::id()));

        let staged = self.stage(dir, &staging);
        if let Err(error) = staged {
            let _ = fs::remove_dir_all(&staging);
            return Err(io("cannot write", &staging, error));
        }
        if dir.exists() {
            fs::rename(dir, &backup).map_err(|e| {
                let _ = fs::remove_dir_all(&staging);
                io("cannot move aside", dir, e)
            })?;
            if let Err(error) = fs::rename(&staging, dir) {
                let _ = fs::rename(&backup, dir);
                let _ = fs::remove_dir_all(&staging);
                return Err(io("cannot move into place", dir, error));
            }
            // Build products are a cache: moved over, not copied, and not worth failing for.
            let _ = fs::rename(backup.join("target"), dir.join("target"));
            let _ = fs::remove_dir_all(&backup);
        } else {
            fs::rename(&staging, dir).map_err(|e| io("cannot move into place", dir, e))?;
        }
        Ok(WriteOutcome::Written)
    }

    /// Writes the generated files and copies of the kept hand-written ones into `staging`.
    fn stage(&self, dir: &Path, staging: &Path) -> std::io::Result<()> {
        if staging.exists() {
            fs::remove_dir_all(staging)?;
        }
        fs::create_dir_all(staging)?;
        for (path, contents) in &self.files {
            let target = staging.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(target, contents)?;
        }
        for kept in KEPT.iter().filter(|kept| **kept != "target") {
            let source = dir.join(kept);
            if source.exists() {
                copy_recursively(&source, &staging.join(kept))?;
            }
        }
        Ok(())
    }
}

impl Drift {
    /// Each differing, missing or stray file, by path relative to the directory, sorted.
    pub fn entries(&self) -> &[(String, DriftKind)] {
        &self.entries
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = self.dir.display();
        for (path, kind) in &self.entries {
            let what = match kind {
                DriftKind::Changed { .. } => "differs from what the generator makes",
                DriftKind::Missing => "is missing",
                DriftKind::Stray => "is not made by the generator (stray file)",
            };
            writeln!(f, "{dir}/{path} {what}")?;
        }
        for (path, kind) in &self.entries {
            match kind {
                DriftKind::Changed { diff } => write!(f, "\n{diff}")?,
                DriftKind::Missing => writeln!(f, "\n--- {dir}/{path} (missing)")?,
                DriftKind::Stray => writeln!(
                    f,
                    "\n+++ {dir}/{path} (stray: delete it, or move it under tests/ or examples/)"
                )?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for Drift {}

fn unified_diff(dir: &Path, path: &str, current: &str, generated: &str) -> String {
    let old = format!("{}/{path} (on disk)", dir.display());
    let new = format!("{}/{path} (generated)", dir.display());
    TextDiff::from_lines(current, generated)
        .unified_diff()
        .context_radius(3)
        .header(&old, &new)
        .to_string()
}

/// Files of `dir` the generator owns, as relative `/`-separated paths.
fn owned_files(dir: &Path) -> std::io::Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    let mut stack = vec![(dir.to_owned(), String::new())];
    while let Some((path, relative)) = stack.pop() {
        for entry in fs::read_dir(&path)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if relative.is_empty() && KEPT.contains(&name.as_str()) {
                continue;
            }
            let child = if relative.is_empty() {
                name
            } else {
                format!("{relative}/{name}")
            };
            if entry.file_type()?.is_dir() {
                stack.push((entry.path(), child));
            } else {
                found.insert(child);
            }
        }
    }
    Ok(found)
}

fn copy_recursively(source: &Path, target: &Path) -> std::io::Result<()> {
    if source.is_dir() {
        fs::create_dir_all(target)?;
        for entry in fs::read_dir(source)? {
            let entry = entry?;
            copy_recursively(&entry.path(), &target.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        fs::copy(source, target).map(|_| ())
    }
}

/// How a path is shown in generated headers and messages: relative to the workspace when inside
/// it, so that output does not depend on where the repository is checked out.
pub(crate) fn display_path(path: &Path, root: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let (absolute, root) = (normalize(&absolute), normalize(root));
    let root = root.as_path();
    let shown = match absolute.strip_prefix(root) {
        Ok(relative) => relative.to_owned(),
        Err(_) => relative_to(&absolute, root).unwrap_or_else(|| path.to_owned()),
    };
    shown.display().to_string().replace('\\', "/")
}

/// `path` relative to `base` with `..` segments, when both are absolute and share a prefix.
fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let (path, base) = (normalize(path), normalize(base));
    let path: Vec<_> = path.components().collect();
    let base: Vec<_> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut relative = PathBuf::new();
    for _ in common..base.len() {
        relative.push("..");
    }
    for component in path.get(common..).unwrap_or_default() {
        relative.push(component);
    }
    Some(relative)
}

/// Resolves `.` and `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
