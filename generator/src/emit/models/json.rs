//! How structs read and write JSON: `Serialize` through the runtime's `json::Fields`, and
//! `Deserialize` through `FromJson`, each field by its wire name.

use super::cfg_line;
use crate::format::{Writer, string_literal};
use crate::model::{Struct, TypeDef};
use crate::surface::types::{Decl, written_as};

/// `Serialize` lists the fields for `json::Fields`: in declaration order, unset optional ones
/// left out, additional properties last.
pub(super) fn struct_serialize(w: &mut Writer, decl: &Decl<'_>, st: &Struct, cfg: Option<&[&str]>) {
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
pub(super) fn deserialize(w: &mut Writer, def: &TypeDef, cfg: Option<&[&str]>) {
    cfg_line(w, cfg);
    w.open_impl("impl<'de> Deserialize<'de>", def.name.as_str());
    w.open("fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {");
    w.line("json::deserialize(deserializer)");
    w.close("}");
    w.close("}");
}

/// Opens `impl FromJson for Type` and its one method.
pub(super) fn open_from_json(w: &mut Writer, def: &TypeDef, cfg: Option<&[&str]>) {
    cfg_line(w, cfg);
    w.open_impl("impl FromJson", def.name.as_str());
    w.open("fn from_json(value: serde_json::Value) -> Result<Self, json::Error> {");
}

/// `FromJson` takes each field out of the object by its wire name.
pub(super) fn struct_from_json(w: &mut Writer, decl: &Decl<'_>, st: &Struct, cfg: Option<&[&str]>) {
    let def = decl.def;
    open_from_json(w, def, cfg);
    let name = string_literal(def.name.unraw());
    let mut inits: Vec<String> = decl
        .fields
        .iter()
        .map(|p| {
            let field = p.field;
            let how = if p.optional { "optional" } else { "required" };
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
