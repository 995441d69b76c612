//! The body of a request builder's `send`: the request as a sequence of calls of the runtime's
//! `Request` (path, query, headers, cookies, body in its media type), handed to `Client::call`.

use crate::format::{Writer, string_literal};
use crate::model::{ArrayStyle, BodyKind, ParamLocation, PartEncoding, Ty, TypeKind};
use crate::surface::operations::{
    Method, PartKind, Response, form_style_name, part_kind, path_params,
};
use crate::surface::{Decl, Surface};

/// What joins the items of an array parameter written in `style`.
fn separator(style: ArrayStyle) -> &'static str {
    match style {
        ArrayStyle::Space => " ",
        ArrayStyle::Pipe => "|",
        ArrayStyle::Exploded | ArrayStyle::Comma => ",",
    }
}

/// The body of the builder's `request`: the request as data, each step a call of the runtime's
/// `Request` (which keeps the first error a step meets).
pub(super) fn request_steps(w: &mut Writer, surface: &Surface<'_>, method: &Method<'_>) {
    let (op, version) = (method.op, method.version);
    let request = "let mut request = Request::new";
    let method = format!("reqwest::Method::{}", op.method.as_str());
    let path = string_literal(&op.path);
    let accept = string_literal(&version.accept);
    let operation = string_literal(&op.id);
    w.list(request, "(", &[method, path, accept, operation], ")", ";");

    if let Some(server) = &op.server {
        w.line(&format!(
            "request.server({});",
            string_literal(&server.default_url())
        ));
    }
    if let Some(security) = &op.security {
        let alternatives: Vec<String> = security
            .alternatives
            .iter()
            .map(|schemes| {
                format!(
                    "&[{}]",
                    schemes
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        w.line(&format!(
            "request.security(&[{}]);",
            alternatives.join(", ")
        ));
    }
    for param in path_params(op) {
        let set = if matches!(param.ty, Ty::Array(_)) {
            "path_items"
        } else {
            "path"
        };
        w.line(&format!(
            "request.{set}({}, self.{});",
            string_literal(&param.wire_name),
            param.name
        ));
    }
    for param in op
        .params
        .iter()
        .filter(|param| param.location != ParamLocation::Path)
    {
        let add = match param.location {
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            _ => "query",
        };
        let value = if param.required {
            format!("Some(self.{})", param.name)
        } else {
            format!("self.{}", param.name)
        };
        if param.envelope {
            w.line(&format!("request.envelope({value});"));
            continue;
        }
        let wire = string_literal(&param.wire_name);
        let call = match (&param.ty, param.style) {
            (Ty::Array(_), ArrayStyle::Exploded) => format!("request.query_each({wire}, {value});"),
            (Ty::Array(_), style) => format!(
                "request.{add}({wire}, join({value}, {}));",
                string_literal(separator(style))
            ),
            _ => format!("request.{add}({wire}, {value});"),
        };
        w.line(&call);
    }
    if let Some(body) = &version.request {
        if !body.required {
            w.open("if let Some(body) = &self.body {");
        } else if !body.alternatives.is_empty() || matches!(body.kind, BodyKind::Multipart(_)) {
            w.line("let body = &self.body;");
        }
        let multipart = matches!(body.kind, BodyKind::Multipart(_));
        let value = if body.required && body.alternatives.is_empty() && !multipart {
            "&self.body"
        } else {
            "body"
        };
        if body.alternatives.is_empty() {
            set_body(w, &body.media_type, &body.kind, &body.ty, value, surface);
        } else {
            w.open("match self.content_type {");
            for (media_type, kind) in std::iter::once((&body.media_type, &body.kind)).chain(
                body.alternatives
                    .iter()
                    .map(|(media_type, kind)| (media_type, kind)),
            ) {
                w.open(&format!("{} => {{", string_literal(media_type)));
                set_body(w, media_type, kind, &body.ty, value, surface);
                w.close("}");
            }
            w.line("other => request.unsupported_body(other),");
            w.close("}");
        }
        if !body.required {
            w.close("}");
        }
    }
    w.line("request.timeout(self.timeout);");
    w.line("request.deadline(self.deadline);");
    w.line("request");
}

/// How `send` hands the request to the client: the client's method (`call`, or `download` for
/// a body handed over unread) and, for `call`, the response's decoder.
pub(super) fn client_call(response: &Response<'_>) -> (&'static str, Option<String>) {
    match response {
        Response::Json(_) => ("call", Some("Response::json".to_owned())),
        Response::OptionalJson(_, statuses) => {
            let statuses: Vec<String> = statuses.iter().map(ToString::to_string).collect();
            (
                "call",
                Some(format!(
                    "|response| response.json_unless(&[{}])",
                    statuses.join(", ")
                )),
            )
        }
        Response::ByStatus(by_status) => {
            ("call", Some(format!("{}::from_response", by_status.name)))
        }
        Response::Download => ("download", None),
        Response::Empty => ("call", Some("Response::ignore".to_owned())),
    }
}

/// The statements setting the request's body to `value` (a reference to the body) as
/// `media_type` of `kind`.
fn set_body(
    w: &mut Writer,
    media_type: &str,
    kind: &BodyKind,
    ty: &Ty,
    value: &str,
    surface: &Surface<'_>,
) {
    let content_type = string_literal(media_type);
    match kind {
        BodyKind::Json => w.line(&format!("request.json_body({content_type}, {value});")),
        BodyKind::Text => w.line(&format!("request.text_body({content_type}, {value});")),
        BodyKind::Binary => w.line(&format!("request.binary_body({content_type}, {value});")),
        BodyKind::Form(encodings) => {
            let styles: Vec<String> = encodings.iter().filter_map(form_style).collect();
            let styles = if styles.is_empty() {
                "&[]".to_owned()
            } else {
                format!("&[{}]", styles.join(", "))
            };
            w.list(
                "request.form_body",
                "(",
                &[content_type, value.to_owned(), styles],
                ")",
                ";",
            );
        }
        BodyKind::Multipart(encodings) => multipart(w, surface, ty, value, encodings),
    }
}

/// The style of a form field whose `encoding` differs from the default (exploded form).
fn form_style(encoding: &PartEncoding) -> Option<String> {
    let style = form_style_name(encoding)?;
    Some(format!(
        "({}, crate::body::FormStyle::{style})",
        string_literal(&encoding.property)
    ))
}

/// A `multipart/form-data` body: one part per property of the body's struct (files for binary
/// data, text for scalars, JSON for the rest), or the whole body as one part when it is not a
/// struct.
fn multipart(
    w: &mut Writer,
    surface: &Surface<'_>,
    ty: &Ty,
    value: &str,
    encodings: &[PartEncoding],
) {
    let types = &surface.types;
    let fields: Option<&Decl<'_>> = match ty {
        Ty::Named(name) => surface
            .decl(name)
            .filter(|decl| matches!(decl.def.kind, TypeKind::Struct(_))),
        _ => None,
    };
    w.line("let mut form = crate::body::Multipart::default();");
    let content_type = |property: &str| {
        encodings
            .iter()
            .find(|encoding| encoding.property == property)
            .and_then(|encoding| encoding.content_type.as_deref())
            .map_or_else(
                || "None".to_owned(),
                |content_type| format!("Some({})", string_literal(content_type)),
            )
    };
    match fields {
        Some(decl) => {
            for plan in &decl.fields {
                let field = plan.field;
                if plan.skip_serializing {
                    continue;
                }
                let wire = string_literal(&field.wire_name);
                let access = format!("{value}.{}", field.name);
                let ct = content_type(&field.wire_name);
                let part = |w: &mut Writer, item: &str, ty: &Ty| match part_kind(ty, types) {
                    PartKind::File => w.line(&format!("form.file({wire}, {item}, {ct});")),
                    PartKind::Text => {
                        w.line(&format!("form.text({wire}, {item}.to_string(), {ct});"))
                    }
                    PartKind::Json => w.line(&format!("form.json({wire}, {item}, {ct});")),
                };
                let (binding, ty) = match &field.ty {
                    // An array of files or scalars is one part per item.
                    Ty::Array(item) if part_kind(item, types) != PartKind::Json => {
                        ("values", &field.ty)
                    }
                    ty => ("value", ty),
                };
                if plan.optional {
                    w.open(&format!("if let Some({binding}) = &{access} {{"));
                } else {
                    w.line(&format!("let {binding} = &{access};"));
                }
                match (binding, ty) {
                    ("values", Ty::Array(item)) => {
                        w.open("for item in values {");
                        part(w, "item", item);
                        w.close("}");
                    }
                    _ => part(w, "value", ty),
                }
                if plan.optional {
                    w.close("}");
                }
            }
        }
        None => {
            let ct = content_type("body");
            match part_kind(ty, types) {
                PartKind::File => w.line(&format!("form.file(\"file\", {value}, {ct});")),
                PartKind::Text => {
                    w.line(&format!("form.text(\"body\", {value}.to_string(), {ct});"))
                }
                PartKind::Json => w.line(&format!("form.json(\"body\", {value}, {ct});")),
            }
        }
    }
    w.line("request.multipart_body(form);");
}
