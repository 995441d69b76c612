//! One entry of a change report: its [`Kind`], where it is, the Rust item it touches, and whether
//! it breaks code that calls the generated client.

use serde::Serialize;

/// What changed. The declaration order is the report's order: a report lists every change of the
/// first kind before any of the second, and so on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// A tag is gone, and with it a cargo feature and a module of `operations`.
    FeatureRemoved,
    /// A new tag: a new cargo feature (in `full`) and module of `operations`.
    FeatureAdded,
    /// An operation (method and path) is gone, with every `Client` method of it.
    OperationRemoved,
    /// The same method and path has a new `operationId`, so its `Client` methods have new names.
    OperationRenamed,
    /// A new operation, with new `Client` methods.
    OperationAdded,
    /// The same `operationId` now has another path or method.
    OperationMoved,
    /// The operation is newly marked `deprecated`.
    OperationDeprecated,
    /// An API version of an operation is gone, with its `Client` method.
    VersionRemoved,
    /// A new API version of an operation.
    VersionAdded,
    /// An API version newly has a sunset date (`x-sunset`), or its date moved.
    VersionSunset,
    /// A parameter is gone: a method argument or a request-builder setter disappears.
    ParameterRemoved,
    /// A new parameter: a new method argument when required, a new setter otherwise.
    ParameterAdded,
    /// A parameter has another type.
    ParameterRetyped,
    /// A path parameter has another name in the same place of the path: the method's argument is
    /// renamed, and every call still compiles (a note, never breaking).
    ParameterRenamed,
    /// A method or a struct's `new` takes the same arguments in another order.
    ArgumentsReordered,
    /// An optional parameter became required: it moves from a setter to a method argument.
    ParameterRequired,
    /// A required parameter became optional: it moves from a method argument to a setter.
    ParameterOptional,
    /// An API version no longer takes a request body.
    RequestBodyRemoved,
    /// An API version now takes a request body.
    RequestBodyAdded,
    /// An API version's request body has another type.
    RequestBodyRetyped,
    /// An optional request body became required (a method argument).
    RequestBodyRequired,
    /// A required request body became optional (a setter).
    RequestBodyOptional,
    /// An API version's success response has another type, so its method returns another type.
    ResponseBodyRetyped,
    /// The operation no longer lists a response status.
    StatusRemoved,
    /// The operation lists a new response status.
    StatusAdded,
    /// A type of `models` is gone.
    TypeRemoved,
    /// A type of `models` has a new name and the same shape: it is named after an operation that
    /// was renamed.
    TypeRenamed,
    /// A new type in `models`.
    TypeAdded,
    /// A type of `models` has another shape (a struct became an enum, an alias another target).
    TypeRetyped,
    /// A struct field is gone.
    FieldRemoved,
    /// A new struct field.
    FieldAdded,
    /// A struct field has another Rust type (including `T` becoming `Option<T>` or back).
    FieldRetyped,
    /// A struct field's `with_*` setter is gone (the field became `readOnly` in a type sent in
    /// requests, or the type is no longer sent in requests).
    SetterRemoved,
    /// A struct field has a new `with_*` setter (its type is now sent in requests).
    SetterAdded,
    /// An optional field became required.
    FieldRequired,
    /// A required field became optional.
    FieldOptional,
    /// A value of a string enum is gone, with its variant.
    EnumValueRemoved,
    /// A string enum has a new value and variant.
    EnumValueAdded,
    /// A variant of a `oneOf`/`anyOf` union is gone.
    UnionVariantRemoved,
    /// A `oneOf`/`anyOf` union has a new variant.
    UnionVariantAdded,
    /// A variant of a union holds another type.
    UnionVariantRetyped,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 41] = [
        Kind::FeatureRemoved,
        Kind::FeatureAdded,
        Kind::OperationRemoved,
        Kind::OperationRenamed,
        Kind::OperationAdded,
        Kind::OperationMoved,
        Kind::OperationDeprecated,
        Kind::VersionRemoved,
        Kind::VersionAdded,
        Kind::VersionSunset,
        Kind::ParameterRemoved,
        Kind::ParameterAdded,
        Kind::ParameterRetyped,
        Kind::ParameterRenamed,
        Kind::ArgumentsReordered,
        Kind::ParameterRequired,
        Kind::ParameterOptional,
        Kind::RequestBodyRemoved,
        Kind::RequestBodyAdded,
        Kind::RequestBodyRetyped,
        Kind::RequestBodyRequired,
        Kind::RequestBodyOptional,
        Kind::ResponseBodyRetyped,
        Kind::StatusRemoved,
        Kind::StatusAdded,
        Kind::TypeRemoved,
        Kind::TypeRenamed,
        Kind::TypeAdded,
        Kind::TypeRetyped,
        Kind::FieldRemoved,
        Kind::FieldAdded,
        Kind::FieldRetyped,
        Kind::SetterRemoved,
        Kind::SetterAdded,
        Kind::FieldRequired,
        Kind::FieldOptional,
        Kind::EnumValueRemoved,
        Kind::EnumValueAdded,
        Kind::UnionVariantRemoved,
        Kind::UnionVariantAdded,
        Kind::UnionVariantRetyped,
    ];

    /// The kind as the JSON report writes it (`operation-renamed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FeatureRemoved => "feature-removed",
            Kind::FeatureAdded => "feature-added",
            Kind::OperationRemoved => "operation-removed",
            Kind::OperationRenamed => "operation-renamed",
            Kind::OperationAdded => "operation-added",
            Kind::OperationMoved => "operation-moved",
            Kind::OperationDeprecated => "operation-deprecated",
            Kind::VersionRemoved => "version-removed",
            Kind::VersionAdded => "version-added",
            Kind::VersionSunset => "version-sunset",
            Kind::ParameterRemoved => "parameter-removed",
            Kind::ParameterAdded => "parameter-added",
            Kind::ParameterRetyped => "parameter-retyped",
            Kind::ParameterRenamed => "parameter-renamed",
            Kind::ArgumentsReordered => "arguments-reordered",
            Kind::ParameterRequired => "parameter-required",
            Kind::ParameterOptional => "parameter-optional",
            Kind::RequestBodyRemoved => "request-body-removed",
            Kind::RequestBodyAdded => "request-body-added",
            Kind::RequestBodyRetyped => "request-body-retyped",
            Kind::RequestBodyRequired => "request-body-required",
            Kind::RequestBodyOptional => "request-body-optional",
            Kind::ResponseBodyRetyped => "response-body-retyped",
            Kind::StatusRemoved => "status-removed",
            Kind::StatusAdded => "status-added",
            Kind::TypeRemoved => "type-removed",
            Kind::TypeRenamed => "type-renamed",
            Kind::TypeAdded => "type-added",
            Kind::TypeRetyped => "type-retyped",
            Kind::FieldRemoved => "field-removed",
            Kind::FieldAdded => "field-added",
            Kind::FieldRetyped => "field-retyped",
            Kind::SetterRemoved => "setter-removed",
            Kind::SetterAdded => "setter-added",
            Kind::FieldRequired => "field-required",
            Kind::FieldOptional => "field-optional",
            Kind::EnumValueRemoved => "enum-value-removed",
            Kind::EnumValueAdded => "enum-value-added",
            Kind::UnionVariantRemoved => "union-variant-removed",
            Kind::UnionVariantAdded => "union-variant-added",
            Kind::UnionVariantRetyped => "union-variant-retyped",
        }
    }

    /// A heading for the changes of this kind (`Operations renamed`).
    pub fn title(self) -> &'static str {
        match self {
            Kind::FeatureRemoved => "Cargo features removed",
            Kind::FeatureAdded => "Cargo features added",
            Kind::OperationRemoved => "Operations removed",
            Kind::OperationRenamed => "Operations renamed",
            Kind::OperationAdded => "Operations added",
            Kind::OperationMoved => "Operations moved",
            Kind::OperationDeprecated => "Operations deprecated",
            Kind::VersionRemoved => "API versions removed",
            Kind::VersionAdded => "API versions added",
            Kind::VersionSunset => "API versions sunset",
            Kind::ParameterRemoved => "Parameters removed",
            Kind::ParameterAdded => "Parameters added",
            Kind::ParameterRetyped => "Parameters retyped",
            Kind::ParameterRenamed => "Path parameters renamed",
            Kind::ArgumentsReordered => "Arguments reordered",
            Kind::ParameterRequired => "Parameters made required",
            Kind::ParameterOptional => "Parameters made optional",
            Kind::RequestBodyRemoved => "Request bodies removed",
            Kind::RequestBodyAdded => "Request bodies added",
            Kind::RequestBodyRetyped => "Request bodies retyped",
            Kind::RequestBodyRequired => "Request bodies made required",
            Kind::RequestBodyOptional => "Request bodies made optional",
            Kind::ResponseBodyRetyped => "Response bodies retyped",
            Kind::StatusRemoved => "Response statuses removed",
            Kind::StatusAdded => "Response statuses added",
            Kind::TypeRemoved => "Types removed",
            Kind::TypeRenamed => "Types renamed",
            Kind::TypeAdded => "Types added",
            Kind::TypeRetyped => "Types retyped",
            Kind::FieldRemoved => "Fields removed",
            Kind::FieldAdded => "Fields added",
            Kind::FieldRetyped => "Fields retyped",
            Kind::SetterRemoved => "Setters removed",
            Kind::SetterAdded => "Setters added",
            Kind::FieldRequired => "Fields made required",
            Kind::FieldOptional => "Fields made optional",
            Kind::EnumValueRemoved => "Enum values removed",
            Kind::EnumValueAdded => "Enum values added",
            Kind::UnionVariantRemoved => "Union variants removed",
            Kind::UnionVariantAdded => "Union variants added",
            Kind::UnionVariantRetyped => "Union variants retyped",
        }
    }
}

