//! `cargo xtask`: the project's automation, a thin shell over the `atlas-codegen` library; its
//! codegen, diff, excerpt and contract are the installed tool's commands (`atlas_codegen::cli`).

mod bench;
mod bench_against;
mod bench_decode;
mod bench_runtime;
mod codegen;
mod compile_cost;
mod corpus;
mod doc_examples;
mod git;
mod measure;
mod probe;
mod whole_api;

// Generation allocates millions of small, short-lived values (tokens, syntax trees, strings) from
// two threads; mimalloc is much faster at that than the system allocator (see `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use atlas_codegen::cli;
use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Automation for the Atlas client generator",
    bin_name = "cargo xtask"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client crate from an OpenAPI spec (or, with --check, verify it is up to date).
    Codegen(codegen::CodegenArgs),
    /// Time generation (release build, medians) on the excerpt, both full releases and a 10x spec;
    /// or, with --compile, the compile cost of the crate generated for the whole newest release.
    Bench(BenchCli),
    /// Report what changed between two specs: operations, versions, parameters, fields, enums, statuses.
    Diff(cli::DiffArgs),
    /// Rewrite the excerpt with upstream's current definition of its operations and what they reach.
    Excerpt(cli::ExcerptArgs),
    /// Generate one crate per spec of a corpus into a cargo workspace, with the specs' wire tests.
    Corpus(corpus::CorpusArgs),
    /// Generate a subset of the whole upstream spec (a few tags) with the wire tests of
    /// generator/tests/whole_api, and optionally run them (--test).
    WholeApi(whole_api::WholeApiArgs),
    /// Prove the change report's breaking flags with the compiler: code written against the old
    /// client, one probe per change, checked against the new one.
    Probe(probe::ProbeArgs),
    /// Prove every operation version on the wire: generate the crate and a harness calling each
    /// one, run it against Stoplight Prism (static and dynamic), classify every failure.
    Contract(cli::ContractArgs),
}

#[derive(Args)]
struct BenchCli {
    /// How many times each case runs [default: 7; with --compile: 5] (the 10x case runs at most 5 times).
    #[arg(long, value_name = "N")]
    runs: Option<usize>,
    /// The folder holding atlas/atlas-admin-v2-*.yaml [default: ../shared beside the workspace].
    #[arg(long, value_name = "DIR")]
    shared: Option<PathBuf>,
    /// Instead of timing generation, time `cargo check --all-features` of the crate generated for
    /// atlas-admin-v2-2026-08-21.yaml against the crate commit f9734b4 generated (built from a
    /// temporary git worktree), in alternation, with rustc's peak memory; and `cargo check` of the
    /// cloud-migration-service tag alone. Checks the floors. About 10 minutes with --runs 3.
    #[arg(long, conflicts_with = "runtime")]
    compile: bool,
    /// Instead of timing generation, run the runtime benchmarks (generator/tests/whole_api/bench/*.rs)
    /// as examples of the whole-API subset crate, in release: each prints its figures and fails
    /// when it misses its goal.
    #[arg(long)]
    runtime: bool,
    /// Instead of timing generation, time decoding and encoding one page of listGroupClusters
    /// (500 clusters, every property filled) with the models this commit generates against the
    /// ones commit f9734b4 generated (serde's derives), in alternation, with each decode's peak
    /// heap; fails when a goal is missed. --runs defaults to 36 here.
    #[arg(long, conflicts_with_all = ["compile", "runtime"])]
    decode: bool,
    /// With --compile: also time `cargo build --release --all-features` of both crates.
    #[arg(long, requires = "compile")]
    release_build: bool,
    /// With --release-build: how many release builds of each crate.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1,
        requires = "release_build"
    )]
    release_runs: usize,
    /// With --compile: print the top-level passes of rustc's -Z time-passes over 0.3 s, from one
    /// check of each crate, side by side.
    #[arg(long, requires = "compile")]
    time_passes: bool,
    /// Instead of the generation cases, time `xtask codegen` of the newest release by this
    /// commit's generator against the one of commit REV (built in release from a temporary git
    /// worktree), in alternation; fails when this commit is over 1.10x slower.
    #[arg(long, value_name = "REV", conflicts_with_all = ["compile", "runtime", "decode"])]
    against: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen(args) => codegen::run(&args, &workspace_root()),
        Command::Bench(args) => {
            let root = workspace_root();
            let shared = args.shared.unwrap_or_else(|| root.join("../shared"));
            if args.runtime {
                return bench_runtime::run(&root, &shared);
            }
            if args.decode {
                return match bench_decode::measure(&root, &shared, args.runs.unwrap_or(36)) {
                    Ok(true) => ExitCode::SUCCESS,
                    Ok(false) => ExitCode::FAILURE,
                    Err(message) => {
                        eprintln!("error: {message}");
                        ExitCode::from(2)
                    }
                };
            }
            let compile = args.compile.then_some(compile_cost::CompileArgs {
                release_build: args.release_build,
                release_runs: args.release_runs,
                time_passes: args.time_passes,
            });
            let default_runs = match (args.compile, &args.against) {
                (true, _) => 5,
                (false, Some(_)) => 9,
                (false, None) => 7,
            };
            bench::run(
                &root,
                &bench::BenchArgs {
                    runs: args.runs.unwrap_or(default_runs),
                    shared,
                    compile,
                    against: args.against,
                },
            )
        }
        Command::Diff(args) => cli::diff(&args, &codegen::invocation(&workspace_root())),
        Command::Excerpt(args) => cli::excerpt(&args, &codegen::invocation(&workspace_root())),
        Command::Corpus(args) => corpus::run(&args, &workspace_root()),
        Command::WholeApi(args) => whole_api::run(&args, &workspace_root()),
        Command::Probe(args) => probe::run(&args, &workspace_root()),
        Command::Contract(args) => cli::contract(&args, &codegen::invocation(&workspace_root())),
    }
}

/// A `cargo` command: the cargo running this xtask (`CARGO`), else the one on `PATH`.
pub(crate) fn cargo() -> std::process::Command {
    std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_owned)
        .unwrap_or(manifest_dir)
}
