//! API versions side by side (added, removed, sunset, taking the plain method name), their
//! request and response bodies, and the response statuses.

use std::collections::{BTreeMap, BTreeSet};

use super::plain_call;
use crate::diff::change::{Change, Kind};
use crate::diff::probe;
use crate::diff::side::{
    Sides, method_item, newest_method_item, operation_pointer, plain_version, reason,
    response_text, ty_text,
};
use crate::model::{Operation, OperationVersion, RequestBody};

fn version_text(version: &OperationVersion) -> &str {
    version.version.as_deref().unwrap_or("(unversioned)")
}

pub(super) fn versions(
    sides: &Sides<'_, '_>,
    old: &Operation,
    new: &Operation,
    out: &mut Vec<Change>,
) {
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
    bodies && sides.same_response(a.response.as_ref(), b.response.as_ref())
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
    let (old_body, new_body) = (old.response.as_ref(), new.response.as_ref());
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

pub(super) fn statuses(old: &Operation, new: &Operation, out: &mut Vec<Change>) {
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
