//! The crate's frame: `Cargo.toml`, `src/lib.rs` and `src/operations/mod.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::examples::{EXAMPLE_BASE_URL, credentials_call, preferred_scheme};
use crate::Config;
use crate::model::{Api, Server};
use crate::surface::features::{self, FULL, Features, Need};
use crate::surface::runtime::has_body_module;
use crate::surface::{Surface, gates};

/// The crate's `rustfmt.toml`: the generated files are laid out by the generator (prettyplease's
/// layout), which rustfmt would change; `cargo fmt` in a workspace holding the crate must not make
/// it drift from what the generator makes.
pub(crate) const RUSTFMT_TOML: &str = "disable_all_formatting = true\n";

pub(crate) fn cargo_toml(surface: &Surface<'_>, config: &Config, spec_sha256: &str) -> String {
    let api = surface.api;
    let package = &config.package;
    let lines =
        |lines: &[String]| -> String { lines.iter().map(|line| format!("{line}\n")).collect() };
    let description = package.description.clone().unwrap_or_else(|| {
        format!(
            "Rust client for the {} (generated from its OpenAPI spec)",
            api.title
        )
    });
    let mut fields = vec![
        format!("name = {}", toml_string(&config.crate_name)),
        format!("version = {}", toml_string(&config.crate_version)),
        "edition = \"2021\"".to_owned(),
        format!(
            "rust-version = {}",
            toml_string(package.rust_version.as_deref().unwrap_or(RUST_VERSION))
        ),
        format!("description = {}", toml_string(&description)),
    ];
    let optional = [
        ("license", &package.license),
        ("repository", &package.repository),
        ("homepage", &package.homepage),
        ("documentation", &package.documentation),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            fields.push(format!("{key} = {}", toml_string(value)));
        }
    }
    for (key, values) in [
        ("authors", &package.authors),
        ("keywords", &package.keywords),
        ("categories", &package.categories),
    ] {
        if !values.is_empty() {
            fields.push(format!("{key} = {}", toml_array(values)));
        }
    }
    fields.push(format!(
        "readme = {}",
        toml_string(package.readme.as_deref().unwrap_or("README.md"))
    ));
    if let Some(publish) = package.publish {
        fields.push(format!("publish = {publish}"));
    }
    format!(
        "[package]\n{fields}\n\
         # docs.rs documents every feature, and labels each item with the feature that compiles it.\n\
         [package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n\n\
         # The spec this crate was generated from: the next regeneration compares its spec with this\n\
         # one to choose the next version.\n\
         [package.metadata.atlas-codegen]\nspec = {spec}\nspec-version = {spec_version}\nspec-sha256 = {sha}\n\n\
         [lints.rust]\nunexpected_cfgs = {{ level = \"warn\", check-cfg = [\"cfg(docsrs)\"] }}\n\n\
         {features}\n[dependencies]\n{dependencies}\n[dev-dependencies]\n{dev_dependencies}",
        fields = lines(&fields),
        spec = toml_string(&config.spec_display),
        spec_version = toml_string(&api.spec_version),
        sha = toml_string(spec_sha256),
        features = surface.features.toml(),
        dependencies = lines(&surface.dependencies()),
        dev_dependencies = lines(&surface.dev_dependencies()),
    )
}

/// The oldest Rust the generated code compiles with.
const RUST_VERSION: &str = "1.80";

/// A TOML array of basic strings, on one line.
fn toml_array(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|value| toml_string(value)).collect();
    format!("[{}]", items.join(", "))
}

