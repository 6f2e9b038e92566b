//! `env-example-missing`: no committed env example names the secret.

use super::*;

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
    autofix: None,
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

examples_test!(ENV_EXAMPLE_MISSING);
