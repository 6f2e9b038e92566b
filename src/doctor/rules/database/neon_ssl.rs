//! `neon-ssl`: a Neon connection string without sslmode=require.

use super::*;

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

examples_test!(NEON_SSL);
