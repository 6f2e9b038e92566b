//! `pyjwt-audience-missing`: PyJWT decodes Better Auth tokens without audience=.

use super::*;

pub static PYJWT_AUDIENCE_MISSING: Rule = Rule {
    id: "pyjwt-audience-missing",
    severity: Error,
    summary: "PyJWT decodes Better Auth tokens without audience=",
    doc: "Better Auth's tokens carry an `aud` claim. PyJWT refuses a token with `aud` when `jwt.decode` is given no \
`audience=` (InvalidAudienceError), so every request answers 401 although the token is good.",
    fix: "pass audience= the app's origin (BETTER_AUTH_URL's origin)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], issuer=\"http://a\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=\"http://a\", issuer=\"http://a\")\n",
    ],
    autofix: None,
    check: |model| {
        if model.token != Token::JwtPlugin {
            return Vec::new();
        }
        checked(model)
            .filter(|v| v.lib == Lib::PyJwt && v.call.keyword("audience").is_none())
            .filter(|v| v.call.keyword("options").and_then(|o| o.get("verify_aud")).is_none())
            .map(|v| {
                at_call(
                    model,
                    v,
                    "jwt.decode() has no audience=: PyJWT refuses every Better Auth token (InvalidAudienceError)",
                )
            })
            .collect()
    },
};

examples_test!(PYJWT_AUDIENCE_MISSING);
