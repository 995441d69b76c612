//! String enums (with a catch-all variant for values this client does not know) and unions
//! (`oneOf`/`anyOf`: told apart by a discriminator, or the first variant a value reads as).

use super::json::{deserialize, open_from_json};
use super::{boxed, cfg_line, json_reason, local_ty, public_cfg_line};
use crate::emit::docs;
use crate::format::{Writer, string_literal};
use crate::model::{StringEnum, TypeDef, Union};
use crate::surface::types::Decl;

pub(super) fn enum_def(w: &mut Writer, def: &TypeDef, en: &StringEnum, cfg: Option<&[&str]>) {
    let name = def.name.as_str();
    w.docs(&docs::spec(def.docs.as_deref()).unwrap_or_default());
    public_cfg_line(w, cfg);
    w.line("#[derive(Clone, Debug, PartialEq, Eq, Hash)]");
    w.line("#[non_exhaustive]");
    w.open(&format!("pub enum {name} {{"));
    for variant in &en.variants {
        w.docs(&format!("`{}`", variant.wire_value.replace('`', "'")));
        w.line_of(&[variant.name.as_str(), ","]);
    }
    w.docs("A value this version of the client does not know; it is kept as received and sent back unchanged.");
    w.line(&format!("{}(String),", en.other));
    w.close("}");

    public_cfg_line(w, cfg);
    w.open(&format!("impl {name} {{"));
    values_table(w, en);
    w.docs("The value as it is written on the wire.");
    w.open("pub fn as_str(&self) -> &str {");
    w.open("match self {");
    for variant in &en.variants {
        arm(
            w,
            &format!("Self::{}", variant.name),
            &string_literal(&variant.wire_value),
            false,
        );
    }
    w.line(&format!("Self::{}(value) => value,", en.other));
    w.close("}");
    w.close("}");
    w.close("}");

    cfg_line(w, cfg);
    w.open_impl("impl std::fmt::Display", name);
    w.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    w.line("f.write_str(self.as_str())");
    w.close("}");
    w.close("}");

    cfg_line(w, cfg);
    w.open_impl("impl Serialize", name);
    w.open("fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {");
    w.line("serializer.serialize_str(self.as_str())");
    w.close("}");
    w.close("}");

    deserialize(w, def, cfg);

    // Any string is a value: a known one is its variant, another is kept in the catch-all.
    open_from_json(w, def, "_", cfg);
    w.line(&format!(
        "json::enumeration(deserializer, Self::VALUES, Self::{})",
        en.other
    ));
    w.close("}");
    w.close("}");
}

/// `const VALUES`: each known value with its variant, the table `json::enumeration` reads a
/// string against. Laid out as `prettyplease` does: on one line if it fits, else a pair per line,
/// and a pair that does not fit broken into its two parts.
fn values_table(w: &mut Writer, en: &StringEnum) {
    const HEAD: &str = "const VALUES: &'static [(&'static str, Self)] = &";
    let pairs: Vec<(String, String)> = en
        .variants
        .iter()
        .map(|variant| {
            (
                string_literal(&variant.wire_value),
                format!("Self::{}", variant.name),
            )
        })
        .collect();
    let texts: Vec<String> = pairs
        .iter()
        .map(|(value, variant)| format!("({value}, {variant})"))
        .collect();
    let one_line: usize = texts.iter().map(|text| text.len() + 2).sum();
    if w.fits(HEAD.len() + one_line + 1) {
        w.list(HEAD, "[", &texts, "]", ";");
        return;
    }
    w.open(&format!("{HEAD}["));
    for (i, ((value, variant), text)) in pairs.iter().zip(&texts).enumerate() {
        // An element's comma is part of what has to fit, but for the last one's (`prettyplease`
        // writes the trailing comma only once the list is broken).
        let comma = usize::from(i + 1 < pairs.len());
        if w.fits(text.len() + comma) {
            w.line_laid_out(&[text, ","]);
        } else {
            w.open("(");
            w.line_laid_out(&[value, ","]);
            w.line_laid_out(&[variant, ","]);
            w.close("),");
        }
    }
    w.close("];");
}

/// A match arm `pattern => value,`, or with the value in a block when the arm does not fit.
/// `breakable` says whether `value` is an expression `prettyplease` would break further if it
/// did not fit in the block (a method call) or not (a literal).
fn arm(w: &mut Writer, pattern: &str, value: &str, breakable: bool) {
    // The arm's comma is not part of what has to fit.
    if w.fits(pattern.len() + 4 + value.len()) {
        w.line_laid_out(&[pattern, " => ", value, ","]);
    } else {
        w.line_of(&[pattern, " => {"]);
        w.depth_in();
        if breakable {
            w.line(value);
        } else {
            w.line_laid_out(&[value]);
        }
        w.close("}");
    }
}

