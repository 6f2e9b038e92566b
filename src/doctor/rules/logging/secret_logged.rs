//! `secret-logged`: a secret is written to the logs.

use super::*;

pub static SECRET_LOGGED: Rule = Rule {
    id: "secret-logged",
    severity: Error,
    summary: "a secret is written to the logs",
    doc: "Printing BETTER_AUTH_SECRET (or a JWT or session secret) at start-up \"to check it loaded\" copies it to \
every log drain and terminal scrollback. With it anyone can sign session cookies and, with the cookie cache or an \
HS256 backend, tokens for any user. Log whether it is set, never its value.",
    fix: "log Boolean(secret) or its length, never the value, and rotate a secret that reached the logs",
    invalid: &[
        "//- web/lib/auth.ts\nconsole.log(\"secret:\", process.env.BETTER_AUTH_SECRET);\nexport const auth = betterAuth({});\n",
        "//- api/config.py\nimport os, logging\nJWT_SECRET = os.environ[\"JWT_SECRET\"]\nlogging.info(f\"loaded secret {JWT_SECRET}\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nconsole.log(\"secret set:\", Boolean(process.env.BETTER_AUTH_SECRET));\nexport const auth = betterAuth({});\n",
        "//- api/config.py\nimport os, logging\nlogging.warning(\"BETTER_AUTH_SECRET is missing\")\n",
    ],
    autofix: None,
    check: |model| {
        model
            .code()
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(_, c)| is_log(&c.callee) && c.args.iter().any(|a| names_a_secret(&a.value)))
            .map(|(f, c)| Hit::at(&f.path, c.line, "a secret's value is written to the log"))
            .collect()
    },
};

/// The value itself of a secret: an env read of one, a variable or field
/// named like one, or a template interpolating one (not a call on it).
fn names_a_secret(v: &Value) -> bool {
    let secret_name = |name: &str| {
        let last = name.trim().rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
        last.contains("SECRET") && !last.contains('(')
    };
    match v {
        Value::Env { key, .. } => crate::doctor::model::secret_key_name(key),
        Value::Name(n) => secret_name(n),
        Value::Template(t) => t.split(['{', '}']).skip(1).step_by(2).any(secret_name),
        Value::Or(a, b) => names_a_secret(a) || names_a_secret(b),
        _ => false,
    }
}

examples_test!(SECRET_LOGGED);
