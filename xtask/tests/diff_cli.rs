//! `cargo xtask diff`, `cargo xtask excerpt` and the change summary of `cargo xtask codegen`, as a
//! user runs them: on copies of the committed excerpt in temporary directories.

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

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn committed_spec() -> String {
    fs::read_to_string(root().join("specs/atlas-admin-v2-excerpt.yaml"))
        .expect("read the committed excerpt")
}

/// The committed excerpt with `createGroupLiveMigration` under its older name.
fn renamed_spec() -> String {
    let spec = committed_spec();
    assert!(spec.contains("operationId: createGroupLiveMigration"));
    spec.replace(
        "operationId: createGroupLiveMigration",
        "operationId: createPushMigration",
    )
}

#[test]
fn diff_reports_a_rename_as_markdown_json_and_summary() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let (old, new) = (
        scratch.path().join("old.yaml"),
        scratch.path().join("new.yaml"),
    );
    fs::write(&old, renamed_spec()).expect("write");
    fs::write(&new, committed_spec()).expect("write");

    let markdown = xtask(&["diff", "--old", utf8(&old), "--new", utf8(&new)]);
    assert!(markdown.status.success(), "{}", text(&markdown.stderr));
    let stdout = text(&markdown.stdout);
    assert!(
        stdout.starts_with(
            "# API changes\n\n**semver: major (a 1.x crate bumps its major version, a 0.x crate its minor)**\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("**1 change, 1 breaking**"), "{stdout}");
    assert!(
        stdout.contains("`createPushMigration` is now `createGroupLiveMigration`"),
        "{stdout}"
    );

    let json = xtask(&[
        "diff",
        "--old",
        utf8(&old),
        "--new",
        utf8(&new),
        "--format",
        "json",
    ]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    let stdout = text(&json.stdout);
    assert!(
        stdout.starts_with(
            "{\n  \"verdict\": \"major\",\n  \"bump\": {\n    \"1.x\": \"major\",\n    \"0.x\": \"minor\"\n  },\n  \"changes\": [\n    {\n      \"kind\": \"operation-renamed\""
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"rust\": \"Client::create_group_live_migration\""),
        "{stdout}"
    );
    assert_eq!(
        stdout,
        text(
            &xtask(&[
                "diff",
                "--old",
                utf8(&old),
                "--new",
                utf8(&new),
                "--format",
                "json"
            ])
            .stdout
        )
    );

    let summary = xtask(&[
        "diff",
        "--old",
        utf8(&old),
        "--new",
        utf8(&new),
        "--format",
        "summary",
    ]);
    assert!(
        text(&summary.stdout).starts_with(
            "semver: major (a 1.x crate bumps its major version, a 0.x crate its minor); 1 change, 1 breaking\n"
        ),
        "{}",
        text(&summary.stdout)
    );

    let same = xtask(&[
        "diff",
        "--old",
        utf8(&new),
        "--new",
        utf8(&new),
        "--format",
        "summary",
    ]);
    assert_eq!(
        text(&same.stdout),
        "semver: patch (a 1.x crate bumps its patch version, a 0.x crate its patch); no API changes\n"
    );
}

#[test]
fn fail_on_breaking_exits_1_after_the_report_only_when_a_change_breaks() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let (renamed, current, described) = (
        scratch.path().join("renamed.yaml"),
        scratch.path().join("current.yaml"),
        scratch.path().join("described.yaml"),
    );
    fs::write(&renamed, renamed_spec()).expect("write");
    fs::write(&current, committed_spec()).expect("write");
    // A new optional query parameter: a minor change, not a breaking one.
    let spec = committed_spec();
    let marker = "      parameters:\n";
    let at = spec
        .find(marker)
        .expect("the excerpt's operations have parameters")
        + marker.len();
    let with_param = format!(
        "{}        - name: extraFlag\n          in: query\n          schema:\n            type: boolean\n{}",
        &spec[..at],
        &spec[at..]
    );
    fs::write(&described, with_param).expect("write");

    let diff = |old: &Path, new: &Path, fail_on: &str| {
        xtask(&[
            "diff",
            "--old",
            utf8(old),
            "--new",
            utf8(new),
            "--format",
            "summary",
            "--fail-on",
            fail_on,
        ])
    };
    let breaking = diff(&renamed, &current, "breaking");
    assert_eq!(
        breaking.status.code(),
        Some(1),
        "{}",
        text(&breaking.stderr)
    );
    assert!(
        text(&breaking.stdout).starts_with("semver: major"),
        "{}",
        text(&breaking.stdout)
    );
    assert!(
        text(&breaking.stderr)
            .contains("error: semver major: 1 change(s), 1 breaking (--fail-on breaking)"),
        "{}",
        text(&breaking.stderr)
    );

    let minor = diff(&current, &described, "breaking");
    assert_eq!(minor.status.code(), Some(0), "{}", text(&minor.stderr));
    assert!(
        text(&minor.stdout).starts_with("semver: minor"),
        "{}",
        text(&minor.stdout)
    );
    let any = diff(&current, &described, "any");
    assert_eq!(any.status.code(), Some(1), "{}", text(&any.stderr));
    let none = diff(&current, &current, "any");
    assert_eq!(none.status.code(), Some(0), "{}", text(&none.stderr));
}

#[test]
fn diff_of_a_missing_or_broken_spec_exits_2() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let broken = scratch.path().join("broken.yaml");
    fs::write(&broken, "openapi: 3.0.1\npaths: [\n").expect("write");
    let spec = root().join("specs/atlas-admin-v2-excerpt.yaml");
    let missing = xtask(&["diff", "--old", "nope.yaml", "--new", utf8(&spec)]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).contains("nope.yaml: cannot read the spec"),
        "{}",
        text(&missing.stderr)
    );
    let bad = xtask(&["diff", "--old", utf8(&spec), "--new", utf8(&broken)]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("broken.yaml:"),
        "{}",
        text(&bad.stderr)
    );
    assert!(!text(&bad.stderr).contains("panicked"));
}

