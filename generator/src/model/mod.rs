//! Stage 2: a typed intermediate model of the API, independent of `openapiv3` and of Rust syntax.
//!
//! [`build`] turns a loaded document into an [`Api`]: its [`Operation`]s, each with one
//! [`OperationVersion`] per Atlas API version (the dated vendor media types), and the [`TypeDef`]s
//! of every schema they use, inline schemas included and named from their place.

#[cfg(test)]
mod construct_tests;
mod operations;
mod pagination;
#[cfg(test)]
mod pagination_tests;
mod security;
mod servers;
mod subset;
#[cfg(test)]
mod tests;
mod types;
mod usage;

use std::collections::BTreeSet;

use openapiv3::OpenAPI;

use crate::error::{Error, Warning};
use crate::load::{Pointer, Resolver};
use crate::naming::Ident;

pub(crate) use subset::Filter;

/// The whole API as the emitter sees it.
#[derive(Clone, Debug)]
pub(crate) struct Api {
    pub title: String,
    pub description: Option<String>,
    pub spec_version: String,
    /// The spec's first server: where a client sends requests by default.
    pub server: Option<Server>,
    /// `components.securitySchemes`, in the spec's order.
    pub security_schemes: Vec<SecurityScheme>,
    /// The top-level `security`: what an operation that does not say otherwise accepts.
    pub security: Requirement,
    /// In the order of the spec's paths, then of HTTP methods.
    pub operations: Vec<Operation>,
    /// Sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// The schema the spec's error responses share (Atlas: `ApiError`), if there is one.
    pub error_type: Option<Ident>,
    /// What the spec gets wrong without stopping generation, in the spec's order.
    pub warnings: Vec<Warning>,
}

/// One operation (method + path), all of its API versions together.
#[derive(Clone, Debug)]
pub(crate) struct Operation {
    pub id: String,
    pub method: Method,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The first tag, which decides the module and cargo feature the operation lives in; empty
    /// when the operation has no tag.
    pub tag: String,
    pub deprecated: bool,
    pub params: Vec<Param>,
    /// Oldest first. An operation without dated media types has one version whose `version` is `None`.
    pub versions: Vec<OperationVersion>,
    /// Every response status the spec lists (`201`, `4XX`, `default`), in the spec's order.
    pub statuses: Vec<String>,
    /// The operation's own `security`, when it has one.
    pub security: Option<Requirement>,
    /// The operation's (or its path's) own server, when it has one.
    pub server: Option<Server>,
}

/// A server: a URL template and its variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Server {
    /// Without a trailing `/`.
    pub url: String,
    pub docs: Option<String>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ServerVariable {
    pub name: String,
    /// The `ClientBuilder` method setting it (`server_region`).
    pub setter: Ident,
    /// The enum of its values, when the spec lists them (`ServerRegion`).
    pub type_name: Ident,
    pub default: String,
    /// The values it may take; empty when any is allowed.
    pub values: Vec<String>,
    pub docs: Option<String>,
}

