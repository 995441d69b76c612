//! Operation subsets: keep only some operations and the types they reach, so that a user can
//! generate a small crate straight from the whole upstream spec.

use std::collections::BTreeSet;

use super::{Operation, TypeDef};
use crate::error::Error;
use crate::naming::Ident;

/// Which operations to keep: all of them, or those named by operationId or by tag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    pub operations: BTreeSet<String>,
    pub tags: BTreeSet<String>,
}

impl Filter {
    pub(crate) fn is_everything(&self) -> bool {
        self.operations.is_empty() && self.tags.is_empty()
    }

    /// Whether the operation `id`, tagged `tags`, is kept.
    pub(crate) fn keeps(&self, id: &str, tags: &[String]) -> bool {
        self.is_everything()
            || self.operations.contains(id)
            || tags.iter().any(|tag| self.tags.contains(tag))
    }

    /// Fails when the filter names an operation or tag the spec does not have, so that a typo is
    /// not silently a smaller crate.
    pub(crate) fn check_found(
        &self,
        file: &str,
        operations: &[Operation],
        all_tags: &BTreeSet<&str>,
    ) -> Result<(), Error> {
        let missing_ids: Vec<&str> = self
            .operations
            .iter()
            .filter(|id| !operations.iter().any(|op| &op.id == *id))
            .map(String::as_str)
            .collect();
        if !missing_ids.is_empty() {
            return Err(Error::at_pointer(
                file,
                "#/paths",
                format!(
                    "no operation has the operationId {}",
                    quoted_list(&missing_ids)
                ),
            ));
        }
        let missing_tags: Vec<&str> = self
            .tags
            .iter()
            .filter(|tag| !all_tags.contains(tag.as_str()))
            .map(String::as_str)
            .collect();
        if !missing_tags.is_empty() {
            return Err(Error::at_pointer(
                file,
                "#/paths",
                format!("no operation has the tag {}", quoted_list(&missing_tags)),
            ));
        }
        Ok(())
    }
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Drops the types that neither the kept operations nor the error type reach (see
/// [`super::usage::mark`], which must have run).
pub(crate) fn prune(types: &mut Vec<TypeDef>, error_type: Option<&Ident>) {
    types.retain(|def| def.usage.request || def.usage.response || Some(&def.name) == error_type);
}