impl Kind {
    /// Whether a change of this kind, when it breaks nothing, adds to the client's public API (a
    /// method, type, field, setter, variant or feature, or a deprecation): a minor release under
    /// Cargo's semver rules, where other compatible changes are a patch.
    pub fn adds_api(self) -> bool {
        matches!(
            self,
            Kind::FeatureAdded
                | Kind::OperationAdded
                | Kind::OperationDeprecated
                | Kind::VersionAdded
                | Kind::ParameterAdded
                | Kind::RequestBodyAdded
                | Kind::TypeAdded
                | Kind::FieldAdded
                | Kind::SetterAdded
                | Kind::EnumValueAdded
                | Kind::UnionVariantAdded
        )
    }
}

/// What a report means for the version of the generated crate, under Cargo's semver rules.
///
/// The verdict is stated for a crate at 1.0.0 or above; [`Verdict::bump_for`] gives the part of
/// a given version to increase (a 0.x crate bumps its minor version for a breaking change).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Nothing that compiled breaks and nothing is added: a patch release.
    Patch,
    /// Something is added (or deprecated) and nothing breaks: a minor release.
    Minor,
    /// Code that compiled against the old client may not compile against the new one (or lose a
    /// value it matched on): a major release.
    Major,
}

impl Verdict {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Major => "major",
            Verdict::Minor => "minor",
            Verdict::Patch => "patch",
        }
    }

    /// The part of `version` (`MAJOR.MINOR.PATCH`) to increase, under Cargo's rules: for 1.0.0
    /// and above, the verdict itself; for 0.x.y (x > 0) a breaking change bumps the minor version
    /// and anything else the patch; for 0.0.z every release is breaking and bumps the patch.
    /// `None` when `version` is not a semver version.
    pub fn bump_for(self, version: &str) -> Option<Verdict> {
        let core = version.split(['-', '+']).next().unwrap_or(version);
        let parts: Vec<u64> = core
            .split('.')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let [major, minor, _patch] = parts[..] else {
            return None;
        };
        Some(match (major, minor, self) {
            (0, 0, _) => Verdict::Patch,
            (0, _, Verdict::Major) => Verdict::Minor,
            (0, _, _) => Verdict::Patch,
            (_, _, verdict) => verdict,
        })
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change between two specs.
///
/// Its fields, in this order, are the JSON report's keys. The derived order (kind, then
/// operation, then pointer, then Rust item, ...) is the report's order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Change {
    kind: Kind,
    operation: Option<String>,
    path: String,
    rust: String,
    breaking: bool,
    message: String,
    /// Code using the old item as a caller would (see `diff::probe`), as written against the old
    /// client and as it reads after the report's renames of other items; not in the JSON report.
    #[serde(skip)]
    probe: Option<(String, String)>,
}

