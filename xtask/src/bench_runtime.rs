//! `cargo xtask bench --runtime`: the benchmarks of the generated client's runtime on real Atlas
//! operations. Generates the whole-API subset (`cargo xtask whole-api`), then runs every program
//! of `generator/tests/whole_api/bench/` in it, `cargo run --release --example <name>` (target
//! directory target/whole-api/target unless CARGO_TARGET_DIR is set). Each program prints its
//! figures and exits non-zero when it misses its goal; the command fails if any does.

use std::path::Path;
use std::process::ExitCode;

pub(crate) fn run(root: &Path, shared: &Path) -> ExitCode {
    let out = match crate::whole_api::write_default(root, shared) {
        Ok(out) => out,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let programs = match crate::whole_api::bench_programs(root) {
        Ok(programs) if !programs.is_empty() => programs,
        Ok(_) => {
            eprintln!("error: generator/tests/whole_api/bench holds no benchmark program");
            return ExitCode::from(2);
        }
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut missed = Vec::new();
    for program in &programs {
        let name = program
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        eprintln!("running the benchmark program {name}...");
        let mut cargo = crate::cargo();
        cargo
            .current_dir(&out)
            .args(["run", "--quiet", "--release", "--example", &name]);
        if std::env::var_os("CARGO_TARGET_DIR").is_none() {
            cargo.env("CARGO_TARGET_DIR", root.join("target/whole-api/target"));
        }
        match cargo.status() {
            Ok(status) if status.success() => {}
            Ok(_) => missed.push(name),
            Err(error) => {
                eprintln!("error: cannot run cargo: {error}");
                return ExitCode::from(2);
            }
        }
    }
    if missed.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: failed or missed their goals: {}", missed.join(", "));
        ExitCode::FAILURE
    }
}
