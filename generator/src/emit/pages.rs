//! Paginated list operations (see `model/pagination.rs`): the `pages()` and `items()` methods of
//! their builders, and the `Page` impl of each page type, which `src/pages.rs` of the generated
//! crate holds after the runtime's generic streams (`runtime/pages.rs`).
//!
//! Per operation, only a few lines: the builder is cloned for each page with the page number set,
//! and everything else is the runtime's, generic over the page type.

use crate::error::Error;
use crate::format::Writer;
use crate::model::{OperationVersion, Pagination, Ty, TypeDef, TypeKind};
use crate::surface::Surface;
use crate::surface::features::Need;
use crate::surface::gates;
use crate::surface::type_text::ty_text;

/// The `pages()` and `items()` methods of the builder of `version`, in an `impl` of their own,
/// laid out by `prettyplease`.
pub(crate) fn builder_methods(
    path: &str,
    version: &OperationVersion,
    pagination: &Pagination,
) -> Result<String, Error> {
    let builder = &version.builder_name;
    let page = ty_text(&Ty::Named(pagination.page.clone()), "models::");
    let item = ty_text(&pagination.item, "models::");
    let page_num = &pagination.page_num;
    let items_per_page = &pagination.items_per_page;
    let widen = |ty: &Ty, field: &str| match ty {
        Ty::I32 => format!("self.{field}.map(i64::from)"),
        _ => format!("self.{field}"),
    };
    let first = widen(&pagination.page_num_ty, page_num.as_str());
    let size = widen(&pagination.items_per_page_ty, items_per_page.as_str());
    let number = match pagination.page_num_ty {
        Ty::I32 => "i32::try_from(page).unwrap_or(i32::MAX)",
        _ => "page",
    };
    let mut w = Writer::new();
    w.open(&format!("impl<'a> {builder}<'a> {{"));
    w.docs(&format!(
        "Reads the list page by page: a stream of the answers, one request per page, sent when the stream is read that far.\n\nIt starts at [`{page_num}`](Self::{page_num}) (default the first page), with [`{items_per_page}`](Self::{items_per_page}) items a page if set. It ends after a page that is empty or short, that has links but none to a next page, or that reaches `totalCount`; or after an error, its last element. See [`ListStream`](crate::ListStream)."
    ));
    w.open(&format!(
        "pub fn pages(self) -> crate::ListStream<'a, {page}> {{"
    ));
    w.line(&format!("let (first, size) = ({first}, {size});"));
    w.line(&format!(
        "let fetch = move |page| Clone::clone(&self).{page_num}({number}).send();"
    ));
    w.line("crate::pages::pages(first, size, Box::new(fetch))");
    w.close("}");
    w.docs(
        "The items of the list, across its pages: the [`pages`](Self::pages) stream flattened, so requested page by page as it is read, and ending where it ends (an error is the last element).\n\nRead it with `futures::StreamExt` (`while let Some(item) = items.next().await`) or `futures::TryStreamExt` (`try_collect`).",
    );
    w.open(&format!(
        "pub fn items(self) -> crate::ListStream<'a, {item}> {{"
    ));
    w.line("crate::pages::items(self.pages())");
    w.close("}");
    w.close("}");
    w.finish_with_prettyplease(path)
}

/// The `Page` impl of every page type, each compiled with the features of the tags whose
/// paginated operations answer with it.
pub(crate) fn impls(surface: &Surface<'_>) -> Result<Vec<syn::Item>, Error> {
    let mut text = String::new();
    for (pagination, def, need) in gates::page_impls(surface) {
        if let Need::Under(predicate) = need {
            text.push_str(&format!("#[cfg({predicate})]\n"));
        }
        text.push_str(&page_impl(surface, pagination, def));
    }
    let file = syn::parse_file(&text).map_err(|error| {
        Error::io(
            "src/pages.rs",
            format!("internal error: a `Page` impl does not parse ({error}); please report this"),
        )
    })?;
    Ok(file.items)
}

/// `impl Page for` the page type of `pagination`, reading its fields as the struct declares them.
fn page_impl(surface: &Surface<'_>, pagination: &Pagination, def: &TypeDef) -> String {
    // Whether the field `name` of `def` is an `Option`.
    let optional = |def: &TypeDef, name: &str| {
        surface
            .decl(&def.name)
            .and_then(|decl| decl.field(name))
            .is_some_and(|p| p.optional)
    };
    let page = ty_text(&Ty::Named(pagination.page.clone()), "crate::models::");
    let item = ty_text(&pagination.item, "crate::models::");
    let results = pagination.results.as_str();
    let (count, into_items) = if optional(def, results) {
        (
            format!("self.{results}.as_ref().map_or(0, Vec::len)"),
            format!("self.{results}.unwrap_or_default()"),
        )
    } else {
        (format!("self.{results}.len()"), format!("self.{results}"))
    };
    let mut methods = format!("type Item = {item};\nfn item_count(&self) -> usize {{ {count} }}\n");
    if let Some(total) = &pagination.total_count {
        let total_ty = match &def.kind {
            TypeKind::Struct(st) => st
                .fields
                .iter()
                .find(|field| &field.name == total)
                .map(|field| field.ty.clone()),
            _ => None,
        };
        let value = match (optional(def, total.as_str()), total_ty) {
            (true, Some(Ty::I32)) => format!("self.{total}.map(i64::from)"),
            (true, _) => format!("self.{total}"),
            (false, Some(Ty::I32)) => format!("Some(i64::from(self.{total}))"),
            (false, _) => format!("Some(self.{total})"),
        };
        methods.push_str(&format!(
            "fn total_count(&self) -> Option<i64> {{ {value} }}\n"
        ));
    }
    if let Some((links, rel)) = &pagination.links {
        let link = match &def.kind {
            TypeKind::Struct(st) => st
                .fields
                .iter()
                .find(|field| &field.name == links)
                .and_then(|field| match &field.ty {
                    Ty::Array(link) => match &**link {
                        Ty::Named(link) => surface.types.get(link).copied(),
                        _ => None,
                    },
                    _ => None,
                }),
            _ => None,
        };
        let rels = match link {
            Some(link) if optional(link, rel.as_str()) => {
                format!("filter_map(|link| link.{rel}.as_deref())")
            }
            _ => format!("map(|link| link.{rel}.as_str())"),
        };
        let links = if optional(def, links.as_str()) {
            format!("self.{links}.iter().flatten()")
        } else {
            format!("self.{links}.iter()")
        };
        let value = format!("names_next({links}.{rels})");
        methods.push_str(&format!(
            "fn has_next(&self) -> Option<bool> {{ {value} }}\n"
        ));
    }
    methods.push_str(&format!(
        "fn into_items(self) -> Vec<Self::Item> {{ {into_items} }}\n"
    ));
    format!("impl Page for {page} {{\n{methods}}}\n")
}
