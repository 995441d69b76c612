//! A [`Report`] as JSON, as a Markdown changelog, and as the short summary `cargo xtask codegen`
//! prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::Report;
use super::change::{Change, Kind, Verdict};
use super::side::plural;

#[derive(Serialize)]
struct JsonReport<'r> {
    verdict: Verdict,
    bump: Bump,
    changes: &'r [Change],
}

/// The part of the version to increase, for a crate at 1.x and at 0.x.
#[derive(Serialize)]
struct Bump {
    #[serde(rename = "1.x")]
    stable: Verdict,
    #[serde(rename = "0.x")]
    initial: Verdict,
}

fn bump(verdict: Verdict) -> Bump {
    Bump {
        stable: verdict,
        initial: verdict.bump_for("0.1.0").unwrap_or(Verdict::Patch),
    }
}

/// "semver: major (a 0.x crate bumps its minor version)".
fn verdict_line(report: &Report) -> String {
    let verdict = report.verdict();
    let bump = bump(verdict);
    format!(
        "semver: {verdict} (a 1.x crate bumps its {} version, a 0.x crate its {})",
        bump.stable, bump.initial
    )
}

pub(super) fn json(report: &Report) -> String {
    let verdict = report.verdict();
    let document = JsonReport {
        verdict,
        bump: bump(verdict),
        changes: report.changes(),
    };
    match serde_json::to_string_pretty(&document) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Strings and booleans always serialize; this arm only keeps the function total.
        Err(error) => format!("{{\"changes\": [], \"error\": {:?}}}\n", error.to_string()),
    }
}

/// "12 changes, 3 breaking".
fn counts(report: &Report) -> String {
    let total = report.changes().len();
    format!(
        "{total} change{}, {} breaking",
        plural(total),
        report.breaking_count()
    )
}

/// The changes of one breaking-ness, grouped by kind in report order.
fn groups(report: &Report, breaking: bool) -> BTreeMap<Kind, Vec<&Change>> {
    let mut groups: BTreeMap<Kind, Vec<&Change>> = BTreeMap::new();
    for change in report
        .changes()
        .iter()
        .filter(|change| change.is_breaking() == breaking)
    {
        groups.entry(change.kind()).or_default().push(change);
    }
    groups
}

pub(super) fn markdown(report: &Report) -> String {
    let mut out = String::from("# API changes\n\n");
    let _ = writeln!(out, "**{}**\n", verdict_line(report));
    let _ = writeln!(
        out,
        "From `{}` to `{}`: **{}**.\n",
        report.old_name(),
        report.new_name(),
        counts(report)
    );
    if report.is_empty() {
        out.push_str("No API changes.\n");
        return out;
    }
    out.push_str("| change | total | breaking |\n| --- | ---: | ---: |\n");
    for kind in Kind::ALL {
        let of_kind = report
            .changes()
            .iter()
            .filter(|change| change.kind() == kind);
        let (total, breaking) = of_kind.fold((0, 0), |(t, b), change| {
            (t + 1, b + usize::from(change.is_breaking()))
        });
        if total > 0 {
            let _ = writeln!(out, "| {} | {total} | {breaking} |", kind.as_str());
        }
    }
    for (breaking, heading) in [(true, "Breaking changes"), (false, "Other changes")] {
        let groups = groups(report, breaking);
        let count: usize = groups.values().map(Vec::len).sum();
        if count == 0 {
            continue;
        }
        let _ = writeln!(out, "\n## {heading} ({count})");
        for (kind, changes) in groups {
            let _ = writeln!(out, "\n### {} ({})\n", kind.title(), changes.len());
            for change in changes {
                let _ = writeln!(out, "- {}", markdown_line(change));
            }
        }
    }
    out
}

/// A changelog section's body: the verdict, then the changes, breaking ones first, then
/// additions, deprecations and the rest.
pub(super) fn changelog(report: &Report) -> String {
    let mut out = format!("Semver: **{}**: {}.\n", report.verdict(), counts(report));
    if report.is_empty() {
        out.push_str("\nNo API changes (descriptions or examples only).\n");
        return out;
    }
    const HEADINGS: [&str; 4] = ["Breaking changes", "Added", "Deprecated", "Other changes"];
    let mut sections: [Vec<&Change>; 4] = Default::default();
    for change in report.changes() {
        let deprecates = matches!(
            change.kind(),
            Kind::OperationDeprecated | Kind::VersionSunset
        );
        let section = match (change.is_breaking(), change.kind().adds_api(), deprecates) {
            (true, _, _) => 0,
            (false, _, true) => 2,
            (false, true, false) => 1,
            (false, false, false) => 3,
        };
        if let Some(changes) = sections.get_mut(section) {
            changes.push(change);
        }
    }
    for (heading, changes) in HEADINGS.iter().zip(sections) {
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {heading} ({})\n", changes.len());
        for change in changes {
            let _ = writeln!(out, "- {}", markdown_line(change));
        }
    }
    out
}

fn markdown_line(change: &Change) -> String {
    let operation = change
        .operation_id()
        .map(|id| format!("`{id}`, "))
        .unwrap_or_default();
    format!(
        "**`{}`**: {} ({operation}`{}`)",
        change.rust(),
        change.message(),
        change.path()
    )
}

pub(super) fn summary(report: &Report, limit: usize) -> String {
    if report.is_empty() {
        return format!("{}; no API changes\n", verdict_line(report));
    }
    let mut out = format!("{}; {}\n", verdict_line(report), counts(report));
    let mut by_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    for change in report.changes() {
        *by_kind.entry(change.kind()).or_default() += 1;
    }
    let kinds: Vec<String> = by_kind
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect();
    let _ = writeln!(out, "  by kind: {}", kinds.join(", "));
    let breaking = report
        .changes()
        .iter()
        .filter(|change| change.is_breaking());
    let other = report
        .changes()
        .iter()
        .filter(|change| !change.is_breaking());
    let ordered: Vec<&Change> = breaking.chain(other).collect();
    for change in ordered.iter().take(limit) {
        let mark = if change.is_breaking() {
            "BREAKING"
        } else {
            "        "
        };
        let _ = writeln!(
            out,
            "  {mark} {} `{}`: {}",
            change.kind(),
            change.rust(),
            change.message()
        );
    }
    if ordered.len() > limit {
        let _ = writeln!(out, "  ... and {} more", ordered.len() - limit);
    }
    out
}
