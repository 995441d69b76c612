//! `src/error.rs`: the crate's one error type, built around the spec's error schema.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Api, Struct, Ty, TypeKind};

/// Accessors generated when the error schema has these string fields: (wire name, method, doc).
const ACCESSORS: &[(&str, &str, &str)] = &[
    (
        "errorCode",
        "error_code",
        "The application error code, such as `RESOURCE_NOT_FOUND`, when the body is an API error.",
    ),
    (
        "detail",
        "detail",
        "The API's description of the conditions that caused the error, when it gave one.",
    ),
    (
        "reason",
        "reason",
        "The API's short error message, when it gave one.",
    ),
];

pub(crate) fn file(api: &Api) -> TokenStream {
    let error_struct = api.error_type.as_ref().and_then(|name| {
        api.types
            .iter()
            .find(|def| &def.name == name)
            .and_then(|def| match &def.kind {
                TypeKind::Struct(st) => Some((name, st)),
                _ => None,
            })
    });
    let ApiParts {
        variant,
        display,
        status,
        retry_after,
        accessors,
        decode,
    } = match error_struct {
        Some((name, st)) => api_parts(&name.to_tokens(), st),
        None => ApiParts::default(),
    };

    quote! {
        //! The crate's error type.

        use std::fmt;
        use std::time::Duration;

        use reqwest::StatusCode;

        /// Everything a call can fail with.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            #variant
            /// The API answered with an error status and a body that is not an API error: empty,
            /// not JSON, cut off, or JSON of another shape. The body is kept as received.
            #[non_exhaustive]
            UnexpectedResponse {
                /// The HTTP status of the response.
                status: StatusCode,
                /// The response body as text (invalid UTF-8 replaced).
                body: String,
                /// The delay the response's `Retry-After` header asked for, if it had one.
                retry_after: Option<Duration>,
            },
            /// The API answered with a success status, but its body does not decode as the documented type.
            #[non_exhaustive]
            Decode {
                /// The HTTP status of the response.
                status: StatusCode,
                /// The response body as text (invalid UTF-8 replaced).
                body: String,
                /// Why decoding failed.
                source: serde_json::Error,
            },
            /// One attempt of the call timed out (the client's or the operation's `timeout`).
            Timeout(reqwest::Error),
            /// The call's deadline passed (the client's or the operation's `deadline`), counting
            /// every attempt and the waits between them; it holds the deadline.
            Deadline(std::time::Duration),
            /// No connection could be made to the API (refused, unreachable, a name that does not
            /// resolve, or not accepted within the connect timeout): the request never left.
            Connect(reqwest::Error),
            /// Any other failure to send the request or read the response.
            Transport(reqwest::Error),
            /// The request could not be built (for example, a body that does not serialize).
            InvalidRequest(String),
        }

        impl Error {
            /// The HTTP status the API answered with, if it answered.
            pub fn status(&self) -> Option<StatusCode> {
                match self {
                    #status
                    Error::UnexpectedResponse { status, .. } | Error::Decode { status, .. } => Some(*status),
                    Error::Timeout(error) | Error::Connect(error) | Error::Transport(error) => error.status(),
                    Error::InvalidRequest(_) | Error::Deadline(_) => None,
                }
            }

            /// Whether the API answered `404 Not Found`.
            pub fn is_not_found(&self) -> bool {
                self.status() == Some(StatusCode::NOT_FOUND)
            }

            /// Whether the API answered `429 Too Many Requests`.
            pub fn is_rate_limited(&self) -> bool {
                self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
            }

            /// Whether the request timed out (a connection not made within the connect timeout
            /// included).
            pub fn is_timeout(&self) -> bool {
                match self {
                    Error::Timeout(_) | Error::Deadline(_) => true,
                    Error::Connect(error) => error.is_timeout(),
                    _ => false,
                }
            }

            /// How long the API asked the caller to wait before trying again (its `Retry-After`
            /// header), when it answered with an error status and said so. A `429 Too Many
            /// Requests` keeps it when the client's [`RetryPolicy`](crate::RetryPolicy) gives up.
            pub fn retry_after(&self) -> Option<Duration> {
                match self {
                    #retry_after
                    Error::UnexpectedResponse { retry_after, .. } => *retry_after,
                    _ => None,
                }
            }

            #accessors

            /// The error for a response with an error status, the delay of its `Retry-After` header,
            /// and its body `body`.
            pub(crate) fn from_response(status: StatusCode, retry_after: Option<Duration>, body: &[u8]) -> Self {
                #decode
                Error::UnexpectedResponse { status, body: String::from_utf8_lossy(body).into_owned(), retry_after }
            }

            /// The error for a failure of the HTTP client itself.
            pub(crate) fn from_transport(error: reqwest::Error) -> Self {
                // A connection not made in time is a failure to connect: the request never left,
                // so it is sent again whatever its method (see `RetryPolicy`).
                if error.is_connect() {
                    Error::Connect(error)
                } else if error.is_timeout() {
                    Error::Timeout(error)
                } else {
                    Error::Transport(error)
                }
            }
        }

        impl fmt::Display for Error {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    #display
                    Error::UnexpectedResponse { status, body, .. } if body.is_empty() => {
                        write!(f, "the API answered {status} with an empty body")
                    }
                    Error::UnexpectedResponse { status, body, .. } => write!(f, "the API answered {status}: {body}"),
                    Error::Decode { status, source, .. } => {
                        write!(f, "the API answered {status} with a body that does not decode: {source}")
                    }
                    Error::Timeout(error) => write!(f, "the request timed out: {error}"),
                    Error::Deadline(deadline) => write!(f, "the call did not finish within its deadline of {deadline:?}"),
                    Error::Connect(error) => write!(f, "cannot connect to the API: {error}"),
                    Error::Transport(error) => write!(f, "the request failed: {error}"),
                    Error::InvalidRequest(message) => write!(f, "the request cannot be built: {message}"),
                }
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Error::Decode { source, .. } => Some(source),
                    Error::Timeout(error) | Error::Connect(error) | Error::Transport(error) => Some(error),
                    _ => None,
                }
            }
        }
    }
}

