//! An operation's parameters: the path item's and the operation's merged (the operation's win),
//! typed, named clear of the request builders' own fields, and checked against the path template.

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, QueryStyle};

use super::is_envelope;
use crate::error::Error;
use crate::load::{Pointer, Resolver};
use crate::model::types::TypeBuilder;
use crate::model::{ArrayStyle, Param, ParamLocation, Ty};
use crate::naming::{self, Namespace};

/// Names the request builders use for their own fields and methods, which parameters (and so
/// their setters) must not take.
const BUILDER_FIELDS: &[&str] = &[
    "client",
    "body",
    "content_type",
    "timeout",
    "deadline",
    "send",
    "send_with_response",
    "into_request",
    "into_future",
    // A paginated list operation's streams (see `pagination.rs`).
    "pages",
    "items",
];

#[allow(clippy::too_many_arguments)] // one call site; the arguments are the walk's context
pub(super) fn params(
    resolver: &Resolver<'_>,
    types: &mut TypeBuilder<'_>,
    id: &str,
    path: &str,
    item: &PathItem,
    operation: &openapiv3::Operation,
    path_at: &Pointer,
    at: &Pointer,
) -> Result<Vec<Param>, Error> {
    let file = resolver.file();
    let owner = naming::camel(id, "Operation");
    let declared = item
        .parameters
        .iter()
        .enumerate()
        .map(|(index, parameter)| {
            (
                parameter,
                path_at.join("parameters").join(index.to_string()),
            )
        })
        .chain(
            operation
                .parameters
                .iter()
                .enumerate()
                .map(|(index, parameter)| {
                    (parameter, at.join("parameters").join(index.to_string()))
                }),
        );
    // Operation-level parameters override path-level ones with the same name and location.
    let mut by_key: IndexMap<(String, &'static str), (&Parameter, Pointer)> = IndexMap::new();
    for (parameter, parameter_at) in declared {
        let parameter = resolver.parameter(parameter, &parameter_at)?;
        let location = match parameter {
            Parameter::Path { .. } => "path",
            Parameter::Query { .. } => "query",
            // OpenAPI: such header parameters "SHALL be ignored"; the client sets these itself.
            Parameter::Header { parameter_data, .. }
                if ["accept", "content-type", "authorization"]
                    .contains(&parameter_data.name.to_ascii_lowercase().as_str()) =>
            {
                continue;
            }
            Parameter::Header { .. } => "header",
            Parameter::Cookie { .. } => "cookie",
        };
        by_key.insert(
            (parameter.parameter_data_ref().name.clone(), location),
            (parameter, parameter_at),
        );
    }

    let mut names = Namespace::with_reserved(BUILDER_FIELDS);
    let mut params = Vec::with_capacity(by_key.len());
    for ((wire_name, _), (parameter, parameter_at)) in by_key {
        let data = parameter.parameter_data_ref();
        let (location, style) = match parameter {
            Parameter::Path { .. } => (ParamLocation::Path, ArrayStyle::Comma),
            Parameter::Header { .. } => (ParamLocation::Header, ArrayStyle::Comma),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, ArrayStyle::Comma),
            Parameter::Query { style, .. } => {
                let style = match (style, data.explode) {
                    (QueryStyle::SpaceDelimited, _) => ArrayStyle::Space,
                    (QueryStyle::PipeDelimited, _) => ArrayStyle::Pipe,
                    (_, Some(false)) => ArrayStyle::Comma,
                    _ => ArrayStyle::Exploded,
                };
                (ParamLocation::Query, style)
            }
        };
        let (ty, default) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let default = resolver
                    .schema(schema, &parameter_at)?
                    .1
                    .schema_data
                    .default
                    .clone();
                let schema_at = parameter_at.join("schema");
                let ty = if types.has_text_form(schema, &schema_at)? {
                    // A parameter's items have no way to be `null` on the wire: they are values.
                    match types.param_ty(schema, owner.unraw(), &wire_name, &schema_at)? {
                        Ty::Array(item) => match *item {
                            Ty::Nullable(item) => Ty::Array(item),
                            item => Ty::Array(Box::new(item)),
                        },
                        ty => ty,
                    }
                } else {
                    Ty::Json("the parameter's value is not a scalar, an enum or an array of them, so it is sent as JSON text".to_owned())
                };
                (ty, default)
            }
            ParameterSchemaOrContent::Content(_) => (Ty::String, None),
        };
        if location == ParamLocation::Path && !path.contains(&format!("{{{wire_name}}}")) {
            return Err(Error::at_pointer(
                file,
                parameter_at.as_str(),
                format!("path parameter `{wire_name}` does not appear in the path `{path}`"),
            ));
        }
        let envelope = is_envelope(&wire_name, location, &ty, data.required);
        params.push(Param {
            name: names.claim(naming::snake(&wire_name, "param")),
            location,
            style,
            ty,
            required: data.required || location == ParamLocation::Path,
            docs: data.description.clone(),
            default,
            envelope,
            wire_name,
            at: parameter_at.as_str().to_owned(),
        });
    }
    for segment in template_names(path) {
        if !params
            .iter()
            .any(|param| param.location == ParamLocation::Path && param.wire_name == segment)
        {
            return Err(Error::at_pointer(
                file,
                at.as_str(),
                format!(
                    "the path `{path}` uses `{{{segment}}}`, but no path parameter `{segment}` is declared"
                ),
            ));
        }
    }
    Ok(params)
}

/// The names in a path template's braces (`/groups/{groupId}` gives `groupId`).
fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}
