//! Test support written once for the tests of every generated client: an HTTP Digest server
//! ([`digest`]) and a `tracing` subscriber that keeps what the client traces ([`trace`]).
//!
//! A test uses it with `mod support;` (an example with
//! `#[path = "../tests/support/mod.rs"] mod support;`). It lives here, in the hand-written
//! `tests/` of the committed crate, and `cargo xtask corpus` and `cargo xtask whole-api` copy this
//! folder to `tests/support/` of every crate they generate, so the construct corpus's wire tests
//! (`generator/tests/corpus/*.rs`) and the whole-API tests and benchmark programs
//! (`generator/tests/whole_api/`) include the same files at the same relative path.
//!
//! Why a module and not a crate: a crate would be a dev-dependency in each generated crate's
//! `Cargo.toml`, which the generator owns (`cargo xtask codegen --check` holds `generated/` to it
//! byte for byte) and which must not name a path outside the crate. Source included as a module
//! needs no manifest line: it uses only what every generated crate already has, `md-5`, `tokio`
//! and `wiremock` (dev-dependencies), `serde_json` and `tracing` (dependencies). Cargo builds no
//! test target of its own from a folder under `tests/`.

// Each test binary uses part of this: the auth tests no subscriber, the tracing tests no digest
// server.
#![allow(dead_code)]

pub mod digest;
pub mod trace;
