//! BETTER_AUTH_SECRET and env files: present, long enough, never public, never
//! in code, never committed, documented in an example.

use super::super::Severity::{Error, Info, Warning};
use super::super::model::{Host, Model, secret_key_name};
use super::super::project::{EnvFile, Scope, inside};
use super::super::syntax::Value;
use super::{Hit, Rule};

pub const RULES: &[&Rule] = &[
    &SECRET_MISSING,
    &SECRET_SHORT,
    &SECRET_DIFFERS,
    &SECRET_PUBLIC,
    &SECRET_IN_CODE,
    &ENV_NOT_IGNORED,
    &ENV_EXAMPLE_MISSING,
];

const SECRET_KEYS: &[&str] = &["BETTER_AUTH_SECRET", "AUTH_SECRET"];

/// The env key the config reads its secret from, and a path env files are looked up for.
fn secret_source(model: &Model) -> Option<(Vec<String>, String)> {
    let config = model.configs.first()?;
    let file = model.file(config.file);
    let keys = match config.options.get("secret") {
        Some(Value::Str(_)) => return None,
        Some(v) if !env_keys(v).is_empty() => {
            // The documented name first: BETTER_AUTH_SECRET before NEXT_PUBLIC_BETTER_AUTH_SECRET.
            let mut keys = env_keys(v);
            keys.sort_by_key(|k| !SECRET_KEYS.contains(&k.as_str()));
            keys
        }
        _ => SECRET_KEYS.iter().map(|k| k.to_string()).collect(),
    };
    // A Node host reads the env files of the server that mounts the handler.
    let mounted = || {
        model
            .code()
            .find(|(_, f)| f.module.calls.iter().any(|c| c.callee == "toNodeHandler"))
            .map(|(_, f)| f.path.clone())
    };
    let at = match (model.host, model.project.app_dir.as_deref()) {
        (Host::Next, Some(app)) => format!("{app}/_"),
        (Host::Node, _) => mounted().unwrap_or_else(|| file.path.clone()),
        _ => file.path.clone(),
    };
    Some((keys, at))
}

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
    ],
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

pub static SECRET_SHORT: Rule = Rule {
    id: "secret-short",
    severity: Warning,
    summary: "BETTER_AUTH_SECRET is shorter than 32 characters",
    doc: "A short secret can be guessed offline from one signed cookie, after which sessions can be forged. Better \
Auth only warns about it. Use 32 or more random characters.",
    fix: "openssl rand -base64 32",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.local\nBETTER_AUTH_SECRET=secret\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.local\nBETTER_AUTH_SECRET=k3J9x0aQ8vN2mZ7rT5yW1bC4dF6gH8jL\n",
    ],
    check: |model| {
        let Some((keys, at)) = secret_source(model) else { return Vec::new() };
        model
            .envs_for(&at)
            .into_iter()
            .filter(|e| !e.example)
            .flat_map(|e| keys.iter().filter_map(move |k| e.values.get(k).map(|v| (e, k, v))))
            .filter(|(_, _, v)| !v.is_empty() && v.len() < 32)
            .map(|(e, k, v)| Hit::at(&e.path, e.line_of(k), format!("{k} has {} characters", v.len())))
            .take(1)
            .collect()
    },
};

