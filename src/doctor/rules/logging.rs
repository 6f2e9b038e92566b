//! Tokens written where they outlive the request.

use super::super::Severity::Warning;
use super::super::syntax::Value;
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

fn is_log(callee: &str) -> bool {
    let (receiver, method) = callee.rsplit_once('.').unwrap_or(("", callee));
    let receiver = receiver.to_ascii_lowercase();
    (callee == "print")
        || (matches!(
            receiver.as_str(),
            "console" | "logger" | "logging" | "log" | "this.logger" | "self.logger" | "app.logger"
        ) && matches!(method, "log" | "info" | "debug" | "warn" | "warning" | "error" | "trace" | "exception"))
}

fn names_a_token(v: &Value) -> bool {
    let last = |s: &str| s.rsplit(['.', '{', '$', ' ']).next().unwrap_or(s).trim_end_matches('}').to_ascii_lowercase();
    match v {
        Value::Name(n) => TOKEN_NAMES.contains(&last(n).as_str()),
        Value::Template(t) => t.split(['{', '}']).any(|part| TOKEN_NAMES.contains(&last(part.trim()).as_str())),
        _ => false,
    }
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
        "//- api/auth.py\ndef verify(token):\n    print(f\"verifying {token}\")\n",
        "//- server/auth.ts\nexport function check(token: string) {\n  console.log(\"token\", token);\n}\n",
    ],
    valid: &[
        "//- api/auth.py\ndef verify(token, claims):\n    print(f\"user {claims['sub']}\")\n    logger.info(\"token refused\")\n",
    ],
    check: |model| {
        model
            .code()
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(_, c)| is_log(&c.callee) && c.args.iter().any(|a| names_a_token(&a.value)))
            .map(|(f, c)| Hit::at(&f.path, c.line, "a token is written to the log"))
            .collect()
    },
};
