//! Integers too big for 64 bits. JSON Schema's numbers have no range, and real specs write bounds
//! such as `minimum: -9223372036854776000` (i64::MIN rounded by a float printer); `openapiv3`
//! reads integer keywords as `i64` and `serde_yaml` refuses the literal, which would refuse the
//! whole document. The parser says where the literal is: it is read as the nearest 64-bit integer
//! instead, with a warning at its line, and the document parsed again.

use crate::error::Warning;

/// How many literals one document may have read this way before the parse error stands.
const MAX_REPAIRS: usize = 1_000;

/// Parses `text` with `parse`, reading each integer literal that does not fit 64 bits as the
/// nearest `i64`; gives the document, a warning per literal and the text as read, or `None` when
/// the first error is not such a literal (the caller explains it).
pub(super) fn parse_clamped<T>(
    file: &str,
    text: &str,
    first_error: &serde_yaml::Error,
    parse: impl Fn(&str) -> Result<T, serde_yaml::Error>,
) -> Option<(T, Vec<Warning>, String)> {
    let mut text = text.to_owned();
    let mut warnings = Vec::new();
    let mut error = clamp_at(&mut text, first_error)?;
    for _ in 0..MAX_REPAIRS {
        warnings.push(Warning::at_line(file, error.0, error.1, error.2));
        match parse(&text) {
            Ok(document) => return Some((document, warnings, text)),
            Err(next) => error = clamp_at(&mut text, &next)?,
        }
    }
    None
}

/// Rewrites, in `text`, the integer literal `error` is about (when it is one that does not fit 64
/// bits); gives its line, column and the warning's message.
fn clamp_at(text: &mut String, error: &serde_yaml::Error) -> Option<(usize, usize, String)> {
    let message = error.to_string();
    // `serde_yaml` reads beyond 64 bits as i128 ("invalid type"), and `openapiv3` refuses a u64
    // above i64::MAX ("invalid value").
    let literal = ["invalid type: integer `", "invalid value: integer `"]
        .iter()
        .find_map(|prefix| message.split(prefix).nth(1))?
        .split('`')
        .next()?
        .to_owned();
    let value: i128 = literal.parse().ok()?;
    if i64::try_from(value).is_ok() {
        return None;
    }
    let location = error.location()?;
    let start = location.index();
    let found = text.get(start..)?.find(literal.as_str())?;
    // The literal is where the parser says, or just after (a key or a `-` before it).
    if found > 64 {
        return None;
    }
    let clamped = if value < 0 {
        i64::MIN.to_string()
    } else {
        i64::MAX.to_string()
    };
    text.replace_range(start + found..start + found + literal.len(), &clamped);
    Some((
        location.line(),
        location.column(),
        format!("`{literal}` does not fit a 64-bit integer: read as {clamped}"),
    ))
}
