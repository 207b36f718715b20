//! Reading generated structs from JSON: the part of each struct's `Deserialize` that is the same
//! for every struct, so what is generated per struct is only which key fills which field.
//!
//! It reads as serde's derive does for a struct read from a JSON object: keys the struct does not
//! have are skipped, a key given twice is an error (`duplicate field`), an absent optional field is
//! `None`, an absent required field is an error (`missing field`) unless its type is an `Option`,
//! and anything but an object is an error (`invalid type: …, expected struct Name`). Unlike the
//! derive it does not read a struct from an array of its fields' values, which no JSON schema
//! object is; and a struct's share of the work is much smaller than the derive's (with the whole
//! Cloudflare document, `cargo check` needs 4.5 GB instead of 6.3, BENCHMARKS.md).

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// The fields of a generated struct while it is read, one `Option` per field: the generated part.
pub trait Fields<'de>: Default {
    /// The struct they make.
    type Value;
    /// The struct's name, for messages.
    const NAME: &'static str;
    /// The struct's JSON keys, in field order.
    const KEYS: &'static [&'static str];
    /// Reads the value of the field whose key is `KEYS[index]`.
    fn read<A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
    /// The struct, or the error of the first required field that is absent.
    fn build<E: de::Error>(self) -> Result<Self::Value, E>;
}

/// Reads the struct `F` makes.
pub fn deserialize_struct<'de, F, D>(deserializer: D) -> Result<F::Value, D::Error>
where
    F: Fields<'de>,
    D: de::Deserializer<'de>,
{
    deserializer.deserialize_struct(F::NAME, F::KEYS, StructVisitor::<F>(PhantomData))
}

/// What a required field is when its key is absent: `None` if its type is an `Option` (the field
/// may be `null`, so absent reads the same), otherwise the `missing field` error.
pub fn missing<'de, T: de::Deserialize<'de>, E: de::Error>(key: &'static str) -> Result<T, E> {
    T::deserialize(Missing(key, PhantomData))
}

struct StructVisitor<F>(PhantomData<F>);

impl<'de, F: Fields<'de>> Visitor<'de> for StructVisitor<F> {
    type Value = F::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", F::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F::Value, A::Error> {
        let mut fields = F::default();
        let mut seen = vec![false; F::KEYS.len()];
        while let Some(key) = map.next_key_seed(Key(F::KEYS))? {
            match key {
                Some(index) if std::mem::replace(&mut seen[index], true) => {
                    return Err(de::Error::duplicate_field(F::KEYS[index]));
                }
                Some(index) => fields.read(index, &mut map)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        fields.build()
    }
}

/// A key: its position among a struct's keys, or `None` for one the struct does not have.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|known| *known == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|known| known.as_bytes() == key))
    }
}

/// The value of an absent key: `None` to an `Option`, `missing field` to anything else.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> de::Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(de::Error::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A struct read the way generated structs are: `id` required, `note` required but
    /// nullable, `size` optional.
    #[derive(Debug, PartialEq)]
    struct Thing {
        id: String,
        note: Option<String>,
        size: Option<i64>,
    }

    #[derive(Default)]
    struct ThingFields {
        id: Option<String>,
        note: Option<Option<String>>,
        size: Option<i64>,
    }

    impl<'de> Fields<'de> for ThingFields {
        type Value = Thing;
        const NAME: &'static str = "Thing";
        const KEYS: &'static [&'static str] = &["id", "note", "size"];

        fn read<A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
            match index {
                0 => self.id = Some(map.next_value()?),
                1 => self.note = Some(map.next_value()?),
                _ => self.size = map.next_value()?,
            }
            Ok(())
        }

        fn build<E: de::Error>(self) -> Result<Thing, E> {
            Ok(Thing {
                id: match self.id {
                    Some(value) => value,
                    None => missing("id")?,
                },
                note: match self.note {
                    Some(value) => value,
                    None => missing("note")?,
                },
                size: self.size,
            })
        }
    }

    /// A struct whose fields are all optional, read into itself as generated ones are: no
    /// struct of slots, and built as it was filled.
    #[derive(Debug, Default, PartialEq)]
    struct Note {
        text: Option<String>,
        size: Option<i64>,
    }

    impl<'de> Fields<'de> for Note {
        type Value = Self;
        const NAME: &'static str = "Note";
        const KEYS: &'static [&'static str] = &["text", "size"];

        fn read<A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
            match index {
                0 => self.text = map.next_value()?,
                _ => self.size = map.next_value()?,
            }
            Ok(())
        }

        fn build<E: de::Error>(self) -> Result<Self, E> {
            Ok(self)
        }
    }

    fn read_note(json: &str) -> Result<Note, String> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        deserialize_struct::<Note, _>(&mut deserializer).map_err(|e| e.to_string())
    }

    #[test]
    fn a_struct_read_into_itself_reads_and_refuses_as_the_others() {
        let note = |text: Option<&str>, size| Note {
            text: text.map(Into::into),
            size,
        };
        assert_eq!(read_note(r#"{}"#), Ok(note(None, None)));
        assert_eq!(
            read_note(r#"{"size":2,"other":{"a":[]},"text":"t"}"#),
            Ok(note(Some("t"), Some(2)))
        );
        assert_eq!(read_note(r#"{"text":null}"#), Ok(note(None, None)));
        let error = |json| read_note(json).unwrap_err();
        assert!(error(r#"{"size":1,"size":2}"#).starts_with("duplicate field `size`"));
        assert!(error(r#"{"size":"1"}"#).starts_with("invalid type: string \"1\", expected i64"));
        assert!(error(r#"[]"#).starts_with("invalid type: sequence, expected struct Note"));
    }

    fn read(json: &str) -> Result<Thing, String> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        deserialize_struct::<ThingFields, _>(&mut deserializer).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_like_serdes_derive() {
        let thing = |note: Option<&str>, size| Thing {
            id: "a".into(),
            note: note.map(Into::into),
            size,
        };
        assert_eq!(
            read(r#"{"id":"a","note":"n","size":3}"#),
            Ok(thing(Some("n"), Some(3)))
        );
        assert_eq!(
            read(r#"{"size":null,"id":"a","other":[1,{}]}"#),
            Ok(thing(None, None))
        );
        assert_eq!(read(r#"{"id":"a","note":null}"#), Ok(thing(None, None)));
        let from_value = serde_json::json!({"id": "a", "note": "n"});
        let from_value =
            deserialize_struct::<ThingFields, _>(from_value).map_err(|e| e.to_string());
        assert_eq!(from_value, Ok(thing(Some("n"), None)));
    }

    #[test]
    fn refuses_what_serdes_derive_refuses() {
        let error = |json| read(json).unwrap_err();
        assert!(error(r#"{"note":"n"}"#).starts_with("missing field `id`"));
        assert!(error(r#"{"id":"a","id":"b"}"#).starts_with("duplicate field `id`"));
        assert!(error(r#"{"id":1}"#).starts_with("invalid type: integer `1`, expected a string"));
        assert!(error(r#"["a"]"#).starts_with("invalid type: sequence, expected struct Thing"));
        assert!(error(r#""a""#).starts_with("invalid type: string \"a\", expected struct Thing"));
    }
}
