//! `secret-missing`: no env file gives BETTER_AUTH_SECRET a value.

use super::*;

pub static SECRET_MISSING: Rule = Rule {
    id: "secret-missing",
    severity: Warning,
    summary: "no env file gives BETTER_AUTH_SECRET a value",
    doc: "Better Auth encrypts the jwt plugin's private keys and signs cookies with BETTER_AUTH_SECRET (or \
AUTH_SECRET); without it the server refuses to start in production. Local env files are rightly not committed, \
so a fresh clone with a committed `.env.example` naming the key is the correct state, not a finding; with \
neither a value nor an example anywhere the key is undocumented (a warning).",
    fix: "set BETTER_AUTH_SECRET (32+ random characters: openssl rand -base64 32) in .env.local, and name it in .env.example",
    invalid: &["//- web/lib/auth.ts\nexport const auth = betterAuth({});\n"],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.local\nBETTER_AUTH_SECRET=0123456789abcdef0123456789abcdef\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.example\nBETTER_AUTH_SECRET=\n",
        "//- server/src/auth.ts\nexport const auth = betterAuth({ secret: process.env.AUTH_KEY });\n//- server/.env\nAUTH_KEY=0123456789abcdef0123456789abcdef\n",
        // A compose file's environment names the key for the service it builds.
        "//- auth/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL });\n//- docker-compose.yml\nservices:\n  auth:\n    build: ./auth\n    environment:\n      BETTER_AUTH_SECRET: ${BETTER_AUTH_SECRET}\n      BETTER_AUTH_URL: http://localhost:3100\n  db:\n    image: postgres:16\n",
    ],
    autofix: None,
    check: |model| {
        let Some((keys, at)) = secret_source(model) else { return Vec::new() };
        let envs = model.envs_for(&at);
        let real =
            envs.iter().any(|e| !e.example && keys.iter().any(|k| e.values.get(k).is_some_and(|v| !v.is_empty())));
        if real {
            return Vec::new();
        }
        let config = &model.configs[0];
        let path = &model.file(config.file).path;
        let key = &keys[0];
        let example = |e: &&EnvFile| e.example && e.committed && keys.iter().any(|k| e.values.contains_key(k));
        let nearest = model.envs_for(&at).into_iter().find(example);
        // A committed example naming the key is what a fresh clone should
        // have (local env files are not committed): nothing wrong.
        if nearest.or_else(|| model.project.envs.iter().find(example)).is_some() {
            return Vec::new();
        }
        vec![Hit::at(path, config.call.line, format!("{key} is set in no env file and named in no example"))]
    },
};

examples_test!(SECRET_MISSING);
