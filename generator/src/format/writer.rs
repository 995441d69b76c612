//! Source text written directly in the layout `prettyplease` gives it, for the big, regular files.
//!
//! Building tokens with `quote`, parsing them with `syn` and printing the tree with `prettyplease`
//! was most of the generator's time on the whole Atlas API (profiled: token building, `syn::parse2`
//! and printing were three quarters of the emit stage). The types of `models.rs` follow a few fixed
//! shapes, so their emitter writes text with a [`Writer`] instead, choosing line breaks the way
//! `prettyplease` does for those shapes: a line that fits in [`MARGIN`] columns stays whole, a
//! list that does not gets one element per line.
//!
//! `prettyplease` stays the reference: an item with a line this writer could not lay out within
//! the margin is parsed by `syn` and printed by `prettyplease` ([`Writer::finish`]), and tests
//! check that generated files are exactly what `prettyplease` prints for them (the committed crate
//! always; both full upstream releases in CI).

use super::TypeText;
use crate::error::Error;

/// The width `prettyplease` fills lines to.
pub(crate) const MARGIN: usize = 89;

/// One level of indentation.
const INDENT: &str = "    ";

/// Lines of Rust source, indented by block depth.
pub(crate) struct Writer {
    out: String,
    depth: usize,
    /// A line longer than the margin was written: `prettyplease` would have broken it.
    overflow: bool,
}

impl Writer {
    pub(crate) fn new() -> Self {
        Writer {
            out: String::with_capacity(1024),
            depth: 0,
            overflow: false,
        }
    }

    /// Whether `len` columns of text fit on a line at the current depth.
    pub(crate) fn fits(&self, len: usize) -> bool {
        self.depth * INDENT.len() + len <= MARGIN
    }

    /// Writes one line at the current depth.
    pub(crate) fn line(&mut self, text: &str) {
        self.line_of(&[text]);
    }

    /// Writes the parts of one line at the current depth.
    pub(crate) fn line_of(&mut self, parts: &[&str]) {
        let len: usize = parts.iter().map(|part| part.len()).sum();
        if !self.fits(len) {
            self.overflow = true;
        }
        self.line_laid_out(parts);
    }

    /// Writes a line whose layout the caller chose as `prettyplease` would (a trailing comma
    /// may pass the margin), without checking its width.
    pub(crate) fn line_laid_out(&mut self, parts: &[&str]) {
        self.indent();
        for part in parts {
            self.out.push_str(part);
        }
        self.out.push('\n');
    }

    /// An attribute with arguments, `#[serde(a, b)]`, or when it does not fit, its arguments one
    /// per line (without a trailing comma, as `prettyplease` prints attribute tokens).
    pub(crate) fn attribute(&mut self, path: &str, args: &[String]) {
        let inner: usize = args
            .iter()
            .map(|arg| arg.len() + 2)
            .sum::<usize>()
            .saturating_sub(2);
        if self.fits(path.len() + inner + 5) {
            self.indent();
            self.out.push_str("#[");
            self.out.push_str(path);
            self.out.push('(');
            self.out.push_str(&args.join(", "));
            self.out.push_str(")]\n");
            return;
        }
        self.line_of(&["#[", path, "("]);
        self.depth += 1;
        // An argument (`note = "..."`) cannot be broken further.
        for (i, arg) in args.iter().enumerate() {
            if i + 1 < args.len() {
                self.line_laid_out(&[arg, ","]);
            } else {
                self.line_laid_out(&[arg]);
            }
        }
        self.depth -= 1;
        self.line(")]");
    }

