//! What each operation's methods look like to a caller: the arguments a method takes in order,
//! the parameters its builder sets, how its body is written (media types, form styles, multipart
//! parts), and what its response is (decoded JSON, a `Download`, nothing).

use crate::model::{
    ArrayStyle, BodyKind, Operation, OperationVersion, Param, ParamLocation, PartEncoding,
    ResponseBody, SuccessResponse, Ty, TypeDef, TypeKind,
};
use crate::naming::Ident;

/// The parameters a method takes positionally: path parameters and required query or header ones.
pub(crate) fn positional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|param| param.required)
}

pub(crate) fn optional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|param| !param.required)
}

/// Whether `param` is an array sent as one value, its items joined (by the runtime's `join`).
pub(crate) fn is_joined(param: &Param) -> bool {
    matches!(param.ty, Ty::Array(_))
        && param.location != ParamLocation::Path
        && param.style != ArrayStyle::Exploded
}

/// The named types of the API, by name: multipart bodies are written property by property.
pub(crate) type Types<'a> = std::collections::HashMap<&'a Ident, &'a TypeDef>;

/// The runtime's `FormStyle` variant for a form field's `encoding`, unless it is the default.
pub(crate) fn form_style_name(encoding: &PartEncoding) -> Option<&'static str> {
    let json = encoding
        .content_type
        .as_deref()
        .is_some_and(|content_type| content_type.contains("json"));
    Some(match (json, encoding.style.as_deref(), encoding.explode) {
        (true, _, _) => "Json",
        (false, Some("DeepObject"), _) => "DeepObject",
        (false, Some("SpaceDelimited"), _) => "SpaceDelimited",
        (false, Some("PipeDelimited"), _) => "PipeDelimited",
        (false, _, false) => "Form",
        (false, _, true) => return None,
    })
}

