//! `src/operations/<tag>.rs`: one method on `Client` per operation and API version, each returning
//! a request builder that takes the optional parameters and is sent by `.await`.
//!
//! Like `models.rs`, these files are most of a big crate, so they are written as text in
//! `prettyplease`'s layout with [`Writer`] (see `format::writer`).

mod by_status;
mod method_docs;
mod send;

use self::by_status::by_status_enum;
use self::method_docs::{method_docs, successor_method};
use self::send::{client_call, request_steps};
use super::docs;
use crate::error::Error;
use crate::format::{TypeText, Writer, string_literal};
use crate::model::{Operation, OperationVersion, Param, ResponseBody, Ty};
use crate::surface::Surface;
use crate::surface::operations::{ArgTy, Method, Response, is_joined};
use crate::surface::type_text::ty_text;

/// The source of the module of `tag`, whose operations are given as the methods of their
/// versions, as `prettyplease` lays it out (without blank lines between items).
pub(crate) fn file(
    surface: &Surface<'_>,
    path: &str,
    tag: &str,
    operations: &[&[Method<'_>]],
) -> Result<String, Error> {
    let mut out = String::with_capacity(operations.len() * 8192);
    let mut head = Writer::new();
    head.inner_docs(&docs::tag(tag));
    let methods = || operations.iter().copied().flatten();
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
    // The module is compiled with the tag's feature; the label on the `impl` shows it beside each
    // method on `Client`'s page, where the methods of every module are listed together.
    if let Some((_, feature)) = surface.features.iter().find(|(name, _)| *name == tag) {
        let mut label = Writer::new();
        label.doc_cfg(&[feature.feature.as_str()]);
        out.push_str(&label.finish(path)?);
    }
    out.push_str("impl Client {\n");
    for method in methods() {
        out.push_str(&client_method(path, method)?);
    }
    out.push_str("}\n");
    for method in methods() {
        out.push_str(&builder(surface, path, method)?);
        if let Response::ByStatus(by_status) = &method.response {
            out.push_str(&by_status_enum(path, method, by_status)?);
        }
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
    let others = version
        .response
        .iter()
        .flat_map(|response| response.others.iter().map(|(_, ty)| ty));
    op.params
        .iter()
        .map(|param| &param.ty)
        .chain(version.request.as_ref().map(|body| &body.ty))
        .chain(response)
        .chain(others)
        .any(names_model)
}

fn names_model(ty: &Ty) -> bool {
    match ty {
        Ty::Named(_) => true,
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => names_model(inner),
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
    match &method.response {
        Response::Json(ty) => outside_models(ty),
        Response::OptionalJson(ty, _) => TypeText::generic("Option", vec![outside_models(ty)]),
        Response::ByStatus(by_status) => TypeText::plain(by_status.name.as_str()),
        Response::Download => TypeText::plain("crate::Download"),
        Response::Empty => TypeText::plain("()"),
    }
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
    inits.push("deadline: None".to_owned());
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
    let version = method.version;
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
    w.line("deadline: Option<std::time::Duration>,");
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
    if let Some(body) = version
        .request
        .as_ref()
        .filter(|_| method.content_type_setter)
    {
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
    w.docs("How long each attempt of this call may take, instead of the client's [timeout](crate::ClientBuilder::timeout); an attempt that takes longer fails with [`Error::Timeout`], and may be retried. [`deadline`](Self::deadline) bounds the whole call.");
    w.line("pub fn timeout(mut self, value: std::time::Duration) -> Self {");
    w.depth_in();
    w.line("self.timeout = Some(value);");
    w.line("self");
    w.close("}");
    w.docs("How long this whole call may take, every attempt and the waits between them included, instead of the client's [deadline](crate::ClientBuilder::deadline); a call that takes longer fails with [`Error::Deadline`].");
    w.line("pub fn deadline(mut self, value: std::time::Duration) -> Self {");
    w.depth_in();
    w.line("self.deadline = Some(value);");
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
    let (call, decoder) = client_call(&method.response);
    let args = |first: &str| {
        std::iter::once(first.to_owned())
            .chain(decoder.clone())
            .collect::<Vec<String>>()
    };
    w.signature("pub fn send", &["self".to_owned()], &future);
    w.depth_in();
    w.line("let client = self.client;");
    w.method_call("client", call, &args("self.into_request()"), "");
    w.close("}");
    let with_response = TypeText::generic(
        "ResponseFuture",
        vec![
            TypeText::plain("'a"),
            TypeText::generic("crate::ResponseValue", vec![output.clone()]),
        ],
    );
    w.docs("Sends the request as [`send`](Self::send) does, and gives the response's status and headers beside its value.");
    w.signature(
        "pub fn send_with_response",
        &["self".to_owned()],
        &with_response,
    );
    w.depth_in();
    w.line("let client = self.client;");
    w.method_call(
        "client",
        &format!("{call}_with_response"),
        &args("self.into_request()"),
        "",
    );
    w.close("}");
    w.open("fn into_request(self) -> Request {");
    request_steps(&mut w, surface, method);
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