    /// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]` for several.
    pub(crate) fn cfg(&mut self, features: &[&str]) {
        let predicates: Vec<String> = features
            .iter()
            .map(|feature| format!("feature = {}", string_literal(feature)))
            .collect();
        match predicates.as_slice() {
            [one] => self.attribute("cfg", std::slice::from_ref(one)),
            many => {
                let any = format!("any({})", many.join(", "));
                if self.fits(any.len() + 8) {
                    self.line_of(&["#[cfg(", &any, ")]"]);
                } else if self.fits(any.len() + INDENT.len()) {
                    // `any(...)` would fit on a line of its own: a layout this writer leaves to
                    // `prettyplease`.
                    self.overflow = true;
                    self.line_laid_out(&["#[cfg(", &any, ")]"]);
                } else {
                    self.line("#[cfg(");
                    self.depth += 1;
                    self.line("any(");
                    self.depth += 1;
                    for (i, predicate) in many.iter().enumerate() {
                        if i + 1 < many.len() {
                            self.line_of(&[predicate, ","]);
                        } else {
                            self.line(predicate);
                        }
                    }
                    self.depth -= 1;
                    self.line(")");
                    self.depth -= 1;
                    self.line(")]");
                }
            }
        }
    }

    /// `#[cfg_attr(docsrs, doc(cfg(<predicate>)))]`, the twin of [`Writer::cfg`] for the same
    /// `features`: on docs.rs the item is labelled with the features that compile it. When it does
    /// not fit, each parenthesized group that does not fit on its own line is broken in turn,
    /// outermost first, as `prettyplease` breaks attribute tokens (no trailing commas).
    pub(crate) fn doc_cfg(&mut self, features: &[&str]) {
        let predicates: Vec<String> = features
            .iter()
            .map(|feature| format!("feature = {}", string_literal(feature)))
            .collect();
        let predicate = match predicates.as_slice() {
            [one] => one.clone(),
            many => format!("any({})", many.join(", ")),
        };
        let doc = format!("doc(cfg({predicate}))");
        if self.fits(doc.len() + "#[cfg_attr(docsrs, )]".len()) {
            self.line_laid_out(&["#[cfg_attr(docsrs, ", &doc, ")]"]);
            return;
        }
        self.line("#[cfg_attr(");
        self.depth += 1;
        self.line("docsrs,");
        if self.fits(doc.len()) {
            self.line(&doc);
        } else {
            self.line("doc(");
            self.depth += 1;
            let cfg = format!("cfg({predicate})");
            if self.fits(cfg.len()) {
                self.line(&cfg);
            } else {
                self.line("cfg(");
                self.depth += 1;
                match predicates.as_slice() {
                    // `feature = "..."` cannot be broken: it stays whole, however long.
                    [one] => self.line_laid_out(&[one]),
                    _ if self.fits(predicate.len()) => self.line(&predicate),
                    many => {
                        self.line("any(");
                        self.depth += 1;
                        for (i, predicate) in many.iter().enumerate() {
                            if i + 1 < many.len() {
                                self.line_laid_out(&[predicate, ","]);
                            } else {
                                self.line_laid_out(&[predicate]);
                            }
                        }
                        self.depth -= 1;
                        self.line(")");
                    }
                }
                self.depth -= 1;
                self.line(")");
            }
            self.depth -= 1;
            self.line(")");
        }
        self.depth -= 1;
        self.line(")]");
    }

    /// `//!` comments for the markdown `text`: a module's docs.
    pub(crate) fn inner_docs(&mut self, text: &str) {
        self.comments("//!", text);
    }

    /// Writes `text` and opens a block: what follows is one level deeper.
    pub(crate) fn open(&mut self, text: &str) {
        self.line(text);
        self.depth += 1;
    }

    /// Closes a block and writes `text` (its closing brace) one level out.
    pub(crate) fn close(&mut self, text: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(text);
    }

    /// `///` comments for the markdown `text`, as `prettyplease` prints `#[doc]` attributes.
    /// Comments are never broken, so they do not count against the margin.
    pub(crate) fn docs(&mut self, text: &str) {
        self.comments("///", text);
    }

