//! How paths and values are shown in generated headers, messages and the commands printed for
//! the user: paths relative to the workspace, values quoted for a POSIX shell.

use std::path::{Path, PathBuf};

/// How a path is shown in generated headers and messages: relative to the workspace when inside
/// it, so that output does not depend on where the repository is checked out.
pub(crate) fn display_path(path: &Path, root: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
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
    for component in &path[common..] {
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

/// `value` quoted for a POSIX shell when it needs to be (tags have spaces).
pub(crate) fn shell_quote(value: &str) -> String {
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.,/".contains(c))
    {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}
