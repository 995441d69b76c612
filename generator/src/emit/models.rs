//! `src/models.rs`: one Rust type per schema.
//!
//! Structs are `#[non_exhaustive]` with a `new` over their required fields and `with_*` setters
//! for the optional ones, so a field MongoDB adds upstream does not break callers. String enums
//! keep values they do not know in a catch-all variant. Secrets never reach `Debug` output.

//! The text is written directly with [`Writer`] rather than built with `quote` and printed by
//! `prettyplease` (see `format::writer`): this file is most of a big crate's code.

use super::docs;
use crate::surface::type_text::ty_text;
use crate::surface::gates;
use crate::surface::types::{Decl, FieldPlan, written_as};
use crate::surface::Surface;
use crate::error::Error;
use crate::format::{TypeText, Writer, string_literal};
use crate::model::{Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Union};

/// The source of the types `decls` declare, as `prettyplease` lays it out (without blank lines
/// between items); with `first`, preceded by the module's docs and imports.
pub(crate) fn file(surface: &Surface<'_>, decls: &[Decl<'_>], first: bool) -> Result<String, Error> {
    let mut out = String::with_capacity(decls.len() * 2048);
    if first {
        let mut head = Writer::new();
        head.inner_docs("The request and response types of the API, one per schema of the spec.");
        // Aliases implement nothing; without the features of another type, nothing uses the imports.
        if let Some(cfg) = gates::json_module(surface) {
            for import in [
                "use crate::json::{self, FromJson};",
                "use serde::{Deserialize, Deserializer, Serialize, Serializer};",
            ] {
                if let Some(cfg) = &cfg {
                    head.cfg(cfg);
                }
                head.line(import);
            }
        }
        out.push_str(&head.finish("src/models.rs")?);
    }
    for decl in decls {
        let cfg = surface.type_cfg(decl.def);
        out.push_str(&type_def(decl, cfg.as_deref())?);
    }
    Ok(out)
}

/// The items of one type, each under `cfg` (the features that compile the type).
fn type_def(decl: &Decl<'_>, cfg: Option<&[&str]>) -> Result<String, Error> {
    let def = decl.def;
    let what = format!("src/models.rs (type {})", def.name);
    let mut w = Writer::new();
    match &def.kind {
        TypeKind::Struct(st) => {
            struct_def(&mut w, decl, st, cfg);
            struct_serialize(&mut w, decl, st, cfg);
            deserialize(&mut w, def, cfg);
            struct_from_json(&mut w, decl, st, cfg);
            if st.fields.iter().any(|field| field.secret) {
                // `Debug` without the secrets is rare; `prettyplease` lays out its method chain.
                let mut debug = Writer::new();
                secret_debug(&mut debug, decl, st, cfg);
                return Ok(w.finish(&what)? + &debug.finish_with_prettyplease(&what)?);
            }
        }
        TypeKind::Enum(en) => enum_def(&mut w, def, en, cfg),
        TypeKind::Union(union) => union_def(&mut w, decl, union, cfg),
        TypeKind::Alias(ty) => {
            w.docs(&alias_docs(def, ty));
            cfg_line(&mut w, cfg);
            w.typed_line(&format!("pub type {} = ", def.name), &local_ty(ty), ";");
        }
    }
    w.finish(&what)
}

fn cfg_line(w: &mut Writer, cfg: Option<&[&str]>) {
    if let Some(features) = cfg {
        w.cfg(features);
    }
}

/// The Rust type for a type expression, written inside `models.rs` (`Source`).
fn local_ty(ty: &Ty) -> TypeText {
    ty_text(ty, "")
}

fn boxed(ty: TypeText, boxed: bool) -> TypeText {
    if boxed {
        TypeText::generic("Box", vec![ty])
    } else {
        ty
    }
}

fn alias_docs(def: &TypeDef, ty: &Ty) -> String {
    docs::paragraphs([
        docs::spec(def.docs.as_deref()).as_deref(),
        json_reason(ty).as_deref(),
    ])
}

/// Why a type expression holds `serde_json::Value` (directly, or as its items or values).
fn json_reason(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Json(reason) => Some(format!("Any JSON value: {reason}.")),
        Ty::Array(inner) | Ty::Map(inner) => json_reason(inner),
        _ => None,
    }
}

