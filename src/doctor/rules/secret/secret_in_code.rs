//! `secret-in-code`: a secret has a hard-coded value or fallback in code.

use super::*;

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
    autofix: None,
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

examples_test!(SECRET_IN_CODE);
