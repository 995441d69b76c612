//! `src/operations/<tag>.rs`: one method on `Client` per operation and API version, each returning
//! a request builder that takes the optional parameters and is sent by `.await`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::tokens::ty_tokens;
use crate::model::{Operation, OperationVersion, Param, ParamLocation, ResponseBody, Ty};

pub(crate) fn file(tag: &str, operations: &[&Operation]) -> TokenStream {
    let module_docs = docs::inner(&format!("Operations tagged `{tag}`."));
    let methods = operations.iter().flat_map(|op| op.versions.iter().map(move |version| client_method(op, version)));
    let builders = operations.iter().flat_map(|op| op.versions.iter().map(move |version| builder(op, version)));
    quote! {
        #module_docs

        use crate::client::{Request, ResponseFuture};
        use crate::{Client, Error, models};

        impl Client {
            #(#methods)*
        }

        #(#builders)*
    }
}

/// The parameters a method takes positionally: path parameters and required query or header ones.
fn positional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|param| param.required)
}

fn optional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|param| !param.required)
}

/// The argument type for a parameter's value, and the expression storing it.
fn param_in(ty: &Ty, value: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        Ty::String => (quote! { impl Into<String> }, quote! { #value.into() }),
        ty => (ty_tokens(ty), quote! { #value }),
    }
}

fn response_ty(version: &OperationVersion) -> TokenStream {
    match version.response.as_ref().map(|response| &response.body) {
        Some(ResponseBody::Json(ty)) => ty_tokens(ty),
        Some(ResponseBody::Text) => quote! { String },
        Some(ResponseBody::Binary) => quote! { Vec<u8> },
        Some(ResponseBody::Empty) | None => quote! { () },
    }
}

fn method_docs(op: &Operation, version: &OperationVersion) -> String {
    let http = format!("`{} {}`", op.method.as_str(), op.path);
    let api_version = match &version.version {
        Some(date) => {
            let mut text = format!("Uses API version `{date}`: sends `Accept: {}`", version.accept);
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
            other.version.as_ref().map(|date| format!("- `{date}`: [`Client::{}`]", other.method_name))
        })
        .collect();
    let others = (!others.is_empty() && version.successor.is_none())
        .then(|| format!("Other API versions of this operation:\n\n{}", others.join("\n")));
    let mut arguments: Vec<String> = positional(op)
        .map(|param| {
            let about = docs::spec(param.docs.as_deref()).map(|d| d.replace('\n', " ")).unwrap_or_default();
            format!("- `{}`: {about}", param.name.unraw())
        })
        .collect();
    if let Some(body) = version.request.as_ref().filter(|body| body.required) {
        let about = docs::spec(body.docs.as_deref()).map(|d| d.replace('\n', " ")).unwrap_or_else(|| "The request body.".to_owned());
        arguments.push(format!("- `body`: {about}"));
    }
    let returns = version.response.as_ref().map(|response| match &response.docs {
        Some(docs) => format!("On success the API answers `{}` ({}).", response.status, docs.trim_end_matches('.')),
        None => format!("On success the API answers `{}`.", response.status),
    });
    let arguments = (!arguments.is_empty()).then(|| format!("# Arguments\n\n{}", arguments.join("\n")));
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

fn client_method(op: &Operation, version: &OperationVersion) -> TokenStream {
    let method_name = version.method_name.to_tokens();
    let builder_name = version.builder_name.to_tokens();
    let docs = docs::outer(&method_docs(op, version));
    let mut args = Vec::new();
    let mut inits = vec![quote! { client: self }];
    for param in positional(op) {
        let name = param.name.to_tokens();
        let (arg_ty, stored) = param_in(&param.ty, &name);
        args.push(quote! { #name: #arg_ty });
        inits.push(if matches!(param.ty, Ty::String) { quote! { #name: #stored } } else { quote! { #name } });
    }
    if let Some(body) = &version.request {
        let ty = ty_tokens(&body.ty);
        if body.required {
            args.push(quote! { body: #ty });
            inits.push(quote! { body });
        } else {
            inits.push(quote! { body: None });
        }
    }
    for param in optional(op) {
        let name = param.name.to_tokens();
        inits.push(quote! { #name: None });
    }
    let deprecated = match (&version.sunset, &version.successor) {
        (Some(sunset), successor) => {
            let date = version.version.as_deref().unwrap_or_default();
            let instead = match successor {
                Some(successor) => {
                    let newest = successor_method(op, successor);
                    format!("; use `{newest}` (API version {successor}) instead")
                }
                None => String::new(),
            };
            let note = format!("API version {date} of `{}` is sunset on {sunset}{instead}", op.id);
            Some(quote! { #[deprecated(note = #note)] })
        }
        (None, _) if op.deprecated => Some(quote! { #[deprecated(note = "the API marks this operation as deprecated")] }),
        _ => None,
    };
    // Clippy counts `&self` too; an operation with that many required parameters takes them all.
    let allow = (args.len() >= 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #docs
        #deprecated
        #allow
        pub fn #method_name(&self, #(#args),*) -> #builder_name<'_> {
            #builder_name { #(#inits),* }
        }
    }
}

fn builder(op: &Operation, version: &OperationVersion) -> TokenStream {
    let builder_name = version.builder_name.to_tokens();
    let method_name = &version.method_name;
    let doc = docs::outer(&format!(
        "A request built by [`Client::{method_name}`]: set optional parameters, then `.await` it (or call [`send`](Self::send))."
    ));
    let mut fields = vec![quote! { client: &'a Client }];
    for param in positional(op) {
        let name = param.name.to_tokens();
        let ty = ty_tokens(&param.ty);
        fields.push(quote! { #name: #ty });
    }
    if let Some(body) = &version.request {
        let ty = ty_tokens(&body.ty);
        fields.push(if body.required { quote! { body: #ty } } else { quote! { body: Option<#ty> } });
    }
    for param in optional(op) {
        let name = param.name.to_tokens();
        let ty = ty_tokens(&param.ty);
        fields.push(quote! { #name: Option<#ty> });
    }

    let mut setters: Vec<TokenStream> = optional(op).map(setter).collect();
    if let Some(body) = version.request.as_ref().filter(|body| !body.required) {
        let ty = ty_tokens(&body.ty);
        let docs = docs::outer(&docs::spec(body.docs.as_deref()).unwrap_or_else(|| "The request body.".to_owned()));
        setters.push(quote! {
            #docs
            pub fn body(mut self, value: #ty) -> Self {
                self.body = Some(value);
                self
            }
        });
    }

    let output = response_ty(version);
    let send = send_body(op, version);
    quote! {
        #doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #builder_name<'a> {
            #(#fields,)*
        }

        impl #builder_name<'_> {
            #(#setters)*

            /// Sends the request and decodes the response.
            pub async fn send(self) -> Result<#output, Error> {
                #send
            }
        }

        impl<'a> std::future::IntoFuture for #builder_name<'a> {
            type Output = Result<#output, Error>;
            type IntoFuture = ResponseFuture<'a, #output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

fn setter(param: &Param) -> TokenStream {
    let name = param.name.to_tokens();
    let default = param.default.as_ref().map(|default| format!("The server's default is `{default}`."));
    let docs = docs::outer(&docs::paragraphs([docs::spec(param.docs.as_deref()).as_deref(), default.as_deref()]));
    let (arg_ty, stored) = param_in(&param.ty, &format_ident!("value"));
    quote! {
        #docs
        pub fn #name(mut self, value: #arg_ty) -> Self {
            self.#name = Some(#stored);
            self
        }
    }
}

/// How a parameter value becomes the text sent in a path, query or header.
fn to_text(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote! { #value.clone() },
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Named(_) => quote! { #value.to_string() },
        _ => quote! { serde_json::to_string(#value).map_err(|error| Error::InvalidRequest(error.to_string()))? },
    }
}

fn send_body(op: &Operation, version: &OperationVersion) -> TokenStream {
    let method = format_ident!("{}", op.method.as_str());
    let accept = &version.accept;
    let (template, bindings) = path_template(op);
    let path = if bindings.is_empty() { quote! { #template.to_owned() } } else { quote! { format!(#template) } };

    let mut statements = Vec::new();
    for param in op.params.iter().filter(|param| param.location != ParamLocation::Path) {
        let name = param.name.to_tokens();
        let wire = &param.wire_name;
        let add = match param.location {
            ParamLocation::Header => quote! { header },
            _ => quote! { query },
        };
        let statement = match &param.ty {
            Ty::Array(item) => {
                let text = to_text(item, quote! { item });
                quote! { for item in values { request.#add(#wire, #text); } }
            }
            ty => {
                let text = to_text(ty, quote! { value });
                quote! { request.#add(#wire, #text); }
            }
        };
        let binding = if matches!(param.ty, Ty::Array(_)) { quote! { values } } else { quote! { value } };
        statements.push(if param.required {
            quote! { let #binding = &self.#name; #statement }
        } else {
            quote! { if let Some(#binding) = &self.#name { #statement } }
        });
    }
    if let Some(body) = &version.request {
        let content_type = &body.media_type;
        statements.push(if body.required {
            quote! { request.json_body(#content_type, &self.body)?; }
        } else {
            quote! { if let Some(body) = &self.body { request.json_body(#content_type, body)?; } }
        });
    }
    let decode = match version.response.as_ref().map(|response| &response.body) {
        Some(ResponseBody::Json(_)) => quote! { response.json() },
        Some(ResponseBody::Text) => quote! { response.text() },
        Some(ResponseBody::Binary) => quote! { Ok(response.into_bytes()) },
        Some(ResponseBody::Empty) | None => quote! { Ok(()) },
    };
    let binding = if statements.is_empty() { quote! { request } } else { quote! { mut request } };
    let response_binding = if matches!(version.response.as_ref().map(|r| &r.body), Some(ResponseBody::Empty) | None) {
        quote! { _response }
    } else {
        quote! { response }
    };
    quote! {
        #(#bindings)*
        let #binding = Request::new(reqwest::Method::#method, #path, #accept);
        #(#statements)*
        let #response_binding = self.client.execute(request).await?;
        #decode
    }
}

/// The path as a `format!` template naming one local per path parameter, and the `let`s that bind
/// each local to the percent-encoded value.
fn path_template(op: &Operation) -> (String, Vec<TokenStream>) {
    let mut template = String::new();
    let mut bindings = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else { break };
        template.push_str(&rest[..open].replace('}', "}}"));
        let wire = &rest[open + 1..close];
        match op.params.iter().find(|param| param.location == ParamLocation::Path && param.wire_name == wire) {
            Some(param) => {
                let name = param.name.to_tokens();
                let local = format_ident!("{}", param.name.unraw());
                template.push_str(&format!("{{{local}}}"));
                let text = match param.ty {
                    Ty::String => quote! { &self.#name },
                    _ => quote! { &self.#name.to_string() },
                };
                bindings.push(quote! { let #local = crate::client::encode_path_segment(#text); });
            }
            None => template.push_str(&rest[open..=close].replace('{', "{{").replace('}', "}}")),
        }
        rest = &rest[close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    (template, bindings)
}
