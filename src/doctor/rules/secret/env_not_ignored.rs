//! `env-not-ignored`: an env file with secrets is committed to git.

use super::*;

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
    autofix: None,
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

examples_test!(ENV_NOT_IGNORED);
