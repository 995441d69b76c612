//! Starts a push live migration into an Atlas project.
//!
//! ```text
//! cargo run -p atlas-admin --example create_live_migration -- REQUEST.json [--api-version 2023-01-01|2024-05-30]
//! ```
//!
//! Reads `MONGODB_ATLAS_GROUP_ID` and the credentials described in `common/mod.rs`. `REQUEST.json`
//! is the request body of the chosen API version (default `2024-05-30`, whose body has
//! `dropDestinationData`; `2023-01-01` has `dropEnabled`). Prints the migration as JSON on stdout
//! and exits 0, or prints the error on stderr and exits 1 (2 for a usage error).

mod common;

use std::process::ExitCode;

use atlas_admin::models::{LiveMigrationRequest, LiveMigrationRequest20240530, LiveMigrationResponse};
use atlas_admin::{Client, Error};

const USAGE: &str = "usage: create_live_migration REQUEST.json [--api-version 2023-01-01|2024-05-30]";

/// The API versions of `createGroupLiveMigration`.
#[derive(Clone, Copy)]
enum ApiVersion {
    V2023_01_01,
    V2024_05_30,
}

struct Args {
    request_path: String,
    version: ApiVersion,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut request_path, mut version) = (None, ApiVersion::V2024_05_30);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--api-version" => {
                version = match args.next().as_deref() {
                    Some("2023-01-01") => ApiVersion::V2023_01_01,
                    Some("2024-05-30") => ApiVersion::V2024_05_30,
                    Some(other) => return Err(format!("unknown API version {other:?}")),
                    None => return Err("--api-version needs a value".to_owned()),
                }
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag:?}")),
            path if request_path.is_none() => request_path = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument {extra:?}")),
        }
    }
    let request_path = request_path.ok_or("the request file is missing")?;
    Ok(Args { request_path, version })
}

/// Reads the request body at `path` as the type of its API version.
fn read_request<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    serde_json::from_str(&text).map_err(|error| format!("{path} is not a valid request body: {error}"))
}

async fn create(client: &Client, group_id: String, args: &Args) -> Result<Result<LiveMigrationResponse, Error>, String> {
    Ok(match args.version {
        ApiVersion::V2024_05_30 => {
            let request: LiveMigrationRequest20240530 = read_request(&args.request_path)?;
            client.create_group_live_migration(group_id, request).await
        }
        ApiVersion::V2023_01_01 => {
            let request: LiveMigrationRequest = read_request(&args.request_path)?;
            #[allow(deprecated)] // the caller asked for this version by name
            let call = client.create_group_live_migration_v2023_01_01(group_id, request);
            call.await
        }
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let setup = parse_args(std::env::args().skip(1)).and_then(|args| {
        let client = common::client_from_env()?;
        let group_id = common::required_env("MONGODB_ATLAS_GROUP_ID")?;
        Ok((args, client, group_id))
    });
    let (args, client, group_id) = match setup {
        Ok(setup) => setup,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(common::USAGE);
        }
    };
    match create(&client, group_id, &args).await {
        Ok(result) => common::report(result),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(common::USAGE)
        }
    }
}