/// The kinds of part a multipart body of type `ty` is written with.
pub(crate) fn multipart_part_kinds(ty: &Ty, types: &Types<'_>) -> Vec<PartKind> {
    match ty {
        Ty::Named(name) => match types.get(name) {
            Some(TypeDef {
                kind: TypeKind::Struct(st),
                usage,
                ..
            }) => st
                .fields
                .iter()
                .filter(|field| !super::types::plan(field, *usage).skip_serializing)
                .map(|field| match &field.ty {
                    Ty::Array(item) if part_kind(item, types) != PartKind::Json => {
                        part_kind(item, types)
                    }
                    ty => part_kind(ty, types),
                })
                .collect(),
            _ => vec![part_kind(ty, types)],
        },
        ty => vec![part_kind(ty, types)],
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartKind {
    File,
    Text,
    Json,
}

/// How a value of `ty` is written as a multipart part.
pub(crate) fn part_kind(ty: &Ty, types: &Types<'_>) -> PartKind {
    match ty {
        Ty::Binary => PartKind::File,
        Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 => PartKind::Text,
        Ty::Named(name)
            if matches!(
                types.get(name).map(|def| &def.kind),
                Some(TypeKind::Enum(_))
            ) =>
        {
            PartKind::Text
        }
        _ => PartKind::Json,
    }
}

/// The path parameters of `op`, in the order the path names them (each once).
pub(crate) fn path_params(op: &Operation) -> Vec<&Param> {
    let mut params: Vec<&Param> = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else {
            break;
        };
        let wire = &rest[open + 1..close];
        if let Some(param) = op
            .params
            .iter()
            .find(|param| param.location == ParamLocation::Path && param.wire_name == wire)
            && !params.iter().any(|seen| std::ptr::eq(*seen, param))
        {
            params.push(param);
        }
        rest = &rest[close + 1..];
    }
    params
}
/// The kinds of request body an operation's versions send, default and alternative media types.
pub(crate) fn body_kinds(op: &Operation) -> impl Iterator<Item = &BodyKind> {
    op.versions
        .iter()
        .filter_map(|version| version.request.as_ref())
        .flat_map(|body| {
            std::iter::once(&body.kind).chain(body.alternatives.iter().map(|(_, kind)| kind))
        })
}

/// Whether a success response's body is handed over unread, as the crate's `Download`: every
/// body that is not JSON, text included (a CSV report may be as large as a log archive, and the
/// media type says nothing of the size). `Download::text` reads a small one whole.
pub(crate) fn is_download(body: &ResponseBody) -> bool {
    matches!(body, ResponseBody::Text | ResponseBody::Binary)
}

/// Whether a version of `op` goes through `Client::call`: its response is decoded (or
/// ignored), not handed over as a `Download`.
pub(crate) fn calls(op: &Operation) -> bool {
    op.versions.iter().any(|version| {
        !version
            .response
            .as_ref()
            .is_some_and(|response| is_download(&response.body))
    })
}

/// Whether some API version of `op` is a paginated list.
pub(crate) fn is_paginated(op: &Operation) -> bool {
    op.versions
        .iter()
        .any(|version| version.pagination.is_some())
}

/// How a method or setter takes a value: the Rust type of the argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ArgTy<'a> {
    /// A string: `impl Into<String>`.
    IntoString,
    /// Binary data: `impl Into<crate::ByteStream>`.
    IntoByteStream,
    /// The value's own type.
    Exact(&'a Ty),
}

impl<'a> ArgTy<'a> {
    /// How a parameter of type `ty` is taken.
    pub(crate) fn param(ty: &'a Ty) -> Self {
        match ty {
            Ty::String => ArgTy::IntoString,
            ty => ArgTy::Exact(ty),
        }
    }

    /// How a request body of type `ty` is taken.
    pub(crate) fn body(ty: &'a Ty) -> Self {
        match ty {
            Ty::Binary => ArgTy::IntoByteStream,
            ty => ArgTy::param(ty),
        }
    }

    /// The argument's type as written where the models are `models` (`"models::"`).
    pub(crate) fn text(self, models: &str) -> String {
        match self {
            ArgTy::IntoString => "impl Into<String>".to_owned(),
            ArgTy::IntoByteStream => "impl Into<crate::ByteStream>".to_owned(),
            ArgTy::Exact(ty) => super::type_text::ty_text(ty, models).to_string(),
        }
    }
}

/// What a method's future gives on success.
#[derive(Clone, Debug)]
pub(crate) enum Response<'a> {
    /// The JSON body, decoded into this type.
    Json(&'a Ty),
    /// `Option` of the JSON body's type: `None` when one of these statuses (which the spec lists
    /// without a body) came, the decoded body otherwise.
    OptionalJson(&'a Ty, Vec<u16>),
    /// An enum saying which success status came, each variant holding that status's decoded
    /// body (or nothing): the spec answers different bodies by status.
    ByStatus(ByStatus<'a>),
    /// The body handed over unread, as the crate's `Download`.
    Download,
    /// Nothing (`()`): no body, or one without a schema.
    Empty,
}

/// The enum of a method whose success statuses answer different bodies.
#[derive(Clone, Debug)]
pub(crate) struct ByStatus<'a> {
    /// The enum's name (`StartJobResponse`).
    pub name: &'a Ident,
    /// One variant per success status, in status order: the status as the spec keys it, the
    /// variant's name, the body's type (`None`: no body).
    pub variants: Vec<(&'a str, String, Option<&'a Ty>)>,
    /// The variant of the status the others fall back to (the lowest with a body): a `2XX` or
    /// `default` answer, or a status the spec does not list.
    pub fallback: String,
}

/// The variant name of a success status: its reason phrase (`202` -> `Accepted`).
pub(crate) fn status_variant(status: &str) -> String {
    match status {
        "200" => "Ok".to_owned(),
        "201" => "Created".to_owned(),
        "202" => "Accepted".to_owned(),
        "203" => "NonAuthoritativeInformation".to_owned(),
        "204" => "NoContent".to_owned(),
        "205" => "ResetContent".to_owned(),
        "206" => "PartialContent".to_owned(),
        "207" => "MultiStatus".to_owned(),
        "208" => "AlreadyReported".to_owned(),
        "226" => "ImUsed".to_owned(),
        "2XX" => "Success".to_owned(),
        "default" => "Default".to_owned(),
        other => format!("Status{other}"),
    }
}

/// One argument of a `Client` method, in order.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Arg<'a> {
    /// The argument's name (`group_id`, `body`).
    pub name: &'a str,
    pub ty: ArgTy<'a>,
    /// The parameter it sets; `None` for the request body.
    pub param: Option<&'a Param>,
}

/// The `Client` method of one operation version and its request builder.
#[derive(Clone, Debug)]
pub(crate) struct Method<'a> {
    pub op: &'a Operation,
    pub version: &'a OperationVersion,
    /// `Client::<name>`.
    pub name: &'a Ident,
    /// The request builder it returns.
    pub builder: &'a Ident,
    /// The method's arguments after `&self`: required parameters in the operation's order, then a
    /// required body.
    pub args: Vec<Arg<'a>>,
    /// The builder's setters of optional parameters, in the operation's order.
    pub setters: Vec<&'a Param>,
    /// The builder has `body(..)`: the body is optional.
    pub body_setter: bool,
    /// The builder has `content_type(..)`: the body may be sent as several media types.
    pub content_type_setter: bool,
    pub response: Response<'a>,
    /// A paginated list: the builder has `pages()` and `items()`.
    pub paginated: bool,
}

