//! The types of `models` side by side, matched by Rust name: structs field by field (by wire
//! name), string enums value by value, unions variant by variant.

mod renamed;
mod structs;
mod variants;

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Change, Kind};
use super::side::{Side, Sides, direction, ty_text};
use crate::model::{TypeDef, TypeKind};

use super::probe;

pub(super) use renamed::renamed_types;
use renamed::type_renamed;

pub(super) fn compare(sides: &Sides<'_, '_>, out: &mut Vec<Change>) {
    let (old, new) = (sides.old, sides.new);
    let renamed: BTreeMap<&str, &TypeDef> = sides
        .renamed
        .iter()
        .filter_map(|(from, to)| Some((*from, *new.types.get(to)?)))
        .collect();
    let renamed_to: BTreeSet<&str> = renamed.values().map(|def| def.name.as_str()).collect();
    for (name, old_def) in &old.types {
        if let Some(new_def) = renamed.get(name) {
            out.push(type_renamed(sides, old_def, new_def));
            continue;
        }
        match new.types.get(name) {
            None => out.push(
                Change::new(
                    Kind::TypeRemoved,
                    old_def.at.as_str(),
                    item(name),
                    format!(
                        "{} `{}` is gone ({})",
                        shape(&old_def.kind),
                        item(name),
                        old.users_text(name)
                    ),
                )
                .breaking(true)
                .probe(probe::names_type(old_def)),
            ),
            Some(new_def) => {
                let context = Context {
                    sides,
                    new,
                    old_def,
                    new_def,
                };
                context.compare(out);
            }
        }
    }
    for (name, new_def) in &new.types {
        if !old.types.contains_key(name) && !renamed_to.contains(name) {
            out.push(Change::new(
                Kind::TypeAdded,
                new_def.at.as_str(),
                item(name),
                format!(
                    "new {} `{}`, a {} {}",
                    shape(&new_def.kind),
                    item(name),
                    direction(new_def.usage),
                    new.users_text(name)
                ),
            ));
        }
    }
}

fn item(name: &str) -> String {
    format!("models::{name}")
}

fn shape(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "string enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "type alias",
    }
}

/// One type present on both sides.
struct Context<'s, 'a> {
    sides: &'s Sides<'s, 'a>,
    new: &'s Side<'a>,
    old_def: &'a TypeDef,
    new_def: &'a TypeDef,
}

impl Context<'_, '_> {
    fn name(&self) -> &str {
        self.new_def.name.as_str()
    }

    /// "in a request type used by `createGroupLiveMigration`".
    fn place(&self) -> String {
        format!(
            "in a {} {}",
            direction(self.new_def.usage),
            self.new.users_text(self.name())
        )
    }

    fn compare(&self, out: &mut Vec<Change>) {
        match (&self.old_def.kind, &self.new_def.kind) {
            (TypeKind::Struct(old), TypeKind::Struct(new)) => self.structs(old, new, out),
            (TypeKind::Enum(old), TypeKind::Enum(new)) => self.enums(old, new, out),
            (TypeKind::Union(old), TypeKind::Union(new)) => self.unions(old, new, out),
            (TypeKind::Alias(old), TypeKind::Alias(new)) => {
                if !self.sides.same(old, new) {
                    out.push(self.retyped(format!(
                        "`{}` is now an alias of `{}` (was `{}`)",
                        item(self.name()),
                        ty_text(new),
                        ty_text(old)
                    )));
                }
            }
            (old, new) => out.push(self.retyped(format!(
                "`{}` is now a {} (was a {})",
                item(self.name()),
                shape(new),
                shape(old)
            ))),
        }
    }

    fn retyped(&self, message: String) -> Change {
        let message = format!("{message}, {}", self.place());
        Change::new(
            Kind::TypeRetyped,
            self.new_def.at.as_str(),
            item(self.name()),
            message,
        )
        .breaking(true)
        .probe(probe::uses_type(self.old_def))
    }
}
