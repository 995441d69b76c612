//! OpenAPI 3.1 documents, read into the same `openapiv3` (3.0) model as every other spec.
//!
//! A 3.1 document is parsed into a YAML tree, rewritten in place into the 3.0 document that
//! means the same to a client (`schema` for JSON Schema 2020-12; here the document: path items
//! from `components.pathItems`, `mutualTLS` schemes, `webhooks`, `jsonSchemaDialect`), and then
//! read as a 3.0 document is. The rewrite keeps every node where it stands, so an error found
//! later by pointer is at the right line of the spec's text. Why a conversion and not a second
//! model: docs/design.md ("OpenAPI 3.1").

mod schema;

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use super::pointer::split_local_ref;
use super::{PARSER_FAILED, Pointer, keys, numbers, shape_fault, yaml_error};
use crate::error::{Error, Warning};

/// The dialects whose schemas are read here: OpenAPI 3.1's own (the default, in any of its
/// releases) and plain JSON Schema 2020-12, which it extends only with annotations.
fn is_known_dialect(dialect: &str) -> bool {
    dialect.starts_with("https://spec.openapis.org/oas/3.1/dialect/")
        || dialect.trim_end_matches('#') == "https://json-schema.org/draft/2020-12/schema"
}

/// The HTTP methods a path item can hold, in OpenAPI's order.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How many `$ref`s between path items may be chained before we call it a cycle.
const MAX_REF_CHAIN: usize = 64;

/// Whether `version` (the `openapi` field) is 3.1.x.
pub(crate) fn is_version(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Whether `text` sets a key `openapi` to a 3.1 version anywhere (a cheap look before parsing,
/// so that 3.0 documents take their usual path; [`load`] checks the top level).
pub(super) fn declared(text: &str) -> bool {
    text.match_indices("openapi").any(|(start, _)| {
        let before = text[..start].chars().next_back();
        if !matches!(
            before,
            None | Some('\n' | ' ' | '\t' | '"' | '\'' | '{' | ',')
        ) {
            return false;
        }
        let rest = text[start + "openapi".len()..].trim_start_matches(['"', '\'']);
        let Some(value) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            return false;
        };
        is_version(
            value
                .trim_start()
                .trim_start_matches(['"', '\''])
                .split(['"', '\'', ',', '\n', '\r', ' ', '}'])
                .next()
                .unwrap_or_default(),
        )
    })
}

/// Parses the 3.1 document `text` (named `file`) into the 3.0 model, with the warnings about
/// what was read otherwise than written; `None` when its top-level `openapi` is not 3.1 after
/// all (the caller reads it as 3.0).
pub(super) fn load(file: &str, text: &str) -> Option<Result<(OpenAPI, Vec<Warning>), Error>> {
    let Rewritten {
        value,
        warnings,
        version,
    } = match rewritten(file, text)? {
        Ok(rewritten) => rewritten,
        Err(error) => return Some(Err(error)),
    };
    // `openapiv3` panics on some inputs it cannot represent; that must not escape the generator.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        OpenAPI::deserialize(&value)
    }));
    Some(match parsed {
        Ok(Ok(mut document)) => {
            document.openapi = version;
            Ok((document, warnings))
        }
        Ok(Err(error)) => Err(fault(file, &value, &error.to_string())),
        Err(_) => Err(fault(file, &value, PARSER_FAILED)),
    })
}

/// A 3.1 document rewritten as a 3.0 document.
pub(super) struct Rewritten {
    /// The 3.0 document, as a YAML tree.
    pub(super) value: Value,
    /// What was read otherwise than written.
    pub(super) warnings: Vec<Warning>,
    /// The `openapi` version the document declared.
    pub(super) version: String,
}

/// The 3.1 document `text` rewritten as a 3.0 document; `None` when its top-level `openapi` is
/// not 3.1.
pub(super) fn rewritten(file: &str, text: &str) -> Option<Result<Rewritten, Error>> {
    let (mut value, mut warnings) = match parse_tree(file, text) {
        Ok(parsed) => parsed,
        Err(error) => return Some(Err(error)),
    };
    let version = value.get("openapi").and_then(Value::as_str)?.to_owned();
    if !is_version(&version) {
        return None;
    }
    let Value::Mapping(root) = &mut value else {
        return None;
    };
    Some(
        convert_document(file, root, &mut warnings).map(|()| Rewritten {
            value,
            warnings,
            version,
        }),
    )
}

/// The first place the rewritten document does not have the shape OpenAPI requires, or the
/// parser's `message` when none is found.
fn fault(file: &str, value: &Value, message: &str) -> Error {
    shape_fault(file, value).unwrap_or_else(|| Error::io(file, message))
}

