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
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET || \"dev-secret\" });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n",
        "//- api/config.py\nimport os\nJWT_SECRET = os.getenv(\"JWT_SECRET\", \"changeme\")\n",
        "//- api/settings.py\nclass Settings(BaseSettings):\n    jwt_secret: str = \"super-secret\"\n\nsettings = Settings()\n//- api/auth.py\nfrom .settings import settings\nKEY = settings.jwt_secret\n",
        "//- api/auth.py\nimport os\n\ndef secret():\n    value = os.getenv(\"BETTER_AUTH_SECRET\")\n    if not value:\n        value = \"dev-secret\"\n    return value\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ secret: process.env.NEXT_PUBLIC_BETTER_AUTH_SECRET || process.env.BETTER_AUTH_SECRET || \"e8QDSIu8QZ\" });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET });\n",
        // A config nothing imports, serves or talks to is dead code.
        "//- web/lib/old-auth.ts\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET || \"dev-secret\" });\n",
        // A settings field nothing reads reaches nothing.
        "//- api/settings.py\nclass Settings(BaseSettings):\n    jwt_secret: str = \"super-secret\"\n",
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
                    && matches!(&b.value, Value::Str(s) if !s.is_empty())
                    && field_read(model, &b.name);
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
        hits.extend(reassigned_fallbacks(model));
        // A config nothing uses is dead code: its secret reaches nothing.
        for config in model.configs.iter().filter(|_| model.config_live()) {
            let path = &model.file(config.file).path;
            let line = model.option_line(config, "secret");
            match config.options.get("secret") {
                Some(Value::Str(_)) => hits.push(Hit::at(path, line, "betterAuth()'s secret is written in the code")),
                Some(v) => {
                    if let Some((key, _)) = literal_fallback(v) {
                        hits.push(Hit::at(path, line, format!("{key} falls back to a value written in the code")));
                    }
                }
                None => {}
            }
        }
        hits
    },
};

/// Whether some code reads the settings field `name` (`settings.jwt_secret`,
/// `get_settings().jwt_secret`): a field nothing reads reaches nothing.
fn field_read(model: &Model, name: &str) -> bool {
    let suffix = format!(".{name}");
    model.project.files.iter().any(|f| {
        f.module.accesses.iter().any(|a| a.path.ends_with(&suffix) || a.path.contains(&format!("{suffix}.")))
            || f.module
                .calls
                .iter()
                .any(|c| c.args.iter().any(|a| matches!(&a.value, Value::Name(n) if n.ends_with(&suffix))))
            || f.module.bindings.iter().any(|b| matches!(&b.value, Value::Name(n) if n.ends_with(&suffix)))
    })
}

/// `secret = os.getenv("BETTER_AUTH_SECRET")` then, in the same function,
/// `secret = "dev-secret"` when it is missing: a fallback written in two steps.
fn reassigned_fallbacks(model: &Model) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (_, f) in model.code() {
        let from_env: Vec<(&str, Option<usize>, String)> = f
            .module
            .bindings
            .iter()
            .filter_map(|b| match &b.value {
                Value::Env { key, .. } if auth_secret(key) => Some((b.name.as_str(), b.function, key.clone())),
                _ => None,
            })
            .collect();
        for b in &f.module.bindings {
            let literal = matches!(&b.value, Value::Str(s) if !s.is_empty());
            if let Some((_, _, key)) =
                from_env.iter().find(|(n, func, _)| literal && *n == b.name && *func == b.function)
            {
                hits.push(Hit::at(&f.path, b.line, format!("{key} falls back to a value written in the code")));
            }
        }
    }
    hits
}

examples_test!(SECRET_IN_CODE);
