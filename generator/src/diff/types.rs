//! The types of `models` side by side, matched by Rust name: structs field by field (by wire
//! name), string enums value by value, unions variant by variant.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Change, Kind};
use super::side::{Argument, Side, Sides, direction, ty_text};
use crate::load::Pointer;
use crate::model::{Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Union, Usage};
use crate::naming;
use crate::surface::types::Decl;

use super::probe;

pub(super) fn compare(sides: &Sides<'_, '_>, out: &mut Vec<Change>) {
    let (old, new) = (sides.old, sides.new);
    let renamed: BTreeMap<&str, &TypeDef> = sides
        .renamed
        .iter()
        .filter_map(|(from, to)| Some((*from, *new.types.get(to)?)))
        .collect();
    let renamed_to: BTreeSet<&str> = renamed.values().map(|def| def.name.as_str()).collect();
    for (name, old_def) in &old.types {
        if let Some(new_def) = renamed.get(name) {
            out.push(type_renamed(sides, old_def, new_def));
            continue;
        }
        match new.types.get(name) {
            None => out.push(
                Change::new(
                    Kind::TypeRemoved,
                    old_def.at.as_str(),
                    item(name),
                    format!(
                        "{} `{}` is gone ({})",
                        shape(&old_def.kind),
                        item(name),
                        old.users_text(name)
                    ),
                )
                .breaking(true)
                .probe(probe::names_type(old_def)),
            ),
            Some(new_def) => {
                let context = Context {
                    sides,
                    new,
                    old_def,
                    new_def,
                };
                context.compare(out);
            }
        }
    }
    for (name, new_def) in &new.types {
        if !old.types.contains_key(name) && !renamed_to.contains(name) {
            out.push(Change::new(
                Kind::TypeAdded,
                new_def.at.as_str(),
                item(name),
                format!(
                    "new {} `{}`, a {} {}",
                    shape(&new_def.kind),
                    item(name),
                    direction(new_def.usage),
                    new.users_text(name)
                ),
            ));
        }
    }
}

// ---- types renamed with their operation ---------------------------------------------------------

/// Types named after an operation that was renamed, paired with the type of the same shape named
/// after its new ID: `CreatePushMigrationStatus` (old only) and `CreateGroupLiveMigrationStatus`
/// (new only). The type names come from the naming stage (`naming::camel` of the operation ID,
/// then the rest of the name); among several renamed operations whose old name is a prefix, the
/// longest wins (`getProjectLimit` before `getProject`).
pub(super) fn renamed_types<'a>(
    old: &Side<'a>,
    new: &Side<'a>,
    renamed_operations: &[(&str, &str)],
) -> BTreeMap<&'a str, &'a str> {
    let mut prefixes: Vec<(String, String)> = renamed_operations
        .iter()
        .map(|(from, to)| {
            let prefix = |id: &str| naming::camel(id, "Operation").unraw().to_owned();
            (prefix(from), prefix(to))
        })
        .collect();
    prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
    let gone = old
        .types
        .iter()
        .filter(|(name, _)| !new.types.contains_key(*name));
    let mut candidates: Vec<(&'a str, &'a TypeDef, &'a TypeDef)> = Vec::new();
    for (&name, &old_def) in gone {
        let found = prefixes.iter().find_map(|(from, to)| {
            let rest = name.strip_prefix(from.as_str())?;
            let new_def = *new.types.get(format!("{to}{rest}").as_str())?;
            (!old.types.contains_key(new_def.name.as_str())).then_some(new_def)
        });
        if let Some(new_def) = found {
            candidates.push((name, old_def, new_def));
        }
    }
    // A type's shape names other types: read the old names as their new ones.
    let mapping: BTreeMap<&str, &str> = candidates
        .iter()
        .map(|(name, _, new_def)| (*name, new_def.name.as_str()))
        .collect();
    let renamed = |name: &str| mapping.get(name).copied().unwrap_or(name).to_owned();
    let unchanged = |name: &str| name.to_owned();
    candidates
        .into_iter()
        .filter(|(_, old_def, new_def)| {
            shape_key(&old_def.kind, &renamed) == shape_key(&new_def.kind, &unchanged)
        })
        .map(|(name, _, new_def)| (name, new_def.name.as_str()))
        .collect()
}

/// A type definition's shape as text, with the type names it holds read through `name`.
fn shape_key(kind: &TypeKind, name: &dyn Fn(&str) -> String) -> String {
    match kind {
        TypeKind::Struct(st) => {
            let mut fields: Vec<String> = st
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}:{}:{}:{}:{}",
                        f.wire_name,
                        ty_key(&f.ty, name),
                        f.required,
                        f.nullable,
                        f.read_only,
                        f.write_only,
                        f.boxed
                    )
                })
                .collect();
            fields.sort();
            let additional = st.additional.as_ref().map(|ty| ty_key(ty, name));
            format!("struct {fields:?} {additional:?}")
        }
        TypeKind::Enum(en) => {
            let values: Vec<&str> = en.variants.iter().map(|v| v.wire_value.as_str()).collect();
            format!("enum {values:?}")
        }
        TypeKind::Union(union) => {
            let variants: Vec<String> = union
                .variants
                .iter()
                .map(|v| format!("{}:{}", v.name, ty_key(&v.ty, name)))
                .collect();
            format!("union {variants:?} {:?}", union.discriminator)
        }
        TypeKind::Alias(ty) => format!("alias {}", ty_key(ty, name)),
    }
}

