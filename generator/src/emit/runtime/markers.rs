//! The runtime sources mark the code only some APIs need with `#[only(a, b)]` (kept when one of
//! the named parts is in use) or `#[unless(a, b)]` (kept when none is). [`apply`] removes what the
//! API does not use and drops the markers, so a generated crate carries no dead code: an API
//! without HTTP Digest has no digest code, an API without API keys no key code.
//!
//! Markers may stand on items, `impl` items, enum variants, struct fields, fields of struct
//! expressions, match arms, statements and array elements.

use std::collections::BTreeSet;

use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Meta};

/// Removes from `file` what is marked for parts outside `used`, and every marker.
pub(crate) fn apply(file: &mut syn::File, used: &BTreeSet<&str>) {
    Markers { used }.visit_file_mut(file);
}

struct Markers<'a> {
    used: &'a BTreeSet<&'a str>,
}

impl Markers<'_> {
    /// Whether a node with `attrs` stays; its markers are removed either way.
    fn keep(&self, attrs: &mut Vec<Attribute>) -> bool {
        let mut keep = true;
        attrs.retain(|attr| {
            let only = attr.path().is_ident("only");
            if !only && !attr.path().is_ident("unless") {
                return true;
            }
            let parts = match &attr.meta {
                Meta::List(list) => list
                    .parse_args_with(Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated)
                    .map(|parts| parts.iter().map(ToString::to_string).collect::<Vec<_>>())
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            let any_used = parts.iter().any(|part| self.used.contains(part.as_str()));
            keep &= if only { any_used } else { !any_used };
            false
        });
        keep
    }
}

fn filter<T>(items: &mut Vec<T>, mut keep: impl FnMut(&mut T) -> bool) {
    items.retain_mut(|item| keep(item));
}

fn filter_punctuated<T, P: Default>(
    items: &mut Punctuated<T, P>,
    mut keep: impl FnMut(&mut T) -> bool,
) {
    let kept: Vec<T> = std::mem::take(items)
        .into_iter()
        .filter_map(|mut item| keep(&mut item).then_some(item))
        .collect();
    items.extend(kept);
}

/// The attributes of an item, for the kinds of item the runtime has.
pub(super) fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

fn stmt_attrs(stmt: &mut syn::Stmt) -> Option<&mut Vec<Attribute>> {
    match stmt {
        syn::Stmt::Local(local) => Some(&mut local.attrs),
        syn::Stmt::Item(item) => item_attrs(item),
        syn::Stmt::Expr(expr, _) => expr_attrs(expr),
        syn::Stmt::Macro(mac) => Some(&mut mac.attrs),
    }
}

fn expr_attrs(expr: &mut syn::Expr) -> Option<&mut Vec<Attribute>> {
    use syn::Expr;
    Some(match expr {
        Expr::Call(e) => &mut e.attrs,
        Expr::MethodCall(e) => &mut e.attrs,
        Expr::Assign(e) => &mut e.attrs,
        Expr::If(e) => &mut e.attrs,
        Expr::Match(e) => &mut e.attrs,
        Expr::Macro(e) => &mut e.attrs,
        Expr::Block(e) => &mut e.attrs,
        Expr::ForLoop(e) => &mut e.attrs,
        Expr::Await(e) => &mut e.attrs,
        Expr::Path(e) => &mut e.attrs,
        _ => return None,
    })
}

impl VisitMut for Markers<'_> {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        filter(&mut file.items, |item| {
            item_attrs(item).is_none_or(|attrs| self.keep(attrs))
        });
        visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        filter(&mut item.items, |item| match item {
            syn::ImplItem::Fn(f) => self.keep(&mut f.attrs),
            syn::ImplItem::Const(c) => self.keep(&mut c.attrs),
            syn::ImplItem::Type(t) => self.keep(&mut t.attrs),
            _ => true,
        });
        visit_mut::visit_item_impl_mut(self, item);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        filter_punctuated(&mut item.variants, |variant| self.keep(&mut variant.attrs));
        visit_mut::visit_item_enum_mut(self, item);
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        filter_punctuated(&mut fields.named, |field| self.keep(&mut field.attrs));
        visit_mut::visit_fields_named_mut(self, fields);
    }

    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        filter_punctuated(&mut expr.fields, |field| self.keep(&mut field.attrs));
        visit_mut::visit_expr_struct_mut(self, expr);
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        filter(&mut expr.arms, |arm| self.keep(&mut arm.attrs));
        visit_mut::visit_expr_match_mut(self, expr);
    }

    fn visit_expr_array_mut(&mut self, expr: &mut syn::ExprArray) {
        filter_punctuated(&mut expr.elems, |elem| {
            expr_attrs(elem).is_none_or(|attrs| self.keep(attrs))
        });
        visit_mut::visit_expr_array_mut(self, expr);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        filter(&mut block.stmts, |stmt| {
            stmt_attrs(stmt).is_none_or(|attrs| self.keep(attrs))
        });
        visit_mut::visit_block_mut(self, block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_code_is_kept_only_for_the_parts_in_use() {
        let mut file: syn::File = syn::parse_quote! {
            #[only(a)]
            fn a() {}
            #[only(b, c)]
            fn b_or_c() {}
            enum E {
                #[only(a)]
                A,
                #[unless(a)]
                NotA,
            }
            fn f(e: E) -> u8 {
                #[unless(b)]
                let x = 1;
                match e {
                    #[only(a)]
                    E::A => 1,
                    _ => 2,
                }
            }
        };
        apply(&mut file, &BTreeSet::from(["a", "b"]));
        let text = prettyplease::unparse(&file);
        assert!(
            text.contains("fn a()") && text.contains("fn b_or_c()"),
            "{text}"
        );
        assert!(text.contains("    A,") && !text.contains("NotA"), "{text}");
        assert!(
            !text.contains("let x") && text.contains("E::A => 1"),
            "{text}"
        );
        assert!(!text.contains("only") && !text.contains("unless"), "{text}");
    }
}
