//! Every Rust identifier in the generated code is chosen here, with `heck` for case conversion.
//!
//! Names must be valid identifiers whatever the spec says (`2fa`, `type`, `+`, `ÿ`), idiomatic
//! (`groupId` becomes `group_id`, `PRIVATE_LINK` becomes `PrivateLink`), and unique in their scope:
//! [`Namespace`] settles clashes that appear after case conversion, deterministically.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's strict and reserved keywords (2021 edition and later); `r#` makes most of them usable.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match",
    "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Type names the generated code uses itself or imports, which a schema must not shadow.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option", "Result", "Vec", "String", "Box", "Some", "None", "Ok", "Err", "Client", "Error", "Value", "Map",
    "BTreeMap", "Serialize", "Deserialize", "Serializer", "Deserializer", "Default", "Debug", "Clone",
    "PartialEq", "Self",
];

/// A Rust identifier, possibly raw (`r#type`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Ident(String);

impl Ident {
    /// The identifier as written in source (`r#type`).
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier without a raw prefix (`type`), as serde sees the field's name.
    pub(crate) fn unraw(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }

    pub(crate) fn to_tokens(&self) -> proc_macro2::Ident {
        match self.0.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
            None => proc_macro2::Ident::new(&self.0, proc_macro2::Span::call_site()),
        }
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Keeps only characters that can appear in identifiers, turning the rest into word breaks.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

fn escape_keyword(name: String) -> Ident {
    if NOT_RAW.contains(&name.as_str()) {
        Ident(format!("{name}_"))
    } else if KEYWORDS.contains(&name.as_str()) {
        Ident(format!("r#{name}"))
    } else {
        Ident(name)
    }
}

/// `snake_case` for fields, parameters, functions and modules. `fallback` is used when `raw` has no
/// letters or digits at all.
pub(crate) fn snake(raw: &str, fallback: &str) -> Ident {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}_{name}");
    }
    escape_keyword(name)
}

/// `UpperCamelCase` for types and variants. `fallback` prefixes names that would start with a digit
/// and replaces names with no letters or digits.
pub(crate) fn camel(raw: &str, fallback: &str) -> Ident {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}{name}");
    }
    escape_keyword(name)
}

/// The Rust type name for a schema named `raw` in the spec.
pub(crate) fn type_name(raw: &str) -> Ident {
    let name = camel(raw, "Type");
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) { Ident(format!("{name}Model")) } else { name }
}

/// The name of an inline schema, from the name of what holds it and its place there
/// (`Destination` + `hostnameSchemaType` gives `DestinationHostnameSchemaType`).
pub(crate) fn nested_type_name(parent: &str, place: &str) -> Ident {
    type_name(&format!("{parent} {}", words(place).to_upper_camel_case()))
}

/// The method name of one API version of an operation: the newest version takes the plain name,
/// older ones carry their date (`create_group_live_migration_v2023_01_01`).
pub(crate) fn method_name(operation_id: &str, version: Option<&str>, newest: bool) -> Ident {
    let base = snake(operation_id, "operation");
    match version {
        Some(date) if !newest => Ident(format!("{}_v{}", base.unraw(), date.replace('-', "_"))),
        _ => base,
    }
}

/// The request-builder type of one API version of an operation (`CreateGroupLiveMigrationV20230101`).
pub(crate) fn builder_name(operation_id: &str, version: Option<&str>, newest: bool) -> Ident {
    let base = camel(operation_id, "Operation");
    match version {
        Some(date) if !newest => Ident(format!("{}V{}", base.unraw(), date.replace('-', ""))),
        _ => base,
    }
}

/// The variant name of a string enum value (`PRIVATE_LINK` gives `PrivateLink`, `3.6` gives `V3_6`).
pub(crate) fn variant_name(value: &str) -> Ident {
    if value.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        // Keep the separators between digits, which carry meaning in versions (`3.6` vs `36`).
        let joined: String = value.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        let trimmed = joined.trim_matches('_');
        let collapsed = trimmed.split('_').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("_");
        return Ident(format!("V{}", collapsed.to_upper_camel_case_keep_underscores()));
    }
    camel(value, "Value")
}

