//! The known gaps of the mock server (Stoplight Prism 5.14.2) a correct client runs into, and how
//! a verdict states each one.

/// The known gaps of Stoplight Prism 5.14.2 that a correct client runs into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MockLimit {
    /// Prism tells media types apart by their `+json` suffix only: a body sent as one API
    /// version's media type is checked against the schema of the first version the operation
    /// lists.
    VersionBySuffix,
    /// Prism picks the answer's status before looking at `Accept`, and answers 406 when that
    /// status's response has no content of the version asked for, though another status has.
    StatusBeforeMediaType,
    /// Prism ignores a `oneOf`'s `discriminator`: a body that is one branch by its discriminator
    /// but also fits another branch is refused as matching several.
    OneOfDiscriminator,
    /// Prism refuses every real HTTP Digest answer (it wants each parameter quoted and made of
    /// lowercase letters and digits, which no request URI is).
    Digest,
    /// The spec gives no example for the answer, and the body Prism's static mode builds from
    /// the schema (its properties' examples, defaults, the first `oneOf` branch) breaks it: it
    /// ignores the schema a discriminator names and required properties deep in recursive
    /// schemas.
    StaticBodyInvalid,
    /// In dynamic mode, Prism generates bodies its own schema refuses (it ignores discriminators,
    /// patterns of some kinds, and `nullable` in places).
    GeneratedBodyInvalid,
    /// Prism lets a request body leave out a required `readOnly` property at its top level only:
    /// deeper (a nested object, an array's items) it still requires it, though OpenAPI says a
    /// `readOnly` property is not sent in a request.
    NestedReadOnly,
    /// Prism's answer is a status the client was not asking for although its request was valid
    /// (Prism ignored `Prefer: code=...`).
    PreferIgnored,
    /// In dynamic mode, Prism cannot answer a response whose content has no schema ("Tried to
    /// force a dynamic response ... but schema is not defined"), though the spec allows any body.
    DynamicWithoutSchema,
    /// Prism's data generator (json-schema-faker) overflows its stack on recursive schemas.
    GeneratorOverflow,
    /// Prism's pattern generator (randexp) refuses regular expressions JavaScript accepts, such
    /// as named groups (`(?<name>...)`).
    GeneratorPattern,
    /// Prism stopped while answering this request (its log holds the error); the run goes on
    /// with a new Prism from the next case.
    Crashed,
    /// The operation has its own server URL, where the client rightly sends it: another host,
    /// or a path the mock does not serve (Prism serves the spec's paths at its root).
    OwnServer,
    /// Any other failure Prism reports as its own (a 5xx with a Prism error body) after it
    /// accepted the request.
    Failure,
}

impl MockLimit {
    pub(crate) fn reason(self) -> &'static str {
        match self {
            MockLimit::VersionBySuffix => {
                "Prism checks a body of any API version against the first version's schema (it tells media types apart by their +json suffix)"
            }
            MockLimit::StatusBeforeMediaType => {
                "Prism picks the status before the media type and answers 406 though the spec has the version asked for"
            }
            MockLimit::OneOfDiscriminator => {
                "Prism ignores the oneOf's discriminator and refuses a body that also fits another branch"
            }
            MockLimit::Digest => "Prism refuses every real HTTP Digest answer",
            MockLimit::StaticBodyInvalid => {
                "the spec has no example for this answer, and the body Prism's static mode built from the schema breaks it"
            }
            MockLimit::GeneratedBodyInvalid => {
                "Prism's dynamic mode generated a body its own schema refuses"
            }
            MockLimit::PreferIgnored => "Prism answered another status than the one asked for",
            MockLimit::NestedReadOnly => {
                "Prism requires a `readOnly` property in a request body below its top level"
            }
            MockLimit::DynamicWithoutSchema => {
                "Prism's dynamic mode cannot answer a response whose content has no schema"
            }
            MockLimit::GeneratorOverflow => {
                "Prism's data generator overflows its stack on this recursive schema"
            }
            MockLimit::GeneratorPattern => {
                "Prism's pattern generator refuses a regular expression JavaScript accepts"
            }
            MockLimit::Failure => "Prism failed to answer a request it accepted",
            MockLimit::Crashed => "Prism crashed on this request",
            MockLimit::OwnServer => {
                "the operation has its own server URL, where the client sends it; the mock serves the spec's paths at its root only"
            }
        }
    }
}