pub static SECRET_DIFFERS: Rule = Rule {
    id: "secret-differs",
    severity: Error,
    summary: "two env files of the app give BETTER_AUTH_SECRET different values",
    doc: "Next.js lets `.env.local` win over `.env`, but Better Auth's CLI (`npx auth migrate`) reads `.env` first. \
When they hold different secrets, keys and cookies made by one are unreadable by the other: `/api/auth/token` then \
fails with \"Failed to decrypt private key\". Keep the secret in one file.",
    fix: "keep BETTER_AUTH_SECRET in one local env file (.env.local) and remove it from the other",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env\nBETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n//- web/.env.local\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env\nDATABASE_URL=x\n//- web/.env.local\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
    ],
    check: |model| {
        let Some((keys, at)) = secret_source(model) else { return Vec::new() };
        let dir = at.rsplit_once('/').map_or(".", |(d, _)| d);
        let values: Vec<(&str, &str, usize)> = model
            .envs_for(&at)
            .into_iter()
            .filter(|e| !e.example && e.dir == dir)
            .flat_map(|e| {
                keys.iter().filter_map(move |k| {
                    e.values.get(k).filter(|v| !v.is_empty()).map(|v| (e.path.as_str(), v.as_str(), e.line_of(k)))
                })
            })
            .collect();
        match values.as_slice() {
            [(first, a, _), rest @ ..] => rest
                .iter()
                .find(|(_, b, _)| b != a)
                .map(|(path, _, line)| Hit::at(path, *line, format!("{path} and {first} hold different secrets")))
                .into_iter()
                .collect(),
            [] => Vec::new(),
        }
    },
};

pub static SECRET_PUBLIC: Rule = Rule {
    id: "secret-public",
    severity: Error,
    summary: "a secret is a NEXT_PUBLIC_ variable",
    doc: "Next.js copies every `NEXT_PUBLIC_*` variable into the JavaScript sent to browsers. A secret named that \
way (in an env file or read as `process.env.NEXT_PUBLIC_BETTER_AUTH_SECRET` in code) is public: anyone can forge \
sessions with it.",
    fix: "drop the NEXT_PUBLIC_ prefix; secrets are read on the server only",
    invalid: &[
        "//- web/.env.local\nNEXT_PUBLIC_BETTER_AUTH_SECRET=0123456789abcdef0123456789abcdef\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ secret: process.env.NEXT_PUBLIC_BETTER_AUTH_SECRET });\n",
    ],
    valid: &[
        "//- web/.env.local\nBETTER_AUTH_SECRET=0123456789abcdef0123456789abcdef\nNEXT_PUBLIC_API_URL=http://localhost:8000\n",
    ],
    check: |model| {
        let public = |k: &str| k.starts_with("NEXT_PUBLIC_") && secret_key_name(k);
        let mut hits: Vec<Hit> = Vec::new();
        for e in &model.project.envs {
            for k in e.values.keys().filter(|k| public(k)) {
                hits.push(Hit::at(&e.path, e.line_of(k), format!("{k} is sent to every browser")));
            }
        }
        for (_, f) in model.code() {
            for c in &f.module.calls {
                for a in &c.args {
                    a.value.walk(&mut |v| {
                        if let Value::Env { key, .. } = v
                            && public(key)
                        {
                            hits.push(Hit::at(&f.path, c.line, format!("{key} is sent to every browser")));
                        }
                    });
                }
            }
        }
        hits
    },
};

/// Keys of secrets that sign or check sessions and tokens.
fn auth_secret(key: &str) -> bool {
    secret_key_name(key)
        && (["AUTH", "JWT", "SESSION", "SIGNING", "TOKEN"].iter().any(|k| key.contains(k))
            || matches!(key, "SECRET" | "SECRET_KEY" | "APP_SECRET"))
}

/// `process.env.X || "literal"`, `os.getenv("X", "literal")`, `secret: "literal"`, `SECRET = "literal"`.
fn literal_fallback(value: &Value) -> Option<(String, String)> {
    let literal = |v: &Value| matches!(v, Value::Str(s) if !s.is_empty());
    match value {
        // `A || B || "literal"` and `os.getenv("A", "literal")`, however nested.
        Value::Env { key, default: Some(d) } => match d.as_ref() {
            Value::Str(s) if auth_secret(key) && literal(d) => Some((key.clone(), s.clone())),
            other => literal_fallback(other),
        },
        Value::Or(a, b) => match (env_keys(a).into_iter().find(|k| auth_secret(k)), b.as_ref()) {
            (Some(key), Value::Str(s)) if literal(b) => Some((key, s.clone())),
            _ => literal_fallback(a).or_else(|| literal_fallback(b)),
        },
        _ => None,
    }
}

