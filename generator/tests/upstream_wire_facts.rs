//! Checks that the hand-written excerpt `specs/atlas-admin-v2-excerpt.yaml`
//! agrees with the upstream Atlas Admin API v2 specification on every *wire
//! fact* of the two operations it describes.
//!
//! A wire fact is anything that changes what goes over the network or how a
//! client must (de)serialize it: paths, methods, operation IDs, parameters,
//! media types and their `x-xgen-version` / `x-sunset` extensions, status
//! codes, headers, security schemes and the validation-relevant keys of every
//! schema. Prose (descriptions, summaries, examples, external docs) is not a
//! wire fact and is ignored, because the excerpt's prose is written
//! independently.
//!
//! The upstream file lives outside the repository (`../shared/atlas/`), so the
//! comparison tests are `#[ignore]`d and run by `.ci/run` with `--ignored`.
//! Set `ATLAS_UPSTREAM_SPEC` to compare against another copy of the file.
//! The excerpt-only test below runs in a plain `cargo test`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// The operations the excerpt describes: (method, path, operationId).
const OPERATIONS: [(&str, &str, &str); 2] = [
    (
        "post",
        "/api/atlas/v2/groups/{groupId}/liveMigrations",
        "createGroupLiveMigration",
    ),
    (
        "post",
        "/api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens",
        "createOrgLiveMigrationLinkToken",
    ),
];

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Schema keys that affect the wire format or validation. Everything else
/// (description, example, externalDocs, title, x-* extensions) is dropped.
const SCHEMA_SCALAR_WIRE_KEYS: [&str; 22] = [
    "$ref",
    "type",
    "format",
    "pattern",
    "enum",
    "readOnly",
    "writeOnly",
    "nullable",
    "default",
    "discriminator",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minProperties",
    "maxProperties",
];

const UPSTREAM_ENV: &str = "ATLAS_UPSTREAM_SPEC";

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn excerpt_path() -> PathBuf {
    workspace_root().join("specs/atlas-admin-v2-excerpt.yaml")
}

fn upstream_path() -> PathBuf {
    match std::env::var_os(UPSTREAM_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => workspace_root().join("../shared/atlas/atlas-admin-v2-2026-08-21.yaml"),
    }
}

/// Converts YAML to JSON, turning every mapping key into a string (so that an
/// unquoted status code such as `200:` still works).
fn yaml_to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(u) = n.as_u64() {
                json!(u)
            } else if let Some(i) = n.as_i64() {
                json!(i)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

fn yaml_key(k: serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => "null".to_owned(),
        other => panic!("unsupported YAML mapping key: {other:?}"),
    }
}

fn load_spec(path: &Path, what: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read the {what} spec at {}: {e}\n\
             (the upstream file is expected at ../shared/atlas/ next to the workspace; \
             set {UPSTREAM_ENV} to point at another copy)",
            path.display()
        )
    });
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "the {what} spec at {} is not valid YAML: {e}",
            path.display()
        )
    });
    yaml_to_json(yaml)
}

fn load_upstream() -> Value {
    let path = upstream_path();
    assert!(
        path.is_file(),
        "upstream spec not found at {} — this test needs the shared data \
         (../shared/atlas/atlas-admin-v2-2026-08-21.yaml relative to the workspace root) \
         or {UPSTREAM_ENV} pointing at a copy of it",
        path.display()
    );
    load_spec(&path, "upstream")
}

fn load_excerpt() -> Value {
    load_spec(&excerpt_path(), "excerpt")
}

// ---------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------

fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Resolves a local `$ref` (`#/components/...`).
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

/// Follows `$ref` chains on `node`; returns the reference names followed and
/// the final target. Panics on a dangling reference.
fn deref<'a>(doc: &'a Value, node: &'a Value, what: &str) -> (Vec<String>, &'a Value) {
    let mut via = Vec::new();
    let mut cur = node;
    while let Some(r) = cur.get("$ref").and_then(Value::as_str) {
        assert!(
            !via.iter().any(|v| v == r),
            "{what}: reference cycle through {r}"
        );
        via.push(r.to_owned());
        cur = resolve(doc, r).unwrap_or_else(|| panic!("{what}: dangling $ref {r}"));
    }
    (via, cur)
}

