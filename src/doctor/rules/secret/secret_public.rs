//! `secret-public`: a secret is a NEXT_PUBLIC_ variable.

use super::*;

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
    autofix: None,
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

examples_test!(SECRET_PUBLIC);