/// Every env key a value reads.
fn env_keys(value: &Value) -> Vec<String> {
    let mut keys = Vec::new();
    value.walk(&mut |v| {
        if let Value::Env { key, .. } = v {
            keys.push(key.clone());
        }
    });
    keys
}

pub static SECRET_IN_CODE: Rule = Rule {
    id: "secret-in-code",
    severity: Warning,
    summary: "a secret has a hard-coded value or fallback in code",
    doc: "`process.env.BETTER_AUTH_SECRET || \"dev-secret\"`, `os.getenv(\"JWT_SECRET\", \"changeme\")`, \
`secret: \"...\"` or a settings default: when the variable is missing in production the app runs with a secret \
that is in the repository, and anyone who reads it can forge sessions or tokens. Fail at start-up instead.",
    fix: "read the secret from the environment with no fallback and fail when it is missing",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET || \"dev-secret\" });\n",
        "//- api/config.py\nimport os\nJWT_SECRET = os.getenv(\"JWT_SECRET\", \"changeme\")\n",
        "//- api/settings.py\nclass Settings(BaseSettings):\n    jwt_secret: str = \"super-secret\"\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ secret: process.env.NEXT_PUBLIC_BETTER_AUTH_SECRET || process.env.BETTER_AUTH_SECRET || \"e8QDSIu8QZ\" });\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET });\n",
        "//- api/settings.py\nclass Settings(BaseSettings):\n    jwt_secret: str\n    jwt_algorithm: str = \"EdDSA\"\n",
    ],
    check: |model| {
        let mut hits = Vec::new();
        for (_, f) in model.code() {
            for b in &f.module.bindings {
                let fallback = literal_fallback(&b.value).map(|(k, _)| k);
                let field = b.class.is_some()
                    && auth_secret(&b.name.to_ascii_uppercase())
                    && matches!(&b.value, Value::Str(s) if !s.is_empty());
                if let Some(key) = fallback {
                    hits.push(Hit::at(&f.path, b.line, format!("{key} falls back to a value written in the code")));
                } else if field {
                    hits.push(Hit::at(
                        &f.path,
                        b.line,
                        format!("the setting {} has a secret default written in the code", b.name),
                    ));
                }
            }
        }
        for config in &model.configs {
            let path = &model.file(config.file).path;
            match config.options.get("secret") {
                Some(Value::Str(_)) => {
                    hits.push(Hit::at(path, config.call.line, "betterAuth()'s secret is written in the code"))
                }
                Some(v) => {
                    if let Some((key, _)) = literal_fallback(v) {
                        hits.push(Hit::at(
                            path,
                            config.call.line,
                            format!("{key} falls back to a value written in the code"),
                        ));
                    }
                }
                None => {}
            }
        }
        hits
    },
};

/// A value that is a real credential (not empty, not a placeholder).
fn real_value(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    // Well-known development defaults are not secrets anyone can leak.
    let default =
        ["minioadmin", "password", "postgres", "admin", "secret", "root", "changeme", "test"].contains(&lower.as_str());
    !default
        && v.len() >= 8
        && !["change", "your", "replace", "example", "xxx", "<", "todo", "placeholder"]
            .iter()
            .any(|p| lower.contains(p))
}

