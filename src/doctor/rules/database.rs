//! The database connection Better Auth uses.

use super::super::Severity::Error;
use super::super::model::Model;
use super::super::syntax::Value;
use super::{Hit, Rule};

pub const RULES: &[&Rule] = &[&NEON_SSL, &DATABASE_TLS_UNVERIFIED];

pub static NEON_SSL: Rule = Rule {
    id: "neon-ssl",
    severity: Error,
    summary: "a Neon connection string without sslmode=require",
    doc: "Neon accepts only TLS connections. A `neon.tech` DATABASE_URL without `sslmode=require` fails to connect \
with the `pg` driver, and Better Auth then answers 500 on sign-in.",
    fix: "append ?sslmode=require to the Neon connection string",
    invalid: &["//- web/.env.local\nDATABASE_URL=postgres://u:p@ep-1.eu-central-1.aws.neon.tech/db\n"],
    valid: &["//- web/.env.local\nDATABASE_URL=postgres://u:p@ep-1.eu-central-1.aws.neon.tech/db?sslmode=require\n"],
    check: |model: &Model| {
        model
            .project
            .envs
            .iter()
            .flat_map(|e| e.values.iter().map(move |(k, v)| (e, k, v)))
            .filter(|(_, k, v)| k.contains("DATABASE_URL") && v.contains("neon.tech") && !v.contains("sslmode="))
            .map(|(e, k, _)| Hit::at(&e.path, e.line_of(k), format!("{k} points at Neon without sslmode=require")))
            .collect()
    },
};

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

pub static DATABASE_TLS_UNVERIFIED: Rule = Rule {
    id: "database-tls-unverified",
    severity: Error,
    summary: "the database connection does not verify the server's TLS certificate",
    doc: "`ssl: { rejectUnauthorized: false }` on the driver, or `sslmode=disable` in a connection string to a \
hosted database, lets anyone on the path between the app and the database read and change every session, password \
hash and key Better Auth stores (the jwt plugin's private keys included). Hosted databases (Neon, Supabase, RDS, \
PlanetScale) present certificates from public authorities: verification works with the defaults.",
    fix: "drop rejectUnauthorized: false (give the driver the provider's CA with ssl: { ca } if it needs one) and use sslmode=require or verify-full",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ database: new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } }) });\n",
        "//- web/.env.local\nDATABASE_URL=postgres://u:p@db.abcdefgh.supabase.co:5432/postgres?sslmode=disable\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ database: new Pool({ connectionString: process.env.DATABASE_URL, ssl: true }) });\n",
        "//- web/.env.local\nDATABASE_URL=postgres://postgres:postgres@localhost:5432/app?sslmode=disable\n",
        "//- web/.env\nDATABASE_URL=postgres://postgres:postgres@db:5432/app?sslmode=disable\n",
        "//- web/lib/http.ts\nexport const agent = new Agent({ rejectUnauthorized: true });\n",
    ],
    check: |model: &Model| {
        let in_code = model
            .code()
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(_, c)| DATABASE_CALLS.iter().any(|name| c.callee.ends_with(name)))
            .filter(|(_, c)| c.args.iter().any(|a| rejects_nothing(&a.value)))
            .map(|(f, c)| {
                Hit::at(
                    &f.path,
                    c.line,
                    format!("{} turns off certificate checks (rejectUnauthorized: false)", c.callee),
                )
            });
        let in_env = model
            .project
            .envs
            .iter()
            .flat_map(|e| e.values.iter().map(move |(k, v)| (e, k, v)))
            .filter(|(_, k, v)| k.contains("DATABASE_URL") && v.contains("sslmode=disable") && hosted(v))
            .map(|(e, k, _)| {
                Hit::at(&e.path, e.line_of(k), format!("{k} turns TLS off (sslmode=disable) for a hosted database"))
            });
        in_code.chain(in_env).collect()
    },
};
