//! How each type of the API is declared in `models.rs`: which fields are `Option`s, which ones
//! `new` takes, which get a `with_*` setter, which are never serialized, and whether a union
//! keeps a catch-all variant. The model says what a schema is; this says what Rust a caller sees.

use crate::model::{Field, TypeDef, TypeKind, Union, Usage};

/// How a field is declared, given the direction its struct travels in.
#[derive(Clone, Copy)]
pub(crate) struct FieldPlan<'f> {
    pub(crate) field: &'f Field,
    /// Declared as `Option<T>`.
    pub(crate) optional: bool,
    /// Taken by `new`.
    pub(crate) in_constructor: bool,
    /// Has a `with_*` setter: types the API only returns are read, or built from JSON in tests,
    /// so only types sent in requests get setters.
    pub(crate) settable: bool,
    /// Never serialized: a read-only field of a type that is sent in requests.
    pub(crate) skip_serializing: bool,
}

impl FieldPlan<'_> {
    /// Whether the struct has a `with_*` setter for the field: it is settable and not taken by
    /// `new` (the one answer both the emitter and the change report read).
    pub(crate) fn has_setter(&self) -> bool {
        self.settable && !self.in_constructor
    }
}

pub(crate) fn plan(field: &Field, usage: Usage) -> FieldPlan<'_> {
    let read_only_in_request = usage.request && field.read_only;
    let write_only_in_response = usage.response && field.write_only;
    let optional =
        !field.required || field.nullable || read_only_in_request || write_only_in_response;
    FieldPlan {
        field,
        optional,
        in_constructor: field.required && !read_only_in_request && !write_only_in_response,
        settable: !read_only_in_request && (usage.request || !usage.response),
        skip_serializing: read_only_in_request,
    }
}

/// How `Serialize` writes a field: `None` when it never does.
pub(crate) fn written_as(p: &FieldPlan<'_>) -> Option<&'static str> {
    if p.skip_serializing {
        None
    } else if p.optional && !(p.field.required && p.field.nullable) {
        Some("optional")
    } else {
        Some("field")
    }
}

/// Whether a union's variants are told apart by a discriminator property (every variant has a
/// tag); otherwise a value is the first variant it reads as.
pub(crate) fn is_discriminated(union: &Union) -> bool {
    union.discriminator.is_some()
        && union
            .variants
            .iter()
            .all(|variant| !variant.tags.is_empty())
}

/// The types that read and write JSON through `src/json.rs`: every one but an alias.
pub(crate) fn json_types(types: &[TypeDef]) -> impl Iterator<Item = &TypeDef> {
    types
        .iter()
        .filter(|def| !matches!(def.kind, TypeKind::Alias(_)))
}

/// How one type of the API is declared in `models.rs`.
#[derive(Clone)]
pub(crate) struct Decl<'a> {
    pub def: &'a TypeDef,
    /// For a struct, how each field is declared, in declaration order; empty otherwise.
    pub fields: Vec<FieldPlan<'a>>,
    /// The variant keeping values this client does not know: every string enum has one, a union
    /// only when a discriminator tells its variants apart.
    pub catch_all: Option<&'a crate::naming::Ident>,
}

impl<'a> Decl<'a> {
    pub(crate) fn new(def: &'a TypeDef) -> Self {
        let (fields, catch_all) = match &def.kind {
            TypeKind::Struct(st) => (
                st.fields
                    .iter()
                    .map(|field| plan(field, def.usage))
                    .collect(),
                None,
            ),
            TypeKind::Enum(en) => (Vec::new(), Some(&en.other)),
            TypeKind::Union(union) => (Vec::new(), is_discriminated(union).then_some(&union.other)),
            TypeKind::Alias(_) => (Vec::new(), None),
        };
        Decl {
            def,
            fields,
            catch_all,
        }
    }

    /// Whether `new` takes no argument (every field starts unset): the struct derives `Default`.
    pub(crate) fn all_optional(&self) -> bool {
        self.fields.iter().all(|p| !p.in_constructor)
    }

    /// Whether a field holds a secret: the struct's `Debug` is written by hand, without it.
    pub(crate) fn has_secret(&self) -> bool {
        self.fields.iter().any(|p| p.field.secret)
    }

    /// The fields `new` takes, in order.
    pub(crate) fn constructor(&self) -> impl Iterator<Item = &FieldPlan<'a>> {
        self.fields.iter().filter(|p| p.in_constructor)
    }

    /// The fields with a `with_*` setter, in order.
    pub(crate) fn setters(&self) -> impl Iterator<Item = &FieldPlan<'a>> {
        self.fields.iter().filter(|p| p.has_setter())
    }

    /// A name for a local variable of the type's JSON code that no field takes (the fields' values
    /// are read into locals named as the fields): `wanted`, or `wanted` with `_` added until it
    /// is free.
    pub(crate) fn free_local(&self, wanted: &str) -> String {
        let mut name = wanted.to_owned();
        while self.field(&name).is_some() {
            name.push('_');
        }
        name
    }

    /// The plan of the field named `name` (its Rust name).
    pub(crate) fn field(&self, name: &str) -> Option<&FieldPlan<'a>> {
        self.fields.iter().find(|p| p.field.name.as_str() == name)
    }
}
