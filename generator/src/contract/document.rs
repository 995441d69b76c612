//! The raw spec document as JSON, with JSON pointer look-up and local `$ref` resolution.
//!
//! The contract checks work on the spec as the mock server reads it: the YAML text parsed into a
//! [`serde_json::Value`], not the typed `openapiv3` model, so that examples, vendor keywords and
//! schema keywords the typed model drops are all still there.

use serde_json::Value;

/// The most `$ref` hops [`Document::resolve`] follows before it gives up on a chain.
const MAX_REF_STEPS: usize = 64;

/// A spec document held as JSON, the root every JSON pointer and local `$ref` is read against.
pub(crate) struct Document {
    /// The whole document.
    root: Value,
}

impl Document {
    /// Wraps the parsed spec document.
    pub(crate) fn new(root: Value) -> Self {
        Self { root }
    }

    /// The whole document.
    pub(crate) fn root(&self) -> &Value {
        &self.root
    }

    /// The value at a JSON pointer of the form `#/a/b~1c` (or `/a/b~1c`), with `~1` read as `/` and
    /// `~0` as `~` in each token; `#` and the empty pointer name the root. `None` if nothing is
    /// there.
    pub(crate) fn pointer(&self, pointer: &str) -> Option<&Value> {
        let path = pointer.strip_prefix('#').unwrap_or(pointer);
        self.root().pointer(path)
    }

    /// Follows `$ref` from `value`, found at the pointer `at`, until a value without `$ref`,
    /// following local references (`#/...`) only and at most 64 of them. Returns that value and
    /// the pointer it was found at: the last reference followed, or `at` when `value` has no
    /// `$ref`. `None` when a reference is not a string, is external, names nothing, or the chain
    /// is a cycle (or longer than 64 hops).
    pub(crate) fn resolve<'a>(&'a self, value: &'a Value, at: &str) -> Option<(&'a Value, String)> {
        let mut current = value;
        let mut pointer = at.to_owned();
        for _ in 0..MAX_REF_STEPS {
            let Some(reference) = current.get("$ref") else {
                return Some((current, pointer));
            };
            let reference = reference.as_str().filter(|r| r.starts_with('#'))?;
            current = self.pointer(reference)?;
            pointer = reference.to_owned();
        }
        current.get("$ref").is_none().then_some((current, pointer))
    }
}

/// Escapes one JSON pointer token: `~` becomes `~0` and `/` becomes `~1`.
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Document {
        Document::new(json!({
            "paths": {"/groups/{id}": {"get": {"operationId": "getGroup"}}},
            "odd": {"a~b": 1, "": 2},
            "list": [10, 20],
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/C"},
                "C": {"type": "string"},
                "Loop1": {"$ref": "#/components/schemas/Loop2"},
                "Loop2": {"$ref": "#/components/schemas/Loop1"},
                "Own": {"$ref": "#/components/schemas/Own"},
                "Dangling": {"$ref": "#/components/schemas/Nowhere"},
                "External": {"$ref": "other.yaml#/components/schemas/C"},
                "NotString": {"$ref": 7}
            }}
        }))
    }

    #[test]
    fn pointers_unescape_tokens() {
        let doc = doc();
        assert_eq!(
            doc.pointer("#/paths/~1groups~1{id}/get/operationId"),
            Some(&json!("getGroup"))
        );
        assert_eq!(doc.pointer("/odd/a~0b"), Some(&json!(1)));
        assert_eq!(doc.pointer("#/odd/"), Some(&json!(2)));
        assert_eq!(doc.pointer("#/list/1"), Some(&json!(20)));
        assert_eq!(doc.pointer("#"), Some(doc.root()));
        assert_eq!(doc.pointer(""), Some(doc.root()));
        assert_eq!(doc.pointer("#/paths/missing"), None);
        assert_eq!(doc.pointer("#/list/2"), None);
        assert_eq!(doc.pointer("paths"), None);
    }

    #[test]
    fn escape_round_trips_through_pointer() {
        assert_eq!(escape("/groups/{id}"), "~1groups~1{id}");
        assert_eq!(escape("a~b/c"), "a~0b~1c");
        let doc = doc();
        let pointer = format!("#/paths/{}/get", escape("/groups/{id}"));
        assert!(doc.pointer(&pointer).is_some());
        assert_eq!(
            doc.pointer(&format!("#/odd/{}", escape("a~b"))),
            Some(&json!(1))
        );
    }

    #[test]
    fn resolve_follows_chains_and_reports_the_last_pointer() {
        let doc = doc();
        let start = json!({"$ref": "#/components/schemas/A"});
        let (value, pointer) = doc.resolve(&start, "#/x").unwrap();
        assert_eq!(value, &json!({"type": "string"}));
        assert_eq!(pointer, "#/components/schemas/C");

        let plain = json!({"type": "integer"});
        let (value, pointer) = doc.resolve(&plain, "#/here").unwrap();
        assert_eq!(value, &plain);
        assert_eq!(pointer, "#/here");
    }

    #[test]
    fn resolve_refuses_cycles_dangling_and_external_refs() {
        let doc = doc();
        for name in ["Loop1", "Own", "Dangling", "External", "NotString"] {
            let start = json!({"$ref": format!("#/components/schemas/{name}")});
            assert!(doc.resolve(&start, "").is_none(), "{name} resolved");
        }
    }

    #[test]
    fn resolve_follows_up_to_64_hops() {
        let mut schemas = serde_json::Map::new();
        for i in 0..70 {
            schemas.insert(
                format!("S{i}"),
                json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
            );
        }
        schemas.insert("S70".into(), json!({"type": "boolean"}));
        let doc = Document::new(json!({"components": {"schemas": schemas}}));
        let near = json!({"$ref": "#/components/schemas/S7"});
        assert!(doc.resolve(&near, "").is_some());
        let far = json!({"$ref": "#/components/schemas/S0"});
        assert!(doc.resolve(&far, "").is_none());
    }
}
