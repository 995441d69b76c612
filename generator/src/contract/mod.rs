//! The proof on the wire: a harness, generated from the crate's surface, that calls every
//! operation version of a generated crate against a mock server checking each request against
//! the spec (Stoplight Prism), and the classification of what it saw.
//!
//! [`harness`] generates the crate and its harness in memory; [`Harness::write_to`] writes both
//! as one cargo workspace (`client/`, `harness/`); the harness binary, run with `CONTRACT_MOCK`
//! set to the mock's `host:port`, prints one JSON line per case, which [`Harness::classify`]
//! turns into a [`Report`]. `cargo xtask contract` does all of it, the mock included.
//!
//! Values come from the spec: a parameter's or body's examples when they are valid against
//! their schema, else values synthesized from the schema. An example that breaks its schema is
//! a spec fault, reported with its place, and a synthesized value is sent instead.

mod cases;
mod classify;
pub(crate) mod document;
mod harness;
mod limits;
pub(crate) mod validate;
pub(crate) mod values;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub use classify::{Class, Mode, Verdict};

use crate::{Config, Error, Output};

/// A generated crate and the harness that calls every operation version of it.
pub struct Harness {
    client: Output,
    package: String,
    files: Vec<(String, String)>,
    cases: Vec<cases::Case>,
    document: document::Document,
}

/// Generates the crate `config` describes and its contract harness, in memory.
pub fn harness(config: &Config) -> Result<Harness, Error> {
    let text = std::fs::read_to_string(&config.spec)
        .map_err(|e| Error::io(&config.spec_display, format!("cannot read the spec: {e}")))?;
    // As the generator reads it: a 3.1 spec in its 3.0 form, a number beyond 64 bits as the
    // nearest i64.
    let raw = crate::load::json_document(&config.spec_display, &text)?;
    let document = document::Document::new(raw);
    let (client, written) = crate::pipeline(config, &text, |surface| {
        harness::write(surface, &document, &config.crate_name)
    })?;
    Ok(Harness {
        client,
        package: config.crate_name.clone(),
        files: written.files,
        cases: written.cases,
        document,
    })
}

/// A value of the schema at `pointer` (a JSON pointer into the spec at `spec`, such as
/// `#/components/schemas/Cluster`) as an answer would carry it, with every property filled in
/// and arrays of at least one item: the contract's synthesized values, for benchmarks of
/// decoding. `None` when the pointer names nothing.
pub fn sample(spec: &Path, pointer: &str) -> Result<Option<serde_json::Value>, Error> {
    let display = spec.display().to_string();
    let text = std::fs::read_to_string(spec)
        .map_err(|e| Error::io(&display, format!("cannot read the spec: {e}")))?;
    let document = document::Document::new(crate::load::json_document(&display, &text)?);
    let Some(schema) = document.pointer(pointer).cloned() else {
        return Ok(None);
    };
    Ok(Some(values::synthesize(
        &document,
        &schema,
        values::Fill::All,
        validate::Direction::Response,
    )))
}

impl Harness {
    /// The generated crate.
    pub fn client(&self) -> &Output {
        &self.client
    }

    /// How many calls the harness makes.
    pub fn case_count(&self) -> usize {
        self.cases.len()
    }

