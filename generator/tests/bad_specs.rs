//! The bad-input corpus: every spec in `tests/bad_specs/` must fail with exactly the message in
//! its `.expected` file — naming the file and the place — and never panic.
//!
//! After an intended change of wording, bless the messages with
//! `BLESS=1 cargo test -p atlas-codegen --test bad_specs` and review the diff.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use atlas_codegen::Config;

#[test]
fn every_bad_spec_fails_with_its_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_specs");
    let bless = std::env::var_os("BLESS").is_some();
    let mut specs: Vec<_> = fs::read_dir(&dir)
        .expect("tests/bad_specs exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 20, "the corpus has {} specs", specs.len());

    let mut failures = Vec::new();
    for spec in &specs {
        let name = spec
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let display = format!("bad_specs/{name}");
        let text = fs::read_to_string(spec).expect("read spec");
        let config = Config::new(spec, "bad").spec_display(&display);
        let result = catch_unwind(AssertUnwindSafe(|| {
            atlas_codegen::generate_from_str(&config, &text)
        }));
        let message = match result {
            Err(_) => {
                failures.push(format!("{name}: the generator panicked"));
                continue;
            }
            Ok(Ok(_)) => {
                failures.push(format!("{name}: generated a crate instead of failing"));
                continue;
            }
            Ok(Err(error)) => error.to_string(),
        };
        if !message.starts_with(&format!("{display}:")) {
            failures.push(format!(
                "{name}: the message does not start with the file name: {message}"
            ));
        }
        let expected_path = spec.with_extension("expected");
        if bless {
            fs::write(&expected_path, format!("{message}\n")).expect("write .expected");
            continue;
        }
        match fs::read_to_string(&expected_path) {
            Ok(expected) if expected.trim_end() == message => {}
            Ok(expected) => failures.push(format!(
                "{name}:\n  expected: {}\n  actual:   {message}",
                expected.trim_end()
            )),
            Err(_) => failures.push(format!(
                "{name}: no {} (actual message: {message})",
                expected_path.display()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad specs did not fail as expected:\n{}\n\nIf the new messages are right, bless them with `BLESS=1 cargo test -p atlas-codegen --test bad_specs`.",
        failures.len(),
        specs.len(),
        failures.join("\n")
    );
}
