//! The enum a method returns when its success statuses answer different bodies
//! (`StartJobResponse::Ok(item)` or `::Accepted(job)`), and the decoder that picks the variant
//! by the response's status.

use super::outside_models;
use crate::error::Error;
use crate::format::{TypeText, Writer};
use crate::model::Ty;
use crate::surface::operations::{ByStatus, Method};

/// A variant's payload: named types are boxed, so that a unit variant beside a large struct does
/// not make every value of the enum as large.
fn payload(ty: &Ty) -> TypeText {
    match ty {
        Ty::Named(_) => TypeText::generic("Box", vec![outside_models(ty)]),
        ty => outside_models(ty),
    }
}

/// The enum of `method`, and its `from_response`, as `prettyplease` lays them out.
pub(super) fn by_status_enum(
    path: &str,
    method: &Method<'_>,
    by_status: &ByStatus<'_>,
) -> Result<String, Error> {
    let name = by_status.name;
    let mut w = Writer::new();
    w.docs(&format!(
        "What [`Client::{}`] answers: which success status came, with its body.",
        method.name
    ));
    w.line("#[derive(Clone, Debug, PartialEq)]");
    w.open(&format!("pub enum {name} {{"));
    for (status, variant, ty) in &by_status.variants {
        let fallback = if *variant == by_status.fallback {
            ", and any other success status"
        } else {
            ""
        };
        match ty {
            Some(ty) => {
                w.docs(&format!("`{status}`{fallback}, with its body."));
                w.typed_line(&format!("{variant}("), &payload(ty), "),");
            }
            None => {
                w.docs(&format!("`{status}`{fallback}, without a body."));
                w.line(&format!("{variant},"));
            }
        }
    }
    w.close("}");
    w.open(&format!("impl {name} {{"));
    w.docs("Decodes the body the response's status says.");
    w.open("fn from_response(response: Response) -> Result<Self, Error> {");
    w.open("match response.status_code() {");
    for (status, variant, ty) in &by_status.variants {
        let Ok(code) = status.parse::<u16>() else {
            continue;
        };
        if *variant == by_status.fallback {
            continue;
        }
        w.line(&arm(&code.to_string(), variant, *ty));
    }
    let fallback_ty = by_status
        .variants
        .iter()
        .find(|(_, variant, _)| *variant == by_status.fallback)
        .and_then(|(_, _, ty)| *ty);
    w.line(&arm("_", &by_status.fallback, fallback_ty));
    w.close("}");
    w.close("}");
    w.close("}");
    w.finish(path)
}

/// The match arm decoding a response of `pattern` into `variant`.
fn arm(pattern: &str, variant: &str, ty: Option<&Ty>) -> String {
    match ty {
        Some(Ty::Named(_)) => {
            format!("{pattern} => response.json().map(|body| Self::{variant}(Box::new(body))),")
        }
        Some(_) => format!("{pattern} => response.json().map(Self::{variant}),"),
        None => format!("{pattern} => Ok(Self::{variant}),"),
    }
}
