//! Where a document that `openapiv3` refuses goes wrong.
//!
//! `openapiv3` reads most of a spec through untagged enums and flattened structs, so `serde_yaml`
//! sees its error only after buffering the enclosing value and reports the line where that value
//! starts: a list where a schema belongs, 250 lines below `components.schemas:`, is reported at
//! `schemas:`. On that error path only, [`find_fault`] walks the document as a YAML value along
//! the OpenAPI 3.0 object model and returns the first node, in document order, that does not
//! have the shape `openapiv3` requires, with its JSON pointer; the deepest such node, because a
//! node is looked into before it is blamed.
//!
//! The model follows `openapiv3` 2.x, not the letter of the specification: it never finds a
//! fault in what `openapiv3` accepts (unknown fields, unknown schema types, `null`s it may take
//! for "absent" are let through), so that it cannot blame the wrong place. When it finds
//! nothing, the caller reports the parser's own error.
//!
//! One difference in how `openapiv3` reads values matters here: what it reads straight from the
//! YAML (the document's top-level fields, `info`, the top-level `servers` and `tags`) takes a
//! number where a string belongs, as its text; what it buffers first (everything under `paths`
//! and every `$ref`-or-object value, such as each entry of `components.schemas`) does not.
//! The walk tracks which of the two a node is read as (`strict`).

use serde_yaml::{Mapping, Value};

use super::pointer::Pointer;

/// A node of the document that does not have the shape OpenAPI requires.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Fault {
    pub(super) pointer: Pointer,
    pub(super) message: String,
}

/// The first node of `document` (in document order) that `openapiv3` cannot read, if the walk
/// finds one.
pub(super) fn find_fault(document: &Value) -> Option<Fault> {
    Walk { depth: 0 }.check(
        document,
        Shape::Object(Kind::Document),
        &Pointer::root(),
        false,
        Presence::Required,
    )
}

/// What a node must be.
#[derive(Clone, Copy, Debug)]
enum Shape {
    Str,
    Bool,
    /// A non-negative integer (`minLength`).
    Count,
    Number,
    /// Any JSON value (`example`, `default`, extensions).
    Any,
    /// A string from a fixed list, with what the list is of: `OneOf("parameter style", ...)`.
    OneOf(&'static str, &'static [&'static str]),
    Object(Kind),
    /// A `$ref` or an object of the kind.
    RefOr(Kind),
    /// A mapping, with what its keys are (`property names`), to values of a shape.
    Map(&'static str, &'static Shape),
    List(&'static Shape),
    /// A schema's `additionalProperties`: a boolean or a schema.
    AdditionalProperties,
}

/// The objects of the OpenAPI 3.0 model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Document,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Tag,
    ExternalDocs,
    Components,
    Paths,
    PathItem,
    Operation,
    Responses,
    Response,
    Parameter,
    Header,
    MediaType,
    Encoding,
    RequestBody,
    Example,
    Link,
    Callback,
    SecurityScheme,
    SecurityRequirement,
    OAuthFlows,
    ImplicitFlow,
    TokenFlow,
    AuthorizationCodeFlow,
    Schema,
    Discriminator,
}

/// Whether a node may be left out, and what a `null` in its place means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Presence {
    /// An optional field that `openapiv3` reads into an `Option`: `null` is "absent".
    Optional,
    /// An optional field with a default (a list, a mapping, a boolean, a style): `null` is
    /// refused where the value is buffered.
    Defaulted,
    /// A required field, or an entry of a mapping or a sequence.
    Required,
}

/// A fixed field of an object.
struct Field {
    name: &'static str,
    shape: Shape,
    presence: Presence,
}

const fn field(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        presence: Presence::Optional,
    }
}

const fn defaulted(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        presence: Presence::Defaulted,
    }
}

const fn required(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        presence: Presence::Required,
    }
}

/// A `&'static [Field]` (`const fn` calls are not promoted to statics by `&[...]` alone).
macro_rules! fields {
    ($($field:expr),* $(,)?) => {{
        const FIELDS: &[Field] = &[$($field),*];
        FIELDS
    }};
}

