//! Types renamed with their operation: a type gone from the old spec paired with the type named
//! after the renamed operation, when both have the same shape.

use std::collections::BTreeMap;

use super::{item, shape};
use crate::diff::change::{Change, Kind};
use crate::diff::probe;
use crate::diff::side::{Side, Sides, ty_text};
use crate::model::{Ty, TypeDef, TypeKind};
use crate::naming;

// ---- types renamed with their operation ---------------------------------------------------------

/// Types named after an operation that was renamed, paired with the type of the same shape named
/// after its new ID: `CreatePushMigrationStatus` (old only) and `CreateGroupLiveMigrationStatus`
/// (new only). The type names come from the naming stage (`naming::camel` of the operation ID,
/// then the rest of the name); among several renamed operations whose old name is a prefix, the
/// longest wins (`getProjectLimit` before `getProject`).
pub(in crate::diff) fn renamed_types<'a>(
    old: &Side<'a>,
    new: &Side<'a>,
    renamed_operations: &[(&str, &str)],
) -> BTreeMap<&'a str, &'a str> {
    let mut prefixes: Vec<(String, String)> = renamed_operations
        .iter()
        .map(|(from, to)| {
            let prefix = |id: &str| naming::camel(id, "Operation").unraw().to_owned();
            (prefix(from), prefix(to))
        })
        .collect();
    prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
    let gone = old
        .types
        .iter()
        .filter(|(name, _)| !new.types.contains_key(*name));
    let mut candidates: Vec<(&'a str, &'a TypeDef, &'a TypeDef)> = Vec::new();
    for (&name, &old_def) in gone {
        let found = prefixes.iter().find_map(|(from, to)| {
            let rest = name.strip_prefix(from.as_str())?;
            let new_def = *new.types.get(format!("{to}{rest}").as_str())?;
            (!old.types.contains_key(new_def.name.as_str())).then_some(new_def)
        });
        if let Some(new_def) = found {
            candidates.push((name, old_def, new_def));
        }
    }
    // A type's shape names other types: read the old names as their new ones.
    let mapping: BTreeMap<&str, &str> = candidates
        .iter()
        .map(|(name, _, new_def)| (*name, new_def.name.as_str()))
        .collect();
    let renamed = |name: &str| mapping.get(name).copied().unwrap_or(name).to_owned();
    let unchanged = |name: &str| name.to_owned();
    candidates
        .into_iter()
        .filter(|(_, old_def, new_def)| {
            shape_key(&old_def.kind, &renamed) == shape_key(&new_def.kind, &unchanged)
        })
        .map(|(name, _, new_def)| (name, new_def.name.as_str()))
        .collect()
}

/// A type definition's shape as text, with the type names it holds read through `name`.
fn shape_key(kind: &TypeKind, name: &dyn Fn(&str) -> String) -> String {
    match kind {
        TypeKind::Struct(st) => {
            let mut fields: Vec<String> = st
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}:{}:{}:{}:{}",
                        f.wire_name,
                        ty_key(&f.ty, name),
                        f.required,
                        f.nullable,
                        f.read_only,
                        f.write_only,
                        f.boxed
                    )
                })
                .collect();
            fields.sort();
            let additional = st.additional.as_ref().map(|ty| ty_key(ty, name));
            format!("struct {fields:?} {additional:?}")
        }
        TypeKind::Enum(en) => {
            let values: Vec<&str> = en.variants.iter().map(|v| v.wire_value.as_str()).collect();
            format!("enum {values:?}")
        }
        TypeKind::Union(union) => {
            let variants: Vec<String> = union
                .variants
                .iter()
                .map(|v| format!("{}:{}", v.name, ty_key(&v.ty, name)))
                .collect();
            format!("union {variants:?} {:?}", union.discriminator)
        }
        TypeKind::Alias(ty) => format!("alias {}", ty_key(ty, name)),
    }
}

fn ty_key(ty: &Ty, name: &dyn Fn(&str) -> String) -> String {
    match ty {
        Ty::Named(named) => format!("models::{}", name(named.as_str())),
        Ty::Array(inner) => format!("Vec<{}>", ty_key(inner, name)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty_key(inner, name)),
        Ty::Nullable(inner) => format!("Option<{}>", ty_key(inner, name)),
        other => ty_text(other),
    }
}

pub(super) fn type_renamed(sides: &Sides<'_, '_>, old_def: &TypeDef, new_def: &TypeDef) -> Change {
    let (from, to) = (old_def.name.as_str(), new_def.name.as_str());
    Change::new(
        Kind::TypeRenamed,
        new_def.at.as_str(),
        item(to),
        format!(
            "{} `{}` is now `{}` (same shape), as the operation it is named after was renamed; {}",
            shape(&new_def.kind),
            item(from),
            item(to),
            sides.new.users_text(to)
        ),
    )
    .breaking(true)
    .probe(probe::names_type(old_def))
}
