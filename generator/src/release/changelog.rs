//! The crate's `CHANGELOG.md`: one section per release, newest first.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::diff::Report;

/// One release of a generated crate, as its changelog section tells it.
#[derive(Clone, Debug)]
pub struct Section<'a> {
    /// The crate's new version.
    pub version: &'a str,
    /// The release date, `YYYY-MM-DD` (see [`today`]).
    pub date: &'a str,
    /// The spec, as the generated headers name it.
    pub spec: &'a str,
    /// The spec's `info.version`.
    pub spec_version: &'a str,
    /// The SHA-256 of the spec's text.
    pub spec_sha256: &'a str,
    /// What changed since the spec of the previous release; `None` for the first release.
    pub report: Option<&'a Report>,
}

/// A changelog section: the version and date, the spec and its API version, the semver verdict,
/// then the changes: breaking ones first, then additions, deprecations and the rest.
pub fn changelog_section(section: &Section<'_>) -> String {
    let short = section.spec_sha256.get(..12).unwrap_or(section.spec_sha256);
    let mut out = format!(
        "## {} ({})\n\nGenerated from `{}`: API version {}, sha256 `{short}`.\n",
        section.version, section.date, section.spec, section.spec_version
    );
    match section.report {
        None => out.push_str("\nFirst release.\n"),
        Some(report) => {
            out.push('\n');
            out.push_str(&report.changelog_body());
        }
    }
    out
}

/// `changelog` (the current `CHANGELOG.md`, if any) with `section` as its newest release: after
/// the title and any text before the first release, before the releases already there.
pub fn prepend_changelog(changelog: Option<&str>, section: &str) -> String {
    const TITLE: &str = "# Changelog\n";
    let section = section.trim_end();
    let Some(existing) = changelog.filter(|text| !text.trim().is_empty()) else {
        return format!("{TITLE}\n{section}\n");
    };
    let first_release = existing
        .match_indices("\n## ")
        .next()
        .map(|(at, _)| at + 1)
        .or_else(|| existing.starts_with("## ").then_some(0));
    match first_release {
        Some(at) => {
            let (head, releases) = existing.split_at(at);
            format!("{head}{section}\n\n{releases}")
        }
        None => format!("{}\n\n{section}\n", existing.trim_end()),
    }
}

/// Today's date in UTC as `YYYY-MM-DD`; `SOURCE_DATE_EPOCH` (seconds since 1970), when set,
/// gives the date instead, for reproducible runs.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(0))
        });
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_794), (2026, 12, 7));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn sections_go_before_the_releases_already_there() {
        let first = prepend_changelog(None, "## 0.1.0 (2026-01-01)\n\nFirst release.\n");
        assert_eq!(
            first,
            "# Changelog\n\n## 0.1.0 (2026-01-01)\n\nFirst release.\n"
        );
        let second = prepend_changelog(Some(&first), "## 0.2.0 (2026-02-01)\n\nMore.\n");
        assert_eq!(
            second,
            "# Changelog\n\n## 0.2.0 (2026-02-01)\n\nMore.\n\n## 0.1.0 (2026-01-01)\n\nFirst release.\n"
        );
        let hand_written = prepend_changelog(Some("# Changes\n\nOurs.\n"), "## 1.0.0 (x)\n");
        assert_eq!(hand_written, "# Changes\n\nOurs.\n\n## 1.0.0 (x)\n");
    }
}
