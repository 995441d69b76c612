//! Every Rust identifier in the generated code is chosen here, with `heck` for case conversion.
//!
//! Names must be valid identifiers whatever the spec says (`2fa`, `type`, `+`, `ÿ`), idiomatic
//! (`groupId` becomes `group_id`, `PRIVATE_LINK` becomes `PrivateLink`), and unique in their scope:
//! [`Namespace`] settles clashes that appear after case conversion, deterministically.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's strict and reserved keywords (2021 edition and later); `r#` makes most of them usable.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Names the generated code uses unqualified (the prelude's types, traits and variants, and the
/// crate's own items), which a type a spec names must not shadow.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Send",
    "Sync",
    "Sized",
    "Future",
    "IntoFuture",
    "Pin",
    "Fn",
    "FnMut",
    "FnOnce",
    "Drop",
    "Iterator",
    "IntoIterator",
    "ToString",
    "ToOwned",
    "From",
    "Into",
    "AsRef",
    "Client",
    "ClientBuilder",
    "Error",
    "Request",
    "Response",
    "ResponseFuture",
    "Credentials",
    "RetryPolicy",
    "Redacted",
    "Value",
    "Map",
    "BTreeMap",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "Default",
    "Debug",
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Self",
    "FromJson",
];

/// Module names the crate uses itself: a tag's module must not take them.
const RESERVED_MODULE_NAMES: &[&str] = &[
    "auth",
    "client",
    "error",
    "json",
    "models",
    "operations",
    "retry",
    "mod",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "reqwest",
    "tokio",
    "default",
    "full",
];

/// The methods of `Client` itself, which an operation's method must not take.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "new", "builder", "base_url", "execute", "build", "clone", "fmt",
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
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Case {
    Snake,
    UpperCamel,
}

thread_local! {
    /// Conversions already made on this thread. A big spec repeats the same property names and
    /// enum values many times over, and case conversion was most of the cost of naming. Only
    /// looked up, so the output does not depend on it.
    static CONVERTED: RefCell<HashMap<(Case, String), String>> = RefCell::new(HashMap::new());
}

/// `raw`'s words (see [`words`]) in `case`.
fn convert(raw: &str, case: Case) -> String {
    let key = (case, raw.to_owned());
    if let Some(done) = CONVERTED.with(|cache| cache.borrow().get(&key).cloned()) {
        return done;
    }
    let words = words(raw);
    let converted = match case {
        Case::Snake => words.to_snake_case(),
        Case::UpperCamel => words.to_upper_camel_case(),
    };
    CONVERTED.with(|cache| cache.borrow_mut().insert(key, converted.clone()));
    converted
}

fn escape_keyword(name: String) -> Ident {
    // Every keyword is a run of ASCII letters; most names are not keywords.
    if !(2..=8).contains(&name.len()) || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ident(name);
    }
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
    let mut name = convert(raw, Case::Snake);
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
    let mut name = convert(raw, Case::UpperCamel);
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) || name == "Self" {
        // `Self_` would not be UpperCamelCase; `SelfValue` is.
        name = if name == "Self" {
            format!("{name}{fallback}")
        } else {
            format!("{fallback}{name}")
        };
    }
    escape_keyword(name)
}

/// The Rust type name for a schema named `raw` in the spec.
pub(crate) fn type_name(raw: &str) -> Ident {
    suffixed_if_reserved(camel(raw, "Type"), "Model")
}

/// `name` with `suffix` when it is a name the generated code uses unqualified (`Box` would shadow
/// `Box::pin`, `Error` the crate's error).
fn suffixed_if_reserved(name: Ident, suffix: &str) -> Ident {
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        Ident(format!("{name}{suffix}"))
    } else {
        name
    }
}

/// The name of an inline schema, from the name of what holds it and its place there
/// (`Destination` + `hostnameSchemaType` gives `DestinationHostnameSchemaType`).
pub(crate) fn nested_type_name(parent: &str, place: &str) -> Ident {
    type_name(&format!("{parent} {}", convert(place, Case::UpperCamel)))
}

/// The method name of one API version of an operation: the newest version takes the plain name,
/// older ones carry their date (`create_group_live_migration_v2023_01_01`), a named version its
/// name (`get_limits_preview`).
pub(crate) fn method_name(operation_id: &str, version: Option<&str>, newest: bool) -> Ident {
    let base = snake(operation_id, "operation");
    match version {
        Some(date) if !newest && date.starts_with(|c: char| c.is_ascii_digit()) => {
            Ident(format!("{}_v{}", base.unraw(), date.replace('-', "_")))
        }
        Some(name) if !newest => Ident(format!(
            "{}_{}",
            base.unraw(),
            snake(name, "version").unraw()
        )),
        _ => base,
    }
}

/// The enum a method returns when its success statuses answer different bodies
/// (`StartJobResponse`): the builder's name and `Response`, claimed beside the builders.
pub(crate) fn by_status_name(operation_id: &str, version: Option<&str>, newest: bool) -> Ident {
    Ident(format!(
        "{}Response",
        builder_name(operation_id, version, newest).unraw()
    ))
}

/// The request-builder type of one API version of an operation (`CreateGroupLiveMigrationV20230101`,
/// `GetLimitsPreview`).
pub(crate) fn builder_name(operation_id: &str, version: Option<&str>, newest: bool) -> Ident {
    let base = suffixed_if_reserved(camel(operation_id, "Operation"), "Operation");
    match version {
        Some(date) if !newest && date.starts_with(|c: char| c.is_ascii_digit()) => {
            Ident(format!("{}V{}", base.unraw(), date.replace('-', "")))
        }
        Some(name) if !newest => Ident(format!(
            "{}{}",
            base.unraw(),
            camel(name, "Version").unraw()
        )),
        _ => base,
    }
}

