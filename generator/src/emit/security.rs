//! `src/security.rs` and `src/servers.rs`: what the spec says about authentication and servers,
//! as the constants the runtime reads and the public constructors and setters built on them.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use super::docs;
use crate::model::{Api, ApiKeyLocation, Requirement, SchemeKind, Server};
use crate::naming;

/// A requirement as the runtime's `&[&[usize]]`.
pub(crate) fn requirement_tokens(requirement: &Requirement) -> TokenStream {
    let alternatives = requirement.alternatives.iter().map(|schemes| {
        let schemes = schemes
            .iter()
            .map(|index| proc_macro2::Literal::usize_unsuffixed(*index));
        quote! { &[#(#schemes),*] }
    });
    quote! { &[#(#alternatives),*] }
}

pub(crate) fn security_rs(api: &Api) -> TokenStream {
    let schemes = api
        .security_schemes
        .iter()
        .map(|scheme| match &scheme.kind {
            SchemeKind::Basic => quote! { Scheme::Basic },
            SchemeKind::Digest => quote! { Scheme::Digest },
            SchemeKind::Token { prefix } => quote! { Scheme::Token { prefix: #prefix } },
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    ApiKeyLocation::Header => quote! { KeyLocation::Header },
                    ApiKeyLocation::Query => quote! { KeyLocation::Query },
                    ApiKeyLocation::Cookie => quote! { KeyLocation::Cookie },
                };
                quote! { Scheme::ApiKey { location: #location, name: #name } }
            }
            SchemeKind::ClientCredentials { token_url } => {
                quote! { Scheme::ClientCredentials { token_url: #token_url } }
            }
        });
    let names = api.security_schemes.iter().map(|scheme| &scheme.key);
    let default = requirement_tokens(&api.security);
    let constructors = api.security_schemes.iter().enumerate().map(|(index, scheme)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let name = scheme.constructor.to_tokens();
        let key = &scheme.key;
        let (how, args, body) = match &scheme.kind {
            SchemeKind::Basic => (
                "HTTP Basic authentication with a user name and password.".to_owned(),
                quote! { username: impl Into<String>, password: impl Into<String> },
                quote! { Self::new(#index, Some(username.into()), password.into()) },
            ),
            SchemeKind::Digest => (
                "HTTP Digest authentication with a user name and password: the client answers the \
                 API's first challenge, then answers later requests in advance with the same \
                 challenge, counting its uses, until the API sends a new one."
                    .to_owned(),
                quote! { username: impl Into<String>, password: impl Into<String> },
                quote! { Self::new(#index, Some(username.into()), password.into()) },
            ),
            SchemeKind::Token { prefix } => (
                format!("A token, sent as `Authorization: {prefix} <token>`."),
                quote! { token: impl Into<String> },
                quote! { Self::new(#index, None, token.into()) },
            ),
            SchemeKind::ApiKey { location, name } => {
                let place = match location {
                    ApiKeyLocation::Header => "header",
                    ApiKeyLocation::Query => "query parameter",
                    ApiKeyLocation::Cookie => "cookie",
                };
                (
                    format!("An API key, sent in the {place} `{name}`."),
                    quote! { key: impl Into<String> },
                    quote! { Self::new(#index, None, key.into()) },
                )
            }
            SchemeKind::ClientCredentials { token_url } => (
                format!(
                    "OAuth 2.0 client credentials (a service account), exchanged at `{token_url}` for \
                     access tokens. The client fetches a token on the first call and shares it between \
                     all calls (clones of the client included), fetches the next one a minute before it \
                     expires, and fetches a new one at once when the API rejects it."
                ),
                quote! { client_id: impl Into<String>, client_secret: impl Into<String> },
                quote! { Self::new(#index, Some(client_id.into()), client_secret.into()) },
            ),
        };
        let title = format!("Credentials for the security scheme `{key}`.");
        let doc = docs::outer(&docs::paragraphs([Some(title.as_str()), docs::spec(scheme.docs.as_deref()).as_deref(), Some(how.as_str())]));
        quote! {
            #doc
            pub fn #name(#args) -> Self {
                #body
            }
        }
    });
    let constructors: Vec<TokenStream> = constructors.collect();
    let uses_locations = api
        .security_schemes
        .iter()
        .any(|scheme| matches!(scheme.kind, SchemeKind::ApiKey { .. }));
    let schemes = (!api.security_schemes.is_empty()).then(|| {
        let import = if uses_locations {
            quote! { use crate::auth::{KeyLocation, Scheme}; }
        } else {
            quote! { use crate::auth::Scheme; }
        };
        quote! {
            #import

            /// Every security scheme of the API: credentials and requirements name them by their place here.
            pub(crate) const SCHEMES: &[Scheme] = &[#(#schemes),*];
        }
    });
    let credentials = if constructors.is_empty() {
        quote! {}
    } else {
        quote! {
            impl crate::Credentials {
                #(#constructors)*
            }
        }
    };
    quote! {
        //! The API's security schemes, as its spec declares them, and the constructors of
        //! [`Credentials`](crate::Credentials) for each.

        #schemes

        /// The schemes' names in the spec, for `Debug`.
        pub(crate) const SCHEME_NAMES: &[&str] = &[#(#names),*];

        /// The sets of schemes an operation accepts unless it says otherwise, in order of preference.
        pub(crate) const DEFAULT: &[&[usize]] = #default;

        #credentials
    }
}

pub(crate) fn servers_rs(api: &Api) -> TokenStream {
    let absolute = api.server.as_ref().filter(|server| server.is_absolute());
    let default_server = match absolute {
        Some(server) => {
            let url = &server.url;
            quote! { Some(#url) }
        }
        None => quote! { None },
    };
    let about = match &api.server {
        Some(server) if server.is_absolute() => format!("its first server is `{}`", server.url),
        Some(server) => format!(
            "its first server, `{}`, is relative to wherever the spec is served",
            server.url
        ),
        None => "it lists no servers".to_owned(),
    };
    let variables = absolute
        .map(|server| server.variables.as_slice())
        .unwrap_or_default();
    let pairs = variables.iter().map(|variable| {
        let (name, default) = (&variable.name, &variable.default);
        quote! { (#name, #default) }
    });
    let setters = variables.iter().map(|variable| {
        let setter = variable.setter.to_tokens();
        let name = &variable.name;
        let summary = format!(
            "Sets the variable `{name}` of the default server's URL (default `{}`).",
            variable.default
        );
        let doc = docs::outer(&docs::paragraphs([
            Some(summary.as_str()),
            docs::spec(variable.docs.as_deref()).as_deref(),
        ]));
        if variable.values.is_empty() {
            quote! {
                #doc
                pub fn #setter(self, value: impl Into<String>) -> Self {
                    self.server_variable(#name, value)
                }
            }
        } else {
            let ty = variable.type_name.to_tokens();
            quote! {
                #doc
                pub fn #setter(self, value: #ty) -> Self {
                    self.server_variable(#name, value.as_str())
                }
            }
        }
    });
    let enums = variables
        .iter()
        .filter(|variable| !variable.values.is_empty())
        .map(|variable| {
            let ty = variable.type_name.to_tokens();
            let mut names = naming::Namespace::default();
            let variants: Vec<(syn::Ident, &String)> = variable
                .values
                .iter()
                .map(|value| {
                    (
                        format_ident!("{}", names.claim(naming::variant_name(value)).unraw()),
                        value,
                    )
                })
                .collect();
            let idents = variants.iter().map(|(ident, value)| {
                let doc = docs::outer(&format!("`{value}`"));
                let default = (**value == variable.default).then(|| quote! { #[default] });
                quote! { #doc #default #ident }
            });
            let arms = variants
                .iter()
                .map(|(ident, value)| quote! { #ty::#ident => #value });
            let doc = docs::outer(&format!(
                "The values the default server's URL variable `{}` may take.",
                variable.name
            ));
            quote! {
                #doc
                #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
                pub enum #ty {
                    #(#idents),*
                }

                impl #ty {
                    /// The value as the URL holds it.
                    pub fn as_str(self) -> &'static str {
                        match self {
                            #(#arms),*
                        }
                    }
                }
            }
        });
    let setters: Vec<TokenStream> = setters.collect();
    let builder = if setters.is_empty() {
        quote! {}
    } else {
        quote! {
            impl crate::ClientBuilder {
                #(#setters)*
            }
        }
    };
    quote! {
        //! The API's servers, as its spec lists them.

        /// The URL template of the spec's first server, where requests go unless
        /// [`ClientBuilder::base_url`](crate::ClientBuilder::base_url) says otherwise; `None` when
        /// the spec names no server with a host.
        pub(crate) const DEFAULT_SERVER: Option<&str> = #default_server;

        /// The default server's URL variables, with their default values.
        pub(crate) const VARIABLES: &[(&str, &str)] = &[#(#pairs),*];

        /// What the spec says of its servers, for the error when a client has no base URL.
        pub(crate) const ABOUT: &str = #about;

        #builder

        #(#enums)*
    }
}

/// The server-variable enums `lib.rs` re-exports.
pub(crate) fn server_enums(server: Option<&Server>) -> Vec<TokenStream> {
    server
        .filter(|server| server.is_absolute())
        .map(|server| {
            server
                .variables
                .iter()
                .filter(|variable| !variable.values.is_empty())
                .map(|variable| variable.type_name.to_tokens().into_token_stream())
                .collect()
        })
        .unwrap_or_default()
}
