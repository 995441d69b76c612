//! `cargo xtask codegen`: the installed tool's `generate` (or with `--check`, its `check`) on this
//! repository's `specs/atlas-codegen.toml`: the same code, messages and exit codes.

use std::path::Path;
use std::process::ExitCode;

use atlas_codegen::cli::{self, CrateArgs, Invocation};
use clap::Args;

/// The config `cargo xtask` reads: what generated/ is made from.
pub(crate) const CONFIG: &str = "specs/atlas-codegen.toml";

#[derive(Args)]
pub(crate) struct CodegenArgs {
    /// Write nothing; exit 1 with a diff if the output directory differs from what would be generated.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    krate: CrateArgs,
}

/// How `cargo xtask` runs the tool's commands: this repository's config, paths shown relative to
/// the workspace.
pub(crate) fn invocation(root: &Path) -> Invocation {
    Invocation {
        generate: "cargo xtask codegen".to_owned(),
        program: "cargo xtask".to_owned(),
        config: Some(root.join(CONFIG)),
        display_root: Some(root.to_owned()),
    }
}

pub(crate) fn run(args: &CodegenArgs, root: &Path) -> ExitCode {
    cli::generate(&args.krate, args.check, &invocation(root))
}
