//! What the examples in a crate's documentation and README have in common: the base URL they
//! set and the credentials they build.

use crate::model::{Api, SchemeKind, SecurityScheme};

/// The base URL examples set when the spec names no absolute server.
pub(super) const EXAMPLE_BASE_URL: &str = "https://api.example.com";

/// The security scheme examples authenticate with: the first the API's security requirement
/// names, or else the first the spec declares.
pub(super) fn preferred_scheme(api: &Api) -> Option<&SecurityScheme> {
    let preferred = api
        .security
        .alternatives
        .iter()
        .flatten()
        .next()
        .copied()
        .unwrap_or(0);
    api.security_schemes
        .get(preferred)
        .or_else(|| api.security_schemes.first())
}

/// `Credentials::<constructor>(<placeholders>)` for `scheme`.
pub(super) fn credentials_call(scheme: &SecurityScheme) -> String {
    let args = match &scheme.kind {
        SchemeKind::Basic | SchemeKind::Digest => "\"user\", \"password\"",
        SchemeKind::Token { .. } => "\"token\"",
        SchemeKind::ApiKey { .. } => "\"key\"",
        SchemeKind::ClientCredentials { .. } => "\"client-id\", \"client-secret\"",
    };
    format!("Credentials::{}({args})", scheme.constructor)
}
