//! `localhost-in-production`: a production env file points at localhost.

use super::*;

pub static LOCALHOST_IN_PRODUCTION: Rule = Rule {
    id: "localhost-in-production",
    severity: Error,
    summary: "a production env file points at localhost",
    doc: "A URL in `.env.production` that names localhost makes the deployed app issue tokens for, or fetch keys \
from, the machine it runs on rather than the public address: the backend's issuer/audience check or its JWKS fetch \
fails in production only.",
    fix: "use the public URL in production env files",
    invalid: &["//- web/.env.production\nBETTER_AUTH_URL=http://localhost:3000\n"],
    valid: &[
        "//- web/.env.production\nBETTER_AUTH_URL=https://app.example.com\n",
        "//- web/.env.local\nBETTER_AUTH_URL=http://localhost:3000\n",
    ],
    autofix: None,
    check: |model| {
        model
            .project
            .envs
            .iter()
            .filter(|e| e.path.rsplit('/').next().is_some_and(|n| n.starts_with(".env.production")) && !e.example)
            .flat_map(|e| e.values.iter().map(move |(k, v)| (e, k, v)))
            .filter(|(_, k, v)| url_key(k) && localhost(v) && origin(v).is_some())
            .map(|(e, k, _)| Hit::at(&e.path, e.line_of(k), format!("{k} is localhost in a production env file")))
            .collect()
    },
};

examples_test!(LOCALHOST_IN_PRODUCTION);