/// The enum of a response whose statuses answer different bodies.
fn by_status(response: &SuccessResponse) -> Response<'_> {
    let mut variants: Vec<(&str, String, Option<&Ty>)> = Vec::new();
    if let ResponseBody::Json(ty) = &response.body {
        variants.push((&response.status, status_variant(&response.status), Some(ty)));
    }
    for (status, ty) in &response.others {
        variants.push((status, status_variant(status), Some(ty)));
    }
    for status in &response.empty_statuses {
        variants.push((status, status_variant(status), None));
    }
    variants.sort_by(|a, b| a.0.cmp(b.0));
    match &response.by_status {
        Some(name) => Response::ByStatus(ByStatus {
            name,
            variants,
            fallback: status_variant(&response.status),
        }),
        None => Response::Empty,
    }
}

impl<'a> Method<'a> {
    pub(crate) fn new(op: &'a Operation, version: &'a OperationVersion) -> Self {
        let mut args: Vec<Arg<'a>> = positional(op)
            .map(|param| Arg {
                name: param.name.as_str(),
                ty: ArgTy::param(&param.ty),
                param: Some(param),
            })
            .collect();
        if let Some(body) = version.request.as_ref().filter(|body| body.required) {
            args.push(Arg {
                name: "body",
                ty: ArgTy::body(&body.ty),
                param: None,
            });
        }
        let response = match version.response.as_ref() {
            Some(response) if response.by_status.is_some() => by_status(response),
            Some(response) => match &response.body {
                ResponseBody::Json(ty) if response.empty_statuses.is_empty() => Response::Json(ty),
                ResponseBody::Json(ty) => Response::OptionalJson(
                    ty,
                    response
                        .empty_statuses
                        .iter()
                        .filter_map(|status| status.parse().ok())
                        .collect(),
                ),
                body if is_download(body) => Response::Download,
                _ => Response::Empty,
            },
            None => Response::Empty,
        };
        Method {
            op,
            version,
            name: &version.method_name,
            builder: &version.builder_name,
            args,
            setters: optional(op).collect(),
            body_setter: version.request.as_ref().is_some_and(|body| !body.required),
            content_type_setter: version
                .request
                .as_ref()
                .is_some_and(|body| !body.alternatives.is_empty()),
            response,
            paginated: version.pagination.is_some(),
        }
    }

    /// Whether the builder hands the body over unread.
    pub(crate) fn downloads(&self) -> bool {
        matches!(self.response, Response::Download)
    }
}
