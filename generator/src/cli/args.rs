//! The flags that say which crate is generated, from which spec, shared by `generate`, `check`,
//! `version` and `refresh`.

use std::path::PathBuf;

use clap::Args;

/// Which crate, from which spec: the config file's, or flags over it.
#[derive(Args, Clone, Debug, Default)]
pub struct CrateArgs {
    /// The config file [default: atlas-codegen.toml in the current folder or a parent].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The OpenAPI 3.0 or 3.1 spec to read [default: the config's `spec`].
    #[arg(long, value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// The folder of the generated crate [default: the config's `output`].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The generated crate's package name [default: the config's `package.name`].
    #[arg(long, value_name = "CRATE")]
    pub name: Option<String>,
    /// Keep only these operations (comma-separated operationIds) and the types they reach.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub operations: Vec<String>,
    /// Keep only the operations with these tags (comma-separated) and the types they reach.
    #[arg(long, value_name = "TAG,...", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Pin the crate's version, as `package.version` in the config does [default: the version
    /// the crate has, bumped by the change report's verdict when the spec changed; 0.1.0 for a
    /// new crate].
    #[arg(long, value_name = "VERSION")]
    pub crate_version: Option<String>,
    /// Make the spec's warnings errors, as `strict = true` in the config does.
    #[arg(long)]
    pub strict: bool,
    /// With generate: the spec the crate was generated from, when it is no longer at the path
    /// its Cargo.toml records (nor in git HEAD).
    #[arg(long, value_name = "PATH")]
    pub previous_spec: Option<PathBuf>,
}