/// What the spec's error schema adds to `Error`; all empty when the spec has none.
#[derive(Default)]
struct ApiParts {
    /// The `Api` variant.
    variant: TokenStream,
    /// Its arm in `Display::fmt`.
    display: TokenStream,
    /// Its arm in `Error::status`.
    status: TokenStream,
    /// Its arm in `Error::retry_after`.
    retry_after: TokenStream,
    /// `api_error` and the accessors of its fields.
    accessors: TokenStream,
    /// The statement of `from_response` that returns it when the body decodes.
    decode: TokenStream,
}

/// The parts of `Error` for the spec's error schema `name`.
fn api_parts(name: &proc_macro2::Ident, st: &Struct) -> ApiParts {
    let variant = quote! {
        /// The API answered with an error status and an error body it documents.
        #[non_exhaustive]
        Api {
            /// The HTTP status of the response.
            status: StatusCode,
            /// The decoded error body.
            body: Box<crate::models::#name>,
            /// The delay the response's `Retry-After` header asked for, if it had one.
            retry_after: Option<Duration>,
        },
    };
    let code = string_field(st, "errorCode");
    let detail = string_field(st, "detail");
    let display = match (code, detail) {
        (Some(code), Some(detail)) => {
            let code_expr = field_str(&code.0, code.1);
            let detail_expr = field_str(&detail.0, detail.1);
            quote! {
                Error::Api { status, body, .. } => {
                    write!(f, "the API answered {status}")?;
                    if let Some(code) = #code_expr { write!(f, " {code}")?; }
                    if let Some(detail) = #detail_expr { write!(f, ": {detail}")?; }
                    Ok(())
                }
            }
        }
        _ => quote! { Error::Api { status, .. } => write!(f, "the API answered {status}"), },
    };
    let status = quote! { Error::Api { status, .. } => Some(*status), };
    let retry_after = quote! { Error::Api { retry_after, .. } => *retry_after, };
    let mut accessors = vec![quote! {
        /// The decoded error body, when the API answered with one.
        pub fn api_error(&self) -> Option<&crate::models::#name> {
            match self {
                Error::Api { body, .. } => Some(body),
                _ => None,
            }
        }
    }];
    for (wire, method, doc) in ACCESSORS {
        if let Some((field, optional)) = string_field(st, wire) {
            let method = format_ident!("{method}");
            let value = field_str(&field, optional);
            accessors.push(quote! {
                #[doc = #doc]
                pub fn #method(&self) -> Option<&str> {
                    let body = self.api_error()?;
                    #value
                }
            });
        }
    }
    if let Some(field) = st
        .fields
        .iter()
        .find(|field| field.wire_name == "badRequestDetail")
    {
        let field_name = field.name.to_tokens();
        if let Ty::Named(detail) = &field.ty {
            let detail = detail.to_tokens();
            let value = if field.required && !field.nullable {
                quote! { Some(&body.#field_name) }
            } else {
                quote! { body.#field_name.as_ref() }
            };
            accessors.push(quote! {
                /// Which fields of the request were rejected, when the API says.
                pub fn bad_request_detail(&self) -> Option<&crate::models::#detail> {
                    let body = self.api_error()?;
                    #value
                }
            });
        }
    }
    let decode = quote! {
        if let Ok(body) = serde_json::from_slice::<crate::models::#name>(body) {
            return Error::Api { status, body: Box::new(body), retry_after };
        }
    };
    ApiParts {
        variant,
        display,
        status,
        retry_after,
        accessors: quote! { #(#accessors)* },
        decode,
    }
}

/// A `String` field of the error schema named `wire`, and whether it is optional.
fn string_field(st: &Struct, wire: &str) -> Option<(proc_macro2::Ident, bool)> {
    st.fields
        .iter()
        .find(|field| field.wire_name == wire && field.ty == Ty::String)
        .map(|field| (field.name.to_tokens(), !field.required || field.nullable))
}

/// An `Option<&str>` expression reading `body.<field>`.
fn field_str(field: &proc_macro2::Ident, optional: bool) -> TokenStream {
    if optional {
        quote! { body.#field.as_deref() }
    } else {
        quote! { Some(body.#field.as_str()) }
    }
}
