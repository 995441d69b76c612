//! `cargo xtask codegen` as a user and CI run it: exit codes, the diff, the fix command.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("xtask runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir").filter_map(Result::ok) {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn check_passes_on_the_committed_crate() {
    let output = xtask(&["codegen", "--check"]);
    assert!(
        output.status.success(),
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    assert!(
        text(&output.stderr).contains("generated is up to date"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn check_on_drift_exits_1_with_a_diff_and_the_fix_command_and_writes_nothing() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("generated");
    copy(&root().join("generated"), &out);
    let lib = out.join("src/lib.rs");
    let edited = fs::read_to_string(&lib)
        .expect("read")
        .replace("pub mod models;", "pub mod models;\npub mod mine;");
    fs::write(&lib, &edited).expect("write");
    fs::write(out.join("src/mine.rs"), "pub fn mine() {}\n").expect("write stray");

    let output = xtask(&[
        "codegen",
        "--check",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.contains("src/lib.rs differs from what the generator makes"),
        "{stdout}"
    );
    assert!(
        stdout.contains("src/mine.rs is not made by the generator (stray file)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("-pub mod mine;"),
        "a unified diff of the edit:\n{stdout}"
    );
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("fix it with: cargo xtask codegen --out "),
        "the last line is the fix: {stderr}"
    );
    assert_eq!(
        fs::read_to_string(&lib).expect("read"),
        edited,
        "--check writes nothing"
    );
}

#[test]
fn codegen_into_a_new_directory_then_check_passes() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("client");
    let out_arg = out.to_str().expect("utf-8 path");
    let output = xtask(&["codegen", "--out", out_arg, "--name", "my-atlas"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml written");
    assert!(manifest.contains("name = \"my-atlas\""), "{manifest}");
    assert!(
        !manifest.contains("path ="),
        "the crate depends on no path into this repo:\n{manifest}"
    );
    let lib = fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs written");
    assert!(
        lib.contains("Regenerate with `cargo xtask codegen --out "),
        "{}",
        &lib[..300]
    );
    assert!(lib.contains("--name my-atlas`"), "{}", &lib[..300]);

    let check = xtask(&["codegen", "--check", "--out", out_arg, "--name", "my-atlas"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let again = xtask(&["codegen", "--out", out_arg, "--name", "my-atlas"]);
    assert!(
        text(&again.stderr).contains("already up to date"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn bad_spec_exits_2_naming_file_and_line_and_leaves_the_output_alone() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("generated");
    copy(&root().join("generated"), &out);
    let spec = scratch.path().join("broken.yaml");
    fs::write(
        &spec,
        "openapi: 3.0.1\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a: [unclosed\n",
    )
    .expect("write spec");
    let before = fs::read_to_string(out.join("src/models.rs")).expect("read");

    let output = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("broken.yaml:"), "names the file: {stderr}");
    assert!(
        stderr.contains(":6:") || stderr.contains(":7:"),
        "names the line: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        fs::read_to_string(out.join("src/models.rs")).expect("read"),
        before
    );
}

#[test]
fn swagger_2_is_refused_with_a_clear_message() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join("swagger.yaml");
    fs::write(
        &spec,
        "swagger: '2.0'\ninfo:\n  title: t\n  version: '1'\npaths: {}\n",
    )
    .expect("write spec");
    let out = scratch.path().join("out");
    let output = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Swagger 2.0 is not supported"), "{stderr}");
    assert!(!out.exists(), "nothing was written");
}