fn struct_def(w: &mut Writer, decl: &Decl<'_>, st: &Struct, cfg: Option<&[&str]>) {
    let (def, plans) = (decl.def, &decl.fields);
    w.docs(&docs::spec(def.docs.as_deref()).unwrap_or_default());
    cfg_line(w, cfg);
    let has_secret = st.fields.iter().any(|field| field.secret);
    let all_optional = plans.iter().all(|p| !p.in_constructor);
    w.line(match (has_secret, all_optional) {
        (false, true) => "#[derive(Clone, Debug, Default, PartialEq)]",
        (false, false) => "#[derive(Clone, Debug, PartialEq)]",
        (true, true) => "#[derive(Clone, Default, PartialEq)]",
        (true, false) => "#[derive(Clone, PartialEq)]",
    });
    w.line("#[non_exhaustive]");
    if plans.is_empty() && st.additional.is_none() {
        w.line(&format!("pub struct {} {{}}", def.name));
    } else {
        w.open(&format!("pub struct {} {{", def.name));
        for p in plans {
            field_decl(w, p);
        }
        if let Some(ty) = &st.additional {
            w.docs("Properties beyond the ones named above.");
            let map = TypeText::generic(
                "std::collections::BTreeMap",
                vec![TypeText::plain("String"), local_ty(ty)],
            );
            w.typed_line("pub additional_properties: ", &map, ",");
        }
        w.close("}");
    }
    constructor(w, decl, st.additional.is_some(), all_optional, cfg);
}

fn field_ty(p: &FieldPlan<'_>) -> TypeText {
    let inner = boxed(local_ty(&p.field.ty), p.field.boxed);
    if p.optional {
        TypeText::generic("Option", vec![inner])
    } else {
        inner
    }
}

fn field_decl(w: &mut Writer, p: &FieldPlan<'_>) {
    let field = p.field;
    let server_set = p
        .skip_serializing
        .then_some("Set by the server: it is read from responses and never sent.");
    let json = json_reason(&field.ty);
    w.docs(&docs::paragraphs([
        docs::spec(field.docs.as_deref()).as_deref(),
        json.as_deref(),
        server_set,
    ]));
    w.typed_line(&format!("pub {}: ", field.name), &field_ty(p), ",");
}

/// `Serialize` lists the fields for `json::Fields`: in declaration order, unset optional ones
/// left out, additional properties last.
fn struct_serialize(w: &mut Writer, decl: &Decl<'_>, st: &Struct, cfg: Option<&[&str]>) {
    let def = decl.def;
    let receiver = format!("json::Fields::new({})", string_literal(def.name.unraw()));
    let mut calls = Vec::new();
    for p in &decl.fields {
        let field = p.field;
        if let Some(how) = written_as(p) {
            calls.push((
                how,
                vec![
                    string_literal(&field.wire_name),
                    format!("&self.{}", field.name),
                ],
            ));
        }
    }
    if st.additional.is_some() {
        calls.push(("rest", vec!["&self.additional_properties".to_owned()]));
    }
    calls.push(("serialize", vec!["serializer".to_owned()]));
    cfg_line(w, cfg);
    w.open_impl("impl Serialize", def.name.as_str());
    w.open("fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {");
    method_chain(w, &receiver, &calls);
    w.close("}");
    w.close("}");
}

/// A method chain as `prettyplease` lays it out: on one line if it fits, otherwise the receiver
/// and then each call (`.method(arguments)`) on a line of its own, one level deeper, a call too
/// long for its line with its arguments one per line.
fn method_chain(w: &mut Writer, receiver: &str, calls: &[(&str, Vec<String>)]) {
    let calls: Vec<(String, &[String], String)> = calls
        .iter()
        .map(|(method, args)| {
            (
                format!(".{method}"),
                args.as_slice(),
                format!(".{method}({})", args.join(", ")),
            )
        })
        .collect();
    let len = receiver.len() + calls.iter().map(|(_, _, text)| text.len()).sum::<usize>();
    if w.fits(len) {
        let mut parts = vec![receiver];
        parts.extend(calls.iter().map(|(_, _, text)| text.as_str()));
        w.line_of(&parts);
        return;
    }
    w.line(receiver);
    w.depth_in();
    for (method, args, text) in &calls {
        if !w.fits(text.len()) && args.len() > 1 {
            w.list(method, "(", args, ")", "");
        } else {
            w.line(text);
        }
    }
    w.depth_out();
}