/// The module (and file) holding the operations of one tag (`Cloud Migration Service` gives
/// `cloud_migration_service`).
pub(crate) fn module_name(tag: &str) -> Ident {
    snake(tag, "tag")
}

trait KeepUnderscores {
    fn to_upper_camel_case_keep_underscores(&self) -> String;
}

impl KeepUnderscores for String {
    /// Upper-camel-cases each `_`-separated part, keeping the underscores between digits.
    fn to_upper_camel_case_keep_underscores(&self) -> String {
        self.split('_').map(|part| part.to_upper_camel_case()).collect::<Vec<_>>().join("_")
    }
}

/// The names taken in one scope (a module's types, a struct's fields, an enum's variants).
/// A clash gets the lowest free numeric suffix, so results depend only on insertion order.
#[derive(Default)]
pub(crate) struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` names are already taken.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { taken: reserved.iter().map(|name| (*name).to_owned()).collect() }
    }

    /// Takes `wanted`, or `wanted` with a numeric suffix if it is taken.
    pub(crate) fn claim(&mut self, wanted: Ident) -> Ident {
        if self.taken.insert(wanted.unraw().to_owned()) {
            return wanted;
        }
        let separator = if wanted.unraw().contains(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
        (2..)
            .map(|n| format!("{}{separator}{n}", wanted.unraw()))
            .find(|candidate| !self.taken.contains(candidate))
            .map(|candidate| {
                self.taken.insert(candidate.clone());
                Ident(candidate)
            })
            .unwrap_or(wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_snake_case_and_keywords_are_escaped() {
        assert_eq!(snake("groupId", "field").as_str(), "group_id");
        assert_eq!(snake("_id", "field").as_str(), "id");
        assert_eq!(snake("type", "field").as_str(), "r#type");
        assert_eq!(snake("self", "field").as_str(), "self_");
        assert_eq!(snake("2fa", "field").as_str(), "field_2fa");
        assert_eq!(snake("+", "field").as_str(), "field");
        assert_eq!(snake("RateLimit-Limit", "field").as_str(), "rate_limit_limit");
    }

    #[test]
    fn types_and_variants_are_upper_camel_case() {
        assert_eq!(type_name("LiveMigrationRequest20240530").as_str(), "LiveMigrationRequest20240530");
        assert_eq!(type_name("Error").as_str(), "ErrorModel");
        assert_eq!(nested_type_name("Destination", "hostnameSchemaType").as_str(), "DestinationHostnameSchemaType");
        assert_eq!(variant_name("PRIVATE_LINK").as_str(), "PrivateLink");
        assert_eq!(variant_name("NEW").as_str(), "New");
        assert_eq!(variant_name("3.6").as_str(), "V3_6");
        assert_eq!(variant_name("M10").as_str(), "M10");
        assert_eq!(variant_name("").as_str(), "Value");
        assert_eq!(variant_name("Self").as_str(), "Self_");
    }

    #[test]
    fn newest_version_takes_the_plain_name() {
        assert_eq!(method_name("createGroupLiveMigration", Some("2024-05-30"), true).as_str(), "create_group_live_migration");
        assert_eq!(
            method_name("createGroupLiveMigration", Some("2023-01-01"), false).as_str(),
            "create_group_live_migration_v2023_01_01"
        );
        assert_eq!(
            builder_name("createGroupLiveMigration", Some("2023-01-01"), false).as_str(),
            "CreateGroupLiveMigrationV20230101"
        );
    }

    #[test]
    fn clashes_get_deterministic_suffixes() {
        let mut names = Namespace::default();
        assert_eq!(names.claim(snake("groupId", "f")).as_str(), "group_id");
        assert_eq!(names.claim(snake("group_id", "f")).as_str(), "group_id_2");
        assert_eq!(names.claim(snake("GroupID", "f")).as_str(), "group_id_3");
        let mut types = Namespace::default();
        assert_eq!(types.claim(type_name("foo_bar")).as_str(), "FooBar");
        assert_eq!(types.claim(type_name("FooBar")).as_str(), "FooBar2");
    }
}
