//! `cookie-readable`: the session cookie is made readable from JavaScript.

use super::*;
use crate::doctor::rules::key_line;

pub static COOKIE_READABLE: Rule = Rule {
    id: "cookie-readable",
    severity: Error,
    summary: "the session cookie is made readable from JavaScript",
    doc: "Better Auth's session cookie is HttpOnly so that page scripts cannot steal it. `httpOnly: false` in \
`advanced.defaultCookieAttributes` or `advanced.cookies`, or code reading the session token from \
`document.cookie`, hands the session to any injected script. Send requests with `credentials: \"include\"` or get a \
JWT with `authClient.token()` instead.",
    fix: "leave httpOnly on; use authClient.token() for a JWT instead of reading the cookie",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ advanced: { defaultCookieAttributes: { httpOnly: false } } });\n",
        "//- web/lib/api.ts\nexport const token = () => document.cookie.split(\"; \").find((c) => c.startsWith(\"better-auth.session_token=\"));\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ advanced: { defaultCookieAttributes: { sameSite: \"lax\" } } });\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for config in &model.configs {
            let mut off = false;
            if let Some(advanced) = config.options.get("advanced") {
                advanced.walk(&mut |v| off |= v.get("httpOnly") == Some(&Value::Bool(false)));
            }
            if off {
                hits.push(Hit::at(
                    &model.file(config.file).path,
                    key_line(&model.file(config.file).module, "httpOnly", config.call.start, config.call.end)
                        .unwrap_or(config.call.line),
                    "httpOnly: false lets page scripts read the session cookie",
                ));
            }
        }
        for (_, f) in model.code().filter(|(_, f)| f.side != Side::Backend) {
            let reads = f.module.accesses.iter().find(|a| a.path.starts_with("document.cookie"));
            let session = f.module.strings.iter().any(|(s, _)| s.contains("session_token"));
            if let (Some(read), true) = (reads, session) {
                hits.push(Hit::at(&f.path, read.line, "the session token is read from document.cookie"));
            }
        }
        hits
    },
};

examples_test!(COOKIE_READABLE);
