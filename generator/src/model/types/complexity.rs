//! clippy's `type_complexity` score of the arrays and maps the generated crate writes: one that
//! would be linted is named by an alias instead (`TypeBuilder::element`).

use crate::model::Ty;

/// clippy's `type_complexity` threshold: a type scoring more is linted.
pub(super) const COMPLEXITY_THRESHOLD: usize = 250;

/// Whether the generated crate can write an array (`Vec<T>`) or a map (`BTreeMap<String, T>`)
/// of `element` without clippy's `type_complexity` lint. The deepest it writes one is an optional
/// field, parameter or body, `Option<Vec<T>>`: `Option<BTreeMap<String, BTreeMap<String,
/// Vec<X>>>>` scores 220 and passes, while three maps deep, or two maps of JSON objects, score
/// 270 and do not. (A struct's extra properties, `BTreeMap<String, T>`, are checked on their own;
/// a method's `Result<T, Error>` is async or in a trait impl, which the lint does not score.)
pub(super) fn fits_in_option(map: bool, element: &Ty) -> bool {
    10 + container_complexity(map, element, 2) <= COMPLEXITY_THRESHOLD
}

/// clippy's `type_complexity` score of `ty` written `nest` generics deep (1 at the top): each
/// type it names scores 10 for each generics level it sits in, `String` keys included.
fn complexity(ty: &Ty, nest: usize) -> usize {
    match ty {
        Ty::String
        | Ty::Bool
        | Ty::I32
        | Ty::I64
        | Ty::F32
        | Ty::F64
        | Ty::Named(_)
        | Ty::Json(_)
        | Ty::Binary => 10 * nest,
        Ty::Array(inner) => container_complexity(false, inner, nest),
        Ty::Map(inner) => container_complexity(true, inner, nest),
        // `Option<inner>`: one more generic level, like a `Vec`.
        Ty::Nullable(inner) => container_complexity(false, inner, nest),
        // `serde_json::Map<String, serde_json::Value>`
        Ty::JsonObject => 10 * nest + 2 * 10 * (nest + 1),
    }
}

/// The score of `Vec<element>`, or of `BTreeMap<String, element>` if `map`, `nest` deep.
pub(super) fn container_complexity(map: bool, element: &Ty, nest: usize) -> usize {
    let key = if map { 10 * (nest + 1) } else { 0 };
    10 * nest + key + complexity(element, nest + 1)
}
