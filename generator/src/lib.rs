//! Generates a typed, async Rust client for the MongoDB Atlas Admin API (or any other API) from its
//! OpenAPI 3.0 or 3.1 spec.
//!
//! The pipeline has one stage per module, in the order data flows through it:
//!
//! 1. `load`: YAML text into an `openapiv3` document, `$ref` resolution, errors with locations;
//! 2. `model`: a typed intermediate model of operations, API versions and types;
//! 3. `naming`: every Rust identifier the generated code uses is chosen here;
//! 4. `surface`: what a caller of the generated crate sees, decided once from the model: each
//!    type's declaration, each method's arguments and builder, the cargo features, the runtime
//!    parts and the dependencies;
//! 5. `emit`: the surface into token streams, one per generated file (the big files, `models.rs`
//!    and the operation modules, are written as text directly, in the layout the next stage
//!    would give them);
//! 6. `format`: tokens into formatted Rust source with a generated-file header;
//! 7. `output`: the in-memory file set written atomically, or compared with a directory.
//!
//! The public surface is small: a [`Config`] (with its [`Package`] metadata), [`generate`], and
//! the [`Output`] it returns; beside the pipeline, [`diff`] reports what changed between two
//! specs, [`excerpt`] cuts operations out of an upstream spec, [`contract`] proves a crate on the
//! wire, [`settings`] reads a repository's `atlas-codegen.toml`, and [`release`] gives the next
//! version and changelog section. `cli` (the default `cli` feature) is the `atlas-codegen`
//! binary's commands; a build script or an xtask that only generates depends on the library with
//! `default-features = false`. `examples/own_xtask.rs` is a whole xtask for a repository that
//! keeps a generated client: generate, the drift check, and the change report with its semver
//! verdict.
//!
//! ```no_run
//! let config = atlas_codegen::Config::new("specs/atlas-admin-v2-excerpt.yaml", "atlas-admin");
//! let output = atlas_codegen::generate(&config)?;
//! output.write_to("generated".as_ref())?;
//! # Ok::<(), atlas_codegen::Error>(())
//! ```

// The generator reads untrusted specs: no spec can make it panic, so the library has no panicking
// shortcuts at all (tests/no_panic_paths.rs checks this attribute stays, and tests/no_panic.rs fuzzes).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

#[cfg(feature = "cli")]
pub mod cli;
pub mod contract;
pub mod diff;
mod emit;
mod error;
pub mod excerpt;
mod format;
mod load;
mod model;
mod naming;
mod output;
pub mod release;
pub mod settings;
mod surface;
#[cfg(test)]
#[path = "../tests/common/mod.rs"]
mod upstream_tests;

use std::path::{Path, PathBuf};

pub use error::{Error, Location, Warning};
pub use output::{Drift, DriftKind, KEPT, Output, WriteOutcome};

/// What to generate and how to describe it in the generated files.
#[derive(Clone, Debug)]
pub struct Config {
    spec: PathBuf,
    spec_display: String,
    crate_name: String,
    crate_version: String,
    regenerate_command: String,
    filter: model::Filter,
    package: Package,
}

/// The generated crate's package metadata, written into its `Cargo.toml`: what `cargo publish`
/// needs and what crates.io and docs.rs show. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Package {
    /// The one-line description [default: "Rust client for the {the spec's title} (generated
    /// from its OpenAPI spec)"].
    pub description: Option<String>,
    /// An SPDX license expression, such as `Apache-2.0` or `MIT OR Apache-2.0`.
    pub license: Option<String>,
    /// The authors, as `Name <email>`.
    pub authors: Vec<String>,
    /// The URL of the repository that holds the crate.
    pub repository: Option<String>,
    /// The URL of the project's home page.
    pub homepage: Option<String>,
    /// The URL of the crate's documentation (docs.rs builds it when the crate is published).
    pub documentation: Option<String>,
    /// The crate's README, relative to the crate [default: the `README.md` the generator writes].
    pub readme: Option<String>,
    /// At most five crates.io keywords.
    pub keywords: Vec<String>,
    /// crates.io category slugs, such as `api-bindings`.
    pub categories: Vec<String>,
    /// The oldest Rust the crate supports [default: 1.80, the oldest the generated code compiles with].
    pub rust_version: Option<String>,
    /// `false` writes `publish = false`, so that `cargo publish` refuses the crate.
    pub publish: Option<bool>,
}