fn operation<'a>(doc: &'a Value, method: &str, path: &str, what: &str) -> &'a Value {
    doc.get("paths")
        .and_then(|p| p.get(path))
        .and_then(|p| p.get(method))
        .unwrap_or_else(|| {
            panic!(
                "{what} spec has no operation {} {path}",
                method.to_uppercase()
            )
        })
}

/// Every `$ref` reachable from `roots`, transitively through the referenced
/// components.
fn reachable_refs(doc: &Value, roots: &[&Value]) -> BTreeSet<String> {
    fn collect(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => collect(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    let mut queue = Vec::new();
    for root in roots {
        collect(root, &mut queue);
    }
    while let Some(r) = queue.pop() {
        if seen.insert(r.clone())
            && let Some(target) = resolve(doc, &r)
        {
            collect(target, &mut queue);
        }
    }
    seen
}

/// Names of the security schemes required at the top level or by the given
/// operations.
fn used_security_schemes(doc: &Value, ops: &[&Value]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let lists = std::iter::once(doc.get("security")).chain(ops.iter().map(|o| o.get("security")));
    for list in lists.flatten() {
        for requirement in list.as_array().into_iter().flatten() {
            if let Some(m) = requirement.as_object() {
                out.extend(m.keys().cloned());
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Projection onto wire facts
// ---------------------------------------------------------------------------

fn copy_keys(src: &Value, keys: &[&str]) -> Map<String, Value> {
    let mut out = Map::new();
    for k in keys {
        if let Some(v) = src.get(*k) {
            out.insert((*k).to_owned(), v.clone());
        }
    }
    out
}

/// Keeps only the wire keys of a schema, recursively. `$ref`s are kept as
/// they are (the referenced component is projected on its own).
fn project_schema(schema: &Value) -> Value {
    let Some(obj) = schema.as_object() else {
        // `additionalProperties: true` and the like.
        return schema.clone();
    };
    let mut out = copy_keys(schema, &SCHEMA_SCALAR_WIRE_KEYS);
    if let Some(Value::Array(req)) = obj.get("required") {
        // `required` is a set; compare it independently of order.
        let mut req: Vec<Value> = req.clone();
        req.sort_by_key(Value::to_string);
        out.insert("required".into(), Value::Array(req));
    }
    if let Some(Value::Object(props)) = obj.get("properties") {
        let props = props
            .iter()
            .map(|(k, v)| (k.clone(), project_schema(v)))
            .collect();
        out.insert("properties".into(), Value::Object(props));
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(v) = obj.get(key) {
            out.insert(key.into(), project_schema(v));
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(list)) = obj.get(key) {
            out.insert(key.into(), list.iter().map(project_schema).collect());
        }
    }
    Value::Object(out)
}

fn opt_schema(node: &Value) -> Value {
    node.get("schema").map_or(Value::Null, project_schema)
}

fn refs_value(via: Vec<String>) -> Value {
    Value::Array(via.into_iter().map(Value::String).collect())
}

fn project_parameter(doc: &Value, p: &Value, what: &str) -> Value {
    let (via, p) = deref(doc, p, what);
    let mut out = copy_keys(
        p,
        &[
            "name",
            "in",
            "required",
            "deprecated",
            "style",
            "explode",
            "allowEmptyValue",
            "allowReserved",
        ],
    );
    out.insert("$ref".into(), refs_value(via));
    out.insert("schema".into(), opt_schema(p));
    if let Some(content) = p.get("content") {
        out.insert("content".into(), project_content(content));
    }
    Value::Object(out)
}

fn project_content(content: &Value) -> Value {
    let Some(content) = content.as_object() else {
        return content.clone();
    };
    let media = content
        .iter()
        .map(|(mt, m)| {
            let mut out = copy_keys(m, &["x-xgen-version", "x-sunset"]);
            out.insert("schema".into(), opt_schema(m));
            (mt.clone(), Value::Object(out))
        })
        .collect();
    Value::Object(media)
}

fn project_headers(doc: &Value, headers: &Value, what: &str) -> Value {
    let Some(headers) = headers.as_object() else {
        return headers.clone();
    };
    let out = headers
        .iter()
        .map(|(name, h)| {
            let (via, h) = deref(doc, h, &format!("{what} header {name}"));
            let mut out = copy_keys(h, &["required", "deprecated", "style", "explode"]);
            out.insert("$ref".into(), refs_value(via));
            out.insert("schema".into(), opt_schema(h));
            (name.clone(), Value::Object(out))
        })
        .collect();
    Value::Object(out)
}

fn project_operation(doc: &Value, method: &str, path: &str, what: &str) -> Value {
    let op = operation(doc, method, path, what);
    let label = format!("{what} {} {path}", method.to_uppercase());
    let mut out = copy_keys(op, &["deprecated"]);
    out.insert(
        "operationId".into(),
        op.get("operationId").cloned().unwrap_or(Value::Null),
    );

    let path_level: Vec<Value> = doc["paths"][path]
        .get("parameters")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .map(|p| project_parameter(doc, p, &label))
                .collect()
        })
        .unwrap_or_default();
    if !path_level.is_empty() {
        out.insert("pathItemParameters".into(), Value::Array(path_level));
    }
    let params: Vec<Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .map(|p| project_parameter(doc, p, &label))
                .collect()
        })
        .unwrap_or_default();
    out.insert("parameters".into(), Value::Array(params));

    if let Some(body) = op.get("requestBody") {
        let (via, body) = deref(doc, body, &label);
        let mut b = copy_keys(body, &["required"]);
        b.insert("$ref".into(), refs_value(via));
        b.insert(
            "content".into(),
            body.get("content").map_or(Value::Null, project_content),
        );
        out.insert("requestBody".into(), Value::Object(b));
    }

    let mut responses = Map::new();
    for (code, resp) in op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let (via, resp) = deref(doc, resp, &format!("{label} response {code}"));
        let mut r = Map::new();
        r.insert("$ref".into(), refs_value(via));
        r.insert(
            "content".into(),
            resp.get("content").map_or(Value::Null, project_content),
        );
        r.insert(
            "headers".into(),
            resp.get("headers")
                .map_or(Value::Null, |h| project_headers(doc, h, &label)),
        );
        responses.insert(code.clone(), Value::Object(r));
    }
    out.insert("responses".into(), Value::Object(responses));
    if let Some(sec) = op.get("security") {
        out.insert("security".into(), sec.clone());
    }
    Value::Object(out)
}

fn project_security_scheme(s: &Value) -> Value {
    let mut out = copy_keys(
        s,
        &[
            "type",
            "scheme",
            "bearerFormat",
            "in",
            "name",
            "openIdConnectUrl",
        ],
    );
    if let Some(Value::Object(flows)) = s.get("flows") {
        let flows = flows
            .iter()
            .map(|(k, f)| {
                let mut flow = copy_keys(f, &["authorizationUrl", "tokenUrl", "refreshUrl"]);
                let scopes: Vec<Value> = f
                    .get("scopes")
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().map(Value::String).collect())
                    .unwrap_or_default();
                flow.insert("scopes".into(), Value::Array(scopes));
                (k.clone(), Value::Object(flow))
            })
            .collect();
        out.insert("flows".into(), Value::Object(flows));
    }
    Value::Object(out)
}

