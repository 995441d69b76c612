//! `cargo xtask`: the project's automation, a thin shell over the `atlas-codegen` library.

mod bench;
mod bench_runtime;
mod changes;
mod compile_cost;
mod corpus;
mod diff;
mod doc_examples;
mod excerpt;
mod probe;
mod whole_api;

// Generation allocates millions of small, short-lived values (tokens, syntax trees, strings) from
// two threads; mimalloc is much faster at that than the system allocator (see `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use atlas_codegen::{Config, WriteOutcome};
use clap::{Args, Parser, Subcommand};

/// The spec, output directory and crate name `cargo xtask codegen` uses by default.
const DEFAULT_SPEC: &str = "specs/atlas-admin-v2-excerpt.yaml";
const DEFAULT_OUT: &str = "generated";
const DEFAULT_NAME: &str = "atlas-admin";

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
    Codegen(CodegenArgs),
    /// Time generation (release build, medians) on the excerpt, both full releases and a 10x spec;
    /// or, with --compile, the compile cost of the crate generated for the whole newest release.
    Bench(BenchCli),
    /// Report what changed between two specs: operations, versions, parameters, fields, enums, statuses.
    Diff(diff::DiffArgs),
    /// Rewrite the excerpt with upstream's current definition of its operations and what they reach.
    Excerpt(excerpt::ExcerptArgs),
    /// Generate one crate per spec of a corpus into a cargo workspace, with the specs' wire tests.
    Corpus(corpus::CorpusArgs),
    /// Generate a subset of the whole upstream spec (a few tags) with the wire tests of
    /// generator/tests/whole_api, and optionally run them (--test).
    WholeApi(whole_api::WholeApiArgs),
    /// Prove the change report's breaking flags with the compiler: code written against the old
    /// client, one probe per change, checked against the new one.
    Probe(probe::ProbeArgs),
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
}

#[derive(Args)]
struct CodegenArgs {
    /// Write nothing; exit 1 with a diff if the output directory differs from what would be generated.
    #[arg(long)]
    check: bool,
    /// The OpenAPI 3.0 spec to read [default: specs/atlas-admin-v2-excerpt.yaml].
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// The directory of the generated crate [default: generated].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generated crate's package name [default: atlas-admin].
    #[arg(long, value_name = "CRATE")]
    name: Option<String>,
    /// Keep only these operations (comma-separated operationIds) and the types they reach.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    operations: Vec<String>,
    /// Keep only the operations with these tags (comma-separated) and the types they reach.
    #[arg(long, value_name = "TAG,...", value_delimiter = ',')]
    tags: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen(args) => codegen(&args),
        Command::Bench(args) => {
            let root = workspace_root();
            let shared = args.shared.unwrap_or_else(|| root.join("../shared"));
            if args.runtime {
                return bench_runtime::run(&root, &shared);
            }
            let compile = args.compile.then_some(compile_cost::CompileArgs {
                release_build: args.release_build,
                release_runs: args.release_runs,
                time_passes: args.time_passes,
            });
            let runs = args.runs.unwrap_or(if args.compile { 5 } else { 7 });
            bench::run(
                &root,
                &bench::BenchArgs {
                    runs,
                    shared,
                    compile,
                },
            )
        }
        Command::Diff(args) => diff::run(&args),
        Command::Excerpt(args) => excerpt::run(&args, &workspace_root()),
        Command::Corpus(args) => corpus::run(&args, &workspace_root()),
        Command::WholeApi(args) => whole_api::run(&args, &workspace_root()),
        Command::Probe(args) => probe::run(&args, &workspace_root()),
    }
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_owned)
        .unwrap_or(manifest_dir)
}

/// How a path is shown in generated headers and messages: relative to the workspace when inside
/// it, so that output does not depend on where the repository is checked out.
fn display_path(path: &Path, root: &Path) -> String {
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
fn shell_quote(value: &str) -> String {
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.,/".contains(c))
    {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

fn codegen(args: &CodegenArgs) -> ExitCode {
    let root = workspace_root();
    let spec = args.spec.clone().unwrap_or_else(|| root.join(DEFAULT_SPEC));
    let out = args.out.clone().unwrap_or_else(|| root.join(DEFAULT_OUT));
    let name = args.name.clone().unwrap_or_else(|| DEFAULT_NAME.to_owned());
    let spec_display = display_path(&spec, &root);
    let out_display = display_path(&out, &root);

    let mut command = String::from("cargo xtask codegen");
    if spec_display != DEFAULT_SPEC {
        command.push_str(&format!(" --spec {spec_display}"));
    }
    if out_display != DEFAULT_OUT {
        command.push_str(&format!(" --out {out_display}"));
    }
    if name != DEFAULT_NAME {
        command.push_str(&format!(" --name {name}"));
    }
    if !args.operations.is_empty() {
        command.push_str(&format!(" --operations {}", args.operations.join(",")));
    }
    if !args.tags.is_empty() {
        command.push_str(&format!(" --tags {}", shell_quote(&args.tags.join(","))));
    }

    let config = Config::new(&spec, &name)
        .spec_display(&spec_display)
        .regenerate_command(&command)
        .operations(args.operations.iter().cloned())
        .tags(args.tags.iter().cloned());
    let output = match atlas_codegen::generate(&config) {
        Ok(output) => output,
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("nothing was written to {out_display}");
            return ExitCode::from(2);
        }
    };

    if args.check {
        return match output.check(&out) {
            Ok(()) => {
                eprintln!(
                    "{out_display} is up to date with {spec_display} ({} files)",
                    output.files().len()
                );
                ExitCode::SUCCESS
            }
            Err(drift) => {
                println!("{drift}");
                eprintln!(
                    "error: {out_display} has drifted from {spec_display}: {} file(s) differ",
                    drift.entries().len()
                );
                eprintln!("fix it with: {command}");
                ExitCode::FAILURE
            }
        };
    }

    changes::print_since_head(&spec, &spec_display);
    match output.write_to(&out) {
        Ok(WriteOutcome::Unchanged) => {
            eprintln!("{out_display} is already up to date with {spec_display}");
            ExitCode::SUCCESS
        }
        Ok(WriteOutcome::Written) => {
            eprintln!(
                "wrote {} files to {out_display} from {spec_display}",
                output.files().len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
