//! JSON pointers (RFC 6901) into the spec, used to say where a problem is.

use std::fmt;

/// A JSON pointer in URI-fragment form, such as `#/components/schemas/Source/properties/ssl`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Pointer(String);

impl Pointer {
    pub(crate) fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// This pointer with one more reference token, escaped as RFC 6901 requires.
    pub(crate) fn join(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        let mut pointer = String::with_capacity(self.0.len() + 1 + token.len());
        pointer.push_str(&self.0);
        pointer.push('/');
        if token.contains(['~', '/']) {
            pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
        } else {
            pointer.push_str(token);
        }
        Pointer(pointer)
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Pointer {
    fn from(pointer: &str) -> Self {
        Pointer(pointer.to_owned())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The reference tokens of a local `$ref` (`#/a/b~1c` gives `a`, `b/c`), or `None` if the reference
/// is not a local JSON pointer.
pub(crate) fn split_local_ref(reference: &str) -> Option<Vec<String>> {
    let rest = reference.strip_prefix("#/")?;
    Some(
        rest.split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_escapes_slashes_and_tildes() {
        let pointer = Pointer::root().join("paths").join("/api/{id}").join("a~b");
        assert_eq!(pointer.as_str(), "#/paths/~1api~1{id}/a~0b");
    }

    #[test]
    fn split_unescapes() {
        assert_eq!(
            split_local_ref("#/components/schemas/A~1B~0C"),
            Some(vec![
                "components".to_owned(),
                "schemas".to_owned(),
                "A/B~C".to_owned()
            ])
        );
        assert_eq!(split_local_ref("other.yaml#/components/schemas/A"), None);
    }
}
