//! Facts about types that depend on the whole API: which direction each type travels in, which
//! operations (tags) reach it, which fields and variants must be boxed, and which aliases cannot
//! be written at all.
//!
//! Every pass here is linear in the size of the type graph (plus a walk per tag and direction).

use std::collections::{BTreeMap, HashMap};

use super::{Operation, ResponseBody, Ty, TypeDef, TypeKind};
use crate::naming::Ident;

/// Union variants estimated larger than this many bytes are boxed. `clippy::large_enum_variant`
/// fires when the largest variant exceeds the next one by more than 200 bytes; the estimate is an
/// upper bound, so no two unboxed variants can differ by that much.
const LARGE_VARIANT: usize = 200;

/// The type graph: each definition's index, and the definitions each one names.
struct Graph {
    index: HashMap<Ident, usize>,
    /// Every named type a definition mentions, however deeply (inside `Vec`s and maps too).
    edges: Vec<Vec<usize>>,
}

impl Graph {
    fn new(defs: &[TypeDef]) -> Self {
        let index: HashMap<Ident, usize> = defs
            .iter()
            .enumerate()
            .map(|(i, def)| (def.name.clone(), i))
            .collect();
        let edges = defs
            .iter()
            .map(|def| {
                let mut names = Vec::new();
                each_ty(&def.kind, &mut |ty| named_in(ty, &mut names));
                names
                    .iter()
                    .filter_map(|name| index.get(*name).copied())
                    .collect()
            })
            .collect();
        Graph { index, edges }
    }

    /// Every definition reachable from the named types in `roots`.
    fn reach<'t>(
        &self,
        roots: impl IntoIterator<Item = &'t Ty>,
        seen: &mut Vec<bool>,
    ) -> Vec<usize> {
        seen.clear();
        seen.resize(self.edges.len(), false);
        let mut names = Vec::new();
        for ty in roots {
            named_in(ty, &mut names);
        }
        let mut stack: Vec<usize> = names
            .iter()
            .filter_map(|name| self.index.get(*name).copied())
            .collect();
        let mut reached = Vec::new();
        while let Some(next) = stack.pop() {
            if let Some(flag) = seen.get_mut(next)
                && !*flag
            {
                *flag = true;
                reached.push(next);
                stack.extend(self.edges.get(next).into_iter().flatten().copied());
            }
        }
        reached
    }
}

/// Records on each type whether requests or responses carry it, the tags that reach it, and
/// whether the error type reaches it.
pub(crate) fn mark(defs: &mut [TypeDef], operations: &[Operation], error_type: Option<&Ident>) {
    let graph = Graph::new(defs);
    // One walk per tag and direction, not one per operation.
    let mut roots: BTreeMap<(&str, bool), Vec<&Ty>> = BTreeMap::new();
    for operation in operations {
        let tag = operation.tag.as_str();
        let requests = roots.entry((tag, true)).or_default();
        requests.extend(operation.params.iter().map(|param| &param.ty));
        for version in &operation.versions {
            requests.extend(version.request.as_ref().map(|body| &body.ty));
        }
        let responses = roots.entry((tag, false)).or_default();
        for version in &operation.versions {
            if let Some(ResponseBody::Json(ty)) =
                version.response.as_ref().map(|response| &response.body)
            {
                responses.push(ty);
            }
        }
    }
    let mut seen = Vec::new();
    for ((tag, request), tys) in roots {
        for i in graph.reach(tys, &mut seen) {
            if let Some(def) = defs.get_mut(i) {
                if request {
                    def.usage.request = true;
                } else {
                    def.usage.response = true;
                }
                if !def.tags.contains(tag) {
                    def.tags.insert(tag.to_owned());
                }
            }
        }
    }
    if let Some(error_type) = error_type {
        let error = Ty::Named(error_type.clone());
        for i in graph.reach([&error], &mut seen) {
            if let Some(def) = defs.get_mut(i) {
                def.usage.response = true;
                def.error = true;
            }
        }
    }
}

