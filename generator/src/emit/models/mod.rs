//! `src/models.rs`: one Rust type per schema.
//!
//! Structs are `#[non_exhaustive]` with a `new` over their required fields and `with_*` setters
//! for the optional ones, so a field MongoDB adds upstream does not break callers. String enums
//! keep values they do not know in a catch-all variant. Secrets never reach `Debug` output.

//! The text is written directly with [`Writer`] rather than built with `quote` and printed by
//! `prettyplease` (see `format::writer`): this file is most of a big crate's code.

mod enums;
mod json;

use self::enums::{enum_def, union_def};
use self::json::{deserialize, struct_read, struct_serialize};
use super::docs;
use crate::error::Error;
use crate::format::{TypeText, Writer, string_literal};
use crate::model::{Field, Struct, Ty, TypeDef, TypeKind};
use crate::surface::Surface;
use crate::surface::gates;
use crate::surface::type_text::ty_text;
use crate::surface::types::{Decl, FieldPlan};

/// The source of the types `decls` declare, as `prettyplease` lays it out (without blank lines
/// between items); with `first`, preceded by the module's docs and imports.
pub(crate) fn file(
    surface: &Surface<'_>,
    decls: &[Decl<'_>],
    first: bool,
) -> Result<String, Error> {
    let mut out = String::with_capacity(decls.len() * 2048);
    if first {
        let mut head = Writer::new();
        head.inner_docs("The request and response types of the API, one per schema of the spec.");
        // Aliases implement nothing; without the features of another type, nothing uses the imports.
        if let Some(cfg) = gates::json_module(surface) {
            for import in [
                "use crate::json;",
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
            struct_read(&mut w, decl, st, cfg);
            if decl.has_secret() {
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
            public_cfg_line(&mut w, cfg);
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

/// [`cfg_line`] for a public item (a type, its inherent `impl`), with its `doc(cfg)` twin: on
/// docs.rs, which builds with `--cfg docsrs`, the item is labelled with the features that compile
/// it. Trait impls go without: the type's own label says when they exist.
fn public_cfg_line(w: &mut Writer, cfg: Option<&[&str]>) {
    if let Some(features) = cfg {
        w.cfg(features);
        w.doc_cfg(features);
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
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => json_reason(inner),
        _ => None,
    }
}

fn struct_def(w: &mut Writer, decl: &Decl<'_>, st: &Struct, cfg: Option<&[&str]>) {
    let (def, plans) = (decl.def, &decl.fields);
    w.docs(&docs::spec(def.docs.as_deref()).unwrap_or_default());
    public_cfg_line(w, cfg);
    let (has_secret, all_optional) = (decl.has_secret(), decl.all_optional());
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
    public_cfg_line(w, cfg);
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