    /// How many operation versions (methods) the calls cover.
    pub fn operation_versions(&self) -> usize {
        let mut seen: Vec<(&str, Option<&str>)> = self
            .cases
            .iter()
            .map(|case| (case.operation.as_str(), case.version.as_deref()))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// The harness's package (and executable) name: the crate's, then `-harness`.
    ///
    /// Harnesses of several specs may share a target folder: cargo tells their units apart by
    /// package name and path within the workspace, so each crate needs a name of its own.
    pub fn harness_package(&self) -> String {
        format!("{}-harness", self.package)
    }

    /// Writes a cargo workspace into `dir`: the crate in `client/`, the harness (package
    /// [`Harness::harness_package`]) in `harness/`.
    pub fn write_to(&self, dir: &Path) -> Result<(), Error> {
        let io = |path: &Path, error: std::io::Error| {
            Error::io(&path.display().to_string(), error.to_string())
        };
        self.client.write_to(&dir.join("client"))?;
        let mut files: Vec<(String, &str)> = self
            .files
            .iter()
            .map(|(path, text)| (format!("harness/{path}"), text.as_str()))
            .collect();
        let workspace = format!(
            "# Written by `cargo xtask contract`: the crate `{}` and its contract harness.\n\
             [workspace]\nresolver = \"2\"\nmembers = [\"client\", \"harness\"]\n\n\
             # The harness is built once per run: no debug info to write.\n\
             [profile.dev]\ndebug = false\n",
            self.package
        );
        files.push(("Cargo.toml".to_owned(), &workspace));
        for (path, text) in files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            std::fs::write(&path, text).map_err(|e| io(&path, e))?;
        }
        Ok(())
    }

    /// The verdict on every case, from the harness's output (`stdout`) against a mock in `mode`.
    /// A case the output has no line for (the harness stopped) is a client fault.
    pub fn classify(&self, mode: Mode, stdout: &str) -> Report {
        let mut lines: BTreeMap<usize, classify::Line> = BTreeMap::new();
        for line in stdout.lines() {
            if let Ok(line) = serde_json::from_str::<classify::Line>(line) {
                lines.insert(line.case, line);
            }
        }
        let verdicts = self
            .cases
            .iter()
            .enumerate()
            .map(|(index, case)| match lines.get(&index) {
                Some(line) => classify::classify(&self.document, case, line, mode),
                None => Verdict {
                    class: Class::ClientFault,
                    case: case.title(),
                    reason: "the harness printed nothing for this case (it stopped before)"
                        .to_owned(),
                },
            })
            .collect();
        let mut broken_examples: BTreeMap<String, String> = BTreeMap::new();
        for case in &self.cases {
            for (at, violations) in &case.broken_examples {
                let first = violations
                    .iter()
                    .take(2)
                    .map(|violation| format!("{}: {}", violation.path, violation.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                broken_examples.entry(at.clone()).or_insert(first);
            }
        }
        Report {
            mode,
            from_examples: self.cases.iter().map(|case| case.from_examples).sum(),
            synthesized: self.cases.iter().map(|case| case.synthesized).sum(),
            verdicts,
            broken_examples: broken_examples.into_iter().collect(),
        }
    }
}

/// The verdicts of one run of the harness.
pub struct Report {
    pub mode: Mode,
    /// One per case, in the harness's order.
    pub verdicts: Vec<Verdict>,
    /// Examples of the spec that break their own schemas (where, and the first violations):
    /// spec faults the harness found while choosing values, and sent synthesized values instead.
    pub broken_examples: Vec<(String, String)>,
    /// How many argument values sent were the spec's own examples, and how many synthesized.
    pub from_examples: usize,
    pub synthesized: usize,
}

impl Report {
    /// How many cases got `class`.
    pub fn count(&self, class: Class) -> usize {
        self.verdicts
            .iter()
            .filter(|verdict| verdict.class == class)
            .count()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} run: {} cases; {} pass, {} client faults, {} spec faults, {} mock limits; values: {} the spec's examples, {} synthesized ({} examples break their schemas)",
            self.mode.name(),
            self.verdicts.len(),
            self.count(Class::Pass),
            self.count(Class::ClientFault),
            self.count(Class::SpecFault),
            self.count(Class::MockLimit),
            self.from_examples,
            self.synthesized,
            self.broken_examples.len(),
        )?;
        for class in [Class::ClientFault, Class::SpecFault, Class::MockLimit] {
            for verdict in self
                .verdicts
                .iter()
                .filter(|verdict| verdict.class == class)
            {
                writeln!(
                    f,
                    "  {}: {}: {}",
                    class.name(),
                    verdict.case,
                    verdict.reason
                )?;
            }
        }
        for (at, first) in &self.broken_examples {
            writeln!(
                f,
                "  spec fault: the example at {at} breaks its schema: {first}"
            )?;
        }
        Ok(())
    }
}
