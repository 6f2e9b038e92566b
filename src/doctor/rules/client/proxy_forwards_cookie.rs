//! `proxy-forwards-cookie`: a proxy route copies the browser's cookies to the backend.

use super::*;

pub static PROXY_FORWARDS_COOKIE: Rule = Rule {
    id: "proxy-forwards-cookie",
    severity: Warning,
    summary: "a proxy route forwards every incoming header, the session cookie included, to the backend",
    doc: "A Next.js route that proxies to the API with `new Headers(request.headers)` (or `headers: \
request.headers`) and adds the bearer JWT also sends the browser's `Cookie` header: Better Auth's session token \
reaches a service that only needed the short-lived JWT, and lands in its logs and traces. Build the outgoing \
headers from what the backend needs (Authorization, Content-Type), or delete `cookie` first.",
    fix: "start from new Headers() and copy only what the backend needs, or call headers.delete(\"cookie\")",
    invalid: &[
        "//- web/app/api/proxy/[...path]/route.ts\nexport async function GET(request: Request) {\n  const headers = new Headers(request.headers);\n  headers.set(\"Authorization\", `Bearer ${await jwt()}`);\n  return fetch(API + new URL(request.url).pathname, { headers });\n}\n",
    ],
    valid: &[
        "//- web/app/api/proxy/[...path]/route.ts\nexport async function GET(request: Request) {\n  const headers = new Headers();\n  headers.set(\"Authorization\", `Bearer ${await jwt()}`);\n  return fetch(API + new URL(request.url).pathname, { headers });\n}\n",
        "//- web/app/api/proxy/[...path]/route.ts\nexport async function GET(request: Request) {\n  const headers = new Headers(request.headers);\n  headers.delete(\"cookie\");\n  headers.set(\"Authorization\", `Bearer ${await jwt()}`);\n  return fetch(API, { headers });\n}\n",
    ],
    autofix: None,
    check: |model| {
        model
            .code()
            .filter(|(_, f)| f.side == Side::App)
            .filter_map(|(_, f)| {
                let m = &f.module;
                let copies = m.calls.iter().find(|c| {
                    c.callee == "Headers"
                        && matches!(c.positional(0), Some(Value::Name(n)) if n.ends_with("request.headers") || n.ends_with("req.headers"))
                })?;
                let adds_bearer = m.strings.iter().any(|(s, _)| s.eq_ignore_ascii_case("authorization") || s.starts_with("Bearer "));
                let forwards = m.calls.iter().any(|c| c.callee == "fetch" || c.callee.starts_with("axios"));
                let drops = m.calls.iter().any(|c| {
                    c.method() == "delete" && c.positional(0).and_then(Value::str).is_some_and(|s| s.eq_ignore_ascii_case("cookie"))
                });
                (adds_bearer && forwards && !drops).then(|| {
                    Hit::at(&f.path, copies.line, "the incoming headers, Cookie included, are copied to the backend request")
                })
            })
            .collect()
    },
};

examples_test!(PROXY_FORWARDS_COOKIE);