impl Change {
    pub(crate) fn new(
        kind: Kind,
        path: impl Into<String>,
        rust: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Change {
            kind,
            operation: None,
            path: path.into(),
            rust: rust.into(),
            breaking: false,
            message: message.into(),
            probe: None,
        }
    }

    pub(crate) fn probe(mut self, code: String) -> Self {
        self.probe = Some((code.clone(), code));
        self
    }

    /// Renames, in the probe as it reads against the new client, every type `renamed` maps
    /// (`api::models::Old` to `api::models::New`, whole names only).
    pub(crate) fn rename_in_probe(&mut self, renamed: &std::collections::BTreeMap<&str, &str>) {
        let Some((_, code)) = &mut self.probe else {
            return;
        };
        for (from, to) in renamed {
            let from = format!("api::models::{from}");
            let mut out = String::with_capacity(code.len());
            let mut rest = code.as_str();
            while let Some(at) = rest.find(&from) {
                let after = &rest[at + from.len()..];
                out.push_str(&rest[..at]);
                if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                    out.push_str(&from);
                } else {
                    out.push_str(&format!("api::models::{to}"));
                }
                rest = after;
            }
            out.push_str(rest);
            *code = out;
        }
    }

    /// A probe that names a method the report renames elsewhere: `old` against the old client,
    /// `new` with the new name, so that it tests this change alone.
    pub(crate) fn probe_renamed(mut self, (old, new): (String, String)) -> Self {
        self.probe = Some((old, new));
        self
    }

    pub(crate) fn operation(mut self, operation_id: &str) -> Self {
        self.operation = Some(operation_id.to_owned());
        self
    }

    pub(crate) fn breaking(mut self, breaking: bool) -> Self {
        self.breaking = breaking;
        self
    }

    /// What changed.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The `operationId` of the operation the change belongs to (the new one for a rename), or
    /// `None` for a change of a schema, which may be shared by many operations.
    pub fn operation_id(&self) -> Option<&str> {
        self.operation.as_deref()
    }

    /// A JSON pointer to the changed place: in the new spec, or in the old one for what was removed.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The generated Rust item the change touches (`Client::create_group_live_migration`,
    /// `models::Source::password`, `models::LiveMigrationResponseStatus::Expired`).
    pub fn rust(&self) -> &str {
        &self.rust
    }

    /// Whether code that compiled against the client generated from the old spec can stop
    /// compiling (or lose a value it matched on) with the client generated from the new one.
    pub fn is_breaking(&self) -> bool {
        self.breaking
    }

    /// What changed, in a sentence for a changelog.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Rust code that uses the item the change touches the way a caller of the client generated
    /// from the old spec would: the body of `async fn probe(client: &api::Client)`, where `api`
    /// is that client's crate and `any::<T>()` stands for a value of type `T`. It compiles
    /// against the old client; [`Change::is_breaking`] says whether it fails against the new
    /// one, which `cargo xtask probe` checks with the compiler. `None` for an addition no code
    /// written against the old client can use (a new operation, type, feature or setter).
    pub fn probe_code(&self) -> Option<&str> {
        self.probe.as_ref().map(|(old, _)| old.as_str())
    }

    /// [`Change::probe_code`] as it reads against the new client after the renames other changes
    /// of the report make (an operation renamed upstream keeps its other changes probed under its
    /// new method name), so that the probe fails only for this change.
    pub fn probe_code_renamed(&self) -> Option<&str> {
        self.probe.as_ref().map(|(_, new)| new.as_str())
    }
}
