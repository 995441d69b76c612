//! Probes: for each change of a report, Rust code that uses the item it touches the way a caller
//! of the client generated from the **old** spec would (call a method, set a parameter, build a
//! struct, read a field, match an enum). A probe compiles against the old client by construction;
//! whether it still compiles against the new client is what the change's `breaking` flag claims,
//! and `cargo xtask probe` checks it with the compiler.
//!
//! Probe code names the client crate `api` and calls `any::<T>()` for a value of type `T` (the
//! probe crate defines it; probes are compiled, never run). It is the body of
//! `async fn probe(client: &api::Client)`.
//!
//! Every signature and type text comes from the surface the generated code is written from
//! (`surface::Method` for a method's arguments and response, `surface::Decl` for a struct's
//! fields, `new` and catch-all variant, `surface::type_text::ty_text`), so a probe names exactly
//! what the old client declares.

use crate::model::{
    Field, Operation, OperationVersion, Param, StringEnum, Ty, TypeDef, TypeKind, Union,
};
use crate::surface::operations::{ArgTy, Method, Response};
use crate::surface::type_text::ty_text;
use crate::surface::types::Decl;

/// The Rust type of `ty` as the probe crate names it.
pub(super) fn ty(ty: &Ty) -> String {
    ty_text(ty, "api::models::")
        .to_string()
        .replace("crate::", "api::")
}

/// The type a caller passes for an argument the client takes as `impl Into<..>` or as `ty`.
fn arg(ty: &Ty) -> String {
    format!("any::<{}>()", self::ty(ty))
}

/// A value for a method argument taken as `arg_ty`.
fn arg_value(arg_ty: ArgTy<'_>) -> String {
    match arg_ty {
        ArgTy::IntoString => "any::<String>()".to_owned(),
        ArgTy::IntoByteStream => "any::<api::ByteStream>()".to_owned(),
        ArgTy::Exact(ty) => arg(ty),
    }
}

/// `client.method(args)`: a call of one API version's method with values of the types of its
/// required parameters and body in the old spec. `method` is the method's name in the new client
/// when the operation is still there (a renamed operation's other changes are probed on their
/// own, not through the rename).
pub(super) fn call(operation: &Operation, version: &OperationVersion, method: &str) -> String {
    let args: Vec<String> = Method::new(operation, version)
        .args
        .iter()
        .map(|arg| arg_value(arg.ty))
        .collect();
    format!("client.{method}({})", args.join(", "))
}

/// The call, with the optional parameter `param` set through its setter.
pub(super) fn call_setting(
    operation: &Operation,
    version: &OperationVersion,
    method: &str,
    param: &Param,
) -> String {
    let call = call(operation, version, method);
    if param.required {
        call
    } else {
        format!("{call}.{}({})", param.name, arg(&param.ty))
    }
}

/// A statement making the call and keeping the request builder.
pub(super) fn calls(operation: &Operation, version: &OperationVersion, method: &str) -> String {
    format!("let _ = {};", call(operation, version, method))
}

/// The call, with an optional request body set and the response read as the type it had.
pub(super) fn call_and_read(
    operation: &Operation,
    version: &OperationVersion,
    method: &str,
) -> String {
    let mut call = call(operation, version, method);
    if let Some(body) = version
        .request
        .as_ref()
        .filter(|_| Method::new(operation, version).body_setter)
    {
        call = format!("{call}.body({})", arg_value(ArgTy::body(&body.ty)));
    }
    format!(
        "let _: Result<{}, api::Error> = {call}.await;",
        response(operation, version)
    )
}

/// What the method of `version` returns, as the probe crate names it.
fn response(operation: &Operation, version: &OperationVersion) -> String {
    match Method::new(operation, version).response {
        Response::Json(json) => ty(json),
        Response::OptionalJson(json, _) => format!("Option<{}>", ty(json)),
        Response::ByStatus(by_status) => format!("api::operations::{}", by_status.name),
        Response::Download => "api::Download".to_owned(),
        Response::Empty => "()".to_owned(),
    }
}

/// `api::models::Name`.
fn model(def: &TypeDef) -> String {
    format!("api::models::{}", def.name)
}

/// The type is there.
pub(super) fn names_type(def: &TypeDef) -> String {
    format!("let _: Option<{}> = None;", model(def))
}