pub(super) fn union_def(w: &mut Writer, decl: &Decl<'_>, union: &Union, cfg: Option<&[&str]>) {
    let def = decl.def;
    let name = def.name.as_str();
    // Told apart by a discriminator exactly when the union keeps a catch-all variant.
    let discriminated = union
        .discriminator
        .as_ref()
        .filter(|_| decl.catch_all.is_some());
    let how = match discriminated {
        Some(property) => {
            format!("Which variant a value is follows from its `{property}` property.")
        }
        None => {
            "A value is the first variant, in the order below, that it deserializes as.".to_owned()
        }
    };
    w.docs(&docs::paragraphs([
        docs::spec(def.docs.as_deref()).as_deref(),
        Some(&how),
    ]));
    public_cfg_line(w, cfg);
    w.line("#[derive(Clone, Debug, PartialEq)]");
    w.open(&format!("pub enum {name} {{"));
    for variant in &union.variants {
        let tags = match variant.tags.as_slice() {
            [] => None,
            tags => Some(format!(
                "`{}`: {}.",
                union.discriminator.as_deref().unwrap_or_default(),
                tags.iter()
                    .map(|tag| format!("`{tag}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        w.docs(&docs::paragraphs([
            tags.as_deref(),
            json_reason(&variant.ty).as_deref(),
        ]));
        let ty = boxed(local_ty(&variant.ty), variant.boxed);
        let open = format!("{}(", variant.name);
        // The variant's comma is not part of what has to fit.
        if w.fits(open.len() + ty.len() + 1) {
            w.line_laid_out(&[&open, &ty.to_string(), "),"]);
        } else {
            w.open(&open);
            w.typed_line("", &ty, ",");
            w.close("),");
        }
    }
    if discriminated.is_some() {
        w.docs("A value whose discriminator this version of the client does not know, kept as received.");
        w.line(&format!("{}(serde_json::Value),", union.other));
    }
    w.close("}");

    // Each variant is written as its value alone.
    cfg_line(w, cfg);
    w.open_impl("impl Serialize", name);
    w.open("fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {");
    w.open("match self {");
    let others = discriminated.map(|_| &union.other);
    for variant in union
        .variants
        .iter()
        .map(|variant| &variant.name)
        .chain(others)
    {
        arm(
            w,
            &format!("Self::{variant}(value)"),
            "value.serialize(serializer)",
            true,
        );
    }
    w.close("}");
    w.close("}");
    w.close("}");

    deserialize(w, def, cfg);

    open_from_json(
        w,
        def,
        if discriminated.is_some() { "path" } else { "_" },
        cfg,
    );
    w.line("let value = json::buffered(deserializer)?;");
    match discriminated {
        Some(property) => {
            w.line("let tag = value");
            w.line(&format!("    .get({})", string_literal(property)));
            w.line("    .and_then(serde_json::Value::as_str)");
            w.line("    .map(str::to_owned);");
            w.open("match tag.as_deref() {");
            for variant in &union.variants {
                let tags: Vec<String> =
                    variant.tags.iter().map(|tag| string_literal(tag)).collect();
                arm(
                    w,
                    &format!("Some({})", tags.join(" | ")),
                    &if variant.boxed {
                        format!(
                            "json::variant(value, path).map(Box::new).map(Self::{})",
                            variant.name
                        )
                    } else {
                        format!("json::variant(value, path).map(Self::{})", variant.name)
                    },
                    true,
                );
            }
            w.line(&format!("_ => Ok(Self::{}(value)),", union.other));
            w.close("}");
        }
        // The first variant the value reads as, as serde's untagged enums do.
        None => {
            for variant in &union.variants {
                w.open("if let Some(variant) = json::try_variant(&value) {");
                w.line(&if variant.boxed {
                    format!("return Ok(Self::{}(Box::new(variant)));", variant.name)
                } else {
                    format!("return Ok(Self::{}(variant));", variant.name)
                });
                w.close("}");
            }
            w.line_of(&[
                "Err(json::untagged(",
                &string_literal(def.name.unraw()),
                "))",
            ]);
        }
    }
    w.close("}");
    w.close("}");
}
