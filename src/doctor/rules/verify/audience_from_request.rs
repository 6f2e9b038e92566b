//! `audience-from-request`: the expected issuer or audience is read from the request.

use super::*;

pub static AUDIENCE_FROM_REQUEST: Rule = Rule {
    id: "audience-from-request",
    severity: Error,
    summary: "the expected issuer or audience is read from the request",
    doc: "Taking the expected `aud`/`iss` from the request's `Origin`, `Referer` or `Host` header lets the caller \
choose what the token must say, so the check checks nothing. Better Auth's issuer and audience are the app's \
origin: read it from configuration (BETTER_AUTH_URL).",
    fix: "compare iss/aud with the app's origin from settings, never with request headers",
    invalid: &[
        "//- server/verify.ts\nimport { jwtVerify } from \"jose\";\nexport const check = (t: string, aud: string) => jwtVerify(t, JWKS, { issuer: ISSUER, audience: aud });\n//- server/guard.ts\nexport async function guard(request: Request) {\n  const token = request.headers.get(\"authorization\")?.slice(7) ?? \"\";\n  return check(token, new URL(request.url).origin);\n}\n",
        // Passed into a verify helper from another file.
        "//- server/lib/verify.ts\nimport { jwtVerify } from \"jose\";\nexport async function verifyJwt(token: string, audience: string) {\n  return jwtVerify(token, JWKS, { issuer: ISSUER, audience });\n}\n//- server/middleware.ts\nimport { verifyJwt } from \"./lib/verify\";\nexport async function auth(req, res, next) {\n  const aud = new URL(req.headers.origin ?? req.headers.referer).origin;\n  await verifyJwt(bearer(req), aud);\n}\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(request, token, key):\n    origin = request.headers.get(\"origin\")\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=origin, issuer=origin)\n",
    ],
    valid: &[
        "//- server/lib/verify.ts\nimport { jwtVerify } from \"jose\";\nexport async function verifyJwt(token: string, audience: string) {\n  return jwtVerify(token, JWKS, { issuer: ISSUER, audience });\n}\n//- server/middleware.ts\nimport { verifyJwt } from \"./lib/verify\";\nexport async function auth(req, res, next) {\n  await verifyJwt(bearer(req), process.env.APP_ORIGIN!);\n}\n",
        "//- api/auth.py\nimport jwt, os\nORIGIN = os.environ[\"BETTER_AUTH_URL\"]\n\ndef verify(request, token, key):\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=ORIGIN, issuer=ORIGIN)\n",
    ],
    autofix: None,
    check: |model| {
        let from_header =
            |v: &Value| header_value(v, &["origin", "referer", "host", "x-forwarded-host"]) || request_url(v);
        let mut hits = Vec::new();
        for v in checked(model) {
            let file = model.file(v.file);
            let opts = v.call.positional(2);
            let values = [
                v.call.keyword("audience"),
                v.call.keyword("issuer"),
                opts.and_then(|o| o.get("audience")),
                opts.and_then(|o| o.get("issuer")),
            ];
            let values: Vec<&Value> = values.into_iter().flatten().collect();
            if values.iter().any(|value| derived(&file.module, v.call.function, value, &from_header)) {
                hits.push(Hit::at(
                    &file.path,
                    v.call.line,
                    "the expected audience/issuer comes from a request header the caller controls",
                ));
                continue;
            }
            // A parameter of the verifying function: judged at each call site, in any file.
            for value in values {
                let Value::Name(name) = value else { continue };
                let Some((function, index)) = param_index(model, v, name) else { continue };
                for (_, caller) in model.code() {
                    for call in caller.module.calls.iter().filter(|c| c.method() == function && c.start != v.call.start)
                    {
                        let Some(arg) = call.positional(index) else { continue };
                        // `new URL(<header>).origin` is reduced to `URL().origin`: its argument is the URL call's.
                        let url_of_header = |value: &Value| {
                            matches!(value, Value::Name(n) if n.starts_with("URL()"))
                                && caller.module.calls.iter().any(|c| {
                                    c.callee == "URL"
                                        && c.function == call.function
                                        && c.args.iter().any(|a| inside(&a.value, &from_header))
                                })
                        };
                        let from_request = |value: &Value| from_header(value) || url_of_header(value);
                        if derived(&caller.module, call.function, arg, &from_request) {
                            hits.push(Hit::at(
                                &caller.path,
                                call.line,
                                format!("{function}() is given an audience/issuer taken from the request, which the caller controls"),
                            ));
                        }
                    }
                }
            }
        }
        hits
    },
};

/// Whether `pred` holds for `value` or anything inside it (`a ?? b`).
fn inside(value: &Value, pred: &dyn Fn(&Value) -> bool) -> bool {
    let mut found = false;
    value.walk(&mut |v| found |= pred(v));
    found
}

/// `new URL(request.url).origin`, `req.url`: the URL the request came in on
/// (its host is the Host header, which the caller sets).
fn request_url(v: &Value) -> bool {
    let text = match v {
        Value::Name(n) | Value::Other(n) => n.as_str(),
        Value::Call(c) => return c.args.iter().any(|a| request_url(&a.value)),
        _ => return false,
    };
    let t = text.replace(' ', "");
    t.ends_with("request.url") || t.ends_with("req.url") || t.contains("(request.url)") || t.contains("(req.url)")
}

/// The name and position of parameter `name` of the function the verifier
/// runs in, read from the syntax tree.
fn param_index(model: &Model, v: &Verifier, name: &str) -> Option<(String, usize)> {
    let file = model.file(v.file);
    let function = file.module.functions.get(v.call.function?)?;
    let source = crate::edit::Source::parse(&file.path, &file.text).ok()?;
    let node = crate::edit::find(source.root(), &|n| {
        n.start_byte() >= function.start
            && n.end_byte() <= function.end
            && n.child_by_field_name("parameters").is_some()
    })?;
    let parameters = crate::edit::named(node.child_by_field_name("parameters")?);
    let index = parameters.iter().position(|p| {
        let ident = crate::edit::find(*p, &|n| n.kind() == "identifier");
        ident.is_some_and(|i| source.text_of(i) == name)
    })?;
    Some((function.name.clone(), index))
}

examples_test!(AUDIENCE_FROM_REQUEST);