fn ty_key(ty: &Ty, name: &dyn Fn(&str) -> String) -> String {
    match ty {
        Ty::Named(named) => format!("models::{}", name(named.as_str())),
        Ty::Array(inner) => format!("Vec<{}>", ty_key(inner, name)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty_key(inner, name)),
        other => ty_text(other),
    }
}

fn type_renamed(sides: &Sides<'_, '_>, old_def: &TypeDef, new_def: &TypeDef) -> Change {
    let (from, to) = (old_def.name.as_str(), new_def.name.as_str());
    Change::new(
        Kind::TypeRenamed,
        new_def.at.as_str(),
        item(to),
        format!(
            "{} `{}` is now `{}` (same shape), as the operation it is named after was renamed; {}",
            shape(&new_def.kind),
            item(from),
            item(to),
            sides.new.users_text(to)
        ),
    )
    .breaking(true)
    .probe(probe::names_type(old_def))
}

fn item(name: &str) -> String {
    format!("models::{name}")
}

fn shape(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "string enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "type alias",
    }
}

/// One type present on both sides.
struct Context<'s, 'a> {
    sides: &'s Sides<'s, 'a>,
    new: &'s Side<'a>,
    old_def: &'a TypeDef,
    new_def: &'a TypeDef,
}

impl Context<'_, '_> {
    fn name(&self) -> &str {
        self.new_def.name.as_str()
    }

    /// "in a request type used by `createGroupLiveMigration`".
    fn place(&self) -> String {
        format!(
            "in a {} {}",
            direction(self.new_def.usage),
            self.new.users_text(self.name())
        )
    }

    fn compare(&self, out: &mut Vec<Change>) {
        match (&self.old_def.kind, &self.new_def.kind) {
            (TypeKind::Struct(old), TypeKind::Struct(new)) => self.structs(old, new, out),
            (TypeKind::Enum(old), TypeKind::Enum(new)) => self.enums(old, new, out),
            (TypeKind::Union(old), TypeKind::Union(new)) => self.unions(old, new, out),
            (TypeKind::Alias(old), TypeKind::Alias(new)) => {
                if !self.sides.same(old, new) {
                    out.push(self.retyped(format!(
                        "`{}` is now an alias of `{}` (was `{}`)",
                        item(self.name()),
                        ty_text(new),
                        ty_text(old)
                    )));
                }
            }
            (old, new) => out.push(self.retyped(format!(
                "`{}` is now a {} (was a {})",
                item(self.name()),
                shape(new),
                shape(old)
            ))),
        }
    }

