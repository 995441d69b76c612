//! Parameters side by side: removed, added, retyped, renamed in their place in the path, made
//! required or optional, and a method's required parameters in another order.

use std::collections::BTreeMap;

use super::{method_in, plain_call};
use crate::diff::change::{Change, Kind};
use crate::diff::probe;
use crate::diff::side::{
    Argument, Sides, location_text, newest_method_item, operation_pointer, param_item, param_role,
    plain_version, ty_text,
};
use crate::model::{Operation, Param, ParamLocation};
use crate::surface::operations::path_params;

fn param_key(param: &Param) -> (&'static str, &str) {
    (location_text(param), param.wire_name.as_str())
}

/// The path parameters of `old` that `new` names otherwise in the same place of its path, by
/// their old wire names. Path parameters are positional (the method takes them in the path's
/// order whatever they are called), so `{id}` becoming `{contact_id}` is the same argument renamed.
fn path_renames<'a>(old: &'a Operation, new: &'a Operation) -> BTreeMap<&'a str, &'a Param> {
    let (old_path, new_path) = (path_params(old), path_params(new));
    if old_path.len() != new_path.len() {
        return BTreeMap::new();
    }
    old_path
        .into_iter()
        .zip(new_path)
        .filter(|(old, new)| old.wire_name != new.wire_name)
        .map(|(old, new)| (old.wire_name.as_str(), new))
        .collect()
}

/// The key `param` of `old` has in `new`: its own, or the name of the path parameter in its
/// place.
fn key_in_new<'a>(
    param: &'a Param,
    renames: &BTreeMap<&str, &'a Param>,
) -> (&'static str, &'a str) {
    match renames.get(param.wire_name.as_str()) {
        Some(new) if param.location == ParamLocation::Path => param_key(new),
        _ => param_key(param),
    }
}

/// The required parameters of `old` and `new` are the same but in another order: the method
/// takes its arguments in another order.
fn reordered(sides: &Sides<'_, '_>, old: &Operation, new: &Operation, out: &mut Vec<Change>) {
    fn positional<'a>(op: &'a Operation, renames: &BTreeMap<&str, &'a Param>) -> Vec<Argument<'a>> {
        op.params
            .iter()
            .filter(|param| param.required)
            .map(|param| {
                let (location, wire) = key_in_new(param, renames);
                Argument {
                    key: format!("{location}:{wire}"),
                    label: wire,
                    ty: &param.ty,
                    optional: false,
                }
            })
            .collect()
    }
    let renames = path_renames(old, new);
    let Some(order) = sides.reordering(
        &positional(old, &renames),
        &positional(new, &BTreeMap::new()),
    ) else {
        return;
    };
    let warning = if order.compiles {
        ": calls still compile, with each value passed to another parameter; check every call"
    } else {
        ""
    };
    out.push(
        Change::new(
            Kind::ArgumentsReordered,
            operation_pointer(new).join("parameters").as_str(),
            newest_method_item(new),
            format!(
                "the required parameters of `{}` come in another order: {} (was {}){warning}",
                new.id, order.new, order.old
            ),
        )
        .operation(&new.id)
        .breaking(!order.compiles)
        .probe_renamed(plain_call(old, Some(new))),
    );
}

