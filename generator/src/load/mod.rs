//! Stage 1: spec text into an `openapiv3` document.
//!
//! Parse errors carry the line and column `serde_yaml` reports; documents that are neither OpenAPI
//! 3.0 nor 3.1 (Swagger 2.0, empty files) are refused with a message that says so. A 3.1 document
//! is rewritten into the 3.0 model (`openapi31`).
//! [`Resolver`] follows local `$ref`s and reports dangling, external and cyclic ones by JSON pointer.
//! A big spec is parsed on two threads (`split`). Mapping keys are strings, as OpenAPI requires,
//! even when written as unquoted numbers or booleans (`keys`).

mod keys;
mod locate;
mod numbers;
mod openapi31;
mod pointer;
mod resolve;
mod shape;
mod split;

pub(crate) use locate::{line_in, line_of, lines_of};
pub(crate) use openapi31::{METHODS, inline_path_items, is_version as is_openapi31};
pub(crate) use pointer::Pointer;
pub(crate) use resolve::Resolver;

use openapiv3::OpenAPI;
use serde::de::DeserializeOwned;

use crate::error::{Error, Warning};

/// Parses `text` (the spec named `file`) and checks that it is an OpenAPI 3.0.x or 3.1.x document.
pub(crate) fn load(file: &str, text: &str) -> Result<OpenAPI, Error> {
    load_with_warnings(file, text).map(|(document, _)| document)
}

/// Like [`load`], with the warnings about what was read otherwise than written (integers too big
/// for 64 bits).
pub(crate) fn load_with_warnings(file: &str, text: &str) -> Result<(OpenAPI, Vec<Warning>), Error> {
    if text.trim().is_empty() {
        return Err(Error::io(
            file,
            "the spec is empty: expected an OpenAPI 3.0 or 3.1 document",
        ));
    }
    if let Some((line, value)) = non_finite_number(text) {
        return Err(Error::at_line(
            file,
            line,
            1,
            format!(
                "`{value}` is not a number JSON Schema allows: NaN and infinities cannot be written in JSON"
            ),
        ));
    }
    if openapi31::declared(text)
        && let Some(loaded) = openapi31::load(file, text)
    {
        return loaded
            .map_err(|error| error.with_line_of_pointer(|pointer| line_of(text, pointer)));
    }
    // A big spec is parsed in two parts on two threads when its layout allows; otherwise, and
    // for every error, as one text.
    if let Some(document) = split::parse(text) {
        return check_version(file, &document.openapi)
            .map(|()| (document, Vec::new()))
            .map_err(|error| error.with_line_of_pointer(|pointer| line_of(text, pointer)));
    }
    // `openapiv3` panics on some inputs it cannot represent; a panic must not escape the
    // generator, so it becomes an error like any other parse failure.
    let parsed = std::panic::catch_unwind(|| parse::<OpenAPI>(text)).map_err(|_| {
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .ok()
            .and_then(|value| shape_fault(file, &value))
            .unwrap_or_else(|| Error::io(file, PARSER_FAILED))
            .with_line_of_pointer(|pointer| line_of(text, pointer))
    })?;
    let result = match parsed {
        Ok(document) => check_version(file, &document.openapi).map(|()| (document, Vec::new())),
        Err(parse_error) => {
            // As above: `openapiv3` must not panic out of the generator.
            let clamped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                numbers::parse_clamped(file, text, &parse_error, parse::<OpenAPI>)
            }))
            .ok()
            .flatten();
            match clamped {
                Some((document, warnings, _)) => {
                    check_version(file, &document.openapi).map(|()| (document, warnings))
                }
                None => Err(explain_parse_error(file, text, &parse_error)),
            }
        }
    };
    result.map_err(|error| error.with_line_of_pointer(|pointer| line_of(text, pointer)))
}

