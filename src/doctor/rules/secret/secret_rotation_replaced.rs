//! `secret-rotation-replaced`: the secret was rotated by replacing it, the old one kept aside unread.

use super::*;

/// Words that mark a key as a former value: `OLD_BETTER_AUTH_SECRET`, `BETTER_AUTH_SECRET_PREVIOUS`.
const FORMER: &[&str] = &["OLD", "PREV", "PREVIOUS", "LEGACY", "FORMER"];

pub static SECRET_ROTATION_REPLACED: Rule = Rule {
    id: "secret-rotation-replaced",
    severity: Warning,
    summary: "BETTER_AUTH_SECRET was rotated by replacing it: the old secret is kept but Better Auth never reads it",
    doc: "Better Auth encrypts with its secret (the jwt plugin's private keys in `jwks`, among others) and signs \
session cookies with it. Replacing BETTER_AUTH_SECRET makes all of that unreadable: `/api/auth/token` answers 500 \
and everyone is signed out. Better Auth rotates with versioned secrets instead: `BETTER_AUTH_SECRETS=\"2:<new>,1:<old>\"` \
(or the `secrets` option), the first entry current; data written before versioning is still decrypted with \
BETTER_AUTH_SECRET, so that keeps the old value. Doctor cannot see a replacement in the past, so it reports only \
what shows one: an env key named as the former secret (`OLD_BETTER_AUTH_SECRET`, `BETTER_AUTH_SECRET_PREVIOUS`…) \
with a real value in a real env file (not an example, not a placeholder), which no code reads and which no \
versioned secrets carry.",
    fix: "keep the old value in BETTER_AUTH_SECRET and put the new one first in BETTER_AUTH_SECRETS=\"1:<new>\" (or the secrets option)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET });\n//- web/.env.local\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\nOLD_BETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.production\nDATABASE_URL=postgres://app:pw@db.example.com/app\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\nBETTER_AUTH_SECRET_PREVIOUS=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
    ],
    valid: &[
        // Versioned secrets carry the old one.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.local\nBETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nBETTER_AUTH_SECRETS=2:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nOLD_BETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        // The code reads the old secret (e.g. to re-sign old cookies in a hook).
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ secrets: [{ version: 2, value: process.env.BETTER_AUTH_SECRET }, { version: 1, value: process.env.OLD_BETTER_AUTH_SECRET }] });\n//- web/.env.local\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\nOLD_BETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        // A hook reads the old secret.
        "//- web/lib/auth.ts\nconst previous = process.env.OLD_BETTER_AUTH_SECRET;\nexport const auth = betterAuth({ hooks: { before: resign(previous) } });\n//- web/.env.local\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\nOLD_BETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        // An old secret of something else.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.local\nBETTER_AUTH_SECRET=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\nOLD_STRIPE_SECRET=sk_test_aaaaaaaaaaaaaaaaaaaaaa\n",
        // Named in an example, or left with a placeholder.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/.env.example\nBETTER_AUTH_SECRET=\nOLD_BETTER_AUTH_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n//- web/.env.local\nOLD_BETTER_AUTH_SECRET=replace-me\n",
    ],
    autofix: None,
    check: |model| {
        if model.configs.is_empty() || versioned_secrets(model) {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for env in model.project.envs.iter().filter(|e| !e.example) {
            for (key, value) in &env.values {
                if !real_value(value) || !former_secret(key) || code_reads(model, key) {
                    continue;
                }
                hits.push(Hit::at(
                    &env.path,
                    env.line_of(key),
                    format!(
                        "{key} keeps a former secret that Better Auth never reads: what it encrypted and signed is lost"
                    ),
                ));
            }
        }
        hits
    },
};

/// `OLD_BETTER_AUTH_SECRET`, `BETTER_AUTH_SECRET_PREV`, `AUTH_SECRET_LEGACY`.
fn former_secret(key: &str) -> bool {
    let words: Vec<&str> = key.split('_').collect();
    SECRET_KEYS.iter().any(|s| key.contains(s) && key != *s) && words.iter().any(|w| FORMER.contains(w))
}

/// Whether any code reads the env key (`process.env.KEY`, `os.getenv("KEY")`, a settings field).
fn code_reads(model: &Model, key: &str) -> bool {
    model.project.files.iter().any(|f| {
        let mut found = false;
        let mut visit = |v: &Value| found |= matches!(v, Value::Env { key: k, .. } if k == key);
        f.module.bindings.iter().for_each(|b| b.value.walk(&mut visit));
        f.module.calls.iter().flat_map(|c| &c.args).for_each(|a| a.value.walk(&mut visit));
        found
            || f.module.strings.iter().any(|(s, _)| s == key)
            || f.module.accesses.iter().any(|a| a.path.ends_with(key))
    })
}

examples_test!(SECRET_ROTATION_REPLACED);