/// `Deserialize` for a model: by way of its [`FromJson`] implementation.
fn deserialize(w: &mut Writer, def: &TypeDef, cfg: Option<&[&str]>) {
    cfg_line(w, cfg);
    w.open_impl("impl<'de> Deserialize<'de>", def.name.as_str());
    w.open("fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {");
    w.line("json::deserialize(deserializer)");
    w.close("}");
    w.close("}");
}

/// Opens `impl FromJson for Type` and its one method.
fn open_from_json(w: &mut Writer, def: &TypeDef, cfg: Option<&[&str]>) {
    cfg_line(w, cfg);
    w.open_impl("impl FromJson", def.name.as_str());
    w.open("fn from_json(value: serde_json::Value) -> Result<Self, json::Error> {");
}

/// `FromJson` takes each field out of the object by its wire name.
fn struct_from_json(w: &mut Writer, decl: &Decl<'_>, st: &Struct, cfg: Option<&[&str]>) {
    let def = decl.def;
    open_from_json(w, def, cfg);
    let name = string_literal(def.name.unraw());
    let mut inits: Vec<String> = decl
        .fields
        .iter()
        .map(|p| {
            let field = p.field;
            let how = if p.optional {
                "optional"
            } else {
                "required"
            };
            format!(
                "{}: object.{how}({})?",
                field.name,
                string_literal(&field.wire_name)
            )
        })
        .collect();
    if st.additional.is_some() {
        inits.push("additional_properties: object.rest()?".to_owned());
    }
    if inits.is_empty() {
        w.line_of(&["json::Object::new(value, ", &name, ").map(|_| Self {})"]);
    } else {
        let binding = if st.fields.is_empty() {
            "let object"
        } else {
            "let mut object"
        };
        w.list(
            &format!("{binding} = json::Object::new"),
            "(",
            &["value".to_owned(), name],
            ")",
            "?;",
        );
        if inits.len() == 1 {
            w.struct_literal_in("Ok(", "Self", &inits, ")");
        } else {
            // A field whose line is too long has its call on a line of its own, as `prettyplease`
            // breaks it: `name: object` then `.optional("wireName")?,`.
            w.line("Ok(Self {");
            w.depth_in();
            for (i, init) in inits.iter().enumerate() {
                // The last field's comma may pass the margin; another's may not.
                let comma = usize::from(i + 1 < inits.len());
                match init.split_once(": object") {
                    Some((field, call)) if !w.fits(init.len() + comma) => {
                        w.line_of(&[field, ": object"]);
                        w.depth_in();
                        w.line_of(&[call, ","]);
                        w.depth_out();
                    }
                    _ => w.line_laid_out(&[init, ","]),
                }
            }
            w.depth_out();
            w.line("})");
        }
    }
    w.close("}");
    w.close("}");
}

/// The argument type a constructor or setter takes for a field's value, and how to store `value`.
fn value_in(field: &Field, value: &str) -> (String, String) {
    let (arg, stored) = match &field.ty {
        Ty::String => ("impl Into<String>".to_owned(), format!("{value}.into()")),
        Ty::Binary => (
            "impl Into<crate::ByteStream>".to_owned(),
            format!("{value}.into()"),
        ),
        ty => (local_ty(ty).to_string(), value.to_owned()),
    };
    if field.boxed {
        (arg, format!("Box::new({stored})"))
    } else {
        (arg, stored)
    }
}

