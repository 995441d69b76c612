//! Mapping keys read as strings, as OpenAPI requires.
//!
//! OpenAPI says the keys of a YAML spec are strings (the YAML failsafe schema): `200:` is the
//! key `"200"`, as it would be in JSON. `serde_yaml` gives a plain `200` to whoever asks for
//! "any value" as an integer, and `openapiv3` asks exactly that wherever it buffers a value
//! (untagged enums, `#[serde(flatten)]`, every `ReferenceOr` and `x-` extension): a map with
//! an unquoted number or boolean key there, such as `responses: {200: ...}` inside an
//! `x-webhooks` extension, then fails with "invalid type: integer `200`, expected a string key".
//!
//! [`from_str`] wraps the YAML deserializer so that every mapping key, at any depth, is read
//! with `deserialize_str`, which gives the key's text as written. Values are untouched.
//! The loader uses it only when the plain parse has failed, so well-formed specs with string
//! keys pay nothing for it.

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

/// `text` parsed as `T`, with every mapping key read as a string.
pub(super) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_yaml::Error> {
    T::deserialize(StringKeys::<_, false>(serde_yaml::Deserializer::from_str(
        text,
    )))
}

/// A deserializer whose maps give string keys. `KEY` marks the deserializer of a key itself,
/// where "any value" is read as a string.
struct StringKeys<D, const KEY: bool>(D);

/// A visitor whose maps, sequences, options and enums are read through [`StringKeys`].
struct Wrap<V>(V);

/// A seed that deserializes a value (`KEY` false) or a key (`KEY` true) through [`StringKeys`].
struct Seed<S, const KEY: bool>(S);

struct Map<A>(A);
struct Seq<A>(A);
struct Enum<A>(A);
struct Variant<A>(A);

macro_rules! forward_deserialize {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.0.$method(Wrap(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>, const KEY: bool> Deserializer<'de> for StringKeys<D, KEY> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if KEY {
            self.0.deserialize_str(Wrap(visitor))
        } else {
            self.0.deserialize_any(Wrap(visitor))
        }
    }

    forward_deserialize! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string
        deserialize_bytes deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq
        deserialize_map deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_struct(name, fields, Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident($type:ty))*) => {
        $(
            fn $method<E: de::Error>(self, value: $type) -> Result<Self::Value, E> {
                self.0.$method(value)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(formatter)
    }

    forward_visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64) visit_i128(i128)
        visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64) visit_u128(u128)
        visit_f32(f32) visit_f64(f64) visit_char(char) visit_str(&str) visit_borrowed_str(&'de str)
        visit_string(String) visit_bytes(&[u8]) visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(StringKeys::<_, false>(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        self.0
            .visit_newtype_struct(StringKeys::<_, false>(deserializer))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(Seq(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Map(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(Enum(data))
    }
}

impl<'de, S: DeserializeSeed<'de>, const KEY: bool> DeserializeSeed<'de> for Seed<S, KEY> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(StringKeys::<_, KEY>(deserializer))
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        self.0.next_key_seed(Seed::<_, true>(seed))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.next_value_seed(Seed::<_, false>(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0.next_element_seed(Seed::<_, false>(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), Self::Error> {
        self.0
            .variant_seed(seed)
            .map(|(value, variant)| (value, Variant(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), Self::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        self.0.newtype_variant_seed(Seed::<_, false>(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::from_str;

    #[test]
    fn keys_are_strings_at_every_depth_even_inside_buffered_values() {
        let text = "a:\n  200: ok\n  true: yes\n  ~: tilde\n  1.50: as written\nb: [ {404: x} ]\n";
        let value: serde_json::Value = from_str(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            value,
            serde_json::json!({"a": {"200": "ok", "true": "yes", "~": "tilde", "1.50": "as written"}, "b": [{"404": "x"}]})
        );
        // Buffered the way `openapiv3`'s untagged enums and flattened fields buffer values.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Buffered {
            Value(serde_json::Value),
        }
        assert!(
            serde_yaml::from_str::<Buffered>(text).is_err(),
            "the plain parse fails"
        );
        assert_eq!(
            from_str::<Buffered>(text)
                .ok()
                .map(|Buffered::Value(buffered)| buffered),
            Some(value)
        );
    }

    #[test]
    fn values_are_untouched() {
        let text = "n: 200\nf: 1.5\nb: true\nnull_value: ~\ns: '200'\nlist: [1, two]\n";
        let wrapped: BTreeMap<String, serde_yaml::Value> =
            from_str(text).unwrap_or_else(|e| panic!("{e}"));
        let plain: BTreeMap<String, serde_yaml::Value> =
            serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(wrapped, plain);
    }

    #[test]
    fn an_extension_with_integer_status_keys_loads() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\nx-webhooks:\n  hook:\n    post:\n      responses:\n        200:\n          description: ok\n";
        assert!(
            serde_yaml::from_str::<openapiv3::OpenAPI>(text).is_err(),
            "the plain parse fails"
        );
        let document: openapiv3::OpenAPI = from_str(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            document.extensions["x-webhooks"]["hook"]["post"]["responses"]["200"]["description"],
            "ok"
        );
        let operation = document
            .operations()
            .next()
            .map(|(_, _, operation)| operation.clone());
        let status =
            operation.and_then(|operation| operation.responses.responses.keys().next().cloned());
        assert_eq!(status, Some(openapiv3::StatusCode::Code(200)));
    }
}
