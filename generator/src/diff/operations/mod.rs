//! Operations side by side: matched by `operationId`, or by method and path when the ID changed
//! (a rename); then their parameters, API versions, bodies and response statuses.

mod params;
mod versions;

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Change, Kind};
use super::probe;
use super::side::{
    Sides, method_item, method_items, newest_method_item, operation_pointer, plain_version, route,
};
use crate::model::{Api, Method, Operation, OperationVersion};
use crate::naming;

use self::params::params;
use self::versions::{statuses, versions};

/// How an old operation relates to the new spec.
enum Pair<'a> {
    Removed(&'a Operation),
    Added(&'a Operation),
    Kept {
        old: &'a Operation,
        new: &'a Operation,
        renamed: bool,
    },
}

pub(super) fn compare(sides: &Sides<'_, '_>, old: &Api, new: &Api, out: &mut Vec<Change>) {
    features(old, new, out);
    for pair in pairs(old, new) {
        match pair {
            Pair::Removed(operation) => out.push(removed(operation)),
            Pair::Added(operation) => out.push(added(operation)),
            Pair::Kept { old, new, renamed } => kept(sides, old, new, renamed, out),
        }
    }
}

/// The `(old, new)` operation IDs of every renamed operation.
pub(super) fn renames<'a>(old: &'a Api, new: &'a Api) -> Vec<(&'a str, &'a str)> {
    pairs(old, new)
        .into_iter()
        .filter_map(|pair| match pair {
            Pair::Kept {
                old,
                new,
                renamed: true,
            } => Some((old.id.as_str(), new.id.as_str())),
            _ => None,
        })
        .collect()
}

/// Matches operations by ID; an old ID that is gone and a new ID that is new on the same method
/// and route (the path, its parameters' names aside) are one operation, renamed.
fn pairs<'a>(old: &'a Api, new: &'a Api) -> Vec<Pair<'a>> {
    let old_ids: BTreeSet<&str> = old.operations.iter().map(|op| op.id.as_str()).collect();
    let new_by_id: BTreeMap<&str, &Operation> = new
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op))
        .collect();
    // By method and route: a path whose parameters are only renamed is the same route.
    let mut fresh_by_route: BTreeMap<(Method, String), &Operation> = new
        .operations
        .iter()
        .filter(|op| !old_ids.contains(op.id.as_str()))
        .map(|op| ((op.method, route_shape(&op.path)), op))
        .collect();
    let mut pairs = Vec::new();
    let mut renamed_to = BTreeSet::new();
    for old_op in &old.operations {
        if let Some(new_op) = new_by_id.get(old_op.id.as_str()) {
            pairs.push(Pair::Kept {
                old: old_op,
                new: new_op,
                renamed: false,
            });
        } else if let Some(new_op) =
            fresh_by_route.remove(&(old_op.method, route_shape(&old_op.path)))
        {
            renamed_to.insert(new_op.id.as_str());
            pairs.push(Pair::Kept {
                old: old_op,
                new: new_op,
                renamed: true,
            });
        } else {
            pairs.push(Pair::Removed(old_op));
        }
    }
    for new_op in &new.operations {
        if !old_ids.contains(new_op.id.as_str()) && !renamed_to.contains(new_op.id.as_str()) {
            pairs.push(Pair::Added(new_op));
        }
    }
    pairs
}

/// Tags side by side, through the cargo features and modules the surface gives them: a
/// user's `features = [...]` or `use crate::operations::<module>` breaks when one goes.
fn features(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let of = |api: &Api| -> BTreeMap<String, (String, String)> {
        crate::surface::features::Features::new(api)
            .iter()
            .map(|(tag, feature)| {
                let module = format!("operations::{}", feature.module);
                (feature.feature.clone(), (tag.to_owned(), module))
            })
            .collect()
    };
    let (old_features, new_features) = (of(old), of(new));
    // Where a tag shows: its first operation.
    let first = |api: &Api, tag: &str| {
        api.operations
            .iter()
            .find(|operation| operation.tag == tag)
            .map(|operation| operation_pointer(operation).as_str().to_owned())
            .unwrap_or_else(|| "#/tags".to_owned())
    };
    for (feature, (tag, module)) in &old_features {
        if !new_features.contains_key(feature) {
            out.push(
                Change::new(
                    Kind::FeatureRemoved,
                    first(old, tag),
                    module.clone(),
                    format!(
                        "tag `{tag}` is gone, and with it the cargo feature `{feature}` and the module `{module}`"
                    ),
                )
                .breaking(true)
                .probe(probe::uses_module(module)),
            );
        }
    }
    for (feature, (tag, module)) in &new_features {
        if !old_features.contains_key(feature) {
            out.push(Change::new(
                Kind::FeatureAdded,
                first(new, tag),
                module.clone(),
                format!("new tag `{tag}`: the cargo feature `{feature}` (in `full`) and the module `{module}`"),
            ));
        }
    }
}

fn removed(operation: &Operation) -> Change {
    Change::new(
        Kind::OperationRemoved,
        operation_pointer(operation).as_str(),
        newest_method_item(operation),
        format!(
            "`{}` ({}) is gone, and with it {}",
            operation.id,
            route(operation),
            methods_text(operation)
        ),
    )
    .operation(&operation.id)
    .breaking(true)
    .probe(plain_call(operation, None).0)
}

