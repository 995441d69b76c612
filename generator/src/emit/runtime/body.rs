//! Request bodies that are not JSON: binary data (in memory or streamed), form fields and
//! multipart parts, written as the operation's media type says.

#[only(form)]
use serde::Serialize;
#[only(binary)]
use std::fmt;
#[only(binary)]
use std::sync::{Arc, Mutex};
#[only(binary_body, multipart)]
use std::sync::PoisonError;

#[only(binary_body, multipart, form)]
use crate::Error;

/// Binary data: bytes in memory, or a stream that is read as the request is sent.
///
/// Build it from bytes (`Vec<u8>`, `&'static [u8]`, `String`, [`bytes::Bytes`]) with `From`, or
/// from a stream of chunks with [`ByteStream::from_stream`]. As a part of a `multipart/form-data`
/// body it may carry a file name and a content type.
///
/// Bytes in memory are sent again when a call is retried; a stream can be read only once, so a
/// call whose body is a stream is not retried.
#[only(binary)]
#[derive(Clone, Default)]
pub struct ByteStream {
    data: Data,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[only(binary)]
#[derive(Clone)]
enum Data {
    Bytes(bytes::Bytes),
    /// Taken by the first request that sends it; clones share it.
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

#[only(binary)]
impl Default for Data {
    fn default() -> Self {
        Data::Bytes(bytes::Bytes::new())
    }
}

#[only(binary)]
impl ByteStream {
    /// A body read from `stream` as the request is sent, chunk by chunk, without holding it all
    /// in memory.
    pub fn from_stream<S>(stream: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        bytes::Bytes: From<S::Ok>,
    {
        let body = reqwest::Body::wrap_stream(stream);
        ByteStream { data: Data::Stream(Arc::new(Mutex::new(Some(body)))), file_name: None, content_type: None }
    }

    /// The file name sent with the data as a multipart part.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The content type of the data, instead of the one the spec gives (or
    /// `application/octet-stream`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name, if one was set.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if one was set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The bytes, when the data is in memory (`None` for a stream).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.data {
            Data::Bytes(bytes) => Some(bytes),
            Data::Stream(_) => None,
        }
    }

    /// Whether the data can be sent again (it is in memory).
    #[only(binary_body, multipart)]
    pub(crate) fn is_replayable(&self) -> bool {
        matches!(self.data, Data::Bytes(_))
    }

    /// The body of one request: the bytes again, or the stream, once.
    #[only(binary_body, multipart)]
    pub(crate) fn to_body(&self) -> Result<reqwest::Body, Error> {
        match &self.data {
            Data::Bytes(bytes) => Ok(reqwest::Body::from(bytes.clone())),
            Data::Stream(stream) => stream
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
                .ok_or_else(|| Error::InvalidRequest("a streamed body can be sent only once".to_owned())),
        }
    }
}

#[only(binary)]
impl From<bytes::Bytes> for ByteStream {
    fn from(bytes: bytes::Bytes) -> Self {
        ByteStream { data: Data::Bytes(bytes), file_name: None, content_type: None }
    }
}

#[only(binary)]
impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        bytes::Bytes::from(bytes).into()
    }
}

#[only(binary)]
impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        bytes::Bytes::from_static(bytes).into()
    }
}

#[only(binary)]
impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        bytes::Bytes::from(text).into()
    }
}

#[only(binary)]
impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        bytes::Bytes::from_static(text.as_bytes()).into()
    }
}

#[only(binary)]
impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ByteStream");
        match &self.data {
            Data::Bytes(bytes) => debug.field("len", &bytes.len()),
            Data::Stream(_) => debug.field("len", &"streamed"),
        };
        debug.field("file_name", &self.file_name).field("content_type", &self.content_type).finish()
    }
}

/// Data in memory are equal when their bytes, file names and content types are; a stream only
/// equals its clones.
#[only(binary)]
impl PartialEq for ByteStream {
    fn eq(&self, other: &Self) -> bool {
        let data = match (&self.data, &other.data) {
            (Data::Bytes(a), Data::Bytes(b)) => a == b,
            (Data::Stream(a), Data::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        data && self.file_name == other.file_name && self.content_type == other.content_type
    }
}

/// JSON has no binary values: the bytes are written as a string (invalid UTF-8 replaced), and a
/// stream cannot be written.
#[only(binary)]
impl serde::Serialize for ByteStream {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.data {
            Data::Bytes(bytes) => serializer.serialize_str(&String::from_utf8_lossy(bytes)),
            Data::Stream(_) => Err(serde::ser::Error::custom("a streamed body has no JSON form")),
        }
    }
}

/// Read from a JSON string, as its UTF-8 bytes.
#[only(binary)]
impl<'de> serde::Deserialize<'de> for ByteStream {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(ByteStream::from)
    }
}

/// How a property of an `application/x-www-form-urlencoded` body is written (its `encoding`).
#[only(form)]
pub(crate) enum FormStyle {
    /// `name=a&name=b` for arrays, `key=value` pairs for objects.
    Exploded,
    /// `name=a,b` for arrays, `name=key,value` for objects.
    #[only(form_style_form)]
    Form,
    /// `name=a b`.
    #[only(form_style_space_delimited)]
    SpaceDelimited,
    /// `name=a|b`.
    #[only(form_style_pipe_delimited)]
    PipeDelimited,
    /// `name[key]=value`.
    #[only(form_style_deep_object)]
    DeepObject,
    /// The value as JSON text (an `encoding` content type of JSON).
    #[only(form_style_json)]
    Json,
}