/// The wire facts of `doc`, laid out like an OpenAPI document so that JSON
/// pointers into it read like pointers into the spec (with `$ref`s on
/// parameters, bodies, responses and headers resolved, and the chain of
/// references followed kept under `$ref`).
fn wire_facts(doc: &Value, what: &str) -> Value {
    let ops: Vec<&Value> = OPERATIONS
        .iter()
        .map(|(m, p, _)| operation(doc, m, p, what))
        .collect();

    let mut paths = Map::new();
    for (method, path, _) in OPERATIONS {
        let item = paths
            .entry(path.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        item.as_object_mut()
            .expect("path item is an object")
            .insert(
                method.to_owned(),
                project_operation(doc, method, path, what),
            );
    }

    let mut schemas = Map::new();
    for r in reachable_refs(doc, &ops) {
        if let Some(name) = r.strip_prefix("#/components/schemas/") {
            let target = resolve(doc, &r).unwrap_or_else(|| panic!("{what}: dangling $ref {r}"));
            schemas.insert(name.to_owned(), project_schema(target));
        }
    }

    let mut schemes = Map::new();
    for name in used_security_schemes(doc, &ops) {
        let s = doc
            .pointer(&format!(
                "/components/securitySchemes/{}",
                escape_pointer_token(&name)
            ))
            .unwrap_or_else(|| panic!("{what}: security scheme {name} is used but not defined"));
        schemes.insert(name, project_security_scheme(s));
    }

    let servers: Vec<Value> = doc
        .get("servers")
        .and_then(Value::as_array)
        .map(|s| {
            s.iter()
                .map(|s| s.get("url").cloned().unwrap_or(Value::Null))
                .collect()
        })
        .unwrap_or_default();

    json!({
        "openapi": doc.get("openapi").cloned().unwrap_or(Value::Null),
        "servers": servers,
        "security": doc.get("security").cloned().unwrap_or(Value::Null),
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": schemes,
        },
    })
}