pub(super) fn params(
    sides: &Sides<'_, '_>,
    old: &Operation,
    new: &Operation,
    out: &mut Vec<Change>,
) {
    reordered(sides, old, new, out);
    let renames = path_renames(old, new);
    for (old_wire, new_param) in &renames {
        // Renamed and retyped: one `parameter-retyped` entry says both.
        let old_param = old
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name.as_str() == *old_wire);
        if old_param.is_some_and(|old_param| !sides.same(&old_param.ty, &new_param.ty)) {
            continue;
        }
        out.push(
            Change::new(
                Kind::ParameterRenamed,
                new_param.at.as_str(),
                param_item(new, new_param),
                format!(
                    "path parameter `{old_wire}` of `{}` is now `{}` in the same place: the method argument keeps its place and is now named `{}`",
                    new.id,
                    new_param.wire_name,
                    new_param.name.unraw()
                ),
            )
            .operation(&new.id)
            .breaking(false)
            .probe_renamed(plain_call(old, Some(new))),
        );
    }
    let old_params: BTreeMap<_, &Param> = old
        .params
        .iter()
        .map(|p| (key_in_new(p, &renames), p))
        .collect();
    let new_params: BTreeMap<_, &Param> = new.params.iter().map(|p| (param_key(p), p)).collect();
    for (key, old_param) in &old_params {
        match new_params.get(key) {
            None => out.push(
                Change::new(
                    Kind::ParameterRemoved,
                    old_param.at.as_str(),
                    param_item(old, old_param),
                    format!(
                        "{} parameter `{}` of `{}` is gone, and with it {}",
                        key.0,
                        key.1,
                        new.id,
                        param_role(old_param)
                    ),
                )
                .operation(&new.id)
                .breaking(true)
                .probe_renamed(param_probe(old, new, old_param)),
            ),
            Some(new_param) => param_changed(sides, old, new, old_param, new_param, out),
        }
    }
    for (key, new_param) in &new_params {
        if !old_params.contains_key(key) {
            let what = if new_param.required {
                "required"
            } else {
                "optional"
            };
            out.push(
                Change::new(
                    Kind::ParameterAdded,
                    new_param.at.as_str(),
                    param_item(new, new_param),
                    format!(
                        "new {what} {} parameter `{}` (`{}`) of `{}`: {}",
                        key.0,
                        key.1,
                        ty_text(&new_param.ty),
                        new.id,
                        param_role(new_param)
                    ),
                )
                .operation(&new.id)
                .breaking(new_param.required)
                .probe_renamed(plain_call(old, Some(new))),
            );
        }
    }
}

/// The plain method called with the old parameter set (as an argument or through its setter).
fn param_probe(operation: &Operation, new: &Operation, param: &Param) -> (String, String) {
    plain_version(operation)
        .map(|version| {
            let with = |method: &str| {
                format!(
                    "let _ = {};",
                    probe::call_setting(operation, version, method, param)
                )
            };
            (
                with(version.method_name.as_str()),
                with(&method_in(version, Some(new))),
            )
        })
        .unwrap_or_default()
}

fn param_changed(
    sides: &Sides<'_, '_>,
    old_operation: &Operation,
    operation: &Operation,
    old: &Param,
    new: &Param,
    out: &mut Vec<Change>,
) {
    let (location, wire) = param_key(new);
    let id = operation.id.as_str();
    if !sides.same(&old.ty, &new.ty) {
        out.push(
            Change::new(
                Kind::ParameterRetyped,
                new.at.as_str(),
                param_item(operation, new),
                format!(
                    "{location} parameter `{wire}` of `{id}` is now `{}` (was `{}`){}",
                    ty_text(&new.ty),
                    ty_text(&old.ty),
                    if old.wire_name == new.wire_name {
                        String::new()
                    } else {
                        format!("; it was named `{}`", old.wire_name)
                    }
                ),
            )
            .operation(id)
            .breaking(true)
            .probe_renamed(param_probe(old_operation, operation, old)),
        );
    }
    if old.required != new.required {
        let (kind, now) = if new.required {
            (Kind::ParameterRequired, "required")
        } else {
            (Kind::ParameterOptional, "optional")
        };
        out.push(
            Change::new(
                kind,
                new.at.as_str(),
                param_item(operation, new),
                format!(
                    "{location} parameter `{wire}` of `{id}` is now {now}: it is {}",
                    param_role(new)
                ),
            )
            .operation(id)
            .breaking(true)
            .probe_renamed(param_probe(old_operation, operation, old)),
        );
    }
}
