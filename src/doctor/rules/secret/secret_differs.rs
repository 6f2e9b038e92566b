//! `secret-differs`: two env files of the app give BETTER_AUTH_SECRET different values.

use super::*;

pub static SECRET_DIFFERS: Rule = Rule {
    id: "secret-differs",
    severity: Error,
    summary: "two env files of the app give BETTER_AUTH_SECRET different values",
    doc: "Next.js lets `.env.local` win over `.env`, but Better Auth's CLI (`npx auth migrate`) reads `.env` first. \
When they hold different secrets, keys and cookies made by one are unreadable by the other: `/api/auth/token` then \
fails with \"Failed to decrypt private key\". Keep the secret in one file. Files of one environment \
(`.env.production`…) are `secret-shared-database`'s to judge: environments may have secrets of their own.",
    fix: "keep BETTER_AUTH_SECRET in one local env file (.env.local) and remove it from the other",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env\nBETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n//- web/.env.local\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.local\nBETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n//- web/.env.production\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env\nDATABASE_URL=x\n//- web/.env.local\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
    ],
    autofix: None,
    check: |model| {
        let Some((keys, at)) = secret_source(model) else { return Vec::new() };
        let dir = at.rsplit_once('/').map_or(".", |(d, _)| d);
        let values: Vec<(&str, &str, usize)> = model
            .envs_for(&at)
            .into_iter()
            .filter(|e| !e.example && e.dir == dir && env_name(&e.path).is_none())
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

examples_test!(SECRET_DIFFERS);