fn constructor(
    w: &mut Writer,
    decl: &Decl<'_>,
    has_additional: bool,
    all_optional: bool,
    cfg: Option<&[&str]>,
) {
    let (def, plans) = (decl.def, &decl.fields);
    cfg_line(w, cfg);
    w.open(&format!("impl {} {{", def.name));
    if all_optional {
        w.docs("Creates a value with every field unset.");
        w.open("pub fn new() -> Self {");
        w.line("Self::default()");
        w.close("}");
    } else {
        let mut args = Vec::new();
        let mut inits = Vec::new();
        for p in plans {
            let field_name = p.field.name.as_str();
            if p.in_constructor {
                if p.optional {
                    // Required but nullable: the caller says whether there is a value.
                    let inner = local_ty(&p.field.ty);
                    args.push(format!("{field_name}: Option<{inner}>"));
                    inits.push(if p.field.boxed {
                        format!("{field_name}: {field_name}.map(Box::new)")
                    } else {
                        field_name.to_owned()
                    });
                } else {
                    let (arg_ty, stored) = value_in(p.field, field_name);
                    args.push(format!("{field_name}: {arg_ty}"));
                    inits.push(if stored == field_name {
                        stored
                    } else {
                        format!("{field_name}: {stored}")
                    });
                }
            } else {
                inits.push(format!("{field_name}: None"));
            }
        }
        if has_additional {
            inits.push("additional_properties: std::collections::BTreeMap::new()".to_owned());
        }
        w.docs("Creates a value from its required fields; optional fields start unset.");
        if args.len() > 7 {
            w.line("#[allow(clippy::too_many_arguments)]");
        }
        w.list("pub fn new", "(", &args, ")", " -> Self {");
        w.depth_in();
        w.struct_literal("Self", &inits);
        w.close("}");
    }
    for p in decl.setters() {
        let field_name = p.field.name.as_str();
        let (arg_ty, stored) = value_in(p.field, "value");
        // Rustdoc cannot link to a raw identifier (`Self::r#type`).
        if field_name.starts_with("r#") {
            w.docs(&format!("Sets `{}`.", p.field.name.unraw()));
        } else {
            w.docs(&format!("Sets [`{0}`](Self::{0}).", field_name));
        }
        w.line("#[must_use]");
        w.list(
            &format!("pub fn with_{}", p.field.name.unraw()),
            "(",
            &["mut self".to_owned(), format!("value: {arg_ty}")],
            ")",
            " -> Self {",
        );
        w.depth_in();
        w.line(&format!("self.{field_name} = Some({stored});"));
        w.line("self");
        w.close("}");
    }
    w.close("}");
}

/// `Debug` that prints `<redacted>` in place of each secret field's value.
fn secret_debug(w: &mut Writer, decl: &Decl<'_>, st: &Struct, cfg: Option<&[&str]>) {
    let def = decl.def;
    cfg_line(w, cfg);
    w.open(&format!("impl std::fmt::Debug for {} {{", def.name));
    w.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    let mut chain = format!("f.debug_struct({})", string_literal(def.name.unraw()));
    for p in &decl.fields {
        let field = p.field;
        let label = string_literal(field.name.unraw());
        let field_name = field.name.as_str();
        if !field.secret {
            chain.push_str(&format!(".field({label}, &self.{field_name})"));
        } else if p.optional {
            chain.push_str(&format!(
                ".field({label}, &self.{field_name}.as_ref().map(|_| crate::Redacted))"
            ));
        } else {
            chain.push_str(&format!(".field({label}, &crate::Redacted)"));
        }
    }
    if st.additional.is_some() {
        chain.push_str(".field(\"additional_properties\", &self.additional_properties)");
    }
    chain.push_str(".finish()");
    w.line(&chain);
    w.close("}");
    w.close("}");
}

fn enum_def(w: &mut Writer, def: &TypeDef, en: &StringEnum, cfg: Option<&[&str]>) {
    let name = def.name.as_str();
    w.docs(&docs::spec(def.docs.as_deref()).unwrap_or_default());
    cfg_line(w, cfg);
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

    cfg_line(w, cfg);
    w.open(&format!("impl {name} {{"));
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
    open_from_json(w, def, cfg);
    if en.variants.is_empty() {
        w.line(&format!("String::from_json(value).map(Self::{})", en.other));
    } else {
        w.line("String::from_json(value)");
        w.depth_in();
        w.open(".map(|value| match value.as_str() {");
        for variant in &en.variants {
            arm(
                w,
                &string_literal(&variant.wire_value),
                &format!("Self::{}", variant.name),
                false,
            );
        }
        w.line(&format!("_ => Self::{}(value),", en.other));
        w.close("})");
        w.depth_out();
    }
    w.close("}");
    w.close("}");
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

fn union_def(w: &mut Writer, decl: &Decl<'_>, union: &Union, cfg: Option<&[&str]>) {
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
    cfg_line(w, cfg);
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

    open_from_json(w, def, cfg);
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
                    &format!("FromJson::from_json(value).map(Self::{})", variant.name),
                    true,
                );
            }
            w.line(&format!("_ => Ok(Self::{}(value)),", union.other));
            w.close("}");
        }
        // The first variant the value reads as, as serde's untagged enums do.
        None => {
            for variant in &union.variants {
                w.open("if let Ok(variant) = FromJson::from_json(value.clone()) {");
                w.line(&format!("return Ok(Self::{}(variant));", variant.name));
                w.close("}");
            }
            w.line_of(&[
                "Err(json::Error::untagged(",
                &string_literal(def.name.unraw()),
                "))",
            ]);
        }
    }
    w.close("}");
    w.close("}");
}