/// The spec `text` as a JSON value, as the generator reads it: a 3.1 document in its 3.0 form,
/// and integers that do not fit 64 bits read as the nearest `i64`.
pub(crate) fn json_document(file: &str, text: &str) -> Result<serde_json::Value, Error> {
    let cannot = |e: &dyn std::fmt::Display| {
        Error::io(file, format!("cannot read the spec as a JSON value: {e}"))
    };
    if openapi31::declared(text)
        && let Some(rewritten) = openapi31::rewritten(file, text)
    {
        let rewritten = rewritten
            .map_err(|error| error.with_line_of_pointer(|pointer| line_of(text, pointer)))?;
        return serde_json::to_value(&rewritten.value).map_err(|e| cannot(&e));
    }
    serde_yaml::from_str(text).or_else(|error| {
        with_clamped_integers(file, text)
            .and_then(|clamped| serde_yaml::from_str(&clamped).ok())
            .ok_or_else(|| cannot(&error))
    })
}

/// `text` with every integer literal that does not fit 64 bits written as the nearest `i64`, as
/// [`load`] reads it; `None` when it has none (or does not parse for another reason).
fn with_clamped_integers(file: &str, text: &str) -> Option<String> {
    let error = serde_yaml::from_str::<OpenAPI>(text).err()?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        numbers::parse_clamped(file, text, &error, parse::<OpenAPI>)
    }))
    .ok()
    .flatten()
    .map(|(_, _, text)| text)
}

/// `text` parsed as `T`. Mapping keys are strings in OpenAPI, but a plain parse reads an unquoted
/// `200:` or `true:` as a number or boolean, which `openapiv3` refuses wherever it buffers a value
/// (extensions, `$ref`-or-object values); so a text that fails is parsed again with every key
/// read as a string (`keys`). Specs that parse the first time pay nothing for it.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, serde_yaml::Error> {
    serde_yaml::from_str::<T>(text).or_else(|_| keys::from_str::<T>(text))
}

/// The first YAML scalar that is NaN or an infinity (`.nan`, `-.inf`), with its 1-based line.
/// The OpenAPI parser cannot handle them, and no JSON document can contain them.
fn non_finite_number(text: &str) -> Option<(usize, &str)> {
    const NON_FINITE: &[&str] = &[".nan", ".inf", "+.inf", "-.inf"];
    // A quick test over the bytes first, so that ordinary specs are not scanned line by line.
    let maybe = text.as_bytes().windows(4).any(|window| match window {
        [b'.', rest @ ..] => rest.eq_ignore_ascii_case(b"nan") || rest.eq_ignore_ascii_case(b"inf"),
        _ => false,
    });
    if !maybe {
        return None;
    }
    for (index, line) in text.lines().enumerate() {
        let code = line.split(" #").next().unwrap_or(line);
        for (start, _) in code.match_indices('.') {
            let before = code[..start].trim_end_matches(['+', '-']).trim_end();
            let token_start =
                start - (code[..start].len() - code[..start].trim_end_matches(['+', '-']).len());
            let token = code[token_start..]
                .split([',', ']', '}', ' '])
                .next()
                .unwrap_or_default();
            let opens_value = before.is_empty() || before.ends_with([':', '-', '[', ',', '{']);
            if opens_value && NON_FINITE.contains(&token.to_ascii_lowercase().as_str()) {
                return Some((index + 1, token));
            }
        }
    }
    None
}

fn check_version(file: &str, version: &str) -> Result<(), Error> {
    if version.starts_with("3.0.") || version == "3.0" {
        Ok(())
    } else {
        Err(Error::at_pointer(
            file,
            "#/openapi",
            format!(
                "OpenAPI {version} is not supported: this generator reads OpenAPI 3.0.x and 3.1.x documents"
            ),
        ))
    }
}

