//! From one spec release to the next: what a generated crate records about the spec it came from,
//! the version the change report's verdict gives the next one, and its changelog.
//!
//! A generated `Cargo.toml` records its spec under `[package.metadata.atlas-codegen]`: the path
//! as the headers name it, its `info.version`, and the SHA-256 of its text. Regenerating from a
//! spec with another hash is a new release of the crate: [`next_version`] bumps the recorded
//! version by the [verdict](crate::diff::Report::verdict) of the change report between the
//! recorded spec and the new one, and [`changelog_section`] writes what changed. No git history
//! is needed: the recorded path and hash find the old spec, or the caller hands it over.
//!
//! ```no_run
//! use atlas_codegen::{diff, release};
//!
//! let recorded = release::Recorded::read("atlas-admin".as_ref())?.expect("a generated crate");
//! let old = std::fs::read_to_string("specs/old.yaml")?;
//! let new = std::fs::read_to_string("specs/new.yaml")?;
//! let report = diff::compare(&old, "specs/old.yaml", &new, "specs/new.yaml")?;
//! let version = release::next_version(&recorded.version, report.verdict());
//! println!("{} -> {version:?}", recorded.version);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod changelog;
pub(crate) mod recorded;

pub use changelog::{Section, changelog_section, prepend_changelog, today};
pub use recorded::Recorded;

use sha2::{Digest, Sha256};

use crate::diff::Verdict;

/// The SHA-256 of a spec's text, in lowercase hex, with line endings normalized to `\n` (a
/// checkout that turns them into `\r\n` holds the same spec).
pub fn spec_sha256(text: &str) -> String {
    let mut hasher = Sha256::new();
    for (i, line) in text.split("\r\n").enumerate() {
        if i > 0 {
            hasher.update(b"\n");
        }
        hasher.update(line.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The version after `version` for a release with this `verdict`, under Cargo's rules (see
/// [`Verdict::bump_for`]: a breaking change of a 0.x crate bumps its minor version). A pre-release
/// or build suffix is dropped. `None` when `version` is not `MAJOR.MINOR.PATCH`.
pub fn next_version(version: &str, verdict: Verdict) -> Option<String> {
    let part = verdict.bump_for(version)?;
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let mut parts = core.split('.').map(str::parse::<u64>);
    let (major, minor, patch) = match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor)), Some(Ok(patch))) => (major, minor, patch),
        _ => return None,
    };
    Some(match part {
        Verdict::Major => format!("{}.0.0", major.checked_add(1)?),
        Verdict::Minor => format!("{major}.{}.0", minor.checked_add(1)?),
        Verdict::Patch => format!("{major}.{minor}.{}", patch.checked_add(1)?),
    })
}

/// How much larger `b` is than `a` as a release: the part of the version that moved, or `None`
/// when `b` is not above `a` (or either is not `MAJOR.MINOR.PATCH`).
pub fn version_step(a: &str, b: &str) -> Option<Verdict> {
    let parse = |version: &str| -> Option<(u64, u64, u64)> {
        let core = version.split(['-', '+']).next().unwrap_or(version);
        let mut parts = core.split('.').map(|part| part.parse::<u64>().ok());
        Some((parts.next()??, parts.next()??, parts.next()??))
    };
    let (a, b) = (parse(a)?, parse(b)?);
    if b <= a {
        return None;
    }
    Some(if b.0 != a.0 {
        Verdict::Major
    } else if b.1 != a.1 {
        Verdict::Minor
    } else {
        Verdict::Patch
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_under_cargo_rules() {
        let cases = [
            ("0.1.0", Verdict::Major, "0.2.0"),
            ("0.1.3", Verdict::Minor, "0.1.4"),
            ("0.1.3", Verdict::Patch, "0.1.4"),
            ("0.0.7", Verdict::Major, "0.0.8"),
            ("1.4.2", Verdict::Major, "2.0.0"),
            ("1.4.2", Verdict::Minor, "1.5.0"),
            ("1.4.2", Verdict::Patch, "1.4.3"),
            ("1.0.0-beta.2", Verdict::Minor, "1.1.0"),
        ];
        for (from, verdict, to) in cases {
            assert_eq!(
                next_version(from, verdict).as_deref(),
                Some(to),
                "{from} {verdict}"
            );
        }
        assert_eq!(next_version("1.0", Verdict::Patch), None);
        assert_eq!(next_version("x.y.z", Verdict::Patch), None);
    }

    #[test]
    fn version_steps_name_the_part_that_moved() {
        assert_eq!(version_step("0.1.0", "0.2.0"), Some(Verdict::Minor));
        assert_eq!(version_step("0.1.0", "0.1.1"), Some(Verdict::Patch));
        assert_eq!(version_step("1.2.3", "2.0.0"), Some(Verdict::Major));
        assert_eq!(version_step("0.2.0", "0.2.0"), None);
        assert_eq!(version_step("0.2.0", "0.1.9"), None);
    }

    #[test]
    fn the_hash_ignores_crlf() {
        assert_eq!(spec_sha256("a: 1\r\nb: 2\r\n"), spec_sha256("a: 1\nb: 2\n"));
        assert_eq!(
            spec_sha256(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