// ---------------------------------------------------------------------------
// Diffing
// ---------------------------------------------------------------------------

struct Difference {
    pointer: String,
    excerpt: Option<Value>,
    upstream: Option<Value>,
}

fn diff(
    pointer: &str,
    excerpt: Option<&Value>,
    upstream: Option<&Value>,
    out: &mut Vec<Difference>,
) {
    match (excerpt, upstream) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let p = format!("{pointer}/{}", escape_pointer_token(k));
                diff(&p, a.get(k), b.get(k), out);
            }
        }
        // Arrays of containers (parameters, allOf, ...) are compared element
        // by element; arrays of scalars (enum, required, ...) as a whole, which
        // reads better when an element is missing or the order differs.
        (Some(Value::Array(a)), Some(Value::Array(b)))
            if a.iter().chain(b).any(|v| v.is_object() || v.is_array()) =>
        {
            for i in 0..a.len().max(b.len()) {
                diff(&format!("{pointer}/{i}"), a.get(i), b.get(i), out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Difference {
            pointer: if pointer.is_empty() {
                "/".into()
            } else {
                pointer.to_owned()
            },
            excerpt: a.cloned(),
            upstream: b.cloned(),
        }),
    }
}

fn show(v: Option<&Value>) -> String {
    const MAX: usize = 300;
    let s = v.map_or_else(|| "<absent>".to_owned(), Value::to_string);
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn report(title: &str, diffs: &[Difference]) -> String {
    let mut msg = format!(
        "{title}: {} difference(s) between {} and {}\n",
        diffs.len(),
        excerpt_path().display(),
        upstream_path().display()
    );
    for d in diffs {
        let _ = writeln!(
            msg,
            "  {}\n      excerpt:  {}\n      upstream: {}",
            d.pointer,
            show(d.excerpt.as_ref()),
            show(d.upstream.as_ref())
        );
    }
    msg
}

// ---------------------------------------------------------------------------
// Tests against upstream
// ---------------------------------------------------------------------------

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn excerpt_matches_upstream_wire_facts() {
    let upstream = load_upstream();
    let excerpt = load_excerpt();

    let ours = wire_facts(&excerpt, "excerpt");
    let theirs = wire_facts(&upstream, "upstream");

    let mut diffs = Vec::new();
    diff("", Some(&ours), Some(&theirs), &mut diffs);
    assert!(diffs.is_empty(), "{}", report("wire facts differ", &diffs));

    // Sanity: the comparison really looked at something.
    let schemas = theirs["components"]["schemas"]
        .as_object()
        .map_or(0, Map::len);
    assert!(
        schemas >= 10,
        "only {schemas} schemas reached upstream; projection is broken"
    );
}

#[test]
#[ignore = "needs ../shared/atlas; run by .ci/run with --ignored"]
fn excerpt_reaches_same_components_as_upstream() {
    let upstream = load_upstream();
    let excerpt = load_excerpt();
    let reach = |doc: &Value, what: &str| {
        let ops: Vec<&Value> = OPERATIONS
            .iter()
            .map(|(m, p, _)| operation(doc, m, p, what))
            .collect();
        let mut refs = reachable_refs(doc, &ops);
        refs.extend(
            used_security_schemes(doc, &ops)
                .into_iter()
                .map(|s| format!("#/components/securitySchemes/{}", escape_pointer_token(&s))),
        );
        refs
    };
    let ours = reach(&excerpt, "excerpt");
    let theirs = reach(&upstream, "upstream");
    let only_ours: Vec<&String> = ours.difference(&theirs).collect();
    let only_theirs: Vec<&String> = theirs.difference(&ours).collect();
    assert!(
        only_ours.is_empty() && only_theirs.is_empty(),
        "reachable components differ\n  only in the excerpt:  {only_ours:?}\n  only upstream:        {only_theirs:?}"
    );
    assert!(
        theirs.len() >= 20,
        "only {} components reached upstream",
        theirs.len()
    );
}

// ---------------------------------------------------------------------------
// Excerpt-only checks (run in a plain `cargo test`)
// ---------------------------------------------------------------------------

/// Collects every `$ref` in `v` together with the JSON pointer where it sits.
fn all_refs(v: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if let ("$ref", Value::String(r)) = (k.as_str(), v) {
                    out.push((pointer.to_owned(), r.clone()));
                } else {
                    all_refs(v, &format!("{pointer}/{}", escape_pointer_token(k)), out);
                }
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                all_refs(v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Pointers of schemas and properties that lack a description (bare `$ref`s
/// excepted: siblings of `$ref` are ignored in OpenAPI 3.0).
fn undocumented(schema: &Value, pointer: &str, out: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        return;
    };
    if obj.contains_key("$ref") {
        return;
    }
    let has_description = obj
        .get("description")
        .and_then(Value::as_str)
        .is_some_and(|d| !d.trim().is_empty());
    if !has_description {
        out.push(pointer.to_owned());
    }
    if let Some(Value::Object(props)) = obj.get("properties") {
        for (name, p) in props {
            undocumented(
                p,
                &format!("{pointer}/properties/{}", escape_pointer_token(name)),
                out,
            );
        }
    }
}

#[test]
fn excerpt_is_well_formed() {
    let doc = load_excerpt();
    let mut problems: Vec<String> = Vec::new();

    if doc.get("openapi").and_then(Value::as_str) != Some("3.0.1") {
        problems.push(format!(
            "openapi version is {}, expected \"3.0.1\"",
            show(doc.get("openapi"))
        ));
    }
    for key in ["info", "servers", "security", "tags", "paths", "components"] {
        if doc.get(key).is_none() {
            problems.push(format!("top-level `{key}` is missing"));
        }
    }

    // Exactly the two operations, with the expected operation IDs.
    let mut found: Vec<(String, String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in HTTP_METHODS {
            if let Some(op) = item.get(method) {
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or("<none>");
                found.push((method.to_owned(), path.clone(), id.to_owned()));
            }
        }
    }
    found.sort();
    let mut expected: Vec<(String, String, String)> = OPERATIONS
        .iter()
        .map(|(m, p, id)| ((*m).to_owned(), (*p).to_owned(), (*id).to_owned()))
        .collect();
    expected.sort();
    if found != expected {
        problems.push(format!("operations are {found:?}, expected {expected:?}"));
    }

    // Every $ref resolves, and every component is used.
    let mut refs = Vec::new();
    all_refs(&doc, "", &mut refs);
    for (at, r) in &refs {
        if resolve(&doc, r).is_none() {
            problems.push(format!("{at}: dangling $ref {r}"));
        }
    }
    let ops: Vec<&Value> = OPERATIONS
        .iter()
        .filter_map(|(m, p, _)| doc["paths"].get(*p).and_then(|i| i.get(*m)))
        .collect();
    let mut reachable = reachable_refs(&doc, &ops);
    reachable.extend(
        used_security_schemes(&doc, &ops)
            .into_iter()
            .map(|s| format!("#/components/securitySchemes/{}", escape_pointer_token(&s))),
    );
    for (kind, members) in doc["components"].as_object().into_iter().flatten() {
        for name in members.as_object().into_iter().flatten().map(|(k, _)| k) {
            let r = format!("#/components/{kind}/{}", escape_pointer_token(name));
            if !reachable.contains(&r) {
                problems.push(format!(
                    "component {r} is defined but not reachable from the operations"
                ));
            }
        }
    }

    // Both versions of Create One Migration, and the field that distinguishes them.
    let body = &doc["paths"][OPERATIONS[0].1]["post"]["requestBody"];
    if body.get("required") != Some(&Value::Bool(true)) {
        problems.push("createGroupLiveMigration request body is not `required: true`".into());
    }
    for (media, version, schema, field) in [
        (
            "application/vnd.atlas.2023-01-01+json",
            "2023-01-01",
            "LiveMigrationRequest",
            "dropEnabled",
        ),
        (
            "application/vnd.atlas.2024-05-30+json",
            "2024-05-30",
            "LiveMigrationRequest20240530",
            "dropDestinationData",
        ),
    ] {
        let mt = &body["content"][media];
        if mt.is_null() {
            problems.push(format!(
                "createGroupLiveMigration lacks request media type {media}"
            ));
            continue;
        }
        if mt.get("x-xgen-version").and_then(Value::as_str) != Some(version) {
            problems.push(format!(
                "{media}: x-xgen-version is {}",
                show(mt.get("x-xgen-version"))
            ));
        }
        let want = format!("#/components/schemas/{schema}");
        if mt["schema"].get("$ref").and_then(Value::as_str) != Some(want.as_str()) {
            problems.push(format!(
                "{media}: schema is {}, expected $ref {want}",
                show(mt.get("schema"))
            ));
        }
        if doc["components"]["schemas"][schema]["properties"]
            .get(field)
            .is_none()
        {
            problems.push(format!("schema {schema} lacks property `{field}`"));
        }
    }
    let link_body = &doc["paths"][OPERATIONS[1].1]["post"]["requestBody"];
    if link_body.get("required") != Some(&Value::Bool(true)) {
        problems
            .push("createOrgLiveMigrationLinkToken request body is not `required: true`".into());
    }

    // Status codes, and error bodies as application/json ApiError.
    for ((method, path, id), success) in OPERATIONS.iter().zip(["201", "200"]) {
        let responses = &doc["paths"][*path][*method]["responses"];
        let codes: BTreeSet<&str> = responses
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        let want: BTreeSet<&str> = [success, "400", "401", "403", "404", "429", "500"].into();
        if codes != want {
            problems.push(format!("{id}: status codes {codes:?}, expected {want:?}"));
        }
        for code in ["400", "401", "403", "404", "429", "500"] {
            let Some(resp) = responses.get(code) else {
                continue;
            };
            let (_, resp) = deref(&doc, resp, id);
            let schema = resp["content"]["application/json"]["schema"].get("$ref");
            if schema.and_then(Value::as_str) != Some("#/components/schemas/ApiError") {
                problems.push(format!("{id} {code}: not an application/json ApiError"));
            }
        }
        let headers = responses[success]["headers"].as_object();
        for h in ["RateLimit-Limit", "RateLimit-Remaining"] {
            if !headers.is_some_and(|m| m.contains_key(h)) {
                problems.push(format!("{id} {success}: header {h} missing"));
            }
        }
    }

    // Descriptions become rustdoc: every schema and property needs one.
    let mut missing = Vec::new();
    for (name, schema) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        undocumented(
            schema,
            &format!("/components/schemas/{}", escape_pointer_token(name)),
            &mut missing,
        );
    }
    for m in missing {
        problems.push(format!("{m}: no description"));
    }

    assert!(
        problems.is_empty(),
        "{} is not well-formed:\n  - {}",
        excerpt_path().display(),
        problems.join("\n  - ")
    );
}
