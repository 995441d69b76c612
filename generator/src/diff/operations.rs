//! Operations side by side: matched by `operationId`, or by method and path when the ID changed
//! (a rename); then their parameters, API versions, bodies and response statuses.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Change, Kind};
use super::probe;
use super::side::{
    Argument, Sides, location_text, method_item, method_items, newest_method_item,
    operation_pointer, param_item, param_role, plain_version, reason, response_text, route,
    ty_text,
};
use crate::model::{Api, Method, Operation, OperationVersion, Param, ParamLocation, RequestBody};
use crate::surface::operations::path_params;
use crate::naming;

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
/// and path are one operation, renamed.
fn pairs<'a>(old: &'a Api, new: &'a Api) -> Vec<Pair<'a>> {
    let old_ids: BTreeSet<&str> = old.operations.iter().map(|op| op.id.as_str()).collect();
    let new_by_id: BTreeMap<&str, &Operation> = new
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op))
        .collect();
    let mut fresh_by_route: BTreeMap<(Method, &str), &Operation> = new
        .operations
        .iter()
        .filter(|op| !old_ids.contains(op.id.as_str()))
        .map(|op| ((op.method, op.path.as_str()), op))
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
        } else if let Some(new_op) = fresh_by_route.remove(&(old_op.method, old_op.path.as_str())) {
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

/// Tags side by side, through the cargo features and modules `emit::features` gives them: a
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
    if old.method != new.method || old.path != new.path {
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

// ---- parameters -------------------------------------------------------------------------------

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
fn key_in_new<'a>(param: &'a Param, renames: &BTreeMap<&str, &'a Param>) -> (&'static str, &'a str) {
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
    let Some(order) = sides.reordering(&positional(old, &renames), &positional(new, &BTreeMap::new()))
    else {
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

fn params(sides: &Sides<'_, '_>, old: &Operation, new: &Operation, out: &mut Vec<Change>) {
    reordered(sides, old, new, out);
    let renames = path_renames(old, new);
    for (old_wire, new_param) in &renames {
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
                    "{location} parameter `{wire}` of `{id}` is now `{}` (was `{}`)",
                    ty_text(&new.ty),
                    ty_text(&old.ty)
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

// ---- API versions -------------------------------------------------------------------------------

fn version_text(version: &OperationVersion) -> &str {
    version.version.as_deref().unwrap_or("(unversioned)")
}

fn versions(sides: &Sides<'_, '_>, old: &Operation, new: &Operation, out: &mut Vec<Change>) {
    let old_versions: BTreeMap<Option<&str>, &OperationVersion> = old
        .versions
        .iter()
        .map(|v| (v.version.as_deref(), v))
        .collect();
    let new_versions: BTreeMap<Option<&str>, &OperationVersion> = new
        .versions
        .iter()
        .map(|v| (v.version.as_deref(), v))
        .collect();
    let at = operation_pointer(new);
    for (key, old_version) in &old_versions {
        match new_versions.get(key) {
            None => out.push(
                Change::new(
                    Kind::VersionRemoved,
                    operation_pointer(old).as_str(),
                    method_item(old_version),
                    format!(
                        "API version {} of `{}` is gone, and with it `{}`",
                        version_text(old_version),
                        new.id,
                        method_item(old_version)
                    ),
                )
                .operation(&new.id)
                .breaking(true)
                .probe(probe::calls(
                    old,
                    old_version,
                    &old_version.method_name.to_string(),
                )),
            ),
            Some(new_version) => version_changed(sides, old, new, old_version, new_version, out),
        }
    }
    // The plain method moves to a new version when the naming stage gives it to one: code
    // calling it gets that version's request and response types.
    let previous_plain = plain_version(old);
    for (key, new_version) in &new_versions {
        if old_versions.contains_key(key) {
            continue;
        }
        let takes_plain_name = new_version.plain && previous_plain.is_some();
        // Calls of the plain method break when it now takes or returns other types.
        let breaking = takes_plain_name
            && previous_plain.is_some_and(|previous| !same_signature(sides, previous, new_version));
        let message = match (takes_plain_name, previous_plain) {
            (true, Some(previous)) => format!(
                "API version {} of `{}` is new and takes the plain method `{}`{}, which used API version {} before; \
                 that version's method is now {}",
                version_text(new_version),
                new.id,
                method_item(new_version),
                if breaking {
                    " with other request or response types"
                } else {
                    " (same request and response types)"
                },
                version_text(previous),
                new_versions
                    .get(&previous.version.as_deref())
                    .map(|v| format!("`{}`", method_item(v)))
                    .unwrap_or_else(|| "gone".to_owned()),
            ),
            _ => format!(
                "API version {} of `{}` is new: `{}`",
                version_text(new_version),
                new.id,
                method_item(new_version)
            ),
        };
        out.push(
            Change::new(
                Kind::VersionAdded,
                at.as_str(),
                method_item(new_version),
                message,
            )
            .operation(&new.id)
            .breaking(breaking)
            // The old plain method, called as before and read as its old response type; against
            // the new client by the plain name the new operation has (an operation renamed
            // elsewhere in the report).
            .probe_renamed(match (previous_plain, plain_version(new)) {
                (Some(previous), Some(plain)) => (
                    probe::call_and_read(old, previous, previous.method_name.as_str()),
                    probe::call_and_read(old, previous, plain.method_name.as_str()),
                ),
                _ => Default::default(),
            }),
        );
    }
}

/// Whether two API versions' methods take the same body (type and requiredness) and return the
/// same type.
fn same_signature(sides: &Sides<'_, '_>, a: &OperationVersion, b: &OperationVersion) -> bool {
    let bodies = match (&a.request, &b.request) {
        (None, None) => true,
        (Some(a), Some(b)) => a.required == b.required && sides.same(&a.ty, &b.ty),
        _ => false,
    };
    bodies
        && sides.same_response(
            a.response.as_ref().map(|r| &r.body),
            b.response.as_ref().map(|r| &r.body),
        )
}

fn version_changed(
    sides: &Sides<'_, '_>,
    old_operation: &Operation,
    operation: &Operation,
    old: &OperationVersion,
    new: &OperationVersion,
    out: &mut Vec<Change>,
) {
    let at = operation_pointer(operation);
    let id = operation.id.as_str();
    let date = version_text(new);
    if old.sunset != new.sunset {
        let message = match (&old.sunset, &new.sunset) {
            (None, Some(sunset)) => {
                format!(
                    "API version {date} of `{id}` is sunset on {sunset}: `{}` is now `#[deprecated]`",
                    method_item(new)
                )
            }
            (Some(before), Some(sunset)) => {
                format!("API version {date} of `{id}` is now sunset on {sunset} (was {before})")
            }
            (Some(before), None) => {
                format!("API version {date} of `{id}` is no longer sunset (was {before})")
            }
            (None, None) => String::new(),
        };
        let pointer = match (&new.response, &new.request) {
            (Some(response), _) => at
                .join("responses")
                .join(&response.status)
                .join("content")
                .join(&response.media_type)
                .join("x-sunset"),
            (None, Some(request)) => at
                .join("requestBody")
                .join("content")
                .join(&request.media_type)
                .join("x-sunset"),
            (None, None) => at.clone(),
        };
        out.push(
            Change::new(
                Kind::VersionSunset,
                pointer.as_str(),
                method_item(new),
                message,
            )
            .operation(id)
            .probe_renamed((
                probe::calls(old_operation, old, old.method_name.as_str()),
                probe::calls(old_operation, old, new.method_name.as_str()),
            )),
        );
    }
    // Code that sends the old body and reads the old response.
    let uses_old = (
        probe::call_and_read(old_operation, old, old.method_name.as_str()),
        probe::call_and_read(old_operation, old, new.method_name.as_str()),
    );
    request(
        sides,
        operation,
        new,
        &uses_old,
        old.request.as_ref(),
        new.request.as_ref(),
        out,
    );
    let (old_body, new_body) = (
        old.response.as_ref().map(|r| &r.body),
        new.response.as_ref().map(|r| &r.body),
    );
    if !sides.same_response(old_body, new_body) {
        let pointer = match &new.response {
            Some(response) => at.join("responses").join(&response.status),
            None => at.join("responses"),
        };
        out.push(
            Change::new(
                Kind::ResponseBodyRetyped,
                pointer.as_str(),
                method_item(new),
                format!(
                    "`{}` (API version {date}) now returns `{}` (was `{}`)",
                    method_item(new),
                    response_text(new_body),
                    response_text(old_body)
                ),
            )
            .operation(id)
            .breaking(true)
            .probe_renamed(uses_old),
        );
    }
}

fn request(
    sides: &Sides<'_, '_>,
    operation: &Operation,
    version: &OperationVersion,
    uses_old: &(String, String),
    old: Option<&RequestBody>,
    new: Option<&RequestBody>,
    out: &mut Vec<Change>,
) {
    let at = operation_pointer(operation).join("requestBody");
    let id = operation.id.as_str();
    let method = method_item(version);
    let date = version_text(version);
    let role = |body: &RequestBody| {
        if body.required {
            "the method argument `body`"
        } else {
            "the setter `.body()`"
        }
    };
    let change = |kind: Kind, message: String, breaking: bool| {
        Change::new(kind, at.as_str(), method.clone(), message)
            .operation(id)
            .breaking(breaking)
            .probe_renamed(uses_old.clone())
    };
    match (old, new) {
        (None, None) => {}
        (None, Some(body)) => out.push(change(
            Kind::RequestBodyAdded,
            format!(
                "`{method}` (API version {date}) now sends a `{}` body: {}",
                ty_text(&body.ty),
                role(body)
            ),
            body.required,
        )),
        (Some(body), None) => out.push(change(
            Kind::RequestBodyRemoved,
            format!(
                "`{method}` (API version {date}) no longer sends a body (was `{}`)",
                ty_text(&body.ty)
            ),
            true,
        )),
        (Some(old), Some(new)) => {
            if !sides.same(&old.ty, &new.ty) {
                out.push(change(
                    Kind::RequestBodyRetyped,
                    format!(
                        "`{method}` (API version {date}) now sends `{}` (was `{}`)",
                        ty_text(&new.ty),
                        ty_text(&old.ty)
                    ),
                    true,
                ));
            }
            if old.required != new.required {
                let kind = if new.required {
                    Kind::RequestBodyRequired
                } else {
                    Kind::RequestBodyOptional
                };
                let now = if new.required { "required" } else { "optional" };
                out.push(change(
                    kind,
                    format!("the request body of `{method}` (API version {date}) is now {now}: it is {}", role(new)),
                    true,
                ));
            }
        }
    }
}

// ---- response statuses ------------------------------------------------------------------------------

fn statuses(old: &Operation, new: &Operation, out: &mut Vec<Change>) {
    let old_statuses: BTreeSet<&str> = old.statuses.iter().map(String::as_str).collect();
    let new_statuses: BTreeSet<&str> = new.statuses.iter().map(String::as_str).collect();
    let id = new.id.as_str();
    let gone: Vec<&&str> = old_statuses.difference(&new_statuses).collect();
    for status in gone {
        out.push(
            Change::new(
                Kind::StatusRemoved,
                operation_pointer(old)
                    .join("responses")
                    .join(status)
                    .as_str(),
                newest_method_item(new),
                format!(
                    "`{id}` no longer lists the response {status}{}",
                    reason(status)
                ),
            )
            .operation(id)
            .probe_renamed(plain_call(old, Some(new))),
        );
    }
    let fresh: Vec<&&str> = new_statuses.difference(&old_statuses).collect();
    for status in fresh {
        let how = if status.starts_with('4') || status.starts_with('5') {
            "; the client returns it as an `Error`"
        } else {
            ""
        };
        out.push(
            Change::new(
                Kind::StatusAdded,
                operation_pointer(new)
                    .join("responses")
                    .join(status)
                    .as_str(),
                newest_method_item(new),
                format!("`{id}` may now answer {status}{}{how}", reason(status)),
            )
            .operation(id)
            .probe_renamed(plain_call(old, Some(new))),
        );
    }
}
