//! Objects whose fields depend on one of them: a parameter's location `in` chooses its fields, a
//! security scheme's `type` its own; a parameter or header describes its value with `schema` or
//! `content`.

use serde_yaml::{Mapping, Value};

use super::messages::{check_missing, excerpt, expected, key_text, quoted_list, with_article};
use super::model::{
    BOOL, CONTENT, COOKIE_STYLE, Field, Kind, PARAMETER_FIELDS, PARAMETER_LOCATIONS, PATH_STYLE,
    Presence, QUERY_STYLE, SCHEMA, SECURITY_SCHEME_TYPES, SIMPLE_STYLE, STRING, Shape, defaulted,
    field, required,
};
use super::{Fault, Walk};
use crate::load::pointer::Pointer;

impl Walk {
    /// A parameter: its location `in` chooses the fields it may have.
    pub(super) fn check_parameter(&mut self, map: &Mapping, at: &Pointer) -> Option<Fault> {
        const QUERY: &[Field] = &[
            defaulted("allowReserved", BOOL),
            defaulted("style", QUERY_STYLE),
            field("allowEmptyValue", BOOL),
        ];
        const HEADER: &[Field] = &[defaulted("style", SIMPLE_STYLE)];
        const PATH: &[Field] = &[defaulted("style", PATH_STYLE)];
        const COOKIE: &[Field] = &[defaulted("style", COOKIE_STYLE)];
        let location = match map.get("in") {
            None => {
                return Some(Fault {
                    pointer: at.clone(),
                    message: format!(
                        "missing `in`: a parameter object requires it ({})",
                        quoted_list(PARAMETER_LOCATIONS)
                    ),
                });
            }
            Some(Value::String(location)) => location.as_str(),
            Some(Value::Tagged(_)) => return None,
            Some(other) => {
                return expected(
                    &at.join("in"),
                    Shape::OneOf("parameter location", PARAMETER_LOCATIONS),
                    other,
                );
            }
        };
        let variant = match location {
            "query" => QUERY,
            "header" => HEADER,
            "path" => PATH,
            "cookie" => COOKIE,
            other => {
                let hint = match other {
                    "body" => {
                        "; OpenAPI 3.0 describes a request body with `requestBody`, not with a parameter"
                    }
                    "formData" => {
                        "; OpenAPI 3.0 describes form fields with a `requestBody` schema, not with parameters"
                    }
                    _ => "",
                };
                return Some(Fault {
                    pointer: at.join("in"),
                    message: format!(
                        "unknown parameter location `{}`: expected {}{hint}",
                        excerpt(other),
                        quoted_list(PARAMETER_LOCATIONS)
                    ),
                });
            }
        };
        let fields = [PARAMETER_FIELDS, variant];
        self.check_present(&fields, map, at, true)
            .or_else(|| self.check_schema_or_content(Kind::Parameter, map, at))
            .or_else(|| check_missing(Kind::Parameter, &fields, map, at))
    }

    /// A parameter or header describes its value with `schema` or `content`; the first of the
    /// two in the mapping counts.
    pub(super) fn check_schema_or_content(
        &mut self,
        kind: Kind,
        map: &Mapping,
        at: &Pointer,
    ) -> Option<Fault> {
        let format = map.iter().find_map(|(key, value)| {
            let key = key_text(key);
            (key == "schema" || key == "content").then_some((key, value))
        });
        match format {
            Some((key, value)) => {
                let shape = if key == "schema" { SCHEMA } else { CONTENT };
                self.check(value, shape, &at.join(key), true, Presence::Required)
            }
            None => Some(Fault {
                pointer: at.clone(),
                message: format!(
                    "{} needs `schema` or `content`, and this one has neither",
                    with_article(kind.name())
                ),
            }),
        }
    }

    /// A security scheme: its `type` chooses the fields it must have.
    pub(super) fn check_security_scheme(&mut self, map: &Mapping, at: &Pointer) -> Option<Fault> {
        const API_KEY: &[Field] = &[
            required(
                "in",
                Shape::OneOf("API key location", &["query", "header", "cookie"]),
            ),
            required("name", STRING),
            field("description", STRING),
        ];
        const HTTP: &[Field] = &[
            required("scheme", STRING),
            field("bearerFormat", STRING),
            field("description", STRING),
        ];
        const OAUTH2: &[Field] = &[
            required("flows", Shape::Object(Kind::OAuthFlows)),
            field("description", STRING),
        ];
        const OPEN_ID_CONNECT: &[Field] = &[
            required("openIdConnectUrl", STRING),
            field("description", STRING),
        ];
        let scheme_type = match map.get("type") {
            None => {
                return Some(Fault {
                    pointer: at.clone(),
                    message: format!(
                        "missing `type`: a security scheme object requires it ({})",
                        quoted_list(SECURITY_SCHEME_TYPES)
                    ),
                });
            }
            Some(Value::String(scheme_type)) => scheme_type.as_str(),
            Some(Value::Tagged(_)) => return None,
            Some(other) => {
                return expected(
                    &at.join("type"),
                    Shape::OneOf("security scheme type", SECURITY_SCHEME_TYPES),
                    other,
                );
            }
        };
        let fields = match scheme_type {
            "apiKey" => API_KEY,
            "http" => HTTP,
            "oauth2" => OAUTH2,
            "openIdConnect" => OPEN_ID_CONNECT,
            other => {
                let hint = match other {
                    "basic" => {
                        "; OpenAPI 3.0 writes Swagger 2.0's `basic` as `type: http` with `scheme: basic`"
                    }
                    _ => "",
                };
                return Some(Fault {
                    pointer: at.join("type"),
                    message: format!(
                        "unknown security scheme type `{}`: expected {}{hint}",
                        excerpt(other),
                        quoted_list(SECURITY_SCHEME_TYPES)
                    ),
                });
            }
        };
        self.check_present(&[fields], map, at, true)
            .or_else(|| check_missing(Kind::SecurityScheme, &[fields], map, at))
    }
}
