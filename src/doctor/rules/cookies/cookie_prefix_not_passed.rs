//! `cookie-prefix-not-passed`: `getSessionCookie(request)` with a custom cookie prefix not passed to it.

use super::*;

pub static COOKIE_PREFIX_NOT_PASSED: Rule = Rule {
    id: "cookie-prefix-not-passed",
    severity: Error,
    summary: "getSessionCookie() is not given the config's custom cookiePrefix",
    doc: "`getSessionCookie(request)` (and `getCookieCache`) from \"better-auth/cookies\" cannot see the config: \
they look for `better-auth.session_token` and `__Secure-better-auth.session_token` unless told otherwise. With \
`advanced.cookiePrefix: \"myapp\"` the cookie is `__Secure-myapp.session_token`, so the proxy or middleware finds \
no session and sends every signed-in user to the sign-in page. Pass the same prefix: \
`getSessionCookie(request, { cookiePrefix: \"myapp\" })`, ideally from one shared constant.",
    fix: "pass the prefix: getSessionCookie(request, { cookiePrefix: \"<the config's advanced.cookiePrefix>\" })",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ advanced: { cookiePrefix: \"myapp\" } });\n//- web/proxy.ts\nimport { getSessionCookie } from \"better-auth/cookies\";\nexport function proxy(request) {\n  if (!getSessionCookie(request)) return NextResponse.redirect(new URL(\"/sign-in\", request.url));\n}\n",
        "//- web/lib/auth.ts\nconst PREFIX = \"shop\";\nexport const auth = betterAuth({ advanced: { cookiePrefix: PREFIX } });\n//- web/middleware.ts\nimport { getCookieCache } from \"better-auth/cookies\";\nexport async function middleware(request) {\n  return getCookieCache(request, { secret: process.env.BETTER_AUTH_SECRET });\n}\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ advanced: { cookiePrefix: \"myapp\" } });\n//- web/proxy.ts\nimport { getSessionCookie } from \"better-auth/cookies\";\nexport function proxy(request) {\n  return getSessionCookie(request, { cookiePrefix: \"myapp\" });\n}\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/proxy.ts\nimport { getSessionCookie } from \"better-auth/cookies\";\nexport function proxy(request) {\n  return getSessionCookie(request);\n}\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ advanced: { cookiePrefix: \"better-auth\" } });\n//- web/proxy.ts\nimport { getSessionCookie } from \"better-auth/cookies\";\nexport function proxy(request) {\n  return getSessionCookie(request);\n}\n",
    ],
    autofix: None,
    check: |model| {
        let Some(prefix) = custom_prefix(model) else { return Vec::new() };
        let mut hits = Vec::new();
        for (_, f) in model.code() {
            for name in ["getSessionCookie", "getCookieCache"] {
                let local = f.module.local_name("better-auth/cookies", name).unwrap_or(name);
                for call in f.module.calls.iter().filter(|c| c.callee == local) {
                    let options = call.positional(1);
                    // Options held elsewhere (a variable, a spread) may carry the prefix.
                    let passed =
                        options.is_some_and(|o| !matches!(o, Value::Object(_)) || o.get("cookiePrefix").is_some());
                    if !passed {
                        let message =
                            format!("{name}() looks for better-auth.* cookies; the config's prefix is {prefix}");
                        hits.push(Hit::at(&f.path, call.line, message));
                    }
                }
            }
        }
        hits
    },
};

examples_test!(COOKIE_PREFIX_NOT_PASSED);