#[test]
fn excerpt_refreshes_an_excerpt_in_place_following_a_rename() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let upstream = scratch.path().join("upstream.yaml");
    let out = scratch.path().join("excerpt.yaml");
    fs::write(&upstream, renamed_spec()).expect("write");
    fs::write(&out, committed_spec()).expect("write");

    let first = xtask(&["excerpt", "--from", utf8(&upstream), "--out", utf8(&out)]);
    let stderr = text(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    assert!(stderr.contains("createGroupLiveMigration: no such operationId upstream; followed POST /api/atlas/v2/groups/{groupId}/liveMigrations to `createPushMigration`"), "{stderr}");
    assert!(
        stderr.contains("createOrgLiveMigrationLinkToken: kept"),
        "{stderr}"
    );
    assert!(stderr.contains("components: "), "{stderr}");
    assert!(
        stderr
            .lines()
            .last()
            .unwrap_or_default()
            .contains("cargo xtask codegen"),
        "{stderr}"
    );
    let written = fs::read_to_string(&out).expect("read");
    assert!(written.contains("operationId: createPushMigration"));
    assert!(
        written.starts_with("# Excerpt of MongoDB Atlas Administration API, cut from `"),
        "{}",
        &written[..200]
    );

    let again = xtask(&["excerpt", "--from", utf8(&upstream), "--out", utf8(&out)]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr).contains("is already up to date"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        fs::read_to_string(&out).expect("read"),
        written,
        "a second run changes nothing"
    );
}

