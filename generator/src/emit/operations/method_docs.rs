//! The documentation of a `Client` method: what it does, its HTTP route, its API version and
//! the others, what it answers and its arguments.

use crate::emit::docs;
use crate::model::Operation;
use crate::surface::Method;

pub(super) fn method_docs(method: &Method<'_>) -> String {
    let (op, version) = (method.op, method.version);
    let http = format!("`{} {}`", op.method.as_str(), op.path);
    let api_version = match &version.version {
        Some(date) => {
            let mut text = format!(
                "Uses API version `{date}`: sends `Accept: {}`",
                version.accept
            );
            if let Some(body) = &version.request {
                text.push_str(&format!(" and `Content-Type: {}`", body.media_type));
            }
            text.push('.');
            if let Some(successor) = &version.successor {
                let newest = successor_method(op, successor);
                text.push_str(&format!(
                    " A newer version, `{successor}`, exists: see [`Client::{newest}`]."
                ));
            }
            if let Some(sunset) = &version.sunset {
                text.push_str(&format!(" This version is sunset on {sunset}."));
            }
            Some(text)
        }
        None => None,
    };
    let others: Vec<String> = op
        .versions
        .iter()
        .filter(|other| other.method_name != version.method_name)
        .filter_map(|other| {
            other
                .version
                .as_ref()
                .map(|date| format!("- `{date}`: [`Client::{}`]", other.method_name))
        })
        .collect();
    let others = (!others.is_empty() && version.successor.is_none()).then(|| {
        format!(
            "Other API versions of this operation:\n\n{}",
            others.join("\n")
        )
    });
    let mut arguments: Vec<String> = method
        .args
        .iter()
        .filter_map(|arg| arg.param)
        .map(|param| {
            let about = docs::spec(param.docs.as_deref())
                .map(|d| d.replace('\n', " "))
                .unwrap_or_default();
            format!("- `{}`: {about}", param.name.unraw())
        })
        .collect();
    if let Some(body) = version.request.as_ref().filter(|body| body.required) {
        let about = docs::spec(body.docs.as_deref())
            .map(|d| d.replace('\n', " "))
            .unwrap_or_else(|| "The request body.".to_owned());
        arguments.push(format!("- `body`: {about}"));
    }
    let returns = version
        .response
        .as_ref()
        .map(|response| match &response.docs {
            // A description of several lines (a list, paragraphs) is a paragraph of its own.
            Some(docs) if docs.trim().contains('\n') => {
                let docs = docs::spec(Some(docs)).unwrap_or_default();
                format!(
                    "On success the API answers `{}`:\n\n{docs}",
                    response.status
                )
            }
            Some(docs) => format!(
                "On success the API answers `{}` ({}).",
                response.status,
                docs.trim_end_matches('.')
            ),
            None => format!("On success the API answers `{}`.", response.status),
        });
    let arguments =
        (!arguments.is_empty()).then(|| format!("# Arguments\n\n{}", arguments.join("\n")));
    let mut summary = op.summary.clone();
    if let Some(summary) = &mut summary
        && !summary.ends_with('.')
    {
        summary.push('.');
    }
    docs::paragraphs([
        docs::spec(summary.as_deref()).as_deref(),
        docs::spec(op.description.as_deref()).as_deref(),
        Some(http.as_str()),
        api_version.as_deref(),
        others.as_deref(),
        returns.as_deref(),
        arguments.as_deref(),
    ])
}

/// The method name of the API version `successor` of `op`.
pub(super) fn successor_method(op: &Operation, successor: &str) -> String {
    op.versions
        .iter()
        .find(|other| other.version.as_deref() == Some(successor))
        .or(op.versions.last())
        .map(|other| other.method_name.to_string())
        .unwrap_or_default()
}
