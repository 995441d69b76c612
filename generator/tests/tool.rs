//! The installed tool, `atlas-codegen`, as a user runs it in their own repository: the config file
//! found from the current folder, flags over it, strictness, the drift check, and `refresh` from
//! spec files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tool(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-codegen"))
        .args(args)
        .current_dir(dir)
        // No git repository above the scratch folders' specs, whatever the machine has.
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .env("SOURCE_DATE_EPOCH", "1796601600")
        .output()
        .expect("atlas-codegen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts that the output `bytes` contain `needle`, showing them when not.
fn says(bytes: &[u8], needle: &str) {
    let text = text(bytes);
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

fn excerpt() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/atlas-admin-v2-excerpt.yaml");
    fs::read_to_string(path).expect("the excerpt")
}

/// A scratch repository with `atlas-codegen.toml` (`config`) and `specs/api.yaml` (`spec`).
fn repository(config: &str, spec: &str) -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(repo.path().join("specs")).expect("mkdir");
    fs::write(repo.path().join("atlas-codegen.toml"), config).expect("write config");
    fs::write(repo.path().join("specs/api.yaml"), spec).expect("write spec");
    repo
}

const CONFIG: &str = "spec = \"specs/api.yaml\"\noutput = \"client\"\n\n[package]\nname = \"my-client\"\nlicense = \"MIT\"\n";

