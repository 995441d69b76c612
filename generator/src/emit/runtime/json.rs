//! How the models are read from and written as JSON.
//!
//! A struct's `Deserialize` reads its fields straight from the deserializer, with no JSON value
//! in between: [`Struct::read`] is a loop over the object's members that looks each name up in
//! the struct's table of field names ([`Struct::FIELDS`]) and reads the value into that field.
//! A struct's `Serialize` writes its fields one by one through [`Fields`] (or [`Members`], with
//! additional properties). Both are a few lines per type over the helpers here, where serde's
//! derives expand to a hundred or more, which made a crate of a thousand models take minutes to
//! compile. The JSON is the same: fields in declaration order, unset optional fields left out,
//! unknown fields ignored. An error names where in the value it happened. A string enum reads a
//! string against its table of values ([`enumeration`]). Only unions read a JSON value first, to
//! see which variant a value is.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Where in a value an error happened: the steps from the value down, innermost first (`.name`,
/// `[3]`, `["key"]`), recorded only as an error passes out.
#[derive(Default)]
pub(crate) struct Path {
    steps: Vec<Step>,
}

enum Step {
    /// An item of an array.
    Index(usize),
    /// A member of an object: a struct's field (`.name`) or a map's entry (`["key"]`).
    Member { name: Cow<'static, str>, field: bool },
}

impl Path {
    /// `error` with the path in front of its message, when there is one.
    fn wrap<E: de::Error>(&self, error: E) -> E {
        if self.steps.is_empty() {
            return error;
        }
        let mut path = String::new();
        for step in self.steps.iter().rev() {
            match step {
                Step::Index(index) => path.push_str(&format!("[{index}]")),
                Step::Member { name, field: true } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Step::Member { name, field: false } => path.push_str(&format!("[{name:?}]")),
            }
        }
        E::custom(format_args!("`{path}`: {error}"))
    }
}

/// A type read from JSON, recording in `path` where an error happened.
pub(crate) trait FromJson: Sized {
    fn from_json<'de, D: Deserializer<'de>>(deserializer: D, path: &mut Path) -> Result<Self, D::Error>;
}

/// `Deserialize` for a model: the model, and the path of an error in its message.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: FromJson>(deserializer: D) -> Result<T, D::Error> {
    let mut path = Path::default();
    T::from_json(deserializer, &mut path).map_err(|error| path.wrap(error))
}

/// Scalars and free-form JSON, as serde reads them.
macro_rules! from_json_by_serde {
    ($($ty:ty),*) => {
        $(
            impl FromJson for $ty {
                fn from_json<'de, D: Deserializer<'de>>(deserializer: D, _: &mut Path) -> Result<Self, D::Error> {
                    <$ty as serde::Deserialize>::deserialize(deserializer)
                }
            }
        )*
    };
}

from_json_by_serde!(String, bool, i32, i64, f32, f64, Value, serde_json::Map<String, Value>);

#[only(binary)]
impl FromJson for crate::ByteStream {
    fn from_json<'de, D: Deserializer<'de>>(deserializer: D, path: &mut Path) -> Result<Self, D::Error> {
        String::from_json(deserializer, path).map(crate::ByteStream::from)
    }
}

/// Reads a `T` with [`FromJson`] where serde asks for a seed (an item, a member's value).
struct Seed<'p, T> {
    path: &'p mut Path,
    read: PhantomData<T>,
}

impl<'p, T> Seed<'p, T> {
    fn new(path: &'p mut Path) -> Self {
        Seed { path, read: PhantomData }
    }
}

impl<'de, T: FromJson> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::from_json(deserializer, self.path)
    }
}

impl<'de, T: FromJson> Visitor<'de> for Seed<'_, Option<T>> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::from_json(deserializer, self.path).map(Some)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json<'de, D: Deserializer<'de>>(deserializer: D, path: &mut Path) -> Result<Self, D::Error> {
        deserializer.deserialize_option(Seed::<Option<T>>::new(path))
    }
}

