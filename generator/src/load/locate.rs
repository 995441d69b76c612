//! Finds the line a JSON pointer refers to in YAML text, to put a line number on errors that the
//! model finds by pointer. Used on the error path and for warnings, so it favours simplicity over
//! speed; [`lines_of`] splits a text once for several lookups.
//!
//! It follows block-style YAML (what OpenAPI files use) by indentation: each reference token is
//! looked for as a key (`name:`, `"name":`, `'name':`) or, for a number under a sequence, as the
//! n-th `- ` item, below the line found for the previous token. Flow-style content (`{a: 1}`)
//! stops the walk; the deepest line found so far is the answer.

use super::pointer::split_local_ref;

/// The 1-based line of `pointer` (`#/paths/~1a/get`) in `text`, or of its deepest ancestor found.
/// The document itself (`#`) starts on its first line of content.
pub(crate) fn line_of(text: &str, pointer: &str) -> Option<usize> {
    line_in(&lines_of(text), pointer)
}

/// The lines of `text`, for [`line_in`].
pub(crate) fn lines_of(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// [`line_of`] in a text already split into `lines` (with [`lines_of`]).
pub(crate) fn line_in(lines: &[&str], pointer: &str) -> Option<usize> {
    if pointer == "#" {
        return lines
            .iter()
            .position(|line| {
                let trimmed = line.trim();
                !(trimmed.is_empty()
                    || trimmed.starts_with('#')
                    || trimmed.starts_with("---")
                    || trimmed.starts_with('%'))
            })
            .map(|index| index + 1);
    }
    let tokens = split_local_ref(pointer)?;
    // The current node: the line it starts on (None for the document) and its indentation.
    let mut start: Option<usize> = None;
    let mut parent_indent: Option<usize> = None;
    for token in &tokens {
        let from = start.map_or(0, |line| line + 1);
        match find_child(lines, from, parent_indent, token) {
            Some((line, indent)) => {
                start = Some(line);
                parent_indent = Some(indent);
            }
            None => break,
        }
    }
    start.map(|line| line + 1)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The line and indentation of the child `token` of the node whose block starts at `from`.
fn find_child(
    lines: &[&str],
    from: usize,
    parent_indent: Option<usize>,
    token: &str,
) -> Option<(usize, usize)> {
    let index: Option<usize> = token.parse().ok();
    let mut seen_items = 0;
    let mut child_indent = None;
    for (offset, line) in lines.iter().enumerate().skip(from) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = indent_of(line);
        if parent_indent.is_some_and(|parent| indent <= parent)
            && !(trimmed.starts_with("- ") && parent_indent == Some(indent))
        {
            return None;
        }
        // Only direct children count: the first child fixes their indentation.
        let child = *child_indent.get_or_insert(indent);
        if indent != child {
            continue;
        }
        if let Some(wanted) = index
            && trimmed.starts_with('-')
        {
            if seen_items == wanted {
                return Some((offset, indent + 1));
            }
            seen_items += 1;
            continue;
        }
        let key = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        for candidate in [
            format!("{token}:"),
            format!("\"{token}\":"),
            format!("'{token}':"),
        ] {
            if key.starts_with(&candidate) {
                return Some((offset, indent));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::line_of;

    const SPEC: &str = "openapi: 3.0.1\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n        - $ref: '#/components/parameters/x'\n      responses:\n        '200':\n          description: ok\ncomponents:\n  schemas:\n    Source:\n      properties:\n        ssl:\n          type: strin\n";

    #[test]
    fn finds_keys_escaped_paths_quoted_keys_and_sequence_items() {
        assert_eq!(
            line_of(SPEC, "#/components/schemas/Source/properties/ssl"),
            Some(16)
        );
        assert_eq!(
            line_of(SPEC, "#/components/schemas/Source/properties/ssl/type"),
            Some(17)
        );
        assert_eq!(line_of(SPEC, "#/paths/~1a~1{id}/get"), Some(4));
        assert_eq!(
            line_of(SPEC, "#/paths/~1a~1{id}/get/responses/200"),
            Some(10)
        );
        assert_eq!(line_of(SPEC, "#/paths/~1a~1{id}/get/parameters/1"), Some(8));
    }

    #[test]
    fn the_document_starts_on_its_first_line_of_content() {
        assert_eq!(line_of(SPEC, "#"), Some(1));
        assert_eq!(line_of("# a comment\n\n---\ninfo: {}\n", "#"), Some(4));
        assert_eq!(line_of("# only a comment\n", "#"), None);
    }

    #[test]
    fn falls_back_to_the_deepest_ancestor() {
        assert_eq!(line_of(SPEC, "#/components/schemas/Missing"), Some(13));
        assert_eq!(line_of(SPEC, "#/nothing"), None);
    }
}