fn added(operation: &Operation) -> Change {
    Change::new(
        Kind::OperationAdded,
        operation_pointer(operation).as_str(),
        newest_method_item(operation),
        format!(
            "new operation `{}` ({}): {}",
            operation.id,
            route(operation),
            methods_text(operation)
        ),
    )
    .operation(&operation.id)
}

/// "the method `Client::a`" or "the methods `Client::a_v2023_01_01`, `Client::a`".
fn methods_text(operation: &Operation) -> String {
    let methods: Vec<String> = method_items(operation)
        .iter()
        .map(|m| format!("`{m}`"))
        .collect();
    let noun = if methods.len() == 1 {
        "the method"
    } else {
        "the methods"
    };
    format!("{noun} {}", methods.join(", "))
}

/// A path template with its parameters' names left out: `/a/{}/b`.
fn route_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                shape.push('{');
            }
            '}' => {
                in_name = false;
                shape.push('}');
            }
            _ if in_name => {}
            c => shape.push(c),
        }
    }
    shape
}

fn kept(
    sides: &Sides<'_, '_>,
    old: &Operation,
    new: &Operation,
    renamed: bool,
    out: &mut Vec<Change>,
) {
    let at = operation_pointer(new);
    if renamed {
        out.push(renamed_change(old, new));
    }
    // A path whose parameters are only renamed is the same route (see `parameter-renamed`).
    if old.method != new.method || route_shape(&old.path) != route_shape(&new.path) {
        out.push(
            Change::new(
                Kind::OperationMoved,
                at.as_str(),
                newest_method_item(new),
                format!(
                    "`{}` moved from {} to {}; its methods keep their names",
                    new.id,
                    route(old),
                    route(new)
                ),
            )
            .operation(&new.id)
            .probe_renamed(plain_call(old, Some(new))),
        );
    }
    if new.deprecated && !old.deprecated {
        out.push(
            Change::new(
                Kind::OperationDeprecated,
                at.join("deprecated").as_str(),
                newest_method_item(new),
                format!("`{}` ({}) is now deprecated", new.id, route(new)),
            )
            .operation(&new.id)
            .probe_renamed(plain_call(old, Some(new))),
        );
    }
    params(sides, old, new, out);
    versions(sides, old, new, out);
    statuses(old, new, out);
}

/// A call of the old operation's plain method, with the arguments it takes, by the name the new
/// client gives it (`new`), or its old name when the operation is gone.
fn plain_call(old: &Operation, new: Option<&Operation>) -> (String, String) {
    plain_version(old)
        .map(|version| {
            (
                probe::calls(old, version, version.method_name.as_str()),
                probe::calls(old, version, &method_in(version, new)),
            )
        })
        .unwrap_or_default()
}

/// The name of the method of the old API version `version` in the new client: the name the new
/// operation gives the same version, else its old name.
fn method_in(version: &OperationVersion, new: Option<&Operation>) -> String {
    new.and_then(|new| {
        new.versions
            .iter()
            .find(|other| other.version == version.version)
    })
    .map_or_else(
        || version.method_name.to_string(),
        |other| other.method_name.to_string(),
    )
}

fn renamed_change(old: &Operation, new: &Operation) -> Change {
    let old_versions: BTreeMap<Option<&str>, &OperationVersion> = old
        .versions
        .iter()
        .map(|v| (v.version.as_deref(), v))
        .collect();
    let renames: Vec<String> = new
        .versions
        .iter()
        .filter_map(|v| old_versions.get(&v.version.as_deref()).map(|o| (o, v)))
        .filter(|(o, v)| o.method_name != v.method_name)
        .map(|(o, v)| format!("`{}` is now `{}`", method_item(o), method_item(v)))
        .collect();
    let methods = if renames.is_empty() {
        String::new()
    } else {
        format!(": {}", renames.join(", "))
    };
    // Request builders are named after the operation too (one per API version).
    let builder = |op: &Operation, version: &OperationVersion| {
        format!(
            "operations::{}::{}",
            naming::module_name(&op.tag),
            version.builder_name
        )
    };
    let builders: Vec<String> = new
        .versions
        .iter()
        .filter_map(|v| old_versions.get(&v.version.as_deref()).map(|o| (o, v)))
        .filter(|(o, v)| o.builder_name != v.builder_name)
        .map(|(o, v)| format!("`{}` is now `{}`", builder(old, o), builder(new, v)))
        .collect();
    let builders = if builders.is_empty() {
        String::new()
    } else {
        format!("; the request builders: {}", builders.join(", "))
    };
    Change::new(
        Kind::OperationRenamed,
        operation_pointer(new).join("operationId").as_str(),
        newest_method_item(new),
        format!(
            "`{}` is now `{}` (same {}){methods}{builders}",
            old.id,
            new.id,
            route(new)
        ),
    )
    .operation(&new.id)
    // When the naming stage gives the methods the same names, calls still compile.
    .breaking(!renames.is_empty())
    .probe(plain_call(old, None).0)
}
