//! Cargo features: one per tag, so that a user of a big generated crate compiles only the
//! operations of the tags they enable and the types those operations reach. `full`, the default,
//! enables every tag.
//!
//! A type is compiled when a tag whose operations reach it is enabled; a type the error type
//! reaches is always compiled; a type no operation reaches only with `full`. Everything a type
//! refers to is therefore compiled whenever the type is.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Operation, TypeDef};
use crate::naming::{self, Ident, Namespace};

/// The feature that enables every tag, and is the default.
pub(crate) const FULL: &str = "full";

/// Module names no tag may take: `mod` is the file listing the modules; `default` and `full` are
/// features of their own.
const RESERVED: &[&str] = &["mod", "default", FULL];

/// The module and feature of each tag, in tag order.
pub(crate) struct Features {
    tags: BTreeMap<String, TagFeature>,
}

pub(crate) struct TagFeature {
    /// The module of `src/operations/` holding the tag's operations.
    pub module: Ident,
    /// The cargo feature enabling them: the module name in kebab-case (`cloud-migration-service`).
    pub feature: String,
}

impl Features {
    pub(crate) fn new(api: &Api) -> Self {
        let mut modules = Namespace::with_reserved(RESERVED);
        let tags: BTreeSet<&str> = api
            .operations
            .iter()
            .map(|operation| operation.tag.as_str())
            .collect();
        let tags = tags
            .into_iter()
            .map(|tag| {
                let module = modules.claim(naming::module_name(tag));
                let feature = module.unraw().replace('_', "-");
                (tag.to_owned(), TagFeature { module, feature })
            })
            .collect();
        Features { tags }
    }

    /// Each tag with its module and feature, in tag order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &TagFeature)> {
        self.tags
            .iter()
            .map(|(tag, feature)| (tag.as_str(), feature))
    }

    /// The features of which one compiles `def` (none if it always is).
    pub(crate) fn type_cfg(&self, def: &TypeDef) -> Option<Vec<&str>> {
        if def.error {
            return None;
        }
        let features: Vec<&str> = def
            .tags
            .iter()
            .filter_map(|tag| self.tags.get(tag))
            .map(|tag| tag.feature.as_str())
            .collect();
        Some(if features.is_empty() {
            vec![FULL]
        } else {
            features
        })
    }

    /// The features of which one compiles at least one of `defs` (none if one always is).
    pub(crate) fn any_type_cfg<'d>(
        &self,
        defs: impl IntoIterator<Item = &'d TypeDef>,
    ) -> Option<Vec<&str>> {
        let mut features: Vec<&str> = Vec::new();
        for def in defs {
            features.extend(self.type_cfg(def)?);
        }
        features.sort_unstable();
        features.dedup();
        Some(features)
    }

    /// Under which features an item only some operations use (a runtime helper) is needed.
    pub(crate) fn need_where(
        &self,
        operations: &[Operation],
        uses: impl Fn(&Operation) -> bool,
    ) -> Need {
        let users: BTreeSet<&str> = operations
            .iter()
            .filter(|operation| uses(operation))
            .map(|operation| operation.tag.as_str())
            .collect();
        if users.is_empty() {
            return Need::Never;
        }
        if users.len() == self.tags.len() {
            return Need::Always;
        }
        let features: Vec<&str> = users
            .iter()
            .filter_map(|tag| self.tags.get(*tag))
            .map(|tag| tag.feature.as_str())
            .collect();
        Need::Under(predicate(&features))
    }

    /// Under which features an item only some types use (a runtime helper) is needed.
    pub(crate) fn need_for_types<'d>(&self, defs: impl IntoIterator<Item = &'d TypeDef>) -> Need {
        let mut defs = defs.into_iter().peekable();
        if defs.peek().is_none() {
            return Need::Never;
        }
        match self.any_type_cfg(defs) {
            Some(features) => Need::Under(predicate(&features)),
            None => Need::Always,
        }
    }

    /// The `[features]` table of `Cargo.toml`.
    pub(crate) fn toml(&self) -> String {
        let mut features: Vec<&str> = self.tags.values().map(|tag| tag.feature.as_str()).collect();
        features.sort_unstable();
        let all: Vec<String> = features
            .iter()
            .map(|feature| format!("\"{feature}\""))
            .collect();
        let mut toml = format!("[features]\ndefault = [\"{FULL}\"]\n");
        if all.is_empty() {
            toml.push_str(&format!("{FULL} = []\n"));
        } else {
            toml.push_str(&format!("{FULL} = [\n"));
            for feature in &all {
                toml.push_str(&format!("    {feature},\n"));
            }
            toml.push_str("]\n");
        }
        for feature in features {
            toml.push_str(&format!("{feature} = []\n"));
        }
        toml
    }
}

/// Whether an item is compiled: never, always, or under a `cfg` predicate of features.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    Never,
    Always,
    /// `feature = "a"` or `any(feature = "a", ...)`.
    Under(String),
}

/// `feature = "a"`, or `any(feature = "a", feature = "b")` (`any()`, never true, for none).
pub(crate) fn predicate(features: &[&str]) -> String {
    match features {
        [one] => format!("feature = \"{one}\""),
        many => {
            let features: Vec<String> = many
                .iter()
                .map(|feature| format!("feature = \"{feature}\""))
                .collect();
            format!("any({})", features.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::predicate;

    #[test]
    fn predicate_names_one_feature_or_any_of_several() {
        assert_eq!(predicate(&["a"]), r#"feature = "a""#);
        assert_eq!(
            predicate(&["a", "b-c"]),
            r#"any(feature = "a", feature = "b-c")"#
        );
    }
}
