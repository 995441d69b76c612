//! Component schemas that only stand for one another in a ring (`A` is `$ref: B`, `B` is
//! `allOf: [$ref: A]`) define no type at all: they are refused, naming the ring.

use std::collections::HashMap;

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::MAX_DEPTH;
use super::enums::direct_enum;
use super::schema::{component_pointer, union_items};
use crate::error::Error;
use crate::load::{Pointer, Resolver};

/// Refuses component schemas that stand for one another in a ring without any of them defining a
/// type (`A` is `$ref: B`, `B` is `allOf: [$ref: A]`): there is nothing to build, and the model
/// would otherwise make them any JSON value in silence. `components` is in the spec's order; the
/// error is at the first schema of the first ring in that order. Recursion through properties,
/// array items or map values defines types and is not refused.
pub(super) fn refuse_alias_cycles(
    resolver: &Resolver<'_>,
    components: &[(&str, &ReferenceOr<Schema>)],
) -> Result<(), Error> {
    let index: HashMap<&str, usize> = components
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (*name, i))
        .collect();
    // Each schema stands for at most one other: the graph is a function, so walking it from each
    // schema in turn finds every ring, and each schema is walked once.
    let next: Vec<Option<usize>> = components
        .iter()
        .map(|(name, schema)| {
            let at = component_pointer(name);
            alias_target(resolver, schema, &at, 0).and_then(|target| index.get(target).copied())
        })
        .collect();
    // 0: not walked yet, 1: on the current walk, 2: walked.
    let mut state = vec![0u8; components.len()];
    for start in 0..components.len() {
        let mut walk = Vec::new();
        let mut current = Some(start);
        while let Some(node) = current {
            match state.get(node).copied() {
                Some(0) => {
                    set_state(&mut state, node, 1);
                    walk.push(node);
                    current = next.get(node).copied().flatten();
                }
                Some(1) => {
                    let from = walk.iter().position(|&member| member == node).unwrap_or(0);
                    let ring = walk.get(from..).unwrap_or_default();
                    return Err(alias_cycle_error(resolver, components, ring));
                }
                _ => break,
            }
        }
        for node in walk {
            set_state(&mut state, node, 2);
        }
    }
    Ok(())
}

fn set_state(state: &mut [u8], node: usize, value: u8) {
    if let Some(slot) = state.get_mut(node) {
        *slot = value;
    }
}

/// The error for a ring of schemas (indexes into `components`, in the order each names the next),
/// at the one the spec lists first.
fn alias_cycle_error(
    resolver: &Resolver<'_>,
    components: &[(&str, &ReferenceOr<Schema>)],
    ring: &[usize],
) -> Error {
    let first = ring
        .iter()
        .enumerate()
        .min_by_key(|&(_, &node)| node)
        .map_or(0, |(position, _)| position);
    let names: Vec<&str> = ring
        .iter()
        .cycle()
        .skip(first)
        .take(ring.len())
        .filter_map(|&node| components.get(node).map(|(name, _)| *name))
        .collect();
    let Some(head) = names.first() else {
        return Error::at_pointer(
            resolver.file(),
            "#/components/schemas",
            "schemas refer to each other without ever defining a type",
        );
    };
    let message = if names.len() == 1 {
        format!("the schema `{head}` refers to itself without ever defining a type")
    } else {
        let chain: Vec<String> = names
            .iter()
            .chain([head])
            .map(|name| format!("`{name}`"))
            .collect();
        format!(
            "the schemas {} refer to each other without ever defining a type",
            chain.join(" -> ")
        )
    };
    Error::at_pointer(resolver.file(), component_pointer(head).as_str(), message)
}

/// The component schema `item` (found at `at`) only stands for, if it defines no type of its own:
/// a `$ref`, or, without a discriminator, a single-element `oneOf` or `anyOf` (as the model makes
/// it an alias even beside properties) or a single-element `allOf` with nothing beside it, of a
/// `$ref` or of another such schema. A `$ref` that points at nothing gives `None`: that error is
/// reported where the model follows it.
fn alias_target<'a>(
    resolver: &Resolver<'a>,
    item: &ReferenceOr<Schema>,
    at: &Pointer,
    depth: usize,
) -> Option<&'a str> {
    let schema = match item {
        ReferenceOr::Reference { reference } => return resolver.schema_name(reference, at).ok(),
        ReferenceOr::Item(schema) => schema,
    };
    if schema.schema_data.discriminator.is_some()
        || direct_enum(schema).is_some()
        || depth >= MAX_DEPTH
    {
        return None;
    }
    let (only, only_at) = match union_items(schema) {
        Some(([only], key)) => (only, at.join(key).join("0")),
        Some(_) => return None,
        None => match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [only] => (only, at.join("allOf").join("0")),
                _ => return None,
            },
            _ => return None,
        },
    };
    alias_target(resolver, only, &only_at, depth + 1)
}
