//! Timing helpers shared by `cargo xtask bench` and `cargo xtask bench --compile`: runs of a case
//! reduced to median, min and max, two compared cases run in alternation, and how durations and
//! memory sizes are shown.

use std::time::{Duration, Instant};

/// Median, min and max.
pub(crate) type Stats = (Duration, Duration, Duration);

/// Median, min and max of `times`.
fn stats(mut times: Vec<Duration>) -> Stats {
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    (
        median,
        times.first().copied().unwrap_or_default(),
        times.last().copied().unwrap_or_default(),
    )
}

/// Times `runs` runs of `f`.
pub(crate) fn time_runs(
    runs: usize,
    mut f: impl FnMut() -> Result<(), String>,
) -> Result<Stats, String> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed());
    }
    Ok(stats(times))
}

/// Two cases whose medians are compared, run in alternation so that a change in the machine's
/// load during the bench weighs on both alike.
pub(crate) fn time_pairs(
    runs: usize,
    mut a: impl FnMut() -> Result<(), String>,
    mut b: impl FnMut() -> Result<(), String>,
) -> Result<(Stats, Stats), String> {
    let (mut times_a, mut times_b) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        let start = Instant::now();
        a()?;
        times_a.push(start.elapsed());
        let start = Instant::now();
        b()?;
        times_b.push(start.elapsed());
    }
    Ok((stats(times_a), stats(times_b)))
}

pub(crate) fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// `bytes` in megabytes of 10^6 bytes, as the memory floor counts them.
pub(crate) fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}
