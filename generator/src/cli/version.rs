//! The version a run gives the crate: the one pinned in the config, the one the crate has when
//! its spec is unchanged, else the crate's version bumped by the verdict of the change report
//! between the spec it was generated from and the new one. That old spec is found without git:
//! at the path the crate's `Cargo.toml` records, when its hash still matches; then in git `HEAD`
//! (a spec edited in place); else `--previous-spec` must give it.

use std::path::Path;
use std::process::Command;

use super::args::CrateArgs;
use super::{Invocation, read};
use crate::diff::{self, Report};
use crate::release::{Recorded, next_version, spec_sha256, version_step};
use crate::settings::Settings;

/// How many changes the summary printed on a new release lists.
const SUMMARY_LIMIT: usize = 10;

/// The version of the crate a run generates.
pub(super) struct Release {
    pub version: String,
    /// Whether this run makes a new release (a new crate, or a new spec): a changelog section.
    pub new_release: bool,
    /// What changed since the previous release's spec.
    pub report: Option<Report>,
}

/// The version `check` expects: the pinned one, else the crate's own. A spec that changed shows
/// as drift (the recorded hash differs), never as a new version.
pub(super) fn for_check(settings: &Settings, recorded: Option<&Recorded>) -> Release {
    let version = settings
        .version
        .clone()
        .or_else(|| recorded.map(|recorded| recorded.version.clone()))
        .unwrap_or_else(|| "0.1.0".to_owned());
    Release {
        version,
        new_release: false,
        report: None,
    }
}

/// The version `generate` writes, with the change report behind it; prints what it decided.
pub(super) fn for_generate(
    settings: &Settings,
    spec_text: &str,
    recorded: Option<&Recorded>,
    args: &CrateArgs,
    invocation: &Invocation,
) -> Result<Release, String> {
    let pinned = settings.version.clone();
    let Some(recorded) = recorded else {
        return Ok(Release {
            version: pinned.unwrap_or_else(|| "0.1.0".to_owned()),
            new_release: true,
            report: None,
        });
    };
    let sha = spec_sha256(spec_text);
    let same = |version: String| Release {
        version,
        new_release: false,
        report: None,
    };
    match recorded.spec_sha256.as_deref() {
        Some(recorded_sha) if recorded_sha == sha => {
            return Ok(same(pinned.unwrap_or_else(|| recorded.version.clone())));
        }
        Some(_) => {}
        None => {
            eprintln!(
                "note: {} records no spec (an older atlas-codegen wrote it): its version {} is kept",
                settings.display(&settings.output.join("Cargo.toml")),
                recorded.version
            );
            return Ok(same(pinned.unwrap_or_else(|| recorded.version.clone())));
        }
    }
    let (old_text, old_name) = previous_spec(settings, recorded, args.previous_spec.as_deref())?;
    let spec_display = settings.display(&settings.spec);
    let config = settings.config(&recorded.version, &invocation.generate);
    let report = diff::compare_for(&config, &old_text, &old_name, spec_text, &spec_display)
        .map_err(|error| format!("the change report cannot compare the specs: {error}"))?;
    let verdict = report.verdict();
    let wanted = next_version(&recorded.version, verdict).ok_or_else(|| {
        format!(
            "the crate's version `{}` is not MAJOR.MINOR.PATCH: pin one (--crate-version, or package.version in the config)",
            recorded.version
        )
    })?;
    let version = match pinned {
        Some(pinned) => {
            let needed = verdict.bump_for(&recorded.version);
            if version_step(&recorded.version, &pinned) < needed {
                eprintln!(
                    "warning: the version is pinned at {pinned}, but the changes since {} ask for {wanted} (semver {verdict}); {pinned} is kept",
                    recorded.version
                );
            }
            pinned
        }
        None => wanted,
    };
    eprintln!(
        "version {} -> {version}: changes from {old_name} to {spec_display}, {}",
        recorded.version,
        report.summary(SUMMARY_LIMIT)
    );
    Ok(Release {
        version,
        new_release: true,
        report: Some(report),
    })
}

/// The text and name of the spec the crate was generated from.
fn previous_spec(
    settings: &Settings,
    recorded: &Recorded,
    given: Option<&Path>,
) -> Result<(String, String), String> {
    let want = recorded.spec_sha256.as_deref().unwrap_or_default();
    if let Some(path) = given {
        let shown = settings.display(path);
        let text = read(path, &shown, "previous spec")?;
        if spec_sha256(&text) != want {
            eprintln!(
                "warning: {shown} is not the spec the crate was generated from (its sha256 differs); comparing with it anyway"
            );
        }
        return Ok((text, shown));
    }
    let spec = recorded.spec.as_deref().unwrap_or_default();
    if !spec.is_empty() {
        let path = settings.root.join(spec);
        if let Ok(text) = std::fs::read_to_string(&path)
            && spec_sha256(&text) == want
        {
            return Ok((text, spec.to_owned()));
        }
        if let Some((name, text)) = in_git_head(&path).filter(|(_, text)| spec_sha256(text) == want)
        {
            return Ok((text, name));
        }
    }
    Err(format!(
        "cannot choose the next version: {} was generated from `{spec}` (sha256 {}), which is neither at that path nor in git HEAD; pass --previous-spec with that spec, or pin the version (--crate-version, or package.version in the config)",
        settings.display(&settings.output),
        want.get(..12).unwrap_or(want)
    ))
}

/// `HEAD:<path>` and the file's text there, when `path` is in a git repository's `HEAD`.
fn in_git_head(path: &Path) -> Option<(String, String)> {
    let absolute = std::path::absolute(path).ok()?;
    let dir = absolute.parent()?;
    let toplevel = git(dir, &["rev-parse", "--show-toplevel"])?;
    let toplevel = Path::new(toplevel.trim()).canonicalize().ok()?;
    let dir = dir.canonicalize().ok()?;
    let relative = dir
        .strip_prefix(&toplevel)
        .ok()?
        .join(absolute.file_name()?)
        .display()
        .to_string()
        .replace('\\', "/");
    let text = git(&toplevel, &["show", &format!("HEAD:{relative}")])?;
    Some((format!("HEAD:{relative}"), text))
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}