/// A TOML basic string.
fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn lib_rs(surface: &Surface<'_>, config: &Config) -> TokenStream {
    let (api, features) = (surface.api, &surface.features);
    // Compiled with the types that read and write JSON through it.
    let json_mod = gates::json_module(surface).map(|cfg| match cfg {
        Some(features) => {
            let predicate: TokenStream = features::predicate(&features).parse().unwrap_or_default();
            quote! { #[cfg(#predicate)] mod json; }
        }
        None => quote! { mod json; },
    });
    // Compiled with the tags that have paginated list operations.
    let (pages_mod, pages_use) = match gates::pages_module(surface) {
        Need::Never => (None, None),
        Need::Always => (
            Some(quote! { mod pages; }),
            Some(quote! { pub use pages::ListStream; }),
        ),
        Need::Under(predicate) => {
            // The predicate is text the generator writes, so it always lexes.
            let predicate: TokenStream = predicate.parse().unwrap_or_default();
            (
                Some(quote! { #[cfg(#predicate)] mod pages; }),
                Some(quote! {
                    #[cfg(#predicate)]
                    #[cfg_attr(docsrs, doc(cfg(#predicate)))]
                    pub use pages::ListStream;
                }),
            )
        }
    };
    let about = format!(
        "Generated from `{}` (API version {}). Every operation is a method on [`Client`]; \
         the request and response types are in [`models`].",
        config.spec_display, api.spec_version
    );
    let title = format!("# {}", api.title);
    let description = docs::spec(api.description.as_deref());
    let usage = usage_docs(api, config);
    // Built without any tag's feature, the crate has no operation to call its HTTP runtime.
    let tags: Vec<&str> = features
        .iter()
        .map(|(_, feature)| feature.feature.as_str())
        .collect();
    let features = features_docs(config, features);
    let tracing = tracing_docs(surface, config);
    let crate_docs = docs::inner(&docs::paragraphs([
        Some(title.as_str()),
        description.as_deref(),
        Some(about.as_str()),
        Some(usage.as_str()),
        features.as_deref(),
        Some(tracing.as_str()),
    ]));
    let default_base_url = api.server.as_ref().filter(|server| server.is_absolute()).map(|server| {
        let url = server.default_url();
        let doc = if server.variables.is_empty() {
            "The API's server, as the spec names it.".to_owned()
        } else {
            format!("The API's server, as the spec names it (`{}`), with its variables at their defaults.", server.url)
        };
        let doc = docs::outer(&doc);
        quote! {
            #doc
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let parts = &surface.parts;
    let body_mod = has_body_module(parts).then(|| quote! { mod body; });
    let body_module = parts
        .contains("binary")
        .then(|| quote! { pub use body::ByteStream; });
    let download_mod = parts.contains("download").then(|| quote! { mod download; });
    let download_module = parts
        .contains("download")
        .then(|| quote! { pub use download::Download; });
    let server_enums = super::security::server_enums(api.server.as_ref());
    let server_enums =
        (!server_enums.is_empty()).then(|| quote! { pub use servers::{#(#server_enums),*}; });
    let no_operations: TokenStream = format!("not({})", features::predicate(&tags))
        .parse()
        .unwrap_or_default();
    // The README's example is compiled by `cargo test --doc`; it calls an operation of one
    // feature.
    let readme_cfg: TokenStream = match super::readme::doctest_feature(surface) {
        Some(feature) => quote! { all(doctest, feature = #feature) },
        None => quote! { doctest },
    };
    quote! {
        #crate_docs
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![cfg_attr(#no_operations, allow(dead_code))]

        mod auth;
        #body_mod
        mod client;
        #download_mod
        mod error;
        #json_mod
        pub mod models;
        pub mod operations;
        #pages_mod
        mod retry;
        mod security;
        mod servers;

        #body_module
        #download_module
        pub use auth::Credentials;
        pub use client::{Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, ResponseFuture, ResponseValue};
        pub use error::Error;
        pub use retry::RetryPolicy;
        #pages_use
        pub(crate) use client::Redacted;
        #server_enums

        #default_base_url

        #[cfg(#readme_cfg)]
        #[doc = include_str!("../README.md")]
        pub struct ReadmeDoctests;
    }
}

/// The crate documentation's section on cargo features, when the API has operations.
fn features_docs(config: &Config, features: &Features) -> Option<String> {
    let (tag, first) = features
        .iter()
        .find(|(tag, _)| !tag.is_empty())
        .or_else(|| features.iter().next())?;
    let name = &first.feature;
    let example = if tag.is_empty() {
        String::new()
    } else {
        format!(" (`{tag}` is\n`{name}`)")
    };
    let untagged = if features.iter().any(|(tag, _)| tag.is_empty()) {
        " Operations without a tag are in the module and feature `untagged`."
    } else {
        ""
    };
    Some(format!(
        "## Cargo features

Each tag of the API is a cargo feature named after its module in [`operations`]{example}.{untagged} A feature compiles the operations of its tag and the types they use; the `{FULL}`
feature, on by default, enables them all. To compile only what you call:

```toml
[dependencies]
{krate} = {{ version = \"{version}\", default-features = false, features = [\"{name}\"] }}
```",
        krate = config.crate_name,
        version = config.crate_version,
    ))
}

/// The crate documentation's section on what calls trace (see the runtime's `call_span`).
fn tracing_docs(surface: &Surface<'_>, config: &Config) -> String {
    let parts = &surface.parts;
    let auth_events = match (
        parts.contains("digest"),
        parts.contains("client_credentials"),
    ) {
        (true, true) => "\nA digest challenge or an access token fetch is a `DEBUG` event.",
        (true, false) => "\nA digest challenge is a `DEBUG` event.",
        (false, true) => "\nAn access token fetch is a `DEBUG` event.",
        (false, false) => "",
    };
    format!(
        "## Tracing

Every call is traced with the [`tracing`](https://docs.rs/tracing) crate: an `INFO` span `call`
(target `{target}::client`) with the fields `operation_id`, `method`, `path` (the path template), `api_version`, `attempt`,
and, once known, `status` and `duration_ms`. Each retry is an `INFO` event.{auth_events}
No parameter value, body, header or credential is recorded. Install a subscriber (such as
`tracing_subscriber::fmt` with the filter `{target}=debug`) to see them.",
        target = config.crate_name.replace('-', "_"),
    )
}

/// The crate documentation's section on building a client, a doctest that compiles: with the
/// credentials of the scheme the API prefers, and a base URL when the spec has no default.
fn usage_docs(api: &Api, config: &Config) -> String {
    let krate = config.crate_name.replace('-', "_");
    let scheme = preferred_scheme(api);
    let mut setup = Vec::new();
    if !api.server.as_ref().is_some_and(Server::is_absolute) {
        setup.push(format!("    .base_url(\"{EXAMPLE_BASE_URL}\")"));
    }
    if let Some(scheme) = scheme {
        setup.push(format!("    .credentials({})", credentials_call(scheme)));
    }
    setup.push("    .retry_policy(RetryPolicy::default().with_max_retries(5))".to_owned());
    let (credentials, import) = match scheme {
        Some(scheme) => (
            format!(
                " with [`Credentials`] for one of the API's security schemes (here `{}`)",
                scheme.key
            ),
            "Client, Credentials, RetryPolicy",
        ),
        None => (String::new(), "Client, RetryPolicy"),
    };
    format!(
        "## Getting started

Build a [`Client`]{credentials}, then call an operation and `.await` the request it returns. A
rate-limited call is sent again as the [`RetryPolicy`] allows; every failure is an [`Error`].

```no_run
use {krate}::{{{import}}};

let client = Client::builder()
{setup}
    .build()?;
# let _ = client;
# Ok::<(), {krate}::Error>(())
```",
        setup = setup.join("\n")
    )
}

pub(crate) fn operations_mod(features: &Features) -> TokenStream {
    let items = features.iter().map(|(tag, feature)| {
        let module = feature.module.to_tokens();
        let name = &feature.feature;
        let about = docs::tag(tag);
        let doc = docs::outer(&format!(
            "{} (cargo feature `{name}`).",
            about.trim_end_matches('.')
        ));
        quote! {
            #doc
            #[cfg(feature = #name)]
            #[cfg_attr(docsrs, doc(cfg(feature = #name)))]
            pub mod #module;
        }
    });
    quote! {
        //! The API's operations, one module per tag. Each adds methods to [`crate::Client`], and is
        //! compiled when its cargo feature is enabled (all are by default).

        #(#items)*
    }
}
