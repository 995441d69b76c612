//! Creates a link-token in an Atlas organization, the first step of a push live migration.
//!
//! ```text
//! cargo run -p atlas-admin --example create_link_token -- [ACCESS_LIST_IP...]
//! ```
//!
//! Reads `MONGODB_ATLAS_ORG_ID` and the credentials described in `common/mod.rs`. Each argument
//! is an IP address access list entry for the link. Prints the link-token as JSON on stdout and
//! exits 0, or prints the error on stderr and exits 1 (2 for a usage error).

mod common;

use std::process::ExitCode;

use atlas_admin::models::TargetOrgRequest;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg.starts_with('-')) {
        eprintln!("usage: create_link_token [ACCESS_LIST_IP...]");
        return ExitCode::from(common::USAGE);
    }
    let (client, org_id) = match common::client_from_env().and_then(|client| {
        let org_id = common::required_env("MONGODB_ATLAS_ORG_ID")?;
        Ok((client, org_id))
    }) {
        Ok(setup) => setup,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(common::USAGE);
        }
    };

    let mut request = TargetOrgRequest::new();
    if !args.is_empty() {
        request = request.with_access_list_ips(args);
    }
    common::report(client.create_org_live_migration_link_token(org_id, request).await)
}
