//! How structs read and write JSON: `Serialize` through the runtime's `json::Fields` (or
//! `json::Members`), and `Deserialize` through `json::Struct`, each field by its wire name.

use super::cfg_line;
use crate::format::{TypeText, Writer, string_literal};
use crate::model::{Struct, TypeDef};
use crate::surface::types::{Decl, written_as};

/// `Serialize` writes the fields one by one: in declaration order, unset optional ones left
/// out, additional properties last.
pub(super) fn struct_serialize(w: &mut Writer, decl: &Decl<'_>, st: &Struct, cfg: Option<&[&str]>) {
    let def = decl.def;
    let written: Vec<(&str, String)> = decl
        .fields
        .iter()
        .filter_map(|p| {
            let field = p.field;
            written_as(p).map(|how| {
                let value = format!("&self.{}", field.name);
                (
                    how,
                    format!("{}, {value}", string_literal(&field.wire_name)),
                )
            })
        })
        .collect();
    cfg_line(w, cfg);
    w.open_impl("impl Serialize", def.name.as_str());
    w.open("fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {");
    let (begin, args) = if st.additional.is_some() {
        ("json::Members::new", vec!["serializer".to_owned()])
    } else {
        let name = string_literal(def.name.unraw());
        let len = written.len().to_string();
        (
            "json::Fields::new",
            vec!["serializer".to_owned(), name, len],
        )
    };
    // A struct with nothing to write binds `fields` without `mut`; `rest` consumes it.
    let binding = if written.is_empty() {
        "let fields = "
    } else {
        "let mut fields = "
    };
    w.list(&format!("{binding}{begin}"), "(", &args, ")", "?;");
    for (how, args) in &written {
        w.line_of(&["fields.", how, "(", args, ");"]);
    }
    if st.additional.is_some() {
        w.line("fields.rest(&self.additional_properties)");
    } else {
        w.line("fields.end()");
    }
    w.close("}");
    w.close("}");
}

/// `Deserialize` for a model: by way of its `json::FromJson` implementation.
pub(super) fn deserialize(w: &mut Writer, def: &TypeDef, cfg: Option<&[&str]>) {
    cfg_line(w, cfg);
    w.open_impl("impl<'de> Deserialize<'de>", def.name.as_str());
    w.open("fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {");
    w.line("json::deserialize(deserializer)");
    w.close("}");
    w.close("}");
}

/// Opens `impl json::FromJson for Type` and its one method, whose path parameter is named
/// `path` (`_` when unused).
pub(super) fn open_from_json(w: &mut Writer, def: &TypeDef, path: &str, cfg: Option<&[&str]>) {
    cfg_line(w, cfg);
    w.open_impl("impl json::FromJson", def.name.as_str());
    w.signature(
        "fn from_json<'de, D: Deserializer<'de>>",
        &[
            "deserializer: D".to_owned(),
            format!("{path}: &mut json::Path"),
        ],
        &result("D::Error"),
    );
    w.depth_in();
}

fn result(error: &str) -> TypeText {
    TypeText::generic(
        "Result",
        vec![TypeText::plain("Self"), TypeText::plain(error)],
    )
}

