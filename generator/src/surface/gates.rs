//! Which helpers of the runtime files a crate compiles, and under which features: a helper that
//! no operation (or type) needs is left out, one that only some tags' operations need is compiled
//! with their features only. `emit::runtime` applies these gates to the runtime's syntax trees.

use super::Surface;
use super::features::Need;
use super::operations::{body_kinds, calls, is_download, is_joined, is_paginated};
use super::types::{Decl, written_as};
use crate::model::{
    ArrayStyle, BodyKind, Operation, Pagination, Param, ParamLocation, ResponseBody, Ty, TypeDef,
    TypeKind,
};

/// An item of a runtime file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A method of the inherent `impl` of a type.
    Method(&'static str, &'static str),
    /// A free function.
    Function(&'static str),
    /// A struct and its `impl`s.
    Type(&'static str),
    /// A trait and its `impl`s.
    Trait(&'static str),
}

/// Whether (and under which features) a runtime item is compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Gate {
    pub target: Target,
    pub need: Need,
}

fn gate(target: Target, need: Need) -> Gate {
    Gate { target, need }
}

/// Whether some version of `op` answers with a body `wanted` picks.
fn answers(op: &Operation, wanted: fn(&ResponseBody) -> bool) -> bool {
    op.versions
        .iter()
        .filter_map(|v| v.response.as_ref())
        .any(|response| wanted(&response.body))
}

/// Whether some version of `op` decodes JSON into one type, as an `Option` (some success
/// statuses have no body) or not, as `wanted` asks.
fn decodes(op: &Operation, wanted: fn(bool) -> bool) -> bool {
    op.versions
        .iter()
        .filter_map(|v| v.response.as_ref())
        .any(|response| {
            matches!(response.body, ResponseBody::Json(_))
                && response.by_status.is_none()
                && wanted(!response.empty_statuses.is_empty())
        })
}

/// Whether some version of `op` answers different bodies by status (an enum of them).
fn by_status(op: &Operation) -> bool {
    op.versions
        .iter()
        .filter_map(|v| v.response.as_ref())
        .any(|response| response.by_status.is_some())
}

/// An array query parameter written as one `name=item` pair per item.
fn exploded(p: &Param) -> bool {
    matches!(p.ty, Ty::Array(_))
        && p.location == ParamLocation::Query
        && p.style == ArrayStyle::Exploded
}

/// An array path parameter.
fn path_array(p: &Param) -> bool {
    matches!(p.ty, Ty::Array(_)) && p.location == ParamLocation::Path
}

/// Whether some version of `op` may send its body as several media types.
fn alternatives(op: &Operation) -> bool {
    op.versions
        .iter()
        .filter_map(|v| v.request.as_ref())
        .any(|body| !body.alternatives.is_empty())
}

/// The gates of `src/client.rs`, in the order they are applied.
pub(crate) fn client(surface: &Surface<'_>) -> Vec<Gate> {
    let features = &surface.features;
    let ops = &surface.api.operations;
    let by_ops = |uses: &dyn Fn(&Operation) -> bool| features.need_where(ops, uses);
    let adds = |wanted: fn(&Param) -> bool| by_ops(&|op: &Operation| op.params.iter().any(wanted));
    let sends =
        |wanted: fn(&BodyKind) -> bool| by_ops(&|op: &Operation| body_kinds(op).any(wanted));
    let ignores = |op: &Operation| {
        op.versions.iter().any(|v| {
            v.response
                .as_ref()
                .is_none_or(|r| matches!(r.body, ResponseBody::Empty))
        })
    };
    // Every step that can fail: a parameter (a refused path segment, a stream with no text), a
    // body that may not serialize, a content type the operation does not take.
    let fails = |op: &Operation| {
        !op.params.is_empty()
            || alternatives(op)
            || body_kinds(op).any(|kind| {
                matches!(
                    kind,
                    BodyKind::Json | BodyKind::Form(_) | BodyKind::Multipart(_)
                )
            })
    };
    use Target::{Function, Method, Trait};
    vec![
        gate(
            Method("Client", "download"),
            by_ops(&|op| answers(op, is_download)),
        ),
        gate(
            Method("Client", "download_with_response"),
            by_ops(&|op| answers(op, is_download)),
        ),
        gate(Method("Client", "call"), by_ops(&calls)),
        gate(Method("Client", "call_with_response"), by_ops(&calls)),
        gate(
            Method("Response", "json"),
            by_ops(&|op| decodes(op, |optional| !optional) || by_status(op)),
        ),
        gate(
            Method("Response", "json_unless"),
            by_ops(&|op| decodes(op, |optional| optional)),
        ),
        gate(Method("Response", "ignore"), by_ops(&ignores)),
        gate(Method("Response", "status_code"), by_ops(&by_status)),
        // How each parameter is added (see `emit::operations`).
        gate(
            Method("Request", "header"),
            adds(|p| p.location == ParamLocation::Header),
        ),
        gate(
            Method("Request", "query"),
            adds(|p| p.location == ParamLocation::Query && !exploded(p) && !p.envelope),
        ),
        gate(Method("Request", "envelope"), adds(|p| p.envelope)),
        gate(Method("Request", "query_each"), adds(exploded)),
        gate(
            Method("Request", "cookie"),
            adds(|p| p.location == ParamLocation::Cookie),
        ),
        gate(
            Method("Request", "param_text"),
            adds(|p| p.location != ParamLocation::Path),
        ),
        gate(
            Method("Request", "path"),
            adds(|p| p.location == ParamLocation::Path && !path_array(p)),
        ),
        gate(Method("Request", "path_items"), adds(path_array)),
        gate(Function("encode_path_items"), adds(path_array)),
        gate(
            Function("encode_path_segment"),
            adds(|p| p.location == ParamLocation::Path),
        ),
        gate(Function("join"), adds(is_joined)),
        // The text of every parameter but an array in the path goes through `ToParam`.
        gate(Trait("ToParam"), adds(|p| !path_array(p))),
        gate(
            Method("Request", "security"),
            by_ops(&|op| op.security.is_some()),
        ),
        gate(
            Method("Request", "server"),
            by_ops(&|op| op.server.is_some()),
        ),
        gate(
            Method("Request", "json_body"),
            sends(|kind| matches!(kind, BodyKind::Json)),
        ),
        gate(
            Method("Request", "form_body"),
            sends(|kind| matches!(kind, BodyKind::Form(_))),
        ),
        gate(
            Method("Request", "text_body"),
            sends(|kind| matches!(kind, BodyKind::Text)),
        ),
        gate(
            Method("Request", "binary_body"),
            sends(|kind| matches!(kind, BodyKind::Binary)),
        ),
        gate(
            Method("Request", "multipart_body"),
            sends(|kind| matches!(kind, BodyKind::Multipart(_))),
        ),
        gate(Method("Request", "unsupported_body"), by_ops(&alternatives)),
        gate(Method("Request", "fail"), by_ops(&fails)),
    ]
}

/// The features under which the crate's `Response` fields are read; `None` when they always
/// are, or never (then nothing is said). Without an operation that reads a response body,
/// nothing reads them; nor, without an operation that goes through `Client::call` (which every
/// operation that decodes JSON does), is a `Response` made.
pub(crate) fn response_read_under(surface: &Surface<'_>) -> Option<String> {
    let features = &surface.features;
    let ops = &surface.api.operations;
    let decodes = features.need_where(ops, |op| {
        answers(op, |body| matches!(body, ResponseBody::Json(_)))
    });
    let used = match decodes {
        Need::Never => features.need_where(ops, calls),
        need => need,
    };
    match used {
        Need::Under(predicate) => Some(predicate),
        Need::Always | Need::Never => None,
    }
}

/// The gates of `src/json.rs`: each struct helper compiled with the features of the structs
/// that use it.
pub(crate) fn json(surface: &Surface<'_>) -> Vec<Gate> {
    let features = &surface.features;
    let structs: Vec<(
        &TypeDef,
        &crate::model::Struct,
        &[super::types::FieldPlan<'_>],
    )> = surface
        .decls
        .iter()
        .filter_map(|decl| match &decl.def.kind {
            TypeKind::Struct(st) => Some((decl.def, st, decl.fields.as_slice())),
            _ => None,
        })
        .collect();
    let with = |wanted: fn(&[super::types::FieldPlan<'_>], &crate::model::Struct) -> bool| {
        features.need_for_types(
            structs
                .iter()
                .filter(|(_, st, plans)| wanted(plans, st))
                .map(|(def, _, _)| *def),
        )
    };
    let unions = |wanted: fn(&Decl<'_>) -> bool| {
        features.need_for_types(
            surface
                .decls
                .iter()
                .filter(|decl| matches!(decl.def.kind, TypeKind::Union(_)) && wanted(decl))
                .map(|decl| decl.def),
        )
    };
    let any_struct = features.need_for_types(structs.iter().map(|(def, _, _)| *def));
    let any_enum = features.need_for_types(
        surface
            .decls
            .iter()
            .filter(|decl| matches!(decl.def.kind, TypeKind::Enum(_)))
            .map(|decl| decl.def),
    );
    fn rest(st: &crate::model::Struct) -> bool {
        st.additional.is_some()
    }
    use Target::{Function, Method, Trait, Type};
    let mut gates = vec![
        gate(Function("buffered"), unions(|_| true)),
        gate(Function("variant"), unions(|decl| decl.catch_all.is_some())),
        gate(
            Function("try_variant"),
            unions(|decl| decl.catch_all.is_none()),
        ),
        gate(
            Function("untagged"),
            unions(|decl| decl.catch_all.is_none()),
        ),
        gate(Function("enumeration"), any_enum.clone()),
        gate(Type("Enumeration"), any_enum),
        gate(Trait("Struct"), any_struct.clone()),
        gate(Type("StructVisitor"), any_struct.clone()),
        gate(Type("Name"), any_struct.clone()),
        gate(Type("Object"), any_struct),
        gate(
            Method("Object", "value"),
            with(|plans, _| !plans.is_empty()),
        ),
        gate(
            Method("Object", "read"),
            with(|plans, _| plans.iter().any(|p| !p.optional && !p.field.boxed)),
        ),
        gate(
            Method("Object", "read_optional"),
            with(|plans, _| plans.iter().any(|p| p.optional && !p.field.boxed)),
        ),
        gate(
            Method("Object", "read_boxed"),
            with(|plans, _| plans.iter().any(|p| !p.optional && p.field.boxed)),
        ),
        gate(
            Method("Object", "read_optional_boxed"),
            with(|plans, _| plans.iter().any(|p| p.optional && p.field.boxed)),
        ),
        // One required field is taken with `required`, several are checked at once (`missing`).
        gate(
            Method("Object", "required"),
            with(|plans, _| plans.iter().filter(|p| !p.optional).count() == 1),
        ),
        gate(
            Method("Object", "missing"),
            with(|plans, _| plans.iter().filter(|p| !p.optional).count() > 1),
        ),
        gate(Method("Object", "skip"), with(|_, st| !rest(st))),
        gate(Method("Object", "rest"), with(|_, st| rest(st))),
    ];
    // How structs are written: `Fields` without additional properties, `Members` with them.
    for (writer, keeps_rest) in [("Fields", false), ("Members", true)] {
        let written = |how: &str| {
            features.need_for_types(
                structs
                    .iter()
                    .filter(|(_, st, plans)| {
                        rest(st) == keeps_rest && plans.iter().any(|p| written_as(p) == Some(how))
                    })
                    .map(|(def, _, _)| *def),
            )
        };
        gates.extend([
            gate(
                Type(writer),
                features.need_for_types(
                    structs
                        .iter()
                        .filter(|(_, st, _)| rest(st) == keeps_rest)
                        .map(|(def, _, _)| *def),
                ),
            ),
            gate(Method(writer, "field"), written("field")),
            gate(Method(writer, "optional"), written("optional")),
        ]);
    }
    gates
}

/// The gates of `src/pages.rs`: only pages with links ask whether they name a next page.
pub(crate) fn pages(surface: &Surface<'_>) -> Vec<Gate> {
    let links = |op: &Operation| {
        op.versions.iter().any(|version| {
            version
                .pagination
                .as_ref()
                .is_some_and(|pagination| pagination.links.is_some())
        })
    };
    vec![gate(
        Target::Function("names_next"),
        surface.features.need_where(&surface.api.operations, links),
    )]
}

/// Each page type with the `Page` impl its paginated operations need, by page type name, and
/// the features under which it is compiled (never `Need::Never`).
pub(crate) fn page_impls<'s>(surface: &'s Surface<'_>) -> Vec<(&'s Pagination, &'s TypeDef, Need)> {
    let mut pages: std::collections::BTreeMap<&str, &Pagination> = Default::default();
    for pagination in surface
        .api
        .operations
        .iter()
        .flat_map(|op| &op.versions)
        .filter_map(|version| version.pagination.as_ref())
    {
        pages.entry(pagination.page.as_str()).or_insert(pagination);
    }
    let mut impls = Vec::new();
    for (name, pagination) in pages {
        let Some(def) = surface.types.get(&pagination.page) else {
            continue;
        };
        let answers = |op: &Operation| {
            op.versions.iter().any(|version| {
                version
                    .pagination
                    .as_ref()
                    .is_some_and(|other| other.page.as_str() == name)
            })
        };
        match surface
            .features
            .need_where(&surface.api.operations, answers)
        {
            Need::Never => {}
            need => impls.push((pagination, *def, need)),
        }
    }
    impls
}

/// Whether the crate has `src/json.rs` (`None` when no type reads or writes JSON through it),
/// and the features of which one compiles it (`Some(None)`: always).
pub(crate) fn json_module<'s>(surface: &'s Surface<'_>) -> Option<Option<Vec<&'s str>>> {
    let mut types = super::types::json_types(&surface.api.types).peekable();
    types.peek()?;
    Some(surface.features.any_type_cfg(types))
}

/// Under which features `src/pages.rs` is compiled (with the tags that have paginated lists).
pub(crate) fn pages_module(surface: &Surface<'_>) -> Need {
    surface
        .features
        .need_where(&surface.api.operations, is_paginated)
}