/// One entry of `components.securitySchemes`.
#[derive(Clone, Debug)]
pub(crate) struct SecurityScheme {
    /// Its name in the spec.
    pub key: String,
    /// The `Credentials` constructor for it.
    pub constructor: Ident,
    pub docs: Option<String>,
    pub kind: SchemeKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SchemeKind {
    /// HTTP Basic.
    Basic,
    /// HTTP Digest.
    Digest,
    /// A token the caller has, sent as `Authorization: <prefix> <token>` (HTTP bearer, and OAuth 2.0
    /// flows or OpenID Connect, which need a user's browser to get one).
    Token { prefix: String },
    ApiKey {
        location: ApiKeyLocation,
        name: String,
    },
    /// OAuth 2.0 client credentials, exchanged at `token_url` for access tokens.
    ClientCredentials { token_url: String },
}

impl SchemeKind {
    /// The `Credentials` constructor of a scheme of this kind, when it is the only one.
    pub(crate) fn constructor(&self) -> &'static str {
        match self {
            SchemeKind::Basic => "basic",
            SchemeKind::Digest => "digest",
            SchemeKind::Token { prefix } if prefix == "Bearer" => "bearer",
            SchemeKind::Token { .. } => "token",
            SchemeKind::ApiKey { .. } => "api_key",
            SchemeKind::ClientCredentials { .. } => "service_account",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// A `security` list: alternatives, each a set of schemes (indices into
/// [`Api::security_schemes`]) sent together. An empty set means no credentials at all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Requirement {
    pub alternatives: Vec<Vec<usize>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl Method {
    pub(crate) const ALL: [Method; 8] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
        Method::Trace,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    /// The key of this method in an OpenAPI path item.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
            Method::Head => "head",
            Method::Options => "options",
            Method::Trace => "trace",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How an array parameter's items are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ArrayStyle {
    /// One `name=item` pair per item (query `form`, `explode: true`, the default).
    Exploded,
    /// `a,b` (query `form` without explode; path, header and cookie `simple`/`form`).
    Comma,
    /// `a b` (query `spaceDelimited`).
    Space,
    /// `a|b` (query `pipeDelimited`).
    Pipe,
}

#[derive(Clone, Debug)]
pub(crate) struct Param {
    pub wire_name: String,
    pub name: Ident,
    pub location: ParamLocation,
    pub ty: Ty,
    /// How the items are written, when `ty` is an array.
    pub style: ArrayStyle,
    pub required: bool,
    pub docs: Option<String>,
    pub default: Option<serde_json::Value>,
    /// Where the operation lists the parameter (a JSON pointer into the spec).
    pub at: String,
    /// Whether the parameter asks for an Atlas envelope (see [`operations::is_envelope`]): the
    /// generated client then unwraps the response it wraps.
    pub envelope: bool,
}

/// One API version of an operation: what is sent and what comes back under that version.
#[derive(Clone, Debug)]
pub(crate) struct OperationVersion {
    /// The Atlas API version date (`2024-05-30`), if the operation is versioned.
    pub version: Option<String>,
    pub method_name: Ident,
    pub builder_name: Ident,
    /// Whether this version has the operation's plain method and builder names (no version
    /// suffix): the newest dated version, or the one version when none is dated.
    pub plain: bool,
    /// The media type sent in `Accept`.
    pub accept: String,
    pub request: Option<RequestBody>,
    pub response: Option<SuccessResponse>,
    /// The date after which this version stops working (`x-sunset`).
    pub sunset: Option<String>,
    /// The version that replaces this one, when this one is not the newest.
    pub successor: Option<String>,
    /// How the answers of a paginated list operation come page by page, when this version is
    /// one (see [`pagination`] for the rule).
    pub pagination: Option<Pagination>,
}

/// A paginated list operation's parameters and page type, as [`pagination`] recognises them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pagination {
    /// The parameter that sets the page number (`pageNum`): its setter and type (an integer).
    pub page_num: Ident,
    pub page_num_ty: Ty,
    /// The parameter that sets the page size (`itemsPerPage`): its setter and type (an integer).
    pub items_per_page: Ident,
    pub items_per_page_ty: Ty,
    /// The response type: a struct of [`Api::types`].
    pub page: Ident,
    /// The field holding the page's items (`results`), and their type.
    pub results: Ident,
    pub item: Ty,
    /// The field holding how many items the whole list has (`totalCount`), if the page has one.
    pub total_count: Option<Ident>,
    /// The field holding the page's links (`links`), and the field of a link holding its
    /// relation (`rel`), if the page has links.
    pub links: Option<(Ident, Ident)>,
}

#[derive(Clone, Debug)]
pub(crate) struct RequestBody {
    /// The media type sent by default: JSON where the operation accepts it, else the first the
    /// spec lists.
    pub media_type: String,
    pub kind: BodyKind,
    pub ty: Ty,
    pub required: bool,
    pub docs: Option<String>,
    /// The other media types the operation accepts the same body as, which the caller may choose.
    pub alternatives: Vec<(String, BodyKind)>,
}

/// How a request body is written for its media type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum BodyKind {
    /// JSON (`application/json`, `application/*+json`).
    Json,
    /// `application/x-www-form-urlencoded`: the object's properties as form fields.
    Form(Vec<PartEncoding>),
    /// `multipart/form-data`: one part per property, files as file parts.
    Multipart(Vec<PartEncoding>),
    /// Text (`text/*`, XML): the caller's string as it is.
    Text,
    /// Anything else (`application/octet-stream`, `image/png`, ...): the caller's bytes or stream.
    Binary,
}

/// What a media type's `encoding` object says about one property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PartEncoding {
    pub property: String,
    pub content_type: Option<String>,
    /// The serialization style (`Form`, `DeepObject`, ...), when the spec sets one.
    pub style: Option<String>,
    pub explode: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct SuccessResponse {
    /// As the spec keys it: `200`, `2XX` or `default`.
    pub status: String,
    pub media_type: String,
    pub body: ResponseBody,
    pub docs: Option<String>,
    /// The other success statuses of this version that answer without a body (a `204` beside a
    /// `200` with JSON): the call then returns `None` for them instead of decoding nothing.
    pub empty_statuses: Vec<String>,
    /// The other success statuses of this version whose JSON body is of another type than
    /// `body`'s (a `202` with a job beside a `200` with the result), with that type: the call
    /// then returns an enum saying which status came.
    pub others: Vec<(String, Ty)>,
    /// The name of that enum, when there are `others`.
    pub by_status: Option<Ident>,
}

#[derive(Clone, Debug)]
pub(crate) enum ResponseBody {
    /// Nothing to decode (a 204, or a media type without a schema).
    Empty,
    /// JSON decoded into a type.
    Json(Ty),
    /// Text (CSV and the like), returned as a `String`.
    Text,
    /// Anything else (gzip archives, binary downloads), returned as bytes.
    Binary,
}

/// A named type the generated crate defines.
#[derive(Clone, Debug)]
pub(crate) struct TypeDef {
    pub name: Ident,
    pub docs: Option<String>,
    pub kind: TypeKind,
    pub usage: Usage,
    /// The tags of the operations that reach this type (for cargo features).
    pub tags: BTreeSet<String>,
    /// Reached from the error type, which any operation may return: never behind a feature.
    pub error: bool,
    /// The schema the type is built from (a JSON pointer into the spec).
    pub at: String,
}

/// Whether a type travels in requests, in responses, or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    pub request: bool,
    pub response: bool,
}