/// Turns a failed parse into the clearest message we can give: a document that is not OpenAPI
/// 3.0 is refused as such; otherwise the first node that does not have the shape OpenAPI
/// requires is reported by pointer (`shape`), and failing that, the parser's own error. The
/// document is looked at a second time only here, on the error path, so that well-formed specs
/// are parsed once.
fn explain_parse_error(file: &str, text: &str, error: &serde_yaml::Error) -> Error {
    if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        if let Some(map) = value.as_mapping() {
            if let Some(swagger) = map.get("swagger") {
                let version = scalar_text(swagger);
                return Error::at_pointer(
                    file,
                    "#/swagger",
                    format!(
                        "Swagger {version} is not supported: convert the spec to OpenAPI 3.0 first"
                    ),
                );
            }
            match map.get("openapi") {
                None => {
                    return Error::at_pointer(
                        file,
                        "#",
                        "not an OpenAPI document: the top-level `openapi` field is missing",
                    );
                }
                Some(version) => {
                    let version = scalar_text(version);
                    if let Err(version_error) = check_version(file, &version) {
                        return version_error;
                    }
                }
            }
        } else {
            return Error::at_line(
                file,
                1,
                1,
                "not an OpenAPI document: the top level is not a mapping",
            );
        }
        if let Some(fault) = shape_fault(file, &value) {
            return fault;
        }
    }
    yaml_error(file, error)
}

/// What `openapiv3` says when it panics on a document instead of refusing it.
const PARSER_FAILED: &str =
    "the OpenAPI parser failed on this document; check it with an OpenAPI validator";

/// The first node of `document` that does not have the shape OpenAPI requires, as an error at
/// its pointer.
fn shape_fault(file: &str, document: &serde_yaml::Value) -> Option<Error> {
    shape::find_fault(document)
        .map(|fault| Error::at_pointer(file, fault.pointer.as_str(), fault.message))
}

/// A YAML parse error at the line and column `serde_yaml` gives.
fn yaml_error(file: &str, error: &serde_yaml::Error) -> Error {
    let message = strip_location(&error.to_string());
    match error.location() {
        Some(location) => Error::at_line(file, location.line(), location.column(), message),
        None => Error::io(file, message),
    }
}

fn scalar_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// `serde_yaml` appends " at line L column C" to its messages; we print the location ourselves.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{load, shape};
    use crate::upstream_tests::release;

    /// The shape walk must find no fault in a valid spec: it runs only when the parser has
    /// refused a spec, and must not blame a place that is fine.
    fn assert_no_shape_fault(name: &str, text: &str) {
        let value: serde_yaml::Value =
            serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(shape::find_fault(&value), None, "{name}");
    }

    #[test]
    fn the_excerpt_has_no_shape_fault() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/atlas-admin-v2-excerpt.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        assert_no_shape_fault("the excerpt", &text);
    }

    #[test]
    #[ignore = "needs ../shared/atlas; run by .ci/run"]
    fn the_releases_have_no_shape_fault() {
        for name in [
            "atlas-admin-v2-2025-03-18.yaml",
            "atlas-admin-v2-2026-08-21.yaml",
        ] {
            let path = release(name);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            assert_no_shape_fault(name, &text);
        }
    }

    /// Valid OpenAPI 3.0 documents from other projects, in `realworld/` beside the upstream
    /// releases: each must load, and the shape walk must find no fault in any.
    /// (dropboxsign-api.yaml has unquoted `200:` keys in `x-webhooks`.)
    #[test]
    #[ignore = "needs ../shared/realworld; run by .ci/run"]
    fn every_real_world_spec_loads() {
        let newest = release("atlas-admin-v2-2026-08-21.yaml");
        let dir = newest
            .parent()
            .and_then(Path::parent)
            .map(|shared| shared.join("realworld"))
            .unwrap_or_default();
        let mut specs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "json")
            })
            .collect();
        specs.sort();
        assert!(
            specs.len() >= 14,
            "{} has {} specs",
            dir.display(),
            specs.len()
        );
        let failures: Vec<String> = specs
            .iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                assert_no_shape_fault(&path.display().to_string(), &text);
                load(&path.display().to_string(), &text)
                    .err()
                    .map(|error| error.to_string())
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} specs do not load:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}
