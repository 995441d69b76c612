//! `cargo xtask corpus` as CI runs it: one crate per spec in one workspace, wire tests copied,
//! and a spec that does not generate named with a non-zero exit.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn xtask(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("xtask runs")
}

fn corpus(out: &Path, specs: &[&Path]) -> Output {
    let mut args: Vec<&Path> = vec!["corpus".as_ref(), "--out".as_ref(), out];
    for spec in specs {
        args.push("--spec".as_ref());
        args.push(spec);
    }
    xtask(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const YAML_SPEC: &str = "openapi: 3.0.3
info: {title: Tiny, version: 1.0.0}
servers: [{url: 'https://api.example.com'}]
paths:
  /ping:
    get:
      operationId: ping
      responses: {'204': {description: pong}}
";

const JSON_SPEC: &str = r#"{"openapi": "3.0.3", "info": {"title": "Tiny JSON", "version": "1.0.0"},
 "paths": {"/pong": {"get": {"operationId": "pong", "responses": {"204": {"description": "ping"}}}}}}"#;

const WIRE_TEST: &str = "//! A wire test.\n#[test]\nfn wire() {}\n";

#[test]
fn each_spec_of_a_directory_becomes_a_member_crate_with_its_wire_test() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let specs = scratch.path().join("specs");
    fs::create_dir(&specs).expect("create specs");
    fs::write(specs.join("tiny_spec.yaml"), YAML_SPEC).expect("write");
    fs::write(specs.join("tiny_spec.rs"), WIRE_TEST).expect("write");
    fs::write(specs.join("Other.json"), JSON_SPEC).expect("write");
    fs::write(specs.join("notes.md"), "not a spec").expect("write");
    let out = scratch.path().join("ws");

    let output = corpus(&out, &[&specs]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("tiny_spec.yaml, with tests/wire.rs"),
        "{stderr}"
    );

    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("workspace manifest");
    assert!(
        manifest.contains(
            "[workspace]\nresolver = \"2\"\nmembers = [\n    \"Other\",\n    \"tiny_spec\",\n]\n"
        ),
        "{manifest}"
    );
    assert_eq!(
        fs::read(out.join("Cargo.lock")).expect("Cargo.lock copied"),
        fs::read(root().join("Cargo.lock")).expect("the repository's Cargo.lock")
    );
    let tiny = fs::read_to_string(out.join("tiny_spec/Cargo.toml")).expect("crate manifest");
    assert!(tiny.contains("name = \"corpus-tiny-spec\""), "{tiny}");
    assert!(
        tiny.contains("--name corpus-tiny-spec`"),
        "the header's command regenerates the crate: {tiny}"
    );
    assert_eq!(
        fs::read_to_string(out.join("tiny_spec/tests/wire.rs")).expect("wire test copied"),
        WIRE_TEST
    );
    // With the test support a wire test may include (`mod support;`).
    let support = root().join("generated/tests/support");
    for file in ["mod.rs", "digest.rs", "trace.rs"] {
        assert_eq!(
            fs::read_to_string(out.join("tiny_spec/tests/support").join(file))
                .expect("test support copied"),
            fs::read_to_string(support.join(file)).expect("the repository's test support"),
            "{file}"
        );
    }
    let other = fs::read_to_string(out.join("Other/Cargo.toml")).expect("crate manifest");
    assert!(other.contains("name = \"corpus-other\""), "{other}");
    assert!(
        !out.join("Other/tests").exists(),
        "no wire test beside Other.json"
    );
    assert!(!out.join("notes").exists());

    // Again: nothing changes; a wire test removed beside its spec is removed from the crate.
    fs::remove_file(specs.join("tiny_spec.rs")).expect("remove");
    let again = corpus(&out, &[&specs]);
    let stderr = text(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(stderr.contains("is up to date with"), "{stderr}");
    assert!(!out.join("tiny_spec/tests/wire.rs").exists());
    assert_eq!(
        fs::read_to_string(out.join("Cargo.toml")).expect("manifest"),
        manifest
    );
}

#[test]
fn a_spec_that_does_not_generate_is_named_and_the_exit_is_non_zero() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let good = scratch.path().join("good.yaml");
    fs::write(&good, YAML_SPEC).expect("write");
    let broken = scratch.path().join("broken.yaml");
    fs::write(
        &broken,
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a: [unclosed\n",
    )
    .expect("write");
    let out = scratch.path().join("ws");

    let output = corpus(&out, &[&good, &broken]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot generate the corpus crate of ") && stderr.contains("broken.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 2 specs did not generate"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !out.join("Cargo.toml").exists(),
        "no workspace of a partial corpus"
    );
}

#[test]
fn missing_specs_and_foreign_workspaces_are_refused() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("ws");
    let missing = scratch.path().join("realworld");
    let output = corpus(&out, &[&missing]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("realworld: cannot read the spec or directory"),
        "{stderr}"
    );

    let empty = scratch.path().join("empty");
    fs::create_dir(&empty).expect("create");
    let output = corpus(&out, &[&empty]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("holds no *.yaml or *.json spec"),
        "{}",
        text(&output.stderr)
    );

    let spec = scratch.path().join("tiny.yaml");
    fs::write(&spec, YAML_SPEC).expect("write");
    fs::create_dir(&out).expect("create");
    fs::write(out.join("Cargo.toml"), "[workspace]\n").expect("write");
    let output = corpus(&out, &[&spec]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("was not written by `cargo xtask corpus`"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        fs::read_to_string(out.join("Cargo.toml")).expect("read"),
        "[workspace]\n",
        "left alone"
    );
}

#[test]
fn the_default_corpus_is_the_construct_corpus() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("ws");
    let output = xtask(&["corpus".as_ref(), "--out".as_ref(), &out]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    for stem in [
        "names",
        "security_kinds",
        "servers",
        "servers_none",
        "servers_relative",
    ] {
        assert!(
            manifest.contains(&format!("\"{stem}\"")),
            "{stem}: {manifest}"
        );
        assert!(
            out.join(stem).join("tests/wire.rs").is_file(),
            "{stem} has its wire test"
        );
    }
}
