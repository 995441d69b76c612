//! String enums and unions side by side: values and variants added, removed or retyped.

use std::collections::{BTreeMap, BTreeSet};

use super::{Context, item};
use crate::diff::change::{Change, Kind};
use crate::diff::probe;
use crate::diff::side::ty_text;
use crate::load::Pointer;
use crate::model::{StringEnum, Ty, TypeDef, Union};
use crate::surface::types::Decl;

impl Context<'_, '_> {
    pub(super) fn enums(&self, old: &StringEnum, new: &StringEnum, out: &mut Vec<Change>) {
        let at = Pointer::from(self.new_def.at.as_str()).join("enum");
        let old_values: BTreeMap<&str, &str> = old
            .variants
            .iter()
            .map(|v| (v.wire_value.as_str(), v.name.as_str()))
            .collect();
        let new_values: BTreeMap<&str, &str> = new
            .variants
            .iter()
            .map(|v| (v.wire_value.as_str(), v.name.as_str()))
            .collect();
        for (value, variant) in &old_values {
            if !new_values.contains_key(value) {
                out.push(
                    Change::new(
                        Kind::EnumValueRemoved,
                        Pointer::from(self.old_def.at.as_str()).join("enum").as_str(),
                        format!("models::{}::{variant}", self.name()),
                        format!(
                            "value `{value}` is gone from `{}`, and with it the variant `{variant}`; {}",
                            item(self.name()),
                            self.place()
                        ),
                    )
                    .breaking(true)
                    .probe(probe::names_variant(self.old_def, variant)),
                );
            }
        }
        for (value, variant) in &new_values {
            if !old_values.contains_key(value) {
                out.push(Change::new(
                    Kind::EnumValueAdded,
                    at.as_str(),
                    format!("models::{}::{variant}", self.name()),
                    format!(
                        "new value `{value}` of `{}` (variant `{variant}`; older clients read it as `{}`); {}",
                        item(self.name()),
                        new.other,
                        self.place()
                    ),
                ).probe(probe::matches_enum(self.old_def, old)));
            }
        }
    }

    pub(super) fn unions(&self, old: &Union, new: &Union, out: &mut Vec<Change>) {
        // A discriminated union also has a catch-all variant for discriminators it does not know,
        // as the surface declares it: one that appears or goes is a variant added or removed.
        let json = Ty::Json(String::new());
        let held = |union: &'_ Union, def: &TypeDef| -> BTreeMap<String, (Ty, bool)> {
            let mut variants: BTreeMap<String, (Ty, bool)> = union
                .variants
                .iter()
                .map(|v| (v.name.to_string(), (v.ty.clone(), v.boxed)))
                .collect();
            if let Some(catch_all) = Decl::new(def).catch_all {
                variants.insert(catch_all.to_string(), (json.clone(), false));
            }
            variants
        };
        let text = |(ty, boxed): &(Ty, bool)| {
            if *boxed {
                format!("Box<{}>", ty_text(ty))
            } else {
                ty_text(ty)
            }
        };
        let (old_variants, new_variants) = (held(old, self.old_def), held(new, self.new_def));
        let names: BTreeSet<&String> = old_variants.keys().chain(new_variants.keys()).collect();
        for name in names {
            let rust = format!("models::{}::{name}", self.name());
            let builds_old = |held: &(Ty, bool)| {
                probe::builds_variant(self.old_def, name, &probe::held(&held.0, held.1))
            };
            let change = match (old_variants.get(name), new_variants.get(name)) {
                (Some(held), None) => Change::new(
                    Kind::UnionVariantRemoved,
                    self.old_def.at.as_str(),
                    rust,
                    format!(
                        "variant `{name}` (`{}`) of `{}` is gone, {}",
                        text(held),
                        item(self.name()),
                        self.place()
                    ),
                )
                .probe(builds_old(held)),
                (None, Some(held)) => Change::new(
                    Kind::UnionVariantAdded,
                    self.new_def.at.as_str(),
                    rust,
                    format!(
                        "new variant `{name}` (`{}`) of `{}`: exhaustive `match`es need an arm for it, {}",
                        text(held),
                        item(self.name()),
                        self.place()
                    ),
                )
                .probe(probe::matches_union(self.old_def, old)),
                (Some(old_held), Some(new_held))
                    if old_held.1 != new_held.1 || !self.sides.same(&old_held.0, &new_held.0) =>
                {
                    Change::new(
                        Kind::UnionVariantRetyped,
                        self.new_def.at.as_str(),
                        rust,
                        format!(
                            "variant `{name}` of `{}` now holds `{}` (was `{}`), {}",
                            item(self.name()),
                            text(new_held),
                            text(old_held),
                            self.place()
                        ),
                    )
                    .probe(builds_old(old_held))
                }
                _ => continue,
            };
            out.push(change.breaking(true));
        }
    }
}