const STRING: Shape = Shape::Str;
const BOOL: Shape = Shape::Bool;
const ANY: Shape = Shape::Any;
const STRINGS: Shape = Shape::List(&Shape::Str);
const SCHEMA: Shape = Shape::RefOr(Kind::Schema);
const SCHEMAS: Shape = Shape::List(&SCHEMA);
const EXTERNAL_DOCS: Shape = Shape::Object(Kind::ExternalDocs);
const SERVERS: Shape = Shape::List(&Shape::Object(Kind::Server));
const SECURITY: Shape = Shape::List(&Shape::Object(Kind::SecurityRequirement));
const PARAMETERS: Shape = Shape::List(&Shape::RefOr(Kind::Parameter));
const CONTENT: Shape = Shape::Map("media types", &Shape::Object(Kind::MediaType));
const HEADERS: Shape = Shape::Map("header names", &Shape::RefOr(Kind::Header));
const EXAMPLES: Shape = Shape::Map("names", &Shape::RefOr(Kind::Example));
const LINKS: Shape = Shape::Map("names", &Shape::RefOr(Kind::Link));
const OPERATION: Shape = Shape::Object(Kind::Operation);
const QUERY_STYLE: Shape = Shape::OneOf(
    "query parameter style",
    &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
);
const SIMPLE_STYLE: Shape = Shape::OneOf("header style", &["simple"]);
const PATH_STYLE: Shape = Shape::OneOf("path parameter style", &["matrix", "label", "simple"]);
const COOKIE_STYLE: Shape = Shape::OneOf("cookie parameter style", &["form"]);

const PARAMETER_LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];
const SECURITY_SCHEME_TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];

/// The fields every parameter has, whatever its location.
const PARAMETER_FIELDS: &[Field] = &[
    required("name", STRING),
    field("description", STRING),
    defaulted("required", BOOL),
    field("deprecated", BOOL),
    field("example", ANY),
    defaulted("examples", EXAMPLES),
    field("explode", BOOL),
];

