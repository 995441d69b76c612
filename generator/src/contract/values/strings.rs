//! Candidate strings for a string schema: its format's sample, strings its `pattern` matches,
//! common sample strings.

use regex_syntax::ParserBuilder;
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::Value;

/// The longest synthesized string, in bytes, whatever its `minLength` or pattern.
const MAX_SAMPLE_LEN: usize = 4096;

/// The most pattern nodes visited to write one sample string.
const MAX_SAMPLE_STEPS: usize = 100_000;

/// The deepest group nesting of a pattern that is sampled.
const PATTERN_NEST_LIMIT: u32 = 64;

/// The characters preferred when a pattern class allows them, in order.
const PREFERRED_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// Strings of the shapes patterns most often ask for, tried in order for a pattern whose
/// samples do not match (or which cannot be sampled, such as one with look-around): addresses
/// (IPv4, CIDR, IPv6 and its CIDR, host name, e-mail), identifiers (24 hexadecimal digits,
/// UUID), a date, a time, a date-time, a semantic version, then short words and a digit.
const COMMON_SAMPLES: &[&str] = &[
    "192.0.2.1",
    "192.0.2.0/24",
    "2001:db8::1",
    "2001:db8::/32",
    "example.com",
    "user@example.com",
    "5f1a2b3c4d5e6f7a8b9c0d1e",
    "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "2024-05-30",
    "12:00:00",
    "2024-05-30T12:00:00Z",
    "1.2.3",
    "a",
    "A1",
    "abc",
    "0",
];

/// The strings to try for a string schema, in order: its `format`'s sample, the strings
/// [`pattern_samples`] writes for its `pattern`, `string` cut or padded to its length limits,
/// then, when it has a pattern, the [`COMMON_SAMPLES`]. Which of them the schema accepts is for
/// the caller to check, with the validator's own pattern matcher.
pub(super) fn candidates(schema: &Value) -> Vec<String> {
    let min = schema
        .get("minLength")
        .and_then(Value::as_u64)
        .map_or(0, |min| {
            usize::try_from(min)
                .unwrap_or(MAX_SAMPLE_LEN)
                .min(MAX_SAMPLE_LEN)
        });
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .and_then(|max| usize::try_from(max).ok());
    let format = schema.get("format").and_then(Value::as_str);
    let pattern = schema.get("pattern").and_then(Value::as_str);
    let mut candidates: Vec<String> = format
        .and_then(format_sample)
        .map(str::to_owned)
        .into_iter()
        .chain(
            pattern
                .map(|p| pattern_samples(p, min, max))
                .unwrap_or_default(),
        )
        .collect();
    candidates.push(fit("string", min, max));
    if pattern.is_some() {
        candidates.extend(COMMON_SAMPLES.iter().map(|&sample| sample.to_owned()));
    }
    candidates
}

/// A fixed sample of a string `format`, for the formats that have one.
fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2024-05-30T12:00:00Z",
        "date" => "2024-05-30",
        "email" => "user@example.com",
        "uri" | "url" => "https://example.com/",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "hostname" => "example.com",
        "byte" => "aGVsbG8=",
        "binary" => "hello",
        _ => return None,
    })
}

/// `text` cut to `max` characters, then padded with `x` to `min`.
fn fit(text: &str, min: usize, max: Option<usize>) -> String {
    let mut fitted: String = text.chars().take(max.unwrap_or(usize::MAX)).collect();
    let missing = min.saturating_sub(fitted.chars().count());
    fitted.extend(std::iter::repeat_n('x', missing));
    fitted
}

/// Strings the pattern may match, shortest first: each repetition at its minimum, then (if
/// shorter than `min` characters) the first with longer repetitions that is long enough and the
/// shortest padded with its last character, then (if longer than `max`) the shortest cut to
/// `max`. Empty when the pattern does not parse. The caller checks which ones really match.
fn pattern_samples(pattern: &str, min: usize, max: Option<usize>) -> Vec<String> {
    let Ok(hir) = ParserBuilder::new()
        .nest_limit(PATTERN_NEST_LIMIT)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    let Some(shortest) = Sampler::write(&hir, 0) else {
        return Vec::new();
    };
    let length = shortest.chars().count();
    let mut samples = Vec::new();
    if length < min {
        // A sample too long to write at one stretch stays too long at every larger one.
        let stretched = (1..=min)
            .map_while(|stretch| Sampler::write(&hir, u32::try_from(stretch).ok()?))
            .find(|sample| sample.chars().count() >= min);
        samples.extend(stretched);
        let last = shortest.chars().last().unwrap_or('a');
        let mut padded = shortest.clone();
        padded.extend(std::iter::repeat_n(last, min - length));
        samples.push(padded);
    }
    if let Some(max) = max.filter(|max| length > *max) {
        samples.push(shortest.chars().take(max).collect());
    }
    samples.insert(0, shortest);
    samples
}

/// Writes one string a parsed pattern matches.
struct Sampler {
    /// How many times each unbounded repetition repeats at least (bounded ones stop at their
    /// maximum; none goes under its minimum).
    stretch: u32,
    /// The string written so far.
    text: String,
    /// The pattern nodes visited so far.
    steps: usize,
}

impl Sampler {
    /// A string `hir` matches, with repetitions stretched to `stretch`; `None` when it would be
    /// too long or a class is empty.
    fn write(hir: &Hir, stretch: u32) -> Option<String> {
        let mut sampler = Self {
            stretch,
            text: String::new(),
            steps: 0,
        };
        sampler.visit(hir)?;
        Some(sampler.text)
    }

    /// Appends what `hir` matches: a literal's text, a class's preferred character, a
    /// repetition's sub-pattern the chosen number of times, an alternation's first branch, a
    /// group's inside; nothing for assertions.
    fn visit(&mut self, hir: &Hir) -> Option<()> {
        self.steps += 1;
        if self.steps > MAX_SAMPLE_STEPS || self.text.len() > MAX_SAMPLE_LEN {
            return None;
        }
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(literal) => self.text.push_str(std::str::from_utf8(&literal.0).ok()?),
            HirKind::Class(class) => self.text.push(class_char(class)?),
            HirKind::Repetition(repetition) => {
                let count = repetition
                    .max
                    .map_or(self.stretch, |max| self.stretch.min(max))
                    .max(repetition.min);
                for _ in 0..count {
                    self.visit(&repetition.sub)?;
                }
            }
            HirKind::Capture(capture) => self.visit(&capture.sub)?,
            HirKind::Concat(parts) => {
                for part in parts {
                    self.visit(part)?;
                }
            }
            HirKind::Alternation(branches) => self.visit(branches.first()?)?,
        }
        Some(())
    }
}

/// A character in the class: a lowercase letter or digit when it holds one, else the first
/// character of its first range (for byte classes, ASCII only). `None` for an empty class.
fn class_char(class: &Class) -> Option<char> {
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .filter(|r| r.start().is_ascii())
            .map(|r| (u32::from(r.start()), u32::from(r.end()).min(0x7f)))
            .collect(),
    };
    let holds = |c: &char| {
        ranges
            .iter()
            .any(|(start, end)| (*start..=*end).contains(&u32::from(*c)))
    };
    PREFERRED_CHARS
        .chars()
        .find(holds)
        .or_else(|| char::from_u32(ranges.first()?.0))
}
