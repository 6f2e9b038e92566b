//! `cookie-name-literal`: a Better Auth cookie is looked up by its literal name.

use super::*;
use crate::doctor::fix::{Autofix, Fix, Safety, text_of};

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
        // Clearing it by name misses the __Secure- cookie on HTTPS: sign-out leaves the session.
        "//- web/app/actions.ts\nexport async function out() {\n  (await cookies()).delete(\"better-auth.session_token\");\n}\n",
        "//- web/proxy.ts\nexport function proxy(request) {\n  return request.cookies.get(\"better-auth.session_token\");\n}\n",
        "//- web/proxy.ts\nexport function proxy(request) {\n  return request.cookies.has(\"better-auth.two_factor\");\n}\n",
        "//- api/auth.py\ndef session(request):\n    return request.cookies.get(\"better-auth.session_data\")\n",
        "//- web/middleware.ts\nimport { NextResponse, type NextRequest } from \"next/server\";\n\nexport function middleware(req: NextRequest) {\n  const token = req.cookies.get(\"better-auth.session_token\")?.value;\n  if (!token) return NextResponse.redirect(new URL(\"/sign-in\", req.url));\n}\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ advanced: { cookiePrefix: \"shop\" } });\n//- web/lib/session.ts\nexport const token = (cookies) => cookies.get(\"shop.session_token\");\n",
    ],
    valid: &[
        "//- web/proxy.ts\nexport function proxy(request) {\n  return getSessionCookie(request);\n}\n",
        "//- web/proxy.ts\nconst NAMES = [\"better-auth.session_token\", \"__Secure-better-auth.session_token\"];\n",
        "//- web/lib/links.ts\nexport const docs = (cookies: string) => cookies + \"better-auth.com/docs\";\n",
        "//- web/lib/session.ts\nexport const token = (cookies) => cookies.get(\"shop.session_token\");\n",
    ],
    autofix: Some(&FIX),
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
                // A write (`cookies.set(name, ...)`, `.delete(name)`) misses the same cookie, but is no lookup.
                let written = |s: &str, line: usize| {
                    f.module.calls.iter().any(|c| {
                        c.line == line
                            && matches!(c.method(), "set" | "delete")
                            && c.positional(0).and_then(Value::str) == Some(s)
                    })
                };
                let plain = f.module.strings.iter().find(|(s, _)| named(s) && !s.contains("__Secure-"))?;
                let secure = f.module.strings.iter().any(|(s, _)| s.contains("__Secure-"));
                let verb = if written(&plain.0, plain.1) { "written or cleared" } else { "read" };
                (!secure).then(|| {
                    Hit::at(
                        &f.path,
                        plain.1,
                        format!(
                            "{name} is {verb} by its literal name: right on http://localhost, wrong on HTTPS, where the cookie is __Secure-{name}",
                            name = cookie_name(&plain.0),
                        ),
                    )
                })
            })
            .collect()
    },
};

/// `request.cookies.get("better-auth.session_token")?.value` (or `.has(...)`)
/// in TypeScript/JavaScript becomes `getSessionCookie(request)`, which reads
/// the `__Secure-` name too and returns the same value.
static FIX: Autofix = Autofix {
    safety: Safety::Safe,
    summary: "replaces request.cookies.get(\"better-auth.session_token\")(?.value) with getSessionCookie(request)",
    build: |model, hit| {
        let file = hit.file.as_deref()?;
        let text = text_of(model, file)?;
        let source = crate::edit::Source::parse(file, text).ok()?;
        let src = source.src();
        let call = source.on_line(hit.line, &|n| {
            n.kind() == "call_expression"
                && n.child_by_field_name("arguments").and_then(|a| a.named_child(0)).is_some_and(|s| {
                    crate::edit::text(s, src).trim_matches(['"', '\'', '`']) == "better-auth.session_token"
                })
        })?;
        let callee = crate::edit::text(call.child_by_field_name("function")?, src);
        let (request, method) = callee.rsplit_once(".cookies.")?;
        let (mut node, mut replacement) = (call, format!("getSessionCookie({request})"));
        match method {
            "has" => replacement = format!("Boolean({replacement})"),
            "get" => {
                // `?.value` / `.value` after it: the value is what getSessionCookie returns.
                if let Some(parent) = call.parent().filter(|p| p.kind() == "member_expression") {
                    let property = parent.child_by_field_name("property").map(|p| crate::edit::text(p, src));
                    if property != Some("value") {
                        return None;
                    }
                    node = parent;
                }
            }
            _ => return None,
        }
        let (local, import) =
            crate::edit::import_name(source.root(), src, "getSessionCookie", "better-auth/cookies").ok()?;
        let replacement = replacement.replace("getSessionCookie(", &format!("{local}("));
        let mut splices = vec![(node.start_byte(), node.end_byte(), replacement)];
        splices.extend(import);
        Fix::splices(Safety::Safe, file, text, splices)
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
