//! Small helpers shared by the emitters: type expressions.

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
        Ty::Map(inner) => TypeText::generic(
            "std::collections::BTreeMap",
            vec![TypeText::plain("String"), ty_text(inner, models)],
        ),
        Ty::Named(name) => TypeText::plain(format!("{models}{name}")),
        Ty::JsonObject => TypeText::generic(
            "serde_json::Map",
            vec![
                TypeText::plain("String"),
                TypeText::plain("serde_json::Value"),
            ],
        ),
        Ty::Json(_) => TypeText::plain("serde_json::Value"),
        Ty::Binary => TypeText::plain("crate::ByteStream"),
        Ty::Nullable(inner) => TypeText::generic("Option", vec![ty_text(inner, models)]),
    }
}
