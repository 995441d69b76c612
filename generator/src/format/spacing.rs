//! Blank lines between items, which `prettyplease` does not print.
//!
//! A line-based pass over `prettyplease` output: it knows which braces open item containers
//! (`impl`, `mod`, `trait`, the file itself) and puts one blank line between the items inside
//! them, keeping runs of `use` and `mod` declarations together. Function bodies are left alone.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    /// Holds items: the file, `impl`, `mod`, `trait`.
    Items,
    /// Anything else: a function body, a struct's fields, an expression.
    Other,
}

pub(crate) fn separate_items(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut stack = vec![Block::Items];
    // The first line of the item being read in the innermost item container.
    let mut header: Option<&str> = None;
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let trimmed = line.trim();
        let comment = trimmed.starts_with("//");
        let closes = !comment
            && (trimmed.starts_with('}') || trimmed.starts_with(')') || trimmed.starts_with(']'));
        if closes && stack.len() > 1 {
            stack.pop();
        }
        let in_items = stack.last() == Some(&Block::Items);
        if in_items && header.is_none() && !is_attribute_or_comment(trimmed) && !closes {
            header = Some(trimmed);
        }
        if let Some(opener) = trimmed
            .chars()
            .last()
            .filter(|c| !comment && matches!(c, '{' | '(' | '['))
        {
            let item_header = header.unwrap_or(trimmed);
            stack.push(if opener == '{' && opens_items(item_header) {
                Block::Items
            } else {
                Block::Other
            });
            if opener == '{' && in_items {
                // The item's body starts; what follows inside it are other items or statements.
                if opens_items(item_header) {
                    header = None;
                }
            }
            continue;
        }
        if !in_items || !ends_item(trimmed) {
            continue;
        }
        let finished = header.take().unwrap_or(trimmed);
        let Some(next) = lines.get(i + 1).map(|next| next.trim()) else {
            continue;
        };
        if next.is_empty() || next.starts_with('}') || same_group(finished, next) {
            continue;
        }
        out.push('\n');
    }
    out
}

fn is_attribute_or_comment(line: &str) -> bool {
    line.starts_with("//") || line.starts_with("#[") || line.starts_with("#![")
}

fn opens_items(header: &str) -> bool {
    let words: Vec<&str> = header.split_whitespace().collect();
    let first = words
        .iter()
        .find(|word| !matches!(**word, "pub" | "pub(crate)" | "unsafe"));
    matches!(first.copied(), Some("impl" | "mod" | "trait"))
        || first.is_some_and(|w| w.starts_with("impl<"))
}

/// Whether `line`, read inside an item container, is the last line of an item (or of the inner docs).
fn ends_item(line: &str) -> bool {
    line.starts_with("//!")
        || (!is_attribute_or_comment(line) && (line.ends_with('}') || line.ends_with(';')))
}

/// Consecutive lines that belong together without a blank line: `use` runs, `mod` runs, inner docs.
fn same_group(line: &str, next: &str) -> bool {
    if line.starts_with("//!") {
        return next.starts_with("//!");
    }
    let kind = |l: &str| {
        let l = l
            .strip_prefix("pub(crate) ")
            .or_else(|| l.strip_prefix("pub "))
            .unwrap_or(l);
        if l.starts_with("use ") {
            "use"
        } else if l.starts_with("mod ") && l.ends_with(';') {
            "mod"
        } else if l.starts_with("type ") && l.ends_with(';') {
            "type"
        } else {
            ""
        }
    };
    let (a, b) = (kind(line), kind(next));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::separate_items;

    #[test]
    fn braces_in_comments_do_not_open_blocks() {
        let source = "/// Example: {\n///   \"a\": 1\n/// }\npub struct A;\npub struct B;\n";
        assert_eq!(
            separate_items(source),
            "/// Example: {\n///   \"a\": 1\n/// }\npub struct A;\n\npub struct B;\n"
        );
    }

    #[test]
    fn separates_items_but_not_statements() {
        let source = "//! Docs.\nuse a::B;\nuse c::D;\npub struct S {\n    pub x: i32,\n}\nimpl S {\n    pub fn f(&self) {\n        if true {\n            g();\n        }\n        h();\n    }\n    pub fn g() {}\n}\n";
        let expected = "//! Docs.\n\nuse a::B;\nuse c::D;\n\npub struct S {\n    pub x: i32,\n}\n\nimpl S {\n    pub fn f(&self) {\n        if true {\n            g();\n        }\n        h();\n    }\n\n    pub fn g() {}\n}\n";
        assert_eq!(separate_items(source), expected);
    }
}
