//! Facts about types that depend on the whole API: which direction each type travels in, which
//! operations (tags) reach it, and which fields must be boxed to break reference cycles.

use std::collections::{BTreeMap, BTreeSet};

use super::{Operation, ResponseBody, Ty, TypeDef, TypeKind};
use crate::naming::Ident;

/// Records on each type whether requests or responses carry it, and the tags that reach it.
pub(crate) fn mark(defs: &mut [TypeDef], operations: &[Operation], error_type: Option<&Ident>) {
    let index: BTreeMap<Ident, usize> = defs.iter().enumerate().map(|(i, def)| (def.name.clone(), i)).collect();
    let edges: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| {
            let mut names = Vec::new();
            each_ty(&def.kind, &mut |ty| named_in(ty, &mut names));
            names.iter().filter_map(|name| index.get(*name).copied()).collect()
        })
        .collect();
    let reach = |roots: Vec<&Ty>| -> BTreeSet<usize> {
        let mut names = Vec::new();
        for ty in roots {
            named_in(ty, &mut names);
        }
        let mut seen = BTreeSet::new();
        let mut stack: Vec<usize> = names.iter().filter_map(|name| index.get(*name).copied()).collect();
        while let Some(next) = stack.pop() {
            if seen.insert(next) {
                stack.extend(edges[next].iter().copied());
            }
        }
        seen
    };

    for operation in operations {
        let mut requests = Vec::new();
        let mut responses = Vec::new();
        for param in &operation.params {
            requests.push(&param.ty);
        }
        for version in &operation.versions {
            requests.extend(version.request.as_ref().map(|body| &body.ty));
            if let Some(ResponseBody::Json(ty)) = version.response.as_ref().map(|response| &response.body) {
                responses.push(ty);
            }
        }
        let request_types = reach(requests);
        let response_types = reach(responses);
        for &i in &request_types {
            defs[i].usage.request = true;
            defs[i].tags.insert(operation.tag.clone());
        }
        for &i in &response_types {
            defs[i].usage.response = true;
            defs[i].tags.insert(operation.tag.clone());
        }
    }
    if let Some(error_type) = error_type {
        let error = Ty::Named(error_type.clone());
        for i in reach(vec![&error]) {
            defs[i].usage.response = true;
        }
    }
}

/// Boxes the fields through which a struct can contain itself without an indirection
/// (a `Vec` or a map already is one), so that every type has a finite size.
pub(crate) fn box_cycles(defs: &mut [TypeDef]) {
    let index: BTreeMap<Ident, usize> = defs.iter().enumerate().map(|(i, def)| (def.name.clone(), i)).collect();
    // Edges that hold a value inline: struct fields, union variants and aliases of a named type.
    let direct: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| {
            let mut names = Vec::new();
            each_ty(&def.kind, &mut |ty| {
                if let Ty::Named(name) = ty {
                    names.push(name);
                }
            });
            names.iter().filter_map(|name| index.get(*name).copied()).collect()
        })
        .collect();
    let reaches = |from: usize, to: usize| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next) {
                stack.extend(direct[next].iter().copied());
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (owner, def) in defs.iter().enumerate() {
        if let TypeKind::Struct(st) = &def.kind {
            for (position, field) in st.fields.iter().enumerate() {
                if let Ty::Named(target) = &field.ty
                    && index.get(target).is_some_and(|&target| reaches(target, owner))
                {
                    to_box.push((owner, position));
                }
            }
        }
    }
    for (owner, position) in to_box {
        if let TypeKind::Struct(st) = &mut defs[owner].kind {
            st.fields[position].boxed = true;
        }
    }
}

/// Calls `visit` on each top-level type expression a type definition holds.
fn each_ty<'t>(kind: &'t TypeKind, visit: &mut dyn FnMut(&'t Ty)) {
    match kind {
        TypeKind::Struct(st) => {
            st.fields.iter().for_each(|field| visit(&field.ty));
            if let Some(additional) = &st.additional {
                visit(additional);
            }
        }
        TypeKind::Union(union) => union.variants.iter().for_each(|variant| visit(&variant.ty)),
        TypeKind::Alias(ty) => visit(ty),
        TypeKind::Enum(_) => {}
    }
}

/// Every named type inside a type expression, however deeply nested.
fn named_in<'t>(ty: &'t Ty, out: &mut Vec<&'t Ident>) {
    match ty {
        Ty::Named(name) => out.push(name),
        Ty::Array(inner) | Ty::Map(inner) => named_in(inner, out),
        _ => {}
    }
}
