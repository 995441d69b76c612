//! The config file of a repository that keeps a generated client, `atlas-codegen.toml`: which
//! spec, which output folder, which operations, the package metadata, how strict. The command-line
//! tool reads it so that `atlas-codegen check` in CI needs no flags; a user's own xtask can read it
//! with [`Settings::load`] and generate with [`Settings::config`].
//!
//! ```toml
//! spec = "specs/atlas-admin-v2.yaml"   # the OpenAPI spec (relative to this file)
//! output = "atlas-admin"               # the generated crate's folder
//! tags = ["Clusters", "Cloud Backups"] # only these tags' operations (and `operations = [...]` by ID)
//! strict = false                       # true: the spec's warnings are errors
//!
//! [upstream]                           # where `atlas-codegen refresh` fetches the newest spec
//! url = "https://example.com/openapi.yaml"
//! excerpt = true                       # keep only the selected operations in `spec`
//!
//! [package]                            # the generated Cargo.toml
//! name = "atlas-admin"
//! # version = "1.2.0"                  # pins the version; unset, the change report's verdict bumps it
//! license = "Apache-2.0"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::release::recorded::toml_error;
use crate::{Config, Package};

/// The config file's name, looked for in the current folder and its parents.
pub const FILE_NAME: &str = "atlas-codegen.toml";

/// A repository's settings: the config file's, or a command line's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The folder relative paths start from, and generated headers show paths relative to: the
    /// config file's folder.
    pub root: PathBuf,
    /// The OpenAPI spec.
    pub spec: PathBuf,
    /// The generated crate's folder.
    pub output: PathBuf,
    /// The generated crate's package name.
    pub crate_name: String,
    /// A version the config pins; `None` lets the change report's verdict choose it.
    pub version: Option<String>,
    /// Keep only these tags' operations (and those of [`Settings::operations`]); none: all.
    pub tags: Vec<String>,
    /// Keep only these operationIds (and those of [`Settings::tags`]).
    pub operations: Vec<String>,
    /// Whether the spec's warnings are errors.
    pub strict: bool,
    /// Where the newest spec is published.
    pub upstream: Upstream,
    /// The package metadata of the generated `Cargo.toml`.
    pub package: Package,
}

/// Where `refresh` finds the newest spec, and what it keeps of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Upstream {
    /// The URL of the newest upstream spec.
    pub url: Option<String>,
    /// Whether the spec file holds only the selected operations (an excerpt of upstream) rather
    /// than the whole upstream spec.
    pub excerpt: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileSettings {
    spec: String,
    output: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    operations: Vec<String>,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    upstream: FileUpstream,
    package: FilePackage,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileUpstream {
    url: Option<String>,
    #[serde(default)]
    excerpt: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FilePackage {
    name: String,
    version: Option<String>,
    description: Option<String>,
    license: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    repository: Option<String>,
    homepage: Option<String>,
    documentation: Option<String>,
    readme: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
    rust_version: Option<String>,
    publish: Option<bool>,
}

impl Settings {
    /// Settings from flags alone: `spec` and `output` relative to `root`.
    pub fn new(root: &Path, spec: PathBuf, output: PathBuf, crate_name: &str) -> Settings {
        Settings {
            root: root.to_owned(),
            spec,
            output,
            crate_name: crate_name.to_owned(),
            version: None,
            tags: Vec::new(),
            operations: Vec::new(),
            strict: false,
            upstream: Upstream::default(),
            package: Package::default(),
        }
    }

    /// The nearest `atlas-codegen.toml`: in `dir`, else in its parents.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|path| path.is_file())
    }

    /// Reads a config file. Errors name the file, the line and the column; unknown keys are
    /// errors (a typo must not be silently ignored).
    pub fn load(path: &Path) -> Result<Settings, Error> {
        let shown = path.display().to_string().replace('\\', "/");
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(&shown, format!("cannot read the config: {e}")))?;
        let root = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_owned);
        Settings::parse(&text, &shown, &root)
    }

    /// Reads the text of a config file (named `file` in errors) whose folder is `root`.
    pub fn parse(text: &str, file: &str, root: &Path) -> Result<Settings, Error> {
        let parsed: FileSettings =
            toml::from_str(text).map_err(|error| toml_error(file, text, &error))?;
        let package = parsed.package;
        Ok(Settings {
            root: root.to_owned(),
            spec: root.join(&parsed.spec),
            output: root.join(&parsed.output),
            crate_name: package.name,
            version: package.version,
            tags: parsed.tags,
            operations: parsed.operations,
            strict: parsed.strict,
            upstream: Upstream {
                url: parsed.upstream.url,
                excerpt: parsed.upstream.excerpt,
            },
            package: Package {
                description: package.description,
                license: package.license,
                authors: package.authors,
                repository: package.repository,
                homepage: package.homepage,
                documentation: package.documentation,
                readme: package.readme,
                keywords: package.keywords,
                categories: package.categories,
                rust_version: package.rust_version,
                publish: package.publish,
            },
        })
    }

    /// How `path` is shown in headers and messages: relative to [`Settings::root`] when it can
    /// be, so that nothing depends on where the repository is checked out.
    pub fn display(&self, path: &Path) -> String {
        crate::output::display_path(path, &self.root)
    }

    /// The generator's [`Config`] for these settings, at `version`, with `regenerate_command` in
    /// the generated headers.
    pub fn config(&self, version: &str, regenerate_command: &str) -> Config {
        Config::new(&self.spec, self.crate_name.as_str())
            .spec_display(self.display(&self.spec))
            .crate_version(version)
            .regenerate_command(regenerate_command)
            .operations(self.operations.iter().cloned())
            .tags(self.tags.iter().cloned())
            .package(self.package.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_config_with_paths_relative_to_its_folder() {
        let text = "spec = \"specs/a.yaml\"\noutput = \"client\"\ntags = [\"Clusters\"]\n\n\
                    [upstream]\nurl = \"https://example.com/a.yaml\"\nexcerpt = true\n\n\
                    [package]\nname = \"a-client\"\nlicense = \"MIT\"\nkeywords = [\"atlas\"]\n";
        let settings =
            Settings::parse(text, "repo/atlas-codegen.toml", Path::new("/repo")).expect("parses");
        assert_eq!(settings.spec, Path::new("/repo/specs/a.yaml"));
        assert_eq!(settings.output, Path::new("/repo/client"));
        assert_eq!(settings.crate_name, "a-client");
        assert_eq!(settings.tags, ["Clusters"]);
        assert!(settings.upstream.excerpt);
        assert_eq!(settings.package.license.as_deref(), Some("MIT"));
        assert_eq!(settings.version, None);
        assert_eq!(settings.display(&settings.spec), "specs/a.yaml");
    }

    #[test]
    fn a_typo_is_an_error_at_its_line() {
        let text =
            "spec = \"a.yaml\"\noutput = \"client\"\n[package]\nname = \"a\"\nlicence = \"MIT\"\n";
        let error =
            Settings::parse(text, "atlas-codegen.toml", Path::new(".")).expect_err("unknown key");
        let shown = error.to_string();
        assert!(
            shown.starts_with("atlas-codegen.toml:5:1: unknown field `licence`"),
            "{shown}"
        );
    }
}
