//! One side of a comparison: a modeled spec with the indexes the comparison needs, and the names
//! of the Rust items the generated client has for it.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::Pointer;
use crate::model::{
    Api, Operation, OperationVersion, Param, ResponseBody, SuccessResponse, Ty, TypeDef, TypeKind,
    Usage,
};
use crate::naming;

/// How many operation IDs a message names before it says "and N more".
const USERS_SHOWN: usize = 3;

pub(super) struct Side<'a> {
    /// Types by Rust name.
    pub types: BTreeMap<&'a str, &'a TypeDef>,
    /// For each type, the operations whose parameters, request or response reach it.
    users: BTreeMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> Side<'a> {
    pub fn new(api: &'a Api) -> Self {
        let types: BTreeMap<&'a str, &'a TypeDef> = api
            .types
            .iter()
            .map(|def| (def.name.as_str(), def))
            .collect();
        let mut users: BTreeMap<&'a str, BTreeSet<&'a str>> = BTreeMap::new();
        for operation in &api.operations {
            for name in reach(&types, roots(operation)) {
                users.entry(name).or_default().insert(operation.id.as_str());
            }
        }
        Side { types, users }
    }

    /// "used by `a`, `b`, `c` and 4 more operations", or "used by no operation".
    pub fn users_text(&self, type_name: &str) -> String {
        let Some(users) = self.users.get(type_name).filter(|users| !users.is_empty()) else {
            return "used by no operation".to_owned();
        };
        let shown: Vec<String> = users
            .iter()
            .take(USERS_SHOWN)
            .map(|id| format!("`{id}`"))
            .collect();
        let rest = users.len().saturating_sub(USERS_SHOWN);
        match rest {
            0 => format!("used by {}", shown.join(", ")),
            _ => format!(
                "used by {} and {rest} more operation{}",
                shown.join(", "),
                plural(rest)
            ),
        }
    }
}

/// The type expressions an operation's parameters, request bodies and responses hold.
fn roots(operation: &Operation) -> Vec<&Ty> {
    let mut roots: Vec<&Ty> = operation.params.iter().map(|param| &param.ty).collect();
    for version in &operation.versions {
        roots.extend(version.request.as_ref().map(|body| &body.ty));
        if let Some(ResponseBody::Json(ty)) =
            version.response.as_ref().map(|response| &response.body)
        {
            roots.push(ty);
        }
    }
    roots
}

/// Every type name reachable from `roots` through fields, variants and aliases.
fn reach<'a>(types: &BTreeMap<&'a str, &'a TypeDef>, roots: Vec<&'a Ty>) -> BTreeSet<&'a str> {
    let mut stack: Vec<&'a str> = Vec::new();
    for ty in roots {
        named_in(ty, &mut stack);
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        let Some(def) = types.get(name) else { continue };
        if seen.insert(def.name.as_str()) {
            for ty in tys_of(&def.kind) {
                named_in(ty, &mut stack);
            }
        }
    }
    seen
}

