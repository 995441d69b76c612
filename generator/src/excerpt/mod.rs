//! Cuts an excerpt out of an upstream spec: some operations and every component they reach,
//! copied verbatim.
//!
//! [`excerpt`] works on the YAML tree (`serde_yaml::Value`), not on the typed model, so that what
//! it copies keeps every key upstream wrote, extensions and prose included. An operation is found
//! by its `operationId`; when upstream no longer has that ID, by the method and path the current
//! excerpt gives it, which follows a rename in either direction (refreshing from a newer release
//! finds the new ID, refreshing from an older one the old ID).
//!
//! The output is deterministic: a fixed top-level order (`openapi`, `info`, `externalDocs`,
//! `servers`, `security`, `tags`, `paths`, `components`), paths sorted, path items in upstream's
//! key order, component sections in a fixed order and components sorted by name. Top-level
//! extensions (`x-...`) are left out; extensions inside what is copied are kept.

mod refs;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_yaml::{Mapping, Value};

use crate::error::Error;
use crate::load::METHODS;
use crate::{load, model};

/// The component sections copied, in output order.
const SECTIONS: [&str; 9] = [
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
    "examples",
    "links",
    "callbacks",
    "securitySchemes",
];

/// An operation to put in the excerpt.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Wanted {
    /// The `operationId` looked for first.
    pub id: String,
    /// The method (lower case) and path to look for when upstream has no operation `id`.
    pub route: Option<(String, String)>,
}

impl Wanted {
    /// The operation `id`, found by ID only.
    pub fn id(id: impl Into<String>) -> Self {
        Wanted {
            id: id.into(),
            route: None,
        }
    }

    /// The operation `id`, or whatever upstream has at `method` and `path` if the ID is gone.
    pub fn at(id: impl Into<String>, method: &str, path: impl Into<String>) -> Self {
        Wanted {
            id: id.into(),
            route: Some((method.to_ascii_lowercase(), path.into())),
        }
    }
}

/// How an operation of the excerpt was found upstream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched {
    /// By its `operationId`.
    Id,
    /// By method and path: upstream has it under another `operationId`.
    Route,
}

/// One operation the excerpt holds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Kept {
    /// The `operationId` that was asked for.
    pub wanted: String,
    /// Its `operationId` upstream (differs from `wanted` when a rename was followed).
    pub id: String,
    /// Lower-case method.
    pub method: String,
    pub path: String,
    pub matched: Matched,
}

/// An excerpt: its text and what went into it.
#[derive(Clone, Debug)]
pub struct Excerpt {
    text: String,
    operations: Vec<Kept>,
    components: BTreeMap<String, usize>,
}

impl Excerpt {
    /// The excerpt as YAML, starting with a comment that says where it comes from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The operations it holds, in the order they were asked for.
    pub fn operations(&self) -> &[Kept] {
        &self.operations
    }

    /// How many components of each section (`schemas`, `responses`, ...) it holds.
    pub fn components(&self) -> &BTreeMap<String, usize> {
        &self.components
    }

    /// What was done, one line per operation and a line of component counts.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for kept in &self.operations {
            let route = format!("{} {}", kept.method.to_ascii_uppercase(), kept.path);
            let _ = match kept.matched {
                Matched::Id => writeln!(out, "  {}: kept ({route})", kept.id),
                Matched::Route => writeln!(
                    out,
                    "  {}: no such operationId upstream; followed {route} to `{}` (renamed)",
                    kept.wanted, kept.id
                ),
            };
        }
        let counts: Vec<String> = SECTIONS
            .iter()
            .filter_map(|section| {
                self.components
                    .get(*section)
                    .map(|n| format!("{n} {section}"))
            })
            .collect();
        let counts = if counts.is_empty() {
            "none".to_owned()
        } else {
            counts.join(", ")
        };
        let _ = writeln!(out, "  components: {counts}");
        out
    }
}