#[derive(Clone, Debug)]
pub(crate) enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    Union(Union),
    /// `pub type Name = Ty;`
    Alias(Ty),
}

#[derive(Clone, Debug)]
pub(crate) struct Struct {
    pub fields: Vec<Field>,
    /// Extra properties beyond the named ones (`additionalProperties` next to `properties`).
    pub additional: Option<Ty>,
}

#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub wire_name: String,
    pub name: Ident,
    pub docs: Option<String>,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// Holds a credential or other secret that `Debug` must not print.
    pub secret: bool,
    /// Part of a reference cycle through this field, so held in a `Box`.
    pub boxed: bool,
    /// The property's schema (a JSON pointer into the spec).
    pub at: String,
}

#[derive(Clone, Debug)]
pub(crate) struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// The name of the variant that keeps values this version of the client does not know.
    pub other: Ident,
}

#[derive(Clone, Debug)]
pub(crate) struct EnumVariant {
    pub name: Ident,
    pub wire_value: String,
}

/// `oneOf` / `anyOf`: one of several shapes.
#[derive(Clone, Debug)]
pub(crate) struct Union {
    pub variants: Vec<UnionVariant>,
    /// When present, the property whose value says which variant a value is: the schema's
    /// `discriminator`, or a property whose enum values tell the variants apart.
    pub discriminator: Option<String>,
    /// The variant that keeps a value whose discriminator this version of the client does not know.
    pub other: Ident,
}

#[derive(Clone, Debug)]
pub(crate) struct UnionVariant {
    pub name: Ident,
    pub ty: Ty,
    /// The discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Held in a `Box`: part of a reference cycle, or much larger than the other variants.
    pub boxed: bool,
}

/// A type expression.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Ty {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    Array(Box<Ty>),
    /// A JSON object with string keys and values of one type.
    Map(Box<Ty>),
    Named(Ident),
    /// Any JSON object (`serde_json::Map`).
    JsonObject,
    /// Binary data (`type: string, format: binary`): bytes or a stream, the crate's `ByteStream`.
    Binary,
    /// Any JSON value; the reason says why the model could not be more precise.
    Json(String),
    /// An array's item or a map's value that may be `null` (`nullable: true`): `Option<T>`.
    Nullable(Box<Ty>),
}

/// Builds the model of `document` (the spec named `file`).
pub(crate) fn build(document: &OpenAPI, file: &str, filter: &Filter) -> Result<Api, Error> {
    let resolver = Resolver::new(document, file);
    let security_schemes = security::schemes(document, file)?;
    let mut warnings = Vec::new();
    let security = match &document.security {
        Some(requirements) => security::requirement(
            requirements,
            &security_schemes,
            file,
            &Pointer::root().join("security"),
            &mut warnings,
        ),
        // No requirement at all: any one scheme the client has credentials for, or none.
        None => Requirement {
            alternatives: (0..security_schemes.len())
                .map(|index| vec![index])
                .chain([Vec::new()])
                .collect(),
        },
    };
    let server = servers::first(
        &document.servers,
        None,
        file,
        &Pointer::root().join("servers"),
        &mut warnings,
    )?;
    let mut types = types::TypeBuilder::new(&resolver)?;
    let context = operations::Context {
        security_schemes: &security_schemes,
        server: server.as_ref(),
    };
    let mut operations = operations::build(
        document,
        &resolver,
        &mut types,
        filter,
        &context,
        &mut warnings,
    )?;
    operations::keep_envelopes_with_json(&mut operations);
    let error_type =
        operations::error_schema(document, &resolver)?.map(|name| types.component_name(name));
    let mut type_defs = types.finish()?;
    pagination::mark(&mut operations, &type_defs);
    usage::mark(&mut type_defs, &operations, error_type.as_ref());
    if !filter.is_everything() {
        subset::prune(&mut type_defs, error_type.as_ref());
    }
    Ok(Api {
        title: document.info.title.clone(),
        description: document.info.description.clone(),
        spec_version: document.info.version.clone(),
        server,
        security_schemes,
        security,
        operations,
        types: type_defs,
        error_type,
        warnings,
    })
}