impl Config {
    /// A configuration that reads `spec` and names the generated crate `crate_name`.
    ///
    /// Generated headers name the spec as `spec` is written here; use [`Config::spec_display`]
    /// to give a path relative to the repository instead of an absolute one.
    pub fn new(spec: impl Into<PathBuf>, crate_name: impl Into<String>) -> Self {
        let spec = spec.into();
        Config {
            spec_display: spec.display().to_string().replace('\\', "/"),
            spec,
            crate_name: crate_name.into(),
            crate_version: "0.1.0".to_owned(),
            regenerate_command: "cargo xtask codegen".to_owned(),
            filter: model::Filter::default(),
            package: Package::default(),
        }
    }

    /// How the spec is named in generated headers and in error messages (no machine-specific paths).
    pub fn spec_display(mut self, display: impl Into<String>) -> Self {
        self.spec_display = display.into();
        self
    }

    /// The `version` of the generated crate's `Cargo.toml` (default `0.1.0`).
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = version.into();
        self
    }

    /// The command written in each generated header as the way to regenerate the file.
    pub fn regenerate_command(mut self, command: impl Into<String>) -> Self {
        self.regenerate_command = command.into();
        self
    }

    /// Keeps only the operations with these operationIds (plus those kept by [`Config::tags`]),
    /// and only the types they reach. By default every operation is kept.
    pub fn operations<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.filter
            .operations
            .extend(ids.into_iter().map(Into::into));
        self
    }

    /// Keeps only the operations tagged with one of these tags (plus those kept by
    /// [`Config::operations`]), and only the types they reach.
    pub fn tags<I: IntoIterator<Item = S>, S: Into<String>>(mut self, tags: I) -> Self {
        self.filter.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// The package metadata of the generated crate's `Cargo.toml` (see [`Package`]).
    pub fn package(mut self, package: Package) -> Self {
        self.package = package;
        self
    }

    /// The generated crate's package name.
    pub fn crate_name(&self) -> &str {
        &self.crate_name
    }

    /// The spec file this configuration reads.
    pub fn spec(&self) -> &Path {
        &self.spec
    }
}

/// Reads the spec named by `config` and generates the client crate in memory.
///
/// Nothing is written: call [`Output::write_to`] or [`Output::check`] on the result.
pub fn generate(config: &Config) -> Result<Output, Error> {
    let text = std::fs::read_to_string(&config.spec)
        .map_err(|e| Error::io(&config.spec_display, format!("cannot read the spec: {e}")))?;
    generate_from_str(config, &text)
}

/// Like [`generate`], with the spec's text given rather than read from `config`'s path.
pub fn generate_from_str(config: &Config, spec_text: &str) -> Result<Output, Error> {
    pipeline(config, spec_text, |_| ()).map(|(output, ())| output)
}

/// Runs the pipeline on `spec_text`, and `also` on the surface it went through.
pub(crate) fn pipeline<T>(
    config: &Config,
    spec_text: &str,
    also: impl FnOnce(&surface::Surface<'_>) -> T,
) -> Result<(Output, T), Error> {
    let (document, load_warnings) = load::load_with_warnings(&config.spec_display, spec_text)?;
    let api = model::build(&document, &config.spec_display, &config.filter)
        .map_err(|error| error.with_line_of_pointer(|pointer| load::line_of(spec_text, pointer)))?;
    let surface = surface::Surface::new(&api);
    let files = emit::emit(&surface, config, &release::spec_sha256(spec_text))?;
    let extra = also(&surface);
    // The text is split into lines once, for all the warnings' lines.
    let lines = if api.warnings.is_empty() && load_warnings.is_empty() {
        Vec::new()
    } else {
        load::lines_of(spec_text)
    };
    let warnings = load_warnings
        .into_iter()
        .chain(api.warnings.iter().cloned())
        .map(|warning| warning.with_line_of_pointer(|pointer| load::line_in(&lines, pointer)))
        .collect();
    Ok((Output::new(files).with_warnings(warnings), extra))
}
