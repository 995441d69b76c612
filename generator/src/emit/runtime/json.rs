//! How the models are read from and written as JSON.
//!
//! Each model's `Deserialize` reads a `serde_json::Value` and takes its fields out of it with
//! [`FromJson`], and its `Serialize` lists its fields for [`Fields`]: a few lines per type over
//! the helpers here, where serde's derives expand to a hundred or more, which made a crate of a
//! thousand models take minutes to compile. The JSON is the same: fields in declaration order,
//! unset optional fields left out, unknown fields ignored.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::Unexpected;
use serde_json::Value;

/// Why a JSON value is not the model expected, and where in the value.
#[derive(Debug)]
pub(crate) struct Error {
    message: String,
    /// From the innermost step out: `.name`, `[3]`, `["key"]`.
    path: Vec<String>,
}

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Error { message: message.into(), path: Vec::new() }
    }

    /// A value that is none of the variants of the untagged union `name`.
    pub(crate) fn untagged(name: &str) -> Self {
        Error::new(format!("data did not match any variant of untagged enum {name}"))
    }

    /// `value` is not what `expected` names (`a sequence`, `struct Cluster`).
    fn invalid_type(value: &Value, expected: &str) -> Self {
        let unexpected = match value {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Unexpected::Unsigned(u),
                (None, Some(i), _) => Unexpected::Signed(i),
                (None, None, f) => Unexpected::Float(f.unwrap_or_default()),
            },
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        };
        Error::new(format!("invalid type: {unexpected}, expected {expected}"))
    }

    fn at(mut self, step: String) -> Self {
        self.path.push(step);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            return f.write_str(&self.message);
        }
        let path: String = self.path.iter().rev().map(String::as_str).collect();
        write!(f, "`{}`: {}", path.trim_start_matches('.'), self.message)
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Error::new(error.to_string())
    }
}

/// A type read from a JSON value it owns (so strings move rather than copy).
pub(crate) trait FromJson: Sized {
    fn from_json(value: Value) -> Result<Self, Error>;
}

/// `Deserialize` for a model: the value, then the model from it.
pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>, T: FromJson>(deserializer: D) -> Result<T, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    T::from_json(value).map_err(serde::de::Error::custom)
}

/// Scalars and free-form JSON, as serde reads them from a value.
macro_rules! from_json_by_serde {
    ($($ty:ty),*) => {
        $(
            impl FromJson for $ty {
                fn from_json(value: Value) -> Result<Self, Error> {
                    <$ty as serde::Deserialize>::deserialize(value).map_err(Error::from)
                }
            }
        )*
    };
}

from_json_by_serde!(String, bool, i32, i64, f32, f64);

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, Error> {
        Ok(value)
    }
}

impl FromJson for serde_json::Map<String, Value> {
    fn from_json(value: Value) -> Result<Self, Error> {
        match value {
            Value::Object(members) => Ok(members),
            other => Err(Error::invalid_type(&other, "a map")),
        }
    }
}

#[only(binary)]
impl FromJson for crate::ByteStream {
    fn from_json(value: Value) -> Result<Self, Error> {
        String::from_json(value).map(crate::ByteStream::from)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, Error> {
        match value {
            Value::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value) -> Result<Self, Error> {
        T::from_json(value).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, Error> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(index, item)| T::from_json(item).map_err(|error| error.at(format!("[{index}]"))))
                .collect(),
            other => Err(Error::invalid_type(&other, "a sequence")),
        }
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, Error> {
        match value {
            Value::Object(members) => entries(members),
            other => Err(Error::invalid_type(&other, "a map")),
        }
    }
}

fn entries<T: FromJson>(members: serde_json::Map<String, Value>) -> Result<BTreeMap<String, T>, Error> {
    members
        .into_iter()
        .map(|(key, value)| match T::from_json(value) {
            Ok(value) => Ok((key, value)),
            Err(error) => Err(error.at(format!("[{key:?}]"))),
        })
        .collect()
}

/// The members of a JSON object, taken out one by one into the fields of a struct.
pub(crate) struct Object {
    members: serde_json::Map<String, Value>,
}

impl Object {
    /// The object `value` is, or an error naming the struct `name` expected.
    pub(crate) fn new(value: Value, name: &str) -> Result<Self, Error> {
        match value {
            Value::Object(members) => Ok(Object { members }),
            other => Err(Error::invalid_type(&other, &format!("struct {name}"))),
        }
    }

    /// A field that must be present.
    pub(crate) fn required<T: FromJson>(&mut self, name: &str) -> Result<T, Error> {
        match self.members.remove(name) {
            Some(value) => T::from_json(value).map_err(|error| error.at(format!(".{name}"))),
            None => Err(Error::new(format!("missing field `{name}`"))),
        }
    }

    /// A field that may be absent or `null`.
    pub(crate) fn optional<T: FromJson>(&mut self, name: &str) -> Result<Option<T>, Error> {
        match self.members.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => T::from_json(value).map(Some).map_err(|error| error.at(format!(".{name}"))),
        }
    }

    /// The members no field took: the struct's additional properties.
    pub(crate) fn rest<T: FromJson>(self) -> Result<BTreeMap<String, T>, Error> {
        entries(self.members)
    }
}

/// A struct's fields, in order, as its `Serialize` writes them.
pub(crate) struct Fields<'a> {
    name: &'static str,
    fields: Vec<(&'static str, &'a dyn erased_serde::Serialize)>,
    /// Additional properties, written after the fields: the struct is then written as a map.
    rest: Option<Vec<(&'a str, &'a dyn erased_serde::Serialize)>>,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(name: &'static str) -> Self {
        Fields { name, fields: Vec::new(), rest: None }
    }

    /// A field written whatever its value (`null` for a `None` that must be sent).
    pub(crate) fn field<T: serde::Serialize>(mut self, name: &'static str, value: &'a T) -> Self {
        self.fields.push((name, value));
        self
    }

    /// A field left out when unset.
    pub(crate) fn optional<T: serde::Serialize>(mut self, name: &'static str, value: &'a Option<T>) -> Self {
        if value.is_some() {
            self.fields.push((name, value));
        }
        self
    }

    /// Additional properties, as members after the fields.
    pub(crate) fn rest<T: serde::Serialize>(mut self, members: &'a BTreeMap<String, T>) -> Self {
        let rest = self.rest.get_or_insert_with(Vec::new);
        for (key, value) in members {
            rest.push((key.as_str(), value));
        }
        self
    }

    pub(crate) fn serialize<S: serde::Serializer>(self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeStruct};
        match self.rest {
            None => {
                let mut out = serializer.serialize_struct(self.name, self.fields.len())?;
                for (name, value) in self.fields {
                    out.serialize_field(name, value)?;
                }
                out.end()
            }
            Some(rest) => {
                let mut out = serializer.serialize_map(None)?;
                for (name, value) in self.fields {
                    out.serialize_entry(name, value)?;
                }
                for (key, value) in rest {
                    out.serialize_entry(key, value)?;
                }
                out.end()
            }
        }
    }
}
