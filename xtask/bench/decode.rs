//! Benchmark: one page of `listGroupClusters` (API version 2024-08-05) decoded with
//! `serde_json::from_slice` and encoded with `serde_json::to_vec` by the models this commit
//! generates (`atlas_admin`) and by the ones commit f9734b4 generated with serde's derives
//! (`atlas_admin_derive`), in alternation; with the peak heap of one decode of each, counted by
//! the global allocator. `cargo xtask bench --decode` writes it into its workspace and runs it as
//! `decode-bench PAGE RUNS`; it exits non-zero when a goal is missed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

type Current = atlas_admin::models::PaginatedClusterDescription20240805;
type Derive = atlas_admin_derive::models::PaginatedClusterDescription20240805;

/// The goals, as ratios to the derive's figures (memory: to the page's size).
const DECODE_LIMIT: f64 = 1.25;
const ENCODE_LIMIT: f64 = 1.5;
const MEMORY_LIMIT: f64 = 2.0;

/// The system allocator, counting the bytes live while [`COUNTING`] is set.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn counted(change: isize) {
    if COUNTING.load(Relaxed) {
        let live = LIVE.fetch_add(change, Relaxed) + change;
        PEAK.fetch_max(live, Relaxed);
    }
}

// SAFETY: every call goes to the system allocator unchanged; the counting only reads sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            counted(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        counted(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            counted(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap live at once while `f` runs (its result included), above what was live before.
fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let value = f();
    COUNTING.store(false, Relaxed);
    (value, PEAK.load(Relaxed).max(0) as usize)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Times `a` and `b` in alternation, `runs` times each; their medians.
fn pair(runs: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Duration, Duration) {
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        a();
        times_a.push(start.elapsed());
        let start = Instant::now();
        b();
        times_b.push(start.elapsed());
    }
    (median(times_a), median(times_b))
}

fn ms(time: Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1e3)
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(runs)) = (args.next(), args.next()) else {
        eprintln!("usage: decode-bench PAGE RUNS");
        return ExitCode::from(2);
    };
    let runs: usize = runs.parse().unwrap_or(36).max(1);
    let page = std::fs::read(&path).expect("the page");
    let decode_current =
        || serde_json::from_slice::<Current>(&page).expect("decoded by this commit's models");
    let decode_derive =
        || serde_json::from_slice::<Derive>(&page).expect("decoded by f9734b4's models");

    // One of each first, unmeasured, and the same JSON written by both.
    let (current, derive) = (decode_current(), decode_derive());
    let (written_current, written_derive) = (
        serde_json::to_vec(&current).expect("encoded"),
        serde_json::to_vec(&derive).expect("encoded"),
    );
    let same = written_current == written_derive;

    let (decode_d, decode_c) = pair(runs, || drop(decode_derive()), || drop(decode_current()));
    let (encode_d, encode_c) = pair(
        runs,
        || drop(serde_json::to_vec(&derive).expect("encoded")),
        || drop(serde_json::to_vec(&current).expect("encoded")),
    );
    let (value_d, value_c) = pair(
        runs,
        || drop(serde_json::from_slice::<serde_json::Value>(&page).expect("JSON")),
        || drop(serde_json::from_slice::<serde_json::Value>(&page).expect("JSON")),
    );
    let value = value_d.min(value_c);
    let (_, heap_d) = peak_heap(decode_derive);
    let (_, heap_c) = peak_heap(decode_current);

    let size = page.len();
    let speed = |time: Duration| format!("{:.0} MB/s", size as f64 / 1e6 / time.as_secs_f64());
    let ratio = |a: f64, b: f64| a / b.max(1e-12);
    let decode_ratio = ratio(decode_c.as_secs_f64(), decode_d.as_secs_f64());
    let encode_ratio = ratio(encode_c.as_secs_f64(), encode_d.as_secs_f64());
    let memory_ratio = ratio(heap_c as f64, size as f64);
    println!(
        "A page of {} clusters, {} of JSON; medians of {runs} alternated runs each:",
        current.results.len(),
        mb(size)
    );
    println!("| | f9734b4 (derive) | this commit | this / f9734b4 | goal |");
    println!("| --- | ---: | ---: | ---: | --- |");
    println!(
        "| decode `serde_json::from_slice::<Page>` | {} ({}) | {} ({}) | {decode_ratio:.2}x | at most {DECODE_LIMIT}x |",
        ms(decode_d),
        speed(decode_d),
        ms(decode_c),
        speed(decode_c)
    );
    println!(
        "| encode `serde_json::to_vec(&page)` | {} | {} | {encode_ratio:.2}x | at most {ENCODE_LIMIT}x |",
        ms(encode_d),
        ms(encode_c)
    );
    println!(
        "| decode's peak heap (the page decoded included) | {} ({:.2}x the page) | {} ({memory_ratio:.2}x the page) | {:.2}x | at most {MEMORY_LIMIT}x the page |",
        mb(heap_d),
        ratio(heap_d as f64, size as f64),
        mb(heap_c),
        ratio(heap_c as f64, heap_d as f64)
    );
    println!(
        "| parse into `serde_json::Value` alone | {} | | | |",
        ms(value)
    );
    println!(
        "the JSON both write is {}",
        if same { "identical" } else { "different" }
    );
    let mut missed = Vec::new();
    if decode_ratio > DECODE_LIMIT {
        missed.push("decode time");
    }
    if encode_ratio > ENCODE_LIMIT {
        missed.push("encode time");
    }
    if memory_ratio > MEMORY_LIMIT {
        missed.push("decode's peak memory");
    }
    if missed.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: missed the goals of {}", missed.join(", "));
        ExitCode::FAILURE
    }
}
