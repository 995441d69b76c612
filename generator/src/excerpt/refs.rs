//! The components a part of a spec reaches: `$ref`s, discriminator mappings and the security
//! schemes that security requirements name, followed transitively.

use std::collections::BTreeSet;

use serde_yaml::{Mapping, Value};

use crate::error::Error;

/// A component: its section (`schemas`) and name.
pub(super) type ComponentRef = (String, String);

/// Pushes every component `value` refers to directly onto `out`.
pub(super) fn collect(value: &Value, file: &str, out: &mut Vec<ComponentRef>) -> Result<(), Error> {
    match value {
        Value::Mapping(mapping) => {
            for (key, child) in mapping {
                match (key.as_str(), child) {
                    (Some("$ref"), Value::String(reference)) => {
                        out.push(component(reference, file)?)
                    }
                    (Some("mapping"), Value::Mapping(targets)) => {
                        // A discriminator's mapping names schemas by `$ref`-like strings; a property
                        // that happens to be called `mapping` holds a schema, whose strings are skipped.
                        for target in targets.values().filter_map(Value::as_str) {
                            if target.starts_with("#/components/") {
                                out.push(component(target, file)?);
                            }
                        }
                        collect(child, file, out)?;
                    }
                    _ => collect(child, file, out)?,
                }
            }
            Ok(())
        }
        Value::Sequence(items) => items.iter().try_for_each(|item| collect(item, file, out)),
        Value::Tagged(tagged) => collect(&tagged.value, file, out),
        _ => Ok(()),
    }
}

/// The section and name a `$ref` points at; only `#/components/<section>/<name>` is accepted.
fn component(reference: &str, file: &str) -> Result<ComponentRef, Error> {
    let tokens: Option<Vec<String>> = reference.strip_prefix("#/").map(|rest| {
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect()
    });
    match tokens.as_deref() {
        Some([components, section, name]) if components == "components" => {
            Ok((section.clone(), name.clone()))
        }
        _ => Err(Error::at_pointer(
            file,
            "#/paths",
            format!(
                "`$ref: {reference}` is not supported: only references to `#/components/<section>/<name>` are"
            ),
        )),
    }
}

/// The scheme names a `security` requirement list uses.
pub(super) fn security_schemes(security: Option<&Value>) -> BTreeSet<String> {
    security
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(Value::as_mapping)
        .flat_map(|requirement| requirement.keys())
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// Follows `queue` to every component reachable from it; fails on a reference to nothing.
pub(super) fn close(
    root: &Mapping,
    file: &str,
    mut queue: Vec<ComponentRef>,
) -> Result<BTreeSet<ComponentRef>, Error> {
    let components = root.get("components").and_then(Value::as_mapping);
    let mut needed = BTreeSet::new();
    while let Some((section, name)) = queue.pop() {
        if needed.contains(&(section.clone(), name.clone())) {
            continue;
        }
        let value = components
            .and_then(|c| c.get(section.as_str()))
            .and_then(|s| s.get(name.as_str()));
        let Some(value) = value else {
            return Err(Error::at_pointer(
                file,
                format!(
                    "#/components/{section}/{}",
                    name.replace('~', "~0").replace('/', "~1")
                ),
                "a `$ref` or security requirement points here, but there is no such component",
            ));
        };
        collect(value, file, &mut queue)?;
        needed.insert((section, name));
    }
    Ok(needed)
}
