//! Which API versions of which operations are paginated lists, whose builders can stream the
//! list page by page. Recognised from the spec's shape, never from a list of operations.
//!
//! The rule: an API version of an operation is a paginated list when
//!
//! 1. the operation is a `GET`: reading a list sends its request once per page, which only a safe
//!    request may be (Atlas also pages the answers of a few `POST`s and a `PUT` that create or
//!    replace entries, and those are not streamed);
//! 2. it has the query parameters [`PAGE_NUMBER`] (which page, the first being 1) and
//!    [`PAGE_SIZE`] (how many items a page holds), both optional integers: the names Atlas gives
//!    them throughout its API;
//! 3. its success response is JSON of an object type (a struct of the model) with an array
//!    property [`RESULTS`], the page's items; and, if it has them, an integer property
//!    [`TOTAL_COUNT`] (how many items the whole list holds) and an array property [`LINKS`] of
//!    objects with a string property [`REL`] (a link whose relation is `next` names the next
//!    page). Other properties may be there too.
//!
//! A property by one of these names with another type makes the answer no page: the client could
//! not tell where the list ends.

use std::collections::HashMap;

use super::{Method, Operation, OperationVersion, Pagination, ParamLocation, ResponseBody, Struct};
use super::{Ty, TypeDef, TypeKind};
use crate::naming::Ident;

/// The query parameter that sets the page number.
pub(crate) const PAGE_NUMBER: &str = "pageNum";
/// The query parameter that sets how many items a page holds.
pub(crate) const PAGE_SIZE: &str = "itemsPerPage";
/// The page's property holding its items.
pub(crate) const RESULTS: &str = "results";
/// The page's property holding how many items the whole list holds.
pub(crate) const TOTAL_COUNT: &str = "totalCount";
/// The page's property holding its links.
pub(crate) const LINKS: &str = "links";
/// A link's property holding its relation.
pub(crate) const REL: &str = "rel";

/// Sets [`OperationVersion::pagination`] of every API version that is a paginated list.
pub(crate) fn mark(operations: &mut [Operation], types: &[TypeDef]) {
    let types: HashMap<&Ident, &TypeDef> = types.iter().map(|def| (&def.name, def)).collect();
    for op in operations {
        let Some((page_num, items_per_page)) = paging_params(op) else {
            continue;
        };
        for version in &mut op.versions {
            version.pagination = page_shape(version, &types).map(|shape| Pagination {
                page_num: page_num.0.clone(),
                page_num_ty: page_num.1.clone(),
                items_per_page: items_per_page.0.clone(),
                items_per_page_ty: items_per_page.1.clone(),
                page: shape.page,
                results: shape.results,
                item: shape.item,
                total_count: shape.total_count,
                links: shape.links,
            });
        }
    }
}

/// The setters and types of the page number and page size parameters of a `GET` that has both.
fn paging_params(op: &Operation) -> Option<((Ident, Ty), (Ident, Ty))> {
    if op.method != Method::Get {
        return None;
    }
    let find = |wire_name: &str| {
        op.params
            .iter()
            .find(|param| param.location == ParamLocation::Query && param.wire_name == wire_name)
            .filter(|param| !param.required && is_integer(&param.ty))
            .map(|param| (param.name.clone(), param.ty.clone()))
    };
    Some((find(PAGE_NUMBER)?, find(PAGE_SIZE)?))
}

fn is_integer(ty: &Ty) -> bool {
    matches!(ty, Ty::I32 | Ty::I64)
}

/// What [`Pagination`] says of the page type.
struct PageShape {
    page: Ident,
    results: Ident,
    item: Ty,
    total_count: Option<Ident>,
    links: Option<(Ident, Ident)>,
}

/// The page type of `version`'s answer, when it is one.
fn page_shape(version: &OperationVersion, types: &HashMap<&Ident, &TypeDef>) -> Option<PageShape> {
    // A list answered by a page or by nothing (`Option<Page>`), or by a page or something else
    // (an enum by status), is not read page by page.
    let response = version
        .response
        .as_ref()
        .filter(|response| response.empty_statuses.is_empty() && response.others.is_empty())?;
    let ResponseBody::Json(Ty::Named(page)) = &response.body else {
        return None;
    };
    let TypeKind::Struct(st) = &types.get(page)?.kind else {
        return None;
    };
    let results = field(st, RESULTS).filter(|results| !results.boxed)?;
    let Ty::Array(item) = &results.ty else {
        return None;
    };
    let total_count = match field(st, TOTAL_COUNT) {
        None => None,
        Some(total) if is_integer(&total.ty) && !total.boxed => Some(total.name.clone()),
        Some(_) => return None,
    };
    let links = match field(st, LINKS) {
        None => None,
        Some(links) if !links.boxed => Some((links.name.clone(), rel_field(&links.ty, types)?)),
        Some(_) => return None,
    };
    Some(PageShape {
        page: page.clone(),
        results: results.name.clone(),
        item: (**item).clone(),
        total_count,
        links,
    })
}

fn field<'s>(st: &'s Struct, wire_name: &str) -> Option<&'s super::Field> {
    st.fields.iter().find(|field| field.wire_name == wire_name)
}

/// The field holding a link's relation, when `links` is an array of structs with a string `rel`.
fn rel_field(links: &Ty, types: &HashMap<&Ident, &TypeDef>) -> Option<Ident> {
    let Ty::Array(link) = links else {
        return None;
    };
    let Ty::Named(link) = &**link else {
        return None;
    };
    let TypeKind::Struct(st) = &types.get(link)?.kind else {
        return None;
    };
    field(st, REL)
        .filter(|rel| rel.ty == Ty::String && !rel.boxed)
        .map(|rel| rel.name.clone())
}
