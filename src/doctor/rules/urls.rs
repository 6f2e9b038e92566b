//! Where the backend looks: the JWKS URL, the expected issuer and audience,
//! and localhost addresses that would reach production.

use super::super::Severity::{Error, Warning};
use super::super::model::{Model, Resolved, Token, origin};
use super::super::project::Side;
use super::super::syntax::Value;
use super::{Hit, Rule};

pub const RULES: &[&Rule] = &[&JWKS_URL, &ISSUER_AUDIENCE_MISMATCH, &LOCALHOST_DEFAULT, &LOCALHOST_IN_PRODUCTION];

/// The path Better Auth serves the keys at: basePath + jwks.jwksPath.
pub fn jwks_path(model: &Model) -> Option<String> {
    let (config, plugin) = model.jwt_plugin()?;
    let base = super::config::base_path(model)?;
    let jwks = match plugin.positional(0).and_then(|o| o.path("jwks.jwksPath")) {
        Some(v) => model.resolve(config.file, v).str()?.to_string(),
        None => "/jwks".to_string(),
    };
    Some(format!("{}/{}", base.trim_end_matches('/'), jwks.trim_start_matches('/')))
}

pub static JWKS_URL: Rule = Rule {
    id: "jwks-url",
    severity: Error,
    summary: "the backend fetches the keys from a path Better Auth does not serve",
    doc: "The jwt plugin serves its public keys at `{BETTER_AUTH_URL}/api/auth/jwks` (basePath + `jwks.jwksPath`). \
A verifier pointed elsewhere (often `/.well-known/jwks.json` from other providers' docs) gets 404 and refuses every \
token. Checked for URLs in code (including defaults) and in the backend's env files.",
    fix: "fetch {BETTER_AUTH_URL}/api/auth/jwks, or set jwks.jwksPath to the path the backend uses",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nfrom jwt import PyJWKClient\nimport os\nkeys = PyJWKClient(os.getenv(\"JWKS_URL\", \"http://localhost:3000/.well-known/jwks.json\"))\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/.env\nAUTH_JWKS_URL=http://localhost:3000/api/jwks\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { jwksPath: \"/.well-known/jwks.json\" } })] });\n//- api/auth.py\nfrom jwt import PyJWKClient\nkeys = PyJWKClient(\"http://localhost:3000/api/auth/.well-known/jwks.json\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/.env\nAUTH_JWKS_URL=http://web:3000/api/auth/jwks\n",
    ],
    check: |model| {
        let Some(expected) = jwks_path(model) else { return Vec::new() };
        let wrong = |url: &str| {
            let parsed = url::Url::parse(url.trim()).ok()?;
            let path = parsed.path().trim_end_matches('/').to_string();
            (path != expected).then_some(path)
        };
        let mut hits = Vec::new();
        for (i, f) in model.code().filter(|(_, f)| f.side != Side::App) {
            for c in f
                .module
                .calls
                .iter()
                .filter(|c| matches!(c.method(), "PyJWKClient" | "createRemoteJWKSet" | "JwksClient" | "PyJWKSet"))
            {
                let Some(arg) = c.arg(0, "uri").or_else(|| c.positional(0)) else { continue };
                if let Resolved::Str(url) = model.resolve(i, arg)
                    && let Some(path) = wrong(&url)
                {
                    hits.push(Hit::at(
                        &f.path,
                        c.line,
                        format!("the keys are fetched from {path}; Better Auth serves them at {expected}"),
                    ));
                }
            }
        }
        for e in model
            .project
            .envs
            .iter()
            .filter(|e| model.project.backend_dirs.iter().any(|d| super::super::project::inside(&e.path, d)))
        {
            for (k, v) in e.values.iter().filter(|(k, _)| k.contains("JWKS")) {
                if let Some(path) = wrong(v) {
                    hits.push(Hit::at(
                        &e.path,
                        e.line_of(k),
                        format!("{k} points at {path}; Better Auth serves the keys at {expected}"),
                    ));
                }
            }
        }
        hits
    },
};

pub static ISSUER_AUDIENCE_MISMATCH: Rule = Rule {
    id: "issuer-audience-mismatch",
    severity: Error,
    summary: "the expected issuer or audience is not the app's origin",
    doc: "Better Auth sets `iss` and `aud` to the origin of baseURL/BETTER_AUTH_URL, exactly: scheme, host and \
port, no path, no trailing slash. A verifier expecting anything else (`http://localhost:3000/`, the API's own URL, \
a path) refuses every token. Compared only when both sides resolve to fixed values.",
    fix: "expect exactly the app's origin, e.g. http://localhost:3000",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: \"http://localhost:3000\", plugins: [jwt()] });\n//- api/auth.py\nimport jwt\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=[\"EdDSA\"], audience=\"http://localhost:3000/\", issuer=\"http://localhost:3000\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL, plugins: [jwt()] });\n//- web/.env.local\nBETTER_AUTH_URL=http://localhost:3000\n//- api/auth.py\nimport jwt, os\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=[\"EdDSA\"], audience=\"http://localhost:3000\", issuer=os.environ[\"BETTER_AUTH_URL\"])\n",
    ],
    check: |model| {
        if model.token != Token::JwtPlugin {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for v in model.verifiers.iter().filter(|v| !v.unverified) {
            let opts = v.call.positional(2);
            for claim in ["issuer", "audience"] {
                let Some(value) = v.call.keyword(claim).or_else(|| opts.and_then(|o| o.get(claim))) else { continue };
                // What the tokens say: jwt({ jwt: { issuer, audience } }), else the app's origin.
                let Some(app) = model.token_claim(claim) else { continue };
                if let Resolved::Str(expected) = model.resolve(v.file, value)
                    && expected != app
                {
                    hits.push(Hit::at(
                        &model.file(v.file).path,
                        v.call.line,
                        format!("the backend expects {claim} {expected:?}; Better Auth's tokens say {app:?}"),
                    ));
                }
            }
        }
        hits
    },
};

fn localhost(v: &str) -> bool {
    v.contains("://localhost") || v.contains("://127.0.0.1") || v.contains("://0.0.0.0")
}

fn url_key(key: &str) -> bool {
    ["URL", "JWKS", "ISSUER", "AUDIENCE", "ORIGIN"].iter().any(|k| key.contains(k))
}

/// A setting the token check depends on: where the keys are, what the
/// tokens must say, which origins may call (not a storage or mail server).
fn auth_url_key(key: &str) -> bool {
    ["AUTH", "JWKS", "JWT", "ISSUER", "AUDIENCE", "ORIGIN", "CORS", "APP_URL", "FRONTEND_URL"]
        .iter()
        .any(|k| key.contains(k))
}

pub static LOCALHOST_DEFAULT: Rule = Rule {
    id: "localhost-default",
    severity: Warning,
    summary: "a localhost URL is the default for a setting no example documents",
    doc: "`os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")` works on a laptop; in production, when \
nobody knew to set JWKS_URL, the backend quietly asks itself for keys and refuses every token (or trusts the wrong \
issuer). Defaults are fine when a committed env example or production env file names the variable.",
    fix: "name the variable in the backend's .env.example (or a production env file), or drop the default",
    invalid: &[
        "//- api/auth.py\nimport os\nJWKS_URL = os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n",
    ],
    valid: &[
        "//- api/auth.py\nimport os\nJWKS_URL = os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n//- api/.env.example\nJWKS_URL=http://localhost:3000/api/auth/jwks\n",
    ],
    check: |model| {
        let mut hits = Vec::new();
        for (i, f) in model.code().filter(|(_, f)| f.side == Side::Backend) {
            let mut found: Vec<(String, usize)> = Vec::new();
            let mut visit = |v: &Value, line: usize| {
                v.walk(&mut |inner| {
                    if let Value::Env { key, default: Some(d) } = inner
                        && auth_url_key(key)
                        && model.resolve(i, d).str().is_some_and(localhost)
                    {
                        found.push((key.clone(), line));
                    }
                })
            };
            for b in &f.module.bindings {
                visit(&b.value, b.line);
            }
            for c in &f.module.calls {
                for a in &c.args {
                    visit(&a.value, c.line);
                }
            }
            found.sort();
            found.dedup_by(|a, b| a.0 == b.0);
            for (key, line) in found {
                let documented = model.project.envs.iter().any(|e| {
                    (e.example || e.committed || e.path.contains(".env.production")) && e.values.contains_key(&key)
                });
                if !documented {
                    hits.push(Hit::at(
                        &f.path,
                        line,
                        format!("{key} defaults to localhost and no env example names it"),
                    ));
                }
            }
        }
        hits
    },
};

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