impl<'de, T: FromJson> Visitor<'de> for Seed<'_, Vec<T>> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // As serde bounds it: a hint is no reason to allocate much before the items are there.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            match seq.next_element_seed(Seed::new(&mut *self.path)) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(items),
                Err(error) => {
                    self.path.steps.push(Step::Index(items.len()));
                    return Err(error);
                }
            }
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json<'de, D: Deserializer<'de>>(deserializer: D, path: &mut Path) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(Seed::<Vec<T>>::new(path))
    }
}

impl<'de, T: FromJson> Visitor<'de> for Seed<'_, BTreeMap<String, T>> {
    type Value = BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            entry(&mut map, &mut *self.path, &mut entries, key)?;
        }
        Ok(entries)
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json<'de, D: Deserializer<'de>>(deserializer: D, path: &mut Path) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Seed::<BTreeMap<String, T>>::new(path))
    }
}

/// Reads the value of the member `key` into `entries`.
fn entry<'de, A: MapAccess<'de>, T: FromJson>(
    map: &mut A,
    path: &mut Path,
    entries: &mut BTreeMap<String, T>,
    key: String,
) -> Result<(), A::Error> {
    match map.next_value_seed(Seed::new(path)) {
        Ok(value) => {
            entries.insert(key, value);
            Ok(())
        }
        Err(error) => {
            path.steps.push(Step::Member { name: Cow::Owned(key), field: false });
            Err(error)
        }
    }
}

/// A struct read from a JSON object: its name, its fields' names on the wire, and how it takes
/// its fields from the object's members.
pub(crate) trait Struct: Sized {
    /// The name errors give (`invalid type: string "a", expected struct Cluster`).
    const NAME: &'static str;
    /// The fields' names on the wire, in declaration order.
    const FIELDS: &'static [&'static str];

    /// Reads the members of `object` into the fields: each member whose name is the `i`th of
    /// [`Struct::FIELDS`] into field `i`, each other one into the additional properties if the
    /// struct keeps them.
    fn read<'de, A: MapAccess<'de>>(object: Object<'_, 'de, A>) -> Result<Self, A::Error>;
}

impl<T: Struct> FromJson for T {
    fn from_json<'de, D: Deserializer<'de>>(deserializer: D, path: &mut Path) -> Result<Self, D::Error> {
        deserializer.deserialize_map(StructVisitor::<T> { path, read: PhantomData })
    }
}

struct StructVisitor<'p, T> {
    path: &'p mut Path,
    read: PhantomData<T>,
}

impl<'de, T: Struct> Visitor<'de> for StructVisitor<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(Object {
            map,
            error: None,
            path: self.path,
            fields: T::FIELDS,
            // Before the first field: the first name is looked for from the start.
            current: usize::MAX,
            unknown: None,
            read: PhantomData,
        })
    }
}

/// The members of a JSON object, read one by one into the fields of a struct.
pub(crate) struct Object<'p, 'de, A: MapAccess<'de>> {
    map: A,
    /// Why reading the last member failed, given by the next [`Object::next_field`].
    error: Option<A::Error>,
    path: &'p mut Path,
    fields: &'static [&'static str],
    /// The index of the field last named.
    current: usize,
    /// The name of the last member no field has.
    unknown: Option<String>,
    read: PhantomData<&'de ()>,
}

/// Which field a member's name is.
struct Name<'a> {
    fields: &'static [&'static str],
    /// Where the name is looked for first: after the field last named, as objects usually list
    /// their members in the order of the fields.
    from: usize,
    unknown: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for Name<'_> {
    /// The field's index, or the number of fields for a name no field has.
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Name<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        let (before, after) = self.fields.split_at(self.from.min(self.fields.len()));
        let found = after
            .iter()
            .position(|field| *field == name)
            .map(|index| index + before.len())
            .or_else(|| before.iter().position(|field| *field == name));
        Ok(found.unwrap_or_else(|| {
            *self.unknown = Some(name.to_owned());
            self.fields.len()
        }))
    }
}

