//! `database-tls-unverified`: the database connection does not verify the server's TLS certificate.

use super::*;
use crate::doctor::rules::key_line;

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
    autofix: None,
    check: |model: &Model| {
        let in_code = model
            .code()
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(_, c)| DATABASE_CALLS.iter().any(|name| c.callee.ends_with(name)))
            .filter(|(_, c)| c.args.iter().any(|a| rejects_nothing(&a.value)))
            .map(|(f, c)| {
                Hit::at(
                    &f.path,
                    key_line(&f.module, "rejectUnauthorized", c.start, c.end).unwrap_or(c.line),
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

examples_test!(DATABASE_TLS_UNVERIFIED);

#[cfg(test)]
mod lines {
    #[test]
    fn the_finding_points_at_the_option_to_change() {
        let example = "//- server/db.ts\nexport const pool = new Pool({\n  connectionString: process.env.DATABASE_URL,\n  ssl: {\n    rejectUnauthorized: false,\n  },\n});\n";
        let found = crate::doctor::rules::example_messages(&super::DATABASE_TLS_UNVERIFIED, example);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("server/db.ts:4 "), "{found:?}");
    }
}
