//! `src/operations/<tag>.rs`: one method on `Client` per operation and API version, each returning
//! a request builder that takes the optional parameters and is sent by `.await`.
//!
//! Like `models.rs`, these files are most of a big crate, so they are written as text in
//! `prettyplease`'s layout with [`Writer`] (see `format::writer`).

use super::docs;
use crate::error::Error;
use crate::format::{TypeText, Writer, string_literal};
use crate::model::{
    ArrayStyle, BodyKind, Operation, OperationVersion, Param, ParamLocation, PartEncoding,
    ResponseBody, Ty, TypeKind,
};
use crate::surface::operations::{
    ArgTy, Method, PartKind, Response, form_style_name, is_joined, part_kind, path_params,
};
use crate::surface::type_text::ty_text;
use crate::surface::{Decl, Surface};

/// The source of the module of `tag`, as `prettyplease` lays it out (without blank lines
/// between items).
pub(crate) fn file(
    surface: &Surface<'_>,
    path: &str,
    tag: &str,
    operations: &[&Operation],
) -> Result<String, Error> {
    let mut out = String::with_capacity(operations.len() * 8192);
    let mut head = Writer::new();
    head.inner_docs(&docs::tag(tag));
    let methods = || operations.iter().flat_map(|op| surface.methods_of(op));
    if methods().next().is_none() {
        out.push_str(&head.finish(path)?);
        return Ok(out);
    }
    let mut client_items = vec!["Request"];
    if methods().any(|method| !method.downloads()) {
        client_items.push("Response");
    }
    client_items.push("ResponseFuture");
    if methods().any(|method| method.op.params.iter().any(is_joined)) {
        client_items.push("join");
    }
    head.line(&format!(
        "use crate::client::{{{}}};",
        client_items.join(", ")
    ));
    if methods().any(|method| uses_models(method.op, method.version)) {
        head.line("use crate::{Client, Error, models};");
    } else {
        head.line("use crate::{Client, Error};");
    }
    out.push_str(&head.finish(path)?);
    out.push_str("impl Client {\n");
    for method in methods() {
        out.push_str(&client_method(path, method)?);
    }
    out.push_str("}\n");
    for method in methods() {
        out.push_str(&builder(surface, path, method)?);
    }
    Ok(out)
}

/// Whether the code of one version of `op` names a type of `models`.
fn uses_models(op: &Operation, version: &OperationVersion) -> bool {
    let response = version
        .response
        .as_ref()
        .and_then(|response| match &response.body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        });
    op.params
        .iter()
        .map(|param| &param.ty)
        .chain(version.request.as_ref().map(|body| &body.ty))
        .chain(response)
        .any(names_model)
}

fn names_model(ty: &Ty) -> bool {
    match ty {
        Ty::Named(_) => true,
        Ty::Array(inner) | Ty::Map(inner) => names_model(inner),
        _ => false,
    }
}

fn outside_models(ty: &Ty) -> TypeText {
    ty_text(ty, "models::")
}

/// An argument's type, and the expression storing `value`, taken as `ty` says.
fn arg_in(ty: ArgTy<'_>, value: &str) -> (String, String) {
    let stored = match ty {
        ArgTy::IntoString | ArgTy::IntoByteStream => format!("{value}.into()"),
        ArgTy::Exact(_) => value.to_owned(),
    };
    (ty.text("models::"), stored)
}

fn response_ty(method: &Method<'_>) -> TypeText {
    match method.response {
        Response::Json(ty) => outside_models(ty),
        Response::Download => TypeText::plain("crate::Download"),
        Response::Empty => TypeText::plain("()"),
    }
}

