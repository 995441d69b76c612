//! Parsing a big spec on two threads.
//!
//! Parsing the YAML into `openapiv3` is the largest single step of a run on the whole Atlas API,
//! and one thread does it while the other core waits. A spec is a mapping whose two big entries,
//! `paths` and `components`, are independent texts when written in block style: each starts at
//! a line `paths:` / `components:` in the first column and runs to the next such line. Each is
//! parsed on its own thread, and the small rest on one of them.
//!
//! The split is only an optimisation: whenever the text is not laid out that way (a flow-style
//! document, several documents, a key written twice, an alias to an anchor in another part) or
//! any part fails to parse, [`parse`] returns `None` and the caller parses the whole text as
//! usual, so errors and results are those of the one-thread parse.

use openapiv3::{Components, OpenAPI, Paths};
use serde::Deserialize;

/// Below this size, a second thread costs more than it saves.
const MIN_SIZE: usize = 256 * 1024;

#[derive(Deserialize)]
struct PathsOnly {
    paths: Paths,
}

#[derive(Deserialize)]
struct ComponentsOnly {
    components: Components,
}

/// The document parsed in parts on two threads, or `None` when it cannot be split (or a part
/// does not parse, so that the caller's parse of the whole text reports the error).
pub(super) fn parse(text: &str) -> Option<OpenAPI> {
    if text.len() < MIN_SIZE {
        return None;
    }
    parse_parts(text)
}

fn parse_parts(text: &str) -> Option<OpenAPI> {
    let sections = top_level_sections(text)?;
    let section = |key: &str| -> Option<&str> {
        let mut found = sections.iter().filter(|(name, _)| *name == key);
        let (_, range) = found.next()?;
        match found.next() {
            Some(_) => None,
            None => text.get(range.clone()),
        }
    };
    let paths = section("paths")?;
    let components = section("components")?;
    let mut rest = String::with_capacity(text.len() - paths.len() - components.len() + 16);
    for (name, range) in &sections {
        if *name != "paths" && *name != "components" {
            rest.push_str(text.get(range.clone())?);
        }
    }
    if !rest.is_empty() && !rest.ends_with('\n') {
        rest.push('\n');
    }
    // `paths` is required; the real value replaces this placeholder.
    rest.push_str("paths: {}\n");

    let (paths, components, rest) = std::thread::scope(|scope| {
        let paths = scope.spawn(|| parse_part::<PathsOnly>(paths));
        let components = parse_part::<ComponentsOnly>(components);
        let rest = parse_part::<OpenAPI>(&rest);
        (paths.join().ok().flatten(), components, rest)
    });
    let mut document = rest?;
    document.paths = paths?.paths;
    document.components = Some(components?.components);
    Some(document)
}

/// `text` parsed as `T`, or `None` on any failure (including a panic inside the parser, which
/// the caller's parse of the whole text then meets and reports).
fn parse_part<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    std::panic::catch_unwind(|| super::parse::<T>(text).ok())
        .ok()
        .flatten()
}

/// The top-level entries of a block-style YAML mapping: each key with the byte range of its
/// text, from its `key:` line to the next one. `None` if the text has any other shape at the
/// top level.
fn top_level_sections(text: &str) -> Option<Vec<(&str, std::ops::Range<usize>)>> {
    let mut sections: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
    let mut start = 0;
    let mut first_line = true;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let leading = first_line;
        first_line = false;
        let Some(first) = content.chars().next() else {
            continue;
        };
        // Indented lines and comments belong to the current entry, and so do the items of a
        // sequence written at the key's own indentation (`tags:` then `- name: x`).
        let sequence_item = content == "-" || content.starts_with("- ");
        if first == ' ' || first == '#' || (sequence_item && !sections.is_empty()) {
            continue;
        }
        if leading && content.trim_end() == "---" {
            continue;
        }
        let (key, after) = content.split_once(':')?;
        let plain_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !plain_key || !(after.is_empty() || after.starts_with(' ')) {
            return None;
        }
        if let Some((_, last)) = sections.last_mut() {
            last.end = line_start;
        }
        sections.push((key, line_start..text.len()));
    }
    // Text before the first key (comments, `---`) belongs to the rest.
    match sections.first_mut() {
        Some((_, first)) => first.start = 0,
        None => return None,
    }
    Some(sections)
}

#[cfg(test)]
mod tests {
    use super::{parse, parse_parts, top_level_sections};
    use crate::upstream_tests::release;

    const SPEC: &str = "---\nopenapi: 3.0.1\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n# a comment\ncomponents:\n  schemas:\n    A:\n      type: string\ntags:\n- name: x\n";

    #[test]
    fn a_split_parse_gives_the_same_document() {
        let whole: openapiv3::OpenAPI =
            serde_yaml::from_str(SPEC).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parse_parts(SPEC), Some(whole));
    }

    #[test]
    fn sections_run_from_key_to_key() {
        let sections = top_level_sections(SPEC).unwrap_or_default();
        let keys: Vec<&str> = sections.iter().map(|(key, _)| *key).collect();
        assert_eq!(keys, ["openapi", "info", "paths", "components", "tags"]);
        assert_eq!(sections.first().map(|(_, range)| range.start), Some(0));
        assert!(SPEC[sections[2].1.clone()].ends_with("# a comment\n"));
    }

    #[test]
    fn texts_that_are_not_plain_block_mappings_are_not_split() {
        for text in [
            "{openapi: 3.0.1, paths: {}}\n",
            "openapi: 3.0.1\npaths: {}\n---\nopenapi: 3.0.1\n",
            "\"openapi\": 3.0.1\npaths: {}\n",
            "- a\n- b\n",
        ] {
            assert!(parse_parts(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn duplicate_keys_and_cross_part_aliases_fall_back_to_the_whole_parse() {
        let twice = format!("{SPEC}paths: {{}}\n");
        assert!(parse_parts(&twice).is_none());
        let alias = "openapi: 3.0.1\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    A: &a {type: string}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: *a}}}\n";
        assert!(parse_parts(alias).is_none());
    }

    fn assert_split_like_whole(name: &str) {
        let path = release(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let whole: openapiv3::OpenAPI =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let split = parse(&text).unwrap_or_else(|| panic!("{name} is not parsed on two threads"));
        assert!(
            split == whole,
            "{name}: the split parse differs from the whole parse"
        );
    }

    #[test]
    #[ignore = "needs ../shared/atlas; run by .ci/run"]
    fn both_releases_are_split_and_parse_the_same() {
        assert_split_like_whole("atlas-admin-v2-2025-03-18.yaml");
        assert_split_like_whole("atlas-admin-v2-2026-08-21.yaml");
    }
}
