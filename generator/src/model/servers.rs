//! `servers`, at the top of the spec and on paths and operations: URL templates with variables.

use openapiv3::Server as SpecServer;

use super::{Server, ServerVariable};
use crate::error::{Error, Warning};
use crate::load::Pointer;
use crate::naming::{self, Namespace};

/// The first of `servers` (the one a client uses by default), or `None` if there is none. A
/// variable its URL uses but does not declare is taken from `outer`, the server it stands in for
/// (path and operation servers often repeat the top-level URL without its variables). A URL
/// naming a variable declared nowhere breaks a MUST of OpenAPI but not generation: the server is
/// not used (no default base URL), with a warning.
pub(crate) fn first(
    servers: &[SpecServer],
    outer: Option<&Server>,
    file: &str,
    at: &Pointer,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Server>, Error> {
    let Some(server) = servers.first() else {
        return Ok(None);
    };
    let at = at.join("0");
    let mut names = Namespace::with_reserved(&[
        "base_url",
        "credentials",
        "build",
        "http_client",
        "user_agent",
    ]);
    let mut variables = Vec::new();
    for (name, variable) in server.variables.iter().flatten() {
        if !variable.enumeration.is_empty() && !variable.enumeration.contains(&variable.default) {
            return Err(Error::at_pointer(
                file,
                at.join("variables").join(name).join("default").as_str(),
                format!(
                    "the default `{}` of server variable `{name}` is not one of its `enum` values",
                    variable.default
                ),
            ));
        }
        variables.push(ServerVariable {
            name: name.clone(),
            setter: names.claim(naming::snake(&format!("server {name}"), "server_variable")),
            type_name: naming::type_name(&format!("server {name}")),
            default: variable.default.clone(),
            values: variable.enumeration.clone(),
            docs: variable.description.clone(),
        });
    }
    let url = server.url.trim_end_matches('/').to_owned();
    for name in template_names(&url) {
        let inherited = outer.and_then(|outer| {
            outer
                .variables
                .iter()
                .find(|variable| variable.name == name)
        });
        if let Some(variable) =
            inherited.filter(|_| !variables.iter().any(|variable| variable.name == name))
        {
            variables.push(variable.clone());
        }
        if !variables.iter().any(|variable| variable.name == name) {
            warnings.push(Warning::at_pointer(
                file,
                at.join("url").as_str(),
                format!(
                    "the server URL `{}` uses `{{{name}}}`, but the server declares no variable `{name}`: this server is not used",
                    server.url
                ),
            ));
            return Ok(None);
        }
    }
    Ok(Some(Server {
        url,
        docs: server.description.clone(),
        variables,
    }))
}

/// The names in a URL template's braces.
fn template_names(url: &str) -> Vec<&str> {
    url.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

impl Server {
    /// The URL with every variable at its default.
    pub(crate) fn default_url(&self) -> String {
        let mut url = self.url.clone();
        for variable in &self.variables {
            url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
        }
        url
    }

    /// Whether the URL names a host (`https://...`), rather than a path relative to wherever the
    /// spec is served (`/api/v1`).
    pub(crate) fn is_absolute(&self) -> bool {
        let url = self.default_url();
        url.split_once("://").is_some_and(|(scheme, rest)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !rest.is_empty()
        })
    }
}
