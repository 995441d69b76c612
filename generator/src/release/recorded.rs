//! What a generated crate's `Cargo.toml` says about itself and the spec it came from.

use std::path::Path;

use serde::Deserialize;

use crate::error::Error;

/// A generated crate's name and version, and the spec it was generated from, as its `Cargo.toml`
/// records them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The package name.
    pub name: String,
    /// The package version.
    pub version: String,
    /// The spec, as the generated headers name it; `None` for a crate generated before the
    /// generator recorded it.
    pub spec: Option<String>,
    /// The spec's `info.version`.
    pub spec_version: Option<String>,
    /// The SHA-256 of the spec's text (see [`spec_sha256`](super::spec_sha256)).
    pub spec_sha256: Option<String>,
}

#[derive(Deserialize)]
struct Manifest {
    package: PackageTable,
}

#[derive(Deserialize)]
struct PackageTable {
    name: String,
    version: String,
    #[serde(default)]
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(rename = "atlas-codegen")]
    atlas_codegen: Option<SpecTable>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct SpecTable {
    spec: Option<String>,
    spec_version: Option<String>,
    spec_sha256: Option<String>,
}

impl Recorded {
    /// Reads `crate_dir/Cargo.toml`: `Ok(None)` when there is none (a crate not generated yet).
    pub fn read(crate_dir: &Path) -> Result<Option<Recorded>, Error> {
        let path = crate_dir.join("Cargo.toml");
        let shown = path.display().to_string().replace('\\', "/");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(Error::io(&shown, format!("cannot read it: {error}"))),
        };
        Recorded::parse(&text, &shown).map(Some)
    }

    /// Reads the text of a `Cargo.toml` (named `file` in errors).
    pub fn parse(text: &str, file: &str) -> Result<Recorded, Error> {
        let manifest: Manifest =
            toml::from_str(text).map_err(|error| toml_error(file, text, &error))?;
        let spec = manifest
            .package
            .metadata
            .and_then(|metadata| metadata.atlas_codegen);
        let (spec, spec_version, spec_sha256) = match spec {
            Some(table) => (table.spec, table.spec_version, table.spec_sha256),
            None => (None, None, None),
        };
        Ok(Recorded {
            name: manifest.package.name,
            version: manifest.package.version,
            spec,
            spec_version,
            spec_sha256,
        })
    }
}

/// A TOML parse error of `text` (the file `file`) at its line and column.
pub(crate) fn toml_error(file: &str, text: &str, error: &toml::de::Error) -> Error {
    let (line, column) = error
        .span()
        .map_or((1, 1), |span| line_column(text, span.start));
    Error::at_line(file, line, column, error.message().trim().to_owned())
}

/// The line and column (from 1) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_record_of_a_generated_manifest() {
        let text = "[package]\nname = \"atlas-admin\"\nversion = \"0.3.1\"\n\n\
                    [package.metadata.atlas-codegen]\nspec = \"specs/a.yaml\"\nspec-version = \"2.0\"\n\
                    spec-sha256 = \"abc\"\n";
        let recorded = Recorded::parse(text, "Cargo.toml").expect("parses");
        assert_eq!(recorded.name, "atlas-admin");
        assert_eq!(recorded.version, "0.3.1");
        assert_eq!(recorded.spec.as_deref(), Some("specs/a.yaml"));
        assert_eq!(recorded.spec_version.as_deref(), Some("2.0"));
        assert_eq!(recorded.spec_sha256.as_deref(), Some("abc"));
    }

    #[test]
    fn a_manifest_without_a_record_has_none_and_a_broken_one_names_its_line() {
        let recorded = Recorded::parse(
            "[package]\nname = \"a\"\nversion = \"0.1.0\"\n",
            "Cargo.toml",
        )
        .expect("parses");
        assert_eq!(recorded.spec_sha256, None);
        let error = Recorded::parse("[package]\nname = \"a\"\nversion = 1\n", "x/Cargo.toml")
            .expect_err("version is not a string");
        assert!(error.to_string().starts_with("x/Cargo.toml:3:"), "{error}");
    }
}
