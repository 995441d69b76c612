//! The generated crate's dependencies and dev-dependencies: crates.io only, so the crate builds
//! wherever it is written, each needed by the runtime parts the crate uses.

use super::Surface;

/// The dependencies.
/// Each line is needed by the runtime parts named (none: always; `!part`: when `part` is not used).
const DEPENDENCIES: &[(&str, &[&str])] = &[
    ("base64 = \"0.22\"", &["basic"]),
    ("bytes = \"1\"", &["binary", "download"]),
    ("digest_auth = \"0.3\"", &["digest"]),
    ("fastrand = \"2\"", &[]),
    (
        "futures-core = \"0.3\"",
        &["binary", "download", "pagination"],
    ),
    ("httpdate = \"1\"", &[]),
    ("percent-encoding = \"2\"", &[]),
    (
        "reqwest = { version = \"0.12\", default-features = false, features = [{reqwest_features}] }",
        &[],
    ),
    (
        "serde = { version = \"1.0.181\", features = [\"derive\"] }",
        &[],
    ),
    ("serde_json = \"1\"", &["!form"]),
    // Form fields go in the order of the body's properties.
    (
        "serde_json = { version = \"1\", features = [\"preserve_order\"] }",
        &["form"],
    ),
    ("serde_urlencoded = \"0.7\"", &["form"]),
    (
        "tokio = { version = \"1\", features = [\"sync\", \"time\"] }",
        &["!download"],
    ),
    // `Download::write_to` writes to any `tokio::io::AsyncWrite`.
    (
        "tokio = { version = \"1\", features = [\"io-util\", \"sync\", \"time\"] }",
        &["download"],
    ),
    (
        "tracing = { version = \"0.1.41\", default-features = false, features = [\"std\"] }",
        &[],
    ),
];

/// reqwest's features, each needed by the runtime parts named (none: always).
const REQWEST_FEATURES: &[(&str, &[&str])] = &[
    ("json", &[]),
    ("multipart", &["multipart"]),
    ("rustls-tls", &[]),
    ("stream", &["binary", "download"]),
];

/// The generated crate's dev-dependencies (for its tests and examples), each line needed by the
/// runtime parts named, as in [`DEPENDENCIES`].
const DEV_DEPENDENCIES: &[(&str, &[&str])] = &[
    // `StreamExt` and `TryStreamExt`, to read a paginated list's streams.
    ("futures-util = \"0.3\"", &["pagination"]),
    ("md-5 = \"0.10\"", &[]),
    (
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }",
        &[],
    ),
    // To see the call spans as a user's `tracing_subscriber::fmt()` prints them.
    (
        "tracing-subscriber = { version = \"0.3\", default-features = false, features = [\"fmt\", \"std\"] }",
        &[],
    ),
    ("wiremock = \"0.6\"", &[]),
];

impl Surface<'_> {
    /// Whether a line needed by the runtime parts `needed_by` is needed.
    fn needs(&self, needed_by: &[&str]) -> bool {
        needed_by.is_empty()
            || needed_by.iter().any(|part| match part.strip_prefix('!') {
                Some(absent) => !self.parts.contains(absent),
                None => self.parts.contains(part),
            })
    }

    /// The lines of the `[dependencies]` table, in order.
    pub(crate) fn dependencies(&self) -> Vec<String> {
        let reqwest_features: Vec<String> = REQWEST_FEATURES
            .iter()
            .filter(|(_, needed_by)| self.needs(needed_by))
            .map(|(feature, _)| format!("\"{feature}\""))
            .collect();
        DEPENDENCIES
            .iter()
            .filter(|(_, needed_by)| self.needs(needed_by))
            .map(|(line, _)| line.replace("{reqwest_features}", &reqwest_features.join(", ")))
            .collect()
    }

    /// The lines of the `[dev-dependencies]` table, in order.
    pub(crate) fn dev_dependencies(&self) -> Vec<String> {
        DEV_DEPENDENCIES
            .iter()
            .filter(|(_, needed_by)| self.needs(needed_by))
            .map(|(line, _)| (*line).to_owned())
            .collect()
    }
}