#[test]
fn generate_then_check_need_no_flags_and_drift_names_the_fix() {
    let repo = repository(CONFIG, &excerpt());
    let generate = tool(repo.path(), &["generate"]);
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    let manifest = fs::read_to_string(repo.path().join("client/Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains("name = \"my-client\"\nversion = \"0.1.0\""),
        "{manifest}"
    );
    assert!(manifest.contains("license = \"MIT\"\n"), "{manifest}");
    assert!(
        manifest.contains("spec = \"specs/api.yaml\"\n"),
        "{manifest}"
    );
    let header = fs::read_to_string(repo.path().join("client/src/lib.rs")).expect("lib.rs");
    assert!(
        header.contains("Regenerate with `atlas-codegen generate`."),
        "{}",
        &header[..200]
    );
    let changelog = fs::read_to_string(repo.path().join("client/CHANGELOG.md")).expect("changelog");
    assert!(
        changelog.starts_with("# Changelog\n\n## 0.1.0 (2026-12-07)\n"),
        "{changelog}"
    );

    // From a subfolder, the config above it is found.
    let check = tool(&repo.path().join("client/src"), &["check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    says(&check.stderr, "client is up to date with specs/api.yaml");

    fs::write(repo.path().join("client/src/mine.rs"), "// mine\n").expect("write stray");
    let drift = tool(repo.path(), &["check"]);
    assert_eq!(drift.status.code(), Some(1), "{}", text(&drift.stderr));
    says(&drift.stdout, "src/mine.rs");
    assert!(
        text(&drift.stderr).ends_with("fix it with: atlas-codegen generate\n"),
        "{}",
        text(&drift.stderr)
    );
}

#[test]
fn flags_override_the_config_and_without_either_the_error_says_what_to_write() {
    let repo = repository(CONFIG, &excerpt());
    let generate = tool(
        repo.path(),
        &["generate", "--out", "other", "--name", "other-client"],
    );
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    let manifest = fs::read_to_string(repo.path().join("other/Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"other-client\""), "{manifest}");
    let lib = fs::read_to_string(repo.path().join("other/src/lib.rs")).expect("lib.rs");
    assert!(
        lib.contains("Regenerate with `atlas-codegen generate --out other --name other-client`."),
        "the header repeats the flags"
    );

    let empty = tempfile::tempdir().expect("temp dir");
    let lost = tool(empty.path(), &["check"]);
    assert_eq!(lost.status.code(), Some(2));
    says(
        &lost.stderr,
        "no atlas-codegen.toml in this folder or its parents",
    );
}

#[test]
fn a_config_typo_is_an_error_at_its_line_and_nothing_is_written() {
    let repo = repository(&CONFIG.replace("license", "licence"), &excerpt());
    let output = tool(repo.path(), &["generate"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("atlas-codegen.toml:6:1: unknown field `licence`"),
        "{stderr}"
    );
    assert!(!repo.path().join("client").exists());
}

#[test]
fn strict_makes_the_specs_warnings_errors() {
    let spec = fs::read_to_string(corpus("versions.yaml")).expect("corpus spec");
    let repo = repository(CONFIG, &spec);
    let lenient = tool(repo.path(), &["generate"]);
    assert!(lenient.status.success(), "{}", text(&lenient.stderr));
    says(&lenient.stderr, "warning: specs/api.yaml:64: at #/paths/");
    fs::remove_dir_all(repo.path().join("client")).expect("remove");

    let strict = tool(repo.path(), &["generate", "--strict"]);
    assert_eq!(strict.status.code(), Some(2));
    let stderr = text(&strict.stderr);
    assert!(
        stderr.contains("error: specs/api.yaml:64: at #/paths/"),
        "{stderr}"
    );
    assert!(stderr.contains("strict is on"), "{stderr}");
    assert!(!repo.path().join("client").exists(), "nothing was written");

    fs::write(
        repo.path().join("atlas-codegen.toml"),
        CONFIG.replace("output", "strict = true\noutput"),
    )
    .expect("write config");
    assert_eq!(tool(repo.path(), &["generate"]).status.code(), Some(2));
}

#[test]
fn refresh_from_spec_files_bumps_the_version_and_writes_the_pull_request() {
    let config = format!(
        "{}\n[upstream]\nurl = \"https://example.invalid/api.yaml\"\nexcerpt = true\n",
        CONFIG.replace("output", "tags = [\"Cloud Migration Service\"]\noutput")
    );
    let repo = repository(&config, "");
    fs::remove_file(repo.path().join("specs/api.yaml")).expect("no spec yet");
    let old = repo.path().join("old.yaml");
    let new = repo.path().join("new.yaml");
    // The newer release renames an operation: a breaking change.
    let excerpt = excerpt();
    fs::write(&old, &excerpt).expect("write");
    fs::write(
        &new,
        excerpt.replace(
            "operationId: createGroupLiveMigration",
            "operationId: startGroupLiveMigration",
        ),
    )
    .expect("write");
    let pr = repo.path().join("pr");
    let pr_arg = pr.to_str().expect("utf-8");
    let refresh = |from: &str| {
        tool(
            repo.path(),
            &[
                "refresh",
                "--from",
                from,
                "--contract",
                "none",
                "--pr-dir",
                pr_arg,
            ],
        )
    };

    let first = refresh("old.yaml");
    assert!(first.status.success(), "{}", text(&first.stderr));
    let title = fs::read_to_string(pr.join("title.txt")).expect("title");
    assert!(
        title.starts_with("my-client 0.1.0: API version 2.0 (spec sha256 "),
        "{title}"
    );
    assert!(title.ends_with("), first release\n"), "{title}");
    let excerpt_written = fs::read_to_string(repo.path().join("specs/api.yaml")).expect("spec");
    assert!(excerpt_written.contains("operationId: createGroupLiveMigration"));

    let second = refresh("new.yaml");
    let stderr = text(&second.stderr);
    assert!(second.status.success(), "{stderr}");
    let title = fs::read_to_string(pr.join("title.txt")).expect("title");
    assert!(title.starts_with("my-client 0.2.0: "), "{title}");
    assert!(title.ends_with(", semver major\n"), "{title}");
    assert_eq!(text(&second.stdout), title);
    let body = fs::read_to_string(pr.join("body.md")).expect("body");
    assert!(body.starts_with("## 0.2.0 (2026-12-07)\n"), "{body}");
    assert!(body.contains("### Breaking changes (1)"), "{body}");
    assert!(
        body.contains("## API changes"),
        "the whole report follows: {body}"
    );
    let changelog = fs::read_to_string(repo.path().join("client/CHANGELOG.md")).expect("changelog");
    assert!(
        changelog.find("## 0.2.0").expect("0.2.0") < changelog.find("## 0.1.0").expect("0.1.0"),
        "{changelog}"
    );

    fs::remove_file(pr.join("title.txt")).expect("remove");
    let again = refresh("new.yaml");
    assert!(again.status.success(), "{}", text(&again.stderr));
    says(
        &again.stderr,
        "is up to date with upstream: nothing to refresh",
    );
    assert!(!pr.join("title.txt").exists());
    assert!(tool(repo.path(), &["check"]).status.success());
}