fn method_docs(method: &Method<'_>) -> String {
    let (op, version) = (method.op, method.version);
    let http = format!("`{} {}`", op.method.as_str(), op.path);
    let api_version = match &version.version {
        Some(date) => {
            let mut text = format!(
                "Uses API version `{date}`: sends `Accept: {}`",
                version.accept
            );
            if let Some(body) = &version.request {
                text.push_str(&format!(" and `Content-Type: {}`", body.media_type));
            }
            text.push('.');
            if let Some(successor) = &version.successor {
                let newest = successor_method(op, successor);
                text.push_str(&format!(
                    " A newer version, `{successor}`, exists: see [`Client::{newest}`]."
                ));
            }
            if let Some(sunset) = &version.sunset {
                text.push_str(&format!(" This version is sunset on {sunset}."));
            }
            Some(text)
        }
        None => None,
    };
    let others: Vec<String> = op
        .versions
        .iter()
        .filter(|other| other.method_name != version.method_name)
        .filter_map(|other| {
            other
                .version
                .as_ref()
                .map(|date| format!("- `{date}`: [`Client::{}`]", other.method_name))
        })
        .collect();
    let others = (!others.is_empty() && version.successor.is_none()).then(|| {
        format!(
            "Other API versions of this operation:\n\n{}",
            others.join("\n")
        )
    });
    let mut arguments: Vec<String> = method
        .args
        .iter()
        .filter_map(|arg| arg.param)
        .map(|param| {
            let about = docs::spec(param.docs.as_deref())
                .map(|d| d.replace('\n', " "))
                .unwrap_or_default();
            format!("- `{}`: {about}", param.name.unraw())
        })
        .collect();
    if let Some(body) = version.request.as_ref().filter(|body| body.required) {
        let about = docs::spec(body.docs.as_deref())
            .map(|d| d.replace('\n', " "))
            .unwrap_or_else(|| "The request body.".to_owned());
        arguments.push(format!("- `body`: {about}"));
    }
    let returns = version
        .response
        .as_ref()
        .map(|response| match &response.docs {
            // A description of several lines (a list, paragraphs) is a paragraph of its own.
            Some(docs) if docs.trim().contains('\n') => {
                let docs = docs::spec(Some(docs)).unwrap_or_default();
                format!(
                    "On success the API answers `{}`:\n\n{docs}",
                    response.status
                )
            }
            Some(docs) => format!(
                "On success the API answers `{}` ({}).",
                response.status,
                docs.trim_end_matches('.')
            ),
            None => format!("On success the API answers `{}`.", response.status),
        });
    let arguments =
        (!arguments.is_empty()).then(|| format!("# Arguments\n\n{}", arguments.join("\n")));
    let mut summary = op.summary.clone();
    if let Some(summary) = &mut summary
        && !summary.ends_with('.')
    {
        summary.push('.');
    }
    docs::paragraphs([
        docs::spec(summary.as_deref()).as_deref(),
        docs::spec(op.description.as_deref()).as_deref(),
        Some(http.as_str()),
        api_version.as_deref(),
        others.as_deref(),
        returns.as_deref(),
        arguments.as_deref(),
    ])
}

/// The method name of the API version `successor` of `op`.
fn successor_method(op: &Operation, successor: &str) -> String {
    op.versions
        .iter()
        .find(|other| other.version.as_deref() == Some(successor))
        .or(op.versions.last())
        .map(|other| other.method_name.to_string())
        .unwrap_or_default()
}

