//! The database connection Better Auth uses.

use crate::doctor::Severity::Error;
use crate::doctor::model::Model;
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::Value;

mod database_committed;
mod database_tls_unverified;
mod neon_ssl;

pub use database_committed::DATABASE_COMMITTED;
pub use database_tls_unverified::DATABASE_TLS_UNVERIFIED;
pub use neon_ssl::NEON_SSL;

pub const RULES: &[&Rule] = &[&NEON_SSL, &DATABASE_TLS_UNVERIFIED, &DATABASE_COMMITTED];

/// Whether a value holds `rejectUnauthorized: false` at any depth.
fn rejects_nothing(value: &Value) -> bool {
    match value {
        Value::Object(fields) => fields
            .iter()
            .any(|(key, v)| (key == "rejectUnauthorized" && *v == Value::Bool(false)) || rejects_nothing(v)),
        Value::List(items) => items.iter().any(rejects_nothing),
        _ => false,
    }
}

/// The host of a connection string, when it is a hosted one (a dotted name
/// that is not a loopback address): `db` or `localhost` are local servers.
fn hosted(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else { return false };
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host.trim_start_matches('[').split([']', ':']).next().unwrap_or_default();
    host.contains('.') && !host.starts_with("127.") && host != "0.0.0.0" && !host.ends_with(".local")
}

/// Calls that open database connections.
const DATABASE_CALLS: &[&str] = &["Pool", "Client", "postgres", "createConnection", "createPool", "drizzle", "Kysely"];