/// `text` as a YAML tree with string keys; integers beyond 64 bits are read as the nearest one,
/// with a warning, as for 3.0 documents.
fn parse_tree(file: &str, text: &str) -> Result<(Value, Vec<Warning>), Error> {
    match keys::from_str::<Value>(text) {
        Ok(value) => Ok((value, Vec::new())),
        Err(error) => numbers::parse_clamped(file, text, &error, keys::from_str::<Value>)
            .map(|(value, warnings, _)| (value, warnings))
            .ok_or_else(|| yaml_error(file, &error)),
    }
}

/// Rewrites the document `root` as a 3.0 document.
fn convert_document(
    file: &str,
    root: &mut Mapping,
    warnings: &mut Vec<Warning>,
) -> Result<(), Error> {
    let at = Pointer::root();
    root.insert("openapi".into(), Value::String("3.0.3".to_owned()));
    if let Some(dialect) = root.remove("jsonSchemaDialect") {
        let dialect = dialect.as_str().unwrap_or_default();
        if !is_known_dialect(dialect) {
            warnings.push(Warning::at_pointer(
                file,
                "#/jsonSchemaDialect",
                format!(
                    "schemas of the dialect `{dialect}` are read as JSON Schema 2020-12, as OpenAPI 3.1 uses it"
                ),
            ));
        }
    }
    // Webhooks are requests the API sends, not operations a client calls: they are not read.
    root.remove("webhooks");
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Mapping(Mapping::new()));
    }
    inline_path_items(file, root)?;
    mutual_tls(file, root, warnings);
    if let Some(Value::Mapping(components)) = root.get_mut("components") {
        components.remove("pathItems");
        let at = at.join("components");
        each(file, components, "schemas", &at, schema::convert)?;
        each(file, components, "parameters", &at, parameter)?;
        each(file, components, "headers", &at, parameter)?;
        each(file, components, "requestBodies", &at, body)?;
        each(file, components, "responses", &at, response)?;
    }
    if let Some(Value::Mapping(paths)) = root.get_mut("paths") {
        let at = at.join("paths");
        for (path, item) in paths.iter_mut() {
            path_item(file, item, &at.join(path.as_str().unwrap_or_default()))?;
        }
    }
    Ok(())
}

type Rewrite = fn(&str, &mut Value, &Pointer) -> Result<(), Error>;