impl<'de, A: MapAccess<'de>> Object<'_, 'de, A> {
    /// The index in [`Struct::FIELDS`] of the next member's name (the number of fields for a
    /// name no field has), or `None` after the last member.
    pub(crate) fn next_field(&mut self) -> Result<Option<usize>, A::Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let name = Name {
            fields: self.fields,
            from: self.current.wrapping_add(1),
            unknown: &mut self.unknown,
        };
        let found = self.map.next_key_seed(name)?;
        if let Some(index) = found.filter(|index| *index < self.fields.len()) {
            self.current = index;
        }
        Ok(found)
    }

    /// The value of the field just named (`None` for `null` when `T` is an `Option`).
    fn value<T: FromJson>(&mut self) -> Result<T, A::Error> {
        self.map.next_value_seed(Seed::new(&mut *self.path)).inspect_err(|_| {
            let name = self.fields.get(self.current).copied().unwrap_or_default();
            self.path.steps.push(Step::Member { name: Cow::Borrowed(name), field: true });
        })
    }

    /// Keeps the error of reading a member, for the next [`Object::next_field`] to give.
    fn keep<T>(&mut self, read: Result<T, A::Error>) -> Option<T> {
        read.map_err(|error| self.error = Some(error)).ok()
    }

    // One method for each way a field is declared. Each keeps its error for `next_field` rather
    // than returning it, so that a struct's `read` has one exit per member, not one per field: an
    // exit drops every field read so far, which made the code the compiler checks grow with the
    // square of the fields.

    /// Reads the field just named into `slot`, for a required field (`null` is refused).
    pub(crate) fn read<T: FromJson>(&mut self, slot: &mut Option<T>) {
        let read = self.value();
        if let Some(value) = self.keep(read) {
            *slot = Some(value);
        }
    }

    /// Reads the field just named into `slot`, for an optional field (`null` leaves it unset).
    pub(crate) fn read_optional<T: FromJson>(&mut self, slot: &mut Option<T>) {
        let read = self.value();
        if let Some(value) = self.keep(read) {
            *slot = value;
        }
    }

    /// [`Object::read`], for a field boxed because its type contains itself.
    pub(crate) fn read_boxed<T: FromJson>(&mut self, slot: &mut Option<Box<T>>) {
        let read = self.value();
        if let Some(value) = self.keep(read) {
            *slot = Some(Box::new(value));
        }
    }

    /// [`Object::read_optional`], for a field boxed because its type contains itself.
    pub(crate) fn read_optional_boxed<T: FromJson>(&mut self, slot: &mut Option<Box<T>>) {
        let read = self.value::<Option<T>>();
        if let Some(value) = self.keep(read) {
            *slot = value.map(Box::new);
        }
    }

    /// The value read for the required field `name`, or the error that the object lacks it.
    pub(crate) fn required<T>(&self, value: Option<T>, name: &'static str) -> Result<T, A::Error> {
        value.ok_or_else(|| de::Error::missing_field(name))
    }

    /// The error that the object lacks the first of the required fields `missing` says it lacks
    /// (each with its name), when it lacks several.
    pub(crate) fn missing(&self, missing: &[(bool, &'static str)]) -> A::Error {
        let name = missing.iter().find(|(missing, _)| *missing).map_or("", |(_, name)| name);
        de::Error::missing_field(name)
    }

    /// Skips the value of a member no field has.
    pub(crate) fn skip(&mut self) {
        let read = self.map.next_value::<de::IgnoredAny>();
        self.keep(read);
    }

    /// Reads the value of a member no field has into the additional properties.
    pub(crate) fn rest<T: FromJson>(&mut self, rest: &mut BTreeMap<String, T>) {
        let key = self.unknown.take().unwrap_or_default();
        let read = entry(&mut self.map, &mut *self.path, rest, key);
        self.keep(read);
    }
}

/// A string enum's value: the variant `values` pairs with the string read, or else `other` of
/// it (the enum's catch-all). A borrowed string is copied only when it is not one of `values`.
pub(crate) fn enumeration<'de, D: Deserializer<'de>, T: Clone + 'static>(
    deserializer: D,
    values: &'static [(&'static str, T)],
    other: fn(String) -> T,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(Enumeration { values, other })
}

struct Enumeration<T: 'static> {
    values: &'static [(&'static str, T)],
    other: fn(String) -> T,
}

impl<T: Clone> Enumeration<T> {
    fn known(&self, value: &str) -> Option<T> {
        self.values.iter().find(|(name, _)| *name == value).map(|(_, variant)| variant.clone())
    }
}

