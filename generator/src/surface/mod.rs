//! Stage 4: the surface of the crate to be written, between the model (with its names) and
//! `emit`: everything a caller of the generated crate sees, decided once. For every type, how it
//! is declared ([`Decl`]: fields, `new`, setters, catch-all variants); for every operation
//! version, its [`Method`] (arguments in order, the builder's setters, body and response); for
//! the crate, its cargo [`features`], the [`runtime`] parts and helpers it needs, and its
//! [`dependencies`].
//!
//! `emit` renders a [`Surface`] and decides nothing but layout; the change report (`diff`)
//! compares two surfaces, and its probes are written from the same signatures and type texts.

pub(crate) mod dependencies;
pub(crate) mod features;
pub(crate) mod gates;
pub(crate) mod operations;
pub(crate) mod runtime;
pub(crate) mod type_text;
pub(crate) mod types;

use std::collections::{BTreeSet, HashMap};

use crate::model::Api;
use crate::naming::Ident;

pub(crate) use operations::Method;
pub(crate) use types::Decl;

/// The generated crate, as its callers see it.
pub(crate) struct Surface<'a> {
    pub api: &'a Api,
    /// The module and cargo feature of each tag.
    pub features: features::Features,
    /// The named types, by name.
    pub types: operations::Types<'a>,
    /// How each type of `api.types` is declared, in the same order.
    pub decls: Vec<Decl<'a>>,
    /// Where each type's declaration is in `decls`, by name.
    decl_index: HashMap<&'a Ident, usize>,
    /// For each operation of `api.operations`, in order, one method per version, oldest first.
    pub methods: Vec<Vec<Method<'a>>>,
    /// The runtime parts the crate needs, by the names of the runtime's `#[only(...)]` markers.
    pub parts: BTreeSet<&'static str>,
    /// What versioned media types start with (see [`runtime::media_version_prefix`]).
    pub media_version_prefix: Option<&'a str>,
}

impl<'a> Surface<'a> {
    /// Works out the whole surface of the crate generated from `api`.
    pub(crate) fn new(api: &'a Api) -> Self {
        let types: operations::Types<'a> = api.types.iter().map(|def| (&def.name, def)).collect();
        let decls = api.types.iter().map(Decl::new).collect();
        let decl_index = api
            .types
            .iter()
            .enumerate()
            .map(|(index, def)| (&def.name, index))
            .collect();
        let methods = api
            .operations
            .iter()
            .map(|op| {
                op.versions
                    .iter()
                    .map(|version| Method::new(op, version))
                    .collect()
            })
            .collect();
        Surface {
            api,
            features: features::Features::new(api),
            parts: runtime::runtime_parts(api, &types),
            media_version_prefix: runtime::media_version_prefix(api),
            types,
            decls,
            decl_index,
            methods,
        }
    }

    /// How the type `name` is declared.
    pub(crate) fn decl(&self, name: &Ident) -> Option<&Decl<'a>> {
        self.decls.get(*self.decl_index.get(name)?)
    }

    /// The features of which one compiles the type `def` (none if it always is).
    pub(crate) fn type_cfg(&self, def: &crate::model::TypeDef) -> Option<Vec<&str>> {
        self.features.type_cfg(def)
    }
}
