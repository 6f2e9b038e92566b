//! Tokens written where they outlive the request.

use super::super::Severity::Warning;
use super::super::syntax::{Module, Value};
use super::{Hit, Rule};

pub const RULES: &[&Rule] = &[&TOKEN_LOGGED];

const TOKEN_NAMES: &[&str] = &[
    "token",
    "jwt",
    "access_token",
    "accesstoken",
    "id_token",
    "idtoken",
    "authorization",
    "auth_header",
    "authheader",
    "bearer",
    "credentials",
    "session_token",
    "sessiontoken",
];

pub fn is_log(callee: &str) -> bool {
    let (receiver, method) = callee.rsplit_once('.').unwrap_or(("", callee));
    let receiver = receiver.to_ascii_lowercase();
    (callee == "print")
        || (matches!(
            receiver.as_str(),
            "console" | "logger" | "logging" | "log" | "this.logger" | "self.logger" | "app.logger"
        ) && matches!(method, "log" | "info" | "debug" | "warn" | "warning" | "error" | "trace" | "exception"))
}

/// A variable holding a credential: `token`, `access_token`, `credentials.credentials`,
/// `request.headers.authorization` (not `coupon.token`).
fn names_a_token(v: &Value) -> bool {
    let credential = |path: &str| {
        let path = path.trim().to_ascii_lowercase();
        let (receiver, last) = path.rsplit_once('.').unwrap_or(("", &path));
        let receiver_ok = receiver.is_empty()
            || receiver.ends_with("headers")
            || receiver.ends_with("credentials")
            || receiver == "session";
        TOKEN_NAMES.contains(&last) && receiver_ok
    };
    match v {
        Value::Name(n) => credential(n),
        Value::Template(t) => t.split(['{', '}']).skip(1).step_by(2).any(credential),
        _ => false,
    }
}

/// The file deals with bearer tokens: it verifies one, or reads the Authorization header.
fn handles_tokens(m: &Module) -> bool {
    ["jose", "jsonwebtoken", "jwt", "better-auth", "fastapi.security"].iter().any(|lib| m.imports_from(lib))
        || m.strings.iter().any(|(s, _)| {
            let s = s.to_ascii_lowercase();
            s.starts_with("bearer") || s == "authorization"
        })
}

pub static TOKEN_LOGGED: Rule = Rule {
    id: "token-logged",
    severity: Warning,
    summary: "a token is written to the logs",
    doc: "Logs are kept, shipped and read by more people than the database. A bearer token or Authorization \
header in a log line is a credential anyone with log access can replay until it expires. Log the user id (`sub`) \
instead.",
    fix: "log the claims' sub, never the token",
    invalid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token):\n    print(f\"verifying {token}\")\n",
        "//- server/auth.ts\nimport { jwtVerify } from \"jose\";\nexport function check(token: string) {\n  console.log(\"token\", token);\n}\n",
    ],
    valid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token, claims):\n    print(f\"user {claims['sub']}\")\n    logger.info(\"token refused\")\n",
        "//- web/lib/coupons.ts\nimport { auth } from \"better-auth\";\nexport const f = (coupon) => console.error(`no link for ${coupon.token}`);\n",
    ],
    check: |model| {
        model
            .code()
            .filter(|(_, f)| handles_tokens(&f.module))
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(_, c)| is_log(&c.callee) && c.args.iter().any(|a| names_a_token(&a.value)))
            .map(|(f, c)| Hit::at(&f.path, c.line, "a token is written to the log"))
            .collect()
    },
};