/// The method of `impl Client` for one version of `op`, indented as inside the `impl`.
fn client_method(path: &str, method: &Method<'_>) -> Result<String, Error> {
    let (op, version) = (method.op, method.version);
    let method_name = method.name;
    let builder_name = method.builder;
    let mut args = vec!["&self".to_owned()];
    let mut inits = vec!["client: self".to_owned()];
    for arg in &method.args {
        let name = arg.name;
        let (arg_ty, stored) = arg_in(arg.ty, name);
        args.push(format!("{name}: {arg_ty}"));
        inits.push(if stored == name {
            stored
        } else {
            format!("{name}: {stored}")
        });
    }
    if let Some(body) = &version.request {
        if method.body_setter {
            inits.push("body: None".to_owned());
        }
        if method.content_type_setter {
            inits.push(format!(
                "content_type: {}",
                string_literal(&body.media_type)
            ));
        }
    }
    for param in &method.setters {
        inits.push(format!("{}: None", param.name));
    }
    inits.push("timeout: None".to_owned());
    let mut w = Writer::new();
    w.open("impl Client {");
    w.docs(&method_docs(method));
    match (&version.sunset, &version.successor) {
        (Some(sunset), successor) => {
            let date = version.version.as_deref().unwrap_or_default();
            let instead = match successor {
                Some(successor) => {
                    let newest = successor_method(op, successor);
                    format!("; use `{newest}` (API version {successor}) instead")
                }
                None => String::new(),
            };
            let note = format!(
                "API version {date} of `{}` is sunset on {sunset}{instead}",
                op.id
            );
            w.attribute("deprecated", &[format!("note = {}", string_literal(&note))]);
        }
        (None, _) if op.deprecated => {
            w.attribute(
                "deprecated",
                &["note = \"the API marks this operation as deprecated\"".to_owned()],
            );
        }
        _ => {}
    }
    // Clippy counts `&self` too; an operation with that many required parameters takes them all.
    if args.len() >= 8 {
        w.line("#[allow(clippy::too_many_arguments)]");
    }
    w.list(
        &format!("pub fn {method_name}"),
        "(",
        &args,
        ")",
        &format!(" -> {builder_name}<'_> {{"),
    );
    w.depth_in();
    w.struct_literal(builder_name.as_str(), &inits);
    w.close("}");
    w.close("}");
    let text = w.finish(path)?;
    // Without the `impl Client {` line and its closing brace.
    let inner = text.split_once('\n').map_or("", |(_, rest)| rest);
    Ok(inner.strip_suffix("}\n").unwrap_or(inner).to_owned())
}

fn builder(surface: &Surface<'_>, path: &str, method: &Method<'_>) -> Result<String, Error> {
    let (op, version) = (method.op, method.version);
    let builder_name = method.builder;
    let mut w = Writer::new();
    w.docs(&format!(
        "A request built by [`Client::{}`]: set optional parameters, then `.await` it (or call [`send`](Self::send)).",
        version.method_name
    ));
    // A paginated list's builder is cloned for each page it requests.
    w.line(if method.paginated {
        "#[derive(Clone, Debug)]"
    } else {
        "#[derive(Debug)]"
    });
    w.line("#[must_use = \"a request does nothing until it is awaited\"]");
    w.open(&format!("pub struct {builder_name}<'a> {{"));
    w.line("client: &'a Client,");
    for param in method.args.iter().filter_map(|arg| arg.param) {
        w.typed_line(
            &format!("{}: ", param.name),
            &outside_models(&param.ty),
            ",",
        );
    }
    if let Some(body) = &version.request {
        let ty = outside_models(&body.ty);
        let ty = if body.required {
            ty
        } else {
            TypeText::generic("Option", vec![ty])
        };
        w.typed_line("body: ", &ty, ",");
        if !body.alternatives.is_empty() {
            w.line("content_type: &'static str,");
        }
    }
    for param in &method.setters {
        w.typed_line(
            &format!("{}: ", param.name),
            &TypeText::generic("Option", vec![outside_models(&param.ty)]),
            ",",
        );
    }
    w.line("timeout: Option<std::time::Duration>,");
    w.close("}");

    w.open(&format!("impl<'a> {builder_name}<'a> {{"));
    for param in &method.setters {
        setter(&mut w, param, method.downloads());
    }
    if let Some(body) = version.request.as_ref().filter(|_| method.body_setter) {
        w.docs(&docs::spec(body.docs.as_deref()).unwrap_or_else(|| "The request body.".to_owned()));
        let (arg_ty, stored) = arg_in(ArgTy::body(&body.ty), "value");
        w.list(
            "pub fn body",
            "(",
            &["mut self".to_owned(), format!("value: {arg_ty}")],
            ")",
            " -> Self {",
        );
        w.depth_in();
        w.line(&format!("self.body = Some({stored});"));
        w.line("self");
        w.close("}");
    }
    if let Some(body) = version.request.as_ref().filter(|_| method.content_type_setter) {
        let choices: Vec<String> = std::iter::once(&body.media_type)
            .chain(body.alternatives.iter().map(|(media_type, _)| media_type))
            .map(|media_type| format!("- `{media_type}`"))
            .collect();
        w.docs(&format!(
            "Sends the body as `value` instead of `{}`: one of\n\n{}\n\nAny other value fails the call with [`Error::InvalidRequest`].",
            body.media_type,
            choices.join("\n")
        ));
        w.line("pub fn content_type(mut self, value: &'static str) -> Self {");
        w.depth_in();
        w.line("self.content_type = value;");
        w.line("self");
        w.close("}");
    }
    w.docs("How long the request may take, instead of the client's [timeout](crate::ClientBuilder::timeout); a request that takes longer fails with [`Error::Timeout`].");
    w.line("pub fn timeout(mut self, value: std::time::Duration) -> Self {");
    w.depth_in();
    w.line("self.timeout = Some(value);");
    w.line("self");
    w.close("}");
    let output = response_ty(method);
    let future = TypeText::generic(
        "ResponseFuture",
        vec![TypeText::plain("'a"), output.clone()],
    );
    w.docs(if method.downloads() {
        "Sends the request; the response's body is read as the returned [`Download`](crate::Download) is consumed."
    } else {
        "Sends the request and decodes the response."
    });
    w.list(
        "pub fn send",
        "(",
        &["self".to_owned()],
        ")",
        &format!(" -> {future} {{"),
    );
    w.depth_in();
    send_body(&mut w, surface, op, version);
    w.close("}");
    w.close("}");

    w.open_impl(
        "impl<'a> std::future::IntoFuture",
        &format!("{builder_name}<'a>"),
    );
    w.typed_line(
        "type Output = ",
        &TypeText::generic("Result", vec![output, TypeText::plain("Error")]),
        ";",
    );
    w.typed_line("type IntoFuture = ", &future, ";");
    w.open("fn into_future(self) -> Self::IntoFuture {");
    w.line("self.send()");
    w.close("}");
    w.close("}");
    let mut text = w.finish(path)?;
    if let Some(pagination) = &version.pagination {
        text.push_str(&super::pages::builder_methods(path, version, pagination)?);
    }
    Ok(text)
}