/// The type is used as what it was: a struct destructured, an enum's or union's first variant
/// named, an alias given a value of its target.
pub(super) fn uses_type(def: &TypeDef) -> String {
    let name = model(def);
    match &def.kind {
        TypeKind::Struct(_) => format!("let {name} {{ .. }} = any::<{name}>();"),
        TypeKind::Enum(en) => match en.variants.first() {
            Some(variant) => format!("let _ = {name}::{};", variant.name),
            None => format!("let _ = {name}::{};", en.other),
        },
        TypeKind::Union(union) => match union.variants.first() {
            Some(variant) => format!("let _ = {name}::{}({});", variant.name, arg(&variant.ty)),
            None => names_type(def),
        },
        TypeKind::Alias(target) => format!("let _: {name} = {};", arg(target)),
    }
}

/// The field read as the type it is declared with.
pub(super) fn reads_field(def: &TypeDef, field: &Field) -> String {
    format!(
        "let value = any::<{}>();\n    let _: &{} = &value.{};",
        model(def),
        declared(def, field),
        field.name
    )
}

/// The extra properties of a struct read as the map they are.
pub(super) fn reads_additional(def: &TypeDef, ty: &Ty) -> String {
    format!(
        "let value = any::<{}>();\n    let _: &std::collections::BTreeMap<String, {}> = &value.additional_properties;",
        model(def),
        self::ty(ty)
    )
}

/// How the struct declares a field (`Option<Box<T>>`).
fn declared(def: &TypeDef, field: &Field) -> String {
    let inner = ty(&field.ty);
    let inner = if field.boxed {
        format!("Box<{inner}>")
    } else {
        inner
    };
    let optional = Decl::new(def)
        .field(field.name.as_str())
        .is_some_and(|p| p.optional);
    if optional {
        format!("Option<{inner}>")
    } else {
        inner
    }
}

/// `Name::new(..)` with values of the types its arguments have.
pub(super) fn constructs(def: &TypeDef) -> String {
    let args: Vec<String> = Decl::new(def)
        .constructor()
        .map(|plan| {
            let field = plan.field;
            if plan.optional {
                format!("any::<Option<{}>>()", ty(&field.ty))
            } else {
                arg(&field.ty)
            }
        })
        .collect();
    format!("let _ = {}::new({});", model(def), args.join(", "))
}

/// The field's `with_*` setter called with a value of its type.
pub(super) fn sets_field(def: &TypeDef, field: &Field) -> String {
    format!(
        "let _ = any::<{}>().with_{}({});",
        model(def),
        field.name.unraw(),
        arg(&field.ty)
    )
}

/// An enum variant named.
pub(super) fn names_variant(def: &TypeDef, variant: &str) -> String {
    format!("let _ = {}::{variant};", model(def))
}

/// A `match` over a string enum with an arm for one variant and a wildcard (string enums are
/// `#[non_exhaustive]`).
pub(super) fn matches_enum(def: &TypeDef, en: &StringEnum) -> String {
    let name = model(def);
    let first = en
        .variants
        .first()
        .map_or(&en.other, |variant| &variant.name);
    format!("match any::<{name}>() {{\n        {name}::{first} => {{}}\n        _ => {{}}\n    }}")
}

/// A union variant built from a value of the type it holds.
pub(super) fn builds_variant(def: &TypeDef, variant: &str, held: &str) -> String {
    format!("let _ = {}::{variant}(any::<{held}>());", model(def))
}

/// An exhaustive `match` over every variant the union has (its catch-all included).
pub(super) fn matches_union(def: &TypeDef, union: &Union) -> String {
    let name = model(def);
    let mut arms: Vec<String> = union
        .variants
        .iter()
        .map(|variant| format!("        {name}::{}(_) => {{}}", variant.name))
        .collect();
    if Decl::new(def).catch_all.is_some() {
        arms.push(format!("        {name}::{}(_) => {{}}", union.other));
    }
    format!("match any::<{name}>() {{\n{}\n    }}", arms.join("\n"))
}

/// A module of `operations` used.
pub(super) fn uses_module(module: &str) -> String {
    format!("use api::{module} as _;")
}

/// The type `held` by a union variant, as the probe crate names it.
pub(super) fn held(variant_ty: &Ty, boxed: bool) -> String {
    let inner = ty(variant_ty);
    if boxed {
        format!("Box<{inner}>")
    } else {
        inner
    }
}
