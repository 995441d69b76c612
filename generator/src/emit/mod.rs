//! Stage 4: the model into the files of the generated crate, as token streams (and `Cargo.toml`
//! text), handed to [`crate::format`] to become source text.

mod crate_root;
mod docs;
mod errors;
mod models;
mod operations;
mod runtime;
mod tokens;

use std::collections::BTreeMap;

use crate::Config;
use crate::error::Error;
use crate::format::{self, Header};
use crate::model::{Api, Operation};
use crate::naming::{self, Namespace};

/// Every file the generator owns in the output directory, by path relative to it.
pub(crate) fn emit(api: &Api, config: &Config) -> Result<BTreeMap<String, String>, Error> {
    let header = Header { spec: &config.spec_display, command: &config.regenerate_command };
    let mut files = BTreeMap::new();
    let mut rust = |path: &str, file: syn::File| {
        files.insert(path.to_owned(), format::rust(&header, &file));
    };

    rust("src/lib.rs", parse("src/lib.rs", crate_root::lib_rs(api, config))?);
    for (path, file) in runtime::files(api)? {
        rust(path, file);
    }
    rust("src/error.rs", parse("src/error.rs", errors::file(api))?);
    rust("src/models.rs", parse("src/models.rs", models::file(&api.types))?);

    let mut modules = Namespace::default();
    let mut by_tag: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        by_tag.entry(operation.tag.as_str()).or_default().push(operation);
    }
    let mut index = Vec::with_capacity(by_tag.len());
    for (tag, operations) in &by_tag {
        let module = modules.claim(naming::module_name(tag));
        let path = format!("src/operations/{}.rs", module.unraw());
        rust(&path, parse(&path, operations::file(tag, operations))?);
        index.push(((*tag).to_owned(), module));
    }
    rust("src/operations/mod.rs", parse("src/operations/mod.rs", crate_root::operations_mod(&index))?);

    files.insert("Cargo.toml".to_owned(), format::toml(&header, &crate_root::cargo_toml(api, config)));
    Ok(files)
}

/// Parses emitted tokens as a file. A failure is a bug in an emitter, reported as an error
/// naming the file rather than a panic.
fn parse(path: &str, tokens: proc_macro2::TokenStream) -> Result<syn::File, Error> {
    syn::parse2(tokens).map_err(|error| {
        Error::io(path, format!("internal error: the generated code does not parse ({error}); please report this"))
    })
}
