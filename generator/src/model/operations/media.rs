//! Which entry of a `content` map serves which Atlas API version: the version a media type belongs
//! to (`x-xgen-version`, or the date in `application/vnd.atlas.YYYY-MM-DD+json`), and the entry
//! picked for a version.

use indexmap::IndexMap;
use openapiv3::MediaType;

/// The Atlas API version a media type belongs to: its `x-xgen-version` when that is a well-formed
/// version (see [`malformed_version`]), or the date in `application/vnd.atlas.YYYY-MM-DD+...`.
pub(super) fn version_of(media_type: &str, media: &MediaType) -> Option<String> {
    if let Some(version) = media
        .extensions
        .get("x-xgen-version")
        .and_then(serde_json::Value::as_str)
        .filter(|version| is_version(version))
    {
        return Some(version.to_owned());
    }
    let rest = media_type.strip_prefix("application/vnd.atlas.")?;
    let date = rest.split('+').next()?;
    is_date(date).then(|| date.to_owned())
}

/// A media type's `x-xgen-version` that is not a version (a date such as `2024-05-30`, or a name
/// such as `preview`): upstream once wrote a whole media type there. Such a value is not a
/// version of the operation (no method is named after it); the caller warns at its place.
pub(super) fn malformed_version(media: &MediaType) -> Option<&str> {
    media
        .extensions
        .get("x-xgen-version")
        .and_then(serde_json::Value::as_str)
        .filter(|version| !is_version(version))
}

/// Whether `version` is an API version: a date, or a name of ASCII letters, digits and hyphens
/// starting with a letter (`preview`).
fn is_version(version: &str) -> bool {
    is_date(version)
        || (version.len() <= 32
            && version.starts_with(|c: char| c.is_ascii_alphabetic())
            && version
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Whether an API version is a date (`2024-05-30`), not a name such as `preview`.
pub(super) fn is_date(version: &str) -> bool {
    version.len() == 10
        && version.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The entry of `content` for `version`: the one with that version, else the newest earlier one,
/// else (for unversioned content such as `application/json`) the first.
pub(super) fn pick<'c>(
    content: &'c IndexMap<String, MediaType>,
    version: Option<&str>,
) -> Option<(&'c String, &'c MediaType, bool)> {
    let versioned: Vec<(&String, &MediaType, String)> = content
        .iter()
        .filter_map(|(media_type, media)| {
            version_of(media_type, media).map(|v| (media_type, media, v))
        })
        .collect();
    if let Some(version) = version {
        if let Some((media_type, media, _)) = versioned.iter().find(|(_, _, v)| v == version) {
            return Some((media_type, media, true));
        }
        if let Some((media_type, media, _)) = versioned
            .iter()
            .filter(|(_, _, v)| v.as_str() < version)
            .max_by(|a, b| a.2.cmp(&b.2))
        {
            return Some((media_type, media, false));
        }
    }
    // Unversioned content: JSON where offered, else the first.
    let unversioned = || {
        content
            .iter()
            .filter(|(media_type, media)| version_of(media_type, media).is_none())
    };
    unversioned()
        .find(|(media_type, _)| essence(media_type).ends_with("json"))
        .or_else(|| unversioned().next())
        .or_else(|| content.iter().next())
        .map(|(media_type, media)| (media_type, media, false))
}

/// The media type's type and subtype, lowercase, without parameters (`application/json`).
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or(media_type)
        .trim()
        .to_ascii_lowercase()
}
