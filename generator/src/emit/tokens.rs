//! Small helpers shared by the emitters: type expressions, and the names serde gives.

use crate::format::TypeText;
use crate::model::Ty;

/// The Rust type for a type expression, with `models` naming the module of the named types from
/// where the type is written: `""` inside `models.rs` (`Source`), `"models::"` outside it.
pub(crate) fn ty_text(ty: &Ty, models: &str) -> TypeText {
    match ty {
        Ty::String => TypeText::plain("String"),
        Ty::Bool => TypeText::plain("bool"),
        Ty::I32 => TypeText::plain("i32"),
        Ty::I64 => TypeText::plain("i64"),
        Ty::F32 => TypeText::plain("f32"),
        Ty::F64 => TypeText::plain("f64"),
        Ty::Array(inner) => TypeText::generic("Vec", vec![ty_text(inner, models)]),
        Ty::Map(inner) => {
            TypeText::generic("std::collections::BTreeMap", vec![TypeText::plain("String"), ty_text(inner, models)])
        }
        Ty::Named(name) => TypeText::plain(format!("{models}{name}")),
        Ty::JsonObject => {
            TypeText::generic("serde_json::Map", vec![TypeText::plain("String"), TypeText::plain("serde_json::Value")])
        }
        Ty::Json(_) => TypeText::plain("serde_json::Value"),
        Ty::Binary => TypeText::plain("crate::ByteStream"),
    }
}

/// The name serde's `rename_all = "camelCase"` gives a field (`group_id` gives `groupId`).
pub(crate) fn serde_camel_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut capitalize = false;
    for (i, c) in field.chars().enumerate() {
        if c == '_' {
            capitalize = true;
        } else if capitalize && i > 0 {
            out.extend(c.to_uppercase());
            capitalize = false;
        } else {
            out.push(c);
            capitalize = false;
        }
    }
    out
}

/// A serde `rename_all` rule for enum variants, as serde applies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VariantRule {
    None,
    ScreamingSnake,
    Snake,
    Lower,
    Camel,
    Kebab,
}

impl VariantRule {
    const ALL: [VariantRule; 6] =
        [VariantRule::None, VariantRule::ScreamingSnake, VariantRule::Snake, VariantRule::Lower, VariantRule::Camel, VariantRule::Kebab];

    /// The `rename_all` argument, if any.
    pub(crate) fn attribute(self) -> Option<&'static str> {
        match self {
            VariantRule::None => None,
            VariantRule::ScreamingSnake => Some("SCREAMING_SNAKE_CASE"),
            VariantRule::Snake => Some("snake_case"),
            VariantRule::Lower => Some("lowercase"),
            VariantRule::Camel => Some("camelCase"),
            VariantRule::Kebab => Some("kebab-case"),
        }
    }

    /// The wire name serde gives `variant` under this rule.
    pub(crate) fn apply(self, variant: &str) -> String {
        let snake = || {
            let mut out = String::with_capacity(variant.len() + 4);
            for (i, c) in variant.char_indices() {
                if i > 0 && c.is_uppercase() {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            out
        };
        match self {
            VariantRule::None => variant.to_owned(),
            VariantRule::ScreamingSnake => snake().to_ascii_uppercase(),
            VariantRule::Snake => snake(),
            VariantRule::Lower => variant.to_ascii_lowercase(),
            VariantRule::Camel => {
                let mut chars = variant.chars();
                chars.next().map(|first| first.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
            }
            VariantRule::Kebab => snake().replace('_', "-"),
        }
    }

    /// The rule that gives the most `(variant, wire value)` pairs without an explicit rename
    /// (the first of equals, so no rule when it does as well).
    pub(crate) fn best<'v>(pairs: impl Iterator<Item = (&'v str, &'v str)> + Clone) -> VariantRule {
        let mut best = (VariantRule::None, 0);
        for rule in VariantRule::ALL {
            let fits = pairs.clone().filter(|(variant, wire)| rule.apply(variant) == *wire).count();
            if fits > best.1 {
                best = (rule, fits);
            }
        }
        best.0
    }
}

#[cfg(test)]
mod tests {
    use super::{VariantRule, serde_camel_case};

    #[test]
    fn variant_rules_match_serde() {
        assert_eq!(VariantRule::ScreamingSnake.apply("PrivateLink"), "PRIVATE_LINK");
        assert_eq!(VariantRule::ScreamingSnake.apply("M10"), "M10");
        assert_eq!(VariantRule::ScreamingSnake.apply("V3_6"), "V3_6");
        assert_eq!(VariantRule::Camel.apply("AwsRegion"), "awsRegion");
        assert_eq!(VariantRule::Kebab.apply("AwsRegion"), "aws-region");
        let pairs = [("New", "NEW"), ("PrivateLink", "PRIVATE_LINK"), ("V3_6", "3.6")];
        assert_eq!(VariantRule::best(pairs.iter().copied()), VariantRule::ScreamingSnake);
        let pairs = [("Aws", "AWS"), ("Gcp", "GCP")];
        assert_eq!(VariantRule::best(pairs.iter().copied()), VariantRule::ScreamingSnake);
        let pairs = [("Foo", "Foo")];
        assert_eq!(VariantRule::best(pairs.iter().copied()), VariantRule::None);
    }

    #[test]
    fn matches_serde_camel_case() {
        assert_eq!(serde_camel_case("group_id"), "groupId");
        assert_eq!(serde_camel_case("ca_certificate_path"), "caCertificatePath");
        assert_eq!(serde_camel_case("ssl"), "ssl");
        assert_eq!(serde_camel_case("ipv6_address"), "ipv6Address");
    }
}
