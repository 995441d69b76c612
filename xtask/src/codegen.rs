//! `cargo xtask codegen`: generate the client crate from an OpenAPI spec, or with `--check` verify
//! that the output directory is what would be generated.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use atlas_codegen::{Config, WriteOutcome};
use clap::Args;

use crate::changes;
use crate::display::{display_path, shell_quote};

/// The spec, output directory and crate name `cargo xtask codegen` uses by default.
pub(crate) const DEFAULT_SPEC: &str = "specs/atlas-admin-v2-excerpt.yaml";
const DEFAULT_OUT: &str = "generated";
const DEFAULT_NAME: &str = "atlas-admin";

#[derive(Args)]
pub(crate) struct CodegenArgs {
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

pub(crate) fn run(args: &CodegenArgs, root: &Path) -> ExitCode {
    let spec = args.spec.clone().unwrap_or_else(|| root.join(DEFAULT_SPEC));
    let out = args.out.clone().unwrap_or_else(|| root.join(DEFAULT_OUT));
    let name = args.name.clone().unwrap_or_else(|| DEFAULT_NAME.to_owned());
    let spec_display = display_path(&spec, root);
    let out_display = display_path(&out, root);

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
    for warning in output.warnings() {
        eprintln!("warning: {warning}");
    }

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
