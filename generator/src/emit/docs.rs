//! Spec descriptions into rustdoc, keeping their markdown.
//!
//! Descriptions are CommonMark written for a web page. Rustdoc reads them almost the same way, with
//! four differences this module smooths over: an unlabelled code fence or an indented block would
//! be compiled as a doctest, a bare URL and an `[x]` that is not a link draw lints, and a `<word>`
//! is taken for an HTML tag.

use proc_macro2::TokenStream;
use quote::quote;

/// The first line of a tag module's documentation.
pub(crate) fn tag(tag: &str) -> String {
    if tag.is_empty() {
        "Operations without a tag.".to_owned()
    } else {
        format!("Operations tagged `{tag}`.")
    }
}

/// `#[doc]` attributes, one per line, for an item documented by the markdown `text`.
///
/// `text` is written by the generator; text from the spec goes through [`spec`] first.
pub(crate) fn outer(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc]` attributes for a module or crate documented by the markdown `text`.
pub(crate) fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// A description from the spec, made safe for rustdoc (see [`sanitize`]).
pub(crate) fn spec(text: Option<&str>) -> Option<String> {
    text.map(sanitize).filter(|text| !text.is_empty())
}

/// Joins paragraphs, skipping empty ones, into one markdown text.
pub(crate) fn paragraphs<'t>(parts: impl IntoIterator<Item = Option<&'t str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The lines of `text`, each with the leading space `///` comments have.
fn lines(text: &str) -> Vec<String> {
    crate::format::comment_lines(text)
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Rewrites `text` so rustdoc renders it as the spec's author meant, without warnings.
pub(crate) fn sanitize(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut blank_run = 0;
    // The list items the text is inside, outermost first: where each one's text starts, in the
    // spec and in the output. A blank line does not end them: what follows it says whether it
    // belongs to an item (indented to its text) or ends it.
    let mut items: Vec<Item> = Vec::new();
    // Whether the previous line was a block quote's: a line that follows it without a blank line
    // continues the quote lazily, and gets its `>` (same rendering, and no
    // `clippy::doc_lazy_continuation`).
    let mut in_quote = false;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            let info = trimmed[3..].trim();
            out.push(if !in_fence && info.is_empty() {
                format!("{fence}text")
            } else {
                trimmed.to_owned()
            });
            in_fence = !in_fence;
            blank_run = 0;
            in_quote = false;
            items.clear();
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        if trimmed.is_empty() {
            blank_run += 1;
            if blank_run == 1 && !out.is_empty() {
                out.push(String::new());
            }
            continue;
        }
        let after_blank = blank_run > 0;
        blank_run = 0;
        let continues_quote = in_quote && !after_blank;
        in_quote = trimmed.starts_with('>');
        let leading = line.len() - trimmed.len();
        let indent = match list_marker_width(trimmed) {
            Some(width) => {
                // The items this one is not inside: its marker is left of their text.
                while items.last().is_some_and(|item| leading < item.source) {
                    items.pop();
                }
                // Nested: at its parent's text, whatever the spec's indentation; else at most
                // three spaces, as four would start an indented code block (which rustdoc compiles).
                let indent = items.last().map_or(leading.min(3), |parent| parent.output);
                items.push(Item {
                    source: leading + width,
                    output: indent + width,
                });
                indent
            }
            // A heading, quote or table row never continues a paragraph lazily: left of an
            // item's text, it ends the item.
            None if trimmed.starts_with(['#', '>', '|']) => {
                while items.last().is_some_and(|item| leading < item.source) {
                    items.pop();
                }
                match items.last() {
                    Some(item) => item.output + (leading - item.source).min(3),
                    None => leading.min(3),
                }
            }
            None if continues_quote => {
                in_quote = true;
                let indent = items.last().map_or(leading.min(3), |item| item.output);
                out.push(format!("{}> {}", " ".repeat(indent), inline(trimmed)));
                continue;
            }
            None => {
                // After a blank line, a line left of an item's text ends that item; without one,
                // it continues the item's paragraph lazily.
                if after_blank {
                    while items.last().is_some_and(|item| leading < item.source) {
                        items.pop();
                    }
                }
                // A line of an item is indented to the item's text, as rustdoc (and
                // `clippy::doc_lazy_continuation` and `doc_overindented_list_items`) expect; the
                // rendering is the same.
                items.last().map_or(leading.min(3), |item| item.output)
            }
        };
        out.push(format!("{}{}", " ".repeat(indent), inline(trimmed)));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.join("\n")
}

/// A list item being read: the column its text starts at in the spec, and in the output.
struct Item {
    source: usize,
    output: usize,
}

/// If `line` (without its indentation) starts a list item (`- `, `* `, `+ `, `1. `, `1) `), the
/// width of its marker and the spaces after it: where the item's text starts.
fn list_marker_width(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    let rest = line.get(marker..)?;
    if rest.is_empty() {
        return Some(marker + 1);
    }
    match rest.len() - rest.trim_start_matches(' ').len() {
        0 => None,
        // Five or more spaces: the item's text is an indented code block one space in.
        spaces if spaces > 4 => Some(marker + 1),
        spaces => Some(marker + spaces),
    }
}

/// Escapes what rustdoc would misread in one line of prose, leaving code spans and links alone.
fn inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let len = chars.len();
    let at = |j: usize| chars.get(j).copied();
    let span = |from: usize, to: usize| chars.get(from..to).unwrap_or_default();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while let Some(c) = at(i) {
        match c {
            '`' => {
                // A code span runs to the next run of as many backticks.
                let run_at = |j: usize| span(j, len).iter().take_while(|&&c| c == '`').count();
                let run = run_at(i);
                let close = (i + run..len)
                    .find(|&j| run_at(j) == run && (j == 0 || at(j - 1) != Some('`')));
                let end = close.map_or(len, |j| j + run);
                out.extend(span(i, end));
                if close.is_none() {
                    out.push_str(&"`".repeat(run));
                }
                i = end;
            }
            '\\' if i + 1 < len => {
                out.push(c);
                out.extend(at(i + 1));
                i += 2;
            }
            '[' => match link_end(&chars, i) {
                Some(end) => {
                    let text: String = span(i + 1, end.text_end).iter().collect();
                    out.push('[');
                    out.push_str(&inline(&text));
                    out.push(']');
                    out.extend(span(end.text_end + 1, end.end));
                    i = end.end;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                let rest: String = span(i, len).iter().collect();
                let autolink = (rest.starts_with("<http://") || rest.starts_with("<https://"))
                    .then(|| rest.find('>').and_then(|end| rest.get(..=end)))
                    .flatten();
                match autolink {
                    Some(link) => {
                        out.push_str(link);
                        i += link.chars().count();
                    }
                    None => {
                        out.push_str("&lt;");
                        i += 1;
                    }
                }
            }
            'h' if starts_url(span(i, len))
                && (i == 0 || !at(i - 1).is_some_and(char::is_alphanumeric)) =>
            {
                let mut end = i;
                while at(end)
                    .is_some_and(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '`'))
                {
                    end += 1;
                }
                // Trailing punctuation belongs to the sentence, not the URL.
                while end > i
                    && at(end - 1).is_some_and(|c| {
                        matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ')' | ']')
                    })
                {
                    let open = span(i, end - 1).iter().filter(|&&c| c == '(').count();
                    let close = span(i, end - 1).iter().filter(|&&c| c == ')').count();
                    if at(end - 1) == Some(')') && open > close {
                        break;
                    }
                    end -= 1;
                }
                out.push('<');
                out.extend(span(i, end));
                out.push('>');
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let head: String = chars.iter().take(8).collect();
    head.starts_with("http://") || head.starts_with("https://")
}

struct LinkEnd {
    /// Index of the `]` closing the link text.
    text_end: usize,
    /// Index just past the link's destination.
    end: usize,
}

/// If `[` at `start` opens an inline link `[text](destination)`, where it ends.
fn link_end(chars: &[char], start: usize) -> Option<LinkEnd> {
    let mut depth = 0;
    let mut text_end = None;
    for (j, &c) in chars.iter().enumerate().skip(start) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    text_end = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let text_end = text_end?;
    if chars.get(text_end + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(text_end + 1) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(LinkEnd {
                        text_end,
                        end: j + 1,
                    });
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn unlabelled_fences_become_text() {
        assert_eq!(
            sanitize("Run:\n\n```\ncurl -X POST\n```"),
            "Run:\n\n```text\ncurl -X POST\n```"
        );
        assert_eq!(sanitize("```json\n{}\n```"), "```json\n{}\n```");
    }

    #[test]
    fn bare_urls_are_autolinked_and_links_kept() {
        assert_eq!(
            sanitize("See https://cloud.mongodb.com/api/atlas."),
            "See <https://cloud.mongodb.com/api/atlas>."
        );
        assert_eq!(
            sanitize("Use the [/groups](#tag/Projects) endpoint"),
            "Use the [/groups](#tag/Projects) endpoint"
        );
        assert_eq!(
            sanitize("[RFC](https://example.com/a_(b))"),
            "[RFC](https://example.com/a_(b))"
        );
    }

    #[test]
    fn brackets_and_angle_brackets_are_escaped_outside_code() {
        assert_eq!(
            sanitize("matches [a-f0-9] and <groupId>"),
            "matches \\[a-f0-9\\] and &lt;groupId>"
        );
        assert_eq!(
            sanitize("pattern `^([a-f0-9]{24})$`"),
            "pattern `^([a-f0-9]{24})$`"
        );
    }

    #[test]
    fn indentation_never_starts_a_code_block_and_lists_survive() {
        assert_eq!(
            sanitize("Tasks:\n\n- one\n- two\n\n        indented"),
            "Tasks:\n\n- one\n- two\n\n  indented"
        );
    }

    #[test]
    fn a_blank_line_does_not_end_a_list_the_next_line_belongs_to() {
        // A nested list whose first item follows a whitespace-only line: every item at its
        // parent's text, the first one too.
        assert_eq!(
            sanitize("- kind:\n    \n    - small\n    - large\n- next"),
            "- kind:\n\n  - small\n  - large\n- next"
        );
        // A paragraph of an item after a blank line, wrapped lazily by the spec: indented to
        // the item's text.
        assert_eq!(
            sanitize("1. step\n\n   more of it\nwrapped lazily\n\nAfter."),
            "1. step\n\n   more of it\n   wrapped lazily\n\nAfter."
        );
        // A line left of the item's text after a blank line ends the list.
        assert_eq!(sanitize("- a\n\nb"), "- a\n\nb");
    }

    #[test]
    fn lines_continuing_a_list_item_are_indented_to_its_text() {
        assert_eq!(
            sanitize("- one\n- two\n and more\nstill two"),
            "- one\n- two\n  and more\n  still two"
        );
        assert_eq!(
            sanitize("1. one\n-- not an item"),
            "1. one\n   -- not an item"
        );
        assert_eq!(
            sanitize("- one\n\nafter the list"),
            "- one\n\nafter the list"
        );
        assert_eq!(
            sanitize("- one\n  - nested\n    more"),
            "- one\n  - nested\n    more"
        );
    }

    #[test]
    fn a_line_continuing_a_quote_lazily_gets_its_marker() {
        assert_eq!(
            sanitize("> Only available locally\nCase-insensitive.\n\nAfter."),
            "> Only available locally\n> Case-insensitive.\n\nAfter."
        );
    }

    #[test]
    fn blank_line_runs_collapse() {
        assert_eq!(sanitize("\n\na\n\n\n\nb\n\n"), "a\n\nb");
    }
}