/// The operations of an existing excerpt (`text`, named `name`), each with its method and path so
/// that a refresh can follow renames. An operation without an `operationId` is wanted by route.
pub fn operations_of(text: &str, name: &str) -> Result<Vec<Wanted>, Error> {
    let root = parse(text, name)?;
    let mut wanted = Vec::new();
    for (path, method, operation) in operations(&root) {
        let id = operation_id(operation)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("{method} {path}"));
        wanted.push(Wanted::at(id, method, path));
    }
    Ok(wanted)
}

/// The operations of the spec `text` (named `name`) that a client generated with only these
/// operationIds and tags keeps (see [`Config::operations`](crate::Config::operations) and
/// [`Config::tags`](crate::Config::tags)): what an excerpt for that client holds. Fails when
/// an ID or tag names nothing, so that a typo is not silently a smaller excerpt.
pub fn selected(
    text: &str,
    name: &str,
    ids: &[String],
    tags: &[String],
) -> Result<Vec<Wanted>, Error> {
    let root = parse(text, name)?;
    let mut wanted = Vec::new();
    let (mut ids_seen, mut tags_seen) = (BTreeSet::new(), BTreeSet::new());
    for (path, method, operation) in operations(&root) {
        let id = operation_id(operation);
        let operation_tags: Vec<&str> = operation
            .get("tags")
            .and_then(Value::as_sequence)
            .map(|tags| tags.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let by_id = id.filter(|id| ids.iter().any(|wanted| wanted == id));
        let by_tag: Vec<&str> = operation_tags
            .iter()
            .copied()
            .filter(|tag| tags.iter().any(|wanted| wanted == tag))
            .collect();
        if by_id.is_none() && by_tag.is_empty() && !(ids.is_empty() && tags.is_empty()) {
            continue;
        }
        ids_seen.extend(by_id);
        tags_seen.extend(by_tag);
        let id = id
            .map(str::to_owned)
            .unwrap_or_else(|| format!("{method} {path}"));
        wanted.push(Wanted::at(id, method, path));
    }
    let missing: Vec<&str> = ids
        .iter()
        .filter(|id| !ids_seen.contains(id.as_str()))
        .chain(tags.iter().filter(|tag| !tags_seen.contains(tag.as_str())))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(Error::io(
            name,
            format!(
                "no operation has the operationId or tag {}",
                missing
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    Ok(wanted)
}

/// Cuts the `wanted` operations and every component they reach out of the spec `upstream_text`
/// (named `upstream_name` in errors and in the excerpt's header).
///
/// Fails when an operation cannot be found, a `$ref` is dangling or not local, or the excerpt
/// would not generate a client.
pub fn excerpt(
    upstream_text: &str,
    upstream_name: &str,
    wanted: &[Wanted],
) -> Result<Excerpt, Error> {
    let root = parse(upstream_text, upstream_name)?;
    let kept = find(&root, upstream_name, wanted)?;
    let paths = paths(&root, &kept);
    let components = reached(&root, &paths, upstream_name)?;
    let (document, counts) = document(&root, paths, &components);
    let body = serde_yaml::to_string(&Value::Mapping(document)).map_err(|e| {
        Error::io(
            upstream_name,
            format!("cannot write the excerpt as YAML: {e}"),
        )
    })?;
    let text = format!("{}{body}", header(&root, upstream_name, &kept));
    check(&text, upstream_name)?;
    Ok(Excerpt {
        text,
        operations: kept,
        components: counts,
    })
}

/// Every component the excerpt's paths reach, and the security schemes its requirements name.
fn reached(
    root: &Mapping,
    paths: &Mapping,
    file: &str,
) -> Result<BTreeSet<refs::ComponentRef>, Error> {
    let mut queue = Vec::new();
    for item in paths.values() {
        refs::collect(item, file, &mut queue)?;
    }
    let mut schemes = refs::security_schemes(root.get("security"));
    for item in paths.values().filter_map(Value::as_mapping) {
        for method in METHODS {
            schemes.extend(refs::security_schemes(
                item.get(method)
                    .and_then(|operation| operation.get("security")),
            ));
        }
    }
    queue.extend(
        schemes
            .into_iter()
            .map(|name| ("securitySchemes".to_owned(), name)),
    );
    refs::close(root, file, queue)
}

/// The excerpt as a YAML tree, in the fixed top-level order, and its component counts.
fn document(
    root: &Mapping,
    paths: Mapping,
    components: &BTreeSet<refs::ComponentRef>,
) -> (Mapping, BTreeMap<String, usize>) {
    let mut out = Mapping::new();
    for key in ["openapi", "info", "externalDocs", "servers", "security"] {
        if let Some(value) = root.get(key) {
            out.insert(Value::from(key), value.clone());
        }
    }
    if let Some(tags) = tags(root, &paths) {
        out.insert(Value::from("tags"), tags);
    }
    out.insert(Value::from("paths"), Value::Mapping(paths));
    let (sections, counts) = component_sections(root, components);
    if !sections.is_empty() {
        out.insert(Value::from("components"), Value::Mapping(sections));
    }
    (out, counts)
}

fn parse(text: &str, name: &str) -> Result<Mapping, Error> {
    match serde_yaml::from_str::<Value>(text) {
        // An OpenAPI 3.1 path may be a `$ref` to `components.pathItems`: it is copied in, so
        // that its operations are found and cut like any other.
        Ok(Value::Mapping(mut root)) => {
            if root
                .get("openapi")
                .and_then(Value::as_str)
                .is_some_and(load::is_openapi31)
            {
                load::inline_path_items(name, &mut root).map_err(|error| {
                    error.with_line_of_pointer(|pointer| load::line_of(text, pointer))
                })?;
            }
            Ok(root)
        }
        Ok(_) => Err(Error::at_line(
            name,
            1,
            1,
            "not an OpenAPI document: the top level is not a mapping",
        )),
        Err(error) => Err(match error.location() {
            Some(at) => Error::at_line(name, at.line(), at.column(), error.to_string()),
            None => Error::io(name, error.to_string()),
        }),
    }
}

/// Every operation of a document: path, lower-case method and the operation's mapping.
fn operations(root: &Mapping) -> Vec<(&str, &'static str, &Value)> {
    let Some(paths) = root.get("paths").and_then(Value::as_mapping) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (path, item) in paths {
        let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
            continue;
        };
        for method in METHODS {
            if let Some(operation) = item.get(method).filter(|operation| operation.is_mapping()) {
                found.push((path, method, operation));
            }
        }
    }
    found
}

fn operation_id(operation: &Value) -> Option<&str> {
    operation
        .get("operationId")
        .and_then(Value::as_str)
        .filter(|id| !id.trim().is_empty())
}

/// Finds each wanted operation upstream, by ID and else by route; an operation asked for twice
/// is kept once.
fn find(root: &Mapping, name: &str, wanted: &[Wanted]) -> Result<Vec<Kept>, Error> {
    let upstream = operations(root);
    let mut kept: Vec<Kept> = Vec::new();
    for want in wanted {
        let by_id = upstream
            .iter()
            .find(|(_, _, operation)| operation_id(operation) == Some(want.id.as_str()));
        let found = match (by_id, &want.route) {
            (Some(found), _) => Some((found, Matched::Id)),
            (None, Some((method, path))) => upstream
                .iter()
                .find(|(p, m, _)| p == path && m == method)
                .map(|found| (found, Matched::Route)),
            (None, None) => None,
        };
        let Some(((path, method, operation), matched)) = found else {
            return Err(not_found(name, want));
        };
        if kept.iter().any(|k| k.path == *path && k.method == *method) {
            continue;
        }
        kept.push(Kept {
            wanted: want.id.clone(),
            id: operation_id(operation)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{method} {path}")),
            method: (*method).to_owned(),
            path: (*path).to_owned(),
            matched,
        });
    }
    Ok(kept)
}

fn not_found(name: &str, want: &Wanted) -> Error {
    let message = match &want.route {
        Some((method, path)) => {
            format!(
                "no operation `{}` upstream, and nothing at {} {path} either",
                want.id,
                method.to_ascii_uppercase()
            )
        }
        None => {
            format!(
                "no operation `{}` upstream (and no method and path are known for it to follow a rename)",
                want.id
            )
        }
    };
    Error::at_pointer(name, "#/paths", message)
}

/// The `paths` of the excerpt: each kept path (sorted) with its non-operation keys and its kept
/// operations, in upstream's key order.
fn paths(root: &Mapping, kept: &[Kept]) -> Mapping {
    let mut methods: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for k in kept {
        methods
            .entry(k.path.as_str())
            .or_default()
            .insert(k.method.as_str());
    }
    let upstream = root.get("paths").and_then(Value::as_mapping);
    let mut out = Mapping::new();
    for (path, wanted_methods) in methods {
        let Some(item) = upstream
            .and_then(|paths| paths.get(path))
            .and_then(Value::as_mapping)
        else {
            continue;
        };
        let item: Mapping = item
            .iter()
            .filter(|(key, _)| match key.as_str() {
                Some(key) if METHODS.contains(&key) => wanted_methods.contains(key),
                _ => true,
            })
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        out.insert(Value::from(path), Value::Mapping(item));
    }
    out
}

/// Upstream's `tags` entries that the kept operations use, in upstream's order.
fn tags(root: &Mapping, paths: &Mapping) -> Option<Value> {
    let used: BTreeSet<&str> = paths
        .values()
        .filter_map(Value::as_mapping)
        .flat_map(|item| item.values())
        .filter_map(|operation| operation.get("tags").and_then(Value::as_sequence))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let all = root.get("tags")?.as_sequence()?;
    let kept: Vec<Value> = all
        .iter()
        .filter(|tag| {
            tag.get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| used.contains(name))
        })
        .cloned()
        .collect();
    (!kept.is_empty()).then_some(Value::Sequence(kept))
}

/// The `components` of the excerpt, and how many of each section it holds.
fn component_sections(
    root: &Mapping,
    needed: &BTreeSet<(String, String)>,
) -> (Mapping, BTreeMap<String, usize>) {
    let upstream = root.get("components").and_then(Value::as_mapping);
    let mut out = Mapping::new();
    let mut counts = BTreeMap::new();
    for section in SECTIONS {
        let Some(entries) = upstream
            .and_then(|c| c.get(section))
            .and_then(Value::as_mapping)
        else {
            continue;
        };
        let mut kept = Mapping::new();
        for (s, name) in needed {
            if s == section
                && let Some(value) = entries.get(name.as_str())
            {
                kept.insert(Value::from(name.as_str()), value.clone());
            }
        }
        if !kept.is_empty() {
            counts.insert(section.to_owned(), kept.len());
            out.insert(Value::from(section), Value::Mapping(kept));
        }
    }
    (out, counts)
}

fn header(root: &Mapping, upstream_name: &str, kept: &[Kept]) -> String {
    let info = root.get("info");
    let title = info
        .and_then(|i| i.get("title"))
        .and_then(Value::as_str)
        .unwrap_or("the API");
    let mut out = format!(
        "# Excerpt of {title}, cut from `{upstream_name}`\n\
         # by `cargo xtask excerpt`. It holds these operations and every component\n\
         # they reach, copied verbatim:\n#\n"
    );
    for k in kept {
        let _ = writeln!(
            out,
            "#   {} {}  ({})",
            k.method.to_ascii_uppercase(),
            k.path,
            k.id
        );
    }
    out.push_str(
        "#\n# Refresh it with `cargo xtask excerpt --from <upstream spec>` rather than by hand.\n",
    );
    out
}

/// Loads and models the excerpt, so that one that would not generate a client is refused now.
fn check(text: &str, upstream_name: &str) -> Result<(), Error> {
    let name = format!("excerpt of {upstream_name}");
    let document = load::load(&name, text)?;
    model::build(&document, &name, &model::Filter::default()).map(|_| ())
}