fn setter(w: &mut Writer, param: &Param, download: bool) {
    let default = param
        .default
        .as_ref()
        .map(|default| format!("The server's default is `{default}`."));
    let envelope = match (param.envelope, download) {
        (false, _) => None,
        (true, false) => Some(
            "The client unwraps the envelope before decoding the response, and an error status inside it fails the call as it would without an envelope.",
        ),
        (true, true) => Some(
            "The client hands over the body of this download as the API sends it, envelope or not.",
        ),
    };
    w.docs(&docs::paragraphs([
        docs::spec(param.docs.as_deref()).as_deref(),
        default.as_deref(),
        envelope,
    ]));
    let (arg_ty, stored) = arg_in(ArgTy::param(&param.ty), "value");
    w.list(
        &format!("pub fn {}", param.name),
        "(",
        &["mut self".to_owned(), format!("value: {arg_ty}")],
        ")",
        " -> Self {",
    );
    w.depth_in();
    w.line(&format!("self.{} = Some({stored});", param.name));
    w.line("self");
    w.close("}");
}

/// What joins the items of an array parameter written in `style`.
fn separator(style: ArrayStyle) -> &'static str {
    match style {
        ArrayStyle::Space => " ",
        ArrayStyle::Pipe => "|",
        ArrayStyle::Exploded | ArrayStyle::Comma => ",",
    }
}

/// The body of `send`: the request as data (each step a call of the runtime's `Request`, which
/// keeps the first error a step meets), handed to `Client::call` with the response's decoder.
fn send_body(w: &mut Writer, surface: &Surface<'_>, op: &Operation, version: &OperationVersion) {
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
    match version.response.as_ref().map(|response| &response.body) {
        Some(ResponseBody::Json(_)) => w.line("self.client.call(request, Response::json)"),
        Some(ResponseBody::Text | ResponseBody::Binary) => w.line("self.client.download(request)"),
        Some(ResponseBody::Empty) | None => w.line("self.client.call(request, Response::ignore)"),
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