/// Whether a value is a URL carrying a real password for a remote host
/// (`postgres://app:s3cret@db.example.com/app`); local development URLs
/// (`postgres:postgres@localhost`, a compose service such as `db`) are not.
fn url_password(value: &str) -> bool {
    let Some((_, rest)) = value.split_once("://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let Some((credentials, host)) = authority.rsplit_once('@') else { return false };
    let Some((user, password)) = credentials.split_once(':') else { return false };
    let host = host.trim_start_matches('[').split([']', ':']).next().unwrap_or_default();
    let local = !host.contains('.') || host.starts_with("127.") || host.ends_with(".local") || host == "0.0.0.0";
    let trivial = password.is_empty()
        || password == user
        || ["password", "postgres", "root", "secret", "example", "changeme"].contains(&password);
    !local && !trivial && real_value(password)
}

pub static ENV_NOT_IGNORED: Rule = Rule {
    id: "env-not-ignored",
    severity: Error,
    summary: "an env file with secrets is committed to git",
    doc: "A local env file (`.env`, `.env.local`, a backend's `.env`) that git tracks or does not ignore puts its \
secrets in the repository's history for everyone with access, forever. Examples (`.env.example`) are meant to be \
committed and are not reported; neither are env files that hold no secret values. A connection string with a \
password for a remote host (`postgres://app:…@db.example.com`) is a secret; local development URLs are not.",
    fix: "git rm --cached the file, add it to .gitignore, and rotate the secrets it held",
    invalid: &[
        "//- api/.env\n# committed\nJWT_SECRET=8f1e0c2a9b7d4e6f\n",
        "//- api/.env\n# committed\nDATABASE_URL=postgres://app:Xk29fQz81mPq@db.eu-west-1.rds.amazonaws.com/app\n",
    ],
    valid: &[
        "//- api/.env\nJWT_SECRET=8f1e0c2a9b7d4e6f\n",
        "//- api/.env\n# committed\nDATABASE_URL=postgres://postgres:postgres@localhost:5432/app\n",
        "//- api/.env\n# committed\nDATABASE_URL=postgres://app:Xk29fQz81mPq@db:5432/app\n",
        "//- api/.env.example\n# committed\nJWT_SECRET=change-me\n",
    ],
    check: |model| {
        model
            .project
            .envs
            .iter()
            .filter(|e| !e.example && e.committed)
            .filter_map(|e| {
                let leaks = |k: &str| secret_key_name(k) || k.contains("PASSWORD") || k.ends_with("_API_KEY");
                let mut keys: Vec<&String> = e
                    .values
                    .iter()
                    .filter(|(k, v)| (leaks(k) && real_value(v)) || url_password(v))
                    .map(|(k, _)| k)
                    .collect();
                keys.sort_by_key(|k| !SECRET_KEYS.contains(&k.as_str()));
                let key = *keys.first()?;
                Some(Hit::at(&e.path, e.line_of(key), format!("{} is committed and holds {key}", e.path)))
            })
            .collect()
    },
};

pub static ENV_EXAMPLE_MISSING: Rule = Rule {
    id: "env-example-missing",
    severity: Info,
    summary: "no committed env example names the secret",
    doc: "Someone cloning the repository needs to know which variables to set. A committed example \
(`.env.example`, `.env.local.example`, `.env.sample`, in the app's folder or above it) naming BETTER_AUTH_SECRET \
tells them; without one the app fails at start-up with no hint.",
    fix: "add .env.example with BETTER_AUTH_SECRET= and the other keys, without values",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.local\nBETTER_AUTH_SECRET=0123456789abcdef0123456789abcdef\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- .env.example\nBETTER_AUTH_SECRET=\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.local.example\nBETTER_AUTH_SECRET=\n",
    ],
    check: |model| {
        let Some((keys, at)) = secret_source(model) else { return Vec::new() };
        let documented = model.project.envs.iter().any(|e| {
            (e.example || e.committed) && inside(&at, &e.dir) && keys.iter().any(|k| e.values.contains_key(k))
        });
        let covered_by_secret_missing =
            !model.envs_for(&at).iter().any(|e| !e.example && keys.iter().any(|k| e.values.contains_key(k)));
        if documented || covered_by_secret_missing || model.project.files.iter().all(|f| f.scope != Scope::Code) {
            return Vec::new();
        }
        let dir = at.rsplit_once('/').map_or(".", |(d, _)| d);
        vec![Hit::at(
            format!("{dir}/.env.example").trim_start_matches("./"),
            0,
            format!("no committed env example names {}", keys[0]),
        )]
    },
};