impl Kind {
    /// The object's name in messages, without article.
    fn name(self) -> &'static str {
        match self {
            Kind::Document => "OpenAPI document",
            Kind::Info => "info object",
            Kind::Contact => "contact object",
            Kind::License => "license object",
            Kind::Server => "server object",
            Kind::ServerVariable => "server variable object",
            Kind::Tag => "tag object",
            Kind::ExternalDocs => "external documentation object",
            Kind::Components => "components object",
            Kind::Paths => "paths object",
            Kind::PathItem => "path item object",
            Kind::Operation => "operation object",
            Kind::Responses => "responses object",
            Kind::Response => "response object",
            Kind::Parameter => "parameter object",
            Kind::Header => "header object",
            Kind::MediaType => "media type object",
            Kind::Encoding => "encoding object",
            Kind::RequestBody => "request body object",
            Kind::Example => "example object",
            Kind::Link => "link object",
            Kind::Callback => "callback object",
            Kind::SecurityScheme => "security scheme object",
            Kind::SecurityRequirement => "security requirement object",
            Kind::OAuthFlows => "OAuth flows object",
            Kind::ImplicitFlow | Kind::TokenFlow | Kind::AuthorizationCodeFlow => {
                "OAuth flow object"
            }
            Kind::Schema => "schema object",
            Kind::Discriminator => "discriminator object",
        }
    }

    /// What the mapping that holds the object maps, where that is not field names.
    fn mapping(self) -> &'static str {
        match self {
            Kind::Paths => "a mapping from paths to path item objects",
            Kind::Responses => "a mapping from status codes to response objects",
            Kind::Callback => "a mapping from expressions to path item objects",
            Kind::SecurityRequirement => "a mapping from security scheme names to lists of scopes",
            _ => "a mapping",
        }
    }

    /// The fixed fields checked by the generic walk. Objects with variants or patterned fields
    /// (parameters, headers, links, security schemes, paths, responses, callbacks, security
    /// requirements) are walked by their own code, and use these for their common part.
    fn fields(self) -> &'static [Field] {
        match self {
            Kind::Document => fields![
                required("openapi", STRING),
                required("info", Shape::Object(Kind::Info)),
                defaulted("servers", SERVERS),
                required("paths", Shape::Object(Kind::Paths)),
                field("components", Shape::Object(Kind::Components)),
                field("security", SECURITY),
                defaulted("tags", Shape::List(&Shape::Object(Kind::Tag))),
                field("externalDocs", EXTERNAL_DOCS),
            ],
            Kind::Info => fields![
                required("title", STRING),
                field("description", STRING),
                field("termsOfService", STRING),
                field("contact", Shape::Object(Kind::Contact)),
                field("license", Shape::Object(Kind::License)),
                required("version", STRING),
            ],
            Kind::Contact => fields![
                field("name", STRING),
                field("url", STRING),
                field("email", STRING)
            ],
            Kind::License => fields![required("name", STRING), field("url", STRING)],
            Kind::Server => fields![
                required("url", STRING),
                field("description", STRING),
                field(
                    "variables",
                    Shape::Map("names", &Shape::Object(Kind::ServerVariable))
                ),
            ],
            Kind::ServerVariable => {
                fields![
                    defaulted("enum", STRINGS),
                    required("default", STRING),
                    field("description", STRING)
                ]
            }
            Kind::Tag => {
                fields![
                    required("name", STRING),
                    field("description", STRING),
                    field("externalDocs", EXTERNAL_DOCS)
                ]
            }
            Kind::ExternalDocs => fields![field("description", STRING), required("url", STRING)],
            Kind::Components => fields![
                defaulted("schemas", Shape::Map("names", &SCHEMA)),
                defaulted(
                    "responses",
                    Shape::Map("names", &Shape::RefOr(Kind::Response))
                ),
                defaulted(
                    "parameters",
                    Shape::Map("names", &Shape::RefOr(Kind::Parameter))
                ),
                defaulted("examples", EXAMPLES),
                defaulted(
                    "requestBodies",
                    Shape::Map("names", &Shape::RefOr(Kind::RequestBody))
                ),
                defaulted("headers", Shape::Map("names", &Shape::RefOr(Kind::Header))),
                defaulted(
                    "securitySchemes",
                    Shape::Map("names", &Shape::RefOr(Kind::SecurityScheme))
                ),
                defaulted("links", LINKS),
                defaulted(
                    "callbacks",
                    Shape::Map("names", &Shape::RefOr(Kind::Callback))
                ),
            ],
            Kind::PathItem => fields![
                field("summary", STRING),
                field("description", STRING),
                field("get", OPERATION),
                field("put", OPERATION),
                field("post", OPERATION),
                field("delete", OPERATION),
                field("options", OPERATION),
                field("head", OPERATION),
                field("patch", OPERATION),
                field("trace", OPERATION),
                defaulted("servers", SERVERS),
                defaulted("parameters", PARAMETERS),
            ],
            Kind::Operation => fields![
                defaulted("tags", STRINGS),
                field("summary", STRING),
                field("description", STRING),
                field("externalDocs", EXTERNAL_DOCS),
                field("operationId", STRING),
                defaulted("parameters", PARAMETERS),
                field("requestBody", Shape::RefOr(Kind::RequestBody)),
                required("responses", Shape::Object(Kind::Responses)),
                defaulted(
                    "callbacks",
                    Shape::Map("names", &Shape::Object(Kind::Callback))
                ),
                defaulted("deprecated", BOOL),
                field("security", SECURITY),
                defaulted("servers", SERVERS),
            ],
            Kind::Response => fields![
                required("description", STRING),
                defaulted("headers", HEADERS),
                defaulted("content", CONTENT),
                defaulted("links", LINKS),
            ],
            Kind::Header => fields![
                field("description", STRING),
                defaulted("style", SIMPLE_STYLE),
                defaulted("required", BOOL),
                field("deprecated", BOOL),
                field("example", ANY),
                defaulted("examples", EXAMPLES),
            ],
            Kind::MediaType => fields![
                field("schema", SCHEMA),
                field("example", ANY),
                defaulted("examples", EXAMPLES),
                defaulted(
                    "encoding",
                    Shape::Map("property names", &Shape::Object(Kind::Encoding))
                ),
            ],
            Kind::Encoding => fields![
                field("contentType", STRING),
                defaulted("headers", HEADERS),
                field("style", QUERY_STYLE),
                defaulted("explode", BOOL),
                defaulted("allowReserved", BOOL),
            ],
            Kind::RequestBody => {
                fields![
                    field("description", STRING),
                    defaulted("content", CONTENT),
                    defaulted("required", BOOL)
                ]
            }
            Kind::Example => fields![
                field("summary", STRING),
                field("description", STRING),
                field("value", ANY),
                field("externalValue", STRING),
            ],
            Kind::Link => fields![
                field("description", STRING),
                field("requestBody", ANY),
                defaulted("parameters", Shape::Map("names", &Shape::Any)),
                field("server", Shape::Object(Kind::Server)),
            ],
            Kind::OAuthFlows => fields![
                field("implicit", Shape::Object(Kind::ImplicitFlow)),
                field("password", Shape::Object(Kind::TokenFlow)),
                field("clientCredentials", Shape::Object(Kind::TokenFlow)),
                field(
                    "authorizationCode",
                    Shape::Object(Kind::AuthorizationCodeFlow)
                ),
            ],
            Kind::ImplicitFlow => fields![
                required("authorizationUrl", STRING),
                field("refreshUrl", STRING),
                required("scopes", Shape::Map("scope names", &Shape::Str)),
            ],
            Kind::TokenFlow => fields![
                field("refreshUrl", STRING),
                required("tokenUrl", STRING),
                required("scopes", Shape::Map("scope names", &Shape::Str)),
            ],
            Kind::AuthorizationCodeFlow => fields![
                required("authorizationUrl", STRING),
                required("tokenUrl", STRING),
                field("refreshUrl", STRING),
                required("scopes", Shape::Map("scope names", &Shape::Str)),
            ],
            Kind::Schema => fields![
                defaulted("nullable", BOOL),
                defaulted("readOnly", BOOL),
                defaulted("writeOnly", BOOL),
                defaulted("deprecated", BOOL),
                field("externalDocs", EXTERNAL_DOCS),
                field("example", ANY),
                field("title", STRING),
                field("description", STRING),
                field("discriminator", Shape::Object(Kind::Discriminator)),
                field("default", ANY),
                field("type", STRING),
                field("pattern", STRING),
                field("multipleOf", Shape::Number),
                field("exclusiveMinimum", BOOL),
                field("exclusiveMaximum", BOOL),
                field("minimum", Shape::Number),
                field("maximum", Shape::Number),
                field("properties", Shape::Map("property names", &SCHEMA)),
                field("required", STRINGS),
                field("additionalProperties", Shape::AdditionalProperties),
                field("minProperties", Shape::Count),
                field("maxProperties", Shape::Count),
                field("items", SCHEMA),
                field("minItems", Shape::Count),
                field("maxItems", Shape::Count),
                field("uniqueItems", BOOL),
                field("enum", Shape::List(&Shape::Any)),
                field("format", STRING),
                field("minLength", Shape::Count),
                field("maxLength", Shape::Count),
                field("oneOf", SCHEMAS),
                field("allOf", SCHEMAS),
                field("anyOf", SCHEMAS),
                field("not", SCHEMA),
            ],
            Kind::Discriminator => {
                fields![
                    required("propertyName", STRING),
                    defaulted("mapping", Shape::Map("values", &Shape::Str))
                ]
            }
            Kind::Paths
            | Kind::Responses
            | Kind::Parameter
            | Kind::Callback
            | Kind::SecurityScheme
            | Kind::SecurityRequirement => &[],
        }
    }
}

