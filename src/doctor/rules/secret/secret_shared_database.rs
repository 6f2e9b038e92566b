//! `secret-shared-database`: environments that share one database give BETTER_AUTH_SECRET different values.

use super::*;

/// Keys that name the database, first found wins.
const DATABASE_KEYS: &[&str] = &[
    "DATABASE_URL",
    "POSTGRES_URL",
    "POSTGRES_PRISMA_URL",
    "MYSQL_URL",
    "TURSO_DATABASE_URL",
    "MONGODB_URI",
    "DB_URL",
];

pub static SECRET_SHARED_DATABASE: Rule = Rule {
    id: "secret-shared-database",
    severity: Error,
    summary: "two environments that share one database give BETTER_AUTH_SECRET different values",
    doc: "The jwt plugin stores its key pair in the `jwks` table with the private key encrypted with \
BETTER_AUTH_SECRET. Two environments (say `.env.local` and `.env.production`) that point at the same database \
but hold different secrets take turns being unable to decrypt it: the one that did not create the key answers \
500 on `/api/auth/token` (\"Failed to decrypt private key\"). Each environment's values are worked out the way \
Next.js reads them (`.env.<env>.local`, `.env.<env>`, `.env`), with `.env.local` counted for development only \
since it is a machine's own file. Only databases on another host count (the same `localhost` URL on two machines \
is two databases), only with the jwt plugin encrypting its keys, and not with versioned secrets.",
    fix: "give environments that share a database the same BETTER_AUTH_SECRET (or each its own database); to change it, rotate with BETTER_AUTH_SECRETS",
    invalid: &[
        "//- web/lib/auth.ts\nimport { jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/.env.local\nBETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nDATABASE_URL=postgres://app:pw@db.example.com/app\n//- web/.env.production\nDATABASE_URL=postgres://app:pw@db.example.com/app\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
        "//- web/lib/auth.ts\nimport { jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/.env\nDATABASE_URL=postgres://app:pw@ep-cool-1.eu-central-1.aws.neon.tech/app?sslmode=require\n//- web/.env.staging\nBETTER_AUTH_SECRET=cccccccccccccccccccccccccccccccccc\n//- web/.env.production\nBETTER_AUTH_SECRET=dddddddddddddddddddddddddddddddddd\n",
    ],
    valid: &[
        // Each environment its own database.
        "//- web/lib/auth.ts\nimport { jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/.env.local\nBETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nDATABASE_URL=postgres://app:pw@dev-db.example.com/app\n//- web/.env.production\nDATABASE_URL=postgres://app:pw@db.example.com/app\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
        // localhost in two files is a database per machine.
        "//- web/lib/auth.ts\nimport { jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/.env.local\nBETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nDATABASE_URL=postgres://postgres:postgres@localhost:5432/app\n//- web/.env.production\nDATABASE_URL=postgres://postgres:postgres@localhost:5432/app\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
        // No jwt plugin: nothing in the database is encrypted with the secret.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.local\nBETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nDATABASE_URL=postgres://app:pw@db.example.com/app\n//- web/.env.production\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
        // The same secret everywhere.
        "//- web/lib/auth.ts\nimport { jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/.env\nDATABASE_URL=postgres://app:pw@db.example.com/app\nBETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n//- web/.env.production\nNEXT_PUBLIC_APP_URL=https://app.example.com\n",
    ],
    autofix: None,
    check: |model| {
        let encrypts = model.jwt_plugin().is_some_and(|(_, p)| {
            p.positional(0).and_then(|o| o.path("jwks.disablePrivateKeyEncryption")) != Some(&Value::Bool(true))
        });
        let Some((keys, at)) = secret_source(model).filter(|_| encrypts && !versioned_secrets(model)) else {
            return Vec::new();
        };
        let dir = at.rsplit_once('/').map_or(".", |(d, _)| d);
        let envs: Vec<&EnvFile> = model.project.envs.iter().filter(|e| !e.example && e.dir == dir).collect();
        let mut names: Vec<&str> = envs.iter().filter_map(|e| env_name(&e.path)).collect();
        names.push("development");
        names.sort_unstable();
        names.dedup();
        let seen: Vec<(&str, Option<Seen>)> = names.iter().map(|n| (*n, environment(&envs, n, &keys))).collect();
        let mut hits = Vec::new();
        for (i, (a, first)) in seen.iter().enumerate() {
            for (b, second) in &seen[i + 1..] {
                let (Some(x), Some(y)) = (first, second) else { continue };
                if x.database == y.database && x.secret != y.secret && remote(x.database) {
                    // The environment-specific file is the one to change.
                    let (file, line) = if env_name(y.file).is_some() { (y.file, y.line) } else { (x.file, x.line) };
                    hits.push(Hit::at(file, line, format!(
                        "{a} and {b} use the same database but different secrets: the jwks private key only decrypts with one, /api/auth/token answers 500 in the other"
                    )));
                }
            }
        }
        hits
    },
};

/// What one environment reads: its secret (and where), its database URL.
struct Seen<'p> {
    secret: &'p str,
    file: &'p str,
    line: usize,
    database: &'p str,
}

/// The first of `keys` as Next.js resolves it for environment `name`.
fn environment<'p>(envs: &[&'p EnvFile], name: &str, keys: &[String]) -> Option<Seen<'p>> {
    let order = [format!(".env.{name}.local"), ".env.local".into(), format!(".env.{name}"), ".env".into()];
    let files: Vec<&EnvFile> = order
        .iter()
        .filter(|n| name == "development" || *n != ".env.local")
        .filter_map(|n| envs.iter().find(|e| e.path.rsplit('/').next() == Some(n.as_str())).copied())
        .collect();
    let lookup = |key: &str| files.iter().find_map(|e| e.values.get(key).filter(|v| !v.is_empty()).map(|v| (*e, v)));
    let (file, secret) = keys.iter().find_map(|k| lookup(k).map(|(e, v)| ((e, k), v)))?;
    let database = DATABASE_KEYS.iter().find_map(|k| lookup(k).map(|(_, v)| v))?;
    Some(Seen { secret, file: &file.0.path, line: file.0.line_of(file.1), database })
}

/// A database on another host: the same URL is the same database everywhere.
fn remote(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.trim_start_matches('[').split([']', ':']).next().unwrap_or_default();
    host.contains('.') && !host.starts_with("127.") && !host.ends_with(".local") && host != "0.0.0.0"
}

examples_test!(SECRET_SHARED_DATABASE);
