//! `cookie-name-literal`: a Better Auth cookie is looked up by its literal name.

use super::*;

pub static COOKIE_NAME_LITERAL: Rule = Rule {
    id: "cookie-name-literal",
    severity: Warning,
    summary: "a Better Auth cookie is looked up by its literal name",
    doc: "On https Better Auth prefixes every cookie with `__Secure-` (`__Secure-better-auth.session_token`, \
`__Secure-better-auth.two_factor`, ...), so code that reads `better-auth.session_token` or any other of its \
cookies by name works in development and finds nothing in production (and a custom `cookiePrefix` changes the \
names too). `getSessionCookie(request)` from \"better-auth/cookies\" knows both names; a backend should verify a \
JWT instead of reading cookies.",
    fix: "use getSessionCookie(request) from \"better-auth/cookies\"",
    invalid: &[
        "//- web/proxy.ts\nexport function proxy(request) {\n  return request.cookies.get(\"better-auth.session_token\");\n}\n",
        "//- web/proxy.ts\nexport function proxy(request) {\n  return request.cookies.has(\"better-auth.two_factor\");\n}\n",
        "//- api/auth.py\ndef session(request):\n    return request.cookies.get(\"better-auth.session_data\")\n",
    ],
    valid: &[
        "//- web/proxy.ts\nexport function proxy(request) {\n  return getSessionCookie(request);\n}\n",
        "//- web/proxy.ts\nconst NAMES = [\"better-auth.session_token\", \"__Secure-better-auth.session_token\"];\n",
        "//- web/lib/links.ts\nexport const docs = (cookies: string) => cookies + \"better-auth.com/docs\";\n",
    ],
    autofix: None,
    check: |model| {
        model
            .code()
            .filter_map(|(_, f)| {
                let reads_cookies = f.module.calls.iter().any(|c| c.callee.to_ascii_lowercase().contains("cookie"))
                    || f.module.accesses.iter().any(|a| a.path.to_ascii_lowercase().contains("cookie"));
                if !reads_cookies {
                    return None;
                }
                let plain = f.module.strings.iter().find(|(s, _)| better_auth_cookie(s) && !s.contains("__Secure-"))?;
                let secure = f.module.strings.iter().any(|(s, _)| s.contains("__Secure-"));
                (!secure).then(|| {
                    Hit::at(
                        &f.path,
                        plain.1,
                        "the session cookie is read by a name that changes to __Secure-… on https",
                    )
                })
            })
            .collect()
    },
};

examples_test!(COOKIE_NAME_LITERAL);