/// The variant name of a string enum value (`PRIVATE_LINK` gives `PrivateLink`, `3.6` gives `V3_6`,
/// `1000_Requests` gives `V1000Requests`).
pub(crate) fn variant_name(value: &str) -> Ident {
    if value.starts_with(|c: char| c.is_ascii_digit()) {
        // An underscore is kept only between two runs of digits, where it carries meaning
        // (`3.6` vs `36`); next to a letter it would not be UpperCamelCase.
        let mut name = String::from("V");
        let mut after_digit = false;
        for run in value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|run| !run.is_empty())
        {
            if after_digit && run.starts_with(|c: char| c.is_ascii_digit()) {
                name.push('_');
            }
            name.push_str(&run.to_upper_camel_case());
            after_digit = run.ends_with(|c: char| c.is_ascii_digit());
        }
        return Ident(name);
    }
    camel(value, "Value")
}

/// The variant names of a union whose variants would be named `wanted`: the words every name
/// shares at its start or end are dropped (`AwsRegionConfig`, `AzureRegionConfig` give `Aws`,
/// `Azure`), unless that leaves a name empty, starting with a digit, or two names equal.
pub(crate) fn variant_names(wanted: &[Ident]) -> Vec<Ident> {
    let words: Vec<Vec<&str>> = wanted
        .iter()
        .map(|name| camel_words(name.unraw()))
        .collect();
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    if rest.is_empty() {
        return wanted.to_vec();
    }
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let prefix = (0..shortest)
        .take_while(|&i| rest.iter().all(|w| w.get(i) == first.get(i)))
        .count();
    let suffix = (0..shortest)
        .take_while(|&i| {
            rest.iter()
                .all(|w| w.iter().rev().nth(i) == first.iter().rev().nth(i))
        })
        .count();
    let strip = |prefix: usize, suffix: usize| -> Option<Vec<Ident>> {
        let names: Vec<String> = words
            .iter()
            .map(|w| {
                w.get(prefix..w.len().checked_sub(suffix)?)
                    .map(|kept| kept.concat())
            })
            .collect::<Option<_>>()?;
        let distinct = names.iter().collect::<BTreeSet<_>>().len() == names.len();
        let valid = names
            .iter()
            .all(|name| name.starts_with(|c: char| c.is_ascii_uppercase()));
        (distinct && valid).then(|| names.iter().map(|name| camel(name, "Variant")).collect())
    };
    strip(prefix, suffix)
        .or_else(|| strip(0, suffix))
        .or_else(|| strip(prefix, 0))
        .unwrap_or_else(|| wanted.to_vec())
}

/// The words of an UpperCamelCase name, each starting at an uppercase letter (digits stay with
/// the word before them).
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// The module (and file) holding the operations of one tag (`Cloud Migration Service` gives
/// `cloud_migration_service`). A tag named like a module of the crate, or like a keyword, gets
/// `_tag` (`operations_tag`, `self_tag`); operations without a tag are `untagged`.
pub(crate) fn module_name(tag: &str) -> Ident {
    if tag.is_empty() {
        return Ident("untagged".to_owned());
    }
    let name = snake(tag, "tag");
    if name.as_str() != name.unraw()
        || name.as_str().ends_with('_')
        || RESERVED_MODULE_NAMES.contains(&name.as_str())
    {
        Ident(format!("{}_tag", name.unraw().trim_end_matches('_')))
    } else {
        name
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
        Namespace {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Takes `wanted`, or `wanted` with a numeric suffix if it is taken.
    pub(crate) fn claim(&mut self, wanted: Ident) -> Ident {
        if self.taken.insert(wanted.unraw().to_owned()) {
            return wanted;
        }
        let unraw = wanted.unraw();
        let separator = if unraw.contains(|c: char| c.is_ascii_uppercase()) || unraw.ends_with('_')
        {
            ""
        } else {
            "_"
        };
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
        assert_eq!(
            snake("RateLimit-Limit", "field").as_str(),
            "rate_limit_limit"
        );
    }

    #[test]
    fn types_and_variants_are_upper_camel_case() {
        assert_eq!(
            type_name("LiveMigrationRequest20240530").as_str(),
            "LiveMigrationRequest20240530"
        );
        assert_eq!(type_name("Error").as_str(), "ErrorModel");
        assert_eq!(
            nested_type_name("Destination", "hostnameSchemaType").as_str(),
            "DestinationHostnameSchemaType"
        );
        assert_eq!(variant_name("PRIVATE_LINK").as_str(), "PrivateLink");
        assert_eq!(variant_name("NEW").as_str(), "New");
        assert_eq!(variant_name("3.6").as_str(), "V3_6");
        assert_eq!(variant_name("M10").as_str(), "M10");
        assert_eq!(variant_name("").as_str(), "Value");
        assert_eq!(variant_name("Self").as_str(), "SelfValue");
        assert_eq!(variant_name("1000_Requests").as_str(), "V1000Requests");
        assert_eq!(variant_name("4.4.0-rc1").as_str(), "V4_4_0Rc1");
        assert_eq!(type_name("Self").as_str(), "SelfType");
    }

    #[test]
    fn newest_version_takes_the_plain_name() {
        assert_eq!(
            method_name("createGroupLiveMigration", Some("2024-05-30"), true).as_str(),
            "create_group_live_migration"
        );
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
