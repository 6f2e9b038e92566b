//! `cookie-name-literal`: a Better Auth cookie is looked up by its literal name.

use super::*;

pub static COOKIE_NAME_LITERAL: Rule = Rule {
    id: "cookie-name-literal",
    severity: Warning,
    summary: "a Better Auth cookie is looked up by its literal name",
    doc: "On https Better Auth prefixes every cookie with `__Secure-` (`__Secure-better-auth.session_token`, \
`__Secure-better-auth.two_factor`, ...), so code that reads `better-auth.session_token` or any other of its \
cookies by name (a proxy or middleware, a server helper, a backend) works on http://localhost and finds nothing \
once served over HTTPS. A custom `advanced.cookiePrefix` changes the names too (`myapp.session_token`), and a \
literal of that name breaks the same way. `getSessionCookie(request)` from \"better-auth/cookies\" knows both \
names (pass `{ cookiePrefix }` when the config sets one); a backend should verify a JWT instead of reading \
cookies.",
    fix: "use getSessionCookie(request) from \"better-auth/cookies\"",
    invalid: &[
        "//- web/proxy.ts\nexport function proxy(request) {\n  return request.cookies.get(\"better-auth.session_token\");\n}\n",
        "//- web/proxy.ts\nexport function proxy(request) {\n  return request.cookies.has(\"better-auth.two_factor\");\n}\n",
        "//- api/auth.py\ndef session(request):\n    return request.cookies.get(\"better-auth.session_data\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ advanced: { cookiePrefix: \"shop\" } });\n//- web/lib/session.ts\nexport const token = (cookies) => cookies.get(\"shop.session_token\");\n",
    ],
    valid: &[
        "//- web/proxy.ts\nexport function proxy(request) {\n  return getSessionCookie(request);\n}\n",
        "//- web/proxy.ts\nconst NAMES = [\"better-auth.session_token\", \"__Secure-better-auth.session_token\"];\n",
        "//- web/lib/links.ts\nexport const docs = (cookies: string) => cookies + \"better-auth.com/docs\";\n",
        "//- web/lib/session.ts\nexport const token = (cookies) => cookies.get(\"shop.session_token\");\n",
    ],
    check: |model| {
        let prefix = crate::doctor::rules::cookies::custom_prefix(model);
        let named = |s: &str| better_auth_cookie(s) || prefix.as_deref().is_some_and(|p| prefixed_cookie(s, p));
        model
            .code()
            .filter_map(|(_, f)| {
                let reads_cookies = f.module.calls.iter().any(|c| c.callee.to_ascii_lowercase().contains("cookie"))
                    || f.module.accesses.iter().any(|a| a.path.to_ascii_lowercase().contains("cookie"));
                if !reads_cookies {
                    return None;
                }
                let plain = f.module.strings.iter().find(|(s, _)| named(s) && !s.contains("__Secure-"))?;
                let secure = f.module.strings.iter().any(|(s, _)| s.contains("__Secure-"));
                (!secure).then(|| {
                    Hit::at(
                        &f.path,
                        plain.1,
                        format!(
                            "{name} is read by its literal name: found on http://localhost, missing on HTTPS, where the cookie is __Secure-{name}",
                            name = cookie_name(&plain.0),
                        ),
                    )
                })
            })
            .collect()
    },
};

/// The cookie's name inside a string such as `"; better-auth.session_token="`.
fn cookie_name(text: &str) -> &str {
    let at = text.find("better-auth.").unwrap_or(0);
    text[at..].trim().trim_end_matches('=')
}

/// `shop.session_token` for the prefix `shop`.
fn prefixed_cookie(text: &str, prefix: &str) -> bool {
    let name = text.trim_end_matches('=');
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|cookie| !cookie.is_empty() && cookie.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
}

examples_test!(COOKIE_NAME_LITERAL);
