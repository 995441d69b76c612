//! The OpenAPI 3.0 object model as `openapiv3` 2.x reads it: what each node must be ([`Shape`]),
//! the objects ([`Kind`]) and their fixed fields, with whether each may be left out
//! ([`Presence`]). Objects with variants or patterned fields list only their common fields here;
//! the walk has its own code for the rest.

/// What a node must be.
#[derive(Clone, Copy, Debug)]
pub(super) enum Shape {
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
pub(super) enum Kind {
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
pub(super) enum Presence {
    /// An optional field that `openapiv3` reads into an `Option`: `null` is "absent".
    Optional,
    /// An optional field with a default (a list, a mapping, a boolean, a style): `null` is
    /// refused where the value is buffered.
    Defaulted,
    /// A required field, or an entry of a mapping or a sequence.
    Required,
}

/// A fixed field of an object.
pub(super) struct Field {
    pub(super) name: &'static str,
    pub(super) shape: Shape,
    pub(super) presence: Presence,
}

pub(super) const fn field(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        presence: Presence::Optional,
    }
}

pub(super) const fn defaulted(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        presence: Presence::Defaulted,
    }
}

pub(super) const fn required(name: &'static str, shape: Shape) -> Field {
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

pub(super) const STRING: Shape = Shape::Str;

pub(super) const BOOL: Shape = Shape::Bool;

const ANY: Shape = Shape::Any;

pub(super) const STRINGS: Shape = Shape::List(&Shape::Str);

pub(super) const SCHEMA: Shape = Shape::RefOr(Kind::Schema);

const SCHEMAS: Shape = Shape::List(&SCHEMA);

const EXTERNAL_DOCS: Shape = Shape::Object(Kind::ExternalDocs);

const SERVERS: Shape = Shape::List(&Shape::Object(Kind::Server));

const SECURITY: Shape = Shape::List(&Shape::Object(Kind::SecurityRequirement));

const PARAMETERS: Shape = Shape::List(&Shape::RefOr(Kind::Parameter));

pub(super) const CONTENT: Shape = Shape::Map("media types", &Shape::Object(Kind::MediaType));

const HEADERS: Shape = Shape::Map("header names", &Shape::RefOr(Kind::Header));

const EXAMPLES: Shape = Shape::Map("names", &Shape::RefOr(Kind::Example));

const LINKS: Shape = Shape::Map("names", &Shape::RefOr(Kind::Link));

const OPERATION: Shape = Shape::Object(Kind::Operation);

pub(super) const QUERY_STYLE: Shape = Shape::OneOf(
    "query parameter style",
    &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
);

pub(super) const SIMPLE_STYLE: Shape = Shape::OneOf("header style", &["simple"]);

pub(super) const PATH_STYLE: Shape =
    Shape::OneOf("path parameter style", &["matrix", "label", "simple"]);

pub(super) const COOKIE_STYLE: Shape = Shape::OneOf("cookie parameter style", &["form"]);

pub(super) const PARAMETER_LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];

pub(super) const SECURITY_SCHEME_TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];

/// The fields every parameter has, whatever its location.
pub(super) const PARAMETER_FIELDS: &[Field] = &[
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
    pub(super) fn name(self) -> &'static str {
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
    pub(super) fn mapping(self) -> &'static str {
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
    pub(super) fn fields(self) -> &'static [Field] {
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
