//! The generator never panics, whatever it is given, and what it generates parses as Rust: a
//! proptest harness over the whole pipeline (load, model, emit, format) with specs derived from
//! the excerpt (and an OpenAPI 3.1 corpus spec, through the 3.1 rewrite) by random structural
//! edits, and with arbitrary text.
//!
//! Each property runs `FUZZ_CASES` cases (default 64); `.ci/run` runs more. A failing case is
//! shrunk and printed by proptest.

use std::panic::{AssertUnwindSafe, catch_unwind};

use atlas_codegen::Config;
use proptest::prelude::*;
use serde_yaml::Value;

const EXCERPT: &str = include_str!("../../specs/atlas-admin-v2-excerpt.yaml");
const OPENAPI_31: &str = include_str!("corpus/openapi31.yaml");

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

/// Runs the pipeline on `text`; a panic fails the property, an `Err` is a fine answer, and
/// generated Rust must parse (much of it is written as text, not through `syn`).
fn generate(text: &str) -> Result<(), TestCaseError> {
    let config = Config::new("fuzz.yaml", "fuzz");
    match catch_unwind(AssertUnwindSafe(|| {
        atlas_codegen::generate_from_str(&config, text)
    })) {
        Ok(Ok(output)) => {
            for (path, source) in output
                .files()
                .iter()
                .filter(|(path, _)| path.ends_with(".rs"))
            {
                if let Err(error) = syn::parse_file(source) {
                    return Err(TestCaseError::fail(format!(
                        "{path} does not parse ({error}), generated from:\n{text}"
                    )));
                }
            }
            Ok(())
        }
        Ok(Err(_)) => Ok(()),
        Err(_) => Err(TestCaseError::fail(format!(
            "the generator panicked on:\n{text}"
        ))),
    }
}

/// One edit of a YAML tree: which node (by a path of choices) and what to put there.
#[derive(Clone, Debug)]
enum Edit {
    Remove(Vec<usize>),
    Replace(Vec<usize>, Value),
    /// Copies the node at the first path over the node at the second (wrong types in wrong places).
    Transplant(Vec<usize>, Vec<usize>),
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        Just(Value::Number(serde_yaml::Number::from(f64::NAN))),
        "[a-zA-Z0-9_{}#/$. -]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("#/components/schemas/Source"),
            Just("#/components/schemas/"),
            Just("#/components/schemas/Nope"),
            Just("#/components/parameters/groupId"),
            Just("other.yaml#/x"),
            Just("#/"),
            Just("~1~0"),
            Just("type"),
            Just("self"),
            Just("3.1.0"),
            Just("object"),
            Just("string"),
            Just("int64"),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Sequence),
            prop::collection::vec(("[a-zA-Z$]{1,8}", inner), 0..3).prop_map(|entries| {
                Value::Mapping(
                    entries
                        .into_iter()
                        .map(|(k, v)| (Value::String(k), v))
                        .collect(),
                )
            }),
        ]
    })
}

fn path() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(any::<usize>(), 1..9)
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        path().prop_map(Edit::Remove),
        (path(), value()).prop_map(|(path, value)| Edit::Replace(path, value)),
        (path(), path()).prop_map(|(from, to)| Edit::Transplant(from, to)),
    ]
}

/// The node reached by following `path`, each step choosing a child modulo the number of children.
fn node_mut<'v>(node: &'v mut Value, path: &[usize]) -> &'v mut Value {
    let Some((&choice, rest)) = path.split_first() else {
        return node;
    };
    let len = match &*node {
        Value::Mapping(map) => map.len(),
        Value::Sequence(items) => items.len(),
        _ => 0,
    };
    if len == 0 {
        return node;
    }
    match node {
        Value::Mapping(map) => {
            node_mut(map.values_mut().nth(choice % len).expect("in range"), rest)
        }
        Value::Sequence(items) => node_mut(&mut items[choice % len], rest),
        other => other,
    }
}

fn apply(document: &mut Value, edit: &Edit) {
    match edit {
        Edit::Remove(path) => {
            let (last, parent) = path.split_last().map_or((0, &path[..0]), |(l, p)| (*l, p));
            match node_mut(document, parent) {
                Value::Mapping(map) if !map.is_empty() => {
                    let key = map.keys().nth(last % map.len()).cloned();
                    if let Some(key) = key {
                        map.remove(&key);
                    }
                }
                Value::Sequence(items) if !items.is_empty() => {
                    let index = last % items.len();
                    items.remove(index);
                }
                _ => {}
            }
        }
        Edit::Replace(path, value) => *node_mut(document, path) = value.clone(),
        Edit::Transplant(from, to) => {
            let copy = node_mut(document, from).clone();
            *node_mut(document, to) = copy;
        }
    }
}

/// The spec `seed` with `edits` applied, as YAML text.
fn edited(seed: &str, edits: &[Edit]) -> String {
    let mut document: Value = serde_yaml::from_str(seed).expect("the seed spec parses");
    for edit in edits {
        apply(&mut document, edit);
    }
    serde_yaml::to_string(&document).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn structural_edits_of_the_excerpt_never_panic(edits in prop::collection::vec(edit(), 1..4)) {
        generate(&edited(EXCERPT, &edits))?;
    }

    #[test]
    fn structural_edits_of_a_31_spec_never_panic(edits in prop::collection::vec(edit(), 1..4)) {
        generate(&edited(OPENAPI_31, &edits))?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(openapi: 3\\.0\\.1\n)?[ -~\n\t]{0,200}") {
        generate(&text)?;
    }

    #[test]
    fn cut_off_specs_never_panic(cut in 0usize..EXCERPT.len()) {
        let end = (0..=cut).rev().find(|&i| EXCERPT.is_char_boundary(i)).unwrap_or(0);
        generate(&EXCERPT[..end])?;
    }

    #[test]
    fn odd_names_never_panic(name in "[^\\x00]{0,12}", value in "[^\\x00]{0,12}") {
        // Schema, property, enum value, tag and operationId names straight from the fuzzer.
        let document = format!(
            "openapi: 3.0.1\ninfo: {{title: t, version: '1'}}\npaths:\n  /x/{{id}}:\n    get:\n      operationId: {id}\n      tags: [{tag}]\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n        - {{name: {prop}, in: query, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{schema}'}}\ncomponents:\n  schemas:\n    {schema}:\n      type: object\n      properties:\n        {prop}: {{type: string, enum: [{value}, {value}x]}}\n        other: {{$ref: '#/components/schemas/{schema}'}}\n",
            id = serde_json::to_string(&name).unwrap_or_default(),
            tag = serde_json::to_string(&value).unwrap_or_default(),
            prop = serde_json::to_string(&name).unwrap_or_default(),
            schema = name.replace(['/', '~', '\'', '\n', '\r', '#', ':', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`', '"', '?', '-'], "_"),
            value = serde_json::to_string(&value).unwrap_or_default(),
        );
        generate(&document)?;
    }
}