    /// One `marker` comment line per line of `text`, trailing spaces trimmed as `prettyplease` does.
    fn comments(&mut self, marker: &str, text: &str) {
        for line in comment_lines(text) {
            self.indent();
            self.out.push_str(marker);
            if !line.is_empty() {
                self.out.push(' ');
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
    }

    /// `head(a, b, c)tail` on one line if it fits; otherwise `head(`, each element on a line of
    /// its own with a trailing comma, and `)tail`. `open` and `close` are the delimiters.
    pub(crate) fn list(
        &mut self,
        head: &str,
        open: &str,
        items: &[String],
        close: &str,
        tail: &str,
    ) {
        let inner: usize = items
            .iter()
            .map(|item| item.len() + 2)
            .sum::<usize>()
            .saturating_sub(2);
        if self.fits(head.len() + open.len() + inner + close.len() + tail.len()) {
            self.indent();
            self.out.push_str(head);
            self.out.push_str(open);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.out.push_str(item);
            }
            self.out.push_str(close);
            self.out.push_str(tail);
            self.out.push('\n');
            return;
        }
        self.line_of(&[head, open.trim_end()]);
        self.depth += 1;
        for item in items {
            // Only generic arguments could break an element further (`name: Vec<...>`); a longer
            // element without them stays whole, as in `prettyplease`.
            if item.contains('<') {
                self.line_of(&[item, ","]);
            } else {
                self.line_laid_out(&[item, ","]);
            }
        }
        self.depth -= 1;
        self.line_of(&[close.trim_start(), tail]);
    }

    /// `receiver.method(items)tail`, broken as `prettyplease` breaks a method call that does not
    /// fit: the receiver alone, then `.method(...)` one level deeper (its arguments broken one
    /// per line in turn when that does not fit either).
    pub(crate) fn method_call(
        &mut self,
        receiver: &str,
        method: &str,
        items: &[String],
        tail: &str,
    ) {
        let inner: usize = items
            .iter()
            .map(|item| item.len() + 2)
            .sum::<usize>()
            .saturating_sub(2);
        let call = format!(".{method}");
        if self.fits(receiver.len() + call.len() + 2 + inner + tail.len()) {
            self.list(&format!("{receiver}{call}"), "(", items, ")", tail);
            return;
        }
        self.line(receiver);
        self.depth += 1;
        self.list(&call, "(", items, ")", tail);
        self.depth -= 1;
    }

    /// `head(items) -> ret {`, broken as `prettyplease` breaks a signature: the parameters one
    /// per line when the line does not fit, then also the return type's generic arguments one
    /// per line when `) -> ret {` does not fit either.
    pub(crate) fn signature(&mut self, head: &str, items: &[String], ret: &TypeText) {
        let inner: usize = items
            .iter()
            .map(|item| item.len() + 2)
            .sum::<usize>()
            .saturating_sub(2);
        if self.fits(head.len() + 2 + inner + 4 + ret.len() + 2) {
            self.indent();
            self.out.push_str(head);
            self.out.push('(');
            self.out.push_str(&items.join(", "));
            self.out.push_str(") -> ");
            ret.write(&mut self.out);
            self.out.push_str(" {\n");
            return;
        }
        self.line_of(&[head, "("]);
        self.depth += 1;
        for item in items {
            self.line_laid_out(&[item, ","]);
        }
        self.depth -= 1;
        self.typed_line(") -> ", ret, " {");
    }

    /// `header {` opening an impl block, or when that does not fit, `prettyplease`'s layout
    /// with the self type on a line of its own: `impl Trait` then `for Type {`.
    pub(crate) fn open_impl(&mut self, impl_trait: &str, for_type: &str) {
        if self.fits(impl_trait.len() + 5 + for_type.len() + 2) {
            self.line_laid_out(&[impl_trait, " for ", for_type, " {"]);
        } else {
            self.line_laid_out(&[impl_trait]);
            self.line_of(&["for ", for_type, " {"]);
        }
        self.depth += 1;
    }

    /// A struct expression, `Self { a, b: c }`: on one line only if it fits and is short, as
    /// `prettyplease` keeps a struct literal whole only up to 34 columns.
    pub(crate) fn struct_literal(&mut self, path: &str, fields: &[String]) {
        const MAX_WIDTH: usize = 34;
        let one_line = path.len() + 3 + fields.iter().map(|field| field.len() + 2).sum::<usize>();
        if one_line - 1 <= MAX_WIDTH {
            self.list(path, " { ", fields, " }", "");
        } else {
            self.line_of(&[path, " {"]);
            self.depth += 1;
            for field in fields {
                self.line_of(&[field, ","]);
            }
            self.depth -= 1;
            self.line("}");
        }
    }

    /// `prefix` followed by the type `ty` and `suffix`, breaking the type's generic arguments one
    /// per line (`Option<`, the argument, `>`) when the line does not fit.
    pub(crate) fn typed_line(&mut self, prefix: &str, ty: &TypeText, suffix: &str) {
        // A type without generic arguments cannot be broken: it stays whole, however long.
        if self.fits(prefix.len() + ty.len() + suffix.len()) || ty.args.is_empty() {
            self.indent();
            self.out.push_str(prefix);
            ty.write(&mut self.out);
            self.out.push_str(suffix);
            self.out.push('\n');
            return;
        }
        self.line_of(&[prefix, &ty.head, "<"]);
        self.depth += 1;
        for arg in &ty.args {
            self.typed_line("", arg, ",");
        }
        self.depth -= 1;
        self.line_of(&[">", suffix]);
    }

    /// Goes one level deeper without writing a line (after a [`Writer::list`] opening a block).
    pub(crate) fn depth_in(&mut self) {
        self.depth += 1;
    }

    /// A struct expression inside a call, `Ok(Self { a, b })`: the literal follows
    /// [`Writer::struct_literal`]'s rule, and when it is broken the call's parentheses hug its
    /// braces (`Ok(Self {` ... `})`).
    pub(crate) fn struct_literal_in(
        &mut self,
        call: &str,
        path: &str,
        fields: &[String],
        close: &str,
    ) {
        if let Some(literal) = short_struct_literal(path, fields) {
            self.line_of(&[call, &literal, close]);
        } else {
            self.line_of(&[call, path, " {"]);
            self.depth += 1;
            for field in fields {
                self.line_of(&[field, ","]);
            }
            self.depth -= 1;
            self.line_of(&["}", close]);
        }
    }

    /// Writes the match arm `pattern => call path { fields }close,`: on one line when it fits and
    /// the struct literal is short, else with its value in a block, as `prettyplease` does.
    pub(crate) fn struct_literal_arm(
        &mut self,
        pattern: &str,
        call: &str,
        path: &str,
        fields: &[String],
        close: &str,
    ) {
        if let Some(literal) = short_struct_literal(path, fields) {
            let line = [pattern, " => ", call, &literal, close, ","];
            if self.fits(line.iter().map(|part| part.len()).sum::<usize>() - 1) {
                self.line_laid_out(&line);
                return;
            }
        }
        self.line_of(&[pattern, " => {"]);
        self.depth += 1;
        self.struct_literal_in(call, path, fields, close);
        self.depth -= 1;
        self.line("}");
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
    }

    /// The text written. If a line did not fit, the item is parsed and printed by `prettyplease`,
    /// which knows how to break every construct; `what` names the item in the (internal) error
    /// raised if the text does not parse.
    pub(crate) fn finish(self, what: &str) -> Result<String, Error> {
        if !self.overflow {
            return Ok(self.out);
        }
        let file = syn::parse_file(&self.out).map_err(|error| {
            Error::io(what, format!("internal error: the generated code does not parse ({error}); please report this"))
        })?;
        Ok(prettyplease::unparse(&file))
    }

    /// The text written, always laid out by `prettyplease`: for the rare items whose layout this
    /// writer does not model.
    pub(crate) fn finish_with_prettyplease(mut self, what: &str) -> Result<String, Error> {
        self.overflow = true;
        self.finish(what)
    }
}

/// `path { a, b }` when `prettyplease` keeps the struct literal on one line (its fields are short
/// enough), else `None`.
fn short_struct_literal(path: &str, fields: &[String]) -> Option<String> {
    const MAX_WIDTH: usize = 34;
    let one_line = path.len() + 3 + fields.iter().map(|field| field.len() + 2).sum::<usize>();
    (one_line - 1 <= MAX_WIDTH).then(|| format!("{path} {{ {} }}", fields.join(", ")))
}

/// The lines of doc comments for the markdown `text`, without trailing spaces (which
/// `prettyplease` trims from `#[doc]` attributes too).
pub(crate) fn comment_lines(text: &str) -> impl Iterator<Item = &str> {
    text.trim().lines().map(str::trim_end)
}

/// A string literal as `proc_macro2` writes it (and so as `prettyplease` prints it).
pub(crate) fn string_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\0' if chars.as_str().starts_with(|next: char| next.is_digit(8)) => {
                out.push_str("\\x00")
            }
            '\0' => out.push_str("\\0"),
            '\'' => out.push(c),
            c => out.extend(c.escape_debug()),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::super::TypeText;
    use super::{Writer, string_literal};

    #[test]
    fn string_literals_match_proc_macro2() {
        for value in [
            "plain",
            "it's",
            "a \"quote\"",
            "tab\there",
            "nul\0",
            "nul\u{0}7",
            "é and \u{200b}",
            "back\\slash",
        ] {
            assert_eq!(
                string_literal(value),
                proc_macro2::Literal::string(value).to_string(),
                "{value:?}"
            );
        }
    }

    #[test]
    fn lists_break_one_element_per_line_when_too_long() {
        let mut writer = Writer::new();
        writer.list("pub fn f", "(", &["a: i32".to_owned()], ")", " -> Self {");
        let long: Vec<String> = (0..8)
            .map(|i| format!("argument_number_{i}: i64"))
            .collect();
        writer.list("pub fn g", "(", &long, ")", " -> Self {");
        let text = writer.finish("test").unwrap_or_default();
        assert!(
            text.starts_with(
                "pub fn f(a: i32) -> Self {\npub fn g(\n    argument_number_0: i64,\n"
            ),
            "{text}"
        );
        assert!(
            text.ends_with("    argument_number_7: i64,\n) -> Self {\n"),
            "{text}"
        );
    }

    #[test]
    fn doc_cfg_is_laid_out_as_prettyplease_prints_it() {
        let mut checked = 0;
        for depth in 0..3 {
            for count in 1..7 {
                for len in [1, 5, 12, 20, 30, 45, 60, 75] {
                    let names: Vec<String> = (0..count)
                        .map(|i| format!("{}-{i}", "f".repeat(len)))
                        .collect();
                    let features: Vec<&str> = names.iter().map(String::as_str).collect();
                    let mut writer = Writer::new();
                    for level in 0..depth {
                        writer.open(&format!("mod m{level} {{"));
                    }
                    writer.cfg(&features);
                    writer.doc_cfg(&features);
                    writer.line("pub struct S;");
                    for _ in 0..depth {
                        writer.close("}");
                    }
                    let overflow = writer.overflow;
                    let text = writer.out;
                    let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
                    let printed = prettyplease::unparse(&file);
                    // `Writer::cfg` leaves one layout to `prettyplease`; `doc_cfg` has none.
                    if !overflow {
                        assert_eq!(text, printed);
                        checked += 1;
                    } else {
                        let (_, doc_cfg) = text.split_once("#[cfg_attr").unwrap_or_default();
                        let (_, printed) = printed.split_once("#[cfg_attr").unwrap_or_default();
                        assert_eq!(doc_cfg, printed, "{text}");
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn long_types_break_at_generic_arguments() {
        let mut writer = Writer::new();
        let inner = TypeText::plain("A".repeat(80));
        writer.typed_line(
            "pub field: ",
            &TypeText::generic("Option", vec![inner]),
            ",",
        );
        assert_eq!(
            writer.out,
            format!("pub field: Option<\n    {},\n>,\n", "A".repeat(80))
        );
    }
}