/// Applies `rewrite` to every entry of `map[key]`: each value of a mapping (`components.schemas`,
/// `responses`) or each member of a sequence (`parameters`).
fn each(
    file: &str,
    map: &mut Mapping,
    key: &str,
    at: &Pointer,
    rewrite: Rewrite,
) -> Result<(), Error> {
    let at = at.join(key);
    match map.get_mut(key) {
        Some(Value::Mapping(entries)) => {
            for (name, value) in entries.iter_mut() {
                rewrite(file, value, &at.join(name.as_str().unwrap_or_default()))?;
            }
        }
        Some(Value::Sequence(members)) => {
            for (index, member) in members.iter_mut().enumerate() {
                rewrite(file, member, &at.join(index.to_string()))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A path item `{$ref: '#/components/pathItems/X'}` becomes a copy of `X` (3.0 has no
/// `components.pathItems`); fields beside the `$ref` are kept over the copy's. The excerpt uses
/// it too, so that it finds the operations of such paths.
pub(crate) fn inline_path_items(file: &str, root: &mut Mapping) -> Result<(), Error> {
    let shared = root
        .get("components")
        .and_then(|components| components.get("pathItems"))
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    let Some(Value::Mapping(paths)) = root.get_mut("paths") else {
        return Ok(());
    };
    for (path, item) in paths.iter_mut() {
        let Value::Mapping(item) = item else {
            continue;
        };
        let at = Pointer::root()
            .join("paths")
            .join(path.as_str().unwrap_or_default())
            .join("$ref");
        let mut reference = item.remove("$ref");
        let mut merged = Mapping::new();
        for _ in 0..MAX_REF_CHAIN {
            let Some(target) = reference.take() else {
                break;
            };
            let target = target.as_str().unwrap_or_default();
            let tokens = split_local_ref(target).unwrap_or_default();
            let name = match tokens.as_slice() {
                [components, section, name]
                    if components == "components" && section == "pathItems" =>
                {
                    Some(name.as_str())
                }
                _ => None,
            };
            let Some(Value::Mapping(found)) = name.and_then(|name| shared.get(name)) else {
                return Err(Error::at_pointer(
                    file,
                    at.as_str(),
                    format!(
                        "`{target}` is not a path item of `#/components/pathItems`: a path's `$ref` must name one"
                    ),
                ));
            };
            let mut found = found.clone();
            reference = found.remove("$ref");
            for (key, value) in found {
                merged.entry(key).or_insert(value);
            }
        }
        if reference.is_some() {
            return Err(Error::at_pointer(
                file,
                at.as_str(),
                "the path items' `$ref`s form a cycle",
            ));
        }
        for (key, value) in merged {
            item.entry(key).or_insert(value);
        }
    }
    Ok(())
}

/// A `mutualTLS` scheme (new in 3.1) is the TLS identity of the HTTP client the caller builds,
/// which the generated code does not set: the scheme is dropped with a warning, and the
/// requirements naming it are met without it.
fn mutual_tls(file: &str, root: &mut Mapping, warnings: &mut Vec<Warning>) {
    let Some(Value::Mapping(schemes)) = root
        .get_mut("components")
        .and_then(|components| components.get_mut("securitySchemes"))
    else {
        return;
    };
    let names: Vec<Value> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &names {
        schemes.remove(name);
        let name = name.as_str().unwrap_or_default();
        warnings.push(Warning::at_pointer(
            file,
            Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name)
                .as_str(),
            format!(
                "`{name}` is a mutualTLS scheme: the client certificate is set on the HTTP client given to the generated client, so requirements naming it are treated as met"
            ),
        ));
    }
    if names.is_empty() {
        return;
    }
    let drop_names = |security: Option<&mut Value>| {
        if let Some(Value::Sequence(requirements)) = security {
            for requirement in requirements {
                if let Value::Mapping(requirement) = requirement {
                    requirement.retain(|name, _| !names.contains(name));
                }
            }
        }
    };
    drop_names(root.get_mut("security"));
    if let Some(Value::Mapping(paths)) = root.get_mut("paths") {
        for item in paths.values_mut() {
            for method in METHODS {
                drop_names(item.get_mut(method).and_then(|op| op.get_mut("security")));
            }
        }
    }
}

/// A path item's parameters and operations.
fn path_item(file: &str, item: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Value::Mapping(item) = item else {
        return Ok(());
    };
    each(file, item, "parameters", at, parameter)?;
    for method in METHODS {
        if let Some(Value::Mapping(operation)) = item.get_mut(method) {
            let at = at.join(method);
            each(file, operation, "parameters", &at, parameter)?;
            if let Some(request) = operation.get_mut("requestBody") {
                body(file, request, &at.join("requestBody"))?;
            }
            each(file, operation, "responses", &at, response)?;
        }
    }
    Ok(())
}

/// Adds `encoding.<property>.contentType` for each property of the (inline) schema of the
/// multipart media type `map` that has a `contentMediaType` and no encoding of its own.
fn part_content_types(map: &mut Mapping) {
    let Some(Value::Mapping(properties)) = map
        .get("schema")
        .and_then(|schema| schema.get("properties"))
    else {
        return;
    };
    let typed: Vec<(Value, Value)> = properties
        .iter()
        .filter_map(|(property, schema)| {
            let media_type = schema.get("contentMediaType")?;
            Some((property.clone(), media_type.clone()))
        })
        .collect();
    if typed.is_empty() {
        return;
    }
    let encodings = map
        .entry("encoding".into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(encodings) = encodings else {
        return;
    };
    for (property, media_type) in typed {
        encodings.entry(property).or_insert_with(|| {
            let mut encoding = Mapping::new();
            encoding.insert("contentType".into(), media_type);
            Value::Mapping(encoding)
        });
    }
}

/// A parameter or a header: its schema, or the schemas of its `content`.
fn parameter(file: &str, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Value::Mapping(map) = value else {
        return Ok(());
    };
    if let Some(schema) = map.get_mut("schema") {
        schema::convert(file, schema, &at.join("schema"))?;
    }
    content(file, map, at)
}

/// A request body: the schemas of its `content`.
fn body(file: &str, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    match value {
        Value::Mapping(map) => content(file, map, at),
        _ => Ok(()),
    }
}

/// A response: its headers and the schemas of its `content`.
fn response(file: &str, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Value::Mapping(map) = value else {
        return Ok(());
    };
    each(file, map, "headers", at, parameter)?;
    content(file, map, at)
}

/// The media types of the `content` of `map`.
fn content(file: &str, map: &mut Mapping, at: &Pointer) -> Result<(), Error> {
    let Some(Value::Mapping(media_types)) = map.get_mut("content") else {
        return Ok(());
    };
    let at = at.join("content");
    for (name, value) in media_types.iter_mut() {
        let name = name.as_str().unwrap_or_default();
        media_type(file, name, value, &at.join(name))?;
    }
    Ok(())
}

/// A media type: its schema and the headers of its `encoding`. In a multipart body, a
/// property's `contentMediaType` is its part's content type, as `encoding.contentType` says in
/// 3.0.
fn media_type(file: &str, name: &str, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Value::Mapping(map) = value else {
        return Ok(());
    };
    if name.starts_with("multipart/") {
        part_content_types(map);
    }
    if let Some(schema) = map.get_mut("schema") {
        schema::convert(file, schema, &at.join("schema"))?;
    }
    if let Some(Value::Mapping(encodings)) = map.get_mut("encoding") {
        let at = at.join("encoding");
        for (name, encoding) in encodings.iter_mut() {
            if let Value::Mapping(encoding) = encoding {
                let at = at.join(name.as_str().unwrap_or_default());
                each(file, encoding, "headers", &at, parameter)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