    fn retyped(&self, message: String) -> Change {
        let message = format!("{message}, {}", self.place());
        Change::new(
            Kind::TypeRetyped,
            self.new_def.at.as_str(),
            item(self.name()),
            message,
        )
        .breaking(true)
        .probe(probe::uses_type(self.old_def))
    }

    // ---- structs ------------------------------------------------------------------------------------

    fn structs(&self, old: &Struct, new: &Struct, out: &mut Vec<Change>) {
        let old_fields: BTreeMap<&str, &Field> = old
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f))
            .collect();
        let new_fields: BTreeMap<&str, &Field> = new
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f))
            .collect();
        for (wire, old_field) in &old_fields {
            match new_fields.get(wire) {
                None => out.push(self.field_removed(old_field)),
                Some(new_field) => self.field_changed(old_field, new_field, out),
            }
        }
        for (wire, new_field) in &new_fields {
            if !old_fields.contains_key(wire) {
                out.push(self.field_added(new_field));
            }
        }
        self.additional(old, new.additional.as_ref(), out);
        self.constructor_order(old, new, out);
    }

    /// `new` takes the same arguments in another order (the spec lists the fields in another
    /// order, as an `allOf` rewritten upstream does).
    fn constructor_order(&self, old: &Struct, new: &Struct, out: &mut Vec<Change>) {
        fn arguments<'s>(def: &TypeDef, st: &'s Struct) -> Vec<Argument<'s>> {
            st.fields
                .iter()
                .map(|field| (field, declaration(field, def.usage)))
                .filter(|(_, declared)| declared.in_constructor)
                .map(|(field, declared)| Argument {
                    key: field.wire_name.clone(),
                    label: &field.wire_name,
                    ty: &field.ty,
                    optional: declared.optional,
                })
                .collect()
        }
        let (before, after) = (arguments(self.old_def, old), arguments(self.new_def, new));
        let Some(order) = self.sides.reordering(&before, &after) else {
            return;
        };
        let warning = if order.compiles {
            ": calls still compile, with each value passed to another field; check every call"
        } else {
            ""
        };
        out.push(
            Change::new(
                Kind::ArgumentsReordered,
                self.new_def.at.as_str(),
                format!("models::{}::new", self.name()),
                format!(
                    "`models::{}::new` takes its arguments in another order: {} (was {}){warning}, {}",
                    self.name(),
                    order.new,
                    order.old,
                    self.place()
                ),
            )
            .breaking(!order.compiles)
            .probe(probe::constructs(self.old_def)),
        );
    }

    fn field_item(&self, field: &Field) -> String {
        format!("models::{}::{}", self.name(), field.name)
    }

    fn field_removed(&self, field: &Field) -> Change {
        Change::new(
            Kind::FieldRemoved,
            field.at.as_str(),
            self.field_item(field),
            format!(
                "field `{}` (`{}`) is gone, {}",
                field.wire_name,
                ty_text(&field.ty),
                self.place()
            ),
        )
        .breaking(true)
        .probe(probe::reads_field(self.old_def, field))
    }

    /// A new field breaks the calls of `new` when it is one of its arguments, even in a type only
    /// read from responses (code that builds responses, as tests do, calls it).
    fn field_added(&self, field: &Field) -> Change {
        let declared = declaration(field, self.new_def.usage);
        let sent = self.new_def.usage.request;
        let (what, effect, breaking) = match (declared.in_constructor, sent) {
            (true, true) => (
                "required",
                format!(": `models::{}::new` takes a new argument", self.name()),
                true,
            ),
            (true, false) => (
                "required",
                format!(
                    ": `models::{}::new` takes a new argument (only code that builds responses calls it)",
                    self.name()
                ),
                true,
            ),
            (false, _) => ("optional", String::new(), false),
        };
        Change::new(
            Kind::FieldAdded,
            field.at.as_str(),
            self.field_item(field),
            format!(
                "new {what} field `{}` (`{}`){effect}, {}",
                field.wire_name,
                declared.text(field),
                self.place()
            ),
        )
        .breaking(breaking)
        .probe(probe::constructs(self.old_def))
    }

    fn field_changed(&self, old: &Field, new: &Field, out: &mut Vec<Change>) {
        let (old_decl, new_decl) = (
            declaration(old, self.old_def.usage),
            declaration(new, self.new_def.usage),
        );
        let at = new.at.as_str();
        if !self.sides.same(&old.ty, &new.ty) || old.boxed != new.boxed {
            out.push(
                Change::new(
                    Kind::FieldRetyped,
                    at,
                    self.field_item(new),
                    format!(
                        "field `{}` is now `{}` (was `{}`), {}",
                        new.wire_name,
                        new_decl.text(new),
                        old_decl.text(old),
                        self.place()
                    ),
                )
                .breaking(true)
                .probe(probe::reads_field(self.old_def, old)),
            );
        } else if old.required == new.required
            && (old_decl.optional != new_decl.optional
                || old_decl.in_constructor != new_decl.in_constructor)
        {
            out.push(
                Change::new(
                    Kind::FieldRetyped,
                    at,
                    self.field_item(new),
                    format!(
                        "field `{}` is now declared `{}` (was `{}`){}: its nullable, readOnly or writeOnly flag changed, {}",
                        new.wire_name,
                        new_decl.text(new),
                        old_decl.text(old),
                        match (old_decl.in_constructor, new_decl.in_constructor) {
                            (false, true) => format!(" and `models::{}::new` takes it", self.name()),
                            (true, false) => format!(" and `models::{}::new` no longer takes it", self.name()),
                            _ => String::new(),
                        },
                        self.place()
                    ),
                )
                .breaking(true)
                .probe(format!(
                    "{}\n    {}",
                    probe::reads_field(self.old_def, old),
                    probe::constructs(self.old_def)
                )),
            );
        }
        if old.required != new.required {
            out.push(
                self.requiredness(old, new, old_decl, new_decl)
                    .probe(format!(
                        "{}\n    {}",
                        probe::reads_field(self.old_def, old),
                        probe::constructs(self.old_def)
                    )),
            );
        }
        if old_decl.settable != new_decl.settable {
            let change = self.setter(new, old_decl, new_decl);
            out.push(if new_decl.settable {
                change
            } else {
                change.probe(probe::sets_field(self.old_def, old))
            });
        }
    }

    /// The field's `with_*` setter appears or disappears: the field became (or stopped being)
    /// `readOnly` in a type sent in requests, the type started (or stopped) being sent, or `new`
    /// started (or stopped) taking the field.
    fn setter(&self, field: &Field, old_decl: Declaration, new_decl: Declaration) -> Change {
        let settable = new_decl.settable;
        let setter = format!("models::{}::with_{}", self.name(), field.name.unraw());
        let why = if new_decl.in_constructor {
            "the field is now an argument of `new`"
        } else if old_decl.in_constructor {
            "the field is no longer an argument of `new`"
        } else if field.read_only && self.new_def.usage.request {
            "the field is readOnly in a type sent in requests"
        } else if self.new_def.usage.request {
            "the type is sent in requests"
        } else {
            "the type is no longer sent in requests, only read from responses"
        };
        let (kind, message) = if settable {
            (
                Kind::SetterAdded,
                format!("new setter `{setter}`: {why}, {}", self.place()),
            )
        } else {
            (
                Kind::SetterRemoved,
                format!("setter `{setter}` is gone: {why}, {}", self.place()),
            )
        };
        Change::new(kind, field.at.as_str(), setter, message).breaking(!settable)
    }

    fn requiredness(
        &self,
        old: &Field,
        new: &Field,
        old_decl: Declaration,
        new_decl: Declaration,
    ) -> Change {
        // A change of `new`'s arguments breaks its calls, in a type only read from responses too
        // (code that builds responses, as tests do, calls it).
        let constructor = old_decl.in_constructor != new_decl.in_constructor;
        let breaking = old_decl.optional != new_decl.optional || constructor;
        let (kind, now) = if new.required {
            (Kind::FieldRequired, "required")
        } else {
            (Kind::FieldOptional, "optional")
        };
        let mut effects = Vec::new();
        if old_decl.optional != new_decl.optional {
            effects.push(format!(
                "its type is now `{}` (was `{}`)",
                new_decl.text(new),
                old_decl.text(old)
            ));
        }
        if constructor {
            let verb = if new_decl.in_constructor {
                "takes it as a new argument"
            } else {
                "no longer takes it"
            };
            effects.push(format!("`models::{}::new` {verb}", self.name()));
        }
        let effects = if effects.is_empty() {
            String::new()
        } else {
            format!(": {}", effects.join("; "))
        };
        Change::new(
            kind,
            new.at.as_str(),
            self.field_item(new),
            format!(
                "field `{}` is now {now}{effects}, {}",
                new.wire_name,
                self.place()
            ),
        )
        .breaking(breaking)
    }

    fn additional(&self, old_struct: &Struct, new: Option<&Ty>, out: &mut Vec<Change>) {
        let old = old_struct.additional.as_ref();
        let rust = format!("models::{}::additional_properties", self.name());
        let at = Pointer::from(self.new_def.at.as_str()).join("additionalProperties");
        let change = |kind: Kind, message: String, breaking: bool| {
            Change::new(kind, at.as_str(), rust.clone(), message).breaking(breaking)
        };
        match (old, new) {
            (None, Some(ty)) => out.push(
                change(
                    Kind::FieldAdded,
                    format!(
                        "`{}` now keeps extra properties as `BTreeMap<String, {}>`, {}",
                        item(self.name()),
                        ty_text(ty),
                        self.place()
                    ),
                    false,
                )
                .probe(probe::constructs(self.old_def)),
            ),
            (Some(old_ty), None) => out.push(
                change(
                    Kind::FieldRemoved,
                    format!(
                        "`{}` no longer keeps extra properties, {}",
                        item(self.name()),
                        self.place()
                    ),
                    true,
                )
                .probe(probe::reads_additional(self.old_def, old_ty)),
            ),
            (Some(old), Some(new)) if !self.sides.same(old, new) => out.push(
                change(
                    Kind::FieldRetyped,
                    format!(
                        "extra properties of `{}` are now `{}` (was `{}`), {}",
                        item(self.name()),
                        ty_text(new),
                        ty_text(old),
                        self.place()
                    ),
                    true,
                )
                .probe(probe::reads_additional(self.old_def, old)),
            ),
            _ => {}
        }
    }

    // ---- enums and unions ----------------------------------------------------------------------------

    fn enums(&self, old: &StringEnum, new: &StringEnum, out: &mut Vec<Change>) {
        let at = Pointer::from(self.new_def.at.as_str()).join("enum");
        let old_values: BTreeMap<&str, &str> = old
            .variants
            .iter()
            .map(|v| (v.wire_value.as_str(), v.name.as_str()))
            .collect();
        let new_values: BTreeMap<&str, &str> = new
            .variants
            .iter()
            .map(|v| (v.wire_value.as_str(), v.name.as_str()))
            .collect();
        for (value, variant) in &old_values {
            if !new_values.contains_key(value) {
                out.push(
                    Change::new(
                        Kind::EnumValueRemoved,
                        Pointer::from(self.old_def.at.as_str()).join("enum").as_str(),
                        format!("models::{}::{variant}", self.name()),
                        format!(
                            "value `{value}` is gone from `{}`, and with it the variant `{variant}`; {}",
                            item(self.name()),
                            self.place()
                        ),
                    )
                    .breaking(true)
                    .probe(probe::names_variant(self.old_def, variant)),
                );
            }
        }
        for (value, variant) in &new_values {
            if !old_values.contains_key(value) {
                out.push(Change::new(
                    Kind::EnumValueAdded,
                    at.as_str(),
                    format!("models::{}::{variant}", self.name()),
                    format!(
                        "new value `{value}` of `{}` (variant `{variant}`; older clients read it as `{}`); {}",
                        item(self.name()),
                        new.other,
                        self.place()
                    ),
                ).probe(probe::matches_enum(self.old_def, old)));
            }
        }
    }

    fn unions(&self, old: &Union, new: &Union, out: &mut Vec<Change>) {
        // A discriminated union also has a catch-all variant for discriminators it does not know,
        // as the surface declares it: one that appears or goes is a variant added or removed.
        let json = Ty::Json(String::new());
        let held = |union: &'_ Union, def: &TypeDef| -> BTreeMap<String, (Ty, bool)> {
            let mut variants: BTreeMap<String, (Ty, bool)> = union
                .variants
                .iter()
                .map(|v| (v.name.to_string(), (v.ty.clone(), v.boxed)))
                .collect();
            if let Some(catch_all) = Decl::new(def).catch_all {
                variants.insert(catch_all.to_string(), (json.clone(), false));
            }
            variants
        };
        let text = |(ty, boxed): &(Ty, bool)| {
            if *boxed {
                format!("Box<{}>", ty_text(ty))
            } else {
                ty_text(ty)
            }
        };
        let (old_variants, new_variants) = (held(old, self.old_def), held(new, self.new_def));
        let names: BTreeSet<&String> = old_variants.keys().chain(new_variants.keys()).collect();
        for name in names {
            let rust = format!("models::{}::{name}", self.name());
            let builds_old = |held: &(Ty, bool)| {
                probe::builds_variant(self.old_def, name, &probe::held(&held.0, held.1))
            };
            let change = match (old_variants.get(name), new_variants.get(name)) {
                (Some(held), None) => Change::new(
                    Kind::UnionVariantRemoved,
                    self.old_def.at.as_str(),
                    rust,
                    format!(
                        "variant `{name}` (`{}`) of `{}` is gone, {}",
                        text(held),
                        item(self.name()),
                        self.place()
                    ),
                )
                .probe(builds_old(held)),
                (None, Some(held)) => Change::new(
                    Kind::UnionVariantAdded,
                    self.new_def.at.as_str(),
                    rust,
                    format!(
                        "new variant `{name}` (`{}`) of `{}`: exhaustive `match`es need an arm for it, {}",
                        text(held),
                        item(self.name()),
                        self.place()
                    ),
                )
                .probe(probe::matches_union(self.old_def, old)),
                (Some(old_held), Some(new_held))
                    if old_held.1 != new_held.1 || !self.sides.same(&old_held.0, &new_held.0) =>
                {
                    Change::new(
                        Kind::UnionVariantRetyped,
                        self.new_def.at.as_str(),
                        rust,
                        format!(
                            "variant `{name}` of `{}` now holds `{}` (was `{}`), {}",
                            item(self.name()),
                            text(new_held),
                            text(old_held),
                            self.place()
                        ),
                    )
                    .probe(builds_old(old_held))
                }
                _ => continue,
            };
            out.push(change.breaking(true));
        }
    }
}

/// How the generated struct declares a field, as the surface plans it.
#[derive(Clone, Copy)]
struct Declaration {
    /// Declared as `Option<T>`.
    optional: bool,
    /// An argument of the struct's `new`.
    in_constructor: bool,
    /// Has a `with_*` setter (settable, and not taken by `new`).
    settable: bool,
}

fn declaration(field: &Field, usage: Usage) -> Declaration {
    let plan = crate::surface::types::plan(field, usage);
    Declaration {
        optional: plan.optional,
        in_constructor: plan.in_constructor,
        settable: plan.has_setter(),
    }
}

impl Declaration {
    /// The field's Rust type as declared (`Option<String>`).
    fn text(self, field: &Field) -> String {
        let inner = ty_text(&field.ty);
        let inner = if field.boxed {
            format!("Box<{inner}>")
        } else {
            inner
        };
        if self.optional {
            format!("Option<{inner}>")
        } else {
            inner
        }
    }
}