/// `body` as `application/x-www-form-urlencoded` text: each property a field, written as
/// `styles` says (exploded form style for the others).
#[only(form)]
pub(crate) fn form_urlencoded<T: Serialize>(body: &T, styles: &[(&str, FormStyle)]) -> Result<Vec<u8>, Error> {
    use serde_json::Value;

    fn text(value: &Value) -> String {
        match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
    let invalid = |error: serde_json::Error| Error::InvalidRequest(error.to_string());
    let properties = match serde_json::to_value(body).map_err(invalid)? {
        Value::Object(properties) => properties,
        Value::Null => serde_json::Map::new(),
        _ => return Err(Error::InvalidRequest("a form body must be an object".to_owned())),
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    for (name, value) in properties {
        let style = styles.iter().find(|(property, _)| *property == name).map_or(&FormStyle::Exploded, |(_, style)| style);
        #[only(form_style_form, form_style_deep_object, form_style_space_delimited, form_style_pipe_delimited)]
        let joined = |separator: &str, items: Vec<String>| items.join(separator);
        match (style, value) {
            (_, Value::Null) => {}
            #[only(form_style_json)]
            (FormStyle::Json, value) => fields.push((name, value.to_string())),
            (FormStyle::Exploded, Value::Array(items)) => fields.extend(items.iter().map(|item| (name.clone(), text(item)))),
            (FormStyle::Exploded, Value::Object(entries)) => {
                fields.extend(entries.iter().map(|(key, value)| (key.clone(), text(value))));
            }
            #[only(form_style_deep_object)]
            (FormStyle::DeepObject, Value::Object(entries)) => {
                fields.extend(entries.iter().map(|(key, value)| (format!("{name}[{key}]"), text(value))));
            }
            #[only(form_style_form)]
            (FormStyle::Form, Value::Object(entries)) => {
                let items = entries.iter().flat_map(|(key, value)| [key.clone(), text(value)]).collect();
                fields.push((name, joined(",", items)));
            }
            #[only(form_style_space_delimited)]
            (FormStyle::SpaceDelimited, Value::Array(items)) => fields.push((name, joined(" ", items.iter().map(text).collect()))),
            #[only(form_style_pipe_delimited)]
            (FormStyle::PipeDelimited, Value::Array(items)) => fields.push((name, joined("|", items.iter().map(text).collect()))),
            #[only(form_style_form, form_style_deep_object)]
            (_, Value::Array(items)) => fields.push((name, joined(",", items.iter().map(text).collect()))),
            (_, value) => fields.push((name, text(&value))),
        }
    }
    serde_urlencoded::to_string(&fields).map(String::into_bytes).map_err(|error| Error::InvalidRequest(error.to_string()))
}

/// The parts of a `multipart/form-data` body, kept so that the body can be sent again when a
/// call is retried (unless a part is a stream).
#[only(multipart)]
#[derive(Default)]
pub(crate) struct Multipart {
    parts: Vec<(&'static str, ByteStream)>,
    /// Why a part could not be written, if one could not: the first reason.
    #[only(multipart_json)]
    invalid: Option<Error>,
}

#[only(multipart)]
impl Multipart {
    /// A text part (`text/plain` unless `content_type` says otherwise).
    #[only(multipart_text)]
    pub(crate) fn text(&mut self, name: &'static str, value: impl Into<String>, content_type: Option<&str>) {
        let mut part = ByteStream::from(value.into());
        part.content_type = content_type.map(str::to_owned);
        self.parts.push((name, part));
    }

    /// A part holding `value` as JSON (`application/json` unless `content_type` says otherwise).
    /// A value that does not serialize makes the form invalid ([`Multipart::check`]).
    #[only(multipart_json)]
    pub(crate) fn json<T: serde::Serialize>(&mut self, name: &'static str, value: &T, content_type: Option<&str>) {
        match serde_json::to_vec(value) {
            Ok(json) => {
                let part = ByteStream::from(json).with_content_type(content_type.unwrap_or("application/json"));
                self.parts.push((name, part));
            }
            Err(error) => {
                self.invalid.get_or_insert(Error::InvalidRequest(error.to_string()));
            }
        }
    }

    /// A file part: the data's own file name and content type, else the property's name and
    /// `content_type` (else `application/octet-stream`).
    #[only(multipart_file)]
    pub(crate) fn file(&mut self, name: &'static str, value: &ByteStream, content_type: Option<&str>) {
        let mut part = value.clone();
        part.file_name.get_or_insert_with(|| name.to_owned());
        part.content_type.get_or_insert_with(|| content_type.unwrap_or("application/octet-stream").to_owned());
        self.parts.push((name, part));
    }

    /// The form, or why one of its parts could not be written.
    #[only(multipart_json)]
    pub(crate) fn check(mut self) -> Result<Self, Error> {
        match self.invalid.take() {
            Some(error) => Err(error),
            None => Ok(self),
        }
    }

    /// The form: every part of this API's forms can be written.
    #[unless(multipart_json)]
    pub(crate) fn check(self) -> Result<Self, Error> {
        Ok(self)
    }

    /// Whether every part can be sent again.
    pub(crate) fn is_replayable(&self) -> bool {
        self.parts.iter().all(|(_, part)| part.is_replayable())
    }

    /// The form of one request.
    pub(crate) fn to_form(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, data) in &self.parts {
            let mut part = reqwest::multipart::Part::stream(data.to_body()?);
            if let Some(file_name) = &data.file_name {
                part = part.file_name(file_name.clone());
            }
            if let Some(content_type) = &data.content_type {
                part = part
                    .mime_str(content_type)
                    .map_err(|_| Error::InvalidRequest(format!("invalid content type {content_type:?}")))?;
            }
            form = form.part(*name, part);
        }
        Ok(form)
    }
}
