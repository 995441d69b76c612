//! What the examples share: a client configured from the environment, and how a call's result
//! is reported.
//!
//! The environment:
//!
//! - `MONGODB_ATLAS_BASE_URL` (optional): the API's URL, [`atlas_admin::DEFAULT_BASE_URL`] unless set;
//! - `MONGODB_ATLAS_CLIENT_ID` and `MONGODB_ATLAS_CLIENT_SECRET`: a service account, or
//! - `MONGODB_ATLAS_PUBLIC_KEY` and `MONGODB_ATLAS_PRIVATE_KEY`: a programmatic API key (HTTP
//!   Digest). When both kinds are set, the service account is used.

use std::process::ExitCode;

use atlas_admin::{Client, Credentials, Error};
use serde::Serialize;

/// The exit code of a usage or configuration error.
pub const USAGE: u8 = 2;

/// The value of the environment variable `name`, which must be set and not empty.
pub fn required_env(name: &str) -> Result<String, String> {
    optional_env(name).ok_or_else(|| format!("{name} is not set"))
}

fn optional_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// The credentials the environment gives.
fn credentials_from_env() -> Result<Credentials, String> {
    match (
        optional_env("MONGODB_ATLAS_CLIENT_ID"),
        optional_env("MONGODB_ATLAS_CLIENT_SECRET"),
        optional_env("MONGODB_ATLAS_PUBLIC_KEY"),
        optional_env("MONGODB_ATLAS_PRIVATE_KEY"),
    ) {
        (Some(id), Some(secret), _, _) => Ok(Credentials::service_account(id, secret)),
        (_, _, Some(public_key), Some(private_key)) => Ok(Credentials::digest(public_key, private_key)),
        _ => Err("set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account), \
                  or MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY (an API key)"
            .to_owned()),
    }
}

/// A client of `MONGODB_ATLAS_BASE_URL` with the credentials of the environment.
pub fn client_from_env() -> Result<Client, String> {
    let mut builder = Client::builder().credentials(credentials_from_env()?);
    if let Some(base_url) = optional_env("MONGODB_ATLAS_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    builder.build().map_err(|error| error.to_string())
}

/// Prints a successful response as JSON on stdout, or an error on stderr, and gives the exit code.
pub fn report<T: Serialize>(result: Result<T, Error>) -> ExitCode {
    match result {
        Ok(response) => match serde_json::to_string_pretty(&response) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: cannot print the response: {error}");
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            match error.status() {
                Some(status) => {
                    eprintln!("error: the API answered {status}");
                    eprintln!("errorCode: {}", error.error_code().unwrap_or("(none)"));
                    if let Some(detail) = error.detail() {
                        eprintln!("detail: {detail}");
                    }
                    if let Error::UnexpectedResponse { body, .. } = &error {
                        eprintln!("body: {body}");
                    }
                }
                None => eprintln!("error: {error}"),
            }
            ExitCode::FAILURE
        }
    }
}
