//! `pattern`s, matched as the mock server matches them: ECMA-262 regular expressions, with
//! look-around and back-references, searched anywhere in the string.

use std::collections::HashMap;

use fancy_regex::{Regex, RegexBuilder};

/// The most memory, in bytes, the compiled form of a pattern may take; a larger one is not
/// checked.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// The patterns met so far, each compiled once.
#[derive(Default)]
pub(super) struct Patterns {
    /// Each pattern met, compiled, or `None` when it does not compile.
    compiled: HashMap<String, Option<Regex>>,
}

impl Patterns {
    /// Whether `text` matches `pattern` anywhere; `None` when the pattern does not compile (or
    /// is too large) or the match gives up past the backtracking limit.
    pub(super) fn matches(&mut self, pattern: &str, text: &str) -> Option<bool> {
        if !self.compiled.contains_key(pattern) {
            self.compiled.insert(pattern.to_owned(), compile(pattern));
        }
        self.compiled.get(pattern)?.as_ref()?.is_match(text).ok()
    }
}

/// A compiled `pattern`; `None` when it does not compile or is too large.
fn compile(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(pattern)
        .delegate_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .ok()
}
