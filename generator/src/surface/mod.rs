//! Stage 4: the surface of the crate to be written, between the model (with its names) and
//! `emit`: everything a caller of the generated crate sees, decided once. For every type, how it
//! is declared (fields, `new`, setters, catch-all variants); for every operation version, the
//! method's arguments, its builder's setters, its body and response; for the crate, its cargo
//! features, the runtime parts it needs and its dependencies.
//!
//! `emit` renders this and decides nothing but layout; the change report (`diff`) compares two
//! surfaces, and its probes are written from the same signatures.

pub(crate) mod features;
pub(crate) mod operations;
pub(crate) mod runtime;
pub(crate) mod type_text;
pub(crate) mod types;
