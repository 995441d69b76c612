//! The string and number `format`s checked.

use serde_json::Number;

/// Whether a number satisfies its `format`; only `int32` and `int64` are checked.
pub(super) fn number_format_holds(format: &str, number: &Number) -> bool {
    let range = match format {
        "int32" => i128::from(i32::MIN)..=i128::from(i32::MAX),
        "int64" => i128::from(i64::MIN)..=i128::from(i64::MAX),
        _ => return true,
    };
    whole(number).is_some_and(|n| range.contains(&n))
}

/// Whether a string satisfies its `format`; only `date-time`, `date`, `uuid` and `email` are
/// checked.
pub(super) fn string_format_holds(format: &str, text: &str) -> bool {
    match format {
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        "uuid" => is_uuid(text),
        "email" => is_email(text),
        _ => true,
    }
}

/// Whether the text is an RFC 3339 date-time: a date, `T` (or `t` or a space), a time with
/// optional fraction, and `Z` or a `+hh:mm`/`-hh:mm` offset (the colon and minutes may be left
/// out, as the mock server allows).
fn is_date_time(text: &str) -> bool {
    text.split_once(['T', 't', ' '])
        .is_some_and(|(date, time)| is_date(date) && is_time(time))
}

/// Whether the text is a full date, `YYYY-MM-DD`, naming a day that exists.
fn is_date(text: &str) -> bool {
    let mut parts = text.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Some(year), Some(month), Some(day)) = (digits(year, 4), digits(month, 2), digits(day, 2))
    else {
        return false;
    };
    (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)
}

/// The number of days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether the text is an RFC 3339 time with its offset: `hh:mm:ss`, an optional `.` and digits,
/// then `Z` or a numeric offset.
fn is_time(text: &str) -> bool {
    let (clock, offset_ok) = match text.strip_suffix(['Z', 'z']) {
        Some(clock) => (clock, true),
        None => match text.rsplit_once(['+', '-']) {
            Some((clock, offset)) => (clock, is_offset(offset)),
            None => return false,
        },
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let mut parts = clock.split(':');
    let (Some(hour), Some(minute), Some(second), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    offset_ok
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && digits(hour, 2).is_some_and(|h| h <= 23)
        && digits(minute, 2).is_some_and(|m| m <= 59)
        && digits(second, 2).is_some_and(|s| s <= 60)
}

/// Whether the text is a time offset after its sign: `hh:mm`, `hhmm` or `hh`.
fn is_offset(text: &str) -> bool {
    let (hour, minute) = match text.split_once(':') {
        Some(parts) => parts,
        None => text
            .split_at_checked(2.min(text.len()))
            .unwrap_or((text, "")),
    };
    digits(hour, 2).is_some_and(|h| h <= 23)
        && (minute.is_empty() || digits(minute, 2).is_some_and(|m| m <= 59))
}

/// The number written by exactly `count` ASCII digits, or `None`.
fn digits(text: &str, count: usize) -> Option<u32> {
    if text.len() != count || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Whether the text is a UUID in its hyphenated hexadecimal form, optionally after `urn:uuid:`.
fn is_uuid(text: &str) -> bool {
    let text = text.strip_prefix("urn:uuid:").unwrap_or(text);
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// Whether the text looks like an e-mail address: one `@` with text on both sides.
fn is_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !domain.contains('@')
    })
}

/// The number as a whole number, if it has no fractional part.
pub(super) fn whole(number: &Number) -> Option<i128> {
    if let Some(n) = number.as_i64() {
        return Some(i128::from(n));
    }
    if let Some(n) = number.as_u64() {
        return Some(i128::from(n));
    }
    let n = number.as_f64()?;
    // Past 2^100 the value is outside every range checked here; any stand-in that large will do.
    (n.fract() == 0.0).then(|| n.clamp(-1e30, 1e30) as i128)
}
