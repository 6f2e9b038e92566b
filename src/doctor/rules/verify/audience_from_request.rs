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
        "//- api/auth.py\nimport jwt\n\ndef verify(request, token, key):\n    origin = request.headers.get(\"origin\")\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=origin, issuer=origin)\n",
    ],
    valid: &[
        "//- api/auth.py\nimport jwt, os\nORIGIN = os.environ[\"BETTER_AUTH_URL\"]\n\ndef verify(request, token, key):\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=ORIGIN, issuer=ORIGIN)\n",
    ],
    autofix: None,
    check: |model| {
        let from_header = |v: &Value| header_value(v, &["origin", "referer", "host", "x-forwarded-host"]);
        checked(model)
            .filter_map(|v| {
                let file = model.file(v.file);
                let opts = v.call.positional(2);
                let values = [
                    v.call.keyword("audience"),
                    v.call.keyword("issuer"),
                    opts.and_then(|o| o.get("audience")),
                    opts.and_then(|o| o.get("issuer")),
                ];
                values
                    .into_iter()
                    .flatten()
                    .any(|value| derived(&file.module, v.call.function, value, &from_header))
                    .then(|| {
                        Hit::at(
                            &file.path,
                            v.call.line,
                            "the expected audience/issuer comes from a request header the caller controls",
                        )
                    })
            })
            .collect()
    },
};

examples_test!(AUDIENCE_FROM_REQUEST);