/// "a schema object", "an info object".
fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|first| "aeiouAEIOU".contains(first));
    let article = if vowel { "an" } else { "a" };
    format!("{article} {noun}")
}

impl Shape {
    /// What the shape is, for "expected ...".
    fn describe(self) -> String {
        match self {
            Shape::Str => "a string".to_owned(),
            Shape::Bool => "`true` or `false`".to_owned(),
            Shape::Count => "a non-negative integer".to_owned(),
            Shape::Number => "a number".to_owned(),
            Shape::Any => "any value".to_owned(),
            Shape::OneOf(what, options) => {
                format!("{} ({})", with_article(what), quoted_list(options))
            }
            Shape::Object(kind) => format!("{} ({})", with_article(kind.name()), kind.mapping()),
            Shape::RefOr(kind) => format!(
                "{} or a `$ref` ({})",
                with_article(kind.name()),
                kind.mapping()
            ),
            Shape::Map(keys, values) => format!("a mapping from {keys} to {}", values.plural()),
            Shape::List(items) => format!("a sequence of {}", items.plural()),
            Shape::AdditionalProperties => "`true`, `false` or a schema object".to_owned(),
        }
    }

    /// The shape's values, in the plural: "schema objects or `$ref`s".
    fn plural(self) -> String {
        match self {
            Shape::Str => "strings".to_owned(),
            Shape::Bool => "booleans".to_owned(),
            Shape::Count => "non-negative integers".to_owned(),
            Shape::Number => "numbers".to_owned(),
            Shape::Any => "values".to_owned(),
            Shape::OneOf(what, _) => format!("{what}s"),
            Shape::Object(kind) => format!("{}s", kind.name()),
            Shape::RefOr(kind) => format!("{}s or `$ref`s", kind.name()),
            Shape::Map(..) => "mappings".to_owned(),
            Shape::List(items) => format!("sequences of {}", items.plural()),
            Shape::AdditionalProperties => "schema objects".to_owned(),
        }
    }
}