/// `json::Struct`: the struct's name and field names, and a loop reading each member of the
/// object into its field: of a default value when every field is optional, else into a local
/// named as the field (`None` until read), from which the struct is built.
pub(super) fn struct_read(w: &mut Writer, decl: &Decl<'_>, st: &Struct, cfg: Option<&[&str]>) {
    let def = decl.def;
    cfg_line(w, cfg);
    w.open_impl("impl json::Struct", def.name.as_str());
    w.line_of(&[
        "const NAME: &'static str = ",
        &string_literal(def.name.unraw()),
        ";",
    ]);
    let names: Vec<String> = decl
        .fields
        .iter()
        .map(|p| string_literal(&p.field.wire_name))
        .collect();
    w.list(
        "const FIELDS: &'static [&'static str] = &",
        "[",
        &names,
        "]",
        ";",
    );
    // A struct whose fields are all optional derives `Default` and is read into a default
    // value; another into one local per field, named as the field.
    let into_default = decl.all_optional() && (!decl.fields.is_empty() || st.additional.is_some());
    let (object, index) = if into_default {
        ("object".to_owned(), "index".to_owned())
    } else {
        (decl.free_local("object"), decl.free_local("index"))
    };
    w.signature(
        "fn read<'de, A: serde::de::MapAccess<'de>>",
        &[format!("mut {object}: json::Object<'_, 'de, A>")],
        &result("A::Error"),
    );
    w.depth_in();
    let slot = |name: &str| {
        if into_default {
            format!("&mut value.{name}")
        } else {
            format!("&mut {name}")
        }
    };
    if into_default {
        w.line("let mut value = Self::default();");
    } else {
        for p in &decl.fields {
            w.line_of(&["let mut ", p.field.name.as_str(), " = None;"]);
        }
        if st.additional.is_some() {
            w.line("let mut additional_properties = std::collections::BTreeMap::new();");
        }
    }
    let other = if st.additional.is_some() {
        format!("{object}.rest({})", slot("additional_properties"))
    } else {
        format!("{object}.skip()")
    };
    if decl.fields.is_empty() {
        w.open(&format!("while {object}.next_field()?.is_some() {{"));
        w.line_of(&[&other, ";"]);
    } else {
        w.open(&format!(
            "while let Some({index}) = {object}.next_field()? {{"
        ));
        w.open(&format!("match {index} {{"));
        for (i, p) in decl.fields.iter().enumerate() {
            let how = match (p.optional, p.field.boxed) {
                (true, false) => "read_optional",
                (true, true) => "read_optional_boxed",
                (false, false) => "read",
                (false, true) => "read_boxed",
            };
            let slot = slot(p.field.name.as_str());
            w.line_of(&[&i.to_string(), " => ", &object, ".", how, "(", &slot, "),"]);
        }
        w.line_of(&["_ => ", &other, ","]);
        w.close("}");
    }
    w.close("}");
    if into_default {
        w.line("Ok(value)");
        w.close("}");
        w.close("}");
        return;
    }
    let required: Vec<&str> = decl
        .fields
        .iter()
        .filter(|p| !p.optional)
        .map(|p| p.field.name.as_str())
        .collect();
    let mut inits: Vec<String> = decl
        .fields
        .iter()
        .map(|p| {
            let name = p.field.name.as_str();
            if p.optional || required.len() > 1 {
                name.to_owned()
            } else {
                format!(
                    "{name}: {object}.required({name}, {})?",
                    string_literal(&p.field.wire_name)
                )
            }
        })
        .collect();
    if st.additional.is_some() {
        inits.push("additional_properties".to_owned());
    }
    if required.len() > 1 {
        // Several required fields are checked at once: one exit, not one per field.
        let missing = decl.free_local("missing");
        let lacks: Vec<String> = decl
            .fields
            .iter()
            .filter(|p| !p.optional)
            .map(|p| {
                format!(
                    "({}.is_none(), {})",
                    p.field.name,
                    string_literal(&p.field.wire_name)
                )
            })
            .collect();
        w.list(&format!("let {missing} = "), "[", &lacks, "]", ";");
        let some: Vec<String> = required
            .iter()
            .map(|name| format!("Some({name})"))
            .collect();
        w.open(&format!("match ({}) {{", required.join(", ")));
        w.struct_literal_arm(
            &format!("({})", some.join(", ")),
            "Ok(",
            "Self",
            &inits,
            ")",
        );
        w.line(&format!("_ => Err({object}.missing(&{missing})),"));
        w.close("}");
    } else if inits.is_empty() {
        w.line("Ok(Self {})");
    } else {
        w.struct_literal_in("Ok(", "Self", &inits, ")");
    }
    w.close("}");
    w.close("}");
}