impl<'de, T: Clone> Visitor<'de> for Enumeration<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(self.known(value).unwrap_or_else(|| (self.other)(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Ok(match self.known(&value) {
            Some(variant) => variant,
            None => (self.other)(value),
        })
    }
}

/// A value of a union whose variants are told apart by their content: the value read as JSON
/// first, then as each variant in turn (see [`variant`]).
pub(crate) fn buffered<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    <Value as serde::Deserialize>::deserialize(deserializer)
}

/// A union's variant read from the JSON value it was buffered as.
pub(crate) fn variant<T: FromJson, E: de::Error>(value: Value, path: &mut Path) -> Result<T, E> {
    T::from_json(value, path).map_err(E::custom)
}

/// Whether a buffered value reads as `T`: for untagged unions, which try their variants in turn.
pub(crate) fn try_variant<T: FromJson>(value: &Value) -> Option<T> {
    T::from_json(value, &mut Path::default()).ok()
}

/// A value that is none of the variants of the untagged union `name`.
pub(crate) fn untagged<E: de::Error>(name: &str) -> E {
    E::custom(format_args!("data did not match any variant of untagged enum {name}"))
}

/// A struct's fields, written in order. A field that fails to be written keeps its error for
/// `end` (the fields after it are not written), so that a struct's `serialize` has one exit, not
/// one per field.
pub(crate) struct Fields<S: serde::Serializer> {
    out: S::SerializeStruct,
    error: Option<S::Error>,
}

impl<S: serde::Serializer> Fields<S> {
    /// The fields of the struct `name`, which writes at most `len` of them.
    pub(crate) fn new(serializer: S, name: &'static str, len: usize) -> Result<Self, S::Error> {
        serializer.serialize_struct(name, len).map(|out| Fields { out, error: None })
    }

    /// A field written whatever its value (`null` for a `None` that must be sent).
    pub(crate) fn field<T: serde::Serialize>(&mut self, name: &'static str, value: &T) {
        if self.error.is_none() {
            self.error = serde::ser::SerializeStruct::serialize_field(&mut self.out, name, value).err();
        }
    }

    /// A field left out when unset.
    pub(crate) fn optional<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if self.error.is_none() {
            self.error = match value {
                Some(value) => serde::ser::SerializeStruct::serialize_field(&mut self.out, name, value),
                None => serde::ser::SerializeStruct::skip_field(&mut self.out, name),
            }
            .err();
        }
    }

    /// The end of the struct, or the error of the field that failed.
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        match self.error {
            Some(error) => Err(error),
            None => serde::ser::SerializeStruct::end(self.out),
        }
    }
}

/// The fields of a struct with additional properties, written in order and then the additional
/// properties, as the members of one JSON object; errors are kept as [`Fields`] keeps them.
pub(crate) struct Members<S: serde::Serializer> {
    out: S::SerializeMap,
    error: Option<S::Error>,
}

impl<S: serde::Serializer> Members<S> {
    pub(crate) fn new(serializer: S) -> Result<Self, S::Error> {
        serializer.serialize_map(None).map(|out| Members { out, error: None })
    }

    /// A field written whatever its value (`null` for a `None` that must be sent).
    pub(crate) fn field<T: serde::Serialize>(&mut self, name: &'static str, value: &T) {
        self.member(name, value);
    }

    /// A field left out when unset.
    pub(crate) fn optional<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.member(name, value);
        }
    }

    fn member<T: serde::Serialize>(&mut self, name: &str, value: &T) {
        if self.error.is_none() {
            self.error = serde::ser::SerializeMap::serialize_entry(&mut self.out, name, value).err();
        }
    }

    /// The additional properties, then the end of the object (or the error of the member that
    /// failed).
    pub(crate) fn rest<T: serde::Serialize>(mut self, members: &BTreeMap<String, T>) -> Result<S::Ok, S::Error> {
        for (key, value) in members {
            self.member(key, value);
        }
        match self.error {
            Some(error) => Err(error),
            None => serde::ser::SerializeMap::end(self.out),
        }
    }
}