#[test]
fn excerpt_of_named_operations_into_a_new_file() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("sub/one.yaml");
    let spec = root().join("specs/atlas-admin-v2-excerpt.yaml");
    let output = xtask(&[
        "excerpt",
        "--from",
        utf8(&spec),
        "--operations",
        "createOrgLiveMigrationLinkToken",
        "--out",
        utf8(&out),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let written = fs::read_to_string(&out).expect("written");
    assert!(written.contains("createOrgLiveMigrationLinkToken"));
    assert!(!written.contains("operationId: createGroupLiveMigration"));

    let nothing = xtask(&[
        "excerpt",
        "--from",
        utf8(&spec),
        "--out",
        utf8(&scratch.path().join("none.yaml")),
    ]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(
        text(&nothing.stderr).contains("--operations"),
        "{}",
        text(&nothing.stderr)
    );
    let unknown = xtask(&[
        "excerpt",
        "--from",
        utf8(&spec),
        "--operations",
        "noSuchOperation",
        "--out",
        utf8(&out),
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown.stderr).contains("no operation `noSuchOperation` upstream"),
        "{}",
        text(&unknown.stderr)
    );
    assert_eq!(
        fs::read_to_string(&out).expect("read"),
        written,
        "a failed run leaves the file alone"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=xtask test",
            "-c",
            "user.email=xtask@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        text(&status.stderr)
    );
}

#[test]
fn codegen_bumps_the_version_by_the_changes_since_the_spec_in_head() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let repo = scratch.path();
    fs::create_dir_all(repo.join("specs")).expect("mkdir");
    let spec = repo.join("specs/api.yaml");
    fs::write(&spec, renamed_spec()).expect("write");
    git(repo, &["init", "--quiet"]);
    git(repo, &["add", "specs/api.yaml"]);
    git(repo, &["commit", "--quiet", "-m", "spec"]);
    let out = repo.join("client");
    let changelog = || fs::read_to_string(out.join("CHANGELOG.md")).expect("a changelog");
    let version = || {
        let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
        manifest
            .lines()
            .find_map(|line| line.strip_prefix("version = "))
            .map(|v| v.trim_matches('"').to_owned())
            .expect("a version")
    };

    let first = xtask(&["codegen", "--spec", utf8(&spec), "--out", utf8(&out)]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert_eq!(version(), "0.1.0");
    assert!(changelog().contains("## 0.1.0 ("), "{}", changelog());
    assert!(changelog().contains("First release."), "{}", changelog());

    let again = xtask(&["codegen", "--spec", utf8(&spec), "--out", utf8(&out)]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(version(), "0.1.0", "the same spec is the same release");
    assert_eq!(changelog().matches("\n## ").count(), 1, "{}", changelog());

    // The spec edited in place: the spec the crate came from is found in git HEAD.
    fs::write(&spec, committed_spec()).expect("write");
    let changed = xtask(&["codegen", "--spec", utf8(&spec), "--out", utf8(&out)]);
    let stderr = text(&changed.stderr);
    assert!(changed.status.success(), "{stderr}");
    assert!(
        stderr.contains("version 0.1.0 -> 0.2.0: changes from HEAD:specs/api.yaml to "),
        "{stderr}"
    );
    assert!(
        stderr.contains("BREAKING operation-renamed `Client::create_group_live_migration`"),
        "{stderr}"
    );
    assert_eq!(version(), "0.2.0");
    let log = changelog();
    let newest = log.find("## 0.2.0 (").expect("a 0.2.0 section");
    assert!(
        newest < log.find("## 0.1.0 (").expect("the first release stays"),
        "{log}"
    );
    assert!(log.contains("### Breaking changes (1)"), "{log}");

    let check = xtask(&[
        "codegen",
        "--check",
        "--spec",
        utf8(&spec),
        "--out",
        utf8(&out),
    ]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(
        !text(&check.stderr).contains("version"),
        "--check chooses no version: {}",
        text(&check.stderr)
    );
}

#[test]
fn codegen_without_the_old_spec_says_how_to_give_it_and_a_pin_is_kept_with_a_warning() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let spec = scratch.path().join("api.yaml");
    let old = scratch.path().join("old.yaml");
    let out = scratch.path().join("client");
    fs::write(&spec, renamed_spec()).expect("write");
    fs::write(&old, renamed_spec()).expect("write");
    let args = ["codegen", "--spec", utf8(&spec), "--out", utf8(&out)];
    assert!(xtask(&args).status.success());
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");

    fs::write(&spec, committed_spec()).expect("write");
    let lost = xtask(&args);
    let stderr = text(&lost.stderr);
    assert_eq!(lost.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot choose the next version"),
        "{stderr}"
    );
    assert!(stderr.contains("--previous-spec"), "{stderr}");
    assert_eq!(
        fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml"),
        manifest,
        "nothing was written"
    );

    let pinned = xtask(
        &[
            &args[..],
            &["--previous-spec", utf8(&old), "--crate-version", "0.1.1"],
        ]
        .concat(),
    );
    let stderr = text(&pinned.stderr);
    assert!(pinned.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: the version is pinned at 0.1.1, but the changes since 0.1.0 ask for 0.2.0 (semver major); 0.1.1 is kept"),
        "{stderr}"
    );
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("\nversion = \"0.1.1\"\n"), "{manifest}");
}