/// Makes every type finite and writable:
///
/// - an alias that refers back to itself through other aliases only (`type A = Vec<A>`) cannot be
///   written in Rust, so it becomes `serde_json::Value`;
/// - a struct field or union variant through which a type contains itself without an indirection
///   (a `Vec` or a map already is one) is boxed;
/// - a union variant much larger than its siblings is boxed.
pub(crate) fn box_cycles(defs: &mut [TypeDef]) {
    break_alias_cycles(defs);
    let index: HashMap<Ident, usize> = defs
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.clone(), i))
        .collect();
    // Edges that hold a value inline: struct fields, union variants and aliases of a named type.
    let inline: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| {
            let mut targets = Vec::new();
            each_ty(&def.kind, &mut |ty| {
                if let Ty::Named(name) = ty
                    && let Some(&target) = index.get(name)
                {
                    targets.push(target);
                }
            });
            targets
        })
        .collect();
    let component = strongly_connected(&inline);
    let in_cycle = |owner: usize, ty: &Ty| match ty {
        Ty::Named(name) => index
            .get(name)
            .is_some_and(|&target| component.get(target) == component.get(owner)),
        _ => false,
    };
    let mut cyclic_fields = Vec::new();
    let mut cyclic_variants = Vec::new();
    for (owner, def) in defs.iter().enumerate() {
        match &def.kind {
            TypeKind::Struct(st) => cyclic_fields.extend(
                st.fields
                    .iter()
                    .enumerate()
                    .filter(|(_, field)| in_cycle(owner, &field.ty))
                    .map(|(i, _)| (owner, i)),
            ),
            TypeKind::Union(union) => cyclic_variants.extend(
                union
                    .variants
                    .iter()
                    .enumerate()
                    .filter(|(_, variant)| in_cycle(owner, &variant.ty))
                    .map(|(i, _)| (owner, i)),
            ),
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
    for (owner, position) in cyclic_fields {
        if let Some(TypeKind::Struct(st)) = defs.get_mut(owner).map(|def| &mut def.kind)
            && let Some(field) = st.fields.get_mut(position)
        {
            field.boxed = true;
        }
    }
    for (owner, position) in cyclic_variants {
        if let Some(TypeKind::Union(union)) = defs.get_mut(owner).map(|def| &mut def.kind)
            && let Some(variant) = union.variants.get_mut(position)
        {
            variant.boxed = true;
        }
    }
    box_large_variants(defs, &index);
}

/// Replaces aliases that expand into themselves with `serde_json::Value`.
fn break_alias_cycles(defs: &mut [TypeDef]) {
    let index: HashMap<Ident, usize> = defs
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.clone(), i))
        .collect();
    let is_alias: Vec<bool> = defs
        .iter()
        .map(|def| matches!(def.kind, TypeKind::Alias(_)))
        .collect();
    let edges: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(ty) => {
                let mut names = Vec::new();
                named_in(ty, &mut names);
                names
                    .iter()
                    .filter_map(|name| index.get(*name).copied())
                    .filter(|&target| is_alias.get(target).copied().unwrap_or(false))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut size = vec![0usize; defs.len()];
    for &c in &component {
        if let Some(count) = size.get_mut(c) {
            *count += 1;
        }
    }
    for (i, def) in defs.iter_mut().enumerate() {
        let own = component.get(i).copied().unwrap_or(usize::MAX);
        let self_loop = edges.get(i).is_some_and(|targets| targets.contains(&i));
        if is_alias.get(i).copied().unwrap_or(false)
            && (self_loop || size.get(own).is_some_and(|&n| n > 1))
        {
            def.kind = TypeKind::Alias(Ty::Json(
                "the schema refers to itself only through arrays, maps or other aliases, which a Rust type alias cannot"
                    .to_owned(),
            ));
        }
    }
}

/// Boxes union variants whose estimated size exceeds [`LARGE_VARIANT`].
fn box_large_variants(defs: &mut [TypeDef], index: &HashMap<Ident, usize>) {
    let mut sizes = Sizes {
        defs,
        index,
        memo: vec![None; defs.len()],
        in_progress: vec![false; defs.len()],
    };
    let mut large = Vec::new();
    for owner in 0..defs.len() {
        if let Some(TypeKind::Union(union)) = defs.get(owner).map(|def| &def.kind) {
            for (position, variant) in union.variants.iter().enumerate() {
                if !variant.boxed && sizes.of_ty(&variant.ty) > LARGE_VARIANT {
                    large.push((owner, position));
                }
            }
        }
    }
    for (owner, position) in large {
        if let Some(TypeKind::Union(union)) = defs.get_mut(owner).map(|def| &mut def.kind)
            && let Some(variant) = union.variants.get_mut(position)
        {
            variant.boxed = true;
        }
    }
}

