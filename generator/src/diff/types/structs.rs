//! Structs side by side: fields removed, added, retyped, made required or optional, setters
//! that appear or go, `new`'s arguments reordered, additional properties.

use std::collections::BTreeMap;

use super::{Context, item};
use crate::diff::change::{Change, Kind};
use crate::diff::probe;
use crate::diff::side::{Argument, ty_text};
use crate::load::Pointer;
use crate::model::{Field, Struct, Ty, TypeDef, Usage};

impl Context<'_, '_> {
    pub(super) fn structs(&self, old: &Struct, new: &Struct, out: &mut Vec<Change>) {
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
