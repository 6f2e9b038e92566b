//! `secret-short`: BETTER_AUTH_SECRET is shorter than 32 characters.

use super::*;

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
    autofix: None,
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

examples_test!(SECRET_SHORT);
