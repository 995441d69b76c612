//! Local `$ref` resolution over `#/components/...`.

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::pointer::{Pointer, split_local_ref};
use crate::error::Error;

/// How many `$ref`s may be chained (`A` refers to `B` refers to `C` ...) before we call it a cycle.
const MAX_REF_CHAIN: usize = 64;

/// Follows `$ref`s inside one document. Every failure names the pointer where the `$ref` stands.
pub(crate) struct Resolver<'a> {
    document: &'a OpenAPI,
    file: &'a str,
}

/// A component kind that `$ref`s can point at, and where it lives in `#/components`.
trait Component: Sized + 'static {
    const SECTION: &'static str;
    /// The component's key as stored in the document, and its value.
    fn lookup<'a>(document: &'a OpenAPI, name: &str) -> Option<(&'a str, &'a ReferenceOr<Self>)>;
}

macro_rules! component {
    ($type:ty, $section:literal, $field:ident) => {
        impl Component for $type {
            const SECTION: &'static str = $section;
            fn lookup<'a>(
                document: &'a OpenAPI,
                name: &str,
            ) -> Option<(&'a str, &'a ReferenceOr<Self>)> {
                let (key, value) = document.components.as_ref()?.$field.get_key_value(name)?;
                Some((key.as_str(), value))
            }
        }
    };
}

component!(Schema, "schemas", schemas);
component!(Parameter, "parameters", parameters);
component!(RequestBody, "requestBodies", request_bodies);
component!(Response, "responses", responses);

impl<'a> Resolver<'a> {
    pub(crate) fn new(document: &'a OpenAPI, file: &'a str) -> Self {
        Resolver { document, file }
    }

    pub(crate) fn document(&self) -> &'a OpenAPI {
        self.document
    }

    pub(crate) fn file(&self) -> &'a str {
        self.file
    }

    /// The schema `item` stands for, with the name of the component it came from (if a `$ref`).
    pub(crate) fn schema<'b>(
        &self,
        item: &'b ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Result<(Option<&'a str>, &'b Schema), Error>
    where
        'a: 'b,
    {
        self.resolve(item, at)
    }

    /// Like [`Resolver::schema`] for boxed property schemas.
    pub(crate) fn boxed_schema<'b>(
        &self,
        item: &'b ReferenceOr<Box<Schema>>,
        at: &Pointer,
    ) -> Result<(Option<&'a str>, &'b Schema), Error>
    where
        'a: 'b,
    {
        match item {
            ReferenceOr::Item(schema) => Ok((None, schema)),
            ReferenceOr::Reference { reference } => self.follow::<Schema>(reference, at),
        }
    }

    pub(crate) fn parameter<'b>(
        &self,
        item: &'b ReferenceOr<Parameter>,
        at: &Pointer,
    ) -> Result<&'b Parameter, Error>
    where
        'a: 'b,
    {
        Ok(self.resolve(item, at)?.1)
    }

    pub(crate) fn request_body<'b>(
        &self,
        item: &'b ReferenceOr<RequestBody>,
        at: &Pointer,
    ) -> Result<&'b RequestBody, Error>
    where
        'a: 'b,
    {
        Ok(self.resolve(item, at)?.1)
    }

    pub(crate) fn response<'b>(
        &self,
        item: &'b ReferenceOr<Response>,
        at: &Pointer,
    ) -> Result<&'b Response, Error>
    where
        'a: 'b,
    {
        Ok(self.resolve(item, at)?.1)
    }

    /// The name of the `#/components/schemas` entry a `$ref` points at, checking that it exists.
    pub(crate) fn schema_name(&self, reference: &str, at: &Pointer) -> Result<&'a str, Error> {
        let name = self.component_name::<Schema>(reference, at)?;
        match Schema::lookup(self.document, &name) {
            Some((key, _)) => Ok(key),
            None => Err(self.dangling(reference, at)),
        }
    }

    fn resolve<'b, T: Component>(
        &self,
        item: &'b ReferenceOr<T>,
        at: &Pointer,
    ) -> Result<(Option<&'a str>, &'b T), Error>
    where
        'a: 'b,
    {
        match item {
            ReferenceOr::Item(value) => Ok((None, value)),
            ReferenceOr::Reference { reference } => self.follow::<T>(reference, at),
        }
    }

    fn follow<T: Component>(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<(Option<&'a str>, &'a T), Error> {
        let mut current = reference;
        let mut first_name = None;
        for _ in 0..MAX_REF_CHAIN {
            let name = self.component_name::<T>(current, at)?;
            let (key, value) =
                T::lookup(self.document, &name).ok_or_else(|| self.dangling(current, at))?;
            first_name.get_or_insert(key);
            match value {
                ReferenceOr::Item(value) => return Ok((first_name, value)),
                ReferenceOr::Reference { reference: next } => current = next,
            }
        }
        Err(Error::at_pointer(
            self.file,
            at.as_str(),
            format!("`$ref: {reference}` never reaches a definition: the references form a cycle"),
        ))
    }

    fn component_name<T: Component>(&self, reference: &str, at: &Pointer) -> Result<String, Error> {
        // The usual shape, `#/components/<section>/<name>` with nothing to unescape, without
        // splitting the pointer: the whole API has tens of thousands of `$ref`s.
        let plain = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(T::SECTION))
            .and_then(|rest| rest.strip_prefix('/'))
            .filter(|name| !name.is_empty() && !name.contains(['/', '~']));
        if let Some(name) = plain {
            return Ok(name.to_owned());
        }
        let Some(tokens) = split_local_ref(reference) else {
            return Err(Error::at_pointer(
                self.file,
                at.as_str(),
                format!(
                    "`$ref: {reference}` is not supported: only local references (`#/components/...`) are"
                ),
            ));
        };
        match tokens.as_slice() {
            [components, section, name] if components == "components" && section == T::SECTION => {
                Ok(name.clone())
            }
            _ => Err(Error::at_pointer(
                self.file,
                at.as_str(),
                format!(
                    "`$ref: {reference}` must point at `#/components/{}/<name>`",
                    T::SECTION
                ),
            )),
        }
    }

    fn dangling(&self, reference: &str, at: &Pointer) -> Error {
        Error::at_pointer(
            self.file,
            at.as_str(),
            format!("`$ref: {reference}` points at nothing: no such component"),
        )
    }
}
