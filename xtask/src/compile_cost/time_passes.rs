//! `cargo xtask bench --compile --time-passes`: one `cargo rustc --lib --all-features --profile
//! check -- -Z time-passes` of each crate (with `RUSTC_BOOTSTRAP=1`), and rustc's top-level passes
//! over [`SHOWN_PASS_SECONDS`] in either crate printed side by side.

use std::path::Path;

use super::baseline::BASELINE;
use super::cargo::Crate;

/// Top-level `-Z time-passes` passes shorter than this in both crates are not printed.
const SHOWN_PASS_SECONDS: f64 = 0.3;

const TIME_PASSES: &[&str] = &[
    "rustc",
    "--lib",
    "--all-features",
    "--profile",
    "check",
    "--",
    "-Z",
    "time-passes",
];

/// One untimed `cargo rustc ... -Z time-passes` of each of `sides`, in target directories of
/// their own under `bench_dir`: their logs, in order.
pub(super) fn logs(sides: [&Crate; 2], bench_dir: &Path) -> Result<Vec<String>, String> {
    eprintln!("cargo rustc ... -Z time-passes of each crate...");
    let mut logs = Vec::new();
    for side in sides {
        // Cargo rebuilds every dependency when RUSTC_BOOTSTRAP changes: a target directory of
        // its own keeps the other runs' dependencies, and its own, built.
        let side = Crate {
            label: side.label,
            dir: side.dir.clone(),
            target: bench_dir.join(format!("{}-time-passes", side.label)),
            log: side.log.clone(),
        };
        side.touch()?;
        let mut command = side.cargo(TIME_PASSES);
        command.env("RUSTC_BOOTSTRAP", "1");
        logs.push(side.run(command, &TIME_PASSES.join(" "))?.log);
    }
    Ok(logs)
}

/// Prints the side-by-side table of the top-level passes in `logs`, the baseline's then the
/// current's.
pub(super) fn print(logs: &[String]) {
    let (baseline_passes, current_passes) =
        (top_level_passes(&logs[0]), top_level_passes(&logs[1]));
    println!();
    println!(
        "| `-Z time-passes`, top-level passes over {SHOWN_PASS_SECONDS} s | baseline {BASELINE} | current |"
    );
    println!("| --- | ---: | ---: |");
    let shown =
        |time: Option<f64>| time.map_or_else(|| "–".to_owned(), |time| format!("{time:.2} s"));
    for (name, baseline_time, current_time) in
        passes_side_by_side(&baseline_passes, &current_passes)
    {
        println!(
            "| {name} | {} | {} |",
            shown(baseline_time),
            shown(current_time)
        );
    }
}

/// The top-level passes in rustc's `-Z time-passes` report, name and seconds, in order: lines
/// like `time:  22.124; rss: 1470MB -> 1903MB ( +433MB)<TAB>type_check_crate`. Indented lines
/// (sub-passes, in rustc versions that indent them) and everything else are skipped.
fn top_level_passes(log: &str) -> Vec<(&str, f64)> {
    log.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("time:")?;
            let (time, rest) = rest.split_once(';')?;
            let time = time.trim().parse().ok()?;
            let name = match rest.rsplit_once('\t') {
                Some((_, name)) => name.trim(),
                None => rest.split_whitespace().last()?,
            };
            (!name.is_empty()).then_some((name, time))
        })
        .collect()
}

/// Rows of the side-by-side time-passes table: every pass that takes more than
/// [`SHOWN_PASS_SECONDS`] in either crate, in the baseline's order then the current's, with its
/// first time in each.
fn passes_side_by_side<'a>(
    baseline: &[(&'a str, f64)],
    current: &[(&'a str, f64)],
) -> Vec<(&'a str, Option<f64>, Option<f64>)> {
    let first = |passes: &[(&str, f64)], name: &str| {
        passes
            .iter()
            .find(|(pass, _)| *pass == name)
            .map(|(_, time)| *time)
    };
    let mut rows: Vec<(&str, Option<f64>, Option<f64>)> = Vec::new();
    for (name, time) in baseline.iter().chain(current) {
        if *time > SHOWN_PASS_SECONDS && !rows.iter().any(|(shown, _, _)| shown == name) {
            rows.push((name, first(baseline, name), first(current, name)));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_passes_keeps_top_level_lines() {
        let log = "    Checking atlas-admin v0.1.0 (/tmp/x/current)\n\
                   time:   0.000; rss:   37MB ->   38MB (   +1MB)\tparse_crate\n\
                   time:  22.124; rss: 1470MB -> 1903MB ( +433MB)\ttype_check_crate\n\
                   \x20 time:   5.000; rss: 1470MB -> 1500MB (  +30MB)\tcoherence_checking\n\
                   time:   1.5; rss: 100MB -> 120MB ( +20MB) MIR_borrow_checking\n\
                   time: garbage\n\
                   warning: unused variable\n\
                   time:  40.250; rss:   28MB -> 1903MB (+1875MB)\ttotal\n";
        assert_eq!(
            top_level_passes(log),
            [
                ("parse_crate", 0.0),
                ("type_check_crate", 22.124),
                ("MIR_borrow_checking", 1.5),
                ("total", 40.25)
            ]
        );
    }

    #[test]
    fn passes_side_by_side_keeps_passes_over_the_threshold_in_either() {
        let baseline = [
            ("expand_crate", 2.0),
            ("type_check_crate", 20.0),
            ("lint_checking", 0.1),
            ("total", 30.0),
        ];
        let current = [
            ("expand_crate", 0.2),
            ("type_check_crate", 5.0),
            ("lint_checking", 0.5),
            ("new_pass", 0.4),
            ("total", 8.0),
        ];
        assert_eq!(
            passes_side_by_side(&baseline, &current),
            [
                ("expand_crate", Some(2.0), Some(0.2)),
                ("type_check_crate", Some(20.0), Some(5.0)),
                ("total", Some(30.0), Some(8.0)),
                ("lint_checking", Some(0.1), Some(0.5)),
                ("new_pass", None, Some(0.4)),
            ]
        );
    }
}