/// The type expressions a type definition holds directly.
pub(super) fn tys_of(kind: &TypeKind) -> Vec<&Ty> {
    match kind {
        TypeKind::Struct(st) => st
            .fields
            .iter()
            .map(|field| &field.ty)
            .chain(st.additional.as_ref())
            .collect(),
        TypeKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn named_in<'a>(ty: &'a Ty, out: &mut Vec<&'a str>) {
    match ty {
        Ty::Named(name) => out.push(name.as_str()),
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => named_in(inner, out),
        _ => {}
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Both sides of a comparison, to tell whether a type expression of the old spec and one of the
/// new spec are the same Rust type.
pub(super) struct Sides<'s, 'a> {
    pub old: &'s Side<'a>,
    pub new: &'s Side<'a>,
    /// Types renamed with the operation they are named after (old name to new name): one
    /// `type-renamed` change each, so a field or parameter of that type is not also retyped.
    pub renamed: BTreeMap<&'a str, &'a str>,
}

/// How many type aliases deep [`Sides::same`] looks through (aliases of aliases).
const ALIAS_DEPTH: usize = 16;

impl Sides<'_, '_> {
    /// Whether `a` (old) and `b` (new) are the same Rust type: every `Json` is
    /// `serde_json::Value`, and a type alias is the type it names (`pub type A = B;`), so a field
    /// that now names an alias of its old type has not changed type.
    pub fn same(&self, a: &Ty, b: &Ty) -> bool {
        self.same_within(a, b, ALIAS_DEPTH)
    }

    fn same_within(&self, a: &Ty, b: &Ty, depth: usize) -> bool {
        match (a, b) {
            (Ty::Json(_), Ty::Json(_)) => true,
            (Ty::Array(a), Ty::Array(b))
            | (Ty::Map(a), Ty::Map(b))
            | (Ty::Nullable(a), Ty::Nullable(b)) => self.same_within(a, b, depth),
            (Ty::Named(x), Ty::Named(y))
                if x == y || self.renamed.get(x.as_str()) == Some(&y.as_str()) =>
            {
                true
            }
            _ if depth == 0 => a == b,
            _ => match (alias_target(self.old, a), alias_target(self.new, b)) {
                (None, None) => a == b,
                (ta, tb) => self.same_within(ta.unwrap_or(a), tb.unwrap_or(b), depth - 1),
            },
        }
    }

    /// Whether two success responses decode into the same Rust type.
    pub fn same_response(&self, a: Option<&SuccessResponse>, b: Option<&SuccessResponse>) -> bool {
        let optional = |r: &SuccessResponse| !r.empty_statuses.is_empty();
        match (a, b) {
            (Some(ra), Some(rb)) if ra.by_status.is_some() || rb.by_status.is_some() => {
                // An enum by status: the same when every status answers the same type.
                let (sa, sb) = (statuses(ra), statuses(rb));
                ra.by_status.as_ref().map(naming::Ident::unraw)
                    == rb.by_status.as_ref().map(naming::Ident::unraw)
                    && sa.len() == sb.len()
                    && sa.iter().zip(&sb).all(|((status_a, ta), (status_b, tb))| {
                        status_a == status_b
                            && match (ta, tb) {
                                (Some(ta), Some(tb)) => self.same(ta, tb),
                                (None, None) => true,
                                _ => false,
                            }
                    })
            }
            (Some(ra), Some(rb)) => match (&ra.body, &rb.body) {
                (ResponseBody::Json(ta), ResponseBody::Json(tb)) => {
                    self.same(ta, tb) && optional(ra) == optional(rb)
                }
                (ResponseBody::Json(_), _) | (_, ResponseBody::Json(_)) => false,
                _ => response_text(a) == response_text(b),
            },
            _ => response_text(a) == response_text(b),
        }
    }
}

/// One argument of a method or of a struct's `new`, for [`Sides::reordering`].
pub(super) struct Argument<'a> {
    /// What identifies it (a parameter's location and wire name, a field's wire name).
    pub key: String,
    /// How a message names it.
    pub label: &'a str,
    pub ty: &'a Ty,
    /// Taken as `Option<T>`.
    pub optional: bool,
}

/// The same arguments in another order: both orders as a message lists them, and whether calls
/// written for the old order still compile (every place takes the same type).
pub(super) struct Reordering {
    pub old: String,
    pub new: String,
    pub compiles: bool,
}

impl Sides<'_, '_> {
    /// How `after` reorders `before`, when it holds the same arguments (by key) in another order.
    /// Arguments of the same type in swapped places still compile, each value passed to another
    /// argument; of different types they do not.
    pub fn reordering(
        &self,
        before: &[Argument<'_>],
        after: &[Argument<'_>],
    ) -> Option<Reordering> {
        let keys = |list: &[Argument<'_>]| list.iter().map(|a| a.key.clone()).collect::<Vec<_>>();
        let (old_keys, new_keys) = (keys(before), keys(after));
        let mut sorted = (old_keys.clone(), new_keys.clone());
        sorted.0.sort();
        sorted.1.sort();
        if old_keys == new_keys || sorted.0 != sorted.1 {
            return None;
        }
        let listed = |list: &[Argument<'_>]| {
            list.iter()
                .map(|a| format!("`{}`", a.label))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Some(Reordering {
            old: listed(before),
            new: listed(after),
            compiles: before
                .iter()
                .zip(after)
                .all(|(a, b)| a.optional == b.optional && self.same(a.ty, b.ty)),
        })
    }
}

/// The type `ty` names when it names a type alias of `side`.
fn alias_target<'a>(side: &Side<'a>, ty: &Ty) -> Option<&'a Ty> {
    let Ty::Named(name) = ty else { return None };
    match &side.types.get(name.as_str())?.kind {
        TypeKind::Alias(target) => Some(target),
        _ => None,
    }
}

/// A type expression as the generated code writes it.
pub(super) fn ty_text(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F32 => "f32".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Array(inner) => format!("Vec<{}>", ty_text(inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty_text(inner)),
        Ty::Named(name) => format!("models::{name}"),
        Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        Ty::Json(_) => "serde_json::Value".to_owned(),
        Ty::Binary => "ByteStream".to_owned(),
        Ty::Nullable(inner) => format!("Option<{}>", ty_text(inner)),
    }
}

/// The statuses of a response with their body types (`None`: no body), in status order.
fn statuses(response: &SuccessResponse) -> Vec<(&str, Option<&Ty>)> {
    let mut statuses: Vec<(&str, Option<&Ty>)> = response
        .others
        .iter()
        .map(|(status, ty)| (status.as_str(), Some(ty)))
        .chain(
            response
                .empty_statuses
                .iter()
                .map(|status| (status.as_str(), None)),
        )
        .collect();
    if let ResponseBody::Json(ty) = &response.body {
        statuses.push((response.status.as_str(), Some(ty)));
    }
    statuses.sort_by(|x, y| x.0.cmp(y.0));
    statuses
}

/// What a method returns for a success response, as the generated code writes it.
pub(super) fn response_text(response: Option<&SuccessResponse>) -> String {
    if let Some(name) = response.and_then(|response| response.by_status.as_ref()) {
        return name.unraw().to_owned();
    }
    match response.map(|response| (&response.body, response.empty_statuses.is_empty())) {
        Some((ResponseBody::Json(ty), true)) => ty_text(ty),
        Some((ResponseBody::Json(ty), false)) => format!("Option<{}>", ty_text(ty)),
        Some((ResponseBody::Text | ResponseBody::Binary, _)) => "Download".to_owned(),
        Some((ResponseBody::Empty, _)) | None => "()".to_owned(),
    }
}

/// Which way a type travels, in words.
pub(super) fn direction(usage: Usage) -> &'static str {
    match (usage.request, usage.response) {
        (true, true) => "request and response type",
        (true, false) => "request type",
        (false, true) => "response type",
        (false, false) => "type",
    }
}

/// `#/paths/<path>/<method>`.
pub(super) fn operation_pointer(operation: &Operation) -> Pointer {
    Pointer::root()
        .join("paths")
        .join(&operation.path)
        .join(operation.method.key())
}

/// `METHOD /path`.
pub(super) fn route(operation: &Operation) -> String {
    format!("{} {}", operation.method.as_str(), operation.path)
}

/// `Client::<method>` of one API version.
pub(super) fn method_item(version: &OperationVersion) -> String {
    format!("Client::{}", version.method_name)
}

/// The API version with the plain method name, as the naming stage chose it (the newest dated
/// version: a `preview` only when it is the only version).
pub(super) fn plain_version(operation: &Operation) -> Option<&OperationVersion> {
    operation.versions.iter().find(|version| version.plain)
}

/// `Client::<method>` of the API version with the plain name.
pub(super) fn newest_method_item(operation: &Operation) -> String {
    match plain_version(operation) {
        Some(version) => method_item(version),
        None => format!("Client::{}", naming::method_name(&operation.id, None, true)),
    }
}

/// Every `Client::<method>` of an operation, oldest API version first.
pub(super) fn method_items(operation: &Operation) -> Vec<String> {
    operation.versions.iter().map(method_item).collect()
}

/// The Rust item a parameter is: an argument of the method when required, else a setter of the
/// newest version's request builder.
pub(super) fn param_item(operation: &Operation, param: &Param) -> String {
    if param.required {
        return newest_method_item(operation);
    }
    let module = naming::module_name(&operation.tag);
    let builder = match plain_version(operation) {
        Some(version) => version.builder_name.to_string(),
        None => naming::builder_name(&operation.id, None, true).to_string(),
    };
    format!("operations::{module}::{builder}::{}", param.name)
}

/// How the generated client takes a parameter, in words.
pub(super) fn param_role(param: &Param) -> String {
    if param.required {
        format!("the method argument `{}`", param.name)
    } else {
        format!("the request-builder setter `.{}()`", param.name)
    }
}

pub(super) fn location_text(param: &Param) -> &'static str {
    match param.location {
        crate::model::ParamLocation::Path => "path",
        crate::model::ParamLocation::Query => "query",
        crate::model::ParamLocation::Header => "header",
        crate::model::ParamLocation::Cookie => "cookie",
    }
}

/// A common reason phrase for a status, for readable messages.
pub(super) fn reason(status: &str) -> &'static str {
    match status {
        "200" => " (OK)",
        "201" => " (Created)",
        "202" => " (Accepted)",
        "204" => " (No Content)",
        "400" => " (Bad Request)",
        "401" => " (Unauthorized)",
        "402" => " (Payment Required)",
        "403" => " (Forbidden)",
        "404" => " (Not Found)",
        "405" => " (Method Not Allowed)",
        "406" => " (Not Acceptable)",
        "409" => " (Conflict)",
        "415" => " (Unsupported Media Type)",
        "422" => " (Unprocessable Entity)",
        "429" => " (Too Many Requests)",
        "500" => " (Internal Server Error)",
        "501" => " (Not Implemented)",
        "503" => " (Service Unavailable)",
        _ => "",
    }
}