/// "`a`, `b` or `c`".
fn quoted_list(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|option| format!("`{option}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// What a node is, for "found ...".
fn found(value: &Value) -> String {
    match value {
        Value::Null => "null (an empty value)".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("the number `{n}`"),
        Value::Number(n) => format!("the integer `{n}`"),
        Value::String(s) => format!("the string `{}`", excerpt(s)),
        Value::Sequence(_) => "a sequence".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        Value::Tagged(tagged) => format!("a value tagged `{}`", tagged.tag),
    }
}

/// The start of `text`, on one line.
fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(MAX).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// The text of a mapping key, as a JSON pointer token: OpenAPI keys are strings.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(other)
            .map(|text| text.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

fn expected(at: &Pointer, shape: Shape, value: &Value) -> Option<Fault> {
    Some(Fault {
        pointer: at.clone(),
        message: format!("expected {}, found {}", shape.describe(), found(value)),
    })
}

/// The first of `fields` that is required and absent from `map`.
fn check_missing(kind: Kind, fields: &[&[Field]], map: &Mapping, at: &Pointer) -> Option<Fault> {
    let absent = fields
        .iter()
        .copied()
        .flatten()
        .find(|field| field.presence == Presence::Required && map.get(field.name).is_none())?;
    Some(Fault {
        pointer: at.clone(),
        message: format!(
            "missing `{}`: {} requires it",
            absent.name,
            with_article(kind.name())
        ),
    })
}

/// A response status code as `openapiv3` reads one: `100` to `999`, or `0XX` to `9XX`.
fn is_status_code(key: &str) -> bool {
    match key.as_bytes() {
        [digit, b'X' | b'x', b'X' | b'x'] => digit.is_ascii_digit(),
        [first, second, third] => {
            [first, second, third]
                .iter()
                .all(|byte| byte.is_ascii_digit())
                && *first != b'0'
        }
        _ => false,
    }
}

/// Nesting deeper than this is not looked into (the YAML parser refuses far less already).
const MAX_DEPTH: usize = 256;

struct Walk {
    depth: usize,
}

impl Walk {
    /// The first fault in `value`, which must have `shape`. `strict`: the node is read from a
    /// buffered value (no number where a string belongs, no `null` but for "absent").
    fn check(
        &mut self,
        value: &Value,
        shape: Shape,
        at: &Pointer,
        strict: bool,
        presence: Presence,
    ) -> Option<Fault> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let fault = self.check_inner(value, shape, at, strict, presence);
        self.depth -= 1;
        fault
    }

    fn check_inner(
        &mut self,
        value: &Value,
        shape: Shape,
        at: &Pointer,
        strict: bool,
        presence: Presence,
    ) -> Option<Fault> {
        match (shape, value) {
            // Tags change how `serde_yaml` reads a node; such nodes are not judged.
            (_, Value::Tagged(_)) | (Shape::Any, _) => None,
            (_, Value::Null) => self.check_null(shape, at, strict, presence),
            (Shape::Str, Value::String(_))
            | (Shape::Bool, Value::Bool(_))
            | (Shape::Number, Value::Number(_)) => None,
            (Shape::Str, Value::Number(_) | Value::Bool(_)) if !strict => None,
            (Shape::Str, Value::Number(_) | Value::Bool(_)) => {
                let text = key_text(value);
                Some(Fault {
                    pointer: at.clone(),
                    message: format!(
                        "expected a string, found {}: quote it ('{text}') to make it a string",
                        found(value)
                    ),
                })
            }
            (Shape::Count, Value::Number(n)) if n.as_u64().is_some() => None,
            (Shape::OneOf(what, options), Value::String(s)) => {
                if options.contains(&s.as_str()) {
                    None
                } else {
                    Some(Fault {
                        pointer: at.clone(),
                        message: format!(
                            "unknown {what} `{}`: expected {}",
                            excerpt(s),
                            quoted_list(options)
                        ),
                    })
                }
            }
            (Shape::Object(kind), Value::Mapping(map)) => {
                self.check_object(kind, map, at, strict || kind == Kind::Paths)
            }
            (Shape::RefOr(kind), Value::Mapping(map)) => self.check_ref_or(kind, map, at),
            (Shape::Map(_, values), Value::Mapping(map)) => map.iter().find_map(|(key, value)| {
                self.check(
                    value,
                    *values,
                    &at.join(key_text(key)),
                    strict,
                    Presence::Required,
                )
            }),
            (Shape::List(items), Value::Sequence(sequence)) => {
                sequence.iter().enumerate().find_map(|(index, item)| {
                    self.check(
                        item,
                        *items,
                        &at.join(index.to_string()),
                        strict,
                        Presence::Required,
                    )
                })
            }
            (Shape::AdditionalProperties, Value::Bool(_)) => None,
            (Shape::AdditionalProperties, Value::Mapping(map)) => {
                self.check_ref_or(Kind::Schema, map, at)
            }
            _ => expected(at, shape, value),
        }
    }

    /// A `null` where a node of `shape` belongs. `openapiv3` takes it for "absent" in an
    /// `Option` field, and refuses it wherever it buffers the value (a `$ref`-or-object always
    /// is). Read straight from the YAML, an empty value (`info:`) is an empty mapping, so a
    /// required object's own required fields are missing; `~` would not be, but the two cannot
    /// be told apart here, so nothing else is blamed there.
    fn check_null(
        &mut self,
        shape: Shape,
        at: &Pointer,
        strict: bool,
        presence: Presence,
    ) -> Option<Fault> {
        match (shape, presence) {
            (_, Presence::Optional) => None,
            (Shape::RefOr(_), _) => expected(at, shape, &Value::Null),
            (_, _) if strict => expected(at, shape, &Value::Null),
            (Shape::Object(kind), Presence::Required) => {
                self.check_object(kind, &Mapping::new(), at, strict)
            }
            _ => None,
        }
    }

    /// A `$ref` (a mapping whose `$ref` is a string; other fields are ignored) or an object.
    fn check_ref_or(&mut self, kind: Kind, map: &Mapping, at: &Pointer) -> Option<Fault> {
        let reference = map.get("$ref");
        if let Some(Value::String(_)) = reference {
            return None;
        }
        let fault = self.check_object(kind, map, at, true)?;
        // A `$ref` that is not a string is the likelier mistake than the object's fault.
        match reference {
            Some(value) if !matches!(value, Value::Null) => {
                expected(&at.join("$ref"), Shape::Str, value)
            }
            _ => Some(fault),
        }
    }

    fn check_object(
        &mut self,
        kind: Kind,
        map: &Mapping,
        at: &Pointer,
        strict: bool,
    ) -> Option<Fault> {
        match kind {
            Kind::Paths => map.iter().find_map(|(key, value)| {
                let key = key_text(key);
                key.starts_with('/')
                    .then(|| self.check(value, Shape::RefOr(Kind::PathItem), &at.join(&key), true, Presence::Required))
                    .flatten()
            }),
            Kind::Responses => map.iter().find_map(|(key, value)| {
                let key = key_text(key);
                let presence = if key == "default" { Presence::Optional } else { Presence::Required };
                (key == "default" || is_status_code(&key))
                    .then(|| self.check(value, Shape::RefOr(Kind::Response), &at.join(&key), true, presence))
                    .flatten()
            }),
            Kind::Callback => map.iter().find_map(|(key, value)| {
                self.check(value, Shape::Object(Kind::PathItem), &at.join(key_text(key)), strict, Presence::Required)
            }),
            Kind::SecurityRequirement => map.iter().find_map(|(key, value)| {
                self.check(value, STRINGS, &at.join(key_text(key)), strict, Presence::Required)
            }),
            Kind::Parameter => self.check_parameter(map, at),
            Kind::Header => self
                .check_present(&[kind.fields()], map, at, strict)
                .or_else(|| self.check_schema_or_content(kind, map, at)),
            Kind::Link => self.check_present(&[kind.fields()], map, at, strict).or_else(|| {
                let operation = map.iter().find_map(|(key, value)| {
                    let key = key_text(key);
                    (key == "operationRef" || key == "operationId").then_some((key, value))
                });
                match operation {
                    Some((key, value)) => self.check(value, STRING, &at.join(key), strict, Presence::Required),
                    None => Some(Fault {
                        pointer: at.clone(),
                        message: "a link object needs `operationRef` or `operationId`, and this one has neither"
                            .to_owned(),
                    }),
                }
            }),
            Kind::SecurityScheme => self.check_security_scheme(map, at),
            Kind::Schema => self.check_present(&[kind.fields()], map, at, strict).map(|mut fault| {
                if let Some(Value::Bool(_)) = map.get("required")
                    && fault.pointer == at.join("required")
                {
                    fault.message.push_str(
                        "; OpenAPI 3.0 lists an object's required properties in the object schema's `required`, \
                         not with `required: true` on the property",
                    );
                }
                fault
            }),
            _ => self
                .check_present(&[kind.fields()], map, at, strict)
                .or_else(|| check_missing(kind, &[kind.fields()], map, at)),
        }
    }

    /// The first fault in the fields of `map` that are among `fields`, in document order.
    fn check_present(
        &mut self,
        fields: &[&[Field]],
        map: &Mapping,
        at: &Pointer,
        strict: bool,
    ) -> Option<Fault> {
        map.iter().find_map(|(key, value)| {
            let key = key_text(key);
            let field = fields
                .iter()
                .copied()
                .flatten()
                .find(|field| field.name == key)?;
            self.check(value, field.shape, &at.join(&key), strict, field.presence)
        })
    }

    /// A parameter: its location `in` chooses the fields it may have.
    fn check_parameter(&mut self, map: &Mapping, at: &Pointer) -> Option<Fault> {
        const QUERY: &[Field] = &[
            defaulted("allowReserved", BOOL),
            defaulted("style", QUERY_STYLE),
            field("allowEmptyValue", BOOL),
        ];
        const HEADER: &[Field] = &[defaulted("style", SIMPLE_STYLE)];
        const PATH: &[Field] = &[defaulted("style", PATH_STYLE)];
        const COOKIE: &[Field] = &[defaulted("style", COOKIE_STYLE)];
        let location = match map.get("in") {
            None => {
                return Some(Fault {
                    pointer: at.clone(),
                    message: format!(
                        "missing `in`: a parameter object requires it ({})",
                        quoted_list(PARAMETER_LOCATIONS)
                    ),
                });
            }
            Some(Value::String(location)) => location.as_str(),
            Some(Value::Tagged(_)) => return None,
            Some(other) => {
                return expected(
                    &at.join("in"),
                    Shape::OneOf("parameter location", PARAMETER_LOCATIONS),
                    other,
                );
            }
        };
        let variant = match location {
            "query" => QUERY,
            "header" => HEADER,
            "path" => PATH,
            "cookie" => COOKIE,
            other => {
                let hint = match other {
                    "body" => {
                        "; OpenAPI 3.0 describes a request body with `requestBody`, not with a parameter"
                    }
                    "formData" => {
                        "; OpenAPI 3.0 describes form fields with a `requestBody` schema, not with parameters"
                    }
                    _ => "",
                };
                return Some(Fault {
                    pointer: at.join("in"),
                    message: format!(
                        "unknown parameter location `{}`: expected {}{hint}",
                        excerpt(other),
                        quoted_list(PARAMETER_LOCATIONS)
                    ),
                });
            }
        };
        let fields = [PARAMETER_FIELDS, variant];
        self.check_present(&fields, map, at, true)
            .or_else(|| self.check_schema_or_content(Kind::Parameter, map, at))
            .or_else(|| check_missing(Kind::Parameter, &fields, map, at))
    }

    /// A parameter or header describes its value with `schema` or `content`; the first of the
    /// two in the mapping counts.
    fn check_schema_or_content(
        &mut self,
        kind: Kind,
        map: &Mapping,
        at: &Pointer,
    ) -> Option<Fault> {
        let format = map.iter().find_map(|(key, value)| {
            let key = key_text(key);
            (key == "schema" || key == "content").then_some((key, value))
        });
        match format {
            Some((key, value)) => {
                let shape = if key == "schema" { SCHEMA } else { CONTENT };
                self.check(value, shape, &at.join(key), true, Presence::Required)
            }
            None => Some(Fault {
                pointer: at.clone(),
                message: format!(
                    "{} needs `schema` or `content`, and this one has neither",
                    with_article(kind.name())
                ),
            }),
        }
    }

    /// A security scheme: its `type` chooses the fields it must have.
    fn check_security_scheme(&mut self, map: &Mapping, at: &Pointer) -> Option<Fault> {
        const API_KEY: &[Field] = &[
            required(
                "in",
                Shape::OneOf("API key location", &["query", "header", "cookie"]),
            ),
            required("name", STRING),
            field("description", STRING),
        ];
        const HTTP: &[Field] = &[
            required("scheme", STRING),
            field("bearerFormat", STRING),
            field("description", STRING),
        ];
        const OAUTH2: &[Field] = &[
            required("flows", Shape::Object(Kind::OAuthFlows)),
            field("description", STRING),
        ];
        const OPEN_ID_CONNECT: &[Field] = &[
            required("openIdConnectUrl", STRING),
            field("description", STRING),
        ];
        let scheme_type = match map.get("type") {
            None => {
                return Some(Fault {
                    pointer: at.clone(),
                    message: format!(
                        "missing `type`: a security scheme object requires it ({})",
                        quoted_list(SECURITY_SCHEME_TYPES)
                    ),
                });
            }
            Some(Value::String(scheme_type)) => scheme_type.as_str(),
            Some(Value::Tagged(_)) => return None,
            Some(other) => {
                return expected(
                    &at.join("type"),
                    Shape::OneOf("security scheme type", SECURITY_SCHEME_TYPES),
                    other,
                );
            }
        };
        let fields = match scheme_type {
            "apiKey" => API_KEY,
            "http" => HTTP,
            "oauth2" => OAUTH2,
            "openIdConnect" => OPEN_ID_CONNECT,
            other => {
                let hint = match other {
                    "basic" => {
                        "; OpenAPI 3.0 writes Swagger 2.0's `basic` as `type: http` with `scheme: basic`"
                    }
                    _ => "",
                };
                return Some(Fault {
                    pointer: at.join("type"),
                    message: format!(
                        "unknown security scheme type `{}`: expected {}{hint}",
                        excerpt(other),
                        quoted_list(SECURITY_SCHEME_TYPES)
                    ),
                });
            }
        };
        self.check_present(&[fields], map, at, true)
            .or_else(|| check_missing(Kind::SecurityScheme, &[fields], map, at))
    }
}

#[cfg(test)]
#[path = "shape_tests.rs"]
mod tests;