/// Upper bounds of the sizes of generated types on a 64-bit target, in bytes.
struct Sizes<'d> {
    defs: &'d [TypeDef],
    index: &'d HashMap<Ident, usize>,
    memo: Vec<Option<usize>>,
    in_progress: Vec<bool>,
}

impl Sizes<'_> {
    fn of_ty(&mut self, ty: &Ty) -> usize {
        match ty {
            // Scalars count as a full word: fields are padded to their struct's alignment.
            Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 => 8,
            Ty::String | Ty::Array(_) | Ty::Map(_) | Ty::JsonObject => 24,
            Ty::Json(_) | Ty::Binary => 32,
            // The niche of a non-null inner value, or a tag word beside it.
            Ty::Nullable(inner) => self.of_ty(inner).saturating_add(8),
            Ty::Named(name) => match self.index.get(name) {
                Some(&i) => self.of_def(i),
                None => 32,
            },
        }
    }

    fn of_def(&mut self, i: usize) -> usize {
        if let Some(Some(size)) = self.memo.get(i) {
            return *size;
        }
        // A type met again while its size is being computed is behind a box.
        if self.in_progress.get(i).copied().unwrap_or(true) {
            return 8;
        }
        if let Some(flag) = self.in_progress.get_mut(i) {
            *flag = true;
        }
        let defs = self.defs;
        let size = match defs.get(i).map(|def| &def.kind) {
            Some(TypeKind::Struct(st)) => {
                // Every field may be an `Option`, which can add a word.
                let fields: usize = st
                    .fields
                    .iter()
                    .map(|field| {
                        if field.boxed {
                            8
                        } else {
                            self.of_ty(&field.ty) + 8
                        }
                    })
                    .sum();
                fields + if st.additional.is_some() { 24 } else { 0 }
            }
            Some(TypeKind::Enum(_)) => 24,
            Some(TypeKind::Union(union)) => {
                let largest = union
                    .variants
                    .iter()
                    .map(|variant| {
                        if variant.boxed {
                            8
                        } else {
                            self.of_ty(&variant.ty)
                        }
                    })
                    .max()
                    .unwrap_or(0);
                largest.max(32) + 8
            }
            Some(TypeKind::Alias(ty)) => self.of_ty(ty),
            None => 32,
        };
        if let Some(slot) = self.memo.get_mut(i) {
            *slot = Some(size);
        }
        if let Some(flag) = self.in_progress.get_mut(i) {
            *flag = false;
        }
        size
    }
}

/// The strongly connected component of each node (Tarjan's algorithm, iterative so that a deep
/// graph cannot overflow the stack). Nodes in one cycle share a component number.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNVISITED; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    // (node, index of the next edge to follow)
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if order.get(root) != Some(&UNVISITED) {
            continue;
        }
        work.push((root, 0));
        while let Some(&(node, edge)) = work.last() {
            if edge == 0 && order.get(node) == Some(&UNVISITED) {
                set(&mut order, node, next_order);
                set(&mut low, node, next_order);
                next_order += 1;
                stack.push(node);
                set(&mut on_stack, node, true);
            }
            if let Some(&target) = edges.get(node).and_then(|targets| targets.get(edge)) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if order.get(target) == Some(&UNVISITED) {
                    work.push((target, 0));
                } else if on_stack.get(target).copied().unwrap_or(false) {
                    let lowest = get(&low, node).min(get(&order, target));
                    set(&mut low, node, lowest);
                }
                continue;
            }
            work.pop();
            if get(&low, node) == get(&order, node) {
                while let Some(member) = stack.pop() {
                    set(&mut on_stack, member, false);
                    set(&mut component, member, next_component);
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                let lowest = get(&low, parent).min(get(&low, node));
                set(&mut low, parent, lowest);
            }
        }
    }
    component
}

fn get(values: &[usize], i: usize) -> usize {
    values.get(i).copied().unwrap_or(usize::MAX)
}

fn set<T>(values: &mut [T], i: usize, value: T) {
    if let Some(slot) = values.get_mut(i) {
        *slot = value;
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
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => named_in(inner, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_group_exactly_the_cycles() {
        // 0 -> 1 -> 2 -> 0, 2 -> 3, 3 -> 3, 4 alone.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![]];
        let component = strongly_connected(&edges);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[2], component[3]);
        assert_ne!(component[3], component[4]);
        assert_ne!(component[0], component[4]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        let component = strongly_connected(&edges);
        assert!(component.iter().all(|&c| c == component[0]));
    }
}
